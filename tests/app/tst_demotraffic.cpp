#include "datagenerator.h"
#include "demotraffic.h"
#include "flowtestsupport.h"
#include "migrateddatabase.h"
#include "payloaddecoder.h"
#include "portmessagerepository.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using Kind = DemoTraffic::Kind;

namespace {

// 2026-11-21 10:00:00 UTC; each payload is stamped 10 ms after the one before.
constexpr qint64 startMs = 1'795'255'200'000;
constexpr qint64 stepMs = 10;
constexpr int runLength = 10000;

QList<DemoTraffic::Payload> run(quint32 seed, qint64 stopAfter = -1, int count = runLength)
{
    DemoTraffic traffic({seed, stopAfter});
    QList<DemoTraffic::Payload> payloads;
    payloads.reserve(count);
    for (int i = 0; i < count; ++i)
        payloads.append(traffic.next(startMs + i * stepMs));
    return payloads;
}

QJsonObject parsed(const QByteArray &bytes, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        *error = parseError.errorString();
    else if (!document.isObject())
        *error = u"not an object"_s;
    return document.object();
}

QStringList keysOf(Kind kind)
{
    switch (kind) {
    case Kind::SensorReading:
        return {u"event_id"_s, u"sensor_id"_s, u"timestamp"_s, u"value"_s};
    case Kind::PortMessage:
        return {u"port_name"_s,    u"source_component"_s, u"target_component"_s,
                u"message_data"_s, u"message_metadata"_s, u"status"_s,
                u"retry_count"_s,  u"max_retries"_s,      u"created_at"_s};
    case Kind::ComponentMetric:
        return {u"component_name"_s, u"metric_name"_s, u"metric_value"_s, u"metric_unit"_s,
                u"timestamp"_s};
    case Kind::PortMetric:
        return {u"port_name"_s,
                u"messages_sent"_s,
                u"messages_received"_s,
                u"avg_send_duration_ms"_s,
                u"avg_receive_duration_ms"_s,
                u"avg_message_age_ms"_s,
                u"buffer_utilization"_s,
                u"timestamp"_s};
    case Kind::Heartbeat:
        return {u"component_name"_s, u"health_status"_s, u"health_details"_s, u"timestamp"_s};
    case Kind::Checkpoint:
        return {u"checkpoint_name"_s, u"component_name"_s, u"checkpoint_data"_s,
                u"checkpoint_metadata"_s};
    default:
        return {};
    }
}

QDateTime timeOf(const QJsonObject &object, const QString &key)
{
    return QDateTime::fromString(object.value(key).toString(), Qt::ISODateWithMs);
}

} // namespace

class tst_DemoTraffic : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameSeedSameTraffic();
    void otherSeedOtherTraffic();
    void mix_data();
    void mix();
    void everyPayloadIsWellFormedExceptTheMalformed();
    void numberedMessagesCountFromOne();
    void sensorReadingsHaveDuplicatesAndLateOnes();
    void portMessagesFail();
    void portMessagesFormFlows();
    void anotherRunNamesOtherFlows();
    void heartbeats();
    void stoppedComponentStops_data();
    void stoppedComponentStops();
    void checkpointVersionsGrow();
    void malformedPayloadsAreBroken();
    void decoderReadsEveryKind();
    void stopAfterFor();
    void handedOffFlowsStartPending();
    void endingsFollowTheMix();
    void nextHopsWalkTheRoutes();
};

void tst_DemoTraffic::sameSeedSameTraffic()
{
    const auto first = run(42);
    const auto second = run(42);
    QCOMPARE(first.size(), second.size());
    for (qsizetype i = 0; i < first.size(); ++i) {
        QCOMPARE(first.at(i).kind, second.at(i).kind);
        QCOMPARE(first.at(i).bytes, second.at(i).bytes);
    }
}

void tst_DemoTraffic::otherSeedOtherTraffic()
{
    const auto first = run(1, -1, 200);
    const auto second = run(2, -1, 200);
    int same = 0;
    for (qsizetype i = 0; i < first.size(); ++i)
        same += first.at(i).bytes == second.at(i).bytes;
    QVERIFY2(same < 100, qPrintable(u"%1 of 200 payloads alike"_s.arg(same)));
}

