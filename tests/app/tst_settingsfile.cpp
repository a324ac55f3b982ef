#include "applicationsetup.h"
#include "preferences.h"
#include "settingsfile.h"

#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <sys/file.h>

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
    void aWriterKilledAnywhereLeavesAWholeFile();
    void anAbandonedLockIsRemoved();

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

void tst_SettingsFile::anAbandonedLockIsRemoved()
{
    const QString lock = settingsPath() + u".lock"_s;
    QVERIFY(QDir().mkpath(QFileInfo(lock).path()));
    QCOMPARE(removeAbandonedSettingsLock(), false); // none
    QFile empty(lock);
    QVERIFY(empty.open(QIODevice::WriteOnly));
    const QDateTime made = QFileInfo(lock).lastModified();

    // Empty and held (flock) by a live writer about to write its id: kept, however old.
    QCOMPARE(::flock(empty.handle(), LOCK_EX | LOCK_NB), 0);
    QCOMPARE(removeAbandonedSettingsLock(made.addSecs(60)), false);
    QVERIFY(QFile::exists(lock));
    empty.close(); // the writer is gone

    // Empty, held by no one, but made a moment ago: it may be a writer's between making the
    // file and locking it. Kept.
    QCOMPARE(removeAbandonedSettingsLock(made.addMSecs(200)), false);
    QVERIFY(QFile::exists(lock));
    // A second old: abandoned, removed; the settings are written at once.
    QCOMPARE(removeAbandonedSettingsLock(made.addSecs(2)), true);
    QVERIFY(!QFile::exists(lock));
    {
        QSettings settings;
        settings.setValue(u"window/pane"_s, u"queues"_s);
        settings.sync();
        QCOMPARE(settings.status(), QSettings::NoError);
    }

    // A lock file with a writer's id in it is QLockFile's to judge: left as it is.
    QLockFile held(lock);
    QVERIFY(held.tryLock());
    QCOMPARE(removeAbandonedSettingsLock(QDateTime::currentDateTime().addSecs(60)), false);
    QVERIFY(QFile::exists(lock));
    held.unlock();
}

namespace {
// What round `round` of the writer below writes: ballast of one letter, and preferences that
// say the round too.
constexpr int ballastLength = 200000;
QChar ballastLetter(int round)
{
    return QChar(u'a' + round % 26);
}
int groupMessagesOf(int round)
{
    return 1 + round % Preferences::maxGroupMessages;
}
int groupWaitOf(int round)
{
    return Preferences::minGroupWaitMs +
           round % (Preferences::maxGroupWaitMs - Preferences::minGroupWaitMs);
}
} // namespace

// The settings file is replaced whole or not at all: Porthole's writer (QSettings, and
// Preferences::save through it) killed with SIGKILL at 20 moments leaves, each time, a file
// that is read as it is, with every key of one write and none of a later one. The writer is
// this test's program, run as a child.
void tst_SettingsFile::aWriterKilledAnywhereLeavesAWholeFile()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"PORTHOLE_SETTINGS_WRITER"_s, u"1"_s);
    environment.insert(u"XDG_CONFIG_HOME"_s, m_config.path());
    for (int kill = 0; kill < 20; ++kill) {
        QProcess writer;
        writer.setProcessEnvironment(environment);
        writer.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(writer.waitForStarted());
        // Killed once it has finished a few rounds: in the middle of the next.
        const int rounds = 1 + int(QRandomGenerator::global()->bounded(8));
        int done = 0;
        while (done < rounds) {
            // Longer than QLockFile's 30 s: a writer killed between making the lock file and
            // writing its id in it leaves it empty, and the next waits that long for it (the
            // window removes such a file at start once it is a second old;
            // anAbandonedLockIsRemoved).
            QVERIFY2(writer.waitForReadyRead(90000), writer.readAllStandardError().constData());
            while (writer.canReadLine()) {
                writer.readLine();
                ++done;
            }
        }
        writer.kill();
        QVERIFY(writer.waitForFinished());
        // The writer is gone: a lock file it left empty (killed between making it and writing
        // its id) is abandoned, and is removed as the window removes one at start, rather than
        // waited out for QLockFile's 30 s by this test's reads and the next writer.
        removeAbandonedSettingsLock(QDateTime::currentDateTime().addSecs(2));

        QFile file(settingsPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(isWellFormedSettings(file.readAll()), qPrintable(u"after kill %1"_s.arg(kill)));
        QCOMPARE(setAsideUnreadableSettings(), QString());
        QSettings settings;
        QCOMPARE(settings.status(), QSettings::NoError);
        const int round = settings.value(u"test/round"_s).toInt();
        QVERIFY2(round >= rounds, qPrintable(u"round %1 after %2 done"_s.arg(round).arg(rounds)));
        QCOMPARE(settings.value(u"test/ballast"_s).toString(),
                 QString(ballastLength, ballastLetter(round)));
        // The preferences of this round, or of the one before when the kill came between the
        // two writes; never of two rounds at once.
        const Preferences preferences = Preferences::load();
        const bool thisRound = preferences.groupMessages == groupMessagesOf(round) &&
                               preferences.groupWaitMs == groupWaitOf(round);
        const bool roundBefore = preferences.groupMessages == groupMessagesOf(round - 1) &&
                                 preferences.groupWaitMs == groupWaitOf(round - 1);
        QVERIFY2(thisRound || roundBefore, qPrintable(u"round %1: %2 messages, %3 ms"_s.arg(round)
                                                          .arg(preferences.groupMessages)
                                                          .arg(preferences.groupWaitMs)));
    }
}

// As a child of aWriterKilledAnywhereLeavesAWholeFile: writes the settings round after round,
// each round's ballast and then its preferences, and says each round done.
int writeSettingsForEver(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    setApplicationIdentity();
    removeAbandonedSettingsLock(); // as the window does at start
    QSettings settings;
    int round = settings.value(u"test/round"_s).toInt();
    QTextStream out(stdout);
    for (;;) {
        ++round;
        settings.setValue(u"test/round"_s, round);
        settings.setValue(u"test/ballast"_s, QString(ballastLength, ballastLetter(round)));
        settings.sync();
        if (settings.status() != QSettings::NoError)
            return 1;
        Preferences preferences = Preferences::load();
        preferences.groupMessages = groupMessagesOf(round);
        preferences.groupWaitMs = groupWaitOf(round);
        preferences.save();
        out << round << Qt::endl;
    }
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet("PORTHOLE_SETTINGS_WRITER"))
        return writeSettingsForEver(argc, argv);
    QCoreApplication app(argc, argv);
    tst_SettingsFile test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_settingsfile.moc"
