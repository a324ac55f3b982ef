#include "alertmodels.h"
#include "backloghistory.h"
#include "batchteststore.h"
#include "commandrun.h"
#include "datagenerator.h"
#include "errorsignature.h"
#include "fallbacktable.h"
#include "mappainter.h"
#include "messagerepository.h"
#include "reportchart.h"
#include "reportcontroller.h"
#include "reportwriter.h"
#include "repositorytestsupport.h"
#include "sqlsupport.h"
#include "statuscolours.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::MigratedDatabase;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

// The range every test reports on: seven days up to a fixed end.
const QDateTime rangeEnd = QDateTime(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC);
const QDateTime rangeStart = rangeEnd.addDays(-7);

qint64 scalar(const QSqlDatabase &db, const QString &sql, const QVariantList &params = {})
{
    auto query = execQuery(db, sql, params, u"test"_s);
    return query && query->next() ? query->value(0).toLongLong() : -1;
}

// Ten days of generated data (three before the range): port messages, metrics, heartbeats,
// checkpoints; received messages; an operator's replay of two dead letters in the range.
QString fill(const QSqlDatabase &db)
{
    DataGenerator generator(db, 11, {rangeEnd, 10});
    const QList<std::function<Result<qint64>()>> steps{
        [&] { return generator.portMessages(4000); },
        [&] { return generator.componentMetrics(3000); },
        [&] { return generator.portMetrics(1200); },
        [&] { return generator.heartbeats(60); },
        [&] { return generator.checkpoints(24); },
    };
    for (const auto &step : steps)
        if (auto done = step(); !done)
            return done.errorMessage();

    QList<ReceivedMessage> received;
    for (int i = 0; i < 500; ++i) // one an hour, ending a little after the range
        received.append({0, std::nullopt, i + 1, "Message #" + QByteArray::number(i + 1),
                         rangeEnd.addSecs(3600 * (10 - i)), u"stream:%1"_s.arg(i),
                         u"demo:stream"_s});
    if (auto stored = MessageRepository(db).insert(received); !stored)
        return stored.errorMessage();

    // The audit log takes the time of an entry from the clock: this one goes in by hand.
    const SqlEngine engine = engineOf(db);
    auto logged = execQuery(
        db,
        u"INSERT INTO audit_log (occurred_at, actor, action, target_table, affected_count, "
        "details) VALUES (?, 'alice', 'replay', 'port_messages', 2, "
        "'Replayed two dead letters to the database')"_s,
        {timestampParam(rangeEnd.addDays(-1), engine)}, u"test"_s);
    if (!logged)
        return logged.errorMessage();
    const qint64 audit = scalar(db, u"SELECT max(id) FROM audit_log"_s);
    auto replayed = execQuery(
        db,
        u"INSERT INTO port_message_history (message_id, audit_id, changed_at, change, "
        "before_data, after_data) SELECT id, ?, ?, 'replay', '{}', '{}' FROM port_messages "
        "WHERE status = 'dead_letter' AND created_at >= ? ORDER BY id LIMIT 2"_s,
        {audit, timestampParam(rangeEnd.addDays(-1), engine), timestampParam(rangeStart, engine)},
        u"test"_s);
    return replayed ? QString() : replayed.errorMessage();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QString &program, const QStringList &arguments,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    Run result;
    if (!process.waitForStarted(10000) || !process.waitForFinished(120000))
        return result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QString pdfText(const QString &path)
{
    // -layout keeps a table's row on one line: a label and its figure side by side.
    const Run text = run(u"pdftotext"_s, {u"-layout"_s, path, u"-"_s});
    return text.exitCode == 0 ? QString::fromUtf8(text.out)
                              : u"pdftotext failed: "_s + QString::fromUtf8(text.err);
}

int pdfPages(const QString &path)
{
    const Run info = run(u"pdfinfo"_s, {path});
    const auto match = QRegularExpression(u"Pages:\\s+(\\d+)"_s).match(QString::fromUtf8(info.out));
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

// The words of `phrase` in `text`, however its lines are broken between them.
bool hasWords(const QString &text, const QString &phrase)
{
    QStringList words = phrase.split(u' ');
    for (QString &word : words)
        word = QRegularExpression::escape(word);
    return QRegularExpression(words.join(u"\\s+"_s)).match(text).hasMatch();
}

QString number(qint64 n)
{
    return QLocale(QLocale::English, QLocale::UnitedStates).toString(n);
}

ReportRequest requestFor(const MigratedDatabase &database)
{
    ReportRequest request;
    request.database = database.scratch->url();
    request.from = rangeStart;
    request.to = rangeEnd;
    return request;
}

} // namespace

// A SQLite database filled by fill(), and the report's data for the range.
#define PORTHOLE_FILLED_REPORT(database, data)                                                     \
    MigratedDatabase database(Engine::SQLite);                                                     \
    QVERIFY2(database.ok(), qPrintable(database.error));                                           \
    const QString filled = fill(database.db);                                                      \
    QVERIFY2(filled.isEmpty(), qPrintable(filled));                                                \
    auto data = gatherReport(database.db, requestFor(database));                                   \
    QVERIFY2(data.ok(), qPrintable(data.errorMessage()))

// The report on real SQLite and PostgreSQL databases: its figures against the data, the PDF
// read back with poppler's pdftotext and drawn with pdftoppm, the HTML self-contained, an
// empty database, the command line and the window's flow.
class tst_Report : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void figuresMatchTheData_data() { test::addEngineRows(); }
    void figuresMatchTheData();
    void pdfHasTheFiguresOnEveryPage();
    void htmlIsSelfContained();
    void emptyDatabaseSaysSo_data() { test::addEngineRows(); }
    void emptyDatabaseSaysSo();
    void batchFileFindings();
    void alertsOfTheRange();
    void theLedgerOfTheRange();
    void alertMarkersOnTheCharts();
    void theMapOfTheRangeEnd();
    void aWideMapPrintsReadably_data();
    void aWideMapPrintsReadably();
    void commandLine();
    void windowFlow();
};

