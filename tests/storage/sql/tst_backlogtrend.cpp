#include "backloghistory.h"
#include "backlogtrend.h"
#include "migrateddatabase.h"

#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>

#include <functional>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;

namespace {

const QDateTime t0(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());
const BacklogKey groupKey{BacklogKind::Group, u"orders"_s, u"workers"_s};
const BacklogKey portKey{BacklogKind::Port, u"payments"_s, u""_s};

// A group's samples every `step` seconds from t0 for `count` samples, its lag `size(seconds)`
// (pending 0); the last one at t0 + (count - 1) * step.
QList<BacklogSample> groupSeries(int count, int step, const std::function<double(int)> &size)
{
    QList<BacklogSample> samples;
    for (int i = 0; i < count; ++i) {
        BacklogSample sample;
        sample.key = groupKey;
        sample.slot = t0.addSecs(qint64(i) * step);
        sample.lag = qint64(std::llround(size(i * step)));
        sample.pending = 0;
        samples.append(sample);
    }
    return samples;
}

QDateTime lastSlot(const QList<BacklogSample> &samples)
{
    return samples.constLast().slot;
}

BacklogSample portSample(const QDateTime &slot, qint64 pending, qint64 processing)
{
    BacklogSample sample;
    sample.key = portKey;
    sample.slot = slot;
    sample.pending = pending;
    sample.processing = processing;
    sample.failed = 0;
    return sample;
}

} // namespace

// The trend of a backlog from its samples: a robust rate over 5, 15 and 60 minutes, the time to
// drain with its interval; and the trends of every backlog read from backlog_samples at once.
class tst_BacklogTrend : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sizesByKind();
    void drainingAtAKnownRate();
    void growingGivesItsRate();
    void outliersDoNotMoveTheRate();
    void tooFewPointsGiveNoForecast();
    void sparseSamplesFallBackToFifteenMinutes();
    void steadyAndEmpty();
    void theCurrentRateIsTheLastFiveMinutes();
    void aBacklogThatTurnedIsJudgedByTheLastTwoMinutes();
    void noiseAloneRarelyTurns();
    void manyPointsAreThinned();
    void trendsOfEveryBacklogRead_data() { test::addEngineRows(); }
    void trendsOfEveryBacklogRead();
};

void tst_BacklogTrend::sizesByKind()
{
    BacklogSample group;
    group.key = groupKey;
    group.lag = 10;
    group.pending = 5;
    QCOMPARE(backlogSize(group), 15);
    group.pending.reset();
    QCOMPARE(backlogSize(group), 10);
    group.lag.reset();
    group.pending = 5;
    QCOMPARE(backlogSize(group), std::nullopt); // lag unknown: no size, not a jump to pending

    BacklogSample list;
    list.key = {BacklogKind::List, u"jobs"_s, {}};
    list.length = 7;
    list.processing = 2;
    QCOMPARE(backlogSize(list), 9);

    QCOMPARE(backlogSize(portSample(t0, 30, 4)), 34);

    BacklogSample receiver;
    receiver.key = {BacklogKind::Receiver, u"orders"_s, u"w1"_s};
    receiver.stored = 100;
    QCOMPARE(backlogSize(receiver), std::nullopt);
}

// 2 entries a second off 1,200, every 15 s for 8 minutes: empty in (1200 - 2 * 420) / 2 s.
void tst_BacklogTrend::drainingAtAKnownRate()
{
    const auto samples = groupSeries(29, 15, [](int s) { return 1200 - 2.0 * s; });
    const auto trend = backlogTrend(samples, lastSlot(samples));
    QVERIFY(trend.has_value());
    QCOMPARE(trend->key, groupKey);
    QCOMPARE(trend->size, 1200 - 2 * 420);
    QCOMPARE(trend->course, BacklogCourse::Draining);
    const double truth = (1200 - 2 * 420) / 2.0;
    QVERIFY2(std::abs(*trend->drainSeconds - truth) <= 0.1 * truth,
             qPrintable(u"%1 s against %2 s"_s.arg(*trend->drainSeconds).arg(truth)));
    QVERIFY(*trend->drainLow <= *trend->drainSeconds);
    QVERIFY(*trend->drainSeconds <= *trend->drainHigh);
    QCOMPARE(trend->rate5->points, 21); // now - 5 min to now, both ends
    QVERIFY(trend->rate15 && trend->rate60);
    QCOMPARE(trend->rate15->points, 29);
}

void tst_BacklogTrend::growingGivesItsRate()
{
    const auto samples = groupSeries(40, 15, [](int s) { return 50 + 12.0 * s; });
    const auto trend = backlogTrend(samples, lastSlot(samples));
    QVERIFY(trend.has_value());
    QCOMPARE(trend->course, BacklogCourse::Growing);
    QVERIFY(!trend->drainSeconds);
    QVERIFY2(std::abs(trend->current()->perSecond - 12) < 0.1,
             qPrintable(QString::number(trend->current()->perSecond)));
}

