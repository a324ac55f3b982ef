#include "databaseprep.h"

#include "connectionfactory.h"
#include "fallbacktable.h"
#include "migrationrunner.h"
#include "schemaadoption.h"

#include <QCoreApplication>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// On "No" to adopting or migrating: whether to open the database read-only instead.
bool openReadOnlyInstead(const DatabaseUrl &url, const Question &ask)
{
    return ask(QCoreApplication::translate("porthole::DatabasePrep", "Open it read-only?"),
               QCoreApplication::translate(
                   "porthole::DatabasePrep",
                   "Porthole can open %1 read-only instead, changing nothing in it: the panes "
                   "show its tables as they are, and a pane that needs what adopting would add "
                   "says so in its place. Nothing is written: no receiver, no actions, no alert "
                   "history.\n\nOpen it read-only?")
                   .arg(url.toDisplayString()),
               {});
}

// Migrates (or adopts) on a connection of its own, through `runLong` when there is one; the
// problem, or empty.
QString migrate(const DatabaseUrl &url, int from, int to, const LongTask &runLong)
{
    QString problem;
    const auto task = [&url, &problem](const StepReport &step) {
        const QString purpose = u"migrate"_s;
        const ConnectionFactory factory(url);
        {
            auto db = factory.open(purpose);
            if (!db) {
                problem = db.errorMessage();
                return;
            }
            MigrationRunner runner(*db, *MigrationRunner::builtin(url.engine()));
            if (step)
                runner.setProgress([&step](const MigrationStep &now) {
                    WaitStep shown;
                    shown.text = now.text;
                    if (!now.file.isEmpty()) { // the backup: its copy's size so far
                        shown.bytesTotal = now.bytes;
                        shown.bytesDone = [file = now.file] {
                            return QFileInfo(file).size();
                        };
                    }
                    step(shown);
                });
            const auto migrated = runner.up();
            problem = migrated ? QString() : migrated.errorMessage();
        }
        factory.close(purpose);
    };
    if (!runLong) {
        task({});
        return problem;
    }
    runLong(QCoreApplication::translate("porthole::DatabasePrep", "Migrating the database"),
            QCoreApplication::translate(
                "porthole::DatabasePrep",
                "Porthole is bringing %1 from schema version %2 to %3. On a large database this "
                "takes minutes; the window opens when it is done. Stopping Porthole meanwhile "
                "leaves the database as it was.")
                .arg(url.toDisplayString())
                .arg(from)
                .arg(to),
            task);
    return problem;
}

// Migrates (or adopts) after showing the plan and asking; the problem, or empty. On "No",
// offers to open it read-only instead, and sets `readOnly` when the answer is yes.
QString migrateAfterAsking(MigrationRunner &runner, const DatabaseUrl &url, bool embedded,
                           const Question &ask, const LongTask &runLong, bool *readOnly)
{
    const int version = runner.currentVersion().value();
    auto plan = runner.plan();
    if (!plan)
        return plan.errorMessage();
    const std::optional<AdoptionPlan> &adoption = plan->adoption;
    if (adoption && !adoption->refusals.isEmpty())
        return QCoreApplication::translate(
                   "porthole::DatabasePrep",
                   "Porthole cannot use the database %1, and has changed nothing in it:\n%2")
            .arg(url.toDisplayString(), adoption->refusals.join(u'\n'));
    // A pipeline's database: its tables are adopted, never without asking.
    const bool pipelines = adoption && (!adoption->found.isEmpty() || !adoption->others.isEmpty());
    QString question =
        pipelines ? QCoreApplication::translate(
                        "porthole::DatabasePrep",
                        "The database %1 holds tables that Porthole did not create (%2). Porthole "
                        "can adopt them: it checks their columns and adds what it needs, keeping "
                        "every row, and the pipeline's own statements keep working. The plan below "
                        "lists each statement and why.\n\nAdopt and migrate it now?")
                        .arg(url.toDisplayString(), adoption->tables.join(u", "_s))
                  : QCoreApplication::translate(
                        "porthole::DatabasePrep",
                        "The database %1 is at schema version %2; this Porthole uses version "
                        "%3.\n\nMigrate it now?")
                        .arg(url.toDisplayString())
                        .arg(version)
                        .arg(runner.latestVersion());
    if (url.isSqlite())
        question += u' ' + QCoreApplication::translate("porthole::DatabasePrep",
                                                       "A copy of the file is taken first.");
    // Porthole's own embedded store, and an empty database, are brought up to date without
    // asking.
    const bool asked = embedded || (version == 0 && !pipelines) || !ask;
    if (!asked &&
        !ask(pipelines
                 ? QCoreApplication::translate("porthole::DatabasePrep", "Adopt the database?")
                 : QCoreApplication::translate("porthole::DatabasePrep", "Migrate the database?"),
             question, describePlan(*plan))) {
        if (openReadOnlyInstead(url, ask)) {
            *readOnly = true;
            return {};
        }
        return runner.checkCurrent().errorMessage();
    }
    return migrate(url, version, runner.latestVersion(), runLong);
}

} // namespace

PreparedDatabase prepareDatabase(const DatabaseUrl &url, bool embedded, bool readOnly,
                                 const Question &ask, const LongTask &runLong)
{
    PreparedDatabase prepared;
    const QString purpose = u"schema-check"_s;
    ConnectionSettings settings;
    settings.readOnly = readOnly;
    const ConnectionFactory factory(url, settings);
    {
        auto db = factory.open(purpose);
        if (!db) {
            prepared.problem = db.errorMessage();
            return prepared;
        }
        prepared.tables = tableNames(*db);
        MigrationRunner runner(*db, *MigrationRunner::builtin(url.engine()));
        const Status current = runner.checkCurrent();
        if (!current && current.error().kind == StorageError::Kind::SchemaTooOld && readOnly) {
            // Attached read-only: no DDL, whatever the schema. The title says "read-only";
            // a pane that needs what the database lacks says so in its place.
        } else if (!current && current.error().kind == StorageError::Kind::SchemaTooOld) {
            prepared.problem =
                migrateAfterAsking(runner, url, embedded, ask, runLong, &prepared.openedReadOnly);
        } else if (!current) {
            prepared.problem = current.errorMessage(); // too new, or unreadable: left as it is
        }
    }
    factory.close(purpose);
    return prepared;
}

} // namespace porthole
