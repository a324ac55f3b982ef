#pragma once

#include "portmessagerepository.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QRandomGenerator>
#include <QString>

#include <limits>
#include <optional>
#include <utility>

namespace porthole {

// The payloads `porthole send-demo` sends: a realistic mix of what a port-based pipeline
// carries, with the faults an operator should see (duplicates, late readings, failed
// messages, a component that stops, payloads that cannot be decoded). A pure generator: it
// touches no server, and the same seed with the same clock readings gives the same bytes.
//
// The mix, in payloads per thousand (see docs/PAYLOADS.md, "Demo traffic"):
//   600 numbered messages   `this is Message N° {n} being posted into Redis`, n from 1
//   120 sensor readings     2% of them a reading sent again, 3% with an older timestamp
//   100 port messages       hops of flows (below); 6% failed with retries spent (dead
//                           letters), 4% failed retrying
//    60 component metrics   none of the stopped component once it stopped
//    40 port counters
//    50 heartbeats          none of the stopped component once it stopped (Options::stopAfter)
//    25 checkpoint versions  none of the stopped component once it stopped
//     5 malformed payloads  typed-looking but broken, or truncated JSON
//
// Port messages are the hops of flows along DataGenerator::routes(), up to maxOpenFlows of
// them open at once, so that successive port messages interleave a few flows. A hop carries
// the flow's trace_id and correlation_id ("order-<order_id>") and a message_id of its own in
// message_metadata; every hop after the first names the hop before by its message_id as
// causation_id (the decoder gives the stored row an id of its own, so the message_id is what
// names a hop), and its source is that hop's target. Only a completed hop has a next one; a
// flow ends at its sink or at its first hop that is pending, processing or failed. The ids
// begin with the time and order numbers with the second the traffic started, so that another
// run, even with the same seed, names other flows.
//
// Handed off (Options::handOff, `send-demo --db`), a port message is the first hop of a new
// flow, pending, and the pipeline stand-in (pipelinestandin.h) walks the flow on: it takes
// the hop, ends it as ending() draws, and sends the hop nextHop() makes after a completed one.
class DemoTraffic
{
public:
    enum class Kind
    {
        Numbered,
        SensorReading,
        PortMessage,
        ComponentMetric,
        PortMetric,
        Heartbeat,
        Checkpoint,
        Malformed
    };
    static constexpr int kindCount = 8;
    static constexpr int maxOpenFlows = 4;

    struct Options
    {
        Options(quint32 seed = 1, qint64 stopAfter = -1, QString stopped = defaultStopped(),
                bool handOff = false)
            : seed(seed)
            , stopAfter(stopAfter)
            , stopped(std::move(stopped))
            , handOff(handOff)
        {}

        quint32 seed;
        // The stopped component's heartbeats and component metrics end once this many payloads
        // have been made; negative: no component stops.
        qint64 stopAfter;
        // The component that stops (one of DataGenerator::components()).
        QString stopped;
        // Port messages are the first hops of flows, pending, for the stand-in to walk on.
        bool handOff;
    };

    // How a hop that a component took ends: completed, or failed with its retry count and
    // error (a dead letter when the count is the message's max_retries).
    struct Ending
    {
        QString status;
        int retryCount = 0;
        QString errorMessage;
        QByteArray errorDetails; // JSON; empty unless failed
    };

    struct Payload
    {
        Kind kind = Kind::Numbered;
        QByteArray bytes;
    };

    explicit DemoTraffic(Options options);

    // The next payload. `nowMs` (milliseconds since the epoch, UTC) stamps its timestamps;
    // late sensor readings are stamped before it.
    Payload next(qint64 nowMs);

    // How a hop that a component took ends, drawn as the mix settles hops: 90% completed, 4%
    // failed and retrying, 6% failed with every retry spent.
    Ending ending(const PortMessage &taken);
    // The hop after `completed` on its flow, pending and sent by its target: the next port of a
    // route that runs through its port (DataGenerator::routes(), drawn as a new flow draws its
    // route), the same message_data, trace_id and correlation_id, a message_id of its own, and
    // the completed hop's message_id as causation_id. None when its port ends every route
    // through it or is not one of the demo's.
    std::optional<QByteArray> nextHop(const PortMessage &completed, qint64 nowMs);

    // How many payloads next() has made, and how many of them were numbered messages.
    qint64 produced() const { return m_produced; }
    qint64 numbered() const { return m_numbered; }

    // The component that stops unless another is named: "notifier".
    static QString defaultStopped();
    static QString kindName(Kind kind);
    // The share of each kind in payloads per thousand, as the mix above says.
    static int perMille(Kind kind);
    // When the default stopped component stops, for a run of `count` payloads (0: until
    // stopped) at `rate` payloads a second (0: as fast as possible): after the first quarter of
    // a counted run, otherwise about a minute in (after a million payloads when the rate is
    // unlimited).
    static qint64 stopAfterFor(qint64 count, int rate);

private:
    // A flow of port messages under way.
    struct Flow
    {
        int route = 0; // in DataGenerator::routes()
        int hop = 0;   // the next hop, an index into its route
        bool ended = false;
        QString traceId;
        QString orderKey; // the correlation id
        QString causeId;  // the message_id of the hop before; empty before the first
        QJsonObject data; // message_data, the same order at every hop
    };

    // The keys a hop's message_metadata names its flow and the hop before by.
    struct HopKeys
    {
        QString traceId;
        QString orderKey;
        QString causeId; // empty for a flow's first hop
    };

    Kind drawKind();
    bool hasStopped(const QString &component) const;
    QByteArray numberedMessage();
    QByteArray sensorReading(qint64 nowMs);
    QByteArray portMessage(qint64 nowMs);
    Flow newFlow(qint64 nowMs);
    QByteArray hop(Flow &flow, qint64 nowMs);
    Ending settle(int maxRetries, const QString &target);
    Ending failure(int retries, const QString &target);
    // A hop on the port numbered `port` (in DataGenerator::ports()), ended as `ending` says;
    // `messageId` is its message_id.
    QByteArray hopMessage(int port, const QJsonValue &data, const HopKeys &keys,
                          const QString &messageId, const Ending &ending, qint64 nowMs);
    QByteArray componentMetric(qint64 nowMs);
    QByteArray portMetric(qint64 nowMs);
    QByteArray heartbeat(qint64 nowMs);
    QByteArray checkpoint(qint64 nowMs);
    QByteArray malformed(qint64 nowMs);
    QString uuid();
    QString timeOrderedId(qint64 nowMs);
    QString errorMessage();
    QString timestamp(qint64 ms);

    QRandomGenerator m_random;
    qint64 m_stopAfter;
    QString m_stopped;
    bool m_handOff;
    qint64 m_produced = 0;
    qint64 m_numbered = 0;
    qint64 m_startMs = -1;
    QList<QByteArray> m_recentReadings; // a ring of readings that may be sent again
    qsizetype m_nextRecent = 0;
    QList<Flow> m_flows; // open flows, at most maxOpenFlows
    qint64 m_flowsStarted = 0;
    QList<qint64> m_portSent;           // port counters, cumulative per port
    QList<qint64> m_checkpointVersions; // per checkpoint name
    qint64 m_heartbeats = 0;
    // Each component's status and the beats it still holds for.
    QHash<QString, std::pair<QString, int>> m_episodes;
    qint64 m_checkpoints = 0;
    qint64 m_formattedMs = std::numeric_limits<qint64>::min();
    QString m_formatted;
};

} // namespace porthole
