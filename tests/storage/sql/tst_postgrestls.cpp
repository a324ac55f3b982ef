#include "connectionfactory.h"
#include "ownpostgres.h"
#include "testca.h"

#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::OwnPostgres;

// PostgreSQL over TLS with sslmode=verify-full, against a cluster of the test's own whose
// certificate a certificate authority made in the test (testca.h) signed for "localhost": the right
// authority and host name connect encrypted; a host name the certificate is not for, another
// authority, or none at all are refused with a message that says what to check.
class tst_PostgresTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void verifyFull_data();
    void verifyFull();

private:
    QTemporaryDir m_folder;
    OwnPostgres m_server;
};

void tst_PostgresTls::initTestCase()
{
    QVERIFY(m_folder.isValid());
    QString error;
    QVERIFY2(test::TestCertificateAuthority::make(m_folder.path(), u"localhost"_s, &error),
             qPrintable(error));
    // PostgreSQL reads its key only when its own user owns it and no one else may read it.
    const QByteArray key = QFile::encodeName(m_folder.filePath(u"server.key"_s));
    QCOMPARE(::chmod(key.constData(), 0600), 0);
    QCOMPARE(::chmod(QFile::encodeName(m_folder.path()).constData(), 0755), 0);
    if (::geteuid() == 0) { // the server runs as "nobody" (scripts/servers/postgres)
        const passwd *nobody = ::getpwnam("nobody");
        QVERIFY(nobody);
        QCOMPARE(::chown(key.constData(), nobody->pw_uid, gid_t(-1)), 0);
    }

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"PORTHOLE_PG_TLS_DIR"_s, m_folder.path());
    QVERIFY2(m_server.start(QFINDTESTDATA("../../scripts/servers/postgres"), &error, environment),
             qPrintable(error));
}

void tst_PostgresTls::verifyFull_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("rootCertificate"); // empty: none given
    QTest::addColumn<QString>("refusal");         // empty: it connects

    QTest::newRow("the right authority and host") << u"localhost"_s << u"ca.crt"_s << QString();
    QTest::newRow("a host the certificate is not for")
        << u"127.0.0.1"_s << u"ca.crt"_s << u"does not match host name \"127.0.0.1\""_s;
    QTest::newRow("another authority")
        << u"localhost"_s << u"other-ca.crt"_s << u"certificate verify failed"_s;
    QTest::newRow("no authority at all")
        << u"localhost"_s << QString() << u"root certificate file"_s;
}

void tst_PostgresTls::verifyFull()
{
    QFETCH(QString, host);
    QFETCH(QString, rootCertificate);
    QFETCH(QString, refusal);

    const DatabaseUrl &server = m_server.url();
    QString text =
        u"postgresql://%1@%2:%3/postgres?sslmode=verify-full"_s.arg(server.userName(), host)
            .arg(server.port());
    if (!rootCertificate.isEmpty())
        text += u"&sslrootcert="_s + m_folder.filePath(rootCertificate);
    const auto url = DatabaseUrl::parse(text);
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    const ConnectionFactory factory(*url);
    {
        const auto db = factory.open(u"tls"_s);
        if (refusal.isEmpty()) {
            QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
            QSqlQuery query(*db);
            QVERIFY(
                query.exec(u"SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()"_s));
            QVERIFY(query.next());
            QCOMPARE(query.value(0).toBool(), true);
            qInfo("encrypted with %s", qPrintable(query.value(1).toString()));
        } else {
            QVERIFY(!db.ok());
            QVERIFY2(db.errorMessage().contains(refusal), qPrintable(db.errorMessage()));
            QVERIFY2(db.errorMessage().contains(u"The server's TLS certificate was not accepted"_s),
                     qPrintable(db.errorMessage()));
        }
    }
    factory.close(u"tls"_s);
}

QTEST_GUILESS_MAIN(tst_PostgresTls)
#include "tst_postgrestls.moc"
