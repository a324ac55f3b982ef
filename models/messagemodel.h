#pragma once

#include "exportsource.h"
#include "messagerepository.h"
#include "pagedtablemodel.h"

#include <QMetaType>

namespace porthole {

// The Messages pane's table: the receiver's `messages`, filtered and sorted in SQL, read page by
// page in the background (see PagedTableModel). Newest first until the operator sorts otherwise.
//
// The total count is exact up to Options::exactCountUpTo; beyond that it is an estimate, on
// SQLite too, where counting stops at the limit: an unfiltered table is then sized by its ids
// (MessageRepository::estimatedCount()), so the operator reads "about 1.2 M rows" rather than
// "more than 100,000" until the exact count (PagedTableModel) replaces it.
class MessageModel : public PagedTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimestampColumn,
        NumberColumn,
        ContentColumn,
        SourceColumn,
        BatchColumn,
        DeliveryKeyColumn,
        IdColumn,
        ColumnCount
    };
    enum Role
    {
        MessageRole = Qt::UserRole + 1, // the whole ReceivedMessage, for a details panel
        // A cell's whole value on one line, for copying as tab-separated text: the time in
        // ISO 8601 with its offset, the content whole with tab, line breaks and backslash
        // escaped (\t, \n, \r, \\).
        CopyTextRole,
    };

    explicit MessageModel(ConnectionFactory factory, QObject *parent = nullptr);
    MessageModel(ConnectionFactory factory, Options options, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    // The SQL column a model column sorts by, or an empty string.
    static QString sqlSortColumn(int column);
    static bool isSortable(int column) { return !sqlSortColumn(column).isEmpty(); }

    MessageFilter filter() const { return m_filter; }
    // Starts a new listing, unless the filter is the one shown.
    void setFilter(const MessageFilter &filter);
    // The listing as shown, filter and sort, for File > Export.
    std::shared_ptr<const ExportSource> exportSource() const override;

    // Content as a person reads it: UTF-8, with what does not decode (and NUL) shown as U+FFFD.
    static QString contentText(const QByteArray &content);

protected:
    QVariant rowData(const QVariant &row, int column, int role) const override;

private:
    void restart() override;
    QStringList watchedTables() const override { return {QStringLiteral("messages")}; }
    QString sortColumnSql(int column) const override;

    MessageFilter m_filter;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::ReceivedMessage)
