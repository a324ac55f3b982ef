#include "commandrun.h"
#include "csvwriter.h"
#include "migrateddatabase.h"
#include "storedportmessages.h"
#include "tableexport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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

// `count` port messages, a minute apart; their ids in creation order, or empty with `error` said.
QStringList insertRows(const QSqlDatabase &db, qsizetype count, QString *error)
{
    QList<PortMessage> rows;
    for (qsizetype i = 0; i < count; ++i) {
        PortMessage m;
        m.portName = u"orders"_s;
        m.sourceComponent = u"source"_s;
        m.targetComponent = u"sink"_s;
        m.status = u"completed"_s;
        m.messageData = "{}";
        m.createdAt = QDateTime(QDate(2026, 11, 20), QTime(8, 0), Qt::UTC).addSecs(60 * i);
        rows.append(m);
    }
    QStringList ids;
    for (const PortMessage &stored : test::storeMessages(db, rows))
        ids << stored.id;
    if (ids.size() != count)
        *error = u"Storing the port messages failed."_s;
    return ids;
}

// `column` of the rows `ids` set to `values` as bound (text, a number, NULL); empty, or what
// failed.
QString setColumn(const QSqlDatabase &db, const QStringList &ids, const QString &column,
                  const QVariantList &values)
{
    QSqlQuery query(db);
    const bool sqlite = db.driverName() == u"QSQLITE"_s;
    // A pipeline's own database has none of Porthole's checks.
    if (sqlite)
        query.exec(u"PRAGMA ignore_check_constraints = ON"_s);
    for (qsizetype i = 0; i < values.size(); ++i) {
        query.prepare(u"UPDATE port_messages SET %1 = ? WHERE id = ?"_s.arg(column));
        query.addBindValue(values.at(i));
        query.addBindValue(ids.value(i));
        if (!query.exec())
            return query.lastError().text();
    }
    if (sqlite)
        query.exec(u"PRAGMA ignore_check_constraints = OFF"_s);
    return {};
}

// One port message per value, with `column` set to it; empty, or what failed.
QString insertWith(const QSqlDatabase &db, const QString &column, const QVariantList &values)
{
    QString error;
    const QStringList ids = insertRows(db, values.size(), &error);
    return error.isEmpty() ? setColumn(db, ids, column, values) : error;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(missing)");
}

// `porthole export` of port_messages' `column` in creation order, in `format`: the file's bytes,
// or empty with `error` said.
QByteArray exported(const MigratedDatabase &database, const QString &column, const QString &format,
                    QString *error)
{
    QTemporaryDir directory;
    const QString path = directory.filePath(u"port_messages."_s + format);
    const CommandRun run =
        runPorthole({u"export"_s, u"--db"_s, u"sqlite://"_s + database.scratch->url().filePath(),
                     u"--table"_s, u"port_messages"_s, u"--columns"_s, column, u"--sort"_s,
                     u"created_at"_s, u"--out"_s, path});
    QFile file(path);
    if (run.exitCode != 0 || !file.open(QIODevice::ReadOnly)) {
        *error = QString::fromUtf8(run.err);
        return {};
    }
    return file.readAll();
}

} // namespace

// On SQLite an export reads times and JSON as they are stored and writes them as the engine's
// own functions and shell would: a time as strftime('%Y-%m-%dT%H:%M:%fZ') writes it, whatever
// form it is stored in; JSON text byte for byte in CSV, on one line in JSON Lines.
class tst_ExportStoredForms : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void timesAsStrftimeWritesThem();
    void jsonAsStored_data();
    void jsonAsStored();
    void copyTextOnPostgres();
    void stoppedCopyLeavesTheConnectionUsable();
};

