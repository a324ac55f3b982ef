#include "redisbrowser.h"
#include "redisclient.h"
#include "redisfill.h"
#include "redisvaluemodels.h"
#include "testservers.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// Reads page after page until the model has every row there is; the pages it took.
int readAllPages(RedisPagedModel &model)
{
    int pages = 0;
    for (; pages < 10000; ++pages) {
        if (!QTest::qWaitFor([&model] { return !model.isLoading(); }, 20000))
            return -1;
        if (model.atEnd() || !model.error().isEmpty())
            return model.error().isEmpty() ? pages + 1 : -1;
        model.fetchMore();
    }
    return -1;
}

QList<QByteArray> roleColumn(const QAbstractItemModel &model, int role)
{
    QList<QByteArray> values;
    for (int row = 0; row < model.rowCount(); ++row)
        values << model.index(row, 0).data(role).toByteArray();
    return values;
}

} // namespace

// The models of hashes, sets, sorted sets and strings on the fixture's redis-server, each under
// QAbstractItemModelTester, paged over values larger than a page and checked against what Redis
// answers to the whole (HGETALL, SMEMBERS, ZRANGE, HLEN, SCARD, ZCARD, STRLEN).
class tst_RedisValueModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup() { qunsetenv("PORTHOLE_REDIS_MAX_STRING_BYTES"); }
    void aHashOfManyFieldsPaged();
    void aSetOfManyMembersPaged();
    void aSortedSetByRank();
    void aSortedSetByScoreInARange();
    void aBigStringInBoundedRanges();
    void textRangesEndOnWholeCharacters();
    void aSmallStringIsReadWhole();
    void anotherTypeIsAnError();

private:
    QByteArray key(const char *name) const { return m_prefix + name; }
    bool run(const QList<QList<QByteArray>> &commands);
    QList<QByteArray> whole(const QList<QByteArray> &command);
    qint64 integer(const QList<QByteArray> &command);

    RedisUrl m_url;
    RedisClient m_client;
    QByteArray m_prefix;
};

void tst_RedisValueModels::initTestCase()
{
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_url = *url;
    QVERIFY(m_client.connect(m_url).ok());
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    m_prefix =
        "tst_redisvaluemodels:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
    QList<QByteArray> hash{"HSET", key("hash")};
    QList<QByteArray> set{"SADD", key("set")};
    QList<QByteArray> zset{"ZADD", key("zset")};
    for (int i = 0; i < 2500; ++i) {
        const QByteArray n = QByteArray::number(i);
        hash << "field:" + n << R"({"n":)" + n + '}';
        set << "member:" + n;
        // Scores 0 to 249.9, one a member.
        zset << QByteArray::number(i / 10) + '.' + QByteArray::number(i % 10) << "m:" + n;
    }
    QVERIFY(run({hash, set, zset}));
}

bool tst_RedisValueModels::run(const QList<QList<QByteArray>> &commands)
{
    return test::runRedisCommands(m_client, commands);
}

QList<QByteArray> tst_RedisValueModels::whole(const QList<QByteArray> &command)
{
    return test::redisArrayTexts(m_client, command);
}

qint64 tst_RedisValueModels::integer(const QList<QByteArray> &command)
{
    const auto reply = m_client.command(command);
    return reply && reply->type == RedisReply::Type::Integer ? reply->integer : -1;
}

