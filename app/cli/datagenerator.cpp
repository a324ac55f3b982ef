#include "datagenerator.h"

#include "batchfilewriter.h"
#include "batchline.h"
#include "checkpointrepository.h"
#include "componentstaterepository.h"
#include "healthrepository.h"
#include "metricsrepository.h"
#include "portmessagerepository.h"
#include "repositorysupport.h"
#include "sinkstoragerepository.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <cmath>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr qint64 rowsPerGroup = 5000;
// A flow's last hop is done within this long of its first being created: five hops of at
// most 922 ms each from created to handed on.
constexpr qint64 maxFlowMs = 5000;

// A UUID drawn from the generator, so that a seed reproduces the data exactly.
QString uuidFrom(QRandomGenerator &random)
{
    const auto byte = [&random] {
        return static_cast<uchar>(random.bounded(256));
    };
    const uint time = random.generate();
    const auto mid = static_cast<ushort>(random.bounded(65536));
    const auto version =
        static_cast<ushort>((random.bounded(65536) & 0x0fff) | 0x4000); // version 4
    const auto variant = static_cast<uchar>((byte() & 0x3f) | 0x80);    // RFC 4122
    return QUuid(time, mid, version, variant, byte(), byte(), byte(), byte(), byte(), byte(),
                 byte())
        .toString(QUuid::WithoutBraces);
}

// Writes `count` rows in groups of rowsPerGroup, one transaction each, reporting progress
// after each group; `write(from, size)` makes and stores rows [from, from + size).
template <typename Write>
Result<qint64> writeInGroups(qint64 count, const DataGenerator::Progress &progress, Write write)
{
    qint64 written = 0;
    while (written < count) {
        const qint64 size = std::min(rowsPerGroup, count - written);
        if (Status stored = write(written, size); !stored)
            return stored.error();
        written += size;
        if (progress && !progress(written))
            break;
    }
    return written;
}

} // namespace

DataGenerator::DataGenerator(QSqlDatabase db, quint32 seed, Span span)
    : m_db(std::move(db))
    , m_random(seed)
    , m_span(std::move(span))
{}

const QStringList &DataGenerator::ports()
{
    static const QStringList list{u"orders.in"_s,         u"orders.validated"_s,
                                  u"payments.requests"_s, u"payments.results"_s,
                                  u"inventory.updates"_s, u"notifications.email"_s};
    return list;
}

const QStringList &DataGenerator::components()
{
    static const QStringList list{u"order-source"_s,   u"validator"_s, u"payment-gateway"_s,
                                  u"inventory-sink"_s, u"notifier"_s,  u"splitter"_s};
    return list;
}

const QList<DataGenerator::PortLink> &DataGenerator::portLinks()
{
    static const QList<PortLink> list{{u"order-source"_s, u"validator"_s},    // orders.in
                                      {u"validator"_s, u"splitter"_s},        // orders.validated
                                      {u"splitter"_s, u"payment-gateway"_s},  // payments.requests
                                      {u"payment-gateway"_s, u"splitter"_s},  // payments.results
                                      {u"splitter"_s, u"inventory-sink"_s},   // inventory.updates
                                      {u"payment-gateway"_s, u"notifier"_s}}; // notifications.email
    Q_ASSERT(list.size() == ports().size());
    return list;
}

const QList<QList<int>> &DataGenerator::routes()
{
    static const QList<QList<int>> list{
        {0, 1, 4},       // validated and split: straight to the inventory
        {0, 1, 2, 5},    // paid, and the customer told
        {0, 1, 2, 3, 4}, // paid, the result back at the splitter, then the inventory
    };
    return list;
}

const QStringList &DataGenerator::errorTemplates()
{
    static const QStringList list{
        u"Timeout after %1 ms waiting for payment-gateway"_s,
        u"Connection refused: inventory-db:%1"_s,
        u"Schema validation failed: field 'amount' must be positive (got -%1.50)"_s,
        u"Duplicate order id %1"_s,
        u"Rate limited by upstream (429), retry after %1 s"_s,
    };
    return list;
}

