#pragma once

#include "portmessagerepository.h"
#include "storageerror.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QStringList>

#include <functional>

namespace porthole {

// Realistic synthetic data for demos and benchmarks: several ports and components, a share
// of failed and dead-lettered messages with a handful of distinct errors, metrics over
// days, heartbeats with one component gone stale, and checkpoint versions that change a
// little each time. The same seed gives the same data.
class DataGenerator
{
public:
    struct Span
    {
        QDateTime end = QDateTime::currentDateTimeUtc();
        int days = 7;
    };
    // Called after each group of rows with the number written so far; return false to stop.
    using Progress = std::function<bool(qint64 written)>;

    DataGenerator(QSqlDatabase db, quint32 seed, Span span);

    static const QStringList &ports();
    static const QStringList &components();
    static const QStringList &errorTemplates();
    // A component metric's value: metric 0 throughput, 1 latency, 2 errors, else load; `wave`
    // around 1 follows the time of day, `noise` is in [0, 1), a spike is an incident.
    static double componentMetricValue(int metric, int component, double wave, double noise,
                                       bool spike);

    Result<qint64> portMessages(qint64 count, const Progress &progress = {});
    // The rows portMessages() writes, rows [from, from + size) of `count`, without writing them.
    QList<PortMessage> makePortMessages(qint64 from, qint64 size, qint64 count);
    Result<qint64> checkpoints(qint64 versions, const Progress &progress = {});
    Result<qint64> componentMetrics(qint64 points, const Progress &progress = {});
    Result<qint64> portMetrics(qint64 points, const Progress &progress = {});
    Result<qint64> sensorReadings(qint64 readings, const Progress &progress = {});
    Result<qint64> heartbeats(qint64 count, const Progress &progress = {});
    // Versions of each component's saved state (component_state), the newest last.
    Result<qint64> componentStates(qint64 versions, const Progress &progress = {});
    // What the two sinks stored (sink_storage): inventory updates and notifications sent.
    Result<qint64> sinkRows(qint64 rows, const Progress &progress = {});

    // Writes `files` full batch files (ten messages each, "this is Message N° n being posted
    // into Redis", numbered from 1, times spread over the span) into a folder that holds no
    // batch file yet (InvalidArgument otherwise). Returns the messages written.
    static Result<qint64> batchFiles(const QString &directory, qint64 files, Span span,
                                     const Progress &progress = {});

private:
    QDateTime timeAt(qint64 index, qint64 count) const;
    QString errorMessage(int kind);

    QSqlDatabase m_db;
    QRandomGenerator m_random;
    Span m_span;
};

} // namespace porthole
