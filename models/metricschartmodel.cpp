#include "metricschartmodel.h"

#include "csvwriter.h"
#include "metricseriesmodel.h"

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int maxHistory = 50;
constexpr int pointsPerPixel = 2;

} // namespace

double aggregateValue(const MetricPoint &point, MetricAggregate aggregate)
{
    switch (aggregate) {
    case MetricAggregate::Average:
        return point.avg;
    case MetricAggregate::Minimum:
        return point.min;
    case MetricAggregate::Maximum:
        return point.max;
    case MetricAggregate::Count:
        return double(point.count);
    }
    return point.avg;
}

QString resolutionText(qint64 bucketSeconds)
{
    if (bucketSeconds <= 0)
        return u"raw values"_s;
    const auto unit = [](qint64 n, const QString &name) {
        return u"%1 %2"_s.arg(n).arg(name);
    };
    QString width;
    if (bucketSeconds % 86400 == 0)
        width = unit(bucketSeconds / 86400, bucketSeconds == 86400 ? u"day"_s : u"days"_s);
    else if (bucketSeconds % 3600 == 0)
        width = unit(bucketSeconds / 3600, u"h"_s);
    else if (bucketSeconds % 60 == 0)
        width = unit(bucketSeconds / 60, u"min"_s);
    else
        width = unit(bucketSeconds, u"s"_s);
    return u"buckets of %1"_s.arg(width);
}

bool writeSeriesCsv(QIODevice *device, const QList<SeriesData> &data, qint64 bucketSeconds,
                    QString *error)
{
    static const QStringList sources{u"component"_s, u"port"_s, u"sensor"_s, u"check"_s,
                                     u"ingest"_s};
    CsvWriter csv(device);
    csv.writeRow({u"series"_s, u"source"_s, u"owner"_s, u"name"_s, u"time"_s, u"average"_s,
                  u"minimum"_s, u"maximum"_s, u"count"_s, u"resolution"_s});
    const QString resolution = resolutionText(bucketSeconds);
    const auto text = [](double v) {
        return QString::number(v, 'g', 17);
    };
    for (const SeriesData &series : data) {
        if (series.shiftSeconds != 0)
            continue; // an overlay shows the series' own points at another time
        const QString label = seriesLabel(series.series);
        for (const MetricPoint &p : series.points) {
            if (!csv.writeRow({label, sources.value(int(series.series.source)), series.series.owner,
                               series.series.name, p.start.toUTC().toString(Qt::ISODateWithMs),
                               text(p.avg), text(p.min), text(p.max), QString::number(p.count),
                               resolution}))
                break;
        }
    }
    if (!csv.ok() && error)
        *error = csv.errorString();
    return csv.ok();
}

QList<MetricPoint> differencePoints(const QList<MetricPoint> &points,
                                    const QList<MetricPoint> &shifted, MetricAggregate aggregate)
{
    QList<MetricPoint> difference;
    qsizetype j = 0;
    for (const MetricPoint &p : points) {
        while (j < shifted.size() && shifted.at(j).start < p.start)
            ++j;
        if (j == shifted.size())
            break;
        if (shifted.at(j).start != p.start)
            continue;
        const double value =
            aggregateValue(p, aggregate) - aggregateValue(shifted.at(j), aggregate);
        difference.append({p.start, value, value, value, 1});
    }
    return difference;
}

QList<QList<QPointF>> chartSegments(const QList<MetricPoint> &points, qint64 bucketSeconds,
                                    MetricAggregate aggregate)
{
    QList<QList<QPointF>> segments;
    if (points.isEmpty())
        return segments;
    QList<qint64> steps;
    steps.reserve(points.size());
    for (qsizetype i = 1; i < points.size(); ++i)
        steps << points.at(i - 1).start.msecsTo(points.at(i).start);
    qint64 gap = std::numeric_limits<qint64>::max();
    if (!steps.isEmpty()) {
        QList<qint64> sorted = steps;
        std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
        gap = 3 * std::max<qint64>(1, sorted.at(sorted.size() / 2));
        if (bucketSeconds > 0)
            gap = std::max(gap, 2 * bucketSeconds * 1000);
    }
    segments.append(QList<QPointF>());
    for (qsizetype i = 0; i < points.size(); ++i) {
        if (i > 0 && steps.at(i - 1) > gap)
            segments.append(QList<QPointF>());
        const MetricPoint &p = points.at(i);
        segments.last().append(
            QPointF(double(p.start.toMSecsSinceEpoch()), aggregateValue(p, aggregate)));
    }
    return segments;
}

MetricsChartModel::MetricsChartModel(MetricsLoader *loader, QObject *parent)
    : QObject(parent)
    , m_loader(loader)
{
    connect(m_loader, &MetricsLoader::answered, this, &MetricsChartModel::onAnswer);
    m_followTimer.setInterval(2000);
    connect(&m_followTimer, &QTimer::timeout, this, &MetricsChartModel::followStep);
    m_to = now();
    m_from = m_to.addSecs(-3600);
}

QDateTime MetricsChartModel::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

void MetricsChartModel::setSeries(const QList<MetricSeries> &series)
{
    m_series = series;
    m_data.clear();
    reload();
}

void MetricsChartModel::setRange(const QDateTime &from, const QDateTime &to)
{
    if (!from.isValid() || !to.isValid() || from >= to)
        return;
    if (m_follow && to < m_to)
        setFollow(false); // a range that ends before the one followed stays where it is
    changeRange(from, to, true);
}

void MetricsChartModel::showLast(qint64 seconds)
{
    const QDateTime end = now();
    changeRange(end.addSecs(-std::max<qint64>(1, seconds)), end, true);
}