double DataGenerator::componentMetricValue(int metric, int component, double wave, double noise,
                                           bool spike)
{
    switch (metric) {
    case 0:
        return 400 * wave + 40 * noise;
    case 1:
        return 12 * (2 - wave) + 4 * noise + (spike ? 900 : 0);
    case 2:
        return std::floor(30 * wave * noise + (spike ? 5000 : 0));
    default:
        return 0.2 + noise * (component == 2 ? 3 : 0.5);
    }
}

QDateTime DataGenerator::timeAt(qint64 index, qint64 count) const
{
    // Spread evenly over the span, oldest first, with a little jitter.
    const qint64 spanMs = qint64(m_span.days) * 86400 * 1000;
    const qint64 offset = count > 1 ? spanMs * index / count : 0;
    return m_span.end.addMSecs(offset - spanMs);
}

QString DataGenerator::errorMessage(int kind)
{
    const QString &pattern = errorTemplates().at(kind);
    switch (kind) {
    case 0:
        return pattern.arg(5000 * (1 + m_random.bounded(6)));
    case 1:
        return pattern.arg(5432 + m_random.bounded(3));
    case 2:
        return pattern.arg(1 + m_random.bounded(999));
    case 3:
        return pattern.arg(uuidFrom(m_random));
    default:
        return pattern.arg(1 + m_random.bounded(60));
    }
}

QList<PortMessage> DataGenerator::makePortMessages(qint64 from, qint64 size, qint64 count)
{
    if (from != m_nextRow)
        m_flow.open = false;
    QList<PortMessage> group;
    group.reserve(size);
    for (qint64 i = 0; i < size; ++i) {
        if (!m_flow.open)
            startFlow(from + i, count);
        group.append(nextHop());
    }
    m_nextRow = from + size;
    return group;
}

void DataGenerator::startFlow(qint64 index, qint64 count)
{
    m_flow.open = true;
    m_flow.route = static_cast<int>(m_random.bounded(routes().size()));
    m_flow.hop = 0;
    m_flow.causeId.clear();
    // Flows start spread over the span, oldest first, and one ends within maxFlowMs of its
    // start. A flow that may hold the last row starts maxFlowMs before the span's end, so that
    // the rows reach the end however far apart flows are, and no flow starts later than that.
    const QDateTime start = timeAt(index, count).addMSecs(m_random.bounded(900));
    const QDateTime latest = m_span.end.addMSecs(-maxFlowMs);
    const bool mayHoldLast = index + routes().at(m_flow.route).size() >= count;
    m_flow.readyAt = mayHoldLast || start > latest ? latest : start;
    m_flow.traceId = timeOrderedUuid(m_flow.readyAt.toMSecsSinceEpoch(), m_random.generate64(),
                                     m_random.generate64());
    const qint64 order = 100000 + index;
    m_flow.orderKey = u"order-%1"_s.arg(order);
    const double amount = 5 + m_random.bounded(50000) / 100.0;
    m_flow.data = QJsonDocument(QJsonObject{
                                    {u"order_id"_s, order},
                                    {u"customer"_s,
                                     u"C-%1"_s.arg(m_random.bounded(5000), 5, 10, QChar(u'0'))},
                                    {u"amount"_s, amount},
                                    {u"currency"_s, index % 7 ? u"EUR"_s : u"USD"_s},
                                    {u"items"_s, static_cast<int>(1 + m_random.bounded(5))},
                                })
                      .toJson(QJsonDocument::Compact);
}

