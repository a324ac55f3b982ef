#include "batchfilewriter.h"
#include "batchteststore.h"
#include "commandrun.h"
#include "peakmemory.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

// `porthole batches` as an operator runs it, and the store's compatibility with the seed:
// its export_to_json reads what Porthole writes, and Porthole reads what its receiver writes.
class tst_BatchesCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void help();
    void listing();
    void listingAsJson();
    void listingWithoutCache();
    void check_data();
    void check();
    void checkAsJson();
    void exportOneBatch();
    void exportAll();
    void exportKeepsBytesThatAreNotUtf8();
    void exportLeavesOutDamagedLines();
    void bigFilesAreReadInBoundedMemory_data();
    void bigFilesAreReadInBoundedMemory();
    void refusals_data();
    void refusals();
    void failures_data();
    void failures();
    void seedReadsPortholeStore_data();
    void seedReadsPortholeStore();
    void portholeReadsSeedStore();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QString err;
    };
    Run porthole(const QStringList &arguments) const;
    Run python(const QStringList &arguments) const;
    static bool writeStore(const QString &directory, const QList<BatchMessage> &messages);
    static QList<BatchMessage> numbered(qint64 first, qint64 last);

    QString m_binary;
    QString m_python;
    QString m_data;
    QTemporaryDir m_home;
};

void tst_BatchesCommand::initTestCase()
{
    m_binary = qEnvironmentVariable("PORTHOLE_BINARY");
    QVERIFY2(!m_binary.isEmpty(), "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
    m_python = QStandardPaths::findExecutable(u"python3"_s);
    QVERIFY2(!m_python.isEmpty(), "python3 runs the seed's exporter: scripts/install-deps test");
    m_data = QStringLiteral(PORTHOLE_BATCH_TEST_DATA);
    QVERIFY(QFileInfo::exists(m_data + u"/seed_export_to_json.py"_s));
}

tst_BatchesCommand::Run tst_BatchesCommand::porthole(const QStringList &arguments) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, m_home.path());
    env.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"data"_s));
    const test::CommandRun run =
        test::runPorthole(QStringList{u"batches"_s} + arguments, 60000, env);
    return {run.exitCode, run.out, QString::fromUtf8(run.err)};
}

