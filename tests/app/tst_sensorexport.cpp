#include "../storage/sensoreventtestsupport.h"
#include "commandrun.h"
#include "migrateddatabase.h"
#include "sensoreventsrepository.h"
#include "tableexport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::CommandRun;
using porthole::test::runPorthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(missing)");
}

QString databaseArgument(const test::ScratchDatabase &scratch)
{
    return scratch.engine() == Engine::SQLite ? u"sqlite://"_s + scratch.url().filePath()
                                              : scratch.url().toDisplayString();
}

// A time as a pipeline writes it: text, UTC (PostgreSQL: with its zone).
QString at(const QSqlDatabase &db, const QString &text)
{
    return engineOf(db) == SqlEngine::PostgreSQL ? text + u"+00"_s : text;
}

// Events e1..e5 a second apart from 10:00:00 (e5 at 10:00:01 exactly, written without
// milliseconds, e2 at 10:00:01.500 with a 'T'), stored in the order e1, e5, e2, e3, e4; their
// readings an hour earlier, and a reading "x" without an event.
QString fill(const QSqlDatabase &db)
{
    const QList<std::tuple<QString, QString, QString>> events{
        {u"e1"_s, u"s-a"_s, u"2026-11-20 10:00:00"_s},
        {u"e5"_s, u"s-b"_s, u"2026-11-20 10:00:01"_s},
        {u"e2"_s, u"s-a"_s, u"2026-11-20T10:00:01.500"_s},
        {u"e3"_s, u"s-b"_s, u"2026-11-20 10:00:02"_s},
        {u"e4"_s, u"s-b"_s, u"2026-11-20 10:00:03"_s},
    };
    for (const auto &[event, sensor, time] : events)
        if (QString failed = test::recordEvent(db, event, sensor, at(db, time)); !failed.isEmpty())
            return failed;
    const QList<std::tuple<QString, QString, QString>> metrics{
        {u"e1"_s, u"s-a"_s, u"2026-11-20 09:00:00"_s},
        {u"e5"_s, u"s-b"_s, u"2026-11-20 09:00:01"_s},
        {u"e2"_s, u"s-a"_s, u"2026-11-20T09:00:02.250"_s},
        {u"x"_s, u"s-a"_s, u"2026-11-20 09:00:02.500"_s},
        {u"e3"_s, u"s-b"_s, u"2026-11-20 09:00:03"_s},
    };
    double value = 1;
    for (const auto &[event, sensor, time] : metrics)
        if (QString failed = test::recordMetric(db, event, sensor, at(db, time), value++);
            !failed.isEmpty())
            return failed;
    return {};
}

QStringList column(const QJsonArray &rows, const QString &name)
{
    QStringList values;
    for (const QJsonValue &row : rows)
        values << row.toObject().value(name).toString();
    return values;
}

} // namespace

// `porthole export --table processed_events|metrics` on SQLite and PostgreSQL: the rows within
// --from and --to read back from the file, the same bytes as the Sensor events pane's export.
class tst_SensorExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exportsBothTables_data() { test::addEngineRows(); }
    void exportsBothTables();
    void mistakesWriteNothing();
};

