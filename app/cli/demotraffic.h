#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QRandomGenerator>
#include <QString>

#include <limits>

namespace porthole {

// The payloads `porthole send-demo` sends: a realistic mix of what a port-based pipeline
// carries, with the faults an operator should see (duplicates, late readings, failed
// messages, a component gone silent, payloads that cannot be decoded). A pure generator: it
// touches no server, and the same seed with the same clock readings gives the same bytes.
//
// The mix, in payloads per thousand (see docs/PAYLOADS.md, "Demo traffic"):
//   600 numbered messages   `this is Message N° {n} being posted into Redis`, n from 1
//   120 sensor readings     2% of them a reading sent again, 3% with an older timestamp
//   100 port messages       6% failed with retries spent (dead letters), 4% failed retrying
//    60 component metrics
//    40 port counters
//    50 heartbeats          one component (staleComponent()) stops after `staleAfter`
//    25 checkpoint versions
//     5 malformed payloads  typed-looking but broken, or truncated JSON
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

    struct Options
    {
        quint32 seed = 1;
        // The stale component's heartbeats stop once this many payloads have been made;
        // negative: it never goes stale.
        qint64 staleAfter = -1;
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

    // How many payloads next() has made, and how many of them were numbered messages.
    qint64 produced() const { return m_produced; }
    qint64 numbered() const { return m_numbered; }

    static QString staleComponent();
    static QString kindName(Kind kind);
    // The share of each kind in payloads per thousand, as the mix above says.
    static int perMille(Kind kind);
    // When the stale component stops, for a run of `count` payloads (0: until stopped) at
    // `rate` payloads a second (0: as fast as possible): after the first quarter of a counted
    // run, otherwise about a minute in (after a million payloads when the rate is unlimited).
    static qint64 staleAfterFor(qint64 count, int rate);

private:
    Kind drawKind();
    QByteArray numberedMessage();
    QByteArray sensorReading(qint64 nowMs);
    QByteArray portMessage(qint64 nowMs);
    QByteArray componentMetric(qint64 nowMs);
    QByteArray portMetric(qint64 nowMs);
    QByteArray heartbeat(qint64 nowMs);
    QByteArray checkpoint(qint64 nowMs);
    QByteArray malformed(qint64 nowMs);
    QString uuid();
    QString errorMessage();
    QString timestamp(qint64 ms);

    QRandomGenerator m_random;
    qint64 m_staleAfter;
    qint64 m_produced = 0;
    qint64 m_numbered = 0;
    qint64 m_startMs = -1;
    QList<QByteArray> m_recentReadings; // a ring of readings that may be sent again
    qsizetype m_nextRecent = 0;
    QList<qint64> m_portSent;           // port counters, cumulative per port
    QList<qint64> m_checkpointVersions; // per checkpoint name
    qint64 m_heartbeats = 0;
    qint64 m_checkpoints = 0;
    qint64 m_formattedMs = std::numeric_limits<qint64>::min();
    QString m_formatted;
};

} // namespace porthole
