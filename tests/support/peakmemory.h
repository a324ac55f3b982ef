#pragma once

// The most memory a process held: the peak resident set of a child that ran to its end (from
// wait4's rusage, which the kernel keeps after the child is gone), or of a running process
// (VmHWM in /proc/PID/status). Neither needs an address-space limit, so both work under
// AddressSanitizer, which reserves terabytes of address space.

#include <QByteArray>
#include <QFile>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryFile>

#include <cerrno>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <vector>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PORTHOLE_TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define PORTHOLE_TEST_ASAN 1
#endif

namespace porthole::test {

// What a sanitized build adds to a process's resident memory on top of what it uses (shadow
// memory, quarantine); limits in tests are raised by this much there.
#ifdef PORTHOLE_TEST_ASAN
inline constexpr qint64 sanitizerSlackKiB = 256 * 1024;
#else
inline constexpr qint64 sanitizerSlackKiB = 0;
#endif

struct MeasuredRun
{
    int exitCode = -1; // -1: it did not end normally
    qint64 peakRssKiB = -1;
    QByteArray out;
    QByteArray err;
    QString error; // why it could not be run
};

// Runs program with arguments and environment to its end; its output goes through temporary
// files, so nothing this process does counts towards the child's memory.
inline MeasuredRun
runMeasured(const QString &program, const QStringList &arguments,
            const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    MeasuredRun run;
    QTemporaryFile out;
    QTemporaryFile err;
    if (!out.open() || !err.open()) {
        run.error = QStringLiteral("cannot make temporary files");
        return run;
    }
    std::vector<QByteArray> storage;
    storage.push_back(QFile::encodeName(program));
    for (const QString &argument : arguments)
        storage.push_back(argument.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &item : storage)
        argv.push_back(item.data());
    argv.push_back(nullptr);
    std::vector<QByteArray> envStorage;
    for (const QString &entry : environment.toStringList())
        envStorage.push_back(entry.toLocal8Bit());
    std::vector<char *> envp;
    for (QByteArray &item : envStorage)
        envp.push_back(item.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out.handle(), 1);
    posix_spawn_file_actions_adddup2(&actions, err.handle(), 2);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        run.error = QStringLiteral("cannot start %1: errno %2").arg(program).arg(spawned);
        return run;
    }
    int status = 0;
    struct rusage usage = {};
    while (::wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            run.error = QStringLiteral("wait4 failed: errno %1").arg(errno);
            return run;
        }
    }
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.peakRssKiB = usage.ru_maxrss; // kilobytes on Linux
    out.seek(0);
    err.seek(0);
    run.out = out.readAll();
    run.err = err.readAll();
    return run;
}

// The peak resident set of a running process so far (VmHWM), in KiB; -1 when unknown.
inline qint64 peakRssKiBOf(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

// Bytes this process has read through read(2) and the like so far (rchar in /proc/self/io):
// holes of a sparse file and cached pages count too, so it measures what code asked for.
inline qint64 bytesReadBySelf()
{
    QFile io(QStringLiteral("/proc/self/io"));
    if (!io.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : io.readAll().split('\n')) {
        if (line.startsWith("rchar:"))
            return line.mid(6).trimmed().toLongLong();
    }
    return -1;
}

} // namespace porthole::test
