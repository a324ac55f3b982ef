#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class QCheckBox;
class QDateTimeEdit;

namespace porthole {

// Saved views: a pane's whole filter under a name the operator gave it, kept in the settings
// ("savedViews/<pane id>", a JSON array of {"name", "filter"}), for the panes that have a
// filter bar (Pane::viewState()). Names are unique in a pane, in any case, and listed in the
// order of the alphabet.
namespace SavedViews {

struct View
{
    QString name;
    QJsonObject filter;
};

// The pane's views, read from the settings once, in the order of their names.
QList<View> views(const QString &paneId);
QStringList names(const QString &paneId);
// The filter saved as `name` (any case), or nothing.
std::optional<QJsonObject> find(const QString &paneId, const QString &name);
// Saves `filter` as `name`, replacing a view of that name in any case. A name is trimmed; an
// empty one is refused (false).
bool save(const QString &paneId, const QString &name, const QJsonObject &filter);
// False when there was no such view.
bool remove(const QString &paneId, const QString &name);

// A filter's time in a saved view: UTC, ISO 8601 with milliseconds; null when not set.
QJsonValue timeValue(const QDateTime &time);
QDateTime timeFrom(const QJsonValue &value);
// Sets a filter bar's time (its check box and field) to a saved one; unchecked when none.
void showTime(QCheckBox *box, QDateTimeEdit *field, const QJsonValue &value);

} // namespace SavedViews

} // namespace porthole
