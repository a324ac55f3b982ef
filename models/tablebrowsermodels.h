#pragma once

#include "pagedtablemodel.h"
#include "schemabrowser.h"

#include <QHash>
#include <QMetaType>

namespace porthole {

// A table or view with what the Tables pane says of it: its columns, indexes and the key it is
// paged by, read together on the loader's thread.
struct CatalogEntry
{
    CatalogTable table;
    QList<CatalogColumn> columns;
    QList<CatalogIndex> indexes;
    TableKey key;
    QStringList sortable; // the columns its rows can be sorted by (sortableColumns())
};

class BrowsedTableModel;
class ConsoleModel;

// The Tables pane's list: every table and view of the database (SchemaBrowser::tables()), with
// its kind, row estimate and whose it is: the pipeline's by schema and name, then Porthole's
// own (greyed, "Porthole" in the Group column). The catalog is read on the loader's thread.
class CatalogModel : public PagedTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        KindColumn,
        RowsColumn,
        GroupColumn, // "pipeline" or "Porthole"
        ColumnCount
    };
    enum Role
    {
        EntryRole = Qt::UserRole + 1, // the whole CatalogEntry
    };

    explicit CatalogModel(ConnectionFactory factory, QObject *parent = nullptr);
    CatalogModel(ConnectionFactory factory, Options options, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // A model of the rows of `entry`, read with this catalog's connections and options.
    BrowsedTableModel *browse(const CatalogEntry &entry, QObject *parent) const;
    // The SQL console's model over this catalog's database (read-only connections of its own).
    ConsoleModel *console(QObject *parent) const;
    // Shows `count` as the row count of the table or view named `qualifiedName` (the count its
    // own listing has, newer than the catalog's), until another is given; none with an empty
    // name.
    void setListedCount(const QString &qualifiedName, const RowCount &count);

protected:
    QVariant rowData(const QVariant &row, int column, int role) const override;

private:
    void restart() override;

    ConnectionFactory m_factory;
    QString m_listedName;
    RowCount m_listedCount;
};

// The rows of one table or view, read-only, a column for each of its columns, in the order of
// its key (see TableKey) or sorted by a column an index keeps in order (sort(); the key after it),
// narrowed by a filter per column (setFilter(), browseview.h says what a filter's text means);
// both in SQL, keyset-paged. A NULL shows empty, with "NULL" as its tooltip.
class BrowsedTableModel : public PagedTableModel
{
    Q_OBJECT

public:
    enum Role
    {
        IsNullRole = Qt::UserRole + 1,
    };

    BrowsedTableModel(ConnectionFactory factory, CatalogEntry entry, Options options,
                      QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const CatalogEntry &entry() const { return m_entry; }
    // The listing for File > Export: every row as filtered, every column, in the order shown.
    std::shared_ptr<const ExportSource> exportSource() const override;

    // Whether sort() sorts by `column`: an index gives its order (indexSortsBy()).
    bool isSortable(int column) const;
    // Only the rows whose `column` matches `text` (empty: no filter on it); the listing
    // starts over.
    void setFilter(int column, const QString &text);
    QString filter(int column) const { return m_filters.value(column); }
    // Every filter off.
    void clearFilters();
    bool isFiltered() const { return !m_filters.isEmpty(); }
    // The filters as ColumnFilters, and the sort, as the listing reads them now.
    BrowseView view() const;

protected:
    QVariant rowData(const QVariant &row, int column, int role) const override;
    QString sortColumnSql(int column) const override;

private:
    void restart() override;
    QStringList watchedTables() const override { return {m_entry.table.name}; }
    // Whether a whole index begins with `column`, whether it sorts by it or not.
    bool hasIndex(int column) const;

    CatalogEntry m_entry;
    QHash<int, QString> m_filters; // by column
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::CatalogEntry)
Q_DECLARE_METATYPE(porthole::BrowsedRow)
