#include "metricsloader.h"

#include "fallbacktable.h"
#include "streamactions.h"

#include <QLoggingCategory>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcMetricsLoader, "porthole.models.metricsloader", QtWarningMsg)

namespace porthole {

namespace {

const QString connectionPurpose = u"metrics"_s;

} // namespace

int MetricsRequest::pointsPerSeries() const
{
    const qint64 pixelCount = std::max(1, pixels);
    const qint64 drawable = pixelCount * std::max(1, pointsPerPixel);
    const qint64 shown = std::max<qint64>(1, series.size());
    const qint64 shared = shown <= 4 ? drawable : drawable * 4 / shown;
    return int(
        std::clamp(shared, std::min(drawable, std::max<qint64>(1, pixelCount / 8)), drawable));
}

MetricsAnswer readMetricPoints(const MetricsRepository &repository, const MetricsRequest &request)
{
    MetricsAnswer answer;
    answer.request = request;
    const auto fail = [&answer](const StorageError &error) {
        answer.ok = false;
        answer.error = error;
        answer.data.clear();
        return answer;
    };
    const int drawable = request.pointsPerSeries();
    // Each series, then each one shifted: the same read with the range moved back, its times
    // moved forward again, so that the overlay's points are the shifted series' own.
    QList<std::pair<MetricSeries, qint64>> reads;
    for (const MetricSeries &series : request.series)
        reads.append({series, 0});
    if (request.shiftSeconds > 0)
        for (const MetricSeries &series : request.series)
            reads.append({series, request.shiftSeconds});
    const auto read = [&](qint64 width) -> bool {
        answer.data.clear();
        answer.bucketSeconds = width;
        for (const auto &[series, shift] : std::as_const(reads)) {
            // Buckets: the epoch-aligned ones covering the range are at most two more.
            auto points =
                repository.points({series, request.from.addSecs(-shift), request.to.addSecs(-shift),
                                   width, width == 0 ? drawable : drawable + 2});
            if (!points) {
                fail(points.error());
                return false;
            }
            for (MetricPoint &point : points->points)
                point.start = point.start.addSecs(shift);
            answer.data.append({series, std::move(points->points), points->truncated, shift});
            // One series with too many raw values puts them all in buckets: stop reading.
            if (width == 0 && answer.data.constLast().truncated)
                return true;
        }
        return true;
    };
    // A check and the ingest rate are always in buckets (of whole minutes); with one in the
    // request every series is.
    const bool checks =
        std::any_of(request.series.cbegin(), request.series.cend(), [](const MetricSeries &s) {
            return MetricsRepository::alwaysBucketed(s.source);
        });
    if (request.bucketSeconds > 0 || checks) {
        const qint64 width =
            request.bucketSeconds > 0
                ? request.bucketSeconds
                : MetricsRepository::bucketSecondsFor(request.from, request.to, drawable, 1);
        read(checks ? MetricsRepository::checkBucketSeconds(width) : width);
        return answer;
    }
    if (!read(0))
        return answer;
    const bool tooMany = std::any_of(answer.data.cbegin(), answer.data.cend(),
                                     [](const SeriesData &d) { return d.truncated; });
    if (tooMany)
        read(MetricsRepository::bucketSecondsFor(request.from, request.to, drawable, 1));
    return answer;
}

// The half of the loader that lives on its thread: it owns that thread's connection.
class MetricsReader : public QObject
{
    Q_OBJECT

public:
    MetricsReader(ConnectionFactory factory, std::shared_ptr<std::atomic<quint64>> latestPoints)
        : m_factory(std::move(factory))
        , m_latestPoints(std::move(latestPoints))
    {}
    ~MetricsReader() override { m_factory.close(connectionPurpose); }

    void read(const porthole::MetricsRequest &request)
    {
        Q_ASSERT(QThread::currentThread() == thread());
        if (QThread::currentThread()->isInterruptionRequested())
            return;
        MetricsAnswer answer;
        if (request.kind == MetricsRequest::Kind::Points &&
            request.ticket < m_latestPoints->load()) {
            answer.request = request;
            answer.superseded = true;
        } else {
            answer = run(request);
        }
        if (!answer.ok && (answer.error.kind == StorageError::Kind::ConnectionLost ||
                           answer.error.kind == StorageError::Kind::Locked)) {
            qCInfo(lcMetricsLoader) << "closing the connection after:" << answer.error.message;
            m_factory.close(connectionPurpose);
        }
        Q_EMIT answered(answer);
    }

Q_SIGNALS:
    void answered(const porthole::MetricsAnswer &answer);

private:
    // The alerts' moments beside the actions'. Pending and ok are for the history only.
    void readAlertMarkers(const QSqlDatabase &db, const MetricsRequest &request,
                          MetricsAnswer &answer)
    {
        if (!hasTable(db, u"alert_history"_s))
            return;
        PageRequest page;
        page.limit = 500;
        auto entries =
            AlertHistory(db).page({.ruleId = {}, .from = request.from, .to = request.to}, page);
        if (!entries) {
            answer.ok = false;
            answer.error = entries.error();
            return;
        }
        for (const AlertHistoryEntry &entry : std::as_const(entries->rows)) {
            if (entry.to == AlertState::Firing || entry.to == AlertState::Resolved)
                answer.alerts.append(entry);
        }
        std::sort(answer.alerts.begin(), answer.alerts.end(),
                  [](const AlertHistoryEntry &a, const AlertHistoryEntry &b) {
                      return a.occurredAt < b.occurredAt;
                  });
    }

