#include "schemabrowser.h"

#include "exactcount.h"
#include "portholetables.h"
#include "sqlsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// SQLite's names for the rowid; a table whose columns take all three has none to page by.
const QStringList rowidNames{u"rowid"_s, u"_rowid_"_s, u"oid"_s};

// The first of them that no column takes, or an empty string.
QString freeRowidName(const QList<CatalogColumn> &columns)
{
    for (const QString &rowid : rowidNames) {
        const bool taken =
            std::any_of(columns.cbegin(), columns.cend(), [&](const CatalogColumn &c) {
                return c.name.compare(rowid, Qt::CaseInsensitive) == 0;
            });
        if (!taken)
            return rowid;
    }
    return {};
}

QString joined(const QStringList &parts)
{
    return parts.join(u", "_s);
}

// The pipeline's tables, then Porthole's own, each in the order listed.
QList<CatalogTable> pipelineFirst(QList<CatalogTable> tables)
{
    std::stable_partition(tables.begin(), tables.end(),
                          [](const CatalogTable &t) { return !t.portholeOwn; });
    return tables;
}

} // namespace

SchemaBrowser::SchemaBrowser(QSqlDatabase db)
    : m_engine(engineOf(db))
    , m_db(std::move(db))
{}

QString SchemaBrowser::quoteIdentifier(const QString &name)
{
    return u'"' + QString(name).replace(u'"', u"\"\""_s) + u'"';
}

QString SchemaBrowser::from(const CatalogTable &table) const
{
    return table.schema.isEmpty()
               ? quoteIdentifier(table.name)
               : quoteIdentifier(table.schema) + u'.' + quoteIdentifier(table.name);
}

Result<QList<CatalogTable>> SchemaBrowser::tables(qint64 countCap) const
{
    QList<CatalogTable> found;
    if (m_engine == SqlEngine::PostgreSQL) {
        auto query =
            execQuery(m_db,
                      u"SELECT n.nspname, c.relname, c.relkind, c.reltuples, "
                      "n.nspname = current_schema() FROM pg_class c "
                      "JOIN pg_namespace n ON n.oid = c.relnamespace "
                      "WHERE c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition "
                      "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                      "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' "
                      // TimescaleDB's own: its catalogs and a hypertable's chunks (read
                      // through the hypertable), and its information views.
                      "AND n.nspname NOT LIKE '\\_timescaledb\\_%' "
                      "AND n.nspname NOT LIKE 'timescaledb\\_%' "
                      "ORDER BY n.nspname, c.relname"_s,
                      {}, u"Listing the tables"_s);
        if (!query)
            return query.error();
        while (query->next()) {
            CatalogTable table;
            table.schema = query->value(0).toString();
            table.name = query->value(1).toString();
            const QString kind = query->value(2).toString();
            table.kind = kind == u"v"_s ? CatalogTable::Kind::View : CatalogTable::Kind::Table;
            const double tuples = query->value(3).toDouble();
            if (table.kind == CatalogTable::Kind::Table && tuples >= 0)
                table.rows = {qint64(tuples), RowCount::Precision::Estimate};
            table.portholeOwn = query->value(4).toBool() && isPortholeTable(table.name);
            found.append(table);
        }
        return pipelineFirst(std::move(found));
    }

    auto query = execQuery(m_db,
                           u"SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
                           "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"_s,
                           {}, u"Listing the tables"_s);
    if (!query)
        return query.error();
    while (query->next()) {
        CatalogTable table;
        table.name = query->value(0).toString();
        if (!indexedTableOf(table.name).isEmpty())
            continue; // an index's tables, not data
        table.kind = query->value(1).toString() == u"view"_s ? CatalogTable::Kind::View
                                                             : CatalogTable::Kind::Table;
        table.portholeOwn = isPortholeTable(table.name);
        found.append(table);
    }
    query = QSqlQuery();
    const bool analysed = execQuery(m_db,
                                    u"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = "
                                    "'sqlite_stat1'"_s,
                                    {}, u"Looking for sqlite_stat1"_s)
                              .value()
                              .next();
    for (CatalogTable &table : found) {
        if (table.kind == CatalogTable::Kind::View)
            continue;
        if (analysed) {
            auto stat = execQuery(m_db, u"SELECT stat FROM sqlite_stat1 WHERE tbl = ? LIMIT 1"_s,
                                  {table.name}, u"Reading sqlite_stat1"_s);
            if (stat && stat->next()) {
                table.rows = {stat->value(0).toString().section(u' ', 0, 0).toLongLong(),
                              RowCount::Precision::Estimate};
                continue;
            }
        }
        auto counted = count(table, countCap);
        if (!counted)
            return counted.error();
        table.rows = *counted;
    }
    return pipelineFirst(std::move(found));
}