void tst_ExportStoredForms::timesAsStrftimeWritesThem()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QVariantList stored{u"2026-11-23 06:32:43.120"_s, // as Porthole writes it
                              u"2026-11-23 06:32:43"_s,     // as CURRENT_TIMESTAMP does
                              u"0000-01-01 00:00:00.000"_s,
                              u"2026-12-31 23:59:59.999"_s,
                              u"2026-02-31 10:00:00"_s, // not a day, yet strftime() writes it
                              u"2026-11-23 24:00:00"_s,
                              u"2026-13-01 10:00:00"_s,
                              u"2026-00-10 10:00:00.000"_s,
                              u"2026-11-32 10:00:00.000"_s,
                              u"2026-11-23 10:60:00"_s,
                              u"2026-11-23 10:00:60.000"_s,
                              u"2026-11-23T06:32:43.120Z"_s,
                              u"2026-11-23 06:32"_s,
                              u"2026-11-23 06:32:43.1"_s,
                              u"2026-11-23 06:32:43+02:00"_s,
                              u"2026-11-23"_s,
                              u"x026-11-23 06:32:43.120"_s,
                              u"2026-11-23 06:32:43,120"_s,
                              u"yesterday"_s,
                              u""_s,
                              2461000.25,
                              qlonglong(2461001),
                              QVariant(QMetaType(QMetaType::QString)), // NULL
                              u"2026-11-23 06:32:43.120"_s};
    const QString inserted = insertWith(database.db, u"processed_at"_s, stored);
    QVERIFY2(inserted.isEmpty(), qPrintable(inserted));

    // What SQLite itself writes of each stored value.
    QSqlQuery query(database.db);
    QVERIFY(query.exec(u"SELECT strftime('%Y-%m-%dT%H:%M:%fZ', processed_at) FROM port_messages "
                       "ORDER BY created_at, id"_s));
    QByteArrayList expected{"processed_at"};
    while (query.next())
        expected << query.value(0).toString().toUtf8();
    QCOMPARE(expected.size(), stored.size() + 1);
    QCOMPARE(expected.at(1), QByteArray("2026-11-23T06:32:43.120Z"));
    QCOMPARE(expected.at(7), QByteArray()); // month 13: NULL

    QString error;
    const QByteArray csv = exported(database, u"processed_at"_s, u"csv"_s, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(csv.split('\n').size(), expected.size() + 1);
    QCOMPARE(csv, expected.join("\r\n") + "\r\n");
}

void tst_ExportStoredForms::jsonAsStored_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("csv") << u"csv"_s;
    QTest::newRow("jsonl") << u"jsonl"_s;
    QTest::newRow("json") << u"json"_s;
}

void tst_ExportStoredForms::jsonAsStored()
{
    QFETCH(QString, format);
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QList<QByteArray> stored{
        "{\"order\":1}", "{\n  \"order\": 2,\r\n  \"tags\": [ \"a\", \"b\" ]\n}", "[1, 2,\t3]\n",
        "{\"line\": \"one\\ntwo\", \"quote\": \"\\\"\"}", "\r\n\"text\"\r\n"};
    QVariantList values;
    for (const QByteArray &json : stored)
        values << QString::fromUtf8(json);
    const QString inserted = insertWith(database.db, u"message_data"_s, values);
    QVERIFY2(inserted.isEmpty(), qPrintable(inserted));

    QString error;
    const QByteArray bytes = exported(database, u"message_data"_s, format, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    if (format == u"csv"_s) {
        // Byte for byte as stored, quoted as `sqlite3 -csv` quotes it.
        QByteArray csv = "message_data\r\n";
        for (const QByteArray &json : stored)
            csv += '"' + QByteArray(json).replace('"', "\"\"") + "\"\r\n";
        QCOMPARE(bytes, csv);
        return;
    }
    QJsonArray rows;
    if (format == u"json"_s) {
        QJsonParseError parsed;
        rows = QJsonDocument::fromJson(bytes, &parsed).array();
        QCOMPARE(parsed.error, QJsonParseError::NoError);
    } else {
        // One object a line: the stored line breaks are not the file's.
        const QList<QByteArray> lines = bytes.split('\n');
        QCOMPARE(lines.size(), stored.size() + 1);
        QCOMPARE(lines.constLast(), QByteArray());
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
            QJsonParseError parsed;
            rows.append(QJsonDocument::fromJson(lines.at(i), &parsed).object());
            QVERIFY2(parsed.error == QJsonParseError::NoError, lines.at(i).constData());
        }
    }
    QCOMPARE(rows.size(), stored.size());
    for (qsizetype i = 0; i < stored.size(); ++i) {
        const QJsonValue written = rows.at(i).toObject().value(u"message_data"_s);
        const QJsonValue meant =
            QJsonDocument::fromJson("[" + stored.at(i) + "]").array().at(0); // any JSON value
        QVERIFY(!meant.isUndefined());
        QCOMPARE(written, meant);
    }
}

