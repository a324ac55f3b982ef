#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

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
// The table's columns come from columnNames(), read once per connection; on a migrated
// database from() gives the table's own name.
class FallbackTable
{
public:
    FallbackTable(QString table, QList<ColumnFallback> fallbacks);

    // The table as a FROM item named `alias` (empty: the table's own name): the table itself
    // when it has every column of the fallbacks, else a derived table that adds the missing
    // ones (and on SQLite its rowid, when it has one). `plain`, when given, is used instead of the
    // bare table name in the first case (SQLite's "port_messages INDEXED BY ...", which a derived
    // table cannot take).
    QString from(const QSqlDatabase &db, const QString &alias = {},
                 const QString &plain = {}) const;
    // Whether the table has every column of the fallbacks (a migrated one, or Porthole's own):
    // then from() gives the table itself, with the indexes Porthole's migrations add.
    bool isComplete(const QSqlDatabase &db) const;

private:
    // The missing columns, each as "value AS column".
    QStringList missing(const QSqlDatabase &db) const;

    QString m_table;
    QList<ColumnFallback> m_fallbacks;
};

// What the connection's database holds, read from its catalog (QSqlDatabase::tables() and
// record()) once per connection: the answers are kept with the connection's driver, so that a
// repository made for each page does not ask the catalog again, and go with the connection.
// MigrationRunner forgets them after it changed the schema.

// The tables and views it has, so named (not the engine's own catalog tables; on PostgreSQL
// those of the search path without a schema).
QStringList tableNames(const QSqlDatabase &db);
// Whether it has a table or view named `name`.
bool hasTable(const QSqlDatabase &db, const QString &name);
// The columns of `table`; none when there is no such table.
QStringList columnNames(const QSqlDatabase &db, const QString &table);
// The whole (not partial) indexes of `table`, its primary key's included, each as its columns
// in order joined by commas ("component_name,timestamp"; an expression column is empty), and
// on SQLite "rowid" when the table has one (the order its rows are stored in). None when there
// is no such table or the catalog cannot be read.
QStringList indexKeys(const QSqlDatabase &db, const QString &table);
// Whether an index of `table` begins with `columns`, in that order: what a sort or a range of
// them can walk instead of reading every row ({"rowid"}: the table's stored order).
bool hasIndexOn(const QSqlDatabase &db, const QString &table, const QStringList &columns);
// Forgets what tableNames(), columnNames() and indexKeys() read of the connection: its schema
// changed.
void forgetSchema(const QSqlDatabase &db);

} // namespace porthole
