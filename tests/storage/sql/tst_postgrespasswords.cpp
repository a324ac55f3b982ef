#include "connectionfactory.h"
#include "ownpostgres.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::OwnPostgres;

// Where a PostgreSQL password comes from when the URL has none: libpq's own sources,
// PGPASSWORD, a password file (~/.pgpass, or PGPASSFILE) and a service file (pg_service.conf,
// or PGSERVICEFILE), against a cluster of the test's own that asks for the password
// (scram-sha-256). None given, or a wrong one, is refused with a message that shows no password.
class tst_PostgresPasswords : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void passwordSources_data();
    void passwordSources();

private:
    QString writeFile(const QString &name, const QByteArray &text);

    QByteArray m_password = "pg-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    QTemporaryDir m_folder;
    OwnPostgres m_server;
};

void tst_PostgresPasswords::initTestCase()
{
    QVERIFY(m_folder.isValid());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"PORTHOLE_PG_PASSWORD"_s, QString::fromLatin1(m_password));
    QString error;
    QVERIFY2(m_server.start(QFINDTESTDATA("../../scripts/servers/postgres"), &error, environment),
             qPrintable(error));
}

void tst_PostgresPasswords::init()
{
    // libpq reads these at each connection; each row sets its own.
    for (const char *name : {"PGPASSWORD", "PGPASSFILE", "PGSERVICEFILE", "PGSERVICE"})
        qunsetenv(name);
    // Not the user's own ~/.pgpass or ~/.pg_service.conf.
    qputenv("PGPASSFILE", QFile::encodeName(m_folder.filePath(u"none"_s)));
    qputenv("PGSERVICEFILE", QFile::encodeName(m_folder.filePath(u"none"_s)));
}

void tst_PostgresPasswords::cleanupTestCase()
{
    for (const char *name : {"PGPASSWORD", "PGPASSFILE", "PGSERVICEFILE", "PGSERVICE"})
        qunsetenv(name);
}

QString tst_PostgresPasswords::writeFile(const QString &name, const QByteArray &text)
{
    QFile file(m_folder.filePath(name));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text) != text.size())
        return {};
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner); // libpq ignores a wider one
    return file.fileName();
}

void tst_PostgresPasswords::passwordSources_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("opens");
    QTest::newRow("none") << u"none"_s << false;
    QTest::newRow("PGPASSWORD") << u"PGPASSWORD"_s << true;
    QTest::newRow("a wrong PGPASSWORD") << u"wrong"_s << false;
    QTest::newRow("a password file") << u"pgpass"_s << true;
    QTest::newRow("a service file") << u"service"_s << true;
}

void tst_PostgresPasswords::passwordSources()
{
    QFETCH(QString, source);
    QFETCH(bool, opens);
    const DatabaseUrl &server = m_server.url();
    QString text = u"postgresql://porthole@127.0.0.1:%1/postgres"_s.arg(server.port());
    const QByteArray wrong = "wrong-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    if (source == u"PGPASSWORD"_s) {
        qputenv("PGPASSWORD", m_password);
    } else if (source == u"wrong"_s) {
        qputenv("PGPASSWORD", wrong);
    } else if (source == u"pgpass"_s) {
        const QString file =
            writeFile(u"pgpass"_s, "127.0.0.1:" + QByteArray::number(server.port()) +
                                       ":postgres:porthole:" + m_password + '\n');
        QVERIFY(!file.isEmpty());
        qputenv("PGPASSFILE", QFile::encodeName(file));
    } else if (source == u"service"_s) {
        const QString file =
            writeFile(u"pg_service.conf"_s, "[porthole-test]\npassword=" + m_password + '\n');
        QVERIFY(!file.isEmpty());
        qputenv("PGSERVICEFILE", QFile::encodeName(file));
        text += u"?service=porthole-test"_s;
    }
    const auto url = DatabaseUrl::parse(text);
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    QVERIFY(url->password().isEmpty());

    const ConnectionFactory factory(*url);
    {
        const auto db = factory.open(u"passwords"_s);
        if (opens) {
            QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
            QSqlQuery query(*db);
            QVERIFY(query.exec(u"SELECT current_user"_s) && query.next());
            QCOMPARE(query.value(0).toString(), u"porthole"_s);
        } else {
            QVERIFY(!db.ok());
            QVERIFY2(db.errorMessage().contains(u"The server wants the user's password: give it "
                                                "in PGPASSWORD, ~/.pgpass or pg_service.conf"_s),
                     qPrintable(db.errorMessage()));
            QVERIFY2(!db.errorMessage().contains(QString::fromLatin1(m_password)) &&
                         !db.errorMessage().contains(QString::fromLatin1(wrong)),
                     "no password in the message");
        }
    }
    factory.close(u"passwords"_s);
}

QTEST_GUILESS_MAIN(tst_PostgresPasswords)
#include "tst_postgrespasswords.moc"
