#pragma once

#include "sqltypes.h"
#include "storageerror.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

namespace porthole {

struct CatalogColumn;
struct CatalogIndex;
struct TableKey;

// A filter on one column of a browsed table, as typed in the column's box:
//
// | text                            | a row matches when the column's value                   |
// |---------------------------------|---------------------------------------------------------|
// | `abc`                           | contains it as text, in any case (no index serves this) |
// | `=v`, `!=v`, `<>v`, `<v`, `<=v`, | compares so with v, as the column's type compares (an  |
// | `>v`, `>=v`                      | index on the column serves it)                          |
// | `is null`, `is not null`        | is NULL, or is not                                      |
struct ColumnFilter
{
    QString column;
    QString text;
};

// How a browsed table's rows are narrowed and ordered: by every filter at once, sorted by one
// of its indexed columns (sortableColumns()) and then by its key, or by its key alone.
struct BrowseView
{
    QList<ColumnFilter> filters;
    QString sortColumn; // empty: by the key
    bool descending = false;
};

// By position in a given order (a hypertable's): by its first column, then by every other one as
// text, which every type has (json or point have no ordering of their own).
QString positionOrder(const QStringList &order);

// The columns a table's rows can be sorted by without reading them all (indexSortsBy()), in the
// table's column order.
QStringList sortableColumns(SqlEngine engine, const QList<CatalogColumn> &columns,
                            const TableKey &key, const QList<CatalogIndex> &indexes);

// PostgreSQL sorts by an index whose first column is the sort's and sorts the rows of each of
// its values by the key after it; at most this many a value (the statistics' estimate), that is
// a few milliseconds; more, and a page would sort all the rows of a value (tens of millions in
// a big table with few distinct values).
inline constexpr double kMostTiesToSort = 1000;

// Whether an index gives the rows in the order of `column` and then of the key (the key's own
// first column: the key's index): a whole index (not a partial one) that begins with it, on
// PostgreSQL one that has the key's columns next, is unique on a column that holds no NULL, or
// leaves at most kMostTiesToSort rows to a value.
bool indexSortsBy(SqlEngine engine, const CatalogColumn &column, const TableKey &key,
                  const QList<CatalogIndex> &indexes);

// The SQL that pages a browsed table through a view: the filter's conditions, the keyset
// bound after or before a row, and the order. A row's position in the listing is its sort
// value (when sorted) and its key; NULLs of the sort column lie where each engine's index
// puts them (SQLite: below every value; PostgreSQL: above), so an index on the sort column
// serves the order in both directions. Identifiers are the catalog's, quoted; values bound.
class BrowseSql
{
public:
    // The view checked against the table: an unknown column or one that cannot sort is
    // refused.
    static Result<BrowseSql> make(SqlEngine engine, const TableKey &key,
                                  const QList<CatalogColumn> &columns,
                                  const QList<CatalogIndex> &indexes, const BrowseView &view);

    // The listing's position as selected ("... AS porthole_k0", ...): the sort column's value
    // first when sorted, then the key's columns.
    const QStringList &selected() const { return m_selected; }
    // The filter: " WHERE ..." or nothing.
    const WhereClause &filter() const { return m_filter; }
    // The rows after `position` in the listing's order (`forward`), or before it, with the
    // row at `position` itself or not: disjoint conditions, each one index range, to read as
    // arms of one UNION ALL (within()). One on PostgreSQL, whose index seeks a row value of
    // the sort column and the key; on SQLite, which seeks such a row value by its first column
    // alone and would then step through every row of the position's value before it, the
    // value past the key, the values past the value, and the NULLs where they lie behind.
    QList<Condition> bound(const QVariantList &position, bool forward, bool included) const;
    // "ORDER BY ..." in the listing's order, or in reverse; `bySelected`, by the selected()
    // position's names, as the ORDER BY of a UNION ALL of arms needs (on SQLite, where those
    // are the columns themselves).
    QString order(bool reversed, bool bySelected = false) const;

private:
    BrowseSql() = default;

    SqlEngine m_engine = SqlEngine::SQLite;
    bool m_descending = false;
    QString m_sortCompared; // empty when ordered by the key alone
    QString m_sortMark;
    QStringList m_keyCompared;
    QStringList m_keyMarks;
    QStringList m_selected;
    WhereClause m_filter;
};

} // namespace porthole
