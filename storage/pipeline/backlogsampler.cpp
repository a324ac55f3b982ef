#include "backlogsampler.h"

#include "fallbacktable.h"
#include "mapredis.h"
#include "portmessagerepository.h"
#include "redisclient.h"
#include "redisclusterscan.h"
#include "redissource.h"
#include "streambrowser.h"

#include <QDeadlineTimer>
#include <QMap>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int keysPerScan = 1000;

std::optional<qint64> known(qint64 figure)
{
    return figure >= 0 ? std::optional<qint64>(figure) : std::nullopt;
}

BacklogSample sampleOf(BacklogKind kind, const QString &source, const QString &group,
                       const QDateTime &slot)
{
    BacklogSample sample;
    sample.key = {kind, source, group.isNull() ? u""_s : group};
    sample.slot = slot;
    return sample;
}

// Each consumer group the pipeline map finds, with its stream's length and entries added.
Status sampleGroups(RedisClient &client, const MapReceiver &receiver, const QDateTime &now,
                    const QDeadlineTimer &deadline, const BacklogSamplerOptions &options,
                    BacklogSampling *sampling)
{
    auto map = readMapRedis(client, receiver, now, {}, deadline, options.maxKeys);
    if (!map)
        return map.error();
    sampling->complete = sampling->complete && map->complete;
    const QDateTime slot = backlogSlot(now, options.interval);
    QMap<QString, StreamInfo> streams; // of the groups' streams, read once each
    for (const MapGroup &group : std::as_const(map->groups)) {
        if (!streams.contains(group.stream)) {
            if (deadline.hasExpired()) {
                sampling->complete = false;
                break;
            }
            auto info = readStreamInfo(client, group.stream.toUtf8());
            if (!info)
                return info.error();
            streams.insert(group.stream, *info);
        }
        const StreamInfo &stream = streams.value(group.stream);
        BacklogSample sample = sampleOf(BacklogKind::Group, group.stream, group.group, slot);
        sample.lag = known(group.lag);
        sample.lastDelivered = group.lastDeliveredId;
        sample.pending = group.pending;
        sample.oldestMs = group.oldestIdleMs >= 0 ? group.oldestIdleMs : 0;
        sample.consumers = group.consumerCount;
        sample.entriesAdded = known(stream.entriesAdded);
        sample.length = stream.length;
        sampling->samples.append(sample);
    }
    return success();
}

// The list queues: the receiver's list, and every list that has processing lists, each with
// the processing lists found (SCAN ... MATCH *:processing:* TYPE list, bounded).
Result<QMap<QByteArray, QList<QByteArray>>>
findListQueues(RedisClient &client, const MapReceiver &receiver, const QDeadlineTimer &deadline,
               const BacklogSamplerOptions &options, bool *complete)
{
    QMap<QByteArray, QList<QByteArray>> queues;
    if (receiver.type == u"list"_s && !receiver.key.isEmpty())
        queues.insert(receiver.key.toUtf8(), {});
    QByteArray cursor = "0";
    qint64 looked = 0;
    do {
        if (looked >= options.maxKeys || deadline.hasExpired()) {
            *complete = false;
            break;
        }
        auto step = scanAllNodes(
            client, cursor,
            {"MATCH", "*:processing:*", "COUNT", QByteArray::number(keysPerScan), "TYPE", "list"});
        if (!step)
            return step.error();
        cursor = step->cursor;
        for (const QByteArray &key : std::as_const(step->keys))
            if (const QByteArray queue = queueOfProcessingList(key); !queue.isEmpty())
                queues[queue].append(key);
        looked += keysPerScan;
    } while (cursor != "0");
    return queues;
}

// Each list queue's length and its processing lists' together (LLEN, one round trip).
Status sampleLists(RedisClient &client, const MapReceiver &receiver, const QDateTime &now,
                   const QDeadlineTimer &deadline, const BacklogSamplerOptions &options,
                   BacklogSampling *sampling)
{
    auto queues = findListQueues(client, receiver, deadline, options, &sampling->complete);
    if (!queues)
        return queues.error();
    if (queues->isEmpty())
        return success();
    QList<QList<QByteArray>> commands;
    for (auto it = queues->cbegin(); it != queues->cend(); ++it) {
        commands << QList<QByteArray>{"LLEN", it.key()};
        for (const QByteArray &processing : it.value())
            commands << QList<QByteArray>{"LLEN", processing};
    }
    auto replies = client.pipeline(commands);
    if (!replies)
        return replies.error();
    const QDateTime slot = backlogSlot(now, options.interval);
    qsizetype at = 0;
    for (auto it = queues->cbegin(); it != queues->cend(); ++it) {
        // An error: the key holds something else now; nothing to say of it.
        const RedisReply &length = replies->at(at++);
        qint64 processing = 0;
        for (qsizetype i = 0; i < it.value().size(); ++i, ++at)
            if (!replies->at(at).isError())
                processing += replies->at(at).integer;
        if (length.isError())
            continue;
        BacklogSample sample =
            sampleOf(BacklogKind::List, QString::fromUtf8(it.key()), QString(), slot);
        sample.length = length.integer;
        sample.processing = processing;
        sampling->samples.append(sample);
    }
    return success();
}