Result<CatalogTable> SchemaBrowser::find(const QString &schema, const QString &name) const
{
    QList<CatalogTable> listed;
    if (m_engine == SqlEngine::PostgreSQL) {
        auto query = execQuery(m_db,
                               u"SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = "
                               "c.relnamespace WHERE n.nspname = ? AND c.relname = ? "
                               "AND c.relkind IN ('r', 'p', 'v', 'm')"_s,
                               {schema, name}, u"Looking up a table"_s);
        if (!query)
            return query.error();
        if (query->next())
            return CatalogTable{schema,
                                name,
                                query->value(0).toString() == u"v"_s ? CatalogTable::Kind::View
                                                                     : CatalogTable::Kind::Table,
                                {}};
    } else {
        auto query = execQuery(m_db,
                               u"SELECT type FROM sqlite_master WHERE name = ? AND type IN "
                               "('table', 'view')"_s,
                               {name}, u"Looking up a table"_s);
        if (!query)
            return query.error();
        if (schema.isEmpty() && query->next())
            return CatalogTable{{},
                                name,
                                query->value(0).toString() == u"view"_s ? CatalogTable::Kind::View
                                                                        : CatalogTable::Kind::Table,
                                {}};
    }
    return StorageError{StorageError::Kind::NotFound,
                        u"The database has no table or view named %1."_s.arg(
                            schema.isEmpty() ? name : schema + u'.' + name)};
}

