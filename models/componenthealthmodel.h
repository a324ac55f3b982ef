#pragma once

#include "healthrepository.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

namespace porthole {

// The pipeline's components with their latest heartbeat, one a row, stale ones flagged. Rows
// are matched by component name when the list is replaced, so that a refresh changes cells
// in place and keeps the selection.
class ComponentHealthModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        ComponentColumn,
        StatusColumn,
        HeartbeatColumn,
        AgeColumn,
        ColumnCount
    };
    enum Role
    {
        StaleRole = Qt::UserRole + 1, // bool
        RecordRole                    // the HealthRecord
    };

    explicit ComponentHealthModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // `now` is the time the records were read at: ages count from it.
    void setComponents(const QList<HealthRecord> &records, const QDateTime &now);
    QList<HealthRecord> components() const { return m_rows; }
    qsizetype staleCount() const;

    // "45 s", "12 min", "3 h 5 min", "2 d 4 h".
    static QString ageText(qint64 seconds);
    // Why a component is stale: how long it has been quiet, against its usual interval, and
    // what it said last.
    static QString staleText(const HealthRecord &record, qint64 ageSeconds);

private:
    QList<HealthRecord> m_rows; // by component name
    QDateTime m_now;
};

} // namespace porthole
