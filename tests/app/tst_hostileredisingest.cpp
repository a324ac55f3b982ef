#include "hostileredis.h"
#include "ingestservice.h"
#include "redisclient.h"
#include "testservers.h"

#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace porthole;
using test::HostileAction;
using test::HostileRedis;
using Then = HostileAction::Then;

Q_DECLARE_METATYPE(porthole::test::HostileAction)

namespace {

// "XREADGROUP >" is the read of new entries (its last argument), "XREADGROUP" any read, an
// empty trigger every command.
bool matches(const QByteArray &trigger, const QList<QByteArray> &command)
{
    if (trigger.isEmpty())
        return true;
    const QList<QByteArray> words = trigger.split(' ');
    if (command.isEmpty() || command.first().toUpper() != words.first())
        return false;
    return words.size() < 2 || command.last() == words.at(1);
}

} // namespace

// The ingest worker (in the window's IngestService, on its own thread) reading a stream
// through a man in the middle: a fake server that forwards to the fixture's redis-server and
// misbehaves on the command a row names, on its first connections. The worker must report the
// error (reconnecting, with the reason as its last error), connect again, and store every
// message once, going on when the server behaves again.
class tst_HostileRedisIngest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void recoversFromAHostileServer_data();
    void recoversFromAHostileServer();
    void stopsWhileTheServerMisbehaves();
    void showsAStallAsAnError();

private:
    IngestConfig config(const QString &key, const RedisUrl &url, const QString &path) const;
    void produce(const QString &key, int from, int to);

    RedisUrl m_redis;
    QTemporaryDir m_temp;
};

void tst_HostileRedisIngest::initTestCase()
{
    const auto redis = test::fixtureRedis();
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    m_redis = *redis;
    QVERIFY(m_temp.isValid());
}

IngestConfig tst_HostileRedisIngest::config(const QString &key, const RedisUrl &url,
                                            const QString &path) const
{
    IngestConfig config;
    config.source.url = url;
    config.source.key = key;
    config.source.consumer = u"hostile-test"_s;
    config.source.blockMs = 100;
    config.source.timeouts = RedisTimeouts{2000, 1000}; // a short wait for a silent server
    config.sinkUrl = u"sqlite://"_s + path;
    config.databaseUrl = config.sinkUrl;
    return config;
}

void tst_HostileRedisIngest::produce(const QString &key, int from, int to)
{
    RedisClient client;
    QVERIFY2(client.connect(m_redis).ok(), "cannot reach the fixture's redis-server");
    QList<QList<QByteArray>> commands;
    for (int n = from; n <= to; ++n)
        commands.append({"XADD", key.toUtf8(), "*", "payload",
                         "this is Message N\xc2\xb0 " + QByteArray::number(n) + " from a stream"});
    const auto added = client.pipeline(commands);
    QVERIFY2(added.ok(), qPrintable(added.errorMessage()));
}

