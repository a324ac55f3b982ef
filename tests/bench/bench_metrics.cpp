// The Metrics pane on large series, against the same bucketed SQL run directly with
// QSqlQuery, in the same run.
//
//   bench_metrics --db URL [--points 10000000] [--runs 3]
//
// Two data sets in component_metrics, generated once (one INSERT ... SELECT from a recursive
// CTE on SQLite, from generate_series on PostgreSQL, secondary indexes built after) and kept:
//   one   one series (bench-one / value) of --points values, one a second;
//   many  100 series (bench-many / m00 .. m99) of --points / 100 values each, one a second.
// Each run is a new process (this program again, with --child), so that its peak memory is the
// pane's. In it a MetricsPane, 1280x800 offscreen, with the data set's series picked; for each
// data set and range (all of it, a tenth, ten minutes):
//   range     MetricsChartModel::setRange() to the chart redrawn with the new points and
//             painted on its own (the first paint of a chart's view after its redraw, as the
//             window shows it): the read on the loader's thread, the bucketing in SQL, the
//             lines made and drawn, and the coalescing timer's wait (none after a quiet
//             spell);
//   drawn     of that, from the points' arrival on the GUI thread to the chart painted: the
//             pane's own work on the GUI thread;
//   repaint   one paint of the chart as it is (QWidget::grab()), alone (median of 5);
//   pane's SQL  the loader's reads (MetricsRepository::points() a series, one repository for
//             all, the same width and limit: rollups inside the range, raw values at its
//             edges) on a connection of its own;
//   baseline  the same buckets from every raw value in the range (pointsStatement without
//             rollups), each statement prepared, run and read with QSqlQuery.
// And the process's peak memory (VmHWM) at the end. Medians of --runs runs.

#include "benchsupport.h"
#include "connectionfactory.h"
#include "metricrollups.h"
#include "metricschartmodel.h"
#include "metricseriesmodel.h"
#include "metricsloader.h"
#include "metricspane.h"
#include "migrationrunner.h"
#include "sqlbenchsupport.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QGraphicsView>
#include <QProcess>
#include <QSettings>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTimeZone>

#include <cstring>
#include <map>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

const QDateTime epoch(QDate(2026, 6, 1), QTime(0, 0), QTimeZone::utc());
constexpr int manySeries = 100;

// --- Generating the data ---------------------------------------------------------------------

// Row n of a data set: "one" gives every row to one series, n seconds after the epoch; "many"
// gives row n to series n % 100, (n / 100) seconds after it.
QString insertSet(SqlEngine engine, const QString &set, qint64 points, qint64 idBase)
{
    // Built by concatenation: the SQL holds printf and strftime patterns that QString::arg()
    // would take for its own.
    const bool lite = engine == SqlEngine::SQLite;
    const bool one = set == u"one"_s;
    const QString k = u"(n + "_s + QString::number(idBase) + u")"_s;
    const QString id =
        lite ? u"printf('00000000-0000-4000-8000-%012x', "_s + k + u")"_s
             : u"('00000000-0000-4000-8000-' || lpad(to_hex("_s + k + u"), 12, '0'))::uuid"_s;
    const QString name =
        one ? u"'value'"_s
            : (lite ? u"printf('m%02d', n % 100)"_s : u"'m' || lpad((n % 100)::text, 2, '0')"_s);
    const QString second = one ? u"n"_s : u"(n / 100)"_s;
    const QString start = QString::number(epoch.toSecsSinceEpoch());
    const QString time =
        lite ? u"strftime('%Y-%m-%d %H:%M:%f', "_s + start + u" + "_s + second + u", 'unixepoch')"_s
             : u"to_timestamp("_s + start + u" + "_s + second + u")"_s;
    // A slow wave with noise, so that buckets differ.
    const QString value = u"(100 + (n % 86400) / 864.0 + (n * 7919 % 101) / 10.0)"_s;
    const QString select = u"SELECT "_s + id + u", '"_s + (one ? u"bench-one"_s : u"bench-many"_s) +
                           u"', "_s + name + u", "_s + value + u", 'ms', "_s + time;
    const QString insert = u"INSERT INTO component_metrics (id, component_name, metric_name, "
                           "metric_value, metric_unit, timestamp) "_s;
    const QString last = QString::number(points - 1);
    if (lite)
        return u"WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < "_s +
               last + u") "_s + insert + select + u" FROM seq"_s;
    return insert + select + u" FROM generate_series(0::bigint, "_s + last + u") AS n"_s;
}

