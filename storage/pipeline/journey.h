#pragma once

#include "portmessagerepository.h"
#include "sinkstoragerepository.h"
#include "storageerror.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace porthole {

// The keys of port_messages.message_metadata that tie a message's records together across
// the pipeline (docs/DATABASE.md, "Correlation"). A pipeline that names them otherwise
// changes the setting (journey/keys and journey/causeKeys), not the code. A key is letters,
// digits and underscores; its value is read as text.
struct CorrelationKeys
{
    // A row that shares a value of one of these with a row of a journey is part of it.
    QStringList shared{QStringLiteral("trace_id"), QStringLiteral("correlation_id"),
                       QStringLiteral("message_id")};
    // A row whose value of one of these is the id (or message_id) of a row of a journey was
    // caused by it, and is part of it: the next hop.
    QStringList cause{QStringLiteral("causation_id"), QStringLiteral("parent_id")};
    // The key whose value names one port message of the pipeline's own, beside its id.
    QString messageId = QStringLiteral("message_id");

    // Keys from a setting's text ("trace_id, correlation_id"); an error names a bad key.
    static Result<QStringList> parseList(const QString &text);
    // shared, then cause, each once.
    QStringList all() const;

    friend bool operator==(const CorrelationKeys &, const CorrelationKeys &) = default;
};

// One port message of a journey: a hop from its source_component to its target_component on
// its port, and what is wrong at it.
struct JourneyHop
{
    enum class Trouble
    {
        None,
        DeadEnd,     // a dead letter, or failed with its retries spent: nothing follows
        Overdue,     // pending or processing for longer than its port usually takes
        MissingNext, // completed long ago, and no hop followed where its target usually sends
    };

    PortMessage message;
    QString causeId;            // the hop of this journey that caused it; empty: none (its start)
    bool causeInferred = false; // no cause key named it: the last hop into its source before it
    Trouble trouble = Trouble::None;
    QString troubleText;     // for a person, with the figures behind it
    qint64 usualWaitMs = -1; // the port's median from created to processed; -1: not known

    QString value(const QString &key) const; // a key of its metadata, as text; empty: none
};

// A change an operator made to a hop (port_message_history, with its audit entry).
struct JourneyAction
{
    QString messageId;
    QDateTime at;   // UTC
    QString change; // replay, edit, move, purge or restore
    QString actor;
    qint64 auditId = 0;
};

// One consumer group's hold on a stream entry of the journey, as the Redis server tells it now.
struct JourneyEntryGroup
{
    enum class State
    {
        NotDelivered, // after the group's last delivered id: no consumer has read it yet
        Pending,      // delivered, not acknowledged
        Acknowledged, // delivered and acknowledged (or its pending entry removed)
    };

    QString group;
    State state = State::NotDelivered;
    QString consumer;      // Pending: the consumer that holds it
    qint64 deliveries = 0; // Pending: how often Redis has delivered it
    qint64 idleMs = 0;     // Pending: since its last delivery
};

// Where a record of the journey came into the store: the delivery the ingest worker took from
// Redis (its ingest_deliveries row, or the receiver's messages row that holds its key) and
// what it became; with the Redis entry as the server holds it now, when one was asked.
struct JourneyReceipt
{
    QString deliveryKey; // "stream:{key}:{entry id}", "list:...", "pubsub:..." (docs/DATABASE.md)
    QString storedId;    // the row it became: a port message's id, a sensor event's id; the
                         // messages row's id; empty: not known
    QString table;       // port_messages, processed_events, messages, or a batch file line;
                         // empty: nothing is stored under its key
    QDateTime storedAt;  // UTC; invalid: not known
    qint64 batch = -1;   // the batch file that holds it (its number); -1: none
    qint64 line = -1;    // its line in that file (from 1); -1: not known
    qint64 number = -1;  // the receiver's message_number (a messages row); -1: not one

    bool fileRead = false;  // whether its batch file was read (a batch-file sink's line)
    bool lineFound = false; // the batch file holds its line

