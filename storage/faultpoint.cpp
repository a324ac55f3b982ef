#include "faultpoint.h"

#include <QByteArray>
#include <QtGlobal>

#include <atomic>
#include <csignal>

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

} // namespace porthole
