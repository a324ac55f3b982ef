#include "redisbrowser.h"
#include "redisclient.h"
#include "redislistings.h"
#include "testservers.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

constexpr qint64 Base = 1764000000000; // the i-th entry (from 1) was added at Base + i ms

QByteArray idOf(qint64 i)
{
    return QByteArray::number(Base + i) + "-0";
}

// Reads page after page until the model has every row there is.
bool readAll(RedisPagedModel &model)
{
    for (int pages = 0; pages < 10000; ++pages) {
        if (!QTest::qWaitFor([&model] { return !model.isLoading(); }, 20000))
            return false;
        if (model.atEnd() || !model.error().isEmpty())
            return model.error().isEmpty();
        model.fetchMore();
    }
    return false;
}

QList<QByteArray> column(const QAbstractItemModel &model, int role, int column = 0)
{
    QList<QByteArray> values;
    for (int row = 0; row < model.rowCount(); ++row)
        values << model.index(row, column).data(role).toByteArray();
    return values;
}

} // namespace

class tst_RedisListings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keysOfAPatternOnceEachWithTheirFigures();
    void knownKeysComeFirstChannelsToo();
    void globsAsRedisMatchesThem();
    void streamEntriesFromBothEndsAndFromATime();
    void payloadsReadAsTheIngestTakesThem();
    void pendingEntriesWithPoisonFlagged();
    void listFromHeadAndTail();
    void answersForWhatWasOpenBeforeAreDropped();
    void aServerThatIsNotThereIsAnError();
    void aModelDeletedBeforeItsAnswerHearsNothing();
    void hexDumpOfBinary();

private:
    QByteArray key(const char *name) const { return m_prefix + name; }
    void command(const QList<QByteArray> &args);

    RedisUrl m_url;
    RedisClient m_client;
    QByteArray m_prefix;
};

void tst_RedisListings::initTestCase()
{
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_url = *url;
    const Status connected = m_client.connect(m_url);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
    m_prefix = "tst_redislistings:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
}

void tst_RedisListings::command(const QList<QByteArray> &args)
{
    const auto reply = m_client.command(args);
    QVERIFY2(reply.ok() && !reply->isError(),
             reply.ok() ? reply->text.constData() : qPrintable(reply.errorMessage()));
}

void tst_RedisListings::keysOfAPatternOnceEachWithTheirFigures()
{
    // More keys than a page, of several types, among others the pattern leaves out.
    QList<QList<QByteArray>> commands;
    for (int i = 0; i < 450; ++i)
        commands.append({"SET", key("k:") + QByteArray::number(i), "value"});
    commands.append({"XADD", key("k:stream"), "*", "payload", "x"});
    commands.append({"RPUSH", key("k:list"), "a", "b", "c"});
    commands.append({"PEXPIRE", key("k:list"), "600000"});
    commands.append({"SET", key("other"), "left out"});
    QVERIFY(m_client.pipeline(commands).ok());

    RedisBrowser browser(m_url);
    RedisKeyModel model(&browser);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.scan(key("k:*"));
    QVERIFY(readAll(model));
    QCOMPARE(model.rowCount(), 452);
    QList<QByteArray> names = column(model, RedisKeyModel::KeyRole);
    std::sort(names.begin(), names.end());
    QVERIFY(std::adjacent_find(names.begin(), names.end()) == names.end()); // once each
    QVERIFY(!names.contains(key("other")));

    const int list = model.rowOf(key("k:list"));
    QVERIFY(list >= 0);
    QCOMPARE(model.keyAt(list).type, QByteArray("list"));
    QCOMPARE(model.keyAt(list).length, 3);
    QVERIFY(model.keyAt(list).ttlMs > 0 && model.keyAt(list).ttlMs <= 600000);
    QVERIFY(model.keyAt(list).memoryBytes > 0);
    QCOMPARE(model.index(list, RedisKeyModel::LengthColumn).data().toString(), u"3"_s);
    QCOMPARE(model.index(model.rowOf(key("k:1")), RedisKeyModel::TtlColumn).data().toString(),
             u"never"_s);

    // Of one type only.
    model.scan(key("k:*"), "stream");
    QVERIFY(readAll(model));
    QCOMPARE(column(model, RedisKeyModel::KeyRole), QList<QByteArray>{key("k:stream")});
}

