#pragma once

#include "timescalehealth.h"

#include <QAbstractTableModel>
#include <QColor>

#include <optional>

namespace porthole {

// TimescaleDB's part of the database's health (DatabaseHealth::timescale), for the Overview's
// Database section: its hypertables, then its continuous aggregates, then its jobs (the failing
// ones first), a row each, in four columns an operator reads across: what it is, its name, how
// it stands (a job whose last run failed in the section's warning colour, with its error; its
// runs counted from the time of the read: "2 min ago", "in 58 min"), and its figures. Empty
// without the extension. summaryText() is the line above them.
class TimescaleHealthModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        KindColumn,
        NameColumn,
        StateColumn,
        FiguresColumn,
        ColumnCount
    };
    enum class RowKind
    {
        Hypertable,
        Aggregate,
        Job,
    };

    explicit TimescaleHealthModel(QObject *parent = nullptr);

    // `readAt`: when it was read, that times count from; invalid: times as they are.
    void setHealth(const std::optional<TimescaleHealth> &health, const QDateTime &readAt = {});
    const std::optional<TimescaleHealth> &health() const { return m_health; }
    RowKind rowKind(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "TimescaleDB 2.23.0: 2 hypertables, 14 chunks (3 compressed), 4 continuous aggregates
    // materialized to 12:00, 9 jobs, 1 failing" (the time alone on the day of `readAt`).
    static QString summaryText(const TimescaleHealth &health, const QDateTime &readAt = {});
    // The colour of a problem in the Database section (the Overview's low disk space too).
    static QColor warningColour() { return QColor(0xb0, 0x30, 0x20); }

private:
    QString hypertableText(const TimescaleHypertable &table, int column) const;
    QString aggregateText(const TimescaleAggregate &aggregate, int column) const;
    QString jobText(const TimescaleJob &job, int column, bool whole) const;
    // "2 min ago", "in 58 min" from the time of the read.
    QString whenText(const QDateTime &time) const;

    std::optional<TimescaleHealth> m_health;
    QDateTime m_readAt;
};

} // namespace porthole
