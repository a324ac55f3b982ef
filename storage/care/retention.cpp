#include "retention.h"

#include "auditlog.h"
#include "fallbacktable.h"
#include "sqlsupport.h"
#include "walcheckpointer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <array>
#include <thread>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A table whose rows go when they are older than its rule's days.
struct AgedTable
{
    QString table;
    QString condition; // one `?`: the cut-off
    QString timeIndex; // the indexed time column its batches walk, oldest first; empty: none
    int RetentionRules::*days;
    qint64 RetentionPlan::*rows;
    // Its whole chunks past the cut-off, where it is a hypertable chunked by timeIndex; null
    // where the condition is more than the time (a chunk past it may hold rows that stay).
    qint64 RetentionPlan::*chunks;
    bool own = false; // Porthole's own, which a database not migrated lacks
};

const std::array<AgedTable, 4> &agedTables()
{
    static const std::array<AgedTable, 4> tables{{
        {u"component_metrics"_s, u"timestamp < ?"_s, u"timestamp"_s,
         &RetentionRules::componentMetricsDays, &RetentionPlan::componentMetrics,
         &RetentionPlan::componentMetricsChunks},
        {u"port_metrics"_s, u"timestamp < ?"_s, u"timestamp"_s, &RetentionRules::portMetricsDays,
         &RetentionPlan::portMetrics, &RetentionPlan::portMetricsChunks},
        // completed_at has no index (in the pipeline's schemas either).
        {u"port_messages"_s, u"status = 'completed' AND completed_at < ?"_s, QString(),
         &RetentionRules::completedMessagesDays, &RetentionPlan::completedMessages, nullptr},
        {u"backlog_samples"_s, u"slot < ?"_s, u"slot"_s, &RetentionRules::backlogSamplesDays,
         &RetentionPlan::backlogSamples, &RetentionPlan::backlogSamplesChunks, true},
    }};
    return tables;
}

// Whether the table's rule applies on `db`: it keeps something, and the table is there.
bool applies(const QSqlDatabase &db, const RetentionRules &rules, const AgedTable &table)
{
    return rules.*table.days != 0 && (!table.own || hasTable(db, table.table));
}

QVariant cutoffOf(const RetentionPlan &plan, const AgedTable &table, SqlEngine engine)
{
    return timestampParam(plan.now.addDays(-(plan.rules.*table.days)), engine);
}

// Checkpoints beyond the newest N of each component; the latest version of a name is
// always kept, whatever its age.
const QString surplusCheckpoints =
    u"SELECT id FROM (SELECT id, is_latest, ROW_NUMBER() OVER (PARTITION BY component_name "
    "ORDER BY created_at DESC, version DESC) AS rn FROM checkpoints) ranked "
    "WHERE rn > ? AND NOT is_latest"_s;

// Checkpoint ids bound in one statement: far below SQLite's limit of bound values.
constexpr int checkpointsPerStatement = 500;

Result<qint64> countOf(const QSqlDatabase &db, const AgedTable &table, const QVariant &cutoff)
{
    auto query =
        execQuery(db, u"SELECT count(*) FROM %1 WHERE %2"_s.arg(table.table, table.condition),
                  {cutoff}, u"Previewing retention"_s);
    if (!query)
        return query.error();
    query->next();
    return query->value(0).toLongLong();
}

// The type of the table's time column (timestamp with or without time zone) where it is a
// TimescaleDB hypertable whose time dimension is that column, so that a chunk past the cut-off
// holds only rows past it; empty where it is not (plain PostgreSQL, SQLite, no hypertable).
Result<QString> chunkedBy(const QSqlDatabase &db, const AgedTable &table)
{
    if (!table.chunks || engineOf(db) != SqlEngine::PostgreSQL)
        return QString();
    auto time = hypertableTime(db, {}, table.table);
    if (!time)
        return time.error();
    if (!*time || (*time)->column != table.timeIndex)
        return QString();
    const QString type = (*time)->type;
    if (type != u"timestamp with time zone"_s && type != u"timestamp without time zone"_s)
        return QString(); // an integer time: its cut-off is not a time
    return type;
}

