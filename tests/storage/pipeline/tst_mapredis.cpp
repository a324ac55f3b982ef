#include "mapredis.h"
#include "redisclient.h"
#include "testservers.h"

#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

// The pipeline map's Redis part on a real redis-server: the receiver's stream or list first,
// the streams that consumer groups read, each group's lag, pending entries, its oldest pending
// entry's idle time and its consumers, as Redis itself tells them (XINFO, XPENDING); the
// streams kept to their cap, and a read that runs out of time said incomplete.
class tst_MapRedis : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void readsStreamsGroupsAndTheirFigures();
    void theReceiversListAndItsLength();
    void keepsToItsCapAndItsTime();

private:
    QByteArray key(const char *name) const { return m_prefix + name; }
    void send(const QList<QByteArray> &command);
    RedisClient m_client;
    QByteArray m_prefix;
};

namespace {

const QDateTime now = QDateTime::currentDateTimeUtc();

} // namespace

void tst_MapRedis::initTestCase()
{
    const auto fixture = test::fixtureRedis();
    QVERIFY2(fixture.ok(), qPrintable(fixture.errorMessage()));
    // A database of its own: the map lists every stream with a group on it, and other tests'
    // streams would crowd its cap.
    const auto url =
        RedisUrl::parse(u"redis://%1:%2/13"_s.arg(fixture->host()).arg(fixture->port()));
    QVERIFY(url.ok());
    const Status connected = m_client.connect(*url);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
}

void tst_MapRedis::init()
{
    send({"FLUSHDB"});
    m_prefix = "tst_mapredis:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
}

void tst_MapRedis::send(const QList<QByteArray> &command)
{
    const auto reply = m_client.command(command);
    QVERIFY2(reply.ok(), qPrintable(reply.errorMessage()));
    QVERIFY2(!reply->isError(), reply->text.constData());
}

void tst_MapRedis::readsStreamsGroupsAndTheirFigures()
{
    const QByteArray orders = key("orders");
    const QByteArray audit = key("audit");
    for (int i = 1; i <= 5; ++i)
        send({"XADD", orders, "*", "n", QByteArray::number(i)});
    // workers: two entries delivered to w1 and pending, three not delivered yet.
    send({"XGROUP", "CREATE", orders, "workers", "0"});
    send({"XREADGROUP", "GROUP", "workers", "w1", "COUNT", "2", "STREAMS", orders, ">"});
    // archive: all read and acknowledged.
    send({"XGROUP", "CREATE", orders, "archive", "$"});
    send({"XGROUP", "CREATECONSUMER", orders, "archive", "a1"});
    // audit: a stream with a group of no consumer; a stream without a group is left out.
    send({"XADD", audit, "*", "n", "1"});
    send({"XGROUP", "CREATE", audit, "readers", "$"});
    send({"XADD", key("lonely"), "*", "n", "1"});
    if (QTest::currentTestFailed())
        return;

    const MapReceiver receiver{QString::fromUtf8(orders), u"stream"_s, u"workers"_s, u"w1"_s,
                               u"sqlite:///tmp/porthole.db"_s};
    const auto redis = readMapRedis(m_client, receiver, now, {}, QDeadlineTimer(10000));
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    QVERIFY(redis->complete);
    QVERIFY(redis->problem.isEmpty());
    QCOMPARE(redis->streams.size(), 2);
    QCOMPARE(redis->streams.at(0), (MapStream{QString::fromUtf8(orders), u"stream"_s, 5}));
    QCOMPARE(redis->streams.at(1), (MapStream{QString::fromUtf8(audit), u"stream"_s, 1}));

    QCOMPARE(redis->groups.size(), 3);
    // By stream, then group: archive and workers on orders, after readers on audit.
    const MapGroup &readers = redis->groups.at(0);
    QCOMPARE(readers.group, u"readers"_s);
    QCOMPARE(readers.lag, 0);
    QCOMPARE(readers.consumerCount, 0);
    const MapGroup &archive = redis->groups.at(1);
    QCOMPARE(archive.group, u"archive"_s);
    QCOMPARE(archive.pending, 0);
    QCOMPARE(archive.oldestIdleMs, -1);
    QCOMPARE(archive.consumers, QStringList{u"a1"_s});
    QCOMPARE(archive.state, QueueState::Empty);
    const MapGroup &workers = redis->groups.at(2);
    QCOMPARE(workers.stream, QString::fromUtf8(orders));
    QCOMPARE(workers.group, u"workers"_s);
    QCOMPARE(workers.lag, 3);
    QCOMPARE(workers.pending, 2);
    QVERIFY2(workers.oldestIdleMs >= 0 && workers.oldestIdleMs < 60000,
             qPrintable(QString::number(workers.oldestIdleMs)));
    QCOMPARE(workers.consumers, QStringList{u"w1"_s});
    QCOMPARE(workers.consumerCount, 1);
    QCOMPARE(workers.state, QueueState::Flowing); // 2 pending, idle well under a minute

    // The oldest pending entry idle past the stuck threshold: red.
    const auto later =
        readMapRedis(m_client, receiver, now.addSecs(3600), {}, QDeadlineTimer(10000));
    QVERIFY(later.ok());
    QCOMPARE(later->groups.at(2).state, QueueState::Flowing); // idle is Redis's, not the clock's
    QueueThresholds quick;
    quick.stuckWait = std::chrono::seconds(0);
    const auto strict = readMapRedis(m_client, receiver, now, quick, QDeadlineTimer(10000));
    QVERIFY(strict.ok());
    QCOMPARE(strict->groups.at(2).state, QueueState::Stuck);
}

