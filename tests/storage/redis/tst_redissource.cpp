#include "redisclient.h"
#include "redissource.h"
#include "redissourcetestsupport.h"
#include "streamentrypayload.h"
#include "testservers.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QSet>
#include <QTest>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;
using porthole::Delivery;
using porthole::RedisClient;
using porthole::RedisReply;
using porthole::RedisSource;
using porthole::RedisSourceOptions;
using porthole::RedisUrl;
using porthole::SourceFetch;
using porthole::StorageError;
using namespace porthole::test;

class tst_RedisSource : public porthole::test::RedisSourceTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void refusesOptions_data();
    void refusesOptions();
    void connectionRefused_data();
    void connectionRefused();
    void modeNamesAndDefaults();

    void streamCreatesMissingGroup();
    void streamFetchAndAcknowledge();
    void streamFetchesAheadOfAcknowledging();
    void streamTrimmedEntriesAreLost_data();
    void streamTrimmedEntriesAreLost();
    void streamPayloadFromFields_data();
    void streamPayloadFromFields();
    void streamReconnectsAfterConnectionLoss();
    void streamDeletedWhileReading();
};

void tst_RedisSource::initTestCase()
{
    connectToFixture();
}

void tst_RedisSource::refusesOptions_data()
{
    QTest::addColumn<int>("blockMs");
    QTest::addColumn<int>("commandMs");
    QTest::addColumn<QString>("key");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("maxDeliveries");
    QTest::addColumn<QString>("message");

    QTest::newRow("wait as long as the command timeout")
        << 2000 << 2000 << u"k"_s << 10 << 5 << u"shorter than the command timeout"_s;
    QTest::newRow("wait longer than the command timeout")
        << 5000 << 2000 << u"k"_s << 10 << 5 << u"(5000 ms)"_s;
    QTest::newRow("negative wait") << -1 << 2000 << u"k"_s << 10 << 5 << u"(-1 ms)"_s;
    QTest::newRow("no key") << 100 << 2000 << QString() << 10 << 5 << u"no key"_s;
    QTest::newRow("count 0") << 100 << 2000 << u"k"_s << 0 << 5 << u"at least 1 message"_s;
    QTest::newRow("delivery limit 0") << 100 << 2000 << u"k"_s << 10 << 0 << u"delivery limit"_s;
}

void tst_RedisSource::refusesOptions()
{
    QFETCH(int, blockMs);
    QFETCH(int, commandMs);
    QFETCH(QString, key);
    QFETCH(int, count);
    QFETCH(int, maxDeliveries);
    QFETCH(QString, message);

    RedisSourceOptions refusedOptions = options(key);
    refusedOptions.blockMs = blockMs;
    refusedOptions.timeouts.commandMs = commandMs;
    refusedOptions.count = count;
    refusedOptions.maxDeliveries = maxDeliveries;
    for (Mode mode : {Mode::Stream, Mode::List, Mode::PubSub}) {
        const auto created = RedisSource::create(mode, refusedOptions);
        QVERIFY(!created.ok());
        QCOMPARE(created.error().kind, StorageError::Kind::InvalidArgument);
        QVERIFY2(created.errorMessage().contains(message), qPrintable(created.errorMessage()));
    }

    RedisSourceOptions fine = options(u"k"_s);
    fine.blockMs = commandMs - 1;
    fine.timeouts.commandMs = commandMs;
    QVERIFY2(RedisSource::create(Mode::Stream, fine).ok(), "a wait just below the timeout is fine");
}

void tst_RedisSource::connectionRefused_data()
{
    QTest::addColumn<Mode>("mode");
    QTest::addColumn<QString>("advice");
    QTest::newRow("stream") << Mode::Stream << u"Nothing is lost"_s;
    QTest::newRow("list") << Mode::List << u"Nothing is lost"_s;
    QTest::newRow("pubsub") << Mode::PubSub << u"are lost"_s;
}

