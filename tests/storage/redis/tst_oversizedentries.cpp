#include "bigstreamentry.h"
#include "redisclient.h"
#include "redissource.h"
#include "testservers.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUuid>

#include <algorithm>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;
using porthole::Delivery;
using porthole::RedisClient;
using porthole::RedisReply;
using porthole::RedisSource;
using porthole::RedisSourceOptions;
using porthole::RedisUrl;
using porthole::SourceFetch;
using Mode = RedisSource::Mode;

namespace {

constexpr qint64 ClaimIdleMs = 200;

// Sets an environment variable for the life of the object.
class ScopedEnv
{
public:
    ScopedEnv(const char *name, const QByteArray &value)
        : m_name(name)
    {
        qputenv(name, value);
    }
    ~ScopedEnv() { qunsetenv(m_name); }
    ScopedEnv(const ScopedEnv &) = delete;
    ScopedEnv &operator=(const ScopedEnv &) = delete;

private:
    const char *m_name;
};

} // namespace

// A limit of the Redis client is a property of one entry: an entry too large to read becomes a
// dead letter with what can be kept of it, and the entries after it are delivered.
class tst_OversizedEntries : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void streamEntryOverTheElementLimit_data();
    void streamEntryOverTheElementLimit();
    void listElementOverTheStringLimit();
    void pubsubMessageOverTheStringLimit();

private:
    RedisSourceOptions options(const QString &key) const;
    RedisReply redis(const QList<QByteArray> &args);
    QByteArray add(const QString &key, const QByteArray &payload);
    QByteArray addBigEntry(const QString &key, int pairs);
    // Fetches until `wanted` deliveries came, the deadline passed or a fetch failed.
    static QList<Delivery> fetchUntil(RedisSource &source, qsizetype wanted, QString *error,
                                      QStringList *notices);

    RedisUrl m_url;
    RedisClient m_admin;
};

void tst_OversizedEntries::initTestCase()
{
    const auto url = porthole::test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_url = *url;
    const auto connected = m_admin.connect(m_url);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
}

RedisSourceOptions tst_OversizedEntries::options(const QString &key) const
{
    RedisSourceOptions options;
    options.url = m_url;
    options.timeouts = {2000, 5000};
    options.key = key;
    options.consumer = u"c1"_s;
    options.blockMs = 100;
    options.count = 100;
    return options;
}

RedisReply tst_OversizedEntries::redis(const QList<QByteArray> &args)
{
    auto reply = m_admin.command(args);
    if (reply)
        return *reply;
    RedisReply failed;
    failed.type = RedisReply::Type::Error;
    failed.text = reply.errorMessage().toUtf8();
    return failed;
}

QByteArray tst_OversizedEntries::add(const QString &key, const QByteArray &payload)
{
    return redis({"XADD", key.toUtf8(), "*", "payload", payload}).text;
}

QByteArray tst_OversizedEntries::addBigEntry(const QString &key, int pairs)
{
    QString error;
    const QByteArray id = porthole::test::addBigStreamEntry(m_url, key.toUtf8(), pairs, &error);
    if (id.isEmpty())
        qWarning("%s", qPrintable(error));
    return id;
}

QList<Delivery> tst_OversizedEntries::fetchUntil(RedisSource &source, qsizetype wanted,
                                                 QString *error, QStringList *notices)
{
    QList<Delivery> all;
    const QDeadlineTimer deadline(20000);
    while (all.size() < wanted && !deadline.hasExpired()) {
        auto fetched = source.fetch();
        if (!fetched) {
            *error = fetched.errorMessage();
            break;
        }
        all += fetched->deliveries;
        *notices += fetched->notices;
    }
    return all;
}

void tst_OversizedEntries::streamEntryOverTheElementLimit_data()
{
    QTest::addColumn<QByteArray>("holder"); // the consumer that read them first, and stopped
    QTest::addColumn<int>("pairs");
    QTest::addColumn<QByteArray>("maxElements"); // lowered for the test; empty: the real limit
    // 2.2 million field/value pairs are 4.4 million elements, over the 4,194,304 of one answer.
    QTest::newRow("new entries, 2.2 million pairs") << QByteArray() << 2'200'000 << QByteArray();
    // The same over a limit lowered to 10,000 elements, which is quicker to make.
    QTest::newRow("own pending entries at open")
        << QByteArray("c1") << 6'000 << QByteArray("10000");
    QTest::newRow("claimed from another consumer")
        << QByteArray("c0") << 6'000 << QByteArray("10000");
}

