#pragma once

#include "retention.h"

#include <QString>

#include <chrono>
#include <optional>

namespace porthole {

class EnvironmentReader;
struct ConfigEntry;

// The `backup:` section of an environment of the worker's configuration file: a backup of the
// environment's database (storage/care/backup.h) every so often, checked, the last `keep` kept.
//
//   backup:
//     to: /var/backups/porthole   # relative paths from the file's folder
//     every: 24h                  # the default
//     keep: 7                     # the default; 0 keeps all
struct WorkerBackupConfig
{
    QString directory;
    std::chrono::seconds every{24 * 3600};
    int keep = 7;
};

// The `retention:` section: the retention rules (storage/care/retention.h) applied every so often,
// each table's rule as `porthole retention --keep TABLE=VALUE` gives it.
//
//   retention:
//     every: 24h
//     keep:
//       port_metrics: 14d
//       checkpoints: 20
//       port_messages: off
struct WorkerRetentionConfig
{
    std::chrono::seconds every{24 * 3600};
    RetentionRules rules;
};

// The `history:` section: how often the worker samples the backlogs into the backlog history
// (app/worker/backlogrecorder.h); without the section, every 15 seconds.
//
//   history:
//     interval_seconds: 15   # the default; 0 samples nothing
struct WorkerHistoryConfig
{
    std::chrono::seconds interval{15}; // 0: off
};

// Read `section` (the entry at `path`), or fail `reader` with the key at fault.
void readWorkerBackup(EnvironmentReader &reader, const ConfigEntry &section, const QString &path,
                      std::optional<WorkerBackupConfig> *backup);
void readWorkerRetention(EnvironmentReader &reader, const ConfigEntry &section, const QString &path,
                         std::optional<WorkerRetentionConfig> *retention);
void readWorkerHistory(EnvironmentReader &reader, const ConfigEntry &section, const QString &path,
                       WorkerHistoryConfig *history);

} // namespace porthole
