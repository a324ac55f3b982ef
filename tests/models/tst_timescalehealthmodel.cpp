#include "timescalehealthmodel.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_TimescaleHealthModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void rowsAndSummary();
    void partsNotAvailable();
};

namespace {

TimescaleHealth sample()
{
    const QDateTime watermark(QDate(2026, 1, 3), QTime(11, 0), Qt::UTC);
    TimescaleHealth health{.version = u"2.23.0"_s};
    health.hypertables = {{.schema = u"public"_s,
                           .name = u"metrics"_s,
                           .chunks = 14,
                           .compressedChunks = 3,
                           .compressionEnabled = true,
                           .rangeStart = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC),
                           .rangeEnd = QDateTime(QDate(2026, 1, 15), QTime(0, 0), Qt::UTC),
                           .bytes = 2'000'000}};
    health.hypertableCount = 1;
    health.chunkCount = 14;
    health.compressedChunkCount = 3;
    health.aggregates = {{.schema = u"public"_s,
                          .name = u"metrics_hourly"_s,
                          .hypertable = u"metrics"_s,
                          .policyJob = 1000,
                          .scheduleSeconds = 3600,
                          .startOffset = u"30 days"_s,
                          .endOffset = u"01:00:00"_s,
                          .watermark = watermark,
                          .materialized = true},
                         {.schema = u"reports"_s, .name = u"daily"_s, .hypertable = u"metrics"_s}};
    health.aggregateCount = 2;
    health.jobs = {{.id = 1001,
                    .proc = u"public.archive"_s,
                    .scheduleSeconds = 3600,
                    .lastRunStart = watermark,
                    .lastRunStatus = u"Failed"_s,
                    .totalRuns = 4,
                    .totalFailures = 2,
                    .lastError = u"the archive is full"_s},
                   {.id = 1000,
                    .proc = u"_timescaledb_functions.policy_refresh_continuous_aggregate"_s,
                    .hypertable = u"metrics_hourly"_s,
                    .scheduleSeconds = 3600,
                    .lastRunStart = watermark,
                    .lastRunStatus = u"Success"_s,
                    .totalRuns = 9}};
    health.jobCount = 2;
    health.failingJobCount = 1;
    return health;
}

} // namespace

