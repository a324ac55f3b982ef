#include "workeralerts.h"

#include "alertwebhook.h"
#include "streambrowser.h"
#include "streamgroups.h"

#include <QLoggingCategory>
#include <QThread>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

Q_LOGGING_CATEGORY(lcAlerts, "porthole.ingest.alerts")

constexpr int pendingPage = 100;

} // namespace

WorkerAlerts::WorkerAlerts(ConnectionFactory connections, Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_service(new AlertService(std::move(connections), m_options.config.rules,
                                 {.writeHistory = m_options.writeHistory}, this))
    , m_timer(this)
{
    qRegisterMetaType<porthole::IngestStats>();
    qRegisterMetaType<porthole::WorkerAlertReport>();
    if (m_options.config.webhook) {
        m_webhook = new AlertWebhook(*m_options.config.webhook, this);
        connect(m_webhook, &AlertWebhook::retrying, this, [](const QString &problem, qint64 ms) {
            qCWarning(lcAlerts).noquote()
                << "web hook:" << problem << "- trying again in" << ms << "ms";
        });
        connect(m_webhook, &AlertWebhook::dropped, this, &WorkerAlerts::failed);
    }
    connect(m_service, &AlertService::changed, this, [this](const AlertEvent &event) {
        if (m_webhook && event.notifies())
            m_webhook->notify(event);
        Q_EMIT changed(event);
    });
    connect(m_service, &AlertService::failed, this, &WorkerAlerts::failed);
    connect(&m_timer, &QTimer::timeout, this,
            [this] { evaluate(QDateTime::currentDateTimeUtc()); });
}

WorkerAlerts::~WorkerAlerts() = default;

void WorkerAlerts::start()
{
    m_timer.start(m_options.config.interval);
}

void WorkerAlerts::stop()
{
    m_timer.stop();
    m_service->stop();
    m_redis.reset();
}

void WorkerAlerts::setStats(const IngestStats &stats)
{
    Q_ASSERT(QThread::currentThread() == thread());
    // Reports are coalesced: an error is counted once, by the time the worker gave it.
    if (stats.lastErrorAt.isValid() && (!m_stats || m_stats->lastErrorAt != stats.lastErrorAt))
        m_errorTimes.append(stats.lastErrorAt);
    m_stats = stats;
    if (!m_ranOnce && stats.state == IngestState::Running)
        evaluate(QDateTime::currentDateTimeUtc());
}

void WorkerAlerts::provideReceiverReadings(const QDateTime &now)
{
    const QDateTime minuteAgo = now.addSecs(-60);
    m_errorTimes.erase(std::remove_if(m_errorTimes.begin(), m_errorTimes.end(),
                                      [&](const QDateTime &t) { return t <= minuteAgo; }),
                       m_errorTimes.end());
    if (!m_stats)
        return; // the receiver has not reported yet: no reading at all
    const bool receiving = m_stats->state == IngestState::Running;
    m_service->provide(AlertKind::IngestStopped, {{.subject = {}, .value = receiving ? 0 : 1}});
    m_service->provide(AlertKind::IngestErrorRate,
                       {{.subject = {}, .value = double(m_errorTimes.size())}});
}

void WorkerAlerts::provideStreamReadings(QStringList &problems)
{
    const RedisSourceOptions &source = m_options.source;
    const QString subject = source.group;
    const auto noValue = [&](const QString &problem) {
        problems << u"the consumer group %1 of %2: %3"_s.arg(source.group, source.key, problem);
        m_service->provide(AlertKind::GroupLag, {{.subject = subject, .value = std::nullopt}});
        m_service->provide(AlertKind::PendingAge, {{.subject = subject, .value = std::nullopt}});
        m_redis.reset(); // connect anew next round
    };
    if (!m_redis) {
        m_redis = std::make_unique<RedisClient>();
        if (Status connected = m_redis->connect(source.url, source.timeouts); !connected)
            return noValue(connected.errorMessage());
    }
    const QByteArray key = source.key.toUtf8();
    const QByteArray group = source.group.toUtf8();
    auto groups = readStreamGroups(*m_redis, key);
    if (!groups)
        return noValue(groups.errorMessage());
    std::optional<double> lag;
    for (const StreamGroup &found : std::as_const(*groups)) {
        if (found.group == source.group && found.lag >= 0)
            lag = double(found.lag);
    }
    auto pending = readPendingPage(*m_redis, {.key = key, .group = group, .count = pendingPage});
    if (!pending)
        return noValue(pending.errorMessage());
    qint64 idleMs = 0;
    for (const PendingEntry &entry : std::as_const(*pending))
        idleMs = std::max(idleMs, entry.idleMs);
    m_service->provide(AlertKind::GroupLag, {{.subject = subject, .value = lag}});
    m_service->provide(AlertKind::PendingAge,
                       {{.subject = subject, .value = double(idleMs) / 1000}});
}

void WorkerAlerts::evaluate(const QDateTime &now)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_ranOnce = true;
    provideReceiverReadings(now);
    QStringList problems;
    const bool watchesGroup = std::any_of(
        m_options.config.rules.cbegin(), m_options.config.rules.cend(), [](const AlertRule &rule) {
            return rule.enabled &&
                   (rule.kind == AlertKind::GroupLag || rule.kind == AlertKind::PendingAge);
        });
    if (watchesGroup && m_options.mode == RedisSource::Mode::Stream)
        provideStreamReadings(problems);
    if (!problems.isEmpty())
        Q_EMIT failed(problems.join(u'\n'));
    m_service->evaluate(now);
    Q_EMIT evaluated({.rules = m_service->evaluator().rules(),
                      .statuses = m_service->evaluator().statuses(),
                      .evaluatedAt = now});
}

} // namespace porthole
