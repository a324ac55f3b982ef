#pragma once

#include "auditlog.h"
#include "exportsource.h"
#include "pagedtablemodel.h"

#include <QJsonObject>
#include <QMetaType>

namespace porthole {

// The Audit pane's table: the audit_log, newest first, narrowed by action and time in SQL and
// read page by page in the background (see PagedTableModel) through AuditLog::page(). Nothing
// here changes an entry: the log is append-only.
class AuditLogModel : public PagedTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        WhenColumn,
        WhoColumn,
        ActionColumn,
        RowsColumn,
        DetailsColumn,
        ColumnCount
    };
    enum Role
    {
        EntryRole = Qt::UserRole + 1, // the whole AuditEntry
        // What the entry says beyond its columns, as one JSON object for a tree:
        // {filter, affected_ids, before, after, details}.
        EntryJsonRole,
    };

    explicit AuditLogModel(ConnectionFactory factory, QObject *parent = nullptr);
    AuditLogModel(ConnectionFactory factory, Options options, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    AuditFilter filter() const { return m_filter; }
    // Starts a new listing, unless the filter is the one shown.
    void setFilter(const AuditFilter &filter);
    // The listing as shown, for File > Export.
    std::shared_ptr<const ExportSource> exportSource() const override
    {
        return auditLogExport(m_filter);
    }

    // {filter, affected_ids, before, after, details} of an entry (null where it has none).
    static QJsonObject detailJson(const AuditEntry &entry);
    // An entry's key in the listing (occurred_at, id).
    static PageKey keyOf(const AuditEntry &entry);

protected:
    QVariant rowData(const QVariant &row, int column, int role) const override;

private:
    void restart() override;
    QStringList watchedTables() const override { return {QStringLiteral("audit_log")}; }
    QString sortColumnSql(int column) const override;

    AuditFilter m_filter;
};

bool sameAuditFilter(const AuditFilter &a, const AuditFilter &b);

} // namespace porthole

Q_DECLARE_METATYPE(porthole::AuditEntry)