void tst_Report::initTestCase()
{
    QVERIFY2(!qEnvironmentVariable("PORTHOLE_BINARY").isEmpty(),
             "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
    QCOMPARE(run(u"pdftotext"_s, {u"-v"_s}).exitCode, 0);
}

void tst_Report::figuresMatchTheData()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString error = fill(database.db);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const SqlEngine sql = engineOf(database.db);
    const QVariantList range{timestampParam(rangeStart, sql), timestampParam(rangeEnd, sql)};

    auto data = gatherReport(database.db, requestFor(database));
    QVERIFY2(data.ok(), qPrintable(data.errorMessage()));
    QVERIFY(!data->isEmpty());
    QCOMPARE(data->messagesReceived, 168); // one an hour for seven days
    QCOMPARE(data->deliveriesStored, 168); // written outside a batch file: as the ingest does
    QCOMPARE(data->peakPerMinute, 1.0);
    QCOMPARE(
        data->portMessagesCreated,
        scalar(database.db,
               u"SELECT count(*) FROM port_messages WHERE created_at >= ? AND created_at < ?"_s,
               range));
    QVERIFY(data->portMessagesCreated > 2000 && data->portMessagesCreated < 3400);
    qint64 byStatus = 0;
    for (const auto &[status, n] : data->portMessagesByStatus)
        byStatus += n;
    QCOMPARE(byStatus, data->portMessagesCreated);
    const qint64 deadLetters =
        scalar(database.db,
               u"SELECT count(*) FROM dead_letter_queue WHERE created_at >= ? AND created_at < ?"_s,
               range);
    QVERIFY(deadLetters > 0);
    QCOMPARE(data->deadLettersCreated, deadLetters);
    QCOMPARE(data->deadLettersOpen,
             scalar(database.db, u"SELECT count(*) FROM dead_letter_queue"_s));
    QVERIFY(data->deadLettersOpen > data->deadLettersCreated); // older ones are open too
    QCOMPARE(data->deadLettersReplayed, 2);
    QCOMPARE(data->components.size(), DataGenerator::components().size());
    QCOMPARE(data->checkpoints.size(),
             scalar(database.db, u"SELECT count(DISTINCT component_name) FROM checkpoints"_s));
    QCOMPARE(data->actionsTotal, 1);
    QCOMPARE(data->actions.value(0).details, u"Replayed two dead letters to the database"_s);

    // Every dead letter of the range in one group of its signature, largest group first, with
    // examples of that signature.
    qint64 grouped = 0;
    for (qsizetype i = 0; i < data->errorGroups.size(); ++i) {
        const ReportErrorGroup &g = data->errorGroups.at(i);
        grouped += g.count;
        if (i > 0)
            QVERIFY(data->errorGroups.at(i - 1).count >= g.count);
        QVERIFY(!g.examples.isEmpty());
        for (const auto &e : g.examples) {
            QCOMPARE(errorSignature(e.errorMessage), g.signature);
            QVERIFY(e.createdAt >= rangeStart && e.createdAt < rangeEnd);
        }
        QVERIFY(g.firstSeen <= g.lastSeen);
    }
    QCOMPARE(grouped, data->deadLettersCreated);

    // The pipeline map at the range's end: every port of the data with its two ends.
    QVERIFY(data->map.has_value());
    QCOMPARE(data->map->readAt, rangeEnd);
    QCOMPARE(data->map->ports.size(),
             scalar(database.db, u"SELECT count(DISTINCT port_name) FROM port_messages"_s));
    for (const MapPort &port : data->map->ports)
        QVERIFY2(data->map->component(port.source) && data->map->component(port.target),
                 qPrintable(port.name));

    // Charts: the ingest rate, port throughput, and three busiest component metrics.
    QCOMPARE(data->charts.size(), 5);
    QCOMPARE(data->charts.at(0).title, u"Ingest rate"_s);
    QCOMPARE(data->charts.at(1).title, u"Port throughput"_s);
    QVERIFY(!data->charts.at(1).points.value(0).points.isEmpty());
    for (const ReportChartData &c : data->charts)
        QCOMPARE(c.points.size(), c.series.size());
}

