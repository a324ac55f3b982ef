#include "databasehealth.h"

#include "portholetables.h"
#include "rowestimate.h"
#include "sqlsupport.h"

#include <QFileInfo>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QStorageInfo>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr qsizetype maxOpenTransactions = 50;

QString quoted(const QString &name)
{
    return u"\"%1\""_s.arg(QString(name).replace(u'"', u"\"\""_s));
}

// One row of one statement, or the error; for the figures that are a single row.
Result<QSqlQuery> oneRow(const QSqlDatabase &db, const QString &sql, const QVariantList &params,
                         const QString &what)
{
    auto query = execQuery(db, sql, params, what);
    if (!query)
        return query.error();
    if (!query->next())
        return StorageError{StorageError::Kind::Internal, u"%1: no row came back."_s.arg(what)};
    return query;
}

std::optional<double> optionalDouble(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toDouble();
}

QDateTime optionalTime(const QVariant &value)
{
    return value.isNull() ? QDateTime() : timestampValue(value);
}

// A table's first time column that leads an index of it (a partial index would not serve every
// row of the window).
QString indexedTimeColumn(const QSqlDatabase &db, SqlEngine engine, const QString &table)
{
    const QString sql =
        engine == SqlEngine::SQLite
            ? u"SELECT ii.name FROM pragma_index_list(?) il, pragma_index_info(il.name) ii "
              "WHERE ii.seqno = 0 AND il.partial = 0"_s
            : u"SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
              "AND a.attnum = i.indkey[0] WHERE i.indrelid = to_regclass(?) "
              "AND i.indpred IS NULL"_s;
    auto query = execQuery(db, sql, {engine == SqlEngine::SQLite ? table : quoted(table)},
                           u"Looking for the time index of %1"_s.arg(table));
    if (!query)
        return {};
    QStringList leading;
    while (query->next())
        leading << query->value(0).toString();
    for (const QString &column : healthTimeColumns()) {
        if (leading.contains(column))
            return column;
    }
    return {};
}

void readGrowth(const QSqlDatabase &db, SqlEngine engine, const QDateTime &now,
                const DatabaseHealthOptions &options, TableHealth &table, QStringList &problems)
{
    table.timeColumn = indexedTimeColumn(db, engine, table.name);
    if (table.timeColumn.isEmpty())
        return;
    auto added = boundedCount(
        db,
        u"FROM %1 WHERE %2 >= ? AND %2 <= ?"_s.arg(quoted(table.name), quoted(table.timeColumn)),
        {timestampParam(now.addDays(-1), engine), timestampParam(now, engine)},
        options.exactCountUpTo, u"Counting the rows %1 gained in a day"_s.arg(table.name));
    if (added)
        table.addedLastDay = *added;
    else
        problems << added.errorMessage();
}

void readRows(const QSqlDatabase &db, const DatabaseHealthOptions &options, TableHealth &table,
              std::optional<qint64> catalogueEstimate, QStringList &problems)
{
    auto rows = tableRows(db, table.name, options.exactCountUpTo);
    if (rows) {
        table.rows = *rows;
        return;
    }
    // No right to read the table: the catalogue still knows about how many rows it has.
    if (catalogueEstimate) {
        table.rows = {*catalogueEstimate, RowCount::Precision::Estimate};
        return;
    }
    problems << rows.errorMessage();
}

// SQLite: each table with its indexes, from dbstat (which reads every page of what it
// measures: not on a file over the limit).
void readSqliteTableSizes(const QSqlDatabase &db, const DatabaseHealth &health,
                          const DatabaseHealthOptions &options, QList<TableHealth> &tables)
{
    HealthGap gap = HealthGap::None;
    QHash<QString, qint64> sizes;
    if (health.pageCount.value_or(0) * health.pageSize.value_or(0) > options.dbstatByteLimit) {
        gap = HealthGap::TooLarge;
    } else {
        QSqlQuery query(db);
        if (!query.exec(u"SELECT m.tbl_name, sum(d.pgsize) FROM dbstat d JOIN sqlite_master m "
                        "ON m.name = d.name WHERE d.aggregate = 1 GROUP BY m.tbl_name"_s))
            gap = HealthGap::NotSupported;
        while (query.next()) {
            // A search index's tables count as the table they index.
            const QString name = query.value(0).toString();
            const QString indexed = indexedTableOf(name);
            sizes[indexed.isEmpty() ? name : indexed] += query.value(1).toLongLong();
        }
    }
    for (TableHealth &table : tables) {
        if (gap == HealthGap::None)
            table.bytes = sizes.value(table.name, 0);
        table.bytesGap = gap;
    }
}