// The whole chunks of a hypertable past the cut-off, as drop_chunks() with it drops them: those
// whose range ends at or before it.
Result<qint64> chunksPast(const QSqlDatabase &db, const AgedTable &table, const QString &type,
                          const QVariant &cutoff)
{
    auto query = execQuery(db,
                           u"SELECT count(*) FROM show_chunks(CAST(? AS regclass), "
                           "older_than => CAST(? AS %1))"_s.arg(type),
                           {table.table, cutoff}, u"Previewing retention"_s);
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

QJsonObject countsOf(const RetentionPlan &plan)
{
    QJsonObject counts{{u"component_metrics"_s, plan.componentMetrics},
                       {u"port_metrics"_s, plan.portMetrics},
                       {u"completed_messages"_s, plan.completedMessages},
                       {u"backlog_samples"_s, plan.backlogSamples},
                       {u"checkpoints"_s, plan.checkpointIds.size()}};
    // Whole chunks of hypertables, among the rows above; only where there are any.
    if (plan.chunks() > 0)
        counts.insert(u"chunks"_s,
                      QJsonObject{{u"component_metrics"_s, plan.componentMetricsChunks},
                                  {u"port_metrics"_s, plan.portMetricsChunks},
                                  {u"backlog_samples"_s, plan.backlogSamplesChunks}});
    return counts;
}

AuditEntry auditEntryOf(const RetentionPlan &plan, const RetentionOptions &options)
{
    AuditEntry entry;
    entry.actor = options.actor;
    entry.action = u"retention"_s;
    entry.targetTable =
        u"component_metrics, port_metrics, port_messages, backlog_samples, checkpoints"_s;
    entry.filter =
        QJsonObject{{u"now"_s, plan.now.toString(Qt::ISODateWithMs)},
                    {u"component_metrics_days"_s, plan.rules.componentMetricsDays},
                    {u"port_metrics_days"_s, plan.rules.portMetricsDays},
                    {u"completed_messages_days"_s, plan.rules.completedMessagesDays},
                    {u"backlog_samples_days"_s, plan.rules.backlogSamplesDays},
                    {u"checkpoints_per_component"_s, plan.rules.checkpointsPerComponent}};
    entry.affectedIds = QJsonArray::fromStringList(plan.checkpointIds);
    entry.affectedCount = plan.total();
    entry.before = countsOf(plan);
    entry.details =
        u"Deleting the rows the retention rules previewed, %1 at a time"_s.arg(options.batchSize);
    if (plan.chunks() > 0)
        entry.details +=
            u"; %1 whole chunks of hypertables with drop_chunks()"_s.arg(plan.chunks());
    return entry;
}

// The audit log's second word on a run that did not finish: how far it got, and why.
void auditStop(const QSqlDatabase &db, const RetentionPlan &plan, const RetentionPlan &done,
               const RetentionOptions &options, const QString &reason)
{
    AuditEntry entry = auditEntryOf(plan, options);
    entry.affectedIds = QJsonArray::fromStringList(done.checkpointIds);
    entry.affectedCount = done.total();
    entry.after = countsOf(done);
    entry.details = u"Retention stopped after %1 of %2 rows: %3"_s.arg(done.total())
                        .arg(plan.total())
                        .arg(reason);
    // Best effort: the run's first entry already announced what it set out to delete.
    (void)AuditLog(db).append(entry);
}

// The whole chunks of the table past the cut-off where it is a hypertable, else 0.
Result<qint64> wholeChunks(const QSqlDatabase &db, const AgedTable &table, const QVariant &cutoff)
{
    auto type = chunkedBy(db, table);
    if (!type)
        return type.error();
    if (type->isEmpty())
        return qint64(0);
    return chunksPast(db, table, *type, cutoff);
}

// Rows and whole chunks under the plan's cut-offs now, against the preview: the plan deletes
// what it showed.
Status checkUnchanged(const QSqlDatabase &db, const RetentionPlan &plan)
{
    const SqlEngine engine = engineOf(db);
    for (const AgedTable &table : agedTables()) {
        if (!applies(db, plan.rules, table))
            continue;
        auto now = countOf(db, table, cutoffOf(plan, table, engine));
        if (!now)
            return now.error();
        if (*now != plan.*table.rows)
            return StorageError{
                StorageError::Kind::Conflict,
                u"%1 has %2 rows under the retention rule where the preview found %3 (rows "
                "written since with an older time): preview again."_s.arg(table.table)
                    .arg(*now)
                    .arg(plan.*table.rows)};
        auto chunks = wholeChunks(db, table, cutoffOf(plan, table, engine));
        if (!chunks)
            return chunks.error();
        if (table.chunks && *chunks != plan.*table.chunks)
            return StorageError{
                StorageError::Kind::Conflict,
                u"%1 has %2 whole chunks under the retention rule where the preview found %3: "
                "preview again."_s.arg(table.table)
                    .arg(*chunks)
                    .arg(plan.*table.chunks)};
    }
    return success();
}

} // namespace

