#include "chartmarkers.h"
#include "timechart.h"
#include "timechartstack.h"

#include <QChartView>
#include <QElapsedTimer>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QGraphicsView>
#include <QImage>
#include <QLineSeries>
#include <QPalette>
#include <QPointer>
#include <QStackedWidget>
#include <QTest>
#include <QValueAxis>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace porthole;

// The chart follows the window's palette: drawn dark on a dark palette (the dark theme) and
// light on a light one, its lines, readout and crosshair in the palette's ink. Its axes' labels
// are drawn whole, whatever the values, also when they were set while the chart was hidden.
class tst_TimeChart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsThePalette();
    void axisLabelsAreWhole_data();
    void axisLabelsAreWhole();
    void axesSayWhatTheyCarry();
    void markerLabelsNeverOverprint();
    void stackedChartsHoldOneUnitEach();
    void newLinesAreNotHeldBack();
    void newPointsKeepTheSeries();
    void theNoteGoesWithTheLines();

private:
    static int lightnessOfPaper(TimeChart &chart);
};

int tst_TimeChart::lightnessOfPaper(TimeChart &chart)
{
    const QImage image = chart.grab().toImage();
    // Inside the plot, above its line and between grid lines: the chart's paper.
    return image.pixelColor(image.width() * 15 / 100, image.height() * 12 / 100).lightness();
}

void tst_TimeChart::followsThePalette()
{
    TimeChart chart;
    chart.resize(640, 360);
    const QDateTime to = QDateTime::currentDateTimeUtc();
    chart.setRange(to.addSecs(-600), to);
    const auto x = [](const QDateTime &at) {
        return double(at.toMSecsSinceEpoch());
    };
    chart.setLines(
        {{u"throughput"_s, u"msg/s"_s, {{{x(to.addSecs(-500)), 1.0}, {x(to), 2.0}}}, {}}});
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QVERIFY2(lightnessOfPaper(chart) > 200, qPrintable(QString::number(lightnessOfPaper(chart))));

    QPalette dark = chart.palette();
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    chart.setPalette(dark);
    QTRY_VERIFY2(lightnessOfPaper(chart) < 100,
                 qPrintable(QString::number(lightnessOfPaper(chart))));

    chart.setPalette(QPalette(Qt::white));
    QTRY_VERIFY(lightnessOfPaper(chart) > 200);
}

void tst_TimeChart::axesSayWhatTheyCarry()
{
    // Three units: the first left, the second right, the third on the left too, which says so;
    // values that are never below zero get no axis below zero.
    TimeChart chart;
    chart.resize(800, 400);
    const QDateTime to = QDateTime::currentDateTimeUtc();
    chart.setRange(to.addSecs(-600), to);
    const auto line = [&to](double first, double last) {
        return QList<QList<QPointF>>{{{double(to.addSecs(-500).toMSecsSinceEpoch()), first},
                                      {double(to.addSecs(-100).toMSecsSinceEpoch()), last}}};
    };
    chart.setLines({{u"Ingest rate"_s, u"per minute"_s, line(0, 3000), {}},
                    {u"latency_ms"_s, u"ms"_s, line(12, 18), {}},
                    {u"Consumer lag"_s, u"s"_s, line(40, 90), {}}});
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.flush();
    const auto *view = chart.findChild<QChartView *>();
    QVERIFY(view);
    QStringList titles;
    for (QAbstractAxis *axis : view->chart()->axes(Qt::Vertical)) {
        const auto *values = qobject_cast<QValueAxis *>(axis);
        QVERIFY(values);
        if (!values->isVisible())
            continue;
        titles << values->titleText();
        QVERIFY2(values->min() >= 0, qPrintable(values->titleText()));
    }
    titles.sort();
    QCOMPARE(titles, (QStringList{u"ms"_s, u"per minute · s"_s}));
}

