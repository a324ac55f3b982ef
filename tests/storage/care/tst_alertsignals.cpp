#include "alertevaluator.h"
#include "alertsignals.h"
#include "backloghistory.h"
#include "healthrepository.h"
#include "metricsrepository.h"
#include "migrateddatabase.h"
#include "portmessagerepository.h"

#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;

namespace {

const QDateTime t0(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());

QDateTime minute(double m)
{
    return t0.addMSecs(qRound64(m * 60000));
}

PortMessage alertMessage(const QString &status, int retries, const QDateTime &created)
{
    PortMessage m;
    m.portName = u"orders"_s;
    m.sourceComponent = u"validator"_s;
    m.targetComponent = u"splitter"_s;
    m.messageData = R"({"order": 1})";
    m.status = status;
    m.retryCount = retries;
    m.maxRetries = 3;
    m.createdAt = created;
    return m;
}

// Inserts `count` messages of a status at `created` and returns their ids.
QStringList addMessages(const QSqlDatabase &db, int count, const QString &status, int retries,
                        const QDateTime &created)
{
    QList<PortMessage> rows;
    for (int i = 0; i < count; ++i)
        rows.append(alertMessage(status, retries, created));
    auto stored = PortMessageRepository(db).insert(rows);
    QStringList ids;
    if (stored) {
        for (const PortMessage &m : *stored)
            ids << m.id;
    }
    return ids;
}

QString beat(const QSqlDatabase &db, const QString &component, const QString &status,
             const QDateTime &time)
{
    auto id = HealthRepository(db).record(
        {.componentName = component, .status = status, .details = {}, .time = time});
    return id ? QString() : id.errorMessage();
}

QString addMetric(const QSqlDatabase &db, const QString &component, double value,
                  const QDateTime &time)
{
    Status done = MetricsRepository(db).insertComponentMetrics({{.componentName = component,
                                                                 .metricName = u"latency_ms"_s,
                                                                 .value = value,
                                                                 .unit = u"ms"_s,
                                                                 .metadata = {},
                                                                 .timestamp = time}});
    return done ? QString() : done.errorMessage();
}

std::optional<double> valueOf(const Result<QList<AlertReading>> &readings, const QString &subject)
{
    if (!readings)
        return -1;
    for (const AlertReading &reading : *readings) {
        if (reading.subject == subject)
            return reading.value;
    }
    return -2;
}

// Reads the rule at `now` and feeds the evaluator; the states the subject went to.
QStringList evaluate(AlertEvaluator &evaluator, const AlertSignals &readers, const AlertRule &rule,
                     const QDateTime &now, const QString &subject = {})
{
    auto readings = readers.read(rule, now);
    if (!readings)
        return {u"error: "_s + readings.errorMessage()};
    QStringList states;
    for (const AlertEvent &event : evaluator.feed(rule.id, *readings, now)) {
        if (event.subject == subject)
            states << alertStateName(event.to);
    }
    return states;
}

} // namespace

class tst_AlertSignals : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deadLetterGrowth_data() { test::addEngineRows(); }
    void deadLetterGrowth();
    void heartbeatAgeAndStatus_data() { test::addEngineRows(); }
    void heartbeatAgeAndStatus();
    void metricOverWindow_data() { test::addEngineRows(); }
    void metricOverWindow();
    void backlogNotDraining_data() { test::addEngineRows(); }
    void backlogNotDraining();
    void backlogSubjects();
    void othersComeFromElsewhere();
};

