#include "connectionfactory.h"
#include "testservers.h"

#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrl>

using namespace Qt::StringLiterals;
using porthole::ConnectionFactory;
using porthole::ConnectionSettings;
using porthole::DatabaseUrl;
using porthole::StorageError;
using Engine = porthole::test::ScratchDatabase::Engine;

class tst_ConnectionFactory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void opensAndReuses_data();
    void opensAndReuses();
    void oneConnectionPerThread_data();
    void oneConnectionPerThread();
    void sqlitePragmas();
    void readOnlyWritesNothing_data();
    void readOnlyWritesNothing();
    void postgresTimeouts();
    void postgresOptionValuesStayValues();
    void sqliteMissingFolder();
    void postgresUnreachable();
    void nameHidesPassword();

private:
    void addEngines();
};

void tst_ConnectionFactory::addEngines()
{
    QTest::addColumn<Engine>("engine");
    QTest::newRow("sqlite") << Engine::SQLite;
    QTest::newRow("postgresql") << Engine::PostgreSQL;
}

void tst_ConnectionFactory::opensAndReuses_data()
{
    addEngines();
}

void tst_ConnectionFactory::opensAndReuses()
{
    QFETCH(Engine, engine);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const ConnectionFactory factory(scratch->url());
    {
        auto db = factory.open(u"test"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QVERIFY(db->isOpen());
        QSqlQuery query(*db);
        QVERIFY(query.exec(u"CREATE TABLE t (n INTEGER)"_s));
        QVERIFY(query.exec(u"INSERT INTO t VALUES (41), (1)"_s));

        auto again = factory.open(u"test"_s);
        QVERIFY(again.ok());
        QCOMPARE(again->connectionName(), db->connectionName());
        QSqlQuery sum(*again);
        QVERIFY(sum.exec(u"SELECT sum(n) FROM t"_s) && sum.next());
        QCOMPARE(sum.value(0).toInt(), 42);
    }
    factory.close(u"test"_s);
    QVERIFY(!QSqlDatabase::contains(factory.connectionName(u"test"_s)));
}

void tst_ConnectionFactory::oneConnectionPerThread_data()
{
    addEngines();
}

void tst_ConnectionFactory::oneConnectionPerThread()
{
    QFETCH(Engine, engine);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const ConnectionFactory factory(scratch->url());
    const QString mine = factory.connectionName(u"reader"_s);

    QString theirs;
    QString theirError;
    int theirAnswer = 0;
    QThread *worker = QThread::create([&] {
        theirs = factory.connectionName(u"reader"_s);
        {
            auto db = factory.open(u"reader"_s);
            if (!db) {
                theirError = db.errorMessage();
                return;
            }
            QSqlQuery query(*db);
            if (query.exec(u"SELECT 6 * 7"_s) && query.next())
                theirAnswer = query.value(0).toInt();
        }
        factory.close(u"reader"_s);
    });
    worker->start();
    QVERIFY(worker->wait(30000));
    delete worker;
    QVERIFY2(theirError.isEmpty(), qPrintable(theirError));
    QCOMPARE(theirAnswer, 42);
    QVERIFY2(theirs != mine, "each thread gets a connection of its own");
    QVERIFY(!QSqlDatabase::contains(theirs));
}

void tst_ConnectionFactory::sqlitePragmas()
{
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::SQLite);
    porthole::ConnectionSettings settings;
    settings.busyTimeoutMs = 1234;
    const ConnectionFactory factory(scratch->url(), settings);
    {
        auto db = factory.open(u"test"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QSqlQuery query(*db);
        const auto pragma = [&query](const QString &name) {
            return query.exec(u"PRAGMA "_s + name) && query.next() ? query.value(0).toString()
                                                                   : QString();
        };
        QCOMPARE(pragma(u"journal_mode"_s), u"wal"_s);
        QCOMPARE(pragma(u"synchronous"_s), u"2"_s); // FULL
        QCOMPARE(pragma(u"foreign_keys"_s), u"1"_s);
        QCOMPARE(pragma(u"busy_timeout"_s), u"1234"_s);
        QCOMPARE(pragma(u"cache_size"_s), u"-32768"_s); // 32 MiB
    }
    factory.close(u"test"_s);
}

void tst_ConnectionFactory::postgresTimeouts()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(
        "the TimescaleDB fixture takes no setting from the startup message (application_name)");
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::PostgreSQL);
    porthole::ConnectionSettings settings;
    settings.statementTimeoutMs = 1500;
    settings.lockTimeoutMs = 700;
    settings.idleInTransactionTimeoutMs = 9000;
    const ConnectionFactory factory(scratch->url(), settings);
    {
        auto db = factory.open(u"test"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QSqlQuery query(*db);
        const auto setting = [&query](const QString &name) {
            return query.exec(u"SELECT current_setting('%1')"_s.arg(name)) && query.next()
                       ? query.value(0).toString()
                       : QString();
        };
        QCOMPARE(setting(u"statement_timeout"_s), u"1500ms"_s);
        QCOMPARE(setting(u"lock_timeout"_s), u"700ms"_s);
        QCOMPARE(setting(u"idle_in_transaction_session_timeout"_s), u"9s"_s);
        QCOMPARE(setting(u"application_name"_s), u"porthole"_s);
        QCOMPARE(setting(u"TimeZone"_s), u"UTC"_s);
        QCOMPARE(setting(u"client_min_messages"_s), u"warning"_s);
        QCOMPARE(setting(u"jit"_s), u"off"_s);
        // The statement timeout is enforced by the server.
        QVERIFY(!query.exec(u"SELECT pg_sleep(5)"_s));
    }
    factory.close(u"test"_s);
}