Result<qint64> countOf(const PortMessageRepository &repository, const QString &port,
                       const QString &status, qint64 countUpTo)
{
    PortMessageFilter filter;
    filter.ports = {port};
    filter.statuses = {status};
    auto counted = repository.count(filter, countUpTo);
    if (!counted)
        return counted.error();
    return counted->value;
}

// One port's counts and its oldest pending row's age.
Result<BacklogSample> samplePort(const PortMessageRepository &repository, const QString &port,
                                 const QDateTime &now, const BacklogSamplerOptions &options)
{
    BacklogSample sample =
        sampleOf(BacklogKind::Port, port, QString(), backlogSlot(now, options.interval));
    for (const auto &[status, figure] :
         {std::pair{u"pending"_s, &BacklogSample::pending},
          std::pair{u"processing"_s, &BacklogSample::processing},
          std::pair{u"failed"_s, &BacklogSample::failed},
          std::pair{u"dead_letter"_s, &BacklogSample::deadLetters}}) {
        auto counted = countOf(repository, port, status, options.countUpTo);
        if (!counted)
            return counted.error();
        sample.*figure = *counted;
    }
    PortMessageFilter pending;
    pending.ports = {port};
    pending.statuses = {u"pending"_s};
    auto oldest = repository.oldestCreated(pending);
    if (!oldest)
        return oldest.error();
    sample.oldestMs = oldest->isValid() ? std::max<qint64>(oldest->msecsTo(now), 0) : 0;
    return sample;
}

Status samplePorts(const QSqlDatabase &db, const QDateTime &now, const QDeadlineTimer &deadline,
                   const BacklogSamplerOptions &options, BacklogSampling *sampling)
{
    if (!hasTable(db, u"port_messages"_s))
        return success(); // a database without the pipeline's ports
    const PortMessageRepository repository(db);
    auto ports = repository.ports();
    if (!ports)
        return ports.error();
    for (const QString &port : std::as_const(*ports)) {
        if (deadline.hasExpired()) {
            sampling->complete = false;
            break;
        }
        auto sample = samplePort(repository, port, now, options);
        if (!sample)
            return sample.error();
        sampling->samples.append(*sample);
    }
    return success();
}

} // namespace

BacklogSampler::BacklogSampler(QSqlDatabase db, RedisClient *redis, BacklogSamplerOptions options)
    : m_db(std::move(db))
    , m_redis(redis)
    , m_options(options)
{}

BacklogSampling BacklogSampler::sample(const QDateTime &now,
                                       const std::optional<BacklogReceiver> &receiver) const
{
    const QDateTime at = now.toUTC();
    const QDeadlineTimer deadline(m_options.budget);
    const MapReceiver reading = receiver ? receiver->reads : MapReceiver{};
    BacklogSampling sampling;
    if (m_redis) {
        if (Status read = sampleGroups(*m_redis, reading, at, deadline, m_options, &sampling);
            !read)
            sampling.problems << u"consumer groups: "_s + read.errorMessage();
        if (Status read = sampleLists(*m_redis, reading, at, deadline, m_options, &sampling); !read)
            sampling.problems << u"list queues: "_s + read.errorMessage();
    }
    if (m_db.isValid())
        if (Status read = samplePorts(m_db, at, deadline, m_options, &sampling); !read)
            sampling.problems << u"ports: "_s + read.errorMessage();
    if (receiver && !reading.key.isEmpty()) {
        BacklogSample sample = sampleOf(BacklogKind::Receiver, reading.key, reading.consumer,
                                        backlogSlot(at, m_options.interval));
        sample.stored = receiver->stored;
        sample.acknowledged = receiver->acknowledged;
        sample.deadLetters = receiver->deadLettered;
        sampling.samples.append(sample);
    }
    return sampling;
}

} // namespace porthole
