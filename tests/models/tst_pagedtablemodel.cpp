#include "pagedtablemodel.h"
#include "pagedtestsupport.h"

#include <QAbstractItemModelTester>
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

} // namespace

Q_DECLARE_METATYPE(porthole::RowCount)

class tst_PagedTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cacheStaysBounded_data() { test::addEngineRows(); }
    void cacheStaysBounded();
    void staleAnswerIsDropped_data() { test::addEngineRows(); }
    void staleAnswerIsDropped();
    void reconnectsAfterLostConnection();
    void countText_data();
    void countText();
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
}

void tst_PagedTableModel::countText()
{
    QFETCH(RowCount, count);
    QFETCH(QString, text);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QCOMPARE(PagedTableModel::countText(count), text);
}

QTEST_GUILESS_MAIN(tst_PagedTableModel)
#include "tst_pagedtablemodel.moc"
