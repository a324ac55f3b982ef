// A preload library (LD_PRELOAD) for tests of durability: a process run with it logs, in order,
// every write and every sync of the files under one folder, and every XACK it sends to Redis,
// and can have one sync fail. A kill test cannot see a missing fsync (the page cache outlives a
// SIGKILL); this log can: a group acknowledged before its data was synced shows in it.
//
// Environment:
//   PORTHOLE_SYNCSHIM_LOG    the log file (appended to; one line an event)
//   PORTHOLE_SYNCSHIM_WATCH  the folder whose files are logged (a path prefix)
//   PORTHOLE_SYNCSHIM_FAIL   CALL:TEXT:N: the N-th call of CALL (fsync, fdatasync or sync for
//                            either) on a watched path containing TEXT, counted from the first
//                            XACK on (start-up's own writes do not count), fails with EIO, once
//
// Lines of the log (TID is the calling thread, PATH the file's path):
//   write TID FIRST PATH         write, pwrite or pwrite64 of at least one byte: FIRST is N of
//                                the first "Message #N" in the bytes written, or "-"
//   fsync TID RESULT PATH        fsync, fdatasync or syncfs, after it returned: RESULT is 0,
//   fdatasync TID RESULT PATH    or the errno of a failure (the injected one: "EIO-injected")
//   syncfs TID RESULT PATH
//   xack TID ARG...              a buffer sent that holds XACK commands, before it is sent:
//                                the RESP command(s), one token per argument ($ and * tokens
//                                dropped)
//
// Not linked with the sanitizers: it is loaded into plain and sanitized programs alike (clang
// links the sanitizer's runtime into the executable, which thus comes first).

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <string>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

