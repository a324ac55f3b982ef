#include "workermaintenanceconfig.h"

#include "alertrules.h"
#include "environmentreader.h"

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QStringList backupKeys{u"to"_s, u"every"_s, u"keep"_s};
const QStringList retentionKeys{u"every"_s, u"keep"_s};
const QStringList historyKeys{u"interval_seconds"_s};
const QStringList ruleTables{u"component_metrics"_s, u"port_metrics"_s, u"port_messages"_s,
                             u"backlog_samples"_s, u"checkpoints"_s};

std::optional<std::chrono::seconds> every(EnvironmentReader &reader, const ConfigEntry &entry,
                                          const QString &path)
{
    const auto text = reader.text(entry, path);
    const auto parsed = text ? parseAlertDuration(*text) : std::nullopt;
    if (!parsed || *parsed < std::chrono::seconds(60) || *parsed > std::chrono::hours(24 * 24)) {
        reader.fail(entry.keyNode,
                    u"%1 is not a duration from a minute to 24 days such as \"30m\", \"6h\" or "
                    "\"24h\""_s.arg(path));
        return std::nullopt;
    }
    return *parsed;
}

bool isMapOrFail(EnvironmentReader &reader, const ConfigEntry &section, const QString &path,
                 const QStringList &keys)
{
    if (section.value.IsMap())
        return true;
    reader.fail(section.keyNode, u"%1 must be a mapping of %2, not %3"_s.arg(
                                     path, keys.join(u", "_s), nodeKind(section.value)));
    return false;
}

void readRules(EnvironmentReader &reader, const ConfigEntry &section, const QString &path,
               RetentionRules *rules)
{
    if (!isMapOrFail(reader, section, path, ruleTables))
        return;
    for (const ConfigEntry &entry : reader.entries(section.value, path, ruleTables)) {
        const QString key = EnvironmentReader::join(path, entry.key);
        if (reader.failed())
            return;
        const QString value = reader.text(entry, key).value_or(QString());
        if (const QString wrong = setRetentionRule(*rules, entry.key, value); !wrong.isEmpty()) {
            reader.fail(entry.keyNode, u"%1: %2"_s.arg(key, wrong));
            return;
        }
    }
}

} // namespace

void readWorkerBackup(EnvironmentReader &reader, const ConfigEntry &section, const QString &path,
                      std::optional<WorkerBackupConfig> *backup)
{
    if (!isMapOrFail(reader, section, path, backupKeys))
        return;
    WorkerBackupConfig config;
    for (const ConfigEntry &entry : reader.entries(section.value, path, backupKeys)) {
        const QString key = EnvironmentReader::join(path, entry.key);
        if (reader.failed())
            return;
        if (entry.key == u"to"_s) {
            config.directory = reader.filePath(entry, key).value_or(QString());
        } else if (entry.key == u"every"_s) {
            if (const auto interval = every(reader, entry, key))
                config.every = *interval;
        } else if (entry.key == u"keep"_s) {
            if (const auto keep = reader.integer(entry, key, 0, 100000))
                config.keep = int(*keep);
        }
    }
    if (reader.failed())
        return;
    if (config.directory.isEmpty()) {
        reader.fail(section.keyNode, u"%1 needs %1.to, the folder the backups go to"_s.arg(path));
        return;
    }
    *backup = config;
}

void readWorkerRetention(EnvironmentReader &reader, const ConfigEntry &section, const QString &path,
                         std::optional<WorkerRetentionConfig> *retention)
{
    if (!isMapOrFail(reader, section, path, retentionKeys))
        return;
    WorkerRetentionConfig config;
    for (const ConfigEntry &entry : reader.entries(section.value, path, retentionKeys)) {
        const QString key = EnvironmentReader::join(path, entry.key);
        if (reader.failed())
            return;
        if (entry.key == u"every"_s) {
            if (const auto interval = every(reader, entry, key))
                config.every = *interval;
        } else if (entry.key == u"keep"_s) {
            readRules(reader, entry, key, &config.rules);
        }
    }
    if (!reader.failed())
        *retention = config;
}

void readWorkerHistory(EnvironmentReader &reader, const ConfigEntry &section, const QString &path,
                       WorkerHistoryConfig *history)
{
    if (!isMapOrFail(reader, section, path, historyKeys))
        return;
    WorkerHistoryConfig config;
    for (const ConfigEntry &entry : reader.entries(section.value, path, historyKeys)) {
        if (reader.failed())
            return;
        // A day at most: a slot a sample; 0 is off.
        if (const auto seconds =
                reader.integer(entry, EnvironmentReader::join(path, entry.key), 0, 86400))
            config.interval = std::chrono::seconds(*seconds);
    }
    if (!reader.failed())
        *history = config;
}

} // namespace porthole
