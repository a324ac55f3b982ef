#include "backup.h"
#include "migrateddatabase.h"
#include "repositorytestsupport.h"
#include "skippolicy.h"
#include "sqlsupport.h"
#include "tinyfilesystem.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlIndex>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

#include <functional>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

bool addComponentMetrics(const QSqlDatabase &db, int count)
{
    QSqlQuery query(db);
    if (!query.prepare(u"INSERT INTO component_metrics (id, component_name, metric_name, "
                       "metric_value, timestamp) VALUES (?, 'splitter', 'rate', ?, ?)"_s) ||
        !QSqlDatabase(db).transaction())
        return false;
    const QVariant at = timestampParam(QDateTime::currentDateTimeUtc(), engineOf(db));
    for (int i = 0; i < count; ++i) {
        query.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
        query.addBindValue(i + 0.25); // a value of its own, so that a restore's mix-up shows
        query.addBindValue(at);
        if (!query.exec())
            return false;
    }
    return QSqlDatabase(db).commit();
}

QString quotedName(const QString &name)
{
    return u'"' + QString(name).replace(u'"', u"\"\""_s) + u'"';
}

// Every table's rows in key order (its primary key; without one SQLite's rowid, or on
// PostgreSQL the row's text), each row as the engine writes it out exactly (SQLite's quote() of
// each value, which tells 1 from '1' and NULL from ''; PostgreSQL's text of the whole row),
// hashed: the number of rows and a SHA-256 per table. Computed the same way on a source and
// on its restored copy, it differs when a restore drops, adds or alters any one value. Read
// here by SQL of its own, not by anything the backup code uses.
QMap<QString, QString> contentHashes(const QSqlDatabase &db)
{
    const bool sqlite = db.driverName() == u"QSQLITE"_s;
    const QStringList tables = test::rowsOf(
        db, sqlite ? u"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"_s
                   : u"SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                     "ORDER BY 1"_s);
    QMap<QString, QString> hashes;
    for (const QString &table : tables) {
        const QSqlIndex key = db.primaryIndex(table);
        QStringList order;
        for (int i = 0; i < key.count(); ++i)
            order << quotedName(key.fieldName(i));
        if (order.isEmpty())
            order << (sqlite ? u"rowid"_s : u"t::text"_s);
        QString row = u"t::text"_s;
        if (sqlite) {
            QStringList columns;
            const QSqlRecord record = db.record(table);
            for (int i = 0; i < record.count(); ++i)
                columns << u"quote(%1)"_s.arg(quotedName(record.fieldName(i)));
            row = columns.join(u" || ',' || "_s);
        }
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.exec(u"SELECT %1 FROM %2 AS t ORDER BY %3"_s.arg(row, quotedName(table),
                                                                    order.join(u", "_s)))) {
            hashes.insert(table, u"FAILED: "_s + query.lastError().text());
            continue;
        }
        QCryptographicHash hash(QCryptographicHash::Sha256);
        qint64 rows = 0;
        while (query.next()) {
            const QByteArray text = query.value(0).toString().toUtf8();
            hash.addData(QByteArray(QByteArray::number(text.size()) + ':' + text));
            ++rows;
        }
        hashes.insert(table,
                      u"%1 rows, %2"_s.arg(rows).arg(QString::fromLatin1(hash.result().toHex())));
    }
    return hashes;
}

// Where a restore goes: a file that does not exist yet, or a database of the fixture's
// cluster that does not exist yet, dropped when this goes away.
class RestoreTarget
{
public:
    explicit RestoreTarget(const DatabaseUrl &like)
    {
        if (like.isSqlite()) {
            m_url = DatabaseUrl::sqliteFile(m_directory.filePath(u"restored.db"_s));
        } else {
            m_url = like.withDatabaseName(
                u"restored_%1"_s.arg(QUuid::createUuid().toString(QUuid::Id128).left(12)));
        }
    }
    ~RestoreTarget()
    {
        if (m_url.isSqlite())
            return;
        const ConnectionFactory factory(m_url.withDatabaseName(u"postgres"_s));
        {
            auto db = factory.open(u"test-admin"_s);
            if (db)
                QSqlQuery(*db).exec(
                    u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(m_url.databaseName()));
        }
        factory.close(u"test-admin"_s);
    }
    const DatabaseUrl &url() const { return m_url; }

