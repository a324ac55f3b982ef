#include "connectionfactory.h"
#include "migrationrunner.h"
#include "repositorytestsupport.h"
#include "skippolicy.h"
#include "tinyfilesystem.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <csignal>
#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::rowsOf;
using Engine = porthole::test::ScratchDatabase::Engine;

// The copy of a SQLite file taken before its schema changes (up or down): beside it, whole,
// consistent while the pipeline writes, and never at the cost of the disk the pipeline writes to.
class tst_MigrationBackup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sqliteBackupBeforeMigrating();
    void sqliteBackupConsistentWhileWriting();
    void backupCutShortLeavesNothing();
    void backupNeedsRoomToSpare();
};

namespace {

QByteArray bytesOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList backupsIn(const QString &folder)
{
    return QDir(folder).entryList({u"*.backup.db"_s}, QDir::Files);
}

// A database at schema version 2 whose rows take about `megabytes` MB, closed (its WAL folded
// into the file, so that the file alone is the database).
QString makeVersion2(const DatabaseUrl &url, int megabytes)
{
    const ConnectionFactory factory(url);
    QString problem;
    {
        auto db = factory.open(u"make"_s);
        if (!db)
            return db.errorMessage();
        MigrationRunner runner(*db, *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite));
        if (const auto up = runner.up(2); !up)
            return up.errorMessage();
        QSqlQuery query(*db);
        for (int mb = 0; mb < megabytes && problem.isEmpty(); ++mb) {
            if (!query.exec(u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                            "WHERE i < 2048) INSERT INTO processed_events (event_id, sensor_id) "
                            "SELECT '%1-' || i, hex(randomblob(120)) FROM n"_s.arg(mb)))
                problem = query.lastError().text();
        }
    }
    factory.close(u"make"_s);
    return problem;
}

// Runs up() on the database; the error, or empty when it migrated.
QString migrateUp(const DatabaseUrl &url, int *versionAfter)
{
    const ConnectionFactory factory(url);
    QString problem;
    {
        auto db = factory.open(u"migrate"_s);
        if (!db)
            return db.errorMessage();
        MigrationRunner runner(*db, *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite));
        if (const auto up = runner.up(); !up)
            problem = up.errorMessage();
        const auto version = runner.currentVersion();
        *versionAfter = version ? *version : -1;
    }
    factory.close(u"migrate"_s);
    return problem;
}

} // namespace

void tst_MigrationBackup::sqliteBackupBeforeMigrating()
{
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::SQLite);
    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"test"_s);
    QVERIFY(db.ok());
    MigrationRunner runner(*db, *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite));
    QVERIFY(runner.up(2).ok());
    QSqlQuery query(*db);
    QVERIFY(
        query.exec(u"INSERT INTO processed_events (event_id, sensor_id) VALUES ('e1', 's1')"_s));

    // The step says how big the copy is: on a large database it takes minutes.
    const qint64 pages = rowsOf(*db, u"SELECT c.page_count * s.page_size FROM "
                                     "pragma_page_count() c, pragma_page_size() s"_s)
                             .value(0)
                             .toLongLong();
    QList<MigrationStep> steps;
    runner.setProgress([&steps](const MigrationStep &step) { steps << step; });
    const auto outcome = runner.up();
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QVERIFY(!outcome->backupPath.isEmpty());
    QVERIFY(!steps.isEmpty());
    QCOMPARE(steps.constFirst().text,
             u"Backing up %1 to %2 (%3)"_s.arg(scratch->url().filePath(), outcome->backupPath,
                                               QLocale::c().formattedDataSize(pages)));
    // and where the copy grows, and to how much: what the window's dialog measures it by
    QCOMPARE(steps.constFirst().file, outcome->backupPath);
    QCOMPARE(steps.constFirst().bytes, pages);
    const qint64 copied = QFileInfo(outcome->backupPath).size();
    QVERIFY2(copied > pages * 9 / 10 && copied < pages * 11 / 10, // a page or so apart
             qPrintable(u"%1 bytes copied, %2 said"_s.arg(copied).arg(pages)));
    for (qsizetype i = 1; i < steps.size(); ++i)
        QVERIFY2(steps.at(i).file.isEmpty() && steps.at(i).bytes == 0,
                 qPrintable(steps.at(i).text));
    QVERIFY2(QFileInfo(outcome->backupPath).dir() == QFileInfo(scratch->url().filePath()).dir(),
             "the backup lies beside the database");
    QVERIFY2(outcome->backupPath.contains(u".v2-"_s), qPrintable(outcome->backupPath));

    const ConnectionFactory backupFactory(DatabaseUrl::sqliteFile(outcome->backupPath));
    {
        auto backup = backupFactory.open(u"backup"_s);
        QVERIFY(backup.ok());
        QCOMPARE(rowsOf(*backup, u"SELECT max(version) FROM schema_version"_s),
                 QStringList{u"2"_s});
        QCOMPARE(rowsOf(*backup, u"SELECT event_id FROM processed_events"_s), QStringList{u"e1"_s});
    }
    backupFactory.close(u"backup"_s);
}

