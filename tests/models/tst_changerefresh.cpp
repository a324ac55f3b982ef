#include "changenotifier.h"
#include "pagedtestsupport.h"
#include "portmessagemodel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

bool waitUntilLive(const ChangeNotifier &notifier)
{
    QSignalSpy state(&notifier, &ChangeNotifier::stateChanged);
    QElapsedTimer waited;
    waited.start();
    while (!notifier.isLive() && waited.elapsed() < 10000)
        state.wait(500);
    return notifier.isLive();
}

// A notifier over a database of its own that nobody writes: it tells only what a test
// announces, at the moment it does.
struct QuietNotifier
{
    QTemporaryDir dir;
    ChangeNotifier notifier{
        ConnectionFactory(DatabaseUrl::sqliteFile(dir.filePath(u"quiet.db"_s)))};
};

} // namespace

// How a paged model refreshes on the changes a ChangeNotifier tells: only its tables, only
// while following, a few times a second however many come, and polling only as a safety net
// while the notifier is live.
class tst_ChangeRefresh : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refreshesOnItsTablesWhileFollowing();
    void coalescesAFlood();
    void pollsSlowlyWhileLive();
};

void tst_ChangeRefresh::refreshesOnItsTablesWhileFollowing()
{
    test::MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QCOMPARE(test::storeNumbered(database.db, 0, 10), QString());
    QuietNotifier quiet;
    ChangeNotifier &changes = quiet.notifier;
    PagedTableModel::Options options;
    options.refreshIntervalMs = 3600000;
    PortMessageModel model(*database.factory, options);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.watchChanges(&changes);
    QTRY_COMPARE(model.rowCount(), 10);
    PORTHOLE_SETTLE(model);

    // Not following: a change is left for when the pane is shown.
    changes.announce(u"port_messages"_s);
    QCOMPARE(model.refreshCount(), quint64(0));

    model.setLiveFollow(true);
    changes.announce(u"messages"_s); // not a table the listing reads
    QCOMPARE(model.refreshCount(), quint64(0));
    QCOMPARE(test::storeNumbered(database.db, 10, 5), QString());
    changes.announce(u"port_messages"_s); // read at once: nothing was read since a while
    QCOMPARE(model.refreshCount(), quint64(1));
    QTRY_COMPARE(model.rowCount(), 15);
    QCOMPARE(model.newRows(), 5);
}

void tst_ChangeRefresh::coalescesAFlood()
{
    test::MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QCOMPARE(test::storeNumbered(database.db, 0, 10), QString());
    QuietNotifier quiet;
    ChangeNotifier &changes = quiet.notifier;
    PagedTableModel::Options options;
    options.refreshIntervalMs = 3600000;
    options.changeGapMs = 300;
    PortMessageModel model(*database.factory, options);
    model.watchChanges(&changes);
    model.setLiveFollow(true);
    QTRY_COMPARE(model.rowCount(), 10);
    PORTHOLE_SETTLE(model);

    QElapsedTimer gap;
    gap.start();
    changes.announce(); // any table
    QCOMPARE(model.refreshCount(), quint64(1));
    // More come while the first is read, and after: they wait for the gap, and make one.
    QCOMPARE(test::storeNumbered(database.db, 10, 3), QString());
    for (int i = 0; i < 500; ++i)
        changes.announce(u"port_messages"_s);
    QCOMPARE(model.refreshCount(), quint64(1));
    QTRY_COMPARE(model.refreshCount(), quint64(2));
    QVERIFY2(gap.elapsed() >= options.changeGapMs, qPrintable(QString::number(gap.elapsed())));
    QTRY_COMPARE(model.rowCount(), 13);
    PORTHOLE_SETTLE(model);
    // Nothing told since: no more.
    QVERIFY(!QTest::qWaitFor([&] { return model.refreshCount() > 2; }, 2 * options.changeGapMs));
}

void tst_ChangeRefresh::pollsSlowlyWhileLive()
{
    test::MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    PagedTableModel::Options options;
    options.refreshIntervalMs = 100;
    options.safetyNetMs = 3600000;
    PortMessageModel model(*database.factory, options);
    model.setLiveFollow(true);
    PORTHOLE_SETTLE(model);
    QTRY_VERIFY(model.refreshCount() >= 2); // no notifier: it polls every 100 ms

    QuietNotifier quiet;
    ChangeNotifier &changes = quiet.notifier;
    QVERIFY(waitUntilLive(changes));
    model.watchChanges(&changes);
    const quint64 watched = model.refreshCount();
    // Told of changes as they happen: the poll is the slow safety net.
    QVERIFY(!QTest::qWaitFor([&] { return model.refreshCount() > watched; }, 600));
    // Without the notifier, polling as before.
    model.watchChanges(nullptr);
    QTRY_VERIFY(model.refreshCount() > watched);
}

QTEST_GUILESS_MAIN(tst_ChangeRefresh)
#include "tst_changerefresh.moc"
