#include "redisclient.h"
#include "redisfill.h"
#include "testservers.h"
#include "valuebrowser.h"

#include <QSet>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

// The pages of hashes, sets, sorted sets and strings against the fixture's redis-server, checked
// against what Redis itself answers to the whole (HGETALL, SMEMBERS, ZRANGE without LIMIT).
class tst_ValueBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup() { qunsetenv("PORTHOLE_REDIS_MAX_STRING_BYTES"); }
    void aHashScannedAPageAtATime();
    void aSetScannedAPageAtATime();
    void aSortedSetByRankBothWays();
    void aSortedSetByScoreAcrossTies_data();
    void aSortedSetByScoreAcrossTies();
    void scoreBounds();
    void aBigStringReadInBoundedRanges();
    void aMissingKeyIsEmptyAndAnotherTypeIsRefused();

private:
    QByteArray key(const char *name) const { return m_prefix + name; }
    bool run(const QList<QList<QByteArray>> &commands);
    QList<QByteArray> whole(const QList<QByteArray> &command);

    RedisUrl m_url;
    RedisClient m_client;
    QByteArray m_prefix;
};

void tst_ValueBrowser::initTestCase()
{
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_url = *url;
    QVERIFY(m_client.connect(m_url).ok());
    m_prefix = "tst_valuebrowser:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';

    // 2,500 of each; a sorted set of ten members a score (0 to 249), so that pages end in ties.
    QList<QByteArray> hash{"HSET", key("hash")};
    QList<QByteArray> set{"SADD", key("set")};
    QList<QByteArray> zset{"ZADD", key("zset")};
    for (int i = 0; i < 2500; ++i) {
        const QByteArray n = QByteArray::number(i);
        hash << "field:" + n << R"({"n":)" + n + '}';
        set << "member:" + n;
        zset << QByteArray::number(i / 10) << "m:" + n;
    }
    QVERIFY(run({hash, set, zset, {"SET", key("string"), "text"}}));
}

bool tst_ValueBrowser::run(const QList<QList<QByteArray>> &commands)
{
    return test::runRedisCommands(m_client, commands);
}

// The elements of Redis's own answer to `command`, read whole.
QList<QByteArray> tst_ValueBrowser::whole(const QList<QByteArray> &command)
{
    return test::redisArrayTexts(m_client, command);
}

void tst_ValueBrowser::aHashScannedAPageAtATime()
{
    QHash<QByteArray, QByteArray> read;
    QByteArray cursor = "0";
    int steps = 0;
    do {
        const auto page = readHashPage(m_client, key("hash"), cursor, 100);
        QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
        QCOMPARE(page->size, 2500);
        // COUNT is a hint Redis keeps to closely on a hash this large: never the whole.
        QVERIFY2(page->elements.size() < 500, qPrintable(QString::number(page->elements.size())));
        for (const auto &[field, value] : page->elements)
            read.insert(field, value);
        cursor = page->cursor;
        ++steps;
    } while (cursor != "0" && steps < 1000);
    QCOMPARE(cursor, QByteArray("0"));
    QVERIFY(steps >= 10);
    const QList<QByteArray> all = whole({"HGETALL", key("hash")});
    QCOMPARE(all.size(), 5000);
    QCOMPARE(read.size(), 2500);
    for (qsizetype i = 0; i + 1 < all.size(); i += 2)
        QCOMPARE(read.value(all.at(i)), all.at(i + 1));
}

void tst_ValueBrowser::aSetScannedAPageAtATime()
{
    QSet<QByteArray> read;
    QByteArray cursor = "0";
    int steps = 0;
    do {
        const auto page = readSetPage(m_client, key("set"), cursor, 100);
        QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
        QCOMPARE(page->size, 2500);
        QVERIFY(page->elements.size() < 500);
        for (const auto &[member, none] : page->elements) {
            QVERIFY(none.isEmpty());
            read.insert(member);
        }
        cursor = page->cursor;
        ++steps;
    } while (cursor != "0" && steps < 1000);
    QVERIFY(steps >= 10);
    const QList<QByteArray> all = whole({"SMEMBERS", key("set")});
    QCOMPARE(read, QSet<QByteArray>(all.cbegin(), all.cend()));
}

void tst_ValueBrowser::aSortedSetByRankBothWays()
{
    for (const bool highestFirst : {false, true}) {
        QList<QByteArray> read;
        for (qint64 start = 0;; start += 300) {
            const auto page = readZsetByRank(m_client, key("zset"), highestFirst, start, 300);
            QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
            QCOMPARE(page->size, 2500);
            QCOMPARE(page->inRange, 2500);
            QVERIFY(page->members.size() <= 300);
            for (const ZsetMember &member : page->members)
                read << member.member << member.score;
            if (page->members.size() < 300)
                break;
        }
        QList<QByteArray> range{"ZRANGE", key("zset"), "0", "-1"};
        if (highestFirst)
            range << "REV";
        QCOMPARE(read, whole(range << "WITHSCORES"));
    }
}

void tst_ValueBrowser::aSortedSetByScoreAcrossTies_data()
{
    QTest::addColumn<QByteArray>("min");
    QTest::addColumn<QByteArray>("max");
    QTest::addColumn<bool>("highestFirst");
    QTest::addColumn<int>("count");
    QTest::addColumn<qint64>("expected");
    // Pages of 7 end within a score's ten members.
    QTest::newRow("50 to 120") << QByteArray("50") << QByteArray("120") << false << 7
                               << qint64(710);
    QTest::newRow("highest first")
        << QByteArray("50") << QByteArray("120") << true << 7 << qint64(710);
    QTest::newRow("exclusive bounds")
        << QByteArray("(50") << QByteArray("(120") << false << 7 << qint64(690);
    QTest::newRow("all") << QByteArray("-inf") << QByteArray("+inf") << true << 200 << qint64(2500);
    QTest::newRow("none") << QByteArray("300") << QByteArray("400") << false << 7 << qint64(0);
}