void tst_OversizedEntries::streamEntryOverTheElementLimit()
{
    QFETCH(QByteArray, holder);
    QFETCH(int, pairs);
    QFETCH(QByteArray, maxElements);
    std::optional<ScopedEnv> lowered;
    if (!maxElements.isEmpty())
        lowered.emplace("PORTHOLE_REDIS_MAX_ELEMENTS", maxElements);
    const QString key = u"tst_oversized:stream:"_s + QUuid::createUuid().toString(QUuid::Id128);
    QElapsedTimer writing;
    writing.start();
    QVERIFY(redis({"XGROUP", "CREATE", key.toUtf8(), "porthole", "0", "MKSTREAM"}).type ==
            RedisReply::Type::Status);
    QList<QByteArray> before{add(key, "before 1"), add(key, "before 2")};
    const QByteArray big = addBigEntry(key, pairs);
    QVERIFY2(big.contains('-'), big.constData());
    QList<QByteArray> after{add(key, "after 1"), add(key, "after 2")};
    qInfo("wrote an entry of %d field/value pairs in %lld ms", pairs, writing.elapsed());

    if (!holder.isEmpty()) {
        // Delivered without an answer the holder could read: it waits in its pending list.
        RedisClient reader;
        QVERIFY(reader.connect(m_url, {2000, 10000}).ok());
        const auto read = reader.command({"XREADGROUP", "GROUP", "porthole", holder, "COUNT", "100",
                                          "STREAMS", key.toUtf8(), ">"});
        QVERIFY(!read.ok());
        QVERIFY2(reader.overLimit().contains(u"elements"_s), qPrintable(read.errorMessage()));
        QCOMPARE(redis({"XPENDING", key.toUtf8(), "porthole"}).elements.at(0).integer, 5LL);
        // Redis times each entry's delivery on its own: all five idle long enough to be taken
        // over by one claim.
        const auto leastIdle = [&] {
            qint64 least = std::numeric_limits<qint64>::max();
            for (const RedisReply &row :
                 redis({"XPENDING", key.toUtf8(), "porthole", "-", "+", "10", holder}).elements)
                least = std::min(least, row.elements.value(2).integer);
            return least;
        };
        QTRY_VERIFY(leastIdle() >= ClaimIdleMs);
    }

    RedisSourceOptions sourceOptions = options(key);
    // c0's entries are taken over once idle this long; entries in hand (delivered to c1 and
    // not yet acknowledged) are not, as they would be with a shorter time.
    sourceOptions.claimIdleMs = ClaimIdleMs;
    auto created = RedisSource::create(Mode::Stream, sourceOptions);
    QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
    RedisSource &source = **created;
    QVERIFY(source.open().ok());
    QString error;
    QStringList notices;
    QElapsedTimer reading;
    reading.start();
    const QList<Delivery> deliveries = fetchUntil(source, 5, &error, &notices);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(deliveries.size(), 5);
    qInfo("read the five entries, the big one as a dead letter, in %lld ms", reading.elapsed());

    // In the stream's order, the big one in its place, as one dead letter.
    const QList<QByteArray> ids = before + QList<QByteArray>{big} + after;
    for (qsizetype i = 0; i < ids.size(); ++i)
        QCOMPARE(deliveries.at(i).key, u"stream:"_s + key + u':' + QString::fromLatin1(ids.at(i)));
    QCOMPARE(deliveries.at(0).payload, QByteArray("before 1"));
    QCOMPARE(deliveries.at(4).payload, QByteArray("after 2"));
    for (qsizetype i : {0, 1, 3, 4})
        QVERIFY2(deliveries.at(i).deadReason.isEmpty(), qPrintable(deliveries.at(i).deadReason));

    const Delivery &dead = deliveries.at(2);
    QVERIFY2(dead.deadReason.contains(maxElements.isEmpty() ? u"4194304"_s
                                                            : QString::fromLatin1(maxElements)) &&
                 dead.deadReason.contains(u"stream entry %1"_s.arg(QString::fromLatin1(big))),
             qPrintable(dead.deadReason));
    QVERIFY2(dead.deadReason.contains(u"field count (%1)"_s.arg(pairs)),
             qPrintable(dead.deadReason));
    QVERIFY(!dead.fieldsAsJson);
    const QJsonObject summary = QJsonDocument::fromJson(dead.payload).object();
    QCOMPARE(summary.value(u"id"_s).toString(), QString::fromLatin1(big));
    QCOMPARE(summary.value(u"field_count"_s).toInteger(), qint64(pairs));
    const QJsonArray first = summary.value(u"first_fields"_s).toArray();
    QCOMPARE(first.size(), 8);
    QCOMPARE(first.at(0).toArray(), (QJsonArray{u"f0"_s, u"v"_s}));
    QCOMPARE(first.at(7).toArray(), (QJsonArray{u"f7"_s, u"v"_s}));
    QVERIFY2(notices.join(u'\n').contains(u"larger than Porthole accepts"_s),
             qPrintable(notices.join(u'\n')));

    // Stored, then acknowledged: nothing is pending, and the stream goes on.
    QVERIFY(source.acknowledge(deliveries).ok());
    QCOMPARE(redis({"XPENDING", key.toUtf8(), "porthole"}).elements.at(0).integer, 0LL);
    const QByteArray later = add(key, "later");
    const QList<Delivery> next = fetchUntil(source, 1, &error, &notices);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(next.size(), 1);
    QCOMPARE(next.constFirst().payload, QByteArray("later"));
    QVERIFY(source.acknowledge(next).ok());
    redis({"DEL", key.toUtf8()});
}

