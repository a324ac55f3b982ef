#include "healthhistorymodel.h"

#include "repositoryquery.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr qsizetype maxCellLength = 300;

// One listing of heartbeats; runs on the loader's thread with its connection.
using HealthQuery = RepositoryQuery<HealthRepository, HealthFilter, HealthRecord>;

} // namespace

QList<HealthBand> healthBands(QList<HealthRecord> records, std::chrono::milliseconds gapOver)
{
    std::stable_sort(records.begin(), records.end(),
                     [](const HealthRecord &a, const HealthRecord &b) {
                         if (a.componentName != b.componentName)
                             return a.componentName < b.componentName;
                         return a.lastHeartbeat < b.lastHeartbeat;
                     });
    QList<HealthBand> bands;
    for (qsizetype i = 0; i < records.size(); ++i) {
        const HealthRecord &record = records.at(i);
        if (!record.lastHeartbeat.isValid())
            continue;
        const bool last =
            i + 1 == records.size() || records.at(i + 1).componentName != record.componentName;
        if (last) {
            bands.append({record.componentName, record.status, record.lastHeartbeat,
                          record.lastHeartbeat, false});
            continue;
        }
        const QDateTime next = records.at(i + 1).lastHeartbeat;
        if (record.lastHeartbeat.msecsTo(next) > gapOver.count()) {
            // The status held as long as heartbeats came; then nothing was heard.
            bands.append({record.componentName, record.status, record.lastHeartbeat,
                          record.lastHeartbeat, false});
            bands.append({record.componentName, QString(), record.lastHeartbeat, next, true});
        } else {
            bands.append({record.componentName, record.status, record.lastHeartbeat, next, false});
        }
    }
    return bands;
}

HealthHistoryModel::HealthHistoryModel(ConnectionFactory factory, QObject *parent)
    : HealthHistoryModel(std::move(factory), Options{}, parent)
{}

HealthHistoryModel::HealthHistoryModel(ConnectionFactory factory, Options options, QObject *parent)
    : PagedTableModel(std::move(factory), options, parent)
{
    qRegisterMetaType<porthole::HealthRecord>();
    setInitialSort(HeartbeatColumn, Qt::DescendingOrder); // newest first
    restart();
}

int HealthHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void HealthHistoryModel::setFilter(const HealthFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    restart();
}

void HealthHistoryModel::restart()
{
    setQuery(std::make_shared<HealthQuery>(m_filter, sortOrder() == Qt::DescendingOrder));
}

QString HealthHistoryModel::sortColumnSql(int column) const
{
    return column == HeartbeatColumn ? u"last_heartbeat"_s : QString();
}

QList<HealthRecord> HealthHistoryModel::loadedRecords() const
{
    QList<HealthRecord> records;
    for (int row = 0; row < rowCount(); ++row) {
        const QModelIndex index = this->index(row, 0);
        if (index.data(RowLoadedRole).toBool())
            records.append(index.data(RecordRole).value<HealthRecord>());
    }
    return records;
}

QVariant HealthHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return PagedTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole && section == HeartbeatColumn)
        return tr("The heartbeat's time, in local time (UTC in each cell's tooltip)");
    if (role != Qt::DisplayRole)
        return PagedTableModel::headerData(section, orientation, role);
    switch (section) {
    case HeartbeatColumn:
        return tr("Heartbeat");
    case ComponentColumn:
        return tr("Component");
    case StatusColumn:
        return tr("Status");
    case DetailsColumn:
        return tr("Details");
    default:
        return {};
    }
}

QVariant HealthHistoryModel::rowData(const QVariant &row, int column, int role) const
{
    if (row.metaType() != QMetaType::fromType<HealthRecord>())
        return {};
    const HealthRecord &r = *static_cast<const HealthRecord *>(row.constData());
    switch (role) {
    case RecordRole:
        return row;
    case Qt::DisplayRole:
        switch (column) {
        case HeartbeatColumn:
            return r.lastHeartbeat.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
        case ComponentColumn:
            return r.componentName;
        case StatusColumn:
            return r.status;
        case DetailsColumn: {
            const QString text = QString::fromUtf8(r.details).simplified();
            return text.size() > maxCellLength ? text.left(maxCellLength) + u'…' : text;
        }
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (column) {
        case HeartbeatColumn:
            return tr("UTC: %1").arg(
                r.lastHeartbeat.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s));
        case DetailsColumn:
            return r.details.isEmpty() ? QVariant() : QVariant(QString::fromUtf8(r.details));
        default:
            return {};
        }
    default:
        return {};
    }
}

} // namespace porthole
