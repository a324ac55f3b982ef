#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QString>
#include <QTextStream>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

// What every benchmark shares: a clock, medians, and how a figure is printed.
namespace porthole::bench {

using Clock = std::chrono::steady_clock;

inline double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

inline double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

inline double best(const std::vector<double> &values)
{
    return values.empty() ? 0 : *std::min_element(values.begin(), values.end());
}

// The machine's load (1, 5, 15 minutes), to judge a figure by: the machine may be shared.
inline QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    const QList<QByteArray> fields = file.readAll().split(' ');
    return QString::fromLatin1(fields.mid(0, 3).join(' '));
}

inline QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

// Stops the benchmark with the reason, named by the program.
[[noreturn]] inline void fail(const QString &what)
{
    out() << QCoreApplication::applicationName() << ": " << what << Qt::endl;
    std::exit(1);
}

inline void check(bool ok, const QString &what)
{
    if (!ok)
        fail(what);
}

} // namespace porthole::bench
