#include "ingestservice.h"
#include "ownredis.h"
#include "redisclient.h"
#include "testservers.h"
#include "watchedingest.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::freeLoopbackPort;
using porthole::test::OwnRedis;

Q_DECLARE_METATYPE(porthole::RedisSource::Mode)

namespace {

constexpr int perRound = 400;
constexpr int commandTimeoutMs = 1000;
constexpr int stepTimeoutMs = 60000;

QByteArray payloadFor(int n)
{
    return "Message #" + QByteArray::number(n) + ": stall check " +
           QByteArray::number((n * 2654435761LL) % 1000003);
}

// Stalls a mode gets: PORTHOLE_STALL_ROUNDS for a harder run.
int rounds()
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue("PORTHOLE_STALL_ROUNDS", &ok);
    return ok && value > 0 ? value : 4;
}

} // namespace

// Redis stopped (SIGSTOP) for longer than the worker's command timeout, then resumed, again
// and again, while producers add messages. The worker gives up on each silent connection and
// opens another; what it sent on the old ones is still in the server's sockets and runs when
// the server resumes, after the worker has moved on. Nothing may be lost or stored twice:
// the stored set is compared with the produced set, and the source holds nothing afterwards.
class tst_RedisStall : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void stallsLoseNothing_data();
    void stallsLoseNothing();
    void restartWithoutPersistenceIsReported();

private:
    void produce(RedisSource::Mode mode, const QByteArray &key, int from, int to);
    void verifyStored(const QString &path, int total);

    QTemporaryDir m_temp;
    std::unique_ptr<OwnRedis> m_server;
    RedisClient m_client;
};

void tst_RedisStall::initTestCase()
{
    QVERIFY(m_temp.isValid());
    const int port = freeLoopbackPort();
    QVERIFY(port > 0);
    m_server = std::make_unique<OwnRedis>(m_temp.path(), port);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    QVERIFY(m_client.connect(m_server->url()).ok());
}

void tst_RedisStall::produce(RedisSource::Mode mode, const QByteArray &key, int from, int to)
{
    QList<QList<QByteArray>> commands;
    for (int n = from; n <= to; ++n) {
        if (mode == RedisSource::Mode::List)
            commands.append({"LPUSH", key, payloadFor(n)});
        else
            commands.append({"XADD", key, "*", "payload", payloadFor(n)});
    }
    const auto replies = m_client.pipeline(commands);
    QVERIFY2(replies.ok(), qPrintable(replies.errorMessage()));
    for (const RedisReply &reply : *replies)
        QVERIFY2(!reply.isError(), reply.text.constData());
}

void tst_RedisStall::verifyStored(const QString &path, int total)
{
    const QString name = u"stall-check-"_s + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY2(query.exec(u"SELECT message_number, content FROM messages"_s),
                 qPrintable(query.lastError().text()));
        QList<bool> seen(total + 1, false);
        int rows = 0;
        while (query.next()) {
            ++rows;
            const int number = query.value(0).toInt();
            QVERIFY2(number >= 1 && number <= total, qPrintable(u"stored number %1"_s.arg(number)));
            QVERIFY2(!seen[number], qPrintable(u"message %1 is stored twice"_s.arg(number)));
            seen[number] = true;
            QCOMPARE(query.value(1).toString().toUtf8(), payloadFor(number));
        }
        QCOMPARE(rows, total);
    }
    QSqlDatabase::removeDatabase(name);
}

void tst_RedisStall::stallsLoseNothing_data()
{
    QTest::addColumn<RedisSource::Mode>("mode");
    QTest::newRow("stream") << RedisSource::Mode::Stream;
    QTest::newRow("list") << RedisSource::Mode::List;
}