void tst_RedisValueModels::aHashOfManyFieldsPaged()
{
    RedisBrowser browser(m_url);
    ScannedValueModel model(&browser, ScannedValueModel::Of::Hash);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.open(key("hash"));
    QVERIFY(QTest::qWaitFor([&model] { return !model.isLoading(); }));
    QCOMPARE(model.size(), integer({"HLEN", key("hash")}));
    QCOMPARE(model.size(), 2500);
    QVERIFY2(model.rowCount() > 0 && model.rowCount() < 2500, // a page, not the hash
             qPrintable(QString::number(model.rowCount())));
    QVERIFY(model.canFetchMore());
    const int pages = readAllPages(model);
    QVERIFY(pages >= 5);
    QCOMPARE(model.rowCount(), 2500);
    QCOMPARE(model.columnCount(), 2);
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), u"Field"_s);

    QHash<QByteArray, QByteArray> read;
    for (int row = 0; row < model.rowCount(); ++row)
        read.insert(model.labelAt(row), model.valueAt(row));
    QCOMPARE(read.size(), 2500); // each field once
    const QList<QByteArray> all = whole({"HGETALL", key("hash")});
    for (qsizetype i = 0; i + 1 < all.size(); i += 2)
        QCOMPARE(read.value(all.at(i)), all.at(i + 1));
    const int row = static_cast<int>(
        roleColumn(model, RedisValueModel::LabelRole).indexOf(QByteArray("field:42")));
    QCOMPARE(model.index(row, RedisValueModel::LabelColumn).data().toString(), u"field:42"_s);
    QCOMPARE(model.index(row, RedisValueModel::ValueColumn).data().toString(), uR"({"n":42})"_s);
}

void tst_RedisValueModels::aSetOfManyMembersPaged()
{
    RedisBrowser browser(m_url);
    ScannedValueModel model(&browser, ScannedValueModel::Of::Set);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.open(key("set"));
    QVERIFY(QTest::qWaitFor([&model] { return !model.isLoading(); }));
    QCOMPARE(model.size(), integer({"SCARD", key("set")}));
    QVERIFY(model.rowCount() < 2500);
    QVERIFY(readAllPages(model) >= 5);
    QCOMPARE(model.columnCount(), 1); // a member has no label
    QCOMPARE(model.columnOf(RedisValueModel::ValueColumn), 0);
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), u"Member"_s);
    const QList<QByteArray> members = roleColumn(model, RedisValueModel::ValueRole);
    const QSet<QByteArray> distinct(members.cbegin(), members.cend());
    QCOMPARE(distinct.size(), members.size());
    const QList<QByteArray> all = whole({"SMEMBERS", key("set")});
    QCOMPARE(distinct, QSet<QByteArray>(all.cbegin(), all.cend()));

    // Opened again, it starts again.
    model.open(key("set"));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(QTest::qWaitFor([&model] { return !model.isLoading(); }));
    QVERIFY(model.rowCount() > 0 && model.rowCount() < 2500);
}

void tst_RedisValueModels::aSortedSetByRank()
{
    RedisBrowser browser(m_url);
    SortedSetModel model(&browser);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const bool highestFirst : {false, true}) {
        model.openByRank(key("zset"), highestFirst);
        QVERIFY(QTest::qWaitFor([&model] { return !model.isLoading(); }));
        QCOMPARE(model.rowCount(), RedisValueModel::pageSize);
        QCOMPARE(model.size(), integer({"ZCARD", key("zset")}));
        QCOMPARE(model.inRange(), 2500);
        QCOMPARE(readAllPages(model), 13);
        QList<QByteArray> read;
        for (int row = 0; row < model.rowCount(); ++row)
            read << model.valueAt(row) << model.labelAt(row);
        QList<QByteArray> range{"ZRANGE", key("zset"), "0", "-1"};
        if (highestFirst)
            range << "REV";
        QCOMPARE(read, whole(range << "WITHSCORES"));
    }
    // The score as a person reads it, right-aligned.
    QCOMPARE(model.index(0, RedisValueModel::LabelColumn).data().toString(), u"249.9"_s);
    QCOMPARE(model.index(0, RedisValueModel::ValueColumn).data().toString(), u"m:2499"_s);
    QCOMPARE(model.index(0, RedisValueModel::LabelColumn).data(Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignRight | Qt::AlignVCenter));
}