Result<QList<CatalogColumn>> SchemaBrowser::columns(const CatalogTable &table) const
{
    auto query =
        m_engine == SqlEngine::PostgreSQL
            ? execQuery(m_db,
                        u"SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                        "COALESCE(array_position(i.indkey::int2[], a.attnum) "
                        "- array_lower(i.indkey::int2[], 1) + 1, 0) "
                        "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary "
                        "WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 "
                        "AND NOT a.attisdropped ORDER BY a.attnum"_s,
                        {table.schema, table.name}, u"Reading the columns"_s)
            : execQuery(m_db,
                        u"SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) "
                        "ORDER BY cid"_s,
                        {table.name}, u"Reading the columns"_s);
    if (!query)
        return query.error();
    QList<CatalogColumn> found;
    while (query->next())
        found.append({query->value(0).toString(), query->value(1).toString(),
                      query->value(2).toBool(), query->value(3).toInt()});
    if (found.isEmpty())
        return StorageError{StorageError::Kind::NotFound,
                            u"%1 has no columns the catalog lists."_s.arg(table.qualifiedName())};
    return found;
}

Result<QList<CatalogIndex>> SchemaBrowser::indexes(const CatalogTable &table) const
{
    // The columns as a JSON array (a column's name may hold any character); PostgreSQL's rows
    // per value from pg_stats (n_distinct below 0 is minus the share of rows that are
    // distinct), of the table itself before its inheritance tree.
    auto query =
        m_engine == SqlEngine::PostgreSQL
            ? execQuery(m_db,
                        u"SELECT c.relname, i.indisunique, pg_get_indexdef(i.indexrelid), "
                        "(SELECT json_agg(a.attname ORDER BY k.ord) "
                        "FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord) "
                        "LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid "
                        "AND a.attnum = k.attnum WHERE k.ord <= i.indnkeyatts)::text, "
                        "i.indpred IS NOT NULL, "
                        "(SELECT CASE WHEN s.n_distinct < 0 THEN -1 / s.n_distinct "
                        "WHEN s.n_distinct > 0 THEN greatest(t.reltuples, 0) / s.n_distinct "
                        "END FROM pg_stats s JOIN pg_attribute a ON a.attrelid = i.indrelid "
                        "AND a.attnum = i.indkey[0] WHERE s.schemaname = n.nspname "
                        "AND s.tablename = t.relname AND s.attname = a.attname "
                        "ORDER BY s.inherited LIMIT 1) "
                        "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                        "JOIN pg_class t ON t.oid = i.indrelid "
                        "JOIN pg_namespace n ON n.oid = t.relnamespace "
                        "WHERE n.nspname = ? AND t.relname = ? ORDER BY c.relname"_s,
                        {table.schema, table.name}, u"Reading the indexes"_s)
            : execQuery(m_db,
                        u"SELECT il.name, il.\"unique\", COALESCE(m.sql, CASE il.origin "
                        "WHEN 'pk' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE constraint' "
                        "ELSE il.origin END), (SELECT json_group_array(ii.name) FROM "
                        "(SELECT name FROM pragma_index_info(il.name) ORDER BY seqno) ii), "
                        "il.partial, NULL FROM pragma_index_list(?) il "
                        "LEFT JOIN sqlite_master m ON m.type = 'index' AND m.name = il.name "
                        "ORDER BY il.name"_s,
                        {table.name}, u"Reading the indexes"_s);
    if (!query)
        return query.error();
    QList<CatalogIndex> found;
    while (query->next()) {
        CatalogIndex index;
        index.name = query->value(0).toString();
        index.unique = query->value(1).toBool();
        index.definition = query->value(2).toString();
        for (const QJsonValue &column :
             QJsonDocument::fromJson(query->value(3).toString().toUtf8()).array())
            index.columns << column.toString(); // an expression's null gives ""
        index.partial = query->value(4).toBool();
        if (!query->value(5).isNull())
            index.rowsPerValue = query->value(5).toDouble();
        found.append(index);
    }
    return found;
}

// SQLite's name for the rowid of a table that keeps one beside its primary key (a key that is
// not an INTEGER PRIMARY KEY, in a table not made WITHOUT ROWID), or an empty string. Such a
// table's rows lie in rowid order, the order they were written in, and every index ends in the
// rowid: paged by it, a filter on an indexed column or a sort by one reads its index in order,
// where a tie by the primary key would sort every matching row first (a UUID's order means
// nothing to a reader anyway). The key's first column sorts by the key's own index.
Result<QString> SchemaBrowser::rowidBesideKey(const CatalogTable &table,
                                              const QList<CatalogColumn> &columns) const
{
    auto query = execQuery(m_db,
                           u"SELECT (SELECT wr FROM pragma_table_list(?)) = 0 AND EXISTS "
                           "(SELECT 1 FROM pragma_index_list(?) WHERE origin = 'pk')"_s,
                           {table.name, table.name}, u"Reading how the table is stored"_s);
    if (!query)
        return query.error();
    if (!query->next() || !query->value(0).toBool())
        return QString();
    return freeRowidName(columns);
}

Result<TableKey> SchemaBrowser::keyOf(const CatalogTable &table) const
{
    auto cols = columns(table);
    if (!cols)
        return cols.error();
    return keyOf(table, *cols);
}

Result<TableKey> SchemaBrowser::keyOf(const CatalogTable &table,
                                      const QList<CatalogColumn> &cols) const
{
    if (table.kind == CatalogTable::Kind::View)
        return TableKey{TableKey::Kind::Position, {}};
    QList<CatalogColumn> key;
    for (const CatalogColumn &c : cols)
        if (c.primaryKeyPosition > 0)
            key.append(c);
    if (!key.isEmpty()) {
        if (m_engine == SqlEngine::SQLite) {
            auto rowid = rowidBesideKey(table, cols);
            if (!rowid)
                return rowid.error();
            if (!rowid->isEmpty())
                return TableKey{TableKey::Kind::RowAddress, {*rowid}};
        }
        std::sort(key.begin(), key.end(), [](const CatalogColumn &a, const CatalogColumn &b) {
            return a.primaryKeyPosition < b.primaryKeyPosition;
        });
        QStringList names;
        for (const CatalogColumn &c : key)
            names << c.name;
        return TableKey{TableKey::Kind::PrimaryKey, names};
    }
    if (m_engine == SqlEngine::PostgreSQL) {
        // A row's ctid is its place in its own table: the rows of a parent's children (a
        // partitioned table's partitions, a TimescaleDB hypertable's chunks) need the table too.
        auto children =
            execQuery(m_db,
                      u"SELECT c.relkind = 'p' OR EXISTS (SELECT 1 FROM pg_inherits i WHERE "
                      "i.inhparent = c.oid) FROM pg_class c WHERE c.oid = CAST(? AS regclass)"_s,
                      {from(table)}, u"Looking for the table's child tables"_s);
        if (!children)
            return children.error();
        if (!children->next() || !children->value(0).toBool())
            return TableKey{TableKey::Kind::RowAddress, {u"ctid"_s}};
        auto hypertable = hypertableTime(m_db, table.schema, table.name);
        if (!hypertable)
            return hypertable.error();
        if (!*hypertable)
            return TableKey{TableKey::Kind::RowAddress, {u"tableoid"_s, u"ctid"_s}};
        const QString time = (*hypertable)->column;
        // A TimescaleDB hypertable: the rows of a compressed chunk have no ctid. By position,
        // in the order of its time, then of every other column (rows that are equal in all
        // come in any order, which no one can tell apart).
        QStringList order{time};
        for (const CatalogColumn &c : cols)
            if (c.name != time)
                order << c.name;
        return TableKey{TableKey::Kind::Position, order};
    }
    if (const QString rowid = freeRowidName(cols); !rowid.isEmpty())
        return TableKey{TableKey::Kind::RowAddress, {rowid}};
    return TableKey{TableKey::Kind::Position, {}};
}

QStringList SchemaBrowser::values(const QList<CatalogColumn> &columns) const
{
    QStringList out;
    for (const CatalogColumn &c : columns)
        out << u"%1 AS porthole_c%2"_s.arg(m_engine == SqlEngine::PostgreSQL
                                               ? quoteIdentifier(c.name) + u"::text"_s
                                               : quoteIdentifier(c.name),
                                           QString::number(out.size()));
    return out;
}

// The rows of `sql`: `keys` values of the position, then `width` columns.
Result<QList<BrowsedRow>> SchemaBrowser::read(const QString &sql, const QVariantList &params,
                                              int keys, int width, const CatalogTable &table) const
{
    auto query = execQuery(m_db, sql, params, u"Reading %1"_s.arg(table.qualifiedName()));
    if (!query)
        return query.error();
    QList<BrowsedRow> rows;
    while (query->next()) {
        BrowsedRow row;
        for (int i = 0; i < keys; ++i)
            row.key << query->value(i);
        for (int i = 0; i < width; ++i)
            row.values << query->value(keys + i);
        rows.append(row);
    }
    return rows;
}

// By position: the offset of the page's first row. Forwards, one row more than the limit
// tells whether more follow; backwards, the rows up to the one before `after` (or the end).
Result<Page<BrowsedRow>>
SchemaBrowser::pageByPosition(const CatalogTable &table, const QList<CatalogColumn> &columns,
                              const WhereClause &where, PageRequest::From from,
                              const QVariantList &after, int limit, const QStringList &order) const
{
    using From = PageRequest::From;
    const bool backwards = from == From::Before || from == From::End;
    qint64 offset = from == From::After ? after.value(0).toLongLong() + 1 : 0;
    qint64 rows = limit + 1;
    if (backwards) {
        qint64 end = after.value(0).toLongLong();
        if (from == From::End) {
            auto counted =
                boundedCount(m_db, u"FROM "_s + this->from(table) + where.sql, where.params,
                             std::numeric_limits<qint64>::max() - 2,
                             u"Counting the rows of %1"_s.arg(table.qualifiedName()), false);
            if (!counted)
                return counted.error();
            end = counted->value;
        }
        offset = std::max<qint64>(0, end - limit);
        rows = end - offset;
    }
    Page<BrowsedRow> page;
    page.atStart = offset == 0;
    page.atEnd = from == From::End;
    if (rows <= 0)
        return page;
    const QString orderBy = positionOrder(order);
    auto read = this->read(u"SELECT %1 FROM %2%3%4 LIMIT %5 OFFSET %6"_s.arg(
                               joined(values(columns)), this->from(table), where.sql, orderBy,
                               QString::number(rows), QString::number(offset)),
                           where.params, 0, int(columns.size()), table);
    if (!read)
        return read.error();
    qint64 at = offset;
    for (BrowsedRow row : *read) {
        row.key = {at++};
        page.rows.append(row);
    }
    if (!backwards) {
        page.atEnd = page.rows.size() <= limit;
        if (!page.atEnd)
            page.rows.removeLast();
    }
    return page;
}

Result<Page<BrowsedRow>> SchemaBrowser::page(const CatalogTable &table, const TableKey &key,
                                             const QList<CatalogColumn> &columns,
                                             PageRequest::From from, const QVariantList &after,
                                             int limit, const BrowseView &view,
                                             const QList<CatalogIndex> &indexes) const
{
    using From = PageRequest::From;
    if (limit < 1 || limit > 10000)
        return StorageError::invalidArgument(u"A page holds 1 to 10000 rows, not %1."_s.arg(limit));
    auto sql = BrowseSql::make(m_engine, key, columns, indexes, view);
    if (!sql)
        return sql.error();
    if (key.kind == TableKey::Kind::Position)
        return pageByPosition(table, columns, sql->filter(), from, after, limit, key.columns);

    const bool backwards = from == From::Before || from == From::End;
    QList<WhereClause> arms{sql->filter()};
    if (from == From::After || from == From::Before)
        arms = within(arms, sql->bound(after, !backwards, false));
    auto rows = readArms(table, columns, *sql, arms, backwards, limit);
    if (!rows)
        return rows.error();
    PageRequest request;
    request.from = from;
    request.limit = limit;
    return finishPage(std::move(rows).value(), request);
}

// Up to `limit` + 1 rows of the arms' (disjoint filters), in the listing's order or in reverse:
// one SELECT, or one of each arm joined by UNION ALL, which SQLite merges, each arm walking its
// own index range in order and none past the page's end.
Result<QList<BrowsedRow>> SchemaBrowser::readArms(const CatalogTable &table,
                                                  const QList<CatalogColumn> &columns,
                                                  const BrowseSql &sql,
                                                  const QList<WhereClause> &arms, bool reversed,
                                                  int limit) const
{
    const KeysetQuery all =
        unionOf(u"SELECT %1, %2 FROM %3"_s.arg(joined(sql.selected()), joined(values(columns)),
                                               from(table)),
                arms);
    return read(u"%1 %2 LIMIT %3"_s.arg(all.sql, sql.order(reversed, arms.size() > 1),
                                        QString::number(limit + 1)),
                all.params, int(sql.selected().size()), int(columns.size()), table);
}

Result<Page<BrowsedRow>> SchemaBrowser::range(const CatalogTable &table, const TableKey &key,
                                              const QList<CatalogColumn> &columns,
                                              const QVariantList &first, bool firstIncluded,
                                              const QVariantList &last, int limit,
                                              const BrowseView &view,
                                              const QList<CatalogIndex> &indexes) const
{
    if (key.kind == TableKey::Kind::Position) {
        // Positions: the page that starts at the first row of the range, cut at its last.
        const qint64 start =
            first.isEmpty() ? 0 : first.value(0).toLongLong() + (firstIncluded ? 0 : 1);
        const qint64 end = last.value(0).toLongLong();
        auto page = this->page(
            table, key, columns, start == 0 ? PageRequest::From::Start : PageRequest::From::After,
            {start - 1}, int(std::clamp<qint64>(end - start + 1, 1, limit)), view, indexes);
        if (page) {
            page->atStart = true;
            page->atEnd = end - start + 1 <= limit;
        }
        return page;
    }
    auto sql = BrowseSql::make(m_engine, key, columns, indexes, view);
    if (!sql)
        return sql.error();
    QList<WhereClause> arms{sql->filter()};
    if (!first.isEmpty())
        arms = within(arms, sql->bound(first, true, firstIncluded));
    arms = within(arms, sql->bound(last, false, true));
    auto rows = readArms(table, columns, *sql, arms, false, limit);
    if (!rows)
        return rows.error();
    PageRequest request;
    request.limit = limit;
    return finishPage(std::move(rows).value(), request);
}

Result<WhereClause> SchemaBrowser::filterOf(const BrowseView &view,
                                            const QList<CatalogColumn> &columns) const
{
    if (view.filters.isEmpty())
        return WhereClause();
    // Only the filter counts: any key, no sort.
    auto sql = BrowseSql::make(m_engine, {}, columns, {}, {view.filters, {}, false});
    if (!sql)
        return sql.error();
    return sql->filter();
}

Result<std::optional<qint64>> SchemaBrowser::exactCount(const CatalogTable &table,
                                                        CountInterrupt &interrupt,
                                                        const BrowseView &view,
                                                        const QList<CatalogColumn> &columns) const
{
    auto where = filterOf(view, columns);
    if (!where)
        return where.error();
    return porthole::exactCount(m_db, u"FROM "_s + from(table) + where->sql, where->params,
                                interrupt, u"Counting the rows of %1"_s.arg(table.qualifiedName()));
}

Result<RowCount> SchemaBrowser::count(const CatalogTable &table, qint64 exactUpTo,
                                      const BrowseView &view,
                                      const QList<CatalogColumn> &columns) const
{
    auto filtered = filterOf(view, columns);
    if (!filtered)
        return filtered.error();
    const WhereClause where = std::move(filtered).value();
    // Counted, stopping one row past the cap: a view has no statistics, and an estimate of a
    // table never analysed is a guess. (One .arg() with every part, so that a '%' in a name
    // is never taken for a placeholder.)
    auto query = execQuery(m_db,
                           u"SELECT count(*) FROM (SELECT 1 FROM %1%2 LIMIT %3) capped"_s.arg(
                               from(table), where.sql, QString::number(exactUpTo + 1)),
                           where.params, u"Counting the rows of %1"_s.arg(table.qualifiedName()));
    if (!query)
        return query.error();
    query->next();
    const qint64 found = query->value(0).toLongLong();
    return found > exactUpTo ? RowCount{found, RowCount::Precision::AtLeast}
                             : RowCount{found, RowCount::Precision::Exact};
}

} // namespace porthole
