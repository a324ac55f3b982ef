#include "backup.h"
#include "ingestrecoverytestsupport.h"
#include "ingestrun.h"
#include "migrateddatabase.h"
#include "redisclient.h"
#include "repositorytestsupport.h"
#include "testservers.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::test;

// A backup taken while `porthole ingest` writes the database: one consistent moment of it, on
// both engines.
class tst_BackupLive : public IngestRecoveryTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { setUpFixtures(); }
    void cleanup() { cleanUpAfterTest(); }
    void backupWhileIngestWrites_data() { addEngineRows(); }
    void backupWhileIngestWrites();
};

namespace {

// The messages of a restored database: as many as its highest number, each once, from 1:
// the worker stores a stream in order, so a consistent moment holds a prefix of it.
void checkPrefix(const QSqlDatabase &db, qint64 expected)
{
    QCOMPARE(scalar(db, u"SELECT count(*) FROM messages"_s), expected);
    QCOMPARE(scalar(db, u"SELECT count(DISTINCT message_number) FROM messages"_s), expected);
    QCOMPARE(scalar(db, u"SELECT coalesce(max(message_number), 0) FROM messages"_s), expected);
    QCOMPARE(scalar(db, u"SELECT coalesce(min(message_number), 1) FROM messages"_s), 1);
}

} // namespace

void tst_BackupLive::backupWhileIngestWrites()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const qint64 total = 150000;
    const QByteArray stream = key(u"backup-live"_s);
    QHash<qint64, QByteArray> ids;
    addToStream(m_redis, stream, 1, total, ids);
    if (QTest::currentTestFailed())
        return;
    const DatabaseUrl &url = database.scratch->url();
    const QString sink = url.isSqlite() ? u"sqlite://"_s + url.filePath() : url.toDisplayString();
    IngestRun ingest(m_binary, ingestArguments(m_redisText, stream, u"backup-live"_s) +
                                   QStringList{u"--sink"_s, sink});
    QVERIFY(ingest.start());
    // Under way: some stored, most still to come.
    QTRY_VERIFY_WITH_TIMEOUT(scalar(database.db, u"SELECT count(*) FROM messages"_s) >= 2000 ||
                                 !ingest.running(),
                             IngestRun::stepTimeoutMs);
    QVERIFY2(ingest.running(), qPrintable(ingest.log()));

    const QTemporaryDir folder;
    auto outcome = takeBackup(url, {.directory = folder.path(),
                                    .keep = 7,
                                    .verify = true,
                                    .pagesPerStep = 64,
                                    .tools = {},
                                    .progress = {},
                                    .now = {}});
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    const qint64 inBackup = outcome->backup.manifest.rowCounts.value(u"messages"_s);
    const qint64 afterBackup = scalar(database.db, u"SELECT count(*) FROM messages"_s);
    // The backup was taken while the worker wrote: it holds some, not all, and the worker
    // went on past it.
    QVERIFY2(inBackup >= 2000 && inBackup < total,
             qPrintable(u"%1 messages in the backup"_s.arg(inBackup)));
    QVERIFY2(afterBackup > inBackup || ingest.running(), qPrintable(ingest.log()));
    QCOMPARE(ingest.terminate(), 0);

    // Restored into a new database: the manifest's counts, a prefix of the stream.
    QTemporaryDir restoreFolder;
    const DatabaseUrl target =
        url.isSqlite() ? DatabaseUrl::sqliteFile(restoreFolder.filePath(u"restored.db"_s))
                       : url.withDatabaseName(u"restored_%1"_s.arg(
                             QUuid::createUuid().toString(QUuid::Id128).left(12)));
    const auto drop = qScopeGuard([&] {
        if (target.isSqlite())
            return;
        const ConnectionFactory admin(target.withDatabaseName(u"postgres"_s));
        {
            auto db = admin.open(u"test-admin"_s);
            if (db)
                QSqlQuery(*db).exec(
                    u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(target.databaseName()));
        }
        admin.close(u"test-admin"_s);
    });
    auto restored = restoreBackup(outcome->backup.manifestPath, target, false);
    QVERIFY2(restored.ok(), qPrintable(restored.errorMessage()));
    const ConnectionFactory factory(target);
    {
        auto db = factory.open(u"restored"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        if (target.isSqlite()) {
            QSqlQuery check(*db);
            QVERIFY(check.exec(u"PRAGMA integrity_check"_s) && check.next());
            QCOMPARE(check.value(0).toString(), u"ok"_s);
        }
        const QMap<QString, qint64> &counts = outcome->backup.manifest.rowCounts;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            QCOMPARE(scalar(*db, u"SELECT count(*) FROM \"%1\""_s.arg(it.key())), it.value());
        checkPrefix(*db, inBackup);
    }
    factory.close(u"restored"_s);
}

QTEST_MAIN(tst_BackupLive)
#include "tst_backuplive.moc"