// Rolled up as the window's and the worker's sampler would, in steps of 30 days, to the end of
// the data: with more than a few months of points a data set runs past today, which the
// sampler would reach only then. From where the rollups stand: nothing to do when they are
// whole.
void rollUp(QSqlDatabase db, qint64 points)
{
    const auto rolled = rollMetricRollups(
        db, epoch.addSecs(points + 3600),
        {.step = std::chrono::hours(24 * 30), .lateRows = 1000000000, .maxSteps = 100000});
    check(rolled.ok(), rolled.errorMessage());
    out() << "  rolled up in " << rolled->steps << " steps" << Qt::endl;
}

void generate(QSqlDatabase db, SqlEngine engine, qint64 points)
{
    const auto made = dropForBulkInsert(db, engine, u"component_metrics"_s);
    const auto start = Clock::now();
    exec(db, u"BEGIN"_s);
    exec(db, u"DELETE FROM component_metrics"_s);
    // The table empty, its rollups are: its boundary back to the sets' start (migration 30), so
    // that the rows are after it (nothing fires on their inserts) and the roller adds them.
    const qint64 boundary = epoch.toSecsSinceEpoch() / 60 * 60;
    if (engine == SqlEngine::SQLite) {
        exec(db, u"UPDATE metric_rollup_state SET rolled_to = %1, rolled_to_text = "
                 "datetime(%1, 'unixepoch'), rolled_rowid = (SELECT coalesce(max(rowid), 0) "
                 "FROM component_metrics) WHERE source = 'component'"_s.arg(boundary));
    } else {
        exec(db, u"UPDATE metric_rollup_state SET rolled_to = %1 WHERE source = 'component'"_s.arg(
                     boundary));
        exec(db, u"SELECT setval('metric_rollup_boundary_component', %1)"_s.arg(boundary));
    }
    exec(db, insertSet(engine, u"one"_s, points, 0));
    exec(db, insertSet(engine, u"many"_s, points, points));
    exec(db, u"COMMIT"_s);
    rollUp(db, points);
    out() << "  inserted " << 2 * points << " rows in " << qint64(secondsSince(start)) << " s"
          << Qt::endl;
    for (const auto &[name, sql] : made)
        exec(db, sql);
    // On PostgreSQL the table vacuumed as autovacuum keeps a pipeline's (its newest rows too,
    // migration 33): a series' raw values are read from its index alone, not whenever
    // autovacuum happens to have visited the new rows.
    exec(db,
         engine == SqlEngine::PostgreSQL ? u"VACUUM ANALYZE component_metrics"_s : u"ANALYZE"_s);
    out() << "  indexed and analysed in " << qint64(secondsSince(start)) << " s" << Qt::endl;
}

void prepareData(const DatabaseUrl &url, qint64 points)
{
    const ConnectionFactory factory(url);
    {
        auto db = factory.open(u"bench"_s);
        check(db.ok(), db.errorMessage());
        MigrationRunner runner(*db, *MigrationRunner::builtin(url.engine()));
        check(runner.up().ok(), u"migrate"_s);
        if (scalar(*db, u"SELECT count(*) FROM component_metrics"_s) == 2 * points) {
            out() << "  reusing the " << 2 * points << " rows there" << Qt::endl;
            rollUp(*db, points);
            return;
        }
        if (url.engine() == DatabaseUrl::Engine::PostgreSQL) {
            generate(*db, SqlEngine::PostgreSQL, points);
            return;
        }
    }
    factory.close(u"bench"_s);
    fillSqliteInBulk(url.filePath(),
                     [points](QSqlDatabase db) { generate(db, SqlEngine::SQLite, points); });
}

// --- One run, in a process of its own --------------------------------------------------------

struct Case
{
    QString set;   // one, many
    QString range; // all, tenth, 10 min
    QDateTime from;
    QDateTime to;
};

