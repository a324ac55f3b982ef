#include "ingestworker.h"

#include "connectionfactory.h"
#include "databaseurl.h"
#include "fileingestsink.h"
#include "migrationrunner.h"
#include "sqlingestsink.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcIngest, "porthole.ingest", QtWarningMsg)

namespace porthole {

namespace {

constexpr int sourceStatsIntervalMs = 1000;
constexpr int firstRetryMs = 200;
constexpr int lastRetryMs = 10000;

const QString connectionPurpose = u"ingest"_s;

} // namespace

// The store the payloads go to, with the connection it owns on the worker's thread.
struct IngestWorker::Sink
{
    std::unique_ptr<ConnectionFactory> factory;
    std::unique_ptr<SqlIngestSink> sql;
    std::unique_ptr<FileIngestSink> file;

    Result<IngestOutcome> write(const QList<Delivery> &group)
    {
        return file ? file->write(group) : sql->write(group);
    }

    ~Sink()
    {
        // Every use of the connection goes before the connection.
        sql.reset();
        file.reset();
        if (factory)
            factory->close(connectionPurpose);
    }
};

IngestWorker::IngestWorker(IngestConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    qRegisterMetaType<porthole::IngestStats>();
    m_stats.atMostOnce = m_config.mode == RedisSource::Mode::PubSub;
    m_stats.source = u"%1 %2 on %3"_s.arg(RedisSource::modeName(m_config.mode), m_config.source.key,
                                          m_config.source.url.toDisplayString());
    m_stats.sink = m_config.sinkUrl;
}

IngestWorker::~IngestWorker() = default;

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
        // The group in hand is stored and acknowledged if the store and Redis allow it now;
        // otherwise it is not acknowledged, and Redis delivers it again later.
        if (!m_inHand.isEmpty() && m_sink && m_source && m_source->isConnected())
            storeGroup();
        finish();
        return;
    }
    if (!m_sink && !openSink())
        return;
    if (!m_source->isConnected() && !openSource())
        return;
    if (!m_inHand.isEmpty() && !storeGroup())
        return;
    if (m_pauseRequested) {
        setState(IngestState::Paused);
        return; // resume() goes on
    }

    auto fetched = m_source->fetch();
    if (!fetched) {
        retryLater(IngestState::Reconnecting, fetched.error().message);
        return;
    }
    m_stats.received += fetched->deliveries.size();
    if (!fetched->lostAtSource.isEmpty()) {
        m_stats.lostAtSource += fetched->lostAtSource.size();
        noteError(tr("%n entries were trimmed from %1 before they were stored; they are lost at "
                     "the source.",
                     nullptr, int(fetched->lostAtSource.size()))
                      .arg(m_config.source.key));
    }
    m_inHand = std::move(fetched->deliveries);
    if (!m_inHand.isEmpty() && !storeGroup())
        return;
    if (!m_sinceSourceStats.isValid() || m_sinceSourceStats.elapsed() >= sourceStatsIntervalMs)
        pollSourceStats();
    report();
    schedule(0);
}

bool IngestWorker::openSink()
{
    auto sink = std::make_unique<Sink>();
    const bool toFiles = m_config.sinkUrl.startsWith(u"file:"_s);
    const QString databaseText = toFiles ? m_config.databaseUrl : m_config.sinkUrl;
    auto url = DatabaseUrl::parse(databaseText);
    if (!url) {
        fail(url.error().message);
        return false;
    }
    sink->factory = std::make_unique<ConnectionFactory>(*url);
    auto db = sink->factory->open(connectionPurpose);
    if (!db) {
        retryLater(IngestState::WaitingForSink, db.error().message);
        return false;
    }
    auto migrations = MigrationRunner::builtin(url->engine());
    if (!migrations) {
        fail(migrations.error().message);
        return false;
    }
    MigrationRunner runner(*db, *migrations);
    auto version = runner.currentVersion();
    if (!version) {
        retryLater(IngestState::WaitingForSink, version.error().message);
        return false;
    }
    if (*version == 0) { // a new database: the worker creates the schema
        if (auto created = runner.up(); !created) {
            retryLater(IngestState::WaitingForSink, created.error().message);
            return false;
        }
    } else if (Status current = runner.checkCurrent(); !current) {
        fail(current.errorMessage());
        return false;
    }
    if (toFiles) {
        const QString directory = QUrl(m_config.sinkUrl).toLocalFile();
        if (directory.isEmpty()) {
            fail(tr("The batch-file sink %1 names no folder; write it as file:///path/to/folder.")
                     .arg(m_config.sinkUrl));
            return false;
        }
        auto file = FileIngestSink::open(directory, *db, m_config.maxPayloadBytes);
        if (!file) {
            if (file.error().kind == StorageError::Kind::Locked ||
                file.error().kind == StorageError::Kind::Io)
                retryLater(IngestState::WaitingForSink, file.error().message);
            else
                fail(file.error().message);
            return false;
        }
        if (!(*file)->recovery().message.isEmpty())
            noteError((*file)->recovery().message);
        sink->file = std::move(file).value();
    } else {
        sink->sql = std::make_unique<SqlIngestSink>(*db, m_config.maxPayloadBytes);
    }
    m_sink = std::move(sink);
    return true;
}

bool IngestWorker::openSource()
{
    setState(m_stats.received == 0 && m_failures == 0 ? IngestState::Connecting
                                                      : IngestState::Reconnecting);
    if (Status opened = m_source->open(); !opened) {
        retryLater(IngestState::Reconnecting, opened.errorMessage());
        return false;
    }
    m_failures = 0;
    setState(IngestState::Running);
    pollSourceStats();
    return true;
}

bool IngestWorker::storeGroup()
{
    if (!m_stored) {
        auto outcome = m_sink->write(m_inHand);
        if (!outcome) {
            // Nothing of the group is stored or acknowledged; it stays in hand.
            retryLater(IngestState::WaitingForSink, outcome.error().message);
            return false;
        }
        m_stats.stored += outcome->stored;
        m_stats.duplicates += outcome->duplicates;
        m_stats.deadLettered += outcome->deadLettered;
        m_stored = true;
    }
    if (Status acknowledged = m_source->acknowledge(m_inHand); !acknowledged) {
        // Stored but not acknowledged: Redis delivers the group again and the sink finds it
        // stored. Nothing is kept in hand.
        m_inHand.clear();
        m_stored = false;
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
    setState(state);
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

void IngestWorker::setState(IngestState state)
{
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

void IngestWorker::finish()
{
    if (m_timer)
        m_timer->stop();
    m_source.reset();
    m_sink.reset();
    if (m_stats.state != IngestState::Failed)
        m_stats.state = IngestState::Stopped;
    m_stats.ratePerSecond = 0;
    report(true);
    emit finished();
}

} // namespace porthole
