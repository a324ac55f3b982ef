#include "redisclient.h"
#include "streambrowser.h"
#include "testservers.h"

#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// The entries' ids: the i-th (from 1) was added at Base + i ms, so that a time names one entry.
constexpr qint64 Base = 1764000000000;

QByteArray idOf(qint64 i)
{
    return QByteArray::number(Base + i) + "-0";
}

// Adds entries from+1 .. to with ids idOf(i) and one field "n" = i, 10,000 to a script, so
// that the server is never busy for long with a big stream.
const char *const AddEntries = R"lua(
for i = tonumber(ARGV[2]) + 1, tonumber(ARGV[3]) do
    redis.call('XADD', KEYS[1], (tonumber(ARGV[1]) + i) .. '-0', 'n', tostring(i))
end
return 0
)lua";

} // namespace

class tst_StreamBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pagesABigStreamFromBothEndsAndByTime();
    void infoOfAStream();
    void pendingEntriesByConsumerIdleAndDeliveries();
    void scansKeysWithTheirFigures();
    void aKeyOfAnotherTypeIsAClearError();

private:
    QByteArray key(const char *name) const { return m_prefix + name; }
    void fill(const QByteArray &stream, qint64 entries);
    RedisClient m_client;
    QByteArray m_prefix;
    qint64 m_bigEntries = 0;
};

void tst_StreamBrowser::initTestCase()
{
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    const Status connected = m_client.connect(*url);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
    m_prefix = "tst_streambrowser:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
    m_bigEntries = qEnvironmentVariableIntValue("PORTHOLE_BROWSE_ENTRIES");
    if (m_bigEntries <= 0)
        m_bigEntries = 1000000;
}

void tst_StreamBrowser::fill(const QByteArray &stream, qint64 entries)
{
    for (qint64 from = 0; from < entries; from += 10000) {
        const auto added =
            m_client.evalScript(AddEntries, {stream},
                                {QByteArray::number(Base), QByteArray::number(from),
                                 QByteArray::number(std::min(entries, from + 10000))});
        QVERIFY2(added.ok() && !added->isError(),
                 added.ok() ? added->text.constData() : qPrintable(added.errorMessage()));
    }
}

void tst_StreamBrowser::pagesABigStreamFromBothEndsAndByTime()
{
    const QByteArray stream = key("big");
    fill(stream, m_bigEntries);
    if (QTest::currentTestFailed())
        return;
    const qint64 n = m_bigEntries;
    const auto ids = [](const QList<StreamEntry> &entries) {
        QList<QByteArray> out;
        for (const StreamEntry &entry : entries)
            out << entry.id;
        return out;
    };
    const auto range = [](qint64 first, qint64 last) {
        QList<QByteArray> out;
        for (qint64 i = first; first <= last ? i <= last : i >= last; i += first <= last ? 1 : -1)
            out << idOf(i);
        return out;
    };

    // From the oldest end, page after page.
    auto page = readStreamPage(m_client, stream, StreamDirection::Forward, {}, 100);
    QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
    QCOMPARE(ids(*page), range(1, 100));
    QCOMPARE(page->constFirst().fields, (QList<std::pair<QByteArray, QByteArray>>{{"n", "1"}}));
    page = readStreamPage(m_client, stream, StreamDirection::Forward, page->constLast().id, 100);
    QVERIFY(page.ok());
    QCOMPARE(ids(*page), range(101, 200));

    // From the newest end, and back again the other way from where it stopped.
    page = readStreamPage(m_client, stream, StreamDirection::Backward, {}, 100);
    QVERIFY(page.ok());
    QCOMPARE(ids(*page), range(n, n - 99));
    page = readStreamPage(m_client, stream, StreamDirection::Backward, page->constLast().id, 100);
    QVERIFY(page.ok());
    QCOMPARE(ids(*page), range(n - 100, n - 199));
    page = readStreamPage(m_client, stream, StreamDirection::Forward, idOf(n - 50), 100);
    QVERIFY(page.ok());
    QCOMPARE(ids(*page), range(n - 49, n)); // the end: fewer than asked
    page = readStreamPage(m_client, stream, StreamDirection::Forward, idOf(n), 100);
    QVERIFY(page.ok());
    QVERIFY(page->isEmpty());

    // A jump to a time lands on the entry added then, or the next one after a gap.
    const qint64 middle = n / 2;
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(Base + middle, Qt::UTC);
    QCOMPARE(streamIdAt(at), idOf(middle));
    QCOMPARE(streamIdTime(idOf(middle)), at);
    QVERIFY(!streamIdTime("2026-11-22T10:00:00Z").isValid()); // a time, not an id
    QVERIFY(!streamIdTime("17640-").isValid());
    page = readStreamFrom(m_client, stream, streamIdAt(at), 3);
    QVERIFY(page.ok());
    QCOMPARE(ids(*page), range(middle, middle + 2));
    const auto deleted = m_client.command({"XDEL", stream, idOf(middle), idOf(middle + 1)});
    QVERIFY(deleted.ok());
    QCOMPARE(deleted->integer, 2);
    page = readStreamFrom(m_client, stream, streamIdAt(at), 2);
    QVERIFY(page.ok());
    QCOMPARE(ids(*page), range(middle + 2, middle + 3));
    page = readStreamFrom(m_client, stream, streamIdAt(at.addYears(1)), 2);
    QVERIFY(page.ok());
    QVERIFY(page->isEmpty());

    // A stream that is not there is empty, not an error.
    page = readStreamPage(m_client, key("none"), StreamDirection::Backward, {}, 10);
    QVERIFY(page.ok());
    QVERIFY(page->isEmpty());
    QVERIFY(m_client.command({"DEL", stream}).ok());
}

