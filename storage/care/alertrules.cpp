#include "alertrules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <utility>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace porthole {

namespace {

template <typename E>
using NameTable = QList<std::pair<E, QString>>;

const NameTable<AlertKind> &kindNames()
{
    static const NameTable<AlertKind> table{
        {AlertKind::DeadLetterGrowth, u"dead_letter_growth"_s},
        {AlertKind::HeartbeatAge, u"heartbeat_age"_s},
        {AlertKind::ComponentStatus, u"component_status"_s},
        {AlertKind::MetricThreshold, u"metric_threshold"_s},
        {AlertKind::GroupLag, u"group_lag"_s},
        {AlertKind::PendingAge, u"pending_age"_s},
        {AlertKind::IngestStopped, u"ingest_stopped"_s},
        {AlertKind::IngestErrorRate, u"ingest_error_rate"_s},
        {AlertKind::BatchIntegrity, u"batch_integrity"_s},
        {AlertKind::DatabaseFreeSpace, u"database_free_space"_s},
        {AlertKind::DatabaseConnections, u"database_connections"_s},
        {AlertKind::LongTransactions, u"long_transactions"_s},
        {AlertKind::IdleInTransaction, u"idle_in_transaction"_s},
        {AlertKind::ReplicationLag, u"replication_lag"_s},
        {AlertKind::BacklogNotDraining, u"backlog_not_draining"_s},
        {AlertKind::TimescaleJobFailing, u"timescaledb_job_failing"_s},
    };
    return table;
}

const NameTable<AlertSeverity> &severityNames()
{
    static const NameTable<AlertSeverity> table{{AlertSeverity::Info, u"info"_s},
                                                {AlertSeverity::Warning, u"warning"_s},
                                                {AlertSeverity::Critical, u"critical"_s}};
    return table;
}

const NameTable<AlertComparison> &comparisonNames()
{
    static const NameTable<AlertComparison> table{{AlertComparison::Above, u">"_s},
                                                  {AlertComparison::AtLeast, u">="_s},
                                                  {AlertComparison::Below, u"<"_s},
                                                  {AlertComparison::AtMost, u"<="_s}};
    return table;
}

const NameTable<AlertReduce> &reduceNames()
{
    static const NameTable<AlertReduce> table{{AlertReduce::Last, u"last"_s},
                                              {AlertReduce::Average, u"avg"_s},
                                              {AlertReduce::Min, u"min"_s},
                                              {AlertReduce::Max, u"max"_s}};
    return table;
}

const NameTable<AlertNoData> &noDataNames()
{
    static const NameTable<AlertNoData> table{{AlertNoData::Keep, u"keep"_s},
                                              {AlertNoData::Clear, u"clear"_s},
                                              {AlertNoData::Fire, u"fire"_s}};
    return table;
}

const NameTable<AlertSpaceUnit> &unitNames()
{
    static const NameTable<AlertSpaceUnit> table{{AlertSpaceUnit::Percent, u"percent"_s},
                                                 {AlertSpaceUnit::Bytes, u"bytes"_s}};
    return table;
}

template <typename E>
QString nameOf(const NameTable<E> &table, E value)
{
    for (const auto &[v, name] : table) {
        if (v == value)
            return name;
    }
    return {};
}

template <typename E>
std::optional<E> valueOf(const NameTable<E> &table, const QString &name)
{
    for (const auto &[v, n] : table) {
        if (n == name)
            return v;
    }
    return std::nullopt;
}

template <typename E>
QString namesOf(const NameTable<E> &table)
{
    QStringList names;
    for (const auto &entry : table)
        names << u"\"%1\""_s.arg(entry.second);
    return names.join(u", "_s);
}

// The keys every rule has, in the order JSON writes them.
const QStringList &commonKeys()
{
    static const QStringList keys{u"id"_s,         u"name"_s,      u"kind"_s,  u"enabled"_s,
                                  u"comparison"_s, u"threshold"_s, u"clear"_s, u"for"_s,
                                  u"severity"_s,   u"no_data"_s};
    return keys;
}

QString ruleLabel(const AlertRule &rule)
{
    return rule.id.isEmpty() ? u"An alert rule"_s : u"The alert rule \"%1\""_s.arg(rule.id);
}

StorageError ruleError(const AlertRule &rule, const QString &problem)
{
    return StorageError::invalidArgument(u"%1 %2."_s.arg(ruleLabel(rule), problem));
}

} // namespace

