#pragma once

#include "connectionfactory.h"
#include "databaseurl.h"
#include "storageerror.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace porthole {

// One numbered schema change with the SQL that makes it and the SQL that undoes it.
struct Migration
{
    int version = 0;
    QString name;        // from the file name: 0001_core_schema -> "core_schema"
    QString description; // the up script's first comment line, or the name
    QString up;
    QString down;
};

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

// Porthole's own migration runner. Migrations are applied in order, each in its own
// transaction together with its schema_version row, so a failed one leaves the database at
// the version before it; a new database (version 0) gets all of them in one transaction, so
// that a process killed while it creates the schema leaves none of it. Two runners on one database
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

    // Applies every pending migration up to `target` (default: the latest). A SQLite file
    // that already holds a schema is copied first (VACUUM INTO, consistent while others write).
    Result<MigrationOutcome> up(std::optional<int> target = std::nullopt);
    // Undoes the last `steps` applied migrations.
    Result<MigrationOutcome> down(int steps);

private:
    bool isSqlite() const;
    Status lockMigrations() const;
    Status ensureVersionTable();
    Result<QString> backupSqlite(int fromVersion);
    // Applies a run of migrations (forward: up, else down) in one transaction: all or none.
    Status apply(const QList<Migration> &run, bool forward);

    QSqlDatabase m_db;
    QList<Migration> m_migrations;
};

} // namespace porthole