void tst_RedisSource::connectionRefused()
{
    QFETCH(Mode, mode);
    QFETCH(QString, advice);
    // Port 1 is privileged and nothing of ours listens there.
    RedisSourceOptions closed = options(uniqueKey("refused"));
    closed.url = RedisUrl::local(1);
    auto created = RedisSource::create(mode, closed);
    QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
    RedisSource &source = *created.value();

    const auto opened = source.open();
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, StorageError::Kind::ConnectionLost);
    const QString message = opened.errorMessage();
    QVERIFY2(message.contains(closed.key), qPrintable(message));
    QVERIFY2(message.contains(u"127.0.0.1:1"_s), qPrintable(message));
    QVERIFY2(message.contains(u"cannot be reached"_s), qPrintable(message));
    QVERIFY2(message.contains(u"Check that Redis is running"_s), qPrintable(message));
    QVERIFY2(message.contains(advice), qPrintable(message));
    QVERIFY(!source.isConnected());

    const auto fetched = source.fetch();
    QVERIFY(!fetched.ok());
    QCOMPARE(fetched.error().kind, StorageError::Kind::ConnectionLost);
}

void tst_RedisSource::modeNamesAndDefaults()
{
    for (Mode mode : {Mode::Stream, Mode::List, Mode::PubSub})
        QCOMPARE(RedisSource::modeFromName(RedisSource::modeName(mode)), mode);
    QCOMPARE(RedisSource::modeFromName(u"PubSub"_s), Mode::PubSub);
    QVERIFY(!RedisSource::modeFromName(u"kafka"_s).has_value());

    const auto created = RedisSource::create(Mode::Stream, options(u"k"_s, QString()));
    QVERIFY(created.ok());
    const QString consumer = created.value()->options().consumer;
    QVERIFY2(consumer.endsWith(u'-' + QString::number(QCoreApplication::applicationPid())),
             qPrintable(consumer));
    QCOMPARE(created.value()->options().group, u"porthole"_s);
}

void tst_RedisSource::streamCreatesMissingGroup()
{
    const QString key = uniqueKey("stream-group");
    QCOMPARE(redis({"EXISTS", key.toUtf8()}).integer, 0LL);
    {
        OPEN_SOURCE(source, Mode::Stream, options(key));
        QCOMPARE(source->mode(), Mode::Stream);
        QVERIFY(source->isConnected());
        QVERIFY(!source->atMostOnce());
    }
    const RedisReply groups = redis({"XINFO", "GROUPS", key.toUtf8()});
    QCOMPARE(groups.type, RedisReply::Type::Array);
    QCOMPARE(groups.elements.size(), 1);
    QVERIFY(groups.elements.at(0).elements.size() >= 2);
    QCOMPARE(groups.elements.at(0).elements.at(1).text, QByteArray("porthole"));

    // An existing group is used as it is; entries written before the group existed are read.
    const QString older = uniqueKey("stream-before-group");
    const QByteArray id = add(older, "written before the group");
    OPEN_SOURCE(first, Mode::Stream, options(older));
    OPEN_SOURCE(second, Mode::Stream, options(older, u"c2"_s));
    QString error;
    const SourceFetch fetched = fetchUntil(*second, 1, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(keysOf(fetched.deliveries),
             QStringList{u"stream:"_s + older + u':' + QString::fromLatin1(id)});
}

void tst_RedisSource::streamFetchAndAcknowledge()
{
    const QString key = uniqueKey("stream-ack");
    RedisSourceOptions opts = options(key);
    opts.count = 3;
    OPEN_SOURCE(source, Mode::Stream, opts);

    QStringList expectedKeys;
    QByteArrayList expectedPayloads;
    for (int i = 0; i < 5; ++i) {
        const QByteArray payload = "message " + QByteArray::number(i);
        const QByteArray id = add(key, payload);
        QVERIFY(!id.isEmpty());
        expectedKeys << u"stream:"_s + key + u':' + QString::fromLatin1(id);
        expectedPayloads << payload;
    }

    const QDateTime before = QDateTime::currentDateTimeUtc();
    const auto first = source->fetch();
    QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
    QCOMPARE(first->deliveries.size(), 3); // count
    const auto second = source->fetch();
    QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
    const QList<Delivery> all = first->deliveries + second->deliveries;
    QCOMPARE(keysOf(all), expectedKeys);
    QCOMPARE(payloadsOf(all), expectedPayloads);
    for (const Delivery &delivery : all) {
        QCOMPARE(delivery.source, key);
        QCOMPARE(delivery.deliveryCount, 1);
        QVERIFY(!delivery.fieldsAsJson);
        QVERIFY(delivery.deadReason.isEmpty());
        QCOMPARE(delivery.receivedAt.timeSpec(), Qt::UTC);
        QVERIFY(delivery.receivedAt >= before.addSecs(-1));
        QVERIFY(delivery.receivedAt <= QDateTime::currentDateTimeUtc());
    }
    QVERIFY(first->lostAtSource.isEmpty());

    auto stats = source->stats();
    QVERIFY2(stats.ok(), qPrintable(stats.errorMessage()));
    QCOMPARE(stats->pending, 5LL);
    QCOMPARE(stats->length, 5LL);
    QVERIFY(stats->oldestPendingAgeMs >= 0);
    QCOMPARE(stats->lostAtSource, 0LL);

    const auto acked = source->acknowledge(all);
    QVERIFY2(acked.ok(), qPrintable(acked.errorMessage()));
    QCOMPARE(pendingCount(key), 0LL);
    stats = source->stats();
    QVERIFY(stats.ok());
    QCOMPARE(stats->pending, 0LL);
    QCOMPARE(stats->oldestPendingAgeMs, -1LL);

    QElapsedTimer waited;
    waited.start();
    const auto empty = source->fetch();
    QVERIFY2(empty.ok(), qPrintable(empty.errorMessage()));
    QVERIFY(empty->deliveries.isEmpty());
    QVERIFY2(waited.elapsed() >= 80, "an empty fetch waits for new entries");

    Delivery foreign = all.first();
    foreign.key = u"stream:another-key:1-1"_s;
    const auto refused = source->acknowledge({foreign});
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, StorageError::Kind::InvalidArgument);
}