void tst_DemoTraffic::mix_data()
{
    // In payloads per thousand: the share documented, and how far 10,000 payloads may stray.
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<int>("share");
    QTest::addColumn<double>("tolerance");
    QTest::newRow("numbered") << Kind::Numbered << 600 << 20.0;
    QTest::newRow("sensor readings") << Kind::SensorReading << 120 << 10.0;
    QTest::newRow("port messages") << Kind::PortMessage << 100 << 10.0;
    QTest::newRow("component metrics") << Kind::ComponentMetric << 60 << 8.0;
    QTest::newRow("port counters") << Kind::PortMetric << 40 << 7.0;
    QTest::newRow("heartbeats") << Kind::Heartbeat << 50 << 7.0;
    QTest::newRow("checkpoints") << Kind::Checkpoint << 25 << 5.0;
    QTest::newRow("malformed") << Kind::Malformed << 5 << 2.5;
}

void tst_DemoTraffic::mix()
{
    QFETCH(Kind, kind);
    QFETCH(int, share);
    QFETCH(double, tolerance);
    QCOMPARE(DemoTraffic::perMille(kind), share);
    int total = 0;
    for (int k = 0; k < DemoTraffic::kindCount; ++k)
        total += DemoTraffic::perMille(static_cast<Kind>(k));
    QCOMPARE(total, 1000);

    for (const quint32 seed : {1u, 7u, 20261121u}) {
        const auto payloads = run(seed);
        const auto count = std::count_if(payloads.cbegin(), payloads.cend(),
                                         [kind](const auto &p) { return p.kind == kind; });
        const double perMille = count * 1000.0 / payloads.size();
        QVERIFY2(std::abs(perMille - share) <= tolerance,
                 qPrintable(u"seed %1: %2 per mille, expected %3 +- %4"_s.arg(seed)
                                .arg(perMille)
                                .arg(share)
                                .arg(tolerance)));
    }
}

void tst_DemoTraffic::everyPayloadIsWellFormedExceptTheMalformed()
{
    const auto payloads = run(3);
    int malformed = 0;
    for (const auto &payload : payloads) {
        if (payload.kind == Kind::Malformed) {
            ++malformed;
            continue;
        }
        if (payload.kind == Kind::Numbered) {
            QVERIFY(payload.bytes.startsWith("this is Message N\xC2\xB0 "));
            continue;
        }
        QString error;
        const QJsonObject object = parsed(payload.bytes, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error + u": "_s + QString::fromUtf8(payload.bytes)));
        // Compact: one line, no spaces between tokens.
        QVERIFY(!payload.bytes.contains('\n'));
        QVERIFY(!payload.bytes.startsWith("{ "));
        for (const QString &key : keysOf(payload.kind))
            QVERIFY2(object.contains(key),
                     qPrintable(DemoTraffic::kindName(payload.kind) + u" without "_s + key +
                                u": "_s + QString::fromUtf8(payload.bytes)));
        for (const QString &key : {u"timestamp"_s, u"created_at"_s}) {
            if (object.contains(key))
                QVERIFY2(timeOf(object, key).isValid(), qPrintable(object.value(key).toString()));
        }
    }
    QVERIFY(malformed > 0);
}

void tst_DemoTraffic::numberedMessagesCountFromOne()
{
    DemoTraffic traffic({5, -1});
    const QRegularExpression pattern(u"^this is Message N° (\\d+) being posted into Redis$"_s);
    qint64 expected = 1;
    for (int i = 0; i < runLength; ++i) {
        const auto payload = traffic.next(startMs + i);
        if (payload.kind != Kind::Numbered)
            continue;
        const auto match = pattern.match(QString::fromUtf8(payload.bytes));
        QVERIFY2(match.hasMatch(), payload.bytes.constData());
        QCOMPARE(match.captured(1).toLongLong(), expected);
        ++expected;
    }
    QCOMPARE(traffic.numbered(), expected - 1);
    QCOMPARE(traffic.produced(), runLength);
    QVERIFY(expected > runLength / 2);
}

