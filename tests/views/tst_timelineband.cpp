#include "healthrepository.h"
#include "metricspane.h"
#include "migrateddatabase.h"
#include "panemodels.h"
#include "timechart.h"
#include "timechartstack.h"
#include "timelineband.h"
#include "timelinemodel.h"

#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

// The band of changes under the Metrics charts, on a real database: a mark a change at its
// time, lined up with the chart's plot; a click on one opens the Timeline at that moment, and
// a moment given to the Metrics pane shows the hour around it, the band with it.
class tst_TimelineBand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void marksTheChangesUnderTheCharts();
};

void tst_TimelineBand::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_timelineband"_s);
    QSettings().clear();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_TimelineBand::marksTheChangesUnderTheCharts()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    // In the last hour: router degraded 40 min ago and healthy again 20 min ago.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    HealthRepository health(database.db);
    database.db.transaction();
    for (int s = 50 * 60; s >= 10; s -= 10) {
        const bool degraded = s <= 40 * 60 && s > 20 * 60;
        QVERIFY(
            health
                .record({u"router"_s, degraded ? u"degraded"_s : u"healthy"_s, {}, now.addSecs(-s)})
                .ok());
    }
    QVERIFY(database.db.commit());

    PaneModels paneModels(*database.factory);
    TimelineModel timeline(*database.factory);
    MetricsPane pane(paneModels.metrics(), &timeline);
    pane.resize(1400, 800);
    pane.show();
    TimelineBand *band = pane.timelineBand();
    QVERIFY(band);
    QTRY_VERIFY_WITH_TIMEOUT(timeline.atEnd() && !timeline.isReading() && band->marks().size() == 2,
                             20000);
    // Older left of newer, both within the plot, each where its time falls.
    const auto [left, right] = pane.chart()->charts().constFirst()->plotSpanIn(band);
    const auto marks = band->marks();
    QVERIFY2(
        left < marks.at(0).first && marks.at(0).first < marks.at(1).first &&
            marks.at(1).first < right,
        qPrintable(
            u"%1 %2 %3 %4"_s.arg(left).arg(marks.at(0).first).arg(marks.at(1).first).arg(right)));
    const QDateTime from = pane.chartModel()->from();
    const double span = from.msecsTo(pane.chartModel()->to());
    for (const auto &[x, row] : marks) {
        const double share = from.msecsTo(timeline.changeAt(row)->at) / span;
        QVERIFY(std::abs(x - (left + share * (right - left))) <= 1);
    }
    QCOMPARE(band->rowsAt(marks.at(0).first + 2), QList<int>{marks.at(0).second});
    QVERIFY(band->rowsAt((marks.at(0).first + marks.at(1).first) / 2).isEmpty());

    // A click on the older: the Timeline at its moment.
    QSignalSpy opened(&pane, &Pane::openRequested);
    QTest::mouseClick(band, Qt::LeftButton, {}, QPoint(marks.at(0).first, band->height() / 2));
    QCOMPARE(opened.count(), 1);
    QCOMPARE(opened.at(0).at(0).toString(), u"timeline"_s);
    QCOMPARE(opened.at(0).at(1).value<PaneFocus>().at, timeline.changeAt(marks.at(0).second)->at);

    // A moment given: the hour around it, and the band reads that range.
    const QDateTime moment = now.addSecs(-3 * 3600);
    PaneFocus focus;
    focus.at = moment;
    pane.focusOn(focus);
    QCOMPARE(pane.chartModel()->from(), moment.addSecs(-1800));
    QCOMPARE(pane.chartModel()->to(), moment.addSecs(1800));
    QTRY_COMPARE_WITH_TIMEOUT(timeline.filter().from, moment.addSecs(-1800), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(timeline.atEnd() && !timeline.isReading(), 20000);
    QVERIFY(band->marks().isEmpty());
}

QTEST_MAIN(tst_TimelineBand)
#include "tst_timelineband.moc"