// While one group is being stored the worker takes the next without waiting; each is
// acknowledged on its own.
void tst_RedisSource::streamFetchesAheadOfAcknowledging()
{
    const QString key = uniqueKey("stream-ahead");
    RedisSourceOptions opts = options(key);
    opts.count = 2;
    opts.timeouts = {2000, 10000};
    opts.blockMs = 8000; // a fetch that waited would be plain to see
    OPEN_SOURCE(source, Mode::Stream, opts);
    QStringList keys;
    for (int i = 0; i < 5; ++i)
        keys << u"stream:"_s + key + u':' +
                    QString::fromLatin1(add(key, "message " + QByteArray::number(i)));

    const auto first = source->fetch();
    QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
    const auto ahead = source->fetchAhead();
    QVERIFY2(ahead.ok(), qPrintable(ahead.errorMessage()));
    QCOMPARE(keysOf(first->deliveries + ahead->deliveries), keys.mid(0, 4));
    QCOMPARE(pendingCount(key), 4LL);

    QVERIFY(source->acknowledge(first->deliveries).ok());
    QCOMPARE(pendingCount(key), 2LL);
    const auto last = source->fetchAhead();
    QVERIFY2(last.ok(), qPrintable(last.errorMessage()));
    QCOMPARE(keysOf(last->deliveries), keys.mid(4));

    QElapsedTimer waited;
    waited.start();
    const auto none = source->fetchAhead();
    QVERIFY2(none.ok(), qPrintable(none.errorMessage()));
    QVERIFY(none->deliveries.isEmpty());
    QVERIFY2(waited.elapsed() < opts.blockMs, "fetching ahead does not wait for new entries");

    QVERIFY(source->acknowledge(ahead->deliveries + last->deliveries).ok());
    QCOMPARE(pendingCount(key), 0LL);
}

void tst_RedisSource::streamTrimmedEntriesAreLost_data()
{
    QTest::addColumn<bool>("byAnotherConsumer");
    QTest::addColumn<QList<QByteArray>>("removal");
    QTest::addColumn<QList<int>>("lostIndexes");
    QTest::addColumn<QList<int>>("keptIndexes");

    QTest::newRow("own pending list, XTRIM")
        << false << QList<QByteArray>{"XTRIM", "MAXLEN", "1"} << QList<int>{0, 1} << QList<int>{2};
    QTest::newRow("own pending list, XTRIM to nothing")
        << false << QList<QByteArray>{"XTRIM", "MAXLEN", "0"} << QList<int>{0, 1, 2}
        << QList<int>{};
    QTest::newRow("another consumer's, XDEL")
        << true << QList<QByteArray>{"XDEL", "#1"} << QList<int>{1} << QList<int>{0, 2};
}