// On PostgreSQL the rows come through COPY's text format: every escape it writes read back, NULL
// told apart from an empty text and from the text "\N", numbers as numbers.
void tst_ExportStoredForms::copyTextOnPostgres()
{
    MigratedDatabase database(Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QVariantList errors{u"tab\there"_s,
                              u"line\nbreak"_s,
                              u"back\\slash"_s,
                              u"cr\r\n"_s,
                              u"\\N"_s,
                              u""_s,
                              QVariant(QMetaType(QMetaType::QString)),
                              u"bell\b form\f vt\v"_s,
                              u"\\t is not a tab, \\\\ two"_s,
                              u"ünï©ødé \U0001F6A2"_s,
                              u"\\"_s};
    QString error;
    const QStringList ids = insertRows(database.db, errors.size(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    error = setColumn(database.db, ids, u"error_message"_s, errors);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVariantList payloads;
    for (qsizetype i = 0; i < errors.size(); ++i)
        payloads << QString::fromUtf8(
            QJsonDocument(QJsonObject{{u"text"_s, errors.at(i).toString()}, {u"n"_s, i}})
                .toJson(QJsonDocument::Compact));
    error = setColumn(database.db, ids, u"message_data"_s, payloads);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(QSqlQuery(database.db).exec(u"UPDATE port_messages SET retry_count = 7"_s));

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const auto source = portMessagesExport({}, u"created_at"_s, false);
    ExportSettings settings;
    settings.columns = {u"error_message"_s, u"message_data"_s, u"retry_count"_s};
    settings.format = ExportFormat::JsonLines;
    const QString jsonl = directory.filePath(u"rows.jsonl"_s);
    const ExportOutcome lines = writeExport(database.db, *source, settings, jsonl);
    QVERIFY2(lines.error.isEmpty(), qPrintable(lines.error));
    QCOMPARE(lines.rows, errors.size());
    const QList<QByteArray> written = readFile(jsonl).split('\n');
    QCOMPARE(written.size(), errors.size() + 1);
    for (qsizetype i = 0; i < errors.size(); ++i) {
        const QJsonObject row = QJsonDocument::fromJson(written.at(i)).object();
        const QJsonValue meant =
            errors.at(i).isNull() ? QJsonValue() : QJsonValue(errors.at(i).toString());
        QCOMPARE(row.value(u"error_message"_s), meant);
        QCOMPARE(row.value(u"message_data"_s),
                 QJsonValue(QJsonObject{{u"text"_s, errors.at(i).toString()}, {u"n"_s, i}}));
        QCOMPARE(row.value(u"retry_count"_s), QJsonValue(7));
    }

    settings.format = ExportFormat::Csv;
    settings.columns = {u"error_message"_s, u"retry_count"_s};
    const QString csv = directory.filePath(u"rows.csv"_s);
    const ExportOutcome fields = writeExport(database.db, *source, settings, csv);
    QVERIFY2(fields.error.isEmpty(), qPrintable(fields.error));
    QByteArray expected = "error_message,retry_count\r\n";
    for (const QVariant &text : errors) {
        if (!text.isNull() && text.toString().isEmpty())
            expected += "\"\""; // an empty text, told apart from NULL
        else
            CsvWriter::appendField(expected, text.toString().toUtf8());
        expected += ",7\r\n";
    }
    QCOMPARE(readFile(csv), expected);
}

// An export stopped halfway through its COPY leaves the connection ready for the next query.
void tst_ExportStoredForms::stoppedCopyLeavesTheConnectionUsable()
{
    MigratedDatabase database(Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QString error;
    const QStringList ids = insertRows(database.db, 10000, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"stopped.csv"_s);
    qint64 asked = 0;
    const ExportOutcome outcome =
        writeExport(database.db, *portMessagesExport({}, u"created_at"_s, false), {}, path,
                    [&asked](qint64) { return ++asked > 1; }); // the last question says stop
    QVERIFY(outcome.cancelled);
    QVERIFY(asked >= 1);
    QVERIFY(!QFile::exists(path));
    QSqlQuery query(database.db);
    QVERIFY2(query.exec(u"SELECT count(*) FROM port_messages"_s),
             qPrintable(query.lastError().text()));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toLongLong(), 10000);
}

QTEST_MAIN(tst_ExportStoredForms)
#include "tst_exportstoredforms.moc"
