#pragma once

#include "browseview.h"
#include "paging.h"
#include "sqltypes.h"
#include "storageerror.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <memory>
#include <optional>

namespace porthole {

class CountInterrupt;

// A table or view of the database, as its catalog names it.
struct CatalogTable
{
    enum class Kind
    {
        Table,
        View
    };
    QString schema; // PostgreSQL's schema; empty on SQLite
    QString name;
    Kind kind = Kind::Table;
    // Rows: PostgreSQL's pg_class.reltuples (an estimate; -1 before the table was analysed or
    // for a view), SQLite's sqlite_stat1 when ANALYZE ran, else a count stopped at a cap.
    RowCount rows{-1, RowCount::Precision::Estimate};
    // One of Porthole's own tables (portholetables.h), in the database's own schema.
    bool portholeOwn = false;

    QString qualifiedName() const { return schema.isEmpty() ? name : schema + u'.' + name; }
};

struct CatalogColumn
{
    QString name;
    QString type; // as the catalog declares it ("VARCHAR(255)", "timestamp with time zone")
    bool notNull = false;
    int primaryKeyPosition = 0; // 1.. within the primary key; 0: not part of it
};

struct CatalogIndex
{
    QString name;
    bool unique = false;
    QString definition;   // PostgreSQL's indexdef; SQLite's CREATE INDEX text, or its columns
    QStringList columns;  // the columns it orders by, in order; an expression's is empty
    bool partial = false; // it holds only the rows its WHERE names
    // The rows that share one value of its first column, as the engine's statistics estimate
    // them (PostgreSQL); -1 when there are none (SQLite, a table not yet analysed).
    double rowsPerValue = -1;

    // A whole index (not a partial one) that begins with the column `name`.
    bool beginsWith(const QString &name) const
    {
        return !partial && !name.isEmpty() && columns.value(0) == name;
    }
};

// How a table's rows are paged: by its primary key, by the engine's row address (SQLite's
// rowid, PostgreSQL's ctid) when it has none, or, for a view, which has neither, by position
// (OFFSET): a view's pages can shift when its rows change while it is read. A SQLite table that
// keeps a rowid beside its primary key is paged by the rowid (SchemaBrowser::keyOf()).
struct TableKey
{
    enum class Kind
    {
        PrimaryKey,
        RowAddress,
        Position
    };
    Kind kind = Kind::Position;
    // The primary key's columns, in key order; "rowid"; "ctid", or "tableoid" and "ctid" for
    // a table with child tables. By position: the columns the rows are ordered by (a TimescaleDB
    // hypertable's time, then every other column), or none (the database's order).
    QStringList columns;
};

// One page of a browsed table: every column's value as the driver reads it.
struct BrowsedRow
{
    QVariantList key; // the key's values (for Position: the row's offset)
    QVariantList values;
};

// Reads the catalog of a database Porthole may not know (tables, views, their columns, indexes
// and row counts) and pages through any of them read-only. Every identifier that reaches SQL
// comes from the catalog and is quoted (quoteIdentifier()); a name that the catalog does not
// list is refused before any SQL is built from it. Values are bound.
class SchemaBrowser
{
public:
    explicit SchemaBrowser(QSqlDatabase db);

    // Tables and views: the pipeline's by schema and name, then Porthole's own (portholeOwn) by
    // name; the system's own catalogs left out (SQLite's sqlite_*, PostgreSQL's pg_catalog,
    // information_schema, partitions, which their parent table lists, and TimescaleDB's
    // catalogs, chunks and information views). SQLite's counts stop
    // at `countCap`.
    Result<QList<CatalogTable>> tables(qint64 countCap = 10000) const;
    // The table as the catalog lists it, or NotFound.
    Result<CatalogTable> find(const QString &schema, const QString &name) const;
    Result<QList<CatalogColumn>> columns(const CatalogTable &table) const;
    Result<QList<CatalogIndex>> indexes(const CatalogTable &table) const;
    // The columns the table's rows can be sorted by, from what the three above read.
    QStringList sortable(const QList<CatalogColumn> &columns, const TableKey &key,
                         const QList<CatalogIndex> &indexes) const
    {
        return sortableColumns(m_engine, columns, key, indexes);
    }
    Result<TableKey> keyOf(const CatalogTable &table) const;
    // The same from the table's columns as columns() read them.
    Result<TableKey> keyOf(const CatalogTable &table, const QList<CatalogColumn> &columns) const;

    // A page of `table`'s rows in the view's order (by default the key's), after or before
    // `after` (PageRequest's From), with every column in catalog order; only the rows its
    // filters match. `indexes` say which columns may sort.
    Result<Page<BrowsedRow>> page(const CatalogTable &table, const TableKey &key,
                                  const QList<CatalogColumn> &columns, PageRequest::From from,
                                  const QVariantList &after, int limit, const BrowseView &view = {},
                                  const QList<CatalogIndex> &indexes = {}) const;
    // The rows from `first` (included or not; empty: the start) through `last`.
    Result<Page<BrowsedRow>> range(const CatalogTable &table, const TableKey &key,
                                   const QList<CatalogColumn> &columns, const QVariantList &first,
                                   bool firstIncluded, const QVariantList &last, int limit,
                                   const BrowseView &view = {},
                                   const QList<CatalogIndex> &indexes = {}) const;
    // The rows the view's filters match (all by default), exactly up to `exactUpTo`.
    Result<RowCount> count(const CatalogTable &table, qint64 exactUpTo, const BrowseView &view = {},
                           const QList<CatalogColumn> &columns = {}) const;
    // The same, every row counted however many (exactcount.h); nullopt when `interrupt` rose
    // first.
    Result<std::optional<qint64>> exactCount(const CatalogTable &table, CountInterrupt &interrupt,
                                             const BrowseView &view = {},
                                             const QList<CatalogColumn> &columns = {}) const;

    // "name" with every " doubled: an identifier as SQL text.
    static QString quoteIdentifier(const QString &name);

private:
    QString from(const CatalogTable &table) const;
    Result<WhereClause> filterOf(const BrowseView &view, const QList<CatalogColumn> &columns) const;
    Result<QString> rowidBesideKey(const CatalogTable &table,
                                   const QList<CatalogColumn> &columns) const;
    Result<Page<BrowsedRow>> pageByPosition(const CatalogTable &table,
                                            const QList<CatalogColumn> &columns,
                                            const WhereClause &where, PageRequest::From from,
                                            const QVariantList &after, int limit,
                                            const QStringList &order) const;
    QStringList values(const QList<CatalogColumn> &columns) const;
    Result<QList<BrowsedRow>> readArms(const CatalogTable &table,
                                       const QList<CatalogColumn> &columns, const BrowseSql &sql,
                                       const QList<WhereClause> &arms, bool reversed,
                                       int limit) const;
    Result<QList<BrowsedRow>> read(const QString &sql, const QVariantList &params, int keys,
                                   int width, const CatalogTable &table) const;

    SqlEngine m_engine;
    QSqlDatabase m_db;
};

} // namespace porthole
