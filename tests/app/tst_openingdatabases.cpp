#include "deadletterspane.h"
#include "ingestpane.h"
#include "mainwindow.h"
#include "messagespane.h"
#include "migrationrunner.h"
#include "portmessagemodel.h"
#include "sqliteschemas.h"
#include "waitdialog.h"
#include "windowcontroller.h"

#include <QApplication>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QMutex>
#include <QSemaphore>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::test;

namespace {

// The window on the database at `path`, its data directory in `dir`.
GuiOptions optionsFor(const QTemporaryDir &dir, const QString &path)
{
    GuiOptions options;
    options.dataDirectory = dir.filePath(u"data"_s);
    options.database = DatabaseUrl::sqliteFile(path);
    return options;
}

} // namespace

// How the window opens a database that is not at its schema: an older one and a pipeline's
// own after asking (and read-only instead, on "No"), a newer one not at all, and one attached
// read-only without changing a byte.
class tst_OpeningDatabases : public QObject
{
    Q_OBJECT

    // Answers the first question with `first`, and the offer that follows a "No" with `then`,
    // keeping what was asked.
    struct Asked
    {
        QStringList titles;
        QString question; // of the first
        QString details;
        Question answering(bool first, bool then)
        {
            return [this, first, then](const QString &title, const QString &text,
                                       const QString &details) {
                titles << title;
                if (titles.size() > 1)
                    return then;
                question = text;
                this->details = details;
                return first;
            };
        }
    };

private Q_SLOTS:
    void initTestCase();
    void init() { QSettings().clear(); }
    void asksBeforeMigratingAnOlderDatabase_data();
    void asksBeforeMigratingAnOlderDatabase();
    void migratesOffTheWindowsThread();
    void refusesANewerDatabase();
    void asksBeforeAdoptingAPipelineDatabase_data();
    void asksBeforeAdoptingAPipelineDatabase();
    void attachesReadOnlyWithoutChangingAnything();
};

void tst_OpeningDatabases::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // These tests run without a keychain, as on a server with no desktop session.
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
}

void tst_OpeningDatabases::asksBeforeMigratingAnOlderDatabase_data()
{
    QTest::addColumn<bool>("answer");
    QTest::addColumn<bool>("readOnlyInstead"); // the answer to the offer after "No"
    QTest::newRow("yes") << true << false;
    QTest::newRow("no") << false << false;
    QTest::newRow("no, read-only instead") << false << true;
}

void tst_OpeningDatabases::asksBeforeMigratingAnOlderDatabase()
{
    QFETCH(bool, answer);
    QFETCH(bool, readOnlyInstead);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"theirs.db"_s);
    QCOMPARE(prepareSqliteSchema(path, 2), QString());
    WindowController console(optionsFor(dir, path));
    Asked asked;
    console.setQuestion(asked.answering(answer, readOnlyInstead));
    QVERIFY(console.setUp().ok());
    QCOMPARE(asked.titles.size(), answer ? 1 : 2);
    const QString &question = asked.question;
    QVERIFY2(question.contains(u"is at schema version 2"_s), qPrintable(question));
    QVERIFY2(question.contains(u"A copy of the file is taken first"_s), qPrintable(question));
    const int latest =
        MigrationRunner(QSqlDatabase(), *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite))
            .latestVersion();
    if (answer) {
        QCOMPARE(sqliteSchemaVersion(path), latest);
        QVERIFY(console.databaseProblem().isEmpty());
    } else if (readOnlyInstead) {
        QCOMPARE(sqliteSchemaVersion(path), 2);
        QVERIFY2(console.databaseProblem().isEmpty(), qPrintable(console.databaseProblem()));
        QVERIFY(console.isReadOnly());
    } else {
        QCOMPARE(sqliteSchemaVersion(path), 2);
        QVERIFY2(console.databaseProblem().contains(u"needs migrating"_s),
                 qPrintable(console.databaseProblem()));
    }
    QVERIFY(console.window());
}

