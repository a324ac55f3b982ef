#include "actionplanmodel.h"

#include <QBrush>
#include <QColor>
#include <QHash>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QColor skippedColour(0x80, 0x80, 0x80);
const QColor overBudgetColour(0xb2, 0x6a, 0x00);

QString fromTo(qint64 before, qint64 after)
{
    return before == after ? QString::number(before) : u"%1 → %2"_s.arg(before).arg(after);
}

} // namespace

ActionPlanModel::ActionPlanModel(ActionPlan plan, QObject *parent)
    : QAbstractTableModel(parent)
    , m_plan(std::move(plan))
{
    // Counted once: the dialog's summary, headline and gate read them.
    QHash<QString, qint64> reasons;
    QSet<QString> keys;
    const bool toRedis =
        m_plan.options.kind == ActionKind::Replay && m_plan.options.target == ReplayTarget::Redis;
    for (const PlannedRow &row : std::as_const(m_plan.rows)) {
        if (!row.acts()) {
            ++reasons[row.skipReason];
            continue;
        }
        ++m_actCount;
        if (row.overBudget)
            ++m_overBudgetCount;
        if (!row.before.isDeadLetter())
            m_allDeadLetters = false;
        if (toRedis)
            keys.insert(redisKeyFor(row.before, m_plan.options));
    }
    for (auto it = reasons.cbegin(); it != reasons.cend(); ++it)
        m_skipReasons.append({it.key(), it.value()});
    std::sort(m_skipReasons.begin(), m_skipReasons.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    m_redisKeys = QStringList(keys.cbegin(), keys.cend());
    m_redisKeys.sort();
}

int ActionPlanModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_plan.rows.size());
}

int ActionPlanModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ActionPlanModel::redisKeyFor(const PortMessage &row, const ActionOptions &options)
{
    QString key = options.redisKey;
    return key.replace(u"{port}"_s, row.portName);
}

QString ActionPlanModel::becomesText(const PlannedRow &row, const ActionOptions &options)
{
    if (!row.acts())
        return tr("(unchanged)");
    switch (options.kind) {
    case ActionKind::Replay:
        if (options.target == ReplayTarget::Redis)
            return tr("published to %1").arg(redisKeyFor(row.before, options));
        return row.after.status;
    case ActionKind::Purge:
        return tr("purged");
    case ActionKind::Restore:
        return tr("restored, %1").arg(row.after.status);
    case ActionKind::Move:
        return tr("port %1").arg(row.after.portName.isEmpty() ? options.toPort
                                                              : row.after.portName);
    }
    return {};
}

QVariant ActionPlanModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PlannedRow &row = m_plan.rows.at(index.row());
    switch (role) {
    case ActsRole:
        return row.acts();
    case SkippedRole:
        return !row.acts();
    case SkipReasonRole:
        return row.skipReason;
    case OverBudgetRole:
        return row.overBudget;
    case Qt::ForegroundRole:
        if (!row.acts())
            return QBrush(skippedColour);
        if (row.overBudget && index.column() == OutcomeColumn)
            return QBrush(overBudgetColour);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == RetriesColumn || index.column() == ReplaysColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case IdColumn:
            return row.before.id;
        case OutcomeColumn:
            if (!row.acts())
                return tr("Skipped: %1").arg(row.skipReason);
            if (row.overBudget)
                return tr("Replayed %n times already, over the budget: acted on only because "
                          "the budget is overridden (recorded in the audit log)",
                          nullptr, row.before.replayCount);
            return {};
        case StatusColumn:
            return row.before.errorMessage.isEmpty() ? QVariant() : row.before.errorMessage;
        default:
            return {};
        }
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case IdColumn:
        return row.before.id;
    case PortColumn:
        return row.before.portName;
    case StatusColumn:
        return row.before.deletedAt.isValid() ? tr("%1 (purged)").arg(row.before.status)
                                              : row.before.status;
    case BecomesColumn:
        return becomesText(row, m_plan.options);
    case RetriesColumn:
        return fromTo(row.before.retryCount, row.after.retryCount);
    case ReplaysColumn:
        return fromTo(row.before.replayCount, row.after.replayCount);
    case OutcomeColumn:
        if (!row.acts())
            return row.skipReason;
        return row.overBudget ? tr("will act (over the replay budget)") : tr("will act");
    default:
        return {};
    }
}

QVariant ActionPlanModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case StatusColumn:
            return tr("The status the row has now");
        case BecomesColumn:
            return tr("What the action makes of the row");
        case RetriesColumn:
            return tr("retry_count now → after the action");
        case ReplaysColumn:
            return tr("How often the row was replayed: now → after the action");
        case OutcomeColumn:
            return tr("Whether the action changes the row, or why it leaves it alone");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("Id");
    case PortColumn:
        return tr("Port");
    case StatusColumn:
        return tr("Status now");
    case BecomesColumn:
        //: A column: what the action makes of the row
        return tr("Becomes");
    case RetriesColumn:
        //: A column: the retry count now → after the action
        return tr("Retries");
    case ReplaysColumn:
        //: A column: how often the row was replayed, now → after the action
        return tr("Replays");
    case OutcomeColumn:
        //: A column: whether the action changes the row, or why it leaves it alone
        return tr("Outcome");
    default:
        return {};
    }
}

} // namespace porthole
