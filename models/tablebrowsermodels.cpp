#include "tablebrowsermodels.h"

#include "browsedtableexport.h"
#include "consolemodel.h"
#include "sqlcells.h"

#include <QBrush>
#include <QColor>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A cell shows no more than this of a long value; its tooltip holds it whole.

// The tables sort by whose they are (the pipeline's first), schema and name: their key.
QString catalogKey(const CatalogTable &table)
{
    return (table.portholeOwn ? u"1"_s : u"0"_s) + table.schema + QChar(0x1f) + table.name;
}

// The catalog as a listing: read whole (a database has hundreds of tables, not millions) on
// the loader's thread, each table with its columns, indexes and key, and cut to the page.
class CatalogQuery final : public PagedQuery
{
public:
    Result<PagedRows> page(const QSqlDatabase &db, PageRequest::From from, const PageKey &key,
                           int limit) const override
    {
        auto all = entries(db);
        if (!all)
            return all.error();
        qsizetype first = 0;
        qsizetype end = all->size();
        switch (from) {
        case PageRequest::From::Start:
            end = std::min<qsizetype>(end, limit);
            break;
        case PageRequest::From::After:
            first = indexAfter(*all, key.id);
            end = std::min<qsizetype>(end, first + limit);
            break;
        case PageRequest::From::Before:
            end = indexAfter(*all, key.id) - 1;
            if (end < 0)
                end = 0;
            first = std::max<qsizetype>(0, end - limit);
            break;
        case PageRequest::From::End:
            first = std::max<qsizetype>(0, end - limit);
            break;
        }
        return slice(*all, first, end);
    }

    Result<PagedRows> range(const QSqlDatabase &db, const PageKey &first, bool firstIncluded,
                            const PageKey &last, int limit) const override
    {
        auto all = entries(db);
        if (!all)
            return all.error();
        qsizetype begin = 0;
        if (!first.id.isEmpty())
            begin = firstIncluded ? indexAfter(*all, first.id) - 1 : indexAfter(*all, first.id);
        begin = std::max<qsizetype>(0, begin);
        qsizetype end = std::min<qsizetype>(indexAfter(*all, last.id), all->size());
        const bool whole = end - begin <= limit;
        end = std::min<qsizetype>(end, begin + limit);
        PagedRows rows = slice(*all, begin, end);
        rows.atStart = true;
        rows.atEnd = whole;
        return rows;
    }

    Result<RowCount> count(const QSqlDatabase &db, qint64) const override
    {
        auto all = SchemaBrowser(db).tables(0);
        if (!all)
            return all.error();
        return RowCount{all->size(), RowCount::Precision::Exact};
    }

private:
    static Result<QList<CatalogEntry>> entries(const QSqlDatabase &db)
    {
        const SchemaBrowser browser(db);
        auto tables = browser.tables();
        if (!tables)
            return tables.error();
        QList<CatalogEntry> out;
        for (const CatalogTable &table : *tables) {
            CatalogEntry entry{table, {}, {}, {}, {}};
            auto columns = browser.columns(table);
            if (!columns)
                return columns.error();
            auto indexes = browser.indexes(table);
            auto key = browser.keyOf(table, *columns);
            if (!indexes || !key)
                return !indexes ? indexes.error() : key.error();
            entry.columns = *columns;
            entry.indexes = *indexes;
            entry.key = *key;
            entry.sortable = browser.sortable(entry.columns, entry.key, entry.indexes);
            out.append(entry);
        }
        return out;
    }

    // The index of the first entry after `id` in the listing's order.
    static qsizetype indexAfter(const QList<CatalogEntry> &all, const QString &id)
    {
        qsizetype i = 0;
        while (i < all.size() && catalogKey(all.at(i).table) <= id)
            ++i;
        return i;
    }

    static PagedRows slice(const QList<CatalogEntry> &all, qsizetype first, qsizetype end)
    {
        PagedRows rows;
        rows.atStart = first == 0;
        rows.atEnd = end >= all.size();
        for (qsizetype i = first; i < end; ++i) {
            const QString id = catalogKey(all.at(i).table);
            rows.rows.append({PageKey{id, id}, QVariant::fromValue(all.at(i))});
        }
        return rows;
    }
};

PageKey keyOf(const BrowsedRow &row)
{
    return {
        row.key,
        QString::fromUtf8(
            QJsonDocument(QJsonArray::fromVariantList(row.key)).toJson(QJsonDocument::Compact))};
}

Result<PagedRows> toRows(const Result<Page<BrowsedRow>> &page)
{
    if (!page)
        return page.error();
    PagedRows out;
    out.atStart = page->atStart;
    out.atEnd = page->atEnd;
    for (const BrowsedRow &row : page->rows)
        out.rows.append({keyOf(row), QVariant::fromValue(row)});
    return out;
}

