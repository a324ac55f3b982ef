#include "batchexportdialog.h"
#include "batchteststore.h"
#include "commandrun.h"
#include "exportcontroller.h"
#include "exportdialog.h"
#include "migrateddatabase.h"
#include "pane.h"
#include "portmessagemodel.h"
#include "sqlsupport.h"
#include "tableexport.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::CommandRun;
using porthole::test::MigratedDatabase;
using porthole::test::runPorthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

// Values that trip a careless writer: separators, quotes, both line ends, a tab, text beyond
// ASCII, nothing at all, and blanks around.
const QStringList awkwardValues{
    u"plain"_s,
    u"comma, inside"_s,
    u"quote \"here\" and \"\""_s,
    u"line\nbreak"_s,
    u"crlf\r\nbreak and a lone\rreturn"_s,
    u"tab\there"_s,
    u"non-ASCII: Zürich – 東京 – 🚀"_s,
    QString(u""_s),
    u"  blanks around  "_s,
    u"=1+2, a formula"_s,
};

// One port message per awkward value (its error message, and inside its payload), and one with
// a NULL error message; created a minute apart, in this order.
QString insertAwkward(const QSqlDatabase &db)
{
    QList<PortMessage> rows;
    const QDateTime start = QDateTime(QDate(2026, 11, 20), QTime(8, 0), Qt::UTC);
    for (qsizetype i = 0; i <= awkwardValues.size(); ++i) {
        PortMessage m;
        m.portName = u"orders"_s;
        m.sourceComponent = u"source"_s;
        m.targetComponent = u"sink"_s;
        m.status = u"failed"_s;
        m.retryCount = int(i);
        m.createdAt = start.addSecs(60 * i);
        if (i < awkwardValues.size()) {
            m.errorMessage = awkwardValues.at(i);
            m.messageData = QJsonDocument(QJsonObject{{u"text"_s, awkwardValues.at(i)}})
                                .toJson(QJsonDocument::Compact);
        } else {
            m.messageData = R"({"text": null, "nested": {"list": [1, 2.5, "three"]}})";
        }
        rows.append(m);
    }
    auto inserted = PortMessageRepository(db).insert(rows);
    return inserted ? QString() : inserted.errorMessage();
}

// Runs python3 with `script` and `arguments`; its standard output, or "FAILED: ..." with its
// errors.
QByteArray python(const QString &script, const QStringList &arguments)
{
    QProcess process;
    process.start(u"python3"_s, QStringList{u"-c"_s, script} + arguments);
    if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0)
        return "FAILED: " + process.readAllStandardError();
    return process.readAllStandardOutput();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(missing)");
}

// The largest resident set of any child waited for so far, in KiB.
long childrenPeakKiB()
{
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_maxrss;
}

// `count` messages (SQLite) whose content holds a comma and quotes, a tenth of a second apart.
QString insertMessages(const QSqlDatabase &db, qint64 count)
{
    const QString sql =
        u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "
        "INSERT INTO messages (message_number, content, timestamp, delivery_key, source) "
        "SELECT i, 'Message #' || i || ': \"order\", shipped', "
        "strftime('%Y-%m-%d %H:%M:%f', '2026-11-01', '+' || (i / 10.0) || ' seconds'), "
        "'stream:demo:' || i, 'demo:stream' FROM n"_s;
    auto done = execQuery(db, sql.arg(count), {}, u"Inserting messages"_s);
    return done ? QString() : done.errorMessage();
}

// A pane with a listing to export and nothing else.
class ListingPane : public Pane
{
public:
    explicit ListingPane(std::shared_ptr<const ExportSource> source)
        : Pane(u"listing"_s, u"Listing"_s)
        , m_source(std::move(source))
    {}
    std::shared_ptr<const ExportSource> exportSource() const override { return m_source; }

private:
    std::shared_ptr<const ExportSource> m_source;
};

} // namespace

// A migrated SQLite database, and `fill` (a call on database.db) run on it.
#define PORTHOLE_SQLITE_WITH(database, fill)                                                       \
    MigratedDatabase database(Engine::SQLite);                                                     \
    QVERIFY2(database.ok(), qPrintable(database.error));                                           \
    const QString filled = fill;                                                                   \
    QVERIFY2(filled.isEmpty(), qPrintable(filled))