// Sized by how far the last batch was from the target, both ways, at most halved or doubled.
// Growing only below half the target ratcheted down on a large table: a batch's fixed cost (a
// page of each index it touches, the commit) kept every batch above half the target, so after
// each slow one (a checkpoint beside it) the batches stayed smaller for good.
qint64 nextRetentionBatch(qint64 size, qint64 ms, const RetentionOptions &options)
{
    const qint64 target = std::max<qint64>(options.batchTime.count(), 1);
    const qint64 most = std::max<qint64>(std::min<qint64>(size * 2, options.batchSize), 1);
    const qint64 least = std::min<qint64>(std::max<qint64>(size / 2, 10), most);
    return std::clamp(size * target / std::max<qint64>(ms, 1), least, most);
}

namespace {

// One batch of an aged table: the statement deletes up to `limit` rows under the cut-off. On a
// table with a time index it takes the oldest, from `after` on (the newest time the batch
// before deleted; null at first), and returns their times: each batch goes down the index to
// where the last one stopped. Taking whatever rows came first instead, every batch read
// again what the batches before had deleted: on PostgreSQL dead rows stay in the table until
// VACUUM, and a scan from the start went through millions of them.
struct AgedBatch
{
    qint64 deleted = 0;
    QVariant newest; // the newest time deleted, where the table has a time index
};

// Whether `a` is later than `b`: PostgreSQL gives QDateTime, SQLite the column's text.
bool later(const QVariant &a, const QVariant &b)
{
    if (b.isNull())
        return true;
    if (a.metaType().id() == QMetaType::QDateTime && b.metaType().id() == QMetaType::QDateTime)
        return a.toDateTime() > b.toDateTime();
    return a.toString() > b.toString();
}

Result<AgedBatch> deleteAgedBatch(const QSqlDatabase &db, const AgedTable &table,
                                  const QVariant &cutoff, const QVariant &after, qint64 limit)
{
    if (table.timeIndex.isEmpty()) {
        auto deleted =
            deleteWhere(db,
                        u"DELETE FROM %1 WHERE id IN (SELECT id FROM %1 WHERE %2 LIMIT ?)"_s.arg(
                            table.table, table.condition),
                        {cutoff, limit});
        if (!deleted)
            return deleted.error();
        return AgedBatch{*deleted, {}};
    }
    const QString from = after.isNull() ? QString() : u" AND %1 >= ?"_s.arg(table.timeIndex);
    QVariantList params{cutoff};
    if (!after.isNull())
        params << after;
    params << limit;
    auto query = execQuery(
        db,
        u"DELETE FROM %1 WHERE id IN (SELECT id FROM %1 WHERE %2%3 ORDER BY %4 "
        "LIMIT ?) RETURNING %4"_s.arg(table.table, table.condition, from, table.timeIndex),
        params, u"Applying retention"_s);
    if (!query)
        return query.error();
    AgedBatch batch{0, after};
    while (query->next()) {
        ++batch.deleted;
        if (const QVariant at = query->value(0); later(at, batch.newest))
            batch.newest = at;
    }
    return batch;
}

struct DroppedChunks
{
    qint64 chunks = 0;
    qint64 rows = 0;
};

// Drops a hypertable's whole chunks past the cut-off in one transaction, counting the rows
// under the cut-off before and after: what went with the chunks. Refused, with nothing
// dropped, where more rows are under the cut-off than the preview counted (written since with
// an older time): a chunk would take them along.
Result<DroppedChunks> dropWholeChunks(const QSqlDatabase &db, const AgedTable &table,
                                      const QVariant &cutoff, qint64 previewed)
{
    SqlTransaction transaction(db);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    auto type = chunkedBy(db, table);
    if (!type)
        return type.error();
    if (type->isEmpty())
        return DroppedChunks{};
    auto before = countOf(db, table, cutoff);
    if (!before)
        return before.error();
    if (*before > previewed)
        return StorageError{StorageError::Kind::Conflict,
                            u"%1 has %2 rows under the retention rule where the preview found %3 "
                            "(written since with an older time): preview again."_s.arg(table.table)
                                .arg(*before)
                                .arg(previewed)};
    auto dropped = execQuery(db,
                             u"SELECT count(*) FROM drop_chunks(CAST(? AS regclass), "
                             "older_than => CAST(? AS %1))"_s.arg(*type),
                             {table.table, cutoff}, u"Applying retention"_s);
    if (!dropped)
        return dropped.error();
    dropped->next();
    const qint64 chunks = dropped->value(0).toLongLong();
    auto after = countOf(db, table, cutoff);
    if (!after)
        return after.error();
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return DroppedChunks{chunks, *before - *after};
}

// Deletes one aged table's previewed rows a batch at a time, after its whole chunks where it is
// a hypertable; false from progress stops it.
Result<bool> deleteAged(const QSqlDatabase &db, const RetentionPlan &plan, const AgedTable &table,
                        const RetentionOptions &options, RetentionPlan &done)
{
    const QVariant cutoff = cutoffOf(plan, table, engineOf(db));
    const qint64 target = options.batchTime.count();
    const bool lite = engineOf(db) == SqlEngine::SQLite;
    qint64 size = std::min<qint64>(options.batchSize, 100);
    QVariant after;
    qint64 left = plan.*table.rows;
    if (table.chunks && plan.*table.chunks > 0) {
        auto dropped = dropWholeChunks(db, table, cutoff, plan.*table.rows);
        if (!dropped)
            return dropped.error();
        done.*table.rows += dropped->rows;
        done.*table.chunks += dropped->chunks;
        left -= dropped->rows;
        if (options.progress && !options.progress(done))
            return false;
    }
    while (left > 0) {
        // Each batch its own short transaction; on SQLite it takes the write lock first
        // (waiting its turn) rather than fail to upgrade a read the worker wrote past.
        SqlTransaction transaction(db);
        if (Status begun = transaction.begin(); !begun)
            return begun.error();
        QElapsedTimer took;
        took.start();
        auto batch = deleteAgedBatch(db, table, cutoff, after, std::min(size, left));
        if (!batch)
            return batch.error();
        if (Status committed = transaction.commit(); !committed)
            return committed.error();
        if (batch->deleted == 0)
            break;
        after = batch->newest;
        const qint64 ms = took.elapsed();
        size = nextRetentionBatch(size, ms, options);
        // SQLite has one write lock, and a writer waiting for it sleeps in steps of up to
        // 100 ms: a loop that takes the lock again at once starves it (the ingest worker
        // waited two seconds in a test). Resting as long as the batch took lets it in; on
        // PostgreSQL deleting old rows does not hold up inserts.
        if (lite)
            std::this_thread::sleep_for(std::chrono::milliseconds(std::min(ms, target)));
        done.*table.rows += batch->deleted;
        left -= batch->deleted;
        if (options.progress && !options.progress(done))
            return false;
    }
    return true;
}

Result<bool> deleteCheckpoints(const QSqlDatabase &db, const RetentionPlan &plan,
                               const RetentionOptions &options, RetentionPlan &done)
{
    const int step = std::min(options.batchSize, checkpointsPerStatement);
    for (qsizetype from = 0; from < plan.checkpointIds.size(); from += step) {
        const QStringList ids = plan.checkpointIds.mid(from, step);
        const QString marks = QStringList(ids.size(), u"?"_s).join(u',');
        const QVariantList params(ids.cbegin(), ids.cend());
        SqlTransaction transaction(db);
        if (Status begun = transaction.begin(); !begun)
            return begun.error();
        // A checkpoint that became the latest since the preview stays.
        auto going = execQuery(
            db, u"SELECT id FROM checkpoints WHERE id IN (%1) AND NOT is_latest"_s.arg(marks),
            params, u"Applying retention"_s);
        if (!going)
            return going.error();
        QSet<QString> goingIds;
        while (going->next())
            goingIds.insert(going->value(0).toString());
        auto deleted = deleteWhere(
            db, u"DELETE FROM checkpoints WHERE id IN (%1) AND NOT is_latest"_s.arg(marks), params);
        if (!deleted)
            return deleted.error();
        if (Status committed = transaction.commit(); !committed)
            return committed.error();
        for (const QString &id : ids)
            if (goingIds.contains(id))
                done.checkpointIds << id;
        if (options.progress && !options.progress(done))
            return false;
    }
    return true;
}

} // namespace