void tst_RedisStall::stallsLoseNothing()
{
    QFETCH(RedisSource::Mode, mode);
    const QByteArray key = QByteArray("stall-") + QTest::currentDataTag();
    const QString path = m_temp.filePath(QString::fromLatin1(key) + u".db"_s);

    IngestConfig config;
    config.mode = mode;
    config.source.url = m_server->url();
    config.source.key = QString::fromLatin1(key);
    config.source.group = u"porthole"_s;
    config.source.consumer = u"stall-test"_s;
    config.source.count = 50;
    config.source.blockMs = 100;
    config.source.timeouts = RedisTimeouts{500, commandTimeoutMs};
    config.sinkUrl = u"sqlite://"_s + path;
    config.databaseUrl = config.sinkUrl;

    int failures = 0; // errors reported, each a connection given up or refused
    test::WatchedIngest ingest;
    ingest.check = [&](const IngestStats &stats) {
        if (stats.lastErrorAt.isValid() && stats.lastErrorAt != ingest.last.lastErrorAt)
            ++failures;
    };
    ingest.service.start(config);
    QTRY_COMPARE_WITH_TIMEOUT(ingest.last.state, IngestState::Running, stepTimeoutMs);

    int produced = 0;
    for (int round = 0; round < rounds(); ++round) {
        produce(mode, key, produced + 1, produced + perRound);
        if (QTest::currentTestFailed())
            return;
        produced += perRound;
        if (round % 2 == 0) {
            // At once: most likely in the middle of the drain, a move, a write or an
            // acknowledgement in flight.
        } else {
            // All taken: the worker waits in a blocking read, which the server runs again when
            // it resumes, beside the next round's messages.
            QTRY_VERIFY_WITH_TIMEOUT(ingest.last.stored == produced && ingest.last.pending == 0,
                                     stepTimeoutMs);
        }
        QVERIFY(m_server->pause());
        const int failed = failures;
        QTRY_VERIFY_WITH_TIMEOUT(
            ingest.last.state == IngestState::Reconnecting && failures > failed, stepTimeoutMs);
        if (round % 4 >= 2) {
            // One more connection opened and given up while the server is stopped: its
            // recovery commands wait in the server too.
            const int reconnecting = failures;
            QTRY_VERIFY_WITH_TIMEOUT(failures > reconnecting, stepTimeoutMs);
        }
        QVERIFY(m_server->resume());
    }

    QTRY_VERIFY2_WITH_TIMEOUT(
        ingest.last.state == IngestState::Running && ingest.last.stored >= produced &&
            ingest.last.pending == 0,
        qPrintable(
            u"%1 of %2 stored, %3 pending, state %4, last error: %5"_s.arg(ingest.last.stored)
                .arg(produced)
                .arg(ingest.last.pending)
                .arg(ingestStateName(ingest.last.state), ingest.last.lastError)),
        stepTimeoutMs);
    ingest.service.shutdown();
    QVERIFY(!ingest.service.isRunning());
    QCOMPARE(ingest.last.stored, produced);
    qInfo("%d stalls, %d connections given up; %lld deliveries stored before and delivered again",
          rounds(), failures, static_cast<long long>(ingest.last.duplicates));

    verifyStored(path, produced);
    if (mode == RedisSource::Mode::List) {
        const auto left =
            m_client.pipeline({{"LLEN", key}, {"EXISTS", key + ":processing:stall-test"}});
        QVERIFY(left.ok());
        QCOMPARE(left->at(0).integer, 0);
        QCOMPARE(left->at(1).integer, 0);
    } else {
        const auto pending = m_client.command({"XPENDING", key, "porthole"});
        QVERIFY(pending.ok() && !pending->elements.isEmpty());
        QCOMPARE(pending->elements.at(0).integer, 0);
    }
}

// Redis restarted without persistence: the stream is gone, with the entries the worker had
// not read yet. The worker reconnects, makes its group again, stores what comes next, and says
// that what was unread is lost at the source (a source reset) instead of carrying on silently.
void tst_RedisStall::restartWithoutPersistenceIsReported()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const int port = freeLoopbackPort();
    QVERIFY(port > 0);
    OwnRedis server(folder.path(), port);
    QString error;
    QVERIFY2(server.start(&error, false), qPrintable(error));
    RedisClient producer;
    QVERIFY(producer.connect(server.url()).ok());
    const auto add = [&producer](int from, int to) {
        QList<QList<QByteArray>> commands;
        for (int n = from; n <= to; ++n)
            commands.append({"XADD", "reset", "*", "payload", payloadFor(n)});
        return producer.pipeline(commands).ok();
    };
    QVERIFY(add(1, 200));

    IngestConfig config;
    config.source.url = server.url();
    config.source.key = u"reset"_s;
    config.source.consumer = u"reset-test"_s;
    config.source.blockMs = 100;
    config.source.timeouts = RedisTimeouts{500, commandTimeoutMs};
    const QString path = folder.filePath(u"reset.db"_s);
    config.sinkUrl = u"sqlite://"_s + path;
    config.databaseUrl = config.sinkUrl;
    test::WatchedIngest ingest;
    ingest.service.start(config);
    QTRY_VERIFY_WITH_TIMEOUT(ingest.last.stored == 200 && ingest.last.pending == 0, stepTimeoutMs);
    QCOMPARE(ingest.last.sourceResets, 0);

    // 100 more, unread while the worker is paused; then Redis restarts empty.
    ingest.service.pause();
    QTRY_COMPARE_WITH_TIMEOUT(ingest.last.state, IngestState::Paused, stepTimeoutMs);
    QVERIFY(add(201, 300));
    server.kill();
    QVERIFY2(server.start(&error, false), qPrintable(error));
    producer.disconnect();
    QVERIFY(producer.connect(server.url()).ok());
    QCOMPARE(producer.command({"EXISTS", "reset"})->integer, 0); // what Redis lost
    ingest.service.resume();

    QTRY_VERIFY_WITH_TIMEOUT(
        ingest.last.sourceResets == 1 && ingest.last.state == IngestState::Running, stepTimeoutMs);
    QVERIFY2(ingest.last.lastError.contains(u"Redis lost its data"_s) &&
                 ingest.last.lastError.contains(u"lost at the source"_s),
             qPrintable(ingest.last.lastError));
    QVERIFY(add(301, 350));
    QTRY_VERIFY_WITH_TIMEOUT(ingest.last.stored == 250 && ingest.last.pending == 0, stepTimeoutMs);
    ingest.service.shutdown();
    QCOMPARE(ingest.last.sourceResets, 1);
    QCOMPARE(porthole::test::storedMessageNumbers(path), qint64(250));
}

QTEST_GUILESS_MAIN(tst_RedisStall)
#include "tst_redisstall.moc"
