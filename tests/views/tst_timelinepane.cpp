#include "alerthistory.h"
#include "backloghistory.h"
#include "checkpointrepository.h"
#include "componentstaterepository.h"
#include "healthrepository.h"
#include "migrateddatabase.h"
#include "sqlsupport.h"
#include "timelinemodel.h"
#include "timelinepane.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace porthole;

// The Timeline pane on a real database: what it says with nothing in its range, the changes
// newest first under QAbstractItemModelTester, its filters, "around this point" selecting the
// change nearest a moment, each change opening the pane that shows it (a checkpoint's or a
// state's version with it), and the range it shares with the other panes that show one.
class tst_TimelinePane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { QSettings().clear(); }
    void saysWhenNothingChanged();
    void listsFiltersAndOpensChanges();
    void versionsOpenWithTheirVersion();
    void aSampledGroupChangeOpensTheGroup();
    void takesASharedRangeWhenShown();
    void sharesTheRangeTheOperatorPicks();
};

namespace {

QStringList column(const TimelineModel &model, int column)
{
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values << model.index(row, column).data().toString();
    return values;
}

} // namespace

void tst_TimelinePane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_timelinepane"_s);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_TimelinePane::saysWhenNothingChanged()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    TimelineModel model(*database.factory);
    QAbstractItemModelTester tester(&model);
    TimelinePane pane(&model);
    QCOMPARE(pane.paneId(), u"timeline"_s);
    QCOMPARE(pane.title(), u"Timeline"_s);
    pane.show(); // read as it is shown
    QTRY_VERIFY_WITH_TIMEOUT(model.atEnd(), 20000);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY2(pane.stateText().startsWith(u"Nothing changed from "_s), qPrintable(pane.stateText()));
    QVERIFY(pane.stateText().endsWith(u"Widen the range or clear the filters."_s));
}

