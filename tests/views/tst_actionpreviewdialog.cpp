#include "actionplanmodel.h"
#include "actionpreviewdialog.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using M = ActionPlanModel;

namespace {

PortMessage message(int n, const QString &status = u"dead_letter"_s,
                    const QString &port = u"orders"_s)
{
    PortMessage m;
    m.id = u"00000000-0000-0000-0000-%1"_s.arg(n, 12, 10, QChar(u'0'));
    m.portName = port;
    m.sourceComponent = u"splitter"_s;
    m.targetComponent = u"sink"_s;
    m.messageData = QStringLiteral("{\"n\": %1}").arg(n).toUtf8();
    m.status = status;
    m.retryCount = 3;
    m.maxRetries = 3;
    m.errorMessage = u"timeout"_s;
    return m;
}

// A row the action changes, as planAction() would plan it.
PlannedRow acting(const PortMessage &before, const ActionOptions &options, bool overBudget = false)
{
    PlannedRow row;
    row.before = before;
    row.after = before;
    row.overBudget = overBudget;
    switch (options.kind) {
    case ActionKind::Replay:
        row.after.status = u"pending"_s;
        if (options.resetRetries)
            row.after.retryCount = 0;
        row.after.replayCount = before.replayCount + 1;
        break;
    case ActionKind::Purge:
        row.after.deletedAt = QDateTime::currentDateTimeUtc();
        break;
    case ActionKind::Restore:
        row.after.deletedAt = {};
        break;
    case ActionKind::Move:
        row.after.portName = options.toPort;
        break;
    }
    row.after.version = before.version + 1;
    return row;
}

PlannedRow skipped(const PortMessage &before, const QString &reason)
{
    PlannedRow row;
    row.before = before;
    row.after = before;
    row.skipReason = reason;
    return row;
}

ActionOptions options(ActionKind kind)
{
    ActionOptions o;
    o.kind = kind;
    return o;
}

// Replay to the database: three dead letters acted on (the third over its budget), two rows
// already pending and one replayed too often skipped.
ActionPlan replayPlan()
{
    ActionPlan plan;
    plan.options = options(ActionKind::Replay);
    plan.options.overrideBudget = true;
    plan.plannedAt = QDateTime::currentDateTimeUtc();
    PortMessage spent = message(3);
    spent.replayCount = 3;
    plan.rows << acting(message(1), plan.options)
              << skipped(message(2, u"pending"_s), u"already pending"_s)
              << acting(message(4), plan.options) << acting(spent, plan.options, true)
              << skipped(message(5, u"pending"_s), u"already pending"_s)
              << skipped(message(6, u"completed"_s), u"completed: nothing to replay"_s);
    return plan;
}

// `acts` rows acting, then `skips` skipped for one of two reasons.
ActionPlan bigPlan(int acts, int skips, ActionKind kind = ActionKind::Replay)
{
    ActionPlan plan;
    plan.options = options(kind);
    plan.rows.reserve(acts + skips);
    for (int n = 0; n < acts; ++n)
        plan.rows << acting(message(n), plan.options);
    for (int n = 0; n < skips; ++n)
        plan.rows << skipped(message(acts + n, u"pending"_s),
                             n % 3 ? u"already pending"_s : u"changed since the dry run"_s);
    return plan;
}

} // namespace

// The dry run shown before an action: counts, texts, the typed confirmation, the filter.
class tst_ActionPreviewDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void summarisesTheReplay();
    void headlines_data();
    void headlines();
    void modelShowsEachRow();
    void typedConfirmation();
    void nothingActs();
    void filtersSkipped();
    void warnsWhenTruncated();
    void columnsFitTheirRows();
    void staysFastWithManyRows();
};

