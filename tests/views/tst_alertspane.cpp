#include "alertmodels.h"
#include "alertrulesdialog.h"
#include "alertspane.h"
#include "jsonpayloadeditor.h"

#include <QCheckBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;

class tst_AlertsPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void summarySaysWhatNeedsTheOperator();
    void silenceAndAcknowledgeTheSelection();
    void editRulesAsksForTheEditor();
    void opensTheTimelineAroundAChange();
    void rulesEditorChecksBeforeSaving();
    void rulesEditorRestoresTheDefaults();
};

namespace {

const QDateTime t0(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());

QList<AlertRule> twoRules()
{
    return {{.id = u"stale"_s,
             .name = u"Heartbeat late"_s,
             .kind = AlertKind::HeartbeatAge,
             .threshold = 60,
             .clearThreshold = 15},
            {.id = u"errors"_s,
             .name = u"Error rate"_s,
             .kind = AlertKind::MetricThreshold,
             .threshold = 1.5,
             .clearThreshold = 1,
             .metric = u"error_rate"_s,
             .window = 300s}};
}

} // namespace

void tst_AlertsPane::summarySaysWhatNeedsTheOperator()
{
    AlertStatusModel statuses;
    AlertHistoryModel history;
    AlertsPane pane(&statuses, &history);
    pane.setInterval(15s);
    statuses.setRules(twoRules());
    QVERIFY2(pane.summaryText().startsWith(u"All is well"_s), qPrintable(pane.summaryText()));
    QVERIFY(pane.summaryText().contains(u"every 15 seconds"_s));

    statuses.setStatuses({{.ruleId = u"stale"_s,
                           .subject = u"router"_s,
                           .state = AlertState::Firing,
                           .since = t0,
                           .value = 300,
                           .readAt = t0,
                           .acknowledged = false},
                          {.ruleId = u"errors"_s,
                           .subject = u"gateway"_s,
                           .state = AlertState::Pending,
                           .since = t0,
                           .value = 1.7,
                           .readAt = t0,
                           .acknowledged = false}});
    QVERIFY2(pane.summaryText().startsWith(u"<b>1 alert firing</b>, 1 pending."_s),
             qPrintable(pane.summaryText()));
    QCOMPARE(pane.statusView()->model()->index(0, AlertStatusModel::RuleColumn).data().toString(),
             u"Heartbeat late"_s);
}

void tst_AlertsPane::silenceAndAcknowledgeTheSelection()
{
    AlertStatusModel statuses;
    AlertHistoryModel history;
    AlertsPane pane(&statuses, &history);
    statuses.setRules(twoRules());
    statuses.setStatuses({{.ruleId = u"stale"_s,
                           .subject = u"router"_s,
                           .state = AlertState::Firing,
                           .since = t0,
                           .value = 300,
                           .readAt = t0,
                           .acknowledged = false},
                          {.ruleId = u"errors"_s,
                           .subject = u"gateway"_s,
                           .state = AlertState::Ok,
                           .since = {},
                           .value = 0.2,
                           .readAt = t0,
                           .acknowledged = false}});
    QVERIFY(!pane.silenceButton()->isEnabled()); // nothing selected
    QVERIFY(!pane.acknowledgeButton()->isEnabled());

    QSignalSpy silenced(&pane, &AlertsPane::silenceRequested);
    QSignalSpy acknowledged(&pane, &AlertsPane::acknowledgeRequested);
    pane.statusView()->selectRow(0); // the firing one
    QVERIFY(pane.acknowledgeButton()->isEnabled());
    pane.acknowledgeButton()->click();
    QCOMPARE(acknowledged.size(), 1);
    QCOMPARE(acknowledged.constFirst().at(0).toString(), u"stale"_s);
    QCOMPARE(acknowledged.constFirst().at(1).toString(), u"router"_s);
    const QDateTime before = QDateTime::currentDateTimeUtc();
    pane.silenceButton()->click();
    QCOMPARE(silenced.size(), 1);
    const QDateTime until = silenced.constFirst().at(1).toDateTime();
    QVERIFY(until >= before.addSecs(3600) && until <= before.addSecs(3660));

    // The OK one is listed on demand: nothing to acknowledge, but it can be silenced.
    QCOMPARE(pane.statusView()->model()->rowCount(), 1);
    QCOMPARE(pane.showOkBox()->text(), u"Show OK rules (1)"_s);
    pane.showOkBox()->setChecked(true);
    QCOMPARE(pane.statusView()->model()->rowCount(), 2);
    pane.statusView()->selectRow(1);
    QVERIFY(!pane.acknowledgeButton()->isEnabled());
    QVERIFY(pane.silenceButton()->isEnabled());
}