void tst_AlertSignals::deadLetterGrowth()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const AlertSignals readers(database.db);
    const AlertRule rule{.id = u"dead-letters"_s,
                         .name = u"Dead letters"_s,
                         .kind = AlertKind::DeadLetterGrowth,
                         .threshold = 5,
                         .clearThreshold = 2,
                         .window = 5min};
    AlertEvaluator evaluator({rule});
    QCOMPARE(evaluate(evaluator, readers, rule, minute(0)), QStringList{});

    // Messages that are not dead letters do not count; those that are, do.
    QCOMPARE(addMessages(database.db, 10, u"pending"_s, 0, minute(1)).size(), 10);
    QCOMPARE(addMessages(database.db, 3, u"dead_letter"_s, 0, minute(1)).size(), 3);
    QCOMPARE(*readers.deadLettersAdded(minute(-4), minute(1)), 3);
    QCOMPARE(*readers.deadLettersAdded(minute(-4), minute(0.99)), 0);
    QCOMPARE(evaluate(evaluator, readers, rule, minute(1)), QStringList{});

    // Three failed messages spend their last retry: six dead letters in five minutes.
    const QStringList failed = addMessages(database.db, 3, u"failed"_s, 1, minute(2));
    QCOMPARE(evaluate(evaluator, readers, rule, minute(2)), QStringList{});
    QSqlQuery query(database.db);
    QVERIFY(query.exec(u"UPDATE port_messages SET retry_count = 3 WHERE status = 'failed'"_s));
    QCOMPARE(*readers.deadLettersAdded(minute(-3), minute(2)), 6);
    QCOMPARE(evaluate(evaluator, readers, rule, minute(2.5)), QStringList{u"firing"_s});

    // The window moves on: at 6.5 minutes the three of minute 1 have left it, the three of
    // minute 2 are still in: between the thresholds, so still firing.
    QCOMPARE(evaluate(evaluator, readers, rule, minute(6.5)), QStringList{});
    QCOMPARE(evaluator.state(rule.id), AlertState::Firing);
    // At 7.5 none are left: resolved, then ok.
    QCOMPARE(evaluate(evaluator, readers, rule, minute(7.5)), QStringList{u"resolved"_s});
    QCOMPARE(evaluate(evaluator, readers, rule, minute(8)), QStringList{u"ok"_s});
}

void tst_AlertSignals::heartbeatAgeAndStatus()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const AlertSignals readers(database.db);
    const AlertRule stale{.id = u"stale"_s,
                          .name = u"Stale"_s,
                          .kind = AlertKind::HeartbeatAge,
                          .threshold = 60,
                          .clearThreshold = 15};
    const AlertRule degraded{.id = u"degraded"_s,
                             .name = u"Degraded"_s,
                             .kind = AlertKind::ComponentStatus,
                             .comparison = AlertComparison::AtLeast,
                             .threshold = 1,
                             .clearThreshold = 1,
                             .forDuration = 2min};
    AlertEvaluator evaluator({stale, degraded});
    QVERIFY2(beat(database.db, u"validator"_s, u"healthy"_s, minute(0)).isEmpty(), "beat");
    QVERIFY2(beat(database.db, u"gateway"_s, u"degraded"_s, minute(0)).isEmpty(), "beat");

    // Quiet for 30 s, its interval not known yet: not past the rule's 60 s, so not stale.
    QCOMPARE(valueOf(readers.heartbeatAges({}, minute(0.5), 60s), u"validator"_s), 0.0);
    QCOMPARE(evaluate(evaluator, readers, stale, minute(0.5), u"validator"_s), QStringList{});
    QCOMPARE(evaluate(evaluator, readers, degraded, minute(0.5), u"gateway"_s),
             QStringList{u"pending"_s});

    // The validator beats on; the gateway falls silent while still degraded.
    for (double m : {1.0, 1.5, 2.0}) {
        QVERIFY(beat(database.db, u"validator"_s, u"healthy"_s, minute(m)).isEmpty());
        QCOMPARE(evaluate(evaluator, readers, stale, minute(m), u"validator"_s), QStringList{});
    }
    QCOMPARE(valueOf(readers.heartbeatAges({}, minute(2), 60s), u"gateway"_s), 120.0);
    QCOMPARE(evaluator.state(stale.id, u"gateway"_s), AlertState::Firing);
    QCOMPARE(evaluate(evaluator, readers, degraded, minute(2.5), u"gateway"_s),
             QStringList{u"firing"_s});
    QCOMPARE(valueOf(readers.componentStatuses(u"gateway"_s), u"gateway"_s), 1.0);
    QCOMPARE(valueOf(readers.componentStatuses(u"validator"_s), u"validator"_s), 0.0);

    // It comes back healthy: both alerts resolve.
    QVERIFY(beat(database.db, u"gateway"_s, u"healthy"_s, minute(3)).isEmpty());
    QCOMPARE(evaluate(evaluator, readers, stale, minute(3.1), u"gateway"_s),
             QStringList{u"resolved"_s});
    QCOMPARE(evaluate(evaluator, readers, degraded, minute(3.1), u"gateway"_s),
             QStringList{u"resolved"_s});

    // A component named but never seen has a reading without a value.
    const auto missing = readers.heartbeatAges(u"notifier"_s, minute(4), 60s);
    QVERIFY(missing.ok());
    QCOMPARE(*missing, (QList<AlertReading>{{.subject = u"notifier"_s, .value = std::nullopt}}));

    // A component that beats every 5 minutes is not late after 6, as every pane says: stale
    // after three of its intervals, it fires then.
    for (int m = -60; m <= 0; m += 5)
        QVERIFY(beat(database.db, u"archiver"_s, u"healthy"_s, minute(m)).isEmpty());
    QCOMPARE(valueOf(readers.heartbeatAges(u"archiver"_s, minute(6), 60s), u"archiver"_s), 0.0);
    QCOMPARE(evaluate(evaluator, readers, stale, minute(6), u"archiver"_s), QStringList{});
    QCOMPARE(valueOf(readers.heartbeatAges(u"archiver"_s, minute(16), 60s), u"archiver"_s), 960.0);
    QCOMPARE(evaluate(evaluator, readers, stale, minute(16), u"archiver"_s),
             QStringList{u"firing"_s});
}

