#include "databaseurl.h"
#include "displayurl.h"

#include <QDir>
#include <QTest>

using namespace Qt::StringLiterals;
using porthole::DatabaseUrl;

class tst_DatabaseUrl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sqlite_data();
    void sqlite();
    void postgres_data();
    void postgres();
    void rejected_data();
    void rejected();
    void displayHidesPassword();
    void displayParsesBack_data();
    void displayParsesBack();
    void rejectionHidesPassword_data();
    void rejectionHidesPassword();
    void displayUrlOfText_data();
    void displayUrlOfText();
};

void tst_DatabaseUrl::sqlite_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("path");
    QTest::newRow("absolute") << u"sqlite:///var/lib/porthole/p.db"_s
                              << u"/var/lib/porthole/p.db"_s;
    QTest::newRow("relative") << u"sqlite:data/p.db"_s << QDir::current().filePath(u"data/p.db"_s);
    QTest::newRow("dot-dot cleaned") << u"sqlite:///a/b/../p.db"_s << u"/a/p.db"_s;
    QTest::newRow("upper-case scheme") << u"SQLITE:///p.db"_s << u"/p.db"_s;
    QTest::newRow("spaces in path") << u"sqlite:///tmp/my data/p.db"_s << u"/tmp/my data/p.db"_s;
    // Found by fuzz_databaseurl: Qt took a path starting with ':' for a resource and left it so.
    QTest::newRow("relative, starting with a colon")
        << u"sqlite::memory:"_s << QDir::currentPath() + u"/:memory:"_s;
}

void tst_DatabaseUrl::sqlite()
{
    QFETCH(QString, text);
    QFETCH(QString, path);
    const auto url = DatabaseUrl::parse(text);
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    QVERIFY(url->isSqlite());
    QCOMPARE(url->filePath(), path);
    QCOMPARE(url->driverName(), u"QSQLITE"_s);
}

void tst_DatabaseUrl::postgres_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("sslmode");

    QTest::newRow("full")
        << u"postgresql://ops:s3cret@db.example:6543/pipeline?sslmode=verify-full"_s
        << u"db.example"_s << 6543 << u"ops"_s << u"s3cret"_s << u"pipeline"_s << u"verify-full"_s;
    QTest::newRow("defaults") << u"postgresql://db"_s << u"db"_s << 5432 << QString() << QString()
                              << u"postgres"_s << QString();
    QTest::newRow("user names database") << u"postgres://ops@db"_s << u"db"_s << 5432 << u"ops"_s
                                         << QString() << u"ops"_s << QString();
    QTest::newRow("encoded password")
        << u"postgresql://ops:p%40ss%2Fw@127.0.0.1:5432/x"_s << u"127.0.0.1"_s << 5432 << u"ops"_s
        << u"p@ss/w"_s << u"x"_s << QString();
    QTest::newRow("socket dir in query")
        << u"postgresql:///x?host=/run/postgresql"_s << u"/run/postgresql"_s << 5432 << QString()
        << QString() << u"x"_s << QString();
}

void tst_DatabaseUrl::postgres()
{
    QFETCH(QString, text);
    const auto url = DatabaseUrl::parse(text);
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    QCOMPARE(url->engine(), DatabaseUrl::Engine::PostgreSQL);
    QTEST(url->host(), "host");
    QTEST(url->port(), "port");
    QTEST(url->userName(), "user");
    QTEST(url->password(), "password");
    QTEST(url->databaseName(), "database");
    QTEST(url->options().value(u"sslmode"_s), "sslmode");
    QCOMPARE(url->driverName(), u"QPSQL"_s);
}

void tst_DatabaseUrl::rejected_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("empty") << QString() << u"no scheme"_s;
    QTest::newRow("plain path") << u"/tmp/p.db"_s << u"no scheme"_s;
    QTest::newRow("mysql") << u"mysql://db/x"_s << u"\"mysql\" is not known"_s;
    QTest::newRow("sqlite without path") << u"sqlite:"_s << u"path is missing"_s;
    QTest::newRow("sqlite with host") << u"sqlite://host/p.db"_s << u"three slashes"_s;
    QTest::newRow("unknown option") << u"postgresql://db/x?drop=1"_s << u"\"drop\""_s;
    QTest::newRow("';' in an option's value")
        << u"postgresql://db/x?application_name=a%3Bsslmode%3Ddisable"_s
        << u"the value of the option \"application_name\" contains ';'"_s;
    QTest::newRow("port out of range") << u"postgresql://db:70000/x"_s << u"Not a database URL"_s;
    QTest::newRow("slash in name") << u"postgresql://db/x/y"_s << u"slash"_s;
    // Found by fuzz_databaseurl: URLs whose display string could not be parsed back.
    QTest::newRow("slash in the user name that names the database")
        << u"postgres://ops%2F@db"_s << u"slash"_s;
    QTest::newRow("sqlite path ending in white space")
        << u"sqlite:///tmp/p.db /."_s << u"ends in white space"_s;
}

void tst_DatabaseUrl::rejected()
{
    QFETCH(QString, text);
    QFETCH(QString, mentions);
    const auto url = DatabaseUrl::parse(text);
    QVERIFY(!url.ok());
    QCOMPARE(url.error().kind, porthole::StorageError::Kind::InvalidArgument);
    QVERIFY2(url.errorMessage().contains(mentions), qPrintable(url.errorMessage()));
    QVERIFY2(url.errorMessage().contains(u"postgresql://user@host:port/database"_s),
             "the message says what a good URL looks like");
}

