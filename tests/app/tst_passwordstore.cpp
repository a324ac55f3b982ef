#include "connectiondialog.h"
#include "connectionprofiles.h"
#include "mainwindow.h"
#include "overviewpane.h"
#include "passwordstore.h"
#include "redisclient.h"
#include "sourcestatusmodel.h"
#include "testservers.h"
#include "windowcontroller.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

// Runs beside a real Secret Service (scripts/servers/with-keychain starts gnome-keyring on a
// D-Bus session of the test's own).
class tst_PasswordStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keepsReadsAndRemovesAPassword();
    void readsSeveralAndSkipsTheMissing();
    void aKeptPasswordOpensTheConnectionAgain();

private:
    static PasswordStore::Answer readNow(PasswordStore &store, const QString &key);
    static QString writeNow(PasswordStore &store, const QString &key, const QString &password);
};

void tst_PasswordStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "run through scripts/servers/with-keychain");
}

PasswordStore::Answer tst_PasswordStore::readNow(PasswordStore &store, const QString &key)
{
    std::optional<PasswordStore::Answer> answer;
    store.read(key, [&answer](const PasswordStore::Answer &got) { answer = got; });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 20000))
        return {{}, u"no answer from the keychain"_s};
    return *answer;
}

QString tst_PasswordStore::writeNow(PasswordStore &store, const QString &key,
                                    const QString &password)
{
    std::optional<QString> error;
    store.write(key, password, [&error](const QString &got) { error = got; });
    if (!QTest::qWaitFor([&error] { return error.has_value(); }, 20000))
        return u"no answer from the keychain"_s;
    return *error;
}

void tst_PasswordStore::keepsReadsAndRemovesAPassword()
{
    PasswordStore store(u"Porthole test"_s);
    const QString key = u"database postgresql://ops@db.example:5432/pipeline"_s;
    QCOMPARE(readNow(store, key).password, QString());
    QCOMPARE(readNow(store, key).error, QString()); // none kept is not an error

    QCOMPARE(writeNow(store, key, u"s3cret €"_s), QString());
    const auto kept = readNow(store, key);
    QCOMPARE(kept.error, QString());
    QCOMPARE(kept.password, u"s3cret €"_s);

    QCOMPARE(writeNow(store, key, u"changed"_s), QString());
    QCOMPARE(readNow(store, key).password, u"changed"_s);

    std::optional<QString> removed;
    store.remove(key, [&removed](const QString &error) { removed = error; });
    QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 20000);
    QCOMPARE(*removed, QString());
    QCOMPARE(readNow(store, key).password, QString());
}

void tst_PasswordStore::readsSeveralAndSkipsTheMissing()
{
    PasswordStore store(u"Porthole test"_s);
    QCOMPARE(writeNow(store, u"redis redis://a@127.0.0.1:1"_s, u"one"_s), QString());
    QCOMPARE(writeNow(store, u"redis redis://b@127.0.0.1:2"_s, u"two"_s), QString());

    std::optional<QHash<QString, QString>> found;
    store.readAll({u"redis redis://a@127.0.0.1:1"_s, u"redis redis://nobody@127.0.0.1:3"_s,
                   u"redis redis://b@127.0.0.1:2"_s},
                  [&found](const QHash<QString, QString> &got) { found = got; });
    QTRY_VERIFY_WITH_TIMEOUT(found.has_value(), 20000);
    const QHash<QString, QString> expected{{u"redis redis://a@127.0.0.1:1"_s, u"one"_s},
                                           {u"redis redis://b@127.0.0.1:2"_s, u"two"_s}};
    QCOMPARE(*found, expected);
}

void tst_PasswordStore::aKeptPasswordOpensTheConnectionAgain()
{
    const auto redis = porthole::test::fixtureRedis();
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    // A Redis user of the test's own whose password only the keychain will know.
    const QString user = u"keychain-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString password = QUuid::createUuid().toString(QUuid::WithoutBraces);
    RedisClient admin;
    QVERIFY(admin.connect(*redis).ok());
    QVERIFY(admin
                .command(
                    {"ACL", "SETUSER", user.toUtf8(), "on", ">" + password.toUtf8(), "~*", "+@all"})
                .ok());
    const auto dropUser = qScopeGuard([&] { admin.command({"ACL", "DELUSER", user.toUtf8()}); });

    QTemporaryDir dir;
    GuiOptions options;
    options.dataDirectory = dir.path();
    WindowController console(options);
    QVERIFY(console.setUp().ok());
    QSignalSpy problems(&console, &WindowController::problem);
    QSignalSpy opened(&console, &WindowController::connectionOpened);

    // As the dialog hands it over: the password typed, to be kept.
    ConnectionChoice choice;
    choice.database = DatabaseUrl::sqliteFile(dir.filePath(u"kept.db"_s));
    choice.redis = RedisUrl::parse(u"redis://%1@127.0.0.1:%2"_s.arg(user).arg(redis->port()))
                       ->withPassword(password);
    choice.connection = {u"Kept"_s, choice.database.toDisplayString(), QString(),
                         choice.redis->toDisplayString()};
    choice.keepPasswords = true;
    console.openConnection(choice);
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, 20000);
    QCOMPARE(console.redisServer()->password(), password);

    // Nothing Porthole writes holds the password.
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QVERIFY(written.contains(user.toUtf8()));
    QVERIFY(!written.contains(password.toUtf8()));

    // Back to the embedded store, then the profile again: the password comes from the keychain.
    console.openRemembered(ConnectionProfiles().recent().at(1));
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 2, 20000);
    QVERIFY(!console.redisServer());
    const auto profile = ConnectionProfiles().profile(u"Kept"_s);
    QVERIFY(profile.has_value());
    QVERIFY(!profile->redis.contains(password));
    console.openRemembered(*profile);
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 3, 20000);
    QCOMPARE(console.redisServer()->password(), password);
    // The server takes it: the Overview's check of Redis logs in as that user.
    auto *overview = console.window()->findChild<OverviewPane *>();
    QVERIFY(overview);
    const QAbstractItemModel *sources = overview->sourcesView()->model();
    QTRY_COMPARE_WITH_TIMEOUT(sources->index(2, SourceStatusModel::StateColumn)
                                  .data(SourceStatusModel::StateRole)
                                  .toInt(),
                              int(SourceStatus::State::Ok), 20000);
    QCOMPARE(problems.size(), 0);
}

QTEST_MAIN(tst_PasswordStore)
#include "tst_passwordstore.moc"