void tst_AlertSignals::metricOverWindow()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const AlertSignals readers(database.db);
    const AlertRule slow{.id = u"slow"_s,
                         .name = u"Slow"_s,
                         .kind = AlertKind::MetricThreshold,
                         .threshold = 100,
                         .clearThreshold = 50,
                         .forDuration = 1min,
                         .metric = u"latency_ms"_s,
                         .window = 1min};
    AlertEvaluator evaluator({slow});
    // Values of one component every 10 s from one minute to another; the other component
    // stays quick.
    const auto fill = [&](int fromMinute, int toMinute, double value) {
        for (int s = fromMinute * 60; s < toMinute * 60; s += 10) {
            if (!addMetric(database.db, u"validator"_s, value, t0.addSecs(s)).isEmpty() ||
                !addMetric(database.db, u"splitter"_s, 10, t0.addSecs(s)).isEmpty())
                return false;
        }
        return true;
    };
    QVERIFY(fill(0, 2, 20));
    QCOMPARE(evaluate(evaluator, readers, slow, minute(2), u"validator"_s), QStringList{});
    QVERIFY(fill(2, 5, 300));
    // The average over the last minute passes 100 as the slow values fill the window.
    QCOMPARE(evaluate(evaluator, readers, slow, minute(2.5), u"validator"_s),
             QStringList{u"pending"_s});
    QCOMPARE(evaluate(evaluator, readers, slow, minute(3), u"validator"_s), QStringList{});
    QCOMPARE(evaluate(evaluator, readers, slow, minute(3.5), u"validator"_s),
             QStringList{u"firing"_s});
    QCOMPARE(evaluator.state(slow.id, u"splitter"_s), AlertState::Ok);

    const auto average = readers.metricValues(u"validator"_s, u"latency_ms"_s, AlertReduce::Average,
                                              minute(4), minute(5));
    QCOMPARE(valueOf(average, u"validator"_s), 300.0);
    QVERIFY(fill(5, 8, 70));
    const auto last =
        readers.metricValues({}, u"latency_ms"_s, AlertReduce::Last, minute(2), minute(5.1));
    QCOMPARE(valueOf(last, u"validator"_s), 70.0);
    QCOMPARE(valueOf(last, u"splitter"_s), 10.0);
    // Each reading names its unit, as the rows give it, and the status keeps it.
    QVERIFY(last.ok() && average.ok());
    for (const AlertReading &reading : *last + *average)
        QCOMPARE(reading.unit, u"ms"_s);
    for (const AlertStatus &status : evaluator.statuses())
        QCOMPARE(status.unit, u"ms"_s);
    QCOMPARE(
        valueOf(readers.metricValues({}, u"latency_ms"_s, AlertReduce::Max, minute(0), minute(8)),
                u"validator"_s),
        300.0);

    // Back to 70: between the thresholds, still firing; at 40 it resolves.
    QCOMPARE(evaluate(evaluator, readers, slow, minute(7), u"validator"_s), QStringList{});
    QVERIFY(fill(8, 10, 40));
    QCOMPARE(evaluate(evaluator, readers, slow, minute(9.5), u"validator"_s),
             QStringList{u"resolved"_s});

    // No values in the window: no reading for a rule of every component, one without a value
    // for a named one.
    QVERIFY(readers.metricValues({}, u"latency_ms"_s, AlertReduce::Average, minute(60), minute(61))
                ->isEmpty());
    QCOMPARE(valueOf(readers.metricValues(u"validator"_s, u"latency_ms"_s, AlertReduce::Average,
                                          minute(60), minute(61)),
                     u"validator"_s),
             std::nullopt);
}

