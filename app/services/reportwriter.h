#pragma once

#include "mappainter.h"
#include "reportdata.h"

#include <QImage>
#include <QList>
#include <QString>

#include <optional>

namespace porthole {

// A chart's width in a report, in CSS pixels: the PDF's A4 text width (178 mm at 144 dpi,
// images at 1.5 times their width) holds it beside the document's own margin.
inline constexpr qreal reportChartWidth = 620;

enum class ReportFormat
{
    Pdf,
    Html
};
std::optional<ReportFormat> reportFormatNamed(const QString &name); // "pdf", "html"
std::optional<ReportFormat> reportFormatForPath(const QString &path);

struct ReportChartImage
{
    QString title;
    QString caption;
    QImage image;
    qreal width = reportChartWidth; // printed, in CSS pixels (a 96th of an inch, 0.75 pt)
    bool newPage = false; // begins a page: a part of the map after its first, or what follows
                          // a map of several parts
};

// The pipeline map as a report prints it (printMap()): on pages as wide as the page's text and
// as tall as a page holds beside the map's heading and caption (reportMapPage(), CSS pixels), laid
// out and cut so that its text, 12 pixels as drawn, is at least reportMapSmallestText points
// on paper, and at most the report's own 9 pt. Nothing when the map has nothing to draw.
inline constexpr qreal reportMapSmallestText = 7;
QSizeF reportMapPage();
std::optional<MapPrint> reportMapPrint(const PipelineMap &map);

// The report's charts, drawn at `size` (drawReportChart()). Needs a QGuiApplication, for its
// fonts; no widget and no display (the offscreen platform will do).
QList<ReportChartImage> drawReportCharts(const ReportData &data, const QSize &size);

// The report as one HTML page. Images are inline (data: URLs) when `inlineImages`, else named
// "chart-N.png" for a QTextDocument's resources.
QString reportHtml(const ReportData &data, const QList<ReportChartImage> &charts,
                   bool inlineImages);

// Draws the charts and writes the report to `path` through a QSaveFile: HTML self-contained,
// or a paginated PDF (A4) with the title and time range atop every page and its number below.
// The thread of the QGuiApplication (see drawReportCharts()).
Status writeReport(const ReportData &data, ReportFormat format, const QString &path);

} // namespace porthole
