#include "connectionfactory.h"
#include "ingestrun.h"
#include "ownredis.h"
#include "redisclient.h"
#include "testservers.h"

#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QHostAddress>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace porthole;
using test::IngestRun;
using test::OwnRedis;

namespace {

constexpr int waitMs = 30000;

QByteArray httpGet(quint16 port, const QByteArray &path)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(waitMs))
        return {};
    socket.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QByteArray answer;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(waitMs))
        answer += socket.readAll();
    return answer + socket.readAll();
}

QByteArray commandLineOf(qint64 pid)
{
    QFile file(u"/proc/%1/cmdline"_s.arg(pid));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

// No secret in settings files, logs, process arguments or crash output: two workers run with
// a Redis password and a PostgreSQL password (one from a configuration file's ${VARIABLES},
// one from REDISCLI_AUTH and PGPASSWORD), store messages, serve their HTTP endpoints, are
// refused by Redis, and crash; then every place they could have written to is searched for
// the passwords. (What the window keeps is tst_ConnectionProfiles::passwordsAreNeverWritten.)
class tst_Secrets : public QObject
{
    Q_OBJECT

private slots:
    void aSessionWithPasswordsLeavesThemNowhere();
};

void tst_Secrets::aSessionWithPasswordsLeavesThemNowhere()
{
    const QString binary = qEnvironmentVariable("PORTHOLE_BINARY");
    QVERIFY2(!binary.isEmpty(), "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
    const QByteArray redisSecret = "redis-secret-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    const QByteArray pgSecret = "pg-secret-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    const QList<QByteArray> secrets{redisSecret, pgSecret};
    QStringList found; // where a secret turned up
    const auto search = [&](const QByteArray &text, const QString &where) {
        for (const QByteArray &secret : secrets) {
            if (text.contains(secret))
                found << where;
        }
    };

    // Everything the workers may write goes under one folder: home, XDG folders, data.
    QTemporaryDir root;
    QVERIFY(root.isValid());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                             "XDG_STATE_HOME", "XDG_RUNTIME_DIR", "TMPDIR"}) {
        const QString folder = root.filePath(QString::fromLatin1(name).toLower());
        QVERIFY(QDir().mkpath(folder));
        environment.insert(QString::fromLatin1(name), folder);
    }
    environment.remove(u"PGPASSWORD"_s);
    environment.remove(u"REDISCLI_AUTH"_s);

    const int port = test::freeLoopbackPort();
    QVERIFY(port > 0);
    QTemporaryDir redisFolder; // apart: not one of the places searched
    QVERIFY(redisFolder.isValid());
    OwnRedis server(redisFolder.path(), port);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    RedisClient admin;
    QVERIFY(admin.connect(server.url()).ok());
    QVERIFY(!admin.command({"CONFIG", "SET", "requirepass", redisSecret})->isError());
    QVERIFY(!admin.command({"AUTH", redisSecret})->isError());
    QList<QList<QByteArray>> produce;
    for (int n = 1; n <= 10; ++n) {
        produce.append({"XADD", "secrets-config", "*", "payload",
                        "Message #" + QByteArray::number(n) + ": with passwords"});
        produce.append({"XADD", "secrets-env", "*", "payload",
                        "Message #" + QByteArray::number(n) + ": with passwords"});
    }
    QVERIFY(admin.pipeline(produce).ok());

    PORTHOLE_SCRATCH_DATABASE(scratch, test::ScratchDatabase::Engine::PostgreSQL);
    const DatabaseUrl &database = scratch->url();

    // 1. A configuration file, its passwords from variables (as systemd's EnvironmentFile=).
    const QString config = root.filePath(u"ingest.yaml"_s);
    {
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(uR"(testing:
  database_type: postgresql
  host: %1
  port: %2
  database_name: %3
  username: %4
  password: ${PG_SECRET}
  redis:
    url: redis://127.0.0.1:%5/0
    password: ${REDIS_SECRET}
    key: secrets-config
    group: secrets
    consumer: worker-1
  ingest:
    listen: 127.0.0.1:0
)"_s.arg(database.host())
                       .arg(database.port())
                       .arg(database.databaseName(), database.userName())
                       .arg(port)
                       .toUtf8());
    }
    QProcessEnvironment fromFile = environment;
    fromFile.insert(u"PG_SECRET"_s, QString::fromLatin1(pgSecret));
    fromFile.insert(u"REDIS_SECRET"_s, QString::fromLatin1(redisSecret));
    const QStringList configArguments{u"--config"_s, config,          u"--env"_s,
                                      u"testing"_s,  u"--data-dir"_s, root.filePath(u"data"_s)};

    // 2. The URLs on the command line without passwords; the passwords in the environment.
    QProcessEnvironment fromEnvironment = environment;
    fromEnvironment.insert(u"REDISCLI_AUTH"_s, QString::fromLatin1(redisSecret));
    fromEnvironment.insert(u"PGPASSWORD"_s, QString::fromLatin1(pgSecret));
    const QString batches = root.filePath(u"batches"_s);
    QVERIFY(QDir().mkpath(batches));
    const QStringList environmentArguments{
        u"--redis"_s,    u"redis://127.0.0.1:%1/0"_s.arg(port),
        u"--key"_s,      u"secrets-env"_s,
        u"--group"_s,    u"secrets"_s,
        u"--sink"_s,     u"file://"_s + batches,
        u"--db"_s,       database.withPassword({}).toDisplayString(),
        u"--data-dir"_s, root.filePath(u"data"_s),
        u"--listen"_s,   u"127.0.0.1:0"_s};

    QProcess check;
    check.setProcessEnvironment(fromFile);
    check.start(binary, QStringList{u"ingest"_s, u"--check-config"_s} + configArguments);
    QVERIFY(check.waitForFinished(waitMs));
    QCOMPARE(check.exitCode(), 0);
    search(check.readAllStandardOutput() + check.readAllStandardError(), u"--check-config"_s);

    IngestRun first(binary, configArguments, fromFile);
    IngestRun second(binary, environmentArguments, fromEnvironment);
    const QRegularExpression serving(u"^ingest: serving http://127\\.0\\.0\\.1:(\\d+)$"_s);
    QList<quint16> ports;
    for (IngestRun *run : {&first, &second}) {
        QVERIFY(run->start());
        const auto match = run->waitForLine(serving);
        QVERIFY2(match.hasMatch(), qPrintable(run->log()));
        ports << quint16(match.captured(1).toUInt());
        search(commandLineOf(run->processId()), u"the arguments of a worker (ps)"_s);
    }
    // All ten read by the group and acknowledged.
    const auto acknowledged = [&admin](const QByteArray &stream) {
        const auto groups = admin.command({"XINFO", "GROUPS", stream});
        if (!groups.ok() || groups->elements.size() != 1)
            return false;
        QHash<QByteArray, qint64> fields;
        const QList<RedisReply> &group = groups->elements.constFirst().elements;
        for (qsizetype i = 0; i + 1 < group.size(); i += 2)
            fields.insert(group.at(i).text, group.at(i + 1).integer);
        return fields.value("entries-read") == 10 && fields.value("pending", -1) == 0;
    };
    const auto stored = [&](const QString &table) {
        const ConnectionFactory factory(database);
        auto db = factory.open(u"check"_s);
        QSqlQuery query(*db);
        return query.exec(u"SELECT count(*) FROM %1"_s.arg(table)) && query.next()
                   ? query.value(0).toInt()
                   : -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(stored(u"messages"_s) == 10 && acknowledged("secrets-config") &&
                                 acknowledged("secrets-env"),
                             waitMs);
    for (const quint16 endpoint : std::as_const(ports)) {
        for (const QByteArray path : {"/health", "/metrics", "/batches"})
            search(httpGet(endpoint, path), u"HTTP %1"_s.arg(QString::fromLatin1(path)));
    }

    // Redis refuses them: the password was changed, their connections cut.
    const QByteArray changed = "changed-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    QVERIFY(!admin.command({"CONFIG", "SET", "requirepass", changed})->isError());
    QVERIFY(!admin.command({"CLIENT", "KILL", "SKIPME", "yes"})->isError());
    for (IngestRun *run : {&first, &second}) {
        const auto refused = run->waitForLine(QRegularExpression(u"WRONGPASS"_s));
        QVERIFY2(refused.hasMatch(), qPrintable(run->log()));
    }

    // A crash: the first aborts, the second is stopped.
    QVERIFY(::kill(pid_t(first.processId()), SIGABRT) == 0);
    QVERIFY2(first.waitForCrash(SIGABRT), qPrintable(first.howItEnded()));
    QCOMPARE(second.terminate(), 0);
    search(first.lines().join(u'\n').toUtf8(), u"the standard error of the first worker"_s);
    search(second.lines().join(u'\n').toUtf8(), u"the standard error of the second worker"_s);

    // Every file written: settings, data folder, batch files, the embedded database.
    QDirIterator it(root.path(), QDir::Files | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.fileName().endsWith(u"/ingest.yaml"_s))
            continue; // the test's own
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        search(file.readAll(), file.fileName());
    }
    QVERIFY2(!QDir(batches).entryList(QDir::Files).isEmpty(), "the batch files were searched");

    // What the workers stored in the database.
    {
        const ConnectionFactory factory(database);
        auto db = factory.open(u"check"_s);
        QVERIFY(db.ok());
        QSqlQuery tables(*db);
        QVERIFY(
            tables.exec(u"SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"_s));
        int searched = 0;
        while (tables.next()) {
            const QString table = tables.value(0).toString();
            QSqlQuery rows(*db);
            QVERIFY2(rows.exec(u"SELECT t::text FROM %1 t"_s.arg(table)), qPrintable(table));
            while (rows.next())
                search(rows.value(0).toString().toUtf8(), u"the table "_s + table);
            ++searched;
        }
        QVERIFY(searched > 10);
    }
    QVERIFY2(found.isEmpty(), qPrintable(u"a password in: "_s + found.join(u", "_s)));
}

QTEST_GUILESS_MAIN(tst_Secrets)
#include "tst_secrets.moc"
