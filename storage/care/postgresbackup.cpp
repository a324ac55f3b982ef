#include "backupengines.h"
#include "connectionfactory.h"
#include "migrationrunner.h"
#include "sqlerror.h"

#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPostgresBackup, "porthole.storage.pgbackup", QtWarningMsg)

namespace porthole::backupengine {

namespace {

const QString purpose = u"backup"_s;

QString quotedIdentifier(const QString &name)
{
    return u'"' + QString(name).replace(u'"', u"\"\""_s) + u'"';
}

// A libpq connection string for the tools, without the password (that goes through PGPASSWORD).
QString connectionString(const DatabaseUrl &url)
{
    const auto value = [](QString text) -> QString {
        return u'\'' + text.replace(u'\\', u"\\\\"_s).replace(u'\'', u"\\'"_s) + u'\'';
    };
    QStringList parts;
    if (!url.host().isEmpty())
        parts << u"host="_s + value(url.host());
    parts << u"port="_s + QString::number(url.port());
    if (!url.userName().isEmpty())
        parts << u"user="_s + value(url.userName());
    parts << u"dbname="_s + value(url.databaseName());
    const QMap<QString, QString> options = url.options();
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        parts << it.key() + u'=' + value(it.value());
    return parts.join(u' ');
}

Result<QString> tool(const QString &given, const QString &name)
{
    if (!given.isEmpty())
        return given;
    const QString found = QStandardPaths::findExecutable(name);
    if (found.isEmpty())
        return StorageError{StorageError::Kind::NotFound,
                            u"%1 not found: install postgresql-client (a version no older than "
                            "the server)."_s.arg(name)};
    return found;
}

// Runs pg_dump or pg_restore to its end; the password reaches it through its environment only.
Status runTool(const QString &program, const QStringList &arguments, const DatabaseUrl &url)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!url.password().isEmpty())
        environment.insert(u"PGPASSWORD"_s, url.password());
    process.setProcessEnvironment(environment);
    process.setProgram(program);
    process.setArguments(arguments);
    process.setStandardInputFile(QProcess::nullDevice());
    qCInfo(lcPostgresBackup) << "running" << program << arguments;
    process.start();
    if (!process.waitForStarted(-1))
        return StorageError::io(u"Cannot run %1: %2"_s.arg(program, process.errorString()));
    process.waitForFinished(-1);
    if (process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
        return success();
    const QString said =
        QString::fromLocal8Bit(process.readAllStandardError()).trimmed().right(2000);
    return StorageError::io(u"%1 failed (exit code %2): %3"_s.arg(
        QFileInfo(program).fileName(), QString::number(process.exitCode()), said));
}

// Rows of every table of the database the connection is in, in its current transaction.
Result<RowCounts> countRows(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(u"SELECT n.nspname, c.relname, n.nspname = current_schema() "
                    "FROM pg_catalog.pg_class c "
                    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition "
                    "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                    "AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT LIKE '\\_timescaledb%' "
                    "AND n.nspname NOT LIKE 'timescaledb\\_%' ORDER BY 1, 2"_s))
        return sqlError(query.lastError(), u"Listing the tables"_s);
    QList<std::pair<QString, QString>> tables; // its name in the manifest, its name in SQL
    while (query.next()) {
        const QString schema = query.value(0).toString();
        const QString table = query.value(1).toString();
        tables.append({query.value(2).toBool() ? table : schema + u'.' + table,
                       quotedIdentifier(schema) + u'.' + quotedIdentifier(table)});
    }
    RowCounts counts;
    for (const auto &[name, sql] : std::as_const(tables)) {
        if (!query.exec(u"SELECT count(*) FROM "_s + sql) || !query.next())
            return sqlError(query.lastError(), u"Counting the rows of %1"_s.arg(name));
        counts.insert(name, query.value(0).toLongLong());
    }
    return counts;
}

Status execute(const QSqlDatabase &db, const QString &sql, const QString &what)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return sqlError(query.lastError(), what);
    return success();
}

// In one REPEATABLE READ transaction: the snapshot exported, the rows counted in it, and
// pg_dump run on it, so the dump holds exactly the rows counted.
Result<BackupManifest> dumpSnapshot(const QSqlDatabase &db, const DatabaseUrl &url,
                                    const QString &destination, const QString &pgDump)
{
    for (const QString &sql : {u"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"_s,
                               u"SET LOCAL statement_timeout = 0"_s,
                               u"SET LOCAL idle_in_transaction_session_timeout = 0"_s}) {
        if (Status done = execute(db, sql, u"Starting the backup's snapshot"_s); !done)
            return done.error();
    }
    QSqlQuery query(db);
    if (!query.exec(u"SELECT pg_catalog.pg_export_snapshot()"_s) || !query.next())
        return sqlError(query.lastError(), u"Exporting the backup's snapshot"_s);
    const QString snapshot = query.value(0).toString();
    auto counts = countRows(db);
    if (!counts)
        return counts.error();
    auto version = MigrationRunner(db, {}).currentVersion();
    if (!version)
        return version.error();
    Status dumped = runTool(pgDump,
                            {u"--format=custom"_s, u"--snapshot="_s + snapshot,
                             u"--file="_s + destination, u"--dbname="_s + connectionString(url)},
                            url);
    execute(db, u"COMMIT"_s, u"Ending the backup's snapshot"_s);
    if (!dumped)
        return dumped.error();
    return BackupManifest{.created = {},
                          .engine = u"postgresql"_s,
                          .source = {},
                          .fileName = {},
                          .size = 0,
                          .sha256 = {},
                          .schemaVersion = *version,
                          .rowCounts = *counts};
}

