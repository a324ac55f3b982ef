// RedisSource in its list and pub/sub modes.

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

class tst_RedisSourceListPubSub : public porthole::test::RedisSourceTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void listFifoAndAcknowledge();
    void listRecoversAfterCrash();
    void listProcessingListWithoutMarker();
    void listAcknowledgesWholeGroups();
    void listDoesNotFetchAhead();

    void pubsubMessagesArrive();
    void pubsubIdleOutlivesCommandTimeout();
    void pubsubConnectionLoss();
};

void tst_RedisSourceListPubSub::initTestCase()
{
    connectToFixture();
}

void tst_RedisSourceListPubSub::listFifoAndAcknowledge()
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

void tst_RedisSourceListPubSub::listRecoversAfterCrash()
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

void tst_RedisSourceListPubSub::listProcessingListWithoutMarker()
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

void tst_RedisSourceListPubSub::listAcknowledgesWholeGroups()
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
void tst_RedisSourceListPubSub::listDoesNotFetchAhead()
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

void tst_RedisSourceListPubSub::pubsubMessagesArrive()
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

void tst_RedisSourceListPubSub::pubsubIdleOutlivesCommandTimeout()
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

void tst_RedisSourceListPubSub::pubsubConnectionLoss()
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

QTEST_GUILESS_MAIN(tst_RedisSourceListPubSub)
#include "tst_redissourcelistpubsub.moc"
