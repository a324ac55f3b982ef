#include "componenthealthmodel.h"

#include "statuscolours.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

ComponentHealthModel::ComponentHealthModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int ComponentHealthModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ComponentHealthModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ComponentHealthModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HealthRecord &record = m_rows.at(index.row());
    const qint64 age = record.lastHeartbeat.isValid() && m_now.isValid()
                           ? std::max<qint64>(0, record.lastHeartbeat.secsTo(m_now))
                           : -1;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ComponentColumn:
            return record.componentName;
        case StatusColumn:
            //: A component's state: no heartbeat within its expected interval
            return record.stale ? tr("stale") : record.status;
        case HeartbeatColumn:
            return QLocale().toString(record.lastHeartbeat.toLocalTime(), QLocale::ShortFormat);
        case AgeColumn:
            return age < 0 ? QString() : tr("%1 ago").arg(ageText(age));
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == HeartbeatColumn || index.column() == AgeColumn)
            return record.lastHeartbeat.toUTC().toString(Qt::ISODateWithMs);
        if (record.stale)
            return staleText(record, age);
        return {};
    case Qt::ForegroundRole:
        if (record.stale || (index.column() == StatusColumn && record.status != u"healthy"_s))
            return QBrush(statusColour(healthTone(record.status, record.stale)));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == AgeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case StaleRole:
        return record.stale;
    case RecordRole:
        return QVariant::fromValue(record);
    default:
        return {};
    }
}

QVariant ComponentHealthModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ComponentColumn:
        return tr("Component");
    case StatusColumn:
        //: A column: the status a component reports in its heartbeat
        return tr("Status");
    case HeartbeatColumn:
        return tr("Last heartbeat");
    case AgeColumn:
        //: A column: how long ago the last heartbeat came
        return tr("Age");
    default:
        return {};
    }
}

void ComponentHealthModel::setComponents(const QList<HealthRecord> &records, const QDateTime &now)
{
    QList<HealthRecord> wanted = records;
    std::sort(wanted.begin(), wanted.end(), [](const HealthRecord &a, const HealthRecord &b) {
        return a.componentName < b.componentName;
    });
    m_now = now;
    // Walk both sorted lists: remove rows that went, insert rows that came, change the rest.
    int row = 0;
    for (const HealthRecord &record : std::as_const(wanted)) {
        while (row < m_rows.size() && m_rows.at(row).componentName < record.componentName) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        }
        if (row < m_rows.size() && m_rows.at(row).componentName == record.componentName) {
            m_rows[row] = record;
        } else {
            beginInsertRows({}, row, row);
            m_rows.insert(row, record);
            endInsertRows();
        }
        ++row;
    }
    if (row < m_rows.size()) {
        beginRemoveRows({}, row, int(m_rows.size()) - 1);
        m_rows.resize(row);
        endRemoveRows();
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

QString ComponentHealthModel::staleText(const HealthRecord &record, qint64 age)
{
    const QString said = tr("Its last heartbeat said %1.").arg(record.status);
    if (record.expectedIntervalMs <= 0)
        return tr("No heartbeat for %1: the component may be down. %2").arg(ageText(age), said);
    return tr("No heartbeat for %1, where it usually sends one every %2: the component may be "
              "down. %3")
        .arg(ageText(age), ageText(record.expectedIntervalMs / 1000), said);
}

qsizetype ComponentHealthModel::staleCount() const
{
    return std::count_if(m_rows.cbegin(), m_rows.cend(),
                         [](const HealthRecord &record) { return record.stale; });
}

QString ComponentHealthModel::ageText(qint64 seconds)
{
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min").arg(seconds / 60);
    if (seconds < 86400)
        return tr("%1 h %2 min").arg(seconds / 3600).arg(seconds % 3600 / 60);
    return tr("%1 d %2 h").arg(seconds / 86400).arg(seconds % 86400 / 3600);
}

} // namespace porthole