void tst_Report::pdfHasTheFiguresOnEveryPage()
{
    PORTHOLE_FILLED_REPORT(database, data);
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"report.pdf"_s);
    const Status written = writeReport(*data, ReportFormat::Pdf, path);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    QVERIFY(readAll(path).startsWith("%PDF-"));

    const int pages = pdfPages(path);
    QVERIFY2(pages >= 3, qPrintable(QString::number(pages)));
    const QString text = pdfText(path);
    const auto has = [&text](const QString &pattern) {
        return QRegularExpression(pattern).match(text).hasMatch();
    };
    QVERIFY2(has(u"Messages received\\s+168\\b"_s), qPrintable(text.left(3000)));
    QVERIFY(has(u"Dead letters created\\s+%1\\b"_s.arg(number(data->deadLettersCreated))));
    QVERIFY(has(u"Dead letters still open\\s+%1\\b"_s.arg(number(data->deadLettersOpen))));
    QVERIFY(has(u"Dead letters replayed\\s+2\\b"_s));
    QVERIFY(has(u"Port messages created\\s+%1\\b"_s.arg(number(data->portMessagesCreated))));
    QVERIFY(hasWords(text, data->errorGroups.first().signature));
    QVERIFY(hasWords(text, u"Replayed two dead letters to the database"_s));
    // The header with the time range, and the page number, on every page.
    QVERIFY2(text.count(u"2026-11-13 12:00 UTC to 2026-11-20 12:00 UTC (7 days)"_s) > pages,
             qPrintable(text.left(500)));
    for (int page = 1; page <= pages; ++page)
        QVERIFY(text.contains(u"Page %1 of %2"_s.arg(page).arg(pages)));

    // Drawn to images: a PNG a page, each with something on it.
    const QString prefix = directory.filePath(u"page"_s);
    QCOMPARE(run(u"pdftoppm"_s, {u"-r"_s, u"40"_s, u"-png"_s, path, prefix}).exitCode, 0);
    const QStringList images =
        QDir(directory.path()).entryList({u"page-*.png"_s}, QDir::Files, QDir::Name);
    QCOMPARE(images.size(), pages);
    for (const QString &name : images) {
        const QImage image(directory.filePath(name));
        QVERIFY(!image.isNull());
        int dark = 0;
        for (int y = 0; y < image.height(); y += 2)
            for (int x = 0; x < image.width(); x += 2)
                dark += qGray(image.pixel(x, y)) < 128 ? 1 : 0;
        QVERIFY2(dark > 0, qPrintable(name));
    }
    // And each page has something of the report's own beside its header and footer.
    for (int page = 1; page <= pages; ++page) {
        const Run one = run(u"pdftotext"_s, {u"-f"_s, QString::number(page), u"-l"_s,
                                             QString::number(page), path, u"-"_s});
        QStringList lines = QString::fromUtf8(one.out).split(u'\n', Qt::SkipEmptyParts);
        lines.removeIf([](const QString &line) {
            return line.trimmed().isEmpty() || line.startsWith(u"Porthole pipeline report"_s) ||
                   line.startsWith(u"2026-11-13 12:00 UTC to"_s) || line.startsWith(u"Page "_s) ||
                   line.startsWith(u'\f');
        });
        QVERIFY2(!lines.isEmpty(), qPrintable(u"page %1 is empty"_s.arg(page)));
    }
}