tst_BatchesCommand::Run tst_BatchesCommand::python(const QStringList &arguments) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PYTHONUTF8"_s, u"1"_s); // the seed's open(..., 'r') on a UTF-8 system
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(m_python, arguments);
    Run run;
    if (!process.waitForFinished(60000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

QList<BatchMessage> tst_BatchesCommand::numbered(qint64 first, qint64 last)
{
    QList<BatchMessage> out;
    for (qint64 n = first; n <= last; ++n)
        out.append({n, test::batchTestTime(n), "Test message number " + QByteArray::number(n)});
    return out;
}

bool tst_BatchesCommand::writeStore(const QString &directory, const QList<BatchMessage> &messages)
{
    auto writer = BatchFileWriter::open(directory);
    if (!writer)
        return false;
    for (const BatchMessage &message : messages) {
        if (!(*writer)->append(message))
            return false;
    }
    return (*writer)->commit().ok();
}

void tst_BatchesCommand::help()
{
    const Run run = porthole({u"--help"_s});
    QCOMPARE(run.exitCode, 0);
    const QString text = QString::fromUtf8(run.out);
    for (const QString &option :
         {u"--dir <dir>"_s, u"--json"_s, u"--check"_s, u"--export-json <ID|all>"_s,
          u"--out <file>"_s, u"--no-cache"_s, u"Exit codes"_s, u"UTC"_s})
        QVERIFY2(text.contains(option), qPrintable(option + u" not in:\n"_s + text));
    QVERIFY2(text.startsWith(u"Usage: porthole batches"_s), qPrintable(text));

    const test::CommandRun top = test::runPorthole({u"--help"_s}, 30000);
    QVERIFY(top.exitCode != -1);
    QVERIFY(QString::fromUtf8(top.out).contains(u"batches"_s));
}

void tst_BatchesCommand::listing()
{
    QTemporaryDir store;
    QVERIFY(writeStore(store.path(), numbered(1, 25)));
    const Run run = porthole({u"--dir"_s, store.path()});
    QCOMPARE(run.exitCode, 0);
    const QString text = QString::fromUtf8(run.out);
    QVERIFY2(text.contains(u"(3 files, 25 messages)"_s), qPrintable(text));
    const QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5); // summary, header, three files
    QVERIFY2(lines.at(1).contains(u"MESSAGES"_s) && lines.at(1).contains(u"FIRST"_s),
             qPrintable(lines.at(1)));
    const QStringList third = lines.at(4).split(u' ', Qt::SkipEmptyParts);
    QCOMPARE(third.mid(0, 6),
             (QStringList{
                 u"3"_s, u"messages_batch_0003.txt"_s, u"5"_s,
                 QString::number(QFileInfo(store.filePath(u"messages_batch_0003.txt"_s)).size()),
                 u"21"_s, u"25"_s}));
    QVERIFY(run.err.isEmpty());
}

void tst_BatchesCommand::listingAsJson()
{
    QTemporaryDir store;
    QVERIFY(writeStore(store.path(), numbered(1, 13)));
    QVERIFY(test::appendFile(store.filePath(u"messages_batch_0002.txt"_s), "garbage\n"));
    QVERIFY(
        test::setModified(store.filePath(u"messages_batch_0002.txt"_s), test::batchTestSecs(100)));
    const Run run = porthole({u"--dir"_s, store.path(), u"--json"_s});
    QCOMPARE(run.exitCode, 0);
    QJsonParseError error;
    const QJsonArray files = QJsonDocument::fromJson(run.out, &error).array();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(files.size(), 2);
    const QJsonObject second = files.at(1).toObject();
    QCOMPARE(second.value(u"id"_s).toInt(), 2);
    QCOMPARE(second.value(u"filename"_s).toString(), u"messages_batch_0002.txt"_s);
    QCOMPARE(second.value(u"message_count"_s).toInt(), 3);
    QCOMPARE(second.value(u"file_size_bytes"_s).toInteger(),
             QFileInfo(store.filePath(u"messages_batch_0002.txt"_s)).size());
    QCOMPARE(second.value(u"first_message_number"_s).toInt(), 11);
    QCOMPARE(second.value(u"last_message_number"_s).toInt(), 13);
    QCOMPARE(second.value(u"line_count"_s).toInt(), 4);
    QCOMPARE(second.value(u"malformed_lines"_s).toInt(), 1);
    QCOMPARE(second.value(u"date_modified"_s).toString(), u"2026-11-21T10:01:40Z"_s);
    QVERIFY(
        QDateTime::fromString(second.value(u"date_created"_s).toString(), Qt::ISODate).isValid());
    // The seed's field names come first, in its order.
    QVERIFY(run.out.indexOf("\"id\"") < run.out.indexOf("\"filename\""));
    QVERIFY(run.out.indexOf("\"date_modified\"") < run.out.indexOf("\"first_message_number\""));
}

void tst_BatchesCommand::listingWithoutCache()
{
    QTemporaryDir store;
    QVERIFY(writeStore(store.path(), numbered(1, 3)));
    QVERIFY(porthole({u"--dir"_s, store.path(), u"--no-cache"_s}).exitCode == 0);
    QVERIFY(!QFileInfo::exists(store.filePath(u".porthole-index"_s)));
    QVERIFY(porthole({u"--dir"_s, store.path()}).exitCode == 0);
    QVERIFY(QFileInfo::exists(store.filePath(u".porthole-index"_s)));
}

void tst_BatchesCommand::check_data()
{
    QTest::addColumn<bool>("damaged");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("said");
    QTest::newRow("clean") << false << 0
                           << QStringList{u"No problems in"_s, u"3 files, 25 messages"_s};
    QTest::newRow("problems") << true << 1
                              << QStringList{u"too-many-lines: messages_batch_0001.txt"_s,
                                             u"short-file: messages_batch_0002.txt"_s,
                                             u"stray-file: notes.txt"_s, u"3 problems in"_s};
}

void tst_BatchesCommand::check()
{
    QFETCH(bool, damaged);
    QFETCH(int, exitCode);
    QFETCH(QStringList, said);
    QTemporaryDir store;
    QVERIFY(writeStore(store.path(), numbered(1, 25)));
    if (damaged) {
        QVERIFY(
            test::writeFile(store.filePath(u"messages_batch_0001.txt"_s), test::seedLines(1, 11)));
        QVERIFY(
            test::writeFile(store.filePath(u"messages_batch_0002.txt"_s), test::seedLines(12, 9)));
        QVERIFY(test::writeFile(store.filePath(u"notes.txt"_s), "x"));
    }
    const Run run = porthole({u"--dir"_s, store.path(), u"--check"_s});
    const QString text = QString::fromUtf8(run.out);
    QVERIFY2(run.exitCode == exitCode, qPrintable(text + run.err));
    for (const QString &phrase : said)
        QVERIFY2(text.contains(phrase), qPrintable(phrase + u" not in:\n"_s + text));
}

void tst_BatchesCommand::checkAsJson()
{
    QTemporaryDir store;
    QVERIFY(test::writeFile(store.filePath(u"messages_batch_0001.txt"_s),
                            test::seedLines(1, 3) + "garbage\n" + test::seedLines(5, 2)));
    const Run run = porthole({u"--dir"_s, store.path(), u"--check"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 1);
    const QJsonObject report = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(report.value(u"clean"_s).toBool(true), false);
    QCOMPARE(report.value(u"files"_s).toInt(), 1);
    QCOMPARE(report.value(u"messages"_s).toInt(), 5);
    QStringList kinds;
    for (const QJsonValue &finding : report.value(u"findings"_s).toArray())
        kinds.append(finding[u"kind"_s].toString());
    kinds.sort();
    QCOMPARE(kinds, (QStringList{u"malformed-line"_s, u"number-gap"_s}));
    const QJsonObject malformed = report.value(u"findings"_s).toArray().at(1).toObject();
    QCOMPARE(malformed.value(u"file"_s).toString(), u"messages_batch_0001.txt"_s);
    QCOMPARE(malformed.value(u"line"_s).toInt(), 4);
}

void tst_BatchesCommand::exportOneBatch()
{
    QTemporaryDir store;
    QList<BatchMessage> messages = numbered(1, 10);
    messages.append(
        {11, test::batchTestTime(11), "caf\xC3\xA9 \"quoted\"\nline\\ \xF0\x9F\x9A\xA2"});
    messages.append({12, test::batchTestTime(12), "  spaced  "});
    QVERIFY(writeStore(store.path(), messages));
    const QString out = store.filePath(u"export.json"_s);
    const Run run =
        porthole({u"--dir"_s, store.path(), u"--export-json"_s, u"2"_s, u"--out"_s, out});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
    // Python's json.dumps(..., indent=2), as the seed's export_to_json writes it.
    const QByteArray expected = "[\n"
                                "  {\n"
                                "    \"timestamp\": \"2026-11-21 10:00:11\",\n"
                                "    \"message_number\": 11,\n"
                                "    \"content\": \"caf\\u00e9 \\\"quoted\\\"\\nline\\\\ "
                                "\\ud83d\\udea2\"\n"
                                "  },\n"
                                "  {\n"
                                "    \"timestamp\": \"2026-11-21 10:00:12\",\n"
                                "    \"message_number\": 12,\n"
                                "    \"content\": \"  spaced  \"\n"
                                "  }\n"
                                "]\n";
    QCOMPARE(test::readFile(out), expected);

    // To standard output without --out; "0042" is batch 42, which is not there.
    const Run stdoutRun = porthole({u"--dir"_s, store.path(), u"--export-json"_s, u"0002"_s});
    QCOMPARE(stdoutRun.exitCode, 0);
    QCOMPARE(stdoutRun.out, expected);
}

void tst_BatchesCommand::exportAll()
{
    QTemporaryDir store;
    QVERIFY(writeStore(store.path(), numbered(1, 25)));
    const Run run = porthole({u"--dir"_s, store.path(), u"--export-json"_s, u"all"_s});
    QCOMPARE(run.exitCode, 0);
    const QJsonArray messages = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(messages.size(), 25);
    for (qsizetype i = 0; i < messages.size(); ++i) {
        QCOMPARE(messages.at(i)[u"message_number"_s].toInt(), i + 1);
        QCOMPARE(messages.at(i)[u"content"_s].toString(), u"Test message number %1"_s.arg(i + 1));
    }

    QTemporaryDir empty;
    const Run none = porthole({u"--dir"_s, empty.path(), u"--export-json"_s, u"all"_s});
    QCOMPARE(none.exitCode, 0);
    QCOMPARE(none.out, QByteArray("[]\n"));
}

void tst_BatchesCommand::exportKeepsBytesThatAreNotUtf8()
{
    QTemporaryDir store;
    QVERIFY(writeStore(store.path(), {{1, test::batchTestTime(1), "ok \xFF\xFE"}}));
    const Run run = porthole({u"--dir"_s, store.path(), u"--export-json"_s, u"1"_s});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject message = QJsonDocument::fromJson(run.out).array().at(0).toObject();
    QVERIFY(message.value(u"content"_s).toString().startsWith(u"ok \uFFFD"_s));
    QCOMPARE(QByteArray::fromBase64(message.value(u"content_base64"_s).toString().toLatin1()),
             QByteArray("ok \xFF\xFE"));
}

void tst_BatchesCommand::exportLeavesOutDamagedLines()
{
    QTemporaryDir store;
    QVERIFY(test::writeFile(store.filePath(u"messages_batch_0001.txt"_s),
                            test::seedLines(1, 2) + "garbage\n" + test::seedLine(3)));
    const Run run = porthole({u"--dir"_s, store.path(), u"--export-json"_s, u"1"_s});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(u"1 damaged line was left out"_s) &&
                 run.err.contains(u"messages_batch_0001.txt:3"_s),
             qPrintable(run.err));
    QCOMPARE(QJsonDocument::fromJson(run.out).array().size(), 3);
}

void tst_BatchesCommand::bigFilesAreReadInBoundedMemory_data()
{
    QTest::addColumn<qint64>("size"); // of batch 2, sparse: zeros
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("said"); // on standard output or error

    const qint64 huge = qint64(2) << 30;      // more than ten lines can be: never read
    const qint64 oneLine = qint64(400) << 20; // one line of 400 MiB, ended by '\n'
    const QString size = QString::number(huge);
    QTest::newRow("2 GiB: list") << huge << QStringList{u"--no-cache"_s} << 0
                                 << u"messages_batch_0002.txt"_s;
    QTest::newRow("2 GiB: list as JSON")
        << huge << QStringList{u"--json"_s} << 0 << u"\"file_size_bytes\": %1"_s.arg(size);
    QTest::newRow("2 GiB: check") << huge << QStringList{u"--check"_s} << 1 << u"oversized-file"_s;
    QTest::newRow("2 GiB: check as JSON")
        << huge << QStringList{u"--check"_s, u"--json"_s} << 1 << size;
    QTest::newRow("2 GiB: export it")
        << huge << QStringList{u"--export-json"_s, u"2"_s} << 1 << size;
    QTest::newRow("2 GiB: export all")
        << huge << QStringList{u"--export-json"_s, u"all"_s} << 1 << u"messages_batch_0002.txt"_s;
    QTest::newRow("400 MiB line: list")
        << oneLine << QStringList{u"--no-cache"_s} << 0 << u"messages_batch_0002.txt"_s;
    QTest::newRow("400 MiB line: check")
        << oneLine << QStringList{u"--check"_s} << 1 << u"bytes long, more than"_s;
    QTest::newRow("400 MiB line: export it")
        << oneLine << QStringList{u"--export-json"_s, u"2"_s} << 1 << u"bytes long, more than"_s;
}

// A batch file of 2 GiB (far more than ten lines can be) or one with a 400 MiB line: what
// `porthole batches` holds at its peak stays far below either. The child's peak resident set
// comes from wait4 (no address-space limit, so the asan build is measured the same way).
void tst_BatchesCommand::bigFilesAreReadInBoundedMemory()
{
    QFETCH(qint64, size);
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, said);

    QTemporaryDir store;
    QVERIFY(writeStore(store.path(), numbered(1, 10)));
    QFile big(store.filePath(u"messages_batch_0002.txt"_s));
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.resize(size)); // ftruncate: a hole costs no disk
    if (size <= batchFileSizeLimit) {
        QVERIFY(big.seek(size - 1));
        QVERIFY(big.putChar('\n'));
    }
    big.close();

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, m_home.path());
    env.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"data"_s));
    const test::MeasuredRun run = test::runMeasured(
        m_binary, QStringList{u"batches"_s, u"--dir"_s, store.path()} + arguments, env);
    QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
    constexpr qint64 limitKiB = 160 * 1024; // the line cap (65 MiB) and the program around it
    qInfo("peak RSS %lld KiB", run.peakRssKiB);
    QVERIFY2(run.peakRssKiB > 0 && run.peakRssKiB < limitKiB + test::sanitizerSlackKiB,
             qPrintable(u"peak RSS %1 KiB"_s.arg(run.peakRssKiB)));
    const QString output = QString::fromUtf8(run.out + run.err);
    QVERIFY2(run.exitCode == exitCode, qPrintable(output.left(2000)));
    QVERIFY2(output.contains(said), qPrintable(output.left(2000)));
}

