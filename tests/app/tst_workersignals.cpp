#include "commandio.h"
#include "ingestrun.h"
#include "redisclient.h"
#include "testservers.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::IngestRun;

namespace {

constexpr int stepTimeoutMs = 60000;
constexpr qint64 total = 200;

// `porthole ingest` started with posix_spawn, with its standard streams as the test makes
// them (QProcess always gives a child all three), and every signal at its default.
class SpawnedIngest
{
public:
    enum class Streams
    {
        Closed,           // fds 0, 1 and 2 closed
        StderrReaderGone, // standard error a pipe whose reading end is closed
    };

    SpawnedIngest(const QString &binary, const QStringList &arguments, Streams streams)
    {
        QList<QByteArray> args{QFile::encodeName(binary), "ingest"};
        for (const QString &argument : arguments)
            args << argument.toLocal8Bit();
        std::vector<char *> argv;
        for (QByteArray &arg : args)
            argv.push_back(arg.data());
        argv.push_back(nullptr);

        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        int pipeEnds[2] = {-1, -1};
        if (streams == Streams::Closed) {
            for (int fd = 0; fd <= 2; ++fd)
                posix_spawn_file_actions_addclose(&actions, fd);
        } else {
            if (::pipe2(pipeEnds, O_CLOEXEC) != 0)
                return;
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2);
        }
        posix_spawnattr_t attributes;
        posix_spawnattr_init(&attributes);
        sigset_t defaults;
        sigemptyset(&defaults);
        for (const int signal : {SIGPIPE, SIGHUP, SIGTERM, SIGINT})
            sigaddset(&defaults, signal);
        sigset_t none;
        sigemptyset(&none);
        posix_spawnattr_setsigdefault(&attributes, &defaults);
        posix_spawnattr_setsigmask(&attributes, &none);
        posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
        pid_t pid = -1;
        if (::posix_spawn(&pid, argv[0], &actions, &attributes, argv.data(), environ) == 0)
            m_pid = pid;
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attributes);
        for (const int fd : pipeEnds) { // the reader goes away at once
            if (fd >= 0)
                ::close(fd);
        }
    }
    ~SpawnedIngest()
    {
        if (running()) {
            ::kill(m_pid, SIGKILL);
            waitForEnd();
        }
    }
    SpawnedIngest(const SpawnedIngest &) = delete;
    SpawnedIngest &operator=(const SpawnedIngest &) = delete;

    bool started() const { return m_pid > 0; }
    bool running()
    {
        if (m_pid <= 0 || m_ended)
            return false;
        int status = 0;
        const pid_t done = ::waitpid(m_pid, &status, WNOHANG);
        if (done == m_pid) {
            m_ended = true;
            m_status = status;
        }
        return !m_ended;
    }
    void signal(int number) const { ::kill(m_pid, number); }
    // Waits for it to end; false when it did not within a step.
    bool waitForEnd()
    {
        QElapsedTimer waited;
        waited.start();
        while (running() && waited.elapsed() < stepTimeoutMs)
            QTest::qWait(10);
        return !running();
    }
    // How it ended: "exit code N" or "signal N".
    QString ending() const
    {
        if (!m_ended)
            return u"still running"_s;
        if (WIFEXITED(m_status))
            return u"exit code %1"_s.arg(WEXITSTATUS(m_status));
        return u"signal %1"_s.arg(WTERMSIG(m_status));
    }

private:
    pid_t m_pid = -1;
    bool m_ended = false;
    int m_status = 0;
};

} // namespace

// How `porthole ingest` lives with what starts it: standard streams closed (as some service
// managers and daemonising shells leave them), standard error a pipe whose reader went away,
// SIGHUP. In each case it stores every message, acknowledges it, and stops cleanly (exit 0)
// when asked to; what it cannot write to standard error is dropped, not kept in memory.
class tst_WorkerSignals : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void storesWithStandardStreamsClosed_data();
    void storesWithStandardStreamsClosed();
    void sigHupStopsCleanly();
    void standardErrorDropsWhatItCannotWrite();

