#include "workeralertconfig.h"

#include "environmentreader.h"

#include <QJsonObject>
#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QStringList alertKeys{u"interval"_s, u"defaults"_s, u"rules"_s, u"webhook"_s};
const QStringList webhookKeys{u"url"_s, u"timeout"_s, u"max_attempts"_s, u"first_retry"_s,
                              u"longest_retry"_s};
// Every key a rule may have in JSON; which of them a kind takes alertRuleFromJson() checks.
const QStringList ruleKeys{
    u"id"_s,     u"name"_s,         u"kind"_s,  u"enabled"_s,  u"comparison"_s, u"threshold"_s,
    u"clear"_s,  u"clear_margin"_s, u"for"_s,   u"severity"_s, u"no_data"_s,    u"component"_s,
    u"metric"_s, u"stream"_s,       u"group"_s, u"window"_s,   u"reduce"_s,     u"unit"_s};
const QStringList numberKeys{u"threshold"_s, u"clear"_s, u"clear_margin"_s};

bool isStreamKind(AlertKind kind)
{
    return kind == AlertKind::GroupLag || kind == AlertKind::PendingAge;
}

std::optional<std::chrono::milliseconds> duration(EnvironmentReader &reader,
                                                  const ConfigEntry &entry, const QString &path)
{
    const auto text = reader.text(entry, path);
    const auto parsed = text ? parseAlertDuration(*text) : std::nullopt;
    if (!parsed || *parsed <= std::chrono::seconds(0)) {
        reader.fail(entry.keyNode,
                    u"%1 is not a duration such as \"15s\", \"2m\" or \"1h\""_s.arg(path));
        return std::nullopt;
    }
    return *parsed;
}

// One rule of the list: its YAML scalars as the JSON types the rules' JSON has (numbers for the
// thresholds, true/false for enabled, text for the rest), variables expanded.
std::optional<AlertRule> readRule(EnvironmentReader &reader, const YAML::Node &node,
                                  const QString &path)
{
    if (!node.IsMap()) {
        reader.fail(node, u"%1 must be a mapping of a rule's keys (id, kind, threshold, ...), "
                          "not %2"_s.arg(path, nodeKind(node)));
        return std::nullopt;
    }
    QJsonObject object;
    for (const ConfigEntry &entry : reader.entries(node, path, ruleKeys)) {
        const QString key = EnvironmentReader::join(path, entry.key);
        if (reader.failed())
            return std::nullopt;
        if (entry.key == u"enabled"_s) {
            object.insert(entry.key, reader.boolean(entry, key).value_or(true));
            continue;
        }
        const QString text = reader.text(entry, key).value_or(QString());
        if (!numberKeys.contains(entry.key)) {
            object.insert(entry.key, text);
            continue;
        }
        bool ok = false;
        const double number = text.toDouble(&ok);
        if (!ok) {
            reader.fail(entry.keyNode, u"%1 is \"%2\"; it must be a number"_s.arg(key, text));
            return std::nullopt;
        }
        object.insert(entry.key, number);
    }
    if (reader.failed())
        return std::nullopt;
    auto rule = alertRuleFromJson(object);
    if (!rule) {
        reader.fail(node, u"%1: %2"_s.arg(path, rule.errorMessage()));
        return std::nullopt;
    }
    return *rule;
}

// The rules list; a rule with the id of one already in `rules` (a default) replaces it.
void readRules(EnvironmentReader &reader, const ConfigEntry &entry, const QString &path,
               QList<AlertRule> *rules)
{
    if (entry.value.IsNull())
        return;
    if (!entry.value.IsSequence()) {
        reader.fail(entry.keyNode,
                    u"%1 must be a list of rules, not %2"_s.arg(path, nodeKind(entry.value)));
        return;
    }
    QStringList seen;
    for (std::size_t i = 0; i < entry.value.size(); ++i) {
        const YAML::Node node = entry.value[i];
        const auto rule = readRule(reader, node, u"%1[%2]"_s.arg(path).arg(i));
        if (!rule)
            return;
        if (seen.contains(rule->id)) {
            reader.fail(node, u"%1[%2]: the rule id \"%3\" is given twice"_s.arg(path).arg(i).arg(
                                  rule->id));
            return;
        }
        seen << rule->id;
        const auto same = std::find_if(rules->begin(), rules->end(),
                                       [&](const AlertRule &r) { return r.id == rule->id; });
        if (same != rules->end())
            *same = *rule;
        else
            rules->append(*rule);
    }
}