void tst_DemoTraffic::sensorReadingsHaveDuplicatesAndLateOnes()
{
    const auto payloads = run(11);
    QSet<QString> seen;
    int readings = 0;
    int duplicates = 0;
    int late = 0;
    int evtIds = 0;
    QDateTime newest;
    for (qsizetype i = 0; i < payloads.size(); ++i) {
        const auto &payload = payloads.at(i);
        if (payload.kind != Kind::SensorReading)
            continue;
        QString error;
        const QJsonObject reading = parsed(payload.bytes, &error);
        QVERIFY(error.isEmpty());
        ++readings;
        const QString eventId = reading.value(u"event_id"_s).toString();
        QVERIFY(!eventId.isEmpty());
        if (seen.contains(eventId))
            ++duplicates;
        seen.insert(eventId);
        evtIds += eventId.startsWith(u"evt-"_s);
        QVERIFY2(QRegularExpression(u"^sensor-\\d\\d$"_s)
                     .match(reading.value(u"sensor_id"_s).toString())
                     .hasMatch(),
                 payload.bytes.constData());
        QVERIFY(reading.value(u"value"_s).isDouble());
        const QDateTime at = timeOf(reading, u"timestamp"_s);
        QVERIFY(at.isValid());
        QCOMPARE(at.timeSpec(), Qt::UTC);
        QVERIFY(at.toMSecsSinceEpoch() <= startMs + i * stepMs);
        if (newest.isValid() && at < newest)
            ++late;
        newest = std::max(newest, at);
    }
    // About 2% of readings are duplicates and 3% late ones (a duplicate may also be late).
    QVERIFY2(duplicates >= readings / 100 && duplicates <= readings * 4 / 100,
             qPrintable(u"%1 duplicates in %2 readings"_s.arg(duplicates).arg(readings)));
    QVERIFY2(late >= readings * 2 / 100 && late <= readings * 8 / 100,
             qPrintable(u"%1 late in %2 readings"_s.arg(late).arg(readings)));
    QVERIFY(evtIds > 0);
    QVERIFY(evtIds < readings);
}

void tst_DemoTraffic::portMessagesFail()
{
    const auto payloads = run(13);
    int messages = 0;
    int spent = 0;
    int retrying = 0;
    QSet<QString> statuses;
    for (const auto &payload : payloads) {
        if (payload.kind != Kind::PortMessage)
            continue;
        QString error;
        const QJsonObject message = parsed(payload.bytes, &error);
        QVERIFY(error.isEmpty());
        ++messages;
        const QString status = message.value(u"status"_s).toString();
        statuses.insert(status);
        QVERIFY(DataGenerator::ports().contains(message.value(u"port_name"_s).toString()));
        QVERIFY(message.value(u"message_data"_s).isObject());
        QVERIFY(message.value(u"message_metadata"_s).isObject());
        const int retries = message.value(u"retry_count"_s).toInt(-1);
        const int maxRetries = message.value(u"max_retries"_s).toInt(-1);
        QVERIFY(retries >= 0 && retries <= maxRetries);
        QCOMPARE(message.contains(u"error_message"_s), status == u"failed"_s);
        if (status == u"failed"_s) {
            QVERIFY(!message.value(u"error_message"_s).toString().isEmpty());
            if (retries == maxRetries)
                ++spent;
            else
                ++retrying;
        }
    }
    QCOMPARE(statuses, (QSet<QString>{u"pending"_s, u"processing"_s, u"completed"_s, u"failed"_s}));
    QVERIFY2(spent >= messages * 3 / 100 && spent <= messages * 10 / 100,
             qPrintable(u"%1 dead letters in %2 port messages"_s.arg(spent).arg(messages)));
    QVERIFY(retrying > 0);
}