void tst_MapRedis::theReceiversListAndItsLength()
{
    const QByteArray queue = key("queue");
    send({"RPUSH", queue, "a", "b", "c", "d"});
    if (QTest::currentTestFailed())
        return;
    const MapReceiver receiver{QString::fromUtf8(queue), u"list"_s, {}, u"porthole-1"_s, {}};
    const auto redis = readMapRedis(m_client, receiver, now, {}, QDeadlineTimer(10000));
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    QCOMPARE(redis->streams, (QList<MapStream>{{QString::fromUtf8(queue), u"list"_s, 4}}));
    QVERIFY(redis->groups.isEmpty());

    // A receiver's stream that is not there yet: drawn, its length unknown.
    const MapReceiver waiting{QString::fromUtf8(key("later")), u"stream"_s, u"g"_s, {}, {}};
    const auto none = readMapRedis(m_client, waiting, now, {}, QDeadlineTimer(10000));
    QVERIFY2(none.ok(), qPrintable(none.errorMessage()));
    QCOMPARE(none->streams, (QList<MapStream>{{QString::fromUtf8(key("later")), u"stream"_s, -1}}));
}

void tst_MapRedis::keepsToItsCapAndItsTime()
{
    for (int i = 0; i < mapStreamsShown + 5; ++i) {
        const QByteArray stream = key("s") + QByteArray::number(100 + i);
        send({"XGROUP", "CREATE", stream, "g", "$", "MKSTREAM"});
    }
    if (QTest::currentTestFailed())
        return;
    const auto capped = readMapRedis(m_client, {}, now, {}, QDeadlineTimer(10000));
    QVERIFY2(capped.ok(), qPrintable(capped.errorMessage()));
    QCOMPARE(capped->streams.size(), mapStreamsShown);
    QCOMPARE(capped->groups.size(), mapStreamsShown);
    QVERIFY(!capped->complete);
    QCOMPARE(capped->streams.first().key, QString::fromUtf8(key("s100")));

    const auto late = readMapRedis(m_client, {}, now, {}, QDeadlineTimer(0));
    QVERIFY2(late.ok(), qPrintable(late.errorMessage()));
    QVERIFY(late->streams.isEmpty());
    QVERIFY(!late->complete);
}

QTEST_GUILESS_MAIN(tst_MapRedis)
#include "tst_mapredis.moc"