bool AlertRule::beyond(double value, double limit) const
{
    switch (comparison) {
    case AlertComparison::Above:
        return value > limit;
    case AlertComparison::AtLeast:
        return value >= limit;
    case AlertComparison::Below:
        return value < limit;
    case AlertComparison::AtMost:
        return value <= limit;
    }
    return false;
}

QString alertKindName(AlertKind kind)
{
    return nameOf(kindNames(), kind);
}

QString alertSeverityName(AlertSeverity severity)
{
    return nameOf(severityNames(), severity);
}

QString alertComparisonName(AlertComparison comparison)
{
    return nameOf(comparisonNames(), comparison);
}

QString alertReduceName(AlertReduce reduce)
{
    return nameOf(reduceNames(), reduce);
}

QString alertNoDataName(AlertNoData noData)
{
    return nameOf(noDataNames(), noData);
}

QString alertSpaceUnitName(AlertSpaceUnit unit)
{
    return nameOf(unitNames(), unit);
}

std::optional<AlertKind> alertKindOf(const QString &name)
{
    return valueOf(kindNames(), name);
}

std::optional<AlertSeverity> alertSeverityOf(const QString &name)
{
    return valueOf(severityNames(), name);
}

QStringList alertRuleParameters(AlertKind kind)
{
    switch (kind) {
    case AlertKind::DeadLetterGrowth:
        return {u"window"_s};
    case AlertKind::HeartbeatAge:
    case AlertKind::ComponentStatus:
        return {u"component"_s};
    case AlertKind::MetricThreshold:
        return {u"component"_s, u"metric"_s, u"window"_s, u"reduce"_s};
    case AlertKind::GroupLag:
    case AlertKind::PendingAge:
        return {u"stream"_s, u"group"_s};
    case AlertKind::DatabaseFreeSpace:
        return {u"unit"_s};
    case AlertKind::LongTransactions:
    case AlertKind::IdleInTransaction:
        return {u"window"_s};
    case AlertKind::IngestStopped:
    case AlertKind::IngestErrorRate:
    case AlertKind::BatchIntegrity:
    case AlertKind::DatabaseConnections:
    case AlertKind::ReplicationLag:
    case AlertKind::BacklogNotDraining:
    case AlertKind::TimescaleJobFailing:
        return {};
    }
    return {};
}

std::optional<std::chrono::seconds> parseAlertDuration(const QString &text)
{
    static const QRegularExpression form(u"^(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?$"_s);
    const QString trimmed = text.trimmed();
    const QRegularExpressionMatch match = form.match(trimmed);
    if (trimmed.isEmpty() || !match.hasMatch())
        return std::nullopt;
    qint64 seconds = 0;
    const qint64 units[] = {86400, 3600, 60, 1};
    for (int i = 0; i < 4; ++i) {
        bool ok = true;
        const QString part = match.captured(i + 1);
        const qint64 n = part.isEmpty() ? 0 : part.toLongLong(&ok);
        // A year of seconds is far beyond any rule's window; beyond it is a typing error.
        if (!ok || n > 366 * 86400)
            return std::nullopt;
        seconds += n * units[i];
    }
    return std::chrono::seconds(seconds);
}

QString alertDurationText(std::chrono::seconds duration)
{
    qint64 left = duration.count();
    if (left <= 0)
        return u"0s"_s;
    QString text;
    for (const auto &[unit, suffix] :
         {std::pair{qint64(86400), u'd'}, {qint64(3600), u'h'}, {qint64(60), u'm'}, {1, u's'}}) {
        if (left >= unit) {
            text += QString::number(left / unit) + QChar(suffix);
            left %= unit;
        }
    }
    return text;
}

Status checkAlertRule(const AlertRule &rule)
{
    static const QRegularExpression idForm(u"^[A-Za-z0-9_.-]{1,100}$"_s);
    if (!idForm.match(rule.id).hasMatch())
        return ruleError(rule, u"needs an id of 1 to 100 letters, digits, '-', '_' or '.'"_s);
    if (rule.name.trimmed().isEmpty())
        return ruleError(rule, u"needs a name"_s);
    if (!std::isfinite(rule.threshold) || !std::isfinite(rule.clearThreshold))
        return ruleError(rule, u"needs a threshold and a clear threshold that are numbers"_s);
    // The clear threshold must not itself count as beyond the threshold: else the alert could
    // never resolve.
    if (rule.clearThreshold != rule.threshold && rule.beyond(rule.clearThreshold, rule.threshold))
        return ruleError(rule, u"has the clear threshold %1 beyond its threshold %2 (\"%3\"); "
                               "set it on the other side, or equal to it for no hysteresis"_s
                                   .arg(rule.clearThreshold)
                                   .arg(rule.threshold)
                                   .arg(alertComparisonName(rule.comparison)));
    if (rule.forDuration < 0s)
        return ruleError(rule, u"has a negative \"for\""_s);
    const QStringList parameters = alertRuleParameters(rule.kind);
    if (parameters.contains(u"window"_s) && rule.window <= 0s)
        return ruleError(rule, u"needs a \"window\" longer than 0s, e.g. \"5m\""_s);
    if (rule.kind == AlertKind::MetricThreshold && rule.metric.isEmpty())
        return ruleError(rule, u"needs the \"metric\" it watches (a metric_name)"_s);
    if ((rule.kind == AlertKind::GroupLag || rule.kind == AlertKind::PendingAge) &&
        rule.stream.isEmpty())
        return ruleError(rule, u"needs the \"stream\" whose consumer groups it watches"_s);
    return success();
}

