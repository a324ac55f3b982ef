#pragma once

#include "pagedtablemodel.h"
#include "schemabrowser.h"

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
};

class BrowsedTableModel;

// The Tables pane's list: every table and view of the database (SchemaBrowser::tables()), with
// its kind and row estimate, by schema and name. The catalog is read on the loader's thread.
class CatalogModel : public PagedTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        KindColumn,
        RowsColumn,
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

protected:
    QVariant rowData(const QVariant &row, int column, int role) const override;

private:
    void restart() override;

    ConnectionFactory m_factory;
};

// The rows of one table or view, read-only, in the order of its key (see TableKey), a column
// for each of its columns. A NULL shows empty, with "NULL" as its tooltip.
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
    // The listing for File > Export: every row, every column, in key order.
    std::shared_ptr<const ExportSource> exportSource() const override;

protected:
    QVariant rowData(const QVariant &row, int column, int role) const override;

private:
    void restart() override;
    QStringList watchedTables() const override { return {m_entry.table.name}; }

    CatalogEntry m_entry;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::CatalogEntry)
Q_DECLARE_METATYPE(porthole::BrowsedRow)
