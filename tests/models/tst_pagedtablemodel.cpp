#include "pagedtablemodel.h"
#include "pagedtestsupport.h"
#include "repeatgap.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::MigratedDatabase;
using porthole::test::NumberedQuery;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

// The smallest concrete model: a numbered message's number and port.
class NumberModel : public PagedTableModel
{
public:
    NumberModel(ConnectionFactory factory, Options options)
        : PagedTableModel(std::move(factory), options)
    {}

    using PagedTableModel::setQuery;

    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : 2;
    }

    int numberAt(int row) const
    {
        const QVariant value = index(row, 0).data();
        return index(row, 0).data(RowLoadedRole).toBool() ? value.toInt() : -1;
    }

protected:
    QVariant rowData(const QVariant &row, int column, int role) const override
    {
        if (role != Qt::DisplayRole)
            return {};
        const auto m = row.value<PortMessage>();
        return column == 0 ? QVariant(test::numberOf(m)) : QVariant(m.portName);
    }
};

PortMessageFilter onPort(const QString &port)
{
    PortMessageFilter filter;
    filter.ports = {port};
    return filter;
}

// Numbered messages created before message 0: message n at n seconds before it.
QString storeEarlier(const QSqlDatabase &db, const QList<int> &numbers)
{
    QList<PortMessage> rows;
    for (const int n : numbers) {
        PortMessage m = test::numberedMessage(n);
        m.createdAt = test::pagedBase.addSecs(-n);
        rows << m;
    }
    auto stored = PortMessageRepository(db).insert(rows);
    return stored ? QString() : stored.errorMessage();
}

using Anchor = PagedTableModel::Anchor;

} // namespace

Q_DECLARE_METATYPE(porthole::RowCount)

class tst_PagedTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cacheStaysBounded_data() { test::addEngineRows(); }
    void cacheStaysBounded();
    void rowsStayBounded_data() { test::addEngineRows(); }
    void rowsStayBounded();
    void rowsStayBoundedAtTheLiveEdge_data() { test::addEngineRows(); }
    void rowsStayBoundedAtTheLiveEdge();
    void staleAnswerIsDropped_data() { test::addEngineRows(); }
    void staleAnswerIsDropped();
    void reconnectsAfterLostConnection();
    void jumpsToTheEndAndFillsUpwards_data() { test::addEngineRows(); }
    void jumpsToTheEndAndFillsUpwards();
    void jumpsWithLiveRows_data() { test::addEngineRows(); }
    void jumpsWithLiveRows();
    void countText_data();
    void countText();
    void countsExactlyBeyondTheLimit_data() { test::addEngineRows(); }
    void countsExactlyBeyondTheLimit();
    void firstPageDoesNotWaitForTheCount_data() { test::addEngineRows(); }
    void firstPageDoesNotWaitForTheCount();
    void countIsAskedForOnceTheFirstPageIsIn_data() { test::addEngineRows(); }
    void countIsAskedForOnceTheFirstPageIsIn();
    void newListingDropsTheCountUnderWay_data() { test::addEngineRows(); }
    void newListingDropsTheCountUnderWay();
    void aCountHoldsTheNextRecount();
};