QJsonObject alertRuleToJson(const AlertRule &rule)
{
    QJsonObject object{
        {u"id"_s, rule.id},
        {u"name"_s, rule.name},
        {u"kind"_s, alertKindName(rule.kind)},
        {u"enabled"_s, rule.enabled},
        {u"comparison"_s, alertComparisonName(rule.comparison)},
        {u"threshold"_s, rule.threshold},
        {u"clear"_s, rule.clearThreshold},
        {u"for"_s, alertDurationText(rule.forDuration)},
        {u"severity"_s, alertSeverityName(rule.severity)},
        {u"no_data"_s, alertNoDataName(rule.noData)},
    };
    const QStringList parameters = alertRuleParameters(rule.kind);
    const auto put = [&](const QString &key, const QJsonValue &value) {
        if (parameters.contains(key))
            object.insert(key, value);
    };
    put(u"component"_s, rule.component);
    put(u"metric"_s, rule.metric);
    put(u"stream"_s, rule.stream);
    put(u"group"_s, rule.group);
    put(u"window"_s, alertDurationText(rule.window));
    put(u"reduce"_s, alertReduceName(rule.reduce));
    put(u"unit"_s, alertSpaceUnitName(rule.unit));
    return object;
}

QByteArray alertRulesToJson(const QList<AlertRule> &rules)
{
    QJsonArray array;
    for (const AlertRule &rule : rules)
        array.append(alertRuleToJson(rule));
    return QJsonDocument(QJsonObject{{u"rules"_s, array}}).toJson(QJsonDocument::Indented);
}

namespace {

// Reads the keys of one rule object in turn; the first problem is kept, naming the rule.
class RuleReader
{
public:
    RuleReader(const QJsonObject &object, AlertRule &rule)
        : m_object(object)
        , m_rule(rule)
    {}

    std::optional<StorageError> error;

    QString text(const QString &key, const QString &fallback = {})
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return fallback;
        if (!value.isString())
            fail(u"has \"%1\" that is not a string"_s.arg(key));
        return value.toString().trimmed();
    }

    double number(const QString &key, double fallback, bool required = false)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined() && !required)
            return fallback;
        if (!value.isDouble()) {
            fail(u"needs \"%1\" as a number"_s.arg(key));
            return fallback;
        }
        return value.toDouble();
    }

    std::chrono::seconds duration(const QString &key)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return 0s;
        if (value.isDouble() && value.toDouble() >= 0 &&
            value.toDouble() == std::floor(value.toDouble()))
            return std::chrono::seconds(qint64(value.toDouble()));
        if (const auto parsed = parseAlertDuration(value.toString()); value.isString() && parsed)
            return *parsed;
        fail(u"has \"%1\" that is not a duration such as \"90s\", \"5m\" or \"1h30m\""_s.arg(key));
        return 0s;
    }

    template <typename E>
    E choice(const QString &key, const NameTable<E> &table, E fallback)
    {
        const QString name = text(key, nameOf(table, fallback));
        if (const std::optional<E> value = valueOf(table, name))
            return *value;
        fail(u"has the %1 \"%2\"; it is one of %3"_s.arg(key, name, namesOf(table)));
        return fallback;
    }

    void fail(const QString &problem)
    {
        if (!error)
            error = ruleError(m_rule, problem);
    }

private:
    const QJsonObject &m_object;
    AlertRule &m_rule;
};

} // namespace