PortMessage DataGenerator::nextHop()
{
    const QList<int> &route = routes().at(m_flow.route);
    const int port = route.at(m_flow.hop);
    PortMessage m;
    m.portName = ports().at(port);
    m.sourceComponent = portLinks().at(port).source;
    m.targetComponent = portLinks().at(port).target;
    m.createdAt = m_flow.readyAt;
    m.id = timeOrderedUuid(m.createdAt.toMSecsSinceEpoch(), m_random.generate64(),
                           m_random.generate64());
    m.messageData = m_flow.data;
    settle(m);
    QJsonObject metadata{{u"trace_id"_s, m_flow.traceId},
                         {u"message_id"_s, m.id},
                         {u"correlation_id"_s, m_flow.orderKey},
                         {u"attempt"_s, m.retryCount + 1}};
    if (!m_flow.causeId.isEmpty())
        metadata.insert(u"causation_id"_s, m_flow.causeId);
    m.messageMetadata = QJsonDocument(metadata).toJson(QJsonDocument::Compact);

    // Only a completed hop is handed on, tens to hundreds of milliseconds after it completed.
    ++m_flow.hop;
    m_flow.open = m.status == u"completed"_s && m_flow.hop < route.size();
    if (m.status == u"completed"_s && m_flow.hop == route.size()) {
        if (m_delivered.size() == deliveredKept)
            m_delivered.removeFirst(); // the oldest; constant time in a QList
        m_delivered.append(
            {m_flow.traceId, m_flow.orderKey, m.id, m.targetComponent, m.completedAt});
    }
    m_flow.causeId = m.id;
    if (m_flow.open)
        m_flow.readyAt = m.completedAt.addMSecs(10 + m_random.bounded(190));
    return m;
}

void DataGenerator::settle(PortMessage &m)
{
    // 82% completed, 5% pending, 2% processing, 7% failed, 4% dead letters. Every hop draws
    // alike, whatever came before it, so the rows keep this mix however long the flows are;
    // but a pipeline keeps up: a hop that is still waiting or being processed is one of the
    // last minutes (unfinishedWindow), older ones completed.
    const quint32 roll = m_random.bounded(100);
    const int errorKind = static_cast<int>(m_random.bounded(errorTemplates().size()));
    const bool recent = m.createdAt >= m_span.end.addSecs(-unfinishedWindow.count());
    if (roll >= 82 && roll < 87 && recent) {
        m.status = u"pending"_s;
        return;
    }
    m.processedAt = m.createdAt.addMSecs(20 + m_random.bounded(500));
    if (roll < 82 || (roll < 89 && !recent)) {
        m.status = u"completed"_s;
        m.completedAt = m.processedAt.addMSecs(5 + m_random.bounded(200));
    } else if (roll < 89) {
        m.status = u"processing"_s;
    } else {
        const bool dead = roll >= 96;
        m.status = dead ? u"dead_letter"_s : u"failed"_s;
        m.retryCount = dead ? 3 : static_cast<int>(m_random.bounded(4)); // 3: retries spent
        m.errorMessage = errorMessage(errorKind);
        m.errorDetails = QJsonDocument(QJsonObject{{u"attempts"_s, m.retryCount + 1},
                                                   {u"component"_s, m.targetComponent}})
                             .toJson(QJsonDocument::Compact);
    }
}

Result<qint64> DataGenerator::portMessages(qint64 count, const Progress &progress)
{
    PortMessageRepository repository(m_db);
    return writeInGroups(count, progress, [&](qint64 written, qint64 size) -> Status {
        auto stored = repository.insert(makePortMessages(written, size, count));
        return stored ? success() : Status(stored.error());
    });
}

Result<qint64> DataGenerator::checkpoints(qint64 versions, const Progress &progress)
{
    CheckpointRepository repository(m_db);
    // Each component has two checkpoints; versions go round them, each a small step on.
    QStringList names;
    for (const QString &component : components())
        names << component + u"/offsets"_s << component + u"/state"_s;
    qint64 written = 0;
    for (; written < versions; ++written) {
        const qint64 name = written % names.size();
        const qint64 step = written / names.size() + 1;
        const QString &checkpoint = names.at(name);
        const QString component = checkpoint.section(u'/', 0, 0);
        QJsonObject data{
            {u"offset"_s, step * 1000 + m_random.bounded(1000)},
            {u"watermark"_s, timeAt(written, versions).toString(Qt::ISODate)},
            {u"partitions"_s, QJsonObject{{u"p0"_s, step * 400}, {u"p1"_s, step * 390 + 7}}}};
        if (checkpoint.endsWith(u"/state"_s))
            data.insert(u"buffer"_s,
                        QJsonObject{{u"size"_s, static_cast<int>(m_random.bounded(512))},
                                    {u"mode"_s, step % 5 ? u"streaming"_s : u"catch-up"_s}});
        const QByteArray metadata =
            QJsonDocument(QJsonObject{{u"host"_s, u"worker-%1"_s.arg(name % 3 + 1)},
                                      {u"reason"_s, step % 4 ? u"periodic"_s : u"shutdown"_s}})
                .toJson(QJsonDocument::Compact);
        auto saved = repository.save(checkpoint, component,
                                     QJsonDocument(data).toJson(QJsonDocument::Compact), metadata,
                                     name % 4 == 0 ? m_span.end.addDays(30) : QDateTime());
        if (!saved)
            return saved.error();
        if (progress && (written + 1) % 100 == 0 && !progress(written + 1))
            return written + 1;
    }
    return written;
}