// Runs `work` on a connection of this thread to `url`, closed again after.
template <typename Work>
auto withConnection(const DatabaseUrl &url, const QString &name, Work work)
    -> decltype(work(QSqlDatabase()))
{
    const ConnectionFactory factory(url);
    decltype(work(QSqlDatabase())) result = StorageError{StorageError::Kind::Internal, {}};
    {
        auto db = factory.open(name);
        if (db)
            result = work(*db);
        else
            result = db.error();
    }
    factory.close(name);
    return result;
}

// A connection to the cluster's maintenance database, to make or drop another.
DatabaseUrl maintenance(const DatabaseUrl &url)
{
    return url.withDatabaseName(u"postgres"_s);
}

Result<bool> databaseExists(const DatabaseUrl &url)
{
    return withConnection(
        maintenance(url), u"backup-admin"_s, [&](const QSqlDatabase &db) -> Result<bool> {
            QSqlQuery query(db);
            query.prepare(u"SELECT count(*) FROM pg_catalog.pg_database WHERE datname = ?"_s);
            query.addBindValue(url.databaseName());
            if (!query.exec() || !query.next())
                return sqlError(query.lastError(), u"Looking for the database"_s);
            return query.value(0).toInt() > 0;
        });
}

Status adminStatement(const DatabaseUrl &url, const QString &sql, const QString &what)
{
    return withConnection(maintenance(url), u"backup-admin"_s,
                          [&](const QSqlDatabase &db) { return execute(db, sql, what); });
}

} // namespace

Result<BackupManifest> dumpPostgres(const DatabaseUrl &url, const QString &destination,
                                    const BackupOptions &options)
{
    auto pgDump = tool(options.tools.pgDump, u"pg_dump"_s);
    if (!pgDump)
        return pgDump.error();
    if (options.progress && !options.progress(0, 0))
        return StorageError{StorageError::Kind::Conflict, u"The backup was stopped."_s};
    auto manifest = withConnection(url, purpose, [&](const QSqlDatabase &db) {
        return dumpSnapshot(db, url, destination, *pgDump);
    });
    if (manifest && options.progress)
        options.progress(1, 1);
    return manifest;
}

Status restorePostgres(const QString &dump, const DatabaseUrl &target, bool force,
                       const BackupTools &tools)
{
    auto pgRestore = tool(tools.pgRestore, u"pg_restore"_s);
    if (!pgRestore)
        return pgRestore.error();
    auto exists = databaseExists(target);
    if (!exists)
        return exists.error();
    qint64 tables = 0;
    if (*exists) {
        auto counts = withConnection(target, purpose, countRows);
        if (!counts)
            return counts.error();
        tables = counts->size();
    } else if (Status made = adminStatement(
                   target, u"CREATE DATABASE "_s + quotedIdentifier(target.databaseName()),
                   u"Making the database %1"_s.arg(target.databaseName()));
               !made) {
        return made.error();
    }
    if (tables > 0 && !force)
        return StorageError{StorageError::Kind::Conflict,
                            u"The database %1 already holds %2 tables: restore into a new "
                            "database, or add --force to restore over it."_s.arg(
                                target.databaseName(), QString::number(tables))};
    QStringList arguments{u"--no-owner"_s, u"--no-privileges"_s, u"--exit-on-error"_s,
                          u"--dbname="_s + connectionString(target)};
    if (tables > 0)
        arguments << u"--clean"_s << u"--if-exists"_s;
    arguments << dump;
    return runTool(*pgRestore, arguments, target);
}

Result<RowCounts> restorePostgresScratch(const QString &dump, const DatabaseUrl &server,
                                         const BackupTools &tools)
{
    const DatabaseUrl scratch = server.withDatabaseName(
        u"porthole_verify_%1"_s.arg(QRandomGenerator::global()->generate64(), 0, 16));
    Status restored = restorePostgres(dump, scratch, false, tools);
    Result<RowCounts> counts = restored ? withConnection(scratch, purpose, countRows)
                                        : Result<RowCounts>(restored.error());
    // Made by restorePostgres unless it failed before; dropped either way.
    adminStatement(
        scratch,
        u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(quotedIdentifier(scratch.databaseName())),
        u"Dropping the scratch database"_s);
    return counts;
}

} // namespace porthole::backupengine
