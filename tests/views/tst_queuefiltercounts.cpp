#include "../models/pagedtestsupport.h"
#include "backlogtrends.h"
#include "changenotifier.h"
#include "connectionfactory.h"
#include "panemodels.h"
#include "portmessagelookup.h"
#include "portmessagemodel.h"
#include "queuefiltercounts.h"
#include "queuespane.h"
#include "repeatgap.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>
#include <QTimeZone>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

PagedTableModel::Options paneOptions()
{
    PagedTableModel::Options options;
    options.refreshIntervalMs = 3600000; // only the notifier's changes refresh
    return options;
}

// What each chip says, in the order of the statuses.
QStringList chipTexts(const QueuesPane &pane)
{
    QStringList texts;
    for (const QString &status : PortMessageRepository::statuses())
        texts << pane.statusButton(status)->text();
    return texts;
}

// The counts the port list shows beside each port, as "port: count".
QStringList portCounts(const QueuesPane &pane)
{
    QStringList counts;
    const QComboBox *ports = pane.portBox();
    for (int i = 0; i < ports->count(); ++i) {
        if (const QString port = ports->itemData(i).toString(); !port.isEmpty())
            counts << port + u": "_s + ports->itemData(i, QueueFilterCounts::CountRole).toString();
    }
    return counts;
}

// Ports "odd" growing 12 a second and "even" draining 2 a second, sampled for five minutes.
BacklogTrendSet portTrends()
{
    const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1'800'000'000, QTimeZone::utc());
    QList<BacklogSample> samples;
    for (int s = 0; s <= 300; s += 15) {
        for (const QString &port : {u"odd"_s, u"even"_s}) {
            BacklogSample sample;
            sample.key = {BacklogKind::Port, port, u""_s};
            sample.slot = t0.addSecs(s);
            sample.pending = port == u"odd"_s ? 40 + 12 * s : 1200 - 2 * s;
            sample.processing = 0;
            samples << sample;
        }
    }
    return BacklogTrendSet(backlogTrends(samples, t0.addSecs(300)));
}

bool waitUntilLive(const ChangeNotifier &notifier)
{
    QSignalSpy state(&notifier, &ChangeNotifier::stateChanged);
    QElapsedTimer waited;
    waited.start();
    while (!notifier.isLive() && waited.elapsed() < 10000)
        state.wait(500);
    return notifier.isLive();
}

} // namespace

Q_DECLARE_METATYPE(porthole::RowCount)

// The counts on the Queues pane's status chips and port list, on real databases.
class tst_QueueFilterCounts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { QSettings().clear(); }
    void countsStatusesAndPorts_data() { test::addEngineRows(); }
    void countsStatusesAndPorts();
    void followsLiveChanges_data() { test::addEngineRows(); }
    void followsLiveChanges();
    void chipsTellTheTrend_data() { test::addEngineRows(); }
    void chipsTellTheTrend();
    void aReadingHoldsTheNext();
    void gapAfter_data();
    void gapAfter();
    void compactText_data();
    void compactText();
};

void tst_QueueFilterCounts::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_queuefiltercounts"_s);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_QueueFilterCounts::countsStatusesAndPorts()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    // Message n: port "even" or "odd", status n % 5.
    const QString stored = test::storeNumbered(database.db, 0, 30);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    PaneModels models(*database.factory, paneOptions());
    QueuesPane pane(models.portMessages(), models.lookup());
    pane.show();
    QTRY_COMPARE_WITH_TIMEOUT(chipTexts(pane),
                              (QStringList{u"pending\n6"_s, u"processing\n6"_s, u"completed\n6"_s,
                                           u"failed\n6"_s, u"dead letter\n6"_s}),
                              20000);
    QTRY_COMPARE_WITH_TIMEOUT(portCounts(pane), (QStringList{u"even: 15"_s, u"odd: 15"_s}), 20000);
    // The port list keeps the names: a count is drawn beside it, the filter takes the name.
    QCOMPARE(pane.portBox()->itemText(1), u"even"_s);

    // One port chosen: the chips count its messages; the port list still every port's.
    PortMessageFilter odd;
    odd.ports = {u"odd"_s};
    odd.statuses = {u"failed"_s};
    pane.setFilter(odd);
    QTRY_COMPARE_WITH_TIMEOUT(chipTexts(pane),
                              (QStringList{u"pending\n3"_s, u"processing\n3"_s, u"completed\n3"_s,
                                           u"failed\n3"_s, u"dead letter\n3"_s}),
                              20000);
    QCOMPARE(portCounts(pane), (QStringList{u"even: 15"_s, u"odd: 15"_s}));
}