QString setRetentionRule(RetentionRules &rules, const QString &table, const QString &value)
{
    const QString text = table + u'=' + value;
    QString number = value.trimmed().toLower();
    const bool days = table != u"checkpoints"_s;
    int RetentionRules::*rule =
        table == u"component_metrics"_s ? &RetentionRules::componentMetricsDays
        : table == u"port_metrics"_s    ? &RetentionRules::portMetricsDays
        : table == u"port_messages"_s   ? &RetentionRules::completedMessagesDays
        : table == u"backlog_samples"_s ? &RetentionRules::backlogSamplesDays
        : table == u"checkpoints"_s     ? &RetentionRules::checkpointsPerComponent
                                        : nullptr;
    if (!rule)
        return u"'%1' is not a table with a retention rule; use component_metrics, "
               "port_metrics, port_messages, backlog_samples or checkpoints."_s.arg(table);
    if (number == u"off"_s)
        number = u"0"_s;
    if (days && number.endsWith(u'd'))
        number.chop(1);
    bool ok = false;
    const int parsed = number.toInt(&ok);
    if (!ok || parsed < 0)
        return days ? u"'%1': a table's rule is a number of days (30d) or off."_s.arg(text)
                    : u"'%1': checkpoints keeps a number of versions per component, or off."_s.arg(
                          text);
    rules.*rule = parsed;
    return {};
}

