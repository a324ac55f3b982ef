#pragma once

#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <csignal>
#include <functional>
#include <optional>
#include <sys/types.h>

namespace porthole::test {

using namespace Qt::StringLiterals;

// One progress line of `porthole ingest`:
//   ingest: running, 10 stored (5/s), 0 duplicates, 0 dead letters, 10 acknowledged,
//   0 pending, 3 lost at source
struct Progress
{
    QString state;
    qint64 stored = 0;
    qint64 duplicates = 0;
    qint64 deadLetters = 0;
    qint64 acknowledged = 0;
    qint64 pending = -1;
    qint64 lostAtSource = 0;
    qint64 sourceResets = 0;
};

inline std::optional<Progress> parseProgress(const QString &line)
{
    static const QRegularExpression pattern(
        u"^ingest: ([a-z ]+), ([\\d,]+) stored \\([\\d,]+/s\\), ([\\d,]+) duplicates, ([\\d,]+) "
        "dead letters, ([\\d,]+) acknowledged(?:, ([\\d,]+) pending)?(?:, ([\\d,]+) lost at "
        "source)?(?:, ([\\d,]+) source resets)?$"_s);
    const auto match = pattern.match(line);
    if (!match.hasMatch())
        return std::nullopt;
    const auto number = [&match](int group) {
        return match.captured(group).remove(u',').toLongLong();
    };
    Progress progress;
    progress.state = match.captured(1);
    progress.stored = number(2);
    progress.duplicates = number(3);
    progress.deadLetters = number(4);
    progress.acknowledged = number(5);
    progress.pending = match.hasCaptured(6) ? number(6) : -1;
    progress.lostAtSource = match.hasCaptured(7) ? number(7) : 0;
    progress.sourceResets = match.hasCaptured(8) ? number(8) : 0;
    return progress;
}

// One run of `porthole ingest`, its standard error collected line by line. Killed when it
// goes away still running.
class IngestRun
{
public:
    // How long one step (a start, a stop) may take; the sanitizer build is several times
    // slower.
    static constexpr int stepTimeoutMs = 60000;

    IngestRun(const QString &binary, const QStringList &arguments,
              const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
    {
        m_process.setProgram(binary);
        m_process.setArguments(QStringList{u"ingest"_s} + arguments);
        m_process.setProcessEnvironment(environment);
        m_process.setStandardOutputFile(QProcess::nullDevice());
        m_process.setReadChannel(QProcess::StandardError);
    }
    ~IngestRun()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(30000);
        }
    }
    IngestRun(const IngestRun &) = delete;
    IngestRun &operator=(const IngestRun &) = delete;

    // Has it kill itself (SIGKILL) at this point: PORTHOLE_FAULT_POINT, storage/base/faultpoint.h.
    void setFaultPoint(const QString &point)
    {
        QProcessEnvironment environment = m_process.processEnvironment();
        environment.insert(u"PORTHOLE_FAULT_POINT"_s, point);
        m_process.setProcessEnvironment(environment);
    }

    bool start()
    {
        m_process.start();
        return m_process.waitForStarted(30000);
    }
    bool running() const { return m_process.state() == QProcess::Running; }
    qint64 processId() const { return m_process.processId(); }

    // Every complete line so far; reads what has arrived.
    const QStringList &lines()
    {
        m_partial += m_process.readAllStandardError();
        qsizetype end = m_partial.indexOf('\n');
        while (end >= 0) {
            m_lines.append(QString::fromUtf8(m_partial.left(end)));
            m_partial.remove(0, end + 1);
            end = m_partial.indexOf('\n');
        }
        return m_lines;
    }
    qsizetype mark() { return lines().size(); }

    // Waits for a line from line `from` on that matches; no match when it ended or the step
    // timed out first.
    QRegularExpressionMatch waitForLine(const QRegularExpression &pattern, qsizetype from = 0)
    {
        QElapsedTimer waited;
        waited.start();
        for (;;) {
            const QStringList &all = lines();
            for (qsizetype i = from; i < all.size(); ++i) {
                if (auto match = pattern.match(all.at(i)); match.hasMatch())
                    return match;
            }
            from = all.size();
            if (m_process.state() != QProcess::Running || waited.elapsed() > stepTimeoutMs)
                return {};
            m_process.waitForReadyRead(1000);
        }
    }

    // The first progress line from line `from` on that satisfies `wanted`.
    std::optional<Progress> progressSince(qsizetype from,
                                          const std::function<bool(const Progress &)> &wanted)
    {
        const QStringList &all = lines();
        for (qsizetype i = from; i < all.size(); ++i) {
            const auto progress = parseProgress(all.at(i));
            if (progress && wanted(*progress))
                return progress;
        }
        return std::nullopt;
    }
    std::optional<Progress> lastProgress()
    {
        const QStringList &all = lines();
        for (qsizetype i = all.size() - 1; i >= 0; --i) {
            if (const auto progress = parseProgress(all.at(i)))
                return progress;
        }
        return std::nullopt;
    }

    // Waits for it to end by itself; true when that signal ended it (SIGKILL: its fault point).
    // Any other end (an abort, a sanitizer's report, an exit) is not the crash asked for.
    bool waitForCrash(int signal = SIGKILL)
    {
        m_process.waitForFinished(stepTimeoutMs);
        lines();
        return m_process.state() == QProcess::NotRunning &&
               m_process.exitStatus() == QProcess::CrashExit && m_process.exitCode() == signal;
    }
    // How it ended, for failure messages.
    QString howItEnded() const
    {
        if (m_process.state() != QProcess::NotRunning)
            return u"still running"_s;
        return m_process.exitStatus() == QProcess::CrashExit
                   ? u"killed by signal %1"_s.arg(m_process.exitCode())
                   : u"exited with %1"_s.arg(m_process.exitCode());
    }

    // SIGKILL, as a crash or a power cut would stop it.
    void kill()
    {
        m_process.kill();
        m_process.waitForFinished(30000);
        lines();
    }

    // SIGTERM, as an operator stops it; the exit code, or -1 when it did not exit by itself.
    int terminate()
    {
        // Its first line comes once it handles SIGTERM; before, SIGTERM would just end it.
        QElapsedTimer started;
        started.start();
        while (lines().isEmpty() && m_process.state() == QProcess::Running &&
               started.elapsed() < stepTimeoutMs)
            m_process.waitForReadyRead(1000);
        if (m_process.state() == QProcess::Running)
            ::kill(pid_t(m_process.processId()), SIGTERM);
        QElapsedTimer waited;
        waited.start();
        while (m_process.state() != QProcess::NotRunning && waited.elapsed() < stepTimeoutMs)
            m_process.waitForFinished(1000);
        lines();
        if (m_process.state() != QProcess::NotRunning ||
            m_process.exitStatus() != QProcess::NormalExit)
            return -1;
        return m_process.exitCode();
    }

    // For failure messages: the last lines of standard error.
    QString log()
    {
        const QStringList &all = lines();
        return all.mid(std::max<qsizetype>(0, all.size() - 15)).join(u'\n');
    }

private:
    QProcess m_process;
    QByteArray m_partial;
    QStringList m_lines;
};

} // namespace porthole::test
