// ActionOutbox replaying to a Redis stream, and a Redis outage that leaves the rows open.

#include "actionoutbox.h"
#include "actionoutboxtestsupport.h"
#include "actiontestsupport.h"
#include "auditlog.h"
#include "payloaddecoder.h"
#include "portmessageactions.h"
#include "redisclient.h"
#include "replaypublisher.h"
#include "repositorytestsupport.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::test;

class tst_ActionOutboxRedis : public porthole::test::ActionOutboxTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void replaysToRedis_data() { test::addEngineRows(); }
    void replaysToRedis();
    void redisOutageLeavesRowsOpen_data() { test::addEngineRows(); }
    void redisOutageLeavesRowsOpen();
};

void tst_ActionOutboxRedis::initTestCase()
{
    const auto url = fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_redisUrl = *url;
    const auto connected = m_redis.connect(m_redisUrl);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
}

void tst_ActionOutboxRedis::replaysToRedis()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QByteArray prefix = uniqueKey("");
    const QByteArray ordersKey = prefix + "orders";
    const QByteArray legacyKey = prefix + "legacy";
    // The legacy port's consumer reads a list, which holds one message already.
    const auto seeded = m_redis.command({"LPUSH", legacyKey, "earlier"});
    QVERIFY(seeded.ok() && seeded->integer == 1);
    QList<PortMessage> untouched;
    for (int n = 0; n < 5; ++n)
        QVERIFY(store(database.db, sample(n, u"dead_letter"_s, n < 3 ? u"orders"_s : u"legacy"_s))
                    .ok());
    const auto completed = store(database.db, sample(5, u"completed"_s));
    QVERIFY2(completed.ok(), qPrintable(completed.errorMessage()));
    untouched << *completed;

    ActionOptions options;
    options.target = ReplayTarget::Redis;
    options.redisUrl = m_redisUrl.toDisplayString();
    options.redisKey = QString::fromUtf8(prefix) + u"{port}"_s;
    const auto plan = planAction(database.db, ActionSelection{}, options);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->actCount(), 5);

    ActionOutbox outbox(database.db);
    const auto prepared = outbox.prepare(*plan, u"alice"_s);
    QVERIFY2(prepared.ok(), qPrintable(prepared.errorMessage()));
    QCOMPARE(prepared->rows, 5);
    const auto url = outbox.redisUrlOf(prepared->auditId);
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    QCOMPARE(*url, m_redisUrl.toDisplayString());

    // Without a publisher a replay to Redis cannot run; it stays open.
    const auto withoutPublisher = outbox.runChunk(prepared->auditId, 10);
    QVERIFY(!withoutPublisher.ok());
    QCOMPARE(withoutPublisher.error().kind, StorageError::Kind::InvalidArgument);
    QCOMPARE(outbox.summary(prepared->auditId)->open(), 5);

    ReplayPublisher publisher(m_redisUrl);
    const auto steps = runToEnd(outbox, prepared->auditId, 2, &publisher);
    QVERIFY2(steps.ok(), qPrintable(steps.errorMessage()));
    const QDateTime finishedBy = QDateTime::currentDateTimeUtc();
    qint64 published = 0;
    for (const ChunkResult &step : *steps)
        published += step.published;
    QCOMPARE(published, 5);
    QCOMPARE(appliedIn(*steps), 5);
    QCOMPARE(steps->constLast().summary.target, ReplayTarget::Redis);
    verifyFinished(database.db, *plan, *prepared, untouched, u"alice"_s, finishedBy);
    if (QTest::currentTestFailed())
        return;

    // What went out: the stream of orders and the list of legacy, each message once.
    const auto stream = streamEntries(m_redis, ordersKey);
    QVERIFY2(stream.ok(), qPrintable(stream.errorMessage()));
    QCOMPARE(stream->size(), 3);
    QHash<QString, QByteArray> payloadOf; // by replay id
    for (const auto &fields : *stream) {
        QCOMPARE(fields.size(), 2);
        QVERIFY(fields.contains("payload"));
        const QString replayId = QString::fromUtf8(fields.value("replay_id"));
        QVERIFY2(!QUuid::fromString(replayId).isNull(), qPrintable(replayId));
        QVERIFY(!payloadOf.contains(replayId));
        payloadOf.insert(replayId, fields.value("payload"));
    }
    const auto list = m_redis.command({"LRANGE", legacyKey, "0", "-1"});
    QVERIFY2(list.ok(), qPrintable(list.errorMessage()));
    QCOMPARE(list->elements.size(), 3);
    QCOMPARE(list->elements.constLast().text, QByteArray("earlier"));
    QList<QByteArray> listed{list->elements.at(0).text, list->elements.at(1).text};

    // Each history row names where its message went and under which replay id; the payload
    // holds the message, and the replay id too.
    const QList<HistoryRow> rows = history(database.db);
    QCOMPARE(rows.size(), 5);
    QSet<QString> replayIds;
    for (const HistoryRow &h : rows) {
        const QJsonObject to = h.after.value(u"replayed_to"_s).toObject();
        const QString replayId = to.value(u"replay_id"_s).toString();
        QVERIFY2(!QUuid::fromString(replayId).isNull(), qPrintable(replayId));
        replayIds.insert(replayId);
        const QString port = h.before.value(u"port_name"_s).toString();
        QCOMPARE(to.value(u"key"_s).toString(), QString::fromUtf8(prefix) + port);
        QByteArray payload;
        if (port == u"orders"_s) {
            QVERIFY2(payloadOf.contains(replayId), qPrintable(replayId));
            payload = payloadOf.value(replayId);
        } else {
            const auto it = std::find_if(listed.cbegin(), listed.cend(), [&](const QByteArray &p) {
                return p.contains(replayId.toUtf8());
            });
            QVERIFY2(it != listed.cend(), qPrintable(replayId));
            payload = *it;
        }
        // The payload is a port-message record (docs/PAYLOADS.md) of the row, with the
        // replay id, so that the receiver stores it as a new pending message.
        const QJsonObject sent = QJsonDocument::fromJson(payload).object();
        QCOMPARE(sent.value(u"replay_id"_s).toString(), replayId);
        for (const QString &key : {u"port_name"_s, u"source_component"_s, u"target_component"_s,
                                   u"message_data"_s, u"message_metadata"_s, u"max_retries"_s})
            QVERIFY2(sent.value(key) == h.before.value(key),
                     qPrintable(key + u" in "_s + QString::fromUtf8(payload)));
        Delivery delivery;
        delivery.payload = payload;
        delivery.receivedAt = finishedBy;
        const DecodedPayload decoded = decodePayload(delivery);
        QVERIFY2(decoded.kind() == DecodedPayload::Kind::PortMessage, payload.constData());
        QCOMPARE(QJsonDocument::fromJson(decoded.get<PortMessage>()->messageData).object(),
                 h.before.value(u"message_data"_s).toObject());
        QCOMPARE(decoded.get<PortMessage>()->status, u"pending"_s);
        const auto marker = m_redis.command({"EXISTS", ReplayPublisher::markerKey(replayId)});
        QVERIFY(marker.ok() && marker->integer == 1);
    }
    QCOMPARE(replayIds.size(), 5);

    // A finished replay publishes nothing more.
    const auto again = outbox.runChunk(prepared->auditId, 10, &publisher);
    if (again.ok())
        QCOMPARE(again->published, 0);
    QCOMPARE(m_redis.command({"XLEN", ordersKey})->integer, 3);
    QCOMPARE(m_redis.command({"LLEN", legacyKey})->integer, 3);
}

