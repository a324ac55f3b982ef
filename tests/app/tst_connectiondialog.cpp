#include "connectiondialog.h"
#include "mnemonics.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_ConnectionDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsWhatWasTyped_data();
    void readsWhatWasTyped();
    void refusesWhatCannotBeOpened_data();
    void refusesWhatCannotBeOpened();
    void passwordsStayOutOfTheConnection();
    void aProfileOrRecentOneFillsTheFields();
    void deletesAProfile();
    void aReadOnlyProfileStaysReadOnly();
    void everyLabelKeyGoesToItsField();

private:
    struct Fields
    {
        QLineEdit *database;
        QLineEdit *databasePassword;
        QLineEdit *folder;
        QLineEdit *redis;
        QLineEdit *redisPassword;
        QLineEdit *profileName;
        QCheckBox *keep;
        QPushButton *open;
        QLabel *problem;
    };
    static Fields fieldsOf(ConnectionDialog &dialog)
    {
        return {dialog.findChild<QLineEdit *>(u"database"_s),
                dialog.findChild<QLineEdit *>(u"databasePassword"_s),
                dialog.findChild<QLineEdit *>(u"folder"_s),
                dialog.findChild<QLineEdit *>(u"redis"_s),
                dialog.findChild<QLineEdit *>(u"redisPassword"_s),
                dialog.findChild<QLineEdit *>(u"profileName"_s),
                dialog.findChild<QCheckBox *>(u"keepPasswords"_s),
                dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Open),
                dialog.findChild<QLabel *>(u"problem"_s)};
    }
};

void tst_ConnectionDialog::readsWhatWasTyped_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("database");
    QTest::newRow("absolute path")
        << u"/srv/porthole/data.db"_s << u"sqlite:///srv/porthole/data.db"_s;
    QTest::newRow("relative path")
        << u"data.db"_s << u"sqlite://"_s + QDir::current().absoluteFilePath(u"data.db"_s);
    QTest::newRow("home") << u"~/p.db"_s << u"sqlite://"_s + QDir::homePath() + u"/p.db"_s;
    QTest::newRow("sqlite url") << u"sqlite:///tmp/x.db"_s << u"sqlite:///tmp/x.db"_s;
    QTest::newRow("postgresql") << u" postgresql://ops@db:5433/pipeline "_s
                                << u"postgresql://ops@db:5433/pipeline"_s;
}

void tst_ConnectionDialog::readsWhatWasTyped()
{
    QFETCH(QString, typed);
    QFETCH(QString, database);
    ConnectionDialog dialog({}, {});
    const Fields fields = fieldsOf(dialog);
    QTest::keyClicks(fields.database, typed);
    QTest::keyClicks(fields.redis, u"redis://127.0.0.1:6390/3"_s);
    QTest::keyClicks(fields.folder, u"/srv/batches/"_s);
    QVERIFY(fields.open->isEnabled());
    QVERIFY(fields.problem->isHidden());
    const auto chosen = dialog.choice();
    QVERIFY2(chosen.ok(), qPrintable(chosen.errorMessage()));
    QCOMPARE(chosen->database.toDisplayString(), database);
    QCOMPARE(chosen->connection.database, database);
    QCOMPARE(chosen->connection.batchDirectory, u"/srv/batches"_s);
    QCOMPARE(chosen->redis->port(), 6390);
    QCOMPARE(chosen->redis->database(), 3);
    QCOMPARE(chosen->connection.name, QString());
    QVERIFY(!chosen->keepPasswords);
}

void tst_ConnectionDialog::refusesWhatCannotBeOpened_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("databasePassword");
    QTest::addColumn<QString>("redis");
    QTest::addColumn<QString>("redisPassword");
    QTest::addColumn<QString>("because");
    QTest::newRow("no database") << QString() << QString() << QString() << QString()
                                 << u"Name a database"_s;
    QTest::newRow("unknown scheme")
        << u"mysql://db/x"_s << QString() << QString() << QString() << u"mysql"_s;
    QTest::newRow("bad redis") << u"/tmp/a.db"_s << QString() << u"http://cache"_s << QString()
                               << u"Not a Redis URL"_s;
    QTest::newRow("sqlite password")
        << u"/tmp/a.db"_s << u"pw"_s << QString() << QString() << u"takes no password"_s;
    QTest::newRow("redis password alone")
        << u"/tmp/a.db"_s << QString() << QString() << u"pw"_s << u"needs a Redis server"_s;
}

void tst_ConnectionDialog::refusesWhatCannotBeOpened()
{
    QFETCH(QString, database);
    QFETCH(QString, databasePassword);
    QFETCH(QString, redis);
    QFETCH(QString, redisPassword);
    QFETCH(QString, because);
    ConnectionDialog dialog({}, {});
    const Fields fields = fieldsOf(dialog);
    // The password field is typed into while it is enabled, as a person would.
    fields.databasePassword->setText(databasePassword);
    fields.database->setText(database);
    fields.redis->setText(redis);
    fields.redisPassword->setText(redisPassword);
    QVERIFY(!fields.open->isEnabled());
    QVERIFY(!fields.problem->isHidden());
    QVERIFY2(fields.problem->text().contains(because), qPrintable(fields.problem->text()));
    QCOMPARE(dialog.choice().errorMessage(), fields.problem->text());
}

