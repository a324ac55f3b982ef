#include "console.h"
#include "mainwindow.h"
#include "overviewpane.h"
#include "sourcestatusmodel.h"
#include "testservers.h"

#include <QFile>
#include <QFileInfo>
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
    void refusesAnUnusableDataDirectory();
};

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

QTEST_MAIN(tst_Console)
#include "tst_console.moc"