void tst_ActionPreviewDialog::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_ActionPreviewDialog::summarisesTheReplay()
{
    ActionPreviewDialog dialog(replayPlan(), u"Replay dead letters"_s);
    QCOMPARE(dialog.windowTitle(), u"Replay dead letters"_s);
    QCOMPARE(dialog.headlineText(), u"Replay 3 dead letters to the database"_s);
    QCOMPARE(dialog.summaryText(), u"3 will be replayed · 3 skipped · 1 over the replay budget"_s);
    QCOMPARE(dialog.skipReasonsText(), u"Skipped, and why:\n2 × already pending\n"
                                       "1 × completed: nothing to replay"_s);
    QVERIFY(dialog.notesText().contains(u"retry count back to 0"_s));
    QVERIFY(dialog.notesText().contains(u"overridden"_s));
    QCOMPARE(dialog.warningText(), QString());
    QCOMPARE(dialog.plan().rows.size(), 6);
    QCOMPARE(dialog.model()->actCount(), 3);
    QCOMPARE(dialog.model()->skipCount(), 3);
    QCOMPARE(dialog.model()->overBudgetCount(), 1);

    // Below the threshold: OK at once, saying what it does.
    QCOMPARE(dialog.okButton()->text(), u"Replay 3"_s);
    QVERIFY(dialog.okButton()->isEnabled());
    QVERIFY(!dialog.needsTypedConfirmation());
    QVERIFY(!dialog.confirmField()->isVisibleTo(&dialog));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.show();
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void tst_ActionPreviewDialog::headlines_data()
{
    QTest::addColumn<ActionPlan>("plan");
    QTest::addColumn<QString>("headline");
    QTest::addColumn<QString>("ok");

    const auto twoOf = [](ActionOptions o, const QString &status = u"dead_letter"_s,
                          const QString &secondPort = u"orders"_s) {
        ActionPlan plan;
        plan.options = o;
        plan.rows << acting(message(1, status), o) << acting(message(2, status, secondPort), o);
        return plan;
    };
    QTest::newRow("purge") << twoOf(options(ActionKind::Purge)) << u"Purge 2 dead letters"_s
                           << u"Purge 2"_s;
    QTest::newRow("restore") << twoOf(options(ActionKind::Restore))
                             << u"Restore 2 purged messages"_s << u"Restore 2"_s;
    ActionOptions move = options(ActionKind::Move);
    move.toPort = u"orders-retry"_s;
    QTest::newRow("move") << twoOf(move) << u"Move 2 dead letters to port orders-retry"_s
                          << u"Move 2"_s;
    ActionOptions redis = options(ActionKind::Replay);
    redis.target = ReplayTarget::Redis;
    redis.redisUrl = u"redis://127.0.0.1:6379"_s;
    QTest::newRow("redis, one key")
        << twoOf(redis) << u"Replay 2 dead letters to Redis key orders"_s << u"Replay 2"_s;
    QTest::newRow("redis, a key a port")
        << twoOf(redis, u"dead_letter"_s, u"payments"_s)
        << u"Replay 2 dead letters to 2 Redis keys ({port})"_s << u"Replay 2"_s;
    redis.redisKey = u"replay:{port}"_s;
    QTest::newRow("redis, key template")
        << twoOf(redis) << u"Replay 2 dead letters to Redis key replay:orders"_s << u"Replay 2"_s;
    // Failed rows with retries left are no dead letters: the Queues pane replays those too.
    QTest::newRow("not dead letters") << twoOf(options(ActionKind::Replay), u"processing"_s)
                                      << u"Replay 2 messages to the database"_s << u"Replay 2"_s;
    ActionPlan one;
    one.options = options(ActionKind::Purge);
    one.rows << acting(message(1), one.options);
    QTest::newRow("one") << one << u"Purge 1 dead letter"_s << u"Purge 1"_s;
    ActionPlan none;
    none.options = options(ActionKind::Purge);
    none.rows << skipped(message(1), u"purged already"_s)
              << skipped(message(2), u"purged already"_s);
    QTest::newRow("all skipped") << none
                                 << u"Nothing to purge: all 2 messages selected are skipped."_s
                                 << u"Purge"_s;
    QTest::newRow("empty") << ActionPlan{} << u"Nothing to replay: no message matches."_s
                           << u"Replay"_s;
    QTest::newRow("thousands") << bigPlan(1234, 0, ActionKind::Purge)
                               << u"Purge 1,234 dead letters"_s << u"Purge 1,234"_s;
}

void tst_ActionPreviewDialog::headlines()
{
    QFETCH(ActionPlan, plan);
    QFETCH(QString, headline);
    QFETCH(QString, ok);
    ActionPreviewDialog dialog(plan, u"Preview"_s);
    QCOMPARE(dialog.headlineText(), headline);
    QCOMPARE(dialog.okButton()->text(), ok);
}

void tst_ActionPreviewDialog::modelShowsEachRow()
{
    ActionPlanModel model(replayPlan());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(model.columnCount(), int(M::ColumnCount));
    QCOMPARE(model.headerData(M::StatusColumn, Qt::Horizontal).toString(), u"Status now"_s);
    const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
        return model.index(row, column).data(role);
    };
    const QStringList first{
        cell(0, M::IdColumn).toString(),      cell(0, M::PortColumn).toString(),
        cell(0, M::StatusColumn).toString(),  cell(0, M::BecomesColumn).toString(),
        cell(0, M::RetriesColumn).toString(), cell(0, M::ReplaysColumn).toString(),
        cell(0, M::OutcomeColumn).toString()};
    QCOMPARE(first,
             (QStringList{u"00000000-0000-0000-0000-000000000001"_s, u"orders"_s, u"dead_letter"_s,
                          u"pending"_s, u"3 → 0"_s, u"0 → 1"_s, u"will act"_s}));
    QVERIFY(cell(0, 0, M::ActsRole).toBool());
    QVERIFY(!cell(0, M::OutcomeColumn, Qt::ForegroundRole).isValid());

    // Skipped: unchanged, greyed in every column, the reason as its outcome.
    QCOMPARE(cell(1, M::BecomesColumn).toString(), u"(unchanged)"_s);
    QCOMPARE(cell(1, M::RetriesColumn).toString(), u"3"_s);
    QCOMPARE(cell(1, M::OutcomeColumn).toString(), u"already pending"_s);
    QCOMPARE(cell(1, 0, M::SkipReasonRole).toString(), u"already pending"_s);
    QVERIFY(cell(1, 0, M::SkippedRole).toBool());
    for (int column = 0; column < M::ColumnCount; ++column)
        QCOMPARE(cell(1, column, Qt::ForegroundRole).value<QBrush>().color(),
                 QColor(0x80, 0x80, 0x80));

    // Over the budget: acted on, and said so.
    QCOMPARE(cell(3, M::ReplaysColumn).toString(), u"3 → 4"_s);
    QCOMPARE(cell(3, M::OutcomeColumn).toString(), u"will act (over the replay budget)"_s);
    QVERIFY(cell(3, 0, M::OverBudgetRole).toBool());
    QVERIFY(cell(3, M::OutcomeColumn, Qt::ToolTipRole).toString().contains(u"overridden"_s));

    // What the other actions make of a row.
    PortMessage purged = message(9);
    purged.deletedAt = QDateTime::currentDateTimeUtc();
    ActionOptions restore = options(ActionKind::Restore);
    QCOMPARE(M::becomesText(acting(purged, restore), restore), u"restored, dead_letter"_s);
    ActionOptions purge = options(ActionKind::Purge);
    QCOMPARE(M::becomesText(acting(message(9), purge), purge), u"purged"_s);
    ActionOptions move = options(ActionKind::Move);
    move.toPort = u"elsewhere"_s;
    QCOMPARE(M::becomesText(acting(message(9), move), move), u"port elsewhere"_s);
    ActionOptions redis = options(ActionKind::Replay);
    redis.target = ReplayTarget::Redis;
    redis.redisKey = u"replay:{port}"_s;
    QCOMPARE(M::becomesText(acting(message(9), redis), redis), u"published to replay:orders"_s);

    ActionPlanModel restoring([&] {
        ActionPlan plan;
        plan.options = restore;
        plan.rows << acting(purged, restore);
        return plan;
    }());
    QCOMPARE(restoring.index(0, M::StatusColumn).data().toString(), u"dead_letter (purged)"_s);
}

