// `porthole trace`: a message's journey from the command line, as text and as JSON, on a
// migrated SQLite database holding an order's three hops and another order beside them.

#include "commandrun.h"
#include "connectionfactory.h"
#include "flowwriter.h"
#include "redisclient.h"
#include "sqlingestsink.h"
#include "testservers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_TraceCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void printsTheHopsInOrder();
    void writesTheJourneyAsJson();
    void saysWhatItCannotFind();
    void showsTheRedisEntries();

private:
    QTemporaryDir m_dir;
    QString m_url;
    QStringList m_ids; // the order's hops, first to last
};

void tst_TraceCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_url = u"sqlite://"_s + m_dir.filePath(u"porthole.db"_s);
    const auto up = test::runPorthole({u"migrate"_s, u"--db"_s, m_url, u"up"_s});
    QVERIFY2(up.exitCode == 0, up.err.constData());

    const auto url = DatabaseUrl::parse(m_url);
    QVERIFY(url.ok());
    const ConnectionFactory factory(*url);
    {
        auto db = factory.open(u"fill"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        // Three hops, the last a dead letter; another order's beside them.
        const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-60);
        const QList<test::FlowHop> hops{
            {u"order-source"_s, u"splitter"_s, u"orders.in"_s, u"completed"_s, 0, 0},
            {u"splitter"_s, u"validator"_s, u"orders.split"_s, u"completed"_s, 0, 100},
            {u"validator"_s, u"payment-gateway"_s, u"payments.requests"_s, u"dead_letter"_s, 3,
             200}};
        QVERIFY(test::writeFlow(*db, hops, u"trace-other"_s, start).ok());
        auto ids = test::writeFlow(*db, hops, u"trace-7"_s, start.addMSecs(10));
        QVERIFY2(ids.ok(), qPrintable(ids.errorMessage()));
        m_ids = *ids;
    }
    factory.close(u"fill"_s);
}

void tst_TraceCommand::printsTheHopsInOrder()
{
    const auto run = test::runPorthole({u"trace"_s, m_ids.at(1), u"--db"_s, m_url});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString out = QString::fromUtf8(run.out);
    QVERIFY2(out.startsWith(u"Journey of %1: 3 hops, found by id\n"_s.arg(m_ids.at(1))),
             qPrintable(out));
    // Each hop in order, the last with its error and why nothing follows it.
    qsizetype at = 0;
    for (const QString &line :
         {u"order-source -> splitter on orders.in  completed"_s, m_ids.at(0),
          u"splitter -> validator on orders.split  completed (+"_s, m_ids.at(1),
          u"validator -> payment-gateway on payments.requests  dead_letter, 3 retries (+"_s,
          m_ids.at(2), u"error: Timeout after 5000 ms calling payment-gateway"_s,
          u"! dead end: Dead letter"_s}) {
        const qsizetype found = out.indexOf(line, at);
        QVERIFY2(found >= 0,
                 qPrintable(line + u"\nnot after "_s + QString::number(at) + u" in:\n"_s + out));
        at = found + line.size();
    }
    QVERIFY2(!out.contains(u"trace-other"_s), qPrintable(out));
}

void tst_TraceCommand::writesTheJourneyAsJson()
{
    const auto run = test::runPorthole({u"trace"_s, u"trace-7"_s, u"--db"_s, m_url, u"--json"_s});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QJsonParseError error;
    const QJsonObject journey = QJsonDocument::fromJson(run.out, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(journey.value(u"query"_s).toString(), u"trace-7"_s);
    QCOMPARE(journey.value(u"matched_by"_s).toArray(), QJsonArray{u"metadata trace_id"_s});
    const QJsonArray hops = journey.value(u"hops"_s).toArray();
    QCOMPARE(hops.size(), 3);
    for (qsizetype i = 0; i < 3; ++i) {
        const QJsonObject hop = hops.at(i).toObject();
        QCOMPARE(hop.value(u"row"_s).toObject().value(u"id"_s).toString(), m_ids.at(i));
        QCOMPARE(hop.value(u"cause_id"_s).toString(), i == 0 ? QString() : m_ids.at(i - 1));
    }
    QCOMPARE(hops.at(2).toObject().value(u"trouble"_s).toString(), u"dead end"_s);
    QCOMPARE(hops.at(1).toObject().value(u"usual_wait_ms"_s).toInt(), 40);
}

void tst_TraceCommand::saysWhatItCannotFind()
{
    const auto missing = test::runPorthole({u"trace"_s, u"trace-none"_s, u"--db"_s, m_url});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains("no port message is trace-none or holds it in trace_id"),
             missing.err.constData());
    QVERIFY(missing.out.isEmpty());

    // A key that is not one is a usage error, before the database is opened.
    const auto badKey = test::runPorthole(
        {u"trace"_s, u"trace-7"_s, u"--db"_s, m_url, u"--keys"_s, u"trace_id') OR (1"_s});
    QCOMPARE(badKey.exitCode, 2);
    QVERIFY2(badKey.err.contains("is not a metadata key"), badKey.err.constData());

    // With the shared key renamed, the trace id no longer names the message.
    const auto renamed =
        test::runPorthole({u"trace"_s, u"trace-7"_s, u"--db"_s, m_url, u"--keys"_s, u"flow_id"_s});
    QCOMPARE(renamed.exitCode, 1);
}