// An option's value reaches PostgreSQL as one value: a space, a quote or a backslash in it
// cannot add an option of its own. The fixture's server has no TLS, so "sslmode=require"
// taking effect would refuse the connection.
void tst_ConnectionFactory::postgresOptionValuesStayValues()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE("the TimescaleDB fixture answers no SSL request");
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::PostgreSQL);
    const DatabaseUrl &base = scratch->url();
    const QString name = u"x sslmode=require it's a \\ test"_s;
    const auto url = DatabaseUrl::parse(
        u"postgresql://%1@%2:%3/%4?application_name=%5"_s.arg(base.userName(), base.host())
            .arg(base.port())
            .arg(base.databaseName(), QString::fromLatin1(QUrl::toPercentEncoding(name))));
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    QCOMPARE(url->options().value(u"application_name"_s), name);
    const ConnectionFactory factory(url->withPassword(base.password()));
    {
        auto db = factory.open(u"test"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QSqlQuery query(*db);
        QVERIFY(query.exec(u"SELECT current_setting('application_name'), "
                           "(SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid())"_s));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), name);
        QCOMPARE(query.value(1).toBool(), false);
    }
    factory.close(u"test"_s);
}

void tst_ConnectionFactory::sqliteMissingFolder()
{
    QTemporaryDir dir;
    const ConnectionFactory factory(
        DatabaseUrl::sqliteFile(dir.filePath(u"no/such/folder/p.db"_s)));
    const auto db = factory.open(u"test"_s);
    QVERIFY(!db.ok());
    QCOMPARE(db.error().kind, StorageError::Kind::NotFound);
    QVERIFY2(db.errorMessage().contains(u"does not exist"_s), qPrintable(db.errorMessage()));
    QVERIFY(!QSqlDatabase::contains(factory.connectionName(u"test"_s)));
}

void tst_ConnectionFactory::postgresUnreachable()
{
    const auto url = DatabaseUrl::parse(u"postgresql://porthole:secret-pw@127.0.0.1:1/x"_s);
    QVERIFY(url.ok());
    const ConnectionFactory factory(*url);
    const auto db = factory.open(u"test"_s);
    QVERIFY(!db.ok());
    QCOMPARE(db.error().kind, StorageError::Kind::ConnectionLost);
    QVERIFY2(db.errorMessage().contains(u"Check that the server runs"_s),
             qPrintable(db.errorMessage()));
    QVERIFY2(!db.errorMessage().contains(u"secret-pw"_s), "the password is never shown");
    QVERIFY(!QSqlDatabase::contains(factory.connectionName(u"test"_s)));
}

void tst_ConnectionFactory::nameHidesPassword()
{
    const auto a = DatabaseUrl::parse(u"postgresql://u:first-secret@h/x"_s);
    const auto b = DatabaseUrl::parse(u"postgresql://u:second-secret@h/x"_s);
    const QString nameA = ConnectionFactory(*a).connectionName(u"p"_s);
    const QString nameB = ConnectionFactory(*b).connectionName(u"p"_s);
    QVERIFY(!nameA.contains(u"secret"_s));
    QVERIFY2(nameA != nameB, "two credentials never share a connection");
}

void tst_ConnectionFactory::readOnlyWritesNothing_data()
{
    addEngines();
}

// Attached read-only, neither DDL nor a write gets through, and a SQLite file in the
// rollback-journal mode its pipeline chose stays in it.
void tst_ConnectionFactory::readOnlyWritesNothing()
{
    QFETCH(Engine, engine);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    {
        const ConnectionFactory writer(scratch->url());
        auto db = writer.open(u"writer"_s);
        QVERIFY(db.ok());
        QSqlQuery query(*db);
        QVERIFY(query.exec(u"CREATE TABLE theirs (id INTEGER PRIMARY KEY)"_s));
        if (engine == Engine::SQLite)
            QVERIFY(query.exec(u"PRAGMA journal_mode=DELETE"_s));
    }
    ConnectionFactory(scratch->url()).close(u"writer"_s);

    ConnectionSettings settings;
    settings.readOnly = true;
    const ConnectionFactory factory(scratch->url(), settings);
    {
        auto db = factory.open(u"reader"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QSqlQuery query(*db);
        QVERIFY(query.exec(u"SELECT count(*) FROM theirs"_s));
        QVERIFY(!query.exec(u"CREATE TABLE mine (id INTEGER)"_s));
        QVERIFY2(query.lastError().text().contains(u"read"_s, Qt::CaseInsensitive),
                 qPrintable(query.lastError().text()));
        QVERIFY(!query.exec(u"INSERT INTO theirs (id) VALUES (1)"_s));
        if (engine == Engine::SQLite) {
            QVERIFY(query.exec(u"PRAGMA journal_mode"_s) && query.next());
            QCOMPARE(query.value(0).toString(), u"delete"_s);
        }
    }
    factory.close(u"reader"_s);
    if (engine == Engine::SQLite) {
        ConnectionSettings missing;
        missing.readOnly = true;
        const auto absent =
            ConnectionFactory(DatabaseUrl::sqliteFile(scratch->url().filePath() + u".absent"_s),
                              missing)
                .open(u"absent"_s);
        QVERIFY(!absent.ok());
        QVERIFY(!QFileInfo::exists(scratch->url().filePath() + u".absent"_s));
    }
}

QTEST_GUILESS_MAIN(tst_ConnectionFactory)
#include "tst_connectionfactory.moc"
