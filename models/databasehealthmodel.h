#pragma once

#include "connectionfactory.h"
#include "databasehealth.h"
#include "workerthread.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QElapsedTimer>

#include <chrono>

namespace porthole {

class DatabaseHealthReader;

// The database's health (readDatabaseHealth()): its tables one a row, the database-wide figures
// in health(). Reads on a thread of its own with a connection of its own, never on the GUI
// thread: refresh() asks, healthChanged() answers. One read at a time; a refresh asked while one
// runs is answered by one more read after it, not one per ask. An automatic refresh (the
// Overview's timer) reads at most every `minimumInterval`: a health read counts rows and, on
// SQLite, measures every page with dbstat, more than a few seconds' refresh should cost.
class DatabaseHealthModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TableColumn,
        RowsColumn,
        SizeColumn,
        GrowthColumn,
        VacuumColumn,
        ColumnCount
    };

    DatabaseHealthModel(ConnectionFactory factory, QObject *parent = nullptr,
                        DatabaseHealthOptions options = {});
    ~DatabaseHealthModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const DatabaseHealth &health() const { return m_health; }
    const DatabaseHealthOptions &options() const { return m_options; }
    bool hasHealth() const { return m_health.readAt.isValid(); }
    // The last read's failure (the connection), empty when it succeeded.
    QString problem() const { return m_problem; }
    // A read is under way.
    bool isReading() const { return m_reading; }

    void setMinimumInterval(std::chrono::milliseconds interval) { m_minimumInterval = interval; }
    // Shows `health` as if read: for tests of what shows it.
    void setHealth(const DatabaseHealth &health);

    // The row texts, for the Overview and its tests: "~1,234", "≥ 100,001", "1.2 MB".
    static QString rowsText(const RowCount &rows);
    static QString growthText(const std::optional<RowCount> &rows);
    // Why a figure is missing, for a person: "needs the pg_monitor role".
    static QString gapText(HealthGap gap);

public Q_SLOTS:
    // `force`: read now even if the last read is recent (the Refresh button, F5).
    void refresh(bool force = false);

Q_SIGNALS:
    void healthChanged();
    void readFailed(const QString &message);

private:
    void onRead(quint64 ticket, const porthole::DatabaseHealth &health, const QString &problem);

    WorkerThread m_thread;
    DatabaseHealthReader *m_reader = nullptr; // lives on m_thread
    DatabaseHealthOptions m_options;
    DatabaseHealth m_health;
    QString m_problem;
    quint64 m_ticket = 0;
    bool m_reading = false;
    bool m_again = false;
    QElapsedTimer m_sinceRead;
    std::chrono::milliseconds m_minimumInterval{30000};
};

} // namespace porthole
