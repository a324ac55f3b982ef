#include "browseview.h"

#include "schemabrowser.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QString tuple(const QStringList &parts)
{
    return parts.size() == 1 ? parts.constFirst() : u'(' + parts.join(u", "_s) + u')';
}

const CatalogColumn *columnNamed(const QList<CatalogColumn> &columns, const QString &name)
{
    const auto found = std::find_if(columns.cbegin(), columns.cend(),
                                    [&](const CatalogColumn &c) { return c.name == name; });
    return found == columns.cend() ? nullptr : &*found;
}

// A value bound where the column's is compared: PostgreSQL casts it to the column's type (the
// value comes as text), SQLite compares it with the column's affinity.
QString markFor(SqlEngine engine, const QString &type)
{
    return engine == SqlEngine::PostgreSQL ? u"CAST(? AS %1)"_s.arg(type) : u"?"_s;
}

Status addFilter(SqlEngine engine, const CatalogColumn &column, const QString &typed,
                 WhereClause &where)
{
    static const QRegularExpression comparison(u"^(=|!=|<>|<=|>=|<|>)\\s*(.*)$"_s,
                                               QRegularExpression::DotMatchesEverythingOption);
    const QString text = typed.trimmed();
    const QString quoted = SchemaBrowser::quoteIdentifier(column.name);
    if (text.isEmpty())
        return success();
    if (text.compare(u"is null"_s, Qt::CaseInsensitive) == 0) {
        where.add(quoted + u" IS NULL"_s);
        return success();
    }
    if (text.compare(u"is not null"_s, Qt::CaseInsensitive) == 0) {
        where.add(quoted + u" IS NOT NULL"_s);
        return success();
    }
    if (const auto match = comparison.match(text); match.hasMatch()) {
        const QString op = match.captured(1) == u"!="_s ? u"<>"_s : match.captured(1);
        where.add(u"%1 %2 %3"_s.arg(quoted, op, markFor(engine, column.type)), {match.captured(2)});
        return success();
    }
    where.addTextSearch(engine == SqlEngine::PostgreSQL
                            ? u"strpos(lower(%1::text), lower(?)) > 0"_s.arg(quoted)
                            : u"instr(lower(CAST(%1 AS TEXT)), lower(?)) > 0"_s.arg(quoted),
                        {text});
    return success();
}

} // namespace

QString positionOrder(const QStringList &order)
{
    QStringList ordered;
    for (const QString &name : order)
        ordered << (ordered.isEmpty() ? SchemaBrowser::quoteIdentifier(name)
                                      : SchemaBrowser::quoteIdentifier(name) + u"::text"_s);
    return ordered.isEmpty() ? QString() : u" ORDER BY "_s + ordered.join(u", "_s);
}

QStringList sortableColumns(SqlEngine engine, const QList<CatalogColumn> &columns,
                            const TableKey &key, const QList<CatalogIndex> &indexes)
{
    // By position the rows come in one order only (a view's, or a hypertable's by its time).
    if (key.kind == TableKey::Kind::Position)
        return {};
    QStringList out;
    for (const CatalogColumn &c : columns)
        if (indexSortsBy(engine, c, key, indexes))
            out << c.name;
    return out;
}

bool indexSortsBy(SqlEngine engine, const CatalogColumn &column, const TableKey &key,
                  const QList<CatalogIndex> &indexes)
{
    if (key.kind == TableKey::Kind::PrimaryKey && key.columns.value(0) == column.name)
        return true;
    // The order a sorted page reads: the column, then the key's columns after it.
    QStringList order{column.name};
    for (const QString &name : key.columns)
        if (!order.contains(name))
            order << name;
    return std::any_of(indexes.cbegin(), indexes.cend(), [&](const CatalogIndex &index) {
        if (!index.beginsWith(column.name))
            return false;
        // Every SQLite index ends in the table's rowid or primary key: it gives the order.
        if (engine == SqlEngine::SQLite)
            return true;
        // A PostgreSQL index gives the rows of one value in no order of the key: it serves
        // when it orders by the key after the column, when no two rows share a value, or when
        // so few do that sorting them costs nothing. A table not yet analysed has no
        // statistics: it was made or filled a moment ago, and is small or soon analysed.
        return index.columns.mid(0, order.size()) == order ||
               (index.unique && column.notNull && index.columns.size() == 1) ||
               index.rowsPerValue < 0 || index.rowsPerValue <= kMostTiesToSort;
    });
}