Result<AlertRule> alertRuleFromJson(const QJsonObject &object)
{
    AlertRule rule;
    RuleReader read(object, rule);
    rule.id = read.text(u"id"_s);
    const QString kind = read.text(u"kind"_s);
    if (const auto parsed = alertKindOf(kind))
        rule.kind = *parsed;
    else
        read.fail(u"has the kind \"%1\"; it is one of %2"_s.arg(kind, namesOf(kindNames())));
    const QStringList parameters = alertRuleParameters(rule.kind);
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!commonKeys().contains(it.key()) && !parameters.contains(it.key()) &&
            it.key() != u"clear_margin"_s)
            read.fail(u"has the key \"%1\", which a %2 rule does not take (it takes %3)"_s.arg(
                it.key(), kind, (commonKeys() + parameters).join(u", "_s)));
    }
    rule.name = read.text(u"name"_s, rule.id);
    if (const QJsonValue enabled = object.value(u"enabled"_s); !enabled.isUndefined()) {
        if (!enabled.isBool())
            read.fail(u"needs \"enabled\" as true or false"_s);
        rule.enabled = enabled.toBool(true);
    }
    rule.comparison = read.choice(u"comparison"_s, comparisonNames(), AlertComparison::Above);
    rule.threshold = read.number(u"threshold"_s, 0, true);
    if (object.contains(u"clear"_s) && object.contains(u"clear_margin"_s))
        read.fail(u"has both \"clear\" and \"clear_margin\"; give one"_s);
    const bool upwards =
        rule.comparison == AlertComparison::Above || rule.comparison == AlertComparison::AtLeast;
    const double margin = read.number(u"clear_margin"_s, 0);
    if (margin < 0)
        read.fail(u"has a negative \"clear_margin\""_s);
    rule.clearThreshold = read.number(u"clear"_s, rule.threshold + (upwards ? -margin : margin));
    rule.forDuration = read.duration(u"for"_s);
    rule.severity = read.choice(u"severity"_s, severityNames(), AlertSeverity::Warning);
    rule.noData = read.choice(u"no_data"_s, noDataNames(), AlertNoData::Keep);
    rule.component = read.text(u"component"_s);
    rule.metric = read.text(u"metric"_s);
    rule.stream = read.text(u"stream"_s);
    rule.group = read.text(u"group"_s);
    rule.window = read.duration(u"window"_s);
    rule.reduce = read.choice(u"reduce"_s, reduceNames(), AlertReduce::Average);
    rule.unit = read.choice(u"unit"_s, unitNames(), AlertSpaceUnit::Percent);
    if (read.error)
        return *read.error;
    if (Status checked = checkAlertRule(rule); !checked)
        return checked.error();
    return rule;
}

Result<QList<AlertRule>> alertRulesFromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return StorageError{
            StorageError::Kind::InvalidJson,
            u"The alert rules are not JSON: %1 at offset %2."_s.arg(parseError.errorString())
                .arg(parseError.offset)};
    if (!document.isObject() || !document.object().value(u"rules"_s).isArray())
        return StorageError::invalidArgument(
            u"The alert rules must be an object with a \"rules\" array."_s);
    QList<AlertRule> rules;
    QSet<QString> ids;
    const QJsonArray array = document.object().value(u"rules"_s).toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject())
            return StorageError::invalidArgument(
                u"Alert rule %1 of the list is not an object."_s.arg(i + 1));
        auto rule = alertRuleFromJson(array.at(i).toObject());
        if (!rule)
            return StorageError::invalidArgument(
                u"Alert rule %1 of the list: %2"_s.arg(i + 1).arg(rule.errorMessage()));
        if (ids.contains(rule->id))
            return StorageError::invalidArgument(
                u"Alert rule %1 of the list has the id \"%2\", which an earlier rule has; ids "
                "must be unique."_s.arg(i + 1)
                    .arg(rule->id));
        ids.insert(rule->id);
        rules.append(*rule);
    }
    return rules;
}