// Export of a listing to CSV, JSON and JSON Lines, on real SQLite files and a real PostgreSQL,
// read back by Python's csv and json modules; the command line; memory on a million rows.
class tst_TableExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void csvRoundTrip_data() { test::addEngineRows(); }
    void csvRoundTrip();
    void jsonAndJsonLines_data() { test::addEngineRows(); }
    void jsonAndJsonLines();
    void followsFilterAndSort_data() { test::addEngineRows(); }
    void followsFilterAndSort();
    void auditLogNewestFirst_data() { test::addEngineRows(); }
    void auditLogNewestFirst();
    void emptyListing_data() { test::addEngineRows(); }
    void emptyListing();
    void failureLeavesTheFileAsItWas();
    void runsBesideTheGuiAndCancels();
    void dialogToFile();
    void batchFilesToJson();
    void commandLine();
    void millionRowsInBoundedMemory();
};

void tst_TableExport::initTestCase()
{
    QVERIFY2(!qEnvironmentVariable("PORTHOLE_BINARY").isEmpty(),
             "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
    QCOMPARE(python(u"print('ok')"_s, {}), QByteArray("ok\n"));
}

void tst_TableExport::csvRoundTrip()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString error = insertAwkward(database.db);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"awkward.csv"_s);

    ExportSettings settings;
    settings.byteOrderMark = true;
    settings.columns = {u"error_message"_s, u"message_data"_s, u"retry_count"_s, u"created_at"_s,
                        u"completed_at"_s};
    const ExportOutcome outcome =
        writeExport(database.db, *portMessagesExport({}, u"created_at"_s, false), settings, path);
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    QCOMPARE(outcome.rows, awkwardValues.size() + 1);

    const QByteArray bytes = readFile(path);
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF"
                             "error_message,message_data,retry_count,created_at,completed_at\r\n"));
    QVERIFY(bytes.endsWith("\r\n"));
    // An empty text is "", NULL nothing at all.
    QVERIFY(QRegularExpression(u"\r\n\"\",\"[^\r\n]+\",7,2026-11-20T08:07:00.000Z,\r\n"_s)
                .match(QString::fromUtf8(bytes))
                .hasMatch());
    QVERIFY(bytes.contains("\r\n,\"{\"\""));

    // Python's csv module reads back every value as it was stored.
    const QByteArray parsed =
        python(u"import csv, json, sys\n"
               "with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n"
               "    print(json.dumps(list(csv.reader(f))))\n"_s,
               {path});
    QJsonParseError parseError;
    const QJsonArray rows = QJsonDocument::fromJson(parsed, &parseError).array();
    QVERIFY2(parseError.error == QJsonParseError::NoError, parsed.constData());
    QCOMPARE(rows.size(), awkwardValues.size() + 2);
    QCOMPARE(rows.at(0).toArray(),
             (QJsonArray{u"error_message"_s, u"message_data"_s, u"retry_count"_s, u"created_at"_s,
                         u"completed_at"_s}));
    for (qsizetype i = 0; i < awkwardValues.size(); ++i) {
        const QJsonArray row = rows.at(i + 1).toArray();
        QCOMPARE(row.size(), 5);
        QCOMPARE(row.at(0).toString(), awkwardValues.at(i));
        const QJsonObject payload = QJsonDocument::fromJson(row.at(1).toString().toUtf8()).object();
        QCOMPARE(payload.value(u"text"_s).toString(), awkwardValues.at(i));
        QCOMPARE(row.at(2).toString(), QString::number(i));
        QCOMPARE(QDateTime::fromString(row.at(3).toString(), Qt::ISODateWithMs),
                 QDateTime(QDate(2026, 11, 20), QTime(8, 0), Qt::UTC).addSecs(60 * i));
        QCOMPARE(row.at(4).toString(), QString());
    }
    const QJsonArray nullRow = rows.last().toArray();
    QCOMPARE(nullRow.at(0).toString(), QString());
    QCOMPARE(
        QJsonDocument::fromJson(nullRow.at(1).toString().toUtf8()).object(),
        (QJsonObject{{u"text"_s, QJsonValue::Null},
                     {u"nested"_s, QJsonObject{{u"list"_s, QJsonArray{1, 2.5, u"three"_s}}}}}));
}

