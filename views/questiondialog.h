#pragma once

#include <QString>

class QWidget;

namespace porthole {

// Asks `text` with Yes (the default) and No; `details`, when not empty, are shown below in a
// scrolling, selectable, fixed-width text box, big enough for a plan of many lines (what
// QMessageBox's detailed text, a few lines high, is not). True for Yes.
bool askWithDetails(QWidget *parent, const QString &title, const QString &text,
                    const QString &details);

} // namespace porthole