// Three entries of one stream on the fixture's Redis server, as the ingest worker met them: the
// first stored and acknowledged, the second acknowledged with nothing stored (lost), the third
// delivered and pending.
void tst_TraceCommand::showsTheRedisEntries()
{
    const auto redisUrl = test::fixtureRedis();
    QVERIFY2(redisUrl.ok(), qPrintable(redisUrl.errorMessage()));
    RedisClient client;
    QVERIFY2(client.connect(*redisUrl).ok(), "cannot connect to the fixture's Redis server");
    const QByteArray stream =
        "tst_tracecommand:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    QVERIFY(client.command({"XGROUP", "CREATE", stream, "ingest", "0", "MKSTREAM"}).ok());
    QList<QByteArray> entries;
    for (int i = 0; i < 3; ++i) {
        const auto added = client.command({"XADD", stream, "*", "payload", "x"});
        QVERIFY(added.ok() && added->type == RedisReply::Type::String);
        entries << added->text;
    }
    QVERIFY(client
                .command({"XREADGROUP", "GROUP", "ingest", "worker-1", "COUNT", "3", "STREAMS",
                          stream, ">"})
                .ok());
    QVERIFY(client.command({"XACK", stream, "ingest", entries.at(0), entries.at(1)}).ok());
    const auto keyOf = [&stream](const QByteArray &entry) {
        return QString::fromUtf8("stream:" + stream + ':' + entry);
    };
    const auto url = DatabaseUrl::parse(m_url);
    const ConnectionFactory factory(*url);
    {
        // The sink and its connection go before the connection is closed.
        auto db = factory.open(u"ingest"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        SqlIngestSink sink(*db);
        const QByteArray hop = R"({"port_name":"orders.in","source_component":"api",)"
                               R"("target_component":"billing","message_data":{"order":7},)"
                               R"("message_metadata":{"trace_id":"trace-redis"}})";
        const Delivery delivery{.key = keyOf(entries.at(0)),
                                .source = QString::fromUtf8(stream),
                                .payload = hop,
                                .receivedAt = QDateTime::currentDateTimeUtc()};
        const auto stored = sink.write({delivery});
        QVERIFY2(stored.ok() && stored->stored == 1, qPrintable(stored.errorMessage()));
    }
    factory.close(u"ingest"_s);
    const QString redis = u"redis://127.0.0.1:%1"_s.arg(redisUrl->port());

    // Stored and acknowledged: the hop, where it came from, and the group's hold.
    const auto stored =
        test::runPorthole({u"trace"_s, u"trace-redis"_s, u"--db"_s, m_url, u"--redis"_s, redis});
    QVERIFY2(stored.exitCode == 0, stored.err.constData());
    QString out = QString::fromUtf8(stored.out);
    QVERIFY2(out.contains(u"api -> billing on orders.in"_s), qPrintable(out));
    QVERIFY2(out.contains(keyOf(entries.at(0)) + u" -> port_messages; in the stream; ingest "
                                                 "acknowledged"_s),
             qPrintable(out));
    QVERIFY2(!out.contains(u"gap"_s), qPrintable(out));

    // Acknowledged, nothing stored: a gap.
    const auto lost = test::runPorthole(
        {u"trace"_s, keyOf(entries.at(1)), u"--db"_s, m_url, u"--redis"_s, redis});
    QVERIFY2(lost.exitCode == 0, lost.err.constData());
    out = QString::fromUtf8(lost.out);
    QVERIFY2(out.contains(u"no port message came of it"_s), qPrintable(out));
    QVERIFY2(out.contains(u"! gap: acknowledged by ingest, and nothing is stored under its key"_s),
             qPrintable(out));

    // Pending: with whom, how often delivered. Without --redis, only that nothing is stored.
    const auto pending = test::runPorthole(
        {u"trace"_s, keyOf(entries.at(2)), u"--db"_s, m_url, u"--redis"_s, redis, u"--json"_s});
    QVERIFY2(pending.exitCode == 0, pending.err.constData());
    const QJsonObject receipt = QJsonDocument::fromJson(pending.out)
                                    .object()
                                    .value(u"receipts"_s)
                                    .toArray()
                                    .at(0)
                                    .toObject();
    QCOMPARE(receipt.value(u"stored_in"_s), QJsonValue());
    const QJsonObject group =
        receipt.value(u"redis"_s).toObject().value(u"groups"_s).toArray().at(0).toObject();
    QCOMPARE(group.value(u"state"_s).toString(), u"pending"_s);
    QCOMPARE(group.value(u"consumer"_s).toString(), u"worker-1"_s);
    QCOMPARE(group.value(u"deliveries"_s).toInt(), 1);
    QVERIFY(!receipt.contains(u"gap"_s));
    const auto offline = test::runPorthole({u"trace"_s, keyOf(entries.at(1)), u"--db"_s, m_url});
    QVERIFY2(offline.exitCode == 0, offline.err.constData());
    QVERIFY2(offline.out.contains("nothing stored under this key"), offline.out.constData());
    QVERIFY2(!offline.out.contains("gap"), offline.out.constData());
    client.command({"DEL", stream});
}

QTEST_GUILESS_MAIN(tst_TraceCommand)
#include "tst_tracecommand.moc"
