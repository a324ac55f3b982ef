#include "payloaddecoder.h"
#include "streamentrypayload.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

QList<QByteArrayView> views(const QByteArrayList &elements)
{
    QList<QByteArrayView> out;
    for (const QByteArray &element : elements)
        out.append(element);
    return out;
}

} // namespace

// What a stream entry's fields become (docs/PAYLOADS.md, "Fields mode"): stored exactly, or
// kept whole as a dead letter. The same entries against a real Redis: tst_redissource.
class tst_StreamEntryPayload : public QObject
{
    Q_OBJECT

private slots:
    void exactObject_data();
    void exactObject();
    void keptWhole_data();
    void keptWhole();
    void pairsRefuseOtherShapes_data();
    void pairsRefuseOtherShapes();
    void aRecordInFieldsIsStillARecord();
    void aDeadEntryIsADeadLetter();
};

void tst_StreamEntryPayload::exactObject_data()
{
    QTest::addColumn<QByteArrayList>("elements");
    QTest::addColumn<QByteArray>("payload");

    QTest::newRow("the entry's order, not the names'")
        << QByteArrayList{"zeta", "1", "alpha", "2"} << QByteArray(R"({"zeta":"1","alpha":"2"})");
    QTest::newRow("escapes by Qt's writer")
        << QByteArrayList{"tab\there", "a \"quote\" and \\", "line", "one\ntwo"}
        << QByteArray(R"({"tab\there":"a \"quote\" and \\","line":"one\ntwo"})");
    QTest::newRow("NUL and control characters") << QByteArrayList{"n", QByteArray("a\0b\x01", 4)}
                                                << QByteArray(R"({"n":"a\u0000b\u0001"})");
    QTest::newRow("UTF-8 as it is") << QByteArrayList{"city", "Z\xc3\xbcrich \xf0\x9f\x9a\xa2"}
                                    << QByteArray("{\"city\":\"Z\xc3\xbcrich \xf0\x9f\x9a\xa2\"}");
    QTest::newRow("empty names and values") << QByteArrayList{"", ""} << QByteArray(R"({"":""})");
    QTest::newRow("no fields") << QByteArrayList{} << QByteArray("{}");
}

void tst_StreamEntryPayload::exactObject()
{
    QFETCH(QByteArrayList, elements);
    QFETCH(QByteArray, payload);

    const StreamEntryPayload entry = streamEntryPayload(views(elements));
    QVERIFY2(entry.deadReason.isEmpty(), qPrintable(entry.deadReason));
    QVERIFY(entry.fieldsAsJson);
    QCOMPARE(entry.payload, payload);
    // Read by Qt's parser: every member, byte for byte.
    const QJsonObject object = QJsonDocument::fromJson(entry.payload).object();
    QCOMPARE(object.size(), elements.size() / 2);
    for (qsizetype i = 0; i < elements.size(); i += 2)
        QCOMPARE(object.value(QString::fromUtf8(elements.at(i))).toString().toUtf8(),
                 elements.at(i + 1));
}

void tst_StreamEntryPayload::keptWhole_data()
{
    QTest::addColumn<QByteArrayList>("elements");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QByteArray>("pairs");

    QTest::newRow("a name twice")
        << QByteArrayList{"a", "first", "a", "second"}
        << u"The stream entry has the field \"a\" more than once (fields 1 and 2); a JSON object "
           "of its fields would keep one value. It is kept whole as a dead letter: its fields as "
           "[name, value] pairs."_s
        << QByteArray(R"([["a","first"],["a","second"]])");
    QTest::newRow("a value that is not UTF-8")
        << QByteArrayList{"unit", "C", "raw", QByteArray("\xff\x00\x01", 3)}
        << u"The value of the stream entry's field \"raw\" is not UTF-8 text; a JSON object of its "
           "fields would lose bytes. Send bytes in a \"payload\" field. It is kept whole as a "
           "dead letter: its fields as [name, value] pairs."_s
        << QByteArray(R"([["unit","C"],["raw",{"base64":"/wAB"}]])");
    QTest::newRow("a name that is not UTF-8")
        << QByteArrayList{"caf\xe9", "x"}
        << u"The name of the stream entry's field 1 is not UTF-8 text; a JSON object of its "
           "fields would lose bytes. It is kept whole as a dead letter: its fields as [name, "
           "value] pairs."_s
        << QByteArray(R"([[{"base64":"Y2Fm6Q=="},"x"]])");
    QTest::newRow("a byte order mark, which a QString drops")
        << QByteArrayList{"bom", "\xef\xbb\xbfhi"}
        << u"The value of the stream entry's field \"bom\" starts with a byte order mark; a JSON "
           u"object of "
           "its fields would lose bytes. Send bytes in a \"payload\" field. It is kept whole as "
           "a dead letter: its fields as [name, value] pairs."_s
        << QByteArray(R"([["bom",{"base64":"77u/aGk="}]])");
    QTest::newRow("payload twice")
        << QByteArrayList{"payload", "one", "payload", "two"}
        << u"The stream entry has 2 fields named \"payload\"; which one is the message is not "
           "clear. It is kept whole as a dead letter: its fields as [name, value] pairs."_s
        << QByteArray(R"([["payload","one"],["payload","two"]])");
    QTest::newRow("an odd number of elements")
        << QByteArrayList{"a", "b", "c"}
        << u"The stream entry has 3 elements, not pairs of a name and a value. It is kept whole "
           "as a dead letter: its fields as [name, value] pairs."_s
        << QByteArray(R"([["a","b"],["c"]])");
}

