#pragma once

#include <QColor>
#include <QList>

namespace porthole {

// The colours a state is drawn in, one meaning each, the same in every pane, chart and
// notification: ok (green), a warning (amber: degraded, pending), critical (red: unhealthy,
// firing, failed), stale (violet: nothing heard within the expected interval, whatever was
// said last) and unknown (grey). Red never means "no news" and violet never "bad news".
enum class StatusTone
{
    Ok,
    Warning,
    Critical,
    Stale,
    Unknown
};

inline QColor statusColour(StatusTone tone)
{
    switch (tone) {
    case StatusTone::Ok:
        return QColor(0x2e, 0x7d, 0x32);
    case StatusTone::Warning:
        return QColor(0xb2, 0x6a, 0x00);
    case StatusTone::Critical:
        return QColor(0xc6, 0x28, 0x28);
    case StatusTone::Stale:
        return QColor(0x6a, 0x3d, 0xb8);
    case StatusTone::Unknown:
        return QColor(0x75, 0x75, 0x75);
    }
    return {};
}

// The tone of a component's status as system_health states it ("healthy", "degraded",
// "unhealthy", "unknown"), or stale.
inline StatusTone healthTone(const QString &status, bool stale)
{
    if (stale)
        return StatusTone::Stale;
    if (status == QLatin1String("healthy"))
        return StatusTone::Ok;
    if (status == QLatin1String("degraded"))
        return StatusTone::Warning;
    if (status == QLatin1String("unhealthy"))
        return StatusTone::Critical;
    return StatusTone::Unknown;
}

// The colour of a chart's line by its place, where it brings none: the Metrics pane's and the
// report's charts draw their lines in this order.
inline QColor seriesColour(qsizetype index)
{
    static const QList<QColor> colours{QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28),
                                       QColor(0x2c, 0xa0, 0x2c), QColor(0xff, 0x7f, 0x0e),
                                       QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                       QColor(0xe3, 0x77, 0xc2), QColor(0x17, 0xbe, 0xcf),
                                       QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22)};
    return colours.at(index % colours.size());
}

} // namespace porthole
