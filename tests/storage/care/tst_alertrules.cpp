#include "alertevaluator.h"
#include "alertrules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;

namespace {

const QDateTime start(QDate(2026, 11, 26), QTime(12, 0), QTimeZone::utc());

QDateTime at(qint64 seconds)
{
    return start.addSecs(seconds);
}

// Fires above 100 once it has stayed above 80 for a minute; resolves at 80 or below.
AlertRule latencyRule(std::chrono::seconds forDuration = 60s)
{
    return {.id = u"latency"_s,
            .name = u"Slow"_s,
            .kind = AlertKind::MetricThreshold,
            .severity = AlertSeverity::Critical,
            .threshold = 100,
            .clearThreshold = 80,
            .forDuration = forDuration,
            .component = u"validator"_s,
            .metric = u"latency_ms"_s,
            .window = 60s};
}

// Feeds the values one per `step` seconds from `from`, and returns the states the rule went
// to, in order.
QStringList run(AlertEvaluator &evaluator, const QList<double> &values, qint64 from = 0,
                qint64 step = 10)
{
    QStringList states;
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (auto event = evaluator.feed(u"latency"_s, {}, values.at(i), at(from + i * step)))
            states << alertStateName(event->to);
    }
    return states;
}

QString errorOf(const QByteArray &json)
{
    auto rules = alertRulesFromJson(json);
    return rules ? QString() : rules.errorMessage();
}

} // namespace

class tst_AlertRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firesOnlyAfterFor();
    void doesNotFlapAroundTheThreshold();
    void pendingThatClearsReturnsToOk();
    void resolvedThenOk();
    void refiringTakesForAgain();
    void zeroForFiresAtOnce();
    void noDataPolicies();
    void lateSamplesAreIgnored();
    void belowComparison();
    void subjectsHaveStatesOfTheirOwn();
    void silenceAndAcknowledgeKeepState();
    void jsonRoundTrip();
    void jsonErrors_data();
    void jsonErrors();
    void databaseHealthKinds();
    void durations();
    void defaultRulesAreValid();
};

void tst_AlertRules::firesOnlyAfterFor()
{
    AlertEvaluator evaluator({latencyRule()});
    // Above the threshold at 0 s: pending, not yet firing at 50 s, firing at 60 s.
    QCOMPARE(run(evaluator, {120, 130, 125, 140, 150, 130}), QStringList{u"pending"_s});
    QCOMPARE(evaluator.state(u"latency"_s), AlertState::Pending);
    const auto fired = evaluator.feed(u"latency"_s, {}, 130, at(60));
    QVERIFY(fired);
    QCOMPARE(fired->from, AlertState::Pending);
    QCOMPARE(fired->to, AlertState::Firing);
    QCOMPARE(fired->value, std::optional<double>(130));
    QCOMPARE(fired->time, at(60));
    QCOMPARE(fired->ruleName, u"Slow"_s);
    QCOMPARE(fired->severity, AlertSeverity::Critical);
    QVERIFY(fired->notifies());
}

void tst_AlertRules::doesNotFlapAroundTheThreshold()
{
    AlertEvaluator evaluator({latencyRule()});
    // Wavering around 100 after firing, never down to 80: it stays firing, one event in all.
    const QStringList states =
        run(evaluator, {110, 105, 101, 102, 104, 103, 120, 99, 101, 95, 105, 85, 100, 81, 110});
    QCOMPARE(states, (QStringList{u"pending"_s, u"firing"_s}));
    // At 80 it resolves.
    QCOMPARE(run(evaluator, {80}, 150), QStringList{u"resolved"_s});

    // Negative control: without hysteresis the same values flap.
    AlertRule plain = latencyRule(0s);
    plain.clearThreshold = plain.threshold;
    AlertEvaluator flapping({plain});
    const QStringList flaps = run(flapping, {110, 105, 99, 101, 95, 105});
    QVERIFY2(flaps.count(u"firing"_s) > 1, qPrintable(flaps.join(u", "_s)));
}

