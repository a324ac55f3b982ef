#include "ingestworker.h"

#include "faultpoint.h"
#include "ingestsink.h"
#include "jobthread.h"
#include "receiverheartbeat.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <utility>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcIngest, "porthole.ingest", QtWarningMsg)

namespace porthole {

namespace {

constexpr int sourceStatsIntervalMs = 1000;
constexpr int firstRetryMs = 200;
constexpr int lastRetryMs = 10000;
// Tries that reached Redis without progress in between, after which the worker is stalled.
constexpr int stallAfterTries = 3;

} // namespace

IngestWorker::IngestWorker(IngestConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    qRegisterMetaType<porthole::IngestStats>();
    m_stats.atMostOnce = m_config.mode == RedisSource::Mode::PubSub;
    //: Where the worker reads from: %1 the mode (stream, list, pubsub, as Redis names it), %2 the
    //: key, %3 the server: "stream orders on redis://127.0.0.1:6379/0"
    m_stats.source = tr("%1 %2 on %3")
                         .arg(RedisSource::modeName(m_config.mode), m_config.source.key,
                              m_config.source.url.toDisplayString());
    // Shown and served (the Ingest pane, /health): never with a password.
    m_stats.sink = ingestSinkDisplayName(m_config.sinkUrl);
    m_stats.key = m_config.source.key;
}

IngestWorker::~IngestWorker()
{
    closeSink();
}

void IngestWorker::start()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_timer)
        return;
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &IngestWorker::step);
    auto source = RedisSource::create(m_config.mode, m_config.source);
    if (!source) {
        fail(source.error().message);
        return;
    }
    m_source = std::move(source).value();
    m_stats.consumer = m_source->options().consumer;
    if (m_config.mode == RedisSource::Mode::Stream)
        m_stats.group = m_source->options().group;
    m_sinkThread = std::make_unique<JobThread>(u"porthole-ingest-sink"_s);
    m_startedAt = QDateTime::currentDateTimeUtc();
    m_uptime.start();
    if (m_config.heartbeatIntervalMs > 0) {
        m_beatTimer = new QTimer(this);
        connect(m_beatTimer, &QTimer::timeout, this, &IngestWorker::beat);
        m_beatTimer->start(m_config.heartbeatIntervalMs);
    }
    m_rateClock.start();
    m_sinceReport.start();
    setState(IngestState::Connecting);
    schedule(0);
}

void IngestWorker::pause()
{
    m_pauseRequested = true;
}

void IngestWorker::resume()
{
    m_pauseRequested = false;
    if (m_stats.state == IngestState::Paused) {
        setState(IngestState::Running);
        schedule(0);
    }
}

void IngestWorker::stop()
{
    m_stopRequested = true;
    if (!m_timer || m_stats.state == IngestState::Stopped || m_stats.state == IngestState::Failed) {
        finish();
        return;
    }
    setState(IngestState::Stopping);
    schedule(0); // now, not after a retry's delay
}

void IngestWorker::schedule(int delayMs)
{
    if (m_timer)
        m_timer->start(delayMs);
}

void IngestWorker::step()
{
    if (m_stopRequested) {
        // What is in hand is stored and acknowledged if the store and Redis allow it now;
        // otherwise it is not acknowledged, and Redis delivers it again later.
        if (m_sink && m_source && m_source->isConnected()) {
            if (!m_inHand.isEmpty())
                storeGroup();
            if (m_inHand.isEmpty() && !m_next.isEmpty()) {
                m_inHand = std::exchange(m_next, {});
                storeGroup();
            }
            if (m_inHand.isEmpty() && m_next.isEmpty()) {
                if (Status left = m_source->leave(); !left)
                    qCWarning(lcIngest).noquote() << left.errorMessage();
            }
        }
        finish();
        return;
    }
    if (!m_sink && !openSink())
        return;
    if (!m_source->isConnected() && !openSource())
        return;
    if (!m_inHand.isEmpty() && !storeGroup())
        return;
    if (m_next.isEmpty()) {
        if (m_pauseRequested) {
            setState(IngestState::Paused);
            return; // resume() goes on
        }
        auto fetched = m_source->fetch();
        if (!fetched) {
            retryLater(IngestState::Reconnecting, fetched.error().message);
            return;
        }
        take(std::move(fetched).value());
    }
    m_inHand = std::exchange(m_next, {});
    if (!m_inHand.isEmpty() && !storeGroup())
        return;
    // A whole step is progress: a fetch, and what it brought stored and acknowledged.
    m_triesWithoutProgress = 0;
    if (m_stats.state == IngestState::Stalled)
        setState(IngestState::Running);
    if (!m_sinceSourceStats.isValid() || m_sinceSourceStats.elapsed() >= sourceStatsIntervalMs)
        pollSourceStats();
    report();
    schedule(0);
}

