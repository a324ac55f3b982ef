#pragma once

// What the tests of MetricsRepository share: how points print, the reference bucketing they are
// compared with, and readings across a change of daylight saving time.

#include "metricsrepository.h"
#include "queryplan.h"
#include "repositorytestsupport.h"
#include "sqlsupport.h"

#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

#include <cmath>
#include <ctime>
#include <map>

Q_DECLARE_METATYPE(porthole::MetricSource)

namespace QTest {
template <>
inline char *toString(const porthole::MetricPoint &t)
{
    return qstrdup(QStringLiteral("{%1 avg %2 min %3 max %4 count %5}")
                       .arg(t.start.toString(Qt::ISODateWithMs))
                       .arg(t.avg, 0, 'g', 17)
                       .arg(t.min, 0, 'g', 17)
                       .arg(t.max, 0, 'g', 17)
                       .arg(t.count)
                       .toUtf8()
                       .constData());
}
template <>
inline char *toString(const porthole::MetricSeries &t)
{
    return qstrdup(
        QStringLiteral("{%1 %2 %3}").arg(int(t.source)).arg(t.owner, t.name).toUtf8().constData());
}
} // namespace QTest

namespace porthole::test {

using namespace Qt::StringLiterals;
using Engine = porthole::test::ScratchDatabase::Engine;

inline QDateTime utc(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    time.setTimeZone(QTimeZone::utc());
    return time;
}

// The buckets computed here, independently of SQL: floor(time / width) * width since the
// epoch, empty buckets absent.
inline QList<MetricPoint> referenceBuckets(const QList<std::pair<QDateTime, double>> &values,
                                           const QDateTime &from, const QDateTime &to, qint64 width)
{
    std::map<qint64, MetricPoint> buckets;
    const qint64 widthMs = width * 1000;
    for (const auto &[time, value] : values) {
        if (time < from || time >= to)
            continue;
        const qint64 ms = time.toMSecsSinceEpoch();
        const qint64 start = (ms >= 0 ? ms / widthMs : -((-ms + widthMs - 1) / widthMs)) * widthMs;
        auto [it, fresh] = buckets.try_emplace(start);
        MetricPoint &point = it->second;
        if (fresh) {
            point.start = QDateTime::fromMSecsSinceEpoch(start, QTimeZone::utc());
            point.min = point.max = value;
        }
        point.avg += value; // the sum until the end
        point.min = std::min(point.min, value);
        point.max = std::max(point.max, value);
        ++point.count;
    }
    QList<MetricPoint> points;
    for (auto &[start, point] : buckets) {
        point.avg /= double(point.count);
        points.append(point);
    }
    return points;
}

// Compares bucket by bucket: start, count, min and max exactly, the average to the last few
// bits (the engines may add the values of a bucket in different orders).
inline bool sameBuckets(const QList<MetricPoint> &a, const QList<MetricPoint> &b, QString *why)
{
    if (a.size() != b.size()) {
        *why = u"%1 buckets against %2"_s.arg(a.size()).arg(b.size());
        return false;
    }
    for (qsizetype i = 0; i < a.size(); ++i) {
        const MetricPoint &x = a.at(i);
        const MetricPoint &y = b.at(i);
        const bool avgClose = std::abs(x.avg - y.avg) <= 1e-12 * std::max(1.0, std::abs(x.avg));
        if (x.start != y.start || x.count != y.count || x.min != y.min || x.max != y.max ||
            !avgClose) {
            *why = u"bucket %1: %2 against %3"_s.arg(i).arg(
                QString::fromUtf8(QScopedArrayPointer<char>(QTest::toString(x)).data()),
                QString::fromUtf8(QScopedArrayPointer<char>(QTest::toString(y)).data()));
            return false;
        }
    }
    return true;
}

// Runs one statement (storage's execQuery): the rows it changed, or -1 and a warning.
inline int execute(const QSqlDatabase &db, const QString &sql, const QVariantList &params)
{
    auto query = execQuery(db, sql, params, u"Running a test statement"_s);
    if (!query) {
        qWarning("%s", qPrintable(query.errorMessage()));
        return -1;
    }
    return query->numRowsAffected();
}

// Sensor readings over a range in Europe/Berlin's spring change (2024-03-31 01:00 UTC, local
// 02:00 -> 03:00) that also crosses local midnight (23:00 UTC) and UTC midnight, with values at
// and just before whole minutes and hours, and an empty stretch of two hours.
inline QList<SensorReading> springForwardReadings()
{
    QList<SensorReading> readings;
    QRandomGenerator random(20240331);
    const QDateTime start = utc(u"2024-03-30T20:00:00.000"_s);
    const QDateTime gapFrom = utc(u"2024-03-31T02:10:00.000"_s);
    const QDateTime gapTo = utc(u"2024-03-31T04:10:00.000"_s);
    int n = 0;
    for (QDateTime time = start; time < utc(u"2024-03-31T06:00:00.000"_s);
         time = time.addMSecs(7919)) {
        if (time >= gapFrom && time < gapTo)
            continue;
        readings.append({u"ev-%1"_s.arg(n++),
                         u"berlin"_s,
                         time,
                         random.bounded(1000.0) - 200.0,
                         std::nullopt,
                         std::nullopt,
                         {}});
    }
    for (const char *edge :
         {"2024-03-30T22:59:59.999", "2024-03-30T23:00:00.000", "2024-03-30T23:59:59.999",
          "2024-03-31T00:00:00.000", "2024-03-31T00:59:59.999", "2024-03-31T01:00:00.000",
          "2024-03-31T01:00:00.001", "2024-03-31T01:59:59.999", "2024-03-31T05:59:59.999"})
        readings.append({u"edge-%1"_s.arg(QString::fromLatin1(edge)),
                         u"berlin"_s,
                         utc(QString::fromLatin1(edge)),
                         0.125 * double(n++ % 97),
                         std::nullopt,
                         std::nullopt,
                         {}});
    return readings;
}

} // namespace porthole::test
