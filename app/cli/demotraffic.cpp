#include "demotraffic.h"

#include "datagenerator.h"
#include "repositorysupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int sensorCount = 12;
constexpr qsizetype recentReadings = 256;

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

double oneDecimal(double value)
{
    return std::round(value * 10) / 10;
}

double twoDecimals(double value)
{
    return std::round(value * 100) / 100;
}

struct Metric
{
    QString name;
    QString unit;
};

const QList<Metric> &componentMetrics()
{
    static const QList<Metric> list{{u"throughput"_s, u"msg/s"_s},
                                    {u"latency_ms"_s, u"ms"_s},
                                    {u"queue_depth"_s, u"messages"_s},
                                    {u"error_rate"_s, u"%"_s}};
    return list;
}

int maxRetriesOn(int port)
{
    return DataGenerator::ports().at(port).startsWith(u"payments"_s) ? 5 : 3;
}

DemoTraffic::Ending endingAs(const QString &status)
{
    DemoTraffic::Ending ending;
    ending.status = status;
    return ending;
}

QStringList checkpointNames()
{
    QStringList names;
    for (const QString &component : DataGenerator::components())
        names << component + u"/offsets"_s << component + u"/state"_s;
    return names;
}

} // namespace

DemoTraffic::DemoTraffic(Options options)
    : m_random(options.seed)
    , m_stopAfter(options.stopAfter)
    , m_stopped(std::move(options.stopped))
    , m_handOff(options.handOff)
    , m_portSent(DataGenerator::ports().size(), 0)
    , m_checkpointVersions(checkpointNames().size(), 0)
{
    m_recentReadings.reserve(recentReadings);
}

QString DemoTraffic::defaultStopped()
{
    return u"notifier"_s;
}

bool DemoTraffic::hasStopped(const QString &component) const
{
    return m_stopAfter >= 0 && m_produced >= m_stopAfter && component == m_stopped;
}

QString DemoTraffic::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Numbered:
        return u"numbered message"_s;
    case Kind::SensorReading:
        return u"sensor reading"_s;
    case Kind::PortMessage:
        return u"port message"_s;
    case Kind::ComponentMetric:
        return u"component metric"_s;
    case Kind::PortMetric:
        return u"port counters"_s;
    case Kind::Heartbeat:
        return u"heartbeat"_s;
    case Kind::Checkpoint:
        return u"checkpoint version"_s;
    case Kind::Malformed:
        return u"malformed payload"_s;
    }
    return {};
}

int DemoTraffic::perMille(Kind kind)
{
    switch (kind) {
    case Kind::Numbered:
        return 600;
    case Kind::SensorReading:
        return 120;
    case Kind::PortMessage:
        return 100;
    case Kind::ComponentMetric:
        return 60;
    case Kind::PortMetric:
        return 40;
    case Kind::Heartbeat:
        return 50;
    case Kind::Checkpoint:
        return 25;
    case Kind::Malformed:
        return 5;
    }
    return 0;
}

qint64 DemoTraffic::stopAfterFor(qint64 count, int rate)
{
    if (count > 0)
        return count / 4;
    return rate > 0 ? qint64(rate) * 60 : 1'000'000;
}

DemoTraffic::Kind DemoTraffic::drawKind()
{
    int roll = static_cast<int>(m_random.bounded(1000));
    for (int k = 0; k < kindCount; ++k) {
        const auto kind = static_cast<Kind>(k);
        roll -= perMille(kind);
        if (roll < 0)
            return kind;
    }
    return Kind::Numbered;
}

DemoTraffic::Payload DemoTraffic::next(qint64 nowMs)
{
    if (m_startMs < 0)
        m_startMs = nowMs;
    Payload payload;
    // Every component beats first, so that the pipeline shows alive from the first refresh.
    const bool opening = m_produced < DataGenerator::components().size();
    payload.kind = opening ? Kind::Heartbeat : drawKind();
    // Handed off, flows start at the routes' source: stopped, it starts none.
    if (payload.kind == Kind::PortMessage && m_handOff &&
        hasStopped(DataGenerator::portLinks().at(DataGenerator::routes().at(0).at(0)).source))
        payload.kind = Kind::Numbered;
    switch (payload.kind) {
    case Kind::Numbered:
        payload.bytes = numberedMessage();
        break;
    case Kind::SensorReading:
        payload.bytes = sensorReading(nowMs);
        break;
    case Kind::PortMessage:
        payload.bytes = portMessage(nowMs);
        break;
    case Kind::ComponentMetric:
        payload.bytes = componentMetric(nowMs);
        break;
    case Kind::PortMetric:
        payload.bytes = portMetric(nowMs);
        break;
    case Kind::Heartbeat:
        payload.bytes = heartbeat(nowMs);
        break;
    case Kind::Checkpoint:
        payload.bytes = checkpoint(nowMs);
        break;
    case Kind::Malformed:
        payload.bytes = malformed(nowMs);
        break;
    }
    ++m_produced;
    return payload;
}

