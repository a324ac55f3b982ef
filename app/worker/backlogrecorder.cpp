#include "backlogrecorder.h"

#include "backloghistory.h"
#include "fallbacktable.h"
#include "ledger.h"
#include "metricrollups.h"

#include <QThread>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString connectionPurpose = u"backlog history"_s;

// The ledger's hours counted and kept a sampling at most: a week's 168 in 28 samplings, a few
// minutes at the default interval; each an hour's range counts, some 25 ms on SQLite and 55 ms
// on PostgreSQL at 10,000,000 messages a day (docs/BENCHMARKS.md). Once all are kept, one is
// counted again a sampling.
constexpr int ledgerHoursASampling = 6;

// The receiver as the sampler takes it: what it reads, as the pipeline map draws it, and its
// totals.
BacklogReceiver receiverOf(const IngestStats &stats)
{
    return {.reads = mapReceiverOf(stats),
            .stored = stats.stored,
            .acknowledged = stats.acknowledged,
            .deadLettered = stats.deadLettered};
}

} // namespace

MapReceiver mapReceiverOf(const IngestStats &stats)
{
    return {.key = stats.key,
            .type = stats.atMostOnce        ? u"channel"_s
                    : stats.group.isEmpty() ? u"list"_s
                                            : u"stream"_s,
            .group = stats.group,
            .consumer = stats.consumer,
            .store = stats.sink};
}

BacklogRecorder::BacklogRecorder(ConnectionFactory connections, Options options, QObject *parent)
    : QObject(parent)
    , m_connections(std::move(connections))
    , m_options(std::move(options))
    , m_timer(this)
{
    qRegisterMetaType<porthole::IngestStats>();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &BacklogRecorder::onTimer);
}

BacklogRecorder::~BacklogRecorder()
{
    closeConnection();
}

void BacklogRecorder::start()
{
    Q_ASSERT(QThread::currentThread() == thread());
    scheduleNext();
}

void BacklogRecorder::setInterval(std::chrono::seconds interval)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_options.interval = interval;
    m_timer.stop();
    scheduleNext();
}

void BacklogRecorder::stop()
{
    m_timer.stop();
    closeConnection();
    m_redis.reset();
}

void BacklogRecorder::setStats(const IngestStats &stats)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (stats.state == IngestState::Stopped)
        m_stats.reset();
    else
        m_stats = stats;
}

void BacklogRecorder::onTimer()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (auto written = record(now); !written)
        Q_EMIT failed(written.errorMessage());
    scheduleNext();
}

void BacklogRecorder::scheduleNext()
{
    if (m_options.interval.count() <= 0)
        return; // off
    // The next at the start of the next slot, a tenth of the interval in: a timer that fires a
    // little early still lands in it, and each slot is sampled once.
    const qint64 intervalMs = qint64(m_options.interval.count()) * 1000;
    const QDateTime next =
        backlogSlot(QDateTime::currentDateTimeUtc(), m_options.interval).addMSecs(intervalMs);
    const qint64 in = QDateTime::currentDateTimeUtc().msecsTo(next) + intervalMs / 10;
    m_timer.start(std::chrono::milliseconds(std::max<qint64>(in, 0)));
}

RedisClient *BacklogRecorder::redis(QStringList &problems)
{
    if (!m_options.redis)
        return nullptr;
    if (!m_redis) {
        auto client = std::make_unique<RedisClient>();
        if (Status connected = client->connect(*m_options.redis, m_options.redisTimeouts);
            !connected) {
            problems << u"Redis: "_s + connected.errorMessage();
            return nullptr;
        }
        m_redis = std::move(client);
    }
    return m_redis.get();
}

Result<qint64> BacklogRecorder::record(const QDateTime &now)
{
    auto db = m_connections.open(connectionPurpose);
    if (!db)
        return db.error();
    m_connectionOpen = true;
    if (!hasTable(*db, u"backlog_samples"_s)) {
        // Read the schema again next time: the worker's sink may be migrating the database now,
        // on a connection of its own, and this one keeps what it read (fallbacktable.h).
        forgetSchema(*db);
        return StorageError{StorageError::Kind::SchemaTooOld,
                            u"The database has no backlog history (backlog_samples): migrate it "
                            "(porthole migrate) to record one."_s};
    }
    QStringList problems;
    const BacklogSampler sampler(*db, redis(problems), {.interval = m_options.interval});
    const BacklogSampling sampling =
        sampler.sample(now, m_stats ? std::optional(receiverOf(*m_stats)) : std::nullopt);
    problems << sampling.problems;
    // A Redis read that failed may have left the connection broken: made anew next time.
    if (!sampling.problems.isEmpty())
        m_redis.reset();
    auto written = BacklogHistory(*db).write(sampling.samples);
    if (!written)
        return written.error();
    // The ledger's hours that are over, counted once, for the ledger to read instead: of the
    // receiver this recorder is fed, or the one sampled last.
    if (auto kept =
            keepLedgerCounts(*db, now, m_stats ? m_stats->key : QString(), ledgerHoursASampling);
        !kept)
        problems << u"ledger: "_s + kept.errorMessage();
    // The metric rollups brought up to a minute ago: the pipeline's inserts roll nothing up
    // (storage/sql/metricrollups.h).
    if (auto rolled = rollMetricRollups(*db, now); !rolled)
        problems << u"metric rollups: "_s + rolled.errorMessage();
    if (!problems.isEmpty())
        Q_EMIT failed(problems.join(u"; "_s));
    Q_EMIT recorded(*written, sampling.complete && problems.isEmpty());
    return written;
}

void BacklogRecorder::closeConnection()
{
    if (!m_connectionOpen)
        return;
    m_connections.close(connectionPurpose);
    m_connectionOpen = false;
}

} // namespace porthole
