#include "errorgroupmodel.h"
#include "errorsignature.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_ErrorSignature : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void signature_data();
    void signature();
    void groups();
    void groupOrderBreaksTies();
    void model();
    void modelResets();

private:
    static QDateTime at(int hour, int minute = 0)
    {
        return QDateTime(QDate(2024, 5, 1), QTime(hour, minute), Qt::UTC);
    }
};

void tst_ErrorSignature::signature_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain text") << u"Connection refused"_s << u"Connection refused"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("whitespace") << u"  too   many\t\nspaces  "_s << u"too many spaces"_s;
    QTest::newRow("uuid") << u"message 3f2504e0-4f89-11d3-9a0c-0305e82c3301 not found"_s
                          << u"message <uuid> not found"_s;
    QTest::newRow("upper-case uuid")
        << u"id=3F2504E0-4F89-11D3-9A0C-0305E82C3301"_s << u"id=<uuid>"_s;
    QTest::newRow("0x hex") << u"bad address 0x1f3a in frame 0XDEADBEEF"_s
                            << u"bad address <hex> in frame <hex>"_s;
    QTest::newRow("long hex id") << u"entry 3f9a2b7c1d not found"_s << u"entry <hex> not found"_s;
    QTest::newRow("sha256") << u"checksum "_s + QString(60, u'a') + u"1234 mismatch"_s
                            << u"checksum <hex> mismatch"_s;
    QTest::newRow("hex after a separator") << u"msg-88aa1200ff lost"_s << u"msg-<hex> lost"_s;
    QTest::newRow("words of hex letters stay")
        << u"feedface cafe added"_s << u"feedface cafe added"_s;
    QTest::newRow("short hex-looking token stays") << u"code a1b2"_s << u"code a1b2"_s;
    QTest::newRow("integers") << u"retry 3 of 5"_s << u"retry <n> of <n>"_s;
    QTest::newRow("long integer is a number, not hex")
        << u"row 123456789012 missing"_s << u"row <n> missing"_s;
    QTest::newRow("negative") << u"offset -42 out of range"_s << u"offset <n> out of range"_s;
    QTest::newRow("decimal with unit")
        << u"took 12.5ms, limit 0.75s"_s << u"took <n>ms, limit <n>s"_s;
    QTest::newRow("negative decimal") << u"value=-0.25"_s << u"value=<n>"_s;
    QTest::newRow("exponent") << u"rate 1.5e-3 too low"_s << u"rate <n> too low"_s;
    QTest::newRow("range") << u"expected 1-5"_s << u"expected <n>-<n>"_s;
    QTest::newRow("version") << u"needs 1.2.3 or later."_s << u"needs <n> or later."_s;
    QTest::newRow("digits inside words stay") << u"utf8 decode failed at byte 17 (IPv4, sha256)"_s
                                              << u"utf8 decode failed at byte <n> (IPv4, sha256)"_s;
    QTest::newRow("number after underscore") << u"sensor_17 offline"_s << u"sensor_<n> offline"_s;
    QTest::newRow("message number")
        << u"Message #123: bad payload"_s << u"Message #<n>: bad payload"_s;
    QTest::newRow("ipv4 with port")
        << u"cannot connect to 10.0.0.7:6379"_s << u"cannot connect to <ip>:<n>"_s;
    QTest::newRow("ipv4 at sentence end") << u"refused by 192.168.1.10."_s << u"refused by <ip>."_s;
    QTest::newRow("ipv6 compressed with port")
        << u"connect to [2001:db8::8a2e:370:7334]:443 failed"_s
        << u"connect to [<ip>]:<n> failed"_s;
    QTest::newRow("ipv6 loopback") << u"::1 refused"_s << u"<ip> refused"_s;
    QTest::newRow("ipv6 full") << u"from 2001:0db8:85a3:0000:0000:8a2e:0370:7334"_s
                               << u"from <ip>"_s;
    QTest::newRow("scope operator is not ipv6")
        << u"std::runtime_error thrown"_s << u"std::runtime_error thrown"_s;
    QTest::newRow("iso timestamp utc")
        << u"expired at 2024-05-01T12:00:00Z"_s << u"expired at <ts>"_s;
    QTest::newRow("iso timestamp offset and fraction")
        << u"at 2024-05-01T12:00:00.123+02:00 (late)"_s << u"at <ts> (late)"_s;
    QTest::newRow("timestamp with space")
        << u"[2024-05-01 12:00:00] Message #7: x"_s << u"[<ts>] Message #<n>: x"_s;
    QTest::newRow("date") << u"no batch for 2024-05-01"_s << u"no batch for <ts>"_s;
    QTest::newRow("bare time") << u"stalled since 09:15:02.5"_s << u"stalled since <ts>"_s;
    QTest::newRow("single-quoted") << u"KeyError: 'payload'"_s << u"KeyError: '<s>'"_s;
    QTest::newRow("double-quoted with numbers inside")
        << u"invalid value \"abc 123\" for field \"n\""_s
        << u"invalid value \"<s>\" for field \"<s>\""_s;
    QTest::newRow("escaped quote inside quotes")
        << uR"(bad "say \"hi\"" here)"_s << uR"(bad "<s>" here)"_s;
    QTest::newRow("empty quotes") << uR"(name is "")"_s << uR"(name is "<s>")"_s;
    QTest::newRow("apostrophe does not open a quote")
        << u"can't parse 'x1' at 4"_s << u"can't parse '<s>' at <n>"_s;
    QTest::newRow("python json error")
        << u"Expecting ',' delimiter: line 1 column 17 (char 16)"_s
        << u"Expecting '<s>' delimiter: line <n> column <n> (char <n>)"_s;
    QTest::newRow("everything at once")
        << u"2024-05-01T08:00:00Z port 'orders' msg 3f2504e0-4f89-11d3-9a0c-0305e82c3301 "
           u"from 10.1.2.3 failed after 3 retries (0x1f)"_s
        << u"<ts> port '<s>' msg <uuid> from <ip> failed after <n> retries (<hex>)"_s;
}