void tst_TableExport::jsonAndJsonLines()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString error = insertAwkward(database.db);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const auto source = portMessagesExport({}, u"created_at"_s, false);

    ExportSettings settings;
    settings.format = ExportFormat::Json;
    const QString jsonPath = directory.filePath(u"all.json"_s);
    ExportOutcome outcome = writeExport(database.db, *source, settings, jsonPath);
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    settings.format = ExportFormat::JsonLines;
    const QString linesPath = directory.filePath(u"all.jsonl"_s);
    outcome = writeExport(database.db, *source, settings, linesPath);
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    QCOMPARE(outcome.rows, awkwardValues.size() + 1);

    // Python's json module, strict: both files hold the same objects, members in column order.
    const QByteArray checked =
        python(u"import json, sys\n"
               "def strict(c): raise ValueError('not JSON: ' + c)\n"
               "whole = json.load(open(sys.argv[1], encoding='utf-8'), parse_constant=strict)\n"
               "lines = [json.loads(l, parse_constant=strict)\n"
               "         for l in open(sys.argv[2], encoding='utf-8').read().split('\\n') if l]\n"
               "assert whole == lines, 'the two differ'\n"
               "assert open(sys.argv[2], encoding='utf-8').read().count('\\n') == len(lines)\n"
               "print(json.dumps([list(whole[0].keys()), whole]))\n"_s,
               {jsonPath, linesPath});
    QJsonParseError parseError;
    const QJsonArray result = QJsonDocument::fromJson(checked, &parseError).array();
    QVERIFY2(parseError.error == QJsonParseError::NoError, checked.constData());
    QStringList names;
    for (const ExportColumn &column : source->columns())
        names << column.name;
    QCOMPARE(result.at(0).toArray(), QJsonArray::fromStringList(names));

    const QJsonArray objects = result.at(1).toArray();
    QCOMPARE(objects.size(), awkwardValues.size() + 1);
    const auto stored =
        PortMessageRepository(database.db)
            .page({}, PageRequest{PageRequest::From::Start, {}, 100, u"created_at"_s, false});
    QVERIFY(stored.ok());
    for (qsizetype i = 0; i < objects.size(); ++i) {
        const QJsonObject o = objects.at(i).toObject();
        const PortMessage &m = stored->rows.at(i);
        QCOMPARE(o.value(u"id"_s).toString(), m.id);
        QCOMPARE(o.value(u"retry_count"_s), QJsonValue(m.retryCount));
        QCOMPARE(o.value(u"status"_s).toString(), u"failed"_s);
        QCOMPARE(o.value(u"message_data"_s).toObject(),
                 QJsonDocument::fromJson(m.messageData).object());
        QCOMPARE(o.value(u"completed_at"_s), QJsonValue(QJsonValue::Null));
        QCOMPARE(o.value(u"message_metadata"_s), QJsonValue(QJsonValue::Null));
        if (i < awkwardValues.size())
            QCOMPARE(o.value(u"error_message"_s).toString(), awkwardValues.at(i));
        else
            QCOMPARE(o.value(u"error_message"_s), QJsonValue(QJsonValue::Null));
    }
}

