#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace porthole {

// A column Porthole's migrations add to one of the pipeline's tables, and the value it reads
// as where the table lacks it: its default in the migration (an SQL literal, or NULL).
struct ColumnFallback
{
    QString column;
    QString value;
};

// How a repository reads a table that a pipeline's own database may hold without the columns
// Porthole's migrations add (a database attached read-only, which is never migrated): the
// missing columns read as their defaults, and every statement of the repository runs as it is.
// The table's columns are looked up once (QSqlDatabase::record) per FallbackTable, on the
// first from(); on a migrated database from() gives the table's own name.
class FallbackTable
{
public:
    FallbackTable(QString table, QList<ColumnFallback> fallbacks);

    // The table as a FROM item named `alias` (empty: the table's own name): the table itself
    // when it has every column of the fallbacks, else a derived table that adds the missing
    // ones. `plain`, when given, is used instead of the bare table name in the first case
    // (SQLite's "port_messages INDEXED BY ...", which a derived table cannot take).
    QString from(const QSqlDatabase &db, const QString &alias = {},
                 const QString &plain = {}) const;
    // The fallback columns the table lacks (none on a migrated database, or when the table is
    // not there at all: the statement then says so itself).
    QStringList missing(const QSqlDatabase &db) const;

private:
    QString m_table;
    QList<ColumnFallback> m_fallbacks;
    mutable std::optional<QStringList> m_missing;
};

// Whether the connection's database has a table or view named `name` (as
// QSqlDatabase::tables() lists them: without a schema on SQLite and in PostgreSQL's public
// schema).
bool hasTable(const QSqlDatabase &db, const QString &name);
// The tables and views it has, so named (not the engine's own catalog tables).
QStringList tableNames(const QSqlDatabase &db);

} // namespace porthole