void tst_BatchesCommand::refusals_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("said");
    const QString notAnId = u"is not a batch id"_s;
    for (const QString &id :
         {u"0"_s, u"-1"_s, u"+1"_s, u"1.5"_s, u"1e3"_s, u"abc"_s, u"../../etc/passwd"_s,
          u"messages_batch_0001.txt"_s, u" 1"_s, u"99999999999999999999"_s, QString()})
        QTest::newRow(qPrintable(u"id '%1'"_s.arg(id)))
            << QStringList{u"--export-json"_s, id} << notAnId;
    QTest::newRow("check and export")
        << QStringList{u"--check"_s, u"--export-json"_s, u"1"_s} << u"choose one"_s;
    QTest::newRow("export with --json")
        << QStringList{u"--export-json"_s, u"1"_s, u"--json"_s} << u"leave out --json"_s;
    QTest::newRow("--out alone") << QStringList{u"--out"_s, u"x.json"_s} << u"--out goes"_s;
    QTest::newRow("--no-cache with check")
        << QStringList{u"--check"_s, u"--no-cache"_s} << u"--no-cache goes"_s;
    QTest::newRow("positional argument") << QStringList{u"list"_s} << u"unexpected argument"_s;
    QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s} << u"Unknown option"_s;
    QTest::newRow("--import without --db")
        << QStringList{u"--import"_s} << u"--import and --db URL go together"_s;
    QTest::newRow("--db without --import")
        << QStringList{u"--db"_s, u"sqlite:x.db"_s} << u"--import and --db URL go together"_s;
    QTest::newRow("--import with a bad url")
        << QStringList{u"--import"_s, u"--db"_s, u"mysql://x"_s} << u"Not a database URL"_s;
    QTest::newRow("--dir without value") << QStringList{u"--dir"_s} << u"Missing value"_s;
}