void tst_HostileRedisIngest::recoversFromAHostileServer_data()
{
    QTest::addColumn<QByteArray>("trigger");
    QTest::addColumn<int>("misbehaving"); // connections, from the first
    QTest::addColumn<HostileAction>("action");
    QTest::addColumn<QString>("expected"); // in the last error; empty: no error at all
    QTest::addColumn<bool>("reconnects");  // the worker, after the error; else the source

    // An answer over a limit is taken as genuine: the source reads what it asked for again,
    // one entry at a time, on a connection of its own, and says so.
    QTest::newRow("huge array for the new entries")
        << QByteArray("XREADGROUP >") << 1
        << HostileAction::send("*2147483647\r\n", Then::FallSilent)
        << u"larger than Porthole accepts: an array of 2147483647 elements"_s << false;
    QTest::newRow("new entries cut off, closed")
        << QByteArray("XREADGROUP >") << 1 << HostileAction::passCut(40, Then::Close)
        << u"closed the connection in the middle of its answer to XREADGROUP"_s << true;
    QTest::newRow("new entries cut off, silent")
        << QByteArray("XREADGROUP >") << 1 << HostileAction::passCut(40, Then::FallSilent)
        << u"sent nothing for 1000 ms (the command timeout) in the middle of its answer to "
           "XREADGROUP"_s
        << true;
    QTest::newRow("RESP3 for the pending entries, three connections in a row")
        << QByteArray("EXEC") << 3 << HostileAction::send("%1\r\n+a\r\n+b\r\n")
        << u"a RESP3 map ('%')"_s << true;
    QTest::newRow("arrays nested 300 deep for the acknowledgement")
        << QByteArray("XACK") << 1
        << HostileAction::send(QByteArray("*1\r\n").repeated(300) + ":1\r\n")
        << u"its answer to XACK nested deeper than Porthole reads: arrays nested more than 8 "
           "deep"_s
        << true;
    QTest::newRow("an HTTP server for the handshake, twice")
        << QByteArray("PING") << 2
        << HostileAction::send("HTTP/1.1 400 Bad Request\r\n\r\n", Then::Close)
        << u"broke the Redis protocol (RESP2) in its answer to PING"_s << true;
    QTest::newRow("negative length for the group's creation")
        << QByteArray("XGROUP") << 1 << HostileAction::send("$-5\r\n") << u"a string of length -5"_s
        << true;
    QTest::newRow("garbage in the middle of the new entries")
        << QByteArray("XREADGROUP >") << 1
        << HostileAction::send(QByteArray("*1\r\n*2\r\n$3\r\nkey\r\n\x00\xff", 19),
                               Then::FallSilent)
        << u"\"\\x00\\xff\" where a value should begin"_s << true;
    QTest::newRow("every answer one byte at a time")
        << QByteArray() << 1 << HostileAction::pass(true) << QString() << false;
}