void tst_TimelinePane::listsFiltersAndOpensChanges()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    // Within the last hour: router degraded 20 min ago; sink silent since 10 min ago; an alert
    // on the sink 8 min ago; an operator's replay 5 min ago.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime start = now.addSecs(-50 * 60);
    HealthRepository health(database.db);
    database.db.transaction();
    for (int s = 0; s < 50 * 60; s += 10) {
        QVERIFY(health
                    .record({u"router"_s,
                             s >= 30 * 60 ? u"degraded"_s : u"healthy"_s,
                             {},
                             start.addSecs(s)})
                    .ok());
        if (s <= 40 * 60)
            QVERIFY(health.record({u"sink"_s, u"healthy"_s, {}, start.addSecs(s)}).ok());
    }
    QVERIFY(database.db.commit());
    const QDateTime alertAt = now.addSecs(-8 * 60);
    QVERIFY(AlertHistory(database.db)
                .append({u"stale"_s,
                         u"Component stale"_s,
                         AlertSeverity::Critical,
                         u"sink"_s,
                         AlertState::Pending,
                         AlertState::Firing,
                         120.0,
                         alertAt,
                         false,
                         false,
                         {}})
                .ok());
    auto logged =
        execQuery(database.db,
                  u"INSERT INTO audit_log (occurred_at, actor, action, target_table, "
                  "affected_count) VALUES (?, 'alice', 'replay', 'port_messages', 3)"_s,
                  {timestampParam(now.addSecs(-5 * 60), engineOf(database.db))}, u"test"_s);
    QVERIFY2(logged.ok(), qPrintable(logged.errorMessage()));

    // A checkpoint version, which a timeline leaves out until its kind is ticked.
    QVERIFY(CheckpointRepository(database.db).save(u"offsets"_s, u"router"_s, "{}").ok());

    TimelineModel model(*database.factory);
    QAbstractItemModelTester tester(&model);
    TimelinePane pane(&model);
    pane.resize(1200, 600);
    pane.show();
    QTRY_VERIFY_WITH_TIMEOUT(model.atEnd() && !model.isReading(), 20000);
    QCOMPARE(column(model, TimelineModel::KindColumn),
             (QStringList{u"Operator action"_s, u"Alert"_s, u"Heartbeats stopped"_s, u"Status"_s}));
    QCOMPARE(column(model, TimelineModel::WhatColumn).at(3), u"router: healthy → degraded"_s);
    QCOMPARE(column(model, TimelineModel::WhatColumn).at(0),
             u"replay by alice: 3 rows of port_messages"_s);
    QVERIFY(column(model, TimelineModel::WhatColumn)
                .at(2)
                .startsWith(u"sink stopped beating: silent for 10 min"_s));
    QCOMPARE(model.index(2, 0).data(TimelineModel::ToneRole).toInt(), int(StatusTone::Stale));
    QCOMPARE(model.index(1, 0).data(TimelineModel::ToneRole).toInt(), int(StatusTone::Critical));
    QCOMPARE(model.index(0, 0).data(TimelineModel::ToneRole).toInt(), -1);
    QVERIFY2(pane.stateText().startsWith(u"4 changes from "_s), qPrintable(pane.stateText()));
    QCOMPARE(pane.kindsButton()->text(), u"&Kinds (7 of 9)"_s);
    QAction *checkpoints = pane.kindsButton()->menu()->actions().at(int(ChangeKind::Checkpoint));
    checkpoints->setChecked(true);
    QTRY_VERIFY_WITH_TIMEOUT(model.atEnd() && !model.isReading() && model.rowCount() == 5, 20000);
    QCOMPARE(column(model, TimelineModel::KindColumn).at(0), u"Checkpoint"_s);
    QCOMPARE(pane.kindsButton()->text(), u"&Kinds (8 of 9)"_s);
    checkpoints->setChecked(false);
    QTRY_VERIFY_WITH_TIMEOUT(model.atEnd() && !model.isReading() && model.rowCount() == 4, 20000);

    // Narrowed to the sink; then to critical ones only.
    pane.componentField()->setText(u"sink"_s);
    Q_EMIT pane.componentField()->editingFinished();
    QTRY_VERIFY_WITH_TIMEOUT(model.atEnd() && !model.isReading(), 20000);
    QCOMPARE(column(model, TimelineModel::KindColumn),
             (QStringList{u"Alert"_s, u"Heartbeats stopped"_s}));
    pane.componentField()->clear();
    pane.severityField()->setCurrentIndex(2);
    Q_EMIT pane.severityField()->activated(2);
    QTRY_VERIFY_WITH_TIMEOUT(model.atEnd() && !model.isReading(), 20000);
    QCOMPARE(column(model, TimelineModel::KindColumn),
             (QStringList{u"Alert"_s, u"Heartbeats stopped"_s}));
    const QJsonObject view = pane.viewState();
    QCOMPARE(view.value("severity"_L1).toString(), u"critical"_s);
    pane.applyViewState({});
    QTRY_VERIFY_WITH_TIMEOUT(model.atEnd() && !model.isReading(), 20000);
    QCOMPARE(model.rowCount(), 4);

    // Around the alert: the range of the hour about it, the alert selected.
    pane.focusOn({.at = alertAt.addSecs(30)});
    QTRY_VERIFY_WITH_TIMEOUT(pane.view()->currentIndex().isValid(), 20000);
    QCOMPARE(pane.view()->currentIndex().row(), 1);
    QVERIFY(pane.rangeField()->currentText().startsWith(u"Around "_s));
    QCOMPARE(model.filter().from, alertAt.addSecs(30 - TimelinePane::aroundSeconds));

    // Each change opens where it is shown in full.
    QSignalSpy opened(&pane, &Pane::openRequested);
    for (int row = 0; row < 4; ++row)
        pane.openRow(row);
    QCOMPARE(opened.count(), 4);
    QCOMPARE(opened.at(0).at(0).toString(), u"audit"_s);
    QVERIFY(opened.at(0).at(1).value<PaneFocus>().audit.has_value());
    QCOMPARE(opened.at(1).at(0).toString(), u"alerts"_s);
    QCOMPARE(opened.at(1).at(1).value<PaneFocus>().component, u"sink"_s);
    QCOMPARE(opened.at(2).at(0).toString(), u"healthhistory"_s);
    QCOMPARE(opened.at(2).at(1).value<PaneFocus>().component, u"sink"_s);
    QCOMPARE(opened.at(3).at(1).value<PaneFocus>().component, u"router"_s);
}