Result<qint64> DataGenerator::componentMetrics(qint64 points, const Progress &progress)
{
    // Each component reports four metrics in turn; values follow a daily wave with noise
    // and the occasional spike.
    static const QList<std::pair<QString, QString>> metrics{{u"throughput"_s, u"msg/s"_s},
                                                            {u"latency_ms"_s, u"ms"_s},
                                                            {u"queue_depth"_s, QString()},
                                                            {u"error_rate"_s, u"%"_s}};
    MetricsRepository repository(m_db);
    const qint64 perTick = components().size() * metrics.size();
    return writeInGroups(points, progress, [&](qint64 written, qint64 size) -> Status {
        QList<ComponentMetric> group;
        for (qint64 i = 0; i < size; ++i) {
            const qint64 index = written + i;
            const int component = static_cast<int>(index % components().size());
            const int metric = static_cast<int>(index / components().size() % metrics.size());
            const QDateTime at = timeAt(index / perTick * perTick, points);
            const double hours = at.toSecsSinceEpoch() / 3600.0;
            const double wave = 1 + 0.5 * std::sin(hours * 2 * M_PI / 24 + component);
            const double noise = m_random.bounded(1000) / 1000.0;
            const bool spike = m_random.bounded(500) == 0;
            const double value = componentMetricValue(metric, component, wave, noise, spike);
            group.append({components().at(component),
                          metrics.at(metric).first,
                          value,
                          metrics.at(metric).second,
                          {},
                          at});
        }
        return repository.insertComponentMetrics(group);
    });
}

Result<qint64> DataGenerator::portMetrics(qint64 points, const Progress &progress)
{
    MetricsRepository repository(m_db);
    QList<qint64> sent(ports().size(), 0);
    return writeInGroups(points, progress, [&](qint64 written, qint64 size) -> Status {
        QList<PortMetric> group;
        for (qint64 i = 0; i < size; ++i) {
            const qint64 index = written + i;
            const int port = static_cast<int>(index % ports().size());
            const QDateTime at = timeAt(index / ports().size() * ports().size(), points);
            sent[port] += 50 + m_random.bounded(200);
            PortMetric metric;
            metric.portName = ports().at(port);
            metric.messagesSent = sent.at(port);
            metric.messagesReceived = sent.at(port) - m_random.bounded(20);
            metric.avgSendDurationMs = 1 + m_random.bounded(400) / 100.0;
            metric.avgReceiveDurationMs = 1 + m_random.bounded(600) / 100.0;
            metric.avgMessageAgeMs = 20 + m_random.bounded(3000) / 10.0;
            metric.bufferUtilization = m_random.bounded(1000) / 1000.0;
            metric.timestamp = at;
            group.append(metric);
        }
        return repository.insertPortMetrics(group);
    });
}