void tst_TableExport::followsFilterAndSort()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QList<PortMessage> rows;
    const QStringList ports{u"orders"_s, u"payments"_s, u"shipping"_s};
    const QStringList statuses{u"pending"_s, u"failed"_s, u"dead_letter"_s, u"completed"_s};
    for (int i = 0; i < 240; ++i) {
        PortMessage m;
        m.portName = ports.at(i % 3);
        m.sourceComponent = u"a"_s;
        m.targetComponent = u"b"_s;
        m.status = statuses.at((i / 3) % 4);
        m.createdAt = QDateTime(QDate(2026, 11, 20), QTime(0, 0), Qt::UTC).addSecs(i * 37 % 5000);
        m.messageData = "{}";
        m.errorMessage = i % 2 ? u"Timeout after %1 ms"_s.arg(i) : u"Refused by %1"_s.arg(i);
        rows.append(m);
    }
    const auto inserted = PortMessageRepository(database.db).insert(rows);
    QVERIFY2(inserted.ok(), qPrintable(inserted.errorMessage()));

    PortMessageFilter filter;
    filter.ports = {u"orders"_s, u"shipping"_s};
    filter.statuses = {u"failed"_s, u"dead_letter"_s};
    filter.from = QDateTime(QDate(2026, 11, 20), QTime(0, 10), Qt::UTC);
    // What the export must hold, worked out from the rows written here, not read through the
    // repository's filter that the export shares: by port, descending, then by id, descending.
    QList<PortMessage> expected;
    for (const PortMessage &m : *inserted) {
        if (filter.ports.contains(m.portName) && filter.statuses.contains(m.status) &&
            m.createdAt >= filter.from)
            expected.append(m);
    }
    std::sort(expected.begin(), expected.end(), [](const PortMessage &a, const PortMessage &b) {
        return a.portName != b.portName ? a.portName > b.portName : a.id > b.id;
    });
    QStringList listed;
    for (const PortMessage &m : std::as_const(expected))
        listed << m.id;
    QVERIFY(listed.size() > 20 && listed.size() < rows.size() / 2);

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"ids.csv"_s);
    ExportSettings settings;
    settings.columns = {u"id"_s};
    ExportOutcome outcome =
        writeExport(database.db, *portMessagesExport(filter, u"port_name"_s, true), settings, path);
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    QString text = QString::fromUtf8(readFile(path));
    QCOMPARE(text.split(u"\r\n"_s, Qt::SkipEmptyParts), QStringList{u"id"_s} + listed);

    // A dead-letter group: the rows SQL cannot tell apart are checked one by one.
    QStringList timeouts;
    for (const PortMessage &m : std::as_const(expected)) {
        if (m.errorMessage.startsWith(u"Timeout"_s))
            timeouts << m.id;
    }
    QVERIFY(!timeouts.isEmpty() && timeouts.size() < listed.size());
    outcome = writeExport(
        database.db,
        *portMessagesExport(filter, u"port_name"_s, true,
                            [](const QString &error) { return error.startsWith(u"Timeout"_s); }),
        settings, path);
    QCOMPARE(outcome.rows, timeouts.size());
    text = QString::fromUtf8(readFile(path));
    QCOMPARE(text.split(u"\r\n"_s, Qt::SkipEmptyParts), QStringList{u"id"_s} + timeouts);

    // The Dead letters pane's model gives the same for its group of an error signature.
    PortMessageModel model(*database.factory);
    model.setDeadLettersOnly(true);
    model.setErrorSignature(u"Timeout after <n> ms"_s);
    outcome = writeExport(database.db, *model.exportSource(), settings, path);
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    QVERIFY(outcome.rows > 0);
    const QStringList grouped =
        QString::fromUtf8(readFile(path)).split(u"\r\n"_s, Qt::SkipEmptyParts).mid(1);
    QCOMPARE(grouped.size(), outcome.rows);
    for (const QString &id : grouped) {
        const auto m = PortMessageRepository(database.db).get(id);
        QVERIFY(m->isDeadLetter());
        QVERIFY2(m->errorMessage.startsWith(u"Timeout after "_s), qPrintable(m->errorMessage));
    }
}

void tst_TableExport::auditLogNewestFirst()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    AuditLog log(database.db);
    for (int i = 0; i < 6; ++i) {
        AuditEntry entry;
        entry.actor = u"o'brien, ops"_s;
        entry.action = i % 2 ? u"purge"_s : u"replay"_s;
        entry.targetTable = u"port_messages"_s;
        entry.filter = QJsonObject{{u"selection"_s, u"group %1"_s.arg(i)}};
        entry.affectedIds = QJsonArray{u"a-%1"_s.arg(i)};
        entry.affectedCount = 1;
        entry.after = QJsonObject{{u"status"_s, u"pending"_s}};
        entry.details = u"entry %1, \"quoted\"\nsecond line"_s.arg(i);
        QVERIFY(log.append(entry).ok());
    }
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"purges.jsonl"_s);
    ExportSettings settings;
    settings.format = ExportFormat::JsonLines;
    const ExportOutcome outcome =
        writeExport(database.db, *auditLogExport(AuditFilter{u"purge"_s, {}, {}}), settings, path);
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    QCOMPARE(outcome.rows, 3);
    const QList<QByteArray> lines = readFile(path).split('\n');
    QCOMPARE(lines.size(), 4); // three lines and nothing after the last line end
    QStringList details;
    for (qsizetype i = 0; i < 3; ++i) {
        const QJsonObject o = QJsonDocument::fromJson(lines.at(i)).object();
        details << o.value(u"details"_s).toString();
        QCOMPARE(o.value(u"after_data"_s).toObject().value(u"status"_s).toString(), u"pending"_s);
        QCOMPARE(o.value(u"affected_count"_s), QJsonValue(1));
        QCOMPARE(o.value(u"before_data"_s), QJsonValue(QJsonValue::Null));
        QVERIFY(o.value(u"occurred_at"_s).toString().endsWith(u'Z'));
    }
    QCOMPARE(details, (QStringList{u"entry 5, \"quoted\"\nsecond line"_s,
                                   u"entry 3, \"quoted\"\nsecond line"_s,
                                   u"entry 1, \"quoted\"\nsecond line"_s}));
}

