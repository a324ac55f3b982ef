#include "backup.h"
#include "commandrun.h"
#include "ingestrun.h"
#include "migrateddatabase.h"
#include "migrationrunner.h"
#include "repositorytestsupport.h"
#include "sqlsupport.h"
#include "workerconfig.h"
#include "workermaintenance.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

Result<WorkerConfig> readText(const QTemporaryDir &folder, const QString &yaml)
{
    const QString path = folder.filePath(u"ingest.yaml"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return StorageError::io(file.errorString());
    file.write(yaml.toUtf8());
    file.close();
    return readWorkerConfig(path, u"production"_s, QProcessEnvironment());
}

bool addOldMetrics(const QSqlDatabase &db, int count, int days)
{
    QSqlQuery query(db);
    if (!query.prepare(u"INSERT INTO component_metrics (id, component_name, metric_name, "
                       "metric_value, timestamp) VALUES (?, 'splitter', 'rate', 1, ?)"_s))
        return false;
    const QVariant at =
        timestampParam(QDateTime::currentDateTimeUtc().addDays(-days), engineOf(db));
    for (int i = 0; i < count; ++i) {
        query.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
        query.addBindValue(at);
        if (!query.exec())
            return false;
    }
    return true;
}

} // namespace

// The worker's backup: and retention: sections, and their runs on a thread of their own.
class tst_WorkerMaintenance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsTheSections();
    void refusesWrongSections_data();
    void refusesWrongSections();
    void runsOnItsOwnThread();
    void checkConfigShowsTheSchedule();
    void ingestRunsTheSchedule();
    void ingestSamplesTheHistoryWithoutAFile();
};

void tst_WorkerMaintenance::readsTheSections()
{
    const QTemporaryDir folder;
    auto config = readText(folder, u"production:\n"
                                   "  database_type: sqlite\n"
                                   "  database_name: data.db\n"
                                   "  backup:\n"
                                   "    to: backups\n"
                                   "    every: 6h\n"
                                   "    keep: 3\n"
                                   "  retention:\n"
                                   "    every: 12h\n"
                                   "    keep:\n"
                                   "      port_metrics: 14d\n"
                                   "      checkpoints: 20\n"
                                   "      port_messages: off\n"_s);
    QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
    QVERIFY(config->backup);
    QCOMPARE(config->backup->directory, folder.filePath(u"backups"_s));
    QCOMPARE(config->backup->every, std::chrono::hours(6));
    QCOMPARE(config->backup->keep, 3);
    QVERIFY(config->retention);
    QCOMPARE(config->retention->every, std::chrono::hours(12));
    QCOMPARE(config->retention->rules.portMetricsDays, 14);
    QCOMPARE(config->retention->rules.checkpointsPerComponent, 20);
    QCOMPARE(config->retention->rules.completedMessagesDays, 0);
    QCOMPARE(config->retention->rules.componentMetricsDays, 30); // the default stays

    auto none = readText(folder, u"production:\n  database_type: sqlite\n"
                                 "  database_name: data.db\n"_s);
    QVERIFY2(none.ok(), qPrintable(none.errorMessage()));
    QVERIFY(!none->backup);
    QVERIFY(!none->retention);
}

void tst_WorkerMaintenance::refusesWrongSections_data()
{
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("said");
    QTest::newRow("backup-without-folder")
        << u"  backup:\n    every: 6h\n"_s << u"production.backup needs production.backup.to"_s;
    QTest::newRow("too-often") << u"  backup:\n    to: b\n    every: 5s\n"_s
                               << u"production.backup.every is not a duration"_s;
    QTest::newRow("negative-keep")
        << u"  backup:\n    to: b\n    keep: -1\n"_s << u"production.backup.keep"_s;
    QTest::newRow("unknown-table")
        << u"  retention:\n    keep:\n      messages: 3d\n"_s << u"unknown key \"messages\""_s;
    QTest::newRow("wrong-days") << u"  retention:\n    keep:\n      port_metrics: soon\n"_s
                                << u"a table's rule is a number of days"_s;
    QTest::newRow("unknown-key") << u"  retention:\n    every: 1h\n    when: never\n"_s
                                 << u"unknown key \"when\""_s;
}

void tst_WorkerMaintenance::refusesWrongSections()
{
    QFETCH(QString, section);
    QFETCH(QString, said);
    const QTemporaryDir folder;
    auto config = readText(folder, u"production:\n  database_type: sqlite\n"
                                   "  database_name: data.db\n"_s +
                                       section);
    QVERIFY(!config.ok());
    QVERIFY2(config.errorMessage().contains(said), qPrintable(config.errorMessage()));
}