// Counts a fetch and keeps its deliveries as the next group.
void IngestWorker::take(SourceFetch fetched)
{
    m_stats.received += fetched.deliveries.size();
    if (!fetched.lostAtSource.isEmpty()) {
        m_stats.lostAtSource += fetched.lostAtSource.size();
        noteError(tr("%n entries were trimmed from %1 before they were stored; they are lost at "
                     "the source.",
                     nullptr, int(fetched.lostAtSource.size()))
                      .arg(m_config.source.key));
    }
    for (const QString &notice : std::as_const(fetched.notices))
        noteError(notice);
    m_next.append(std::move(fetched.deliveries));
    noteSourceResets();
}

// Says so when the source found its stream or group gone: Redis lost what it held.
void IngestWorker::noteSourceResets()
{
    const qint64 resets = m_source->resets();
    if (resets <= m_stats.sourceResets)
        return;
    m_stats.sourceResets = resets;
    noteError(tr("The stream %1 or its consumer group was gone when Porthole read it again: "
                 "Redis lost its data (restarted without persistence?) or someone deleted it. "
                 "Entries it held that were not yet read are lost at the source; Porthole "
                 "cannot count them.")
                  .arg(m_config.source.key));
}

bool IngestWorker::openSink()
{
    IngestSinkOpening opened = m_sinkThread->run([this] {
        return openIngestSink({m_config.sinkUrl, m_config.databaseUrl, m_config.connection,
                               m_config.maxPayloadBytes});
    });
    if (!opened.sink) {
        if (opened.retry)
            retryLater(IngestState::WaitingForSink, opened.error);
        else
            fail(opened.error);
        return false;
    }
    if (!opened.notice.isEmpty())
        noteError(opened.notice);
    m_sink = std::move(opened.sink);
    beat(); // the receiver's first heartbeat, or the first since the store came back
    return true;
}

void IngestWorker::closeSink()
{
    if (m_sink)
        m_sinkThread->run([this] { m_sink.reset(); });
}

bool IngestWorker::openSource()
{
    setState(m_stats.received == 0 && m_failures == 0 ? IngestState::Connecting
                                                      : IngestState::Reconnecting);
    if (Status opened = m_source->open(); !opened) {
        retryLater(IngestState::Reconnecting, opened.errorMessage());
        return false;
    }
    ++m_triesWithoutProgress;
    if (!stalled())
        m_failures = 0; // a stall keeps its growing delay
    setState(IngestState::Running);
    noteSourceResets();
    pollSourceStats();
    return true;
}

// Posts the write of `group` to the sink's thread, which gets a copy of the list (shared, not
// copied; neither side changes it while the write runs). Writes run in the order posted; one
// posted behind another (`first` false) writes nothing when a write before it failed since the
// last `first` one, so that groups are stored in the order they were fetched.
std::future<Result<IngestOutcome>> IngestWorker::postWrite(const QList<Delivery> &group, bool first)
{
    return m_sinkThread->post([this, sink = m_sink.get(), group, first]() -> Result<IngestOutcome> {
        if (first)
            m_writeFailed = false;
        else if (m_writeFailed)
            return StorageError{StorageError::Kind::Internal,
                                u"Not written: the group before it was not stored."_s};
        auto outcome = sink->write(group);
        if (!outcome)
            m_writeFailed = true;
        return outcome;
    });
}

