#include "sourcestatusmodel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace porthole {

SourceStatusModel::SourceStatusModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int SourceStatusModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int SourceStatusModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SourceStatusModel::kindName(SourceStatus::Kind kind)
{
    switch (kind) {
    case SourceStatus::Kind::Database:
        return tr("Database");
    case SourceStatus::Kind::BatchFiles:
        return tr("Batch files");
    case SourceStatus::Kind::Redis:
        return tr("Redis");
    }
    return {};
}

QString SourceStatusModel::stateName(SourceStatus::State state)
{
    switch (state) {
    case SourceStatus::State::Unknown:
        return tr("Checking…");
    case SourceStatus::State::Ok:
        return tr("Available");
    case SourceStatus::State::Missing:
        return tr("Not created yet");
    case SourceStatus::State::Error:
        //: The state of a data source: it cannot be read
        return tr("Error");
    }
    return {};
}

QString SourceStatusModel::detailText(const SourceStatus &status, bool brief)
{
    const SourceStatus::Found &found = status.found;
    if (found.count < 0) // nothing found: a sentence of what went wrong, or of nothing there
        return status.detail;
    const auto size = [&found] {
        return QLocale().formattedDataSize(found.bytes, 1, QLocale::DataSizeTraditionalFormat);
    };
    // Two %n texts each, as English has no translation to pick "1 table" or "2 tables" from.
    const int count = int(found.count);
    QString text;
    switch (status.kind) {
    case SourceStatus::Kind::Database:
        //: A database: its product and size, its schema version against the newest Porthole
        //: knows, and its tables ("SQLite 3.40.1, 22.3 MB, schema version 17 of 17, 19 tables")
        text = (count == 1 ? tr("%1, schema version %2 of %3, %Ln table", nullptr, 1)
                           : tr("%1, schema version %2 of %3, %Ln tables", nullptr, count))
                   .arg(found.bytes < 0 ? found.product
                        : brief         ? size()
                                        : found.product + u", "_s + size())
                   .arg(found.schemaVersion)
                   .arg(found.latestSchemaVersion);
        if (!found.problem.isEmpty())
            text += u". "_s + found.problem;
        return text;
    case SourceStatus::Kind::BatchFiles:
        if (found.count == 0)
            return tr("No batch files yet.");
        //: A batch-file folder: how many files it holds, and their size
        return (count == 1 ? tr("%Ln batch file, %1", nullptr, 1)
                           : tr("%Ln batch files, %1", nullptr, count))
            .arg(size());
    case SourceStatus::Kind::Redis:
        //: A Redis server: its version and the keys it holds ("Redis 7.0.15, 12 keys")
        text = (count == 1 ? tr("%1, %Ln key", nullptr, 1) : tr("%1, %Ln keys", nullptr, count))
                   .arg(found.product);
        if (found.consumerGroups == 1)
            text += tr(", %Ln consumer group", nullptr, 1);
        else if (found.consumerGroups >= 0)
            text += tr(", %Ln consumer groups", nullptr, int(found.consumerGroups));
        if (!found.problem.isEmpty())
            text += tr("; the consumer groups cannot be read: %1").arg(found.problem);
        return text;
    }
    return status.detail;
}

QVariant SourceStatusModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SourceStatus &row = m_rows.at(index.row());
    if (role == StateRole)
        return static_cast<int>(row.state);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case SourceColumn:
            return kindName(row.kind);
        case StateColumn:
            return stateName(row.state);
        case LocationColumn:
            return row.location;
        case DetailColumn:
            return detailText(row, true);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole &&
        (index.column() == LocationColumn || index.column() == DetailColumn))
        return index.column() == LocationColumn ? row.location : detailText(row);
    if (role == Qt::ForegroundRole && index.column() == StateColumn) {
        switch (row.state) {
        case SourceStatus::State::Ok:
            return QBrush(QColor(0x2e, 0x7d, 0x32));
        case SourceStatus::State::Error:
            return QBrush(QColor(0xc6, 0x28, 0x28));
        default:
            return {};
        }
    }
    return {};
}

QVariant SourceStatusModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SourceColumn:
        //: A column: the kind of data source (database, batch files, Redis)
        return tr("Source");
    case StateColumn:
        //: A column: whether a data source can be read
        return tr("State");
    case LocationColumn:
        return tr("Location");
    case DetailColumn:
        return tr("Details");
    default:
        return {};
    }
}

void SourceStatusModel::setStatuses(const QList<SourceStatus> &statuses)
{
    const bool sameShape =
        statuses.size() == m_rows.size() &&
        std::equal(statuses.cbegin(), statuses.cend(), m_rows.cbegin(),
                   [](const SourceStatus &a, const SourceStatus &b) { return a.kind == b.kind; });
    if (!sameShape) {
        beginResetModel();
        m_rows = statuses;
        endResetModel();
        return;
    }
    for (qsizetype i = 0; i < statuses.size(); ++i) {
        if (statuses.at(i) == m_rows.at(i))
            continue;
        m_rows[i] = statuses.at(i);
        const int row = static_cast<int>(i);
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

} // namespace porthole