void tst_RedisListings::knownKeysComeFirstChannelsToo()
{
    command({"RPUSH", key("known:queue"), "a", "b"});
    command({"SET", key("known:other"), "x"});
    // A channel is no key: SCAN never finds it; a client subscribed to it is counted.
    RedisClient subscriber;
    QVERIFY(subscriber.connect(m_url).ok());
    QVERIFY(subscriber.command({"SUBSCRIBE", key("known:events")}).ok());

    RedisBrowser browser(m_url);
    RedisKeyModel model(&browser);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setKnownKeys({{key("known:events"), "channel"},
                        {key("known:stream"), "stream"}, // not made yet
                        {key("known:queue"), "list"},
                        {"elsewhere", "stream"}}); // the pattern leaves it out
    model.scan(key("known:*"));
    QVERIFY(readAll(model));
    QCOMPARE(
        column(model, RedisKeyModel::KeyRole),
        (QList{key("known:events"), key("known:stream"), key("known:queue"), key("known:other")}));
    QCOMPARE(model.keyAt(0).type, QByteArray("channel"));
    QCOMPARE(model.keyAt(0).length, 1);
    QCOMPARE(model.keyAt(1).type, QByteArray("none"));
    QCOMPARE(model.index(1, RedisKeyModel::TypeColumn).data().toString(), u"none yet"_s);
    QCOMPARE(model.keyAt(2).length, 2);
    QVERIFY(model.index(2, 0).data(RedisKeyModel::KnownRole).toBool());
    QVERIFY(!model.index(3, 0).data(RedisKeyModel::KnownRole).toBool());
    QVERIFY(model.index(0, 0).data(Qt::FontRole).value<QFont>().bold());

    // Of one type: the known ones of that type only.
    model.scan(key("known:*"), "list");
    QVERIFY(readAll(model));
    QCOMPARE(column(model, RedisKeyModel::KeyRole), QList<QByteArray>{key("known:queue")});
}

void tst_RedisListings::globsAsRedisMatchesThem()
{
    QVERIFY(globMatches("orders:*", "orders:eu"));
    QVERIFY(globMatches("*", ""));
    QVERIFY(!globMatches("orders:*", "order"));
    QVERIFY(globMatches("h?llo", "hallo"));
    QVERIFY(!globMatches("h?llo", "hllo"));
    QVERIFY(globMatches("h[ae]llo", "hello"));
    QVERIFY(!globMatches("h[^e]llo", "hello"));
    QVERIFY(globMatches("h[a-c]llo", "hbllo"));
    QVERIFY(globMatches("a\\*b", "a*b"));
    QVERIFY(!globMatches("a\\*b", "axb"));
    QVERIFY(globMatches("*:processing:*", "jobs:processing:w1"));
}

void tst_RedisListings::streamEntriesFromBothEndsAndFromATime()
{
    const QByteArray stream = key("entries");
    QList<QList<QByteArray>> adds;
    for (qint64 i = 1; i <= 1000; ++i)
        adds.append({"XADD", stream, idOf(i), "n", QByteArray::number(i)});
    QVERIFY(m_client.pipeline(adds).ok());

    RedisBrowser browser(m_url);
    StreamEntryModel model(&browser);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    model.open(stream, StreamDirection::Backward);
    QVERIFY(QTest::qWaitFor([&model] { return !model.isLoading(); }));
    QCOMPARE(model.rowCount(), StreamEntryModel::pageSize); // one page, not the stream
    QCOMPARE(model.entryAt(0).id, idOf(1000));
    QVERIFY(model.canFetchMore());
    QVERIFY(readAll(model));
    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(model.entryAt(999).id, idOf(1));
    QVERIFY(!model.canFetchMore());

    model.open(stream, StreamDirection::Forward);
    QVERIFY(readAll(model));
    QCOMPARE(model.entryAt(0).id, idOf(1));
    QCOMPARE(model.entryAt(999).id, idOf(1000));

    // A jump to the time entry 500 was added: from it on, oldest first.
    model.openAt(stream, QDateTime::fromMSecsSinceEpoch(Base + 500, Qt::UTC));
    QVERIFY(readAll(model));
    QCOMPARE(model.rowCount(), 501);
    QCOMPARE(model.entryAt(0).id, idOf(500));
    QCOMPARE(model.index(0, StreamEntryModel::FieldsColumn).data().toString(), u"n"_s);
    QCOMPARE(model.index(0, StreamEntryModel::ContentColumn).data().toString(),
             uR"({"n":"500"})"_s);
    QCOMPARE(model.index(0, StreamEntryModel::AddedColumn).data(Qt::ToolTipRole).toString(),
             u"UTC: "_s + QDateTime::fromMSecsSinceEpoch(Base + 500, Qt::UTC)
                              .toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s));
}