void tst_PagedTableModel::cacheStaysBounded()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeNumbered(database.db, 0, 20000);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    PagedTableModel::Options options;
    options.pageSize = 50;
    options.cachePages = 4;
    NumberModel model(*database.factory, options);
    // No QAbstractItemModelTester here: it fetches every page on its own at each change,
    // which is the opposite of the scrolling this test drives.
    int mostCached = 0;
    const auto watch = [&] {
        mostCached = std::max(mostCached, model.cachedPages());
    };
    connect(&model, &QAbstractItemModel::rowsInserted, this, watch);
    connect(&model, &QAbstractItemModel::rowsRemoved, this, watch);
    connect(&model, &QAbstractItemModel::dataChanged, this, watch);
    model.setQuery(std::make_shared<NumberedQuery>());

    // Down through the whole listing the way a view scrolls: read the rows at the bottom,
    // then ask for more.
    PORTHOLE_SETTLE(model);
    while (model.canFetchMore({})) {
        const int last = model.rowCount() - 1;
        QCOMPARE(model.numberAt(last), last);
        model.fetchMore({});
        PORTHOLE_SETTLE(model);
        QVERIFY(model.cachedPages() <= 4);
    }
    QCOMPARE(model.rowCount(), 20000);
    QCOMPARE(model.pageCount(), 400);
    QCOMPARE(model.totalCount(), (RowCount{20000, RowCount::Precision::Exact}));

    // Back up, a row from every fifth page: each was evicted long ago and is read again,
    // by its keys, with the same rows in the same places.
    for (int row = 19990; row >= 0; row -= 250) {
        model.index(row, 0).data(); // as a view paints it
        PORTHOLE_SETTLE(model);
        QCOMPARE(model.numberAt(row), row);
        QVERIFY(model.cachedPages() <= 4);
    }
    PORTHOLE_SETTLE(model);
    QCOMPARE(model.rowCount(), 20000);
    QVERIFY2(mostCached <= 4, qPrintable(QString::number(mostCached)));
    QCOMPARE(mostCached, 4); // the cache was used, not bypassed
}

void tst_PagedTableModel::rowsStayBounded()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeNumbered(database.db, 0, 200);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    PagedTableModel::Options options;
    options.pageSize = 10;
    options.mostRows = 50;
    NumberModel model(*database.factory, options);
    model.setQuery(std::make_shared<NumberedQuery>());
    PORTHOLE_SETTLE(model);

    // Down to the end as a view scrolls: the rows far above it give way.
    int most = 0;
    while (model.canFetchMore({})) {
        QVERIFY(model.numberAt(model.rowCount() - 1) >= 0);
        model.fetchMore({});
        PORTHOLE_SETTLE(model);
        most = std::max(most, model.rowCount());
    }
    QCOMPARE(most, 50);
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(model.numberAt(0), 150);
    QCOMPARE(model.numberAt(49), 199);
    QVERIFY(!model.startReached());

    // Back up to the start: the rows given away are read again, by their keys, and those at
    // the bottom give way in turn.
    while (model.canFetchEarlier()) {
        QVERIFY(model.numberAt(0) >= 0);
        model.fetchEarlier();
        PORTHOLE_SETTLE(model);
        QVERIFY(model.rowCount() <= 50);
    }
    QVERIFY(model.startReached());
    QCOMPARE(model.rowCount(), 50);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.numberAt(row), row);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    PORTHOLE_SETTLE(model);
    QCOMPARE(model.numberAt(model.rowCount() - 1), 59);
}

void tst_PagedTableModel::rowsStayBoundedAtTheLiveEdge()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QString stored = test::storeNumbered(database.db, 0, 30);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    // Newest first, as the Queues pane lists them, followed at the top.
    PagedTableModel::Options options;
    options.pageSize = 10;
    options.mostRows = 50;
    NumberModel model(*database.factory, options);
    model.setQuery(std::make_shared<NumberedQuery>(PortMessageFilter{}, true));
    PORTHOLE_LOAD_ALL(model);
    QVERIFY(model.startReached());
    QCOMPARE(model.rowCount(), 30);
    // A view at the top reads the rows put in there.
    connect(&model, &QAbstractItemModel::rowsInserted, this,
            [&model](const QModelIndex &, int first) {
                if (first == 0)
                    model.index(0, 0).data();
            });
    model.index(0, 0).data();

    // An hour of traffic in two refreshes: the oldest rows give way, the count of new ones
    // stays whole.
    stored = test::storeNumbered(database.db, 30, 100);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    model.refresh();
    PORTHOLE_SETTLE(model);
    stored = test::storeNumbered(database.db, 130, 70);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    model.refresh();
    PORTHOLE_SETTLE(model);
    QCOMPARE(model.newRows(), 170);
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(model.numberAt(0), 199);
    QCOMPARE(model.numberAt(49), 150);
    QVERIFY(model.startReached());

    // Scrolled down, the rows given away come back, the same rows in the same order.
    QList<int> numbers;
    while (model.canFetchMore({})) {
        QVERIFY(model.numberAt(model.rowCount() - 1) >= 0);
        model.fetchMore({});
        PORTHOLE_SETTLE(model);
    }
    for (int row = 0; row < model.rowCount(); ++row)
        numbers << model.numberAt(row);
    QList<int> expected;
    for (int n = 49; n >= 0; --n)
        expected << n;
    QCOMPARE(numbers, expected);
    QVERIFY(!model.startReached());
}