namespace {

// The rules whose readings AlertSignals takes from the database. The demo sends about 1.2 dead
// letters a second (6% of its port messages): some 360 in five minutes is normal there, 500 is
// not. Its components beat several times a second and one of them stops about a minute in; the
// payment gateway reports "degraded" in about a third of its heartbeats and an error rate near
// 1.7%, the others near 0.5%; latency spikes are single values that a minute's average absorbs.
// A backlog that drains does so within minutes; one that grows for five reads a day.
QList<AlertRule> databaseDefaults()
{
    return {
        {.id = u"dead-letters"_s,
         .name = u"Dead letters are piling up"_s,
         .kind = AlertKind::DeadLetterGrowth,
         .severity = AlertSeverity::Warning,
         .threshold = 500,
         .clearThreshold = 250,
         .window = 5min},
        {.id = u"heartbeat-stale"_s,
         .name = u"A component has stopped beating"_s,
         .kind = AlertKind::HeartbeatAge,
         .severity = AlertSeverity::Critical,
         .threshold = 60,
         .clearThreshold = 15},
        {.id = u"component-degraded"_s,
         .name = u"A component reports itself degraded"_s,
         .kind = AlertKind::ComponentStatus,
         .severity = AlertSeverity::Warning,
         .comparison = AlertComparison::AtLeast,
         .threshold = 1,
         .clearThreshold = 1,
         .forDuration = 5min},
        {.id = u"component-unhealthy"_s,
         .name = u"A component reports itself unhealthy"_s,
         .kind = AlertKind::ComponentStatus,
         .severity = AlertSeverity::Critical,
         .comparison = AlertComparison::AtLeast,
         .threshold = 2,
         .clearThreshold = 2,
         .forDuration = 1min},
        {.id = u"error-rate"_s,
         .name = u"A component's error rate is high"_s,
         .kind = AlertKind::MetricThreshold,
         .severity = AlertSeverity::Warning,
         .threshold = 1.5,
         .clearThreshold = 1.0,
         .forDuration = 5min,
         .metric = u"error_rate"_s,
         .window = 5min},
        {.id = u"latency"_s,
         .name = u"A component is slow"_s,
         .kind = AlertKind::MetricThreshold,
         .severity = AlertSeverity::Warning,
         .threshold = 100,
         .clearThreshold = 50,
         .forDuration = 5min,
         .metric = u"latency_ms"_s,
         .window = 1min},
        {.id = u"backlog-not-draining"_s,
         .name = u"A backlog is not draining"_s,
         .kind = AlertKind::BacklogNotDraining,
         .severity = AlertSeverity::Warning,
         .threshold = 900,
         .clearThreshold = 300,
         .forDuration = 5min},
        // A full disk stops every write; 5% of today's disks is gigabytes, time to act.
        {.id = u"database-disk"_s,
         .name = u"The database's disk is nearly full"_s,
         .kind = AlertKind::DatabaseFreeSpace,
         .severity = AlertSeverity::Critical,
         .comparison = AlertComparison::Below,
         .threshold = 5,
         .clearThreshold = 7,
         .forDuration = 1min},
        {.id = u"timescaledb-job-failing"_s, // no reading without TimescaleDB
         .name = u"A TimescaleDB job fails"_s,
         .kind = AlertKind::TimescaleJobFailing,
         .comparison = AlertComparison::AtLeast,
         .threshold = 1,
         .clearThreshold = 1},
    };
}

// The rules whose readings come from Redis, the ingest worker and the batch-file store.
QList<AlertRule> elsewhereDefaults()
{
    return {
        {.id = u"group-lag"_s,
         .name = u"The consumer group falls behind"_s,
         .kind = AlertKind::GroupLag,
         .severity = AlertSeverity::Warning,
         .threshold = 10000,
         .clearThreshold = 1000,
         .forDuration = 2min,
         .stream = u"porthole:demo"_s},
        {.id = u"pending-stuck"_s,
         .name = u"An entry has waited long for its acknowledgement"_s,
         .kind = AlertKind::PendingAge,
         .severity = AlertSeverity::Warning,
         .threshold = 300,
         .clearThreshold = 60,
         .stream = u"porthole:demo"_s},
        {.id = u"ingest-stopped"_s,
         .name = u"The ingest worker has stopped"_s,
         .kind = AlertKind::IngestStopped,
         .severity = AlertSeverity::Critical,
         .comparison = AlertComparison::AtLeast,
         .threshold = 1,
         .clearThreshold = 1,
         .forDuration = 1min},
        {.id = u"ingest-errors"_s,
         .name = u"The ingest worker fails often"_s,
         .kind = AlertKind::IngestErrorRate,
         .severity = AlertSeverity::Warning,
         .threshold = 10,
         .clearThreshold = 2,
         .forDuration = 5min},
        {.id = u"batch-integrity"_s,
         .name = u"A batch file is damaged or has a gap"_s,
         .kind = AlertKind::BatchIntegrity,
         .severity = AlertSeverity::Critical,
         .threshold = 0,
         .clearThreshold = 0},
    };
}

} // namespace

QList<AlertRule> defaultAlertRules()
{
    return databaseDefaults() + elsewhereDefaults();
}

const AlertRule *findAlertRule(const QList<AlertRule> &rules, const QString &ruleId)
{
    const auto it = std::find_if(rules.cbegin(), rules.cend(),
                                 [&ruleId](const AlertRule &rule) { return rule.id == ruleId; });
    return it == rules.cend() ? nullptr : &*it;
}

} // namespace porthole
