// ActionOutbox: what it reads back of an action, from its audit entry and its outbox rows:
// how it was opened, its options and rate, its counts so far, the actions still open.
#include "actionoutbox.h"
#include "auditlog.h"
#include "faultpoint.h"
#include "replaypublisher.h"
#include "repositorysupport.h"
#include "sqlerror.h"
#include "sqlsupport.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace porthole {

Result<ActionSummary> ActionOutbox::stepSummary(qint64 auditId, const ActionOptions &options,
                                                const ChunkResult &step)
{
    // The counts carry on from step to step; they are read whole only at the first step and
    // when nothing is left open (another runner may have done rows too).
    auto stillOpen = execQuery(m_db,
                               u"SELECT 1 FROM action_outbox WHERE audit_id = ? AND "
                               "state = 'prepared' LIMIT 1"_s,
                               {auditId}, u"Looking for the rest of action %1"_s.arg(auditId));
    if (!stillOpen)
        return stillOpen.error();
    const bool finished = !stillOpen->next();
    Result<ActionSummary> summary = ActionSummary{};
    if (auto known = m_known.find(auditId); known != m_known.end() && !finished) {
        known->applied += step.applied;
        known->skipped += step.skipped.size();
        summary = *known;
    } else {
        summary = this->summary(auditId);
    }
    if (!summary)
        return summary.error();
    m_known.insert(auditId, *summary);
    if (finished) {
        if (Status closed = close(*summary, options, u"finished"_s, {}); !closed)
            return closed.error();
    }
    return summary;
}

Result<ActionOutbox::Opening> ActionOutbox::openingOf(qint64 auditId) const
{
    auto query = execQuery(m_db, u"SELECT action, filter FROM audit_log WHERE id = ?"_s, {auditId},
                           u"Reading action %1"_s.arg(auditId));
    if (!query)
        return query.error();
    if (!query->next())
        return StorageError{StorageError::Kind::NotFound,
                            u"There is no action %1 in the audit log."_s.arg(auditId)};
    return Opening{query->value(0).toString(),
                   QJsonDocument::fromJson(query->value(1).toString().toUtf8()).object()};
}

Result<ActionOptions> ActionOutbox::optionsOf(qint64 auditId) const
{
    auto opening = openingOf(auditId);
    if (!opening)
        return opening.error();
    const auto kind = actionKindFromName(opening->action);
    const QJsonObject json = opening->filter.value(u"options"_s).toObject();
    if (!kind || json.isEmpty())
        return StorageError::invalidArgument(
            u"Audit entry %1 is not the start of an action on port messages."_s.arg(auditId));
    ActionOptions options;
    options.kind = *kind;
    options.target = json.value(u"target"_s).toString() == u"redis"_s ? ReplayTarget::Redis
                                                                      : ReplayTarget::Database;
    options.redisUrl = json.value(u"redis"_s).toString();
    options.redisKey = json.value(u"key"_s).toString(options.redisKey);
    options.resetRetries = json.value(u"reset_retries"_s).toBool(true);
    options.replayBudget = json.value(u"replay_budget"_s).toInt(options.replayBudget);
    options.overrideBudget = json.value(u"override_budget"_s).toBool();
    options.toPort = json.value(u"to_port"_s).toString();
    return options;
}

Result<double> ActionOutbox::rateOf(qint64 auditId) const
{
    auto opening = openingOf(auditId);
    if (!opening)
        return opening.error();
    const double rate = opening->filter.value(u"rate_per_second"_s).toDouble();
    return rate > 0 ? rate : 0.0;
}

Result<ActionSummary> ActionOutbox::summary(qint64 auditId) const
{
    auto options = optionsOf(auditId);
    if (!options)
        return options.error();
    auto query = execQuery(m_db,
                           u"SELECT outcome, count(*) FROM action_outbox WHERE audit_id = ? "
                           "GROUP BY outcome"_s,
                           {auditId}, u"Summing up action %1"_s.arg(auditId));
    if (!query)
        return query.error();
    ActionSummary summary;
    summary.auditId = auditId;
    summary.kind = options->kind;
    summary.target = options->target;
    while (query->next()) {
        const QString outcome = query->value(0).toString();
        const qint64 n = query->value(1).toLongLong();
        summary.total += n;
        if (outcome == u"applied"_s)
            summary.applied = n;
        else if (outcome == u"skipped"_s)
            summary.skipped = n;
        else if (outcome == u"cancelled"_s)
            summary.cancelled = n;
    }
    return summary;
}

Result<QList<ActionSummary>> ActionOutbox::openActions() const
{
    auto query = execQuery(m_db,
                           u"SELECT DISTINCT audit_id FROM action_outbox WHERE state = 'prepared' "
                           "ORDER BY audit_id"_s,
                           {}, u"Looking for unfinished actions"_s);
    if (!query)
        return query.error();
    QList<qint64> ids;
    while (query->next())
        ids << query->value(0).toLongLong();
    QList<ActionSummary> open;
    for (qint64 id : std::as_const(ids)) {
        auto summary = this->summary(id);
        if (!summary)
            return summary.error();
        open.append(*summary);
    }
    return open;
}

Result<QString> ActionOutbox::redisUrlOf(qint64 auditId) const
{
    auto options = optionsOf(auditId);
    if (!options)
        return options.error();
    return options->redisUrl;
}

} // namespace porthole