void tst_PagedTableModel::staleAnswerIsDropped()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeNumbered(database.db, 0, 40);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    PagedTableModel::Options options;
    options.pageSize = 7;
    NumberModel model(*database.factory, options);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);

    auto even = std::make_shared<NumberedQuery>(onPort(u"even"_s));
    even->gate = std::make_shared<QSemaphore>();
    // Released before the model goes, whatever happens, so the loader can finish.
    const auto release = qScopeGuard([gate = even->gate] { gate->release(100); });
    model.setQuery(even);
    QTRY_COMPARE_WITH_TIMEOUT(even->entered->loadAcquire(), 1, 20000);

    // The even rows' first page is being read; the listing changes under it.
    model.setQuery(std::make_shared<NumberedQuery>(onPort(u"odd"_s)));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    even->gate->release();
    PORTHOLE_LOAD_ALL(model);

    QVERIFY2(model.staleAnswers() >= 1, "the even page was answered, and dropped");
    QCOMPARE(model.rowCount(), 20);
    for (int row = 0; row < model.rowCount(); ++row) {
        QCOMPARE(model.index(row, 1).data().toString(), u"odd"_s);
        QCOMPARE(model.numberAt(row), 2 * row + 1);
    }
    QVERIFY(!inserted.isEmpty());
    QCOMPARE(model.state(), PagedTableModel::State::Ready);
}

void tst_PagedTableModel::reconnectsAfterLostConnection()
{
    MigratedDatabase database(Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QString stored = test::storeNumbered(database.db, 0, 10);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    PagedTableModel::Options options;
    options.pageSize = 4;
    options.firstRetryMs = 20;
    options.mostRetryMs = 160;
    NumberModel model(*database.factory, options);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setQuery(std::make_shared<NumberedQuery>());
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 10);

    // The server throws the loader out and lets nobody back in for now; the test's own
    // connection stays.
    const QString name = database.scratch->url().databaseName();
    const qint64 ownPid = test::scalar(database.db, u"SELECT pg_backend_pid()"_s);
    QString shut = test::shutOut(name, true, ownPid);
    QVERIFY2(shut.isEmpty(), qPrintable(shut));
    const auto allow = qScopeGuard([&] { test::shutOut(name, false); });
    stored = test::storeNumbered(database.db, 10, 5);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    QSignalSpy states(&model, &PagedTableModel::stateChanged);
    model.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(model.state() == PagedTableModel::State::Error, 20000);
    QVERIFY2(model.errorMessage().contains(u"Retrying in"_s), qPrintable(model.errorMessage()));
    // The pause grows (20, 40, 80, 160 ms): each retry says so.
    QTRY_VERIFY_WITH_TIMEOUT(states.size() >= 4, 20000);
    QStringList messages;
    for (const QList<QVariant> &change : std::as_const(states))
        messages << change.at(1).toString();
    const QString said = messages.join(u'\n');
    qsizetype at = 0;
    for (const QString &pause : {u"0.02 s"_s, u"0.04 s"_s, u"0.08 s"_s, u"0.16 s"_s}) {
        at = said.indexOf(u"Retrying in "_s + pause, at);
        QVERIFY2(at >= 0, qPrintable(said));
    }
    // Meanwhile the model answers at once, from what it holds.
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.numberAt(3), 3);

    shut = test::shutOut(name, false);
    QVERIFY2(shut.isEmpty(), qPrintable(shut));
    QTRY_COMPARE_WITH_TIMEOUT(model.state(), PagedTableModel::State::Ready, 20000);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 15);
    QCOMPARE(model.newRows(), 5);
    for (int row = 0; row < 15; ++row)
        QTRY_COMPARE(model.numberAt(row), row);
}