void tst_ActionOutboxRedis::redisOutageLeavesRowsOpen()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QByteArray prefix = uniqueKey("");
    for (int n = 0; n < 3; ++n)
        QVERIFY(store(database.db, sample(n)).ok());
    ActionOptions options;
    options.target = ReplayTarget::Redis;
    options.redisUrl = m_redisUrl.toDisplayString();
    options.redisKey = QString::fromUtf8(prefix) + u"{port}"_s;
    const auto plan = planAction(database.db, ActionSelection{}, options);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->actCount(), 3);
    ActionOutbox outbox(database.db);
    const auto prepared = outbox.prepare(*plan);
    QVERIFY2(prepared.ok(), qPrintable(prepared.errorMessage()));
    const QStringList state = snapshot(database.db);

    // Redis cannot be reached (nothing listens on port 1): the rows stay open, untouched.
    ReplayPublisher down(RedisUrl::local(1));
    for (int attempt = 0; attempt < 2; ++attempt) {
        const auto step = outbox.runChunk(prepared->auditId, 10, &down);
        QVERIFY(!step.ok());
        QCOMPARE(step.error().kind, StorageError::Kind::ConnectionLost);
        QCOMPARE(snapshot(database.db), state);
        const auto summary = outbox.summary(prepared->auditId);
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QCOMPARE(summary->open(), 3);
        QCOMPARE(summary->applied, 0);
    }
    QCOMPARE(m_redis.command({"EXISTS", prefix + "orders"})->integer, 0);

    // Back up: the same outbox finishes with a publisher that reaches it, each message once.
    ReplayPublisher up(m_redisUrl);
    const auto steps = runToEnd(outbox, prepared->auditId, 10, &up);
    QVERIFY2(steps.ok(), qPrintable(steps.errorMessage()));
    QCOMPARE(appliedIn(*steps), 3);
    const auto stream = streamEntries(m_redis, prefix + "orders");
    QVERIFY2(stream.ok(), qPrintable(stream.errorMessage()));
    QCOMPARE(stream->size(), 3);
    QSet<QByteArray> replayIds;
    for (const auto &fields : *stream)
        replayIds.insert(fields.value("replay_id"));
    QCOMPARE(replayIds.size(), 3);
    for (const QString &id : plan->actingIds()) {
        const auto stored = current(database.db, id);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        QCOMPARE(stored->replayCount, 1);
    }
}

QTEST_GUILESS_MAIN(tst_ActionOutboxRedis)
#include "tst_actionoutboxredis.moc"