void tst_RedisValueModels::aSortedSetByScoreInARange()
{
    // Ties across pages: ten members of each score.
    QList<QByteArray> ties{"ZADD", key("ties")};
    for (int i = 0; i < 1000; ++i)
        ties << QByteArray::number(i / 10) << "t:" + QByteArray::number(i).rightJustified(4, '0');
    QVERIFY(run({ties}));

    RedisBrowser browser(m_url);
    SortedSetModel model(&browser);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    struct Case
    {
        QByteArray key, min, max;
        bool highestFirst;
        qint64 expected;
    };
    for (const Case &c :
         {Case{key("zset"), "10", "(200.5", false, 1905},
          Case{key("zset"), "10", "(200.5", true, 1905}, Case{key("ties"), "(3", "95", false, 920},
          Case{key("ties"), "-inf", "+inf", true, 1000}}) {
        model.openByScore(c.key, c.min, c.max, c.highestFirst);
        QVERIFY(QTest::qWaitFor([&model] { return !model.isLoading(); }));
        QVERIFY(model.byScore());
        QCOMPARE(model.inRange(), c.expected);
        QVERIFY(model.rowCount() <= RedisValueModel::pageSize);
        QVERIFY(readAllPages(model) > 1);
        QCOMPARE(model.rowCount(), c.expected);
        QList<QByteArray> read;
        for (int row = 0; row < model.rowCount(); ++row)
            read << model.valueAt(row) << model.labelAt(row);
        QList<QByteArray> range{"ZRANGE", c.key};
        range << (c.highestFirst ? c.max : c.min) << (c.highestFirst ? c.min : c.max) << "BYSCORE";
        if (c.highestFirst)
            range << "REV";
        QCOMPARE(read, whole(range << "WITHSCORES"));
    }
}

void tst_RedisValueModels::aBigStringInBoundedRanges()
{
    QByteArray value;
    value.reserve(5'000'000);
    for (int i = 0; value.size() < 5'000'000; ++i)
        value += R"({"line":)" + QByteArray::number(i) + "}\n";
    value.truncate(5'000'000);
    QVERIFY(run({{"SET", key("big"), value}}));
    // The browser's connection takes no string over 2 MiB in one answer: a GET of the value
    // would fail (as it does here), ranges of 1 MiB pass.
    qputenv("PORTHOLE_REDIS_MAX_STRING_BYTES", QByteArray::number(2 * 1024 * 1024));
    RedisClient limited;
    QVERIFY(limited.connect(m_url).ok());
    QVERIFY(!limited.command({"GET", key("big")}).ok());

    RedisBrowser browser(m_url);
    StringRangeModel model(&browser);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.open(key("big"));
    QVERIFY(QTest::qWaitFor([&model] { return !model.isLoading(); }));
    // A read of 1 MiB, shown in ranges of 64 KiB.
    QCOMPARE(model.rowCount(), StringRangeModel::readBytes / StringRangeModel::rangeBytes);
    QCOMPARE(model.size(), integer({"STRLEN", key("big")}));
    QVERIFY(!model.isWhole());
    QVERIFY(model.canFetchMore());
    QCOMPARE(readAllPages(model), 5);
    QCOMPARE(model.rowCount(), 77); // 5,000,000 / 65,536
    QByteArray read;
    for (int row = 0; row < model.rowCount(); ++row) {
        QCOMPARE(model.offsetAt(row), read.size());
        QVERIFY(model.valueAt(row).size() <= StringRangeModel::rangeBytes);
        read += model.valueAt(row);
    }
    QVERIFY(read == value);
    QCOMPARE(model.index(1, RedisValueModel::LabelColumn).data().toString(),
             u"bytes 65,536 to 131,071"_s);
    QVERIFY(model.index(0, RedisValueModel::ValueColumn)
                .data()
                .toString()
                .startsWith(uR"({"line":0})"_s));
}

