#include "alertservice.h"

#include "alertsignals.h"
#include "batchintegrity.h"
#include "fallbacktable.h"
#include "redisalertsignals.h"

#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString connectionPurpose = u"alerts"_s;
// A store's check reads every file: its findings are read again at most this often.
constexpr qint64 batchCheckSeconds = 60;

} // namespace

AlertService::AlertService(ConnectionFactory connections, QList<AlertRule> rules, Options options,
                           QObject *parent)
    : QObject(parent)
    , m_connections(std::move(connections))
    , m_options(options)
    , m_evaluator(std::move(rules))
    , m_timer(this)
{
    connect(&m_timer, &QTimer::timeout, this,
            [this] { evaluate(QDateTime::currentDateTimeUtc()); });
}

AlertService::~AlertService()
{
    closeConnection();
}

void AlertService::start(std::chrono::milliseconds interval)
{
    restoreStates();
    m_timer.start(interval);
    evaluate(QDateTime::currentDateTimeUtc());
}

void AlertService::restoreStates()
{
    auto db = database();
    if (!db || !hasTable(*db, u"alert_history"_s))
        return; // no history to go on from (a pipeline's own database): every rule starts ok
    auto latest = AlertHistory(*db).latestStates();
    if (!latest) {
        Q_EMIT failed(latest.errorMessage());
        return;
    }
    for (const AlertHistoryEntry &entry : std::as_const(*latest))
        m_evaluator.restore(entry.ruleId, entry.subject, entry.to, entry.occurredAt,
                            entry.details.value(u"acknowledged"_s).toBool());
}

void AlertService::stop()
{
    m_timer.stop();
    closeConnection();
    m_redis.reset();
}

void AlertService::closeConnection()
{
    if (!m_connectionOpen)
        return;
    m_connections.close(connectionPurpose);
    m_connectionOpen = false;
}

void AlertService::setSources(Sources sources)
{
    m_sources = std::move(sources);
    m_redis.reset();
    m_batchFindings.reset();
    m_batchCheckedAt = {};
}

void AlertService::provide(AlertKind kind, const QList<AlertReading> &readings)
{
    m_provided.insert(kind, readings);
}

void AlertService::noteIngest(const QDateTime &lastErrorAt)
{
    if (!m_ingestErrors)
        m_ingestErrors.emplace();
    // Reports are coalesced and repeat the latest error: each counts once, by its own time.
    if (lastErrorAt.isValid() &&
        (m_ingestErrors->isEmpty() || m_ingestErrors->constLast() != lastErrorAt))
        m_ingestErrors->append(lastErrorAt);
}

void AlertService::setRules(QList<AlertRule> rules)
{
    m_evaluator.setRules(std::move(rules));
}

void AlertService::silence(const QString &ruleId, const QDateTime &until)
{
    m_evaluator.silence(ruleId, until);
}

bool AlertService::acknowledge(const QString &ruleId, const QString &subject)
{
    return m_evaluator.acknowledge(ruleId, subject);
}

Result<QSqlDatabase> AlertService::database()
{
    auto db = m_connections.open(connectionPurpose);
    if (db)
        m_connectionOpen = true;
    return db;
}

bool AlertService::hasSource(AlertKind kind)
{
    if (AlertSignals::readsDatabase(kind)) {
        const QString table = AlertSignals::tableRead(kind);
        if (table.isEmpty())
            return true;
        auto db = database(); // when it cannot be opened, reading it says why
        return !db || hasTable(*db, table);
    }
    if (RedisAlertSignals::readsRedis(kind))
        return m_sources.redis.has_value();
    switch (kind) {
    case AlertKind::BatchIntegrity:
        return !m_sources.batchDirectory.isEmpty();
    case AlertKind::IngestErrorRate:
        return m_ingestErrors.has_value();
    default:
        return m_provided.contains(kind);
    }
}

