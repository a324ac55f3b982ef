#include "alertmodels.h"

#include "alertsignals.h"
#include "componenthealthmodel.h"
#include "statuscolours.h"

#include <QColor>
#include <QCoreApplication>
#include <QHash>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// Worst first: what needs the operator at the top.
int urgency(AlertState state)
{
    switch (state) {
    case AlertState::Firing:
        return 0;
    case AlertState::Pending:
        return 1;
    case AlertState::Resolved:
        return 2;
    case AlertState::Ok:
        return 3;
    }
    return 3;
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s) : QString();
}

QString severityTitle(AlertSeverity severity)
{
    switch (severity) {
    case AlertSeverity::Info:
        return QCoreApplication::translate("porthole::AlertStatusModel", "info");
    case AlertSeverity::Warning:
        return QCoreApplication::translate("porthole::AlertStatusModel", "warning");
    case AlertSeverity::Critical:
        return QCoreApplication::translate("porthole::AlertStatusModel", "critical");
    }
    return {};
}

} // namespace

QString alertStateTitle(AlertState state)
{
    switch (state) {
    case AlertState::Ok:
        return QCoreApplication::translate("porthole::AlertStatusModel", "OK");
    case AlertState::Pending:
        return QCoreApplication::translate("porthole::AlertStatusModel", "Pending");
    case AlertState::Firing:
        return QCoreApplication::translate("porthole::AlertStatusModel", "Firing");
    case AlertState::Resolved:
        return QCoreApplication::translate("porthole::AlertStatusModel", "Resolved");
    }
    return {};
}

namespace {

// A value and what its source said of it: "last run failed: the archive is full".
QString withDetail(const QString &value, const QString &detail)
{
    //: a value and what its source says of it (a failing job's error)
    return detail.isEmpty() ? value
                            : QCoreApplication::translate("porthole::AlertStatusModel", "%1: %2")
                                  .arg(value, detail);
}

} // namespace

QString alertValueText(const std::optional<double> &value)
{
    if (!value)
        return QCoreApplication::translate("porthole::AlertStatusModel", "no data");
    return QLocale().toString(*value, 'f', std::abs(*value - std::round(*value)) < 1e-9 ? 0 : 2);
}

QString alertValueText(const std::optional<double> &value, const AlertRule *rule,
                       const QString &unit)
{
    if (!value || !rule)
        return alertValueText(value);
    const auto tr = [](const char *text) {
        return QCoreApplication::translate("porthole::AlertStatusModel", text);
    };
    const QString number = alertValueText(value);
    const int whole = int(std::lround(*value));
    switch (rule->kind) {
    case AlertKind::HeartbeatAge:
    case AlertKind::PendingAge:
        return tr("%1 old").arg(ComponentHealthModel::ageText(whole));
    case AlertKind::ReplicationLag:
        return tr("%1 behind").arg(ComponentHealthModel::ageText(whole));
    case AlertKind::DatabaseFreeSpace:
        return rule->unit == AlertSpaceUnit::Percent
                   ? tr("%1% free").arg(number)
                   : tr("%1 free").arg(QLocale().formattedDataSize(qint64(*value)));
    case AlertKind::DatabaseConnections:
        return tr("%1% of the connections").arg(number);
    case AlertKind::LongTransactions:
    case AlertKind::IdleInTransaction:
        return tr("%1 sessions").arg(number);
    case AlertKind::ComponentStatus:
        return whole >= 2 ? tr("unhealthy") : whole == 1 ? tr("degraded") : tr("healthy");
    case AlertKind::DeadLetterGrowth:
        return tr("%1 new").arg(number);
    case AlertKind::GroupLag:
        return tr("%1 entries behind").arg(number);
    case AlertKind::IngestStopped:
        return whole ? tr("stopped") : tr("running");
    case AlertKind::IngestErrorRate:
        return tr("%1 errors a minute").arg(number);
    case AlertKind::BatchIntegrity:
        return tr("findings: %1").arg(number);
    case AlertKind::TimescaleJobFailing:
        return whole >= 1 ? tr("last run failed") : tr("last run succeeded");
    case AlertKind::BacklogNotDraining:
        if (*value >= backlogNeverDrainsSeconds)
            return tr("not draining");
        return whole <= 0 ? tr("keeping up")
                          : tr("empty in %1").arg(ComponentHealthModel::ageText(whole));
    case AlertKind::MetricThreshold:
        //: A metric's value and the unit its rows give it: "250 ms", "3.5 %"
        return unit.isEmpty() ? number : tr("%1 %2").arg(number, unit);
    }
    return number;
}