void tst_BatchesCommand::refusals()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, said);
    QTemporaryDir store;
    const Run run = porthole(QStringList{u"--dir"_s, store.path()} + arguments);
    QVERIFY2(run.exitCode == 2, qPrintable(run.err));
    QVERIFY2(run.err.contains(said) && run.err.contains(u"porthole batches --help"_s),
             qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
    QVERIFY2(QDir(store.path()).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             "a refused command writes nothing");
}

void tst_BatchesCommand::failures_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("said");
    QTest::newRow("missing folder")
        << QStringList{u"--dir"_s, u"{store}/gone"_s} << u"does not exist"_s;
    QTest::newRow("missing folder, check")
        << QStringList{u"--dir"_s, u"{store}/gone"_s, u"--check"_s} << u"does not exist"_s;
    QTest::newRow("missing batch")
        << QStringList{u"--dir"_s, u"{store}"_s, u"--export-json"_s, u"7"_s}
        << u"There is no batch 7"_s;
    QTest::newRow("out in a missing folder")
        << QStringList{u"--dir"_s, u"{store}"_s, u"--export-json"_s,
                       u"1"_s,     u"--out"_s,   u"{store}/no/such/x.json"_s}
        << u"Cannot write"_s;
    QTest::newRow("default store not created yet") << QStringList() << u"does not exist"_s;
}