    // The actions that change port messages (their "finished" entries are not moments of
    // their own) and the Redis side's.
    void readActionMarkers(const QSqlDatabase &db, const MetricsRequest &request,
                           MetricsAnswer &answer)
    {
        static const QStringList marked{u"replay"_s, u"purge"_s, u"restore"_s,
                                        u"move"_s,   u"edit"_s,  u"hard delete"_s};
        PageRequest page;
        page.limit = 500;
        auto entries = AuditLog(db).page({QString(), request.from, request.to}, page);
        if (!entries) {
            answer.ok = false;
            answer.error = entries.error();
            return;
        }
        for (const AuditEntry &entry : std::as_const(entries->rows)) {
            if (marked.contains(entry.action) || streamActionKindFromName(entry.action))
                answer.actions.append(entry);
        }
        std::sort(
            answer.actions.begin(), answer.actions.end(),
            [](const AuditEntry &a, const AuditEntry &b) { return a.occurredAt < b.occurredAt; });
    }

    MetricsAnswer run(const MetricsRequest &request)
    {
        MetricsAnswer answer;
        answer.request = request;
        auto db = m_factory.open(connectionPurpose);
        if (!db) {
            answer.ok = false;
            answer.error = db.error();
            return answer;
        }
        const MetricsRepository repository(*db);
        switch (request.kind) {
        case MetricsRequest::Kind::Series:
            if (auto series = repository.listAllSeries()) {
                answer.series = std::move(series).value();
            } else {
                answer.ok = false;
                answer.error = series.error();
                break;
            }
            for (const MetricSeries &series : std::as_const(answer.series)) {
                auto unit = repository.unitOf(series);
                if (!unit) {
                    answer.ok = false;
                    answer.error = unit.error();
                    break;
                }
                answer.units.append(*unit);
            }
            break;
        case MetricsRequest::Kind::Points:
            return readMetricPoints(repository, request);
        case MetricsRequest::Kind::Extent:
            for (const MetricSeries &series : request.series) {
                auto extent = repository.extent(series);
                if (!extent) {
                    answer.ok = false;
                    answer.error = extent.error();
                    break;
                }
                if (!extent->has_value())
                    continue;
                const auto &[first, last] = **extent;
                if (!answer.first.isValid() || first < answer.first)
                    answer.first = first;
                if (!answer.last.isValid() || last > answer.last)
                    answer.last = last;
            }
            break;
        case MetricsRequest::Kind::Markers:
            readActionMarkers(*db, request, answer);
            if (answer.ok)
                readAlertMarkers(*db, request, answer);
            break;
        case MetricsRequest::Kind::Busiest: {
            QStringList names;
            for (const MetricSeries &series : request.series)
                names << series.name;
            auto busiest =
                repository.busiestComponentMetric(names, request.from, request.to, request.rank);
            if (busiest) {
                answer.busiest = *busiest;
            } else {
                answer.ok = false;
                answer.error = busiest.error();
            }
            break;
        }
        }
        return answer;
    }

    ConnectionFactory m_factory;
    std::shared_ptr<std::atomic<quint64>> m_latestPoints;
};

MetricsLoader::MetricsLoader(ConnectionFactory factory, QObject *parent)
    : QObject(parent)
    , m_latestPoints(std::make_shared<std::atomic<quint64>>(0))
{
    qRegisterMetaType<porthole::MetricsRequest>();
    qRegisterMetaType<porthole::MetricsAnswer>();
    m_reader = new MetricsReader(std::move(factory), m_latestPoints);
    m_thread.start(u"metrics-loader"_s, m_reader);
    connect(m_reader, &MetricsReader::answered, this, &MetricsLoader::onAnswer);
}

MetricsLoader::~MetricsLoader()
{
    m_thread.stop();
}

quint64 MetricsLoader::readSeries()
{
    return send({});
}

quint64 MetricsLoader::readPoints(MetricsRequest request)
{
    request.kind = MetricsRequest::Kind::Points;
    return send(std::move(request));
}

quint64 MetricsLoader::readExtent(const QList<MetricSeries> &series)
{
    MetricsRequest request;
    request.kind = MetricsRequest::Kind::Extent;
    request.series = series;
    return send(std::move(request));
}

quint64 MetricsLoader::readMarkers(const QDateTime &from, const QDateTime &to)
{
    MetricsRequest request;
    request.kind = MetricsRequest::Kind::Markers;
    request.from = from;
    request.to = to;
    return send(std::move(request));
}

quint64 MetricsLoader::readBusiest(const QStringList &metricNames, const QDateTime &from,
                                   const QDateTime &to, MetricsRepository::Rank rank)
{
    MetricsRequest request;
    request.kind = MetricsRequest::Kind::Busiest;
    request.rank = rank;
    for (const QString &name : metricNames)
        request.series.append({MetricSource::Component, QString(), name});
    request.from = from;
    request.to = to;
    return send(std::move(request));
}

quint64 MetricsLoader::send(MetricsRequest request)
{
    Q_ASSERT(QThread::currentThread() == thread());
    request.ticket = ++m_nextTicket;
    if (request.kind == MetricsRequest::Kind::Points)
        m_latestPoints->store(request.ticket);
    ++m_pending;
    QMetaObject::invokeMethod(
        m_reader, [reader = m_reader, request] { reader->read(request); }, Qt::QueuedConnection);
    return request.ticket;
}

void MetricsLoader::onAnswer(const MetricsAnswer &answer)
{
    Q_ASSERT(QThread::currentThread() == thread());
    --m_pending;
    Q_EMIT answered(answer);
}

} // namespace porthole

#include "metricsloader.moc"
