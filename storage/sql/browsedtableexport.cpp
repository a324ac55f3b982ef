#include "browsedtableexport.h"

#include "sqlsupport.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

class BrowsedTableExport final : public ExportSource
{
public:
    BrowsedTableExport(CatalogTable table, TableKey key, QList<CatalogColumn> columns,
                       BrowseView view, QList<CatalogIndex> indexes)
        : m_table(std::move(table))
        , m_key(std::move(key))
        , m_columns(std::move(columns))
        , m_view(std::move(view))
        , m_indexes(std::move(indexes))
    {}

    QString table() const override { return m_table.name; }

    QList<ExportColumn> columns() const override
    {
        QList<ExportColumn> list;
        for (const CatalogColumn &c : m_columns)
            list.append({c.name, c.name, ExportKind::Text});
        return list;
    }

    Result<ExportQuery> query(const QSqlDatabase &db, const QStringList &names) const override
    {
        const SqlEngine engine = engineOf(db);
        ExportQuery out;
        QStringList select;
        const QList<ExportColumn> all = columns();
        for (const ExportColumn &column : all) {
            if (!names.isEmpty() && !names.contains(column.name))
                continue;
            out.columns.append(column);
            // Named apart: PostgreSQL's ORDER BY would take an output column named like the
            // table's column (its text) for the column itself, and sort numbers as text.
            const QString quoted = SchemaBrowser::quoteIdentifier(column.name);
            select << (engine == SqlEngine::PostgreSQL ? quoted + u"::text"_s
                                                       : u"CAST(%1 AS TEXT)"_s.arg(quoted)) +
                          u" AS porthole_e%1"_s.arg(select.size());
        }
        for (const QString &name : names)
            if (std::none_of(all.cbegin(), all.cend(),
                             [&](const ExportColumn &c) { return c.name == name; }))
                return StorageError::invalidArgument(
                    u"%1 has no column \"%2\"."_s.arg(m_table.qualifiedName(), name));
        auto sql = BrowseSql::make(engine, m_key, m_columns, m_indexes, m_view);
        if (!sql)
            return sql.error();
        const QString from = m_table.schema.isEmpty()
                                 ? SchemaBrowser::quoteIdentifier(m_table.name)
                                 : SchemaBrowser::quoteIdentifier(m_table.schema) + u'.' +
                                       SchemaBrowser::quoteIdentifier(m_table.name);
        out.sql = u"SELECT %1 FROM %2%3"_s.arg(select.join(u", "_s), from, sql->filter().sql);
        out.params = sql->filter().params;
        if (m_key.kind != TableKey::Kind::Position)
            out.sql += u' ' + sql->order(false);
        else
            out.sql += positionOrder(m_key.columns);
        return out;
    }

    Result<RowCount> count(const QSqlDatabase &db, qint64 exactUpTo) const override
    {
        return SchemaBrowser(db).count(m_table, exactUpTo, m_view, m_columns);
    }

private:
    CatalogTable m_table;
    TableKey m_key;
    QList<CatalogColumn> m_columns;
    BrowseView m_view;
    QList<CatalogIndex> m_indexes;
};

} // namespace

std::shared_ptr<const ExportSource> browsedTableExport(const CatalogTable &table,
                                                       const TableKey &key,
                                                       const QList<CatalogColumn> &columns,
                                                       const BrowseView &view,
                                                       const QList<CatalogIndex> &indexes)
{
    return std::make_shared<BrowsedTableExport>(table, key, columns, view, indexes);
}

} // namespace porthole
