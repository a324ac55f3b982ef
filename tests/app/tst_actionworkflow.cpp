#include "../models/pagedtestsupport.h"
#include "actionoptionsdialog.h"
#include "actionoutbox.h"
#include "actionpreviewdialog.h"
#include "actionprogressdialog.h"
#include "actionworkflow.h"
#include "deadletterspane.h"
#include "editpayloaddialog.h"
#include "harddeletedialog.h"
#include "jsonpayloadeditor.h"
#include "mainwindow.h"
#include "messageactionbar.h"
#include "panemodels.h"
#include "portmessagebrowser.h"
#include "portmessagemodel.h"
#include "queuespane.h"
#include "sqlsupport.h"
#include "storedportmessages.h"
#include "windowcontroller.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::MigratedDatabase;
using porthole::test::rowsOf;
using porthole::test::scalar;
using Engine = porthole::test::ScratchDatabase::Engine;
using M = PortMessageModel;
using porthole::test::storeDeadLetters;

namespace {

QStringList idsOf(const QList<PortMessage> &messages)
{
    QStringList ids;
    for (const PortMessage &m : messages)
        ids << m.id;
    return ids;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

PagedTableModel::Options paneOptions()
{
    PagedTableModel::Options options;
    options.refreshIntervalMs = 3600000; // the tests refresh when they mean to
    return options;
}

void clickRow(QTableView *view, int row, Qt::KeyboardModifiers modifiers = {})
{
    const QRect cell = view->visualRect(view->model()->index(row, M::PortColumn));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, modifiers, cell.center());
}

QString idAt(QTableView *view, int row)
{
    return view->model()->index(row, 0).data(M::MessageRole).value<PortMessage>().id;
}

// Answers every options dialog (shown with exec()) while it lives, as an operator would: OK
// when it can be clicked, else Cancel, so that a test fails rather than hangs.
class OptionsDialogAnswerer : public QObject
{
public:
    struct Seen
    {
        bool modal = false; // it was the active modal widget
        bool okEnabled = false;
        ActionOptions options;
    };

    OptionsDialogAnswerer() { qApp->installEventFilter(this); }
    ~OptionsDialogAnswerer() override { qApp->removeEventFilter(this); }

    QList<Seen> seen;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Show) {
            if (auto *dialog = qobject_cast<ActionOptionsDialog *>(watched)) {
                // Once exec() runs its event loop.
                QMetaObject::invokeMethod(
                    this,
                    [this, dialog = QPointer<ActionOptionsDialog>(dialog)] { answer(dialog); },
                    Qt::QueuedConnection);
            }
        }
        return QObject::eventFilter(watched, event);
    }

private:
    void answer(ActionOptionsDialog *dialog)
    {
        if (!dialog || !dialog->isVisible())
            return;
        Seen one;
        one.modal = QApplication::activeModalWidget() == dialog;
        one.options = dialog->options();
        auto *buttons = dialog->findChild<QDialogButtonBox *>();
        QPushButton *ok = buttons ? buttons->button(QDialogButtonBox::Ok) : nullptr;
        one.okEnabled = ok && ok->isEnabled();
        seen << one;
        if (one.okEnabled)
            ok->click();
        else
            dialog->reject();
    }
};

} // namespace

// The actions on port messages as an operator takes them: the lock, the options, the dry run,
// the typed count of a large action, the run, undo, editing a payload, and what a crash left.
class tst_ActionWorkflow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void lockedByDefault();
    void readOnly();
    void replayThroughTheDialogs();
    void largeActionNeedsTypedCount();
    void editConflict();
    void invalidJsonCannotBeSaved_data();
    void invalidJsonCannotBeSaved();
    void recoverAtStart();
    void hardDeleteThroughTheDialog();
    void recoversEveryActionLeft();
};

void tst_ActionWorkflow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_actionworkflow"_s);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    // The console runs without a keychain, as on a server with no desktop session.
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
}

void tst_ActionWorkflow::init()
{
    QSettings().clear();
}