void tst_TableExport::emptyListing()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const auto source = messagesExport({}, {}, false);
    const QString path = directory.filePath(u"none"_s);
    ExportSettings settings;
    settings.columns = {u"id"_s, u"content"_s};
    QCOMPARE(writeExport(database.db, *source, settings, path).rows, 0);
    QCOMPARE(readFile(path), QByteArray("id,content\r\n"));
    settings.format = ExportFormat::Json;
    QCOMPARE(writeExport(database.db, *source, settings, path).rows, 0);
    QCOMPARE(readFile(path), QByteArray("[]\n"));
    QVERIFY(QJsonDocument::fromJson(readFile(path)).isArray());
    settings.format = ExportFormat::JsonLines;
    QCOMPARE(writeExport(database.db, *source, settings, path).rows, 0);
    QCOMPARE(readFile(path), QByteArray());
}

void tst_TableExport::failureLeavesTheFileAsItWas()
{
    PORTHOLE_SQLITE_WITH(database, insertMessages(database.db, 20000));
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"kept.csv"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("what was there\n");
    }
    const auto source = messagesExport({}, {}, false);

    // Cancelled halfway: asked every few thousand rows, told to stop at the second question.
    QList<qint64> asked;
    ExportOutcome outcome = writeExport(database.db, *source, {}, path, [&asked](qint64 rows) {
        asked << rows;
        return asked.size() < 2;
    });
    QVERIFY(outcome.cancelled);
    QCOMPARE(asked.size(), 2);
    QVERIFY(asked.at(0) > 0 && asked.at(1) > asked.at(0) && asked.at(1) < 20000);
    QCOMPARE(readFile(path), QByteArray("what was there\n"));

    // A column the table does not have.
    ExportSettings settings;
    settings.columns = {u"id"_s, u"no_such_column"_s};
    outcome = writeExport(database.db, *source, settings, path);
    QVERIFY2(outcome.error.contains(u"messages has no column \"no_such_column\""_s),
             qPrintable(outcome.error));
    QCOMPARE(readFile(path), QByteArray("what was there\n"));

    // A folder that is not there.
    outcome = writeExport(database.db, *source, {}, directory.filePath(u"no/such/dir/a.csv"_s));
    QVERIFY2(outcome.error.startsWith(u"Cannot write "_s), qPrintable(outcome.error));
}

void tst_TableExport::runsBesideTheGuiAndCancels()
{
    PORTHOLE_SQLITE_WITH(database, insertMessages(database.db, 30000));
    QTemporaryDir directory;
    QVERIFY(directory.isValid());

    TableExport exporter(*database.factory);
    QSignalSpy progress(&exporter, &TableExport::progress);
    QSignalSpy finished(&exporter, &TableExport::finished);
    QSignalSpy failed(&exporter, &TableExport::failed);
    const QString path = directory.filePath(u"all.jsonl"_s);
    ExportSettings settings;
    settings.format = ExportFormat::JsonLines;
    QVERIFY(exporter.start(messagesExport({}, {}, true), settings, path));
    QVERIFY(!exporter.start(messagesExport({}, {}, true), settings, path)); // one at a time
    QVERIFY(finished.wait(60000));
    QCOMPARE(failed.size(), 0);
    QCOMPARE(finished.at(0).at(1).toLongLong(), 30000);
    // Its last word on progress: every row of the counted total.
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.constLast().at(0).toLongLong(), 30000);
    QCOMPARE(progress.constLast().at(1).toLongLong(), 30000);
    QVERIFY(progress.constLast().at(2).toBool());
    const QList<QByteArray> lines = readFile(path).split('\n');
    QCOMPARE(lines.size(), 30001);
    QCOMPARE(QJsonDocument::fromJson(lines.at(0)).object().value(u"message_number"_s),
             QJsonValue(30000)); // newest first

    // Cancelled before it could end: nothing written, and it says so.
    const QString other = directory.filePath(u"cancelled.jsonl"_s);
    QVERIFY(exporter.start(messagesExport({}, {}, true), settings, other));
    exporter.cancel();
    QVERIFY(failed.wait(60000));
    QVERIFY(failed.at(0).at(1).toString().contains(u"cancelled"_s));
    QVERIFY(!QFile::exists(other));
}