void tst_StreamBrowser::infoOfAStream()
{
    const QByteArray stream = key("info");
    fill(stream, 50);
    QVERIFY(m_client.command({"XDEL", stream, idOf(10)}).ok());
    QVERIFY(m_client.command({"XGROUP", "CREATE", stream, "g", "0"}).ok());
    const auto info = readStreamInfo(m_client, stream);
    QVERIFY2(info.ok(), qPrintable(info.errorMessage()));
    QCOMPARE(info->length, 49);
    QCOMPARE(info->firstId, idOf(1));
    QCOMPARE(info->lastId, idOf(50));
    QCOMPARE(info->lastGeneratedId, idOf(50));
    QCOMPARE(info->maxDeletedId, idOf(10));
    QCOMPARE(info->entriesAdded, 50);
    QCOMPARE(info->groups, 1);

    QVERIFY(m_client.command({"XTRIM", stream, "MAXLEN", "0"}).ok());
    const auto empty = readStreamInfo(m_client, stream);
    QVERIFY(empty.ok());
    QCOMPARE(empty->length, 0);
    QVERIFY(empty->firstId.isEmpty());
    QVERIFY(empty->lastId.isEmpty());
    QCOMPARE(empty->lastGeneratedId, idOf(50));
}

void tst_StreamBrowser::pendingEntriesByConsumerIdleAndDeliveries()
{
    const QByteArray stream = key("pending");
    fill(stream, 30);
    QVERIFY(m_client.command({"XGROUP", "CREATE", stream, "g", "0"}).ok());
    // alice gets 1..20, bob 21..30.
    QVERIFY(
        m_client
            .command({"XREADGROUP", "GROUP", "g", "alice", "COUNT", "20", "STREAMS", stream, ">"})
            .ok());
    QVERIFY(
        m_client.command({"XREADGROUP", "GROUP", "g", "bob", "COUNT", "10", "STREAMS", stream, ">"})
            .ok());
    // Idle times and delivery counts set as an operator's tools would leave them (XCLAIM's IDLE
    // and RETRYCOUNT), so that nothing waits on the clock: 1..5 idle an hour, delivered 7 times.
    for (qint64 i = 1; i <= 5; ++i)
        QVERIFY(m_client
                    .command({"XCLAIM", stream, "g", "alice", "0", idOf(i), "IDLE", "3600000",
                              "RETRYCOUNT", "7", "JUSTID"})
                    .ok());

    PendingQuery query{stream, "g", {}, 0, {}, 12};
    auto page = readPendingPage(m_client, query);
    QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
    QCOMPARE(page->size(), 12);
    QCOMPARE(page->constFirst().id, idOf(1));
    QCOMPARE(page->constFirst().consumer, u"alice"_s);
    QVERIFY(page->constFirst().idleMs >= 3600000);
    QCOMPARE(page->constFirst().deliveries, 7);
    QCOMPARE(page->at(5).deliveries, 1);
    query.after = page->constLast().id;
    page = readPendingPage(m_client, query);
    QVERIFY(page.ok());
    QCOMPARE(page->size(), 12);
    QCOMPARE(page->constFirst().id, idOf(13));
    QCOMPARE(page->constLast().id, idOf(24));
    QCOMPARE(page->constLast().consumer, u"bob"_s);

    // One consumer's.
    query = {stream, "g", "bob", 0, {}, 100};
    page = readPendingPage(m_client, query);
    QVERIFY(page.ok());
    QCOMPARE(page->size(), 10);
    QCOMPARE(page->constFirst().id, idOf(21));
    // Only those idle long enough: the five set an hour back.
    query = {stream, "g", {}, 600000, {}, 100};
    page = readPendingPage(m_client, query);
    QVERIFY(page.ok());
    QCOMPARE(page->size(), 5);
    QCOMPARE(page->constLast().id, idOf(5));

    query = {stream, "nogroup", {}, 0, {}, 10};
    const auto missing = readPendingPage(m_client, query);
    QVERIFY(!missing.ok());
    QVERIFY2(missing.errorMessage().contains(u"NOGROUP"_s), qPrintable(missing.errorMessage()));
}