void tst_ActionWorkflow::lockedByDefault()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QCOMPARE(storeDeadLetters(database.db, 3).size(), 3);

    PaneModels queuesModels(*database.factory, paneOptions());
    QueuesPane queues(queuesModels.portMessages(), queuesModels.lookup());
    PaneModels deadLettersModels(*database.factory, paneOptions());
    DeadLettersPane deadLetters(deadLettersModels.portMessages(), deadLettersModels.lookup());
    ActionWorkflow controller(*database.factory, &deadLetters);
    controller.attach(queues.actionBar());
    controller.attach(deadLetters.actionBar());
    deadLetters.resize(1200, 800);
    deadLetters.show();
    QTRY_COMPARE_WITH_TIMEOUT(deadLetters.model()->rowCount(), 3, 20000);

    const QList<MessageActionBar *> bars{queues.actionBar(), deadLetters.actionBar()};
    for (MessageActionBar *bar : bars) {
        QVERIFY(!bar->isUnlocked());
        QVERIFY(bar->unlockAction()->isEnabled());
        for (QAction *action : {bar->replayAction(), bar->editAction(), bar->purgeAction(),
                                bar->moveAction(), bar->undoAction()})
            QVERIFY2(!action->isEnabled(), qPrintable(action->objectName()));
    }
    // Locked, a current row does not enable editing either.
    QTableView *view = deadLetters.browser()->view();
    clickRow(view, 0);
    QVERIFY(view->currentIndex().isValid());
    QVERIFY(!deadLetters.actionBar()->editAction()->isEnabled());
    // Locked actions ask for nothing.
    QSignalSpy requested(deadLetters.actionBar(), &MessageActionBar::actionRequested);
    deadLetters.actionBar()->purgeAction()->trigger();
    deadLetters.actionBar()->replayAction()->trigger();
    QCOMPARE(requested.size(), 0);

    // Unlocking in one pane unlocks the other.
    QSignalSpy unlocked(queues.actionBar(), &MessageActionBar::unlockedChanged);
    deadLetters.actionBar()->unlockAction()->trigger();
    QCOMPARE(unlocked.size(), 1);
    for (MessageActionBar *bar : bars) {
        QVERIFY(bar->isUnlocked());
        QVERIFY(bar->unlockAction()->isChecked());
        for (QAction *action : {bar->replayAction(), bar->purgeAction(), bar->moveAction()})
            QVERIFY2(action->isEnabled(), qPrintable(action->objectName()));
        QVERIFY2(!bar->undoAction()->isEnabled(), "no purge of this session to undo yet");
    }
    QVERIFY(deadLetters.actionBar()->editAction()->isEnabled()); // it has a current row

    // And locking in the other locks both.
    queues.actionBar()->unlockAction()->trigger();
    for (MessageActionBar *bar : bars) {
        QVERIFY(!bar->isUnlocked());
        QVERIFY(!bar->replayAction()->isEnabled());
        QVERIFY(!bar->purgeAction()->isEnabled());
    }
    QVERIFY(!deadLetters.actionBar()->editAction()->isEnabled());
}