// Marks close together share one label that counts them; one far enough has its own.
void tst_TimeChart::markerLabelsNeverOverprint()
{
    using Run = MarkerRun;
    QCOMPARE(markerRuns({0, 5, 10, 200, 230}, {50, 50, 50, 20, 20}),
             (QList<Run>{{0, 3}, {3, 1}, {4, 1}}));
    QCOMPARE(markerRuns({}, {}), QList<Run>{});

    TimeChart chart;
    chart.resize(800, 400);
    const QDateTime to = QDateTime::currentDateTimeUtc();
    chart.setRange(to.addSecs(-600), to);
    chart.setLines({{u"Ingest rate"_s,
                     u"per minute"_s,
                     {{{double(to.addSecs(-500).toMSecsSinceEpoch()), 1},
                       {double(to.addSecs(-100).toMSecsSinceEpoch()), 2}}},
                     {}}});
    // Three replays within seconds of each other, a purge minutes later, one out of range.
    chart.setMarkers({{to.addSecs(-300), u"replay"_s, {}, Qt::DotLine},
                      {to.addSecs(-299), u"replay"_s, {}, Qt::DotLine},
                      {to.addSecs(-298), u"replay"_s, {}, Qt::DotLine},
                      {to.addSecs(-60), u"purge"_s, {}, Qt::DotLine},
                      {to.addSecs(-6000), u"old"_s, {}, Qt::DotLine}});
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.flush();
    QTRY_COMPARE(chart.markerLabels(), (QStringList{u"replay +2"_s, u"purge"_s}));
}

void tst_TimeChart::axisLabelsAreWhole_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::newRow("no line (nothing picked yet)") << QList<double>{};
    QTest::newRow("a rate between 0 and 0.05") << QList<double>{0.0, 0.013, 0.05};
    QTest::newRow("a share between 0 and 1") << QList<double>{0.0, 0.5, 1.0};
    QTest::newRow("one value") << QList<double>{0.25};
    QTest::newRow("thousands") << QList<double>{1200.0, 87000.0, 125000.0};
    QTest::newRow("below zero") << QList<double>{-0.75, 0.003, 2.5};
}

void tst_TimeChart::axisLabelsAreWhole()
{
    QFETCH(const QList<double>, values);
    // Drawn first while another pane is in view, as the Metrics pane is when the window
    // starts on another, then brought into view.
    QStackedWidget window;
    window.resize(926, 600);
    window.addWidget(new QWidget(&window));
    auto *chart = new TimeChart(&window);
    window.addWidget(chart);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QDateTime to = QDateTime::currentDateTimeUtc();
    chart->setRange(to.addSecs(-3600), to);
    QList<QPointF> points;
    for (qsizetype i = 0; i < values.size(); ++i)
        points << QPointF(double(to.addSecs(-3000 + 600 * i).toMSecsSinceEpoch()), values.at(i));
    if (!points.isEmpty())
        chart->setLines({{u"error_rate"_s, {}, {points}, {}}});
    chart->flush();
    window.setCurrentWidget(chart);
    QCoreApplication::processEvents();
    chart->flush();
    QCoreApplication::processEvents();

    const auto *view = chart->findChild<QGraphicsView *>();
    QVERIFY(view);
    QStringList labels;
    for (QGraphicsItem *item : view->scene()->items()) {
        const auto *text = qgraphicsitem_cast<QGraphicsTextItem *>(item);
        if (text && text->isVisible() && !text->toPlainText().isEmpty())
            labels << text->toPlainText();
    }
    QVERIFY2(labels.size() >= 4, qPrintable(labels.join(u" | ")));
    for (const QString &label : std::as_const(labels))
        QVERIFY2(!label.contains(u"...") && !label.contains(QChar(0x2026)),
                 qPrintable(labels.join(u" | ")));
}

