#include "commandrun.h"
#include "migrateddatabase.h"
#include "reportcontroller.h"
#include "reportdata.h"
#include "reportdialog.h"
#include "repositorysupport.h"
#include "sqlsupport.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// The day reported on, and the day before it.
const QDateTime compareEnd(QDate(2026, 11, 20), QTime(12, 0), QTimeZone::utc());
const QDateTime compareStart = compareEnd.addDays(-1);

// `count` dead letters of `error` from `hoursBefore` the end on, a minute apart.
bool addDeadLetters(const QSqlDatabase &db, const QString &error, int count, int hoursBefore)
{
    QSqlQuery query(db);
    query.prepare(u"INSERT INTO port_messages (id, port_name, source_component, "
                  "target_component, message_data, status, created_at, error_message) "
                  "VALUES (?, 'orders', 's', 't', '{}', 'dead_letter', ?, ?)"_s);
    for (int i = 0; i < count; ++i) {
        query.addBindValue(newUuid());
        query.addBindValue(
            timestampParam(compareEnd.addSecs(-3600 * hoursBefore + 60 * i), engineOf(db)));
        query.addBindValue(error.arg(i));
        if (!query.exec()) {
            qWarning() << query.lastError().text();
            return false;
        }
    }
    return true;
}

// Two days: a component's latency every 10 minutes (the day before lower than the day
// reported on), and dead letters: a timeout grown from 2 to 5, a new parse error, a refusal
// gone.
bool fillTwoDays(const QSqlDatabase &db)
{
    QList<ComponentMetric> metrics;
    for (int i = 0; i < 2 * 144; ++i)
        metrics.append({u"splitter"_s,
                        u"latency_ms"_s,
                        i < 144 ? 10.0 + i % 7 : 50.0 + i % 5,
                        u"ms"_s,
                        {},
                        compareStart.addDays(-1).addSecs(600 * i)});
    return MetricsRepository(db).insertComponentMetrics(metrics).ok() &&
           addDeadLetters(db, u"timeout after %1s"_s, 5, 3) &&
           addDeadLetters(db, u"timeout after %1s"_s, 2, 30) &&
           addDeadLetters(db, u"cannot parse value %1"_s, 3, 10) &&
           addDeadLetters(db, u"refused by host %1"_s, 4, 40);
}

QString pdfText(const QString &path)
{
    QProcess process;
    process.start(u"pdftotext"_s, {u"-layout"_s, path, u"-"_s});
    if (!process.waitForFinished(60000) || process.exitCode() != 0)
        return u"pdftotext failed"_s;
    return QString::fromUtf8(process.readAllStandardOutput());
}

} // namespace

// `porthole report --compare-to`: each chart's series read again for the range before, moved
// forward (both engines), and the dead letters' signatures of both ranges in the PDF.
class tst_ReportCompare : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chartsHoldTheShiftedSeries_data() { test::addEngineRows(); }
    void chartsHoldTheShiftedSeries();
    void commandLineComparesADayBefore();
    void windowComparesAWeekBefore();
};

void tst_ReportCompare::chartsHoldTheShiftedSeries()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QVERIFY(fillTwoDays(database.db));
    ReportRequest request;
    request.database = database.scratch->url();
    request.from = compareStart;
    request.to = compareEnd;
    request.compareSeconds = 86400;
    auto data = gatherReport(database.db, request);
    QVERIFY2(data.ok(), qPrintable(data.errorMessage()));
    const MetricsRepository metrics(database.db);
    int compared = 0;
    for (const ReportChartData &chart : std::as_const(data->charts)) {
        QCOMPARE(chart.shiftedPoints.size(), chart.series.size());
        for (qsizetype i = 0; i < chart.series.size(); ++i) {
            if (chart.series.at(i).source != MetricSource::Component)
                continue;
            auto before = metrics.points({chart.series.at(i), compareStart.addDays(-1),
                                          compareEnd.addDays(-1), chart.bucketSeconds, 100000});
            QVERIFY(before.ok());
            QVERIFY(!before->points.isEmpty());
            for (MetricPoint &point : before->points)
                point.start = point.start.addDays(1);
            QCOMPARE(chart.shiftedPoints.at(i).points, before->points);
            QVERIFY(chart.shiftedPoints.at(i).points != chart.points.at(i).points);
            ++compared;
        }
    }
    QCOMPARE(compared, 1);
    QVERIFY(data->deadLetterComparison.has_value());
    QCOMPARE(data->deadLetterComparison->count, 8);
    QCOMPARE(data->deadLetterComparison->earlierCount, 6);
    QCOMPARE(data->deadLetterComparison->changes.size(), 3);

    request.compareSeconds = 0; // no comparison: nothing shifted, nothing compared
    data = gatherReport(database.db, request);
    QVERIFY(data.ok());
    QVERIFY(!data->deadLetterComparison.has_value());
    for (const ReportChartData &chart : std::as_const(data->charts))
        QVERIFY(chart.shiftedPoints.isEmpty());
}