void tst_ActionWorkflow::readOnly()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QList<PortMessage> stored = storeDeadLetters(database.db, 3);
    QCOMPARE(stored.size(), 3);

    PaneModels queuesModels(*database.factory, paneOptions());
    QueuesPane queues(queuesModels.portMessages(), queuesModels.lookup());
    PaneModels deadLettersModels(*database.factory, paneOptions());
    DeadLettersPane deadLetters(deadLettersModels.portMessages(), deadLettersModels.lookup());
    ActionWorkflow controller(*database.factory, &deadLetters);
    controller.attach(deadLetters.actionBar());
    deadLetters.actionBar()->setUnlocked(true);
    QVERIFY(deadLetters.actionBar()->isUnlocked());

    // Read-only locks what was unlocked, and a bar attached afterwards is read-only too.
    controller.setReadOnly(true);
    QVERIFY(controller.isReadOnly());
    controller.attach(queues.actionBar());
    const QList<MessageActionBar *> bars{queues.actionBar(), deadLetters.actionBar()};
    for (MessageActionBar *bar : bars) {
        QVERIFY(bar->isReadOnly());
        QVERIFY(!bar->isUnlocked());
        QVERIFY(!bar->unlockAction()->isEnabled());
        QVERIFY(!bar->replayAction()->isEnabled());
        QVERIFY(!bar->purgeAction()->isEnabled());
        QVERIFY(!bar->moveAction()->isEnabled());
        bar->unlockAction()->trigger();
        bar->setUnlocked(true);
        QVERIFY(!bar->isUnlocked());
    }

    // Nothing the controller is asked to do happens. (Were the replay's options dialog shown,
    // it is rejected rather than left hanging.)
    QSignalSpy planned(controller.worker(), &ActionWorker::planned);
    QSignalSpy status(&controller, &ActionWorkflow::statusMessage);
    ActionSelection all;
    all.ids = idsOf(stored);
    all.description = u"all three"_s;
    OptionsDialogAnswerer optionsDialogs;
    controller.requestAction(ActionKind::Replay, all);
    controller.requestAction(ActionKind::Purge, all);
    controller.requestAction(ActionKind::Move, all);
    controller.editMessage(stored.first());
    controller.undoPurge();
    QVERIFY(!controller.editDialog());
    QVERIFY(!controller.previewDialog());
    QCOMPARE(status.size(), 0); // not even "Dry run: reading the rows…"

    // Writable again, the same request gets its dry run. The service works through its jobs
    // in order, so had a read-only request reached it, its plan would have come first.
    controller.setReadOnly(false);
    QVERIFY(deadLetters.actionBar()->unlockAction()->isEnabled());
    QVERIFY(!deadLetters.actionBar()->isUnlocked()); // the operator unlocks again
    controller.requestAction(ActionKind::Purge, all);
    QTRY_VERIFY_WITH_TIMEOUT(controller.previewDialog(), 20000);
    QCOMPARE(planned.size(), 1);
    QCOMPARE(controller.previewDialog()->plan().options.kind, ActionKind::Purge);
    QVERIFY2(optionsDialogs.seen.isEmpty(), "read-only, an options dialog opened");
    controller.previewDialog()->reject();
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM port_messages WHERE deleted_at IS NOT "
                                 "NULL OR status <> 'dead_letter'"_s),
             0);
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM audit_log"_s), 0);
}