// Counts what a finished write stored.
void IngestWorker::countStored(const IngestOutcome &outcome)
{
    m_stats.stored += outcome.stored;
    m_stats.duplicates += outcome.duplicates;
    m_stats.deadLettered += outcome.deadLettered;
}

bool IngestWorker::storeGroup()
{
    if (!m_stored) {
        if (!m_writing.valid()) // else it was posted while the group before was written
            m_writing = postWrite(m_inHand, true);
        // Meanwhile Redis sends the next group, whose write goes to the store at once, behind
        // this one's: the store thread goes from one to the next without waiting for this
        // thread. A failure of the fetch shows again at the acknowledgement or the next fetch,
        // which report it.
        std::future<Result<IngestOutcome>> following;
        if (m_next.isEmpty() && !m_stopRequested && !m_pauseRequested) {
            if (auto ahead = m_source->fetchAhead()) {
                take(std::move(ahead).value());
                if (!m_next.isEmpty())
                    following = postWrite(m_next, false);
            }
        }
        auto outcome = m_writing.get();
        if (!outcome) {
            // Nothing of the group is acknowledged; it stays in hand, and the next group's
            // write, if posted, writes nothing (that group stays next). A connection the server
            // dropped does not come back by itself: the store is closed with it, and the next
            // step opens both anew. Had the commit gone through before the connection went,
            // the next write finds the group's delivery keys stored and stores nothing twice.
            if (outcome.error().kind == StorageError::Kind::ConnectionLost)
                closeSink();
            retryLater(IngestState::WaitingForSink, outcome.error().message);
            return false;
        }
        countStored(*outcome);
        m_stored = true;
        // The next group's write goes on while this one is acknowledged; the next group is
        // acknowledged only after it.
        m_writing = std::move(following);
    }
    faultPoint("ingest-stored"); // stored, not yet acknowledged: a crash here stores nothing twice
    if (Status acknowledged = m_source->acknowledge(m_inHand); !acknowledged) {
        // Stored but not acknowledged: Redis delivers the group again and the sink finds it
        // stored. Nothing is kept in hand. The connection goes too, also when Redis refused
        // the acknowledgement on it: the next one reads the group again at once, instead of
        // leaving it pending until it is idle long enough to be claimed.
        m_inHand.clear();
        m_stored = false;
        m_source->close();
        retryLater(IngestState::Reconnecting, acknowledged.errorMessage());
        return false;
    }
    m_stats.acknowledged += m_inHand.size();
    m_inHand.clear();
    m_stored = false;
    m_failures = 0;
    if (m_stats.state == IngestState::WaitingForSink || m_stats.state == IngestState::Reconnecting)
        setState(IngestState::Running);
    return true;
}

void IngestWorker::retryLater(IngestState state, const QString &message)
{
    noteError(message);
    // Redis refused a command on a connection that is still open (a NOPERM, say): a try
    // without progress as much as a connection opened again is.
    if (state == IngestState::Reconnecting && m_source && m_source->isConnected())
        ++m_triesWithoutProgress;
    setState(state);
    // What failed stays pending in Redis, unacknowledged: say how many.
    pollSourceStats();
    const int base = std::min(lastRetryMs, firstRetryMs << std::min(m_failures, 6));
    ++m_failures;
    // Jitter: workers that lost the same server do not all come back at once.
    const int delay = int(base * (0.8 + 0.4 * QRandomGenerator::global()->generateDouble()));
    report(true);
    schedule(delay);
}

void IngestWorker::fail(const QString &message)
{
    noteError(message);
    setState(IngestState::Failed);
    report(true);
}

void IngestWorker::noteError(const QString &message)
{
    qCWarning(lcIngest).noquote() << message;
    m_stats.lastError = message;
    m_stats.lastErrorAt = QDateTime::currentDateTimeUtc();
}

bool IngestWorker::stalled() const
{
    return m_triesWithoutProgress >= stallAfterTries;
}

void IngestWorker::setState(IngestState state)
{
    // A stall shows until there is progress, whatever step of its loop the worker is in.
    if (stalled() && (state == IngestState::Connecting || state == IngestState::Reconnecting ||
                      state == IngestState::Running))
        state = IngestState::Stalled;
    if (m_stats.state == state)
        return;
    m_stats.state = state;
    report(true);
}