    // The restored database's rows per table, as a manifest counts them.
    QMap<QString, qint64> rowCounts(const QStringList &tables) const
    {
        const ConnectionFactory factory(m_url);
        QMap<QString, qint64> counts;
        {
            auto db = factory.open(u"test-restored"_s);
            if (!db)
                return {};
            for (const QString &table : tables)
                counts.insert(table,
                              test::scalar(*db, u"SELECT count(*) FROM \"%1\""_s.arg(table)));
        }
        factory.close(u"test-restored"_s);
        return counts;
    }

    QMap<QString, QString> contentHashes() const
    {
        const ConnectionFactory factory(m_url);
        QMap<QString, QString> hashes;
        {
            auto db = factory.open(u"test-restored"_s);
            if (!db)
                return {{u"FAILED"_s, db.errorMessage()}};
            hashes = ::contentHashes(*db);
        }
        factory.close(u"test-restored"_s);
        return hashes;
    }

private:
    QTemporaryDir m_directory;
    DatabaseUrl m_url;
};

void damage(const QString &path, const QString &how)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    if (how == u"flip"_s) {
        const qint64 middle = file.size() / 2;
        file.seek(middle);
        char byte = 0;
        QVERIFY(file.getChar(&byte));
        file.seek(middle);
        QVERIFY(file.putChar(char(byte ^ 0x5a)));
    } else if (how == u"truncate"_s) {
        QVERIFY(file.resize(file.size() / 2));
    } else if (how == u"missing"_s) {
        file.close();
        QVERIFY(file.remove());
    }
}

// The manifest beside `dataPath` with one field changed.
void editManifest(const QString &manifestPath, const std::function<void(QJsonObject &)> &edit)
{
    QFile file(manifestPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    file.close();
    edit(json);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(json).toJson());
}

// Every file of a folder, hidden ones too, and its bytes.
QMap<QString, QByteArray> folderContent(const QString &path)
{
    QMap<QString, QByteArray> content;
    const QDir dir(path);
    for (const QString &name : dir.entryList(QDir::Files | QDir::Hidden)) {
        QFile file(dir.filePath(name));
        content.insert(name, file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("?"));
    }
    return content;
}

QJsonObject manifestJson(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object()
                                          : QJsonObject();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

} // namespace

class tst_Backup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void backsUpVerifiesAndRestores_data() { test::addEngineRows(); }
    void backsUpVerifiesAndRestores();
    void detectsDamage_data();
    void detectsDamage();
    void restoreRefusesAnExistingTarget_data() { test::addEngineRows(); }
    void restoreRefusesAnExistingTarget();
    void keepsTheLastN();
    void needsRoomToSpare();
    void prunesOnlyWhatItMade_data();
    void prunesOnlyWhatItMade();
    void verifyOfPostgresNeedsAServer();
    void passwordReachesPgDumpThroughItsEnvironmentOnly();
};