void tst_ActionWorkflow::replayThroughTheDialogs()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QList<PortMessage> stored = storeDeadLetters(database.db, 5);
    QCOMPARE(stored.size(), 5);

    PaneModels paneModels(*database.factory, paneOptions());
    DeadLettersPane pane(paneModels.portMessages(), paneModels.lookup());
    ActionWorkflow controller(*database.factory, &pane);
    controller.attach(pane.actionBar());
    QSignalSpy dataChanged(&controller, &ActionWorkflow::dataChanged);
    pane.resize(1200, 800);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE_WITH_TIMEOUT(pane.model()->rowCount(), 5, 20000);
    PORTHOLE_SETTLE(*pane.model());

    MessageActionBar *bar = pane.actionBar();
    bar->unlockAction()->trigger();
    QVERIFY(bar->isUnlocked());

    // Two rows selected, with Ctrl as an operator would.
    QTableView *view = pane.browser()->view();
    clickRow(view, 1);
    clickRow(view, 3, Qt::ControlModifier);
    QCOMPARE(view->selectionModel()->selectedRows().size(), 2);
    const QStringList selected = sorted({idAt(view, 1), idAt(view, 3)});
    QVERIFY(!selected.contains(QString()));
    QCOMPARE(sorted(bar->selection().ids), selected);

    // Replay: the options first (modal), then the dry run.
    OptionsDialogAnswerer optionsDialogs;
    bar->replayAction()->trigger();
    QCOMPARE(optionsDialogs.seen.size(), 1);
    const OptionsDialogAnswerer::Seen &options = optionsDialogs.seen.constFirst();
    QVERIFY(options.modal);
    QVERIFY(options.okEnabled);
    QCOMPARE(options.options.kind, ActionKind::Replay);
    QCOMPARE(options.options.target, ReplayTarget::Database);

    QTRY_VERIFY_WITH_TIMEOUT(controller.previewDialog() && controller.previewDialog()->isVisible(),
                             20000);
    ActionPreviewDialog *preview = controller.previewDialog();
    const ActionPlan &plan = preview->plan();
    QCOMPARE(plan.options.kind, ActionKind::Replay);
    QCOMPARE(plan.options.target, ReplayTarget::Database);
    QCOMPARE(plan.rows.size(), 2);
    QCOMPARE(sorted(plan.actingIds()), selected);
    QVERIFY(!preview->needsTypedConfirmation());
    QVERIFY(preview->okButton()->isEnabled());
    QCOMPARE(preview->okButton()->text(), u"Replay 2"_s);
    QCOMPARE(dataChanged.size(), 0); // a dry run changes nothing
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM audit_log"_s), 0);

    preview->okButton()->click();
    QPointer<ActionProgressDialog> progress = controller.progressDialog();
    QVERIFY(progress);
    QTRY_VERIFY_WITH_TIMEOUT(progress->isFinished(), 20000);
    QVERIFY2(progress->statusText().startsWith(u"2 of 2 done"_s),
             qPrintable(progress->statusText()));
    QCOMPARE(progress->done(), 2);
    QCOMPARE(progress->total(), 2);
    QCOMPARE(dataChanged.size(), 1);

    // The two selected rows were replayed, the other three left alone.
    QStringList expected;
    for (const PortMessage &m : stored) {
        expected << (selected.contains(m.id) ? u"%1 | pending | 0 | 1 | 2"_s.arg(m.id)
                                             : u"%1 | dead_letter | 3 | 0 | 1"_s.arg(m.id));
    }
    QCOMPARE(rowsOf(database.db, u"SELECT id, status, retry_count, replay_count, version FROM "
                                 "port_messages ORDER BY created_at"_s),
             expected);
    QCOMPARE(rowsOf(database.db, u"SELECT action, affected_count FROM audit_log ORDER BY id"_s),
             (QStringList{u"replay | 2"_s, u"replay finished | 2"_s}));
    QCOMPARE(
        sorted(rowsOf(database.db, u"SELECT message_id FROM port_message_history WHERE change = "
                                   "'replay'"_s)),
        selected);
}

