#include "checkpointversionmodel.h"

#include "checkpointtext.h"

#include <QBrush>
#include <QFont>
#include <QLocale>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcCheckpointVersions, "porthole.models.checkpointversions", QtWarningMsg)

namespace porthole {

CheckpointVersionModel::CheckpointVersionModel(ConnectionFactory factory, QObject *parent)
    : MergingTableModel(parent)
    , m_loader(std::move(factory))
{
    connect(&m_loader, &CheckpointLoader::answered, this, &CheckpointVersionModel::onAnswer);
}

int CheckpointVersionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CheckpointVersionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int CheckpointVersionModel::rowOfVersion(qint64 version) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).version == version)
            return static_cast<int>(i);
    }
    return -1;
}

qint64 CheckpointVersionModel::previousVersion(qint64 version) const
{
    // Newest first: the next older version is the next row.
    const int row = rowOfVersion(version);
    return row >= 0 && row + 1 < rowCount() ? m_rows.at(row + 1).version : 0;
}

QVariant CheckpointVersionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Checkpoint &row = m_rows.at(index.row());
    const bool expired = row.isExpired(m_now);
    switch (role) {
    case VersionRole:
        return row.version;
    case ExpiredRole:
        return expired;
    case IsLatestRole:
        return row.isLatest;
    case Qt::DisplayRole:
        switch (index.column()) {
        case VersionColumn:
            return QString::number(row.version);
        case CreatedColumn:
            return checkpointtext::localTime(row.createdAt);
        case ExpiresColumn:
            return checkpointtext::expiry(row.expiresAt, expired);
        case LatestColumn:
            //: Marks the newest version of a checkpoint
            return row.isLatest ? tr("latest") : QString();
        case SizeColumn:
            return QLocale().formattedDataSize(row.dataSize);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case VersionColumn:
            return expired ? tr("Version %1 has expired").arg(row.version) : QVariant();
        case CreatedColumn:
            return checkpointtext::utcToolTip(row.createdAt);
        case ExpiresColumn:
            return row.expiresAt.isValid() ? checkpointtext::utcToolTip(row.expiresAt)
                                           : tr("This version does not expire");
        case SizeColumn:
            return tr("%Ln bytes", nullptr, int(row.dataSize));
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if (expired)
            return QBrush(checkpointtext::expiredColour());
        return {};
    case Qt::FontRole:
        if (row.isLatest) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == VersionColumn || index.column() == SizeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant CheckpointVersionModel::headerData(int section, Qt::Orientation orientation,
                                            int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return MergingTableModel::headerData(section, orientation, role);
    switch (section) {
    case VersionColumn:
        return tr("Version");
    case CreatedColumn:
        //: A column: when the version was saved
        return tr("Saved");
    case ExpiresColumn:
        //: A column: when the version expires
        return tr("Expires");
    case LatestColumn:
        //: A column: which version is the newest
        return tr("Latest");
    case SizeColumn:
        return tr("Size");
    default:
        return {};
    }
}

void CheckpointVersionModel::setCheckpointName(const QString &name)
{
    if (name == m_name)
        return;
    m_name = name;
    m_documents.clear();
    m_documentOrder.clear();
    m_documentsInFlight.clear();
    // The versions of another checkpoint go at once: none of them may be taken for one of
    // this checkpoint's while its own are on their way. Answers still on their way for the
    // old name are dropped by their ticket.
    beginResetModel();
    m_rows.clear();
    m_shownName.clear();
    m_shown = false;
    endResetModel();
    if (name.isEmpty()) {
        m_latestTicket = 0;
        setState(State::Idle);
        return;
    }
    m_latestTicket = m_loader.readVersions(name);
    setState(State::Loading);
}

void CheckpointVersionModel::refresh()
{
    if (m_name.isEmpty())
        return;
    m_latestTicket = m_loader.readVersions(m_name);
}

void CheckpointVersionModel::loadDocument(qint64 version)
{
    if (m_name.isEmpty() || m_documents.contains(version) || m_documentsInFlight.contains(version))
        return;
    m_documentsInFlight.insert(version);
    m_loader.readCheckpoint(m_name, version);
}

const Checkpoint *CheckpointVersionModel::document(qint64 version) const
{
    const auto it = m_documents.constFind(version);
    return it == m_documents.cend() ? nullptr : &*it;
}

void CheckpointVersionModel::onAnswer(const CheckpointAnswer &answer)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (answer.request.kind == CheckpointRequest::Kind::Document)
        applyDocument(answer);
    else
        applyVersions(answer);
}

void CheckpointVersionModel::applyVersions(const CheckpointAnswer &answer)
{
    if (answer.request.ticket != m_latestTicket) {
        qCDebug(lcCheckpointVersions) << "dropped the answer to request" << answer.request.ticket;
        return;
    }
    if (!answer.ok) {
        setState(State::Error, answer.error.message);
        return;
    }
    m_now = QDateTime::currentDateTimeUtc();
    if (!m_shown || m_shownName != answer.request.name) {
        beginResetModel();
        m_rows = answer.versions;
        m_shownName = answer.request.name;
        m_shown = true;
        endResetModel();
    } else {
        // Versions are numbered once and never change their number: new ones come on top,
        // old ones go (retention) from anywhere.
        mergeRows(
            m_rows, answer.versions, [](const Checkpoint &row) { return row.version; },
            [](const Checkpoint &shown, const Checkpoint &now) {
                return shown.isLatest != now.isLatest || shown.expiresAt != now.expiresAt ||
                       shown.dataSize != now.dataSize || shown.createdAt != now.createdAt;
            });
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    }
    setState(State::Ready);
    Q_EMIT loaded();
}

void CheckpointVersionModel::applyDocument(const CheckpointAnswer &answer)
{
    const qint64 version = answer.request.version;
    // A document of the checkpoint shown before: of no use now.
    if (answer.request.name != m_name || !m_documentsInFlight.remove(version))
        return;
    if (!answer.ok) {
        Q_EMIT documentFailed(version, answer.error.message);
        return;
    }
    m_documents.insert(version, answer.checkpoint);
    m_documentOrder.removeAll(version);
    m_documentOrder.append(version);
    // Documents may be large; a few are kept for going back and forth between versions.
    while (m_documentOrder.size() > documentsKept)
        m_documents.remove(m_documentOrder.takeFirst());
    Q_EMIT documentLoaded(version);
}

void CheckpointVersionModel::setState(State state, const QString &message)
{
    if (state == m_state && message == m_errorMessage)
        return;
    m_state = state;
    m_errorMessage = state == State::Error ? message : QString();
    Q_EMIT stateChanged(m_state, m_errorMessage);
}

} // namespace porthole