QList<Case> cases(qint64 points)
{
    QList<Case> list;
    for (const QString &set : {u"one"_s, u"many"_s}) {
        const qint64 span = set == u"one"_s ? points : points / manySeries;
        const QDateTime end = epoch.addSecs(span);
        const QDateTime middle = epoch.addSecs(span / 2);
        list << Case{set, u"all"_s, epoch, end}
             << Case{set, u"a tenth"_s, middle, middle.addSecs(span / 10)}
             << Case{set, u"10 min"_s, middle, middle.addSecs(600)};
    }
    return list;
}

QList<MetricSeries> seriesOf(const QString &set)
{
    if (set == u"one"_s)
        return {{MetricSource::Component, u"bench-one"_s, u"value"_s}};
    QList<MetricSeries> many;
    for (int i = 0; i < manySeries; ++i)
        many.append(
            {MetricSource::Component, u"bench-many"_s, u"m%1"_s.arg(i, 2, 10, QLatin1Char('0'))});
    return many;
}

// The same buckets from every raw value, a statement a series: the baseline.
double baselineMs(QSqlDatabase db, SqlEngine engine, const QList<MetricSeries> &series,
                  const QDateTime &from, const QDateTime &to, qint64 width, int limit)
{
    const auto start = Clock::now();
    qint64 rows = 0;
    for (const MetricSeries &one : series) {
        const auto statement = MetricsRepository::pointsStatement(
            engine, {one, from, to, width, limit}, false, MetricRollups::None);
        check(statement.ok(), statement.errorMessage());
        QSqlQuery query(db);
        query.setForwardOnly(true);
        check(query.prepare(statement->sql), query.lastError().text());
        for (const QVariant &param : statement->params)
            query.addBindValue(param);
        check(query.exec(), query.lastError().text());
        while (query.next()) {
            for (int column = 0; column < query.record().count(); ++column)
                query.value(column);
            ++rows;
        }
    }
    check(rows > 0, u"the baseline read nothing"_s);
    return secondsSince(start) * 1000;
}

// The pane's own reads of the series, as its loader makes them: one repository for the
// request, MetricsRepository::points() a series.
double paneSqlMs(QSqlDatabase db, const QList<MetricSeries> &series, const QDateTime &from,
                 const QDateTime &to, qint64 width, int limit)
{
    const auto start = Clock::now();
    const MetricsRepository repository(db);
    qint64 points = 0;
    for (const MetricSeries &one : series) {
        const auto read = repository.points({one, from, to, width, limit});
        check(read.ok(), read.errorMessage());
        points += read->points.size();
    }
    check(points > 0, u"the pane's read found nothing"_s);
    return secondsSince(start) * 1000;
}

// Sees the paints of the stack's chart views that come after a given redraw of theirs, of
// every view the stack has, also one it adds later.
class PaintWatch : public QObject
{
public:
    explicit PaintWatch(TimeChartStack *chart)
        : m_chart(chart)
    {
        QCoreApplication::instance()->installEventFilter(this);
    }

    // Paints from now on count once the chart has redrawn more than `redraws` times.
    void expectAfter(int redraws)
    {
        m_after = redraws;
        m_painted = false;
    }
    bool painted() const { return m_painted; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        // The paint is delivered after this returns, before the event loop turns again.
        const auto *view = qobject_cast<QGraphicsView *>(watched->parent());
        if (event->type() == QEvent::Paint && view && view->viewport() == watched &&
            m_chart->isAncestorOf(view) && m_chart->repaints() > m_after)
            m_painted = true;
        return QObject::eventFilter(watched, event);
    }

private:
    TimeChartStack *m_chart;
    int m_after = 0;
    bool m_painted = false;
};