void tst_ActionWorkflow::largeActionNeedsTypedCount()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QList<PortMessage> stored = storeDeadLetters(database.db, 120);
    QCOMPARE(stored.size(), 120);

    PaneModels paneModels(*database.factory, paneOptions());
    DeadLettersPane pane(paneModels.portMessages(), paneModels.lookup());
    ActionWorkflow controller(*database.factory, &pane);
    controller.attach(pane.actionBar());
    QSignalSpy planned(controller.worker(), &ActionWorker::planned);
    pane.resize(1200, 800);
    pane.show();
    QTRY_VERIFY_WITH_TIMEOUT(pane.model()->rowCount() > 0, 20000);
    PORTHOLE_SETTLE(*pane.model());
    MessageActionBar *bar = pane.actionBar();
    bar->unlockAction()->trigger();
    pane.browser()->view()->selectionModel()->clearSelection();
    QVERIFY(bar->selection().ids.isEmpty()); // every dead letter shown, by the filter

    // Purge every row shown: 120, so the count must be typed.
    bar->purgeAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(planned.size(), 1, 20000);
    QPointer<ActionPreviewDialog> preview = controller.previewDialog();
    QVERIFY(preview);
    QCOMPARE(preview->plan().options.kind, ActionKind::Purge);
    QCOMPARE(preview->plan().actCount(), 120);
    QCOMPARE(sorted(preview->plan().actingIds()), sorted(idsOf(stored)));
    QVERIFY(preview->needsTypedConfirmation());
    QCOMPARE(preview->confirmPrompt(), u"Type 120 to confirm:"_s);
    QVERIFY(!preview->okButton()->isEnabled());
    QTest::keyClicks(preview->confirmField(), u"12"_s);
    QVERIFY(!preview->okButton()->isEnabled());
    QTest::keyClicks(preview->confirmField(), u"0"_s);
    QVERIFY(preview->okButton()->isEnabled());
    QVERIFY(!bar->undoAction()->isEnabled());
    preview->okButton()->click();

    QPointer<ActionProgressDialog> progress = controller.progressDialog();
    QVERIFY(progress);
    QTRY_VERIFY_WITH_TIMEOUT(progress->isFinished(), 20000);
    QVERIFY2(progress->statusText().startsWith(u"120 of 120 done"_s),
             qPrintable(progress->statusText()));
    QCOMPARE(
        scalar(database.db, u"SELECT count(*) FROM port_messages WHERE deleted_at IS NOT NULL"_s),
        120);
    QVERIFY(bar->undoAction()->isEnabled());
    progress->closeButton()->click();

    // Undo: a dry run of bringing back exactly what the purge took.
    bar->undoAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(planned.size(), 2, 20000);
    preview = controller.previewDialog();
    QVERIFY(preview);
    QCOMPARE(preview->plan().options.kind, ActionKind::Restore);
    QCOMPARE(preview->plan().actCount(), 120);
    QCOMPARE(sorted(preview->plan().actingIds()), sorted(idsOf(stored)));
    QVERIFY(!preview->okButton()->isEnabled());
    QTest::keyClicks(preview->confirmField(), u"120"_s);
    QVERIFY(preview->okButton()->isEnabled());
    preview->okButton()->click();

    progress = controller.progressDialog();
    QVERIFY(progress);
    QTRY_VERIFY_WITH_TIMEOUT(progress->isFinished(), 20000);
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM port_messages WHERE deleted_at IS NULL"_s),
             120);
    QVERIFY2(!bar->undoAction()->isEnabled(), "nothing left to undo after the restore");
    QCOMPARE(rowsOf(database.db, u"SELECT action, affected_count FROM audit_log ORDER BY id"_s),
             (QStringList{u"purge | 120"_s, u"purge finished | 120"_s, u"restore | 120"_s,
                          u"restore finished | 120"_s}));
}

void tst_ActionWorkflow::editConflict()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QList<PortMessage> stored = storeDeadLetters(database.db, 2);
    QCOMPARE(stored.size(), 2);
    const QString id = stored.first().id;

    QWidget window;
    ActionWorkflow controller(*database.factory, &window);
    QSignalSpy dataChanged(&controller, &ActionWorkflow::dataChanged);
    controller.editMessage(stored.first());
    QPointer<EditPayloadDialog> dialog = controller.editDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->message().version, 1);
    QVERIFY(!dialog->saveButton()->isEnabled()); // nothing changed yet

    dialog->editor()->setText(u"{\n    \"fixed\": true,\n    \"n\": 0\n}\n"_s);
    QTRY_VERIFY(dialog->saveButton()->isEnabled());
    QVERIFY(dialog->editor()->isValid());

    // Meanwhile another operator saves a payload of their own.
    const auto theirs =
        editPortMessagePayload(database.db, id, 1, QByteArrayLiteral("{\"n\": 0, \"theirs\": 1}"));
    QVERIFY2(theirs.ok(), qPrintable(theirs.errorMessage()));
    QCOMPARE(theirs->version, 2);

    QSignalSpy accepted(dialog.data(), &QDialog::accepted);
    dialog->saveButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->problemText().isEmpty(), 20000);
    QVERIFY(dialog);
    QCOMPARE(accepted.size(), 0);
    QVERIFY2(dialog->problemText().contains(u"version 2"_s), qPrintable(dialog->problemText()));
    QVERIFY2(dialog->problemText().contains(u"you edited version 1"_s),
             qPrintable(dialog->problemText()));
    // The edit is kept, now compared with the row as it is.
    QCOMPARE(dialog->message().version, 2);
    const auto current = PortMessageRepository(database.db).get(id);
    QVERIFY(current.ok());
    QCOMPARE(dialog->editor()->original(), current->messageData);
    QVERIFY(dialog->editor()->text().contains(u"\"fixed\""_s));
    QCOMPARE(dataChanged.size(), 0);
    QCOMPARE(scalar(database.db, u"SELECT version FROM port_messages WHERE id = '%1'"_s.arg(id)),
             2);

    // Saving again writes over their version (once the kept text is checked against it).
    QTRY_VERIFY(dialog->saveButton()->isEnabled());
    QVERIFY(dialog->editor()->isChanged());
    QCOMPARE(dialog->editor()->editedJson(), QByteArrayLiteral("{\"fixed\":true,\"n\":0}"));
    dialog->saveButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 1, 20000);
    QCOMPARE(dataChanged.size(), 1);
    const auto saved = PortMessageRepository(database.db).get(id);
    QVERIFY(saved.ok());
    QCOMPARE(saved->version, 3);
    QCOMPARE(test::json(saved->messageData),
             test::json(QByteArrayLiteral("{\"fixed\": true, \"n\": 0}")));
    QCOMPARE(rowsOf(database.db, u"SELECT change FROM port_message_history WHERE message_id = "
                                 "'%1' ORDER BY id"_s.arg(id)),
             (QStringList{u"edit"_s, u"edit"_s}));
    // The other row was not touched.
    QCOMPARE(scalar(database.db,
                    u"SELECT version FROM port_messages WHERE id = '%1'"_s.arg(stored.at(1).id)),
             1);
}