void readSqliteTables(const QSqlDatabase &db, const QDateTime &now,
                      const DatabaseHealthOptions &options, DatabaseHealth &health)
{
    auto names = execQuery(db,
                           u"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                           "LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"_s,
                           {}, u"Listing the tables"_s);
    if (!names) {
        health.tablesGap = HealthGap::Failed;
        health.problems << names.errorMessage();
        return;
    }
    QList<TableHealth> tables;
    while (names->next())
        if (const QString name = names->value(0).toString(); indexedTableOf(name).isEmpty())
            tables.append({.name = name});
    for (TableHealth &table : tables) {
        readRows(db, options, table, std::nullopt, health.problems);
        readGrowth(db, SqlEngine::SQLite, now, options, table, health.problems);
    }
    readSqliteTableSizes(db, health, options, tables);
    health.tables = std::move(tables);
}

qint64 fileSize(const QString &path)
{
    const QFileInfo info(path);
    return info.exists() ? info.size() : 0;
}

void readFreeSpace(const QString &folder, DatabaseHealth &health)
{
    QStorageInfo storage(folder);
    if (!storage.isValid() || !storage.isReady() || storage.bytesTotal() <= 0) {
        health.freeSpaceGap = HealthGap::ServerElsewhere;
        return;
    }
    health.freeBytes = storage.bytesAvailable();
    health.totalBytes = storage.bytesTotal();
}

void readSqlite(const QSqlDatabase &db, const QDateTime &now, const DatabaseHealthOptions &options,
                DatabaseHealth &health)
{
    for (const auto &[pragma, figure] : {std::pair{u"page_count"_s, &health.pageCount},
                                         {u"freelist_count"_s, &health.freePages},
                                         {u"page_size"_s, &health.pageSize}}) {
        auto query = oneRow(db, u"PRAGMA "_s + pragma, {}, u"Reading the %1"_s.arg(pragma));
        if (query)
            *figure = query->value(0).toLongLong();
        else
            health.problems << query.errorMessage();
    }
    const QString path = db.databaseName();
    if (path.isEmpty() || path == u":memory:"_s) {
        if (health.pageCount && health.pageSize)
            health.bytesOnDisk = *health.pageCount * *health.pageSize;
        health.freeSpaceGap = HealthGap::NotApplicable;
    } else {
        health.bytesOnDisk = fileSize(path) + fileSize(path + u"-wal"_s);
        readFreeSpace(QFileInfo(path).absolutePath(), health);
    }
    health.connectionsGap = HealthGap::NotApplicable;
    health.transactionsGap = HealthGap::NotApplicable;
    health.replicationGap = HealthGap::NotApplicable;
    if (options.tables)
        readSqliteTables(db, now, options, health);
}

// PostgreSQL ---------------------------------------------------------------------------------

// Whether the role sees every session's details: a superuser, or pg_read_all_stats (which
// pg_monitor grants).
bool seesAllStatistics(const QSqlDatabase &db)
{
    auto query = oneRow(db,
                        u"SELECT pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') OR "
                        "coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), "
                        "false)"_s,
                        {}, u"Reading the role's rights"_s);
    return query && query->value(0).toBool();
}

bool isLocalHost(const QString &host)
{
    return host.isEmpty() || host.startsWith(u'/') || host == u"localhost"_s ||
           host == u"127.0.0.1"_s || host == u"::1"_s;
}

void readPostgresSpace(const QSqlDatabase &db, DatabaseHealth &health)
{
    auto size = oneRow(db, u"SELECT pg_database_size(current_database())"_s, {},
                       u"Reading the database's size"_s);
    if (size)
        health.bytesOnDisk = size->value(0).toLongLong();
    else
        health.problems << size.errorMessage();
    // The server's disk is only visible from its own machine, and its folder only to a role
    // that may read data_directory (pg_settings leaves the row out otherwise).
    health.freeSpaceGap = HealthGap::ServerElsewhere;
    if (!isLocalHost(db.hostName()))
        return;
    auto folder = execQuery(db, u"SELECT setting FROM pg_settings WHERE name = 'data_directory'"_s,
                            {}, u"Reading the server's data directory"_s);
    if (!folder || !folder->next()) {
        health.freeSpaceGap = HealthGap::NeedsMonitorRole;
        return;
    }
    health.freeSpaceGap = HealthGap::None;
    readFreeSpace(folder->value(0).toString(), health);
}