void tst_AlertRules::pendingThatClearsReturnsToOk()
{
    AlertEvaluator evaluator({latencyRule()});
    // Above 100 for 30 s, between the thresholds, then at 80: back to ok without firing.
    QCOMPARE(run(evaluator, {120, 130, 90, 95, 80, 70}), (QStringList{u"pending"_s, u"ok"_s}));
    // The time spent pending does not carry over to the next crossing.
    QCOMPARE(run(evaluator, {120, 120, 120, 120, 120, 120}, 100), QStringList{u"pending"_s});
    QCOMPARE(run(evaluator, {120}, 160), QStringList{u"firing"_s});

    // A blip notifies no one: neither its change to pending nor its return to OK.
    AlertEvaluator blipping({latencyRule()});
    const auto pending = blipping.feed(u"latency"_s, {}, 120, at(0));
    QVERIFY(pending);
    QCOMPARE(pending->to, AlertState::Pending);
    QVERIFY(!pending->notifies());
    const auto back = blipping.feed(u"latency"_s, {}, 70, at(10));
    QVERIFY(back);
    QCOMPARE(back->to, AlertState::Ok);
    QVERIFY(!back->notifies());
}

void tst_AlertRules::resolvedThenOk()
{
    AlertEvaluator evaluator({latencyRule()});
    QCOMPARE(run(evaluator, {120, 120, 120, 120, 120, 120, 120}),
             (QStringList{u"pending"_s, u"firing"_s}));
    // Clear at 70 s: resolved, and ok once it has stayed clear for `for` (60 s).
    QCOMPARE(run(evaluator, {50, 60, 70, 50, 40, 50}, 70), QStringList{u"resolved"_s});
    const auto ok = evaluator.feed(u"latency"_s, {}, 50, at(130));
    QVERIFY(ok);
    QCOMPARE(ok->from, AlertState::Resolved);
    QCOMPARE(ok->to, AlertState::Ok);
    QVERIFY(!ok->notifies());
}

void tst_AlertRules::refiringTakesForAgain()
{
    AlertEvaluator evaluator({latencyRule()});
    run(evaluator, {120, 120, 120, 120, 120, 120, 120});
    QCOMPARE(run(evaluator, {50}, 70), QStringList{u"resolved"_s});
    // Back above the threshold while resolved: pending again, firing a full minute later.
    QCOMPARE(run(evaluator, {130, 130, 130, 130, 130, 130}, 80), QStringList{u"pending"_s});
    QCOMPARE(run(evaluator, {130}, 140), QStringList{u"firing"_s});
}

void tst_AlertRules::zeroForFiresAtOnce()
{
    AlertEvaluator evaluator({latencyRule(0s)});
    const auto fired = evaluator.feed(u"latency"_s, {}, 101, at(0));
    QVERIFY(fired);
    QCOMPARE(fired->from, AlertState::Ok);
    QCOMPARE(fired->to, AlertState::Firing);
    // Resolved, then ok at the next sample, never both at once.
    QCOMPARE(run(evaluator, {70, 70}, 10), (QStringList{u"resolved"_s, u"ok"_s}));
}

void tst_AlertRules::noDataPolicies()
{
    AlertRule keep = latencyRule(0s);
    AlertEvaluator keeping({keep});
    QVERIFY(keeping.feed(u"latency"_s, {}, 120, at(0)));
    QVERIFY(!keeping.feed(u"latency"_s, {}, std::nullopt, at(10)));
    QCOMPARE(keeping.state(u"latency"_s), AlertState::Firing);

    AlertRule clear = keep;
    clear.noData = AlertNoData::Clear;
    AlertEvaluator clearing({clear});
    QVERIFY(clearing.feed(u"latency"_s, {}, 120, at(0)));
    const auto resolved = clearing.feed(u"latency"_s, {}, std::nullopt, at(10));
    QVERIFY(resolved);
    QCOMPARE(resolved->to, AlertState::Resolved);
    QCOMPARE(resolved->value, std::nullopt);

    AlertRule fire = keep;
    fire.noData = AlertNoData::Fire;
    AlertEvaluator firing({fire});
    const auto fired = firing.feed(u"latency"_s, {}, std::nullopt, at(0));
    QVERIFY(fired);
    QCOMPARE(fired->to, AlertState::Firing);
}

void tst_AlertRules::lateSamplesAreIgnored()
{
    AlertEvaluator evaluator({latencyRule(0s)});
    QVERIFY(evaluator.feed(u"latency"_s, {}, 120, at(100)));
    QVERIFY(!evaluator.feed(u"latency"_s, {}, 10, at(50)));
    QCOMPARE(evaluator.state(u"latency"_s), AlertState::Firing);
    QVERIFY(!evaluator.feed(u"unknown-rule"_s, {}, 500, at(200)));
    AlertRule disabled = latencyRule(0s);
    disabled.enabled = false;
    evaluator.setRules({disabled});
    QVERIFY(!evaluator.feed(u"latency"_s, {}, 10, at(300)));
}