void tst_ActionWorkflow::invalidJsonCannotBeSaved_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("validation");
    QTest::newRow("one line") << u"{ \"a\": }"_s << u"Line 1, column 8: missing value"_s;
    QTest::newRow("second line") << u"{\n  \"a\": 1,\n  \"b\": }"_s
                                 << u"Line 3, column 8: missing value"_s;
}

void tst_ActionWorkflow::invalidJsonCannotBeSaved()
{
    QFETCH(QString, text);
    QFETCH(QString, validation);
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QList<PortMessage> stored = storeDeadLetters(database.db, 1);
    QCOMPARE(stored.size(), 1);

    QWidget window;
    ActionWorkflow controller(*database.factory, &window);
    controller.editMessage(stored.first());
    QPointer<EditPayloadDialog> dialog = controller.editDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->saveAndReplayButton()->isEnabled()); // unchanged: replays as it is

    QSignalSpy validity(dialog->editor(), &JsonPayloadEditor::validityChanged);
    dialog->editor()->setText(text);
    QVERIFY(validity.wait(5000));
    QCOMPARE(validity.constLast().constFirst().toBool(), false);
    QVERIFY(!dialog->saveButton()->isEnabled());
    QVERIFY(!dialog->saveAndReplayButton()->isEnabled());
    QCOMPARE(dialog->editor()->validationText(), validation);

    QSignalSpy saveRequested(dialog.data(), &EditPayloadDialog::saveRequested);
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    QTest::mouseClick(dialog->saveAndReplayButton(), Qt::LeftButton);
    QCOMPARE(saveRequested.size(), 0);
    QVERIFY(dialog && dialog->isVisible());
}