void tst_ReportCompare::commandLineComparesADayBefore()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(fillTwoDays(database.db));
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString url = u"sqlite://"_s + database.scratch->url().filePath();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s})
        environment.remove(name);
    const QString path = directory.filePath(u"day.pdf"_s);
    const QStringList range{u"report"_s,
                            u"--db"_s,
                            url,
                            u"--from"_s,
                            compareStart.toString(Qt::ISODate),
                            u"--to"_s,
                            compareEnd.toString(Qt::ISODate)};
    test::CommandRun result = test::runPorthole(
        range + QStringList{u"--compare-to"_s, u"1d"_s, u"--out"_s, path}, 120000, environment);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QString text = pdfText(path);
    QVERIFY2(text.contains(u"Dead letters compared with a day before"_s), qPrintable(text));
    // Each signature's row: before, now, the change, what it is; what changed most first.
    const QStringList rows{u"refused by host <n>\\s+4\\s+0\\s+-4\\s+gone"_s,
                           u"cannot parse value <n>\\s+0\\s+3\\s+\\+3\\s+new"_s,
                           u"timeout after <n>s\\s+2\\s+5\\s+\\+3\\s+grown"_s};
    qsizetype at = 0;
    for (const QString &row : rows) {
        const auto match = QRegularExpression(row).match(text, at);
        QVERIFY2(match.hasMatch(), qPrintable(row + u"\n"_s + text));
        at = match.capturedEnd();
    }

    // Without it, no comparison; an offset that is none is a usage error, nothing written.
    const QString plain = directory.filePath(u"plain.pdf"_s);
    result = test::runPorthole(range + QStringList{u"--out"_s, plain}, 120000, environment);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY(!pdfText(plain).contains(u"compared with"_s));
    const QString nothing = directory.filePath(u"nothing.pdf"_s);
    for (const QString &offset : {u"yesterday"_s, u"0d"_s}) {
        result =
            test::runPorthole(range + QStringList{u"--compare-to"_s, offset, u"--out"_s, nothing},
                              120000, environment);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(!QFile::exists(nothing));
    }
}

// File > Report with "The same range a week before": the dead letters of the day against the
// same day a week before, where there were none.
void tst_ReportCompare::windowComparesAWeekBefore()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(fillTwoDays(database.db));
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    QWidget window;
    window.show();
    ReportRequest sources;
    sources.database = database.scratch->url();
    ReportController controller(sources, &window);
    QSignalSpy finished(&controller, &ReportController::finished);
    controller.ask();
    ReportDialog *dialog = controller.dialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->compareSeconds(), 0);
    dialog->setRange(compareStart, compareEnd);
    dialog->setCompareSeconds(7 * 86400);
    dialog->setFormat(ReportDialog::Format::Html);
    const QString path = directory.filePath(u"window.html"_s);
    dialog->setPath(path);
    dialog->accept();
    QVERIFY(finished.wait(60000));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString html = QString::fromUtf8(file.readAll());
    QVERIFY2(html.contains(u"Dead letters compared with a week before"_s), qPrintable(html));
    QVERIFY(html.contains(u"<td>timeout after &lt;n&gt;s</td><td align=\"right\">0</td>"
                          "<td align=\"right\">5</td><td align=\"right\">+5</td><td>new</td>"_s));
}

QTEST_MAIN(tst_ReportCompare)
#include "tst_reportcompare.moc"