void tst_ConnectionDialog::passwordsStayOutOfTheConnection()
{
    ConnectionDialog dialog({}, {});
    const Fields fields = fieldsOf(dialog);
    fields.database->setText(u"postgresql://ops@db/pipeline"_s);
    QVERIFY(!fields.keep->isEnabled()); // nothing typed to keep
    QVERIFY(fields.databasePassword->isEnabled());
    QTest::keyClicks(fields.databasePassword, u"pg-secret"_s);
    fields.redis->setText(u"redis://worker@cache:6379"_s);
    QTest::keyClicks(fields.redisPassword, u"rd-secret"_s);
    QTest::keyClicks(fields.profileName, u" Production "_s);
    QVERIFY(fields.keep->isEnabled());
    fields.keep->setChecked(true);

    const auto chosen = dialog.choice();
    QVERIFY2(chosen.ok(), qPrintable(chosen.errorMessage()));
    QCOMPARE(chosen->database.password(), u"pg-secret"_s);
    QCOMPARE(chosen->redis->password(), u"rd-secret"_s);
    QVERIFY(chosen->keepPasswords);
    QCOMPARE(chosen->connection,
             (Connection{u"Production"_s, u"postgresql://ops@db:5432/pipeline"_s, QString(),
                         u"redis://worker@cache:6379"_s}));

    // A SQLite file takes no password: the field is off for one.
    fields.database->setText(u"/tmp/a.db"_s);
    QVERIFY(!fields.databasePassword->isEnabled());
}

void tst_ConnectionDialog::aProfileOrRecentOneFillsTheFields()
{
    const Connection profile{u"Staging"_s, u"postgresql://ops@staging:5432/pipeline"_s,
                             u"/srv/batches"_s, u"redis://staging:6379"_s};
    const Connection recent{QString(), u"sqlite:///tmp/recent.db"_s, QString(), QString()};
    ConnectionDialog dialog({profile}, {recent});
    const Fields fields = fieldsOf(dialog);
    auto *source = dialog.findChild<QComboBox *>(u"source"_s);
    QCOMPARE(source->count(), 3);
    QCOMPARE(source->itemText(1), u"Profile: Staging"_s);
    QCOMPARE(source->itemText(2), u"Recent: sqlite:///tmp/recent.db"_s);

    source->setCurrentIndex(1);
    emit source->activated(1);
    QCOMPARE(fields.database->text(), profile.database);
    QCOMPARE(fields.folder->text(), QDir::toNativeSeparators(profile.batchDirectory));
    QCOMPARE(fields.redis->text(), profile.redis);
    QCOMPARE(fields.profileName->text(), u"Staging"_s);
    QCOMPARE(dialog.choice()->connection, profile);

    source->setCurrentIndex(2);
    emit source->activated(2);
    QCOMPARE(dialog.choice()->connection, recent);
    QVERIFY(!dialog.choice()->redis.has_value());
}

void tst_ConnectionDialog::deletesAProfile()
{
    const Connection profile{u"Old"_s, u"sqlite:///tmp/old.db"_s, QString(), QString()};
    ConnectionDialog dialog({profile}, {});
    QSignalSpy removed(&dialog, &ConnectionDialog::profileRemoved);
    auto *source = dialog.findChild<QComboBox *>(u"source"_s);
    auto *remove = dialog.findChild<QPushButton *>(u"removeProfile"_s);
    QVERIFY(!remove->isEnabled());
    source->setCurrentIndex(1);
    emit source->activated(1);
    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.constFirst().constFirst().toString(), u"Old"_s);
    QVERIFY(!remove->isEnabled());
    // Opened now, it would not be saved under the deleted name again.
    QCOMPARE(dialog.choice()->connection.name, QString());
}

// A profile saved read-only opens read-only: its box cannot be cleared; a new connection's can.
void tst_ConnectionDialog::aReadOnlyProfileStaysReadOnly()
{
    const Connection profile{u"Production"_s, u"sqlite:///tmp/production.db"_s, QString(),
                             QString(), true};
    ConnectionDialog dialog({profile}, {});
    auto *source = dialog.findChild<QComboBox *>(u"source"_s);
    auto *readOnly = dialog.findChild<QCheckBox *>(u"readOnly"_s);
    source->setCurrentIndex(1);
    emit source->activated(1);
    QVERIFY(readOnly->isChecked());
    QVERIFY(!readOnly->isEnabled());
    QTest::mouseClick(readOnly, Qt::LeftButton);
    QVERIFY(readOnly->isChecked());
    QVERIFY(dialog.choice()->connection.readOnly);

    source->setCurrentIndex(0); // a new connection
    emit source->activated(0);
    QVERIFY(readOnly->isEnabled());
    QVERIFY(!readOnly->isChecked());
}

void tst_ConnectionDialog::everyLabelKeyGoesToItsField()
{
    ConnectionDialog dialog({}, {});
    QCOMPARE(porthole::test::labelsShowingTheirAmpersand(dialog), QStringList());
    QCOMPARE(porthole::test::clashingMnemonics(dialog), QStringList());
    // Alt+D, Alt+B and Alt+U reach the fields beside a button, as the others do.
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    const Fields fields = fieldsOf(dialog);
    QTest::keyClick(&dialog, Qt::Key_B, Qt::AltModifier);
    QTRY_VERIFY(fields.folder->hasFocus());
    QTest::keyClick(&dialog, Qt::Key_D, Qt::AltModifier);
    QTRY_VERIFY(fields.database->hasFocus());
    QTest::keyClick(&dialog, Qt::Key_U, Qt::AltModifier);
    QTRY_VERIFY(dialog.findChild<QComboBox *>(u"source"_s)->hasFocus());
}

QTEST_MAIN(tst_ConnectionDialog)
#include "tst_connectiondialog.moc"
