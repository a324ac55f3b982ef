#include "pagedtableloader.h"
#include "pagedtestsupport.h"

#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::MigratedDatabase;
using porthole::test::NumberedQuery;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

// A loader on a thread of its own, as a model holds one.
struct LoaderThread
{
    QThread thread;
    PagedTableLoader *loader;

    LoaderThread(const ConnectionFactory &factory, int firstRetryMs, int mostRetryMs)
        : loader(new PagedTableLoader(factory, firstRetryMs, mostRetryMs))
    {
        qRegisterMetaType<porthole::PagedAnswer>();
        loader->moveToThread(&thread);
        QObject::connect(&thread, &QThread::finished, loader, &QObject::deleteLater);
        thread.start();
    }
    ~LoaderThread()
    {
        thread.requestInterruption();
        thread.quit();
        thread.wait();
    }

    void load(const PagedLoad &request)
    {
        QMetaObject::invokeMethod(
            loader, [l = loader, request] { l->load(request); }, Qt::QueuedConnection);
    }
    void setGeneration(quint64 generation)
    {
        QMetaObject::invokeMethod(
            loader, [l = loader, generation] { l->setGeneration(generation); },
            Qt::QueuedConnection);
    }
};

PagedLoad firstPage(std::shared_ptr<const PagedQuery> query, quint64 generation, quint64 ticket)
{
    PagedLoad request;
    request.kind = PagedLoad::Kind::Page;
    request.query = std::move(query);
    request.generation = generation;
    request.ticket = ticket;
    request.limit = 5;
    return request;
}

} // namespace

class tst_PagedTableLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answersEachKind_data() { test::addEngineRows(); }
    void answersEachKind();
    void dropsOlderGenerations_data() { test::addEngineRows(); }
    void dropsOlderGenerations();
    void failsAtOnceOnBadQuery();
    void retriesWithGrowingPauses();
};

void tst_PagedTableLoader::answersEachKind()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeNumbered(database.db, 0, 12);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    LoaderThread host(*database.factory, 20, 100);
    QSignalSpy answers(host.loader, &PagedTableLoader::answered);
    const auto query = std::make_shared<NumberedQuery>();

    host.load(firstPage(query, 1, 1));
    QVERIFY(answers.wait(20000));
    auto answer = answers.takeFirst().at(0).value<PagedAnswer>();
    QVERIFY2(answer.ok, qPrintable(answer.error.message));
    QCOMPARE(answer.ticket, 1u);
    QCOMPARE(answer.rows.rows.size(), 5);
    QVERIFY(answer.rows.atStart);
    QVERIFY(!answer.rows.atEnd);
    const PageKey second = answer.rows.rows.at(1).key;
    const PageKey fourth = answer.rows.rows.at(3).key;

    PagedLoad range;
    range.kind = PagedLoad::Kind::Range;
    range.query = query;
    range.generation = 1;
    range.ticket = 2;
    range.key = second;
    range.firstIncluded = false;
    range.last = fourth;
    range.limit = 10;
    host.load(range);
    PagedLoad count;
    count.kind = PagedLoad::Kind::Count;
    count.query = query;
    count.generation = 1;
    count.ticket = 3;
    host.load(count);
    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 2, 20000);

    answer = answers.at(0).at(0).value<PagedAnswer>();
    QCOMPARE(answer.ticket, 2u);
    QCOMPARE(answer.rows.rows.size(), 2); // the third and the fourth message
    QCOMPARE(test::numberOf(answer.rows.rows.at(0).value.value<PortMessage>()), 2);
    QCOMPARE(test::numberOf(answer.rows.rows.at(1).value.value<PortMessage>()), 3);
    QVERIFY(answer.rows.atEnd);
    answer = answers.at(1).at(0).value<PagedAnswer>();
    QCOMPARE(answer.ticket, 3u);
    QCOMPARE(answer.count, (RowCount{12, RowCount::Precision::Exact}));
}