void tst_TimescaleHealthModel::rowsAndSummary()
{
    TimescaleHealthModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    const TimescaleHealth health = sample();
    model.setHealth(health);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.rowKind(0), TimescaleHealthModel::RowKind::Hypertable);
    QCOMPARE(model.rowKind(2), TimescaleHealthModel::RowKind::Aggregate);
    QCOMPARE(model.rowKind(3), TimescaleHealthModel::RowKind::Job);

    const auto text = [&](int row, int column) {
        return model.index(row, column).data().toString();
    };
    QCOMPARE(text(0, TimescaleHealthModel::NameColumn), u"metrics"_s);
    QVERIFY2(
        text(0, TimescaleHealthModel::FiguresColumn).startsWith(u"14 chunks (3 compressed), "_s),
        qPrintable(text(0, TimescaleHealthModel::FiguresColumn)));
    QVERIFY(text(0, TimescaleHealthModel::StateColumn).contains(u" to "_s));
    QVERIFY2(text(1, TimescaleHealthModel::FiguresColumn)
                 .startsWith(u"of metrics, refreshed by job 1000 every 1 h 0 min, from 30 days to "
                             "01:00:00 back"_s),
             qPrintable(text(1, TimescaleHealthModel::FiguresColumn)));
    QVERIFY(text(1, TimescaleHealthModel::StateColumn).startsWith(u"materialized to "_s));
    QCOMPARE(text(2, TimescaleHealthModel::NameColumn), u"reports.daily"_s);
    QCOMPARE(text(2, TimescaleHealthModel::FiguresColumn), u"of metrics, no refresh policy"_s);
    QCOMPARE(text(2, TimescaleHealthModel::StateColumn), u"not materialized yet"_s);

    // The failing job: its error, in the warning colour; the other job in the usual one.
    QCOMPARE(text(3, TimescaleHealthModel::KindColumn), u"Job 1001"_s);
    QCOMPARE(text(3, TimescaleHealthModel::NameColumn), u"archive"_s);
    QCOMPARE(text(3, TimescaleHealthModel::FiguresColumn), u"every 1 h 0 min, 4 runs, 2 failed"_s);
    QVERIFY2(text(3, TimescaleHealthModel::StateColumn).endsWith(u": the archive is full"_s),
             qPrintable(text(3, TimescaleHealthModel::StateColumn)));
    QCOMPARE(
        model.index(3, TimescaleHealthModel::StateColumn).data(Qt::ForegroundRole).value<QColor>(),
        TimescaleHealthModel::warningColour());
    QCOMPARE(text(4, TimescaleHealthModel::NameColumn), u"refresh metrics_hourly"_s);
    QCOMPARE(model.index(4, TimescaleHealthModel::NameColumn).data(Qt::ToolTipRole).toString(),
             u"_timescaledb_functions.policy_refresh_continuous_aggregate"_s);
    QVERIFY(text(4, TimescaleHealthModel::StateColumn).startsWith(u"last run succeeded "_s));
    QVERIFY(!model.index(4, TimescaleHealthModel::StateColumn).data(Qt::ForegroundRole).isValid());

    // Read two minutes after the runs: their times count from the read; a long error is cut in
    // the row and whole in its tooltip.
    TimescaleHealth later = health;
    later.jobs[0].lastError = QString(150, u'x');
    later.jobs[1].nextStart = later.jobs[1].lastRunStart.addSecs(3600);
    const QDateTime readAt = later.jobs[0].lastRunStart.addSecs(120);
    model.setHealth(later, readAt);
    QCOMPARE(text(3, TimescaleHealthModel::StateColumn),
             u"last run failed 2 min ago: "_s + QString(100, u'x') + u'…');
    QCOMPARE(model.index(3, TimescaleHealthModel::StateColumn).data(Qt::ToolTipRole).toString(),
             u"last run failed 2 min ago: "_s + QString(150, u'x'));
    QCOMPARE(text(4, TimescaleHealthModel::StateColumn),
             u"last run succeeded 2 min ago, next in 58 min"_s);
    // The watermark of the day read: its time alone.
    const QString watermarkTime = QLocale().toString(
        later.aggregates[0].watermark.toLocalTime().time(), QLocale::ShortFormat);
    const QDateTime sameDay = later.aggregates[0].watermark.toLocalTime();
    QCOMPARE(TimescaleHealthModel::summaryText(later, sameDay).section(u", "_s, 2, 2),
             u"2 continuous aggregates materialized to "_s + watermarkTime);
    model.setHealth(health);

    const QString summary = TimescaleHealthModel::summaryText(health);
    QVERIFY2(summary.startsWith(u"TimescaleDB 2.23.0: 1 hypertable, 14 chunks (3 compressed), 2 "
                                "continuous aggregates materialized to "_s),
             qPrintable(summary));
    QVERIFY2(summary.endsWith(u", 2 jobs, 1 failing"_s), qPrintable(summary));

    model.setHealth(std::nullopt);
    QCOMPARE(model.rowCount(), 0);
}

// A build of the extension without a view: that part says so, the others are read.
void tst_TimescaleHealthModel::partsNotAvailable()
{
    TimescaleHealth health = sample();
    health.jobs.clear();
    health.jobsGap = TimescaleGap::NotAvailable;
    health.aggregates.clear();
    health.aggregatesGap = TimescaleGap::Failed;
    const QString summary = TimescaleHealthModel::summaryText(health);
    QVERIFY2(summary.contains(u"14 chunks (3 compressed), continuous aggregates could not be "
                              "read, jobs not available in this TimescaleDB"_s),
             qPrintable(summary));
    TimescaleHealthModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setHealth(health);
    QCOMPARE(model.rowCount(), 1);
}

QTEST_GUILESS_MAIN(tst_TimescaleHealthModel)
#include "tst_timescalehealthmodel.moc"
