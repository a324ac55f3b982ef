#pragma once

#include "connectionfactory.h"
#include "databaseurl.h"
#include "migration.h"
#include "paging.h"
#include "schemaadoption.h"
#include "storageerror.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>

namespace porthole {

struct MigrationStatus
{
    int version = 0;
    QString description;
    std::optional<QDateTime> appliedAt; // empty: not applied
};

struct MigrationOutcome
{
    int fromVersion = 0;
    int toVersion = 0;
    QString backupPath; // SQLite: the copy taken before migrating; empty when none was needed
};

// What a migration run would do, before it does it: what `porthole migrate plan` prints and
// the window shows before it asks.
struct MigrationPlan
{
    int fromVersion = 0;
    int toVersion = 0;
    // Below version seedMigrationCount: the seeds' tables the database already holds and what
    // completes them. Empty otherwise.
    std::optional<AdoptionPlan> adoption;
    QList<Migration> due; // run as they are, after the adoption
    // The rows of each table a due migration scales with (Migration::scalesWith): counted up to
    // 10,000, beyond that estimated from the engine's statistics; a table that is not there
    // has none.
    QHash<QString, RowCount> rows;
};

// The plan as text: what was found, each statement and why, or why it is refused.
QString describePlan(const MigrationPlan &plan);

// A step of a run as it begins: the backup, each migration, the commit.
struct MigrationStep
{
    QString text;
    // The backup: the copy being written at `file`, about `bytes` long once whole (the
    // database's pages in use). Empty for the other steps, whose progress is not measured.
    QString file;
    qint64 bytes = 0;
};

// Porthole's own migration runner. A run applies its migrations in order, all in one
// transaction together with their schema_version rows: a run that fails at any step, or a
// process killed during it, leaves the database exactly as it was. Porthole's first
// migrations create the tables of the pipeline's schema documents (seeds 001 and 003); a
// database that already holds some of them is adopted: their columns are checked and
// completed instead of creating them (see AdoptionPlan), or the run is refused and nothing
// changes. Two runners on one database
// take turns (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock) and never apply a migration
// twice.
class MigrationRunner
{
public:
    // The migrations shipped in Porthole's resources for this engine.
    static Result<QList<Migration>> builtin(DatabaseUrl::Engine engine);
    // Migrations from NNNN_name.up.sql / NNNN_name.down.sql files in a folder.
    static Result<QList<Migration>> fromDirectory(const QString &path);

    MigrationRunner(QSqlDatabase db, QList<Migration> migrations);

    int latestVersion() const;
    // 0 for a database Porthole has never migrated.
    Result<int> currentVersion() const;
    Result<QList<MigrationStatus>> status() const;
    // Ok when the database is at the latest version; SchemaTooOld or SchemaTooNew otherwise,
    // with a message that says what to do.
    Status checkCurrent() const;
    // The calling thread's connection of `factory` for `purpose`, once checkCurrent() says its
    // schema is the latest: what a command that reads or changes data starts with.
    static Result<QSqlDatabase> openCurrent(const ConnectionFactory &factory,
                                            const QString &purpose);

    // What up(target) would do; reads the database only.
    Result<MigrationPlan> plan(std::optional<int> target = std::nullopt) const;
    // Applies every pending migration up to `target` (default: the latest). A SQLite file
    // that already holds a schema is copied first (VACUUM INTO, consistent while others write).
    Result<MigrationOutcome> up(std::optional<int> target = std::nullopt);
    // Undoes the last `steps` applied migrations.
    Result<MigrationOutcome> down(int steps);
    // Called, on the thread that runs up() or down(), with each step as it begins: for an
    // operator who waits.
    void setProgress(std::function<void(const MigrationStep &step)> progress)
    {
        m_progress = std::move(progress);
    }

private:
    bool isSqlite() const;
    Status lockMigrations() const;
    Status createVersionTable();
    Result<QString> backupSqlite(int fromVersion);
    Result<MigrationPlan> planFrom(int current, int goal) const;
    // Fills plan.rows.
    Status countRows(MigrationPlan &plan) const;
    Status record(const Migration &migration, bool forward, const QString &note = {});
    // Applies the plan up to `goal`, or undoes the applied migrations down to it, in one
    // transaction: all or none.
    Status applyUp(int goal);
    Status applyDown(int goal);

    void report(const MigrationStep &step) const
    {
        if (m_progress)
            m_progress(step);
    }
    void report(const QString &text) const { report(MigrationStep{text, {}, 0}); }

    QSqlDatabase m_db;
    QList<Migration> m_migrations;
    std::function<void(const MigrationStep &)> m_progress;
};

} // namespace porthole