void tst_TableExport::dialogToFile()
{
    PORTHOLE_SQLITE_WITH(database, insertAwkward(database.db));
    QTemporaryDir directory;
    QVERIFY(directory.isValid());

    QWidget window;
    window.show();
    ExportController controller(*database.factory, &window);
    QSignalSpy finished(&controller, &ExportController::finished);
    QSignalSpy status(&controller, &ExportController::statusMessage);
    ListingPane pane(portMessagesExport({}, u"created_at"_s, true));
    controller.exportPane(&pane);
    ExportDialog *dialog = controller.dialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    // The file offered at first is in a folder that is there, Documents or not (an account
    // without one was told "No such file or directory" when it pressed Export).
    const QString offered = QFileInfo(dialog->path()).absolutePath();
    QVERIFY2(QFileInfo(offered).isDir(), qPrintable(offered));

    // JSON Lines of two columns.
    dialog->setFormat(ExportFormat::JsonLines);
    QVERIFY(dialog->path().endsWith(u".jsonl"_s));
    auto *columns = dialog->findChild<QListWidget *>(u"columnList"_s);
    QVERIFY(columns);
    // Every column of port_messages is in view, none behind a scroll bar.
    QVERIFY(columns->count() >= 15);
    QTRY_COMPARE(columns->verticalScrollBar()->maximum(), 0);
    for (int i = 0; i < columns->count(); ++i) {
        const QString name = columns->item(i)->data(Qt::UserRole).toString();
        columns->item(i)->setCheckState(
            name == u"status"_s || name == u"error_message"_s ? Qt::Checked : Qt::Unchecked);
    }
    const QString path = directory.filePath(u"chosen.jsonl"_s);
    dialog->setPath(path);
    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    QVERIFY(buttons->button(QDialogButtonBox::Ok)->isEnabled());
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.at(0).at(1).toLongLong(), awkwardValues.size() + 1);
    QCOMPARE(status.constLast().at(0).toString(),
             u"Exported 11 rows of port_messages to %1."_s.arg(path));
    const QList<QByteArray> lines = readFile(path).split('\n');
    QCOMPARE(lines.at(0), QByteArray(R"({"status":"failed","error_message":null})"));
    QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object().value(u"error_message"_s).toString(),
             awkwardValues.last());

    // No column, no export.
    controller.exportPane(&pane);
    dialog = controller.dialog();
    QVERIFY(dialog);
    columns = dialog->findChild<QListWidget *>(u"columnList"_s);
    for (int i = 0; i < columns->count(); ++i)
        columns->item(i)->setCheckState(Qt::Unchecked);
    QVERIFY(!dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    dialog->reject();
}