void tst_BatchesCommand::failures()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, said);
    QTemporaryDir store;
    QVERIFY(writeStore(store.path(), numbered(1, 3)));
    for (QString &argument : arguments)
        argument.replace(u"{store}"_s, store.path());
    const Run run = porthole(arguments);
    QVERIFY2(run.exitCode == 1, qPrintable(run.err));
    QVERIFY2(run.err.contains(said), qPrintable(run.err));
}

void tst_BatchesCommand::seedReadsPortholeStore_data()
{
    QTest::addColumn<QList<BatchMessage>>("messages");
    QTest::newRow("plain") << numbered(1, 23);
    QList<BatchMessage> special = numbered(1, 3);
    const QList<QByteArray> contents{"line\nfeed",
                                     "carriage\rreturn",
                                     QByteArray("nul\0byte", 8),
                                     "bracket ] [",
                                     "x\n[2026-11-21 10:00:05] Message #5: forged",
                                     "caf\xE9 latin-1",
                                     "C:\\temp\\new",
                                     "UTF-8 caf\xC3\xA9 \xF0\x9F\x9A\xA2",
                                     "colon: space # hash",
                                     "  padded  ",
                                     ""};
    for (const QByteArray &content : contents) {
        const qint64 n = special.size() + 1;
        special.append({n, test::batchTestTime(n), content});
    }
    QTest::newRow("content that is escaped") << special;
}

