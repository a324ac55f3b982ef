#include "batchfilereader.h"
#include "batchline.h"
#include "batchteststore.h"

#include <QTemporaryFile>
#include <QTest>

#include <fcntl.h>

using namespace Qt::StringLiterals;
using namespace porthole;

// One line of a batch file: the seed's format, the escaping, the timestamps, the names.
class tst_BatchLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void plainLineIsTheSeeds();
    void escaping_data();
    void escaping();
    void roundTrip_data();
    void roundTrip();
    void unescapeLeavesOtherBackslashes_data();
    void unescapeLeavesOtherBackslashes();
    void malformed_data();
    void malformed();
    void crlfLineEnd();
    void timestampsAreUtc();
    void timestamps_data();
    void timestamps();
    void refusesWhatALineCannotHold_data();
    void refusesWhatALineCannotHold();
    void fileNames_data();
    void fileNames();
    void batchIds_data();
    void batchIds();
    void fileSplitsLinesOnlyAtLineFeeds();
    void fileReadLineByLineIsTheSame_data();
    void fileReadLineByLineIsTheSame();
};

void tst_BatchLine::plainLineIsTheSeeds()
{
    // The example from the seed's document, byte for byte.
    const BatchMessage message{42, QDateTime(QDate(2025, 10, 16), QTime(14, 56, 5), Qt::UTC),
                               QByteArray("this is Message N\xC2\xB0 42 being posted into Redis")};
    const Result<QByteArray> line = BatchLine::format(message);
    QVERIFY2(line.ok(), qPrintable(line.errorMessage()));
    QCOMPARE(*line, QByteArray("[2025-10-16 14:56:05] Message #42: this is Message N\xC2\xB0 42 "
                               "being posted into Redis\n"));
}

void tst_BatchLine::escaping_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QByteArray>("escaped");
    QTest::newRow("plain ASCII") << QByteArray("hello world") << QByteArray("hello world");
    QTest::newRow("empty") << QByteArray("") << QByteArray("");
    QTest::newRow("UTF-8 kept") << QByteArray("caf\xC3\xA9 \xF0\x9F\x9A\xA2 \xE2\x82\xAC")
                                << QByteArray("caf\xC3\xA9 \xF0\x9F\x9A\xA2 \xE2\x82\xAC");
    QTest::newRow("line feed") << QByteArray("a\nb") << QByteArray("a\\nb");
    QTest::newRow("carriage return") << QByteArray("a\rb\r\n") << QByteArray("a\\rb\\r\\n");
    QTest::newRow("NUL") << QByteArray("a\0b", 3) << QByteArray("a\\0b");
    QTest::newRow("backslash") << QByteArray("C:\\temp\\n") << QByteArray("C:\\\\temp\\\\n");
    QTest::newRow("bracket kept") << QByteArray("a] b [c]") << QByteArray("a] b [c]");
    QTest::newRow("forged prefix kept") << QByteArray("[2026-11-21 10:00:05] Message #5: forged")
                                        << QByteArray("[2026-11-21 10:00:05] Message #5: forged");
    QTest::newRow("tab and other controls kept")
        << QByteArray("a\tb\x1b[0m\x7f") << QByteArray("a\tb\x1b[0m\x7f");
    QTest::newRow("lone continuation byte") << QByteArray("a\x80z") << QByteArray("a\\x80z");
    QTest::newRow("Latin-1 byte") << QByteArray("caf\xE9") << QByteArray("caf\\xE9");
    QTest::newRow("overlong slash") << QByteArray("\xC0\xAF") << QByteArray("\\xC0\\xAF");
    QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << QByteArray("\\xED\\xA0\\x80");
    QTest::newRow("past U+10FFFF")
        << QByteArray("\xF4\x90\x80\x80") << QByteArray("\\xF4\\x90\\x80\\x80");
    QTest::newRow("cut sequence at end") << QByteArray("ok\xE2\x82") << QByteArray("ok\\xE2\\x82");
    QTest::newRow("cut sequence, then ASCII")
        << QByteArray("\xE2\x82z\xC3\xA9") << QByteArray("\\xE2\\x82z\xC3\xA9");
    QTest::newRow("0xFF") << QByteArray("\xFF\xFE") << QByteArray("\\xFF\\xFE");
}

