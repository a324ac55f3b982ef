// The commands documented as changing nothing leave a SQLite file byte for byte as it was: a
// pipeline's own database in rollback-journal mode (made with seed 001's DDL, verbatim) and a
// Porthole database put back in that mode, each before and after `migrate status`, `migrate
// plan`, `export`, `trace`, `timeline`, `ledger` and `report`, whether they succeed or refuse. A
// connection that writes would switch the file to WAL mode (bytes 18 and 19 of its header) and
// bump its change counter.

#include "commandrun.h"
#include "sqlscript.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// Every file of the folder: its name and a hash of its bytes.
QStringList folderBytes(const QString &path)
{
    QStringList files;
    const QDir folder(path);
    for (const QString &name : folder.entryList(QDir::Files | QDir::Hidden, QDir::Name)) {
        QFile file(folder.filePath(name));
        QCryptographicHash hash(QCryptographicHash::Sha256);
        if (file.open(QIODevice::ReadOnly))
            hash.addData(&file);
        files << name + u' ' + QString::fromLatin1(hash.result().toHex());
    }
    return files;
}

// Runs statements on a plain connection: no WAL switch, the journal mode the file has.
QString runSql(const QString &path, const QStringList &statements)
{
    const QString name = u"readonlycommands-setup"_s;
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (!db.open())
            return db.lastError().text();
        QSqlQuery query(db);
        for (const QString &statement : statements) {
            if (!query.exec(statement)) {
                error = statement + u": "_s + query.lastError().text();
                break;
            }
        }
        query = QSqlQuery();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

QString headerJournal(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return file.errorString();
    const QByteArray header = file.read(20);
    return header.size() == 20 && header.at(18) == 2 ? u"wal"_s : u"rollback"_s;
}

} // namespace

class tst_ReadOnlyCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void leaveTheFileAsItWas_data();
    void leaveTheFileAsItWas();

private:
    QTemporaryDir m_pipeline; // seed 001's database, as its pipeline made it
    QTemporaryDir m_porthole; // one Porthole migrated, then put back in rollback-journal mode
};

void tst_ReadOnlyCommands::initTestCase()
{
    QVERIFY(!qEnvironmentVariableIsEmpty("PORTHOLE_BINARY"));
    QFile ddl(QStringLiteral(PORTHOLE_SEED_DDL) + u"/seed001_sqlite.sql"_s);
    QVERIFY(ddl.open(QIODevice::ReadOnly));
    const QStringList statements = porthole::splitSqlStatements(QString::fromUtf8(ddl.readAll()));
    const QStringList rows{
        u"INSERT INTO port_messages (id, port_name, source_component, target_component, "
        "message_data, status, created_at) VALUES ('m-1', 'orders', 'reader', 'writer', "
        "'{\"order_id\": 1}', 'dead_letter', '2026-11-20 10:00:00')"_s,
        u"INSERT INTO port_messages (id, port_name, source_component, target_component, "
        "message_data, status, created_at) VALUES ('m-2', 'orders', 'reader', 'writer', "
        "'{\"order_id\": 2}', 'completed', '2026-11-20 10:00:01')"_s,
    };
    for (const QTemporaryDir *dir : {&m_pipeline, &m_porthole}) {
        const QString path = dir->filePath(u"pipeline.db"_s);
        const QString made =
            runSql(path, QStringList{u"PRAGMA journal_mode=DELETE"_s} + statements + rows);
        QVERIFY2(made.isEmpty(), qPrintable(made));
    }
    const QString porthole = m_porthole.filePath(u"pipeline.db"_s);
    const auto up = porthole::test::runPorthole(
        {u"migrate"_s, u"--db"_s, u"sqlite://"_s + porthole, u"up"_s}, 120000);
    QVERIFY2(up.exitCode == 0, QByteArray(up.out + up.err).constData());
    QCOMPARE(headerJournal(porthole), u"wal"_s);
    // Back to a rollback journal, as a pipeline that opens it so would leave it.
    const QString back = runSql(porthole, {u"PRAGMA journal_mode=DELETE"_s});
    QVERIFY2(back.isEmpty(), qPrintable(back));
    QCOMPARE(headerJournal(porthole), u"rollback"_s);
    QCOMPARE(headerJournal(m_pipeline.filePath(u"pipeline.db"_s)), u"rollback"_s);
}

void tst_ReadOnlyCommands::leaveTheFileAsItWas_data()
{
    QTest::addColumn<bool>("migrated");
    QTest::addColumn<QStringList>("arguments"); // OUT: a file in a folder of its own
    QTest::addColumn<int>("exitCode");
    const QStringList range{u"--from"_s, u"2026-11-20T00:00:00Z"_s, u"--to"_s,
                            u"2026-11-21T00:00:00Z"_s};
    for (const bool migrated : {false, true}) {
        const char *of = migrated ? "porthole's" : "pipeline's";
        const int refusedUnlessMigrated = migrated ? 0 : 1;
        QTest::addRow("%s: migrate status", of)
            << migrated << QStringList{u"migrate"_s, u"status"_s} << 0;
        QTest::addRow("%s: migrate plan", of)
            << migrated << QStringList{u"migrate"_s, u"plan"_s} << 0;
        QTest::addRow("%s: export", of)
            << migrated
            << QStringList{u"export"_s, u"--table"_s, u"port_messages"_s, u"--out"_s, u"OUT"_s}
            << refusedUnlessMigrated;
        QTest::addRow("%s: trace", of)
            << migrated << QStringList{u"trace"_s, u"m-1"_s} << refusedUnlessMigrated;
        QTest::addRow("%s: trace --json", of)
            << migrated << QStringList{u"trace"_s, u"m-1"_s, u"--json"_s} << refusedUnlessMigrated;
        QTest::addRow("%s: timeline", of)
            << migrated << QStringList{u"timeline"_s} + range << refusedUnlessMigrated;
        QTest::addRow("%s: ledger", of)
            << migrated
            << QStringList{u"ledger"_s, u"--key"_s, u"orders"_s, u"--group"_s, u"g"_s} + range
            << refusedUnlessMigrated;
        QTest::addRow("%s: report", of)
            << migrated
            << QStringList{u"report"_s, u"--format"_s, u"html"_s, u"--out"_s, u"OUT"_s} + range
            << refusedUnlessMigrated;
    }
}

void tst_ReadOnlyCommands::leaveTheFileAsItWas()
{
    QFETCH(bool, migrated);
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    // A copy of its own, as each command would find the file.
    const QTemporaryDir folder;
    QVERIFY(QFile::copy((migrated ? m_porthole : m_pipeline).filePath(u"pipeline.db"_s),
                        folder.filePath(u"pipeline.db"_s)));
    const QTemporaryDir out;
    arguments.replaceInStrings(u"OUT"_s, out.filePath(u"out"_s));
    arguments.insert(1, u"--db"_s);
    arguments.insert(2, u"sqlite://"_s + folder.filePath(u"pipeline.db"_s));

    const QStringList before = folderBytes(folder.path());
    const auto run = porthole::test::runPorthole(arguments, 120000);
    QVERIFY2(run.exitCode == exitCode, QByteArray(run.out + run.err).constData());
    if (exitCode != 0) // a refusal says why
        QVERIFY2(run.err.contains("needs migrating"), run.err.constData());
    const QStringList after = folderBytes(folder.path());
    QVERIFY2(after == before,
             qPrintable(after.join(u'\n') + u"\nbefore:\n"_s + before.join(u'\n')));
}

QTEST_GUILESS_MAIN(tst_ReadOnlyCommands)
#include "tst_readonlycommands.moc"