void IngestWorker::pollSourceStats()
{
    m_sinceSourceStats.start();
    if (!m_source || !m_source->isConnected())
        return;
    if (auto stats = m_source->stats()) {
        m_stats.pending = stats->pending;
        m_stats.length = stats->length;
        m_stats.oldestPendingAgeMs = stats->oldestPendingAgeMs;
        m_stats.consumers = stats->consumers;
    }
}

void IngestWorker::report(bool force)
{
    if (!m_sinceReport.isValid())
        m_sinceReport.start();
    const qint64 done = m_stats.stored + m_stats.duplicates + m_stats.deadLettered;
    if (m_rateClock.isValid() && m_rateClock.elapsed() >= 1000) {
        m_stats.ratePerSecond = double(done - m_rateBase) * 1000.0 / double(m_rateClock.elapsed());
        m_rateBase = done;
        m_rateClock.restart();
    }
    if (!force && m_sinceReport.elapsed() < m_config.statsIntervalMs)
        return;
    m_sinceReport.restart();
    emit statsChanged(m_stats);
}

WorkerHealth IngestWorker::health() const
{
    WorkerHealth health = WorkerHealth::ofThisProcess(m_stats);
    health.mode = RedisSource::modeName(m_config.mode);
    health.key = m_config.source.key;
    health.group = m_stats.group;
    health.consumer = m_stats.consumer;
    health.startedAt = m_startedAt;
    health.uptimeSeconds = m_uptime.isValid() ? m_uptime.elapsed() / 1000 : 0;
    return health;
}

// Posts a heartbeat to the sink's thread, unless the one before is still on its way there
// (behind a slow write: the next one says the same). The receiver's health is sampled so,
// every heartbeatIntervalMs, not sent at each change of state: the tries of a reconnection
// flip it within milliseconds, and what lasts is what an operator needs to see.
void IngestWorker::beat()
{
    if (!m_sink || m_config.heartbeatIntervalMs <= 0)
        return;
    if (m_beating.valid()) {
        if (m_beating.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
            return;
        takeBeat();
    }
    const QString component =
        m_config.heartbeatComponent.isEmpty()
            ? receiverComponentName(m_config.source.key, m_config.source.consumer)
            : m_config.heartbeatComponent;
    const Heartbeat heartbeat = receiverHeartbeat(component, health());
    m_beating = m_sinkThread->post(
        [sink = m_sink.get(), heartbeat] { return sink->recordHeartbeat(heartbeat); });
}

// The heartbeat of a receiver that has stopped or failed, written before its store closes:
// "unknown" or "unhealthy", so that the silence after it reads as the stop it is.
void IngestWorker::lastBeat()
{
    if (!m_sink || m_config.heartbeatIntervalMs <= 0)
        return;
    if (m_beating.valid())
        takeBeat();
    beat();
    takeBeat();
}

// Waits for the heartbeat posted last; a failure is said once, until one is written again.
// The receiver goes on either way: a heartbeat is news about it, not what it keeps.
void IngestWorker::takeBeat()
{
    const Status written = m_beating.get();
    if (written) {
        m_beatFailed = false;
        return;
    }
    if (!m_beatFailed)
        qCWarning(lcIngest).noquote()
            << u"The receiver's heartbeat was not recorded: %1"_s.arg(written.errorMessage());
    m_beatFailed = true;
}

void IngestWorker::finish()
{
    if (m_timer)
        m_timer->stop();
    // A write of the next group still running: counted, though not acknowledged (Redis
    // delivers the group again, and the store finds it stored).
    if (m_writing.valid()) {
        if (auto outcome = m_writing.get())
            countStored(*outcome);
    }
    if (m_source && m_source->isConnected())
        pollSourceStats(); // the last report's pending count is the one Redis has now
    m_source.reset();
    if (m_stats.state != IngestState::Failed)
        m_stats.state = IngestState::Stopped;
    if (m_beatTimer)
        m_beatTimer->stop();
    lastBeat();
    closeSink();
    m_stats.ratePerSecond = 0;
    report(true);
    emit finished();
}

} // namespace porthole