void tst_BatchLine::escaping()
{
    QFETCH(QByteArray, content);
    QFETCH(QByteArray, escaped);
    const QByteArray actual = BatchLine::escape(content);
    QCOMPARE(actual, escaped);
    QVERIFY2(BatchLine::isValidUtf8(actual), "an escaped line is always valid UTF-8");
    QVERIFY(!actual.contains('\n'));
    QVERIFY(!actual.contains('\r'));
    QVERIFY(!actual.contains('\0'));
    QCOMPARE(BatchLine::unescape(actual), content);
}

void tst_BatchLine::roundTrip_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("plain") << QByteArray("Test message number 7");
    QTest::newRow("line feed") << QByteArray("first\nsecond\n");
    QTest::newRow("carriage return") << QByteArray("\rstart");
    QTest::newRow("NUL") << QByteArray("\0\0x\0", 4);
    QTest::newRow("bracket") << QByteArray("]");
    QTest::newRow("forged prefix")
        << QByteArray("x\n[2026-11-21 10:00:05] Message #5: forged line");
    QTest::newRow("colon space and hash") << QByteArray("a: b #3: c");
    QTest::newRow("backslash sequences") << QByteArray("\\n \\r \\0 \\x41 \\\\ \\");
    QTest::newRow("not UTF-8") << QByteArray("\x80\x81\xFE\xFF valid \xC3\xA9");
    QTest::newRow("leading and trailing spaces") << QByteArray("  padded  ");
    QByteArray everyByte;
    for (int i = 0; i < 256; ++i)
        everyByte.append(static_cast<char>(i));
    QTest::newRow("every byte") << everyByte;
}

void tst_BatchLine::roundTrip()
{
    QFETCH(QByteArray, content);
    const BatchMessage message{123456789, test::batchTestTime(5), content};
    const Result<QByteArray> line = BatchLine::format(message);
    QVERIFY2(line.ok(), qPrintable(line.errorMessage()));
    QCOMPARE(line->count('\n'), 1);
    QVERIFY(line->endsWith('\n'));
    QVERIFY(BatchLine::isValidUtf8(*line));

    const BatchLineParse parsed = BatchLine::parse(QByteArrayView(*line).chopped(1));
    QVERIFY2(parsed.ok, qPrintable(parsed.problem));
    QCOMPARE(parsed.message, message);
    QCOMPARE(parsed.message.content, content);
}

void tst_BatchLine::unescapeLeavesOtherBackslashes_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("Windows path") << QByteArray("C:\\temp\\data") << QByteArray("C:\\temp\\data");
    QTest::newRow("trailing backslash") << QByteArray("end\\") << QByteArray("end\\");
    QTest::newRow("\\x without hex") << QByteArray("\\xZZ \\x4") << QByteArray("\\xZZ \\x4");
    QTest::newRow("lower-case hex") << QByteArray("\\xe9") << QByteArray("\xE9");
    QTest::newRow("unknown escape") << QByteArray("\\t\\q") << QByteArray("\\t\\q");
}

void tst_BatchLine::unescapeLeavesOtherBackslashes()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, content);
    QCOMPARE(BatchLine::unescape(text), content);
}

void tst_BatchLine::malformed_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("problem");
    QTest::newRow("empty") << QByteArray() << u"empty line"_s;
    QTest::newRow("garbage") << QByteArray("garbage") << u"timestamp"_s;
    QTest::newRow("no closing bracket")
        << QByteArray("[2026-11-21 10:00:05 Message #5: x") << u"timestamp"_s;
    QTest::newRow("bad month") << QByteArray("[2026-13-21 10:00:05] Message #5: x")
                               << u"not a valid date"_s;
    QTest::newRow("30 February") << QByteArray("[2026-02-30 10:00:05] Message #5: x")
                                 << u"not a valid date"_s;
    QTest::newRow("hour 24") << QByteArray("[2026-11-21 24:00:05] Message #5: x")
                             << u"not a valid date"_s;
    QTest::newRow("letters in time")
        << QByteArray("[2026-11-21 1a:00:05] Message #5: x") << u"not a valid date"_s;
    QTest::newRow("no Message tag")
        << QByteArray("[2026-11-21 10:00:05] Msg #5: x") << u"Message #"_s;
    QTest::newRow("no number") << QByteArray("[2026-11-21 10:00:05] Message #: x")
                               << u"no message number"_s;
    QTest::newRow("negative number")
        << QByteArray("[2026-11-21 10:00:05] Message #-5: x") << u"no message number"_s;
    QTest::newRow("number too large")
        << QByteArray("[2026-11-21 10:00:05] Message #9999999999999999999: x") << u"too large"_s;
    QTest::newRow("no colon space")
        << QByteArray("[2026-11-21 10:00:05] Message #5:x") << u"\": \""_s;
    QTest::newRow("cut after number")
        << QByteArray("[2026-11-21 10:00:05] Message #5") << u"\": \""_s;
    QTest::newRow("cut in timestamp") << QByteArray("[2026-11-21 10:0") << u"timestamp"_s;
}

