#pragma once

#include <QStringList>

namespace porthole {

// porthole report --db URL [--files DIR] [--redis URL] --from T [--to T] [--format pdf|html]
//                 --out FILE
// The pipeline's report for a time range, as File > Report writes it. Draws charts with
// widgets: runs in a QApplication (offscreen when there is no display).
int runReportCommand(const QStringList &arguments);

} // namespace porthole