void tst_TableExport::batchFilesToJson()
{
    QTemporaryDir store;
    QVERIFY(store.isValid());
    for (qint64 batch = 1; batch <= 3; ++batch)
        QVERIFY(test::writeFile(store.filePath(batchFileName(batch)),
                                test::seedLines((batch - 1) * 10 + 1, 10)));
    // A damaged line: left out and counted.
    QVERIFY(test::appendFile(store.filePath(batchFileName(3)), "not a message line\n"));
    QTemporaryDir directory;
    QVERIFY(directory.isValid());

    QWidget window;
    window.show();
    ExportController controller(
        ConnectionFactory(DatabaseUrl::sqliteFile(directory.filePath(u"unused.db"_s))), &window);
    QSignalSpy finished(&controller, &ExportController::finished);
    QSignalSpy status(&controller, &ExportController::statusMessage);

    // The selected file only.
    controller.exportBatches(store.path(), 2, 3);
    BatchExportDialog *dialog = controller.batchDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->batch(), std::optional<qint64>(2));
    const QString onePath = directory.filePath(u"one.json"_s);
    dialog->setPath(onePath);
    dialog->accept();
    QVERIFY(finished.wait(30000));
    const QJsonArray one = QJsonDocument::fromJson(readFile(onePath)).array();
    QCOMPARE(one.size(), 10);
    QCOMPARE(one.first().toObject().keys(),
             (QStringList{u"content"_s, u"message_number"_s, u"timestamp"_s}));
    QCOMPARE(one.first().toObject().value(u"message_number"_s), QJsonValue(11));

    // Every file: the same bytes as `porthole batches --export-json all`.
    controller.exportBatches(store.path(), 2, 3);
    dialog = controller.batchDialog();
    dialog->setAll(true);
    QCOMPARE(dialog->batch(), std::nullopt);
    const QString allPath = directory.filePath(u"all.json"_s);
    dialog->setPath(allPath);
    dialog->accept();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.at(1).at(1).toLongLong(), 30);
    QVERIFY2(status.constLast().at(0).toString().contains(u"1 damaged line left out"_s),
             qPrintable(status.constLast().at(0).toString()));
    const QString cliPath = directory.filePath(u"cli.json"_s);
    const CommandRun run = runPorthole({u"batches"_s, u"--dir"_s, store.path(), u"--export-json"_s,
                                        u"all"_s, u"--out"_s, cliPath});
    QCOMPARE(run.exitCode, 1); // the damaged line is reported
    QCOMPARE(readFile(allPath), readFile(cliPath));
    QCOMPARE(QJsonDocument::fromJson(readFile(allPath)).array().size(), 30);
}

void tst_TableExport::commandLine()
{
    PORTHOLE_SQLITE_WITH(database, insertAwkward(database.db));
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString url = u"sqlite://"_s + database.scratch->url().filePath();

    // The same bytes as the export the panes run.
    const QString cliPath = directory.filePath(u"cli.json"_s);
    CommandRun run =
        runPorthole({u"export"_s, u"--db"_s, url, u"--table"_s, u"port_messages"_s,
                     u"--where-status"_s, u"failed,dead_letter"_s, u"--port"_s, u"orders"_s,
                     u"--from"_s, u"2026-11-20T08:03:00Z"_s, u"--to"_s, u"2026-11-20T08:09:00"_s,
                     u"--sort"_s, u"created_at"_s, u"--descending"_s, u"--out"_s, cliPath});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.out, "Wrote 6 rows of port_messages to " + cliPath.toUtf8() + " (json).\n");
    PortMessageFilter filter;
    filter.statuses = {u"failed"_s, u"dead_letter"_s};
    filter.ports = {u"orders"_s};
    filter.from = QDateTime(QDate(2026, 11, 20), QTime(8, 3), Qt::UTC);
    filter.to = QDateTime(QDate(2026, 11, 20), QTime(8, 9), Qt::UTC);
    ExportSettings settings;
    settings.format = ExportFormat::Json;
    const QString libraryPath = directory.filePath(u"library.json"_s);
    QCOMPARE(writeExport(database.db, *portMessagesExport(filter, u"created_at"_s, true), settings,
                         libraryPath)
                 .rows,
             6);
    QCOMPARE(readFile(cliPath), readFile(libraryPath));

    // CSV with a BOM and chosen columns; the format from --format.
    const QString csvPath = directory.filePath(u"out.txt"_s);
    run = runPorthole({u"export"_s, u"--db"_s, url, u"--table"_s, u"dead_letters"_s, u"--columns"_s,
                       u"retry_count,error_message"_s, u"--format"_s, u"csv"_s, u"--bom"_s,
                       u"--out"_s, csvPath});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(readFile(csvPath).startsWith("\xEF\xBB\xBFretry_count,error_message\r\n3,"));

    // The pipeline's own tables, exported whole.
    QVERIFY(QSqlQuery(database.db)
                .exec(u"INSERT INTO component_state (id, component_name, component_type, "
                      u"state_data, version) "
                      "VALUES ('c1', 'reader', 'Source', '{\"offset\": 7}', 1), "
                      "('c2', 'reader', 'Source', '{\"offset\": 9}', 2)"_s));
    const QString statePath = directory.filePath(u"state.jsonl"_s);
    run = runPorthole(
        {u"export"_s, u"--db"_s, url, u"--table"_s, u"component_state"_s, u"--out"_s, statePath});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.out, "Wrote 2 rows of component_state to " + statePath.toUtf8() + " (jsonl).\n");
    QVERIFY(readFile(statePath).contains("\"offset\": 9") ||
            readFile(statePath).contains("\"offset\":9"));

    // Mistakes are usage errors (2) and write nothing.
    const QString nothing = directory.filePath(u"nothing.csv"_s);
    const QList<QStringList> mistakes{
        {u"--table"_s, u"no_table"_s},
        {u"--table"_s, u"messages"_s, u"--where-status"_s, u"failed"_s},
        {u"--table"_s, u"port_messages"_s, u"--where-status"_s, u"lost"_s},
        {u"--table"_s, u"port_messages"_s, u"--columns"_s, u"id,nope"_s},
        {u"--table"_s, u"port_messages"_s, u"--from"_s, u"yesterday"_s},
        {u"--table"_s, u"port_messages"_s, u"--format"_s, u"xml"_s},
        {u"--table"_s, u"messages"_s, u"--sort"_s, u"content"_s},
        {u"--table"_s, u"sink_storage"_s, u"--text"_s, u"order"_s},
    };
    for (const QStringList &mistake : mistakes) {
        run = runPorthole(QStringList{u"export"_s, u"--db"_s, url, u"--out"_s, nothing} + mistake);
        QVERIFY2(run.exitCode == 2,
                 qPrintable(mistake.join(u' ') + u": "_s + QString::fromUtf8(run.err)));
        QVERIFY(run.err.contains("Try 'porthole export --help'"));
        QVERIFY(!QFile::exists(nothing));
    }
}