void tst_RedisSource::streamTrimmedEntriesAreLost()
{
    QFETCH(bool, byAnotherConsumer);
    QFETCH(QList<QByteArray>, removal);
    QFETCH(QList<int>, lostIndexes);
    QFETCH(QList<int>, keptIndexes);

    const QString key = uniqueKey("stream-trimmed");
    QByteArrayList ids;
    for (int i = 0; i < 3; ++i)
        ids << add(key, "entry " + QByteArray::number(i));
    {
        OPEN_SOURCE(crashed, Mode::Stream, options(key, u"crashed"_s));
        const auto fetched = crashed->fetch();
        QVERIFY(fetched.ok());
        QCOMPARE(fetched->deliveries.size(), 3);
    }
    QList<QByteArray> command{removal.first(), key.toUtf8()};
    for (const QByteArray &arg : removal.mid(1))
        command << (arg.startsWith('#') ? ids.at(arg.mid(1).toInt()) : arg);
    const RedisReply removed = redis(command);
    QVERIFY2(!removed.isError(), removed.text.constData());

    RedisSourceOptions opts = options(key, byAnotherConsumer ? u"helper"_s : u"crashed"_s);
    opts.claimIdleMs = 50;
    opts.blockMs = 20;
    OPEN_SOURCE(source, Mode::Stream, opts);
    QString error;
    const SourceFetch fetched = fetchUntil(*source, 3, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QList<QByteArray> expectedLost;
    for (int index : lostIndexes)
        expectedLost << ids.at(index);
    QStringList expectedKept;
    for (int index : keptIndexes)
        expectedKept << u"stream:"_s + key + u':' + QString::fromLatin1(ids.at(index));
    QList<QByteArray> lost = fetched.lostAtSource;
    std::sort(lost.begin(), lost.end());
    QCOMPARE(lost, expectedLost);
    QCOMPARE(keysOf(fetched.deliveries), expectedKept);

    const auto stats = source->stats();
    QVERIFY(stats.ok());
    QCOMPARE(stats->lostAtSource, expectedLost.size());
    QVERIFY(source->acknowledge(fetched.deliveries).ok());
    QCOMPARE(pendingCount(key), 0LL);

    // They do not come back.
    const auto again = source->fetch();
    QVERIFY(again.ok());
    QVERIFY(again->deliveries.isEmpty());
    QVERIFY(again->lostAtSource.isEmpty());
}

void tst_RedisSource::streamPayloadFromFields_data()
{
    QTest::addColumn<QByteArrayList>("fields");
    QTest::addColumn<QByteArray>("payload"); // empty: the pairs of a dead letter
    QTest::addColumn<bool>("fieldsAsJson");
    QTest::addColumn<QString>("deadBecause"); // a part of the reason; empty: not dead

    const QByteArray binary("\x00\xff\xfe bytes\r\n", 10);
    QTest::newRow("payload field")
        << QByteArrayList{"payload", "{\"n\":1}"} << QByteArray("{\"n\":1}") << false << QString();
    QTest::newRow("payload among other fields, binary")
        << QByteArrayList{"type", "raw", "payload", binary, "ts", "17"} << binary << false
        << QString();
    QTest::newRow("no payload field")
        << QByteArrayList{"sensor", "t1", "value", "21.5"}
        << QByteArray(R"({"sensor":"t1","value":"21.5"})") << true << QString();
    QTest::newRow("no payload field, quotes and unicode, in the entry's order")
        << QByteArrayList{"text", "say \"hi\"", "city", "Z\xc3\xbcrich"}
        << QByteArray(R"({"text":"say \"hi\"","city":"Z)"
                      "\xc3\xbc"
                      R"(rich"})")
        << true << QString();
    QTest::newRow("a name twice") << QByteArrayList{"a", "first", "b", "x", "a", "second"}
                                  << QByteArray() << true
                                  << u"the field \"a\" more than once (fields 1 and 3)"_s;
    QTest::newRow("a name that is not UTF-8")
        << QByteArrayList{"ok", "1", "caf\xe9", "2"} << QByteArray() << true
        << u"name of the stream entry's field 2 is not UTF-8"_s;
    QTest::newRow("a value that is not UTF-8")
        << QByteArrayList{"reading", binary, "unit", "C"} << QByteArray() << true
        << u"value of the stream entry's field \"reading\" is not UTF-8"_s;
    QTest::newRow("payload twice") << QByteArrayList{"payload", "one", "payload", "two"}
                                   << QByteArray() << true << u"2 fields named \"payload\""_s;
}