void tst_Report::htmlIsSelfContained()
{
    PORTHOLE_FILLED_REPORT(database, data);
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"report.html"_s);
    QVERIFY(writeReport(*data, ReportFormat::Html, path).ok());

    // Python's html.parser: every image inline, nothing fetched from elsewhere.
    const Run parsed =
        run(u"python3"_s, {u"-c"_s,
                           u"import html.parser, sys, base64\n"
                           "class P(html.parser.HTMLParser):\n"
                           "    def __init__(s):\n"
                           "        super().__init__(); s.images = 0; s.outside = []\n"
                           "    def handle_starttag(s, tag, attrs):\n"
                           "        for name, value in attrs:\n"
                           "            if name in ('src', 'href'):\n"
                           "                if value.startswith('data:image/png;base64,'):\n"
                           "                    assert base64.b64decode(value[22:])[:8] == "
                           "b'\\x89PNG\\r\\n\\x1a\\n'\n"
                           "                    s.images += 1\n"
                           "                else:\n"
                           "                    s.outside.append(value)\n"
                           "p = P(); p.feed(open(sys.argv[1], encoding='utf-8').read())\n"
                           "print(p.images, len(p.outside))\n"_s,
                           path});
    QVERIFY2(parsed.exitCode == 0, parsed.err.constData());
    QCOMPARE(parsed.out.trimmed(), QByteArray("6 0")); // the map and five charts
    const QString html = QString::fromUtf8(readAll(path));
    QVERIFY(html.contains(u"<b>168</b>"_s));
    QVERIFY(html.contains(u"<b>%1</b>"_s.arg(number(data->deadLettersCreated))));
    QVERIFY(html.contains(data->errorGroups.first().signature.toHtmlEscaped()));
}

void tst_Report::emptyDatabaseSaysSo()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    auto data = gatherReport(database.db, requestFor(database));
    QVERIFY2(data.ok(), qPrintable(data.errorMessage()));
    QVERIFY(data->isEmpty());
    QVERIFY(data->errorGroups.isEmpty());
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"empty.pdf"_s);
    const Status written = writeReport(*data, ReportFormat::Pdf, path);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    const QString text = pdfText(path);
    QVERIFY2(hasWords(text, u"Nothing was recorded in this range."_s), qPrintable(text));
    QVERIFY(hasWords(text, u"No dead letter was created in this range."_s));
    QVERIFY(hasWords(text, u"No operator action is recorded in this range."_s));
    QVERIFY(hasWords(text, u"No alert changed state in this range."_s));
    QVERIFY(hasWords(text, u"No values in this range."_s));
    QVERIFY(hasWords(text, u"Nothing changed in this range: no alert"_s));
    QVERIFY(hasWords(text, u"No ledger: No receiver was sampled"_s));
}