void readPostgresConnections(const QSqlDatabase &db, DatabaseHealth &health)
{
    auto query = oneRow(db,
                        u"SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = "
                        "'client backend'), current_setting('max_connections')::int"_s,
                        {}, u"Counting the server's connections"_s);
    if (!query) {
        health.connectionsGap = HealthGap::Failed;
        health.problems << query.errorMessage();
        return;
    }
    health.connections = query->value(0).toInt();
    health.maxConnections = query->value(1).toInt();
}

void readPostgresTransactions(const QSqlDatabase &db, const DatabaseHealthOptions &options,
                              bool privileged, DatabaseHealth &health)
{
    if (!privileged) {
        health.transactionsGap = HealthGap::NeedsMonitorRole;
        return;
    }
    auto query = execQuery(
        db,
        u"SELECT pid, coalesce(datname, ''), coalesce(usename, ''), "
        "coalesce(application_name, ''), coalesce(state, ''), "
        "extract(epoch FROM clock_timestamp() - xact_start)::float8, "
        "extract(epoch FROM clock_timestamp() - coalesce(state_change, xact_start))::float8 "
        "FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND xact_start IS NOT NULL "
        "AND backend_type = 'client backend' ORDER BY xact_start"_s,
        {}, u"Reading the server's open transactions"_s);
    if (!query) {
        health.transactionsGap = HealthGap::Failed;
        health.problems << query.errorMessage();
        return;
    }
    int longRunning = 0;
    int idle = 0;
    while (query->next()) {
        OpenTransaction open{.pid = query->value(0).toInt(),
                             .database = query->value(1).toString(),
                             .user = query->value(2).toString(),
                             .application = query->value(3).toString(),
                             .state = query->value(4).toString(),
                             .seconds = query->value(5).toDouble(),
                             .stateSeconds = query->value(6).toDouble()};
        open.longRunning = open.seconds > double(options.longTransaction.count());
        open.idleInTransaction = open.state.startsWith(u"idle in transaction"_s) &&
                                 open.stateSeconds > double(options.idleInTransaction.count());
        longRunning += open.longRunning ? 1 : 0;
        idle += open.idleInTransaction ? 1 : 0;
        if ((open.longRunning || open.idleInTransaction) &&
            health.openTransactions.size() < maxOpenTransactions)
            health.openTransactions.append(open);
    }
    health.longTransactions = longRunning;
    health.idleInTransaction = idle;
}

void readPostgresReplication(const QSqlDatabase &db, bool privileged, DatabaseHealth &health)
{
    auto recovery = oneRow(db,
                           u"SELECT pg_is_in_recovery(), extract(epoch FROM clock_timestamp() - "
                           "pg_last_xact_replay_timestamp())::float8"_s,
                           {}, u"Reading whether the server is a standby"_s);
    if (!recovery) {
        health.replicationGap = HealthGap::Failed;
        health.problems << recovery.errorMessage();
        return;
    }
    health.standby = recovery->value(0).toBool();
    if (health.standby) {
        health.standbyDelaySeconds = optionalDouble(recovery->value(1));
        return;
    }
    auto replicas =
        execQuery(db,
                  u"SELECT coalesce(nullif(application_name, ''), host(client_addr), ''), "
                  "coalesce(state, ''), extract(epoch FROM write_lag)::float8, "
                  "extract(epoch FROM replay_lag)::float8 FROM pg_stat_replication ORDER BY 1"_s,
                  {}, u"Reading the server's standbys"_s);
    if (!replicas) {
        health.replicationGap = HealthGap::Failed;
        health.problems << replicas.errorMessage();
        return;
    }
    while (replicas->next())
        health.replicas.append({.name = replicas->value(0).toString(),
                                .state = replicas->value(1).toString(),
                                .writeLagSeconds = optionalDouble(replicas->value(2)),
                                .replayLagSeconds = optionalDouble(replicas->value(3))});
    // Another role's standby connections show without their lag.
    if (!privileged && !health.replicas.isEmpty())
        health.replicationGap = HealthGap::NeedsMonitorRole;
}

