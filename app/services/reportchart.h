#pragma once

#include <QColor>
#include <QDateTime>
#include <QImage>
#include <QList>
#include <QPointF>
#include <QSize>
#include <QString>

namespace porthole {

// One line of a report's chart: its name, the unit of its values, and its runs of points
// between gaps (x = ms since the epoch, UTC; see chartSegments()).
struct ReportChartLine
{
    QString label;
    QString unit;
    QList<QList<QPointF>> segments;
    // A series as it was before (--compare-to): dashed, in the colour of the line at
    // `colorOf`; -1: the line's own colour by its place.
    bool dashed = false;
    qsizetype colorOf = -1;
};

// A moment marked across a report's chart: an alert that fired (a solid line with a
// triangle atop) or resolved (a dashed line), in its state's colour.
struct ReportChartMarker
{
    QDateTime at;
    QColor color;
    bool fired = true;
};

// A report's time chart drawn with QPainter alone, on paper: a legend atop, the time axis
// from `from` to `to` below, a value axis for the first unit on the left and one for a second
// unit on the right (lines of further units share the left one), `note` atop on the right,
// and the markers in the range under the lines. Needs a QGuiApplication (for its fonts), not a
// widget or a display.
QImage drawReportChart(const QList<ReportChartLine> &lines, const QDateTime &from,
                       const QDateTime &to, const QString &note, const QSize &size,
                       const QList<ReportChartMarker> &markers = {});

} // namespace porthole