void tst_HostileRedisIngest::recoversFromAHostileServer()
{
    QFETCH(QByteArray, trigger);
    QFETCH(int, misbehaving);
    QFETCH(HostileAction, action);
    QFETCH(QString, expected);
    QFETCH(bool, reconnects);

    const QString key = u"hostile-ingest-"_s + QUuid::createUuid().toString(QUuid::Id128);
    const QString path = m_temp.filePath(key + u".db"_s);
    produce(key, 1, 20);

    HostileRedis proxy(
        [trigger, misbehaving, action](int connection, const QList<QByteArray> &command) {
            if (connection < misbehaving && matches(trigger, command))
                return action;
            return HostileAction::pass();
        },
        m_redis);
    QString error;
    QVERIFY2(proxy.start(&error), qPrintable(error));

    IngestStats last;
    QStringList errors;
    bool reconnecting = false;
    QObject receiver; // goes after the service, and takes the stats still queued with it
    IngestService service;
    connect(&service, &IngestService::statsChanged, &receiver, [&](const IngestStats &stats) {
        last = stats;
        if (stats.state == IngestState::Reconnecting)
            reconnecting = true;
        if (!stats.lastError.isEmpty() && !errors.contains(stats.lastError))
            errors.append(stats.lastError);
    });
    service.start(config(key, proxy.url(), path));

    QTRY_COMPARE_WITH_TIMEOUT(last.acknowledged, 20, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(last.state, IngestState::Running, 10000);
    QCOMPARE(last.stored, 20);
    QCOMPARE(test::storedMessageNumbers(path), 20);
    if (expected.isEmpty()) {
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        QVERIFY(!reconnecting);
        QCOMPARE(proxy.connections(), 1);
    } else {
        QVERIFY2(std::any_of(errors.cbegin(), errors.cend(),
                             [&expected](const QString &e) { return e.contains(expected); }),
                 qPrintable(u"expected \"%1\" among: %2"_s.arg(expected, errors.join(u'\n'))));
        QCOMPARE(reconnecting, reconnects);
        QVERIFY2(proxy.connections() > misbehaving,
                 qPrintable(u"%1 connections"_s.arg(proxy.connections())));
        QVERIFY(proxy.misbehaviours() >= misbehaving);
    }

    // The server behaves now: what comes next is stored too, once.
    produce(key, 21, 30);
    QTRY_COMPARE_WITH_TIMEOUT(last.acknowledged, 30, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(test::storedMessageNumbers(path), 30, 10000);
    QCOMPARE(last.stored, 30);
    service.shutdown();
    QVERIFY(!service.isRunning());
}

// A server that never behaves: the worker keeps trying, says why, and stops when asked.
void tst_HostileRedisIngest::stopsWhileTheServerMisbehaves()
{
    HostileRedis server([](int, const QList<QByteArray> &) {
        return HostileAction::send("*9223372036854775807\r\n:1\r\n", Then::FallSilent);
    });
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));

    IngestStats last;
    QObject receiver;
    IngestService service;
    connect(&service, &IngestService::statsChanged, &receiver,
            [&last](const IngestStats &stats) { last = stats; });
    service.start(config(u"never"_s, server.url(), m_temp.filePath(u"never.db"_s)));
    QTRY_VERIFY_WITH_TIMEOUT(server.connections() >= 3, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(last.state, IngestState::Reconnecting, 10000);
    QVERIFY2(last.lastError.contains(u"its answer to PING larger than Porthole accepts: an array "
                                     "of 9223372036854775807 elements"_s),
             qPrintable(last.lastError));
    QCOMPARE(last.received, 0);

    service.stop();
    QTRY_COMPARE_WITH_TIMEOUT(last.state, IngestState::Stopped, 10000);
    QTRY_VERIFY(!service.isRunning());
}

// Redis answers, and the same read fails on every connection the worker opens: it makes no
// progress, and says so (stalled) instead of "running" between its attempts, until the read
// goes through.
void tst_HostileRedisIngest::showsAStallAsAnError()
{
    const QString key = u"hostile-stall-"_s + QUuid::createUuid().toString(QUuid::Id128);
    produce(key, 1, 20);
    constexpr int misbehaving = 5; // connections
    HostileRedis proxy(
        [](int connection, const QList<QByteArray> &command) {
            if (connection < misbehaving && matches("EXEC", command)) // the pending entries
                return HostileAction::passCut(40, Then::Close);
            return HostileAction::pass();
        },
        m_redis);
    QString error;
    QVERIFY2(proxy.start(&error), qPrintable(error));

    IngestStats last;
    QList<IngestState> beforeProgress; // the states, in order, until the first acknowledgement
    QString stallError;
    QObject receiver;
    IngestService service;
    connect(&service, &IngestService::statsChanged, &receiver, [&](const IngestStats &stats) {
        last = stats;
        if (stats.acknowledged == 0 &&
            (beforeProgress.isEmpty() || beforeProgress.constLast() != stats.state))
            beforeProgress.append(stats.state);
        if (stats.state == IngestState::Stalled && stallError.isEmpty())
            stallError = stats.lastError;
    });
    service.start(config(key, proxy.url(), m_temp.filePath(key + u".db"_s)));
    QTRY_COMPARE_WITH_TIMEOUT(last.acknowledged, 20, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(last.state, IngestState::Running, 10000);
    QVERIFY(proxy.connections() > misbehaving);

    QStringList names;
    for (const IngestState state : std::as_const(beforeProgress))
        names << ingestStateName(state);
    const qsizetype stalled = beforeProgress.indexOf(IngestState::Stalled);
    QVERIFY2(stalled > 0, qPrintable(names.join(u", "_s)));
    // Once stalled, never "running" again before there is progress.
    QVERIFY2(!beforeProgress.mid(stalled).contains(IngestState::Running),
             qPrintable(names.join(u", "_s)));
    QVERIFY2(stallError.contains(u"closed the connection in the middle of its answer to EXEC"_s),
             qPrintable(stallError));
    service.shutdown();
    QVERIFY(!service.isRunning());
}

QTEST_GUILESS_MAIN(tst_HostileRedisIngest)
#include "tst_hostileredisingest.moc"
