#include "consumergroupmodel.h"

#include <QBrush>
#include <QFont>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A group row's internal id is 0; a consumer's is its group's row + 1.
constexpr quintptr GroupId = 0;

bool sameShape(const QList<StreamGroup> &a, const QList<StreamGroup> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const StreamGroup &x = a.at(i);
        const StreamGroup &y = b.at(i);
        if (x.stream != y.stream || x.group != y.group || x.consumers.size() != y.consumers.size())
            return false;
        for (qsizetype j = 0; j < x.consumers.size(); ++j) {
            if (x.consumers.at(j).name != y.consumers.at(j).name)
                return false;
        }
    }
    return true;
}

} // namespace

ConsumerGroupModel::ConsumerGroupModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

void ConsumerGroupModel::setGroups(const QList<StreamGroup> &groups)
{
    if (!sameShape(m_groups, groups)) {
        beginResetModel();
        m_groups = groups;
        endResetModel();
        return;
    }
    m_groups = groups;
    for (int row = 0; row < m_groups.size(); ++row) {
        const QModelIndex group = index(row, 0);
        Q_EMIT dataChanged(group, index(row, ColumnCount - 1));
        const int consumers = int(m_groups.at(row).consumers.size());
        if (consumers > 0)
            Q_EMIT dataChanged(index(0, 0, group), index(consumers - 1, ColumnCount - 1, group));
    }
}

void ConsumerGroupModel::setTrends(const BacklogTrendSet &trends)
{
    m_trends = trends;
    if (!m_groups.isEmpty())
        Q_EMIT dataChanged(index(0, TrendColumn), index(int(m_groups.size()) - 1, TrendColumn));
}

void ConsumerGroupModel::setOwnConsumer(const QString &name)
{
    if (name == m_own)
        return;
    m_own = name;
    setGroups(QList<StreamGroup>(m_groups)); // same shape: repaints in place
}

void ConsumerGroupModel::setClaimIdleMs(qint64 ms)
{
    m_claimIdleMs = ms;
}

QModelIndex ConsumerGroupModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < m_groups.size() ? createIndex(row, column, GroupId) : QModelIndex();
    if (parent.internalId() != GroupId || parent.row() >= m_groups.size() ||
        row >= m_groups.at(parent.row()).consumers.size())
        return {};
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex ConsumerGroupModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == GroupId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, GroupId);
}

int ConsumerGroupModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.internalId() != GroupId || parent.column() != 0)
        return 0;
    return int(m_groups.at(parent.row()).consumers.size());
}

int ConsumerGroupModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant ConsumerGroupModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == GroupId)
        return groupData(m_groups.at(index.row()), index.column(), role);
    const StreamGroup &group = m_groups.at(int(index.internalId() - 1));
    return consumerData(group.consumers.at(index.row()), index.column(), role);
}

QVariant ConsumerGroupModel::groupData(const StreamGroup &group, int column, int role) const
{
    const QLocale locale;
    if (role == Qt::DisplayRole) {
        switch (column) {
        case NameColumn: {
            // Two %n texts, as English has no translation to pick "1 consumer" or "2 consumers"
            // from.
            const int consumers = int(group.consumers.size());
            return (consumers == 1 ? tr("%1 / %2 (%Ln consumer)", nullptr, consumers)
                                   : tr("%1 / %2 (%Ln consumers)", nullptr, consumers))
                .arg(group.stream, group.group);
        }
        case PendingColumn:
            return locale.toString(group.pending);
        case LagColumn:
            return group.lag < 0 ? tr("unknown") : locale.toString(group.lag);
        case TrendColumn: {
            const BacklogTrend *trend = m_trends.group(group.stream, group.group);
            return trend ? BacklogTrendText::brief(*trend) : QString();
        }
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && column == TrendColumn) {
        const BacklogTrend *trend = m_trends.group(group.stream, group.group);
        if (!trend)
            return tr("No backlog history of this group in the last hour");
        //: %1: "draining, empty in about 4 min (3 min – 5 min)", %2: the rates of 5, 15, 60 min
        return tr("Lag and pending: %1\n%2")
            .arg(BacklogTrendText::summary(*trend), BacklogTrendText::ratesText(*trend));
    }
    if (role == Qt::ToolTipRole && column == LagColumn)
        return tr("Entries of the stream not yet delivered to this group");
    if (role == Qt::ToolTipRole && column == NameColumn && !group.lastDeliveredId.isEmpty())
        return tr("Last delivered to this group: entry %1")
            .arg(QString::fromLatin1(group.lastDeliveredId));
    if (role == Qt::TextAlignmentRole && column != NameColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

bool ConsumerGroupModel::stalled(const StreamConsumer &consumer) const
{
    return consumer.pending > 0 && consumer.idleMs >= m_claimIdleMs;
}

QVariant ConsumerGroupModel::consumerData(const StreamConsumer &consumer, int column,
                                          int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            return consumer.name == m_own ? tr("%1 (this window)").arg(consumer.name)
                                          : consumer.name;
        case PendingColumn:
            return QLocale().toString(consumer.pending);
        case IdleColumn:
            return stalled(consumer) ? tr("%1, stalled").arg(durationText(consumer.idleMs))
                                     : durationText(consumer.idleMs);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (stalled(consumer))
            return tr("Holds %1 unacknowledged entries and has not read for %2: the other "
                      "workers take them over.")
                .arg(QLocale().toString(consumer.pending), durationText(consumer.idleMs));
        return tr("Idle: the time since this consumer last read from the stream");
    case Qt::FontRole:
        if (consumer.name == m_own) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        if (stalled(consumer) && column == IdleColumn)
            return QBrush(Qt::darkRed);
        return {};
    case Qt::TextAlignmentRole:
        if (column != NameColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case StalledRole:
        return stalled(consumer);
    case OwnRole:
        return consumer.name == m_own;
    default:
        return {};
    }
}

QVariant ConsumerGroupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Stream / group, consumer");
    case PendingColumn:
        //: A column: how many entries a consumer holds unacknowledged
        return tr("Pending");
    case IdleColumn:
        //: A column: how long ago a consumer last read
        return tr("Idle");
    case LagColumn:
        //: A column: how many entries of the stream the group has not been delivered yet
        return tr("Lag");
    case TrendColumn:
        //: A column: when the group's backlog is empty at its current rate, or that it grows
        return tr("Drains in");
    default:
        return {};
    }
}

QString ConsumerGroupModel::durationText(qint64 ms)
{
    if (ms < 1000)
        return tr("%1 ms").arg(ms);
    const qint64 seconds = ms / 1000;
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return seconds % 60 == 0 ? tr("%1 min").arg(seconds / 60)
                                 : tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    const qint64 minutes = seconds / 60;
    if (minutes < 24 * 60)
        return minutes % 60 == 0 ? tr("%1 h").arg(minutes / 60)
                                 : tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
    return tr("%1 d %2 h").arg(minutes / (24 * 60)).arg(minutes / 60 % 24);
}

} // namespace porthole
