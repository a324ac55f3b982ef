#include "backupengines.h"
#include "connectionfactory.h"
#include "migrationrunner.h"
#include "sqlerror.h"

#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QRegularExpression>
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

// The major version a tool reports (`pg_dump (PostgreSQL) 15.18 (Debian ...)`: 15); 0 when it
// does not say.
int toolMajorVersion(const QString &program)
{
    QProcess process;
    process.setProgram(program);
    process.setArguments({u"--version"_s});
    process.setStandardInputFile(QProcess::nullDevice());
    process.start();
    if (!process.waitForStarted(-1) || !process.waitForFinished(-1))
        return 0;
    static const QRegularExpression version(u"\\(PostgreSQL\\) (\\d+)"_s);
    const QRegularExpressionMatch match =
        version.match(QString::fromLocal8Bit(process.readAllStandardOutput()));
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

// The server's major version (17 for 17.5), from server_version_num.
Result<int> serverMajorVersion(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(u"SHOW server_version_num"_s) || !query.next())
        return sqlError(query.lastError(), u"Reading the server's version"_s);
    return query.value(0).toInt() / 10000;
}

// pg_dump refuses a server newer than itself ("aborting because of server version mismatch")
// after connecting: Porthole says so before it runs, and what to do.
Status checkDumpVersion(const QSqlDatabase &db, const QString &pgDump)
{
    auto server = serverMajorVersion(db);
    if (!server)
        return server.error();
    const int dump = toolMajorVersion(pgDump);
    if (dump == 0 || dump >= *server)
        return success();
    return StorageError{
        StorageError::Kind::InvalidArgument,
        u"%1 is version %2 and the server is PostgreSQL %3: pg_dump cannot back up a server "
        "newer than itself. Install the server's version of the client tools "
        "(postgresql-client-%3, from apt.postgresql.org on Debian) and run the backup with its "
        "pg_dump (first on PATH). Nothing was written."_s.arg(pgDump, QString::number(dump),
                                                              QString::number(*server))};
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

// What a dump holds, from its table of contents (pg_restore --list reads the file only).
struct DumpContents
{
    bool timescaledb = false; // the timescaledb extension
    bool tableData = false;   // rows of a table, which pg_restore loads with COPY ... FROM stdin
};

Result<DumpContents> dumpContents(const QString &pgRestore, const QString &dump)
{
    QProcess process;
    process.setProgram(pgRestore);
    process.setArguments({u"--list"_s, dump});
    process.setStandardInputFile(QProcess::nullDevice());
    process.start();
    if (!process.waitForStarted(-1))
        return StorageError::io(u"Cannot run %1: %2"_s.arg(pgRestore, process.errorString()));
    process.waitForFinished(-1);
    const QString list = QString::fromLocal8Bit(process.readAllStandardOutput());
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return StorageError::io(u"pg_restore cannot read the backup %1: %2"_s.arg(
            dump, QString::fromLocal8Bit(process.readAllStandardError()).trimmed().right(2000)));
    DumpContents contents;
    // An entry: "3; 3079 16385 EXTENSION - timescaledb ", "3344; 0 16385 TABLE DATA public t o".
    static const QRegularExpression extension(u"^\\d+; \\d+ \\d+ EXTENSION - timescaledb\\b"_s,
                                              QRegularExpression::MultilineOption);
    static const QRegularExpression data(u"^\\d+; \\d+ \\d+ TABLE DATA "_s,
                                         QRegularExpression::MultilineOption);
    contents.timescaledb = extension.match(list).hasMatch();
    contents.tableData = data.match(list).hasMatch();
    return contents;
}

// What Porthole needs to know of the server before a restore.
struct ServerFacts
{
    bool pglite = false;               // PostgreSQL compiled to WebAssembly (PGlite)
    bool timescaledbAvailable = false; // the timescaledb extension can be made
};

Result<ServerFacts> serverFacts(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(u"SELECT pg_catalog.version(), EXISTS (SELECT 1 FROM "
                    "pg_catalog.pg_available_extensions WHERE name = 'timescaledb')"_s) ||
        !query.next())
        return sqlError(query.lastError(), u"Reading the server's version"_s);
    return ServerFacts{query.value(0).toString().contains(u"Emscripten"_s),
                       query.value(1).toBool()};
}

// The schema of the timescaledb extension in the database, quoted where it needs it; empty
// where the extension is not installed.
Result<QString> timescaledbSchema(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(u"SELECT extnamespace::regnamespace::text FROM pg_catalog.pg_extension "
                    "WHERE extname = 'timescaledb'"_s))
        return sqlError(query.lastError(), u"Looking for TimescaleDB"_s);
    return query.next() ? query.value(0).toString() : QString();
}

