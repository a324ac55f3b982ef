#include "application.h"
#include "settingsfile.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_SettingsFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { setApplicationIdentity(); }
    void init();
    void aReadableFileIsLeftAlone();
    void whatQSettingsWritesIsWellFormed();
    void aDamagedFileIsSetAsideWhole_data();
    void aDamagedFileIsSetAsideWhole();
    void aFileThatCannotBeReadIsSetAside();

private:
    static QString settingsPath() { return QSettings().fileName(); }
    QTemporaryDir m_config;
};

void tst_SettingsFile::init()
{
    QVERIFY(m_config.isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
    QDir(m_config.path()).removeRecursively();
    QVERIFY(QDir().mkpath(m_config.path()));
    QVERIFY2(settingsPath().startsWith(m_config.path()), qPrintable(settingsPath()));
}

void tst_SettingsFile::aReadableFileIsLeftAlone()
{
    QCOMPARE(setAsideUnreadableSettings(), QString()); // no file yet
    {
        QSettings settings;
        settings.setValue(u"profiles/night/database"_s, u"sqlite:///var/lib/porthole.db"_s);
    }
    QCOMPARE(setAsideUnreadableSettings(), QString());
    QCOMPARE(QSettings().value(u"profiles/night/database"_s).toString(),
             u"sqlite:///var/lib/porthole.db"_s);
    QCOMPARE(QDir(QFileInfo(settingsPath()).path()).entryList(QDir::Files).size(), 1);
}

void tst_SettingsFile::whatQSettingsWritesIsWellFormed()
{
    {
        QSettings settings;
        settings.setValue(u"profiles/night shift/database"_s, u"sqlite:///var/lib/p=1.db"_s);
        settings.setValue(u"profiles/night shift/note"_s, u"two\nlines; [not a section]"_s);
        settings.setValue(u"profiles/Übersicht/filter"_s, u"#5 ≠ ; = [x]"_s);
        settings.setValue(u"window/geometry"_s, QByteArray("\x00\x01\xff\n[", 5));
        settings.setValue(u"recent"_s, QStringList{u"redis://127.0.0.1:6379"_s, u""_s});
        settings.setValue(u"key=with;odd#chars"_s, 42);
        settings.beginWriteArray(u"panes"_s);
        settings.setArrayIndex(0);
        settings.setValue(u"state"_s, QByteArray(64, '\0'));
        settings.endArray();
    }
    QFile file(settingsPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.contains("night%20shift"));
    QVERIFY2(isWellFormedSettings(bytes), bytes.constData());
    QCOMPARE(setAsideUnreadableSettings(), QString());
    QVERIFY(QFile::exists(settingsPath()));
}

void tst_SettingsFile::aDamagedFileIsSetAsideWhole_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("zeros, as a power cut leaves a file") << QByteArray(512, '\0');
    QTest::newRow("binary garbage") << QByteArray("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 16);
    QTest::newRow("not UTF-8") << QByteArray("[profiles]\nnight\\database=\xc3(\xff\n");
    QTest::newRow("cut in a section name") << QByteArray("[profiles]\nnight\\database=x\n[win");
    QTest::newRow("a line that is no key") << QByteArray("[profiles]\nnight\\database\n");
}

void tst_SettingsFile::aDamagedFileIsSetAsideWhole()
{
    QFETCH(QByteArray, bytes);
    QVERIFY(!isWellFormedSettings(bytes));
    QFile file(settingsPath());
    QVERIFY(QDir().mkpath(QFileInfo(file).path()));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
    file.close();

    const QDateTime now(QDate(2026, 11, 24), QTime(3, 15, 7));
    const QString message = setAsideUnreadableSettings(now);
    const QString aside = settingsPath() + u".unreadable-20261124-031507"_s;
    QVERIFY2(message.contains(u"is damaged"_s), qPrintable(message));
    QVERIFY2(message.contains(u"porthole.conf.unreadable-20261124-031507"_s), qPrintable(message));

    QFile kept(aside);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), bytes);
    QVERIFY(!QFile::exists(settingsPath()));
    // The window starts on defaults, and keeps what it is given from now on.
    QSettings fresh;
    QCOMPARE(fresh.status(), QSettings::NoError);
    QVERIFY(fresh.allKeys().isEmpty());
    fresh.setValue(u"window/pane"_s, u"overview"_s);
    fresh.sync();
    QCOMPARE(fresh.status(), QSettings::NoError);
    QCOMPARE(setAsideUnreadableSettings(now), QString());
}

void tst_SettingsFile::aFileThatCannotBeReadIsSetAside()
{
    // A folder where the file should be: it exists, and cannot be read as a file (a file with
    // its permissions removed would do the same, except for root, who reads it anyway).
    QVERIFY(QDir().mkpath(settingsPath() + u"/inside"_s));
    const QString message = setAsideUnreadableSettings(QDateTime(QDate(2026, 11, 24), QTime(4, 0)));
    QVERIFY2(message.contains(u"cannot be read"_s), qPrintable(message));
    QVERIFY(QFileInfo(settingsPath() + u".unreadable-20261124-040000/inside"_s).isDir());
    QVERIFY(!QFileInfo::exists(settingsPath()));
}

QTEST_GUILESS_MAIN(tst_SettingsFile)
#include "tst_settingsfile.moc"