Result<RetentionPlan> previewRetention(const QSqlDatabase &db, const RetentionRules &rules,
                                       const QDateTime &now)
{
    if (rules.componentMetricsDays < 0 || rules.portMetricsDays < 0 ||
        rules.completedMessagesDays < 0 || rules.backlogSamplesDays < 0 ||
        rules.checkpointsPerComponent < 0)
        return StorageError::invalidArgument(
            u"A retention rule keeps 0 (everything) or more days or checkpoints."_s);
    RetentionPlan plan;
    plan.rules = rules;
    plan.now = now.toUTC();
    const SqlEngine engine = engineOf(db);
    for (const AgedTable &table : agedTables()) {
        if (!applies(db, rules, table))
            continue;
        auto rows = countOf(db, table, cutoffOf(plan, table, engine));
        if (!rows)
            return rows.error();
        plan.*table.rows = *rows;
        auto chunks = wholeChunks(db, table, cutoffOf(plan, table, engine));
        if (!chunks)
            return chunks.error();
        if (table.chunks)
            plan.*table.chunks = *chunks;
    }
    if (rules.checkpointsPerComponent == 0)
        return plan;
    auto checkpoints = execQuery(db, surplusCheckpoints, {rules.checkpointsPerComponent},
                                 u"Previewing retention"_s);
    if (!checkpoints)
        return checkpoints.error();
    while (checkpoints->next())
        plan.checkpointIds << checkpoints->value(0).toString();
    return plan;
}

Result<RetentionPlan> applyRetention(const QSqlDatabase &db, const RetentionPlan &plan,
                                     const RetentionOptions &options)
{
    if (options.batchSize < 1)
        return StorageError::invalidArgument(u"Retention deletes at least one row at a time."_s);
    if (Status unchanged = checkUnchanged(db, plan); !unchanged)
        return unchanged.error();
    if (plan.total() == 0)
        return plan;
    if (auto announced = AuditLog(db).append(auditEntryOf(plan, options)); !announced)
        return announced.error();

    // SQLite checkpoints its log inside the commit that crosses the threshold, holding the
    // write lock while it copies and syncs: with millions of rows deleted that commit can take
    // a second, and the ingest worker waits for it. A checkpointer of its own does it beside.
    std::unique_ptr<WalCheckpointer> checkpointer;
    if (engineOf(db) == SqlEngine::SQLite) {
        if (auto attached = WalCheckpointer::attach(db, DatabaseUrl::sqliteFile(db.databaseName())))
            checkpointer = std::move(attached).value();
    }
    RetentionPlan done = plan;
    for (const AgedTable &table : agedTables()) {
        done.*table.rows = 0;
        if (table.chunks)
            done.*table.chunks = 0;
    }
    done.checkpointIds.clear();
    const auto stopped = [&](const QString &reason) {
        auditStop(db, plan, done, options, reason);
    };
    for (const AgedTable &table : agedTables()) {
        auto finished = deleteAged(db, plan, table, options, done);
        if (!finished) {
            stopped(finished.errorMessage());
            return finished.error();
        }
        if (!*finished) {
            stopped(u"stopped by the operator"_s);
            return done;
        }
    }
    auto finished = deleteCheckpoints(db, plan, options, done);
    if (!finished) {
        stopped(finished.errorMessage());
        return finished.error();
    }
    if (!*finished)
        stopped(u"stopped by the operator"_s);
    return done;
}

} // namespace porthole