QString DemoTraffic::timestamp(qint64 ms)
{
    // 2026-11-21T10:15:30.123Z. Payloads made together share their time: format it once.
    if (ms != m_formattedMs) {
        m_formattedMs = ms;
        m_formatted = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
    }
    return m_formatted;
}

QString DemoTraffic::uuid()
{
    // Drawn from the generator, so that a seed reproduces the traffic exactly.
    const auto byte = [this] {
        return static_cast<uchar>(m_random.bounded(256));
    };
    const uint time = m_random.generate();
    const auto mid = static_cast<ushort>(m_random.bounded(65536));
    const auto version = static_cast<ushort>((m_random.bounded(65536) & 0x0fff) | 0x4000);
    const auto variant = static_cast<uchar>((byte() & 0x3f) | 0x80);
    return QUuid(time, mid, version, variant, byte(), byte(), byte(), byte(), byte(), byte(),
                 byte())
        .toString(QUuid::WithoutBraces);
}

QString DemoTraffic::timeOrderedId(qint64 nowMs)
{
    // The time first, as the ids of stored rows: unlike uuid(), another run names other
    // messages, while the same seed and clock readings still give the same ids.
    const quint64 high = m_random.generate64();
    return timeOrderedUuid(nowMs, high, m_random.generate64());
}

QString DemoTraffic::errorMessage()
{
    const int kind = static_cast<int>(m_random.bounded(DataGenerator::errorTemplates().size()));
    const QString &pattern = DataGenerator::errorTemplates().at(kind);
    switch (kind) {
    case 0:
        return pattern.arg(5000 * (1 + m_random.bounded(6)));
    case 1:
        return pattern.arg(5432 + m_random.bounded(3));
    case 2:
        return pattern.arg(1 + m_random.bounded(999));
    case 3:
        return pattern.arg(uuid());
    default:
        return pattern.arg(1 + m_random.bounded(60));
    }
}

QByteArray DemoTraffic::numberedMessage()
{
    ++m_numbered;
    return QByteArrayLiteral("this is Message N\xC2\xB0 ") + QByteArray::number(m_numbered) +
           QByteArrayLiteral(" being posted into Redis");
}

QByteArray DemoTraffic::sensorReading(qint64 nowMs)
{
    // About 2% of readings are sent again as they were, as a sender retrying would.
    if (!m_recentReadings.isEmpty() && m_random.bounded(100) < 2)
        return m_recentReadings.at(m_random.bounded(m_recentReadings.size()));

    const int sensor = static_cast<int>(m_random.bounded(sensorCount)) + 1;
    // About 3% arrive late, stamped up to five minutes before the newest.
    const bool late = m_random.bounded(100) < 3;
    const qint64 at = late ? nowMs - 5000 - m_random.bounded(295000) : nowMs;
    const double minutes = (at - m_startMs) / 60000.0;
    const double value =
        18 + sensor * 0.5 + 3 * std::sin(minutes / 10 + sensor) + m_random.bounded(100) / 100.0;
    const QString eventId =
        sensor <= 9
            ? uuid()
            : u"evt-"_s + QString::number(m_random.generate64(), 16).rightJustified(16, u'0');
    const QByteArray bytes = compact({
        {u"event_id"_s, eventId},
        {u"sensor_id"_s, u"sensor-%1"_s.arg(sensor, 2, 10, QChar(u'0'))},
        {u"timestamp"_s, timestamp(at)},
        {u"value"_s, oneDecimal(value)},
    });
    if (m_recentReadings.size() < recentReadings)
        m_recentReadings.append(bytes);
    else
        m_recentReadings[m_nextRecent] = bytes;
    m_nextRecent = (m_nextRecent + 1) % recentReadings;
    return bytes;
}

QByteArray DemoTraffic::portMessage(qint64 nowMs)
{
    // A slot past the open flows starts a new one: the fewer are open, the likelier.
    auto slot = static_cast<qsizetype>(m_random.bounded(maxOpenFlows));
    if (slot >= m_flows.size()) {
        m_flows.append(newFlow(nowMs));
        slot = m_flows.size() - 1;
    }
    const QByteArray bytes = hop(m_flows[slot], nowMs);
    if (m_flows.at(slot).ended)
        m_flows.removeAt(slot);
    return bytes;
}

