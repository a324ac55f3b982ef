#pragma once

#include "exportsource.h"
#include "pagedtablemodel.h"
#include "portmessagerepository.h"

#include <QMetaType>

namespace porthole {

// The Queues pane's table: port_messages, filtered and sorted in SQL, read page by page in the
// background (see PagedTableModel). Newest first until the operator sorts otherwise.
class PortMessageModel : public PagedTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        CreatedAtColumn,
        PortColumn,
        StatusColumn,
        SourceColumn,
        TargetColumn,
        RetriesColumn,
        ErrorColumn,
        IdColumn,
        ColumnCount
    };
    enum Role
    {
        MessageRole = Qt::UserRole + 1, // the whole PortMessage, for a details panel
        DeadLetterRole,                 // bool
    };

    explicit PortMessageModel(ConnectionFactory factory, QObject *parent = nullptr);
    PortMessageModel(ConnectionFactory factory, Options options, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    // The SQL column a model column sorts by, or an empty string.
    static QString sqlSortColumn(int column);

    PortMessageFilter filter() const { return m_filter; }
    void setFilter(const PortMessageFilter &filter);
    // The listing as shown (filter, error group and sort), for File > Export.
    std::shared_ptr<const ExportSource> exportSource() const override;
    bool deadLettersOnly() const { return m_filter.deadLettersOnly; }
    void setDeadLettersOnly(bool on);
    // Only the rows whose error message has this signature (see errorSignature()); empty for
    // all. SQL narrows the rows down by a LIKE pattern made of the signature; the few that
    // match it with another signature are left out as they are read, and counted out.
    QString errorSignature() const { return m_errorSignature; }
    void setErrorSignature(const QString &signature);

protected:
    QVariant rowData(const QVariant &row, int column, int role) const override;

private:
    void restart() override;
    QStringList watchedTables() const override { return {QStringLiteral("port_messages")}; }
    QString sortColumnSql(int column) const override;

    PortMessageFilter m_filter;
    QString m_errorSignature;
};

} // namespace porthole