// The pending and processing chips' tooltips and the port list's say where each port's backlog
// is going; the other chips keep their own.
void tst_QueueFilterCounts::chipsTellTheTrend()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeNumbered(database.db, 0, 10);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    PaneModels models(*database.factory, paneOptions());
    QueuesPane pane(models.portMessages(), models.lookup());
    pane.show();
    QTRY_COMPARE_WITH_TIMEOUT(portCounts(pane), (QStringList{u"even: 5"_s, u"odd: 5"_s}), 20000);
    const QString completedTip = pane.statusButton(u"completed"_s)->toolTip();
    const QString pendingTip = pane.statusButton(u"pending"_s)->toolTip();

    pane.setBacklogTrends(portTrends());
    const QString every = pane.statusButton(u"pending"_s)->toolTip();
    QVERIFY2(every.startsWith(pendingTip), qPrintable(every));
    QVERIFY2(every.contains(u"odd: growing +12/s"_s), qPrintable(every));
    QVERIFY2(every.contains(u"even: draining, empty in about 5 min"_s), qPrintable(every));
    QCOMPARE(pane.statusButton(u"processing"_s)->toolTip().section(u"\n\n"_s, 1),
             every.section(u"\n\n"_s, 1));
    QCOMPARE(pane.statusButton(u"completed"_s)->toolTip(), completedTip);
    const QComboBox *ports = pane.portBox();
    QCOMPARE(ports->itemData(ports->findData(u"odd"_s), Qt::ToolTipRole).toString(),
             u"growing +12/s"_s);

    // One port chosen: its trend alone.
    PortMessageFilter odd;
    odd.ports = {u"odd"_s};
    pane.setFilter(odd);
    QTRY_VERIFY_WITH_TIMEOUT(pane.statusButton(u"pending"_s)
                                 ->toolTip()
                                 .contains(u"Backlog of odd (pending and processing): growing"_s),
                             20000);
    QVERIFY(!pane.statusButton(u"pending"_s)->toolTip().contains(u"even"_s));
}

void tst_QueueFilterCounts::followsLiveChanges()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeNumbered(database.db, 0, 10);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    ChangeNotifier notifier(*database.factory);
    PaneModels models(*database.factory, paneOptions());
    PortMessageModel *model = models.portMessages();
    model->watchChanges(&notifier);
    QueuesPane pane(model, models.lookup());
    pane.setLive(true);
    pane.show();
    QVERIFY(waitUntilLive(notifier));
    QTRY_COMPARE_WITH_TIMEOUT(chipTexts(pane),
                              (QStringList{u"pending\n2"_s, u"processing\n2"_s, u"completed\n2"_s,
                                           u"failed\n2"_s, u"dead letter\n2"_s}),
                              20000);
    QTRY_COMPARE_WITH_TIMEOUT(portCounts(pane), (QStringList{u"even: 5"_s, u"odd: 5"_s}), 20000);

    // Another connection fails every pending message and stores five more messages: no
    // refresh by hand, the change the database tells of brings the counts.
    QSqlQuery update(database.db);
    QVERIFY2(update.exec(u"UPDATE port_messages SET status = 'failed' WHERE status = 'pending'"_s),
             qPrintable(update.lastError().text()));
    const QString more = test::storeNumbered(database.db, 10, 5);
    QVERIFY2(more.isEmpty(), qPrintable(more));
    QTRY_COMPARE_WITH_TIMEOUT(chipTexts(pane),
                              (QStringList{u"pending\n1"_s, u"processing\n3"_s, u"completed\n3"_s,
                                           u"failed\n5"_s, u"dead letter\n3"_s}),
                              20000);
    QTRY_COMPARE_WITH_TIMEOUT(portCounts(pane), (QStringList{u"even: 8"_s, u"odd: 7"_s}), 20000);
}

