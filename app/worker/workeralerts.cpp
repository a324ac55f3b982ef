#include "workeralerts.h"

#include "alertwebhook.h"

#include <QLoggingCategory>
#include <QThread>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

Q_LOGGING_CATEGORY(lcAlerts, "porthole.ingest.alerts")

} // namespace

WorkerAlerts::WorkerAlerts(ConnectionFactory connections, Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_service(new AlertService(std::move(connections), m_options.config.rules,
                                 {.writeHistory = m_options.writeHistory}, this))
    , m_timer(this)
{
    // The group rules read streams on the worker's Redis server; those that name none read the
    // worker's own (fitAlertRulesToWorker() named it in each), which a list or a channel lacks.
    const bool stream = m_options.mode == RedisSource::Mode::Stream;
    m_service->setSources({.redis = m_options.source.url,
                           .redisTimeouts = m_options.source.timeouts,
                           .stream = stream ? m_options.source.key : QString(),
                           .batchDirectory = m_options.batchDirectory});
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
}

void WorkerAlerts::setStats(const IngestStats &stats)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_service->noteIngest(stats.lastErrorAt);
    m_stats = stats;
    if (!m_ranOnce && stats.state == IngestState::Running)
        evaluate(QDateTime::currentDateTimeUtc());
}

void WorkerAlerts::evaluate(const QDateTime &now)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_ranOnce = true;
    if (m_stats) {
        const bool receiving = m_stats->state == IngestState::Running;
        m_service->provide(AlertKind::IngestStopped, {{.subject = {}, .value = receiving ? 0 : 1}});
    }
    m_service->evaluate(now);
    Q_EMIT evaluated({.rules = m_service->evaluator().rules(),
                      .statuses = m_service->evaluator().statuses(),
                      .evaluatedAt = now});
}

} // namespace porthole
