#include "commandrun.h"
#include "exportcontroller.h"
#include "migrateddatabase.h"
#include "tableexport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::CommandRun;
using porthole::test::MigratedDatabase;
using porthole::test::runPorthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

// What the port messages' message_data hold, in the order they were created: the bytes as
// they are stored, how the export writes each in a JSON file, and whether its row is named.
struct StoredValue
{
    const char *name;
    QByteArray stored;
    bool asBlob;      // stored as a BLOB, as a writer binding bytes leaves it
    QJsonValue json;  // what the JSON file holds
    QByteArray csv;   // the CSV field
    const char *says; // what standard error says of the row; nullptr: nothing
};

QList<StoredValue> storedValues()
{
    const QByteArray badInside("{\"a\":\"\xff\xfe\"}");
    const QByteArray nul("{\"a\":\"x\0y\"}", 11);
    return {
        {"good", R"({"order":1})", false, QJsonObject{{u"order"_s, 1}}, R"("{""order"":1}")",
         nullptr},
        // JSON that SQLite's json_valid() accepts, holding bytes that are not UTF-8.
        {"not UTF-8 inside JSON", badInside, false,
         QJsonObject{{u"base64"_s, QString::fromLatin1(badInside.toBase64())}},
         R"("{""base64"":""eyJhIjoi//4ifQ==""}")", "message_data is not UTF-8 (written as base64)"},
        {"bytes 0xff 0xfe", "\xff\xfe", true, QJsonObject{{u"base64"_s, u"//4="_s}},
         R"("{""base64"":""//4=""}")", "message_data is not UTF-8 (written as base64)"},
        // The escape is JSON, and goes as JSON; the character itself is not.
        {"escaped NUL", R"("\u0000")", false, QString(QChar(u'\0')), R"("""\u0000""")", nullptr},
        {"NUL", nul, false, QString::fromUtf8(nul),
         "\"" + QByteArray(nul).replace('"', "\"\"") + "\"",
         "message_data is not JSON (written as text)"},
        {"not JSON", "{order: 6", false, u"{order: 6"_s, "{order: 6",
         "message_data is not JSON (written as text)"},
        {"good after", R"({"order":7})", false, QJsonObject{{u"order"_s, 7}}, R"("{""order"":7}")",
         nullptr},
    };
}

// One port message per stored value, a minute apart; their ids in that order, or empty with
// `error` said.
QStringList insertStored(const QSqlDatabase &db, QString *error)
{
    QList<PortMessage> rows;
    const QList<StoredValue> values = storedValues();
    for (qsizetype i = 0; i < values.size(); ++i) {
        PortMessage m;
        m.portName = u"orders"_s;
        m.sourceComponent = u"source"_s;
        m.targetComponent = u"sink"_s;
        m.status = u"failed"_s;
        m.messageData = "{}";
        m.createdAt = QDateTime(QDate(2026, 11, 20), QTime(8, 0), Qt::UTC).addSecs(60 * i);
        rows.append(m);
    }
    if (auto inserted = PortMessageRepository(db).insert(rows); !inserted) {
        *error = inserted.errorMessage();
        return {};
    }
    QSqlQuery query(db);
    QStringList ids;
    query.exec(u"SELECT id FROM port_messages ORDER BY created_at"_s);
    while (query.next())
        ids << query.value(0).toString();
    // Porthole's schema checks json_valid(); a pipeline's own database has no such check, and
    // json_valid() lets the bytes that are not UTF-8 through in any case.
    query.exec(u"PRAGMA ignore_check_constraints = ON"_s);
    for (qsizetype i = 0; i < values.size(); ++i) {
        const StoredValue &v = values.at(i);
        query.prepare(
            v.asBlob ? u"UPDATE port_messages SET message_data = ? WHERE id = ?"_s
                     : u"UPDATE port_messages SET message_data = CAST(? AS TEXT) WHERE id = ?"_s);
        query.addBindValue(v.stored); // a QByteArray: bound as a BLOB, cast to text above
        query.addBindValue(ids.value(i));
        if (!query.exec()) {
            *error = query.lastError().text();
            return {};
        }
    }
    query.exec(u"PRAGMA ignore_check_constraints = OFF"_s);
    // What SQLite holds: the bytes given, as text or as a BLOB.
    query.exec(u"SELECT typeof(message_data), hex(message_data) FROM port_messages "
               "ORDER BY created_at"_s);
    for (qsizetype i = 0; i < values.size() && query.next(); ++i)
        if (query.value(1).toByteArray() != values.at(i).stored.toHex().toUpper() ||
            query.value(0).toString() != (values.at(i).asBlob ? u"blob"_s : u"text"_s)) {
            *error = u"%1 is stored as %2"_s.arg(QString::fromLatin1(values.at(i).name),
                                                 query.value(1).toString());
            return {};
        }
    return ids;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(missing)");
}

} // namespace

// An export goes past the values of JSON columns that the database cannot read as JSON or that
// are not UTF-8, keeps each as text or base64 in every format, and names its row: on real SQLite
// files, through `porthole export` and the window's File > Export.
class tst_ExportUndecoded : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachFormatKeepsTheRowsAndNamesThem_data();
    void eachFormatKeepsTheRowsAndNamesThem();
    void everyTableWithJsonColumns();
    void theWindowWarnsAndWrites();
};

void tst_ExportUndecoded::eachFormatKeepsTheRowsAndNamesThem_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("json") << u"json"_s;
    QTest::newRow("jsonl") << u"jsonl"_s;
    QTest::newRow("csv") << u"csv"_s;
}

void tst_ExportUndecoded::eachFormatKeepsTheRowsAndNamesThem()
{
    QFETCH(QString, format);
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QString error;
    const QStringList ids = insertStored(database.db, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QList<StoredValue> values = storedValues();
    QCOMPARE(ids.size(), values.size());
    QTemporaryDir directory;
    QVERIFY(directory.isValid());

    const QString path = directory.filePath(u"port_messages."_s + format);
    const CommandRun run = runPorthole(
        {u"export"_s, u"--db"_s, u"sqlite://"_s + database.scratch->url().filePath(), u"--table"_s,
         u"port_messages"_s, u"--columns"_s, u"message_data,retry_count"_s, u"--out"_s, path});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.out,
             "Wrote 7 rows of port_messages to " + path.toUtf8() + " (" + format.toUtf8() + ").\n");

    // Standard error names each row kept undecoded, by its id, and counts them at the end.
    const QList<QByteArray> said = run.err.trimmed().split('\n');
    QByteArrayList expected;
    for (qsizetype i = 0; i < values.size(); ++i)
        if (values.at(i).says)
            expected << "porthole export: port_messages id " + ids.at(i).toUtf8() + ": " +
                            values.at(i).says;
    expected << "porthole export: 4 rows hold values that could not be read as JSON; they are "
                "written as text or {\"base64\": ...}, the first: port_messages id " +
                    ids.at(1).toUtf8() + ": message_data is not UTF-8 (written as base64).";
    QCOMPARE(said, expected);

    const QByteArray bytes = readFile(path);
    if (format == u"csv"_s) {
        QByteArray csv = "message_data,retry_count\r\n";
        for (const StoredValue &v : values)
            csv += v.csv + ",0\r\n";
        QCOMPARE(bytes, csv);
        return;
    }
    QJsonArray objects;
    if (format == u"json"_s) {
        objects = QJsonDocument::fromJson(bytes).array();
    } else {
        const QList<QByteArray> lines = bytes.split('\n');
        QCOMPARE(lines.size(), values.size() + 1);
        for (const QByteArray &line : lines)
            if (!line.isEmpty())
                objects.append(QJsonDocument::fromJson(line).object());
    }
    QCOMPARE(objects.size(), values.size());
    for (qsizetype i = 0; i < values.size(); ++i) {
        QCOMPARE(objects.at(i).toObject().value(u"message_data"_s), values.at(i).json);
        QCOMPARE(objects.at(i).toObject().value(u"retry_count"_s), QJsonValue(0));
    }
    // The bytes back from the base64, as they are stored.
    const QJsonValue blob = objects.at(2).toObject().value(u"message_data"_s);
    QCOMPARE(QByteArray::fromBase64(blob[u"base64"_s].toString().toLatin1()),
             QByteArray("\xff\xfe"));
}

void tst_ExportUndecoded::everyTableWithJsonColumns()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QSqlQuery query(database.db);
    QVERIFY(query.exec(u"PRAGMA ignore_check_constraints = ON"_s));
    QVERIFY(query.exec(u"INSERT INTO component_state (id, component_name, component_type, "
                       "state_data, version) VALUES ('c1', 'reader', 'Source', '{\"offset\": 7}', "
                       "1), ('c2', 'reader', 'Source', X'FFFE', 2)"_s));
    QVERIFY(query.exec(u"INSERT INTO checkpoints (id, checkpoint_name, component_name, "
                       "checkpoint_data, version) VALUES ('k1', 'offsets', 'reader', "
                       "'{\"at\": 1} trailing', 1)"_s));
    QVERIFY(query.exec(u"INSERT INTO audit_log (actor, action, target_table, affected_count, "
                       "before_data) VALUES ('ops', 'purge', 'port_messages', 1, X'00FF')"_s));
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString url = u"sqlite://"_s + database.scratch->url().filePath();

    struct Case
    {
        QString table;
        QString id;
        QString column;
        QJsonValue written;
        QByteArray says;
    };
    const QList<Case> cases{
        {u"component_state"_s, u"c2"_s, u"state_data"_s, QJsonObject{{u"base64"_s, u"//4="_s}},
         "component_state id c2: state_data is not UTF-8 (written as base64)"},
        {u"checkpoints"_s, u"k1"_s, u"checkpoint_data"_s, u"{\"at\": 1} trailing"_s,
         "checkpoints id k1: checkpoint_data is not JSON (written as text)"},
        {u"audit_log"_s, u"1"_s, u"before_data"_s, QJsonObject{{u"base64"_s, u"AP8="_s}},
         "audit_log id 1: before_data is not UTF-8 (written as base64)"},
    };
    for (const Case &c : cases) {
        const QString path = directory.filePath(c.table + u".jsonl"_s);
        const CommandRun run =
            runPorthole({u"export"_s, u"--db"_s, url, u"--table"_s, c.table, u"--out"_s, path});
        QVERIFY2(run.exitCode == 0, qPrintable(c.table + u": "_s + QString::fromUtf8(run.err)));
        QCOMPARE(run.err.split('\n').constFirst(), "porthole export: " + c.says);
        QHash<QString, QJsonObject> byId;
        for (const QByteArray &line : readFile(path).trimmed().split('\n')) {
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            byId.insert(object.value(u"id"_s).toVariant().toString(), object);
        }
        QCOMPARE(byId.value(c.id).value(c.column), c.written);
    }
    // The good version beside the bad one, exactly.
    const QByteArray states = readFile(directory.filePath(u"component_state.jsonl"_s));
    QCOMPARE(QJsonDocument::fromJson(states.split('\n').at(1)).object().value(u"state_data"_s),
             QJsonValue(QJsonObject{{u"offset"_s, 7}}));
}

void tst_ExportUndecoded::theWindowWarnsAndWrites()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QString error;
    const QStringList ids = insertStored(database.db, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QTemporaryDir directory;
    QVERIFY(directory.isValid());

    QWidget window;
    window.show();
    ExportController controller(*database.factory, &window);
    QSignalSpy finished(&controller, &ExportController::finished);
    QSignalSpy failed(&controller, &ExportController::failed);
    QSignalSpy status(&controller, &ExportController::statusMessage);
    ExportSettings settings;
    settings.format = ExportFormat::Json;
    const QString path = directory.filePath(u"window.json"_s);
    QVERIFY(controller.start(portMessagesExport({}, u"created_at"_s, false), settings, path));
    QVERIFY(finished.wait(30000));
    QCOMPARE(failed.size(), 0);
    QCOMPARE(finished.at(0).at(1).toLongLong(), 7);
    // No box: a warning in the status bar, with the first row named.
    QVERIFY(!window.findChild<QWidget *>(u"exportFailedBox"_s));
    QCOMPARE(status.constLast().at(0).toString(),
             u"Exported 7 rows of port_messages to %1. 4 rows hold values that could not be read "
             "as JSON; they are written as text or {\"base64\": ...}, the first: port_messages "
             "id %2: message_data is not UTF-8 (written as base64)."_s.arg(path, ids.at(1)));

    // The same bytes as the command line writes.
    const QString cliPath = directory.filePath(u"cli.json"_s);
    const CommandRun run = runPorthole(
        {u"export"_s, u"--db"_s, u"sqlite://"_s + database.scratch->url().filePath(), u"--table"_s,
         u"port_messages"_s, u"--sort"_s, u"created_at"_s, u"--out"_s, cliPath});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(readFile(path), readFile(cliPath));
}

QTEST_MAIN(tst_ExportUndecoded)
#include "tst_exportundecoded.moc"
