#include "workerhealth.h"

#include <QCoreApplication>
#include <QJsonValue>
#include <QSysInfo>
#include <QtNumeric>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QJsonValue knownOrNull(qint64 value)
{
    return value >= 0 ? QJsonValue(double(value)) : QJsonValue();
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

qint64 count(const QJsonObject &object, QLatin1StringView key, qint64 fallback)
{
    const QJsonValue value = object.value(key);
    return value.isDouble() ? qint64(value.toDouble()) : fallback;
}

// Prometheus text format 0.0.4.

QByteArray sampleValue(double value)
{
    if (qIsNaN(value))
        return "NaN";
    if (qIsInf(value))
        return value > 0 ? "+Inf" : "-Inf";
    return QByteArray::number(value, 'g', 15);
}

class Exposition
{
public:
    void family(const char *name, const char *type, const char *help)
    {
        m_text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        m_text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
    void sample(const char *name, double value, const QByteArray &labels = {})
    {
        m_text.append(name);
        if (!labels.isEmpty())
            m_text.append('{').append(labels).append('}');
        m_text.append(' ').append(sampleValue(value)).append('\n');
    }
    void metric(const char *name, const char *type, const char *help, double value)
    {
        family(name, type, help);
        sample(name, value);
    }
    QByteArray text() const { return m_text; }

private:
    QByteArray m_text;
};

} // namespace

QByteArray prometheusLabelValue(const QString &text)
{
    QByteArray out;
    for (const char c : text.toUtf8()) {
        if (c == '\\')
            out.append("\\\\");
        else if (c == '"')
            out.append("\\\"");
        else if (c == '\n')
            out.append("\\n");
        else
            out.append(c);
    }
    return out;
}

QString ingestStateId(IngestState state)
{
    switch (state) {
    case IngestState::Stopped:
        return u"stopped"_s;
    case IngestState::Connecting:
        return u"connecting"_s;
    case IngestState::Running:
        return u"running"_s;
    case IngestState::Paused:
        return u"paused"_s;
    case IngestState::Reconnecting:
        return u"reconnecting"_s;
    case IngestState::WaitingForSink:
        return u"waiting_for_store"_s;
    case IngestState::Stopping:
        return u"stopping"_s;
    case IngestState::Failed:
        return u"failed"_s;
    case IngestState::Stalled:
        return u"stalled"_s;
    }
    return {};
}

const QList<IngestState> &ingestStates()
{
    static const QList<IngestState> states{
        IngestState::Stopped,  IngestState::Connecting,   IngestState::Running,
        IngestState::Paused,   IngestState::Reconnecting, IngestState::WaitingForSink,
        IngestState::Stopping, IngestState::Failed,       IngestState::Stalled,
    };
    return states;
}

std::optional<IngestState> ingestStateFromId(QStringView id)
{
    for (const IngestState state : ingestStates()) {
        if (ingestStateId(state) == id)
            return state;
    }
    return std::nullopt;
}

QString WorkerHealth::redisConnection(IngestState state)
{
    switch (state) {
    case IngestState::Connecting:
        return u"connecting"_s;
    case IngestState::Reconnecting:
        return u"reconnecting"_s;
    case IngestState::Stopped:
    case IngestState::Failed:
        return u"down"_s;
    case IngestState::Running:
    case IngestState::Paused:
    case IngestState::WaitingForSink:
    case IngestState::Stopping:
    case IngestState::Stalled:
        break;
    }
    return u"up"_s;
}

QString WorkerHealth::databaseConnection(IngestState state)
{
    switch (state) {
    case IngestState::Connecting:
        return u"connecting"_s;
    case IngestState::WaitingForSink:
        return u"waiting"_s;
    case IngestState::Stopped:
    case IngestState::Failed:
        return u"down"_s;
    case IngestState::Running:
    case IngestState::Paused:
    case IngestState::Reconnecting:
    case IngestState::Stopping:
    case IngestState::Stalled:
        break;
    }
    return u"up"_s;
}

WorkerHealth WorkerHealth::ofThisProcess(const IngestStats &stats)
{
    WorkerHealth health;
    health.stats = stats;
    health.host = QSysInfo::machineHostName();
    health.version = QStringLiteral(PORTHOLE_VERSION);
    return health;
}

QJsonObject WorkerHealth::toJson() const
{
    const bool stream = mode == u"stream"_s;
    return QJsonObject{
        {u"state"_s, ingestStateId(stats.state)},
        {u"state_text"_s, ingestStateName(stats.state)},
        {u"redis"_s, redisConnection(stats.state)},
        {u"database"_s, databaseConnection(stats.state)},
        {u"rate_per_second"_s, stats.ratePerSecond},
        {u"received"_s, double(stats.received)},
        {u"stored"_s, double(stats.stored)},
        {u"acknowledged"_s, double(stats.acknowledged)},
        {u"dead_letters"_s, double(stats.deadLettered)},
        {u"duplicates"_s, double(stats.duplicates)},
        {u"lost_at_source"_s, double(stats.lostAtSource)},
        {u"source_resets"_s, double(stats.sourceResets)},
        {u"pending"_s, knownOrNull(stats.pending)},
        {u"stream_length"_s, knownOrNull(stats.length)},
        {u"oldest_pending_age_ms"_s, knownOrNull(stats.oldestPendingAgeMs)},
        {u"at_most_once"_s, stats.atMostOnce},
        {u"last_error"_s, textOrNull(stats.lastError)},
        {u"last_error_at"_s, stats.lastErrorAt.isValid()
                                 ? QJsonValue(stats.lastErrorAt.toUTC().toString(Qt::ISODate))
                                 : QJsonValue()},
        {u"source"_s, stats.source},
        {u"sink"_s, stats.sink},
        {u"mode"_s, mode},
        {u"key"_s, key},
        {u"group"_s, stream ? QJsonValue(group) : QJsonValue()},
        {u"consumer"_s, consumer},
        {u"host"_s, host},
        {u"version"_s, version},
        {u"started_at"_s, startedAt.toUTC().toString(Qt::ISODate)},
        {u"uptime_seconds"_s, double(uptimeSeconds)},
    };
}

std::optional<WorkerHealth> WorkerHealth::fromJson(const QJsonObject &object, QString *error)
{
    const auto state = ingestStateFromId(object.value("state"_L1).toString());
    if (!state) {
        *error = object.contains("state"_L1)
                     ? QCoreApplication::translate("porthole::WorkerHealth",
                                                   "it reports the unknown state \"%1\"")
                           .arg(object.value("state"_L1).toString())
                     : QCoreApplication::translate("porthole::WorkerHealth",
                                                   "its answer has no \"state\"");
        return std::nullopt;
    }
    if (!object.value("stored"_L1).isDouble() || !object.value("rate_per_second"_L1).isDouble()) {
        *error = QCoreApplication::translate("porthole::WorkerHealth",
                                             "its answer has no \"stored\" count or no rate");
        return std::nullopt;
    }
    WorkerHealth health;
    IngestStats &stats = health.stats;
    stats.state = *state;
    stats.received = count(object, "received"_L1, 0);
    stats.stored = count(object, "stored"_L1, 0);
    stats.acknowledged = count(object, "acknowledged"_L1, 0);
    stats.deadLettered = count(object, "dead_letters"_L1, 0);
    stats.duplicates = count(object, "duplicates"_L1, 0);
    stats.lostAtSource = count(object, "lost_at_source"_L1, 0);
    stats.sourceResets = count(object, "source_resets"_L1, 0);
    stats.ratePerSecond = object.value("rate_per_second"_L1).toDouble();
    stats.pending = count(object, "pending"_L1, -1);
    stats.length = count(object, "stream_length"_L1, -1);
    stats.oldestPendingAgeMs = count(object, "oldest_pending_age_ms"_L1, -1);
    stats.atMostOnce = object.value("at_most_once"_L1).toBool();
    stats.lastError = object.value("last_error"_L1).toString();
    stats.lastErrorAt =
        QDateTime::fromString(object.value("last_error_at"_L1).toString(), Qt::ISODate);
    stats.source = object.value("source"_L1).toString();
    stats.sink = object.value("sink"_L1).toString();
    health.mode = object.value("mode"_L1).toString();
    health.key = object.value("key"_L1).toString();
    health.group = object.value("group"_L1).toString();
    health.consumer = object.value("consumer"_L1).toString();
    health.host = object.value("host"_L1).toString();
    health.version = object.value("version"_L1).toString();
    health.startedAt = QDateTime::fromString(object.value("started_at"_L1).toString(), Qt::ISODate);
    health.uptimeSeconds = count(object, "uptime_seconds"_L1, 0);
    return health;
}

QByteArray WorkerHealth::toPrometheusText() const
{
    const IngestStats &s = stats;
    Exposition out;
    out.metric("porthole_ingest_received_total", "counter", "Deliveries taken from Redis.",
               double(s.received));
    out.metric("porthole_ingest_stored_total", "counter", "Messages stored for the first time.",
               double(s.stored));
    out.metric("porthole_ingest_acknowledged_total", "counter",
               "Deliveries acknowledged to Redis after they were durable.", double(s.acknowledged));
    out.metric("porthole_ingest_dead_letters_total", "counter",
               "Payloads kept as dead letters, with the reason.", double(s.deadLettered));
    out.metric("porthole_ingest_duplicates_total", "counter",
               "Deliveries that were stored before: nothing written.", double(s.duplicates));
    out.metric("porthole_ingest_lost_at_source_total", "counter",
               "Stream entries the producer trimmed before they were acknowledged.",
               double(s.lostAtSource));
    out.metric("porthole_ingest_source_resets_total", "counter",
               "Times the stream or its group was gone and made again: Redis lost what it held.",
               double(s.sourceResets));
    out.metric("porthole_ingest_rate_per_second", "gauge",
               "Messages stored, found duplicate or dead-lettered a second, over the last second.",
               s.ratePerSecond);
    out.family("porthole_ingest_pending", "gauge",
               "Entries delivered to the group and not yet acknowledged; absent until known.");
    if (s.pending >= 0)
        out.sample("porthole_ingest_pending", double(s.pending));
    out.family("porthole_ingest_stream_length", "gauge",
               "Entries in the stream or list; absent until known.");
    if (s.length >= 0)
        out.sample("porthole_ingest_stream_length", double(s.length));
    out.family("porthole_ingest_oldest_pending_age_seconds", "gauge",
               "Age of the oldest pending entry; absent when none is pending or it is not known.");
    if (s.oldestPendingAgeMs >= 0)
        out.sample("porthole_ingest_oldest_pending_age_seconds",
                   double(s.oldestPendingAgeMs) / 1000);
    out.family("porthole_ingest_state", "gauge",
               "The worker's state: 1 for the state it is in, 0 for the others.");
    for (const IngestState state : ingestStates())
        out.sample("porthole_ingest_state", state == s.state ? 1 : 0,
                   "state=\"" + prometheusLabelValue(ingestStateId(state)) + '"');
    const bool up = s.state == IngestState::Running || s.state == IngestState::Paused;
    out.metric("porthole_ingest_up", "gauge",
               "1 when the worker is connected to Redis and its store (running or paused).",
               up ? 1 : 0);
    out.family("porthole_ingest_last_error_timestamp_seconds", "gauge",
               "When the last error happened (Unix time); absent when there was none.");
    if (s.lastErrorAt.isValid())
        out.sample("porthole_ingest_last_error_timestamp_seconds",
                   double(s.lastErrorAt.toMSecsSinceEpoch()) / 1000);
    out.metric("porthole_ingest_start_time_seconds", "gauge",
               "When the worker started (Unix time).",
               double(startedAt.toMSecsSinceEpoch()) / 1000);
    out.family("porthole_ingest_info", "gauge", "The worker's version, source and consumer.");
    out.sample("porthole_ingest_info", 1,
               "version=\"" + prometheusLabelValue(version) + "\",mode=\"" +
                   prometheusLabelValue(mode) + "\",key=\"" + prometheusLabelValue(key) +
                   "\",group=\"" + prometheusLabelValue(group) + "\",consumer=\"" +
                   prometheusLabelValue(consumer) + '"');
    return out.text();
}

} // namespace porthole