void tst_ErrorSignature::signature()
{
    QFETCH(QString, message);
    QFETCH(QString, expected);
    QCOMPARE(errorSignature(message), expected);
    // A signature is its own signature: placeholders are never taken for particulars.
    QCOMPARE(errorSignature(expected), expected);
}

void tst_ErrorSignature::groups()
{
    const QList<ErrorOccurrence> occurrences{
        {u"timeout after 30s on 10.0.0.7:6379"_s, at(10)}, {u"KeyError: 'payload'"_s, at(8)},
        {u"timeout after 5s on 10.0.0.9:6379"_s, at(9)},   {u"boom"_s, {}},
        {u"timeout after 5s on 10.0.0.9:6379"_s, at(11)},  {u"KeyError: 'headers'"_s, at(12)},
    };
    const QList<ErrorGroup> expected{
        {u"timeout after <n>s on <ip>:<n>"_s, 3, at(9), at(11),
         u"timeout after 5s on 10.0.0.9:6379"_s},
        {u"KeyError: '<s>'"_s, 2, at(8), at(12), u"KeyError: 'headers'"_s},
        {u"boom"_s, 1, {}, {}, u"boom"_s},
    };
    const QList<ErrorGroup> groups = groupErrors(occurrences);
    QCOMPARE(groups.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QCOMPARE(groups[i].signature, expected[i].signature);
        QCOMPARE(groups[i].count, expected[i].count);
        QCOMPARE(groups[i].firstSeen, expected[i].firstSeen);
        QCOMPARE(groups[i].lastSeen, expected[i].lastSeen);
        QCOMPARE(groups[i].exampleMessage, expected[i].exampleMessage);
    }

    // With distinct times, the order of the input does not matter.
    QList<ErrorOccurrence> reversed = occurrences;
    std::reverse(reversed.begin(), reversed.end());
    QVERIFY(groupErrors(reversed) == expected);
    QVERIFY(groupErrors({}).isEmpty());
}