void tst_Backup::backsUpVerifiesAndRestores()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QVERIFY(addComponentMetrics(database.db, 37));
    const QTemporaryDir folder;
    qint64 reports = 0;
    BackupOptions options{.directory = folder.path(),
                          .keep = 7,
                          .verify = true,
                          .pagesPerStep = 2,
                          .tools = {},
                          .progress = {},
                          .now = {}};
    options.progress = [&reports](qint64 done, qint64 total) {
        ++reports;
        return done <= total;
    };
    auto outcome = takeBackup(database.scratch->url(), options);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QVERIFY(outcome->verified);
    QVERIFY(reports >= (engine == test::ScratchDatabase::Engine::SQLite ? 3 : 2));
    const BackupManifest &manifest = outcome->backup.manifest;
    QCOMPARE(manifest.engine, test::engineName(engine));
    QCOMPARE(manifest.rowCounts.value(u"component_metrics"_s), 37);
    QVERIFY(manifest.rowCounts.contains(u"schema_version"_s));
    QCOMPARE(manifest.schemaVersion, *MigrationRunner(database.db, {}).currentVersion());
    QVERIFY(!manifest.source.contains(u"***"_s));
    QCOMPARE(QFileInfo(outcome->backup.dataPath).fileName(), manifest.fileName);
    QVERIFY(manifest.fileName.startsWith(u"porthole-"_s));
    QVERIFY(QFile::exists(outcome->backup.manifestPath));
    QCOMPARE(QDir(folder.path()).entryList(QDir::Files | QDir::Hidden).size(), 2);
    const QMap<QString, QString> backedUp = contentHashes(database.db);
    QVERIFY(backedUp.contains(u"component_metrics"_s));

    // Rows written after the backup are not in it.
    QVERIFY(addComponentMetrics(database.db, 5));
    // The negative control: the hashes see those rows.
    QVERIFY(contentHashes(database.db) != backedUp);
    const RestoreTarget target(database.scratch->url());
    auto restored = restoreBackup(outcome->backup.manifestPath, target.url(), false);
    QVERIFY2(restored.ok(), qPrintable(restored.errorMessage()));
    QCOMPARE(target.rowCounts(manifest.rowCounts.keys()), manifest.rowCounts);
    // The restored database holds every row as it was, value for value.
    QCOMPARE(target.contentHashes(), backedUp);

    auto verified = verifyBackup(outcome->backup.dataPath, &database.scratch->url());
    QVERIFY2(verified.ok(), qPrintable(verified.errorMessage()));
}

void tst_Backup::detectsDamage_data()
{
    QTest::addColumn<test::ScratchDatabase::Engine>("engine");
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("said");
    for (const auto engine :
         {test::ScratchDatabase::Engine::SQLite, test::ScratchDatabase::Engine::PostgreSQL}) {
        const QByteArray name = test::engineName(engine).toUtf8();
        QTest::newRow(QByteArray(name + "-flipped-byte").constData())
            << engine << u"flip"_s << u"SHA-256"_s;
        QTest::newRow(QByteArray(name + "-truncated").constData())
            << engine << u"truncate"_s << u"bytes"_s;
        QTest::newRow(QByteArray(name + "-missing-file").constData())
            << engine << u"missing"_s << u"missing"_s;
        QTest::newRow(QByteArray(name + "-manifest-checksum").constData())
            << engine << u"checksum"_s << u"SHA-256"_s;
        QTest::newRow(QByteArray(name + "-manifest-rows").constData())
            << engine << u"rows"_s << u"999 in the manifest"_s;
        QTest::newRow(QByteArray(name + "-manifest-garbled").constData())
            << engine << u"garbled"_s << u"manifest"_s;
        QTest::newRow(QByteArray(name + "-manifest-too-large").constData())
            << engine << u"huge"_s << u"more than the 4 MiB a manifest may have"_s;
        // A count the manifest holds is quoted as it is, never said to be missing.
        QTest::newRow(QByteArray(name + "-manifest-count-as-text").constData())
            << engine << u"count-text"_s << u"row count of component_metrics is \"12\","_s;
        QTest::newRow(QByteArray(name + "-manifest-count-fraction").constData())
            << engine << u"count-fraction"_s << u"row count of component_metrics is 12.5,"_s;
        QTest::newRow(QByteArray(name + "-manifest-count-negative").constData())
            << engine << u"count-negative"_s << u"row count of component_metrics is -1,"_s;
        QTest::newRow(QByteArray(name + "-manifest-count-other-case").constData())
            << engine << u"count-case"_s
            << u"Component_Metrics: 12 in the manifest, no such table restored; "
               "component_metrics: not in the manifest, 12 restored"_s;
    }
}

