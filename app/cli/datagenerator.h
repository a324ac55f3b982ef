#pragma once

#include "portmessagerepository.h"
#include "storageerror.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QStringList>

#include <chrono>
#include <functional>

namespace porthole {

// Realistic synthetic data for demos and benchmarks: port messages as flows that cross the
// pipeline (routes()), a share of them failed and dead-lettered with a handful of distinct
// errors, metrics over days, heartbeats with one component gone stale, and checkpoint
// versions that change a little each time. The same seed gives the same data.
//
// A flow is one order's journey: it enters at order-source, passes two or three transformers
// and reaches a sink, one port_messages row a hop. Its hops share message_data and the
// metadata's trace_id and correlation_id ("order-<order_id>"); each hop's message_id is its
// row's id, and every hop after the first names the one before as its causation_id. Only a
// completed hop has a next one: a flow stops at its first hop that is pending, processing,
// failed or dead-lettered.
class DataGenerator
{
public:
    // Who sends on a port and who receives: a port always joins the same two components.
    struct PortLink
    {
        QString source;
        QString target;
    };
    struct Span
    {
        QDateTime end = QDateTime::currentDateTimeUtc();
        int days = 7;
    };
    // Called after each group of rows with the number written so far; return false to stop.
    using Progress = std::function<bool(qint64 written)>;

    // A port message still pending or processing is one made within this of the span's end:
    // older ones completed, as a pipeline that keeps up has them.
    static constexpr std::chrono::seconds unfinishedWindow{15 * 60};

    DataGenerator(QSqlDatabase db, quint32 seed, Span span);

    static const QStringList &ports();
    static const QStringList &components();
    // A component's uptime in its heartbeats at `at`: up since the last ten-day boundary, so that
    // the demo's live heartbeats go on from the history generated before them (no restart).
    static qint64 uptimeSecondsAt(const QDateTime &at) { return at.toSecsSinceEpoch() % 864000; }
    static const QStringList &errorTemplates();
    // The link of each port, in the order of ports().
    static const QList<PortLink> &portLinks();
    // The routes a flow takes from order-source to a sink, each a list of indexes into
    // ports(): three, four or five hops (the longest passes the splitter twice, as payment
    // results come back to it). Each hop's source is the target of the hop before.
    static const QList<QList<int>> &routes();
    // A component metric's value: metric 0 throughput, 1 latency, 2 errors, else load; `wave`
    // around 1 follows the time of day, `noise` is in [0, 1), a spike is an incident.
    static double componentMetricValue(int metric, int component, double wave, double noise,
                                       bool spike);

    Result<qint64> portMessages(qint64 count, const Progress &progress = {});
    // The rows portMessages() writes, rows [from, from + size) of `count`, without writing them.
    // Asked for ranges one after the other from 0, as portMessages() does, a flow open at the
    // end of a range goes on in the next; any other `from` starts a new flow.
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
    // The flow whose hops makePortMessages() is writing.
    struct Flow
    {
        bool open = false;
        int route = 0;     // in routes()
        int hop = 0;       // the next hop, an index into its route
        QString traceId;   // time-ordered, as the ids: the index on it grows at one end
        QString orderKey;  // the correlation id
        QString causeId;   // the id of the hop before; empty before the first
        QByteArray data;   // message_data, the same order at every hop
        QDateTime readyAt; // when the next hop is created
    };

    // A flow that reached its last component: what a sink stores of it (sinkRows()).
    struct Delivered
    {
        QString traceId;
        QString orderKey;
        QString lastHopId;
        QString sink; // the component it reached
        QDateTime at; // when its last hop completed
    };
    // The flows delivered last that sinkRows() stores, at most this many.
    static constexpr qsizetype deliveredKept = 50000;

    QDateTime timeAt(qint64 index, qint64 count) const;
    QString errorMessage(int kind);
    void startFlow(qint64 index, qint64 count);
    PortMessage nextHop();
    void settle(PortMessage &m);

    QSqlDatabase m_db;
    QRandomGenerator m_random;
    Span m_span;
    Flow m_flow;
    QList<Delivered> m_delivered; // the last deliveredKept, oldest first
    qint64 m_nextRow = 0;         // the row makePortMessages() makes next when asked in order
};

} // namespace porthole