// An element over the string limit (lowered for the test, as no Redis string passes the real
// one of 512 MiB): Redis really sends it, and the client really refuses it.
void tst_OversizedEntries::listElementOverTheStringLimit()
{
    const ScopedEnv lowered("PORTHOLE_REDIS_MAX_STRING_BYTES", "65536");
    const QString key = u"tst_oversized:list:"_s + QUuid::createUuid().toString(QUuid::Id128);
    const QByteArray big = QByteArray(100000, 'x');
    for (const QByteArray &element : {QByteArray("one"), big, QByteArray("three")})
        QCOMPARE(redis({"LPUSH", key.toUtf8(), element}).type, RedisReply::Type::Integer);

    auto created = RedisSource::create(Mode::List, options(key));
    QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
    RedisSource &source = **created;
    QVERIFY(source.open().ok());
    QString error;
    QStringList notices;
    const QList<Delivery> deliveries = fetchUntil(source, 3, &error, &notices);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(deliveries.size(), 3);
    QCOMPARE(deliveries.at(0).payload, QByteArray("one"));
    QCOMPARE(deliveries.at(2).payload, QByteArray("three"));
    QVERIFY(deliveries.at(0).deadReason.isEmpty());
    const Delivery &dead = deliveries.at(1);
    QVERIFY2(dead.deadReason.contains(u"65536"_s), qPrintable(dead.deadReason));
    const QJsonObject summary = QJsonDocument::fromJson(dead.payload).object();
    QCOMPARE(summary.value(u"bytes"_s).toInteger(), 100000);
    QCOMPARE(summary.value(u"first_bytes"_s).toString(), QString(4096, u'x'));

    QVERIFY(source.acknowledge(deliveries).ok());
    QCOMPARE(redis({"LLEN", key.toUtf8()}).integer, 0LL);
    QCOMPARE(redis({"LLEN", (key + u":processing:c1"_s).toUtf8()}).integer, 0LL);
    redis({"DEL", key.toUtf8(), (key + u":processing:c1:connection"_s).toUtf8()});
}

// Pub/sub keeps nothing: a message too large to read is lost with the connection, and a dead
// letter says so; what came before it is delivered, and what comes after it too.
void tst_OversizedEntries::pubsubMessageOverTheStringLimit()
{
    const ScopedEnv lowered("PORTHOLE_REDIS_MAX_STRING_BYTES", "65536");
    const QString channel =
        u"tst_oversized:channel:"_s + QUuid::createUuid().toString(QUuid::Id128);
    auto created = RedisSource::create(Mode::PubSub, options(channel));
    QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
    RedisSource &source = **created;
    QVERIFY(source.open().ok());
    const auto publish = [&](const QByteArray &message) {
        return m_admin.command({"PUBLISH", channel.toUtf8(), message})->integer;
    };
    QCOMPARE(publish("one"), 1LL);
    QCOMPARE(publish(QByteArray(100000, 'x')), 1LL);
    QString error;
    QStringList notices;
    const QList<Delivery> deliveries = fetchUntil(source, 2, &error, &notices);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(deliveries.size(), 2);
    QCOMPARE(deliveries.at(0).payload, QByteArray("one"));
    QVERIFY(deliveries.at(0).deadReason.isEmpty());
    QVERIFY2(deliveries.at(1).deadReason.contains(u"65536"_s) &&
                 deliveries.at(1).deadReason.contains(u"lost"_s),
             qPrintable(deliveries.at(1).deadReason));

    QCOMPARE(publish("three"), 1LL); // subscribed again
    const QList<Delivery> after = fetchUntil(source, 1, &error, &notices);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(after.size(), 1);
    QCOMPARE(after.constFirst().payload, QByteArray("three"));
}

QTEST_GUILESS_MAIN(tst_OversizedEntries)

#include "tst_oversizedentries.moc"
