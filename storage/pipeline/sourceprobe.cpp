#include "sourceprobe.h"

#include "batchline.h"
#include "connectionfactory.h"
#include "migrationrunner.h"
#include "portholetables.h"
#include "redisclient.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QLocale>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QString formatBytes(qint64 bytes)
{
    return QLocale::system().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

SourceStatus probeDatabase(const DatabaseUrl &url, const ConnectionSettings &settings)
{
    SourceStatus status{
        SourceStatus::Kind::Database, url.toDisplayString(), SourceStatus::State::Unknown, {}};
    if (url.isSqlite() && !QFileInfo::exists(url.filePath())) {
        status.state = SourceStatus::State::Missing;
        status.detail = u"No database file yet; it is created when Porthole first writes."_s;
        return status;
    }

    const ConnectionFactory factory(url, settings);
    const QString purpose = u"probe"_s;
    {
        auto db = factory.open(purpose);
        if (!db) {
            status.state = SourceStatus::State::Error;
            status.detail = db.errorMessage();
            return status;
        }
        QSqlQuery query(*db);
        const QString tables =
            url.isSqlite()
                ? u"SELECT name FROM sqlite_master WHERE type = 'table'"_s
                : u"SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"_s;
        qlonglong tableCount = 0;
        if (query.exec(tables))
            while (query.next()) // an index's tables are not counted (indexedTableOf())
                tableCount += indexedTableOf(query.value(0).toString()).isEmpty() ? 1 : 0;
        SourceStatus::Found &found = status.found;
        if (url.isSqlite()) {
            query.exec(u"SELECT sqlite_version()"_s);
            found.product = u"SQLite "_s + (query.next() ? query.value(0).toString() : u"?"_s);
            found.bytes =
                QFileInfo(url.filePath()).size() + QFileInfo(url.filePath() + u"-wal"_s).size();
        } else {
            query.exec(u"SHOW server_version"_s);
            found.product = u"PostgreSQL "_s + (query.next() ? query.value(0).toString() : u"?"_s);
            if (query.exec(u"SELECT pg_database_size(current_database())"_s) && query.next())
                found.bytes = query.value(0).toLongLong();
        }
        found.count = tableCount;
        // The schema version against the one this Porthole knows.
        const MigrationRunner runner(*db, MigrationRunner::builtin(url.engine()).value());
        const auto version = runner.currentVersion();
        found.schemaVersion = version ? *version : 0;
        found.latestSchemaVersion = runner.latestVersion();
        const Status current = runner.checkCurrent();
        // Attached read-only, an older schema is what the operator chose: it is read as it is.
        const bool asItIs = !current && settings.readOnly &&
                            current.error().kind == StorageError::Kind::SchemaTooOld;
        status.state =
            current.ok() || asItIs ? SourceStatus::State::Ok : SourceStatus::State::Error;
        if (asItIs)
            found.problem = u"Attached read-only and not migrated: the panes read its tables as "
                            "they are."_s;
        else if (!current)
            found.problem = current.errorMessage();
        const QString engine =
            found.bytes < 0 ? found.product : found.product + u", "_s + formatBytes(found.bytes);
        const QString tablesText = tableCount == 1
                                       ? u"1 table"_s
                                       : u"%1 tables"_s.arg(QLocale::system().toString(tableCount));
        status.detail = u"%1, schema version %2 of %3, %4"_s.arg(engine)
                            .arg(found.schemaVersion)
                            .arg(found.latestSchemaVersion)
                            .arg(tablesText);
        if (!current)
            status.detail += u". "_s + found.problem;
    }
    factory.close(purpose);
    return status;
}

SourceStatus probeBatchStore(const QString &directory)
{
    SourceStatus status{SourceStatus::Kind::BatchFiles,
                        QDir::toNativeSeparators(directory),
                        SourceStatus::State::Unknown,
                        {}};
    const QFileInfo info(directory);
    if (!info.exists()) {
        status.state = SourceStatus::State::Missing;
        status.detail = u"The folder does not exist yet."_s;
        return status;
    }
    if (!info.isDir() || !info.isReadable()) {
        status.state = SourceStatus::State::Error;
        status.detail = u"Not a readable folder; check its permissions."_s;
        return status;
    }
    qint64 files = 0;
    qint64 bytes = 0;
    QDirIterator it(directory, QDir::Files | QDir::NoSymLinks | QDir::Hidden);
    while (it.hasNext()) {
        it.next();
        if (!batchIdFromFileName(it.fileName()))
            continue;
        ++files;
        bytes += it.fileInfo().size();
    }
    status.state = SourceStatus::State::Ok;
    status.found.count = files;
    status.found.bytes = bytes;
    if (files == 0)
        status.detail = u"No batch files yet."_s;
    else if (files == 1)
        status.detail = u"1 batch file, %1"_s.arg(formatBytes(bytes));
    else
        status.detail =
            u"%1 batch files, %2"_s.arg(QLocale::system().toString(files), formatBytes(bytes));
    return status;
}

SourceStatus probeRedis(const RedisUrl &url, StreamGroupScan *groups)
{
    SourceStatus status{
        SourceStatus::Kind::Redis, url.toDisplayString(), SourceStatus::State::Unknown, {}};
    RedisClient client;
    if (Status connected = client.connect(url); !connected) {
        status.state = SourceStatus::State::Error;
        status.detail = connected.errorMessage();
        if (groups)
            groups->problem = status.detail;
        return status;
    }
    auto info = client.command({QByteArrayLiteral("INFO"), QByteArrayLiteral("server")});
    QString version = u"?"_s;
    if (info && info->type == RedisReply::Type::String) {
        for (const QByteArray &line : info->text.split('\n')) {
            if (line.startsWith("redis_version:"))
                version = QString::fromLatin1(line.mid(14).trimmed());
        }
    }
    auto keys = client.command({QByteArrayLiteral("DBSIZE")});
    status.state = SourceStatus::State::Ok;
    status.found.product = u"Redis "_s + version;
    status.found.count = keys ? keys->integer : 0;
    status.detail = status.found.count == 1
                        ? u"%1, 1 key"_s.arg(status.found.product)
                        : u"%1, %2 keys"_s.arg(status.found.product,
                                               QLocale::system().toString(status.found.count));
    if (groups) {
        auto scan = scanStreamGroups(client);
        if (scan) {
            *groups = std::move(scan).value();
            status.found.consumerGroups = groups->groups.size();
            status.detail += groups->groups.size() == 1
                                 ? u", 1 consumer group"_s
                                 : u", %1 consumer groups"_s.arg(
                                       QLocale::system().toString(groups->groups.size()));
        } else {
            groups->problem = scan.errorMessage();
            status.found.problem = groups->problem;
            status.detail += u"; the consumer groups cannot be read: %1"_s.arg(groups->problem);
        }
    }
    return status;
}

} // namespace porthole
