#include "connectionfactory.h"
#include "console.h"
#include "ingestpane.h"
#include "ingestservice.h"
#include "mainwindow.h"
#include "migrationrunner.h"
#include "overviewpane.h"
#include "redisclient.h"
#include "sourcestatusmodel.h"
#include "testservers.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_Console : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void opensOnTheEmbeddedStore();
    void opensOnTheRequestedPane();
    void receivesAtStartUpWhenAsked();
    void refusesAnUnusableDataDirectory();
    void migratesTheEmbeddedStore();
    void asksBeforeMigratingAnOlderDatabase_data();
    void asksBeforeMigratingAnOlderDatabase();
    void refusesANewerDatabase();

private:
    static int versionOf(const QString &path);
    static void prepare(const QString &path, std::optional<int> upTo, int extraVersion = 0);
};

int tst_Console::versionOf(const QString &path)
{
    const ConnectionFactory factory(DatabaseUrl::sqliteFile(path));
    int version = -1;
    {
        auto db = factory.open(u"check"_s);
        if (db)
            version = MigrationRunner(*db, {}).currentVersion().value();
    }
    factory.close(u"check"_s);
    return version;
}

void tst_Console::prepare(const QString &path, std::optional<int> upTo, int extraVersion)
{
    const ConnectionFactory factory(DatabaseUrl::sqliteFile(path));
    {
        auto db = factory.open(u"prepare"_s);
        QVERIFY(db.ok());
        MigrationRunner runner(*db, *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite));
        QVERIFY(runner.up(upTo).ok());
        if (extraVersion > 0) {
            QSqlQuery query(*db);
            QVERIFY(query.exec(
                u"INSERT INTO schema_version (version, description) VALUES (%1, 'newer')"_s.arg(
                    extraVersion)));
        }
    }
    factory.close(u"prepare"_s);
}

void tst_Console::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_Console::opensOnTheEmbeddedStore()
{
    const auto redis = porthole::test::fixtureRedis();
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    QTemporaryDir dir;
    GuiOptions options;
    options.dataDirectory = dir.filePath(u"data"_s);
    options.redis = *redis;

    Console console(options);
    const auto ready = console.setUp();
    QVERIFY2(ready.ok(), qPrintable(ready.errorMessage()));
    QVERIFY(QFileInfo(dir.filePath(u"data/example_receiver/messages"_s)).isDir());
    QCOMPARE(console.dataDirectory(), dir.filePath(u"data"_s));

    MainWindow *window = console.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QCOMPARE(window->currentPane()->paneId(), u"overview"_s);
    auto *overview = qobject_cast<OverviewPane *>(window->currentPane());
    QVERIFY(overview);
    QAbstractItemModel *model = overview->sourcesView()->model();
    QCOMPARE(model->rowCount(), 3);
    const auto stateOf = [model](int row) {
        return model->index(row, SourceStatusModel::StateColumn)
            .data(SourceStatusModel::StateRole)
            .toInt();
    };
    // The first check runs in the background and fills in every row.
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(2), int(SourceStatus::State::Ok), 10000);
    QCOMPARE(stateOf(1), int(SourceStatus::State::Ok));
    QCOMPARE(model->index(1, SourceStatusModel::DetailColumn).data().toString(),
             u"No batch files yet."_s);
    QCOMPARE(model->index(0, SourceStatusModel::LocationColumn).data().toString(),
             u"sqlite://"_s + dir.filePath(u"data/porthole.db"_s));
    // The same check read the pipeline from the new, empty database.
    QTRY_COMPARE(overview->deadLettersText(), u"Dead letters: none"_s);
    QVERIFY2(overview->messagesText().startsWith(u"Port messages: pending 0"_s),
             qPrintable(overview->messagesText()));
}

void tst_Console::opensOnTheRequestedPane()
{
    QTemporaryDir dir;
    GuiOptions options;
    options.dataDirectory = dir.path();
    options.pane = u"overview"_s;
    Console console(options);
    QVERIFY(console.setUp().ok());
    QCOMPARE(console.window()->currentPane()->paneId(), u"overview"_s);
    QCOMPARE(Console::paneIds().constFirst(), u"overview"_s);
}