void tst_WorkerMaintenance::runsOnItsOwnThread()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(addOldMetrics(database.db, 30, 40));
    QVERIFY(addOldMetrics(database.db, 7, 1));
    const QTemporaryDir folder;
    QThread thread;
    auto *maintenance = new WorkerMaintenance(
        {.database = database.scratch->url(),
         .connection = {},
         .backup = WorkerBackupConfig{.directory = folder.filePath(u"backups"_s),
                                      .every = std::chrono::hours(24),
                                      .keep = 2},
         .retention = WorkerRetentionConfig{.every = std::chrono::hours(24), .rules = {}}});
    maintenance->moveToThread(&thread);
    connect(&thread, &QThread::finished, maintenance, &QObject::deleteLater);
    const auto stop = qScopeGuard([&] {
        maintenance->requestStop();
        thread.quit();
        thread.wait();
    });
    QSignalSpy ran(maintenance, &WorkerMaintenance::ran);
    thread.start();
    // At start: a backup (the folder holds none yet) and retention, each once.
    QMetaObject::invokeMethod(maintenance, &WorkerMaintenance::start);
    QTRY_COMPARE_WITH_TIMEOUT(ran.size(), 2, 60000);
    QMap<QString, QString> said;
    for (const QList<QVariant> &run : std::as_const(ran)) {
        QVERIFY2(run.at(1).toBool(), qPrintable(run.at(2).toString()));
        said.insert(run.at(0).toString(), run.at(2).toString());
    }
    QCOMPARE(said.keys(), (QStringList{u"backup"_s, u"retention"_s}));
    QVERIFY2(said.value(u"retention"_s).contains(u"deleted 30 rows"_s),
             qPrintable(said.value(u"retention"_s)));
    auto backups =
        listBackups(folder.filePath(u"backups"_s), backupSource(database.scratch->url()));
    QVERIFY(backups.ok());
    QCOMPARE(backups->size(), 1);
    const qint64 backedUp = backups->constFirst().manifest.rowCounts.value(u"component_metrics"_s);
    QVERIFY2(backedUp == 37 || backedUp == 7, qPrintable(QString::number(backedUp)));

    // Run again by hand (as the timers do): the next backup, the first one kept too (keep 2).
    QMetaObject::invokeMethod(maintenance, &WorkerMaintenance::runBackup);
    QTRY_COMPARE_WITH_TIMEOUT(ran.size(), 3, 60000);
    QVERIFY2(ran.at(2).at(1).toBool(), qPrintable(ran.at(2).at(2).toString()));
    backups = listBackups(folder.filePath(u"backups"_s), backupSource(database.scratch->url()));
    QCOMPARE(backups->size(), 2);
    QCOMPARE(backups->constLast().manifest.rowCounts.value(u"component_metrics"_s), 7);
    QCOMPARE(test::scalar(database.db, u"SELECT count(*) FROM component_metrics"_s), 7);
}