int runChild(int argc, char *argv[], const QString &urlText, qint64 points)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // the pane's settings stay out of the user's
    QCoreApplication::setOrganizationName(u"PortholeBench"_s);
    QCoreApplication::setApplicationName(u"bench_metrics"_s);
    QSettings().clear();
    const auto url = DatabaseUrl::parse(urlText);
    check(url.ok(), url.errorMessage());
    const ConnectionFactory factory(*url);
    auto baselineDb = factory.open(u"baseline"_s);
    check(baselineDb.ok(), baselineDb.errorMessage());
    const SqlEngine engine = engineOf(*baselineDb);

    QObject models; // the pane shows them; as in the window, they outlive it
    MetricsPane pane(new MetricsLoader(factory, &models));
    pane.resize(1280, 800);
    pane.show();
    MetricsChartModel *model = pane.chartModel();
    TimeChartStack *chart = pane.chart();
    PaintWatch paints(chart);
    const auto waitFor = [&](const std::function<bool()> &done, const char *what) {
        const auto start = Clock::now();
        while (!done()) {
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
            if (secondsSince(start) > 600)
                fail(u"timed out waiting for "_s + QLatin1StringView(what));
        }
    };
    waitFor([&] { return pane.seriesModel()->rowCount() > 0; }, "the series");

    QString currentSet;
    for (const Case &c : cases(points)) {
        if (c.set != currentSet) {
            for (const MetricSeries &series : pane.seriesModel()->checkedSeries())
                pane.seriesModel()->setChecked(series, false);
            for (const MetricSeries &series : seriesOf(c.set))
                pane.seriesModel()->setChecked(series, true);
            model->setRange(c.from.addSecs(-1), c.to.addSecs(-1)); // not the one measured
            waitFor([&] { return !model->loading(); }, "the first read");
            currentSet = c.set;
        }
        // The range change, to the chart redrawn with its points and painted.
        bool arrived = false;
        Clock::time_point arrival;
        const QMetaObject::Connection seen =
            QObject::connect(model, &MetricsChartModel::pointsChanged, [&] {
                arrived = true;
                arrival = Clock::now();
                paints.expectAfter(chart->repaints());
            });
        const auto start = Clock::now();
        model->setRange(c.from, c.to);
        waitFor([&] { return arrived && !model->loading(); }, "the points");
        waitFor([&] { return paints.painted(); }, "the redraw painted");
        const double rangeMs = secondsSince(start) * 1000;
        const double drawnMs = secondsSince(arrival) * 1000;
        QObject::disconnect(seen);
        qint64 shown = 0;
        for (const SeriesData &data : model->data())
            shown += data.points.size();

        std::vector<double> repaints;
        for (int i = 0; i < 5; ++i) {
            const auto at = Clock::now();
            chart->grab();
            repaints.push_back(secondsSince(at) * 1000);
        }
        MetricsRequest asked;
        asked.series = seriesOf(c.set);
        asked.pixels = chart->plotWidth();
        const int limit = asked.pointsPerSeries() + (model->bucketSeconds() == 0 ? 0 : 2);
        const double loaderSql =
            paneSqlMs(*baselineDb, asked.series, c.from, c.to, model->bucketSeconds(), limit);
        const double rawSql = baselineMs(*baselineDb, engine, asked.series, c.from, c.to,
                                         model->bucketSeconds(), limit);
        out() << "figure " << c.set << "|" << c.range << "|" << rangeMs << "|" << median(repaints)
              << "|" << rawSql << "|" << model->bucketSeconds() << "|" << shown << "|" << loaderSql
              << "|" << drawnMs << Qt::endl;
    }
    out() << "memory " << peakMemoryKiB() << Qt::endl;
    return 0;
}