void tst_SensorExport::exportsBothTables()
{
    QFETCH(Engine, engine);
    test::MigratedDatabase database(engine);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QCOMPARE(fill(database.db), QString());
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString url = databaseArgument(*database.scratch);
    const QStringList window{u"--from"_s, u"2026-11-20T10:00:01Z"_s, u"--to"_s,
                             u"2026-11-20T10:00:03Z"_s};

    // processed_events by processed_at: from included (e5, to the second), to excluded (e4).
    const QString eventsPath = directory.filePath(u"events.json"_s);
    CommandRun run = runPorthole(QStringList{u"export"_s, u"--db"_s, url, u"--table"_s,
                                             u"processed_events"_s, u"--out"_s, eventsPath} +
                                 window);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.out, "Wrote 3 rows of processed_events to " + eventsPath.toUtf8() + " (json).\n");
    const QJsonArray events = QJsonDocument::fromJson(readFile(eventsPath)).array();
    QCOMPARE(column(events, u"event_id"_s), (QStringList{u"e5"_s, u"e2"_s, u"e3"_s}));
    QCOMPARE(column(events, u"processed_at"_s),
             (QStringList{u"2026-11-20T10:00:01.000Z"_s, u"2026-11-20T10:00:01.500Z"_s,
                          u"2026-11-20T10:00:02.000Z"_s}));
    QCOMPARE(column(events, u"sensor_id"_s), (QStringList{u"s-b"_s, u"s-a"_s, u"s-b"_s}));
    QCOMPARE(column(events, u"findings"_s), (QStringList{QString(), QString(), QString()}));

    // The pane's export of the same filter writes the same bytes.
    SensorEventFilter filter;
    filter.from = QDateTime(QDate(2026, 11, 20), QTime(10, 0, 1), QTimeZone::utc());
    filter.to = QDateTime(QDate(2026, 11, 20), QTime(10, 0, 3), QTimeZone::utc());
    ExportSettings settings;
    settings.format = ExportFormat::Json;
    const QString libraryPath = directory.filePath(u"library.json"_s);
    QCOMPARE(writeExport(database.db, *processedEventsExport(filter), settings, libraryPath).rows,
             3);
    QCOMPARE(readFile(eventsPath), readFile(libraryPath));

    // metrics by the reading's timestamp, with the findings; an hour earlier.
    const QString metricsPath = directory.filePath(u"metrics.jsonl"_s);
    run = runPorthole({u"export"_s, u"--db"_s, url, u"--table"_s, u"metrics"_s, u"--from"_s,
                       u"2026-11-20T09:00:01Z"_s, u"--to"_s, u"2026-11-20T09:00:03Z"_s, u"--out"_s,
                       metricsPath});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.out, "Wrote 3 rows of metrics to " + metricsPath.toUtf8() + " (jsonl).\n");
    QJsonArray metrics;
    for (const QByteArray &line : readFile(metricsPath).split('\n'))
        if (!line.isEmpty())
            metrics.append(QJsonDocument::fromJson(line).object());
    QCOMPARE(column(metrics, u"event_id"_s), (QStringList{u"e5"_s, u"e2"_s, u"x"_s}));
    QCOMPARE(column(metrics, u"timestamp"_s),
             (QStringList{u"2026-11-20T09:00:01.000Z"_s, u"2026-11-20T09:00:02.250Z"_s,
                          u"2026-11-20T09:00:02.500Z"_s}));
    QCOMPARE(column(metrics, u"findings"_s),
             (QStringList{QString(), QString(), u"no processed event"_s}));
    QCOMPARE(metrics.at(1).toObject().value(u"value"_s).toDouble(), 3.0);

    // --text narrows by event id, any case; CSV with chosen columns.
    const QString csvPath = directory.filePath(u"metrics.csv"_s);
    run = runPorthole({u"export"_s, u"--db"_s, url, u"--table"_s, u"metrics"_s, u"--text"_s, u"E"_s,
                       u"--to"_s, u"2026-11-20T09:00:02Z"_s, u"--columns"_s,
                       u"event_id,sensor_id"_s, u"--out"_s, csvPath});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(readFile(csvPath), QByteArray("event_id,sensor_id\r\ne1,s-a\r\ne5,s-b\r\n"));

    // Without a bound, every row.
    const QString allPath = directory.filePath(u"all.json"_s);
    run = runPorthole(
        {u"export"_s, u"--db"_s, url, u"--table"_s, u"processed_events"_s, u"--out"_s, allPath});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(QJsonDocument::fromJson(readFile(allPath)).array().size(), 5);
}

void tst_SensorExport::mistakesWriteNothing()
{
    test::MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString nothing = directory.filePath(u"nothing.csv"_s);
    const QList<QStringList> mistakes{
        {u"--table"_s, u"metrics"_s, u"--where-status"_s, u"failed"_s},
        {u"--table"_s, u"processed_events"_s, u"--sort"_s, u"processed_at"_s},
        {u"--table"_s, u"metrics"_s, u"--columns"_s, u"reading"_s},
        {u"--table"_s, u"metrics"_s, u"--from"_s, u"yesterday"_s},
    };
    for (const QStringList &mistake : mistakes) {
        const CommandRun run =
            runPorthole(QStringList{u"export"_s, u"--db"_s, databaseArgument(*database.scratch),
                                    u"--out"_s, nothing} +
                        mistake);
        QVERIFY2(run.exitCode == 2,
                 qPrintable(mistake.join(u' ') + u": "_s + QString::fromUtf8(run.err)));
        QVERIFY(!QFile::exists(nothing));
    }
}

QTEST_GUILESS_MAIN(tst_SensorExport)
#include "tst_sensorexport.moc"