Result<BrowseSql> BrowseSql::make(SqlEngine engine, const TableKey &key,
                                  const QList<CatalogColumn> &columns,
                                  const QList<CatalogIndex> &indexes, const BrowseView &view)
{
    BrowseSql out;
    out.m_engine = engine;
    out.m_descending = view.descending;
    for (const ColumnFilter &filter : view.filters) {
        const CatalogColumn *column = columnNamed(columns, filter.column);
        if (column == nullptr)
            return StorageError::invalidArgument(
                u"There is no column \"%1\" to filter by."_s.arg(filter.column));
        if (Status added = addFilter(engine, *column, filter.text, out.m_filter); !added)
            return added.error();
    }
    const bool address = key.kind == TableKey::Kind::RowAddress;
    // A key column alone as the sort is the key's own order.
    const bool sorted = !view.sortColumn.isEmpty() &&
                        !(key.kind == TableKey::Kind::PrimaryKey && key.columns.size() == 1 &&
                          key.columns.constFirst() == view.sortColumn);
    if (sorted) {
        const CatalogColumn *column = columnNamed(columns, view.sortColumn);
        if (column == nullptr || key.kind == TableKey::Kind::Position ||
            !indexSortsBy(engine, *column, key, indexes))
            return StorageError::invalidArgument(
                u"The rows cannot be sorted by \"%1\": only by a column an index keeps in "
                "order."_s.arg(view.sortColumn));
        out.m_sortCompared = SchemaBrowser::quoteIdentifier(column->name);
        out.m_sortMark = markFor(engine, column->type);
        out.m_selected << (engine == SqlEngine::PostgreSQL
                               ? out.m_sortCompared + u"::text AS porthole_k0"_s
                               : out.m_sortCompared + u" AS porthole_k0"_s);
    }
    for (const QString &name : key.columns) {
        // A row address is the engine's own word, not an identifier to quote.
        const QString compared = address ? name : SchemaBrowser::quoteIdentifier(name);
        out.m_keyCompared << compared;
        const QString alias = u" AS porthole_k%1"_s.arg(out.m_selected.size());
        if (engine == SqlEngine::SQLite) {
            out.m_selected << compared + alias;
            out.m_keyMarks << u"?"_s;
            continue;
        }
        // As text, which keeps every digit of a time, named apart: PostgreSQL's ORDER BY would
        // take an output column named like the table's column for the column itself.
        out.m_selected << compared + u"::text"_s + alias;
        const CatalogColumn *column = columnNamed(columns, name);
        const QString addressType = name == u"tableoid"_s ? u"oid"_s : u"tid"_s;
        out.m_keyMarks << markFor(engine, address  ? addressType
                                          : column ? column->type
                                                   : u"text"_s);
    }
    return out;
}

QList<Condition> BrowseSql::bound(const QVariantList &position, bool forward, bool included) const
{
    const bool up = forward != m_descending; // in the index's order
    const QString op = up ? u">"_s : u"<"_s;
    const QString withKey = included ? op + u'=' : op; // the position's own row too
    const QString keyPast = u"%1 %2 %3"_s.arg(tuple(m_keyCompared), withKey, tuple(m_keyMarks));
    if (m_sortCompared.isEmpty())
        return {{keyPast, position}};
    // The NULLs of the sort column come first on the way (behind the position when it has a
    // value) when going up on SQLite or down on PostgreSQL.
    const bool nullsFirst = up == (m_engine == SqlEngine::SQLite);
    const QVariant value = position.value(0);
    if (m_engine == SqlEngine::PostgreSQL) {
        if (value.isNull()) {
            const QString among = u"(%1 IS NULL AND %2)"_s.arg(m_sortCompared, keyPast);
            return {{nullsFirst ? u"(%1 OR %2 IS NOT NULL)"_s.arg(among, m_sortCompared) : among,
                     position.mid(1)}};
        }
        const QString byValue =
            u"%1 %2 %3"_s.arg(tuple(QStringList{m_sortCompared} + m_keyCompared), withKey,
                              tuple(QStringList{m_sortMark} + m_keyMarks));
        return {{nullsFirst ? byValue : u"(%1 OR %2 IS NULL)"_s.arg(byValue, m_sortCompared),
                 position}};
    }
    if (value.isNull()) {
        QList<Condition> arms{
            {u"%1 IS NULL AND %2"_s.arg(m_sortCompared, keyPast), position.mid(1)}};
        if (nullsFirst)
            arms << Condition{m_sortCompared + u" IS NOT NULL"_s, {}};
        return arms;
    }
    QList<Condition> arms{{u"%1 = %2 AND %3"_s.arg(m_sortCompared, m_sortMark, keyPast), position},
                          {u"%1 %2 %3"_s.arg(m_sortCompared, op, m_sortMark), {value}}};
    if (!nullsFirst)
        arms << Condition{m_sortCompared + u" IS NULL"_s, {}};
    return arms;
}

QString BrowseSql::order(bool reversed, bool bySelected) const
{
    const bool down = m_descending != reversed;
    QStringList parts;
    if (bySelected) {
        for (qsizetype i = 0; i < m_selected.size(); ++i)
            parts << u"porthole_k%1"_s.arg(i);
    } else {
        if (!m_sortCompared.isEmpty())
            parts << m_sortCompared;
        parts << m_keyCompared;
    }
    for (QString &part : parts)
        part += down ? u" DESC"_s : u""_s;
    return u"ORDER BY "_s + parts.join(u", "_s);
}

} // namespace porthole
