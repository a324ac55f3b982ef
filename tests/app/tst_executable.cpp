#include "commandrun.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// The installed program as a user runs it: no display at all for --help and --version.
class tst_Executable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void runs_data();
    void runs();

private:
    QString m_binary;
};

void tst_Executable::initTestCase()
{
    m_binary = qEnvironmentVariable("PORTHOLE_BINARY");
    QVERIFY2(!m_binary.isEmpty(), "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
}

void tst_Executable::runs_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stdoutHas");
    QTest::addColumn<QString>("stderrHas");
    QTest::newRow("--version") << QStringList{u"--version"_s} << 0 << u"porthole 0."_s << QString();
    QTest::newRow("--help") << QStringList{u"--help"_s} << 0 << u"--data-dir <dir>"_s << QString();
    QTest::newRow("unknown option")
        << QStringList{u"--nope"_s} << 2 << QString() << u"Unknown option 'nope'"_s;
    QTest::newRow("unknown command")
        << QStringList{u"nope"_s} << 2 << QString() << u"'nope' is not a porthole command"_s;
    QTest::newRow("bad url") << QStringList{u"--db"_s, u"ftp://x"_s} << 2 << QString()
                             << u"Not a database URL"_s;
}

void tst_Executable::runs()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, stdoutHas);
    QFETCH(QString, stderrHas);

    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QString::fromLatin1(name));
    env.insert(u"HOME"_s, home.path());
    env.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
    env.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));

    const porthole::test::CommandRun run = porthole::test::runPorthole(arguments, 30000, env);
    const QString out = QString::fromUtf8(run.out);
    const QString err = QString::fromUtf8(run.err);
    // -1: it crashed, or did not return without a display.
    QVERIFY2(run.exitCode != -1,
             qPrintable(u"porthole returned without a display: "_s + out + err));
    QVERIFY2(run.exitCode == exitCode, qPrintable(out + err));
    QVERIFY2(out.contains(stdoutHas), qPrintable(out));
    QVERIFY2(err.contains(stderrHas), qPrintable(err));
    QVERIFY2(!QFileInfo::exists(home.filePath(u"data"_s)), "a command-line answer writes no data");
}

QTEST_GUILESS_MAIN(tst_Executable)
#include "tst_executable.moc"
