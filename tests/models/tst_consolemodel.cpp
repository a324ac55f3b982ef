#include "consolemodel.h"
#include "pagedtestsupport.h"
#include "queryhistory.h"

#include <QAbstractItemModelTester>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

constexpr auto fatal = QAbstractItemModelTester::FailureReportingMode::Fatal;

struct Database
{
    std::unique_ptr<test::ScratchDatabase> scratch;
    std::unique_ptr<ConnectionFactory> factory;
    QSqlDatabase db;
    QString error;

    explicit Database(Engine engine)
    {
        scratch = test::ScratchDatabase::create(engine, &error);
        if (!scratch)
            return;
        factory = std::make_unique<ConnectionFactory>(scratch->url());
        auto opened = factory->open(u"test"_s);
        if (!opened) {
            error = opened.errorMessage();
            return;
        }
        db = *opened;
        QSqlQuery query(db);
        if (!query.exec(u"CREATE TABLE t (id INTEGER PRIMARY KEY, label TEXT)"_s))
            error = query.lastError().text();
        for (int i = 1; i <= 23 && error.isEmpty(); ++i)
            if (!query.exec(u"INSERT INTO t VALUES (%1, 'row %1')"_s.arg(i)))
                error = query.lastError().text();
    }
    ~Database()
    {
        db = QSqlDatabase();
        if (factory)
            factory->close(u"test"_s);
    }
};

// Waits until `model` settles in a state other than Running.
bool settled(ConsoleModel &model)
{
    QSignalSpy changed(&model, &ConsoleModel::stateChanged);
    while (model.isBusy())
        if (!changed.wait(30000))
            return false;
    return true;
}

} // namespace

// The SQL console's result, read a page at a time on a thread of its own; a write refused,
// a long statement cancelled while the thread that shows it goes on.
class tst_ConsoleModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsPages_data() { test::addEngineRows(); }
    void readsPages();
    void refusesAWrite_data() { test::addEngineRows(); }
    void refusesAWrite();
    void cancelsALongStatement_data() { test::addEngineRows(); }
    void cancelsALongStatement();
    void keepsAHistory();
};

void tst_ConsoleModel::readsPages()
{
    QFETCH(Engine, engine);
    Database database(engine);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    ConsoleModel model(*database.factory, 5);
    QAbstractItemModelTester tester(&model, fatal);
    QCOMPARE(model.state(), ConsoleModel::State::Idle);
    QVERIFY(!model.exportSource());
    model.run(u"SELECT id, label FROM t WHERE id > 2 ORDER BY id DESC"_s);
    QCOMPARE(model.state(), ConsoleModel::State::Running);
    QVERIFY(settled(model));
    QCOMPARE(model.state(), ConsoleModel::State::Ready);
    QCOMPARE(model.columnCount(), 2);
    QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), u"label"_s);
    QCOMPARE(model.rowCount(), 5);
    QVERIFY(model.canFetchMore({}));
    while (model.canFetchMore({})) {
        model.fetchMore({});
        QVERIFY(settled(model));
    }
    QCOMPARE(model.rowCount(), 21);
    QVERIFY(model.atEnd());
    QCOMPARE(model.index(0, 0).data().toString(), u"23"_s);
    QCOMPARE(model.index(20, 1).data().toString(), u"row 3"_s);
    QVERIFY(model.exportSource());

    // A new statement starts over; one that returns no rows keeps its columns.
    model.run(u"SELECT label FROM t WHERE id < 0"_s);
    QVERIFY(settled(model));
    QCOMPARE(model.state(), ConsoleModel::State::Ready);
    QCOMPARE(model.columnCount(), 1);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore({}));
}

void tst_ConsoleModel::refusesAWrite()
{
    QFETCH(Engine, engine);
    Database database(engine);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    ConsoleModel model(*database.factory, 5);
    QAbstractItemModelTester tester(&model, fatal);
    model.run(u"DELETE FROM t"_s);
    QVERIFY(settled(model));
    QCOMPARE(model.state(), ConsoleModel::State::Error);
    QVERIFY2(model.message().startsWith(u"Refused"_s), qPrintable(model.message()));
    QCOMPARE(test::scalar(database.db, u"SELECT count(*) FROM t"_s), 23);
    // The next statement runs.
    model.run(u"SELECT count(*) FROM t"_s);
    QVERIFY(settled(model));
    QCOMPARE(model.index(0, 0).data().toString(), u"23"_s);
}

void tst_ConsoleModel::cancelsALongStatement()
{
    QFETCH(Engine, engine);
    Database database(engine);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    ConsoleModel model(*database.factory, 5);
    QAbstractItemModelTester tester(&model, fatal);
    const bool pg = engine == Engine::PostgreSQL;
    model.run(pg ? u"SELECT pg_sleep(600)"_s
                 : u"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                   "SELECT count(*) FROM c"_s);
    QCOMPARE(model.state(), ConsoleModel::State::Running);
    QVERIFY(model.isBusy());
    if (pg)
        QTRY_COMPARE(test::scalar(database.db, u"SELECT count(*) FROM pg_stat_activity WHERE "
                                               "state = 'active' AND query LIKE "
                                               "'%pg_sleep(600)%' AND pid <> pg_backend_pid()"_s),
                     1);
    // The thread that shows the model goes on: its events are handled while the statement runs.
    QSignalSpy ticked(this, &QObject::objectNameChanged);
    QMetaObject::invokeMethod(
        this, [this] { setObjectName(objectName() + u"+"_s); }, Qt::QueuedConnection);
    QVERIFY(ticked.wait());
    QVERIFY(model.isBusy());
    model.cancel();
    QCOMPARE(model.state(), ConsoleModel::State::Cancelled);
    QVERIFY(!model.isBusy());
    // The statement stopped on the console's connection: the next one answers.
    model.run(u"SELECT 7"_s);
    QVERIFY(settled(model));
    QCOMPARE(model.state(), ConsoleModel::State::Ready);
    QCOMPARE(model.index(0, 0).data().toString(), u"7"_s);
    if (pg)
        QCOMPARE(test::scalar(database.db, u"SELECT count(*) FROM pg_stat_activity WHERE "
                                           "state = 'active' AND query LIKE '%pg_sleep(600)%' "
                                           "AND pid <> pg_backend_pid()"_s),
                 0);
}

void tst_ConsoleModel::keepsAHistory()
{
    QueryHistory history(3);
    history.clear();
    QVERIFY(history.statements().isEmpty());
    history.add(u"SELECT 1"_s);
    history.add(u"  SELECT 2 "_s);
    history.add(u"   "_s);
    history.add(u"SELECT 1"_s);
    QCOMPARE(history.statements(), (QStringList{u"SELECT 1"_s, u"SELECT 2"_s}));
    history.add(u"SELECT 3"_s);
    history.add(u"SELECT 4"_s);
    QCOMPARE(history.statements(), (QStringList{u"SELECT 4"_s, u"SELECT 3"_s, u"SELECT 1"_s}));
    // Kept in the settings: another instance reads them.
    QCOMPARE(QueryHistory().statements().size(), 3);
    QCOMPARE(QSettings().value(u"tables/consoleHistory"_s).toStringList().constFirst(),
             u"SELECT 4"_s);
    history.clear();
}

QTEST_MAIN(tst_ConsoleModel)
#include "tst_consolemodel.moc"