void tst_BatchesCommand::seedReadsPortholeStore()
{
    QFETCH(QList<BatchMessage>, messages);
    QTemporaryDir store;
    QVERIFY(writeStore(store.path(), messages));
    QStringList files =
        QDir(store.path()).entryList({u"messages_batch_*.txt"_s}, QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    for (QString &file : files)
        file = store.filePath(file);

    const Run seed = python(QStringList{m_data + u"/seed_export_to_json.py"_s} + files);
    QVERIFY2(seed.exitCode == 0, qPrintable(seed.err));
    const Run ours = porthole({u"--dir"_s, store.path(), u"--export-json"_s, u"all"_s});
    QCOMPARE(ours.exitCode, 0);

    // Every line reads in the seed's exporter: numbers and timestamps as Porthole's; the
    // content as written in the file (escaped where it has to be), stripped as it strips.
    const QJsonArray seen = QJsonDocument::fromJson(seed.out).array();
    QCOMPARE(seen.size(), messages.size());
    bool allPlain = true;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const BatchMessage &m = messages.at(i);
        const QJsonObject line = seen.at(i).toObject();
        QCOMPARE(line.value(u"message_number"_s).toInteger(), m.number);
        QCOMPARE(line.value(u"timestamp"_s).toString(),
                 QString::fromLatin1(BatchLine::formatTimestamp(m.timestamp.toSecsSinceEpoch())));
        const QByteArray written = BatchLine::escape(m.content);
        QCOMPARE(line.value(u"content"_s).toString(), QString::fromUtf8(written).trimmed());
        allPlain = allPlain && written == m.content && written.trimmed() == written;
    }
    // Where nothing needed escaping, the two exports are the same, byte for byte.
    if (allPlain)
        QCOMPARE(ours.out, seed.out);
    else
        QVERIFY(ours.out != seed.out);
}

