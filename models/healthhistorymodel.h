#pragma once

#include "exportsource.h"
#include "healthrepository.h"
#include "pagedtablemodel.h"

#include <QList>
#include <QMetaType>

#include <chrono>

namespace porthole {

// One stretch of a component's timeline: the status a heartbeat reported, from it to the next
// heartbeat (or, for the last, to the heartbeat itself), or a gap: a silence longer than the
// threshold between two heartbeats.
struct HealthBand
{
    QString component;
    QString status; // empty for a gap
    QDateTime from;
    QDateTime to;
    bool gap = false;

    friend bool operator==(const HealthBand &, const HealthBand &) = default;
};

// The bands of each component's heartbeats (in any order; each component's are sorted by time):
// consecutive heartbeats further apart than `gapOver` make a gap between them instead of a band.
// By component, then time.
QList<HealthBand> healthBands(QList<HealthRecord> records, std::chrono::milliseconds gapOver);

// The Health history pane's table: system_health rows, newest first, of one component or of all,
// narrowed by status, read page by page in the background (see PagedTableModel) through
// HealthRepository::page(). Nothing here changes a row.
class HealthHistoryModel : public PagedTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        HeartbeatColumn,
        ComponentColumn,
        StatusColumn,
        DetailsColumn,
        ColumnCount
    };
    enum Role
    {
        RecordRole = Qt::UserRole + 1, // the whole HealthRecord
    };

    explicit HealthHistoryModel(ConnectionFactory factory, QObject *parent = nullptr);
    HealthHistoryModel(ConnectionFactory factory, Options options, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    HealthFilter filter() const { return m_filter; }
    // Starts a new listing, unless the filter is the one shown.
    void setFilter(const HealthFilter &filter);
    std::shared_ptr<const ExportSource> exportSource() const override
    {
        return healthHistoryExport(m_filter);
    }
    // The rows read so far (the placeholders of pages not in memory left out), in the
    // listing's order.
    QList<HealthRecord> loadedRecords() const;

protected:
    QVariant rowData(const QVariant &row, int column, int role) const override;

private:
    void restart() override;
    QStringList watchedTables() const override { return {QStringLiteral("system_health")}; }
    QString sortColumnSql(int column) const override;

    HealthFilter m_filter;
};

} // namespace porthole