Result<qint64> DataGenerator::sensorReadings(qint64 readings, const Progress &progress)
{
    MetricsRepository repository(m_db);
    return writeInGroups(readings, progress, [&](qint64 written, qint64 size) -> Status {
        QList<SensorReading> group;
        for (qint64 i = 0; i < size; ++i) {
            const qint64 index = written + i;
            const int sensor = static_cast<int>(index % 12);
            SensorReading reading;
            reading.eventId = uuidFrom(m_random);
            reading.sensorId = u"sensor_%1"_s.arg(120 + sensor); // sensor_123 is the seed's example
            reading.timestamp = timeAt(index, readings);
            reading.value =
                20 + 5 * std::sin(index / 500.0 + sensor) + m_random.bounded(100) / 100.0;
            reading.kafkaPartition = sensor % 3;
            reading.kafkaOffset = index / 3;
            // Stored by the consumer a moment later, as a live pipeline would: the consumer
            // lag reads in milliseconds, not in the days since the reading.
            reading.storedAt = reading.timestamp.addMSecs(50 + m_random.bounded(1500));
            group.append(reading);
        }
        auto stored = repository.insertSensorReadings(group);
        return stored ? success() : Status(stored.error());
    });
}

Result<qint64> DataGenerator::heartbeats(qint64 count, const Progress &progress)
{
    // Every component beats every 30 s, as a live pipeline does, up to the end (so the
    // interval each one is judged by is its own); the notifier fell silent an hour before the
    // end, and the payment gateway turned degraded for its last third of beats.
    HealthRepository repository(m_db);
    const QString stale = u"notifier"_s;
    constexpr qint64 intervalMs = 30'000;
    const qint64 perComponent = (count + components().size() - 1) / components().size();
    qint64 written = 0;
    for (qint64 index = 0; index < count; ++index) {
        const QString &component = components().at(index % components().size());
        const qint64 beat = index / components().size();
        QDateTime at = m_span.end.addMSecs(-(perComponent - beat) * intervalMs +
                                           qint64(m_random.bounded(1000)));
        if (component == stale)
            at = at.addSecs(-3600);
        const bool degraded = component == u"payment-gateway"_s && beat >= perComponent * 2 / 3;
        const QByteArray details =
            QJsonDocument(QJsonObject{{u"uptime_s"_s, uptimeSecondsAt(at)},
                                      {u"pending"_s,
                                       static_cast<int>(m_random.bounded(degraded ? 5000 : 50))}})
                .toJson(QJsonDocument::Compact);
        auto recorded =
            repository.record({component, degraded ? u"degraded"_s : u"healthy"_s, details, at});
        if (!recorded)
            return recorded.error();
        written = index + 1;
        if (progress && written % 500 == 0 && !progress(written))
            break;
    }
    return written;
}

Result<qint64> DataGenerator::componentStates(qint64 versions, const Progress &progress)
{
    // Each component's state as it runs: a position that moves on, what it holds in flight,
    // and now and then a change of mode.
    static const QStringList types{u"Source"_s, u"Transformer"_s, u"Transformer"_s,
                                   u"Sink"_s,   u"Sink"_s,        u"Splitter"_s};
    ComponentStateRepository repository(m_db);
    qint64 written = 0;
    for (; written < versions; ++written) {
        const qint64 component = written % components().size();
        const qint64 step = written / components().size() + 1;
        const QJsonObject state{
            {u"position"_s, step * 250 + m_random.bounded(250)},
            {u"processed"_s, step * 1200 + m_random.bounded(100)},
            {u"in_flight"_s, static_cast<int>(m_random.bounded(40))},
            {u"mode"_s, step % 6 ? u"running"_s : u"draining"_s},
            {u"config"_s, QJsonObject{{u"batch_size"_s, 100 * (component % 3 + 1)},
                                      {u"retries"_s, component % 2 ? 5 : 3}}}};
        auto saved = repository.save(components().at(component), types.at(component),
                                     QJsonDocument(state).toJson(QJsonDocument::Compact));
        if (!saved)
            return saved.error();
        if (progress && (written + 1) % 100 == 0 && !progress(written + 1))
            return written + 1;
    }
    return written;
}