// A group steady for 5 minutes, growing 20 a second for 6, then draining 40 a second; a port
// draining 1 a second off 3,000 (empty in about 50 minutes); sampled every 15 s and read at
// each sample. The group fires `for` after its rate turned to growth and resolves once it
// drains; the port, which drains but too slowly, fires and stays firing.
void tst_AlertSignals::backlogNotDraining()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const AlertSignals readers(database.db);
    BacklogHistory history(database.db);
    const AlertRule rule{.id = u"draining"_s,
                         .name = u"Backlogs drain"_s,
                         .kind = AlertKind::BacklogNotDraining,
                         .threshold = 600,
                         .clearThreshold = 300,
                         .forDuration = 2min};
    QVERIFY(checkAlertRule(rule).ok());
    QCOMPARE(AlertSignals::tableRead(rule.kind), u"backlog_samples"_s);
    AlertEvaluator evaluator({rule});
    const QString group = u"group orders/workers"_s;
    const QString port = u"port payments"_s;
    QStringList groupStates;
    QStringList portStates;
    std::optional<double> portValue;
    for (int s = 0; s <= 20 * 60; s += 15) {
        BacklogSample groupSample;
        groupSample.key = {BacklogKind::Group, u"orders"_s, u"workers"_s};
        groupSample.slot = t0.addSecs(s);
        const qint64 peak = 100 + 20 * 360;
        groupSample.lag = s <= 300   ? 100
                          : s <= 660 ? 100 + 20 * (s - 300)
                                     : std::max<qint64>(0, peak - 40 * (s - 660));
        groupSample.pending = 0;
        BacklogSample portSample;
        portSample.key = {BacklogKind::Port, u"payments"_s, u""_s};
        portSample.slot = groupSample.slot;
        portSample.pending = 3000 - s;
        portSample.processing = 0;
        auto written = history.write({groupSample, portSample});
        QVERIFY2(written.ok(), qPrintable(written.errorMessage()));

        const QDateTime now = t0.addSecs(s + 2);
        auto readings = readers.read(rule, now);
        QVERIFY2(readings.ok(), qPrintable(readings.errorMessage()));
        for (const AlertReading &reading : std::as_const(*readings))
            if (reading.subject == port)
                portValue = reading.value;
        for (const AlertEvent &event : evaluator.feed(rule.id, *readings, now)) {
            const QString change = u"%1@%2"_s.arg(alertStateName(event.to)).arg(s);
            (event.subject == group ? groupStates : portStates) << change;
        }
    }
    // Pending once the last 5 minutes' rate says it grows; firing `for` later; resolved when
    // the drain's forecast is within the clear threshold; ok `for` after.
    QCOMPARE(groupStates.size(), 4);
    QVERIFY2(groupStates.at(0).startsWith(u"pending@"_s), qPrintable(groupStates.join(u' ')));
    const int pendingAt = groupStates.at(0).section(u'@', 1).toInt();
    QVERIFY2(pendingAt > 300 && pendingAt <= 540, qPrintable(groupStates.join(u' ')));
    QCOMPARE(groupStates.at(1), u"firing@%1"_s.arg(pendingAt + 120));
    QVERIFY2(groupStates.at(2).startsWith(u"resolved@"_s), qPrintable(groupStates.join(u' ')));
    const int resolvedAt = groupStates.at(2).section(u'@', 1).toInt();
    QVERIFY2(resolvedAt > 660, qPrintable(groupStates.join(u' ')));
    QCOMPARE(groupStates.at(3), u"ok@%1"_s.arg(resolvedAt + 120));
    // The port: 1 a second, so its time to drain is what is left of it, in seconds.
    QCOMPARE(portStates.size(), 2);
    QVERIFY2(portStates.at(1).startsWith(u"firing@"_s), qPrintable(portStates.join(u' ')));
    QVERIFY(portValue.has_value());
    QVERIFY2(std::abs(*portValue - (3000 - 1200)) < 0.1 * (3000 - 1200),
             qPrintable(QString::number(*portValue)));
    QCOMPARE(evaluator.state(rule.id, port), AlertState::Firing);
    QCOMPARE(evaluator.state(rule.id, group), AlertState::Ok);
}