// A checkpoint's or a component state's version saved opens its pane on that version, which
// shows it with what changed from the version before.
void tst_TimelinePane::versionsOpenWithTheirVersion()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    CheckpointRepository checkpoints(database.db);
    for (const QByteArray &data : {"{\"offset\": 1}", "{\"offset\": 2}"})
        QVERIFY(checkpoints.save(u"offsets"_s, u"router"_s, data).ok());
    ComponentStateRepository states(database.db);
    for (const QByteArray &data : {"{\"routes\": 1}", "{\"routes\": 2}", "{\"routes\": 3}"})
        QVERIFY(states.save(u"router"_s, u"Splitter"_s, data).ok());

    TimelineModel model(*database.factory);
    QAbstractItemModelTester tester(&model);
    TimelinePane pane(&model);
    pane.applyViewState({{u"kinds"_s, QJsonArray{u"checkpoint"_s, u"state"_s}}});
    pane.show();
    QTRY_VERIFY_WITH_TIMEOUT(model.atEnd() && !model.isReading() && model.rowCount() == 5, 20000);
    QSignalSpy opened(&pane, &Pane::openRequested);
    for (int row = 0; row < model.rowCount(); ++row)
        pane.openRow(row);
    QCOMPARE(opened.count(), 5);
    QList<std::pair<QString, qint64>> checkpointVersions;
    QList<std::pair<QString, qint64>> stateVersions;
    for (const QList<QVariant> &open : std::as_const(opened)) {
        const auto focus = open.at(1).value<PaneFocus>();
        QVERIFY(focus.version.has_value());
        if (open.at(0).toString() == u"checkpoints"_s)
            checkpointVersions.append({focus.checkpoint, *focus.version});
        else if (open.at(0).toString() == u"componentstate"_s)
            stateVersions.append({focus.component, *focus.version});
    }
    std::sort(checkpointVersions.begin(), checkpointVersions.end());
    std::sort(stateVersions.begin(), stateVersions.end());
    QCOMPARE(checkpointVersions,
             (QList<std::pair<QString, qint64>>{{u"offsets"_s, 1}, {u"offsets"_s, 2}}));
    QCOMPARE(stateVersions, (QList<std::pair<QString, qint64>>{
                                {u"router"_s, 1}, {u"router"_s, 2}, {u"router"_s, 3}}));
}

// A consumer group the backlog samples saw appear opens the Redis pane on that group, with
// the words of its change.
void tst_TimelinePane::aSampledGroupChangeOpensTheGroup()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    BacklogSample first;
    first.key = {BacklogKind::Group, u"orders"_s, u"billing"_s};
    first.slot = now.addSecs(-600);
    BacklogSample second = first;
    second.slot = now.addSecs(-300);
    BacklogSample appeared = second;
    appeared.key.group = u"shipping"_s;
    QVERIFY(BacklogHistory(database.db).write({first, second, appeared}).ok());

    TimelineModel model(*database.factory);
    QAbstractItemModelTester tester(&model);
    TimelinePane pane(&model);
    pane.applyViewState({{u"kinds"_s, QJsonArray{u"group"_s}}});
    pane.show();
    QTRY_VERIFY_WITH_TIMEOUT(model.atEnd() && !model.isReading(), 20000);
    QCOMPARE(model.rowCount(), 1);
    QVERIFY2(model.data(model.index(0, TimelineModel::WhatColumn))
                 .toString()
                 .contains(u"shipping of orders appeared"_s),
             qPrintable(model.data(model.index(0, TimelineModel::WhatColumn)).toString()));
    QSignalSpy opened(&pane, &Pane::openRequested);
    pane.openRow(0);
    QCOMPARE(opened.count(), 1);
    QCOMPARE(opened.at(0).at(0).toString(), u"redis"_s);
    const auto focus = opened.at(0).at(1).value<PaneFocus>();
    QCOMPARE(focus.stream, u"orders"_s);
    QCOMPARE(focus.group, u"shipping"_s);
}