struct Figures
{
    std::vector<double> range, drawn, repaint, baseline, loaderSql;
    qint64 bucket = 0;
    qint64 shown = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--child") == 0 && i + 2 < argc)
            return runChild(argc, argv, QString::fromLocal8Bit(argv[i + 1]),
                            QByteArray(argv[i + 2]).toLongLong());
    }

    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Metrics pane on large series: a range change to the chart redrawn, one repaint and "
        "peak memory, against the bucketed SQL run directly."_s);
    parser.addHelpOption();
    parser.addOptions({{u"db"_s, u"Database URL."_s, u"url"_s},
                       {u"points"_s, u"Points in each data set."_s, u"n"_s, u"10000000"_s},
                       {u"runs"_s, u"Runs (each a new process)."_s, u"n"_s, u"3"_s}});
    parser.process(app);
    const QString urlText = parser.value(u"db"_s);
    const auto url = DatabaseUrl::parse(urlText);
    check(url.ok(), url.errorMessage());
    const qint64 points = parser.value(u"points"_s).toLongLong();
    const int runs = parser.value(u"runs"_s).toInt();
    check(points >= 100000 && points % manySeries == 0, u"--points: 100000 or more, by 100"_s);

    out() << "Metrics pane: " << points << " points in one series and in " << manySeries
          << " series on " << url->toDisplayString() << ", " << runs << " runs; load average "
          << loadAverage() << Qt::endl;
    const auto preparing = Clock::now();
    prepareData(*url, points);
    out() << "  data ready in " << qint64(secondsSince(preparing)) << " s" << Qt::endl;

    std::map<QString, Figures> figures;
    QStringList order;
    std::vector<double> memory;
    for (int run = 1; run <= runs; ++run) {
        QProcess child;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        child.setProcessEnvironment(environment);
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(),
                    {u"--child"_s, urlText, QString::number(points)});
        if (!child.waitForFinished(3600000) || child.exitCode() != 0)
            fail(u"the pane's process failed: "_s +
                 QString::fromLocal8Bit(child.readAllStandardOutput()));
        const QStringList lines =
            QString::fromLocal8Bit(child.readAllStandardOutput()).split(u'\n');
        out() << "  run " << run << ":";
        for (const QString &line : lines) {
            if (line.startsWith(u"memory "_s)) {
                memory.push_back(line.mid(7).toDouble() / 1024);
                out() << " peak memory " << QString::number(memory.back(), 'f', 1) << " MiB";
            }
            if (!line.startsWith(u"figure "_s))
                continue;
            const QStringList f = line.mid(7).split(u'|');
            const QString key = f.at(0) + u", "_s + f.at(1);
            if (!order.contains(key))
                order << key;
            Figures &into = figures[key];
            into.range.push_back(f.at(2).toDouble());
            into.repaint.push_back(f.at(3).toDouble());
            into.baseline.push_back(f.at(4).toDouble());
            into.bucket = f.at(5).toLongLong();
            into.shown = f.at(6).toLongLong();
            into.loaderSql.push_back(f.at(7).toDouble());
            into.drawn.push_back(f.at(8).toDouble());
            out() << " [" << key << ": " << QString::number(f.at(2).toDouble(), 'f', 1) << " ("
                  << QString::number(f.at(8).toDouble(), 'f', 1) << ") / "
                  << QString::number(f.at(3).toDouble(), 'f', 1) << " / "
                  << QString::number(f.at(4).toDouble(), 'f', 1) << " ms]";
        }
        out() << "; load " << loadAverage() << Qt::endl;
    }
    out() << "Medians of " << runs << " runs (range change to the chart redrawn and painted; "
          << "drawn: of that, from the points' arrival; one "
          << "repaint; the pane's SQL alone; baseline: the same buckets from the raw values; "
          << "ratio range / baseline):" << Qt::endl;
    out() << "| data set, range | resolution | points drawn | range change | drawn | repaint | "
             "pane's SQL | baseline SQL | ratio |"
          << Qt::endl;
    out() << "|---|---|---|---|---|---|---|---|---|" << Qt::endl;
    for (const QString &key : std::as_const(order)) {
        const Figures &f = figures[key];
        out() << "| " << key << " | " << resolutionText(f.bucket) << " | " << f.shown << " | "
              << QString::number(median(f.range), 'f', 1) << " ms | "
              << QString::number(median(f.drawn), 'f', 1) << " ms | "
              << QString::number(median(f.repaint), 'f', 1) << " ms | "
              << QString::number(median(f.loaderSql), 'f', 1) << " ms | "
              << QString::number(median(f.baseline), 'f', 1) << " ms | "
              << QString::number(median(f.range) / median(f.baseline), 'f', 2) << " |" << Qt::endl;
    }
    out() << "Peak memory (VmHWM): " << QString::number(median(memory), 'f', 1) << " MiB"
          << Qt::endl;
    out() << "Load average " << loadAverage() << Qt::endl;
    return 0;
}
