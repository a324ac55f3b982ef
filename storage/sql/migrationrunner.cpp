#include "migrationrunner.h"

#include "diskroom.h"
#include "fallbacktable.h"
#include "faultpoint.h"
#include "rowestimate.h"
#include "sqlerror.h"
#include "sqlscript.h"
#include "sqlsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QMap>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>
#include <QTimeZone>

#include <cmath>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcMigration, "porthole.storage.migration", QtWarningMsg)

namespace porthole {

namespace {

// "under a second", "40 s", "12 min": how long a migration takes, for a person.
QString durationText(double seconds)
{
    if (seconds < 1)
        return u"a second"_s;
    if (seconds < 120)
        return u"%1 s"_s.arg(qint64(std::ceil(seconds)));
    if (seconds < 2 * 3600)
        return u"%1 min"_s.arg(qint64(std::ceil(seconds / 60)));
    return u"%1 h"_s.arg(QLocale::c().toString(seconds / 3600, 'f', 1));
}

// How long `migration` takes on the rows counted for it; empty when it does not scale with a
// table or that table has no rows.
QString expectedTime(const Migration &migration, const QHash<QString, RowCount> &rows)
{
    const RowCount counted = rows.value(migration.scalesWith);
    if (counted.value <= 0 || migration.rowsPerSecond <= 0)
        return {};
    return durationText(counted.value / migration.rowsPerSecond);
}

// Any 64-bit number unlikely to be used by another application's advisory lock.
constexpr qint64 migrationLockKey = 0x506f7274686f6c65; // "Porthole"

QString firstCommentLine(const QString &sql)
{
    for (const QString &line : sql.split(u'\n')) {
        const QString trimmed = line.trimmed();
        if (trimmed.startsWith(u"--"_s))
            return trimmed.mid(2).trimmed();
        if (!trimmed.isEmpty())
            break;
    }
    return {};
}

} // namespace

Status MigrationRunner::lockMigrations() const
{
    // SQLite's BEGIN IMMEDIATE already excludes other writers; PostgreSQL needs a lock that
    // lasts until the transaction ends (waited for no longer than the lock timeout).
    if (isSqlite())
        return success();
    QSqlQuery query(m_db);
    if (!query.exec(u"SELECT pg_advisory_xact_lock(%1)"_s.arg(migrationLockKey)))
        return sqlError(query.lastError(), u"Taking the migration lock"_s);
    // A migration's statement may run for minutes (an index of 100,000,000 rows: 4): the
    // connection's statement timeout is lifted for the run's transaction. Its lock timeout stays,
    // so a statement waits no longer than that for another connection's lock.
    if (!query.exec(u"SET LOCAL statement_timeout = 0"_s))
        return sqlError(query.lastError(), u"Lifting the statement timeout for the migration"_s);
    return success();
}

Result<QList<Migration>> MigrationRunner::builtin(DatabaseUrl::Engine engine)
{
    // Compiled in, so read once per engine (the Overview asks every few seconds).
    static const Result<QList<Migration>> sqlite = fromDirectory(u":/porthole/migrations/sqlite"_s);
    static const Result<QList<Migration>> postgres =
        fromDirectory(u":/porthole/migrations/postgresql"_s);
    return engine == DatabaseUrl::Engine::SQLite ? sqlite : postgres;
}

Result<QList<Migration>> MigrationRunner::fromDirectory(const QString &path)
{
    static const QRegularExpression pattern(u"^(\\d{4})_([a-z0-9_]+)\\.(up|down)\\.sql$"_s);
    const QDir dir(path);
    if (!dir.exists())
        return StorageError{StorageError::Kind::NotFound,
                            u"The migrations folder %1 does not exist."_s.arg(path)};
    QMap<int, Migration> byVersion;
    for (const QString &fileName : dir.entryList(QDir::Files, QDir::Name)) {
        const auto match = pattern.match(fileName);
        if (!match.hasMatch())
            continue;
        QFile file(dir.filePath(fileName));
        if (!file.open(QIODevice::ReadOnly))
            return StorageError::io(
                u"Cannot read the migration %1: %2"_s.arg(file.fileName(), file.errorString()));
        const int version = match.captured(1).toInt();
        Migration &migration = byVersion[version];
        if (!migration.name.isEmpty() && migration.name != match.captured(2))
            return StorageError::invalidArgument(
                u"Two migrations share the number %1 in %2."_s.arg(version).arg(path));
        migration.version = version;
        migration.name = match.captured(2);
        (match.captured(3) == u"up"_s ? migration.up : migration.down) =
            QString::fromUtf8(file.readAll());
    }
    QList<Migration> migrations;
    int expected = 1;
    for (Migration &migration : byVersion) {
        if (migration.version != expected)
            return StorageError::invalidArgument(
                u"The migrations in %1 skip version %2."_s.arg(path).arg(expected));
        if (migration.up.isEmpty() || migration.down.isEmpty())
            return StorageError::invalidArgument(u"The migration %1 in %2 lacks its %3 part."_s.arg(
                migration.name, path, migration.up.isEmpty() ? u"up"_s : u"down"_s));
        migration.description = firstCommentLine(migration.up);
        static const QRegularExpression scales(u"^-- Scales with: ([a-z_]+), (\\d+) rows/s$"_s,
                                               QRegularExpression::MultilineOption);
        if (const auto scale = scales.match(migration.up); scale.hasMatch()) {
            migration.scalesWith = scale.captured(1);
            migration.rowsPerSecond = scale.captured(2).toDouble();
        }
        if (migration.description.isEmpty())
            migration.description = QString(migration.name).replace(u'_', u' ');
        migrations.append(migration);
        ++expected;
    }
    return migrations;
}

MigrationRunner::MigrationRunner(QSqlDatabase db, QList<Migration> migrations)
    : m_db(std::move(db))
    , m_migrations(std::move(migrations))
{}

bool MigrationRunner::isSqlite() const
{
    return m_db.driverName() == u"QSQLITE"_s;
}

int MigrationRunner::latestVersion() const
{
    return m_migrations.isEmpty() ? 0 : m_migrations.constLast().version;
}

Result<int> MigrationRunner::currentVersion() const
{
    QSqlQuery query(m_db);
    const QString exists =
        isSqlite()
            ? u"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"_s
            : u"SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = 'schema_version' "
              "AND schemaname = current_schema()"_s;
    if (!query.exec(exists) || !query.next())
        return sqlError(query.lastError(), u"Reading the schema version"_s);
    if (query.value(0).toInt() == 0)
        return 0;
    if (!query.exec(u"SELECT coalesce(max(version), 0) FROM schema_version"_s) || !query.next())
        return sqlError(query.lastError(), u"Reading the schema version"_s);
    return query.value(0).toInt();
}

Result<QList<MigrationStatus>> MigrationRunner::status() const
{
    auto current = currentVersion();
    if (!current)
        return current.error();
    QMap<int, MigrationStatus> rows;
    for (const Migration &migration : m_migrations)
        rows.insert(migration.version, {migration.version, migration.description, std::nullopt});
    if (*current > 0) {
        QSqlQuery query(m_db);
        if (!query.exec(
                u"SELECT version, description, applied_at FROM schema_version ORDER BY version"_s))
            return sqlError(query.lastError(), u"Reading the schema versions"_s);
        while (query.next()) {
            MigrationStatus &row = rows[query.value(0).toInt()];
            row.version = query.value(0).toInt();
            if (row.description.isEmpty())
                row.description =
                    query.value(1).toString(); // a version this Porthole does not know
            QDateTime applied = query.value(2).toDateTime();
            if (isSqlite())
                applied.setTimeZone(QTimeZone::utc());
            row.appliedAt = applied;
        }
    }
    return rows.values();
}

Result<QSqlDatabase> MigrationRunner::openCurrent(const ConnectionFactory &factory,
                                                  const QString &purpose)
{
    auto db = factory.open(purpose);
    if (!db)
        return db.error();
    auto migrations = builtin(factory.url().engine());
    if (!migrations)
        return migrations.error();
    if (Status current = MigrationRunner(*db, *migrations).checkCurrent(); !current)
        return current.error();
    return db;
}

Status MigrationRunner::checkCurrent() const
{
    auto current = currentVersion();
    if (!current)
        return current.error();
    if (*current > latestVersion())
        return StorageError{
            StorageError::Kind::SchemaTooNew,
            u"The database is at schema version %1, newer than this Porthole knows "
            "(%2). Use a newer Porthole; this one will not change it."_s.arg(*current)
                .arg(latestVersion())};
    if (*current < latestVersion())
        return StorageError{
            StorageError::Kind::SchemaTooOld,
            u"The database is at schema version %1 and needs migrating to %2: "
            "run porthole migrate --db URL up (a backup is taken first)."_s.arg(*current)
                .arg(latestVersion())};
    return success();
}

Status MigrationRunner::createVersionTable()
{
    QSqlQuery query(m_db);
    const QString create = isSqlite()
                               ? u"CREATE TABLE IF NOT EXISTS schema_version ("
                                 "version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                                 "applied_at TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')))"_s
                               : u"CREATE TABLE IF NOT EXISTS schema_version ("
                                 "version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                                 "applied_at TIMESTAMP WITH TIME ZONE DEFAULT NOW())"_s;
    if (!query.exec(create))
        return sqlError(query.lastError(), u"Creating schema_version"_s);
    return success();
}