void tst_Backup::detectsDamage()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QFETCH(QString, damage);
    QFETCH(QString, said);
    QVERIFY(addComponentMetrics(database.db, 12));
    const QTemporaryDir folder;
    auto outcome = takeBackup(database.scratch->url(), {.directory = folder.path(),
                                                        .keep = 7,
                                                        .verify = false,
                                                        .pagesPerStep = 1024,
                                                        .tools = {},
                                                        .progress = {},
                                                        .now = {}});
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    const BackupFiles &backup = outcome->backup;
    const DatabaseUrl &server = database.scratch->url();
    // The negative control: as it was written, it verifies.
    auto before = verifyBackup(backup.dataPath, &server);
    QVERIFY2(before.ok(), qPrintable(before.errorMessage()));

    if (damage == u"checksum"_s) {
        editManifest(backup.manifestPath,
                     [](QJsonObject &json) { json[u"sha256"_s] = QString(64, u'0'); });
    } else if (damage == u"rows"_s) {
        editManifest(backup.manifestPath, [](QJsonObject &json) {
            QJsonObject rows = json[u"row_counts"_s].toObject();
            rows[u"component_metrics"_s] = 999;
            json[u"row_counts"_s] = rows;
        });
    } else if (damage.startsWith(u"count-"_s)) {
        editManifest(backup.manifestPath, [&damage](QJsonObject &json) {
            QJsonObject rows = json[u"row_counts"_s].toObject();
            if (damage == u"count-case"_s)
                rows[u"Component_Metrics"_s] = rows.take(u"component_metrics"_s);
            else
                rows[u"component_metrics"_s] = damage == u"count-text"_s       ? QJsonValue(u"12"_s)
                                               : damage == u"count-fraction"_s ? QJsonValue(12.5)
                                                                               : QJsonValue(-1);
            json[u"row_counts"_s] = rows;
        });
    } else if (damage == u"huge"_s) {
        // Valid JSON, padded past the bound: refused by its size, not read whole.
        editManifest(backup.manifestPath,
                     [](QJsonObject &json) { json[u"note"_s] = QString(4 * 1024 * 1024, u' '); });
    } else if (damage == u"garbled"_s) {
        QFile file(backup.manifestPath);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{\"engine\": \"sqlite\", ");
    } else {
        ::damage(backup.dataPath, damage);
    }
    auto after = verifyBackup(backup.manifestPath, &server);
    QVERIFY(!after.ok());
    QVERIFY2(after.errorMessage().contains(said), qPrintable(after.errorMessage()));
    QVERIFY2(!after.errorMessage().contains(u"none in the manifest"_s),
             qPrintable(after.errorMessage()));
    // A restore checks the file too, and leaves no target behind.
    const RestoreTarget target(server);
    auto restored = restoreBackup(backup.dataPath, target.url(), false);
    if (damage != u"rows"_s && damage != u"count-case"_s) {
        QVERIFY(!restored.ok());
        if (target.url().isSqlite())
            QVERIFY(!QFile::exists(target.url().filePath()));
    }
}

void tst_Backup::restoreRefusesAnExistingTarget()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QVERIFY(addComponentMetrics(database.db, 9));
    const QTemporaryDir folder;
    auto outcome = takeBackup(database.scratch->url(), {.directory = folder.path(),
                                                        .keep = 7,
                                                        .verify = false,
                                                        .pagesPerStep = 1024,
                                                        .tools = {},
                                                        .progress = {},
                                                        .now = {}});
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QVERIFY(addComponentMetrics(database.db, 4));
    QCOMPARE(test::scalar(database.db, u"SELECT count(*) FROM component_metrics"_s), 13);

    // Over the live database: refused, nothing changed.
    auto refused = restoreBackup(outcome->backup.dataPath, database.scratch->url(), false);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, StorageError::Kind::Conflict);
    QVERIFY2(refused.errorMessage().contains(u"--force"_s), qPrintable(refused.errorMessage()));
    QCOMPARE(test::scalar(database.db, u"SELECT count(*) FROM component_metrics"_s), 13);

    // With force: the backup's rows, the four written since gone.
    database.db = QSqlDatabase();
    database.factory->close(u"test"_s);
    auto forced = restoreBackup(outcome->backup.dataPath, database.scratch->url(), true);
    QVERIFY2(forced.ok(), qPrintable(forced.errorMessage()));
    const ConnectionFactory factory(database.scratch->url());
    {
        auto db = factory.open(u"check"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QCOMPARE(test::scalar(*db, u"SELECT count(*) FROM component_metrics"_s), 9);
    }
    factory.close(u"check"_s);
}

