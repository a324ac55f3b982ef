#include "applicationsetup.h"
#include "connectionfactory.h"
#include "migrateddatabase.h"
#include "migrationrunner.h"
#include "redisclient.h"
#include "repeatgap.h"
#include "sourceprobeservice.h"
#include "sourcestatusmodel.h"
#include "testservers.h"

#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_SourceProbeService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reportsEverySource();
    void dropsResultsForOldSources();
    void coalescesRefreshes();
    void aCheckHoldsTheNext();
    void gapAfter();
    void theWindowSaysWhatWasFound();
};

void tst_SourceProbeService::reportsEverySource()
{
    const auto redis = porthole::test::fixtureRedis();
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    QTemporaryDir dir;
    SourceProbeService service;
    service.setSources(DatabaseUrl::sqliteFile(dir.filePath(u"p.db"_s)), dir.path(), *redis);
    const auto unchecked = service.uncheckedStatuses();
    QCOMPARE(unchecked.size(), 3);
    QCOMPARE(unchecked.at(2).state, SourceStatus::State::Unknown);

    QSignalSpy ready(&service, &SourceProbeService::statusesReady);
    service.refresh();
    QVERIFY(service.isChecking());
    QVERIFY(ready.wait(10000));
    const auto statuses = ready.first().at(0).value<QList<SourceStatus>>();
    QCOMPARE(statuses.size(), 3);
    QCOMPARE(statuses.at(0).state, SourceStatus::State::Missing); // no database file yet
    QCOMPARE(statuses.at(1).state, SourceStatus::State::Ok);      // the folder exists
    QVERIFY2(statuses.at(2).state == SourceStatus::State::Ok, qPrintable(statuses.at(2).detail));
}

void tst_SourceProbeService::dropsResultsForOldSources()
{
    QTemporaryDir dir;
    SourceProbeService service;
    service.setSources(DatabaseUrl::sqliteFile(dir.filePath(u"old.db"_s)), dir.filePath(u"old"_s),
                       {});
    QSignalSpy ready(&service, &SourceProbeService::statusesReady);
    service.refresh();
    // The check above is under way; the sources change before its result arrives.
    service.setSources(DatabaseUrl::sqliteFile(dir.filePath(u"new.db"_s)), dir.filePath(u"new"_s),
                       {});
    QVERIFY(ready.wait(10000));
    QTRY_VERIFY(!service.isChecking());
    QCOMPARE(ready.size(), 1);
    const auto statuses = ready.first().at(0).value<QList<SourceStatus>>();
    QCOMPARE(statuses.at(1).location, dir.filePath(u"new"_s));
}

void tst_SourceProbeService::coalescesRefreshes()
{
    QTemporaryDir dir;
    SourceProbeService service;
    service.setSources(DatabaseUrl::sqliteFile(dir.filePath(u"p.db"_s)), dir.path(), {});
    QSignalSpy ready(&service, &SourceProbeService::statusesReady);
    service.refresh();
    service.refresh();
    service.refresh();
    // One check runs now and one more after it, for the refreshes asked for meanwhile.
    QTRY_COMPARE(ready.size(), 2);
    QTRY_VERIFY(!service.isChecking());
    QCOMPARE(ready.size(), 2);
}

// A check held by a lock on PostgreSQL for `held` ms: a refresh asked for after it ends waits
// until repeatCostFactor times that has passed, and new sources are checked at once.
void tst_SourceProbeService::aCheckHoldsTheNext()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    SourceProbeService service;
    service.setSources(database.scratch->url(), QDir::tempPath(), {});
    QSignalSpy ready(&service, &SourceProbeService::pipelineReady);
    service.refresh();
    QVERIFY(ready.wait(20000));

    // A check that cannot end before the lock goes: it takes at least `held`. (The wait is what
    // makes it long; the lock is what the check waits on.)
    constexpr int held = 400;
    const auto longCheck = [&] {
        QSqlQuery lock(database.db);
        QVERIFY(lock.exec(u"BEGIN"_s));
        QVERIFY(lock.exec(u"LOCK TABLE port_messages IN ACCESS EXCLUSIVE MODE"_s));
        auto unlock = qScopeGuard([&] { QSqlQuery(database.db).exec(u"ROLLBACK"_s); });
        service.refresh(); // once the gap after the check before is over
        QTRY_VERIFY_WITH_TIMEOUT(service.isChecking(), maxRepeatGapMs + 5000);
        QTest::qWait(held);
        QVERIFY(lock.exec(u"COMMIT"_s));
        unlock.dismiss();
        QVERIFY(ready.wait(20000));
        QVERIFY(!service.isChecking());
    };

    longCheck();
    if (QTest::currentTestFailed())
        return;
    QElapsedTimer sinceEnd;
    sinceEnd.start();
    service.refresh();
    QVERIFY(!service.isChecking());
    QVERIFY(service.isWaiting());
    QVERIFY(ready.wait(maxRepeatGapMs + 20000));
    QVERIFY2(sinceEnd.elapsed() >= repeatGapAfter(held),
             qPrintable(
                 u"the next check came %1 ms after one of at least %2 ms"_s.arg(sinceEnd.elapsed())
                     .arg(held)));

    // While a refresh waits for the gap, new sources: checked at once.
    QTRY_VERIFY(!service.isChecking());
    longCheck();
    if (QTest::currentTestFailed())
        return;
    service.refresh();
    QVERIFY(service.isWaiting());
    QTemporaryDir dir;
    service.setSources(DatabaseUrl::sqliteFile(dir.filePath(u"p.db"_s)), dir.path(), {});
    service.refresh();
    QVERIFY(service.isChecking());
    QVERIFY(!service.isWaiting());
    QVERIFY(ready.wait(20000));
}