DemoTraffic::Flow DemoTraffic::newFlow(qint64 nowMs)
{
    Flow flow;
    flow.route = static_cast<int>(m_random.bounded(DataGenerator::routes().size()));
    flow.traceId = timeOrderedId(nowMs);
    // Orders are numbered from the second the traffic started: a run sent again with the
    // same seed, or into a database that generated data fills, names other orders.
    const qint64 order = m_startMs / 1000 * 1'000'000 + m_flowsStarted++;
    flow.orderKey = u"order-%1"_s.arg(order);
    flow.data = QJsonObject{
        {u"order_id"_s, order},
        {u"customer"_s, u"C-%1"_s.arg(m_random.bounded(5000), 5, 10, QChar(u'0'))},
        {u"amount"_s, twoDecimals(5 + m_random.bounded(50000) / 100.0)},
        {u"currency"_s, m_random.bounded(7) ? u"EUR"_s : u"USD"_s},
        {u"items"_s, static_cast<int>(1 + m_random.bounded(5))},
    };
    return flow;
}

QByteArray DemoTraffic::hop(Flow &flow, qint64 nowMs)
{
    const QList<int> &route = DataGenerator::routes().at(flow.route);
    const int port = route.at(flow.hop);
    const DataGenerator::PortLink &link = DataGenerator::portLinks().at(port);
    // Handed off, a hop leaves pending, and the stand-in settles it.
    const Ending ending =
        m_handOff ? endingAs(u"pending"_s) : settle(maxRetriesOn(port), link.target);
    const QString messageId = timeOrderedId(nowMs);
    const QByteArray bytes = hopMessage(
        port, flow.data, {flow.traceId, flow.orderKey, flow.causeId}, messageId, ending, nowMs);
    ++flow.hop;
    flow.causeId = messageId;
    flow.ended = ending.status != u"completed"_s || flow.hop == route.size();
    return bytes;
}

DemoTraffic::Ending DemoTraffic::settle(int maxRetries, const QString &target)
{
    // 78% completed, 8% pending, 4% processing, 4% failed and retrying, 6% failed with every
    // retry spent: a dead letter. Each but a completed hop ends its flow.
    const quint32 roll = m_random.bounded(100);
    if (roll < 78)
        return endingAs(u"completed"_s);
    if (roll < 86)
        return endingAs(u"pending"_s);
    if (roll < 90)
        return endingAs(u"processing"_s);
    return failure(roll < 94 ? 1 + static_cast<int>(m_random.bounded(maxRetries - 1)) : maxRetries,
                   target);
}

DemoTraffic::Ending DemoTraffic::ending(const PortMessage &taken)
{
    // As settle() ends hops, those that end: 90% completed, 4% failed and retrying, 6% spent.
    const quint32 roll = m_random.bounded(100);
    if (roll < 90)
        return endingAs(u"completed"_s);
    const int maxRetries = std::max(0, taken.maxRetries);
    const int retrying =
        maxRetries > 1 ? 1 + static_cast<int>(m_random.bounded(maxRetries - 1)) : 0;
    return failure(roll < 94 ? retrying : maxRetries, taken.targetComponent);
}

DemoTraffic::Ending DemoTraffic::failure(int retries, const QString &target)
{
    Ending failed = endingAs(u"failed"_s);
    failed.retryCount = retries;
    failed.errorMessage = errorMessage();
    failed.errorDetails = compact({{u"attempts"_s, retries + 1}, {u"component"_s, target}});
    return failed;
}

std::optional<QByteArray> DemoTraffic::nextHop(const PortMessage &completed, qint64 nowMs)
{
    const qsizetype port = DataGenerator::ports().indexOf(completed.portName);
    if (port < 0)
        return std::nullopt;
    // A port leads on as the routes through it do: after orders.validated a third of the flows
    // go to the inventory, as a third of the routes do.
    QList<int> next;
    for (const QList<int> &route : DataGenerator::routes()) {
        for (qsizetype i = 0; i + 1 < route.size(); ++i) {
            if (route.at(i) == port)
                next << route.at(i + 1);
        }
    }
    if (next.isEmpty())
        return std::nullopt;
    const int nextPort = next.at(static_cast<qsizetype>(m_random.bounded(next.size())));
    const QJsonObject meta = QJsonDocument::fromJson(completed.messageMetadata).object();
    const QString cause = meta.value(u"message_id"_s).toString(completed.id);
    // message_data is any JSON: read as the one element of an array.
    const QJsonValue data =
        QJsonDocument::fromJson('[' + completed.messageData + ']').array().at(0);
    return hopMessage(
        nextPort, data,
        {meta.value(u"trace_id"_s).toString(), meta.value(u"correlation_id"_s).toString(), cause},
        timeOrderedId(nowMs), endingAs(u"pending"_s), nowMs);
}