// TimescaleDB's restore mode around pg_restore, as TimescaleDB documents it: before,
// timescaledb_pre_restore() (made in a new database first, where the backup holds it) stops
// its background jobs and lets pg_restore write its catalog; after, timescaledb_post_restore()
// ends that, whether pg_restore succeeded or not. Each on a connection of its own, closed
// before pg_restore connects (a server may serve one connection at a time).
Status preRestore(const DatabaseUrl &target)
{
    return withConnection(target, purpose, [](const QSqlDatabase &db) -> Status {
        auto schema = timescaledbSchema(db);
        if (!schema)
            return schema.error();
        if (schema->isEmpty()) {
            if (Status made = execute(db, u"CREATE EXTENSION IF NOT EXISTS timescaledb"_s,
                                      u"Making the timescaledb extension"_s);
                !made)
                return made;
            schema = timescaledbSchema(db);
            if (!schema)
                return schema.error();
        }
        return execute(db, u"SELECT %1.timescaledb_pre_restore()"_s.arg(*schema),
                       u"Calling timescaledb_pre_restore()"_s);
    });
}

Status postRestore(const DatabaseUrl &target)
{
    return withConnection(target, purpose, [](const QSqlDatabase &db) -> Status {
        auto schema = timescaledbSchema(db);
        if (!schema)
            return schema.error();
        if (schema->isEmpty())
            return success(); // pg_restore failed before it, or the backup dropped it
        return execute(db, u"SELECT %1.timescaledb_post_restore()"_s.arg(*schema),
                       u"Calling timescaledb_post_restore()"_s);
    });
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
        if (Status version = checkDumpVersion(db, *pgDump); !version)
            return Result<BackupManifest>(version.error());
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
    auto contents = dumpContents(*pgRestore, dump);
    if (!contents)
        return contents.error();
    auto server = withConnection(maintenance(target), u"backup-admin"_s, serverFacts);
    if (!server)
        return server.error();
    if (server->pglite && contents->tableData)
        return StorageError::invalidArgument(
            u"The server is PGlite (PostgreSQL compiled to WebAssembly): it ends the connection at "
            "COPY ... FROM stdin, the statement pg_restore loads every table's rows with, so a "
            "backup with rows cannot be restored into it. Restore into a PostgreSQL server. "
            "Nothing was changed."_s);
    if (contents->timescaledb && !server->timescaledbAvailable)
        return StorageError::invalidArgument(
            u"The backup holds the timescaledb extension, which the server does not have: "
            "install TimescaleDB (the version the backup was taken with) on it first. Nothing "
            "was changed."_s);
    auto exists = databaseExists(target);
    if (!exists)
        return exists.error();
    qint64 tables = 0;
    QString timescaledb; // its schema where the target has the extension
    if (*exists) {
        auto counts = withConnection(target, purpose, [&](const QSqlDatabase &db) {
            auto schema = timescaledbSchema(db);
            if (!schema)
                return Result<RowCounts>(schema.error());
            timescaledb = *schema;
            return countRows(db);
        });
        if (!counts)
            return counts.error();
        tables = counts->size();
    }
    if (tables > 0 && !force)
        return StorageError{StorageError::Kind::Conflict,
                            u"The database %1 already holds %2 tables: restore into a new "
                            "database, or add --force to restore over it."_s.arg(
                                target.databaseName(), QString::number(tables))};
    const bool timescale = contents->timescaledb || !timescaledb.isEmpty();
    if (tables > 0 && timescale)
        return StorageError::invalidArgument(
            u"Restoring over a TimescaleDB database (--force) is not supported: pg_restore "
            "--clean would drop the timescaledb extension, and with it every hypertable, and "
            "TimescaleDB restores only into a database of its own. Restore into a new database. "
            "Nothing was changed."_s);
    if (!*exists) {
        if (Status made = adminStatement(
                target, u"CREATE DATABASE "_s + quotedIdentifier(target.databaseName()),
                u"Making the database %1"_s.arg(target.databaseName()));
            !made)
            return made.error();
    }
    if (timescale) {
        if (Status before = preRestore(target); !before) {
            postRestore(target); // in case it got as far as setting the mode
            return before.error();
        }
    }
    QStringList arguments{u"--no-owner"_s, u"--no-privileges"_s, u"--exit-on-error"_s,
                          u"--dbname="_s + connectionString(target)};
    if (tables > 0)
        arguments << u"--clean"_s << u"--if-exists"_s;
    arguments << dump;
    Status restored = runTool(*pgRestore, arguments, target);
    if (!timescale)
        return restored;
    Status after = postRestore(target);
    if (after)
        return restored;
    return StorageError{after.error().kind,
                        u"%1timescaledb_post_restore() failed: %2. Run SELECT "
                        "timescaledb_post_restore(); in the database %3 before using it."_s.arg(
                            restored ? QString() : restored.errorMessage() + u" Then "_s,
                            after.errorMessage(), target.databaseName())};
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
