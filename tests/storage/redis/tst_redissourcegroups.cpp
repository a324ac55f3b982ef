// RedisSource on a stream's consumer group: pending entries recovered and claimed, consumers
// listed and forgotten, and entries delivered too often set aside.

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

class tst_RedisSourceGroups : public porthole::test::RedisSourceTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void streamRecoversOwnPendingFirst();
    void streamClaimsIdleEntriesOfOthers();
    void streamListsAndForgetsConsumers();
    void streamConsumerHoldingEntriesIsKept();
    void streamDeadLetterPastDeliveryLimit_data();
    void streamDeadLetterPastDeliveryLimit();
};

void tst_RedisSourceGroups::initTestCase()
{
    connectToFixture();
}

void tst_RedisSourceGroups::streamRecoversOwnPendingFirst()
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

void tst_RedisSourceGroups::streamClaimsIdleEntriesOfOthers()
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

void tst_RedisSourceGroups::streamListsAndForgetsConsumers()
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

void tst_RedisSourceGroups::streamConsumerHoldingEntriesIsKept()
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

void tst_RedisSourceGroups::streamDeadLetterPastDeliveryLimit_data()
{
    QTest::addColumn<int>("limit");
    QTest::newRow("limit 1") << 1;
    QTest::newRow("limit 3") << 3;
}

void tst_RedisSourceGroups::streamDeadLetterPastDeliveryLimit()
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

QTEST_GUILESS_MAIN(tst_RedisSourceGroups)
#include "tst_redissourcegroups.moc"