// The ledger of the range, a day a row over a week: a day that balances, then one that does
// not once a stored message is deleted, in red with the figures that disagree.
void tst_Report::theLedgerOfTheRange()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QDateTime at = rangeStart.addDays(2);
    QList<BacklogSample> samples;
    for (const int hour : {0, 1}) {
        BacklogSample sample;
        sample.key = {BacklogKind::Group, u"orders"_s, u"ingest"_s};
        sample.slot = at.addSecs(3600 * hour);
        sample.entriesAdded = 2 * hour;
        sample.lag = 0;
        sample.pending = 0;
        samples << sample;
    }
    samples << BacklogSample{.key = {BacklogKind::Receiver, u"orders"_s, u"c1"_s}, .slot = at};
    QVERIFY(BacklogHistory(database.db).write(samples));
    for (const int n : {1, 2})
        QVERIFY(execQuery(database.db,
                          u"INSERT INTO messages (message_number, content, timestamp, "
                          "delivery_key, source) VALUES (?, 'm', ?, ?, 'orders')"_s,
                          {n, timestampText(at.addSecs(60 * n)), u"stream:orders:%1-0"_s.arg(n)},
                          u"test"_s));
    auto data = gatherReport(database.db, requestFor(database));
    QVERIFY2(data.ok() && data->ledger, qPrintable(data->ledgerProblem));
    QCOMPARE(data->ledger->grain, LedgerGrain::Day);
    QString html = reportHtml(*data, {}, true);
    QVERIFY(html.contains(u"<h2>Ledger</h2>"_s));
    QVERIFY2(html.contains(u"Every period sampled balances."_s), qPrintable(html));
    QVERIFY(html.contains(
        u"<td>%1</td><td align=\"right\">2</td>"_s.arg(at.toString(u"yyyy-MM-dd"_s))));

    QVERIFY(
        execQuery(database.db, u"DELETE FROM messages WHERE message_number = 2"_s, {}, u"test"_s));
    data = gatherReport(database.db, requestFor(database));
    QVERIFY(data.ok() && data->ledger);
    html = reportHtml(*data, {}, true);
    QVERIFY2(html.contains(u"<b>Periods that do not balance: 1.</b>"_s), qPrintable(html));
    QVERIFY(html.contains(u"2 added, but 1 stored + 0 dead letters + backlog +0 + 0 lost at "
                          "source = 1: 1 more added than accounted for"_s));
}

// The alerts' changes in the range are listed, those outside are not; a database without
// alert history says why.
void tst_Report::alertsOfTheRange()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    AlertHistory history(database.db);
    const auto event = [&](AlertState from, AlertState to, const QDateTime &at) {
        return history
            .append({.ruleId = u"heartbeat-stale"_s,
                     .ruleName = u"A component has stopped beating"_s,
                     .severity = AlertSeverity::Critical,
                     .subject = u"validator"_s,
                     .from = from,
                     .to = to,
                     .value = 75.0,
                     .time = at,
                     .silenced = false,
                     .acknowledged = false})
            .ok();
    };
    QVERIFY(event(AlertState::Ok, AlertState::Firing, rangeStart.addSecs(-60))); // before
    QVERIFY(event(AlertState::Firing, AlertState::Resolved, rangeStart.addDays(1)));
    QVERIFY(event(AlertState::Resolved, AlertState::Firing, rangeStart.addDays(2)));
    auto data = gatherReport(database.db, requestFor(database));
    QVERIFY2(data.ok(), qPrintable(data.errorMessage()));
    QVERIFY(data->alertHistoryKept);
    QCOMPARE(data->alertsTotal, 2);
    QCOMPARE(data->alerts.size(), 2);
    QCOMPARE(data->alerts.at(0).to, AlertState::Firing); // newest first
    const QString html = reportHtml(*data, {}, true);
    QVERIFY(html.contains(u"<h2>Alerts</h2>"_s));
    QVERIFY(html.contains(u"2 changes of state in this range; 1 of those listed fired."_s));
    QVERIFY(html.contains(u"<b>resolved → firing</b>"_s));
    QVERIFY(html.contains(u"A component has stopped beating"_s));
    // What changed lists them too, newest first, with the rest of the range's changes.
    QVERIFY(html.contains(u"<h2>What changed</h2>"_s));
    QVERIFY2(html.contains(u"<b>critical</b></td><td>Alert</td><td>validator</td><td>“A "
                           "component has stopped beating” firing on validator (value 75)"_s),
             qPrintable(html));
    QCOMPARE(data->changes.size(), 2);
    QCOMPARE(data->changes.at(0).at, rangeStart.addDays(2));
    QCOMPARE(data->changes.at(1).details.value("to"_L1).toString(), u"resolved"_s);
    // The charts mark them, and say so under each.
    const QList<ReportChartImage> charts = drawReportCharts(*data, QSize(900, 320));
    QVERIFY(!charts.isEmpty());
    for (const ReportChartImage &chart : charts)
        if (chart.title != u"Pipeline map"_s) // a picture of the range's end, not a time axis
            QVERIFY2(chart.caption.contains(u"Red lines: alerts fired"_s),
                     qPrintable(chart.caption));

    // A pipeline's own database, never migrated: no alert history to list.
    QSqlQuery(database.db).exec(u"DROP TABLE alert_history"_s);
    forgetSchema(database.db); // dropped behind the connection's back
    auto bare = gatherReport(database.db, requestFor(database));
    QVERIFY2(bare.ok(), qPrintable(bare.errorMessage()));
    QVERIFY(!bare->alertHistoryKept);
    QVERIFY(reportHtml(*bare, {}, true).contains(u"keeps no alert history"_s));
    for (const ReportChartImage &chart : drawReportCharts(*bare, QSize(900, 320)))
        QVERIFY2(!chart.caption.contains(u"Red lines"_s), qPrintable(chart.title));
}

