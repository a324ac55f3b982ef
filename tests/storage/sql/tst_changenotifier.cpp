#include "changenotifier.h"
#include "repositorytestsupport.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::MigratedDatabase;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

// Quick to notice and to come back, so that the tests do not wait for the defaults.
ChangeNotifier::Options quickOptions()
{
    ChangeNotifier::Options options;
    options.pollIntervalMs = 50;
    options.checkIntervalMs = 500;
    options.firstRetryMs = 50;
    options.mostRetryMs = 400;
    return options;
}

// Runs one statement on the fixture server's maintenance database; an empty string when it
// worked.
QString onServer(const QString &sql)
{
    auto url = test::fixturePostgres();
    if (!url)
        return url.errorMessage();
    const ConnectionFactory factory(*url);
    QString error;
    {
        auto db = factory.open(u"server-admin"_s);
        if (!db)
            return db.errorMessage();
        QSqlQuery query(*db);
        if (!query.exec(sql))
            error = query.lastError().text();
    }
    factory.close(u"server-admin"_s);
    return error;
}

// Ends the notifier's connection to `database`, as an operator's pg_terminate_backend would;
// how many connections it ended, or -1.
int terminateListener(const QString &database)
{
    auto url = test::fixturePostgres();
    if (!url)
        return -1;
    const ConnectionFactory factory(*url);
    int ended = -1;
    {
        auto db = factory.open(u"server-admin"_s);
        if (!db)
            return -1;
        QSqlQuery query(*db);
        if (query.exec(u"SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM "
                       "pg_stat_activity WHERE datname = '%1' AND application_name = "
                       "'porthole-changes'"_s.arg(database)) &&
            query.next())
            ended = query.value(0).toInt();
    }
    factory.close(u"server-admin"_s);
    return ended;
}

QString insertMessage(const QSqlDatabase &db, int n)
{
    QSqlQuery query(db);
    query.prepare(u"INSERT INTO messages (message_number, content, timestamp, delivery_key) "
                  "VALUES (?, ?, ?, ?)"_s);
    query.addBindValue(n);
    query.addBindValue(u"message %1"_s.arg(n));
    query.addBindValue(db.driverName() == u"QSQLITE"_s ? u"2026-03-02 10:00:00.000"_s
                                                       : u"2026-03-02 10:00:00+00"_s);
    query.addBindValue(u"test:%1"_s.arg(n));
    return query.exec() ? QString() : query.lastError().text();
}

bool waitUntilLive(const ChangeNotifier &notifier, int timeoutMs = 10000)
{
    QSignalSpy state(&notifier, &ChangeNotifier::stateChanged);
    QElapsedTimer waited;
    waited.start();
    while (!notifier.isLive() && waited.elapsed() < timeoutMs)
        state.wait(static_cast<int>(timeoutMs - waited.elapsed()));
    return notifier.isLive();
}

// The tables told in the signals a spy on changed() caught.
QStringList told(const QSignalSpy &spy)
{
    QStringList tables;
    for (const QList<QVariant> &arguments : spy)
        tables << arguments.at(0).toString();
    return tables;
}

} // namespace

// The change notifier on real databases: what it tells, when, and how it comes back.
class tst_ChangeNotifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void concerns();
    void announceTellsAtOnce();
    void tellsOtherConnectionsCommits_data() { test::addEngineRows(); }
    void tellsOtherConnectionsCommits();
    void readingTellsNothing_data() { test::addEngineRows(); }
    void readingTellsNothing();
    void reconnectsAfterItsBackendIsTerminated();
    void retriesWithBackoffWhileRefused();
};

void tst_ChangeNotifier::concerns()
{
    const QStringList messages{u"messages"_s};
    QVERIFY(ChangeNotifier::concerns(u"messages"_s, messages));
    QVERIFY(!ChangeNotifier::concerns(u"port_messages"_s, messages));
    QVERIFY(ChangeNotifier::concerns(QString(), messages)); // any table
    QVERIFY(ChangeNotifier::concerns(u"audit_log"_s, {}));  // a listing of any table
}

void tst_ChangeNotifier::announceTellsAtOnce()
{
    // No database needed: the ingest worker's writes are told in this process.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ConnectionFactory factory(DatabaseUrl::sqliteFile(dir.filePath(u"none.db"_s)));
    ChangeNotifier notifier(factory, quickOptions());
    QSignalSpy changed(&notifier, &ChangeNotifier::changed);
    notifier.announce(u"messages"_s);
    notifier.announce();
    QCOMPARE(told(changed), (QStringList{u"messages"_s, QString()}));
}

void tst_ChangeNotifier::tellsOtherConnectionsCommits()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    ChangeNotifier notifier(*database.factory, quickOptions());
    QSignalSpy changed(&notifier, &ChangeNotifier::changed);
    QVERIFY(waitUntilLive(notifier));
    QCOMPARE(notifier.state(), engine == Engine::SQLite ? ChangeNotifier::State::Polling
                                                        : ChangeNotifier::State::Listening);
    QVERIFY(notifier.stateMessage().isEmpty());
    changed.clear();

    // A transaction that rolls back tells nothing; one that commits tells its table.
    QVERIFY(database.db.transaction());
    QCOMPARE(insertMessage(database.db, 1), QString());
    QVERIFY(database.db.rollback());
    QVERIFY(database.db.transaction());
    QCOMPARE(insertMessage(database.db, 2), QString());
    QCOMPARE(insertMessage(database.db, 3), QString());
    QVERIFY(database.db.commit());
    QVERIFY(changed.wait(5000));
    // PostgreSQL names the table; SQLite only knows that something changed. Either way once:
    // the two inserts of the transaction come as one notification or one new data_version.
    QCOMPARE(told(changed), QStringList{engine == Engine::SQLite ? QString() : u"messages"_s});
}