void tst_PagedTableLoader::dropsOlderGenerations()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeNumbered(database.db, 0, 12);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    LoaderThread host(*database.factory, 20, 100);
    QSignalSpy answers(host.loader, &PagedTableLoader::answered);

    // The first request is held on the loader's thread while more queue up behind it.
    auto held = std::make_shared<NumberedQuery>();
    held->gate = std::make_shared<QSemaphore>();
    const auto release = qScopeGuard([gate = held->gate] { gate->release(100); });
    host.load(firstPage(held, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(held->entered->loadAcquire(), 1, 20000);
    const auto plain = std::make_shared<NumberedQuery>();
    host.load(firstPage(plain, 1, 2));
    host.load(firstPage(plain, 1, 3));
    host.setGeneration(2);
    host.load(firstPage(plain, 1, 4)); // late, for the old generation
    host.load(firstPage(plain, 2, 5));
    held->gate->release();

    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 2, 20000);
    // Nothing more is coming: a further request is answered next, with nothing between.
    host.load(firstPage(plain, 2, 6));
    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 3, 20000);
    QList<quint64> tickets;
    for (const QList<QVariant> &answer : std::as_const(answers))
        tickets << answer.at(0).value<PagedAnswer>().ticket;
    // The one in flight is answered (the model drops it); those queued behind it are not.
    QCOMPARE(tickets, (QList<quint64>{1, 5, 6}));
}

void tst_PagedTableLoader::failsAtOnceOnBadQuery()
{
    // No tables: not a matter of retrying, the answer says what is wrong.
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::SQLite);
    LoaderThread host(ConnectionFactory(scratch->url()), 20, 100);
    QSignalSpy answers(host.loader, &PagedTableLoader::answered);
    QSignalSpy retries(host.loader, &PagedTableLoader::retrying);
    host.load(firstPage(std::make_shared<NumberedQuery>(), 1, 1));
    QVERIFY(answers.wait(20000));
    const auto answer = answers.at(0).at(0).value<PagedAnswer>();
    QVERIFY(!answer.ok);
    QCOMPARE(answer.error.kind, StorageError::Kind::SchemaTooOld);
    QCOMPARE(retries.size(), 0);
}

void tst_PagedTableLoader::retriesWithGrowingPauses()
{
    MigratedDatabase database(Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString stored = test::storeNumbered(database.db, 0, 7);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    // The database lets nobody new in, so the loader cannot connect yet.
    const QString name = database.scratch->url().databaseName();
    QString shut =
        test::shutOut(name, true, test::scalar(database.db, u"SELECT pg_backend_pid()"_s));
    QVERIFY2(shut.isEmpty(), qPrintable(shut));
    const auto allow = qScopeGuard([&] { test::shutOut(name, false); });

    LoaderThread host(*database.factory, 20, 80);
    QSignalSpy answers(host.loader, &PagedTableLoader::answered);
    QSignalSpy retries(host.loader, &PagedTableLoader::retrying);
    PagedLoad count;
    count.kind = PagedLoad::Kind::Count;
    count.query = std::make_shared<NumberedQuery>();
    count.generation = 1;
    count.ticket = 1;
    host.load(count);
    QTRY_VERIFY_WITH_TIMEOUT(retries.size() >= 5, 20000);
    QList<int> pauses;
    for (int i = 0; i < 5; ++i)
        pauses << retries.at(i).at(2).toInt();
    QCOMPARE(pauses, (QList<int>{20, 40, 80, 80, 80}));
    QVERIFY2(retries.at(0).at(1).toString().contains(name), "the message names the database");
    QCOMPARE(answers.size(), 0);

    shut = test::shutOut(name, false);
    QVERIFY2(shut.isEmpty(), qPrintable(shut));
    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 1, 20000);
    const auto answer = answers.at(0).at(0).value<PagedAnswer>();
    QVERIFY2(answer.ok, qPrintable(answer.error.message));
    QCOMPARE(answer.count, (RowCount{7, RowCount::Precision::Exact}));
}

QTEST_GUILESS_MAIN(tst_PagedTableLoader)
#include "tst_pagedtableloader.moc"
