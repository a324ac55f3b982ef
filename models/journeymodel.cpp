#include "journeymodel.h"

#include "batchline.h"
#include "journeyreceipts.h"
#include "redisclient.h"
#include "statuscolours.h"

#include <QBrush>
#include <QFont>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QString timeText(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), u"yyyy-MM-dd HH:mm:ss.zzz"_s)
                          : QString();
}

// The journey's stream entries as `redis` holds them; a server that cannot be read leaves
// them unread, and says why.
void readEntries(const RedisUrl &redis, Journey *journey)
{
    const bool any = std::any_of(journey->receipts.cbegin(), journey->receipts.cend(),
                                 [](const JourneyReceipt &r) { return !r.entryId().isEmpty(); });
    if (!any)
        return;
    RedisClient client;
    Status read = client.connect(redis, {.connectMs = 2000, .commandMs = 3000, .answerMs = 10000});
    if (read)
        read = readRedisEntries(client, journey);
    if (!read)
        journey->redisProblem = read.errorMessage();
}

QString holdsText(const JourneyReceipt &receipt)
{
    QStringList holds;
    for (const JourneyEntryGroup &group : receipt.groups) {
        switch (group.state) {
        case JourneyEntryGroup::State::Acknowledged:
            holds << JourneyModel::tr("acknowledged by %1").arg(group.group);
            break;
        case JourneyEntryGroup::State::Pending:
            holds << JourneyModel::tr("pending at %1 of %2 (delivery count %3)")
                         .arg(group.consumer, group.group)
                         .arg(group.deliveries);
            break;
        case JourneyEntryGroup::State::NotDelivered:
            holds << JourneyModel::tr("not yet delivered to %1").arg(group.group);
            break;
        }
    }
    if (!receipt.inStream)
        holds << JourneyModel::tr("no longer in the stream");
    return holds.join(u"; "_s);
}

// The part a step names by its index; none for -1.
template <typename T>
const T *stepPart(const QList<T> &parts, qsizetype index)
{
    return index >= 0 ? &parts.at(index) : nullptr;
}

} // namespace

JourneyModel::JourneyModel(ConnectionFactory factory, CorrelationKeys keys, QObject *parent)
    : QAbstractTableModel(parent)
    , m_read(std::move(factory), u"journey"_s)
    , m_keys(std::move(keys))
{
    qRegisterMetaType<Journey>();
    connect(&m_read, &LatestRead::done, this, [this](const QVariant &answer) {
        m_loading = false;
        setJourney(answer.value<Journey>());
        Q_EMIT loaded();
    });
    connect(&m_read, &LatestRead::failed, this, [this](const QString &message) {
        m_loading = false;
        Q_EMIT failed(message);
    });
}

void JourneyModel::show(const QString &id)
{
    m_loading = true;
    m_read.read([id, keys = m_keys, redis = m_redis,
                 files = m_batchDirectory](const QSqlDatabase &db) -> Result<QVariant> {
        auto journey = JourneyReader(db, keys).read(id, QDateTime::currentDateTimeUtc());
        if (!journey)
            return journey.error();
        if (!files.isEmpty())
            if (Status lines = readBatchLines(files, &journey.value()); !lines)
                return lines.error();
        if (redis)
            readEntries(*redis, &journey.value());
        return QVariant::fromValue(*journey);
    });
}

void JourneyModel::setJourney(const Journey &journey)
{
    beginResetModel();
    m_journey = journey;
    m_steps.clear();
    for (qsizetype i = 0; i < m_journey.hops.size(); ++i)
        m_steps.append({.hop = i, .at = m_journey.hops.at(i).message.createdAt});
    for (qsizetype i = 0; i < m_journey.actions.size(); ++i)
        m_steps.append({.action = i, .at = m_journey.actions.at(i).at});
    // A delivery where it was stored; one that nothing came of first.
    for (qsizetype i = 0; i < m_journey.receipts.size(); ++i)
        m_steps.append({.receipt = i, .at = m_journey.receipts.at(i).storedAt});
    for (qsizetype i = 0; i < m_journey.sinkRows.size(); ++i)
        m_steps.append({.sinkRow = i, .at = m_journey.sinkRows.at(i).createdAt});
    // In time order; a hop before a change made at the same moment.
    std::stable_sort(m_steps.begin(), m_steps.end(),
                     [](const Step &a, const Step &b) { return a.at < b.at; });
    endResetModel();
}

int JourneyModel::rowOfMessage(const QString &messageId) const
{
    for (qsizetype row = 0; row < m_steps.size(); ++row) {
        const Step &step = m_steps.at(row);
        if (step.hop >= 0 && m_journey.hops.at(step.hop).message.id == messageId)
            return int(row);
    }
    return -1;
}

const JourneyHop *JourneyModel::hopAt(int row) const
{
    return row >= 0 && row < m_steps.size() ? stepPart(m_journey.hops, m_steps.at(row).hop)
                                            : nullptr;
}

const JourneyAction *JourneyModel::actionAt(int row) const
{
    return row >= 0 && row < m_steps.size() ? stepPart(m_journey.actions, m_steps.at(row).action)
                                            : nullptr;
}