void tst_BatchLine::malformed()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, problem);
    const BatchLineParse parsed = BatchLine::parse(line);
    QVERIFY(!parsed.ok);
    QVERIFY2(parsed.problem.contains(problem), qPrintable(parsed.problem));
}

void tst_BatchLine::crlfLineEnd()
{
    const BatchLineParse parsed =
        BatchLine::parse("[2026-11-21 10:00:05] Message #5: from Windows\r");
    QVERIFY(parsed.ok);
    QCOMPARE(parsed.message.content, QByteArray("from Windows"));
}

void tst_BatchLine::timestampsAreUtc()
{
    // 12:00:05 at UTC+02:00 is 10:00:05 UTC.
    const BatchMessage message{
        5, QDateTime(QDate(2026, 11, 21), QTime(12, 0, 5), Qt::OffsetFromUTC, 7200), "x"};
    QCOMPARE(*BatchLine::format(message), QByteArray("[2026-11-21 10:00:05] Message #5: x\n"));
    const BatchLineParse parsed = BatchLine::parse("[2026-11-21 10:00:05] Message #5: x");
    QCOMPARE(parsed.message.timestamp.timeSpec(), Qt::UTC);
    QCOMPARE(parsed.message.timestamp, message.timestamp);
}

void tst_BatchLine::timestamps_data()
{
    QTest::addColumn<QDateTime>("time");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("epoch") << QDateTime(QDate(1970, 1, 1), QTime(0, 0), Qt::UTC)
                           << QByteArray("1970-01-01 00:00:00");
    QTest::newRow("before epoch") << QDateTime(QDate(1969, 12, 31), QTime(23, 59, 59), Qt::UTC)
                                  << QByteArray("1969-12-31 23:59:59");
    QTest::newRow("leap day") << QDateTime(QDate(2024, 2, 29), QTime(12, 30, 45), Qt::UTC)
                              << QByteArray("2024-02-29 12:30:45");
    QTest::newRow("year 2000") << QDateTime(QDate(2000, 3, 1), QTime(0, 0, 1), Qt::UTC)
                               << QByteArray("2000-03-01 00:00:01");
    QTest::newRow("year 1") << QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC)
                            << QByteArray("0001-01-01 00:00:00");
    QTest::newRow("year 9999") << QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59), Qt::UTC)
                               << QByteArray("9999-12-31 23:59:59");
}

void tst_BatchLine::timestamps()
{
    QFETCH(QDateTime, time);
    QFETCH(QByteArray, text);
    const qint64 secs = time.toSecsSinceEpoch();
    QCOMPARE(BatchLine::formatTimestamp(secs), text);
    QCOMPARE(BatchLine::parseTimestamp(text), std::optional<qint64>(secs));
    // And as Qt sees the same instant.
    QCOMPARE(QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(u"yyyy-MM-dd HH:mm:ss"_s),
             QString::fromLatin1(text));
}

void tst_BatchLine::refusesWhatALineCannotHold_data()
{
    QTest::addColumn<qint64>("number");
    QTest::addColumn<QDateTime>("time");
    QTest::addColumn<QString>("problem");
    QTest::newRow("negative number") << qint64(-1) << test::batchTestTime(1) << u"negative"_s;
    QTest::newRow("no timestamp") << qint64(1) << QDateTime() << u"no valid timestamp"_s;
    QTest::newRow("year 10000") << qint64(1) << QDateTime(QDate(10000, 1, 1), QTime(0, 0), Qt::UTC)
                                << u"0000-9999"_s;
    // Qt has no year 0: its year -2 is the astronomical year -1, before 0000.
    QTest::newRow("before year 0")
        << qint64(1) << QDateTime(QDate(-2, 12, 31), QTime(0, 0), Qt::UTC) << u"0000-9999"_s;
}

void tst_BatchLine::refusesWhatALineCannotHold()
{
    QFETCH(qint64, number);
    QFETCH(QDateTime, time);
    QFETCH(QString, problem);
    const Result<QByteArray> line = BatchLine::format(BatchMessage{number, time, "x"});
    QVERIFY(!line.ok());
    QCOMPARE(line.error().kind, StorageError::Kind::InvalidArgument);
    QVERIFY2(line.errorMessage().contains(problem), qPrintable(line.errorMessage()));
}