void tst_ActionWorkflow::recoverAtStart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"porthole.db"_s);
    QList<PortMessage> stored;
    QStringList prepared;
    // An action prepared but never run, as a crash between the two leaves it.
    {
        const ConnectionFactory factory(DatabaseUrl::sqliteFile(path));
        {
            auto db = factory.open(u"prepare"_s);
            QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
            QVERIFY(MigrationRunner(*db, *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite))
                        .up()
                        .ok());
            stored = storeDeadLetters(*db, 5);
            QCOMPARE(stored.size(), 5);
            ActionSelection selection;
            selection.ids = {stored.at(0).id, stored.at(2).id, stored.at(4).id};
            selection.description = u"3 selected"_s;
            ActionOptions options;
            options.kind = ActionKind::Replay;
            const auto plan = planAction(*db, selection, options);
            QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
            QCOMPARE(plan->actCount(), 3);
            const auto action = ActionOutbox(*db).prepare(*plan);
            QVERIFY2(action.ok(), qPrintable(action.errorMessage()));
            QCOMPARE(action->rows, 3);
            prepared = sorted(selection.ids);
        }
        factory.close(u"prepare"_s);
    }

    GuiOptions options;
    options.dataDirectory = dir.path();
    WindowController console(options);
    QVERIFY(console.setUp().ok());
    QVERIFY(console.actions());
    QSignalSpy status(console.actions(), &ActionWorkflow::statusMessage);
    QSignalSpy statusBar(console.window()->statusBar(), &QStatusBar::messageChanged);

    const auto messageStarting = [&status](const QString &start) {
        for (const QList<QVariant> &arguments : std::as_const(status)) {
            const QString message = arguments.constFirst().toString();
            if (message.startsWith(start))
                return message;
        }
        return QString();
    };
    const QString finishedStart = u"Finished an action left unfinished"_s;
    QTRY_VERIFY_WITH_TIMEOUT(!messageStarting(finishedStart).isEmpty(), 20000);
    QCOMPARE(messageStarting(u"Finishing"_s),
             u"Finishing 1 action(s) that were left unfinished…"_s);
    QVERIFY2(messageStarting(finishedStart)
                 .startsWith(u"Finished an action left unfinished: 3 of 3 done."_s),
             qPrintable(messageStarting(finishedStart)));
    // The console shows it in the window's status bar (among what else it says there).
    bool shown = false;
    for (const QList<QVariant> &arguments : std::as_const(statusBar))
        shown = shown || arguments.constFirst().toString().startsWith(finishedStart);
    QVERIFY2(shown, "the window's status bar did not say it");

    const ConnectionFactory factory(DatabaseUrl::sqliteFile(path));
    {
        auto db = factory.open(u"check"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QCOMPARE(scalar(*db, u"SELECT count(*) FROM action_outbox WHERE state = 'prepared'"_s), 0);
        QCOMPARE(rowsOf(*db, u"SELECT outcome, count(*) FROM action_outbox GROUP BY outcome"_s),
                 QStringList{u"applied | 3"_s});
        QStringList expected;
        for (const PortMessage &m : std::as_const(stored)) {
            expected << (prepared.contains(m.id) ? u"%1 | pending | 1"_s.arg(m.id)
                                                 : u"%1 | dead_letter | 0"_s.arg(m.id));
        }
        QCOMPARE(rowsOf(*db, u"SELECT id, status, replay_count FROM port_messages ORDER BY "
                             "created_at"_s),
                 expected);
        QCOMPARE(rowsOf(*db, u"SELECT action, affected_count FROM audit_log ORDER BY id"_s),
                 (QStringList{u"replay | 3"_s, u"replay finished | 3"_s}));
    }
    factory.close(u"check"_s);
}

void tst_ActionWorkflow::recoversEveryActionLeft()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QList<PortMessage> stored = storeDeadLetters(database.db, 5);
    QCOMPARE(stored.size(), 5);
    // Two actions prepared and never run: a replay of messages 0 and 1, a purge of 2 and 3.
    QList<qint64> auditIds;
    for (const ActionKind kind : {ActionKind::Replay, ActionKind::Purge}) {
        const int first = kind == ActionKind::Replay ? 0 : 2;
        ActionSelection selection;
        selection.ids = {stored.at(first).id, stored.at(first + 1).id};
        ActionOptions options;
        options.kind = kind;
        const auto plan = planAction(database.db, selection, options);
        QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
        const auto action = ActionOutbox(database.db).prepare(*plan);
        QVERIFY2(action.ok(), qPrintable(action.errorMessage()));
        auditIds << action->auditId;
    }

    QWidget window;
    ActionWorkflow controller(*database.factory, &window);
    QSignalSpy status(&controller, &ActionWorkflow::statusMessage);
    QSignalSpy finished(controller.worker(), &ActionWorker::finished);
    controller.recover();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 20000);
    // Each is said to be finished, the last as well as the first.
    QStringList said;
    for (const QList<QVariant> &arguments : std::as_const(status))
        said << arguments.constFirst().toString();
    QCOMPARE(said,
             (QStringList{u"Finishing 2 action(s) that were left unfinished…"_s,
                          u"Finished an action left unfinished: 2 of 2 done. Action %1 in the "
                          "audit log."_s.arg(auditIds.at(0)),
                          u"Finished an action left unfinished: 2 of 2 done. Action %1 in the "
                          "audit log."_s.arg(auditIds.at(1))}));
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM action_outbox WHERE state = 'prepared'"_s),
             0);
    QCOMPARE(rowsOf(database.db, u"SELECT status, replay_count, deleted_at IS NOT NULL FROM "
                                 "port_messages ORDER BY created_at"_s),
             (QStringList{u"pending | 1 | 0"_s, u"pending | 1 | 0"_s, u"dead_letter | 0 | 1"_s,
                          u"dead_letter | 0 | 1"_s, u"dead_letter | 0 | 0"_s}));

    // What the operator does next is the controller's own again: its progress and its undo.
    ActionSelection last;
    last.ids = {stored.at(4).id};
    controller.requestAction(ActionKind::Purge, last);
    QTRY_VERIFY_WITH_TIMEOUT(controller.previewDialog(), 20000);
    controller.previewDialog()->okButton()->click();
    QPointer<ActionProgressDialog> progress = controller.progressDialog();
    QVERIFY(progress);
    QTRY_VERIFY_WITH_TIMEOUT(progress->isFinished(), 20000);
    QVERIFY2(progress->statusText().startsWith(u"1 of 1 done"_s),
             qPrintable(progress->statusText()));
    QCOMPARE(status.size(), 5); // the dry run's "reading the rows" and its end, no more
}

