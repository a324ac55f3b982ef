#pragma once

#include <QStringList>

namespace porthole {

// porthole report --db URL [--files DIR] [--redis URL] --from T [--to T] [--format pdf|html]
//                 --out FILE
// The pipeline's report for a time range, as File > Report writes it. Paints its charts with
// QPainter: runs in a QGuiApplication (offscreen; no display needed).
int runReportCommand(const QStringList &arguments);

} // namespace porthole
