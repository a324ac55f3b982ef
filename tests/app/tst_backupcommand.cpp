#include "commandrun.h"
#include "migrateddatabase.h"
#include "repositorytestsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runCommand(const QStringList &arguments,
               const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    const test::CommandRun run = test::runPorthole(arguments, 120000, environment);
    return {run.exitCode, QString::fromUtf8(run.out), QString::fromUtf8(run.err)};
}

QString urlText(const DatabaseUrl &url)
{
    return url.isSqlite() ? u"sqlite://"_s + url.filePath() : url.toDisplayString();
}

// The one backup's manifest in a folder.
QString manifestIn(const QString &folder)
{
    const QStringList names = QDir(folder).entryList({u"porthole-*.json"_s}, QDir::Files);
    return names.size() == 1 ? QDir(folder).filePath(names.constFirst()) : QString();
}

void dropDatabase(const DatabaseUrl &url)
{
    if (url.isSqlite())
        return;
    const ConnectionFactory factory(url.withDatabaseName(u"postgres"_s));
    {
        auto db = factory.open(u"test-admin"_s);
        if (db)
            QSqlQuery(*db).exec(
                u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(url.databaseName()));
    }
    factory.close(u"test-admin"_s);
}

} // namespace

class tst_BackupCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void backsUpVerifiesAndRestores_data() { test::addEngineRows(); }
    void backsUpVerifiesAndRestores();
    void damagedBackupFailsItsCheck();
    void pgDumpMissing();
    void noOutputShowsAPassword();
    void usage();
};

void tst_BackupCommand::backsUpVerifiesAndRestores()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QTemporaryDir folder;
    const QString db = urlText(database.scratch->url());
    const Run backup = runCommand({u"backup"_s, u"--db"_s, db, u"--to"_s, folder.path()});
    QVERIFY2(backup.exitCode == 0, qPrintable(backup.err));
    QVERIFY2(backup.out.contains(u"Verified"_s), qPrintable(backup.out));
    const QString manifest = manifestIn(folder.path());
    QVERIFY(!manifest.isEmpty());

    QStringList verify{u"backup"_s, u"--verify"_s, manifest};
    if (!database.scratch->url().isSqlite())
        verify << u"--db"_s << db;
    const Run verified = runCommand(verify);
    QVERIFY2(verified.exitCode == 0, qPrintable(verified.err));
    QVERIFY2(verified.out.contains(u"Verified"_s), qPrintable(verified.out));

    const QTemporaryDir targetFolder;
    const DatabaseUrl target =
        database.scratch->url().isSqlite()
            ? DatabaseUrl::sqliteFile(targetFolder.filePath(u"restored.db"_s))
            : database.scratch->url().withDatabaseName(
                  u"restored_%1"_s.arg(QUuid::createUuid().toString(QUuid::Id128).left(12)));
    const auto cleanup = qScopeGuard([&] { dropDatabase(target); });
    const QStringList restore{u"restore"_s, u"--from"_s, manifest, u"--db"_s, urlText(target)};
    const Run restored = runCommand(restore);
    QVERIFY2(restored.exitCode == 0, qPrintable(restored.err));
    QVERIFY2(restored.out.contains(u"Restored"_s), qPrintable(restored.out));
    // Once there, the target is refused without --force.
    const Run again = runCommand(restore);
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains(u"--force"_s), qPrintable(again.err));
    const Run forced = runCommand(restore + QStringList{u"--force"_s});
    QVERIFY2(forced.exitCode == 0, qPrintable(forced.err));
}

void tst_BackupCommand::damagedBackupFailsItsCheck()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QTemporaryDir folder;
    const Run backup = runCommand({u"backup"_s, u"--db"_s, urlText(database.scratch->url()),
                                   u"--to"_s, folder.path(), u"--no-verify"_s});
    QVERIFY2(backup.exitCode == 0, qPrintable(backup.err));
    QVERIFY2(backup.out.contains(u"Not verified"_s), qPrintable(backup.out));
    const QString manifest = manifestIn(folder.path());
    QFile file(QString(manifest).replace(u".json"_s, u".sqlite"_s));
    QVERIFY(file.open(QIODevice::ReadWrite));
    file.seek(file.size() / 2);
    char byte = 0;
    QVERIFY(file.getChar(&byte));
    file.seek(file.size() / 2);
    QVERIFY(file.putChar(char(byte ^ 1)));
    file.close();

    const Run verified = runCommand({u"backup"_s, u"--verify"_s, file.fileName()});
    QCOMPARE(verified.exitCode, 1);
    QVERIFY2(verified.err.contains(u"is damaged"_s), qPrintable(verified.err));
}

