#include "migratecommand.h"

#include "auditlog.h"
#include "commandio.h"
#include "connectionfactory.h"
#include "migrationrunner.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

int printStatus(const MigrationRunner &runner)
{
    auto rows = runner.status();
    if (!rows) {
        standardError() << "porthole migrate: " << rows.errorMessage() << Qt::endl;
        return ExitFailure;
    }
    const int current = *runner.currentVersion();
    const int pending = std::max(0, runner.latestVersion() - current);
    standardOutput() << "Schema version: " << current << " of " << runner.latestVersion();
    if (pending > 0)
        standardOutput() << " (" << pending << " pending)";
    if (current > runner.latestVersion())
        standardOutput() << " (newer than this Porthole)";
    standardOutput() << "\n";
    for (const MigrationStatus &row : *rows) {
        const QString state =
            row.appliedAt
                ? u"applied "_s + row.appliedAt->toUTC().toString(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s)
                : u"pending"_s;
        standardOutput()
            << u"  %1  %2  %3\n"_s.arg(row.version, 4).arg(state, -28).arg(row.description);
    }
    standardOutput() << Qt::flush;
    return ExitOk;
}

// Exit status 0 when up would work, 1 when the database cannot be adopted.
int printPlan(const Result<MigrationPlan> &plan)
{
    if (!plan) {
        standardError() << "porthole migrate: " << plan.errorMessage() << Qt::endl;
        return ExitFailure;
    }
    standardOutput() << describePlan(*plan) << Qt::flush;
    return plan->adoption && !plan->adoption->refusals.isEmpty() ? ExitFailure : ExitOk;
}

int report(const Result<MigrationOutcome> &outcome)
{
    if (!outcome) {
        standardError() << "porthole migrate: " << outcome.errorMessage() << Qt::endl;
        return ExitFailure;
    }
    if (!outcome->backupPath.isEmpty())
        standardOutput() << "Backed up the database to " << outcome->backupPath << "\n";
    if (outcome->fromVersion == outcome->toVersion)
        standardOutput() << "The database is at version " << outcome->toVersion
                         << "; nothing to do.\n";
    else
        standardOutput() << "Migrated from version " << outcome->fromVersion << " to "
                         << outcome->toVersion << ".\n";
    standardOutput() << Qt::flush;
    return ExitOk;
}

// Undoing migrations destroys tables and what they hold: the audit log says who did it, when,
// and from which version to which, unless the undoing took the audit log away too.
void audit(const QSqlDatabase &db, const MigrationOutcome &outcome)
{
    if (outcome.toVersion == outcome.fromVersion)
        return;
    if (!db.tables().contains(u"audit_log"_s)) {
        standardError() << "porthole migrate: the audit log went with the migrations undone; "
                           "this step is recorded nowhere."
                        << Qt::endl;
        return;
    }
    AuditEntry entry;
    entry.action = u"migrate-down"_s;
    entry.targetTable = u"schema_version"_s;
    entry.affectedCount = outcome.fromVersion - outcome.toVersion;
    entry.before = outcome.fromVersion;
    entry.after = outcome.toVersion;
    entry.details = u"Schema migrations undone, from version %1 to %2."_s.arg(outcome.fromVersion)
                        .arg(outcome.toVersion);
    if (!outcome.backupPath.isEmpty())
        entry.details += u" The database was backed up to %1 first."_s.arg(outcome.backupPath);
    if (const auto appended = AuditLog(db).append(entry); !appended)
        standardError() << "porthole migrate: the migrations were undone, but not audited: "
                        << appended.errorMessage() << Qt::endl;
}