void tst_ErrorSignature::groupOrderBreaksTies()
{
    // Equal counts: the most recent first, groups without a time last, then by signature.
    const QList<ErrorGroup> groups = groupErrors({
        {u"no time"_s, {}},
        {u"older"_s, at(10)},
        {u"newer"_s, at(11)},
        {u"same time b"_s, at(9)},
        {u"same time a"_s, at(9)},
    });
    QStringList order;
    for (const ErrorGroup &group : groups)
        order << group.signature;
    QCOMPARE(order, (QStringList{u"newer"_s, u"older"_s, u"same time a"_s, u"same time b"_s,
                                 u"no time"_s}));
}

void tst_ErrorSignature::model()
{
    ErrorGroupModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(ErrorGroupModel::ColumnCount));
    const QStringList headers{u"Signature"_s, u"Count"_s, u"First seen"_s, u"Last seen"_s};
    for (int column = 0; column < ErrorGroupModel::ColumnCount; ++column)
        QCOMPARE(model.headerData(column, Qt::Horizontal).toString(), headers[column]);

    model.setOccurrences({
        {u"decode failed at byte 3"_s, at(9)},
        {u"boom"_s, {}},
        {u"decode failed at byte 17"_s, at(10, 30)},
    });
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, ErrorGroupModel::SignatureColumn).data().toString(),
             u"decode failed at byte <n>"_s);
    QCOMPARE(model.index(0, ErrorGroupModel::CountColumn).data().toLongLong(), 2);
    QCOMPARE(model.index(0, ErrorGroupModel::FirstSeenColumn).data().toDateTime(), at(9));
    QCOMPARE(model.index(0, ErrorGroupModel::LastSeenColumn).data().toDateTime(), at(10, 30));
    QCOMPARE(model.index(0, ErrorGroupModel::CountColumn)
                 .data(ErrorGroupModel::ExampleMessageRole)
                 .toString(),
             u"decode failed at byte 17"_s);
    QCOMPARE(model.index(0, ErrorGroupModel::SignatureColumn).data(Qt::ToolTipRole).toString(),
             u"decode failed at byte 17"_s);
    QCOMPARE(model.index(0, ErrorGroupModel::LastSeenColumn)
                 .data(ErrorGroupModel::SignatureRole)
                 .toString(),
             u"decode failed at byte <n>"_s);

    QCOMPARE(model.index(1, ErrorGroupModel::SignatureColumn).data().toString(), u"boom"_s);
    QCOMPARE(model.index(1, ErrorGroupModel::CountColumn).data().toLongLong(), 1);
    QVERIFY(!model.index(1, ErrorGroupModel::FirstSeenColumn).data().isValid());
    QVERIFY(!model.index(1, ErrorGroupModel::LastSeenColumn).data().isValid());
    QCOMPARE(model.groups(), groupErrors({{u"decode failed at byte 3"_s, at(9)},
                                          {u"boom"_s, {}},
                                          {u"decode failed at byte 17"_s, at(10, 30)}}));
}

void tst_ErrorSignature::modelResets()
{
    ErrorGroupModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    model.setOccurrences({{u"a 1"_s, at(1)}, {u"b"_s, at(2)}, {u"c"_s, at(3)}});
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 3);

    // More rows of one kind: the order follows the counts.
    model.setOccurrences({{u"a 1"_s, at(1)}, {u"b"_s, at(2)}, {u"a 2"_s, at(3)}});
    QCOMPARE(reset.size(), 2);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, ErrorGroupModel::SignatureColumn).data().toString(), u"a <n>"_s);
    QCOMPARE(model.index(0, ErrorGroupModel::CountColumn).data().toLongLong(), 2);
    QCOMPARE(model.index(1, ErrorGroupModel::SignatureColumn).data().toString(), u"b"_s);

    model.clear();
    QCOMPARE(reset.size(), 3);
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(tst_ErrorSignature)
#include "tst_errorsignature.moc"