class BrowsedQuery final : public PagedQuery
{
public:
    BrowsedQuery(CatalogEntry entry, BrowseView view)
        : m_entry(std::move(entry))
        , m_view(std::move(view))
    {}

    Result<PagedRows> page(const QSqlDatabase &db, PageRequest::From from, const PageKey &key,
                           int limit) const override
    {
        return toRows(SchemaBrowser(db).page(m_entry.table, m_entry.key, m_entry.columns, from,
                                             key.sortValue.toList(), limit, m_view,
                                             m_entry.indexes));
    }

    Result<PagedRows> range(const QSqlDatabase &db, const PageKey &first, bool firstIncluded,
                            const PageKey &last, int limit) const override
    {
        return toRows(SchemaBrowser(db).range(
            m_entry.table, m_entry.key, m_entry.columns, first.sortValue.toList(), firstIncluded,
            last.sortValue.toList(), limit, m_view, m_entry.indexes));
    }

    Result<RowCount> count(const QSqlDatabase &db, qint64 exactUpTo) const override
    {
        return SchemaBrowser(db).count(m_entry.table, exactUpTo, m_view, m_entry.columns);
    }

    bool countsExactly() const override { return true; }

    Result<std::optional<qint64>> exactCount(const QSqlDatabase &db,
                                             CountInterrupt &interrupt) const override
    {
        return SchemaBrowser(db).exactCount(m_entry.table, interrupt, m_view, m_entry.columns);
    }

private:
    const CatalogEntry m_entry;
    const BrowseView m_view;
};

} // namespace

// --- CatalogModel ---

CatalogModel::CatalogModel(ConnectionFactory factory, QObject *parent)
    : CatalogModel(std::move(factory), Options{}, parent)
{}

CatalogModel::CatalogModel(ConnectionFactory factory, Options options, QObject *parent)
    : PagedTableModel(factory, options, parent)
    , m_factory(std::move(factory))
{
    qRegisterMetaType<porthole::CatalogEntry>();
    setInitialSort(NameColumn, Qt::AscendingOrder);
    restart();
}

BrowsedTableModel *CatalogModel::browse(const CatalogEntry &entry, QObject *parent) const
{
    return new BrowsedTableModel(m_factory, entry, options(), parent);
}

ConsoleModel *CatalogModel::console(QObject *parent) const
{
    return new ConsoleModel(m_factory, options().pageSize, parent);
}

void CatalogModel::setListedCount(const QString &qualifiedName, const RowCount &count)
{
    const QString previous = std::exchange(m_listedName, qualifiedName);
    m_listedCount = count;
    for (int row = 0; row < rowCount(); ++row) {
        const QVariant entry = index(row, 0).data(EntryRole);
        if (!entry.isValid())
            continue;
        const QString name = entry.value<CatalogEntry>().table.qualifiedName();
        if (name == qualifiedName || name == previous)
            Q_EMIT dataChanged(index(row, RowsColumn), index(row, RowsColumn));
    }
}

int CatalogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void CatalogModel::restart()
{
    setQuery(std::make_shared<CatalogQuery>());
}

QVariant CatalogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return PagedTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case KindColumn:
        //: A column: table or view
        return tr("Kind");
    case RowsColumn:
        //: A column: how many rows a table holds, perhaps estimated
        return tr("Rows");
    case GroupColumn:
        //: A column: whose a table is, the pipeline's or Porthole's own
        return tr("Group");
    default:
        return {};
    }
}

QVariant CatalogModel::rowData(const QVariant &row, int column, int role) const
{
    if (row.metaType() != QMetaType::fromType<CatalogEntry>())
        return {};
    const CatalogEntry &e = *static_cast<const CatalogEntry *>(row.constData());
    const bool view = e.table.kind == CatalogTable::Kind::View;
    switch (role) {
    case EntryRole:
        return row;
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            return e.table.qualifiedName();
        case KindColumn:
            return view ? tr("view") : tr("table");
        case GroupColumn:
            return e.table.portholeOwn ? tr("Porthole") : tr("pipeline");
        case RowsColumn: {
            const RowCount rows = !m_listedName.isEmpty() && e.table.qualifiedName() == m_listedName
                                      ? m_listedCount
                                      : e.table.rows;
            if (rows.value < 0)
                return QString();
            switch (rows.precision) {
            case RowCount::Precision::Exact:
                return QLocale().toString(rows.value);
            case RowCount::Precision::AtLeast:
                return tr("over %1").arg(QLocale().toString(rows.value - 1));
            case RowCount::Precision::Estimate:
                return tr("about %1").arg(QLocale().toString(rows.value));
            }
            return {};
        }
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (column == RowsColumn && e.table.rows.value < 0)
            return view ? tr("A view is not counted here")
                        : tr("Not known until the table is analysed");
        if (e.table.portholeOwn)
            return tr("One of Porthole's own tables, made by its migrations");
        return {};
    case Qt::ForegroundRole:
        // Porthole's grey, which reads on the light and the dark palette.
        return e.table.portholeOwn ? QVariant(QBrush(QColor(0x70, 0x7c, 0x8a))) : QVariant();
    case Qt::TextAlignmentRole:
        return column == RowsColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    default:
        return {};
    }
}

