#pragma once

#include "backlogtrends.h"
#include "streamgroups.h"

#include <QAbstractItemModel>
#include <QList>

namespace porthole {

// The consumer groups of Redis streams and their consumers, as a tree: a group a top-level
// row ("orders / porthole"), its consumers below it. The workers of one group share its
// stream; each holds its own pending entries. A consumer that holds entries and has been idle
// longer than the take-over time is shown as stalled: another worker takes its entries over.
// A group's trend, from the backlog history (setTrends()), says when it drains: "about 4 min",
// "growing +12/s"; its tooltip the rates and the time to drain's range.
class ConsumerGroupModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        PendingColumn,
        IdleColumn,
        LagColumn,
        TrendColumn, // "Drains in": the group's backlog's trend; empty until setTrends()
        ColumnCount
    };
    enum Role
    {
        StalledRole = Qt::UserRole + 1, // bool: holds entries, idle past the take-over time
        OwnRole,                        // bool: this process's worker
    };

    explicit ConsumerGroupModel(QObject *parent = nullptr);

    // Replaces the groups. When the same groups and consumers are shown, rows are updated
    // in place, so that expansion and selection stay.
    void setGroups(const QList<StreamGroup> &groups);
    QList<StreamGroup> groups() const { return m_groups; }
    // The trends of the backlogs; a group's is looked up by its stream and name.
    void setTrends(const BacklogTrendSet &trends);
    // The consumer this process runs, shown in bold.
    void setOwnConsumer(const QString &name);
    // Entries idle this long in a consumer are taken over by another (--claim-idle-ms).
    void setClaimIdleMs(qint64 ms);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "350 ms", "12 s", "4 min 5 s", "3 h 2 min".
    static QString durationText(qint64 ms);

private:
    QVariant groupData(const StreamGroup &group, int column, int role) const;
    QVariant consumerData(const StreamConsumer &consumer, int column, int role) const;
    bool stalled(const StreamConsumer &consumer) const;

    QList<StreamGroup> m_groups;
    BacklogTrendSet m_trends;
    QString m_own;
    qint64 m_claimIdleMs = 60000;
};

} // namespace porthole