// A range another pane shares waits while the pane is hidden, and is read once as it is shown,
// however many came meanwhile (a zoom after zoom in Metrics); the range box names it and where
// it came from. What comes from another pane is never sent back.
void tst_TimelinePane::takesASharedRangeWhenShown()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    TimelineModel model(*database.factory);
    QAbstractItemModelTester tester(&model);
    TimelinePane pane(&model);
    pane.show();
    QTRY_VERIFY_WITH_TIMEOUT(model.atEnd() && !model.isReading(), 20000);
    pane.hide();
    QSignalSpy reads(&model, &QAbstractItemModel::modelReset);
    QSignalSpy chosen(&pane, &Pane::rangeChosen);

    const QDateTime from = QDateTime::currentDateTimeUtc().addDays(-2);
    for (int step = 0; step < 20; ++step)
        pane.shareRange(
            {.from = from.addSecs(60 * step), .to = from.addSecs(3600), .lastSeconds = 0},
            u"Metrics"_s);
    QCOMPARE(reads.count(), 0); // hidden: nothing read
    pane.show();
    QCOMPARE(reads.count(), 1); // once, the last range
    QCOMPARE(model.filter().from, from.addSecs(60 * 19));
    QCOMPARE(model.filter().to, from.addSecs(3600));
    QVERIFY2(pane.rangeField()->currentText().startsWith(u"From Metrics: "_s),
             qPrintable(pane.rangeField()->currentText()));
    QTRY_VERIFY_WITH_TIMEOUT(model.atEnd() && !model.isReading(), 20000);
    pane.hide();
    pane.show(); // a range of its own is not read again up to now
    QCOMPARE(reads.count(), 1);

    // Shown: at once. A range back from now is the preset of that length, else a custom one.
    pane.shareRange({.from = from, .to = from.addSecs(86400), .lastSeconds = 86400}, u"Metrics"_s);
    QCOMPARE(reads.count(), 2);
    QCOMPARE(pane.rangeField()->currentData().toInt(), 86400);
    QCOMPARE(pane.rangeField()->currentIndex(), 3);
    QCOMPARE(model.filter().from.secsTo(model.filter().to), 86400);
    pane.shareRange({.from = from, .to = from.addDays(30), .lastSeconds = 30 * 86400},
                    u"Metrics"_s);
    QCOMPARE(pane.rangeField()->currentText(), u"From Metrics: Last 30 days"_s);
    QCOMPARE(model.filter().from.secsTo(model.filter().to), 30 * 86400);
    QCOMPARE(reads.count(), 3);

    // A range back from now that came while hidden is read once as the pane is shown too,
    // not again as a range back from now is on each show.
    pane.hide();
    pane.shareRange({.from = from, .to = from.addSecs(900), .lastSeconds = 900}, u"Metrics"_s);
    pane.show();
    QCOMPARE(reads.count(), 4);
    QCOMPARE(pane.rangeField()->currentData().toInt(), 900);
    QCOMPARE(model.filter().from.secsTo(model.filter().to), 900);
    QCOMPARE(chosen.count(), 0);
}

// The range the operator picks goes to the other panes; one of its own around a moment (a
// link from elsewhere) does not.
void tst_TimelinePane::sharesTheRangeTheOperatorPicks()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    TimelineModel model(*database.factory);
    QAbstractItemModelTester tester(&model);
    TimelinePane pane(&model);
    pane.show();
    QSignalSpy chosen(&pane, &Pane::rangeChosen);
    const int sixHours = pane.rangeField()->findData(6 * 3600);
    pane.rangeField()->setCurrentIndex(sixHours);
    Q_EMIT pane.rangeField()->activated(sixHours);
    QCOMPARE(chosen.count(), 1);
    auto range = chosen.at(0).at(0).value<SharedRange>();
    QCOMPARE(range.lastSeconds, 6 * 3600);
    QCOMPARE(range.from, model.filter().from);
    QCOMPARE(range.to, model.filter().to);
    QCOMPARE(range.from.secsTo(range.to), 6 * 3600);

    const QDateTime moment = QDateTime::currentDateTimeUtc().addDays(-1);
    pane.focusOn({.at = moment});
    QCOMPARE(chosen.count(), 1);
    // Chosen again, the range around the moment is the operator's.
    const int around = pane.rangeField()->count() - 1;
    Q_EMIT pane.rangeField()->activated(around);
    QCOMPARE(chosen.count(), 2);
    range = chosen.at(1).at(0).value<SharedRange>();
    QCOMPARE(range.lastSeconds, 0);
    QCOMPARE(range.from, moment.addSecs(-TimelinePane::aroundSeconds));
    QCOMPARE(range.to, moment.addSecs(TimelinePane::aroundSeconds));
}

QTEST_MAIN(tst_TimelinePane)
#include "tst_timelinepane.moc"