// Draining 3 a second with noise of ±20 and three samples read mid-burst, 5,000 too many: the
// median of the slopes holds where a least-squares line would not.
void tst_BacklogTrend::outliersDoNotMoveTheRate()
{
    QRandomGenerator random(55);
    auto samples =
        groupSeries(21, 15, [&](int s) { return 2000 - 3.0 * s + random.bounded(41) - 20; });
    for (const int i : {14, 17, 19})
        *samples[i].lag += 5000;
    const auto trend = backlogTrend(samples, lastSlot(samples));
    QVERIFY(trend.has_value());
    QCOMPARE(trend->course, BacklogCourse::Draining);
    const double rate = trend->current()->perSecond;
    QVERIFY2(std::abs(rate + 3) < 0.3, qPrintable(QString::number(rate)));
    QVERIFY(trend->current()->low <= rate && rate <= trend->current()->high);
}

void tst_BacklogTrend::tooFewPointsGiveNoForecast()
{
    const auto samples =
        groupSeries(backlogFitMinimumPoints - 1, 15, [](int s) { return 500 - 5.0 * s; });
    const auto trend = backlogTrend(samples, lastSlot(samples));
    QVERIFY(trend.has_value());
    QCOMPARE(trend->size, 500 - 5 * 45);
    QCOMPARE(trend->course, BacklogCourse::Unknown);
    QVERIFY(!trend->current());
    QVERIFY(!trend->drainSeconds);
    QCOMPARE(fitBacklogRate({}), std::nullopt);
    // Five points of one time: no slope at all.
    QList<BacklogPoint> sameTime(backlogFitMinimumPoints, BacklogPoint{t0, 3});
    QCOMPARE(fitBacklogRate(sameTime), std::nullopt);
}

// Every 90 s: four samples in the last 5 minutes, too few; the last 15 minutes' rate stands in.
void tst_BacklogTrend::sparseSamplesFallBackToFifteenMinutes()
{
    const auto samples = groupSeries(12, 90, [](int s) { return 5000 - 4.0 * s; });
    const auto trend = backlogTrend(samples, lastSlot(samples));
    QVERIFY(trend.has_value());
    QVERIFY(!trend->rate5);
    QVERIFY(trend->rate15);
    QCOMPARE(trend->current(), trend->rate15);
    QCOMPARE(trend->course, BacklogCourse::Draining);
    QVERIFY(std::abs(trend->current()->perSecond + 4) < 0.01);
}

void tst_BacklogTrend::steadyAndEmpty()
{
    QRandomGenerator random(7);
    const auto steady = groupSeries(40, 15, [&](int) { return 100 + random.bounded(11) - 5; });
    const auto held = backlogTrend(steady, lastSlot(steady));
    QVERIFY(held.has_value());
    QCOMPARE(held->course, BacklogCourse::Steady);
    QVERIFY(!held->drainSeconds);

    // Drained to nothing: empty, whatever the rate says.
    const auto drained = groupSeries(40, 15, [](int s) { return std::max(0.0, 300 - 1.0 * s); });
    const auto empty = backlogTrend(drained, lastSlot(drained));
    QVERIFY(empty.has_value());
    QCOMPARE(empty->course, BacklogCourse::Empty);
    QCOMPARE(empty->size, 0);
}

// Growing for 50 minutes, draining for the last 10: the hour's rate says it grew, the current
// one that it drains.
void tst_BacklogTrend::theCurrentRateIsTheLastFiveMinutes()
{
    const auto samples = groupSeries(
        241, 15, [](int s) { return s <= 3000 ? 100 + 1.0 * s : 3100 - 5.0 * (s - 3000); });
    const auto trend = backlogTrend(samples, lastSlot(samples));
    QVERIFY(trend.has_value());
    QVERIFY(trend->rate60->perSecond > 0);
    QCOMPARE(trend->rate60->points, 241 > backlogFitMaximumPoints ? backlogFitMaximumPoints : 241);
    QCOMPARE(trend->course, BacklogCourse::Draining);
    QVERIFY(std::abs(trend->current()->perSecond + 5) < 0.01);
    // Samples older than the hour are not read at all.
    QCOMPARE(backlogTrend(samples, lastSlot(samples).addSecs(3601)), std::nullopt);
}