void tst_ActionPreviewDialog::typedConfirmation()
{
    ActionPreviewDialog dialog(bigPlan(1234, 10), u"Replay"_s);
    dialog.show();
    QCOMPARE(dialog.confirmThreshold(), ActionPreviewDialog::defaultConfirmThreshold);
    QVERIFY(dialog.needsTypedConfirmation());
    QVERIFY(dialog.confirmField()->isVisible());
    QCOMPARE(dialog.confirmPrompt(), u"Type 1234 to confirm:"_s);
    QCOMPARE(dialog.okButton()->text(), u"Replay 1,234"_s);
    QVERIFY(!dialog.okButton()->isEnabled());

    // Only the count, exactly.
    QTest::keyClicks(dialog.confirmField(), u"123"_s);
    QVERIFY(!dialog.okButton()->isEnabled());
    QTest::keyClicks(dialog.confirmField(), u"4"_s);
    QVERIFY(dialog.okButton()->isEnabled());
    QTest::keyClicks(dialog.confirmField(), u"4"_s);
    QVERIFY(!dialog.okButton()->isEnabled());
    dialog.confirmField()->setText(u"1,234"_s);
    QVERIFY(!dialog.okButton()->isEnabled());
    dialog.confirmField()->setText(u"1244"_s); // the rows in the plan, skipped ones included
    QVERIFY(!dialog.okButton()->isEnabled());
    dialog.confirmField()->setText(u" 1234 "_s);
    QVERIFY(dialog.okButton()->isEnabled());
    dialog.confirmField()->clear();
    QVERIFY(!dialog.okButton()->isEnabled());

    // Enter cancels until the count is typed; then it acts.
    QVERIFY(!dialog.okButton()->isDefault());
    QTest::keyClicks(dialog.confirmField(), u"1234"_s);
    QVERIFY(dialog.okButton()->isDefault());
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::keyClick(dialog.confirmField(), Qt::Key_Return);
    QCOMPARE(accepted.count(), 1);
    dialog.show();
    dialog.confirmField()->setText(u"123"_s);
    QVERIFY(!dialog.okButton()->isDefault());
    QSignalSpy rejected(&dialog, &QDialog::rejected);
    QTest::keyClick(dialog.confirmField(), Qt::Key_Return);
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(accepted.count(), 1);
    dialog.show();
    dialog.confirmField()->clear();

    // The threshold decides, at it too.
    dialog.setConfirmThreshold(1235);
    QVERIFY(!dialog.needsTypedConfirmation());
    QVERIFY(!dialog.confirmField()->isVisible());
    QVERIFY(dialog.okButton()->isEnabled());
    dialog.setConfirmThreshold(1234);
    QVERIFY(dialog.needsTypedConfirmation());
    QVERIFY(!dialog.okButton()->isEnabled());

    ActionPreviewDialog small(bigPlan(20, 0, ActionKind::Purge), u"Purge"_s, 20);
    QVERIFY(small.needsTypedConfirmation());
    QCOMPARE(small.confirmPrompt(), u"Type 20 to confirm:"_s);
    QVERIFY(!small.okButton()->isEnabled());
    small.confirmField()->setText(u"20"_s);
    QVERIFY(small.okButton()->isEnabled());
    QCOMPARE(small.okButton()->text(), u"Purge 20"_s);
}