// A migration may take minutes: it runs on a thread and connection of its own while a dialog
// tells what it does, and the window's thread stays free to draw it.
void tst_OpeningDatabases::migratesOffTheWindowsThread()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"theirs.db"_s);
    QCOMPARE(prepareSqliteSchema(path, 2), QString());
    WindowController console(optionsFor(dir, path));
    console.setQuestion([](const QString &, const QString &, const QString &) { return true; });
    QMutex lock;
    QStringList steps;
    QSemaphore shown; // released once the dialog has shown the backup step
    console.setLongTask([&](const QString &title, const QString &text, const LongTaskBody &task) {
        runWhileWaiting(console.window(), title, text, [&](const StepReport &report) {
            task([&](const WaitStep &step) {
                report(step);
                const QMutexLocker locked(&lock);
                steps << step.text;
                // The migration waits here until the dialog shows the step: only a window
                // whose thread is free can show it.
                if (step.text.startsWith(u"Backing up"_s))
                    shown.tryAcquire(1, 30000);
            });
        });
    });
    QString label;
    QTimer look;
    connect(&look, &QTimer::timeout, this, [&] {
        QWidget *dialog = QApplication::activeModalWidget();
        if (!dialog || dialog->objectName() != u"waitDialog"_s)
            return;
        QStringList texts;
        for (const QLabel *shownLabel : dialog->findChildren<QLabel *>())
            texts << shownLabel->text();
        if (texts.join(u'\n').contains(u"Backing up"_s)) {
            label = texts.join(u'\n');
            shown.release();
            look.stop();
        }
    });
    look.start(10);
    QVERIFY(console.setUp().ok());
    QVERIFY2(console.databaseProblem().isEmpty(), qPrintable(console.databaseProblem()));
    const int latest =
        MigrationRunner(QSqlDatabase(), *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite))
            .latestVersion();
    QCOMPARE(sqliteSchemaVersion(path), latest);
    QVERIFY2(label.contains(u"from schema version 2 to %1"_s.arg(latest)), qPrintable(label));
    QVERIFY2(label.contains(u"so far"_s), qPrintable(label));
    QVERIFY2(label.contains(u" written"_s), qPrintable(label)); // the backup's bytes so far
    // the backup, each migration from 3 on, the commit
    QVERIFY2(steps.size() == latest, qPrintable(steps.join(u'\n')));
    QVERIFY(steps.constFirst().startsWith(u"Backing up %1 to "_s.arg(path)));
    QVERIFY(steps.at(steps.size() - 2).startsWith(u"Migration %1 of %1: "_s.arg(latest)));
    QCOMPARE(steps.constLast(), u"Committing: writing the changes to disk"_s);
    QCOMPARE(QApplication::activeModalWidget(), nullptr); // the dialog went with the task
}

void tst_OpeningDatabases::refusesANewerDatabase()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"future.db"_s);
    QCOMPARE(prepareSqliteSchema(path, std::nullopt, 999), QString());
    GuiOptions options;
    options.dataDirectory = dir.filePath(u"data"_s);
    options.database = DatabaseUrl::sqliteFile(path);
    WindowController console(options);
    bool asked = false;
    console.setQuestion(
        [&asked](const QString &, const QString &, const QString &) { return asked = true; });
    QVERIFY(console.setUp().ok());
    QVERIFY(!asked);
    QVERIFY2(console.databaseProblem().contains(u"newer than this Porthole knows"_s),
             qPrintable(console.databaseProblem()));
    QCOMPARE(sqliteSchemaVersion(path), 999);
    QVERIFY(console.window());
}

void tst_OpeningDatabases::asksBeforeAdoptingAPipelineDatabase_data()
{
    asksBeforeMigratingAnOlderDatabase_data();
}

// A database the pipeline made with seed 001's SQLite DDL (no schema_version at all): it is
// adopted only after asking, with the plan under Details, and left as it was on "No".
void tst_OpeningDatabases::asksBeforeAdoptingAPipelineDatabase()
{
    QFETCH(bool, answer);
    QFETCH(bool, readOnlyInstead);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"pipeline.db"_s);
    QCOMPARE(makeSeed001Database(path), QString());
    GuiOptions options;
    options.dataDirectory = dir.filePath(u"data"_s);
    options.database = DatabaseUrl::sqliteFile(path);
    WindowController console(options);
    Asked asked;
    console.setQuestion(asked.answering(answer, readOnlyInstead));
    QVERIFY(console.setUp().ok());
    // "No" is followed by the offer to open it read-only; "Yes" by nothing.
    const QStringList titles{u"Adopt the database?"_s, u"Open it read-only?"_s};
    QCOMPARE(asked.titles, titles.first(answer ? 1 : 2));
    const QString &question = asked.question;
    const QString &details = asked.details;
    QVERIFY2(question.contains(u"port_messages"_s), qPrintable(question));
    QVERIFY2(details.contains(u"ALTER TABLE port_messages ADD COLUMN max_retries"_s),
             qPrintable(details));
    const int latest =
        MigrationRunner(QSqlDatabase(), *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite))
            .latestVersion();
    if (answer) {
        QCOMPARE(sqliteSchemaVersion(path), latest);
        QVERIFY2(console.databaseProblem().isEmpty(), qPrintable(console.databaseProblem()));
    } else if (readOnlyInstead) {
        QCOMPARE(sqliteSchemaVersion(path), 0);
        QVERIFY2(console.databaseProblem().isEmpty(), qPrintable(console.databaseProblem()));
        QVERIFY(console.isReadOnly());
        QVERIFY2(console.window()->windowTitle().contains(u"(read-only)"_s),
                 qPrintable(console.window()->windowTitle()));
    } else {
        QCOMPARE(sqliteSchemaVersion(path), 0);
        QVERIFY2(console.databaseProblem().contains(u"needs migrating"_s),
                 qPrintable(console.databaseProblem()));
    }
    QVERIFY(console.window());
}