// A reading that waits (here on a lock the test's connection holds) is not joined by another:
// the counts' thread is never asked twice at once, and the gap after the reading is as many
// times longer as the reading was slow.
void tst_QueueFilterCounts::aReadingHoldsTheNext()
{
    test::MigratedDatabase database(Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString stored = test::storeNumbered(database.db, 0, 10);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    PaneModels models(*database.factory, paneOptions());
    PortMessageLookup *lookup = models.lookup();
    QueuesPane pane(models.portMessages(), lookup);
    pane.show();
    QueueFilterCounts *counts = pane.counts();
    QSignalSpy shown(counts, &QueueFilterCounts::shown);
    QVERIFY(shown.wait(20000));

    QSqlQuery lock(database.db);
    QVERIFY(lock.exec(u"BEGIN"_s));
    QVERIFY(lock.exec(u"LOCK TABLE port_messages IN ACCESS EXCLUSIVE MODE"_s));
    auto unlock = qScopeGuard([&] { QSqlQuery(database.db).exec(u"ROLLBACK"_s); });
    const ConnectionFactory watcher(database.scratch->url());
    const auto closeWatcher = qScopeGuard([&] { watcher.close(u"watch"_s); });
    auto watch = watcher.open(u"watch"_s);
    QVERIFY2(watch.ok(), qPrintable(watch.errorMessage()));

    // The next reading, once the gap after the first is over, waits on the lock.
    const quint64 before = lookup->countsAsked();
    counts->request();
    QTRY_COMPARE_WITH_TIMEOUT(lookup->countsAsked(), before + 1, maxRepeatGapMs + 5000);
    QElapsedTimer reading; // started after the reading was asked for
    reading.start();
    QTRY_COMPARE_WITH_TIMEOUT(test::scalar(*watch,
                                           u"SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                           "current_database() AND wait_event_type = 'Lock'"_s),
                              1, 20000);
    // Asked again while it waits, for longer than a gap: no second reading joins it. (Waiting
    // is the only way to see that something does not happen; the gap is the clock it would
    // happen by.)
    counts->request();
    QTest::qWait(3 * QueueFilterCounts::gapMs);
    QCOMPARE(lookup->countsAsked(), before + 1);

    // The reading cannot end before the lock goes: it took at least `waited`, and the gap after
    // it is at least that times repeatCostFactor.
    const qint64 waited = reading.elapsed();
    QVERIFY(lock.exec(u"COMMIT"_s));
    unlock.dismiss();
    QVERIFY(shown.wait(20000));
    QVERIFY2(counts->currentGapMs() >= QueueFilterCounts::gapAfter(waited),
             qPrintable(u"gap %1 ms after a reading of at least %2 ms"_s.arg(counts->currentGapMs())
                            .arg(waited)));
    QCOMPARE(lookup->countsAsked(), before + 1); // the request made meanwhile waits
}

void tst_QueueFilterCounts::gapAfter_data()
{
    QTest::addColumn<qint64>("readMs");
    QTest::addColumn<int>("gapMs");
    QTest::newRow("instant") << qint64(0) << QueueFilterCounts::gapMs;
    QTest::newRow("under a ninth of the gap") << qint64(100) << QueueFilterCounts::gapMs;
    QTest::newRow("slow") << qint64(400) << 3600;
    QTest::newRow("very slow") << qint64(60000) << maxRepeatGapMs;
}

void tst_QueueFilterCounts::gapAfter()
{
    QFETCH(qint64, readMs);
    QFETCH(int, gapMs);
    QCOMPARE(QueueFilterCounts::gapAfter(readMs), gapMs);
}

void tst_QueueFilterCounts::compactText_data()
{
    QTest::addColumn<RowCount>("count");
    QTest::addColumn<QString>("text");
    using P = RowCount::Precision;
    QTest::newRow("exact") << RowCount{1234, P::Exact} << u"1,234"_s;
    QTest::newRow("at least") << RowCount{100001, P::AtLeast} << u"100,000+"_s;
    QTest::newRow("millions") << RowCount{1234567, P::Estimate} << u"≈1.2 M"_s;
    QTest::newRow("thousands") << RowCount{45678, P::Estimate} << u"≈46 k"_s;
    QTest::newRow("few") << RowCount{900, P::Estimate} << u"≈900"_s;
}

void tst_QueueFilterCounts::compactText()
{
    QFETCH(RowCount, count);
    QFETCH(QString, text);
    QCOMPARE(QueueFilterCounts::compactText(count), text);
}

QTEST_MAIN(tst_QueueFilterCounts)
#include "tst_queuefiltercounts.moc"