void tst_DemoTraffic::portMessagesFormFlows()
{
    // The port messages as Porthole's own ingest stores them: decoded, each received when it
    // was sent, written in order into an SQLite file, and the flows read back from the table.
    const auto payloads = run(37, -1, 40000);
    QList<PortMessage> stored;
    QHash<QString, QString> traceOf; // message_id -> trace_id
    QString previousTrace;
    int interleaved = 0; // hops of a flow sent after a port message of another
    for (qsizetype i = 0; i < payloads.size(); ++i) {
        if (payloads.at(i).kind != Kind::PortMessage)
            continue;
        Delivery delivery;
        delivery.payload = payloads.at(i).bytes;
        delivery.receivedAt = QDateTime::fromMSecsSinceEpoch(startMs + i * stepMs, Qt::UTC);
        const DecodedPayload decoded = decodePayload(delivery);
        const auto *message = decoded.get<PortMessage>();
        QVERIFY2(message, payloads.at(i).bytes.constData());
        const QJsonObject meta = QJsonDocument::fromJson(message->messageMetadata).object();
        const QString trace = meta.value(u"trace_id"_s).toString();
        const QString cause = meta.value(u"causation_id"_s).toString();
        interleaved += !cause.isEmpty() && trace != previousTrace;
        previousTrace = trace;
        stored.append(*message);
    }
    QVERIFY(stored.size() > 3500);
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    auto inserted = PortMessageRepository(database.db).insert(stored);
    QVERIFY2(inserted.ok(), qPrintable(inserted.errorMessage()));

    const test::FlowReport report = test::checkFlows(database.db);
    QVERIFY2(report.problems.isEmpty(),
             qPrintable(QStringList(report.problems.mid(0, 5)).join(u"; "_s)));
    QCOMPARE(report.rows, stored.size());
    QCOMPARE(report.finished.keys(), (QList<int>{3, 4, 5}));
    // Flows stop at pending, processing and failed hops, some of them dead letters.
    QCOMPARE(report.stoppedAt.keys(), (QStringList{u"failed"_s, u"pending"_s, u"processing"_s}));
    QVERIFY(report.deadEnds > 0 && report.deadEnds < report.stoppedAt.value(u"failed"_s));
    // A few flows are open at a time, and their hops interleave.
    QVERIFY2(report.open.size() <= DemoTraffic::maxOpenFlows,
             qPrintable(report.open.join(u", "_s)));
    QVERIFY2(interleaved > stored.size() / 10, qPrintable(QString::number(interleaved)));
    const double completed = report.statuses.value(u"completed"_s) * 100.0 / report.rows;
    QVERIFY2(std::abs(completed - 78) <= 3, qPrintable(QString::number(completed)));
}