void tst_AlertsPane::editRulesAsksForTheEditor()
{
    AlertStatusModel statuses;
    AlertHistoryModel history;
    AlertsPane pane(&statuses, &history);
    QSignalSpy asked(&pane, &AlertsPane::editRulesRequested);
    QTest::mouseClick(pane.editRulesButton(), Qt::LeftButton);
    QCOMPARE(asked.size(), 1);
}

// A change of the history opens the Timeline at its moment, once one is selected.
void tst_AlertsPane::opensTheTimelineAroundAChange()
{
    AlertStatusModel statuses;
    AlertHistoryModel history;
    AlertsPane pane(&statuses, &history);
    history.setEntries({{.id = 2,
                         .occurredAt = t0.addSecs(120),
                         .ruleId = u"stale"_s,
                         .ruleName = u"Heartbeat late"_s,
                         .subject = u"router"_s,
                         .severity = AlertSeverity::Critical,
                         .from = AlertState::Pending,
                         .to = AlertState::Firing,
                         .value = 300,
                         .details = {}},
                        {.id = 1,
                         .occurredAt = t0,
                         .ruleId = u"errors"_s,
                         .ruleName = u"Error rate"_s,
                         .subject = u"gateway"_s,
                         .severity = AlertSeverity::Warning,
                         .from = AlertState::Ok,
                         .to = AlertState::Pending,
                         .value = 1.7,
                         .details = {}}});
    QVERIFY(!pane.aroundButton()->isEnabled());
    QSignalSpy opened(&pane, &Pane::openRequested);
    pane.historyView()->selectRow(1);
    QVERIFY(pane.aroundButton()->isEnabled());
    pane.aroundButton()->click();
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.constFirst().at(0).toString(), u"timeline"_s);
    QCOMPARE(opened.constFirst().at(1).value<PaneFocus>().at, t0);
}

// A rule the reader refuses keeps the dialog open with the reason; a good edit is saved.
void tst_AlertsPane::rulesEditorChecksBeforeSaving()
{
    AlertRulesDialog dialog(twoRules());
    QCOMPARE(dialog.rules(), twoRules());
    QVERIFY(!dialog.saveButton()->isEnabled()); // nothing changed yet

    QString text = dialog.editor()->text();
    QVERIFY(text.contains(u"\"threshold\": 60"_s));
    dialog.editor()->setText(
        QString(text).replace(u"\"threshold\": 60"_s, u"\"threshold\": 60, \"stream\": \"x\""_s));
    dialog.editor()->validateNow();
    QVERIFY(dialog.saveButton()->isEnabled());
    dialog.saveButton()->click();
    QCOMPARE(dialog.result(), int(QDialog::Rejected)); // not closed
    QVERIFY2(dialog.problemText().contains(u"\"stale\""_s) &&
                 dialog.problemText().contains(u"stream"_s),
             qPrintable(dialog.problemText()));
    QCOMPARE(dialog.rules(), twoRules());

    dialog.editor()->setText(
        QString(text).replace(u"\"threshold\": 60"_s, u"\"threshold\": 120"_s));
    dialog.editor()->validateNow();
    QVERIFY(dialog.saveButton()->isEnabled());
    dialog.saveButton()->click();
    QVERIFY2(dialog.problemText().isEmpty(), qPrintable(dialog.problemText()));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.rules().size(), 2);
    QCOMPARE(dialog.rules().at(0).threshold, 120.0);
    QCOMPARE(dialog.rules().at(1), twoRules().at(1));
}

void tst_AlertsPane::rulesEditorRestoresTheDefaults()
{
    AlertRulesDialog dialog(twoRules());
    dialog.defaultsButton()->click();
    dialog.saveButton()->click();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.rules(), defaultAlertRules());
}

QTEST_MAIN(tst_AlertsPane)
#include "tst_alertspane.moc"