void tst_BackupCommand::pgDumpMissing()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QTemporaryDir folder;
    const QTemporaryDir emptyPath;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"PATH"_s, emptyPath.path());
    const Run backup = runCommand(
        {u"backup"_s, u"--db"_s, urlText(database.scratch->url()), u"--to"_s, folder.path()},
        environment);
    QCOMPARE(backup.exitCode, 1);
    QVERIFY2(backup.err.contains(u"pg_dump not found: install postgresql-client"_s),
             qPrintable(backup.err));
    QCOMPARE(QDir(folder.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
    // The same command with pg_dump on the PATH works: the failure was the missing tool.
    const Run found = runCommand({u"backup"_s, u"--db"_s, urlText(database.scratch->url()),
                                  u"--to"_s, folder.path(), u"--no-verify"_s});
    QVERIFY2(found.exitCode == 0, qPrintable(found.err));
}

// A manifest written by hand or by an older tool may carry a password in its source, and a
// URL given on the command line may not parse: neither is ever printed with its password.
void tst_BackupCommand::noOutputShowsAPassword()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QTemporaryDir folder;
    const QString db = urlText(database.scratch->url());
    const Run backup = runCommand({u"backup"_s, u"--db"_s, db, u"--to"_s, folder.path()});
    QVERIFY2(backup.exitCode == 0, qPrintable(backup.err));
    const QString manifest = manifestIn(folder.path());
    const QString password = u"s3cret-Pw"_s;
    {
        QFile file(manifest);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        json[u"source"_s] = u"postgresql://ops:%1@db.example.org/pipeline"_s.arg(password);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(json).toJson());
    }
    const QTemporaryDir targetFolder;
    const QString bad = u"postgresql://ops:%1@db.example.org/pipeline?bogus=1"_s.arg(password);
    const QList<std::pair<QStringList, int>> runs{
        {{u"backup"_s, u"--verify"_s, manifest}, 0},
        {{u"restore"_s, u"--from"_s, manifest, u"--db"_s,
          u"sqlite://"_s + targetFolder.filePath(u"restored.db"_s)},
         0},
        {{u"backup"_s, u"--db"_s, bad, u"--to"_s, folder.path()}, 2},
        {{u"restore"_s, u"--from"_s, manifest, u"--db"_s, bad}, 2},
        {{u"migrate"_s, u"--db"_s, bad}, 2},
        {{u"ingest"_s, u"--redis"_s, u"redis://ops:%1@127.0.0.1:1/0?bogus=1"_s.arg(password),
          u"--key"_s, u"k"_s, u"--sink"_s, db},
         2},
    };
    for (const auto &[arguments, exitCode] : runs) {
        const Run run = runCommand(arguments);
        const QString said = run.out + run.err;
        QVERIFY2(run.exitCode == exitCode, qPrintable(arguments.join(u' ') + u'\n' + said));
        QVERIFY2(!said.contains(password), qPrintable(said));
        // What is shown in the password's place, so the check above looked at the URL.
        QVERIFY2(said.contains(u"ops:***@"_s), qPrintable(said));
    }
}

void tst_BackupCommand::usage()
{
    QCOMPARE(runCommand({u"backup"_s, u"--to"_s, u"/tmp"_s}).exitCode, 2);
    QCOMPARE(runCommand({u"backup"_s, u"--db"_s, u"sqlite:x.db"_s, u"--to"_s, u"/tmp"_s,
                         u"--keep"_s, u"-1"_s})
                 .exitCode,
             2);
    QCOMPARE(runCommand({u"restore"_s, u"--from"_s, u"x.json"_s}).exitCode, 2);
    const Run missing = runCommand({u"backup"_s, u"--verify"_s, u"/nonexistent/porthole-x.json"_s});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains(u"manifest"_s), qPrintable(missing.err));
}

QTEST_MAIN(tst_BackupCommand)
#include "tst_backupcommand.moc"