Result<qint64> DataGenerator::sinkRows(qint64 rows, const Progress &progress)
{
    // The inventory sink stores stock changes, the notifier the e-mails it sent; a few sent
    // ones bounced.
    SinkStorageRepository repository(m_db);
    // With port messages made in the same run, each row is what a sink stored of a flow that
    // reached it: its trace id, its order, and its last hop as the cause (a journey ends there).
    qint64 written = 0;
    for (; written < rows; ++written) {
        const Delivered *flow =
            m_delivered.isEmpty() ? nullptr : &m_delivered.at(written * m_delivered.size() / rows);
        const bool inventory = flow ? flow->sink == u"inventory-sink"_s : written % 3 != 2;
        const qint64 order = flow ? flow->orderKey.section(u'-', 1).toLongLong() : 100000 + written;
        SinkStorageRow row;
        row.sinkName = inventory ? u"inventory-sink"_s : u"notifier"_s;
        row.dataType = inventory ? u"inventory_update"_s : u"email"_s;
        const QJsonObject data =
            inventory ? QJsonObject{{u"order_id"_s, order},
                                    {u"sku"_s, u"SKU-%1"_s.arg(m_random.bounded(400) + 1000)},
                                    {u"quantity"_s, -static_cast<int>(m_random.bounded(5) + 1)},
                                    {u"warehouse"_s, written % 2 ? u"north"_s : u"south"_s}}
                      : QJsonObject{{u"order_id"_s, order},
                                    {u"to"_s, u"customer%1@example.com"_s.arg(order % 997)},
                                    {u"template"_s, u"order_confirmed"_s},
                                    {u"status"_s, m_random.bounded(20) ? u"sent"_s : u"bounced"_s}};
        row.data = QJsonDocument(data).toJson(QJsonDocument::Compact);
        QJsonObject metadata{
            {u"source_port"_s, inventory ? u"inventory.updates"_s : u"notifications.email"_s},
            {u"attempt"_s, 1}};
        if (flow) {
            metadata.insert(u"trace_id"_s, flow->traceId);
            metadata.insert(u"correlation_id"_s, flow->orderKey);
            metadata.insert(u"causation_id"_s, flow->lastHopId);
        }
        row.metadata = QJsonDocument(metadata).toJson(QJsonDocument::Compact);
        row.createdAt = flow ? flow->at.addMSecs(20 + m_random.bounded(80)) : timeAt(written, rows);
        if (auto stored = repository.store(row); !stored)
            return stored.error();
        if (progress && (written + 1) % 500 == 0 && !progress(written + 1))
            return written + 1;
    }
    return written;
}

Result<qint64> DataGenerator::batchFiles(const QString &directory, qint64 files, Span span,
                                         const Progress &progress)
{
    if (QDir(directory).exists()) {
        const QStringList names = QDir(directory).entryList(QDir::Files);
        if (std::any_of(names.cbegin(), names.cend(),
                        [](const QString &name) { return batchIdFromFileName(name).has_value(); }))
            return StorageError::invalidArgument(
                u"%1 already holds batch files; generated ones start at message 1 and go into "
                "a folder of their own."_s.arg(QDir::toNativeSeparators(directory)));
    }
    BatchFileWriter::Options options;
    options.maxGroupMessages = 10000; // one fsync per 1,000 files
    options.maxGroupDelay = std::chrono::hours(1);
    auto writer = BatchFileWriter::open(directory, options);
    if (!writer)
        return writer.error();
    const qint64 messages = files * batchFileCapacity;
    const qint64 spanMs = qint64(span.days) * 86400 * 1000;
    for (qint64 n = 1; n <= messages; ++n) {
        // Evenly over the span, the last one at its end.
        const QDateTime at = span.end.addMSecs(-spanMs + spanMs * n / messages);
        const BatchMessage message{n, at,
                                   "this is Message N\xc2\xb0 " + QByteArray::number(n) +
                                       " being posted into Redis"};
        if (auto appended = (*writer)->append(message); !appended)
            return appended.error();
        if (n % 10000 == 0 && progress && !progress(n)) { // stopped: keep what was written
            if (auto committed = (*writer)->commit(); !committed)
                return committed.error();
            return n;
        }
    }
    if (auto committed = (*writer)->commit(); !committed)
        return committed.error();
    return messages;
}

} // namespace porthole