void tst_ActionWorkflow::hardDeleteThroughTheDialog()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QList<PortMessage> stored = storeDeadLetters(database.db, 6);
    QCOMPARE(stored.size(), 6);
    // Two purged long ago, two lately, two not at all.
    const auto purge = [&](int row, int daysAgo) {
        QSqlQuery query(database.db);
        query.prepare(u"UPDATE port_messages SET deleted_at = ? WHERE id = ?"_s);
        query.addBindValue(timestampText(QDateTime::currentDateTimeUtc().addDays(-daysAgo)));
        query.addBindValue(stored.at(row).id);
        return query.exec();
    };
    QVERIFY(purge(0, 40) && purge(1, 35) && purge(2, 3) && purge(3, 1));

    PaneModels paneModels(*database.factory, paneOptions());
    QueuesPane pane(paneModels.portMessages(), paneModels.lookup());
    ActionWorkflow controller(*database.factory, &pane);
    controller.attach(pane.actionBar());
    QSignalSpy deleted(controller.worker(), &ActionWorker::hardDeleted);
    MessageActionBar *bar = pane.actionBar();
    QVERIFY(!bar->hardDeleteAction()->isEnabled()); // locked
    bar->unlockAction()->trigger();
    bar->hardDeleteAction()->trigger();
    QPointer<HardDeleteDialog> dialog = controller.hardDeleteDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->days(), 30);
    QTRY_COMPARE_WITH_TIMEOUT(dialog->preview().ids.size(), 2, 20000);
    QCOMPARE(sorted(dialog->preview().ids), sorted({stored.at(0).id, stored.at(1).id}));
    QVERIFY(dialog->deleteButton()->isEnabled());
    // A younger age previews more; the button takes what the preview shows.
    dialog->daysBox()->setValue(2);
    QTRY_COMPARE_WITH_TIMEOUT(dialog->preview().ids.size(), 3, 20000);
    dialog->daysBox()->setValue(30);
    QTRY_COMPARE_WITH_TIMEOUT(dialog->preview().ids.size(), 2, 20000);
    dialog->deleteButton()->click();
    QVERIFY(deleted.wait(20000));
    QCOMPARE(deleted.constFirst().constFirst().toLongLong(), 2);
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM port_messages"_s), 4);
    QCOMPARE(
        scalar(database.db, u"SELECT count(*) FROM port_messages WHERE deleted_at IS NOT NULL"_s),
        2);
    QCOMPARE(rowsOf(database.db, u"SELECT action, affected_count FROM audit_log"_s),
             QStringList{u"hard delete | 2"_s});
}

QTEST_MAIN(tst_ActionWorkflow)
#include "tst_actionworkflow.moc"
