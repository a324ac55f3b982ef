#pragma once

// A redis-server of one test's own, for tests that stop, start and kill Redis on purpose
// (the fixture's server is shared and stays up).

#include "redisclient.h"
#include "redisurl.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QTest>

#include <arpa/inet.h>
#include <csignal>
#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace porthole::test {

// A free TCP port on the loopback interface, or 0.
inline int freeLoopbackPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

// A redis-server of one test's own, on a loopback port, whose data survives a SIGKILL
// (append-only file, fsynced on every write), or, started without persistence, is lost.
class OwnRedis
{
public:
    OwnRedis(const QString &directory, int port)
        : m_directory(directory)
        , m_port(port)
    {}
    ~OwnRedis() { kill(); }
    OwnRedis(const OwnRedis &) = delete;
    OwnRedis &operator=(const OwnRedis &) = delete;

    RedisUrl url() const { return RedisUrl::local(m_port); }
    QString urlText() const
    {
        using namespace Qt::StringLiterals;
        return u"redis://127.0.0.1:%1/0"_s.arg(m_port);
    }

    // Starts it and waits until it answers with its data loaded.
    bool start(QString *error, bool persistent = true)
    {
        using namespace Qt::StringLiterals;
        const QString binary = QStandardPaths::findExecutable(u"redis-server"_s);
        if (binary.isEmpty()) {
            *error = u"redis-server is not on the PATH"_s;
            return false;
        }
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->setStandardOutputFile(m_directory + u"/redis.out"_s, QIODevice::Append);
        m_process->start(binary,
                         {u"--bind"_s, u"127.0.0.1"_s, u"--port"_s, QString::number(m_port),
                          u"--dir"_s, m_directory, u"--daemonize"_s, u"no"_s, u"--save"_s, u""_s,
                          u"--appendonly"_s, persistent ? u"yes"_s : u"no"_s, u"--appendfsync"_s,
                          u"always"_s, u"--logfile"_s, m_directory + u"/redis.log"_s});
        if (!m_process->waitForStarted(30000)) {
            *error = m_process->errorString();
            return false;
        }
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 30000) {
            if (m_process->state() != QProcess::Running) {
                *error = u"redis-server exited; its log: "_s + logText();
                return false;
            }
            RedisClient probe;
            if (probe.connect(url(), {500, 2000})) {
                const auto pong = probe.command({"PING"});
                if (pong && !pong->isError())
                    return true;
            }
            QTest::qWait(20);
        }
        *error = u"redis-server did not answer within 30 s; its log: "_s + logText();
        return false;
    }

    void kill()
    {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(30000);
        }
        m_process.reset();
    }

    // Stops the server where it is (SIGSTOP): connections stay open and what clients send
    // waits, unread, until resume() (SIGCONT).
    bool pause() { return signal(SIGSTOP); }
    bool resume() { return signal(SIGCONT); }

    QString logText() const
    {
        using namespace Qt::StringLiterals;
        QFile log(m_directory + u"/redis.log"_s);
        return log.open(QIODevice::ReadOnly) ? QString::fromUtf8(log.readAll().right(2000))
                                             : QString();
    }

private:
    bool signal(int number)
    {
        return m_process && m_process->state() == QProcess::Running &&
               ::kill(pid_t(m_process->processId()), number) == 0;
    }

    QString m_directory;
    int m_port = 0;
    std::unique_ptr<QProcess> m_process;
};

} // namespace porthole::test