void tst_RedisValueModels::textRangesEndOnWholeCharacters()
{
    // "é" is two bytes: the first read, and its last range, would end after its first; so would
    // the first range of a string whose "ü" straddles it.
    const QByteArray value = QByteArray(StringRangeModel::readBytes - 1, 'a') + "\xc3\xa9" +
                             QByteArray(10, 'b') + "\xf0\x9f\x9a\xa2";
    const QByteArray straddling =
        QByteArray(StringRangeModel::rangeBytes - 1, 'a') + "\xc3\xbc" + QByteArray(10, 'c');
    QVERIFY(run({{"SET", key("cut"), value}, {"SET", key("straddling"), straddling}}));
    RedisBrowser browser(m_url);
    StringRangeModel model(&browser);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.open(key("cut"));
    QCOMPARE(readAllPages(model), 2);
    QCOMPARE(model.rowCount(), 17);
    QCOMPARE(model.valueAt(15).size(), StringRangeModel::rangeBytes - 1);
    QCOMPARE(model.offsetAt(16), StringRangeModel::readBytes - 1);
    QVERIFY(model.valueAt(16).startsWith("\xc3\xa9"));
    QByteArray read;
    for (int row = 0; row < model.rowCount(); ++row) {
        QVERIFY(QUtf8StringView(model.valueAt(row)).isValidUtf8());
        read += model.valueAt(row);
    }
    QVERIFY(read == value);

    model.open(key("straddling"));
    QCOMPARE(readAllPages(model), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.valueAt(0).size(), StringRangeModel::rangeBytes - 1);
    QCOMPARE(model.valueAt(1), QByteArray("\xc3\xbc") + QByteArray(10, 'c'));

    QCOMPARE(StringRangeModel::wholeCharacters("ab\xc3"), 2);
    QCOMPARE(StringRangeModel::wholeCharacters("ab\xf0\x9f\x9a"), 2);
    QCOMPARE(StringRangeModel::wholeCharacters("ab\xf0\x9f\x9a\xa2"), 6);
    QCOMPARE(StringRangeModel::wholeCharacters(QByteArray("\xff\x00\xc3", 3)), 3); // binary
}

void tst_RedisValueModels::aSmallStringIsReadWhole()
{
    QVERIFY(run({{"SET", key("small"), R"({"order":42})"}, {"SET", key("empty"), ""}}));
    RedisBrowser browser(m_url);
    StringRangeModel model(&browser);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.open(key("small"));
    QCOMPARE(readAllPages(model), 1);
    QVERIFY(model.isWhole());
    QCOMPARE(model.valueAt(0), QByteArray(R"({"order":42})"));
    QCOMPARE(model.index(0, 0).data().toString(), u"bytes 0 to 11"_s);
    // JSON is read whole up to a MiB, to be shown as a tree; other text in ranges.
    QByteArray json = "[";
    for (int i = 0; json.size() < 200'000; ++i)
        json += R"({"n":)" + QByteArray::number(i) + "},";
    json.back() = ']';
    QVERIFY(run({{"SET", key("json"), json}, {"SET", key("text"), json.mid(1)}}));
    model.open(key("json"));
    QCOMPARE(readAllPages(model), 1);
    QVERIFY(model.isWhole());
    QCOMPARE(model.valueAt(0), json);
    model.open(key("text"));
    QCOMPARE(readAllPages(model), 1);
    QCOMPARE(model.rowCount(), 4);
    QVERIFY(!model.isWhole());

    model.open(key("empty"));
    QCOMPARE(readAllPages(model), 1);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.size(), 0);
}

void tst_RedisValueModels::anotherTypeIsAnError()
{
    RedisBrowser browser(m_url);
    ScannedValueModel model(&browser, ScannedValueModel::Of::Hash);
    QSignalSpy failed(&model, &RedisPagedModel::failed);
    model.open(key("set"));
    QVERIFY(failed.wait(10000));
    QVERIFY2(model.error().contains(u"WRONGTYPE"_s), qPrintable(model.error()));
    QVERIFY(!model.canFetchMore());
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(tst_RedisValueModels)
#include "tst_redisvaluemodels.moc"