// Runs `action` on the database. status and plan change nothing: they read through a
// read-only connection, which neither switches a SQLite file's journal mode nor checkpoints it;
// a SQLite file that is not there yet is not made: they answer for an empty scratch database,
// as `up` would find the file.
int runAction(const DatabaseUrl &url, const QString &action, std::optional<int> number,
              const QList<Migration> &migrations)
{
    const bool reads = action == u"status"_s || action == u"plan"_s;
    const QTemporaryDir scratch;
    DatabaseUrl opened = url;
    QString note;
    const QFileInfo file(url.filePath());
    if (reads && url.isSqlite() && !file.exists() && file.absoluteDir().exists()) {
        opened = DatabaseUrl::sqliteFile(scratch.filePath(u"new.db"_s));
        note = u" (no file there yet: up makes it)"_s;
    }
    const ConnectionFactory factory(opened, reads && note.isEmpty() ? readOnlySettings()
                                                                    : ConnectionSettings());
    int exitCode = ExitFailure;
    {
        auto database = factory.open(u"migrate"_s);
        if (!database) {
            standardError() << "porthole migrate: " << database.errorMessage() << Qt::endl;
            return ExitFailure;
        }
        standardOutput() << "Database: " << url.toDisplayString() << note << "\n";
        MigrationRunner runner(*database, migrations);
        // Each step as it begins: on a large table one takes minutes.
        runner.setProgress([](const MigrationStep &step) {
            standardOutput() << step.text << "\n" << Qt::flush;
        });
        if (action == u"status"_s)
            exitCode = printStatus(runner);
        else if (action == u"plan"_s)
            exitCode = printPlan(runner.plan(number));
        else if (action == u"up"_s)
            exitCode = report(runner.up(number));
        else {
            const auto outcome = runner.down(*number);
            if (outcome)
                audit(*database, *outcome);
            exitCode = report(outcome);
        }
    }
    factory.close(u"migrate"_s);
    return exitCode;
}

} // namespace

int runMigrateCommand(const QStringList &arguments)
{
    const QString command = u"porthole migrate"_s;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Shows or changes the schema version of a Porthole database.\n\n"
        "  status          list every migration and whether it is applied (the default)\n"
        "  plan [VERSION]  show what up would do, and change nothing: the pipeline's tables\n"
        "                  found (they are adopted, not created), each statement and why,\n"
        "                  or why the database cannot be adopted\n"
        "  up [VERSION]    apply the pending migrations, up to VERSION if given, in one\n"
        "                  transaction (all or nothing); a SQLite file is copied beside\n"
        "                  itself first, and the copy's path printed\n"
        "  down N          undo the last N migrations\n\n"
        "A PostgreSQL password comes from PGPASSWORD or ~/.pgpass, never the command line."_s);
    const QCommandLineOption db(
        u"db"_s,
        u"The database: sqlite:///path.db, sqlite:relative.db or postgresql://user@host:port/db."_s,
        u"url"_s);
    parser.addOption(db);
    parser.addPositionalArgument(u"action"_s, u"status, plan [VERSION], up [VERSION] or down N."_s,
                                 u"[status|plan [VERSION]|up [VERSION]|down N]"_s);
    if (const int done = parseSubcommand(parser, arguments); done >= 0)
        return done;

    if (!parser.isSet(db))
        return usageError(command, u"--db URL is required."_s);
    auto url = DatabaseUrl::parse(parser.value(db));
    if (!url)
        return usageError(command, url.errorMessage());

    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0, u"status"_s);
    std::optional<int> number;
    if (positional.size() > 2 || (action == u"status"_s && positional.size() > 1))
        return usageError(command, u"too many arguments."_s);
    if (positional.size() == 2) {
        bool ok = false;
        number = positional.at(1).toInt(&ok);
        if (!ok || *number < 0)
            return usageError(command,
                              u"'%1' is not a version or a count."_s.arg(positional.at(1)));
    }
    if (action != u"status"_s && action != u"plan"_s && action != u"up"_s && action != u"down"_s)
        return usageError(command,
                          u"'%1' is not an action; use status, plan, up or down."_s.arg(action));
    if (action == u"down"_s && !number)
        return usageError(command, u"down needs the number of migrations to undo."_s);

    auto migrations = MigrationRunner::builtin(url->engine());
    if (!migrations) {
        standardError() << command << ": " << migrations.errorMessage() << Qt::endl;
        return ExitFailure;
    }
    return runAction(*url, action, number, *migrations);
}

} // namespace porthole