void tst_Backup::keepsTheLastN()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    test::MigratedDatabase other(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(other.ok(), qPrintable(other.error));
    const QTemporaryDir folder;
    const QDateTime start(QDate(2026, 11, 26), QTime(21, 0), QTimeZone::utc());
    BackupOptions options{.directory = folder.path(),
                          .keep = 3,
                          .verify = true,
                          .pagesPerStep = 1024,
                          .tools = {},
                          .progress = {},
                          .now = start};
    // Copies of backups stopped half-way: one untouched for two days (a killed run), one
    // written a minute ago (another process's run, going on).
    const auto partial = [&folder](const QString &name, const QDateTime &modified) {
        QFile file(folder.filePath(name));
        return file.open(QIODevice::WriteOnly) && file.write("SQLite format 3") > 0 &&
               file.flush() && file.setFileTime(modified, QFileDevice::FileModificationTime);
    };
    const QDateTime realNow = QDateTime::currentDateTimeUtc();
    QVERIFY(partial(u".porthole-20261124T010000Z.sqlite.partial"_s, realNow.addDays(-2)));
    QVERIFY(partial(u".porthole-20261126T205900Z.dump.partial"_s, realNow.addSecs(-60)));
    // A backup of another database in the same folder is never counted nor deleted.
    auto foreign = takeBackup(other.scratch->url(), options);
    QVERIFY2(foreign.ok(), qPrintable(foreign.errorMessage()));
    QStringList taken;
    for (int hour = 1; hour <= 5; ++hour) {
        options.now = start.addSecs(hour * 60);
        auto outcome = takeBackup(database.scratch->url(), options);
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        taken << outcome->backup.dataPath;
        QCOMPARE(outcome->removed, hour > 3 ? QStringList{taken.at(hour - 4)} : QStringList{});
    }
    auto left = listBackups(folder.path(), backupSource(database.scratch->url()));
    QVERIFY(left.ok());
    QStringList paths;
    for (const BackupFiles &backup : *left)
        paths << backup.dataPath;
    QCOMPARE(paths, taken.mid(2));
    QCOMPARE(QFileInfo(paths.constLast()).fileName(), u"porthole-20261126T210500Z.sqlite"_s);
    QVERIFY(QFile::exists(foreign->backup.dataPath));
    QVERIFY(!QFile::exists(folder.filePath(u".porthole-20261124T010000Z.sqlite.partial"_s)));
    QVERIFY(QFile::exists(folder.filePath(u".porthole-20261126T205900Z.dump.partial"_s)));
    QVERIFY(!QFile::exists(
        QFileInfo(taken.constFirst())
            .dir()
            .filePath(QFileInfo(taken.constFirst()).completeBaseName() + u".json"_s)));
    // Two in the same second get names of their own.
    auto again = takeBackup(database.scratch->url(), options);
    QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
    QCOMPARE(QFileInfo(again->backup.dataPath).fileName(), u"porthole-20261126T210500Z-2.sqlite"_s);
}

// A backup that would leave its disk with less than a twentieth free is refused before a byte
// is written: the pipeline may write to the same disk.
void tst_Backup::needsRoomToSpare()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(addComponentMetrics(database.db, 10000));
    const QTemporaryDir folder;
    const QString diskPath = folder.filePath(u"disk"_s);
    QString why;
    const auto disk = test::TinyFileSystem::mount(diskPath, 24 << 20, &why);
    if (!disk)
        PORTHOLE_SKIP_OR_FAIL(why);
    const qint64 pages =
        test::rowsOf(database.db, u"SELECT c.page_count * s.page_size FROM pragma_page_count() "
                                  "c, pragma_page_size() s"_s)
            .value(0)
            .toLongLong();
    const BackupOptions options{.directory = diskPath,
                                .keep = 0,
                                .verify = false,
                                .pagesPerStep = 1024,
                                .tools = {},
                                .progress = {},
                                .now = QDateTime::currentDateTimeUtc()};

    QVERIFY(test::fillLeaving(diskPath, pages + 512 * 1024)); // fits, but leaves < 1.2 MiB
    const auto refused = takeBackup(database.scratch->url(), options);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.errorMessage().contains(u"the backup did not fit"_s),
             qPrintable(refused.errorMessage()));
    QCOMPARE(QDir(diskPath).entryList(QDir::Files | QDir::Hidden), QStringList{u"filler"_s});

    QVERIFY(QFile::remove(diskPath + u"/filler"_s));
    const auto taken = takeBackup(database.scratch->url(), options);
    QVERIFY2(taken.ok(), qPrintable(taken.errorMessage()));
}

