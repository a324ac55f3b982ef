#include "connectionprofiles.h"
#include "databaseurl.h"
#include "redisurl.h"

#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_ConnectionProfiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void remembersTheNewestFirst();
    void keepsOnlyTheNewest();
    void profilesAreNamedSortedAndReplaced();
    void aReadOnlyProfileStaysReadOnly();
    void passwordsAreNeverWritten();
    void keychainKeysNameTheServerNotThePassword();

private:
    static Connection sqlite(const QString &file)
    {
        return {{}, DatabaseUrl::sqliteFile(file).toDisplayString(), {}, {}};
    }
};

void tst_ConnectionProfiles::init()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void tst_ConnectionProfiles::remembersTheNewestFirst()
{
    ConnectionProfiles profiles;
    QVERIFY(profiles.recent().isEmpty());
    profiles.remember(sqlite(u"/data/a.db"_s));
    profiles.remember(sqlite(u"/data/b.db"_s));
    profiles.remember(sqlite(u"/data/a.db"_s)); // again: moves to the front, once
    const QList<Connection> recent = profiles.recent();
    QCOMPARE(recent.size(), 2);
    QCOMPARE(recent.at(0).database, u"sqlite:///data/a.db"_s);
    QCOMPARE(recent.at(1).database, u"sqlite:///data/b.db"_s);

    // The same database with another folder is another connection.
    Connection withFiles = sqlite(u"/data/a.db"_s);
    withFiles.batchDirectory = u"/data/batches"_s;
    profiles.remember(withFiles);
    QCOMPARE(profiles.recent().size(), 3);
    QCOMPARE(profiles.recent().constFirst(), withFiles);
}

void tst_ConnectionProfiles::keepsOnlyTheNewest()
{
    ConnectionProfiles profiles;
    for (int i = 0; i < ConnectionProfiles::maxRecent + 3; ++i)
        profiles.remember(sqlite(u"/data/%1.db"_s.arg(i)));
    const QList<Connection> recent = profiles.recent();
    QCOMPARE(recent.size(), ConnectionProfiles::maxRecent);
    QCOMPARE(recent.constFirst().database,
             u"sqlite:///data/%1.db"_s.arg(ConnectionProfiles::maxRecent + 2));
    QCOMPARE(recent.constLast().database, u"sqlite:///data/3.db"_s);
}

void tst_ConnectionProfiles::profilesAreNamedSortedAndReplaced()
{
    ConnectionProfiles profiles;
    Connection staging{u"staging"_s, u"postgresql://ops@staging:5432/pipeline"_s, u"/srv/batches"_s,
                       u"redis://staging:6379"_s};
    Connection laptop = sqlite(u"/home/ops/porthole.db"_s);
    laptop.name = u"Laptop"_s;
    profiles.saveProfile(staging);
    profiles.saveProfile(laptop);
    QCOMPARE(profiles.profiles().size(), 2);
    QCOMPARE(profiles.profiles().at(0).name, u"Laptop"_s);
    QCOMPARE(profiles.profiles().at(1), staging);

    staging.redis.clear();
    profiles.saveProfile(staging); // the same name: replaced, not added
    QCOMPARE(profiles.profiles().size(), 2);
    QCOMPARE(profiles.profile(u"staging"_s)->redis, QString());
    QVERIFY(!profiles.profile(u"production"_s).has_value());

    profiles.removeProfile(u"Laptop"_s);
    QCOMPARE(profiles.profiles().size(), 1);
    QCOMPARE(profiles.profiles().constFirst().name, u"staging"_s);
}

// Saved again under its name, a read-only profile stays read-only (as written to settings).
void tst_ConnectionProfiles::aReadOnlyProfileStaysReadOnly()
{
    ConnectionProfiles().saveProfile(
        {u"Production"_s, u"sqlite:///tmp/production.db"_s, QString(), QString(), true});
    ConnectionProfiles().saveProfile(
        {u"Production"_s, u"sqlite:///tmp/production.db"_s, u"/srv/batches"_s, QString(), false});
    const auto saved = ConnectionProfiles().profile(u"Production"_s);
    QVERIFY(saved.has_value());
    QVERIFY(saved->readOnly);
    QCOMPARE(saved->batchDirectory, u"/srv/batches"_s);
}

void tst_ConnectionProfiles::passwordsAreNeverWritten()
{
    ConnectionProfiles profiles;
    const Connection withPasswords{u"prod"_s,
                                   u"postgresql://ops:pg-S3cret@db:5432/pipeline"_s,
                                   {},
                                   u"redis://worker:rd-S3cret@cache:6380/2"_s};
    profiles.saveProfile(withPasswords);
    profiles.remember(withPasswords);
    // A URL that does not parse may hide a password: it is not kept at all.
    profiles.remember({{}, u"postgresql://ops:pw-in-junk@[::1"_s, {}, {}});

    const Connection kept = *profiles.profile(u"prod"_s);
    QCOMPARE(kept.database, u"postgresql://ops@db:5432/pipeline"_s);
    QCOMPARE(kept.redis, u"redis://worker@cache:6380/2"_s);
    QCOMPARE(profiles.recent().size(), 1);
    QCOMPARE(profiles.recent().constFirst(), kept);

    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QVERIFY(written.contains("ops@db"));
    QVERIFY(!written.contains("S3cret"));
    QVERIFY(!written.contains("pw-in-junk"));
}

void tst_ConnectionProfiles::keychainKeysNameTheServerNotThePassword()
{
    const auto database = DatabaseUrl::parse(u"postgresql://ops:secret@db:5432/pipeline"_s);
    QCOMPARE(ConnectionProfiles::keychainKey(*database),
             u"database postgresql://ops@db:5432/pipeline"_s);
    QCOMPARE(ConnectionProfiles::keychainKey(*database),
             ConnectionProfiles::keychainKey(database->withPassword({})));
    const auto redis = RedisUrl::parse(u"redis://worker:secret@cache:6380"_s);
    QCOMPARE(ConnectionProfiles::keychainKey(*redis), u"redis redis://worker@cache:6380"_s);
}

QTEST_GUILESS_MAIN(tst_ConnectionProfiles)
#include "tst_connectionprofiles.moc"
