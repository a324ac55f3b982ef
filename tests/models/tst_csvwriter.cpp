#include "csvwriter.h"

#include <QBuffer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

// CSV as RFC 4180 has it: which fields are quoted and how, and the line ends.
class tst_CsvWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quotesFields_data();
    void quotesFields();
    void writesLines();
    void stopsWhenTheDeviceFails();
};

void tst_CsvWriter::quotesFields_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("written");

    QTest::newRow("plain") << u"replay"_s << u"replay"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("spaces kept, unquoted") << u"  two words "_s << u"  two words "_s;
    QTest::newRow("comma") << u"a,b"_s << u"\"a,b\""_s;
    QTest::newRow("quote doubled") << u"say \"hi\""_s << u"\"say \"\"hi\"\"\""_s;
    QTest::newRow("only a quote") << u"\""_s << u"\"\"\"\""_s;
    QTest::newRow("line feed") << u"one\ntwo"_s << u"\"one\ntwo\""_s;
    QTest::newRow("carriage return") << u"one\rtwo"_s << u"\"one\rtwo\""_s;
    QTest::newRow("CR LF") << u"one\r\ntwo"_s << u"\"one\r\ntwo\""_s;
    QTest::newRow("JSON") << u"{\"ids\":[\"a\",\"b\"]}"_s
                          << u"\"{\"\"ids\"\":[\"\"a\"\",\"\"b\"\"]}\""_s;
    QTest::newRow("semicolon and tab unquoted") << u"a;b\tc"_s << u"a;b\tc"_s;
    QTest::newRow("non-ASCII") << u"Jörg, 名前"_s << u"\"Jörg, 名前\""_s;
}

void tst_CsvWriter::quotesFields()
{
    QFETCH(QString, value);
    QFETCH(QString, written);
    QCOMPARE(CsvWriter::field(value), written);
}

void tst_CsvWriter::writesLines()
{
    QCOMPARE(CsvWriter::line({u"a"_s, u"b,c"_s, QString()}), QByteArray("a,\"b,c\",\r\n"));
    QCOMPARE(CsvWriter::line({}), QByteArray("\r\n"));

    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    CsvWriter csv(&buffer);
    QVERIFY(csv.writeRow({u"id"_s, u"details"_s}));
    QVERIFY(csv.writeRow({u"1"_s, u"line one\nline \"two\""_s}));
    QVERIFY(csv.writeRow({u"2"_s, u"ä"_s}));
    QVERIFY(csv.ok());
    QCOMPARE(csv.rowsWritten(), 3);
    QCOMPARE(buffer.data(), QByteArray("id,details\r\n"
                                       "1,\"line one\nline \"\"two\"\"\"\r\n"
                                       "2,\xc3\xa4\r\n"));
}

void tst_CsvWriter::stopsWhenTheDeviceFails()
{
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::ReadOnly)); // refuses every write
    CsvWriter csv(&buffer);
    QTest::ignoreMessage(QtWarningMsg, "QIODevice::write (QBuffer): ReadOnly device");
    QVERIFY(!csv.writeRow({u"id"_s}));
    QVERIFY(!csv.ok());
    QVERIFY(!csv.errorString().isEmpty());
    QCOMPARE(csv.rowsWritten(), 0);
    QVERIFY(!csv.writeRow({u"again"_s})); // nothing more is tried
    QCOMPARE(buffer.size(), 0);
}

QTEST_APPLESS_MAIN(tst_CsvWriter)
#include "tst_csvwriter.moc"
