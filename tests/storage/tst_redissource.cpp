#include "redisclient.h"
#include "redissource.h"
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
using Mode = RedisSource::Mode;

namespace {

QStringList keysOf(const QList<Delivery> &deliveries)
{
    QStringList keys;
    for (const Delivery &delivery : deliveries)
        keys << delivery.key;
    return keys;
}

QByteArrayList payloadsOf(const QList<Delivery> &deliveries)
{
    QByteArrayList payloads;
    for (const Delivery &delivery : deliveries)
        payloads << delivery.payload;
    return payloads;
}

} // namespace

class tst_RedisSource : public QObject
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
    void streamRecoversOwnPendingFirst();
    void streamClaimsIdleEntriesOfOthers();
    void streamListsAndForgetsConsumers();
    void streamConsumerHoldingEntriesIsKept();
    void streamDeadLetterPastDeliveryLimit_data();
    void streamDeadLetterPastDeliveryLimit();
    void streamTrimmedEntriesAreLost_data();
    void streamTrimmedEntriesAreLost();
    void streamPayloadFromFields_data();
    void streamPayloadFromFields();
    void streamReconnectsAfterConnectionLoss();
    void streamDeletedWhileReading();

    void listFifoAndAcknowledge();
    void listRecoversAfterCrash();
    void listProcessingListWithoutMarker();
    void listAcknowledgesWholeGroups();
    void listDoesNotFetchAhead();

    void pubsubMessagesArrive();
    void pubsubIdleOutlivesCommandTimeout();
    void pubsubConnectionLoss();

private:
    QString uniqueKey(const char *name) const
    {
        return m_prefix + QString::fromLatin1(name) + u':' +
               QUuid::createUuid().toString(QUuid::WithoutBraces);
    }
    RedisSourceOptions options(const QString &key, const QString &consumer = u"c1"_s) const;
    std::unique_ptr<RedisSource> openSource(Mode mode, const RedisSourceOptions &options,
                                            QString *error) const;
    RedisReply redis(const QList<QByteArray> &args);
    QByteArray add(const QString &key, const QByteArray &payload);
    qint64 pendingCount(const QString &key);
    // Fetches until `wanted` deliveries (or lost ids) came or the deadline passed.
    static SourceFetch fetchUntil(RedisSource &source, qsizetype wanted, QString *error);
    bool killConnection(const QString &clientName);

    RedisUrl m_url;
    RedisClient m_admin;
    QString m_prefix;
};