void tst_Backup::prunesOnlyWhatItMade_data()
{
    QTest::addColumn<QString>("planted");
    QTest::addColumn<bool>("oldestDeleted");
    // A manifest of the same database, older than every backup, that names a file of the
    // folder which is no backup.
    QTest::newRow("names another file") << u"notes"_s << true;
    // ... that names the manifest of a backup kept.
    QTest::newRow("names a manifest") << u"manifest"_s << true;
    // A kept backup's manifest copied under an older name and time.
    QTest::newRow("copy of a kept manifest") << u"copy"_s << true;
    // A manifest of another database naming the oldest backup's file: while it stays, the file
    // does too, and the backup whole with it.
    QTest::newRow("file named twice") << u"named-twice"_s << false;
    // The oldest backup's file no longer has its manifest's checksum: not deleted, and not
    // counted among the three kept.
    QTest::newRow("checksum differs") << u"checksum"_s << false;
}

// Pruning deletes only backups Porthole made, as it made them: the folder's exact content after
// the fourth backup with --keep 3 is what was there, less the oldest backup when it may go,
// plus the new one.
void tst_Backup::prunesOnlyWhatItMade()
{
    QFETCH(QString, planted);
    QFETCH(bool, oldestDeleted);
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(addComponentMetrics(database.db, 3));
    const QTemporaryDir folder;
    const QDateTime start(QDate(2026, 11, 26), QTime(21, 0), QTimeZone::utc());
    BackupOptions options{.directory = folder.path(),
                          .keep = 3,
                          .verify = false,
                          .pagesPerStep = 1024,
                          .tools = {},
                          .progress = {},
                          .now = start};
    QList<BackupFiles> taken;
    for (int minute = 1; minute <= 3; ++minute) {
        QVERIFY(addComponentMetrics(database.db, 1)); // each backup a file of its own
        options.now = start.addSecs(minute * 60);
        auto outcome = takeBackup(database.scratch->url(), options);
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        QVERIFY(outcome->removed.isEmpty());
        taken << outcome->backup;
    }
    const QString older = folder.filePath(u"porthole-20261126T200000Z.json"_s);
    QJsonObject json = manifestJson(taken.at(0).manifestPath);
    json[u"created"_s] = u"2026-11-26T20:00:00.000Z"_s;
    const auto pointAt = [&json](const QString &path) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        json[u"file"_s] = QFileInfo(path).fileName();
        json[u"size"_s] = bytes.size();
        json[u"sha256"_s] = QString::fromLatin1(
            QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    };
    if (planted == u"notes"_s) {
        QVERIFY(writeFile(folder.filePath(u"porthole-notes.txt"_s), "Restore drill: Tuesday.\n"));
        pointAt(folder.filePath(u"porthole-notes.txt"_s));
        QVERIFY(writeFile(older, QJsonDocument(json).toJson()));
    } else if (planted == u"manifest"_s) {
        pointAt(taken.at(1).manifestPath);
        QVERIFY(writeFile(older, QJsonDocument(json).toJson()));
    } else if (planted == u"copy"_s) {
        json = manifestJson(taken.at(2).manifestPath);
        json[u"created"_s] = u"2026-11-26T20:00:00.000Z"_s;
        QVERIFY(writeFile(older, QJsonDocument(json).toJson()));
    } else if (planted == u"named-twice"_s) {
        json[u"source"_s] = u"sqlite:///var/lib/elsewhere/porthole.db"_s;
        QVERIFY(
            writeFile(folder.filePath(u"porthole-elsewhere.json"_s), QJsonDocument(json).toJson()));
    } else if (planted == u"checksum"_s) {
        damage(taken.at(0).dataPath, u"flip"_s);
    }
    const QMap<QString, QByteArray> before = folderContent(folder.path());

    options.now = start.addSecs(4 * 60);
    auto fourth = takeBackup(database.scratch->url(), options);
    QVERIFY2(fourth.ok(), qPrintable(fourth.errorMessage()));
    QMap<QString, QByteArray> expected = before;
    if (oldestDeleted) {
        expected.remove(QFileInfo(taken.at(0).dataPath).fileName());
        expected.remove(QFileInfo(taken.at(0).manifestPath).fileName());
    }
    const QMap<QString, QByteArray> after = folderContent(folder.path());
    for (const QString &made : {fourth->backup.dataPath, fourth->backup.manifestPath})
        expected.insert(QFileInfo(made).fileName(), after.value(QFileInfo(made).fileName()));
    QCOMPARE(after.keys(), expected.keys());
    QVERIFY(after == expected);
    QCOMPARE(fourth->removed, oldestDeleted ? QStringList{taken.at(0).dataPath} : QStringList{});
    // The three newest backups are whole.
    for (const BackupFiles &kept : {taken.at(1), taken.at(2), fourth->backup}) {
        auto verified = verifyBackup(kept.manifestPath);
        QVERIFY2(verified.ok(), qPrintable(verified.errorMessage()));
    }
}