void tst_BatchLine::fileNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<qint64>("id"); // 0: not a batch file's name
    QTest::newRow("1") << u"messages_batch_0001.txt"_s << qint64(1);
    QTest::newRow("99") << u"messages_batch_0099.txt"_s << qint64(99);
    QTest::newRow("1000") << u"messages_batch_1000.txt"_s << qint64(1000);
    QTest::newRow("9999") << u"messages_batch_9999.txt"_s << qint64(9999);
    QTest::newRow("10000") << u"messages_batch_10000.txt"_s << qint64(10000);
    QTest::newRow("123456") << u"messages_batch_123456.txt"_s << qint64(123456);
    QTest::newRow("zero") << u"messages_batch_0000.txt"_s << qint64(0);
    QTest::newRow("short") << u"messages_batch_42.txt"_s << qint64(0);
    QTest::newRow("padded past 4") << u"messages_batch_00042.txt"_s << qint64(0);
    QTest::newRow("padded 10000") << u"messages_batch_010000.txt"_s << qint64(0);
    QTest::newRow("sign") << u"messages_batch_+001.txt"_s << qint64(0);
    QTest::newRow("other suffix") << u"messages_batch_0001.txt.bak"_s << qint64(0);
    QTest::newRow("fragment") << u"messages_batch_0001.txt.torn-20261121T100000Z"_s << qint64(0);
    QTest::newRow("upper case") << u"MESSAGES_BATCH_0001.TXT"_s << qint64(0);
    QTest::newRow("other file") << u"notes.txt"_s << qint64(0);
    QTest::newRow("digits not ASCII")
        << u"messages_batch_\u0661\u0662\u0663\u0664.txt"_s << qint64(0);
    QTest::newRow("too long") << u"messages_batch_1234567890123456789.txt"_s << qint64(0);
}

void tst_BatchLine::fileNames()
{
    QFETCH(QString, name);
    QFETCH(qint64, id);
    const std::optional<qint64> parsed = batchIdFromFileName(QStringView(name));
    QCOMPARE(parsed.value_or(0), id);
    if (id > 0)
        QCOMPARE(batchFileName(id), name);
}

void tst_BatchLine::batchIds_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("id"); // 0: refused
    QTest::newRow("42") << u"42"_s << qint64(42);
    QTest::newRow("leading zeros") << u"0042"_s << qint64(42);
    QTest::newRow("10000") << u"10000"_s << qint64(10000);
    QTest::newRow("zero") << u"0"_s << qint64(0);
    QTest::newRow("negative") << u"-1"_s << qint64(0);
    QTest::newRow("plus") << u"+1"_s << qint64(0);
    QTest::newRow("empty") << QString() << qint64(0);
    QTest::newRow("space") << u" 1"_s << qint64(0);
    QTest::newRow("fraction") << u"1.5"_s << qint64(0);
    QTest::newRow("exponent") << u"1e3"_s << qint64(0);
    QTest::newRow("hex") << u"0x10"_s << qint64(0);
    QTest::newRow("path") << u"../../etc/passwd"_s << qint64(0);
    QTest::newRow("file name") << u"messages_batch_0001.txt"_s << qint64(0);
    QTest::newRow("too large") << u"99999999999999999999"_s << qint64(0);
    QTest::newRow("Arabic-Indic digits") << u"\u0661"_s << qint64(0);
}

void tst_BatchLine::batchIds()
{
    QFETCH(QString, text);
    QFETCH(qint64, id);
    const Result<qint64> parsed = parseBatchId(text);
    if (id == 0) {
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().kind, StorageError::Kind::InvalidArgument);
        QVERIFY2(parsed.errorMessage().contains(u"positive whole number"_s),
                 qPrintable(parsed.errorMessage()));
    } else {
        QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
        QCOMPARE(*parsed, id);
    }
}

