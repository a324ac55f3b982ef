#pragma once

#include "benchsupport.h"
#include "connectionfactory.h"
#include "migrationrunner.h"
#include "sqlsupport.h"

#include <QCoreApplication>
#include <QFile>
#include <QList>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

#include <cstdlib>
#include <functional>
#include <utility>

// What the benchmarks on large generated tables share: stopping with a reason, running SQL
// that must work, a table's secondary indexes (dropped before a bulk insert and built after),
// and the process's peak memory.
namespace porthole::bench {

inline void exec(QSqlDatabase db, const QString &sql)
{
    QSqlQuery query(db);
    check(query.exec(sql), sql.left(200) + QStringLiteral(": ") + query.lastError().text());
}

inline qint64 scalar(QSqlDatabase db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

// A connection of `factory` to a database brought up to Porthole's schema, or the benchmark
// stops with the reason.
inline QSqlDatabase openMigrated(const ConnectionFactory &factory, const DatabaseUrl &url)
{
    auto db = factory.open(QStringLiteral("bench"));
    check(db.ok(), db.errorMessage());
    MigrationRunner runner(*db, *MigrationRunner::builtin(url.engine()));
    const auto migrated = runner.up();
    check(migrated.ok(), migrated.errorMessage());
    return *db;
}

// The secondary indexes of `table` (not those of its key and constraints): name and the
// statement that makes it.
inline QList<std::pair<QString, QString>> secondaryIndexes(QSqlDatabase db, SqlEngine engine,
                                                           const QString &table)
{
    QSqlQuery query(db);
    check(query.prepare(engine == SqlEngine::SQLite
                            ? QStringLiteral("SELECT name, sql FROM sqlite_master WHERE type = "
                                             "'index' AND tbl_name = ? AND sql IS NOT NULL")
                            : QStringLiteral("SELECT indexname, indexdef FROM pg_indexes WHERE "
                                             "tablename = ? AND indexname NOT IN (SELECT conname "
                                             "FROM pg_constraint)")),
          query.lastError().text());
    query.addBindValue(table);
    check(query.exec(), query.lastError().text());
    QList<std::pair<QString, QString>> found;
    while (query.next())
        found.append({query.value(0).toString(), query.value(1).toString()});
    return found;
}

// Before a bulk insert into `table`: drops its secondary indexes (building each once over the
// whole table after it is much faster than growing them row by row) and returns them, to be
// made again from their own statements; on PostgreSQL lifts the session's limits (Porthole's
// connections stop a statement after 30 s; these take minutes).
inline QList<std::pair<QString, QString>> dropForBulkInsert(QSqlDatabase db, SqlEngine engine,
                                                            const QString &table)
{
    const auto made = secondaryIndexes(db, engine, table);
    for (const auto &[name, sql] : made)
        exec(db, QStringLiteral("DROP INDEX ") + name);
    if (engine == SqlEngine::PostgreSQL) {
        exec(db, QStringLiteral("SET statement_timeout = 0"));
        exec(db, QStringLiteral("SET maintenance_work_mem = '512MB'"));
    }
    return made;
}

// Runs `fill` on a SQLite connection of its own to the file at `path` that appends without a
// write-ahead log (new pages need no journal) and syncs once, at the end; then puts the file
// back in WAL, as Porthole runs it.
inline void fillSqliteInBulk(const QString &path, const std::function<void(QSqlDatabase)> &fill)
{
    const QString name = QStringLiteral("bulk");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        check(db.open(), db.lastError().text());
        exec(db, QStringLiteral("PRAGMA journal_mode = DELETE"));
        exec(db, QStringLiteral("PRAGMA synchronous = OFF"));
        exec(db, QStringLiteral("PRAGMA cache_size = -524288"));
        fill(db);
        exec(db, QStringLiteral("PRAGMA journal_mode = WAL"));
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

// Porthole's own schema (migrated) with `table` holding `rows` rows, made by `generate` unless
// it holds that many already (a later invocation reuses it): on PostgreSQL on the migrated
// connection, on SQLite through fillSqliteInBulk(). A table of another size is emptied first,
// with the rest of the schema (migrated down and up again).
inline void
prepareGeneratedTable(const DatabaseUrl &url, const QString &table, qint64 rows,
                      const std::function<void(QSqlDatabase, SqlEngine, qint64)> &generate)
{
    const ConnectionFactory factory(url);
    {
        QSqlDatabase db = openMigrated(factory, url);
        const qint64 present = scalar(db, QStringLiteral("SELECT count(*) FROM ") + table);
        if (present == rows) {
            out() << "  reusing the table of " << rows << " rows" << Qt::endl;
            return;
        }
        if (present != 0) {
            out() << "  the table holds " << present << " rows, not " << rows << ": emptied"
                  << Qt::endl;
            MigrationRunner runner(db, *MigrationRunner::builtin(url.engine()));
            check(runner.down(runner.latestVersion()).ok(), QStringLiteral("migrate down"));
            check(runner.up().ok(), QStringLiteral("migrate up"));
        }
        if (url.engine() == DatabaseUrl::Engine::PostgreSQL) {
            generate(db, SqlEngine::PostgreSQL, rows);
            return;
        }
    }
    factory.close(QStringLiteral("bench"));
    fillSqliteInBulk(url.filePath(),
                     [&](QSqlDatabase db) { generate(db, SqlEngine::SQLite, rows); });
}

// `into` ("INSERT INTO t (...) ") filled by `select` (ending in "FROM ") once for each n from
// 0 to rows - 1: from a recursive CTE on SQLite, from generate_series on PostgreSQL.
inline QString insertSeries(SqlEngine engine, const QString &into, const QString &select,
                            qint64 rows)
{
    const QString last = QString::number(rows - 1);
    if (engine == SqlEngine::SQLite)
        return into +
               QStringLiteral("WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM "
                              "seq WHERE n < ") +
               last + QStringLiteral(") ") + select + QStringLiteral("seq");
    return into + select + QStringLiteral("generate_series(0::bigint, ") + last +
           QStringLiteral(") AS n");
}

// The triggers of `table` on SQLite (dropped before a bulk insert and made again after): name
// and the statement that makes it. None on PostgreSQL, whose statement triggers a bulk insert
// runs once.
inline QList<std::pair<QString, QString>> sqliteTriggers(QSqlDatabase db, SqlEngine engine,
                                                         const QString &table)
{
    QList<std::pair<QString, QString>> found;
    if (engine != SqlEngine::SQLite)
        return found;
    QSqlQuery query(db);
    check(query.prepare(QStringLiteral("SELECT name, sql FROM sqlite_master WHERE type = "
                                       "'trigger' AND tbl_name = ?")),
          query.lastError().text());
    query.addBindValue(table);
    check(query.exec(), query.lastError().text());
    while (query.next())
        found.append({query.value(0).toString(), query.value(1).toString()});
    return found;
}

// VmHWM of this process, in KiB; -1 when unknown.
inline qint64 peakMemoryKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace porthole::bench
