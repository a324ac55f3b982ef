#pragma once

#include "databaseurl.h"
#include "ingestworker.h"
#include "storageerror.h"
#include "workeralertconfig.h"
#include "workermaintenanceconfig.h"

#include <QProcessEnvironment>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace porthole {

// The environment read when neither --env nor PORTHOLE_ENV names one: the first section of
// seed 001's config/database.yaml.
inline constexpr QStringView defaultWorkerEnvironment = u"development";

// One environment of a worker configuration file (docs/DEPLOYMENT.md), in the shape of seed
// 001's config/database.yaml: a section per environment holding that environment's database
// settings (database_type, host, port, database_name, username, password, ...), plus a
// `redis` section for the source, an `ingest` section for the sink and optional `alerts`
// (workeralertconfig.h), `backup`, `retention` and `history` sections
// (workermaintenanceconfig.h).
//
//   production:
//     database_type: postgresql
//     host: ${DB_HOST}
//     password: ${DB_PASSWORD}
//     redis:
//       url: redis://queue.internal:6379/0
//       key: pipeline:messages
//     ingest:
//       sink: database
//
// Values may name environment variables: ${NAME}, or ${NAME:-default} (the default when NAME
// is unset or empty); $$ is a dollar sign.
struct WorkerConfig
{
    QString path;        // the file, as it was named
    QString environment; // the section read

    // The settings the file gives. Those it does not give keep IngestConfig's defaults; sinkUrl
    // and databaseUrl stay empty when the file names no database and no batch-file sink. The
    // URLs carry the password for connecting: never print them, print `database` instead.
    IngestConfig ingest;
    // The environment's database (database_type and the rest), the password hidden in display.
    std::optional<DatabaseUrl> database;
    QString dataDirectory; // ingest.data_dir, absolute; empty when not given
    QString listen;        // ingest.listen, HOST:PORT of the HTTP endpoint; empty: none
    QString tokenFile;     // ingest.token_file, absolute; empty when not given
    // The alerts: section (workeralertconfig.h); nothing when the file has none: no alerts.
    std::optional<WorkerAlertConfig> alerts;
    // The backup: and retention: sections (workermaintenanceconfig.h); nothing when absent.
    std::optional<WorkerBackupConfig> backup;
    std::optional<WorkerRetentionConfig> retention;
    // The history: section (workermaintenanceconfig.h); its defaults when the file has none.
    WorkerHistoryConfig history;

    // The `porthole ingest` option each given setting stands for ("redis", "mode", "key",
    // "group", "consumer", "count", "block-ms", "claim-idle-ms", "max-deliveries", "sink",
    // "db", "data-dir", "max-payload-bytes"). An option given on the command line wins over
    // the file; one given in neither place takes the command line's default.
    QSet<QString> given;

    // Settings of the seed's shape that the file gives and the ingest worker does not apply
    // (the connection pool, the retry policy, the PostgreSQL session timeouts), each with why.
    QStringList notApplied;
};

// The environment to read: the one named on the command line, else PORTHOLE_ENV, else
// defaultWorkerEnvironment.
QString workerEnvironmentName(const QString &fromCommandLine, const QProcessEnvironment &variables);

// Reads one environment of the file, expanding variables from `variables`. Relative paths
// (a SQLite database_name, ingest.data_dir) are taken from the file's folder. Errors name the
// file, the line and the setting, and never hold a password: an unreadable file, a YAML syntax
// error, an unknown environment, an unknown key (with the keys allowed there), a value of the
// wrong type or out of range, a variable that is not set.
Result<WorkerConfig> readWorkerConfig(const QString &path, const QString &environment,
                                      const QProcessEnvironment &variables);

// The settings `porthole ingest` will run with, one "name: value" a line in the file's terms,
// passwords shown as ***; with the backlog history's sampling, the file and environment they
// came from, if any, and what of the file is not applied. For --check-config.
QString describeIngestSettings(const IngestConfig &config, const WorkerHistoryConfig &history,
                               const QString &dataDirectory, const WorkerConfig *file);

} // namespace porthole