void tst_AlertRules::belowComparison()
{
    // Throughput under 10 fires; it resolves only at 20 or more.
    AlertRule rule = latencyRule(0s);
    rule.comparison = AlertComparison::Below;
    rule.threshold = 10;
    rule.clearThreshold = 20;
    QVERIFY(checkAlertRule(rule).ok());
    AlertEvaluator evaluator({rule});
    QCOMPARE(run(evaluator, {50, 9, 15, 11, 19, 8, 20, 25}),
             (QStringList{u"firing"_s, u"resolved"_s, u"ok"_s}));
}

void tst_AlertRules::subjectsHaveStatesOfTheirOwn()
{
    AlertRule rule = latencyRule(0s);
    rule.component.clear();
    AlertEvaluator evaluator({rule});
    const QList<AlertEvent> first = evaluator.feed(
        u"latency"_s, {{.subject = u"a"_s, .value = 120}, {.subject = u"b"_s, .value = 10}}, at(0));
    QCOMPARE(first.size(), 1);
    QCOMPARE(first.constFirst().subject, u"a"_s);
    QCOMPARE(evaluator.state(u"latency"_s, u"a"_s), AlertState::Firing);
    QCOMPARE(evaluator.state(u"latency"_s, u"b"_s), AlertState::Ok);
    // "a" missing from the next reading is a sample without a value: kept, by the rule.
    QVERIFY(evaluator.feed(u"latency"_s, {{.subject = u"b"_s, .value = 20}}, at(10)).isEmpty());
    QCOMPARE(evaluator.state(u"latency"_s, u"a"_s), AlertState::Firing);
    const QList<AlertStatus> statuses = evaluator.statuses();
    QCOMPARE(statuses.size(), 2);
    QCOMPARE(statuses.at(0).subject, u"a"_s);
    QCOMPARE(statuses.at(0).state, AlertState::Firing);
    QCOMPARE(statuses.at(0).since, at(0));
    QCOMPARE(statuses.at(1).value, std::optional<double>(20));
}

void tst_AlertRules::silenceAndAcknowledgeKeepState()
{
    AlertEvaluator evaluator({latencyRule()});
    evaluator.silence(u"latency"_s, at(65));
    QVERIFY(!evaluator.acknowledge(u"latency"_s, {})); // nothing to acknowledge yet
    run(evaluator, {120, 120, 120, 120, 120, 120});
    const auto fired = evaluator.feed(u"latency"_s, {}, 120, at(60));
    QVERIFY(fired);
    QCOMPARE(fired->to, AlertState::Firing); // the state moves on
    QVERIFY(fired->silenced);
    QVERIFY(!fired->notifies());

    // The silence is over; an acknowledged alert still tells no one that it resolved.
    QVERIFY(evaluator.acknowledge(u"latency"_s, {}));
    const auto resolved = evaluator.feed(u"latency"_s, {}, 50, at(70));
    QVERIFY(resolved);
    QVERIFY(!resolved->silenced);
    QVERIFY(resolved->acknowledged);
    QVERIFY(!resolved->notifies());
    QCOMPARE(run(evaluator, {50}, 130), QStringList{u"ok"_s});

    // Back at ok the acknowledgement is gone: the next firing is told.
    run(evaluator, {120, 120, 120, 120, 120, 120}, 200);
    const auto again = evaluator.feed(u"latency"_s, {}, 120, at(260));
    QVERIFY(again);
    QCOMPARE(again->to, AlertState::Firing);
    QVERIFY(again->notifies());
    evaluator.silence(u"latency"_s, {});
    QVERIFY(!evaluator.silencedUntil(u"latency"_s).isValid());
}