namespace {

struct Settings
{
    int log = -1;
    std::string watch;
    std::string failCall; // fsync, fdatasync or sync
    std::string failText;
    long failAt = 0;
};

const Settings &settings()
{
    static const Settings loaded = [] {
        Settings s;
        if (const char *log = std::getenv("PORTHOLE_SYNCSHIM_LOG"))
            s.log = static_cast<int>(::syscall(SYS_openat, AT_FDCWD, log,
                                               O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
        if (const char *watch = std::getenv("PORTHOLE_SYNCSHIM_WATCH"))
            s.watch = watch;
        if (const char *fail = std::getenv("PORTHOLE_SYNCSHIM_FAIL")) {
            const std::string spec = fail;
            const size_t first = spec.find(':');
            const size_t last = spec.rfind(':');
            if (first != std::string::npos && last != first) {
                s.failCall = spec.substr(0, first);
                s.failText = spec.substr(first + 1, last - first - 1);
                s.failAt = std::strtol(spec.c_str() + last + 1, nullptr, 10);
            }
        }
        return s;
    }();
    return loaded;
}

std::atomic<bool> acknowledgedOnce{false};
std::atomic<long> failCandidates{0};

template <typename Function>
Function real(const char *name)
{
    return reinterpret_cast<Function>(::dlsym(RTLD_NEXT, name));
}

// One line, one write(2) to a file opened O_APPEND: lines of threads never mix, and their order
// is the order in which they were written.
void logLine(const std::string &line)
{
    const int fd = settings().log;
    if (fd < 0)
        return;
    const std::string text = line + '\n';
    ::syscall(SYS_write, fd, text.data(), text.size());
}

std::string thread()
{
    return std::to_string(static_cast<long>(::syscall(SYS_gettid)));
}

// The path of a watched file, else empty.
std::string watchedPath(int fd)
{
    const Settings &s = settings();
    if (s.log < 0 || s.watch.empty() || fd == s.log)
        return {};
    char link[64];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    char target[4096];
    const ssize_t n = ::readlink(link, target, sizeof target - 1);
    if (n <= 0)
        return {};
    const std::string path(target, static_cast<size_t>(n));
    return path.compare(0, s.watch.size(), s.watch) == 0 ? path : std::string();
}

// N of the first "Message #N" in the bytes, else "-": which message a write carries.
std::string firstMessage(const void *buffer, size_t size)
{
    static constexpr char marker[] = "Message #";
    const auto *bytes = static_cast<const char *>(buffer);
    const auto *found = static_cast<const char *>(::memmem(bytes, size, marker, sizeof marker - 1));
    if (!found)
        return "-";
    const char *digit = found + (sizeof marker - 1);
    const char *end = bytes + size;
    std::string number;
    while (digit < end && *digit >= '0' && *digit <= '9')
        number += *digit++;
    return number.empty() ? "-" : number;
}

void noteWrite(int fd, const void *buffer, ssize_t written)
{
    if (written <= 0)
        return;
    const std::string path = watchedPath(fd);
    if (!path.empty())
        logLine("write " + thread() + ' ' + firstMessage(buffer, static_cast<size_t>(written)) +
                ' ' + path);
}

// A buffer holding XACK commands: their arguments, logged before the buffer goes out.
void noteSent(const void *buffer, size_t size)
{
    if (settings().log < 0 || size < 10)
        return;
    const char *data = static_cast<const char *>(buffer);
    static const char command[] = "\r\nXACK\r\n";
    if (!::memmem(data, size, command, sizeof command - 1))
        return;
    std::string line = "xack " + thread();
    size_t start = 0;
    while (start < size) {
        const void *end = ::memmem(data + start, size - start, "\r\n", 2);
        const size_t stop = end ? static_cast<size_t>(static_cast<const char *>(end) - data) : size;
        if (stop > start && data[start] != '$' && data[start] != '*') {
            line += ' ';
            line.append(data + start, stop - start);
        }
        start = stop + 2;
    }
    logLine(line);
    acknowledgedOnce = true;
}

template <typename Call>
int sync(const char *name, bool ofFile, int fd, Call call)
{
    const Settings &s = settings();
    const std::string path = watchedPath(fd);
    if (path.empty())
        return call(fd);
    const bool candidate = acknowledgedOnce && s.failAt > 0 &&
                           (s.failCall == name || (s.failCall == "sync" && ofFile)) &&
                           path.find(s.failText) != std::string::npos;
    if (candidate && ++failCandidates == s.failAt) {
        logLine(std::string(name) + ' ' + thread() + " EIO-injected " + path);
        errno = EIO;
        return -1;
    }
    const int result = call(fd);
    const int error = errno;
    logLine(std::string(name) + ' ' + thread() + ' ' + (result == 0 ? "0" : std::to_string(error)) +
            ' ' + path);
    errno = error;
    return result;
}

} // namespace

extern "C" {

int fsync(int fd)
{
    static const auto next = real<int (*)(int)>("fsync");
    return sync("fsync", true, fd, next);
}

int fdatasync(int fd)
{
    static const auto next = real<int (*)(int)>("fdatasync");
    return sync("fdatasync", true, fd, next);
}

int syncfs(int fd)
{
    static const auto next = real<int (*)(int)>("syncfs");
    return sync("syncfs", false, fd, next);
}

ssize_t write(int fd, const void *buffer, size_t size)
{
    static const auto next = real<ssize_t (*)(int, const void *, size_t)>("write");
    noteSent(buffer, size);
    const ssize_t written = next(fd, buffer, size);
    const int error = errno;
    noteWrite(fd, buffer, written);
    errno = error;
    return written;
}

ssize_t send(int fd, const void *buffer, size_t size, int flags)
{
    static const auto next = real<ssize_t (*)(int, const void *, size_t, int)>("send");
    noteSent(buffer, size);
    return next(fd, buffer, size, flags);
}

ssize_t pwrite(int fd, const void *buffer, size_t size, off_t offset)
{
    static const auto next = real<ssize_t (*)(int, const void *, size_t, off_t)>("pwrite");
    const ssize_t written = next(fd, buffer, size, offset);
    const int error = errno;
    noteWrite(fd, buffer, written);
    errno = error;
    return written;
}

ssize_t pwrite64(int fd, const void *buffer, size_t size, off64_t offset)
{
    static const auto next = real<ssize_t (*)(int, const void *, size_t, off64_t)>("pwrite64");
    const ssize_t written = next(fd, buffer, size, offset);
    const int error = errno;
    noteWrite(fd, buffer, written);
    errno = error;
    return written;
}

} // extern "C"