// What `porthole ingest --check-config` says of the sections: what the worker will run.
void tst_WorkerMaintenance::checkConfigShowsTheSchedule()
{
    const QTemporaryDir folder;
    QFile file(folder.filePath(u"ingest.yaml"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("production:\n"
               "  database_type: sqlite\n"
               "  database_name: data.db\n"
               "  redis:\n"
               "    url: redis://127.0.0.1:1/0\n"
               "    key: k\n"
               "  backup:\n"
               "    to: backups\n"
               "    every: 6h\n"
               "  retention:\n"
               "    keep:\n"
               "      port_metrics: 14d\n"
               "      port_messages: off\n");
    file.close();
    const test::CommandRun run =
        test::runPorthole({u"ingest"_s, u"--config"_s, file.fileName(), u"--env"_s, u"production"_s,
                           u"--check-config"_s},
                          60000);
    const QString out = QString::fromUtf8(run.out);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(out.contains(u"backup.to: "_s + folder.filePath(u"backups"_s)), qPrintable(out));
    QVERIFY2(out.contains(u"backup.every: 6h\n"_s), qPrintable(out));
    QVERIFY2(out.contains(u"backup.keep: 7\n"_s), qPrintable(out));
    QVERIFY2(out.contains(u"retention.every: 1d\n"_s), qPrintable(out));
    QVERIFY2(out.contains(u"retention.keep: component_metrics: 30d, port_metrics: 14d, "
                          "port_messages: off, backlog_samples: 30d, checkpoints: 10\n"_s),
             qPrintable(out));
}

// `porthole ingest --config` with both sections: the first backup at start (none in the folder
// yet) and retention at start, each logged, beside the receiver.
void tst_WorkerMaintenance::ingestRunsTheSchedule()
{
    const auto redis = test::fixtureRedis();
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    const QTemporaryDir folder;
    const QString path = folder.filePath(u"data.db"_s);
    {
        const ConnectionFactory factory(DatabaseUrl::sqliteFile(path));
        {
            auto db = factory.open(u"setup"_s);
            QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
            auto migrated =
                MigrationRunner(*db, *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite)).up();
            QVERIFY2(migrated.ok(), qPrintable(migrated.errorMessage()));
            QVERIFY(addOldMetrics(*db, 12, 40));
        }
        factory.close(u"setup"_s);
    }
    QFile file(folder.filePath(u"ingest.yaml"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(
        u"production:\n"
        "  database_type: sqlite\n"
        "  database_name: data.db\n"
        "  redis:\n"
        "    url: %1\n"
        "    key: tst_workermaintenance:%2\n"
        "  backup:\n"
        "    to: backups\n"
        "    every: 1h\n"
        "  retention:\n"
        "    every: 1h\n"_s
            .arg(redis->toDisplayString(), QUuid::createUuid().toString(QUuid::WithoutBraces))
            .toUtf8());
    file.close();
    test::IngestRun ingest(qEnvironmentVariable("PORTHOLE_BINARY"),
                           {u"--config"_s, file.fileName(), u"--env"_s, u"production"_s});
    QVERIFY(ingest.start());
    const auto backedUp =
        ingest.waitForLine(QRegularExpression(u"^ingest: backup: backed up to (\\S+) "_s));
    QVERIFY2(backedUp.hasMatch(), qPrintable(ingest.log()));
    QVERIFY(QFile::exists(backedUp.captured(1)));
    QVERIFY2(backedUp.captured(1).startsWith(folder.filePath(u"backups/porthole-"_s)),
             qPrintable(backedUp.captured(1)));
    const auto retained =
        ingest.waitForLine(QRegularExpression(u"^ingest: retention: retention deleted 12 rows"_s));
    QVERIFY2(retained.hasMatch(), qPrintable(ingest.log()));
    QCOMPARE(ingest.terminate(), 0);
}

// `porthole ingest` samples the backlog history without a --config file: every 15 s unless
// --history-seconds says otherwise (0: never), which wins over a file's history: section.
void tst_WorkerMaintenance::ingestSamplesTheHistoryWithoutAFile()
{
    const auto settings = [](const QStringList &more) {
        return test::runPorthole(
            QStringList{u"ingest"_s, u"--key"_s, u"k"_s, u"--check-config"_s} + more, 60000);
    };
    const test::CommandRun byDefault = settings({});
    QVERIFY2(byDefault.exitCode == 0, byDefault.err.constData());
    QVERIFY2(byDefault.out.contains("history.interval_seconds: 15\n"), byDefault.out.constData());
    const test::CommandRun off = settings({u"--history-seconds"_s, u"0"_s});
    QVERIFY2(off.out.contains("history.interval_seconds: 0 (off)\n"), off.out.constData());
    // Over a file's history: section.
    const QTemporaryDir configFolder;
    QFile file(configFolder.filePath(u"ingest.yaml"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("production:\n  database_type: sqlite\n  database_name: data.db\n"
               "  history:\n    interval_seconds: 60\n");
    file.close();
    const QStringList config{u"--config"_s, file.fileName(), u"--env"_s, u"production"_s};
    QVERIFY(settings(config).out.contains("history.interval_seconds: 60\n"));
    const test::CommandRun overFile =
        settings(config + QStringList{u"--history-seconds"_s, u"0"_s});
    QVERIFY2(overFile.out.contains("history.interval_seconds: 0 (off)\n"),
             overFile.out.constData());
    const test::CommandRun wrong = settings({u"--history-seconds"_s, u"-1"_s});
    QCOMPARE(wrong.exitCode, 2);
    QVERIFY2(wrong.err.contains("--history-seconds must be 0 to 86400"), wrong.err.constData());

    const auto redis = test::fixtureRedis();
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    const QTemporaryDir folder;
    const QString path = folder.filePath(u"data.db"_s);
    test::IngestRun ingest(
        qEnvironmentVariable("PORTHOLE_BINARY"),
        {u"--redis"_s, redis->toDisplayString(), u"--key"_s,
         u"tst_workermaintenance:%1"_s.arg(QUuid::createUuid().toString(QUuid::WithoutBraces)),
         u"--sink"_s, u"sqlite:"_s + path, u"--history-seconds"_s, u"1"_s});
    QVERIFY(ingest.start());
    QVERIFY2(ingest.waitForLine(QRegularExpression(u"^ingest: running"_s)).hasMatch(),
             qPrintable(ingest.log()));
    const ConnectionFactory factory(DatabaseUrl::sqliteFile(path));
    {
        auto db = factory.open(u"read"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        // The receiver's own totals are sampled in every slot once it has reported.
        QTRY_VERIFY2_WITH_TIMEOUT(
            test::scalar(*db, u"SELECT count(*) FROM backlog_samples WHERE kind = 'receiver'"_s) >=
                2,
            qPrintable(ingest.log()), 30000);
    }
    factory.close(u"read"_s);
    QCOMPARE(ingest.terminate(), 0);
}

QTEST_MAIN(tst_WorkerMaintenance)
#include "tst_workermaintenance.moc"