void tst_StreamEntryPayload::keptWhole()
{
    QFETCH(QByteArrayList, elements);
    QFETCH(QString, reason);
    QFETCH(QByteArray, pairs);

    const StreamEntryPayload entry = streamEntryPayload(views(elements));
    QCOMPARE(entry.deadReason, reason);
    QVERIFY(entry.fieldsAsJson);
    QCOMPARE(entry.payload, pairs);
    QCOMPARE(streamEntryFromPairs(entry.payload), std::optional(elements));
}

void tst_StreamEntryPayload::pairsRefuseOtherShapes_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("an object") << QByteArray(R"({"a":"b"})");
    QTest::newRow("a lone element before the last pair") << QByteArray(R"([["a"],["b","c"]])");
    QTest::newRow("three in a pair") << QByteArray(R"([["a","b","c"]])");
    QTest::newRow("a number") << QByteArray(R"([["a",1]])");
    QTest::newRow("bad base64") << QByteArray(R"([["a",{"base64":"*"}]])");
    QTest::newRow("another member beside base64")
        << QByteArray(R"([["a",{"base64":"YQ==","x":1}]])");
    QTest::newRow("not JSON") << QByteArray("[[");
}

void tst_StreamEntryPayload::pairsRefuseOtherShapes()
{
    QFETCH(QByteArray, text);
    QCOMPARE(streamEntryFromPairs(text), std::nullopt);
}

void tst_StreamEntryPayload::aRecordInFieldsIsStillARecord()
{
    const QByteArrayList elements{"value",     "21.5",       "sensor_id", "s-1",
                                  "timestamp", "1760626565", "event_id",  "e-1"};
    const StreamEntryPayload entry = streamEntryPayload(views(elements));
    Delivery delivery;
    delivery.key = u"stream:readings:1-0"_s;
    delivery.payload = entry.payload;
    delivery.fieldsAsJson = entry.fieldsAsJson;
    const DecodedPayload decoded = decodePayload(delivery);
    const auto *reading = decoded.get<SensorReading>();
    QVERIFY(reading);
    QCOMPARE(reading->eventId, u"e-1"_s);
    QCOMPARE(reading->value, 21.5);
}

void tst_StreamEntryPayload::aDeadEntryIsADeadLetter()
{
    // The same reading with its value twice: not a guess at which value, a dead letter.
    const QByteArrayList elements{"event_id",   "e-1",   "sensor_id", "s-1",   "timestamp",
                                  "1760626565", "value", "21.5",      "value", "22.0"};
    const StreamEntryPayload entry = streamEntryPayload(views(elements));
    Delivery delivery;
    delivery.key = u"stream:readings:1-0"_s;
    delivery.payload = entry.payload;
    delivery.fieldsAsJson = entry.fieldsAsJson;
    delivery.deadReason = entry.deadReason;
    const DecodedPayload decoded = decodePayload(delivery);
    const auto *dead = decoded.get<DeadLetter>();
    QVERIFY(dead);
    QVERIFY2(dead->reason.contains(u"\"value\" more than once (fields 4 and 5)"_s),
             qPrintable(dead->reason));
}

QTEST_GUILESS_MAIN(tst_StreamEntryPayload)
#include "tst_streamentrypayload.moc"