void tst_AlertRules::jsonRoundTrip()
{
    const QList<AlertRule> rules = defaultAlertRules();
    const QByteArray json = alertRulesToJson(rules);
    auto back = alertRulesFromJson(json);
    QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
    QCOMPARE(*back, rules);

    // What an operator writes by hand: a margin instead of a clear threshold, seconds as a
    // number, the name left out.
    auto handWritten = alertRulesFromJson(
        R"({"rules": [{"id": "lag", "kind": "group_lag", "stream": "orders", "threshold": 500,
                       "clear_margin": 100, "for": 90, "severity": "critical"}]})");
    QVERIFY2(handWritten.ok(), qPrintable(handWritten.errorMessage()));
    const AlertRule &lag = handWritten->constFirst();
    QCOMPARE(lag.name, u"lag"_s);
    QCOMPARE(lag.clearThreshold, 400.0);
    QCOMPARE(lag.forDuration, 90s);
    QCOMPARE(lag.severity, AlertSeverity::Critical);
    QCOMPARE(alertRuleToJson(lag).value(u"for"_s).toString(), u"1m30s"_s);
    QVERIFY(!alertRuleToJson(lag).contains(u"window"_s)); // not a key of its kind

    // Every backlog taking over 15 minutes to drain, or growing for 5.
    auto draining = alertRulesFromJson(
        R"({"rules": [{"id": "drain", "kind": "backlog_not_draining", "threshold": 900,
                       "clear": 600, "for": "5m"}]})");
    QVERIFY2(draining.ok(), qPrintable(draining.errorMessage()));
    QCOMPARE(draining->constFirst().kind, AlertKind::BacklogNotDraining);
    QCOMPARE(alertRuleToJson(draining->constFirst()).value(u"kind"_s).toString(),
             u"backlog_not_draining"_s);
}

void tst_AlertRules::jsonErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    const auto rule = [](const QByteArray &fields) -> QByteArray {
        return R"({"rules": [{"id": "r1", "kind": "heartbeat_age", "threshold": 60)" + fields +
               "}]}";
    };
    QTest::newRow("not json") << QByteArray("{rules") << u"not JSON"_s;
    QTest::newRow("no list") << QByteArray(R"({"rule": []})") << u"\"rules\" array"_s;
    QTest::newRow("unknown kind") << QByteArray(R"({"rules": [{"id": "x", "kind": "lag"}]})")
                                  << u"the kind \"lag\""_s;
    QTest::newRow("misspelt key") << rule(R"(, "treshold": 5)") << u"\"treshold\""_s;
    QTest::newRow("key of another kind") << rule(R"(, "metric": "m")") << u"\"metric\""_s;
    QTest::newRow("threshold text")
        << QByteArray(R"({"rules": [{"id": "r1", "kind": "heartbeat_age", "threshold": "60"}]})")
        << u"\"threshold\" as a number"_s;
    QTest::newRow("clear beyond") << rule(R"(, "clear": 90)") << u"clear threshold 90"_s;
    QTest::newRow("clear and margin") << rule(R"(, "clear": 50, "clear_margin": 5)") << u"both"_s;
    QTest::newRow("bad duration") << rule(R"(, "for": "5 minutes")") << u"\"for\""_s;
    QTest::newRow("bad severity") << rule(R"(, "severity": "urgent")") << u"\"urgent\""_s;
    QTest::newRow("bad id")
        << QByteArray(R"({"rules": [{"id": "a b", "kind": "heartbeat_age", "threshold": 1}]})")
        << u"needs an id"_s;
    QTest::newRow("metric without name")
        << QByteArray(
               R"({"rules": [{"id": "m", "kind": "metric_threshold", "threshold": 1, "window": "1m"}]})")
        << u"\"metric\""_s;
    QTest::newRow("no window")
        << QByteArray(R"({"rules": [{"id": "d", "kind": "dead_letter_growth", "threshold": 1}]})")
        << u"\"window\""_s;
    QTest::newRow("bad unit")
        << QByteArray(R"({"rules": [{"id": "d", "kind": "database_free_space", "threshold": 5,
                       "comparison": "<", "unit": "blocks"}]})")
        << u"the unit \"blocks\""_s;
    QTest::newRow("backlog rule with a stream")
        << QByteArray(R"({"rules": [{"id": "b", "kind": "backlog_not_draining", "threshold": 900,
                       "stream": "orders"}]})")
        << u"\"stream\""_s;
    QTest::newRow("unit of another kind")
        << QByteArray(R"({"rules": [{"id": "c", "kind": "database_connections", "threshold": 90,
                       "unit": "bytes"}]})")
        << u"\"unit\""_s;
    QTest::newRow("long transactions without window")
        << QByteArray(R"({"rules": [{"id": "t", "kind": "long_transactions", "threshold": 0}]})")
        << u"\"window\""_s;
    QTest::newRow("duplicate id")
        << QByteArray(
               R"({"rules": [{"id": "d", "kind": "ingest_stopped", "threshold": 1},
                      {"id": "d", "kind": "ingest_stopped", "threshold": 1}]})")
        << u"Alert rule 2 of the list has the id \"d\""_s;
}