void tst_MigrationBackup::sqliteBackupConsistentWhileWriting()
{
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::SQLite);
    const ConnectionFactory factory(scratch->url());
    auto db = factory.open(u"test"_s);
    QVERIFY(db.ok());
    MigrationRunner runner(*db, *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite));
    QVERIFY(runner.up(2).ok());

    // A writer commits groups of ten rows while the backup is taken.
    std::atomic<bool> stop = false;
    std::atomic<int> groups = 0;
    QString writerError;
    QThread *writer = QThread::create([&] {
        {
            auto wdb = factory.open(u"writer"_s);
            if (!wdb) {
                writerError = wdb.errorMessage();
                return;
            }
            QSqlQuery insert(*wdb);
            insert.prepare(u"INSERT INTO processed_events (event_id, sensor_id) VALUES (?, 'w')"_s);
            for (int group = 0; !stop; ++group) {
                wdb->transaction();
                for (int i = 0; i < 10; ++i) {
                    insert.addBindValue(u"g%1-%2"_s.arg(group).arg(i));
                    if (!insert.exec()) {
                        writerError = insert.lastError().text();
                        wdb->rollback();
                        return;
                    }
                }
                wdb->commit();
                ++groups;
                // Paced like a group-committing writer: a writer that takes the lock again the
                // instant it lets go would starve every other writer in SQLite's busy handler.
                QThread::msleep(2);
            }
        }
        factory.close(u"writer"_s);
    });
    writer->start();
    QTRY_VERIFY(groups > 20);
    const auto outcome = runner.up();
    const int groupsAtBackup = groups;
    QTRY_VERIFY(groups > groupsAtBackup + 20); // the writer kept going throughout
    stop = true;
    QVERIFY(writer->wait(30000));
    delete writer;
    QVERIFY2(writerError.isEmpty(), qPrintable(writerError));
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));

    const ConnectionFactory backupFactory(DatabaseUrl::sqliteFile(outcome->backupPath));
    {
        auto backup = backupFactory.open(u"backup"_s);
        QVERIFY(backup.ok());
        QCOMPARE(rowsOf(*backup, u"PRAGMA integrity_check"_s), QStringList{u"ok"_s});
        const int rows =
            rowsOf(*backup, u"SELECT count(*) FROM processed_events"_s).value(0).toInt();
        QVERIFY(rows >= 200);
        QCOMPARE(rows % 10, 0); // whole groups only: a consistent snapshot
    }
    backupFactory.close(u"backup"_s);
}

void tst_MigrationBackup::backupCutShortLeavesNothing()
{
    const QTemporaryDir folder;
    const DatabaseUrl url = DatabaseUrl::sqliteFile(folder.filePath(u"cut.db"_s));
    QCOMPARE(makeVersion2(url, 2), QString());
    const QByteArray before = bytesOf(url.filePath());

    // Files this process writes stop growing at 256 KiB, a tenth of the copy: it fails part-way,
    // as on a full disk (EFBIG in place of the signal).
    rlimit was{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &was), 0);
    const auto signalWas = std::signal(SIGXFSZ, SIG_IGN);
    const rlimit small{256 * 1024, was.rlim_max};
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    int version = 0;
    const QString problem = migrateUp(url, &version);
    setrlimit(RLIMIT_FSIZE, &was);
    std::signal(SIGXFSZ, signalWas);

    QVERIFY2(problem.contains(u"Backing up"_s), qPrintable(problem));
    QCOMPARE(version, 2);
    QCOMPARE(backupsIn(folder.path()), QStringList()); // the part copied is gone
    QVERIFY(bytesOf(url.filePath()) == before);
}

void tst_MigrationBackup::backupNeedsRoomToSpare()
{
    const QTemporaryDir folder;
    QString why;
    const auto disk = test::TinyFileSystem::mount(folder.filePath(u"disk"_s), 24 << 20, &why);
    if (!disk)
        PORTHOLE_SKIP_OR_FAIL(why);
    const QString diskPath = folder.filePath(u"disk"_s);
    const DatabaseUrl url = DatabaseUrl::sqliteFile(diskPath + u"/small.db"_s);
    QCOMPARE(makeVersion2(url, 2), QString());
    const QByteArray before = bytesOf(url.filePath());

    // The copy would fit in what is free, but leave less than a twentieth of the disk (1.2 MiB)
    // free beside it: refused before it begins.
    QVERIFY(test::fillLeaving(diskPath, before.size() + 512 * 1024));
    int version = 0;
    const QString problem = migrateUp(url, &version);
    QVERIFY2(problem.contains(u"the backup taken first of"_s), qPrintable(problem));
    QCOMPARE(version, 2);
    QCOMPARE(backupsIn(diskPath), QStringList());
    QVERIFY(bytesOf(url.filePath()) == before);

    QVERIFY(QFile::remove(diskPath + u"/filler"_s));
    QCOMPARE(migrateUp(url, &version), QString());
    QCOMPARE(version, MigrationRunner::builtin(DatabaseUrl::Engine::SQLite)->constLast().version);
    QCOMPARE(backupsIn(diskPath).size(), 1);
}

QTEST_MAIN(tst_MigrationBackup)
#include "tst_migrationbackup.moc"