void tst_PagedTableModel::jumpsToTheEndAndFillsUpwards()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeNumbered(database.db, 0, 2000);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    PagedTableModel::Options options;
    options.pageSize = 50;
    options.cachePages = 4;
    NumberModel model(*database.factory, options);
    // No QAbstractItemModelTester: it would read the whole listing at every change (see
    // jumpsWithLiveRows for one with it).
    model.setQuery(std::make_shared<NumberedQuery>());
    PORTHOLE_SETTLE(model);
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(model.anchor(), Anchor::Start);
    QVERIFY(model.startReached());
    QVERIFY(!model.canFetchEarlier());
    QVERIFY(model.canFetchMore({}));

    QSignalSpy jumped(&model, &PagedTableModel::jumped);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.jumpToEnd();
    QCOMPARE(resets.size(), 1);
    QVERIFY(jumped.isEmpty()); // not before the last page is in
    PORTHOLE_SETTLE(model);
    QCOMPARE(jumped.size(), 1);
    QCOMPARE(jumped.at(0).at(0).value<Anchor>(), Anchor::End);
    QCOMPARE(model.anchor(), Anchor::End);
    QCOMPARE(model.rowCount(), 50);
    for (int row = 0; row < 50; ++row)
        QCOMPARE(model.numberAt(row), 1950 + row);
    QVERIFY(!model.canFetchMore({}));
    QVERIFY(model.canFetchEarlier());
    QVERIFY(!model.startReached());
    QCOMPARE(model.totalCount(), (RowCount{2000, RowCount::Precision::Exact}));

    // Back to the start: the listing starts over there.
    model.jumpToStart();
    QCOMPARE(resets.size(), 2);
    PORTHOLE_SETTLE(model);
    QCOMPARE(jumped.size(), 2);
    QCOMPARE(jumped.at(1).at(0).value<Anchor>(), Anchor::Start);
    QCOMPARE(model.anchor(), Anchor::Start);
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(model.numberAt(0), 0);
    QCOMPARE(model.totalCount().value, 2000);

    // To the end again, and up through the whole listing the way a view scrolls up: the rows
    // at the top read, then the ones before them asked for.
    model.jumpToEnd();
    PORTHOLE_SETTLE(model);
    QCOMPARE(jumped.size(), 3);
    int mostCached = 0;
    while (model.canFetchEarlier()) {
        QCOMPARE(model.numberAt(0), 2000 - model.rowCount());
        model.fetchEarlier();
        PORTHOLE_SETTLE(model);
        mostCached = std::max(mostCached, model.cachedPages());
        QVERIFY(model.cachedPages() <= 4);
    }
    QCOMPARE(model.rowCount(), 2000);
    QCOMPARE(model.pageCount(), 40);
    QVERIFY(model.startReached());
    QCOMPARE(model.newRows(), 0); // older rows, not new ones
    QCOMPARE(mostCached, 4);

    // Down again, a row of every page: those evicted are read again by their keys.
    for (int row = 7; row < 2000; row += 50) {
        model.index(row, 0).data(); // as a view paints it
        PORTHOLE_SETTLE(model);
        QCOMPARE(model.numberAt(row), row);
        QVERIFY(model.cachedPages() <= 4);
    }

    // Both ends are read now: either jump answers at once, without reading again.
    model.jumpToStart();
    QCOMPARE(jumped.size(), 4);
    QCOMPARE(jumped.at(3).at(0).value<Anchor>(), Anchor::Start);
    model.jumpToEnd();
    QCOMPARE(jumped.size(), 5);
    QCOMPARE(jumped.at(4).at(0).value<Anchor>(), Anchor::End);
    QCOMPARE(resets.size(), 3);
    QVERIFY(!model.isBusy());
}