// --read-only on a pipeline's database: no question, no DDL, not one byte of the file changed
// (its journal mode included), and the receiver refuses to write into it.
void tst_OpeningDatabases::attachesReadOnlyWithoutChangingAnything()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"pipeline.db"_s);
    QCOMPARE(makeSeed001Database(path, {u"INSERT INTO port_messages (id, port_name, "
                                        "source_component, target_component, message_data, status) "
                                        "VALUES ('m1', 'orders', 'reader', 'writer', '{}', "
                                        "'dead_letter')"_s,
                                        u"PRAGMA journal_mode=DELETE"_s}),
             QString());
    const auto contents = [&path] {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    const QByteArray before = contents();
    QVERIFY(!before.isEmpty());

    GuiOptions options;
    options.dataDirectory = dir.filePath(u"data"_s);
    options.database = DatabaseUrl::sqliteFile(path);
    options.readOnly = true;
    {
        WindowController console(options);
        bool asked = false;
        console.setQuestion(
            [&asked](const QString &, const QString &, const QString &) { return asked = true; });
        QVERIFY(console.setUp().ok());
        // Listed dimmed with the reason from the start, before the pane is made.
        QVERIFY(!console.isStarted());
        const auto *navigation = console.window()->findChild<QTreeWidget *>(u"navigation"_s);
        QVERIFY(navigation);
        const QList<QTreeWidgetItem *> listed =
            navigation->findItems(MessagesPane::paneTitle(), Qt::MatchExactly);
        QCOMPARE(listed.size(), 1);
        QVERIFY2(listed.constFirst()->toolTip(0).contains(u"Porthole's own"_s),
                 qPrintable(listed.constFirst()->toolTip(0)));
        QTRY_VERIFY(console.isStarted());
        QVERIFY2(!asked, "a read-only attach asks nothing: it changes nothing");
        QVERIFY2(console.databaseProblem().isEmpty(), qPrintable(console.databaseProblem()));
        QVERIFY2(console.window()->windowTitle().contains(u"read-only"_s),
                 qPrintable(console.window()->windowTitle()));
        // What needs a table the database lacks says so in place; the rest reads it as it is.
        QHash<QString, QString> reasons;
        for (const Pane *shown : console.window()->panes())
            reasons[shown->paneId()] = shown->unavailableReason();
        for (const QString &id : {u"messages"_s, u"audit"_s})
            QVERIFY2(reasons.value(id).contains(u"Porthole's own"_s), qPrintable(id));
        for (const auto &[id, table] : {std::pair{u"sinkstorage"_s, u"sink_storage"_s},
                                        std::pair{u"healthhistory"_s, u"system_health"_s},
                                        std::pair{u"sensorevents"_s, u"processed_events"_s}})
            QVERIFY2(reasons.value(id).contains(table), qPrintable(reasons.value(id)));
        for (const QString &id :
             {u"overview"_s, u"batches"_s, u"checkpoints"_s, u"queues"_s, u"deadletters"_s,
              u"metrics"_s, u"componentstate"_s, u"tables"_s, u"ingest"_s})
            QVERIFY2(reasons.contains(id) && reasons.value(id).isEmpty(),
                     qPrintable(id + u": "_s + reasons.value(id)));
        auto *deadLetters = console.window()->findChild<DeadLettersPane *>();
        QVERIFY(deadLetters);
        QTRY_COMPARE(deadLetters->model()->rowCount(), 1);
        QCOMPARE(deadLetters->model()
                     ->index(0, 0)
                     .data(PortMessageModel::MessageRole)
                     .value<PortMessage>()
                     .id,
                 u"m1"_s);
        // Without an index on created_at the rows come in stored order, and the pane says so.
        QVERIFY2(deadLetters->model()->orderNote().contains(
                     u"no index on port_messages (created_at, id)"_s),
                 qPrintable(deadLetters->model()->orderNote()));
        auto *note = deadLetters->findChild<QLabel *>(u"orderNote"_s);
        QVERIFY(note);
        QCOMPARE(note->text(), deadLetters->model()->orderNote());
        QVERIFY(!note->parentWidget()->isHidden());
        auto *pane = console.window()->findChild<IngestPane *>();
        QVERIFY(pane);
        IngestRequest request;
        request.redisUrl = u"redis://127.0.0.1:1"_s;
        request.key = u"orders"_s;
        request.sinkUrl = options.database->toDisplayString();
        emit pane->startRequested(request);
        QVERIFY(pane->errorList()->count() > 0);
        const QString why = pane->errorList()->item(0)->text();
        QVERIFY2(why.contains(u"read-only"_s), qPrintable(why));
    }
    QCOMPARE(contents(), before);
    QVERIFY(!QFileInfo::exists(path + u"-wal"_s));
    QCOMPARE(sqliteSchemaVersion(path), 0);
}

QTEST_MAIN(tst_OpeningDatabases)
#include "tst_openingdatabases.moc"