namespace {

// The bytes the copy takes, as many as the database's pages in use; refused before a byte is
// written when they do not fit with room to spare beside it.
Result<qint64> measureBackup(QSqlQuery &query, const QFileInfo &file)
{
    if (!query.exec(
            u"SELECT (c.page_count - f.freelist_count) * s.page_size "
            "FROM pragma_page_count() c, pragma_freelist_count() f, pragma_page_size() s"_s) ||
        !query.next())
        return sqlError(query.lastError(), u"Measuring the database before backing it up"_s);
    const qint64 bytes = query.value(0).toLongLong();
    if (const Status room = checkRoomFor(bytes, file.absolutePath()); !room)
        return StorageError::io(
            u"Not migrated, and nothing changed: the backup taken first of %1 "
            "did not fit: %2. Free space on that disk, or move the file to one "
            "with room, and migrate again."_s.arg(file.filePath(), room.errorMessage()));
    return bytes;
}

} // namespace

Result<QString> MigrationRunner::backupSqlite(int fromVersion)
{
    QSqlQuery query(m_db);
    if (!query.exec(u"SELECT count(*) FROM sqlite_master WHERE name <> 'schema_version'"_s) ||
        !query.next())
        return sqlError(query.lastError(), u"Looking at the database before migrating"_s);
    if (query.value(0).toInt() == 0)
        return QString(); // nothing to lose
    const QFileInfo file(m_db.databaseName());
    const QString stem =
        file.absolutePath() + u'/' + file.completeBaseName() +
        u".v%1-%2"_s.arg(fromVersion)
            .arg(QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd'T'HHmmsszzz'Z'"_s));
    QString path = stem + u".backup.db"_s;
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = stem + u"-%1.backup.db"_s.arg(n);
    const auto bytes = measureBackup(query, file);
    if (!bytes)
        return bytes.error();
    report(MigrationStep{u"Backing up %1 to %2 (%3)"_s.arg(file.filePath(), path,
                                                           QLocale::c().formattedDataSize(*bytes)),
                         path, *bytes});
    QString quoted = path;
    quoted.replace(u"'"_s, u"''"_s);
    if (!query.exec(u"VACUUM INTO '%1'"_s.arg(quoted))) {
        QFile::remove(path); // a copy cut short is no backup, and holds the space it took
        return sqlError(query.lastError(), u"Backing up %1 to %2"_s.arg(file.filePath(), path));
    }
    return path;
}

Result<MigrationPlan> MigrationRunner::planFrom(int current, int goal) const
{
    MigrationPlan plan;
    plan.fromVersion = current;
    plan.toVersion = std::max(current, goal);
    if (current < seedMigrationCount && goal > current) {
        auto adoption = planAdoption(m_db, m_migrations, goal);
        if (!adoption)
            return adoption.error();
        plan.adoption = *adoption;
    }
    for (const Migration &migration : m_migrations) {
        if (migration.version > std::max(current, plan.adoption ? seedMigrationCount : 0) &&
            migration.version <= goal)
            plan.due.append(migration);
    }
    return plan;
}

Result<MigrationPlan> MigrationRunner::plan(std::optional<int> target) const
{
    const int goal = target.value_or(latestVersion());
    if (goal < 0 || goal > latestVersion())
        return StorageError::invalidArgument(
            u"There is no schema version %1; the latest is %2."_s.arg(goal).arg(latestVersion()));
    auto current = currentVersion();
    if (!current)
        return current.error();
    if (*current > latestVersion())
        return checkCurrent().error();
    auto plan = planFrom(*current, goal);
    if (!plan)
        return plan;
    if (Status counted = countRows(plan.value()); !counted)
        return counted.error();
    return plan;
}

Status MigrationRunner::countRows(MigrationPlan &plan) const
{
    // About how many rows each migration that scales with a table will read: counted up to
    // 10,000, beyond that the engine's statistics, read without a scan (the window asks with
    // the plan before it opens; count(*) of 100,000,000 rows takes seconds, of a million 2 s).
    const QStringList tables = m_db.tables();
    for (const Migration &migration : std::as_const(plan.due)) {
        const QString &table = migration.scalesWith;
        if (table.isEmpty() || plan.rows.contains(table))
            continue;
        RowCount rows;
        if (tables.contains(table)) {
            auto count = tableRows(m_db, table, 10'000);
            if (!count)
                return count.error();
            rows = *count;
        }
        plan.rows.insert(table, rows);
    }
    return success();
}

Status MigrationRunner::record(const Migration &migration, bool forward, const QString &note)
{
    QSqlQuery query(m_db);
    if (forward) {
        // A row the pipeline's own schema_version already has for it stays.
        query.prepare(u"INSERT INTO schema_version (version, description) SELECT ?, ? "
                      "WHERE NOT EXISTS (SELECT 1 FROM schema_version WHERE version = ?)"_s);
        query.addBindValue(migration.version);
        query.addBindValue(QString(migration.description + note));
        query.addBindValue(migration.version);
    } else {
        query.prepare(u"DELETE FROM schema_version WHERE version = ?"_s);
        query.addBindValue(migration.version);
    }
    if (!query.exec())
        return sqlError(query.lastError(), u"Recording migration %1"_s.arg(migration.version));
    return success();
}

namespace {

StorageError failedStatement(const QSqlQuery &query, const QString &what, int current,
                             const QString &statement)
{
    StorageError error = sqlError(query.lastError(), what);
    error.message += u" Nothing was changed: the database stays at version %1. The statement "
                     "was:\n%2"_s.arg(current)
                         .arg(statement.left(500));
    return error;
}

} // namespace

Status MigrationRunner::applyUp(int goal)
{
    SqlTransaction transaction(m_db);
    if (Status begun = transaction.begin(); !begun)
        return begun;
    if (Status locked = lockMigrations(); !locked)
        return locked;
    // The plan is made under the lock: another runner may have moved the version while this
    // one waited, and what it applied is not applied again.
    auto current = currentVersion();
    if (!current)
        return current.error();
    auto plan = planFrom(*current, goal);
    if (!plan)
        return plan.error();
    if (plan->adoption && !plan->adoption->refusals.isEmpty())
        return StorageError{StorageError::Kind::SchemaTooOld,
                            u"This database cannot be adopted; nothing was changed.\n  "_s +
                                plan->adoption->refusals.join(u"\n  "_s)};
    if (Status made = createVersionTable(); !made)
        return made;

    QStringList applied;
    QSqlQuery query(m_db);
    if (plan->adoption) {
        for (const PlannedStatement &step : std::as_const(plan->adoption->steps)) {
            if (!query.exec(step.statement))
                return failedStatement(query, u"Adopting the database (%1)"_s.arg(step.reason),
                                       *current, step.statement);
        }
        const QString note = plan->adoption->found.isEmpty() ? QString() : u" (adopted)"_s;
        for (const Migration &migration : std::as_const(m_migrations)) {
            if (migration.version > *current && migration.version <= seedMigrationCount &&
                migration.version <= goal) {
                if (Status recorded = record(migration, true, note); !recorded)
                    return recorded;
                applied.append(
                    u"Migration %1 (%2) adopted"_s.arg(migration.version).arg(migration.name));
                faultPoint("migration-applied");
            }
        }
    }
    if (Status counted = countRows(plan.value()); !counted)
        return counted;
    for (const Migration &migration : std::as_const(plan->due)) {
        QString step = u"Migration %1 of %2: %3"_s.arg(migration.version)
                           .arg(plan->toVersion)
                           .arg(migration.description);
        if (const QString takes = expectedTime(migration, plan->rows); !takes.isEmpty())
            step += u" (takes about %1)"_s.arg(takes);
        report(step);
        const QString what = u"Migration %1 (%2) up"_s.arg(migration.version).arg(migration.name);
        for (const QString &statement : splitSqlStatements(migration.up)) {
            if (!query.exec(statement))
                return failedStatement(query, what, *current, statement);
        }
        if (Status recorded = record(migration, true); !recorded)
            return recorded;
        applied.append(what);
        faultPoint("migration-applied");
    }
    report(u"Committing: writing the changes to disk"_s);
    if (Status committed = transaction.commit(); !committed)
        return committed;
    for (const QString &what : std::as_const(applied))
        qCInfo(lcMigration).noquote() << what << "applied";
    return success();
}

Status MigrationRunner::applyDown(int goal)
{
    SqlTransaction transaction(m_db);
    if (Status begun = transaction.begin(); !begun)
        return begun;
    if (Status locked = lockMigrations(); !locked)
        return locked;
    auto current = currentVersion();
    if (!current)
        return current.error();
    QSqlQuery query(m_db);
    for (int version = *current; version > goal; --version) {
        const Migration &migration = m_migrations.at(version - 1);
        const QString what = u"Migration %1 (%2) down"_s.arg(migration.version).arg(migration.name);
        report(u"Undoing migration %1: %2"_s.arg(migration.version).arg(migration.description));
        for (const QString &statement : splitSqlStatements(migration.down)) {
            if (!query.exec(statement))
                return failedStatement(query, what, *current, statement);
        }
        if (Status recorded = record(migration, false); !recorded)
            return recorded;
        faultPoint("migration-applied");
    }
    report(u"Committing: writing the changes to disk"_s);
    return transaction.commit();
}

Result<MigrationOutcome> MigrationRunner::up(std::optional<int> target)
{
    const int goal = target.value_or(latestVersion());
    if (goal < 0 || goal > latestVersion())
        return StorageError::invalidArgument(
            u"There is no schema version %1; the latest is %2."_s.arg(goal).arg(latestVersion()));
    auto current = currentVersion();
    if (!current)
        return current.error();
    MigrationOutcome outcome{*current, *current, {}};
    if (*current > latestVersion())
        return checkCurrent().error();
    if (*current >= goal)
        return outcome;
    if (isSqlite()) {
        auto backup = backupSqlite(*current);
        if (!backup)
            return backup.error();
        outcome.backupPath = *backup;
    }
    const Status applied = applyUp(goal);
    forgetSchema(m_db); // what was read of its catalog is out of date
    if (!applied)
        return applied.error();
    auto reached = currentVersion();
    if (!reached)
        return reached.error();
    outcome.toVersion = *reached;
    return outcome;
}

Result<MigrationOutcome> MigrationRunner::down(int steps)
{
    if (steps < 0)
        return StorageError::invalidArgument(
            u"The number of migrations to undo must be 0 or more."_s);
    auto current = currentVersion();
    if (!current)
        return current.error();
    if (*current > latestVersion())
        return checkCurrent().error();
    if (steps > *current)
        return StorageError::invalidArgument(
            u"The database is at version %1; it cannot go down %2 steps."_s.arg(*current).arg(
                steps));
    MigrationOutcome outcome{*current, *current, {}};
    if (steps == 0)
        return outcome;
    if (isSqlite()) {
        auto backup = backupSqlite(*current);
        if (!backup)
            return backup.error();
        outcome.backupPath = *backup;
    }
    const Status undone = applyDown(*current - steps);
    forgetSchema(m_db);
    if (!undone)
        return undone.error();
    outcome.toVersion = *current - steps;
    return outcome;
}

QString describePlan(const MigrationPlan &plan)
{
    QString text;
    QTextStream out(&text);
    if (plan.toVersion <= plan.fromVersion) {
        out << "The database is at version " << plan.fromVersion << "; nothing to do.\n";
        return text;
    }
    out << "From schema version " << plan.fromVersion << " to " << plan.toVersion << ".\n";
    if (plan.adoption) {
        const AdoptionPlan &adoption = *plan.adoption;
        if (adoption.found.isEmpty()) {
            out << "\nNone of the pipeline's tables is here: migrations 1 and 2 create them.\n";
        } else {
            out << "\nFound the pipeline's tables (they are adopted, not created):\n";
            for (const QString &line : adoption.found)
                out << "  " << line << "\n";
        }
        if (!adoption.kept.isEmpty()) {
            out << "\nKept as the pipeline made them:\n";
            for (const QString &line : adoption.kept)
                out << "  " << line << "\n";
        }
        if (!adoption.others.isEmpty())
            out << "\nOther tables and views, left as they are: " << adoption.others.join(u", "_s)
                << ".\n";
        if (!adoption.refusals.isEmpty()) {
            out << "\nRefused: this database cannot be adopted, and nothing will be changed.\n";
            for (const QString &line : adoption.refusals)
                out << "  " << line << "\n";
            return text;
        }
        if (!adoption.steps.isEmpty())
            out << "\nAdoption (migrations 1 and 2):\n";
        for (const PlannedStatement &step : adoption.steps)
            out << "  -- " << step.reason << "\n  "
                << QString(step.statement).replace(u'\n', u"\n  "_s) << ";\n";
    }
    for (const Migration &migration : plan.due) {
        out << "\nMigration " << migration.version << ": " << migration.description << "\n";
        if (const QString takes = expectedTime(migration, plan.rows); !takes.isEmpty()) {
            const RowCount rows = plan.rows.value(migration.scalesWith);
            out << "  -- Takes about " << takes << ": it reads "
                << (rows.precision == RowCount::Precision::Exact ? "the " : "about ")
                << QLocale::c().toString(rows.value) << " rows of " << migration.scalesWith
                << " (about " << QLocale::c().toString(qint64(migration.rowsPerSecond))
                << " rows a second on 2 cores), in the run's one transaction.\n";
        }
        for (const QString &statement : splitSqlStatements(migration.up))
            out << "  " << QString(statement).replace(u'\n', u"\n  "_s) << ";\n";
    }
    out << "\nAll of it runs in one transaction: if any statement fails, nothing is changed.\n";
    return text;
}

} // namespace porthole