void tst_Console::receivesAtStartUpWhenAsked()
{
    const auto redis = porthole::test::fixtureRedis();
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    const QString key = u"console-ingest-"_s + QString::number(QDateTime::currentMSecsSinceEpoch());
    {
        RedisClient client;
        QVERIFY(client.connect(*redis).ok());
        for (int n = 1; n <= 20; ++n)
            QVERIFY(client
                        .command({"XADD", key.toUtf8(), "*", "payload",
                                  "Message #" + QByteArray::number(n)})
                        .ok());
    }
    QTemporaryDir dir;
    GuiOptions options;
    options.dataDirectory = dir.path();
    options.redis = *redis;
    options.ingestKey = key;
    options.pane = u"ingest"_s;
    Console console(options);
    QVERIFY(console.setUp().ok());
    QCOMPARE(console.window()->currentPane()->paneId(), u"ingest"_s);
    auto *pane = qobject_cast<IngestPane *>(console.window()->currentPane());
    QVERIFY(pane);
    QCOMPARE(pane->request().key, key);
    QTRY_COMPARE_WITH_TIMEOUT(pane->shownValue(u"acknowledged"_s), u"20"_s, 20000);
    QCOMPARE(pane->shownValue(u"state"_s), u"Running"_s);
    console.ingest()->shutdown();
    QCOMPARE(pane->shownValue(u"stored"_s), u"20"_s);
}

void tst_Console::refusesAnUnusableDataDirectory()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(u"file"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    GuiOptions options;
    options.dataDirectory = file.fileName();
    Console console(options);
    const auto ready = console.setUp();
    QVERIFY(!ready.ok());
    QVERIFY2(ready.errorMessage().contains(u"is a file, not a folder"_s),
             qPrintable(ready.errorMessage()));
    QVERIFY(!console.window());
}

void tst_Console::migratesTheEmbeddedStore()
{
    QTemporaryDir dir;
    GuiOptions options;
    options.dataDirectory = dir.path();
    Console console(options);
    bool asked = false;
    console.setMigrationQuestion([&asked](const QString &) { return asked = true; });
    QVERIFY(console.setUp().ok());
    QVERIFY2(!asked, "Porthole's own store is migrated without asking");
    QVERIFY2(console.databaseProblem().isEmpty(), qPrintable(console.databaseProblem()));
    const int latest =
        MigrationRunner(QSqlDatabase(), *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite))
            .latestVersion();
    QCOMPARE(versionOf(dir.filePath(u"porthole.db"_s)), latest);
}

void tst_Console::asksBeforeMigratingAnOlderDatabase_data()
{
    QTest::addColumn<bool>("answer");
    QTest::newRow("yes") << true;
    QTest::newRow("no") << false;
}

void tst_Console::asksBeforeMigratingAnOlderDatabase()
{
    QFETCH(bool, answer);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"theirs.db"_s);
    prepare(path, 2);
    GuiOptions options;
    options.dataDirectory = dir.filePath(u"data"_s);
    options.database = DatabaseUrl::sqliteFile(path);
    Console console(options);
    QString question;
    console.setMigrationQuestion([&question, answer](const QString &text) {
        question = text;
        return answer;
    });
    QVERIFY(console.setUp().ok());
    QVERIFY2(question.contains(u"is at schema version 2"_s), qPrintable(question));
    QVERIFY2(question.contains(u"A copy of the file is taken first"_s), qPrintable(question));
    const int latest =
        MigrationRunner(QSqlDatabase(), *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite))
            .latestVersion();
    if (answer) {
        QCOMPARE(versionOf(path), latest);
        QVERIFY(console.databaseProblem().isEmpty());
    } else {
        QCOMPARE(versionOf(path), 2);
        QVERIFY2(console.databaseProblem().contains(u"needs migrating"_s),
                 qPrintable(console.databaseProblem()));
    }
    QVERIFY(console.window());
}

void tst_Console::refusesANewerDatabase()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"future.db"_s);
    prepare(path, std::nullopt, 999);
    GuiOptions options;
    options.dataDirectory = dir.filePath(u"data"_s);
    options.database = DatabaseUrl::sqliteFile(path);
    Console console(options);
    bool asked = false;
    console.setMigrationQuestion([&asked](const QString &) { return asked = true; });
    QVERIFY(console.setUp().ok());
    QVERIFY(!asked);
    QVERIFY2(console.databaseProblem().contains(u"newer than this Porthole knows"_s),
             qPrintable(console.databaseProblem()));
    QCOMPARE(versionOf(path), 999);
    QVERIFY(console.window());
}

QTEST_MAIN(tst_Console)
#include "tst_console.moc"
