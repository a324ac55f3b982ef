#pragma once

#include "storageerror.h"

#include <QDateTime>
#include <QHashFunctions>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>

#include <chrono>
#include <optional>

namespace porthole {

// What a backlog is (docs/DATABASE.md, backlog_samples).
enum class BacklogKind
{
    Group,    // a consumer group of a stream: source the stream, group the group
    List,     // a list used as a reliable queue: source the list
    Port,     // a port of port_messages: source the port
    Receiver, // the receiver's own totals: source its stream or list, group its consumer
};

// "group", "list", "port", "receiver": as the table's kind column has them.
QString backlogKindName(BacklogKind kind);
std::optional<BacklogKind> backlogKindOf(const QString &name);

// One backlog, as its samples are keyed.
struct BacklogKey
{
    BacklogKind kind = BacklogKind::Port;
    QString source;
    QString group; // empty when the kind has none

    friend bool operator==(const BacklogKey &, const BacklogKey &) = default;
    friend size_t qHash(const BacklogKey &key, size_t seed = 0)
    {
        return qHashMulti(seed, int(key.kind), key.source, key.group);
    }
};

// One backlog's figures in one sampling slot; a figure its kind does not have is none.
struct BacklogSample
{
    BacklogKey key;
    QDateTime slot;                     // UTC, the sample's time floored to the sampling interval
    std::optional<qint64> lag;          // group: entries not yet delivered to it
    std::optional<qint64> pending;      // group: delivered, unacknowledged; port: pending rows
    std::optional<qint64> oldestMs;     // group: the oldest pending entry's idle time; port: the
                                        // oldest pending row's age; 0 when none is pending
    std::optional<qint64> consumers;    // group
    std::optional<qint64> entriesAdded; // group: its stream's entries ever added (XINFO STREAM)
    std::optional<qint64> length;       // group: its stream's length; list: its length
    std::optional<qint64> processing;   // list: its processing lists' lengths; port: rows taken
    std::optional<qint64> failed;       // port
    std::optional<qint64> deadLetters;  // port: rows dead-lettered; receiver: its dead letters
    std::optional<qint64> stored;       // receiver: stored since it started
    std::optional<qint64> acknowledged; // receiver: acknowledged since it started
    QString lastDelivered; // group: its last-delivered-id ("1700000000000-0"); empty: not known

    friend bool operator==(const BacklogSample &, const BacklogSample &) = default;
};

// The slot of a sample taken at `time` every `interval`: the time floored to a multiple of the
// interval since the epoch, in UTC. Samplers with one interval agree on it, whenever each runs.
QDateTime backlogSlot(const QDateTime &time, std::chrono::seconds interval);

// The backlog history in backlog_samples, written by the samplers and read by the trends.
// Uses `db` on the calling thread only.
class BacklogHistory
{
public:
    explicit BacklogHistory(QSqlDatabase db);

    // Writes the samples in one transaction; a backlog's slot already sampled (by another
    // sampler on the database, or a second time) is left as it is: INSERT ... ON CONFLICT DO
    // NOTHING on the table's unique key. Returns the rows written.
    Result<qint64> write(const QList<BacklogSample> &samples);
    // One backlog's samples with from <= slot < to, oldest first, at most `limit`.
    Result<QList<BacklogSample>> series(const BacklogKey &key, const QDateTime &from,
                                        const QDateTime &to, int limit) const;
    // Every backlog's samples with from <= slot < to, in no order, at most `limit`: what the
    // trends of the last hour read at once (backlogtrend.h), over the slot's index. Only the
    // backlogs that have a size (not the receiver's totals), with only the figures a size is
    // made of (lag, pending, length, processing).
    Result<QList<BacklogSample>> sizeSamples(const QDateTime &from, const QDateTime &to,
                                             qint64 limit) const;
    // The backlogs sampled with from <= slot < to, by kind, source and group, at most `limit`.
    Result<QList<BacklogKey>> backlogs(const QDateTime &from, const QDateTime &to, int limit) const;

private:
    QSqlDatabase m_db;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::BacklogSample)