void tst_TableExport::millionRowsInBoundedMemory()
{
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PORTHOLE_ASAN_BUILD
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(PORTHOLE_ASAN_BUILD)
    // AddressSanitizer holds freed memory back for a while (its quarantine, 256 MB): the
    // resident size then says nothing about the export. The plain build runs this.
    QSKIP("peak memory is not the export's own under AddressSanitizer");
#endif
    PORTHOLE_SQLITE_WITH(database, insertMessages(database.db, 1000000));
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString url = u"sqlite://"_s + database.scratch->url().filePath();

    // A tenth of the rows first, then all of them: what the whole costs beyond the tenth is
    // what grows with the rows. Held in memory, the rows' text alone would be ~100 MB more.
    const QString tenthPath = directory.filePath(u"tenth.csv"_s);
    CommandRun run = runPorthole({u"export"_s, u"--db"_s, url, u"--table"_s, u"messages"_s,
                                  u"--to"_s, u"2026-11-01T02:46:40Z"_s, u"--out"_s, tenthPath});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.out, "Wrote 99,999 rows of messages to " + tenthPath.toUtf8() + " (csv).\n");
    const long tenthKiB = childrenPeakKiB();

    const QString allPath = directory.filePath(u"all.csv"_s);
    run = runPorthole(
        {u"export"_s, u"--db"_s, url, u"--table"_s, u"messages"_s, u"--out"_s, allPath});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.out, "Wrote 1,000,000 rows of messages to " + allPath.toUtf8() + " (csv).\n");
    const long allKiB = childrenPeakKiB();
    const qint64 bytes = QFileInfo(allPath).size();
    qInfo("1,000,000 rows, %lld MB of CSV; peak resident: %ld MiB for a tenth, %ld MiB for all",
          bytes / 1000000, tenthKiB / 1024, allKiB / 1024);
    QVERIFY(bytes > 90 * 1000 * 1000);
    QVERIFY2(allKiB - tenthKiB < 32 * 1024,
             qPrintable(u"memory grew by %1 MiB with the rows"_s.arg((allKiB - tenthKiB) / 1024)));

    // Every row there once, in order.
    QFile file(allPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readLine(), QByteArray("id,timestamp,message_number,content,source,batch_id,"
                                         "delivery_key,content_raw_hex\r\n"));
    qint64 expected = 1;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        const qsizetype comma = line.indexOf(',');
        if (line.left(comma).toLongLong() != expected)
            QFAIL(qPrintable(u"line %1 is %2"_s.arg(expected).arg(QString::fromUtf8(line))));
        ++expected;
    }
    QCOMPARE(expected, 1000001);
}

QTEST_MAIN(tst_TableExport)
#include "tst_tableexport.moc"