    bool redisRead = false; // whether the Redis entry below was read
    bool inStream = false;  // the entry is still in its stream (not trimmed or deleted)
    QList<JourneyEntryGroup> groups;
    QString gap; // for a person: what should be there and is not; empty: nothing missing

    QString stream() const;  // the Redis key of a stream delivery; empty: not one
    QString entryId() const; // its entry id; empty: not a stream delivery
};

struct Journey
{
    QString query;                  // the id asked for
    QStringList matchedBy;          // how it was found: "id", "metadata trace_id", ...
    QList<JourneyHop> hops;         // by created_at: a cause before what it caused
    QList<JourneyAction> actions;   // by time
    QList<JourneyReceipt> receipts; // the asked delivery's first, then the hops' by time
    QList<SinkStorageRow> sinkRows; // where sinks stored it (sink_storage), by time
    bool truncated = false;         // more rows share its keys than a journey holds
    QString redisProblem; // why its stream entries could not be read; empty: read, or not asked

    bool isEmpty() const { return hops.isEmpty() && receipts.isEmpty() && sinkRows.isEmpty(); }
    const JourneyHop *hop(const QString &id) const;
    const JourneyReceipt *receipt(const QString &deliveryKey) const; // the first with it
    const SinkStorageRow *sinkRow(const QString &id) const;
};

// The journey as JSON (`porthole trace --json`, docs/CLI.md): its hops, each with its row as
// port_message_history keeps one, and the operators' changes.
QJsonObject journeyJson(const Journey &journey);
// A sink_storage row of a journey as JSON: its id, sink, data_type, created_at, data and
// metadata (the JSON as stored, parsed).
QJsonObject sinkRowJson(const SinkStorageRow &row);
// "dead end", "overdue", "missing next hop", or empty.
QString troubleName(JourneyHop::Trouble trouble);

// Builds a message's journey from the database, every lookup through an index (migration 21).
class JourneyReader
{
public:
    explicit JourneyReader(QSqlDatabase db, CorrelationKeys keys = {});

    // The journey of the port message with this id, or of the rows whose correlation keys
    // hold it (a trace id, a correlation id, a message id), or of the delivery with this key
    // (what it became, or that nothing did); its troubles as they stand at `now` (UTC). At most
    // `limit` hops: more makes it truncated. Empty when nothing holds it.
    Result<Journey> read(const QString &id, const QDateTime &now, int limit = 500) const;

    // The SQL expression of a metadata key, as migration 21 indexes it for the default keys.
    static QString keyExpression(SqlEngine engine, const QString &key);
    // A hop is overdue, or its next hop missing, after this long with its port's usual wait
    // (median from created to processed; -1: not known): three times it, at least 10 s, or
    // 5 minutes when not known.
    static qint64 overdueAfterMs(qint64 usualWaitMs);

private:
    // What a lookup asks: rows whose `key` ("id", or a metadata key) holds one of the values.
    using Asked = QHash<QString, QSet<QString>>;

    Status gather(const QString &id, int limit, Journey *journey) const;
    // What a row found leads to: its shared keys' values, what its cause keys name (by id or
    // message id), and the rows that name it as their cause.
    void follow(const PortMessage &message, Asked *wanted) const;
    // What of `wanted` is not yet in `asked` (and could name a row), added to it.
    Asked newQuestions(const Asked &wanted, Asked *asked) const;
    void linkCauses(Journey *journey) const;
    Status readActions(Journey *journey) const;
    // The sink_storage rows that share a shared key's value with a hop, or name a hop as
    // their cause.
    Status readSinkRows(Journey *journey) const;
    // The journey of a sink_storage row with this id: the hops its metadata's keys lead to,
    // and the row.
    Status gatherFromSinkRow(const QString &id, int limit, Journey *journey) const;
    Status findTroubles(Journey *journey, const QDateTime &now) const;
    Result<qint64> usualWaitMs(const QString &port) const;
    Result<QString> sendsOn(const QString &component) const;

    QSqlDatabase m_db;
    SqlEngine m_engine;
    CorrelationKeys m_keys;
};

} // namespace porthole