void tst_PagedTableModel::jumpsWithLiveRows()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QString stored = test::storeNumbered(database.db, 0, 40);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    PagedTableModel::Options options;
    options.pageSize = 7;
    NumberModel model(*database.factory, options);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setQuery(std::make_shared<NumberedQuery>());
    PORTHOLE_SETTLE(model);
    QSignalSpy jumped(&model, &PagedTableModel::jumped);
    model.jumpToEnd();
    QTRY_COMPARE_WITH_TIMEOUT(jumped.size(), 1, 20000);
    PORTHOLE_SETTLE(model);
    QCOMPARE(model.anchor(), Anchor::End);
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(model.numberAt(0), 33);
    QCOMPARE(model.numberAt(6), 39);

    // Another connection adds rows after the end and rows before the start.
    stored = test::storeNumbered(database.db, 40, 3);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    stored = storeEarlier(database.db, {100, 101});
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.refresh();
    PORTHOLE_SETTLE(model);
    // The rows after the end are new; those before the start are older than the rows not
    // read yet, and wait for the view to scroll up to them.
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.newRows(), 3);
    QCOMPARE(model.numberAt(0), 33);
    QCOMPARE(model.numberAt(9), 42);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 7);
    QCOMPARE(model.totalCount().value, 45);

    while (model.canFetchEarlier()) {
        model.fetchEarlier();
        PORTHOLE_SETTLE(model);
    }
    QCOMPARE(model.rowCount(), 45);
    QVERIFY(model.startReached());
    QCOMPARE(model.newRows(), 3);
    QList<int> numbers;
    for (int row = 0; row < model.rowCount(); ++row) {
        model.index(row, 0).data();
        PORTHOLE_SETTLE(model);
        numbers << model.numberAt(row);
    }
    QList<int> expected{101, 100};
    for (int n = 0; n < 43; ++n)
        expected << n;
    QCOMPARE(numbers, expected);

    // With the start read, a row before it is news.
    stored = storeEarlier(database.db, {102});
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    model.refresh();
    PORTHOLE_SETTLE(model);
    QCOMPARE(model.rowCount(), 46);
    QCOMPARE(model.numberAt(0), 102);
    QCOMPARE(model.newRows(), 4);

    // Both ends in the model: jumps change nothing but the view's place.
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.jumpToStart();
    model.jumpToEnd();
    QCOMPARE(jumped.size(), 3);
    QCOMPARE(resets.size(), 0);

    // A new listing starts at its start.
    model.setQuery(std::make_shared<NumberedQuery>(onPort(u"odd"_s)));
    PORTHOLE_SETTLE(model);
    QCOMPARE(model.anchor(), Anchor::Start);
    QCOMPARE(model.newRows(), 0);
    QCOMPARE(model.numberAt(0), 101);
}

void tst_PagedTableModel::countText_data()
{
    QTest::addColumn<RowCount>("count");
    QTest::addColumn<QString>("text");
    using P = RowCount::Precision;
    QTest::newRow("one") << RowCount{1, P::Exact} << u"1 row"_s;
    QTest::newRow("exact") << RowCount{1234, P::Exact} << u"1,234 rows"_s;
    QTest::newRow("at least") << RowCount{100001, P::AtLeast} << u"more than 100,000 rows"_s;
    QTest::newRow("millions") << RowCount{1234567, P::Estimate} << u"about 1.2 M rows"_s;
    QTest::newRow("thousands") << RowCount{45678, P::Estimate} << u"about 46 k rows"_s;
    QTest::newRow("few") << RowCount{900, P::Estimate} << u"about 900 rows"_s;
    QTest::newRow("counted") << RowCount{10000000, P::Exact} << u"10,000,000 rows"_s;
    QTest::newRow("beyond an int") << RowCount{3000000000, P::Exact} << u"3,000,000,000 rows"_s;
}

void tst_PagedTableModel::countText()
{
    QFETCH(RowCount, count);
    QFETCH(QString, text);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QCOMPARE(PagedTableModel::countText(count), text);
}

namespace {

PagedTableModel::Options cappedAt(qint64 limit)
{
    PagedTableModel::Options options;
    options.pageSize = 50;
    options.exactCountUpTo = limit;
    options.exactRecountGapMs = 0;
    return options;
}

// Each exact count of `query` waits at a gate, released once for each; the guard returned opens
// it for good.
auto gateCounts(NumberedQuery &query)
{
    query.countGate = std::make_shared<QSemaphore>();
    return qScopeGuard([gate = query.countGate] { gate->release(100); });
}

QList<RowCount> countsOf(const QSignalSpy &spy)
{
    QList<RowCount> counts;
    for (const QList<QVariant> &change : spy)
        counts << change.at(0).value<RowCount>();
    return counts;
}

} // namespace

