#pragma once

#include "exportsource.h"
#include "pagedtablemodel.h"
#include "sinkstoragerepository.h"

#include <QJsonObject>
#include <QMetaType>

namespace porthole {

// The Sink storage pane's table: sink_storage rows, newest first, narrowed by sink, data type
// and a JSON path condition in SQL, read page by page in the background (see PagedTableModel)
// through SinkStorageRepository. Nothing here changes a row.
class SinkStorageModel : public PagedTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        CreatedColumn,
        SinkColumn,
        TypeColumn,
        DataColumn,
        MetadataColumn,
        ColumnCount
    };
    enum Role
    {
        RowRole = Qt::UserRole + 1, // the whole SinkStorageRow
        // The row's JSON for a tree: {data, metadata} (null where it has none or it is not
        // JSON).
        JsonRole,
    };

    explicit SinkStorageModel(ConnectionFactory factory, QObject *parent = nullptr);
    SinkStorageModel(ConnectionFactory factory, Options options, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    SinkStorageFilter filter() const { return m_filter; }
    // Starts a new listing, unless the filter is the one shown.
    void setFilter(const SinkStorageFilter &filter);
    std::shared_ptr<const ExportSource> exportSource() const override
    {
        return sinkStorageExport(m_filter);
    }

    static QJsonObject rowJson(const SinkStorageRow &row);

protected:
    QVariant rowData(const QVariant &row, int column, int role) const override;

private:
    void restart() override;
    QStringList watchedTables() const override { return {QStringLiteral("sink_storage")}; }
    QString sortColumnSql(int column) const override;

    SinkStorageFilter m_filter;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::SinkStorageRow)