// --- BrowsedTableModel ---

BrowsedTableModel::BrowsedTableModel(ConnectionFactory factory, CatalogEntry entry, Options options,
                                     QObject *parent)
    : PagedTableModel(std::move(factory), options, parent)
    , m_entry(std::move(entry))
{
    qRegisterMetaType<porthole::BrowsedRow>();
    // Sorted by the key: its first column shows the arrow, when it is a column.
    int keyColumn = -1;
    for (int i = 0; i < m_entry.columns.size(); ++i)
        if (m_entry.key.kind == TableKey::Kind::PrimaryKey &&
            m_entry.columns.at(i).name == m_entry.key.columns.value(0))
            keyColumn = i;
    setInitialSort(keyColumn, Qt::AscendingOrder);
    restart();
}

bool BrowsedTableModel::isSortable(int column) const
{
    return column >= 0 && column < m_entry.columns.size() &&
           m_entry.sortable.contains(m_entry.columns.at(column).name);
}

bool BrowsedTableModel::hasIndex(int column) const
{
    const QString &name = m_entry.columns.at(column).name;
    return std::any_of(m_entry.indexes.cbegin(), m_entry.indexes.cend(),
                       [&](const CatalogIndex &i) { return i.beginsWith(name); });
}

QString BrowsedTableModel::sortColumnSql(int column) const
{
    return isSortable(column) ? m_entry.columns.at(column).name : QString();
}

void BrowsedTableModel::setFilter(int column, const QString &text)
{
    if (column < 0 || column >= m_entry.columns.size() || filter(column) == text.trimmed())
        return;
    if (text.trimmed().isEmpty())
        m_filters.remove(column);
    else
        m_filters.insert(column, text.trimmed());
    restart();
}

void BrowsedTableModel::clearFilters()
{
    if (m_filters.isEmpty())
        return;
    m_filters.clear();
    restart();
}

BrowseView BrowsedTableModel::view() const
{
    BrowseView view;
    for (int column = 0; column < m_entry.columns.size(); ++column)
        if (m_filters.contains(column))
            view.filters.append({m_entry.columns.at(column).name, m_filters.value(column)});
    view.sortColumn = sortColumnSql(sortColumn());
    view.descending = !view.sortColumn.isEmpty() && sortOrder() == Qt::DescendingOrder;
    return view;
}

int BrowsedTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entry.columns.size());
}

void BrowsedTableModel::restart()
{
    setQuery(std::make_shared<BrowsedQuery>(m_entry, view()));
}

std::shared_ptr<const ExportSource> BrowsedTableModel::exportSource() const
{
    return browsedTableExport(m_entry.table, m_entry.key, m_entry.columns, view(), m_entry.indexes);
}

QVariant BrowsedTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_entry.columns.size())
        return PagedTableModel::headerData(section, orientation, role);
    const CatalogColumn &c = m_entry.columns.at(section);
    switch (role) {
    case Qt::DisplayRole:
        return c.name;
    case Qt::ToolTipRole: {
        QString tip = c.primaryKeyPosition > 0
                          ? tr("%1 (%2), in the primary key").arg(c.name, c.type)
                          : tr("%1 (%2)").arg(c.name, c.type);
        if (isSortable(section))
            tip += u'\n' + tr("Click to sort by it: an index serves it.");
        else if (hasIndex(section))
            tip += u'\n' + tr("Not sortable: its index leaves the many rows of each value "
                              "in no order of %1; an index on (%2, %1) would serve it.")
                               .arg(m_entry.key.columns.join(u", "_s), c.name);
        else
            tip += u'\n' + tr("Not sortable: no index begins with it.");
        if (!filter(section).isEmpty())
            tip += u'\n' + tr("Filtered: %1").arg(filter(section));
        return tip;
    }
    default:
        return PagedTableModel::headerData(section, orientation, role);
    }
}

QVariant BrowsedTableModel::rowData(const QVariant &row, int column, int role) const
{
    if (row.metaType() != QMetaType::fromType<BrowsedRow>())
        return {};
    const BrowsedRow &r = *static_cast<const BrowsedRow *>(row.constData());
    if (column < 0 || column >= r.values.size())
        return {};
    const QVariant &value = r.values.at(column);
    switch (role) {
    case IsNullRole:
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return sqlCellData(value, role, IsNullRole);
    default:
        return {};
    }
}

} // namespace porthole
