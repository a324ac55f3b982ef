#include "sourceprobe.h"

#include "batchline.h"
#include "connectionfactory.h"
#include "migrationrunner.h"
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

SourceStatus probeDatabase(const DatabaseUrl &url)
{
    SourceStatus status{
        SourceStatus::Kind::Database, url.toDisplayString(), SourceStatus::State::Unknown, {}};
    if (url.isSqlite() && !QFileInfo::exists(url.filePath())) {
        status.state = SourceStatus::State::Missing;
        status.detail = u"No database file yet; it is created when Porthole first writes."_s;
        return status;
    }

    const ConnectionFactory factory(url);
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
                ? u"SELECT count(*) FROM sqlite_master WHERE type = 'table'"_s
                : u"SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"_s;
        const qlonglong tableCount =
            query.exec(tables) && query.next() ? query.value(0).toLongLong() : 0;
        QString engine;
        if (url.isSqlite()) {
            query.exec(u"SELECT sqlite_version()"_s);
            engine = u"SQLite "_s + (query.next() ? query.value(0).toString() : u"?"_s);
            const qint64 size =
                QFileInfo(url.filePath()).size() + QFileInfo(url.filePath() + u"-wal"_s).size();
            engine += u", "_s + formatBytes(size);
        } else {
            query.exec(u"SHOW server_version"_s);
            engine = u"PostgreSQL "_s + (query.next() ? query.value(0).toString() : u"?"_s);
            if (query.exec(u"SELECT pg_database_size(current_database())"_s) && query.next())
                engine += u", "_s + formatBytes(query.value(0).toLongLong());
        }
        // The schema version against the one this Porthole knows.
        const MigrationRunner runner(*db, MigrationRunner::builtin(url.engine()).value());
        const auto version = runner.currentVersion();
        const Status current = runner.checkCurrent();
        status.state = current.ok() ? SourceStatus::State::Ok : SourceStatus::State::Error;
        status.detail = u"%1, schema version %2 of %3, %4 tables"_s.arg(engine)
                            .arg(version ? *version : 0)
                            .arg(runner.latestVersion())
                            .arg(tableCount);
        if (!current)
            status.detail += u". "_s + current.errorMessage();
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
    status.detail = files == 0 ? u"No batch files yet."_s
                               : u"%1 batch files, %2"_s.arg(QLocale::system().toString(files),
                                                             formatBytes(bytes));
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
    status.detail = u"Redis %1, %2 keys"_s.arg(version).arg(keys ? keys->integer : 0);
    if (groups) {
        auto scan = scanStreamGroups(client);
        if (scan) {
            *groups = std::move(scan).value();
            status.detail += groups->groups.size() == 1
                                 ? u", 1 consumer group"_s
                                 : u", %1 consumer groups"_s.arg(groups->groups.size());
        } else {
            groups->problem = scan.errorMessage();
            status.detail += u"; the consumer groups cannot be read: %1"_s.arg(groups->problem);
        }
    }
    return status;
}

} // namespace porthole
