#include "alertservice.h"

#include "alertsignals.h"
#include "fallbacktable.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString connectionPurpose = u"alerts"_s;

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
}

void AlertService::closeConnection()
{
    if (!m_connectionOpen)
        return;
    m_connections.close(connectionPurpose);
    m_connectionOpen = false;
}

void AlertService::provide(AlertKind kind, const QList<AlertReading> &readings)
{
    m_provided.insert(kind, readings);
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

Result<QList<AlertReading>> AlertService::readingsOf(const AlertRule &rule, const QDateTime &now)
{
    if (!AlertSignals::readsDatabase(rule.kind)) {
        const auto provided = m_provided.constFind(rule.kind);
        // Nothing handed in yet: the source has not spoken, which is no reading at all.
        return provided == m_provided.cend() ? QList<AlertReading>{} : *provided;
    }
    auto db = database();
    if (!db)
        return db.error();
    return AlertSignals(*db).read(rule, now);
}

void AlertService::record(const AlertEvent &event, QStringList &problems)
{
    if (m_options.writeHistory) {
        auto db = database();
        if (!db) {
            problems << db.errorMessage();
        } else {
            if (auto appended = AlertHistory(*db).append(event); !appended)
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
        const bool provided = m_provided.contains(rule.kind);
        if (!AlertSignals::readsDatabase(rule.kind) && !provided)
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
