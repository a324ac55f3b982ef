#pragma once

#include "repositorysupport.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

// Checks that a repository's read reads an index, not a whole table.
//
// SQLite: the plan (EXPLAIN QUERY PLAN) of the statement the repository runs, with its
// parameters. PostgreSQL: what the repository actually did, from the session's scan counters
// (pg_stat_xact_user_tables), which count a sequential scan of a table however the planner
// came to choose it.
namespace porthole::test {

// The detail lines of SQLite's plan, or one line starting "FAILED" with the error.
inline QStringList sqlitePlan(const QSqlDatabase &db, const SqlStatement &statement)
{
    QSqlQuery query(db);
    if (!query.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + statement.sql))
        return {QStringLiteral("FAILED: ") + query.lastError().text()};
    for (const QVariant &param : statement.params)
        query.addBindValue(param);
    if (!query.exec())
        return {QStringLiteral("FAILED: ") + query.lastError().text()};
    QStringList plan;
    while (query.next())
        plan << query.value(3).toString();
    return plan;
}

// The plan lines that read a whole table: "SCAN x" without an index, where x is not one of
// `derived` (common table expressions and their aliases, which hold a row per series) nor
// SQLite's schema (a row per table and index: what QSqlDatabase::tables() reads).
inline QStringList fullScans(const QStringList &plan, const QStringList &derived)
{
    QStringList scans;
    for (const QString &line : plan) {
        if (line.startsWith(QStringLiteral("FAILED"))) {
            scans << line;
            continue;
        }
        if (!line.startsWith(QStringLiteral("SCAN ")) || line.contains(QStringLiteral("INDEX")))
            continue;
        const QString what = line.mid(5);
        if (what.startsWith(QStringLiteral("CONSTANT ROW")) ||
            what.startsWith(QStringLiteral("(subquery")) ||
            derived.contains(what.section(QLatin1Char(' '), 0, 0)) ||
            what == QStringLiteral("sqlite_master") || what == QStringLiteral("sqlite_temp_master"))
            continue;
        scans << line;
    }
    return scans;
}

struct ScanCounts
{
    qint64 sequential = -1;
    qint64 index = -1;
    qint64 fetched = -1; // rows fetched by index scans (idx_tup_fetch)
};

// PostgreSQL: the scans of `tables` this session has made and not yet handed to the
// statistics collector. A session hands them over only between transactions, so inside a
// transaction block the difference between two calls is what happened in between.
inline ScanCounts pendingScans(const QSqlDatabase &db, const QStringList &tables)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT coalesce(sum(seq_scan), 0), coalesce(sum(idx_scan), 0), "
                                 "coalesce(sum(idx_tup_fetch), 0) FROM pg_stat_xact_user_tables "
                                 "WHERE relname = ANY(string_to_array(?, ','))"));
    query.addBindValue(tables.join(QLatin1Char(',')));
    if (!query.exec() || !query.next())
        return {};
    return {query.value(0).toLongLong(), query.value(1).toLongLong(), query.value(2).toLongLong()};
}

} // namespace porthole::test