void tst_SourceProbeService::gapAfter()
{
    QCOMPARE(repeatGapAfter(0), 0);
    QCOMPARE(repeatGapAfter(100), 900);
    QCOMPARE(repeatGapAfter(60000), maxRepeatGapMs);
    QCOMPARE(repeatGapAfter(10, 1000), 1000);
    QCOMPARE(repeatGapAfter(60000, 90000), 90000);
}

void tst_SourceProbeService::theWindowSaysWhatWasFound()
{
    // What the probes found, for real: a database before and after its migration, a folder
    // with two batch files and one without, the Redis server with a consumer group.
    const auto redis = porthole::test::fixtureRedis();
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    QTemporaryDir dir;
    const DatabaseUrl url = DatabaseUrl::sqliteFile(dir.filePath(u"p.db"_s));
    const ConnectionFactory factory(url);
    QList<SourceStatus> found;
    {
        auto db = factory.open(u"setup"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QVERIFY(QSqlQuery(*db).exec(u"CREATE TABLE a (x INTEGER)"_s));
        found << probeDatabase(url);
        QVERIFY(MigrationRunner(*db, *MigrationRunner::builtin(url.engine())).up().ok());
        found << probeDatabase(url);
    }
    factory.close(u"setup"_s);
    for (const QString &name : {u"messages_batch_0001.txt"_s, u"messages_batch_0002.txt"_s}) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(300, 'x'));
    }
    found << probeBatchStore(dir.path());
    QVERIFY(QDir(dir.path()).mkdir(u"empty"_s));
    found << probeBatchStore(dir.filePath(u"empty"_s));
    RedisClient client;
    QVERIFY(client.connect(*redis).ok());
    const QByteArray stream =
        "tst_sourceprobeservice:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    QVERIFY(client.command({"XGROUP", "CREATE", stream, "billing", "$", "MKSTREAM"}).ok());
    StreamGroupScan groups;
    found << probeRedis(*redis, &groups);
    client.command({"DEL", stream});
    QVERIFY(QDir(dir.path()).mkdir(u"one"_s));
    {
        QFile file(dir.filePath(u"one/messages_batch_0001.txt"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(90, 'x'));
    }
    found << probeBatchStore(dir.filePath(u"one"_s));
    QCOMPARE(found.size(), 6);
    QCOMPARE(found.at(0).state, SourceStatus::State::Error); // to migrate
    for (int i = 1; i < found.size(); ++i)
        QVERIFY2(found.at(i).state == SourceStatus::State::Ok, qPrintable(found.at(i).detail));

    // In English the window says what the command line and reports say.
    for (const SourceStatus &status : std::as_const(found))
        QCOMPARE(SourceStatusModel::detailText(status), status.detail);
    // One of a kind is one, not one of many.
    QVERIFY2(found.at(0).detail.contains(u", 1 table. "_s), qPrintable(found.at(0).detail));
    QVERIFY2(found.at(5).detail.startsWith(u"1 batch file, 90 bytes"_s),
             qPrintable(found.at(5).detail));

    // In German, in German, with the same figures; what went wrong stays as the storage layer
    // says it.
    QCOMPARE(installTranslations(QLocale(QLocale::German, QLocale::Germany)), u"de"_s);
    const auto removeTranslations = qScopeGuard([] {
        const QList<QTranslator *> translators =
            QCoreApplication::instance()->findChildren<QTranslator *>();
        for (QTranslator *translator : translators) {
            QCoreApplication::removeTranslator(translator);
            delete translator;
        }
    });
    QStringList german;
    for (const SourceStatus &status : std::as_const(found))
        german << SourceStatusModel::detailText(status);
    const int latest = found.at(1).found.latestSchemaVersion;
    QVERIFY2(german.at(0).contains(u"Schemaversion 0 von %1, 1 Tabelle. "_s.arg(latest)),
             qPrintable(german.at(0)));
    QVERIFY2(german.at(0).endsWith(found.at(0).found.problem), qPrintable(german.at(0)));
    QVERIFY2(german.at(1).contains(u"Schemaversion %1 von %1, "_s.arg(latest)),
             qPrintable(german.at(1)));
    QVERIFY2(german.at(1).startsWith(found.at(1).found.product), qPrintable(german.at(1)));
    QVERIFY2(german.at(2).startsWith(u"2 Batch-Dateien, 600 bytes"_s), qPrintable(german.at(2)));
    QCOMPARE(german.at(3), u"Noch keine Batch-Dateien."_s);
    QVERIFY2(german.at(4).startsWith(found.at(4).found.product + u", "_s),
             qPrintable(german.at(4)));
    QVERIFY2(german.at(4).contains(u" Schlüssel, "_s), qPrintable(german.at(4)));
    QVERIFY2(german.at(4).contains(u" Consumer-Gruppe"_s), qPrintable(german.at(4)));
    QVERIFY2(german.at(5).startsWith(u"1 Batch-Datei, "_s), qPrintable(german.at(5)));
}

QTEST_GUILESS_MAIN(tst_SourceProbeService)
#include "tst_sourceprobeservice.moc"
