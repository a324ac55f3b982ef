#include "checkpointmodel.h"

#include "checkpointtext.h"

#include <QBrush>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcCheckpointModel, "porthole.models.checkpoints", QtWarningMsg)

namespace porthole {

CheckpointModel::CheckpointModel(ConnectionFactory factory, QObject *parent)
    : MergingTableModel(parent)
    , m_loader(std::move(factory))
{
    connect(&m_loader, &CheckpointLoader::answered, this, &CheckpointModel::onAnswer);
    request();
}

int CheckpointModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CheckpointModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int CheckpointModel::rowOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).name == name)
            return static_cast<int>(i);
    }
    return -1;
}

QVariant CheckpointModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CheckpointSummary &row = m_rows.at(index.row());
    const bool expired = row.isExpired(m_now);
    switch (role) {
    case NameRole:
        return row.name;
    case ExpiredRole:
        return expired;
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return row.name;
        case ComponentColumn:
            return row.component;
        case VersionsColumn:
            // Counted up to a cap: a list of names does not count every version of each.
            return row.versionCount > CheckpointRepository::versionsCountedUpTo
                       ? tr("%L1+").arg(CheckpointRepository::versionsCountedUpTo)
                       : QString::number(row.versionCount);
        case LatestVersionColumn:
            return QString::number(row.latestVersion);
        case LatestCreatedColumn:
            return checkpointtext::localTime(row.latestAt);
        case ExpiresColumn:
            return checkpointtext::expiry(row.expiresAt, expired);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case NameColumn:
            return expired ? tr("%1: its latest version has expired").arg(row.name) : row.name;
        case LatestCreatedColumn:
            return checkpointtext::utcToolTip(row.latestAt);
        case ExpiresColumn:
            return row.expiresAt.isValid() ? checkpointtext::utcToolTip(row.expiresAt)
                                           : tr("The latest version does not expire");
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if (expired && (index.column() == ExpiresColumn || index.column() == NameColumn))
            return QBrush(checkpointtext::expiredColour());
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == VersionsColumn || index.column() == LatestVersionColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant CheckpointModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return MergingTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case ComponentColumn:
        return tr("Component");
    case VersionsColumn:
        //: A column: how many versions a checkpoint has
        return tr("Versions");
    case LatestVersionColumn:
        //: A column: the number of the newest version
        return tr("Latest");
    case LatestCreatedColumn:
        //: A column: when the newest version was saved
        return tr("Saved");
    case ExpiresColumn:
        //: A column: when the newest version expires
        return tr("Expires");
    default:
        return {};
    }
}

void CheckpointModel::setFilterText(const QString &text)
{
    if (text == m_filterText)
        return;
    m_filterText = text;
    request();
}

void CheckpointModel::refresh()
{
    request();
}

void CheckpointModel::request()
{
    // Only the answer to the latest request is shown; older ones are dropped when they come.
    m_latestTicket = m_loader.readNames(m_filterText);
    if (!m_shown || m_shownFilter != m_filterText)
        setState(State::Loading);
}

void CheckpointModel::onAnswer(const CheckpointAnswer &answer)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (answer.request.ticket != m_latestTicket) {
        qCDebug(lcCheckpointModel) << "dropped the answer to request" << answer.request.ticket;
        return;
    }
    if (!answer.ok) {
        setState(State::Error, answer.error.message);
        return;
    }
    m_now = QDateTime::currentDateTimeUtc();
    if (!m_shown || answer.request.contains != m_shownFilter) {
        // Another listing: nothing of the old one carries over.
        beginResetModel();
        m_rows = answer.names;
        m_shownFilter = answer.request.contains;
        m_shown = true;
        endResetModel();
    } else {
        mergeRows(
            m_rows, answer.names, [](const CheckpointSummary &row) { return row.name; },
            [](const CheckpointSummary &shown, const CheckpointSummary &now) {
                return !(shown == now);
            });
        // Expiry is judged anew: a row may have expired since it was last read.
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    }
    setState(State::Ready);
    Q_EMIT loaded();
}

void CheckpointModel::setState(State state, const QString &message)
{
    if (state == m_state && message == m_errorMessage)
        return;
    m_state = state;
    m_errorMessage = state == State::Error ? message : QString();
    Q_EMIT stateChanged(m_state, m_errorMessage);
}

} // namespace porthole