void tst_BatchLine::fileSplitsLinesOnlyAtLineFeeds()
{
    const QByteArray bytes = test::seedLine(1) + "garbage\n" + "\n" + test::seedLine(2, "a\\nb") +
                             "[2026-11-21 10:00:03] Message #3: torn";
    const BatchFileContent content = parseBatchFileBytes(bytes);
    QCOMPARE(content.lines.size(), 5);
    QCOMPARE(content.messageCount(), 2);
    QVERIFY(!content.endsWithLineEnd);
    QCOMPARE(content.lines.at(1).lineNumber, 2);
    QVERIFY(!content.lines.at(1).ok);
    QCOMPARE(content.lines.at(1).raw, QByteArray("garbage"));
    QVERIFY(content.lines.at(2).problem.contains(u"empty line"_s));
    QCOMPARE(content.lines.at(3).message.content, QByteArray("a\nb"));
    QVERIFY(content.lines.at(4).problem.contains(u"no line end"_s));

    const BatchFileSummary summary = summarizeBatchFileBytes(bytes);
    QCOMPARE(summary.lineCount, 5);
    QCOMPARE(summary.messageCount, 2);
    QCOMPARE(summary.malformedLines, 3);
    QCOMPARE(summary.firstMessageNumber, std::optional<qint64>(1));
    QCOMPARE(summary.lastMessageNumber, std::optional<qint64>(2));
}

void tst_BatchLine::fileReadLineByLineIsTheSame_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("lines");
    QTest::addColumn<int>("messages");

    // Lines of every length across the reader's 256 KiB chunks, some ending on a chunk's edge.
    QByteArray many;
    for (int n = 1; many.size() < 3 * 256 * 1024; ++n)
        many += test::seedLine(n, QByteArray(n % 997, 'x'));
    QTest::newRow("lines across chunks") << many << int(many.count('\n')) << int(many.count('\n'));
    QByteArray edge = test::seedLine(1, QByteArray(256 * 1024 - 35, 'y'));
    QTest::newRow("a line end on a chunk's edge") << edge + test::seedLine(2) + "torn" << 3 << 2;

    // The cap holds exactly: a line of batchLineLimit bytes is a message, one byte more is not.
    const QByteArray head = test::seedLine(1, "").chopped(1);
    const QByteArray atCap = head + QByteArray(batchLineLimit - head.size(), 'z') + '\n';
    QTest::newRow("a line of the longest length") << atCap + test::seedLine(2) << 2 << 2;
    const QByteArray overCap = head + QByteArray(batchLineLimit + 1 - head.size(), 'z') + '\n';
    QTest::newRow("a line one byte too long") << overCap + test::seedLine(2) << 2 << 1;
}

// The reader that goes through a file line by line gives what parsing its bytes at once gives,
// and a line over batchLineLimit is a damaged line, kept to its first bytes.
void tst_BatchLine::fileReadLineByLineIsTheSame()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, lines);
    QFETCH(int, messages);

    QTemporaryFile file;
    QVERIFY(file.open());
    QCOMPARE(file.write(bytes), bytes.size());
    QVERIFY(file.flush());
    BatchFileContent read;
    QCOMPARE(readBatchFileContent(file.handle(), bytes.size(), &read), 0);
    const BatchFileContent parsed = parseBatchFileBytes(bytes);
    QCOMPARE(read.lines.size(), lines);
    QCOMPARE(read.messageCount(), messages);
    QCOMPARE(read.sizeBytes, bytes.size());
    QCOMPARE(read.endsWithLineEnd, parsed.endsWithLineEnd);
    QCOMPARE(read.lines.size(), parsed.lines.size());
    for (qsizetype i = 0; i < read.lines.size(); ++i) {
        QCOMPARE(read.lines.at(i).lineNumber, parsed.lines.at(i).lineNumber);
        QCOMPARE(read.lines.at(i).ok, parsed.lines.at(i).ok);
        QCOMPARE(read.lines.at(i).message, parsed.lines.at(i).message);
        QCOMPARE(read.lines.at(i).problem, parsed.lines.at(i).problem);
        QCOMPARE(read.lines.at(i).raw, parsed.lines.at(i).raw);
    }
    BatchFileSummary summary;
    qint64 bytesRead = 0;
    QCOMPARE(summarizeBatchFile(file.handle(), bytes.size(), &summary, &bytesRead), 0);
    const BatchFileSummary expected = summarizeBatchFileBytes(bytes);
    QCOMPARE(bytesRead, bytes.size());
    QCOMPARE(summary.lineCount, expected.lineCount);
    QCOMPARE(summary.messageCount, expected.messageCount);
    QCOMPARE(summary.malformedLines, expected.malformedLines);
    QCOMPARE(summary.lastMessageNumber, expected.lastMessageNumber);
    if (messages < lines && read.lines.constFirst().raw.size() == BatchFileLine::rawLineLimit)
        QVERIFY2(read.lines.constFirst().problem.contains(u"bytes long, more than"_s),
                 qPrintable(read.lines.constFirst().problem));
}

QTEST_GUILESS_MAIN(tst_BatchLine)
#include "tst_batchline.moc"