void tst_ChangeNotifier::readingTellsNothing()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(insertMessage(database.db, 1), QString());
    ChangeNotifier notifier(*database.factory, quickOptions());
    QVERIFY(waitUntilLive(notifier));
    QSignalSpy changed(&notifier, &ChangeNotifier::changed);
    QCOMPARE(test::scalar(database.db, u"SELECT count(*) FROM messages"_s), 1);
    // Ten of SQLite's polls, and a check of the PostgreSQL connection: nothing to tell.
    QVERIFY(!changed.wait(600));
    QCOMPARE(insertMessage(database.db, 2), QString());
    QVERIFY(changed.wait(5000)); // the notifier was listening all along
}

void tst_ChangeNotifier::reconnectsAfterItsBackendIsTerminated()
{
    MigratedDatabase database(Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    ChangeNotifier::Options options = quickOptions();
    options.checkIntervalMs = 3600000; // the closed connection must tell, not a round trip
    ChangeNotifier notifier(*database.factory, options);
    QVERIFY(waitUntilLive(notifier));
    QSignalSpy state(&notifier, &ChangeNotifier::stateChanged);
    QSignalSpy changed(&notifier, &ChangeNotifier::changed);

    QCOMPARE(terminateListener(database.scratch->url().databaseName()), 1);
    QTRY_VERIFY_WITH_TIMEOUT(
        !state.isEmpty() && notifier.state() == ChangeNotifier::State::Listening, 10000);
    QCOMPARE(state.constFirst().at(0).value<ChangeNotifier::State>(),
             ChangeNotifier::State::Retrying);
    QVERIFY2(!state.constFirst().at(1).toString().isEmpty(), "a lost connection says why");
    // Back: whatever changed meanwhile went untold, so every table is told changed.
    QTRY_VERIFY_WITH_TIMEOUT(told(changed).contains(QString()), 5000);

    changed.clear();
    QCOMPARE(insertMessage(database.db, 7), QString());
    QVERIFY(changed.wait(5000));
    QCOMPARE(told(changed), QStringList{u"messages"_s});
    QCOMPARE(terminateListener(database.scratch->url().databaseName()), 1); // a new backend
}

void tst_ChangeNotifier::retriesWithBackoffWhileRefused()
{
    MigratedDatabase database(Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString name = database.scratch->url().databaseName();
    ChangeNotifier notifier(*database.factory, quickOptions());
    QVERIFY(waitUntilLive(notifier));
    QSignalSpy state(&notifier, &ChangeNotifier::stateChanged);

    // The database lets nobody in: the notifier loses its connection and keeps trying.
    QCOMPARE(onServer(u"ALTER DATABASE %1 ALLOW_CONNECTIONS false"_s.arg(name)), QString());
    const auto allow =
        qScopeGuard([&] { onServer(u"ALTER DATABASE %1 ALLOW_CONNECTIONS true"_s.arg(name)); });
    QElapsedTimer waited;
    waited.start();
    QCOMPARE(terminateListener(name), 1);
    QTRY_COMPARE_WITH_TIMEOUT(notifier.state(), ChangeNotifier::State::Retrying, 10000);
    QVERIFY(!notifier.isLive());
    // Each attempt that fails says so, and the next one comes after twice the pause, up to
    // the longest: the notifier does not try again in a loop.
    QTRY_VERIFY_WITH_TIMEOUT(state.size() >= 4, 10000);
    QVERIFY2(waited.elapsed() >= 50 + 100 + 200, qPrintable(QString::number(waited.elapsed())));
    const QStringList pauses{u"0.05 s"_s, u"0.1 s"_s, u"0.2 s"_s, u"0.4 s"_s};
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(state.at(i).at(0).value<ChangeNotifier::State>(), ChangeNotifier::State::Retrying);
        const QString message = state.at(i).at(1).toString();
        QVERIFY2(message.endsWith(u"Trying again in "_s + pauses.at(i) + u'.'),
                 qPrintable(message));
        if (i > 0) // refused at the door, with the database named
            QVERIFY2(message.contains(name), qPrintable(message));
    }
    QVERIFY(!notifier.isLive());

    QCOMPARE(onServer(u"ALTER DATABASE %1 ALLOW_CONNECTIONS true"_s.arg(name)), QString());
    QTRY_COMPARE_WITH_TIMEOUT(notifier.state(), ChangeNotifier::State::Listening, 10000);
    QSignalSpy changed(&notifier, &ChangeNotifier::changed);
    QCOMPARE(insertMessage(database.db, 9), QString());
    QTRY_VERIFY_WITH_TIMEOUT(told(changed).contains(u"messages"_s), 5000);
}

QTEST_GUILESS_MAIN(tst_ChangeNotifier)
#include "tst_changenotifier.moc"
