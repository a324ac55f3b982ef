#include "backupcommand.h"

#include "backup.h"
#include "commandio.h"
#include "displayurl.h"
#include "stopsignals.h"

#include <QCommandLineParser>

#include <optional>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString backupName = u"porthole backup"_s;
const QString restoreName = u"porthole restore"_s;

int failed(const QString &command, const QString &message)
{
    standardOutput() << Qt::flush;
    standardError() << command << ": " << message << Qt::endl;
    return ExitFailure;
}

void printManifest(const BackupManifest &manifest)
{
    qint64 rows = 0;
    for (const qint64 count : manifest.rowCounts)
        rows += count;
    // A manifest written by hand or by an older tool may carry a password in its source.
    standardOutput() << "  source " << displayUrl(manifest.source) << ", schema version "
                     << manifest.schemaVersion << "\n  " << countText(manifest.size)
                     << " bytes, SHA-256 " << manifest.sha256 << "\n  " << countText(rows)
                     << " rows in " << manifest.rowCounts.size() << " tables, taken "
                     << manifest.created.toString(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s) << "\n";
}

std::optional<DatabaseUrl> parseUrl(const QCommandLineParser &parser, const QString &command,
                                    int *exitCode)
{
    auto url = DatabaseUrl::parse(parser.value(u"db"_s));
    if (!url) {
        *exitCode = usageError(command, url.errorMessage());
        return std::nullopt;
    }
    return *url;
}

int verifyOnly(const QCommandLineParser &parser)
{
    std::optional<DatabaseUrl> server;
    if (parser.isSet(u"db"_s)) {
        int exitCode = ExitUsage;
        server = parseUrl(parser, backupName, &exitCode);
        if (!server)
            return exitCode;
    }
    auto verified = verifyBackup(parser.value(u"verify"_s), server ? &*server : nullptr);
    if (!verified)
        return failed(backupName, verified.errorMessage());
    standardOutput() << "Verified " << verified->dataPath
                     << ": its checksum and the row counts of its restore match its manifest.\n";
    printManifest(verified->manifest);
    return ExitOk;
}

int backUp(const QCommandLineParser &parser)
{
    int exitCode = ExitUsage;
    const auto url = parseUrl(parser, backupName, &exitCode);
    if (!url)
        return exitCode;
    bool ok = false;
    const int keep = parser.value(u"keep"_s).toInt(&ok);
    if (!ok || keep < 0)
        return usageError(backupName, u"--keep takes a number of backups (0 keeps all)."_s);
    const StopSignals stop;
    BackupOptions options{.directory = parser.value(u"to"_s),
                          .keep = keep,
                          .verify = !parser.isSet(u"no-verify"_s),
                          .pagesPerStep = 1024,
                          .tools = {},
                          .progress = [](qint64, qint64) { return StopSignals::requested() == 0; },
                          .now = {}};
    standardOutput() << "Database: " << url->toDisplayString() << Qt::endl;
    auto outcome = takeBackup(*url, options);
    if (!outcome)
        return failed(backupName, outcome.errorMessage());
    standardOutput() << "Backed up to " << outcome->backup.dataPath << " (manifest "
                     << outcome->backup.manifestPath << ")\n";
    printManifest(outcome->backup.manifest);
    standardOutput() << (outcome->verified ? "Verified: restored into a scratch database, the "
                                             "row counts match.\n"
                                           : "Not verified (--no-verify).\n");
    for (const QString &removed : std::as_const(outcome->removed))
        standardOutput() << "Deleted the old backup " << removed << "\n";
    standardOutput() << Qt::flush;
    return ExitOk;
}

} // namespace

int runBackupCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Takes a consistent backup of a database into a folder, checks it and keeps the last "
        "few; or checks a backup.\n\n"
        "SQLite: a copy through SQLite's online backup API, one snapshot, while an ingest\n"
        "worker goes on writing. PostgreSQL: pg_dump -Fc (package postgresql-client) of one\n"
        "snapshot; the password comes from the URL, PGPASSWORD or ~/.pgpass and reaches pg_dump\n"
        "through its environment only.\n"
        "Each backup is porthole-YYYYMMDDTHHMMSSZ.sqlite or .dump with a manifest .json beside\n"
        "it: time, engine, source, size, SHA-256, schema version and every table's rows.\n"
        "The new backup is restored into a scratch database (a temporary file, or a database\n"
        "made on the same server and dropped after) and its row counts compared with the\n"
        "manifest's; only then are the oldest backups of the same database beyond --keep\n"
        "deleted. --verify BACKUP checks a backup (its manifest or file) the same way; a\n"
        "PostgreSQL backup needs --db URL of a server to restore it on."_s);
    parser.addOptions({
        {u"db"_s, u"The database: sqlite:///path.db or postgresql://..."_s, u"url"_s},
        {u"to"_s, u"The backups' folder."_s, u"dir"_s},
        {u"keep"_s, u"Backups of this database kept, the new one among them (default 7)."_s, u"n"_s,
         u"7"_s},
        {u"no-verify"_s, u"Do not restore the new backup to check it."_s},
        {u"verify"_s, u"Check a backup: its manifest or its file."_s, u"backup"_s},
    });
    if (const int done = parseSubcommand(parser, arguments); done >= 0)
        return done;
    if (!parser.positionalArguments().isEmpty())
        return usageError(backupName, u"unexpected argument '%1'."_s.arg(
                                          parser.positionalArguments().constFirst()));
    if (parser.isSet(u"verify"_s)) {
        if (parser.isSet(u"to"_s) || parser.isSet(u"no-verify"_s))
            return usageError(backupName, u"--verify BACKUP goes without --to and --no-verify."_s);
        return verifyOnly(parser);
    }
    if (!parser.isSet(u"db"_s) || !parser.isSet(u"to"_s))
        return usageError(backupName, u"--db URL and --to DIR are required."_s);
    return backUp(parser);
}

int runRestoreCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Restores a backup that `porthole backup` took into a new database, after checking its\n"
        "checksum.\n\n"
        "The target must be new: a SQLite file that does not exist, or a PostgreSQL database\n"
        "that does not exist (it is made) or holds no table. --force restores over what is\n"
        "there, the live database too: stop what writes to it first."_s);
    parser.addOptions({
        {u"from"_s, u"The backup: its manifest or its file."_s, u"backup"_s},
        {u"db"_s, u"The database to restore into."_s, u"url"_s},
        {u"force"_s, u"Restore over an existing database."_s},
    });
    if (const int done = parseSubcommand(parser, arguments); done >= 0)
        return done;
    if (!parser.positionalArguments().isEmpty())
        return usageError(restoreName, u"unexpected argument '%1'."_s.arg(
                                           parser.positionalArguments().constFirst()));
    if (!parser.isSet(u"from"_s) || !parser.isSet(u"db"_s))
        return usageError(restoreName, u"--from BACKUP and --db URL are required."_s);
    int exitCode = ExitUsage;
    const auto url = parseUrl(parser, restoreName, &exitCode);
    if (!url)
        return exitCode;
    auto restored = restoreBackup(parser.value(u"from"_s), *url, parser.isSet(u"force"_s));
    if (!restored)
        return failed(restoreName, restored.errorMessage());
    standardOutput() << "Restored " << restored->dataPath << " into " << url->toDisplayString()
                     << ".\n";
    printManifest(restored->manifest);
    standardOutput() << Qt::flush;
    return ExitOk;
}

} // namespace porthole