void tst_RedisListings::payloadsReadAsTheIngestTakesThem()
{
    const QByteArray stream = key("payloads");
    const QByteArray binary("\x00\x01\xff\xfe", 4);
    command({"XADD", stream, "1-1", "payload", R"({"order":42})", "source", "shop"});
    command({"XADD", stream, "1-2", "payload", binary});
    command({"XADD", stream, "1-3", "payload", "first\nsecond"});

    RedisBrowser browser(m_url);
    StreamEntryModel model(&browser);
    model.open(stream, StreamDirection::Forward);
    QVERIFY(readAll(model));
    QCOMPARE(model.rowCount(), 3);
    // The payload field is the message; the others are the sender's envelope.
    QCOMPARE(model.index(0, 0).data(StreamEntryModel::PayloadRole).toByteArray(),
             QByteArray(R"({"order":42})"));
    QCOMPARE(model.index(0, StreamEntryModel::FieldsColumn).data().toString(),
             u"payload, source"_s);
    QCOMPARE(model.index(1, 0).data(StreamEntryModel::PayloadRole).toByteArray(), binary);
    QCOMPARE(model.index(1, StreamEntryModel::ContentColumn).data().toString(),
             u"binary, 4 bytes: 00 01 ff fe"_s);
    QCOMPARE(model.index(2, StreamEntryModel::ContentColumn).data().toString(), u"first second"_s);
}

void tst_RedisListings::pendingEntriesWithPoisonFlagged()
{
    const QByteArray stream = key("pending");
    QList<QList<QByteArray>> setUp{{"XGROUP", "CREATE", stream, "workers", "0", "MKSTREAM"}};
    for (qint64 i = 1; i <= 300; ++i)
        setUp.append({"XADD", stream, idOf(i), "n", QByteArray::number(i)});
    setUp.append(
        {"XREADGROUP", "GROUP", "workers", "alice", "COUNT", "250", "STREAMS", stream, ">"});
    setUp.append({"XREADGROUP", "GROUP", "workers", "bob", "COUNT", "50", "STREAMS", stream, ">"});
    // Three of alice's entries delivered 9 times, idle for an hour: poison for --max-deliveries 5.
    setUp.append({"XCLAIM", stream, "workers", "alice", "0", idOf(7), idOf(8), idOf(9), "IDLE",
                  "3600000", "RETRYCOUNT", "9", "JUSTID"});
    const auto done = m_client.pipeline(setUp);
    QVERIFY(done.ok());
    for (const RedisReply &reply : *done)
        QVERIFY2(!reply.isError(), reply.text.constData());

    RedisBrowser browser(m_url);
    PendingEntryModel model(&browser);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.open({.key = stream, .group = "workers"});
    QVERIFY(QTest::qWaitFor([&model] { return !model.isLoading(); }));
    QCOMPARE(model.rowCount(), PendingEntryModel::pageSize);
    QVERIFY(readAll(model));
    QCOMPARE(model.rowCount(), 300);
    QCOMPARE(model.poisonCount(), 3);
    QVERIFY(model.index(6, 0).data(PendingEntryModel::PoisonRole).toBool());
    QCOMPARE(model.index(6, PendingEntryModel::DeliveriesColumn).data().toString(),
             u"9 (poison)"_s);
    QVERIFY(!model.index(5, 0).data(PendingEntryModel::PoisonRole).toBool());
    model.setMaxDeliveries(9);
    QCOMPARE(model.poisonCount(), 0);

    // One consumer's, idle at least a minute: the three claimed ones.
    model.open({.key = stream, .group = "workers", .consumer = "alice", .minIdleMs = 60000});
    QVERIFY(readAll(model));
    QCOMPARE(column(model, PendingEntryModel::EntryIdRole), (QList{idOf(7), idOf(8), idOf(9)}));
    model.open({.key = stream, .group = "workers", .consumer = "bob"});
    QVERIFY(readAll(model));
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(model.entryAt(0).consumer, u"bob"_s);
}