const JourneyReceipt *JourneyModel::receiptAt(int row) const
{
    return row >= 0 && row < m_steps.size() ? stepPart(m_journey.receipts, m_steps.at(row).receipt)
                                            : nullptr;
}

const SinkStorageRow *JourneyModel::sinkRowAt(int row) const
{
    return row >= 0 && row < m_steps.size() ? stepPart(m_journey.sinkRows, m_steps.at(row).sinkRow)
                                            : nullptr;
}

int JourneyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_steps.size());
}

int JourneyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString JourneyModel::durationText(qint64 ms)
{
    if (ms < 0)
        return {};
    if (ms < 1000)
        return tr("%1 ms").arg(ms);
    if (ms < 60 * 1000)
        return tr("%1 s").arg(QLocale().toString(double(ms) / 1000, 'f', ms < 10000 ? 2 : 1));
    const qint64 seconds = ms / 1000;
    // A whole minute or hour without its " 0 s" or " 0 min".
    if (seconds < 3600)
        return seconds % 60 == 0 ? tr("%1 min").arg(seconds / 60)
                                 : tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return seconds / 60 % 60 == 0 ? tr("%1 h").arg(seconds / 3600)
                                  : tr("%1 h %2 min").arg(seconds / 3600).arg(seconds / 60 % 60);
}

QVariant JourneyModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_steps.size())
        return {};
    const Step &step = m_steps.at(index.row());
    if (step.hop >= 0)
        return hopData(m_journey.hops.at(step.hop), index.column(), role);
    if (step.receipt >= 0)
        return receiptData(m_journey.receipts.at(step.receipt), index.column(), role);
    if (step.sinkRow >= 0)
        return sinkRowData(m_journey.sinkRows.at(step.sinkRow), index.column(), role);
    return actionData(m_journey.actions.at(step.action), index.column(), role);
}

