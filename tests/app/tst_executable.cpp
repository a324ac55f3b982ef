#include "commandrun.h"
#include "ingestrun.h"
#include "redisclient.h"
#include "testservers.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::IngestRun;

namespace {

// What a user's session without a display has: no DISPLAY, no Wayland, no QT_QPA_PLATFORM,
// and a home of its own.
QProcessEnvironment withoutDisplay(const QTemporaryDir &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QString::fromLatin1(name));
    env.insert(u"HOME"_s, home.path());
    env.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
    env.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
    return env;
}

// The shared libraries a running process has loaded, from its memory map.
QByteArray loadedLibraries(qint64 pid)
{
    QFile maps(u"/proc/%1/maps"_s.arg(pid));
    if (!maps.open(QIODevice::ReadOnly))
        return {};
    return maps.readAll();
}

} // namespace

// The installed program as a user runs it: no display at all for --help and --version, nor
// for the commands, which do not load the widget library; the window's own program opens
// the window in the command line's place.
class tst_Executable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void runs_data();
    void runs();
    void ingestLoadsNoWidgets();
    void reportWithoutDisplay();
    void windowTakesThePlace();

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
    // A command's usage error names the command as it was typed, like every other command's.
    QTest::newRow("ingest without a key")
        << QStringList{u"ingest"_s, u"--redis"_s, u"redis://127.0.0.1:1"_s} << 2 << QString()
        << u"porthole ingest: --key is required: the stream, list or channel.\nTry 'porthole "
           "ingest --help'."_s;
}

void tst_Executable::runs()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, stdoutHas);
    QFETCH(QString, stderrHas);

    QTemporaryDir home;
    const porthole::test::CommandRun run =
        porthole::test::runPorthole(arguments, 30000, withoutDisplay(home));
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

void tst_Executable::ingestLoadsNoWidgets()
{
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    RedisClient redis;
    QVERIFY(redis.connect(*url).ok());
    const QByteArray stream = "porthole:headless:" + QUuid::createUuid().toByteArray(QUuid::Id128);
    QVERIFY(
        redis.command({"XADD", stream, "*", "data", "{\"message\":\"without a display\"}"}).ok());

    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString database = home.filePath(u"ingest.db"_s);
    IngestRun run(m_binary,
                  {u"--redis"_s, url->toDisplayString(), u"--key"_s, QString::fromLatin1(stream),
                   u"--sink"_s, u"sqlite://"_s + database, u"--block-ms"_s, u"100"_s},
                  withoutDisplay(home));
    QVERIFY(run.start());
    QTRY_VERIFY2_WITH_TIMEOUT(test::storedMessageNumbers(database) == 1 || !run.running(),
                              qPrintable(run.log()), IngestRun::stepTimeoutMs);
    QVERIFY2(run.running(), qPrintable(run.log()));
    const QByteArray libraries = loadedLibraries(run.processId());
    QVERIFY2(libraries.contains("libQt6Core"), "the memory map of the worker can be read");
    QVERIFY2(!libraries.contains("libQt6Widgets"), "porthole ingest loaded libQt6Widgets");
    QCOMPARE(run.terminate(), 0);
    redis.command({"DEL", stream});
}

void tst_Executable::reportWithoutDisplay()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString database = u"sqlite://"_s + home.filePath(u"report.db"_s);
    const QString pdf = home.filePath(u"report.pdf"_s);
    QProcess process;
    process.setProcessEnvironment(withoutDisplay(home));
    process.start(m_binary, {u"migrate"_s, u"up"_s, u"--db"_s, database});
    QVERIFY(process.waitForFinished(60000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    process.start(m_binary, {u"report"_s, u"--db"_s, database, u"--from"_s,
                             u"2026-01-01T00:00:00Z"_s, u"--out"_s, pdf});
    QVERIFY(process.waitForFinished(60000));
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             process.readAllStandardError().constData());
    QFile written(pdf);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY2(written.read(5) == "%PDF-", "porthole report wrote a PDF without a display");
}

void tst_Executable::windowTakesThePlace()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QProcessEnvironment env = withoutDisplay(home);
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(m_binary, {u"--data-dir"_s, home.filePath(u"store"_s)});
    QVERIFY(process.waitForStarted(30000));
    // The same process, now the window's program, with the widget library loaded.
    const QString self = u"/proc/%1/exe"_s.arg(process.processId());
    QTRY_VERIFY2_WITH_TIMEOUT(QFileInfo(self).symLinkTarget().endsWith(u"/porthole-window"_s) ||
                                  process.state() != QProcess::Running,
                              qPrintable(QFileInfo(self).symLinkTarget()), 30000);
    QTRY_VERIFY2_WITH_TIMEOUT(loadedLibraries(process.processId()).contains("libQt6Widgets") ||
                                  process.state() != QProcess::Running,
                              "the window's program loads the widget library", 30000);
    QVERIFY2(process.state() == QProcess::Running, process.readAllStandardError().constData());
    process.kill();
    QVERIFY(process.waitForFinished(30000));
}

QTEST_GUILESS_MAIN(tst_Executable)
#include "tst_executable.moc"
