#include "alertmodels.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

const QDateTime t0(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());

AlertRule rule(const QString &id, AlertSeverity severity = AlertSeverity::Warning)
{
    return {.id = id,
            .name = u"Rule "_s + id,
            .kind = AlertKind::HeartbeatAge,
            .severity = severity,
            .threshold = 60,
            .clearThreshold = 15};
}

AlertStatus status(const QString &ruleId, const QString &subject, AlertState state,
                   std::optional<double> value)
{
    return {.ruleId = ruleId,
            .subject = subject,
            .state = state,
            .since = t0,
            .value = value,
            .readAt = t0,
            .acknowledged = false};
}

QStringList column(const QAbstractItemModel &model, int column)
{
    QStringList texts;
    for (int row = 0; row < model.rowCount(); ++row)
        texts << model.index(row, column).data().toString();
    return texts;
}

} // namespace

class tst_AlertModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statusesWorstFirst();
    void historyNewestFirstAndBounded();
    void historyFoldsBlips();
    void valuesInTheirKindsWords();
};

// A notification and the pane say what a value means: an age, a status, a count.
void tst_AlertModels::valuesInTheirKindsWords()
{
    const auto text = [](AlertKind kind, std::optional<double> value) {
        const AlertRule rule{.id = u"r"_s, .kind = kind};
        return alertValueText(value, &rule);
    };
    QCOMPARE(text(AlertKind::HeartbeatAge, 444.95), u"7 min old"_s);
    QCOMPARE(text(AlertKind::PendingAge, 12), u"12 s old"_s);
    QCOMPARE(text(AlertKind::ComponentStatus, 1), u"degraded"_s);
    QCOMPARE(text(AlertKind::ComponentStatus, 2), u"unhealthy"_s);
    QCOMPARE(text(AlertKind::DeadLetterGrowth, 12), u"12 new"_s);
    QCOMPARE(text(AlertKind::GroupLag, 1200), QLocale().toString(1200) + u" entries behind"_s);
    QCOMPARE(text(AlertKind::BatchIntegrity, 2), u"findings: 2"_s);
    QCOMPARE(text(AlertKind::IngestStopped, 1), u"stopped"_s);
    QCOMPARE(text(AlertKind::MetricThreshold, 1.5), QLocale().toString(1.5, 'f', 2));
    const AlertRule metric{.id = u"m"_s, .kind = AlertKind::MetricThreshold};
    QCOMPARE(alertValueText(250.0, &metric, u"ms"_s), u"250 ms"_s);
    QCOMPARE(text(AlertKind::ReplicationLag, 90), u"1 min behind"_s);
    QCOMPARE(text(AlertKind::DatabaseFreeSpace, 4), u"4% free"_s);
    QCOMPARE(text(AlertKind::HeartbeatAge, std::nullopt), u"no data"_s);
    QCOMPARE(alertValueText(3.0, nullptr), u"3"_s);

    // The history's values too, once it knows the rules.
    AlertHistoryModel history(10);
    QAbstractItemModelTester tester(&history,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    history.prepend({.ruleId = u"late"_s,
                     .ruleName = u"Late"_s,
                     .severity = AlertSeverity::Critical,
                     .subject = u"splitter"_s,
                     .from = AlertState::Ok,
                     .to = AlertState::Firing,
                     .value = 1441.77,
                     .time = QDateTime::currentDateTimeUtc(),
                     .silenced = false,
                     .acknowledged = false});
    QCOMPARE(history.index(0, AlertHistoryModel::ValueColumn).data().toString(),
             QLocale().toString(1441.77, 'f', 2));
    history.setRules({{.id = u"late"_s, .kind = AlertKind::HeartbeatAge}});
    QCOMPARE(history.index(0, AlertHistoryModel::ValueColumn).data().toString(), u"24 min old"_s);
}

// What needs the operator first; a rule not read yet says so instead of looking fine.
void tst_AlertModels::statusesWorstFirst()
{
    AlertStatusModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRules({rule(u"a"_s), rule(u"b"_s, AlertSeverity::Critical), rule(u"c"_s)});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(column(model, AlertStatusModel::StateColumn),
             QStringList(3, u"Waiting for a reading"_s));

    model.setStatuses({status(u"a"_s, u"splitter"_s, AlertState::Ok, 3),
                       status(u"a"_s, u"validator"_s, AlertState::Pending, 70),
                       status(u"b"_s, u"gateway"_s, AlertState::Firing, 95.5),
                       status(u"a"_s, u"router"_s, AlertState::Resolved, std::nullopt)});
    QCOMPARE(model.rowCount(), 5); // four statuses, and rule c still waiting
    QCOMPARE(column(model, AlertStatusModel::StateColumn),
             (QStringList{u"Firing"_s, u"Pending"_s, u"Resolved"_s, u"OK"_s,
                          u"Waiting for a reading"_s}));
    QCOMPARE(column(model, AlertStatusModel::SubjectColumn),
             (QStringList{u"gateway"_s, u"validator"_s, u"router"_s, u"splitter"_s, QString()}));
    // The rules watch heartbeats: the value is an age.
    QCOMPARE(model.index(0, AlertStatusModel::ValueColumn).data().toString(), u"1 min old"_s);
    QCOMPARE(model.index(2, AlertStatusModel::ValueColumn).data().toString(), u"no data"_s);
    QCOMPARE(model.index(0, AlertStatusModel::SeverityColumn).data().toString(), u"critical"_s);
    QCOMPARE(model.index(0, AlertStatusModel::RuleColumn).data().toString(), u"Rule b"_s);
    QCOMPARE(model.index(0, 0).data(AlertStatusModel::RuleIdRole).toString(), u"b"_s);
    QCOMPARE(model.index(0, 0).data(Qt::ForegroundRole).value<QColor>(),
             AlertStatusModel::stateColor(AlertState::Firing));
    QVERIFY(!model.index(3, 0).data(Qt::ForegroundRole).isValid()); // ok: the usual colour
    QCOMPARE(model.count(AlertState::Firing), 1);
    QCOMPARE(model.count(AlertState::Pending), 1);
}

void tst_AlertModels::historyNewestFirstAndBounded()
{
    AlertHistoryModel model(3);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEntries({{.id = 2,
                       .occurredAt = t0.addSecs(60),
                       .ruleId = u"a"_s,
                       .ruleName = u"Rule a"_s,
                       .subject = {},
                       .severity = AlertSeverity::Warning,
                       .from = AlertState::Pending,
                       .to = AlertState::Firing,
                       .value = 7,
                       .details = {}},
                      {.id = 1,
                       .occurredAt = t0,
                       .ruleId = u"a"_s,
                       .ruleName = u"Rule a"_s,
                       .subject = {},
                       .severity = AlertSeverity::Warning,
                       .from = AlertState::Ok,
                       .to = AlertState::Pending,
                       .value = 6,
                       .details = {}}});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, AlertHistoryModel::ChangeColumn).data().toString(),
             u"Pending → Firing"_s);

    for (int i = 0; i < 2; ++i)
        model.prepend({.ruleId = u"b"_s,
                       .ruleName = u"Rule b"_s,
                       .severity = AlertSeverity::Critical,
                       .subject = u"gateway"_s,
                       .from = i == 0 ? AlertState::Firing : AlertState::Resolved,
                       .to = i == 0 ? AlertState::Resolved : AlertState::Ok,
                       .value = 1,
                       .time = t0.addSecs(120 + i),
                       .silenced = false,
                       .acknowledged = false});
    QCOMPARE(model.rowCount(), 3); // the oldest went
    QCOMPARE(column(model, AlertHistoryModel::ChangeColumn),
             (QStringList{u"Resolved → OK"_s, u"Firing → Resolved"_s, u"Pending → Firing"_s}));
    QCOMPARE(model.index(0, AlertHistoryModel::SubjectColumn).data().toString(), u"gateway"_s);
}