void tst_AlertSignals::backlogSubjects()
{
    const BacklogKey group{BacklogKind::Group, u"a/b"_s, u"workers"_s};
    QCOMPARE(backlogAlertSubject(group), u"group a/b/workers"_s);
    QCOMPARE(backlogOfAlertSubject(backlogAlertSubject(group)), group);
    const BacklogKey port{BacklogKind::Port, u"payments in"_s, u""_s};
    QCOMPARE(backlogAlertSubject(port), u"port payments in"_s);
    QCOMPARE(backlogOfAlertSubject(backlogAlertSubject(port)), port);
    QCOMPARE(backlogOfAlertSubject(u"queue x"_s), std::nullopt);
    QCOMPARE(backlogOfAlertSubject(u"group nogroup"_s), std::nullopt);

    BacklogTrend trend;
    trend.course = BacklogCourse::Growing;
    QCOMPARE(backlogDrainValue(trend), backlogNeverDrainsSeconds);
    trend.course = BacklogCourse::Steady;
    QCOMPARE(backlogDrainValue(trend), 0.0);
    trend.course = BacklogCourse::Unknown;
    QCOMPARE(backlogDrainValue(trend), std::nullopt);
    trend.course = BacklogCourse::Draining;
    trend.drainSeconds = 1e9;
    QCOMPARE(backlogDrainValue(trend), backlogNeverDrainsSeconds);
}

void tst_AlertSignals::othersComeFromElsewhere()
{
    const AlertRule lag{.id = u"lag"_s,
                        .name = u"Lag"_s,
                        .kind = AlertKind::GroupLag,
                        .threshold = 10,
                        .clearThreshold = 10,
                        .stream = u"s"_s};
    QVERIFY(!AlertSignals::readsDatabase(lag.kind));
    QVERIFY(AlertSignals::readsDatabase(AlertKind::MetricThreshold));
    const auto readings = AlertSignals(QSqlDatabase()).read(lag, t0);
    QVERIFY(!readings.ok());
    QVERIFY2(readings.errorMessage().contains(u"group_lag"_s), qPrintable(readings.errorMessage()));
}

QTEST_GUILESS_MAIN(tst_AlertSignals)
#include "tst_alertsignals.moc"