void tst_DemoTraffic::anotherRunNamesOtherFlows()
{
    // Sent again with the same seed a minute later, as the demo does on each start into the
    // same database, no trace, message or order of the first run is named again.
    const auto keysOfRun = [](qint64 firstMs) {
        DemoTraffic traffic({42, -1});
        QSet<QString> keys;
        for (int i = 0; i < 5000; ++i) {
            const auto payload = traffic.next(firstMs + i * stepMs);
            if (payload.kind != Kind::PortMessage)
                continue;
            const QJsonObject meta = QJsonDocument::fromJson(payload.bytes)
                                         .object()
                                         .value(u"message_metadata"_s)
                                         .toObject();
            for (const char *key : {"trace_id", "message_id", "correlation_id"})
                keys.insert(meta.value(QLatin1StringView(key)).toString());
        }
        return keys;
    };
    const QSet<QString> first = keysOfRun(startMs);
    QVERIFY(first.size() > 500);
    QCOMPARE(keysOfRun(startMs), first); // the same clock: the same ids
    QVERIFY(!first.intersects(keysOfRun(startMs + 60'000)));
}

void tst_DemoTraffic::heartbeats()
{
    const auto payloads = run(17);
    QHash<QString, int> beats;
    QSet<QString> statuses;
    for (const auto &payload : payloads) {
        if (payload.kind != Kind::Heartbeat)
            continue;
        QString error;
        const QJsonObject beat = parsed(payload.bytes, &error);
        QVERIFY(error.isEmpty());
        const QString status = beat.value(u"health_status"_s).toString();
        QVERIFY2(QStringList({u"healthy"_s, u"degraded"_s, u"unhealthy"_s, u"unknown"_s})
                     .contains(status),
                 qPrintable(status));
        statuses.insert(status);
        QVERIFY(beat.value(u"health_details"_s).isObject());
        // The uptime goes on from the generated history's: live traffic is no restart.
        const QDateTime at =
            QDateTime::fromString(beat.value(u"timestamp"_s).toString(), Qt::ISODateWithMs);
        QCOMPARE(beat.value(u"health_details"_s)[u"uptime_s"_s].toInteger(),
                 DataGenerator::uptimeSecondsAt(at));
        ++beats[beat.value(u"component_name"_s).toString()];
    }
    QCOMPARE(beats.size(), DataGenerator::components().size());
    QVERIFY(statuses.contains(u"healthy"_s));
    // Every component beats first, each once, before anything else is sent.
    QSet<QString> opening;
    for (qsizetype i = 0; i < DataGenerator::components().size(); ++i) {
        QCOMPARE(payloads.at(i).kind, Kind::Heartbeat);
        QString error;
        opening.insert(parsed(payloads.at(i).bytes, &error).value(u"component_name"_s).toString());
    }
    QCOMPARE(opening.size(), DataGenerator::components().size());
    // A status holds for a while: over a longer run the payment gateway turns degraded for a
    // stretch of heartbeats, not for one here and there.
    const auto longer = run(17, -1, 6 * runLength);
    QString last;
    int changes = 0;
    int degraded = 0;
    for (const auto &payload : longer) {
        QString error;
        const QJsonObject beat = parsed(payload.bytes, &error);
        if (payload.kind != Kind::Heartbeat ||
            beat.value(u"component_name"_s).toString() != u"payment-gateway"_s)
            continue;
        const QString status = beat.value(u"health_status"_s).toString();
        degraded += status == u"degraded"_s ? 1 : 0;
        changes += !last.isEmpty() && status != last ? 1 : 0;
        last = status;
    }
    QVERIFY2(degraded >= 60, qPrintable(QString::number(degraded)));
    QVERIFY2(changes > 0 && changes <= degraded / 30, qPrintable(QString::number(changes)));
}

void tst_DemoTraffic::stoppedComponentStops_data()
{
    QTest::addColumn<QString>("stopped");
    QTest::newRow("the default") << QString();
    QTest::newRow("named") << u"validator"_s;
}

void tst_DemoTraffic::stoppedComponentStops()
{
    QFETCH(QString, stopped);
    const qint64 stopAfter = runLength / 4;
    DemoTraffic::Options options{19, stopAfter};
    if (stopped.isEmpty())
        stopped = DemoTraffic::defaultStopped();
    else
        options.stopped = stopped;
    QCOMPARE(options.stopped, stopped);
    DemoTraffic traffic(options);
    QHash<Kind, int> before;
    QHash<Kind, int> after;
    int othersAfter = 0;
    for (qint64 i = 0; i < runLength; ++i) {
        const auto payload = traffic.next(startMs + i * stepMs);
        if (payload.kind != Kind::Heartbeat && payload.kind != Kind::ComponentMetric &&
            payload.kind != Kind::Checkpoint)
            continue;
        QString error;
        const QJsonObject object = parsed(payload.bytes, &error);
        if (object.value(u"component_name"_s).toString() != stopped)
            othersAfter += i >= stopAfter;
        else if (i < stopAfter)
            ++before[payload.kind];
        else
            ++after[payload.kind];
    }
    QVERIFY2(before.value(Kind::Heartbeat) > 5,
             qPrintable(u"%1 heartbeats before it stopped"_s.arg(before.value(Kind::Heartbeat))));
    QVERIFY(before.value(Kind::ComponentMetric) > 5);
    QCOMPARE(after.value(Kind::Heartbeat), 0);
    QCOMPARE(after.value(Kind::ComponentMetric), 0);
    QVERIFY(before.value(Kind::Checkpoint) > 5);
    QCOMPARE(after.value(Kind::Checkpoint), 0);
    QVERIFY(othersAfter > 500);

    // Without a limit it keeps beating to the end.
    const auto endless = run(19);
    bool lateBeat = false;
    for (qsizetype i = runLength * 9 / 10; i < endless.size(); ++i)
        lateBeat = lateBeat || (endless.at(i).kind == Kind::Heartbeat &&
                                endless.at(i).bytes.contains(stopped.toUtf8()));
    QVERIFY(lateBeat);
}

void tst_DemoTraffic::checkpointVersionsGrow()
{
    const auto payloads = run(23);
    QHash<QString, qint64> versions;
    for (const auto &payload : payloads) {
        if (payload.kind != Kind::Checkpoint)
            continue;
        QString error;
        const QJsonObject checkpoint = parsed(payload.bytes, &error);
        QVERIFY(error.isEmpty());
        const QString name = checkpoint.value(u"checkpoint_name"_s).toString();
        QVERIFY(name.startsWith(checkpoint.value(u"component_name"_s).toString() + u'/'));
        QVERIFY(checkpoint.value(u"checkpoint_data"_s).isObject());
        const qint64 version =
            checkpoint.value(u"checkpoint_metadata"_s).toObject().value(u"version"_s).toInteger();
        QCOMPARE(version, versions.value(name) + 1);
        versions[name] = version;
    }
    QCOMPARE(versions.size(), 2 * DataGenerator::components().size());
}

void tst_DemoTraffic::malformedPayloadsAreBroken()
{
    // Each is either not JSON at all, or JSON that looks like a type but breaks its contract.
    const auto payloads = run(29, -1, 40000);
    int truncated = 0;
    int wrongTypes = 0;
    for (const auto &payload : payloads) {
        if (payload.kind != Kind::Malformed)
            continue;
        QString error;
        const QJsonObject object = parsed(payload.bytes, &error);
        if (!error.isEmpty()) {
            QVERIFY(payload.bytes.startsWith('{'));
            ++truncated;
            continue;
        }
        ++wrongTypes;
        const bool broken =
            (object.contains(u"sensor_id"_s) && !object.value(u"sensor_id"_s).isString()) ||
            (object.contains(u"health_status"_s) &&
             object.value(u"health_status"_s).toString() == u"great"_s) ||
            (object.contains(u"retry_count"_s) && !object.value(u"retry_count"_s).isDouble()) ||
            (object.contains(u"metric_value"_s) && !object.value(u"metric_value"_s).isDouble()) ||
            (object.contains(u"checkpoint_data"_s) &&
             !object.value(u"checkpoint_data"_s).isObject());
        QVERIFY2(broken, payload.bytes.constData());
    }
    QVERIFY(truncated > 0);
    QVERIFY(wrongTypes > truncated);
}

void tst_DemoTraffic::decoderReadsEveryKind()
{
    // What Porthole's own ingest makes of the traffic: each payload its kind, and each
    // malformed one a dead letter.
    using Decoded = DecodedPayload::Kind;
    const QHash<Kind, Decoded> expected{
        {Kind::Numbered, Decoded::Message},
        {Kind::SensorReading, Decoded::SensorReading},
        {Kind::PortMessage, Decoded::PortMessage},
        {Kind::ComponentMetric, Decoded::ComponentMetric},
        {Kind::PortMetric, Decoded::PortMetric},
        {Kind::Heartbeat, Decoded::Heartbeat},
        {Kind::Checkpoint, Decoded::CheckpointVersion},
        {Kind::Malformed, Decoded::DeadLetter},
    };
    const auto payloads = run(31, runLength / 4, 20000);
    qint64 number = 0;
    int queueDeadLetters = 0;
    for (const auto &payload : payloads) {
        Delivery delivery;
        delivery.payload = payload.bytes;
        delivery.receivedAt = QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC);
        const DecodedPayload decoded = decodePayload(delivery);
        const auto *dead = decoded.get<DeadLetter>();
        QVERIFY2(decoded.kind() == expected.value(payload.kind),
                 qPrintable(DemoTraffic::kindName(payload.kind) + u" decoded as "_s +
                            kindName(decoded.kind()) + u" ("_s + (dead ? dead->reason : QString()) +
                            u"): "_s + QString::fromUtf8(payload.bytes)));
        if (const auto *message = decoded.get<PlainMessage>()) {
            QVERIFY(message->number.has_value());
            QCOMPARE(*message->number, ++number);
        }
        if (const auto *message = decoded.get<PortMessage>())
            queueDeadLetters += message->isDeadLetter();
    }
    QVERIFY(number > 0);
    QVERIFY(queueDeadLetters > 0); // failed port messages with every retry spent
}

void tst_DemoTraffic::stopAfterFor()
{
    QCOMPARE(DemoTraffic::stopAfterFor(1000, 0), 250);
    QCOMPARE(DemoTraffic::stopAfterFor(1000, 50), 250);
    QCOMPARE(DemoTraffic::stopAfterFor(0, 50), 3000);
    QVERIFY(DemoTraffic::stopAfterFor(0, 0) > 0);
}

void tst_DemoTraffic::handedOffFlowsStartPending()
{
    // Handed off, every port message is the first hop of a flow of its own, pending, from the
    // routes' source; once that source stops, no flow starts.
    DemoTraffic::Options options{41, runLength / 2, u"order-source"_s, true};
    DemoTraffic traffic(options);
    QSet<QString> traces;
    int before = 0;
    int after = 0;
    for (qint64 i = 0; i < runLength; ++i) {
        const auto payload = traffic.next(startMs + i * stepMs);
        if (payload.kind != Kind::PortMessage)
            continue;
        (i < options.stopAfter ? before : after) += 1;
        QString error;
        const QJsonObject hop = parsed(payload.bytes, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(hop.value(u"status"_s).toString(), u"pending"_s);
        QCOMPARE(hop.value(u"port_name"_s).toString(), u"orders.in"_s);
        QCOMPARE(hop.value(u"source_component"_s).toString(), u"order-source"_s);
        QCOMPARE(hop.value(u"retry_count"_s).toInt(-1), 0);
        QVERIFY(!hop.contains(u"error_message"_s));
        const QJsonObject meta = hop.value(u"message_metadata"_s).toObject();
        QVERIFY(!meta.contains(u"causation_id"_s));
        QVERIFY(meta.value(u"correlation_id"_s).toString().startsWith(u"order-"_s));
        QVERIFY(!meta.value(u"message_id"_s).toString().isEmpty());
        traces.insert(meta.value(u"trace_id"_s).toString());
    }
    QVERIFY2(before > 300, qPrintable(QString::number(before)));
    QCOMPARE(after, 0);
    QCOMPARE(traces.size(), before);
}

void tst_DemoTraffic::endingsFollowTheMix()
{
    DemoTraffic traffic(DemoTraffic::Options(43));
    PortMessage taken;
    taken.portName = u"payments.requests"_s;
    taken.targetComponent = u"payment-gateway"_s;
    taken.maxRetries = 5;
    int completed = 0;
    int retrying = 0;
    int spent = 0;
    constexpr int draws = 20000;
    for (int i = 0; i < draws; ++i) {
        const DemoTraffic::Ending ending = traffic.ending(taken);
        if (ending.status == u"completed"_s) {
            ++completed;
            QCOMPARE(ending.retryCount, 0);
            QVERIFY(ending.errorMessage.isEmpty());
            QVERIFY(ending.errorDetails.isEmpty());
            continue;
        }
        QCOMPARE(ending.status, u"failed"_s);
        QVERIFY(!ending.errorMessage.isEmpty());
        const QJsonObject details = QJsonDocument::fromJson(ending.errorDetails).object();
        QCOMPARE(details.value(u"component"_s).toString(), u"payment-gateway"_s);
        QCOMPARE(details.value(u"attempts"_s).toInt(), ending.retryCount + 1);
        QVERIFY(ending.retryCount >= 1 && ending.retryCount <= 5);
        (ending.retryCount == 5 ? spent : retrying) += 1;
    }
    // 90% completed, 4% failed and retrying, 6% failed with every retry spent.
    const auto near = [](int count, int percent) {
        return std::abs(count * 100.0 / draws - percent) < 1.0;
    };
    QVERIFY2(near(completed, 90), qPrintable(QString::number(completed)));
    QVERIFY2(near(retrying, 4), qPrintable(QString::number(retrying)));
    QVERIFY2(near(spent, 6), qPrintable(QString::number(spent)));
}

void tst_DemoTraffic::nextHopsWalkTheRoutes()
{
    // A flow walked hop by hop from stored rows, as the stand-in walks it: each next hop goes
    // on along a route, carries the flow's keys and names the hop before as its cause; the
    // routes come in the shares of new flows.
    DemoTraffic starter({47, -1, DemoTraffic::defaultStopped(), true});
    DemoTraffic walker(DemoTraffic::Options(48));
    QHash<QString, int> endings; // the last port of each flow walked to its end
    for (int flow = 0; flow < 600; ++flow) {
        DemoTraffic::Payload first;
        do
            first = starter.next(startMs + flow);
        while (first.kind != Kind::PortMessage);
        Delivery delivery;
        delivery.payload = first.bytes;
        delivery.receivedAt = QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC);
        PortMessage hop = *decodePayload(delivery).get<PortMessage>();
        const QJsonObject firstMeta = QJsonDocument::fromJson(hop.messageMetadata).object();
        QStringList ports{hop.portName};
        for (;;) {
            hop.id = u"row-%1"_s.arg(ports.size()); // the stored row's own id
            const auto next = walker.nextHop(hop, startMs + 1000);
            if (!next)
                break;
            delivery.payload = *next;
            const PortMessage after = *decodePayload(delivery).get<PortMessage>();
            const QJsonObject before = QJsonDocument::fromJson(hop.messageMetadata).object();
            const QJsonObject meta = QJsonDocument::fromJson(after.messageMetadata).object();
            QCOMPARE(after.status, u"pending"_s);
            QCOMPARE(after.sourceComponent, hop.targetComponent);
            QCOMPARE(QJsonDocument::fromJson(after.messageData),
                     QJsonDocument::fromJson(hop.messageData));
            QCOMPARE(meta.value(u"trace_id"_s), firstMeta.value(u"trace_id"_s));
            QCOMPARE(meta.value(u"correlation_id"_s), firstMeta.value(u"correlation_id"_s));
            QCOMPARE(meta.value(u"causation_id"_s), before.value(u"message_id"_s));
            QVERIFY(meta.value(u"message_id"_s) != before.value(u"message_id"_s));
            ports << after.portName;
            hop = after;
        }
        QVERIFY2(ports.size() >= 3 && ports.size() <= 5, qPrintable(ports.join(u", "_s)));
        bool onRoute = false;
        for (const QList<int> &route : DataGenerator::routes()) {
            QStringList names;
            for (int port : route)
                names << DataGenerator::ports().at(port);
            onRoute = onRoute || names == ports;
        }
        QVERIFY2(onRoute, qPrintable(ports.join(u", "_s)));
        ++endings[ports.join(u">"_s)];
    }
    // Three routes, each about a third of the flows.
    QCOMPARE(endings.size(), DataGenerator::routes().size());
    for (auto it = endings.cbegin(); it != endings.cend(); ++it)
        QVERIFY2(it.value() > 150 && it.value() < 250, qPrintable(it.key()));

    // A row of no demo port has no next hop.
    PortMessage foreign;
    foreign.portName = u"billing.in"_s;
    foreign.messageData = "{}";
    QVERIFY(!walker.nextHop(foreign, startMs));
}

QTEST_GUILESS_MAIN(tst_DemoTraffic)
#include "tst_demotraffic.moc"