#define OPEN_SOURCE(var, mode, opts)                                                               \
    QString var##Error;                                                                            \
    auto var = openSource(mode, opts, &var##Error);                                                \
    QVERIFY2(var, qPrintable(var##Error))

void tst_RedisSource::initTestCase()
{
    const auto url = porthole::test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_url = *url;
    const auto connected = m_admin.connect(m_url);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
    m_prefix = u"tst_redissource:"_s;
}

RedisSourceOptions tst_RedisSource::options(const QString &key, const QString &consumer) const
{
    RedisSourceOptions options;
    options.url = m_url;
    options.timeouts = {2000, 2000};
    options.key = key;
    options.consumer = consumer;
    options.blockMs = 100;
    return options;
}

std::unique_ptr<RedisSource>
tst_RedisSource::openSource(Mode mode, const RedisSourceOptions &options, QString *error) const
{
    auto created = RedisSource::create(mode, options);
    if (!created) {
        *error = created.errorMessage();
        return nullptr;
    }
    std::unique_ptr<RedisSource> source = std::move(created).value();
    const auto opened = source->open();
    if (!opened) {
        *error = opened.errorMessage();
        return nullptr;
    }
    return source;
}

RedisReply tst_RedisSource::redis(const QList<QByteArray> &args)
{
    auto reply = m_admin.command(args);
    if (reply)
        return *reply;
    RedisReply failed;
    failed.type = RedisReply::Type::Error;
    failed.text = reply.errorMessage().toUtf8();
    return failed;
}

QByteArray tst_RedisSource::add(const QString &key, const QByteArray &payload)
{
    return redis({"XADD", key.toUtf8(), "*", "payload", payload}).text;
}

qint64 tst_RedisSource::pendingCount(const QString &key)
{
    const RedisReply summary = redis({"XPENDING", key.toUtf8(), "porthole"});
    return summary.elements.isEmpty() ? -1 : summary.elements.at(0).integer;
}

SourceFetch tst_RedisSource::fetchUntil(RedisSource &source, qsizetype wanted, QString *error)
{
    SourceFetch all;
    const QDeadlineTimer deadline(10000);
    while (all.deliveries.size() + all.lostAtSource.size() < wanted && !deadline.hasExpired()) {
        auto fetched = source.fetch();
        if (!fetched) {
            *error = fetched.errorMessage();
            break;
        }
        all.deliveries += fetched->deliveries;
        all.lostAtSource += fetched->lostAtSource;
    }
    return all;
}

bool tst_RedisSource::killConnection(const QString &clientName)
{
    const RedisReply list = redis({"CLIENT", "LIST"});
    const QByteArray name = " name=" + clientName.toUtf8() + ' ';
    for (const QByteArray &line : list.text.split('\n')) {
        if (!line.contains(name))
            continue;
        for (const QByteArray &field : line.split(' ')) {
            if (field.startsWith("id="))
                return redis({"CLIENT", "KILL", "ID", field.mid(3)}).integer == 1;
        }
    }
    return false;
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

// --- Stream ------------------------------------------------------------------------------

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

void tst_RedisSource::streamRecoversOwnPendingFirst()
{
    const QString key = uniqueKey("stream-recover");
    QStringList pendingKeys;
    {
        OPEN_SOURCE(crashed, Mode::Stream, options(key));
        for (int i = 0; i < 3; ++i)
            add(key, "pending " + QByteArray::number(i));
        const auto fetched = crashed->fetch();
        QVERIFY2(fetched.ok(), qPrintable(fetched.errorMessage()));
        QCOMPARE(fetched->deliveries.size(), 3);
        pendingKeys = keysOf(fetched->deliveries);
        // Gone without acknowledging.
    }
    QStringList newKeys;
    for (int i = 0; i < 2; ++i)
        newKeys << u"stream:"_s + key + u':' + QString::fromLatin1(add(key, "new"));

    RedisSourceOptions paged = options(key);
    paged.count = 2; // the recovery takes two pages
    OPEN_SOURCE(source, Mode::Stream, paged);
    QList<Delivery> recovered;
    for (int page = 0; page < 2; ++page) {
        const auto fetched = source->fetch();
        QVERIFY2(fetched.ok(), qPrintable(fetched.errorMessage()));
        recovered += fetched->deliveries;
    }
    QCOMPARE(keysOf(recovered), pendingKeys);
    for (const Delivery &delivery : std::as_const(recovered)) {
        QCOMPARE(delivery.deliveryCount, 2);
        QVERIFY(delivery.payload.startsWith("pending "));
    }

    const auto fresh = source->fetch();
    QVERIFY2(fresh.ok(), qPrintable(fresh.errorMessage()));
    QCOMPARE(keysOf(fresh->deliveries), newKeys);
    for (const Delivery &delivery : fresh->deliveries)
        QCOMPARE(delivery.deliveryCount, 1);

    QVERIFY(source->acknowledge(recovered + fresh->deliveries).ok());
    QCOMPARE(pendingCount(key), 0LL);
}

void tst_RedisSource::streamClaimsIdleEntriesOfOthers()
{
    const QString key = uniqueKey("stream-claim");
    for (int i = 0; i < 3; ++i)
        add(key, "claim me " + QByteArray::number(i));

    OPEN_SOURCE(stuck, Mode::Stream, options(key, u"stuck"_s));
    QElapsedTimer sinceDelivered;
    sinceDelivered.start();
    const auto taken = stuck->fetch();
    QVERIFY2(taken.ok(), qPrintable(taken.errorMessage()));
    QCOMPARE(taken->deliveries.size(), 3);

    constexpr qint64 idleMs = 300;
    RedisSourceOptions helperOptions = options(key, u"helper"_s);
    helperOptions.claimIdleMs = idleMs;
    helperOptions.blockMs = 50;
    OPEN_SOURCE(helper, Mode::Stream, helperOptions);
    QString error;
    const SourceFetch claimed = fetchUntil(*helper, 3, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(sinceDelivered.elapsed() >= idleMs, "entries are taken over only once idle");
    QCOMPARE(keysOf(claimed.deliveries), keysOf(taken->deliveries));
    QCOMPARE(payloadsOf(claimed.deliveries), payloadsOf(taken->deliveries));
    for (const Delivery &delivery : claimed.deliveries)
        QCOMPARE(delivery.deliveryCount, 2);

    const RedisReply owners = redis({"XPENDING", key.toUtf8(), "porthole", "-", "+", "10"});
    QCOMPARE(owners.elements.size(), 3);
    for (const RedisReply &row : owners.elements)
        QCOMPARE(row.elements.at(1).text, QByteArray("helper"));

    QVERIFY(helper->acknowledge(claimed.deliveries).ok());
    QCOMPARE(pendingCount(key), 0LL);
}

namespace {

QStringList consumerNames(const QList<porthole::StreamConsumer> &consumers)
{
    QStringList names;
    for (const porthole::StreamConsumer &consumer : consumers)
        names << consumer.name;
    return names;
}

} // namespace

void tst_RedisSource::streamListsAndForgetsConsumers()
{
    // A worker that dies holding entries: its entries are taken over by another, then, once it
    // has been idle long enough and holds nothing, it leaves the group's list.
    const QString key = uniqueKey("stream-forget");
    for (int i = 0; i < 3; ++i)
        add(key, "held " + QByteArray::number(i));
    OPEN_SOURCE(gone, Mode::Stream, options(key, u"gone"_s));
    const auto held = gone->fetch();
    QVERIFY2(held.ok(), qPrintable(held.errorMessage()));
    QCOMPARE(held->deliveries.size(), 3);

    RedisSourceOptions survivorOptions = options(key, u"survivor"_s);
    survivorOptions.claimIdleMs = 200;
    survivorOptions.forgetIdleMs = 500;
    survivorOptions.blockMs = 50;
    OPEN_SOURCE(survivor, Mode::Stream, survivorOptions);
    auto stats = survivor->stats();
    QVERIFY2(stats.ok(), qPrintable(stats.errorMessage()));
    // A consumer is listed from its first read on.
    QCOMPARE(consumerNames(stats->consumers), QStringList{u"gone"_s});
    QCOMPARE(stats->consumers.at(0).pending, 3);

    QString error;
    const SourceFetch claimed = fetchUntil(*survivor, 3, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(keysOf(claimed.deliveries), keysOf(held->deliveries));
    QVERIFY(survivor->acknowledge(claimed.deliveries).ok());

    // Fetching goes on; a later pass over the pending entries removes the idle consumer.
    const QDeadlineTimer deadline(10000);
    QStringList names;
    while (!deadline.hasExpired()) {
        QVERIFY(survivor->fetch().ok());
        stats = survivor->stats();
        QVERIFY2(stats.ok(), qPrintable(stats.errorMessage()));
        names = consumerNames(stats->consumers);
        if (names == QStringList{u"survivor"_s})
            break;
        // Until then it is listed, holding nothing.
        QCOMPARE(names, QStringList({u"gone"_s, u"survivor"_s}));
        QCOMPARE(stats->consumers.at(0).pending, 0);
    }
    QCOMPARE(names, QStringList{u"survivor"_s});

    // A clean stop removes the consumer when it holds nothing.
    QVERIFY(survivor->leave().ok());
    QVERIFY(redis({"XINFO", "CONSUMERS", key.toUtf8(), "porthole"}).elements.isEmpty());
}

void tst_RedisSource::streamConsumerHoldingEntriesIsKept()
{
    const QString key = uniqueKey("stream-keep");
    RedisSourceOptions tooSoon = options(key, u"holder"_s);
    tooSoon.claimIdleMs = 1000;
    tooSoon.forgetIdleMs = 999; // would remove consumers before their entries were taken over
    const auto refused = RedisSource::create(Mode::Stream, tooSoon);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.errorMessage().contains(u"taken over"_s), qPrintable(refused.errorMessage()));

    add(key, "kept");
    OPEN_SOURCE(holder, Mode::Stream, options(key, u"holder"_s));
    const auto held = holder->fetch();
    QVERIFY2(held.ok(), qPrintable(held.errorMessage()));
    QCOMPARE(held->deliveries.size(), 1);
    OPEN_SOURCE(idle, Mode::Stream, options(key, u"idle"_s));
    QVERIFY(idle->fetch().ok()); // registers "idle", which gets nothing

    // Both idle past 50 ms (read from Redis, not slept for).
    const QDeadlineTimer deadline(10000);
    bool bothIdle = false;
    while (!bothIdle && !deadline.hasExpired()) {
        const auto consumers = porthole::readStreamConsumers(m_admin, key.toUtf8(), "porthole");
        QVERIFY2(consumers.ok(), qPrintable(consumers.errorMessage()));
        bothIdle = std::all_of(consumers->begin(), consumers->end(),
                               [](const porthole::StreamConsumer &c) { return c.idleMs >= 50; });
    }
    QVERIFY(bothIdle);
    const auto forgotten =
        porthole::forgetIdleConsumers(m_admin, key.toUtf8(), "porthole", 50, "nobody");
    QVERIFY2(forgotten.ok(), qPrintable(forgotten.errorMessage()));
    QCOMPARE(*forgotten, QStringList{u"idle"_s});

    // leave() keeps a consumer that holds entries: they must stay claimable.
    QVERIFY(holder->leave().ok());
    const auto consumers = porthole::readStreamConsumers(m_admin, key.toUtf8(), "porthole");
    QVERIFY2(consumers.ok(), qPrintable(consumers.errorMessage()));
    QCOMPARE(consumerNames(*consumers), QStringList{u"holder"_s});
    QCOMPARE(consumers->at(0).pending, 1);
    QCOMPARE(pendingCount(key), 1LL);
}

void tst_RedisSource::streamDeadLetterPastDeliveryLimit_data()
{
    QTest::addColumn<int>("limit");
    QTest::newRow("limit 1") << 1;
    QTest::newRow("limit 3") << 3;
}

void tst_RedisSource::streamDeadLetterPastDeliveryLimit()
{
    QFETCH(int, limit);
    const QString key = uniqueKey("stream-poison");
    const QByteArray id = add(key, "poison");
    RedisSourceOptions opts = options(key);
    opts.maxDeliveries = limit;
    OPEN_SOURCE(source, Mode::Stream, opts);

    QList<Delivery> last;
    for (int delivery = 1; delivery <= limit + 1; ++delivery) {
        if (delivery > 1) // a worker that crashed on it, again and again
            QVERIFY(source->open().ok());
        const auto fetched = source->fetch();
        QVERIFY2(fetched.ok(), qPrintable(fetched.errorMessage()));
        QCOMPARE(fetched->deliveries.size(), 1);
        const Delivery &entry = fetched->deliveries.constFirst();
        QCOMPARE(entry.key, u"stream:"_s + key + u':' + QString::fromLatin1(id));
        QCOMPARE(entry.deliveryCount, delivery);
        QCOMPARE(entry.payload, QByteArray("poison"));
        if (delivery <= limit)
            QVERIFY2(entry.deadReason.isEmpty(), qPrintable(entry.deadReason));
        else
            QCOMPARE(entry.deadReason,
                     u"delivered %1 times, more than the limit of %2"_s.arg(delivery).arg(limit));
        last = fetched->deliveries;
    }
    QVERIFY(source->acknowledge(last).ok());
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

// --- List --------------------------------------------------------------------------------

void tst_RedisSource::listFifoAndAcknowledge()
{
    const QString key = uniqueKey("list-fifo");
    const QByteArray processing = key.toUtf8() + ":processing:c1";
    // Producers push on the left; m1 is the oldest.
    QVERIFY(!redis({"LPUSH", key.toUtf8(), "m1"}).isError());
    QVERIFY(!redis({"LPUSH", key.toUtf8(), "m2", "m3", "m4", "m5"}).isError());

    RedisSourceOptions opts = options(key);
    opts.count = 2;
    OPEN_SOURCE(source, Mode::List, opts);
    QVERIFY(!source->atMostOnce());

    QByteArrayList order;
    QSet<QString> groups;
    for (int group = 0; group < 3; ++group) {
        const auto fetched = source->fetch();
        QVERIFY2(fetched.ok(), qPrintable(fetched.errorMessage()));
        QCOMPARE(fetched->deliveries.size(), group < 2 ? 2 : 1);
        const QString prefix = fetched->deliveries.first().key.section(u':', 0, -2);
        QVERIFY2(prefix.startsWith(u"list:"_s + key + u':'), qPrintable(prefix));
        groups.insert(prefix);
        for (int i = 0; i < fetched->deliveries.size(); ++i) {
            const Delivery &delivery = fetched->deliveries.at(i);
            QCOMPARE(delivery.key, prefix + u':' + QString::number(i));
            QCOMPARE(delivery.source, key);
            QCOMPARE(delivery.deliveryCount, 1);
            order << delivery.payload;
        }
        const RedisReply held = redis({"LRANGE", processing, "0", "-1"});
        QCOMPARE(held.elements.size(), fetched->deliveries.size() + 1);
        QVERIFY(held.elements.last().text.startsWith("porthole:group:"));
        QVERIFY(prefix.endsWith(QString::fromUtf8(held.elements.last().text.mid(15))));
        const auto stats = source->stats();
        QVERIFY(stats.ok());
        QCOMPARE(stats->pending, fetched->deliveries.size());
        QCOMPARE(stats->length, qMax(0LL, 3LL - 2 * group));
        QVERIFY(stats->oldestPendingAgeMs >= 0);

        QVERIFY(source->acknowledge(fetched->deliveries).ok());
        QCOMPARE(redis({"EXISTS", processing}).integer, 0LL);
    }
    QCOMPARE(order, (QByteArrayList{"m1", "m2", "m3", "m4", "m5"}));
    QCOMPARE(groups.size(), 3);

    const auto empty = source->fetch();
    QVERIFY2(empty.ok(), qPrintable(empty.errorMessage()));
    QVERIFY(empty->deliveries.isEmpty());
    QCOMPARE(redis({"EXISTS", processing}).integer, 0LL); // nothing left behind while idle
    QVERIFY(source->acknowledge({}).ok());
}

void tst_RedisSource::listRecoversAfterCrash()
{
    const QString key = uniqueKey("list-crash");
    const QByteArray processing = key.toUtf8() + ":processing:c1";
    QVERIFY(!redis({"LPUSH", key.toUtf8(), "a", "b", "c"}).isError());
    QList<Delivery> before;
    {
        OPEN_SOURCE(crashed, Mode::List, options(key));
        const auto fetched = crashed->fetch();
        QVERIFY(fetched.ok());
        before = fetched->deliveries;
        QCOMPARE(payloadsOf(before), (QByteArrayList{"a", "b", "c"}));
    }
    QVERIFY(!redis({"LPUSH", key.toUtf8(), "d"}).isError());

    OPEN_SOURCE(source, Mode::List, options(key));
    const auto stats = source->stats();
    QVERIFY(stats.ok());
    QCOMPARE(stats->pending, 3LL);
    QCOMPARE(stats->length, 1LL);
    const auto recovered = source->fetch();
    QVERIFY2(recovered.ok(), qPrintable(recovered.errorMessage()));
    QCOMPARE(keysOf(recovered->deliveries), keysOf(before));
    QCOMPARE(payloadsOf(recovered->deliveries), payloadsOf(before));

    const auto early = source->fetch();
    QVERIFY2(!early.ok(), "a list group is acknowledged before the next fetch");
    QVERIFY2(early.errorMessage().contains(u"not acknowledged"_s),
             qPrintable(early.errorMessage()));

    QVERIFY(source->acknowledge(recovered->deliveries).ok());
    QCOMPARE(redis({"EXISTS", processing}).integer, 0LL);
    const auto next = source->fetch();
    QVERIFY(next.ok());
    QCOMPARE(payloadsOf(next->deliveries), QByteArrayList{"d"});
    QVERIFY(next->deliveries.first().key.section(u':', 0, -2) !=
            before.first().key.section(u':', 0, -2));
    QVERIFY(source->acknowledge(next->deliveries).ok());
}

void tst_RedisSource::listProcessingListWithoutMarker()
{
    const QString key = uniqueKey("list-nomarker");
    const QByteArray processing = key.toUtf8() + ":processing:c1";
    // Written by someone else: two elements, no marker; the right end is the oldest.
    QVERIFY(!redis({"RPUSH", processing, "newer", "older"}).isError());

    QList<Delivery> first;
    {
        OPEN_SOURCE(source, Mode::List, options(key));
        const auto fetched = source->fetch();
        QVERIFY2(fetched.ok(), qPrintable(fetched.errorMessage()));
        first = fetched->deliveries;
        QCOMPARE(payloadsOf(first), (QByteArrayList{"older", "newer"}));
    }
    OPEN_SOURCE(source, Mode::List, options(key));
    const auto again = source->fetch();
    QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
    QCOMPARE(keysOf(again->deliveries), keysOf(first));
    QVERIFY(source->acknowledge(again->deliveries).ok());
    QCOMPARE(redis({"EXISTS", processing}).integer, 0LL);
}

void tst_RedisSource::listAcknowledgesWholeGroups()
{
    const QString key = uniqueKey("list-whole");
    const QByteArray processing = key.toUtf8() + ":processing:c1";
    QVERIFY(!redis({"LPUSH", key.toUtf8(), "x", "y", "z"}).isError());
    OPEN_SOURCE(source, Mode::List, options(key));
    const auto fetched = source->fetch();
    QVERIFY(fetched.ok());
    QCOMPARE(fetched->deliveries.size(), 3);

    const auto partial = source->acknowledge(fetched->deliveries.mid(0, 2));
    QVERIFY(!partial.ok());
    QCOMPARE(partial.error().kind, StorageError::Kind::InvalidArgument);
    QCOMPARE(redis({"LLEN", processing}).integer, 4LL); // three elements and the marker

    QVERIFY(source->acknowledge(fetched->deliveries).ok());
    QCOMPARE(redis({"EXISTS", processing}).integer, 0LL);
}

// A list's group must be acknowledged before the next is taken: fetching ahead takes nothing.
void tst_RedisSource::listDoesNotFetchAhead()
{
    const QString key = uniqueKey("list-ahead");
    const QByteArray processing = key.toUtf8() + ":processing:c1";
    QVERIFY(!redis({"LPUSH", key.toUtf8(), "x", "y", "z"}).isError());
    RedisSourceOptions opts = options(key);
    opts.count = 2;
    OPEN_SOURCE(source, Mode::List, opts);
    const auto fetched = source->fetch();
    QVERIFY2(fetched.ok(), qPrintable(fetched.errorMessage()));
    QCOMPARE(payloadsOf(fetched->deliveries), (QByteArrayList{"x", "y"}));

    const auto ahead = source->fetchAhead();
    QVERIFY2(ahead.ok(), qPrintable(ahead.errorMessage()));
    QVERIFY(ahead->deliveries.isEmpty());
    QCOMPARE(redis({"LLEN", processing}).integer, 3LL); // two elements and the marker
    QCOMPARE(redis({"LLEN", key.toUtf8()}).integer, 1LL);

    QVERIFY(source->acknowledge(fetched->deliveries).ok());
    const auto next = source->fetch();
    QVERIFY2(next.ok(), qPrintable(next.errorMessage()));
    QCOMPARE(payloadsOf(next->deliveries), QByteArrayList{"z"});
}

// --- Pub/sub -----------------------------------------------------------------------------

void tst_RedisSource::pubsubMessagesArrive()
{
    const QString channel = uniqueKey("pubsub");
    OPEN_SOURCE(source, Mode::PubSub, options(channel));
    QVERIFY(source->atMostOnce());

    const QByteArrayList sent{"first", QByteArray("bin\0ary", 7), "third"};
    for (const QByteArray &message : sent)
        QCOMPARE(redis({"PUBLISH", channel.toUtf8(), message}).integer, 1LL); // one subscriber

    QString error;
    const SourceFetch fetched = fetchUntil(*source, sent.size(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(payloadsOf(fetched.deliveries), sent);
    const QStringList keys = keysOf(fetched.deliveries);
    QCOMPARE(QSet<QString>(keys.cbegin(), keys.cend()).size(), sent.size());
    for (const Delivery &delivery : fetched.deliveries) {
        QVERIFY(delivery.key.startsWith(u"pubsub:"_s + channel + u':'));
        QCOMPARE(delivery.source, channel);
    }
    QVERIFY(source->acknowledge(fetched.deliveries).ok());
    QVERIFY(source->stats().ok());
}

void tst_RedisSource::pubsubIdleOutlivesCommandTimeout()
{
    const QString channel = uniqueKey("pubsub-idle");
    RedisSourceOptions opts = options(channel);
    opts.timeouts.commandMs = 300;
    opts.blockMs = 200;
    OPEN_SOURCE(source, Mode::PubSub, opts);

    QElapsedTimer idle;
    idle.start();
    int fetches = 0;
    while (idle.elapsed() < 3 * opts.timeouts.commandMs) {
        const auto fetched = source->fetch();
        QVERIFY2(fetched.ok(), qPrintable(fetched.errorMessage()));
        QVERIFY(fetched->deliveries.isEmpty());
        ++fetches;
    }
    QVERIFY2(fetches <= 6, "each empty fetch waits about blockMs");
    QVERIFY(source->isConnected());

    QCOMPARE(redis({"PUBLISH", channel.toUtf8(), "still here"}).integer, 1LL);
    QString error;
    const SourceFetch fetched = fetchUntil(*source, 1, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(payloadsOf(fetched.deliveries), QByteArrayList{"still here"});
}

void tst_RedisSource::pubsubConnectionLoss()
{
    const QString channel = uniqueKey("pubsub-lost");
    const QString consumer = u"pubsub-"_s + QUuid::createUuid().toString(QUuid::Id128);
    OPEN_SOURCE(source, Mode::PubSub, options(channel, consumer));
    QVERIFY(killConnection(u"porthole-pubsub-"_s + consumer));
    const auto lost = source->fetch();
    QVERIFY(!lost.ok());
    QCOMPARE(lost.error().kind, StorageError::Kind::ConnectionLost);
    QVERIFY2(lost.errorMessage().contains(u"are lost"_s), qPrintable(lost.errorMessage()));
    QVERIFY(!source->isConnected());

    QVERIFY(source->open().ok());
    QCOMPARE(redis({"PUBLISH", channel.toUtf8(), "after"}).integer, 1LL);
    QString error;
    const SourceFetch fetched = fetchUntil(*source, 1, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(payloadsOf(fetched.deliveries), QByteArrayList{"after"});
}

QTEST_GUILESS_MAIN(tst_RedisSource)
#include "tst_redissource.moc"