Result<QList<AlertReading>> AlertService::readingsOf(const AlertRule &rule, const QDateTime &now)
{
    if (RedisAlertSignals::readsRedis(rule.kind))
        return redisReadings(rule);
    if (rule.kind == AlertKind::BatchIntegrity)
        return batchReadings(now);
    if (rule.kind == AlertKind::IngestErrorRate) {
        const QDateTime minuteAgo = now.addSecs(-60);
        m_ingestErrors->erase(std::remove_if(m_ingestErrors->begin(), m_ingestErrors->end(),
                                             [&](const QDateTime &t) { return t <= minuteAgo; }),
                              m_ingestErrors->end());
        const auto inMinute = std::count_if(m_ingestErrors->cbegin(), m_ingestErrors->cend(),
                                            [&](const QDateTime &t) { return t <= now; });
        return QList<AlertReading>{{.subject = {}, .value = double(inMinute)}};
    }
    if (!AlertSignals::readsDatabase(rule.kind))
        return m_provided.value(rule.kind);
    auto db = database();
    if (!db)
        return db.error();
    return AlertSignals(*db).read(rule, now);
}

Result<QList<AlertReading>> AlertService::redisReadings(const AlertRule &rule)
{
    if (!m_redis) {
        auto client = std::make_unique<RedisClient>();
        if (Status connected = client->connect(*m_sources.redis, m_sources.redisTimeouts);
            !connected)
            return connected.error();
        m_redis = std::move(client);
    }
    auto readings = RedisAlertSignals(*m_redis).read(rule, m_sources.stream);
    if (!readings)
        m_redis.reset(); // a broken connection is not reused: connect anew next round
    return readings;
}

Result<QList<AlertReading>> AlertService::batchReadings(const QDateTime &now)
{
    if (m_batchFindings && m_batchCheckedAt <= now &&
        m_batchCheckedAt.secsTo(now) < batchCheckSeconds)
        return *m_batchFindings;
    auto report = checkBatchStore(m_sources.batchDirectory);
    if (!report)
        return report.error();
    qint64 findings = report->findings.size();
    for (const qint64 omitted : std::as_const(report->omitted))
        findings += omitted;
    m_batchFindings = QList<AlertReading>{{.subject = {}, .value = double(findings)}};
    m_batchCheckedAt = now;
    return *m_batchFindings;
}

void AlertService::record(const AlertEvent &event, QStringList &problems)
{
    if (m_options.writeHistory) {
        auto db = database();
        if (!db) {
            problems << db.errorMessage();
        } else {
            QJsonObject details;
            if (!event.detail.isEmpty())
                details.insert(u"detail"_s, event.detail);
            if (auto appended = AlertHistory(*db).append(event, details); !appended)
                problems << u"%1: the alert history was not written: %2"_s.arg(
                    event.ruleName, appended.errorMessage());
        }
    }
    Q_EMIT changed(event);
}

void AlertService::loadHistory(int limit)
{
    auto db = database();
    if (!db) {
        Q_EMIT failed(db.errorMessage());
        return;
    }
    if (!hasTable(*db, u"alert_history"_s)) { // a pipeline's own database: none yet
        Q_EMIT historyLoaded({});
        return;
    }
    PageRequest request;
    request.limit = limit;
    auto page = AlertHistory(*db).page({}, request);
    if (!page) {
        Q_EMIT failed(page.errorMessage());
        return;
    }
    Q_EMIT historyLoaded(page->rows);
}

void AlertService::evaluate(const QDateTime &now)
{
    QStringList problems;
    for (const AlertRule &rule : m_evaluator.rules()) {
        if (!rule.enabled)
            continue;
        if (!hasSource(rule.kind))
            continue;
        auto readings = readingsOf(rule, now);
        if (!readings) {
            problems << u"%1: %2"_s.arg(rule.name, readings.errorMessage());
            continue;
        }
        for (const AlertEvent &event : m_evaluator.feed(rule.id, *readings, now))
            record(event, problems);
    }
    if (!problems.isEmpty())
        Q_EMIT failed(problems.join(u'\n'));
    Q_EMIT evaluated(m_evaluator.statuses());
}

} // namespace porthole