void tst_StreamBrowser::scansKeysWithTheirFigures()
{
    QVERIFY(m_client.command({"SET", key("keys:string"), "twelve bytes", "PX", "600000"}).ok());
    QVERIFY(m_client.command({"RPUSH", key("keys:list"), "a", "b", "c"}).ok());
    QVERIFY(m_client.command({"HSET", key("keys:hash"), "f", "v", "g", "w"}).ok());
    fill(key("keys:stream"), 7);

    // Every step of the scan, over all the keys of the server, keeping those of this test.
    QString problem;
    const auto scanAll = [this, &problem](const QByteArray &type) {
        QHash<QByteArray, RedisKey> found;
        KeyScan scan{"0", key("keys:*"), type, 100};
        do {
            const auto page = scanKeys(m_client, scan);
            if (!page.ok()) {
                problem = page.errorMessage();
                break;
            }
            for (const RedisKey &k : page->keys)
                found.insert(k.name, k);
            scan.cursor = page->cursor;
        } while (scan.cursor != "0");
        return found;
    };
    const auto all = scanAll({});
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(all.size(), 4);
    const RedisKey string = all.value(key("keys:string"));
    QCOMPARE(string.type, QByteArray("string"));
    QCOMPARE(string.length, 12);
    QVERIFY2(string.ttlMs > 0 && string.ttlMs <= 600000,
             QByteArray::number(string.ttlMs).constData());
    QVERIFY(string.memoryBytes > 0);
    QCOMPARE(all.value(key("keys:list")).length, 3);
    QCOMPARE(all.value(key("keys:list")).ttlMs, -1);
    QCOMPARE(all.value(key("keys:hash")).type, QByteArray("hash"));
    QCOMPARE(all.value(key("keys:hash")).length, 2);
    QCOMPARE(all.value(key("keys:stream")).type, QByteArray("stream"));
    QCOMPARE(all.value(key("keys:stream")).length, 7);

    const auto streams = scanAll("stream");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(streams.keys(), QList<QByteArray>{key("keys:stream")});
    QCOMPARE(streams.value(key("keys:stream")).length, 7);
    QVERIFY(streams.value(key("keys:stream")).memoryBytes > 0);
}

void tst_StreamBrowser::aKeyOfAnotherTypeIsAClearError()
{
    QVERIFY(m_client.command({"RPUSH", key("alist"), "x"}).ok());
    const auto info = readStreamInfo(m_client, key("alist"));
    QVERIFY(!info.ok());
    QVERIFY2(info.errorMessage().contains(QString::fromUtf8(key("alist"))),
             qPrintable(info.errorMessage()));
    QVERIFY2(info.errorMessage().contains(u"WRONGTYPE"_s), qPrintable(info.errorMessage()));
    const auto page = readStreamPage(m_client, key("alist"), StreamDirection::Forward, {}, 10);
    QVERIFY(!page.ok());
    QVERIFY2(page.errorMessage().contains(u"XRANGE"_s), qPrintable(page.errorMessage()));
}

QTEST_GUILESS_MAIN(tst_StreamBrowser)
#include "tst_streambrowser.moc"