// The pipeline map drawn first among the pictures: its boxes in their health's colours and its
// arrows in their queue's, with nothing drawn for a database without port messages.
void tst_Report::theMapOfTheRangeEnd()
{
    PORTHOLE_FILLED_REPORT(database, data);
    const QList<ReportChartImage> pictures = drawReportCharts(*data, QSize(900, 320));
    QCOMPARE(pictures.size(), data->charts.size() + 1);
    QCOMPARE(pictures.first().title, u"Pipeline map"_s);
    QVERIFY2(pictures.first().caption.contains(u"2026-11-20 12:00 UTC"_s),
             qPrintable(pictures.first().caption));
    const QImage &map = pictures.first().image;
    QVERIFY(!map.isNull());
    // Six components over four ranks: too wide left to right for 7 pt text on a page.
    QCOMPARE(reportMapPrint(*data->map)->pages.direction, FlowDirection::TopToBottom);
    // A box's border in each colour its components' heartbeats give, and a port's arrow in its
    // queue's colour.
    QSet<QRgb> colours;
    for (int y = 0; y < map.height(); ++y)
        for (int x = 0; x < map.width(); ++x)
            colours.insert(map.pixel(x, y) & 0xffffff);
    for (const MapComponent &component : data->map->components) {
        const QColor tone =
            component.heartbeat
                ? statusColour(healthTone(component.heartbeat->status, component.heartbeat->stale))
                : statusColour(StatusTone::Unknown);
        QVERIFY2(colours.contains(tone.rgb() & 0xffffff), qPrintable(component.name));
    }
    for (const MapPort &port : data->map->ports)
        QVERIFY2(colours.contains(queueColour(port.state).rgb() & 0xffffff), qPrintable(port.name));

    // An empty database: no map, nothing drawn.
    data->map.reset();
    QCOMPARE(drawReportCharts(*data, QSize(900, 320)).constFirst().title, u"Ingest rate"_s);
}

// A pipeline's map as the report prints it: a long chain's too (laid out top to bottom, over
// pages) with its text at least 7 pt on paper, as the HTML sizes each page's picture (a CSS
// pixel is 0.75 pt, the map's text 12 pixels as drawn); a small one left to right on one page,
// as the window lays it out.
void tst_Report::aWideMapPrintsReadably_data()
{
    QTest::addColumn<int>("components");
    QTest::newRow("two components") << 2;
    QTest::newRow("12 in a chain") << 12;
    QTest::newRow("40 in a chain") << 40;
}