void tst_ActionPreviewDialog::nothingActs()
{
    ActionPreviewDialog dialog(bigPlan(0, 500), u"Replay"_s);
    QVERIFY(!dialog.needsTypedConfirmation());
    QVERIFY(!dialog.confirmField()->isVisibleTo(&dialog));
    QVERIFY(!dialog.okButton()->isEnabled());
    QCOMPARE(dialog.summaryText(),
             u"0 will be replayed · 500 skipped · 0 over the replay budget"_s);
    // Most frequent first: 333 of one, 167 of the other.
    QCOMPARE(dialog.skipReasonsText(),
             u"Skipped, and why:\n333 × already pending\n167 × changed since the dry run"_s);
}

void tst_ActionPreviewDialog::filtersSkipped()
{
    ActionPreviewDialog dialog(replayPlan(), u"Replay"_s);
    QSortFilterProxyModel *proxy = dialog.proxy();
    QAbstractItemModelTester tester(proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(dialog.view()->model(), proxy);
    QCOMPARE(proxy->rowCount(), 6);
    QVERIFY(dialog.skippedOnlyBox()->isEnabled());

    dialog.skippedOnlyBox()->setChecked(true);
    QCOMPARE(proxy->rowCount(), 3);
    QStringList reasons;
    for (int row = 0; row < proxy->rowCount(); ++row) {
        QVERIFY(proxy->index(row, 0).data(M::SkippedRole).toBool());
        reasons << proxy->index(row, M::OutcomeColumn).data().toString();
    }
    QCOMPARE(reasons, (QStringList{u"already pending"_s, u"already pending"_s,
                                   u"completed: nothing to replay"_s}));

    dialog.skippedOnlyBox()->setChecked(false);
    QCOMPARE(proxy->rowCount(), 6);

    // Nothing to filter when nothing is skipped.
    ActionPreviewDialog all(bigPlan(3, 0), u"Replay"_s);
    QVERIFY(!all.skippedOnlyBox()->isEnabled());
}

void tst_ActionPreviewDialog::warnsWhenTruncated()
{
    ActionPlan plan = bigPlan(40, 10);
    plan.truncated = true;
    ActionPreviewDialog dialog(plan, u"Replay"_s);
    QVERIFY2(dialog.warningText().contains(u"only the first 50 are planned"_s),
             qPrintable(dialog.warningText()));
}

// Each column but the outcome is as wide as its rows' text and its title: a long port name
// (the demo's payments.requests) and a UUID are read whole.
void tst_ActionPreviewDialog::columnsFitTheirRows()
{
    ActionPlan plan = replayPlan();
    plan.rows[0].before.portName = plan.rows[0].after.portName = u"notifications.email.priority"_s;
    ActionPreviewDialog dialog(plan, u"Replay"_s);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QAbstractItemView *view = dialog.findChild<QTableView *>(u"planView"_s);
    QVERIFY(view);
    auto *table = static_cast<QTableView *>(view);
    const QFontMetrics metrics = view->fontMetrics();
    QVERIFY(table->columnWidth(M::PortColumn) >
            metrics.horizontalAdvance(u"notifications.email.priority"_s));
    QVERIFY(table->columnWidth(M::IdColumn) >
            metrics.horizontalAdvance(u"00000000-0000-0000-0000-000000000001"_s));
    for (int column = 0; column < M::OutcomeColumn; ++column) {
        QVERIFY2(table->columnWidth(column) >= view->sizeHintForColumn(column),
                 qPrintable(QString::number(column)));
        QVERIFY2(table->columnWidth(column) >= table->horizontalHeader()->sectionSizeHint(column),
                 qPrintable(QString::number(column)));
    }
    QVERIFY2(table->horizontalHeader()->sectionPosition(M::OutcomeColumn) <
                 view->viewport()->width() -
                     metrics.horizontalAdvance(u"completed: nothing to replay"_s),
             "the outcome is read whole beside the other columns");
}

void tst_ActionPreviewDialog::staysFastWithManyRows()
{
    // 100,000 rows: a plain model under a plain view, nothing a row but its data. Generous
    // bounds (a debug build on a shared machine); a widget a row would take minutes.
    const ActionPlan plan = bigPlan(90000, 10000);
    QElapsedTimer timer;
    timer.start();
    ActionPreviewDialog dialog(plan, u"Replay"_s);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.model()->actCount(), 90000);
    QCOMPARE(dialog.proxy()->rowCount(), 100000);
    dialog.skippedOnlyBox()->setChecked(true);
    QCOMPARE(dialog.proxy()->rowCount(), 10000);
    dialog.skippedOnlyBox()->setChecked(false);
    dialog.view()->scrollToBottom();
    QCOMPARE(dialog.headlineText(), u"Replay 90,000 dead letters to the database"_s);
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(elapsed < 10000, qPrintable(u"took %1 ms"_s.arg(elapsed)));
    qInfo("100,000 planned rows shown and filtered in %lld ms", elapsed);
}

QTEST_MAIN(tst_ActionPreviewDialog)
#include "tst_actionpreviewdialog.moc"
