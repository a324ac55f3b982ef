#include "timechart.h"

#include <QImage>
#include <QPalette>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

// The chart follows the window's palette: drawn dark on a dark palette (the dark theme) and
// light on a light one, its lines, readout and crosshair in the palette's ink.
class tst_TimeChart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsThePalette();

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
    chart.setLines({{u"throughput"_s, u"msg/s"_s, {{{x(to.addSecs(-500)), 1.0}, {x(to), 2.0}}}}});
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

QTEST_MAIN(tst_TimeChart)
#include "tst_timechart.moc"