void tst_Report::aWideMapPrintsReadably()
{
    QFETCH(int, components);
    ReportData data;
    data.map = PipelineMap{};
    const auto name = [](int i) {
        return u"component-%1"_s.arg(i, 2, 10, QChar(u'0'));
    };
    for (int i = 0; i < components; ++i)
        data.map->components.append({name(i), std::nullopt, {}});
    for (int i = 0; i + 1 < components; ++i)
        data.map->ports.append(
            {.name = u"port-%1"_s.arg(i), .source = name(i), .target = name(i + 1)});
    data.map->readAt = rangeEnd;
    const auto print = reportMapPrint(*data.map);
    QVERIFY(print);
    const QList<ReportChartImage> pictures = drawReportCharts(data, QSize(900, 320));
    QCOMPARE(pictures.size(), print->pages.pieces.size());
    static const QRegularExpression image(uR"re(<img src="chart-\d+.png" width="(\d+)")re"_s);
    QList<qreal> widths; // each page's picture as printed, CSS pixels
    for (auto found = image.globalMatch(reportHtml(data, pictures, false)); found.hasNext();)
        widths << found.next().captured(1).toDouble();
    QCOMPARE(widths.size(), pictures.size());
    for (qsizetype i = 0; i < widths.size(); ++i) {
        const QRectF piece = print->pages.pieces.at(i);
        const qreal printedScale = widths.at(i) / piece.width(); // CSS pixels a layout point
        const qreal textPoints = 12 * printedScale * 0.75;
        QVERIFY2(textPoints >= reportMapSmallestText - 0.05,
                 qPrintable(QString::number(textPoints)));
        QVERIFY(textPoints <= 9.05);
        QVERIFY(widths.at(i) <= reportMapPage().width() + 0.5);
        QVERIFY(piece.height() * printedScale <= reportMapPage().height() + 0.5);
        QCOMPARE(pictures.at(i).image.width(), qRound(widths.at(i) * 2));
    }
    // Every box printed whole on a page.
    for (const MapComponent &component : data.map->components) {
        const PlacedNode *node =
            print->picture.layout.node(MapPicture::componentNode(component.name));
        QVERIFY(node);
        QVERIFY2(std::any_of(print->pages.pieces.cbegin(), print->pages.pieces.cend(),
                             [&](const QRectF &piece) { return piece.contains(node->rect); }),
                 qPrintable(component.name));
    }
    if (components == 2) { // as the window shows it
        QCOMPARE(print->pages.direction, FlowDirection::LeftToRight);
        QCOMPARE(print->pages.pieces.size(), 1);
        QVERIFY(print->pages.pieces.constFirst().contains(print->picture.layout.bounds));
        QVERIFY(pictures.constFirst().image.width() > pictures.constFirst().image.height());
    } else {
        QCOMPARE(print->pages.direction, FlowDirection::TopToBottom);
    }
}

// An alert's marker across a chart: where its time falls on the axis, in its colour; one
// outside the range is not drawn.
void tst_Report::alertMarkersOnTheCharts()
{
    const QDateTime from = rangeStart;
    const QDateTime to = rangeStart.addDays(4);
    const QList<ReportChartLine> lines{
        {u"cpu"_s,
         u"%"_s,
         {{QPointF(from.toMSecsSinceEpoch(), 1), QPointF(to.toMSecsSinceEpoch(), 2)}}}};
    const QSize size(900, 320);
    const QColor red = AlertStatusModel::stateColor(AlertState::Firing);
    const QColor green = AlertStatusModel::stateColor(AlertState::Resolved);
    const QImage plain = drawReportChart(lines, from, to, {}, size);
    const QImage marked = drawReportChart(lines, from, to, {}, size,
                                          {{.at = from.addDays(1), .color = red, .fired = true},
                                           {.at = from.addDays(3), .color = green, .fired = false},
                                           {.at = from.addDays(-1), .color = red, .fired = true}});
    // The columns the markers changed, in runs, and each run's commonest changed colour.
    struct Run
    {
        int first = 0;
        int last = 0;
        QHash<QRgb, int> colors;
    };
    QList<Run> runs;
    for (int x = 0; x < size.width(); ++x) {
        QHash<QRgb, int> changed;
        for (int y = 0; y < size.height(); ++y) {
            if (marked.pixel(x, y) != plain.pixel(x, y))
                ++changed[marked.pixel(x, y)];
        }
        if (changed.isEmpty())
            continue;
        if (runs.isEmpty() || runs.constLast().last < x - 1)
            runs.append({x, x, {}});
        runs.last().last = x;
        for (auto it = changed.cbegin(); it != changed.cend(); ++it)
            runs.last().colors[it.key()] += it.value();
    }
    QCOMPARE(runs.size(), 2);
    // Drawn smooth, a line is its colour blended with the white beside it: the same hue.
    const auto hueOf = [](const Run &run) {
        return QColor::fromRgb(std::max_element(run.colors.cbegin(), run.colors.cend()).key())
            .hsvHue();
    };
    QVERIFY2(std::abs(hueOf(runs.at(0)) - red.hsvHue()) < 10,
             qPrintable(QString::number(hueOf(runs.at(0)))));
    QVERIFY2(std::abs(hueOf(runs.at(1)) - green.hsvHue()) < 10,
             qPrintable(QString::number(hueOf(runs.at(1)))));
    for (const Run &run : std::as_const(runs))
        QVERIFY2(run.last - run.first < 20, qPrintable(u"%1-%2"_s.arg(run.first).arg(run.last)));
    // A day and three days into four: half the plot apart, a quarter from its left end.
    const int apart = runs.at(1).first - runs.at(0).first;
    QVERIFY2(apart > size.width() * 2 / 5 && apart < size.width() / 2,
             qPrintable(QString::number(apart)));
}

