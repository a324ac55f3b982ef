#include "retention.h"

#include "auditlog.h"
#include "sqlsupport.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

struct Cutoffs
{
    QVariant metrics;
    QVariant messages;
};

Cutoffs cutoffsOf(const RetentionPlan &plan, SqlEngine engine)
{
    return {timestampParam(plan.now.addDays(-plan.rules.metricsDays), engine),
            timestampParam(plan.now.addDays(-plan.rules.completedMessagesDays), engine)};
}

// Checkpoints beyond the newest N of each component; the latest version of a name is
// always kept, whatever its age.
const QString surplusCheckpoints =
    u"SELECT id FROM (SELECT id, is_latest, ROW_NUMBER() OVER (PARTITION BY component_name "
    "ORDER BY created_at DESC, version DESC) AS rn FROM checkpoints) ranked "
    "WHERE rn > ? AND NOT is_latest"_s;

Result<qint64> countOf(const QSqlDatabase &db, const QString &sql, const QVariantList &params)
{
    auto query = execQuery(db, sql, params, u"Previewing retention"_s);
    if (!query)
        return query.error();
    query->next();
    return query->value(0).toLongLong();
}

Result<qint64> deleteWhere(const QSqlDatabase &db, const QString &sql, const QVariantList &params)
{
    auto query = execQuery(db, sql, params, u"Applying retention"_s);
    if (!query)
        return query.error();
    return query->numRowsAffected();
}

} // namespace

Result<RetentionPlan> previewRetention(const QSqlDatabase &db, const RetentionRules &rules,
                                       const QDateTime &now)
{
    if (rules.metricsDays < 1 || rules.completedMessagesDays < 1 ||
        rules.checkpointsPerComponent < 1)
        return StorageError::invalidArgument(
            u"Retention keeps at least one day and one checkpoint."_s);
    RetentionPlan plan;
    plan.rules = rules;
    plan.now = now.toUTC();
    const SqlEngine engine = engineOf(db);
    const Cutoffs cut = cutoffsOf(plan, engine);

    auto component =
        countOf(db, u"SELECT count(*) FROM component_metrics WHERE timestamp < ?"_s, {cut.metrics});
    auto port =
        countOf(db, u"SELECT count(*) FROM port_metrics WHERE timestamp < ?"_s, {cut.metrics});
    auto messages = countOf(
        db, u"SELECT count(*) FROM port_messages WHERE status = 'completed' AND completed_at < ?"_s,
        {cut.messages});
    for (const auto *result : {&component, &port, &messages})
        if (!*result)
            return result->error();
    plan.componentMetrics = *component;
    plan.portMetrics = *port;
    plan.completedMessages = *messages;

    auto checkpoints = execQuery(db, surplusCheckpoints, {rules.checkpointsPerComponent},
                                 u"Previewing retention"_s);
    if (!checkpoints)
        return checkpoints.error();
    while (checkpoints->next())
        plan.checkpointIds << checkpoints->value(0).toString();
    return plan;
}

Result<RetentionPlan> applyRetention(const QSqlDatabase &db, const RetentionPlan &plan,
                                     const QString &actor)
{
    const SqlEngine engine = engineOf(db);
    const Cutoffs cut = cutoffsOf(plan, engine);
    SqlTransaction transaction(db);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();

    RetentionPlan done = plan;
    done.checkpointIds.clear();
    auto component =
        deleteWhere(db, u"DELETE FROM component_metrics WHERE timestamp < ?"_s, {cut.metrics});
    auto port = deleteWhere(db, u"DELETE FROM port_metrics WHERE timestamp < ?"_s, {cut.metrics});
    auto messages = deleteWhere(
        db, u"DELETE FROM port_messages WHERE status = 'completed' AND completed_at < ?"_s,
        {cut.messages});
    for (const auto *result : {&component, &port, &messages})
        if (!*result)
            return result->error();
    done.componentMetrics = *component;
    done.portMetrics = *port;
    done.completedMessages = *messages;
    for (const QString &id : plan.checkpointIds) {
        // A checkpoint that became the latest since the preview stays.
        auto deleted =
            deleteWhere(db, u"DELETE FROM checkpoints WHERE id = ? AND NOT is_latest"_s, {id});
        if (!deleted)
            return deleted.error();
        if (*deleted > 0)
            done.checkpointIds << id;
    }

    AuditEntry entry;
    entry.actor = actor;
    entry.action = u"retention"_s;
    entry.targetTable = u"component_metrics, port_metrics, port_messages, checkpoints"_s;
    entry.filter =
        QJsonObject{{u"now"_s, plan.now.toString(Qt::ISODateWithMs)},
                    {u"metrics_days"_s, plan.rules.metricsDays},
                    {u"completed_messages_days"_s, plan.rules.completedMessagesDays},
                    {u"checkpoints_per_component"_s, plan.rules.checkpointsPerComponent}};
    entry.affectedIds = QJsonArray::fromStringList(done.checkpointIds);
    entry.affectedCount = done.total();
    entry.before = QJsonObject{{u"component_metrics"_s, plan.componentMetrics},
                               {u"port_metrics"_s, plan.portMetrics},
                               {u"completed_messages"_s, plan.completedMessages},
                               {u"checkpoints"_s, plan.checkpointIds.size()}};
    entry.after = QJsonObject{{u"component_metrics"_s, done.componentMetrics},
                              {u"port_metrics"_s, done.portMetrics},
                              {u"completed_messages"_s, done.completedMessages},
                              {u"checkpoints"_s, done.checkpointIds.size()}};
    entry.details = u"Deleted by the retention rules, previewed first"_s;
    if (auto appended = AuditLog(db).append(entry); !appended)
        return appended.error();
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return done;
}

} // namespace porthole