void tst_PagedTableModel::countsExactlyBeyondTheLimit()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeNumbered(database.db, 0, 1500);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    NumberModel model(*database.factory, cappedAt(1000));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy counts(&model, &PagedTableModel::totalCountChanged);
    model.setQuery(std::make_shared<NumberedQuery>());
    QTRY_COMPARE_WITH_TIMEOUT(model.totalCount(), (RowCount{1500, RowCount::Precision::Exact}),
                              20000);
    QCOMPARE(model.totalCountText(), u"1,500 rows"_s);
    // The bounded count first ("more than 1,000" on SQLite, the planner's estimate on
    // PostgreSQL), then every row counted.
    const QList<RowCount> seen = countsOf(counts);
    QCOMPARE(seen.size(), 2);
    QCOMPARE_NE(seen.at(0).precision, RowCount::Precision::Exact);
    QCOMPARE(seen.at(1), (RowCount{1500, RowCount::Precision::Exact}));
    QTRY_VERIFY(!model.isCountingExactly());

    // More rows, and a refresh: the bounded count is still "more than", the exact figure stays
    // shown until the next exact count replaces it.
    const QString more = test::storeNumbered(database.db, 1500, 20);
    QVERIFY2(more.isEmpty(), qPrintable(more));
    model.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(model.totalCount(), (RowCount{1520, RowCount::Precision::Exact}),
                              20000);
    const QList<RowCount> after = countsOf(counts).mid(2);
    QCOMPARE(after, (QList<RowCount>{{1520, RowCount::Precision::Exact}}));

    // A filter below the limit: the bounded count is exact, and no exact count runs.
    auto odd = std::make_shared<NumberedQuery>(onPort(u"odd"_s));
    const auto release = gateCounts(*odd);
    model.setQuery(odd);
    QTRY_COMPARE_WITH_TIMEOUT(model.totalCount(), (RowCount{760, RowCount::Precision::Exact}),
                              20000);
    PORTHOLE_SETTLE(model);
    QVERIFY(!model.isCountingExactly());
    QCOMPARE(odd->countEntered->loadAcquire(), 0);
}

void tst_PagedTableModel::firstPageDoesNotWaitForTheCount()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeNumbered(database.db, 0, 300);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    NumberModel model(*database.factory, cappedAt(100));
    auto query = std::make_shared<NumberedQuery>();
    const auto release = gateCounts(*query);
    QSignalSpy counting(&model, &PagedTableModel::exactCountingChanged);
    model.setQuery(query);

    // The exact count is held on its thread; the pages come all the same, to the end.
    QTRY_COMPARE_WITH_TIMEOUT(query->countEntered->loadAcquire(), 1, 20000);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 300);
    QCOMPARE(model.numberAt(299), 299);
    QVERIFY(model.isCountingExactly());
    QCOMPARE_NE(model.totalCount().precision, RowCount::Precision::Exact);
    QCOMPARE(counting.size(), 1);

    query->countGate->release();
    QTRY_COMPARE_WITH_TIMEOUT(model.totalCount(), (RowCount{300, RowCount::Precision::Exact}),
                              20000);
    QVERIFY(!model.isCountingExactly());
    QCOMPARE(counting.size(), 2);
}

void tst_PagedTableModel::countIsAskedForOnceTheFirstPageIsIn()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeNumbered(database.db, 0, 300);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    NumberModel model(*database.factory, cappedAt(100));
    // What had been asked for when the first rows came in, for each listing.
    QList<quint64> askedAtFirstRows;
    bool rowsIn = false;
    connect(&model, &QAbstractItemModel::modelReset, &model, [&rowsIn] { rowsIn = false; });
    connect(&model, &QAbstractItemModel::rowsInserted, &model,
            [&model, &askedAtFirstRows, &rowsIn] {
                if (!std::exchange(rowsIn, true))
                    askedAtFirstRows << model.countsAsked();
            });
    model.setQuery(std::make_shared<NumberedQuery>());
    // The first page alone is on its way: a count beside it would share the machine's cores
    // with it and with its first paint.
    QCOMPARE(model.countsAsked(), quint64(0));
    QTRY_COMPARE_WITH_TIMEOUT(model.totalCount(), (RowCount{300, RowCount::Precision::Exact}),
                              20000);
    QCOMPARE(askedAtFirstRows, QList<quint64>{0});
    QCOMPARE(model.countsAsked(), quint64(1));

    // A jump to the end starts the listing over: its count again once its last page is in.
    model.jumpToEnd();
    QCOMPARE(model.countsAsked(), quint64(1));
    QTRY_COMPARE_WITH_TIMEOUT(model.countsAsked(), quint64(2), 20000);
    QCOMPARE(askedAtFirstRows, (QList<quint64>{0, 1}));
    PORTHOLE_SETTLE(model);
    QCOMPARE(model.totalCount(), (RowCount{300, RowCount::Precision::Exact}));
}