void readWebhook(EnvironmentReader &reader, const ConfigEntry &section, const QString &path,
                 std::optional<AlertWebhookOptions> *webhook)
{
    if (section.value.IsNull())
        return;
    if (!section.value.IsMap()) {
        reader.fail(section.keyNode, u"%1 must be a mapping of %2, not %3"_s.arg(
                                         path, webhookKeys.join(u", "_s), nodeKind(section.value)));
        return;
    }
    AlertWebhookOptions options;
    for (const ConfigEntry &entry : reader.entries(section.value, path, webhookKeys)) {
        const QString key = EnvironmentReader::join(path, entry.key);
        if (reader.failed())
            return;
        if (entry.key == u"url"_s) {
            const QUrl url(reader.text(entry, key).value_or(QString()), QUrl::StrictMode);
            if (!url.isValid() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s) ||
                url.host().isEmpty()) {
                reader.fail(entry.keyNode,
                            u"%1 must be an http:// or https:// address with a host"_s.arg(key));
                return;
            }
            options.url = url;
        } else if (entry.key == u"timeout"_s) {
            if (const auto timeout = duration(reader, entry, key))
                options.timeout = *timeout;
        } else if (entry.key == u"max_attempts"_s) {
            if (const auto n = reader.integer(entry, key, 1, 100))
                options.maxAttempts = int(*n);
        } else if (entry.key == u"first_retry"_s) {
            if (const auto delay = duration(reader, entry, key))
                options.firstRetry = *delay;
        } else if (entry.key == u"longest_retry"_s) {
            if (const auto delay = duration(reader, entry, key))
                options.longestRetry = *delay;
        }
    }
    if (reader.failed())
        return;
    if (options.firstRetry.count() < 1 || options.longestRetry < options.firstRetry) {
        reader.fail(
            section.keyNode,
            u"%1.first_retry must be above zero and %1.longest_retry no shorter"_s.arg(path));
        return;
    }
    if (options.url.isEmpty()) {
        reader.fail(section.keyNode, u"%1 needs %1.url, where to POST"_s.arg(path));
        return;
    }
    *webhook = options;
}

} // namespace

void readWorkerAlerts(EnvironmentReader &reader, const ConfigEntry &section, const QString &path,
                      std::optional<WorkerAlertConfig> *alerts)
{
    if (!section.value.IsNull() && !section.value.IsMap()) {
        reader.fail(section.keyNode, u"%1 must be a mapping of %2, not %3"_s.arg(
                                         path, alertKeys.join(u", "_s), nodeKind(section.value)));
        return;
    }
    WorkerAlertConfig config;
    const QList<ConfigEntry> entries = section.value.IsNull()
                                           ? QList<ConfigEntry>{}
                                           : reader.entries(section.value, path, alertKeys);
    // The defaults first, so that a listed rule of the same id replaces its default.
    for (const ConfigEntry &entry : entries) {
        if (entry.key != u"defaults"_s ||
            !reader.boolean(entry, EnvironmentReader::join(path, entry.key)).value_or(false))
            continue;
        config.rules = defaultAlertRules();
        // The defaults name the demo's stream; in the worker they watch its own.
        for (AlertRule &rule : config.rules) {
            if (isStreamKind(rule.kind)) {
                rule.stream.clear();
                rule.group.clear();
            }
        }
    }
    for (const ConfigEntry &entry : entries) {
        const QString key = EnvironmentReader::join(path, entry.key);
        if (reader.failed())
            return;
        if (entry.key == u"interval"_s) {
            if (const auto interval = duration(reader, entry, key))
                config.interval = *interval;
        } else if (entry.key == u"rules"_s) {
            readRules(reader, entry, key, &config.rules);
        } else if (entry.key == u"webhook"_s) {
            readWebhook(reader, entry, key, &config.webhook);
        }
    }
    if (!reader.failed())
        *alerts = config;
}

QList<AlertRule> fitAlertRulesToWorker(const QList<AlertRule> &rules, const QString &key,
                                       const QString &group, bool streams)
{
    QList<AlertRule> fitted;
    for (AlertRule rule : rules) {
        if (isStreamKind(rule.kind) && rule.stream.isEmpty()) {
            if (!streams)
                continue; // a list or a channel has no consumer group to watch
            rule.stream = key;
            rule.group = group;
        }
        fitted << rule;
    }
    return fitted;
}

} // namespace porthole