// Lines of three units stacked: a chart a unit, a line dwarfed by another of its unit (under a
// tenth of its highest value in the range) in a chart of its own, a line with no value in the
// range with the first of its unit; merged, one chart; every line keeps its colour.
void tst_TimeChart::stackedChartsHoldOneUnitEach()
{
    const QDateTime to = QDateTime::currentDateTimeUtc();
    const double inRange = double(to.addSecs(-60).toMSecsSinceEpoch());
    const double before = double(to.addSecs(-7200).toMSecsSinceEpoch());
    const auto line = [&](const QString &label, const QString &unit, double x, double y) {
        return ChartLine{label, unit, {{{x, y}, {x + 1000, y}}}, {}, Qt::SolidLine};
    };
    const QList<ChartLine> lines{
        line(u"ingest"_s, u"per minute"_s, inRange, 12000),    // 0
        line(u"latency"_s, u"ms"_s, inRange, 20),              // 1
        line(u"dead letters"_s, u"per minute"_s, inRange, 40), // 2: dwarfed by the ingest
        line(u"failures"_s, u"per minute"_s, inRange, 1500),   // 3: a tenth and more
        line(u"errors"_s, u"%"_s, before, 90),                 // 4: nothing in range
        line(u"other errors"_s, u"%"_s, inRange, 2),           // 5
    };
    const double from = double(to.addSecs(-3600).toMSecsSinceEpoch());
    const double until = double(to.toMSecsSinceEpoch());
    QCOMPARE(stackedChartGroups(lines, from, until),
             (QList<QList<qsizetype>>{{0, 3}, {1}, {2}, {4, 5}}));
    // Over two hours the old 90 % dwarfs the 2 %.
    QCOMPARE(stackedChartGroups(lines, double(to.addSecs(-8000).toMSecsSinceEpoch()), until),
             (QList<QList<qsizetype>>{{0, 3}, {1}, {2}, {4}, {5}}));

    TimeChartStack stack;
    stack.resize(800, 900);
    stack.setRange(to.addSecs(-3600), to);
    stack.setLines(lines);
    QCOMPARE(stack.charts().size(), 4);
    QCOMPARE(stack.chartUnits(),
             (QList<QStringList>{{u"per minute"_s}, {u"ms"_s}, {u"per minute"_s}, {u"%"_s}}));
    QCOMPARE(stack.charts().at(2)->lines().constFirst().color, TimeChart::paletteColor(2));
    // Shown, the plots line up: the same width over the same time axis, though their value
    // labels differ in width and only the lowest has time labels.
    stack.show();
    QVERIFY(QTest::qWaitForWindowExposed(&stack));
    const auto widths = [&stack] {
        QList<int> all;
        for (TimeChart *chart : stack.charts())
            all << chart->plotWidth();
        return all;
    };
    QTRY_VERIFY2(widths().count(widths().constFirst()) == widths().size(),
                 qPrintable(QString::number(widths().constLast())));
    stack.setMerged(true);
    QCOMPARE(stack.charts().size(), 1);
    QCOMPARE(stack.charts().constFirst()->lines().size(), 6);
    QCOMPARE(stack.charts().constFirst()->lines().at(2).color, TimeChart::paletteColor(2));
}

// Redraws are coalesced: a change within 40 ms of the last redraw (a range dragged) waits for
// the timer. New lines do not: after a range change, whose axes were drawn at once, the points
// that answer it are drawn on the next turn of the event loop, not 40 ms after the axes.
void tst_TimeChart::newLinesAreNotHeldBack()
{
    TimeChart chart;
    chart.resize(640, 360);
    const QDateTime to = QDateTime::currentDateTimeUtc();
    const double x = double(to.addSecs(-60).toMSecsSinceEpoch());
    bool heldBack = false;
    for (int attempt = 0; attempt < 5 && !heldBack; ++attempt) {
        QElapsedTimer since; // a redraw within 40 ms before the change, however slow the machine
        since.start();
        chart.setNote(u"attempt %1"_s.arg(attempt));
        chart.flush();
        chart.setRange(to.addSecs(-3600 - attempt), to);
        heldBack = chart.redrawHeldBack();
        if (since.elapsed() < 30)
            QVERIFY(heldBack);
    }
    QVERIFY(heldBack);
    const int repaints = chart.repaints();
    chart.setLines({ChartLine{u"cpu"_s, u"%"_s, {{{x, 10}, {x + 1000, 20}}}, {}, Qt::SolidLine}});
    QVERIFY(!chart.redrawHeldBack());
    chart.setRange(to.addSecs(-1800), to); // joins the redraw waiting, does not delay it
    QVERIFY(!chart.redrawHeldBack());
    QTRY_VERIFY(chart.repaints() > repaints);
    QCOMPARE(chart.lines().size(), 1);
}

