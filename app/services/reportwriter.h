#pragma once

#include "reportdata.h"

#include <QImage>
#include <QList>
#include <QString>

#include <optional>

namespace porthole {

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
};

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