void tst_RedisSource::streamPayloadFromFields()
{
    QFETCH(QByteArrayList, fields);
    QFETCH(QByteArray, payload);
    QFETCH(bool, fieldsAsJson);
    QFETCH(QString, deadBecause);

    const QString key = uniqueKey("stream-fields");
    QList<QByteArray> command{"XADD", key.toUtf8(), "*"};
    command += fields;
    QVERIFY(!redis(command).isError());
    OPEN_SOURCE(source, Mode::Stream, options(key));
    const auto fetched = source->fetch();
    QVERIFY2(fetched.ok(), qPrintable(fetched.errorMessage()));
    QCOMPARE(fetched->deliveries.size(), 1);
    const Delivery &delivery = fetched->deliveries.first();
    QCOMPARE(delivery.fieldsAsJson, fieldsAsJson);
    if (deadBecause.isEmpty()) {
        QCOMPARE(delivery.payload, payload);
        QVERIFY2(delivery.deadReason.isEmpty(), qPrintable(delivery.deadReason));
    } else {
        // Kept whole: every field, in order, byte for byte.
        QVERIFY2(delivery.deadReason.contains(deadBecause), qPrintable(delivery.deadReason));
        const auto kept = porthole::streamEntryFromPairs(delivery.payload);
        QVERIFY2(kept.has_value(), delivery.payload.constData());
        QCOMPARE(*kept, fields);
    }
    QVERIFY(source->acknowledge(fetched->deliveries).ok());
}

void tst_RedisSource::streamReconnectsAfterConnectionLoss()
{
    const QString key = uniqueKey("stream-reconnect");
    const QString consumer = u"reconnect-"_s + QUuid::createUuid().toString(QUuid::Id128);
    OPEN_SOURCE(source, Mode::Stream, options(key, consumer));
    add(key, "one");
    add(key, "two");
    const auto before = source->fetch();
    QVERIFY(before.ok());
    QCOMPARE(before->deliveries.size(), 2);

    QVERIFY2(killConnection(u"porthole-stream-"_s + consumer), "the source names its connection");
    const auto lost = source->fetch();
    QVERIFY(!lost.ok());
    QCOMPARE(lost.error().kind, StorageError::Kind::ConnectionLost);
    QVERIFY2(lost.errorMessage().contains(key), qPrintable(lost.errorMessage()));
    QVERIFY(!source->isConnected());
    QVERIFY(!source->acknowledge(before->deliveries).ok());

    const auto reopened = source->open();
    QVERIFY2(reopened.ok(), qPrintable(reopened.errorMessage()));
    const auto after = source->fetch();
    QVERIFY2(after.ok(), qPrintable(after.errorMessage()));
    QCOMPARE(keysOf(after->deliveries), keysOf(before->deliveries));
    QVERIFY(source->acknowledge(after->deliveries).ok());
    QCOMPARE(pendingCount(key), 0LL);
}

void tst_RedisSource::streamDeletedWhileReading()
{
    const QString key = uniqueKey("stream-deleted");
    OPEN_SOURCE(source, Mode::Stream, options(key));
    add(key, "before");
    const auto before = source->fetch();
    QVERIFY(before.ok());
    QCOMPARE(before->deliveries.size(), 1);
    QVERIFY(source->acknowledge(before->deliveries).ok());

    QCOMPARE(redis({"DEL", key.toUtf8()}).integer, 1LL); // the group goes with the stream
    const auto gone = source->fetch();
    QVERIFY2(gone.ok(), qPrintable(gone.errorMessage()));
    QVERIFY(gone->deliveries.isEmpty());
    QCOMPARE(redis({"XINFO", "GROUPS", key.toUtf8()}).elements.size(), 1);

    const QByteArray id = add(key, "after");
    QString error;
    const SourceFetch after = fetchUntil(*source, 1, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(keysOf(after.deliveries),
             QStringList{u"stream:"_s + key + u':' + QString::fromLatin1(id)});
}

QTEST_GUILESS_MAIN(tst_RedisSource)
#include "tst_redissource.moc"