void tst_BatchesCommand::portholeReadsSeedStore()
{
    // What the seed's receiver writes, from a message list in the seed's JSON shape.
    const QByteArray input = R"([
  {"timestamp": "2025-10-16 14:56:05", "message_number": 1, "content": "Test message number 1"},
  {"timestamp": "2025-10-16 14:56:06", "message_number": 2, "content": "this is Message N\u00b0 2"},
  {"timestamp": "2025-10-16 14:56:07", "message_number": 3, "content": "colon: space # hash"},
  {"timestamp": "2025-10-16 14:56:08", "message_number": 4, "content": "bracket ] [x]"},
  {"timestamp": "2025-10-16 14:56:09", "message_number": 5, "content": "C:\\temp\\data"},
  {"timestamp": "2025-10-16 14:56:10", "message_number": 6, "content": "emoji \ud83d\udea2"},
  {"timestamp": "2025-10-16 14:56:11", "message_number": 7, "content": "Test message number 7"},
  {"timestamp": "2025-10-16 14:56:12", "message_number": 8, "content": "Test message number 8"},
  {"timestamp": "2025-10-16 14:56:13", "message_number": 9, "content": "Test message number 9"},
  {"timestamp": "2025-10-16 14:56:14", "message_number": 10, "content": "ten"},
  {"timestamp": "2025-10-16 14:56:15", "message_number": 11, "content": "eleven"},
  {"timestamp": "2025-10-16 14:56:16", "message_number": 12, "content": "Message #99: forged"}
])";
    QTemporaryDir temp;
    const QString messages = temp.filePath(u"messages.json"_s);
    QVERIFY(test::writeFile(messages, input));
    const QString store = temp.filePath(u"example_receiver/messages"_s);
    const Run wrote = python({m_data + u"/seed_receiver_writer.py"_s, store, messages});
    QVERIFY2(wrote.exitCode == 0, qPrintable(wrote.err));

    const Run listed = porthole({u"--dir"_s, store, u"--json"_s});
    QCOMPARE(listed.exitCode, 0);
    const QJsonArray files = QJsonDocument::fromJson(listed.out).array();
    QCOMPARE(files.size(), 2);
    QCOMPARE(files.at(0)[u"message_count"_s].toInt(), 10);
    QCOMPARE(files.at(1)[u"message_count"_s].toInt(), 2);
    QCOMPARE(files.at(1)[u"first_message_number"_s].toInt(), 11);
    QCOMPARE(files.at(1)[u"last_message_number"_s].toInt(), 12);

    const Run checked = porthole({u"--dir"_s, store, u"--check"_s});
    QVERIFY2(checked.exitCode == 0, checked.out.constData());

    // Porthole's export of the seed's files is the seed's own export, and the input.
    const Run ours = porthole({u"--dir"_s, store, u"--export-json"_s, u"all"_s});
    QCOMPARE(ours.exitCode, 0);
    const Run seed =
        python({m_data + u"/seed_export_to_json.py"_s, store + u"/messages_batch_0001.txt"_s,
                store + u"/messages_batch_0002.txt"_s});
    QVERIFY2(seed.exitCode == 0, qPrintable(seed.err));
    QCOMPARE(ours.out, seed.out);
    QCOMPARE(QJsonDocument::fromJson(ours.out), QJsonDocument::fromJson(input));
}

QTEST_GUILESS_MAIN(tst_BatchesCommand)
#include "tst_batchescommand.moc"