void readPostgresTables(const QSqlDatabase &db, const QDateTime &now,
                        const DatabaseHealthOptions &options, DatabaseHealth &health)
{
    auto query = execQuery(
        db,
        u"SELECT c.relname, c.reltuples::float8, pg_total_relation_size(c.oid), s.n_live_tup, "
        "s.last_vacuum, s.last_autovacuum, s.last_autoanalyze FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY (current_schemas(false)) "
        "ORDER BY c.relname"_s,
        {}, u"Listing the tables"_s);
    if (!query) {
        health.tablesGap = HealthGap::Failed;
        health.problems << query.errorMessage();
        return;
    }
    QList<std::pair<TableHealth, std::optional<qint64>>> found;
    while (query->next()) {
        // reltuples is -1 before the first VACUUM or ANALYZE; n_live_tup counts from the start.
        std::optional<qint64> estimate;
        if (query->value(1).toDouble() >= 0)
            estimate = qint64(query->value(1).toDouble());
        else if (!query->value(3).isNull())
            estimate = query->value(3).toLongLong();
        found.append({TableHealth{.name = query->value(0).toString(),
                                  .bytes = query->value(2).toLongLong(),
                                  .lastVacuum = optionalTime(query->value(4)),
                                  .lastAutovacuum = optionalTime(query->value(5)),
                                  .lastAutoanalyze = optionalTime(query->value(6))},
                      estimate});
    }
    for (auto &[table, estimate] : found) {
        readRows(db, options, table, estimate, health.problems);
        readGrowth(db, SqlEngine::PostgreSQL, now, options, table, health.problems);
        health.tables.append(std::move(table));
    }
}

void readPostgres(const QSqlDatabase &db, const QDateTime &now,
                  const DatabaseHealthOptions &options, DatabaseHealth &health)
{
    const bool privileged = seesAllStatistics(db);
    readPostgresSpace(db, health);
    readPostgresConnections(db, health);
    readPostgresTransactions(db, options, privileged, health);
    readPostgresReplication(db, privileged, health);
    if (options.tables)
        readPostgresTables(db, now, options, health);
    if (options.timescale)
        health.timescale = readTimescaleHealth(db, health.problems);
    // A hypertable's own relation is empty: its rows and indexes are in its chunks.
    if (health.timescale)
        for (const TimescaleHypertable &hypertable : health.timescale->hypertables)
            for (TableHealth &table : health.tables)
                if (table.name == hypertable.name && hypertable.bytes)
                    table.bytes = *hypertable.bytes;
}

} // namespace

QStringList healthTimeColumns()
{
    return {u"created_at"_s,   u"timestamp"_s, u"occurred_at"_s,
            u"processed_at"_s, u"stored_at"_s, u"last_heartbeat"_s};
}

std::optional<double> DatabaseHealth::freePercent() const
{
    if (!freeBytes || !totalBytes || *totalBytes <= 0)
        return std::nullopt;
    return 100.0 * double(*freeBytes) / double(*totalBytes);
}

std::optional<double> DatabaseHealth::connectionsPercent() const
{
    if (!connections || !maxConnections || *maxConnections <= 0)
        return std::nullopt;
    return 100.0 * double(*connections) / double(*maxConnections);
}

std::optional<double> DatabaseHealth::replicationLagSeconds() const
{
    std::optional<double> largest = standbyDelaySeconds;
    for (const ReplicaLag &replica : replicas) {
        const std::optional<double> lag =
            replica.replayLagSeconds ? replica.replayLagSeconds : replica.writeLagSeconds;
        if (lag && (!largest || *lag > *largest))
            largest = lag;
    }
    return largest;
}

Result<DatabaseHealth> readDatabaseHealth(const QSqlDatabase &db, const QDateTime &now,
                                          const DatabaseHealthOptions &options)
{
    if (!db.isOpen())
        return StorageError::connectionLost(
            u"The database's health cannot be read: the connection is not open."_s);
    DatabaseHealth health;
    health.engine = engineOf(db);
    health.readAt = now;
    if (health.engine == SqlEngine::SQLite)
        readSqlite(db, now, options, health);
    else
        readPostgres(db, now, options, health);
    // Every figure failing may be the connection itself gone: that is the caller's to handle.
    if (!health.problems.isEmpty()) {
        if (auto alive = execQuery(db, u"SELECT 1"_s, {}, u"Reading the database's health"_s);
            !alive)
            return alive.error();
    }
    return health;
}

} // namespace porthole