void tst_RedisListings::listFromHeadAndTail()
{
    const QByteArray list = key("queue");
    QList<QByteArray> push{"RPUSH", list};
    for (int i = 0; i < 450; ++i)
        push << "element " + QByteArray::number(i);
    command(push);

    RedisBrowser browser(m_url);
    ListElementModel model(&browser);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.open(list, ListElementModel::End::Head);
    QVERIFY(QTest::qWaitFor([&model] { return !model.isLoading(); }));
    QCOMPARE(model.length(), 450);
    QCOMPARE(model.rowCount(), ListElementModel::pageSize);
    QVERIFY(readAll(model));
    QCOMPARE(model.rowCount(), 450);
    QCOMPARE(model.index(449, ListElementModel::IndexColumn).data().toString(), u"449"_s);
    QCOMPARE(model.index(449, 0).data(ListElementModel::ElementRole).toByteArray(),
             QByteArray("element 449"));

    model.open(list, ListElementModel::End::Tail);
    QVERIFY(readAll(model));
    QCOMPARE(model.rowCount(), 450);
    QCOMPARE(model.index(0, ListElementModel::IndexColumn).data().toString(), u"449"_s);
    QCOMPARE(model.index(0, ListElementModel::ElementColumn).data().toString(), u"element 449"_s);
    QCOMPARE(model.index(449, ListElementModel::ElementColumn).data().toString(), u"element 0"_s);
}

void tst_RedisListings::answersForWhatWasOpenBeforeAreDropped()
{
    command({"XADD", key("first"), "1-1", "which", "first"});
    command({"XADD", key("second"), "1-1", "which", "second"});
    RedisBrowser browser(m_url);
    StreamEntryModel model(&browser);
    QSignalSpy busy(&browser, &RedisBrowser::busyChanged);
    model.open(key("first"), StreamDirection::Forward);
    model.open(key("second"), StreamDirection::Forward); // before the first answer came
    QVERIFY(QTest::qWaitFor([&browser] { return browser.pending() == 0; }));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.entryAt(0).fields.constFirst().second, QByteArray("second"));
    QCOMPARE(busy.size(), 2);
    QCOMPARE(busy.at(1).at(0).toBool(), false);
}

void tst_RedisListings::aServerThatIsNotThereIsAnError()
{
    QTcpServer closed; // a port nobody listens on once it closes
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    const auto url = RedisUrl::parse(u"redis://127.0.0.1:%1"_s.arg(port));
    QVERIFY(url.ok());
    RedisBrowser browser(*url);
    StreamEntryModel model(&browser);
    QSignalSpy failed(&model, &RedisPagedModel::failed);
    model.open("stream", StreamDirection::Backward);
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.at(0).at(0).toString().contains(QString::number(port)),
             qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(model.error(), failed.at(0).at(0).toString());
    QVERIFY(!model.canFetchMore());
    QCOMPARE(model.rowCount(), 0);
}

void tst_RedisListings::aModelDeletedBeforeItsAnswerHearsNothing()
{
    command({"XADD", key("gone"), "1-1", "a", "b"});
    RedisBrowser browser(m_url);
    auto *model = new StreamEntryModel(&browser);
    model->open(key("gone"), StreamDirection::Forward);
    delete model; // its read is on its way
    auto *other = new StreamEntryModel(&browser);
    other->open(key("gone"), StreamDirection::Forward);
    QVERIFY(QTest::qWaitFor([&browser] { return browser.pending() == 0; }));
    QCOMPARE(other->rowCount(), 1);
    delete other;
}

void tst_RedisListings::hexDumpOfBinary()
{
    const QByteArray bytes =
        QByteArray("{\"id\":1}") + QByteArray("\x00\xff", 2) + QByteArray(10, 'a');
    QCOMPARE(hexDump(bytes),
             u"00000000  7b 22 69 64 22 3a 31 7d 00 ff 61 61 61 61 61 61  |{\"id\":1}..aaaaaa|\n"
             "00000010  61 61 61 61                                      |aaaa|\n"_s);
    QCOMPARE(hexDump(QByteArray(40, 'x'), 16).count(u'\n'), 1);
    QVERIFY(hexDump(QByteArray(40, 'x'), 16).endsWith(u"24 more bytes not shown"_s));
}

QTEST_GUILESS_MAIN(tst_RedisListings)
#include "tst_redislistings.moc"