void tst_Report::batchFileFindings()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QTemporaryDir store;
    QVERIFY(store.isValid());
    QVERIFY(test::writeFile(store.filePath(batchFileName(1)), test::seedLines(1, 10)));
    QVERIFY(test::writeFile(store.filePath(batchFileName(2)),
                            test::seedLines(11, 4) + "garbage here\n" + test::seedLines(16, 5)));
    ReportRequest request = requestFor(database);
    request.batchDirectory = store.path();
    auto data = gatherReport(database.db, request);
    QVERIFY2(data.ok(), qPrintable(data.errorMessage()));
    QVERIFY(data->integrity);
    QCOMPARE(data->integrity->files, 2);
    QVERIFY(!data->integrity->clean());
    const QString html = reportHtml(*data, {}, true);
    QVERIFY(html.contains(u"malformed-line"_s));
    QVERIFY(html.contains(batchFileName(2)));
    QVERIFY(html.contains(u"2 batch files with 19 messages checked"_s));
}

void tst_Report::commandLine()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString error = fill(database.db);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString url = u"sqlite://"_s + database.scratch->url().filePath();
    // No display at all: the command draws offscreen by itself.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s})
        environment.remove(name);

    const QString path = directory.filePath(u"week.pdf"_s);
    test::CommandRun result =
        test::runPorthole({u"report"_s, u"--db"_s, url, u"--from"_s, u"2026-11-13T12:00:00Z"_s,
                           u"--to"_s, u"2026-11-20T12:00:00"_s, u"--out"_s, path},
                          120000, environment);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QByteArray said =
        "Wrote the report for 2026-11-13T12:00:00Z to 2026-11-20T12:00:00Z to " + path.toUtf8();
    QVERIFY2(result.out.startsWith(said), result.out.constData());
    QVERIFY(QRegularExpression(u"Messages received\\s+168\\b"_s).match(pdfText(path)).hasMatch());

    const QString htmlPath = directory.filePath(u"week.txt"_s);
    result = test::runPorthole({u"report"_s, u"--db"_s, url, u"--from"_s, u"2026-11-13T12:00:00Z"_s,
                                u"--to"_s, u"2026-11-20T12:00:00Z"_s, u"--format"_s, u"html"_s,
                                u"--out"_s, htmlPath},
                               120000, environment);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY(readAll(htmlPath).startsWith("<!DOCTYPE html>"));

    const QString nothing = directory.filePath(u"nothing.pdf"_s);
    for (const QStringList &mistake :
         {QStringList{u"--from"_s, u"yesterday"_s},
          QStringList{u"--from"_s, u"2026-11-20T00:00:00Z"_s, u"--to"_s, u"2026-11-19T00:00:00Z"_s},
          QStringList{u"--from"_s, u"2026-11-19T00:00:00Z"_s, u"--format"_s, u"docx"_s}}) {
        result = test::runPorthole(QStringList{u"report"_s, u"--db"_s, url, u"--out"_s, nothing} +
                                       mistake,
                                   120000, environment);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(!QFile::exists(nothing));
    }
}

void tst_Report::windowFlow()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString error = fill(database.db);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QTemporaryDir directory;
    QVERIFY(directory.isValid());

    QWidget window;
    window.show();
    ReportRequest sources;
    sources.database = database.scratch->url();
    ReportController controller(sources, &window);
    QSignalSpy finished(&controller, &ReportController::finished);
    QSignalSpy status(&controller, &ReportController::statusMessage);
    controller.ask();
    ReportDialog *dialog = controller.dialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QVERIFY(!dialog->checkBatchFiles()); // no batch folder is open
    dialog->setRange(rangeStart, rangeEnd);
    dialog->setFormat(ReportDialog::Format::Html);
    const QString path = directory.filePath(u"window.html"_s);
    dialog->setPath(path);
    dialog->accept();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.at(0).at(0).toString(), path);
    QCOMPARE(status.constLast().at(0).toString(), u"Wrote the report to %1."_s.arg(path));
    QVERIFY(readAll(path).contains("<b>168</b>"));
}

QTEST_MAIN(tst_Report)
#include "tst_report.moc"