void tst_DatabaseUrl::displayHidesPassword()
{
    const auto url = DatabaseUrl::parse(u"postgresql://ops:hunter2@db:5433/x?sslmode=require"_s);
    QVERIFY(url.ok());
    const QString shown = url->toDisplayString();
    QVERIFY2(!shown.contains(u"hunter2"_s), qPrintable(shown));
    QCOMPARE(shown, u"postgresql://ops:***@db:5433/x?sslmode=require"_s);
    QCOMPARE(url->withPassword(QString()).toDisplayString(),
             u"postgresql://ops@db:5433/x?sslmode=require"_s);
}

// The console keeps the display string of a connection (recent connections, profiles) and opens
// it again: without its password, it must parse back to the same URL. Found by fuzz_databaseurl.
void tst_DatabaseUrl::displayParsesBack_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("shown");
    QTest::newRow("socket folder") << u"postgresql:///x?host=/run/postgresql"_s
                                   << u"postgresql://:5432/x?host=/run/postgresql"_s;
    QTest::newRow("spaces in user and database")
        << u"postgresql://o%20ps@db/my%20db"_s << u"postgresql://o%20ps@db:5432/my%20db"_s;
    QTest::newRow("percent in an option")
        << u"postgresql://db/x?options=%2571"_s << u"postgresql://db:5432/x?options=%2571"_s;
    QTest::newRow("no-break space ending the database name")
        << u"postgresql://db/x%C2%A0"_s << u"postgresql://db:5432/x%C2%A0"_s;
    QTest::newRow("sqlite") << u"sqlite:///tmp/my data/p.db"_s << u"sqlite:///tmp/my data/p.db"_s;
}

void tst_DatabaseUrl::displayParsesBack()
{
    QFETCH(QString, text);
    const auto url = DatabaseUrl::parse(text);
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    QTEST(url->toDisplayString(), "shown");
    const auto again = DatabaseUrl::parse(url->toDisplayString());
    QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
    QCOMPARE(*again, *url);
}

// A URL that does not parse is quoted in the message, without its password.
void tst_DatabaseUrl::rejectionHidesPassword_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("unknown option")
        << u"postgresql://ops:hunter2@db/x?drop=1"_s << u"\"postgresql://ops:***@db/x?drop=1\""_s;
    QTest::newRow("port out of range")
        << u"postgres://ops:hunter2@db:70000/x"_s << u"\"postgres://ops:***@db:70000/x\""_s;
    QTest::newRow("unknown scheme")
        << u"mysql://ops:hunter2@db/x"_s << u"\"mysql://ops:***@db/x\""_s;
}

void tst_DatabaseUrl::rejectionHidesPassword()
{
    QFETCH(QString, text);
    QFETCH(QString, quoted);
    const auto url = DatabaseUrl::parse(text);
    QVERIFY(!url.ok());
    QVERIFY2(!url.errorMessage().contains(u"hunter2"_s), qPrintable(url.errorMessage()));
    QVERIFY2(url.errorMessage().contains(quoted), qPrintable(url.errorMessage()));
}

// displayUrl() hides at least what libpq or QUrl would read as the password, and keeps the rest
// as written.
void tst_DatabaseUrl::displayUrlOfText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("shown");
    QTest::newRow("postgresql") << u"postgresql://ops:hunter2@db:5433/x?sslmode=require"_s
                                << u"postgresql://ops:***@db:5433/x?sslmode=require"_s;
    QTest::newRow("password only") << u"redis://:hunter2@r:6380/2"_s << u"redis://:***@r:6380/2"_s;
    QTest::newRow("no password") << u"postgresql://ops@db/x"_s << u"postgresql://ops@db/x"_s;
    QTest::newRow("no user part") << u"postgresql://db:5432/x?application_name=a@b"_s
                                  << u"postgresql://db:5432/x?application_name=a@b"_s;
    QTest::newRow("'@' in the password")
        << u"postgresql://ops:hun@ter2@db/x"_s << u"postgresql://ops:***@db/x"_s;
    QTest::newRow("'?' in the password")
        << u"postgresql://ops:hun?ter2@db/x"_s << u"postgresql://ops:***@db/x"_s;
    QTest::newRow("sqlite") << u"sqlite:///tmp/a:b@c.db"_s << u"sqlite:///tmp/a:b@c.db"_s;
    QTest::newRow("relative sqlite") << u"sqlite:a:b@c.db"_s << u"sqlite:a:b@c.db"_s;
    QTest::newRow("two in a sentence")
        << u"from redis://u:hunter2@r to postgresql://ops:hunter3@db/x."_s
        << u"from redis://u:***@r to postgresql://ops:***@db/x."_s;
    QTest::newRow("empty") << QString() << QString();
    // Each character is looked at once: a megabyte of URL starts takes no longer than its length.
    QTest::newRow("a megabyte of URL starts")
        << u"x:///"_s.repeated(200000) << u"x:///"_s.repeated(200000);
}

void tst_DatabaseUrl::displayUrlOfText()
{
    QFETCH(QString, text);
    QTEST(porthole::displayUrl(text), "shown");
}

QTEST_GUILESS_MAIN(tst_DatabaseUrl)
#include "tst_databaseurl.moc"