// Growing at +3/s for four minutes, then draining at -5/s for 105 s (7 samples): the five
// minutes' median is still growth, the last two minutes surely drain. Draining, at their rate,
// with its forecast; one that drains faster now drains at the faster pace; a backlog that only
// wavers in its last two minutes does not turn.
void tst_BacklogTrend::aBacklogThatTurnedIsJudgedByTheLastTwoMinutes()
{
    const auto samples =
        groupSeries(24, 15, [](int s) { return s <= 240 ? 100 + 3.0 * s : 820 - 5.0 * (s - 240); });
    const auto trend = backlogTrend(samples, lastSlot(samples));
    QVERIFY(trend.has_value());
    QVERIFY(trend->rate5->perSecond > 0);
    QVERIFY(trend->turned());
    QCOMPARE(trend->course, BacklogCourse::Draining);
    QVERIFY2(std::abs(trend->current()->perSecond + 5) < 0.01,
             qPrintable(QString::number(trend->current()->perSecond)));
    QVERIFY(std::abs(*trend->drainSeconds - 59.0) < 1); // 295 left at 5 a second

    // Draining at -2/s for three minutes, then at -6/s: the last two minutes' pace.
    const auto faster = groupSeries(
        24, 15, [](int s) { return s <= 180 ? 2000 - 2.0 * s : 1640 - 6.0 * (s - 180); });
    const auto sped = backlogTrend(faster, lastSlot(faster));
    QVERIFY(sped->turned());
    QVERIFY(std::abs(sped->current()->perSecond + 6) < 0.01);
    QVERIFY(std::abs(*sped->drainSeconds - 650.0 / 6) < 1); // 650 left at 6 a second

    const auto wavering = groupSeries(
        24, 15, [](int s) { return 100 + 3.0 * s + (s > 240 ? ((s / 15) % 2 ? 40 : -40) : 0); });
    const auto growing = backlogTrend(wavering, lastSlot(wavering));
    QVERIFY(!growing->turned());
    QCOMPARE(growing->course, BacklogCourse::Growing);
}

// A backlog draining at a steady -3/s with noise (sd about 29, as a port read mid-change)
// judged at each of 200 samplings: the last 2 minutes' rate alone is noisier than the 5's, and
// a rule that took it whenever its median left the 5 minutes' interval turned in about half
// of them, the course and the forecast flapping. Parted intervals: a few at most.
void tst_BacklogTrend::noiseAloneRarelyTurns()
{
    QRandomGenerator noise(7);
    const auto samples = groupSeries(220, 15, [&noise](int s) {
        double sum = 0;
        for (int i = 0; i < 12; ++i)
            sum += noise.generateDouble();
        return 5000 - 3.0 * s + (sum - 6) * 29;
    });
    int turned = 0;
    for (int at = 20; at < samples.size(); ++at) {
        const auto trend = backlogTrend(samples.mid(0, at + 1), samples.at(at).slot);
        QCOMPARE(trend->course, BacklogCourse::Draining);
        turned += trend->turned() ? 1 : 0;
    }
    QVERIFY2(turned <= 6, qPrintable(QString::number(turned)));
}

// Samples every second for an hour: 3,600 points fitted as 240, the rate as it is.
void tst_BacklogTrend::manyPointsAreThinned()
{
    QList<BacklogPoint> points;
    for (int s = 0; s < 3600; ++s)
        points.append({t0.addSecs(s), 10000 - 0.5 * s});
    const auto rate = fitBacklogRate(points);
    QVERIFY(rate.has_value());
    QCOMPARE(rate->points, backlogFitMaximumPoints);
    QVERIFY(std::abs(rate->perSecond + 0.5) < 1e-6);
}

// Rows written through BacklogHistory at fixed slots, read back as trends in one go: a group
// draining, a port growing; an older hour and the receiver's totals give none.
void tst_BacklogTrend::trendsOfEveryBacklogRead()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    BacklogHistory history(database.db);
    QList<BacklogSample> rows = groupSeries(21, 15, [](int s) { return 900 - 1.5 * s; });
    for (int i = 0; i < 21; ++i)
        rows.append(portSample(t0.addSecs(15 * i), 40 + 2 * i, 3));
    // Two hours before: a port of its own, outside the hour read.
    rows.append(portSample(t0.addSecs(-7200), 10, 0));
    rows.last().key.source = u"old"_s;
    BacklogSample receiver;
    receiver.key = {BacklogKind::Receiver, u"orders"_s, u"w1"_s};
    receiver.slot = t0;
    receiver.stored = 10;
    rows.append(receiver);
    auto written = history.write(rows);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    QCOMPARE(*written, qint64(rows.size()));

    // Now is within the last slot: its sample counts.
    const QDateTime now = t0.addSecs(300 + 7);
    auto trends = readBacklogTrends(database.db, now);
    QVERIFY2(trends.ok(), qPrintable(trends.errorMessage()));
    QCOMPARE(trends->size(), 2);
    const BacklogTrend &group = trends->at(0);
    QCOMPARE(group.key, groupKey);
    QCOMPARE(group.sampledAt, t0.addSecs(300));
    QCOMPARE(group.size, 450);
    QCOMPARE(group.course, BacklogCourse::Draining);
    QVERIFY(std::abs(*group.drainSeconds - 300) < 30);
    const BacklogTrend &port = trends->at(1);
    QCOMPARE(port.key, portKey);
    QCOMPARE(port.size, 40 + 40 + 3);
    QCOMPARE(port.course, BacklogCourse::Growing);
    QVERIFY(std::abs(port.current()->perSecond - 2.0 / 15) < 1e-6);

    // A row limit bounds what is read.
    auto some = history.sizeSamples(t0.addSecs(-3600), now, 5);
    QVERIFY(some.ok());
    QCOMPARE(some->size(), 5);
}

QTEST_GUILESS_MAIN(tst_BacklogTrend)
#include "tst_backlogtrend.moc"