QVariant JourneyModel::hopData(const JourneyHop &hop, int column, int role) const
{
    const PortMessage &m = hop.message;
    switch (role) {
    case MessageIdRole:
        return m.id;
    case TroubleRole:
        return int(hop.trouble);
    case AttentionRole:
        return hop.trouble != JourneyHop::Trouble::None;
    case IsActionRole:
    case ReceiptRole:
        return false;
    case Qt::DisplayRole:
        switch (column) {
        case TimeColumn:
            return timeText(m.createdAt);
        case StepColumn:
            return u"%1 → %2"_s.arg(m.sourceComponent, m.targetComponent);
        case PortColumn:
            return m.portName;
        case StatusColumn:
            return m.retryCount > 0 ? tr("%1, %Ln retries", nullptr, m.retryCount).arg(m.status)
                                    : m.status;
        case AfterColumn:
            if (const JourneyHop *cause = m_journey.hop(hop.causeId)) {
                const QDateTime done = cause->message.completedAt.isValid()
                                           ? cause->message.completedAt
                                           : cause->message.createdAt;
                return durationText(std::max<qint64>(0, done.msecsTo(m.createdAt)));
            }
            return QString();
        case WaitedColumn:
            return m.processedAt.isValid() ? durationText(m.createdAt.msecsTo(m.processedAt))
                                           : QString();
        case TookColumn:
            return m.processedAt.isValid() && m.completedAt.isValid()
                       ? durationText(m.processedAt.msecsTo(m.completedAt))
                       : QString();
        case TroubleColumn:
            switch (hop.trouble) {
            case JourneyHop::Trouble::None:
                return m.errorMessage;
            case JourneyHop::Trouble::DeadEnd:
                return tr("Dead end: %1").arg(m.errorMessage);
            case JourneyHop::Trouble::Overdue:
                return tr("Overdue: %1 for longer than %2 usually takes").arg(m.status, m.portName);
            case JourneyHop::Trouble::MissingNext:
                return tr("No next hop: %1 usually sends on, and nothing came")
                    .arg(m.targetComponent);
            }
            return {};
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (column == AfterColumn && hop.causeInferred)
            return tr("No key names its cause: it follows the last hop into %1 before it.")
                .arg(m.sourceComponent);
        if (column == WaitedColumn && hop.usualWaitMs >= 0)
            return tr("%1 usually waits %2.").arg(m.portName, durationText(hop.usualWaitMs));
        if (column == StepColumn)
            return m.id;
        if (column == TroubleColumn && hop.trouble != JourneyHop::Trouble::None)
            return hop.troubleText;
        return {};
    case Qt::ForegroundRole:
        if (column == TroubleColumn || column == StatusColumn) {
            if (hop.trouble == JourneyHop::Trouble::DeadEnd)
                return QBrush(statusColour(StatusTone::Critical));
            if (hop.trouble != JourneyHop::Trouble::None)
                return QBrush(statusColour(StatusTone::Warning));
        }
        return {};
    default:
        return {};
    }
}

QVariant JourneyModel::sinkRowData(const SinkStorageRow &row, int column, int role) const
{
    switch (role) {
    case MessageIdRole:
    case DeliveryKeyRole:
        return QString();
    case TroubleRole:
        return int(JourneyHop::Trouble::None);
    case AttentionRole:
    case IsActionRole:
    case ReceiptRole:
        return false;
    case SinkRowRole:
        return row.id;
    case Qt::DisplayRole:
        switch (column) {
        case TimeColumn:
            return timeText(row.createdAt);
        case StepColumn:
            //: A step of a message's journey: a sink component stored it in sink_storage
            return tr("stored by %1").arg(row.sinkName);
        case PortColumn:
            return row.dataType;
        case StatusColumn:
            return tr("in sink_storage");
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return tr("sink_storage row %1").arg(row.id);
    default:
        return {};
    }
}

QVariant JourneyModel::actionData(const JourneyAction &action, int column, int role) const
{
    switch (role) {
    case MessageIdRole:
        return action.messageId;
    case TroubleRole:
        return int(JourneyHop::Trouble::None);
    case AttentionRole:
    case ReceiptRole:
        return false;
    case IsActionRole:
        return true;
    case Qt::DisplayRole:
        if (column == TimeColumn)
            return timeText(action.at);
        if (column == StepColumn)
            //: An operator's change in a message's journey: "replay by alice"
            return tr("%1 by %2").arg(action.change, action.actor);
        if (column == TroubleColumn)
            return tr("audit entry %1").arg(action.auditId);
        return {};
    case Qt::FontRole: {
        QFont italic;
        italic.setItalic(true);
        return italic;
    }
    case Qt::ToolTipRole:
        return tr("An operator's %1 of %2").arg(action.change, action.messageId);
    default:
        return {};
    }
}

QVariant JourneyModel::receiptData(const JourneyReceipt &receipt, int column, int role) const
{
    switch (role) {
    case MessageIdRole:
        return receipt.table == u"port_messages"_s ? receipt.storedId : QString();
    case TroubleRole:
        return int(JourneyHop::Trouble::None);
    case AttentionRole:
        return !receipt.gap.isEmpty() || receipt.table.isEmpty();
    case IsActionRole:
        return false;
    case ReceiptRole:
        return true;
    case DeliveryKeyRole:
        return receipt.deliveryKey;
    case Qt::DisplayRole:
        switch (column) {
        case TimeColumn:
            return timeText(receipt.storedAt);
        case StepColumn:
            // A line of the batch store that no Redis delivery is known for.
            if (receipt.deliveryKey.isEmpty() || receipt.deliveryKey.startsWith(u"batch:"_s))
                return tr("line %1 of %2").arg(receipt.line).arg(batchFileName(receipt.batch));
            //: A step of a message's journey: the ingest worker took it from a Redis key
            return receipt.stream().isEmpty() ? tr("received: %1").arg(receipt.deliveryKey)
                                              : tr("received from %1").arg(receipt.stream());
        case PortColumn:
            return receipt.entryId();
        case StatusColumn:
            if (receipt.table.isEmpty())
                return tr("nothing stored");
            if (receipt.batch >= 0)
                return receipt.line >= 0
                           ? tr("batch %1, line %2").arg(receipt.batch).arg(receipt.line)
                           : tr("batch %1").arg(receipt.batch);
            // A hop's own row needs no name: it is the step beside.
            return receipt.table == u"port_messages"_s ? tr("stored")
                                                       : tr("stored in %1").arg(receipt.table);
        case TroubleColumn:
            if (!receipt.gap.isEmpty())
                return tr("Gap: %1").arg(receipt.gap);
            if (receipt.table.isEmpty())
                return tr("Nothing is stored under this delivery key: not received yet, or lost");
            if (receipt.deliveryKey.isEmpty())
                return tr("Nothing records where this line came from: another receiver wrote "
                          "it, and it is in no table");
            return receipt.redisRead ? holdsText(receipt) : QString();
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if ((column == TroubleColumn || column == StatusColumn) &&
            (!receipt.gap.isEmpty() || receipt.table.isEmpty()))
            return QBrush(
                statusColour(receipt.gap.isEmpty() ? StatusTone::Warning : StatusTone::Critical));
        return {};
    case Qt::ToolTipRole:
        if (receipt.deliveryKey.isEmpty())
            return batchLineKey(receipt.batch, receipt.line);
        return receipt.table.isEmpty()
                   ? receipt.deliveryKey
                   : tr("%1, stored in %2").arg(receipt.deliveryKey, receipt.table);
    default:
        return {};
    }
}

QVariant JourneyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case StepColumn:
        return tr("Step");
    case PortColumn:
        return tr("Port");
    case StatusColumn:
        return tr("Status");
    case AfterColumn:
        //: A column: how long after the hop before it a hop came
        return tr("After cause");
    case WaitedColumn:
        //: A column: how long a hop waited before it was processed
        return tr("Waited");
    case TookColumn:
        //: A column: how long a hop's processing took
        return tr("Took");
    case TroubleColumn:
        //: A column: what is wrong at a hop, or its error
        return tr("What happened");
    default:
        return {};
    }
}

} // namespace porthole
