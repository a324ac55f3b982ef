#include "faultpoint.h"

#include <QByteArray>
#include <QtGlobal>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace porthole {

namespace {

struct Armed
{
    QByteArray name;
    long long when = 1;
};

const Armed &armed()
{
    static const Armed point = [] {
        Armed a;
        const QByteArray value = qgetenv("PORTHOLE_FAULT_POINT");
        const qsizetype colon = value.indexOf(':');
        a.name = colon < 0 ? value : value.left(colon);
        if (colon >= 0)
            a.when = value.mid(colon + 1).toLongLong();
        return a;
    }();
    return point;
}

std::atomic<long long> reached{0};

} // namespace

void faultPoint(const char *name)
{
    const Armed &point = armed();
    if (point.name.isEmpty() || point.name != name)
        return;
    if (++reached >= point.when)
        std::raise(SIGKILL);
}

void pausePoint(const char *name)
{
    static const QByteArray armed = qgetenv("PORTHOLE_PAUSE_POINT");
    static std::atomic<long long> passes{0};
    const qsizetype colon = armed.indexOf(':');
    if (colon < 0)
        return;
    // "name:FIFO" holds every pass, "name@N:FIFO" the N-th only.
    const QByteArray point = armed.left(colon);
    const qsizetype at = point.indexOf('@');
    if ((at < 0 ? point : point.left(at)) != name)
        return;
    if (at >= 0 && ++passes != point.mid(at + 1).toLongLong())
        return;
    const QByteArray fifo = armed.mid(colon + 1);
    const QByteArray arrived = fifo + '.' + QByteArray::number(::getpid());
    if (const int marker = ::open(arrived.constData(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        marker >= 0)
        ::close(marker);
    const int gate = ::open(fifo.constData(), O_RDONLY | O_CLOEXEC);
    if (gate < 0)
        return;
    char byte = 0;
    while (::read(gate, &byte, 1) < 0 && errno == EINTR) {
    }
    ::close(gate);
}

} // namespace porthole