void tst_AlertRules::jsonErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    const QString message = errorOf(json);
    QVERIFY2(message.contains(error), qPrintable(message));
}

void tst_AlertRules::databaseHealthKinds()
{
    auto rules = alertRulesFromJson(
        R"({"rules": [
            {"id": "disk", "kind": "database_free_space", "comparison": "<", "threshold": 2e9,
             "clear": 4e9, "unit": "bytes"},
            {"id": "disk-share", "kind": "database_free_space", "comparison": "<", "threshold": 5},
            {"id": "conn", "kind": "database_connections", "threshold": 90, "clear": 80},
            {"id": "long", "kind": "long_transactions", "threshold": 0, "window": "10m"},
            {"id": "idle", "kind": "idle_in_transaction", "threshold": 0, "window": "1m"},
            {"id": "lag", "kind": "replication_lag", "threshold": 30, "clear": 10}]})");
    QVERIFY2(rules.ok(), qPrintable(rules.errorMessage()));
    QCOMPARE(rules->size(), 6);
    QCOMPARE(rules->at(0).kind, AlertKind::DatabaseFreeSpace);
    QCOMPARE(rules->at(0).unit, AlertSpaceUnit::Bytes);
    QCOMPARE(rules->at(1).unit, AlertSpaceUnit::Percent); // the default
    QCOMPARE(rules->at(2).kind, AlertKind::DatabaseConnections);
    QCOMPARE(rules->at(3).window, 10min);
    QCOMPARE(rules->at(4).kind, AlertKind::IdleInTransaction);
    QCOMPARE(rules->at(5).kind, AlertKind::ReplicationLag);
    QCOMPARE(alertRuleToJson(rules->at(0)).value(u"unit"_s).toString(), u"bytes"_s);
    QVERIFY(!alertRuleToJson(rules->at(2)).contains(u"unit"_s));
    auto back = alertRulesFromJson(alertRulesToJson(*rules));
    QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
    QCOMPARE(*back, *rules);
    for (const QString &name :
         {u"database_free_space"_s, u"database_connections"_s, u"long_transactions"_s,
          u"idle_in_transaction"_s, u"replication_lag"_s})
        QCOMPARE(alertKindName(*alertKindOf(name)), name);
}

void tst_AlertRules::durations()
{
    QCOMPARE(parseAlertDuration(u"5m"_s), std::optional(std::chrono::seconds(300)));
    QCOMPARE(parseAlertDuration(u"1h30m"_s), std::optional(std::chrono::seconds(5400)));
    QCOMPARE(parseAlertDuration(u"2d"_s), std::optional(std::chrono::seconds(172800)));
    QCOMPARE(parseAlertDuration(u"0s"_s), std::optional(std::chrono::seconds(0)));
    QCOMPARE(parseAlertDuration(u""_s), std::nullopt);
    QCOMPARE(parseAlertDuration(u"5"_s), std::nullopt);
    QCOMPARE(parseAlertDuration(u"m5"_s), std::nullopt);
    QCOMPARE(alertDurationText(3661s), u"1h1m1s"_s);
    QCOMPARE(alertDurationText(0s), u"0s"_s);
}

void tst_AlertRules::defaultRulesAreValid()
{
    const QList<AlertRule> rules = defaultAlertRules();
    QStringList kinds;
    for (const AlertRule &rule : rules) {
        QVERIFY2(checkAlertRule(rule).ok(), qPrintable(checkAlertRule(rule).errorMessage()));
        kinds << alertKindName(rule.kind);
    }
    // Every kind the issue names has a rule.
    for (AlertKind kind :
         {AlertKind::DeadLetterGrowth, AlertKind::HeartbeatAge, AlertKind::ComponentStatus,
          AlertKind::MetricThreshold, AlertKind::GroupLag, AlertKind::PendingAge,
          AlertKind::IngestStopped, AlertKind::IngestErrorRate, AlertKind::BatchIntegrity,
          AlertKind::BacklogNotDraining})
        QVERIFY2(kinds.contains(alertKindName(kind)), qPrintable(alertKindName(kind)));
}

QTEST_GUILESS_MAIN(tst_AlertRules)
#include "tst_alertrules.moc"