QByteArray DemoTraffic::hopMessage(int port, const QJsonValue &data, const HopKeys &keys,
                                   const QString &messageId, const Ending &ending, qint64 nowMs)
{
    const DataGenerator::PortLink &link = DataGenerator::portLinks().at(port);
    QJsonObject message{
        {u"port_name"_s, DataGenerator::ports().at(port)},
        {u"source_component"_s, link.source},
        {u"target_component"_s, link.target},
        {u"message_data"_s, data},
        {u"max_retries"_s, maxRetriesOn(port)},
        {u"created_at"_s, timestamp(nowMs)},
        {u"status"_s, ending.status},
        {u"retry_count"_s, ending.retryCount},
    };
    if (ending.status == u"failed"_s) {
        message.insert(u"error_message"_s, ending.errorMessage);
        message.insert(u"error_details"_s, QJsonDocument::fromJson(ending.errorDetails).object());
    }
    QJsonObject metadata{{u"trace_id"_s, keys.traceId},
                         {u"message_id"_s, messageId},
                         {u"correlation_id"_s, keys.orderKey},
                         {u"attempt"_s, ending.retryCount + 1}};
    if (!keys.causeId.isEmpty())
        metadata.insert(u"causation_id"_s, keys.causeId);
    message.insert(u"message_metadata"_s, metadata);
    return compact(message);
}

QByteArray DemoTraffic::componentMetric(qint64 nowMs)
{
    const QStringList &components = DataGenerator::components();
    int component = static_cast<int>(m_random.bounded(components.size()));
    // A stopped component measures nothing: its draw goes to the next.
    if (hasStopped(components.at(component)))
        component = (component + 1) % static_cast<int>(components.size());
    const int metric = static_cast<int>(m_random.bounded(componentMetrics().size()));
    const double minutes = (nowMs - m_startMs) / 60000.0;
    const double wave = 1 + 0.5 * std::sin(minutes * 2 * M_PI / 15 + component);
    const double noise = m_random.bounded(1000) / 1000.0;
    const bool spike = m_random.bounded(500) == 0;
    const double value = DataGenerator::componentMetricValue(metric, component, wave, noise, spike);
    return compact({
        {u"component_name"_s, components.at(component)},
        {u"metric_name"_s, componentMetrics().at(metric).name},
        {u"metric_value"_s, twoDecimals(value)},
        {u"metric_unit"_s, componentMetrics().at(metric).unit},
        {u"timestamp"_s, timestamp(nowMs)},
    });
}

QByteArray DemoTraffic::portMetric(qint64 nowMs)
{
    const int port = static_cast<int>(m_random.bounded(m_portSent.size()));
    m_portSent[port] += 50 + m_random.bounded(200);
    const qint64 sent = m_portSent.at(port);
    return compact({
        {u"port_name"_s, DataGenerator::ports().at(port)},
        {u"messages_sent"_s, sent},
        {u"messages_received"_s, sent - m_random.bounded(20)},
        {u"avg_send_duration_ms"_s, twoDecimals(1 + m_random.bounded(400) / 100.0)},
        {u"avg_receive_duration_ms"_s, twoDecimals(1 + m_random.bounded(600) / 100.0)},
        {u"avg_message_age_ms"_s, oneDecimal(20 + m_random.bounded(3000) / 10.0)},
        {u"buffer_utilization"_s, m_random.bounded(1000) / 1000.0},
        {u"timestamp"_s, timestamp(nowMs)},
    });
}