private:
    QByteArray newStream();
    void produce(const QByteArray &stream, qint64 first, qint64 count);
    qint64 acknowledged(const QByteArray &stream);
    QStringList arguments(const QByteArray &stream, const QString &database) const;

    QString m_binary;
    QString m_redisText;
    RedisClient m_redis;
    QList<QByteArray> m_keys;
};

void tst_WorkerSignals::initTestCase()
{
    m_binary = qEnvironmentVariable("PORTHOLE_BINARY");
    QVERIFY2(!m_binary.isEmpty(), "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    QVERIFY2(url->password().isEmpty(), "the test passes the URL on the command line");
    m_redisText = url->toDisplayString();
    const auto connected = m_redis.connect(*url);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
}

void tst_WorkerSignals::cleanup()
{
    if (!m_keys.isEmpty() && m_redis.isConnected())
        QVERIFY(m_redis.command(QList<QByteArray>{"DEL"} + m_keys).ok());
    m_keys.clear();
}

QByteArray tst_WorkerSignals::newStream()
{
    m_keys << "tst_workersignals:" + QUuid::createUuid().toByteArray(QUuid::Id128);
    return m_keys.constLast();
}

void tst_WorkerSignals::produce(const QByteArray &stream, qint64 first, qint64 count)
{
    QList<QList<QByteArray>> commands;
    for (qint64 n = first; n < first + count; ++n)
        commands.append({"XADD", stream, "*", "payload",
                         "Message #" + QByteArray::number(n) + ": signals check"});
    const auto replies = m_redis.pipeline(commands);
    QVERIFY2(replies.ok(), qPrintable(replies.errorMessage()));
}

qint64 tst_WorkerSignals::acknowledged(const QByteArray &stream)
{
    const auto groups = m_redis.command({"XINFO", "GROUPS", stream});
    if (!groups || groups->type != RedisReply::Type::Array)
        return -1;
    for (const RedisReply &group : groups->elements) {
        QHash<QByteArray, RedisReply> fields;
        for (qsizetype i = 0; i + 1 < group.elements.size(); i += 2)
            fields.insert(group.elements.at(i).text, group.elements.at(i + 1));
        if (fields.value("name").text == "porthole")
            return fields.value("entries-read").integer - fields.value("pending").integer;
    }
    return -1;
}

QStringList tst_WorkerSignals::arguments(const QByteArray &stream, const QString &database) const
{
    return {u"--redis"_s,    m_redisText,   u"--key"_s,   QString::fromLatin1(stream),
            u"--group"_s,    u"porthole"_s, u"--sink"_s,  u"sqlite://"_s + database,
            u"--block-ms"_s, u"100"_s,      u"--count"_s, u"20"_s,
            u"--consumer"_s, u"signals"_s};
}

void tst_WorkerSignals::storesWithStandardStreamsClosed_data()
{
    QTest::addColumn<bool>("closed");
    QTest::newRow("fds 0 to 2 closed") << true;
    QTest::newRow("stderr's reader gone") << false;
}

void tst_WorkerSignals::storesWithStandardStreamsClosed()
{
    QFETCH(bool, closed);
    const auto streams =
        closed ? SpawnedIngest::Streams::Closed : SpawnedIngest::Streams::StderrReaderGone;
    const QByteArray stream = newStream();
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString database = directory.filePath(u"ingest.db"_s);

    SpawnedIngest worker(m_binary, arguments(stream, database), streams);
    QVERIFY(worker.started());
    produce(stream, 1, total / 2);
    // The first half while it starts, the second once it has taken some.
    QTRY_VERIFY_WITH_TIMEOUT(acknowledged(stream) > 0 || !worker.running(), stepTimeoutMs);
    QVERIFY2(worker.running(),
             qPrintable(u"it ended (%1) before it stored anything"_s.arg(worker.ending())));
    produce(stream, total / 2 + 1, total - total / 2);
    QTRY_VERIFY_WITH_TIMEOUT(acknowledged(stream) == total || !worker.running(), stepTimeoutMs);
    QVERIFY2(worker.running(), qPrintable(u"it ended (%1)"_s.arg(worker.ending())));

    worker.signal(SIGTERM);
    QVERIFY(worker.waitForEnd());
    QCOMPARE(worker.ending(), u"exit code 0"_s);
    QCOMPARE(test::storedMessageNumbers(database), total);
}

// SIGHUP (the terminal or session went away) stops the worker as SIGTERM does: the group in
// hand stored and acknowledged, exit code 0.
void tst_WorkerSignals::sigHupStopsCleanly()
{
    const QByteArray stream = newStream();
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString database = directory.filePath(u"ingest.db"_s);
    produce(stream, 1, total);

    IngestRun run(m_binary, arguments(stream, database));
    QVERIFY(run.start());
    QTRY_VERIFY2_WITH_TIMEOUT(acknowledged(stream) == total || !run.running(),
                              qPrintable(run.log()), stepTimeoutMs);
    QVERIFY2(run.running(), qPrintable(run.log()));
    // Its first line says it handles the signals.
    QVERIFY2(run.waitForLine(QRegularExpression(u"^ingest: stream "_s)).hasMatch(),
             qPrintable(run.log()));
    ::kill(pid_t(run.processId()), SIGHUP);
    QVERIFY2(run.waitForLine(QRegularExpression(u"^ingest: stopped, "_s)).hasMatch(),
             qPrintable(run.log()));
    QVERIFY2(!run.waitForCrash(), qPrintable(run.log())); // it ends by itself, not by a signal
    QCOMPARE(run.terminate(), 0);                         // ended already: its exit code
    const auto last = run.lastProgress();
    QVERIFY2(last && last->state == u"stopped"_s && last->acknowledged == total,
             qPrintable(run.log()));
    QCOMPARE(test::storedMessageNumbers(database), total);
}

namespace {

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool addressSanitizer = true;
#else
constexpr bool addressSanitizer = false;
#endif
#else
constexpr bool addressSanitizer = false;
#endif

// VmHWM of this process, in KiB: the most it was ever resident.
qint64 peakResidentKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

// Standard error whose reader went away: what is written to it is dropped, not kept. Before,
// the command line's stream kept every line it could not write: 100,000 progress lines (about
// 9.5 MB of text) grew the process by about 17 MB.
void tst_WorkerSignals::standardErrorDropsWhatItCannotWrite()
{
    int pipeEnds[2] = {-1, -1};
    QVERIFY(::pipe2(pipeEnds, O_CLOEXEC) == 0);
    ::close(pipeEnds[0]); // the reader is gone
    struct sigaction ignore = {};
    ignore.sa_handler = SIG_IGN;
    struct sigaction previous = {};
    ::sigaction(SIGPIPE, &ignore, &previous);
    const int savedStderr = ::dup(STDERR_FILENO);
    QVERIFY(savedStderr >= 0);
    QVERIFY(::dup2(pipeEnds[1], STDERR_FILENO) == STDERR_FILENO);
    ::close(pipeEnds[1]);

    const QString line = u"ingest: running, 10 stored (5/s), 0 duplicates, 0 dead letters, 10 "
                         "acknowledged, 0 pending"_s;
    QTextStream &err = standardError();
    // Warm up: what the first lines allocate is not growth.
    for (int i = 0; i < 1000; ++i)
        err << line << Qt::endl;
    const qint64 before = peakResidentKiB();
    for (int i = 0; i < 100000; ++i)
        err << line << Qt::endl;
    const qint64 after = peakResidentKiB();
    const QTextStream::Status status = err.status();
    err.resetStatus();

    ::dup2(savedStderr, STDERR_FILENO);
    ::close(savedStderr);
    ::sigaction(SIGPIPE, &previous, nullptr);
    qInfo("100,000 lines to a standard error without a reader: %lld KiB more at the peak",
          static_cast<long long>(after - before));
    QVERIFY(before > 0);
    QCOMPARE(status, QTextStream::Ok); // a stream whose device refused keeps what it refused
    // AddressSanitizer keeps freed memory in quarantine: the peak grows with what was freed.
    if (!addressSanitizer)
        QVERIFY2(after - before < 4096,
                 qPrintable(u"grew by %1 KiB for lines it could not write"_s.arg(after - before)));
}

QTEST_GUILESS_MAIN(tst_WorkerSignals)
#include "tst_workersignals.moc"