void MetricsChartModel::showAll()
{
    if (m_series.isEmpty())
        return;
    m_extentTicket = m_loader->readExtent(m_series);
}

bool MetricsChartModel::back()
{
    if (m_history.isEmpty())
        return false;
    const auto [from, to] = m_history.takeLast();
    setFollow(false);
    changeRange(from, to, false);
    return true;
}

void MetricsChartModel::changeRange(const QDateTime &from, const QDateTime &to, bool remember)
{
    if (remember && m_from.isValid() && (m_from != from || m_to != to)) {
        m_history.append({m_from, m_to});
        if (m_history.size() > maxHistory)
            m_history.removeFirst();
    }
    m_from = from;
    m_to = to;
    Q_EMIT rangeChanged();
    Q_EMIT rangeChosen();
    reload();
}

void MetricsChartModel::setPlotWidth(int pixels)
{
    m_pixels = std::max(1, pixels);
    if (m_readForPixels > 0 &&
        (m_pixels * 4 > m_readForPixels * 5 || m_pixels * 4 < m_readForPixels * 3))
        reload();
}

void MetricsChartModel::setFollow(bool on)
{
    if (m_follow == on)
        return;
    m_follow = on;
    if (!on) {
        m_followTimer.stop();
        return;
    }
    m_followTimer.start();
    // The range ends now from here on.
    const qint64 width = m_from.msecsTo(m_to);
    const QDateTime end = now();
    changeRange(end.addMSecs(-width), end, true);
}

void MetricsChartModel::setFollowPaused(bool paused)
{
    m_followPaused = paused;
}

void MetricsChartModel::followStep()
{
    // One read at a time: a step while one is under way waits for the next tick.
    if (!m_follow || m_followPaused || loading())
        return;
    const qint64 width = m_from.msecsTo(m_to);
    m_to = now();
    m_from = m_to.addMSecs(-width);
    Q_EMIT rangeChanged();
    QDateTime lastShown;
    for (const SeriesData &series : std::as_const(m_data)) {
        if (!series.points.isEmpty() &&
            (!lastShown.isValid() || series.points.constLast().start < lastShown))
            lastShown = series.points.constLast().start;
    }
    if (!lastShown.isValid() || lastShown < m_from || lastShown >= m_to) {
        request(false);
        return;
    }
    m_appendFrom = lastShown;
    request(true);
}

void MetricsChartModel::reload()
{
    request(false);
}

void MetricsChartModel::setShift(qint64 seconds)
{
    if (std::max<qint64>(seconds, 0) == m_shift)
        return;
    m_shift = std::max<qint64>(seconds, 0);
    request(false);
}

void MetricsChartModel::request(bool append)
{
    if (m_series.isEmpty()) {
        m_expected = 0;
        m_data.clear();
        m_error.clear();
        Q_EMIT pointsChanged();
        return;
    }
    MetricsRequest request;
    request.series = m_series;
    request.from = append ? m_appendFrom : m_from;
    request.to = m_to;
    request.pixels = m_pixels;
    request.pointsPerPixel = pointsPerPixel;
    request.bucketSeconds = append ? m_bucketSeconds : 0;
    request.shiftSeconds = m_shift;
    const bool wasLoading = loading();
    m_expected = m_loader->readPoints(request);
    m_appending = append;
    m_readForPixels = m_pixels;
    if (!wasLoading)
        Q_EMIT loadingChanged(true);
}

void MetricsChartModel::onAnswer(const MetricsAnswer &answer)
{
    if (answer.request.kind == MetricsRequest::Kind::Extent) {
        if (answer.request.ticket != m_extentTicket)
            return;
        m_extentTicket = 0;
        if (!answer.ok) {
            m_error = answer.error.message;
            Q_EMIT failed(m_error);
            return;
        }
        if (!answer.first.isValid())
            return; // nothing to show
        setFollow(false);
        // The last value inside the range: it is exclusive at its end.
        changeRange(answer.first, answer.last.addMSecs(1), true);
        return;
    }
    if (answer.request.kind != MetricsRequest::Kind::Points || answer.request.ticket != m_expected)
        return; // superseded, or for a range no longer shown
    m_expected = 0;
    Q_EMIT loadingChanged(false);
    if (!answer.ok) {
        m_error = answer.error.message;
        Q_EMIT failed(m_error);
        return;
    }
    m_error.clear();
    if (!m_appending) {
        m_data = answer.data;
        m_bucketSeconds = answer.bucketSeconds;
        Q_EMIT pointsChanged();
        return;
    }
    if (answer.bucketSeconds != m_bucketSeconds || answer.data.size() != m_data.size()) {
        request(false); // what is new no longer fits what is shown: read it all
        return;
    }
    const qint64 width = m_bucketSeconds;
    const qsizetype budget = answer.request.pointsPerSeries();
    bool tooMany = false;
    for (qsizetype i = 0; i < m_data.size(); ++i) {
        QList<MetricPoint> &points = m_data[i].points;
        // What the step read again (the last bucket may have grown) goes; the new comes after.
        while (!points.isEmpty() && points.constLast().start >= m_appendFrom)
            points.removeLast();
        points += answer.data.at(i).points;
        // What left the range goes too.
        const auto kept = std::find_if(points.cbegin(), points.cend(), [&](const MetricPoint &p) {
            return width > 0 ? p.start.addSecs(width) > m_from : p.start >= m_from;
        });
        points.erase(points.cbegin(), kept);
        m_data[i].truncated = m_data[i].truncated || answer.data.at(i).truncated;
        tooMany = tooMany || points.size() > budget + 2;
    }
    if (tooMany) {
        request(false); // more than a few a pixel now: buckets, or wider ones
        return;
    }
    Q_EMIT pointsChanged();
}

} // namespace porthole