void tst_PagedTableModel::newListingDropsTheCountUnderWay()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeNumbered(database.db, 0, 400);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    NumberModel model(*database.factory, cappedAt(100));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy counts(&model, &PagedTableModel::totalCountChanged);
    // All 400 rows, counted to the end once let through, whether still wanted or not.
    auto all = std::make_shared<NumberedQuery>();
    all->ignoreInterrupt = true;
    const auto release = gateCounts(*all);
    model.setQuery(all);
    QTRY_COMPARE_WITH_TIMEOUT(all->countEntered->loadAcquire(), 1, 20000);

    // The filter changes while all rows are being counted: that count is stopped, and what
    // it finds is never shown.
    model.setQuery(std::make_shared<NumberedQuery>(onPort(u"even"_s)));
    QCOMPARE(model.exactCountsStopped(), quint64(1));
    all->countGate->release();
    QTRY_COMPARE_WITH_TIMEOUT(model.totalCount(), (RowCount{200, RowCount::Precision::Exact}),
                              20000);
    PORTHOLE_SETTLE(model);
    QVERIFY(!model.isCountingExactly());
    // The stopped count ran to its end before the new one (one count at a time): its answer
    // came first, and was dropped.
    for (const RowCount &count : countsOf(counts))
        QVERIFY2(count.value != 400, "the count of a listing no longer shown was shown");
    QCOMPARE(countsOf(counts).constLast(), (RowCount{200, RowCount::Precision::Exact}));
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 200);
    QCOMPARE(model.numberAt(1), 2);
}

// An exact count held `held` ms: the refresh after it that wants the rows counted again waits
// until repeatGapAfter() that has passed since it ended, so that a count grown slow with its
// table keeps its thread a tenth of the time at most.
void tst_PagedTableModel::aCountHoldsTheNextRecount()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString stored = test::storeNumbered(database.db, 0, 300);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    NumberModel model(*database.factory, cappedAt(100));
    auto query = std::make_shared<NumberedQuery>();
    const auto release = gateCounts(*query);
    model.setQuery(query);
    QTRY_COMPARE_WITH_TIMEOUT(query->countEntered->loadAcquire(), 1, 20000);
    // The count cannot end before the gate opens: it takes at least `held`.
    constexpr int held = 400;
    QTest::qWait(held);
    query->countGate->release();
    QTRY_COMPARE_WITH_TIMEOUT(model.totalCount(), (RowCount{300, RowCount::Precision::Exact}),
                              20000);
    QVERIFY(!model.isCountingExactly());
    QElapsedTimer sinceEnd;
    sinceEnd.start();

    // New rows and a refresh: still beyond the limit, so counted again, but not before the gap.
    const QString more = test::storeNumbered(database.db, 300, 20);
    QVERIFY2(more.isEmpty(), qPrintable(more));
    query->countGate->release(); // the next count is not held
    model.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(query->countEntered->loadAcquire(), 2, maxRepeatGapMs + 20000);
    const qint64 gap = sinceEnd.elapsed();
    QVERIFY2(
        gap >= repeatGapAfter(held),
        qPrintable(u"the next count began %1 ms after one of at least %2 ms"_s.arg(gap).arg(held)));
    QTRY_COMPARE_WITH_TIMEOUT(model.totalCount(), (RowCount{320, RowCount::Precision::Exact}),
                              20000);
}

QTEST_GUILESS_MAIN(tst_PagedTableModel)
#include "tst_pagedtablemodel.moc"