AlertStatusModel::AlertStatusModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void AlertStatusModel::setRules(const QList<AlertRule> &rules)
{
    m_rules = rules;
    rebuild();
}

void AlertStatusModel::setStatuses(const QList<AlertStatus> &statuses)
{
    m_statuses = statuses;
    rebuild();
}

void AlertStatusModel::rebuild()
{
    beginResetModel();
    m_rows.clear();
    for (const AlertStatus &status : std::as_const(m_statuses))
        m_rows.append({.status = status, .read = true});
    for (const AlertRule &rule : std::as_const(m_rules)) {
        const bool seen = std::ranges::any_of(
            m_statuses, [&rule](const AlertStatus &status) { return status.ruleId == rule.id; });
        if (!seen && rule.enabled)
            m_rows.append({.status = {.ruleId = rule.id}, .read = false});
    }
    std::ranges::stable_sort(m_rows, [](const Row &a, const Row &b) {
        return urgency(a.status.state) < urgency(b.status.state);
    });
    endResetModel();
}

int AlertStatusModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AlertStatusModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const AlertRule *AlertStatusModel::rule(const QString &ruleId) const
{
    return findAlertRule(m_rules, ruleId);
}

int AlertStatusModel::count(AlertState state) const
{
    return int(std::ranges::count_if(
        m_statuses, [state](const AlertStatus &status) { return status.state == state; }));
}

QColor AlertStatusModel::stateColor(AlertState state)
{
    switch (state) {
    case AlertState::Firing:
        return statusColour(StatusTone::Critical);
    case AlertState::Pending:
        return statusColour(StatusTone::Warning);
    case AlertState::Resolved:
        return statusColour(StatusTone::Ok);
    case AlertState::Ok:
        return {};
    }
    return {};
}

QVariant AlertStatusModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = m_rows.at(index.row());
    const AlertStatus &status = row.status;
    const AlertRule *rule = this->rule(status.ruleId);
    if (role == StateRole)
        return int(status.state);
    if (role == RuleIdRole)
        return status.ruleId;
    if (role == SubjectRole)
        return status.subject;
    if (role == Qt::ForegroundRole && index.column() == StateColumn) {
        const QColor color = stateColor(status.state);
        return color.isValid() ? QVariant(color) : QVariant();
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case StateColumn:
        return row.read ? alertStateTitle(status.state) : tr("Waiting for a reading");
    case RuleColumn:
        return rule ? rule->name : status.ruleId;
    case SubjectColumn:
        return status.subject;
    case ValueColumn:
        if (!row.read)
            return QString();
        return withDetail(alertValueText(status.value, rule, status.unit), status.detail);
    case SinceColumn:
        return timeText(status.since);
    case SeverityColumn:
        return rule ? severityTitle(rule->severity) : QString();
    default:
        return {};
    }
}

QVariant AlertStatusModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StateColumn:
        return tr("State");
    case RuleColumn:
        return tr("Rule");
    case SubjectColumn:
        return tr("About");
    case ValueColumn:
        return tr("Value");
    case SinceColumn:
        return tr("Since");
    case SeverityColumn:
        return tr("Severity");
    default:
        return {};
    }
}

AlertStatusFilter::AlertStatusFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{}

void AlertStatusFilter::setShowOk(bool show)
{
    if (show == m_showOk)
        return;
    m_showOk = show;
    invalidateRowsFilter();
}

bool AlertStatusFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_showOk)
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return AlertState(index.data(AlertStatusModel::StateRole).toInt()) != AlertState::Ok;
}

AlertHistoryModel::AlertHistoryModel(int limit, QObject *parent)
    : QAbstractTableModel(parent)
    , m_limit(std::max(1, limit))
{}

void AlertHistoryModel::setRules(const QList<AlertRule> &rules)
{
    m_rules = rules;
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, ValueColumn), index(rowCount() - 1, ValueColumn));
}

void AlertHistoryModel::setEntries(const QList<AlertHistoryEntry> &entries)
{
    m_entries = entries.mid(0, m_limit);
    rebuild();
}