QByteArray DemoTraffic::heartbeat(qint64 nowMs)
{
    // The components beat in turn; once one has stopped, its turn goes to the next.
    const QStringList &components = DataGenerator::components();
    QString component = components.at(m_heartbeats++ % components.size());
    if (hasStopped(component))
        component = components.at(m_heartbeats++ % components.size());
    // A status holds for a while, as a component's does: the payment gateway is degraded now
    // and then for 60 to 120 beats, any component rarely unhealthy for 10 to 30.
    auto &[status, beatsLeft] = m_episodes[component];
    if (beatsLeft > 0) {
        --beatsLeft;
    } else {
        const quint32 roll = m_random.bounded(10000);
        status = u"healthy"_s;
        if (roll < 5) {
            status = u"unhealthy"_s;
            beatsLeft = 10 + int(m_random.bounded(21));
        } else if (component == u"payment-gateway"_s && roll < 100) {
            status = u"degraded"_s;
            beatsLeft = 60 + int(m_random.bounded(61));
        }
    }
    const bool troubled = status != u"healthy"_s;
    return compact({
        {u"component_name"_s, component},
        {u"health_status"_s, status},
        {u"health_details"_s,
         QJsonObject{
             {u"uptime_s"_s,
              DataGenerator::uptimeSecondsAt(QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC))},
             {u"pending"_s, static_cast<int>(m_random.bounded(troubled ? 5000 : 50))},
             {u"cpu_percent"_s, oneDecimal(5 + m_random.bounded(troubled ? 900 : 400) / 10.0)},
             {u"memory_mb"_s, static_cast<int>(200 + m_random.bounded(300))},
         }},
        {u"timestamp"_s, timestamp(nowMs)},
    });
}

QByteArray DemoTraffic::checkpoint(qint64 nowMs)
{
    static const QStringList names = checkpointNames();
    auto name = static_cast<int>(m_checkpoints++ % names.size());
    // A stopped component saves nothing: its turn goes to the next name.
    while (hasStopped(names.at(name).section(u'/', 0, 0)))
        name = static_cast<int>(m_checkpoints++ % names.size());
    const qint64 version = ++m_checkpointVersions[name];
    const QString &checkpoint = names.at(name);
    QJsonObject data{
        {u"offset"_s, version * 1000 + m_random.bounded(1000)},
        {u"watermark"_s, timestamp(nowMs - m_random.bounded(2000))},
        {u"partitions"_s, QJsonObject{{u"p0"_s, version * 400}, {u"p1"_s, version * 390 + 7}}},
    };
    if (checkpoint.endsWith(u"/state"_s))
        data.insert(u"buffer"_s,
                    QJsonObject{{u"size"_s, static_cast<int>(m_random.bounded(512))},
                                {u"mode"_s, version % 5 ? u"streaming"_s : u"catch-up"_s}});
    return compact({
        {u"checkpoint_name"_s, checkpoint},
        {u"component_name"_s, checkpoint.section(u'/', 0, 0)},
        {u"checkpoint_data"_s, data},
        {u"checkpoint_metadata"_s,
         QJsonObject{{u"host"_s, u"worker-%1"_s.arg(name % 3 + 1)},
                     {u"reason"_s, version % 4 ? u"periodic"_s : u"shutdown"_s},
                     {u"version"_s, version}}},
    });
}

QByteArray DemoTraffic::malformed(qint64 nowMs)
{
    // Payloads that look like one of the types but are not: a consumer must keep each as a
    // dead letter with its error.
    switch (m_random.bounded(6)) {
    case 0: // a sensor reading with a numeric sensor id and no timestamp or value
        return compact({{u"event_id"_s, u"x"_s}, {u"sensor_id"_s, 5}});
    case 1: // a heartbeat with a status no one knows
        return compact({{u"component_name"_s, u"validator"_s},
                        {u"health_status"_s, u"great"_s},
                        {u"timestamp"_s, timestamp(nowMs)}});
    case 2: { // a port message cut short, as by a sender that crashed mid-write; its flow
              // goes no further, as none of its hops was stored
        Flow flow = newFlow(nowMs);
        const QByteArray whole = hop(flow, nowMs);
        return whole.left(2 + m_random.bounded(whole.size() - 3));
    }
    case 3: // a port message with a retry count in words and a status that does not exist
        return compact({{u"port_name"_s, u"orders.in"_s},
                        {u"source_component"_s, u"order-source"_s},
                        {u"target_component"_s, u"validator"_s},
                        {u"message_data"_s, QJsonObject{{u"order_id"_s, 0}}},
                        {u"status"_s, u"lost"_s},
                        {u"retry_count"_s, u"three"_s},
                        {u"max_retries"_s, 3}});
    case 4: // a metric without a number
        return compact({{u"component_name"_s, u"splitter"_s},
                        {u"metric_name"_s, u"throughput"_s},
                        {u"metric_value"_s, u"n/a"_s},
                        {u"metric_unit"_s, u"msg/s"_s},
                        {u"timestamp"_s, timestamp(nowMs)}});
    default: // a checkpoint whose sender had no state to save
        return compact({{u"checkpoint_name"_s, u"validator/offsets"_s},
                        {u"component_name"_s, u"validator"_s},
                        {u"checkpoint_data"_s, QJsonValue::Null}});
    }
}

} // namespace porthole
