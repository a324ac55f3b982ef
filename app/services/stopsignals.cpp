#include "stopsignals.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace porthole {

namespace {

std::atomic<int> stopSignal{0};
static_assert(std::atomic<int>::is_always_lock_free);
int pipeEnds[2] = {-1, -1};
struct sigaction previousInterrupt = {};
struct sigaction previousTerminate = {};
struct sigaction previousHangUp = {};
struct sigaction previousPipe = {};

void requestStop(int signal)
{
    stopSignal.store(signal, std::memory_order_relaxed);
    const int saved = errno;
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(pipeEnds[1], &byte, 1);
    errno = saved;
}

} // namespace

void prepareProcess()
{
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        // The lowest free number: this one, since the lower ones are open by now.
        const int opened = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (opened >= 0 && opened != fd) {
            ::dup2(opened, fd);
            ::close(opened);
        }
    }
    struct sigaction ignore = {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, nullptr);
}

StopSignals::StopSignals()
{
    stopSignal.store(0);
    if (::pipe2(pipeEnds, O_CLOEXEC | O_NONBLOCK) != 0)
        pipeEnds[0] = pipeEnds[1] = -1;
    struct sigaction stop = {};
    stop.sa_handler = requestStop;
    sigemptyset(&stop.sa_mask);
    stop.sa_flags = SA_RESTART; // blocking reads and writes (hiredis's) carry on
    sigaction(SIGINT, &stop, &previousInterrupt);
    sigaction(SIGTERM, &stop, &previousTerminate);
    sigaction(SIGHUP, &stop, &previousHangUp);
    struct sigaction ignore = {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, &previousPipe);
}

StopSignals::~StopSignals()
{
    sigaction(SIGINT, &previousInterrupt, nullptr);
    sigaction(SIGTERM, &previousTerminate, nullptr);
    sigaction(SIGHUP, &previousHangUp, nullptr);
    sigaction(SIGPIPE, &previousPipe, nullptr);
    for (int &fd : pipeEnds) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
}

int StopSignals::requested()
{
    return stopSignal.load(std::memory_order_relaxed);
}

int StopSignals::readFd() const
{
    return pipeEnds[0];
}

void StopSignals::take() const
{
    char bytes[16];
    while (::read(pipeEnds[0], bytes, sizeof bytes) > 0) {
    }
}

} // namespace porthole