// New points for the same lines are replaced in the series the chart has (making a hundred
// series again, with their axes, was most of a range change's redraw); a line that looks
// otherwise, or a segment more or fewer, gets series of its own, and every point is drawn.
void tst_TimeChart::newPointsKeepTheSeries()
{
    TimeChart chart;
    chart.resize(640, 360);
    const QDateTime to = QDateTime::currentDateTimeUtc();
    chart.setRange(to.addSecs(-600), to);
    const double x = double(to.addSecs(-500).toMSecsSinceEpoch());
    const auto lines = [x](double value, int segments, QColor second) {
        QList<QList<QPointF>> gaps;
        for (int s = 0; s < segments; ++s)
            gaps << QList<QPointF>{{x + s * 60'000, value}, {x + s * 60'000 + 1000, value + s}};
        return QList<ChartLine>{{u"cpu"_s, u"%"_s, gaps, {}, Qt::SolidLine},
                                {u"lag"_s, u"s"_s, {{{x, value * 2}}}, second, Qt::SolidLine}};
    };
    const auto *view = chart.findChild<QChartView *>();
    QVERIFY(view);
    const auto series = [view] {
        QList<QPointer<QLineSeries>> all;
        for (QAbstractSeries *one : view->chart()->series())
            all << qobject_cast<QLineSeries *>(one);
        return all;
    };
    const auto points = [view] {
        QList<QList<QPointF>> all;
        for (QAbstractSeries *one : view->chart()->series())
            all << qobject_cast<QLineSeries *>(one)->points();
        return all;
    };

    chart.setLines(lines(5, 2, {}));
    chart.flush();
    QTRY_COMPARE(series().size(), 3);
    const QList<QPointer<QLineSeries>> first = series();
    chart.setLines(lines(7, 2, {}));
    QTRY_COMPARE(points().value(2), (QList<QPointF>{{x, 14}}));
    QCOMPARE(series(), first); // the same series, none deleted
    QVERIFY(std::ranges::none_of(first, [](const auto &s) { return s.isNull(); }));
    QCOMPARE(points().value(0), (QList<QPointF>{{x, 7}, {x + 1000, 7}}));
    QVERIFY(first.at(2)->pointsVisible()); // a value alone is a dot

    // A segment fewer: its series goes, the others stay.
    chart.setLines(lines(8, 1, {}));
    QTRY_COMPARE(series().size(), 2);
    QVERIFY(!first.at(0).isNull() && !first.at(2).isNull());
    QCOMPARE(points().value(0), (QList<QPointF>{{x, 8}, {x + 1000, 8}}));

    // Another colour is another look: the lines' series are made again.
    chart.setLines(lines(8, 1, Qt::magenta));
    QTRY_VERIFY(first.at(0).isNull());
    QCOMPARE(series().size(), 2);
    QCOMPARE(series().at(1)->pen().color(), QColor(Qt::magenta));
}

// The note of a chart with no lines ("Pick series on the left") is drawn in the middle of its
// plot, and goes when the chart gets lines: no text of it is left drawn.
void tst_TimeChart::theNoteGoesWithTheLines()
{
    TimeChart chart;
    chart.resize(640, 360);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const auto *view = chart.findChild<QChartView *>();
    QVERIFY(view);
    const QString note = u"Pick series on the left"_s;
    const auto noteAt = [view, &note]() -> QRectF {
        for (QGraphicsItem *item : view->scene()->items()) {
            const auto *simple = dynamic_cast<QGraphicsSimpleTextItem *>(item);
            const auto *rich = dynamic_cast<QGraphicsTextItem *>(item);
            const QString text = simple ? simple->text() : (rich ? rich->toPlainText() : QString());
            if (item->isVisible() && text == note)
                return item->sceneBoundingRect();
        }
        return {};
    };
    const QDateTime to = QDateTime::currentDateTimeUtc();
    chart.setRange(to.addSecs(-600), to);
    chart.setNote(note);
    chart.flush();
    QTRY_VERIFY(!noteAt().isEmpty());
    const QRectF plot = view->chart()->plotArea();
    QVERIFY2(plot.contains(noteAt()), "the note is not inside the plot");
    QVERIFY(std::abs(noteAt().center().x() - plot.center().x()) < 2);

    const double x = double(to.addSecs(-300).toMSecsSinceEpoch());
    chart.setLines({ChartLine{u"cpu"_s, u"%"_s, {{{x, 10}, {x + 1000, 20}}}, {}, Qt::SolidLine}});
    chart.setNote(QString());
    chart.flush();
    QTRY_VERIFY(noteAt().isEmpty());
}

QTEST_MAIN(tst_TimeChart)
#include "tst_timechart.moc"
