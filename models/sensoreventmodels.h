#pragma once

#include "pagedtablemodel.h"
#include "sensoreventsrepository.h"

#include <QMetaType>

namespace porthole {

// The Sensor events pane's three tables, each read page by page in the background (see
// PagedTableModel) through SensorEventsRepository: the sensors with their row counts, and for
// the chosen sensor its processed_events and its metrics side by side, each row with what the
// seed's validation queries find in it. All three refresh when metrics or processed_events
// change (metrics notifies on PostgreSQL; the consumer writes both tables together).

// The sensors of both tables, by sensor_id, with how many rows each table holds for it, counted
// up to SensorSummary::countCap ("1,000+" above it) so that the list comes at once; the
// tables of a chosen sensor count its rows exactly.
class SensorListModel : public PagedTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SensorColumn,
        EventsColumn,
        MetricsColumn,
        ColumnCount
    };
    enum Role
    {
        SensorIdRole = Qt::UserRole + 1,
    };

    explicit SensorListModel(ConnectionFactory factory, QObject *parent = nullptr);
    SensorListModel(ConnectionFactory factory, Options options, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // A count as the list shows it: "1,000+" when it stopped at the cap.
    static QString countText(qint64 count, bool capped);

protected:
    QVariant rowData(const QVariant &row, int column, int role) const override;

private:
    void restart() override;
    QStringList watchedTables() const override;
};

// processed_events of a sensor (or of all), in the order they were recorded (see
// SensorEventsRepository); a row without a metric is flagged.
class ProcessedEventModel : public PagedTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        ProcessedColumn,
        SensorColumn,
        EventIdColumn,
        FindingColumn,
        PartitionColumn,
        OffsetColumn,
        ColumnCount
    };
    enum Role
    {
        EventRole = Qt::UserRole + 1, // the whole ProcessedEventRow
        HasFindingRole,
    };

    explicit ProcessedEventModel(ConnectionFactory factory, QObject *parent = nullptr);
    ProcessedEventModel(ConnectionFactory factory, Options options, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    SensorEventFilter filter() const { return m_filter; }
    // Starts a new listing, unless the filter is the one shown.
    void setFilter(const SensorEventFilter &filter);
    std::shared_ptr<const ExportSource> exportSource() const override
    {
        return processedEventsExport(m_filter);
    }

protected:
    QVariant rowData(const QVariant &row, int column, int role) const override;

private:
    void restart() override;
    QStringList watchedTables() const override;

    SensorEventFilter m_filter;
};

// metrics of a sensor (or of all), in the order they were stored (by id); a row without a
// processed event, with a duplicate event_id or with a timestamp before the sensor's previous
// one is flagged.
class SensorMetricModel : public PagedTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        IdColumn,
        SensorColumn,
        TimestampColumn,
        EventIdColumn,
        FindingColumn,
        ValueColumn,
        ProcessedColumn,
        ColumnCount
    };
    enum Role
    {
        MetricRole = Qt::UserRole + 1, // the whole SensorMetricRow
        HasFindingRole,
    };

    explicit SensorMetricModel(ConnectionFactory factory, QObject *parent = nullptr);
    SensorMetricModel(ConnectionFactory factory, Options options, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    SensorEventFilter filter() const { return m_filter; }
    void setFilter(const SensorEventFilter &filter);
    std::shared_ptr<const ExportSource> exportSource() const override
    {
        return sensorMetricsExport(m_filter);
    }

    // What a row's finding cell says ("No processed event; timestamp goes backwards"), empty
    // for a row without a finding.
    static QString findingText(const SensorMetricRow &row);

protected:
    QVariant rowData(const QVariant &row, int column, int role) const override;

private:
    void restart() override;
    QStringList watchedTables() const override;

    SensorEventFilter m_filter;
};

bool sameSensorEventFilter(const SensorEventFilter &a, const SensorEventFilter &b);

} // namespace porthole

Q_DECLARE_METATYPE(porthole::SensorSummary)
Q_DECLARE_METATYPE(porthole::ProcessedEventRow)
Q_DECLARE_METATYPE(porthole::SensorMetricRow)