void tst_ValueBrowser::aSortedSetByScoreAcrossTies()
{
    QFETCH(QByteArray, min);
    QFETCH(QByteArray, max);
    QFETCH(bool, highestFirst);
    QFETCH(int, count);
    QFETCH(qint64, expected);
    ZsetScoreQuery query{min, max, highestFirst, {}, count};
    QList<QByteArray> read;
    for (int pages = 0; pages < 1000; ++pages) {
        const auto page = readZsetByScore(m_client, key("zset"), query);
        QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
        QCOMPARE(page->size, 2500);
        QCOMPARE(page->inRange, expected);
        QVERIFY(page->members.size() <= count);
        for (const ZsetMember &member : page->members)
            read << member.member << member.score;
        if (page->members.size() < count)
            break;
        // The next page after the last member read, counting its ties.
        const QByteArray last = page->members.constLast().score;
        const qint64 ties =
            std::count_if(page->members.cbegin(), page->members.cend(),
                          [&last](const ZsetMember &member) { return member.score == last; });
        query.after = ZsetScoreQuery::After{
            last, ties + (query.after && query.after->score == last ? query.after->ties : 0)};
    }
    QList<QByteArray> range{"ZRANGE", key("zset")};
    range << (highestFirst ? max : min) << (highestFirst ? min : max) << "BYSCORE";
    if (highestFirst)
        range << "REV";
    QCOMPARE(read, whole(range << "WITHSCORES"));
    QCOMPARE(read.size(), expected * 2);
}

void tst_ValueBrowser::scoreBounds()
{
    for (const char *good : {"1", "-1.5", "(2", "(-3e2", "-inf", "+inf", "inf", "(+inf", "0"})
        QVERIFY2(isScoreBound(good), good);
    for (const char *bad : {"", "(", "abc", "nan", "1 ", "[1", "((1"})
        QVERIFY2(!isScoreBound(bad), bad);
}

void tst_ValueBrowser::aBigStringReadInBoundedRanges()
{
    // 5 MB of text, with a limit of 2 MiB on a string in one answer: GET breaks it, ranges of
    // 1 MiB do not.
    QByteArray value;
    value.reserve(5'000'000);
    for (int i = 0; value.size() < 5'000'000; ++i)
        value += "line " + QByteArray::number(i) + '\n';
    value.truncate(5'000'000);
    QVERIFY(run({{"SET", key("big"), value}}));
    qputenv("PORTHOLE_REDIS_MAX_STRING_BYTES", QByteArray::number(2 * 1024 * 1024));
    RedisClient limited;
    QVERIFY(limited.connect(m_url).ok());
    const auto get = limited.command({"GET", key("big")});
    QVERIFY(!get.ok()); // the negative control: the limit holds
    QVERIFY2(limited.overLimit().contains(u"more than"_s), qPrintable(limited.overLimit()));

    QVERIFY(limited.connect(m_url).ok());
    QByteArray read;
    constexpr int range = 1024 * 1024;
    while (true) {
        const auto part = readStringRange(limited, key("big"), read.size(), range);
        QVERIFY2(part.ok(), qPrintable(part.errorMessage()));
        QCOMPARE(part->length, 5'000'000);
        QCOMPARE(part->offset, read.size());
        QVERIFY(part->bytes.size() <= range);
        read += part->bytes;
        if (part->bytes.size() < range)
            break;
    }
    QCOMPARE(read.size(), value.size());
    QVERIFY(read == value);
    // Past the end: nothing, and the length.
    const auto past = readStringRange(limited, key("big"), 6'000'000, range);
    QVERIFY(past.ok());
    QVERIFY(past->bytes.isEmpty());
    QCOMPARE(past->length, 5'000'000);
}

void tst_ValueBrowser::aMissingKeyIsEmptyAndAnotherTypeIsRefused()
{
    const auto hash = readHashPage(m_client, key("missing"), "0", 100);
    QVERIFY(hash.ok());
    QCOMPARE(hash->size, 0);
    QCOMPARE(hash->cursor, QByteArray("0"));
    QVERIFY(hash->elements.isEmpty());
    const auto zset = readZsetByScore(m_client, key("missing"), {});
    QVERIFY(zset.ok());
    QVERIFY(zset->members.isEmpty());
    const auto string = readStringRange(m_client, key("missing"), 0, 100);
    QVERIFY(string.ok());
    QCOMPARE(string->length, 0);

    const auto wrong = readHashPage(m_client, key("string"), "0", 100);
    QVERIFY(!wrong.ok());
    QVERIFY2(wrong.errorMessage().contains(u"WRONGTYPE"_s) &&
                 wrong.errorMessage().contains(QString::fromUtf8(key("string"))),
             qPrintable(wrong.errorMessage()));
    QVERIFY(!readSetPage(m_client, key("hash"), "0", 10).ok());
    QVERIFY(!readZsetByRank(m_client, key("set"), false, 0, 10).ok());
    QVERIFY(!readStringRange(m_client, key("zset"), 0, 10).ok());
    // The connection stays usable after a refusal.
    QVERIFY(readStringRange(m_client, key("string"), 0, 10).ok());
}

QTEST_GUILESS_MAIN(tst_ValueBrowser)
#include "tst_valuebrowser.moc"