void tst_Backup::verifyOfPostgresNeedsAServer()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QTemporaryDir folder;
    auto outcome = takeBackup(database.scratch->url(), {.directory = folder.path(),
                                                        .keep = 7,
                                                        .verify = false,
                                                        .pagesPerStep = 1024,
                                                        .tools = {},
                                                        .progress = {},
                                                        .now = {}});
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    auto verified = verifyBackup(outcome->backup.dataPath);
    QVERIFY(!verified.ok());
    QVERIFY2(verified.errorMessage().contains(u"--db URL"_s), qPrintable(verified.errorMessage()));
}

// The password goes to pg_dump in its environment, never on its command line (which any user
// of the machine may read): a stand-in pg_dump records both.
void tst_Backup::passwordReachesPgDumpThroughItsEnvironmentOnly()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QTemporaryDir folder;
    const QString program = folder.filePath(u"pg_dump"_s);
    {
        QFile script(program);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(u"#!/bin/sh\nprintf '%s\\n' \"$@\" > '%1/arguments'\n"
                     "printf '%s' \"$PGPASSWORD\" > '%1/password'\nexit 3\n"_s.arg(folder.path())
                         .toUtf8());
        script.close();
        QVERIFY(script.setPermissions(script.permissions() | QFileDevice::ExeOwner));
    }
    const QString password = u"s3cret-Pw"_s;
    BackupOptions options{.directory = folder.filePath(u"backups"_s),
                          .keep = 7,
                          .verify = true,
                          .pagesPerStep = 1024,
                          .tools = {.pgDump = program, .pgRestore = {}},
                          .progress = {},
                          .now = {}};
    auto outcome = takeBackup(database.scratch->url().withPassword(password), options);
    QVERIFY(!outcome.ok());
    QVERIFY2(outcome.errorMessage().contains(u"pg_dump failed (exit code 3)"_s),
             qPrintable(outcome.errorMessage()));
    QFile arguments(folder.filePath(u"arguments"_s));
    QVERIFY(arguments.open(QIODevice::ReadOnly));
    const QString given = QString::fromUtf8(arguments.readAll());
    QVERIFY2(given.contains(u"--snapshot="_s), qPrintable(given));
    QVERIFY2(given.contains(u"dbname='"_s + database.scratch->url().databaseName()),
             qPrintable(given));
    QVERIFY2(!given.contains(password), qPrintable(given));
    QFile environment(folder.filePath(u"password"_s));
    QVERIFY(environment.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(environment.readAll()), password);
    // Nothing is left of the failed backup.
    QCOMPARE(QDir(folder.filePath(u"backups"_s)).entryList(QDir::Files | QDir::Hidden).size(), 0);
}

QTEST_MAIN(tst_Backup)
#include "tst_backup.moc"