void AlertHistoryModel::rebuild()
{
    beginResetModel();
    // Oldest first: a change to pending waits for what follows it. Back to OK, it is a blip,
    // merged into the blip row before it when that is the last row of its rule and subject.
    QList<Row> rows;
    QList<bool> dropped;
    // Rule and subject: the row of its change to pending, and the row of theirs before it.
    QHash<QString, std::pair<qsizetype, qsizetype>> pending;
    QHash<QString, qsizetype> last; // rule and subject: its latest row
    for (auto it = m_entries.crbegin(); it != m_entries.crend(); ++it) {
        const QString key = it->ruleId + QChar(0x1f) + it->subject;
        const auto open = pending.constFind(key);
        if (it->from == AlertState::Pending && it->to == AlertState::Ok && open != pending.cend()) {
            const auto [row, before] = *open;
            pending.erase(open);
            if (before >= 0 && rows.at(before).blips > 0) {
                rows[before].entry = *it;
                ++rows[before].blips;
                dropped[row] = true;
                last.insert(key, before);
            } else {
                rows[row] = {*it, 1, rows.at(row).entry.occurredAt};
            }
            continue;
        }
        pending.remove(key);
        if (it->to == AlertState::Pending)
            pending.insert(key, {rows.size(), last.value(key, -1)});
        last.insert(key, rows.size());
        rows.append({*it, 0, {}});
        dropped.append(false);
    }
    m_rows.clear();
    for (qsizetype i = rows.size() - 1; i >= 0; --i) {
        if (!dropped.at(i))
            m_rows.append(rows.at(i));
    }
    // Newest first by the time each row shows: a row of blips at its latest.
    std::ranges::stable_sort(
        m_rows, [](const Row &a, const Row &b) { return a.entry.occurredAt > b.entry.occurredAt; });
    endResetModel();
}

int AlertHistoryModel::changesOf(int row) const
{
    const Row &shown = m_rows.at(row);
    return shown.blips > 0 ? 2 * shown.blips : 1;
}

QString AlertHistoryModel::blipText(const Row &row) const
{
    return row.blips == 1 ? tr("Pending, then OK again without firing (at %1): no notification.")
                                .arg(timeText(row.firstBlip))
                          : tr("Pending, then OK again without firing, %1 times from %2 to %3: "
                               "no notification.")
                                .arg(row.blips)
                                .arg(timeText(row.firstBlip), timeText(row.entry.occurredAt));
}

void AlertHistoryModel::prepend(const AlertEvent &event)
{
    m_entries.prepend({.id = 0,
                       .occurredAt = event.time,
                       .ruleId = event.ruleId,
                       .ruleName = event.ruleName,
                       .subject = event.subject,
                       .severity = event.severity,
                       .from = event.from,
                       .to = event.to,
                       .value = event.value,
                       .details = {}});
    if (m_entries.size() > m_limit)
        m_entries.resize(m_limit);
    rebuild();
}

int AlertHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AlertHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = m_rows.at(index.row());
    const AlertHistoryEntry &entry = row.entry;
    if (role == AtRole)
        return entry.occurredAt;
    if (role == Qt::ForegroundRole && index.column() == ChangeColumn) {
        const QColor color =
            row.blips > 0 ? QColor(Qt::gray) : AlertStatusModel::stateColor(entry.to);
        return color.isValid() ? QVariant(color) : QVariant();
    }
    if (role == Qt::ToolTipRole && row.blips > 0)
        return blipText(row);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return timeText(entry.occurredAt);
    case RuleColumn:
        return entry.ruleName.isEmpty() ? entry.ruleId : entry.ruleName;
    case SubjectColumn:
        return entry.subject;
    case ChangeColumn:
        if (row.blips == 1)
            return tr("OK → Pending → OK");
        if (row.blips > 1)
            //: %1 how many times a rule went pending and back to OK without firing
            return tr("OK → Pending → OK ×%1").arg(row.blips);
        return tr("%1 → %2").arg(alertStateTitle(entry.from), alertStateTitle(entry.to));
    case ValueColumn:
        return withDetail(alertValueText(entry.value, findAlertRule(m_rules, entry.ruleId)),
                          entry.details.value(u"detail"_s).toString());
    default:
        return {};
    }
}

QVariant AlertHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("When");
    case RuleColumn:
        return tr("Rule");
    case SubjectColumn:
        return tr("About");
    case ChangeColumn:
        return tr("Change");
    case ValueColumn:
        return tr("Value");
    default:
        return {};
    }
}

} // namespace porthole
