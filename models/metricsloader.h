#pragma once

#include "alerthistory.h"
#include "auditlog.h"
#include "connectionfactory.h"
#include "metricsrepository.h"
#include "storageerror.h"
#include "workerthread.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <memory>
#include <optional>

namespace porthole {

// What the Metrics pane asks for.
struct MetricsRequest
{
    enum class Kind
    {
        Series,  // every series there is
        Points,  // the points of `series` in [from, to)
        Extent,  // the earliest first and the latest last value of `series`
        Markers, // the operators' actions on port messages and the alerts that fired or
                 // resolved in [from, to), for the time axis
        Busiest  // of the component metrics named by `series`' names, the one with the most
                 // values in [from, to), or the highest value (by `rank`)
    };
    Kind kind = Kind::Series;
    quint64 ticket = 0; // the loader's number for it, returned in the answer
    QList<MetricSeries> series;
    QDateTime from;
    QDateTime to;
    // Points: the plot's width. Each series gets pointsPerSeries(): raw values when every
    // series has at most that many in the range; otherwise buckets of one width for all (as
    // MetricsRepository::bucketSecondsFor), so that series compare point for point.
    int pixels = 800;
    int pointsPerPixel = 2;
    // Points: a bucket width to keep (live follow appends at the width it shows); 0 decides.
    qint64 bucketSeconds = 0;
    // Points: also each series as it was this many seconds earlier (the same read with from
    // and to moved back by it), its times moved forward by it, to overlay; 0: none.
    qint64 shiftSeconds = 0;
    // Busiest: how the component metrics are ranked.
    MetricsRepository::Rank rank = MetricsRepository::Rank::MostValues;

    // The points one series may have: pixels × pointsPerPixel for up to four series; beyond,
    // four times that shared among them (what one repaint draws stays bounded), but never
    // fewer than one every eight pixels.
    int pointsPerSeries() const;
};

// One series' points, raw (bucketSeconds 0) or bucketed.
struct SeriesData
{
    MetricSeries series;
    QList<MetricPoint> points;
    bool truncated = false; // more points than a chart draws: the range was cut short
    // Not 0: the series as it was this many seconds earlier, its points' times moved forward
    // by it so that they line up with the series' own (MetricsRequest::shiftSeconds).
    qint64 shiftSeconds = 0;
};

struct MetricsAnswer
{
    MetricsRequest request;
    bool ok = true;
    StorageError error;
    bool superseded = false;    // a newer Points request came first: nothing was read
    QList<MetricSeries> series; // Series
    QStringList units;          // Series: each one's unit from the data (component metrics)
    // Points, in the order of request.series; then, with a shift, each series shifted.
    QList<SeriesData> data;
    qint64 bucketSeconds = 0; // Points: 0 raw
    QDateTime first;          // Extent; invalid when no series has a value
    QDateTime last;
    QList<AuditEntry> actions; // Markers: oldest first, at most 500
    // Markers: alerts that fired or resolved, oldest first, at most 500; none where the
    // database has no alert history (a pipeline's own, attached read-only).
    QList<AlertHistoryEntry> alerts;
    std::optional<MetricSeries> busiest; // Busiest; nullopt when none has a value in the range
};

class MetricsReader;

// Reads metric series on a thread of its own, with a database connection of its own, one
// request at a time in the order asked, and answers each with answered(). A Points request is
// skipped (answered as superseded) when a newer one is queued behind it: zooming fast reads
// only the last range. The GUI thread only queues requests.
class MetricsLoader : public QObject
{
    Q_OBJECT

public:
    explicit MetricsLoader(ConnectionFactory factory, QObject *parent = nullptr);
    // A query under way finishes first; nothing queued behind it runs.
    ~MetricsLoader() override;

    // Each returns the request's ticket.
    quint64 readSeries();
    quint64 readPoints(MetricsRequest request); // kind, ticket set here
    quint64 readExtent(const QList<MetricSeries> &series);
    quint64 readMarkers(const QDateTime &from, const QDateTime &to);
    // MetricsRepository::busiestComponentMetric() for `metricNames`.
    quint64 readBusiest(const QStringList &metricNames, const QDateTime &from, const QDateTime &to,
                        MetricsRepository::Rank rank = MetricsRepository::Rank::MostValues);

    int pending() const { return m_pending; }

Q_SIGNALS:
    void answered(const porthole::MetricsAnswer &answer);

private:
    quint64 send(MetricsRequest request);
    void onAnswer(const porthole::MetricsAnswer &answer);

    WorkerThread m_thread;
    MetricsReader *m_reader = nullptr; // lives on m_thread, deleted when it finishes
    std::shared_ptr<std::atomic<quint64>> m_latestPoints;
    quint64 m_nextTicket = 0;
    int m_pending = 0;
};

// What the reader does for a Points request, on the connection it is given: raw values when
// they are few enough, else buckets of one width for all series.
MetricsAnswer readMetricPoints(const MetricsRepository &repository, const MetricsRequest &request);

} // namespace porthole

Q_DECLARE_METATYPE(porthole::MetricsRequest)
Q_DECLARE_METATYPE(porthole::MetricsAnswer)