// Pending and back to OK without firing is one row; blips in a row are one row that counts them.
void tst_AlertModels::historyFoldsBlips()
{
    QList<AlertHistoryEntry> entries; // built oldest first, given newest first
    const auto change = [&entries](const QString &rule, AlertState from, AlertState to,
                                   int seconds) {
        entries.prepend({.id = entries.size() + 1,
                         .occurredAt = t0.addSecs(seconds),
                         .ruleId = rule,
                         .ruleName = rule,
                         .subject = u"gateway"_s,
                         .severity = AlertSeverity::Warning,
                         .from = from,
                         .to = to,
                         .value = 1,
                         .details = {}});
    };
    for (int i = 0; i < 6; ++i) {
        change(u"beat"_s, AlertState::Ok, AlertState::Pending, 3 * i);
        change(u"beat"_s, AlertState::Pending, AlertState::Ok, 3 * i + 1);
        if (i == 2) { // another rule's blip in between does not split them
            change(u"lag"_s, AlertState::Ok, AlertState::Pending, 7);
            change(u"lag"_s, AlertState::Pending, AlertState::Ok, 8);
        }
    }
    change(u"beat"_s, AlertState::Ok, AlertState::Pending, 29);
    change(u"beat"_s, AlertState::Pending, AlertState::Firing, 30);

    AlertHistoryModel model(100);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEntries(entries);
    QCOMPARE(column(model, AlertHistoryModel::ChangeColumn),
             (QStringList{u"Pending → Firing"_s, u"OK → Pending"_s, u"OK → Pending → OK ×6"_s,
                          u"OK → Pending → OK"_s}));
    QCOMPARE(column(model, AlertHistoryModel::RuleColumn),
             (QStringList{u"beat"_s, u"beat"_s, u"beat"_s, u"lag"_s}));
    QCOMPARE(model.changesOf(2), 12);
    QCOMPARE(model.changesOf(3), 2);
    QVERIFY(model.index(2, AlertHistoryModel::ChangeColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(u"6 times"_s));

    // A blip that comes live joins the row of blips before it only if nothing came between.
    AlertEvent event{.ruleId = u"lag"_s,
                     .ruleName = u"lag"_s,
                     .severity = AlertSeverity::Warning,
                     .subject = u"gateway"_s,
                     .from = AlertState::Ok,
                     .to = AlertState::Pending,
                     .value = 1,
                     .time = t0.addSecs(40),
                     .silenced = false,
                     .acknowledged = false};
    model.prepend(event);
    event.from = AlertState::Pending;
    event.to = AlertState::Ok;
    event.time = t0.addSecs(41);
    model.prepend(event);
    QCOMPARE(column(model, AlertHistoryModel::ChangeColumn).first(2),
             (QStringList{u"OK → Pending → OK ×2"_s, u"Pending → Firing"_s}));
    QCOMPARE(model.rowCount(), 4);
}

QTEST_GUILESS_MAIN(tst_AlertModels)
#include "tst_alertmodels.moc"
