#include "oversizedentry.h"
#include "redissourcemodes.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QSet>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace porthole::redissource {

namespace {

constexpr QByteArrayView GroupMarkerPrefix("porthole:group:");

QByteArray groupMarker(const QString &groupId)
{
    return GroupMarkerPrefix.toByteArray() + groupId.toUtf8();
}

// --- List as a reliable queue ------------------------------------------------------------

// Every change the list source makes, fenced: it runs only for the connection that opened the
// processing list last (KEYS[3] holds that connection's number), so that a command of a
// connection given up long ago (delayed in the network, or waiting in a stopped server) changes
// nothing when it finally runs. Without the fence, a late move put an element into the
// processing list after the new connection had read it, and the next acknowledgement deleted
// that element unstored; a late acknowledgement deleted a group not yet stored.
// KEYS: the list, the processing list, the fence. ARGV: the connection's number, the
// operation, its arguments.
constexpr QByteArrayView ListScript = R"lua(
if redis.call('GET', KEYS[3]) ~= ARGV[1] then
  return redis.error_reply('STALE a newer connection took over the processing list')
end
local operation = ARGV[2]
if operation == 'move' then
  -- up to ARGV[3] elements, oldest first; the group's marker ARGV[4] at the oldest end
  local moved = {}
  for i = 1, tonumber(ARGV[3]) do
    local element = redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT')
    if not element then
      break
    end
    moved[i] = element
  end
  if #moved > 0 then
    redis.call('RPUSH', KEYS[2], ARGV[4])
  end
  return moved
elseif operation == 'mark' then
  return redis.call('RPUSH', KEYS[2], ARGV[3])
elseif operation == 'acknowledge' then
  return redis.call('DEL', KEYS[2])
end
return redis.error_reply('ERR unknown operation ' .. operation)
)lua";

class ListSource final : public RedisSource
{
public:
    explicit ListSource(RedisSourceOptions options)
        : RedisSource(Mode::List, std::move(options))
        , m_key(m_options.key.toUtf8())
        , m_processing(processingListName(m_key, m_options.consumer.toUtf8()))
        , m_fence(m_processing + ":connection")
    {}

    Status open() override;
    Result<SourceFetch> fetch() override;
    Status acknowledge(const QList<Delivery> &stored) override;
    Result<SourceStats> stats() override;

private:
    Delivery makeDelivery(qsizetype position, const QByteArray &payload,
                          const QDateTime &now) const;
    // Runs ListScript's operation for this connection.
    Result<RedisReply> change(const QString &doing, const QList<QByteArray> &operation);
    // After the processing list was too large to read in one answer: reads it one element at
    // a time, oldest first, with a dead letter for an element too large even alone.
    Result<QList<Delivery>> readAlone();
    // Moves up to `count` elements into the processing list as a new group.
    Result<QList<QByteArray>> move(const QString &groupId);

    QByteArray m_key;
    QByteArray m_processing;
    QByteArray m_fence;             // the number of the connection that may change the lists
    QByteArray m_connection;        // this connection's number, from open()
    QString m_groupId;              // empty: the processing list holds no marker yet
    QList<Delivery> m_recovered;    // found at open(), not yet returned by fetch()
    QList<QString> m_notices;       // for the fetch that returns m_recovered
    QSet<QString> m_unacknowledged; // keys returned by fetch() and not yet acknowledged
    QElapsedTimer m_heldSince;
};

Delivery ListSource::makeDelivery(qsizetype position, const QByteArray &payload,
                                  const QDateTime &now) const
{
    Delivery delivery;
    delivery.key = u"list:"_s + m_options.key + u':' + m_groupId + u':' + QString::number(position);
    delivery.source = m_options.key;
    delivery.payload = payload;
    delivery.receivedAt = now;
    return delivery;
}

Result<RedisReply> ListSource::change(const QString &doing, const QList<QByteArray> &operation)
{
    auto reply = m_client.evalScript(ListScript, {m_key, m_processing, m_fence},
                                     QList<QByteArray>{m_connection} + operation);
    if (!reply)
        return failure(reply.error(), doing);
    if (reply->isError() && reply->text.startsWith("STALE")) {
        // Another open() came after this one: this connection must not touch the lists.
        m_client.disconnect();
        return StorageError{
            StorageError::Kind::ConnectionLost,
            u"Cannot %1 %2: another connection took over its processing list since this one "
            "opened it: this worker's own, after a connection it gave up, or a second worker "
            "with the same consumer name (give each worker its own). Connecting again; nothing "
            "is lost."_s.arg(doing, describe())};
    }
    if (reply->isError())
        return refused(*reply, doing);
    return reply;
}

Status ListSource::open()
{
    m_groupId.clear();
    m_recovered.clear();
    m_unacknowledged.clear();
    m_connection.clear();
    if (const Status connected = connect(); !connected)
        return connected;

    // This connection's number first: from now on, a command of an older connection that
    // arrives late changes nothing, so the processing list read next stays as it is read.
    const QString doing = u"recover the processing list of"_s;
    const auto replies =
        m_client.pipeline({{"INCR", m_fence}, {"LRANGE", m_processing, "0", "-1"}});
    QList<Delivery> payloads; // oldest first: the payload, or a dead letter for one too large
    if (!replies) {
        if (m_client.overLimit().isEmpty())
            return failure(replies.error(), doing);
        auto alone = readAlone();
        if (!alone)
            return alone.error();
        payloads = std::move(alone).value();
    } else {
        for (const RedisReply &reply : *replies) {
            if (reply.isError())
                return refused(reply, doing);
        }
        const RedisReply &range = replies->at(1);
        if (replies->at(0).type != RedisReply::Type::Integer)
            return unexpected(u"INCR"_s);
        if (range.type != RedisReply::Type::Array)
            return unexpected(u"LRANGE"_s);
        m_connection = QByteArray::number(replies->at(0).integer);
        // Elements were pushed on the left after the marker: the oldest is on the right.
        for (auto it = range.elements.crbegin(); it != range.elements.crend(); ++it) {
            Delivery element;
            element.payload = it->text;
            payloads.append(element);
        }
    }
    if (payloads.isEmpty())
        return success();

    const QByteArray &first = payloads.constFirst().payload;
    if (payloads.constFirst().deadReason.isEmpty() && first.startsWith(GroupMarkerPrefix) &&
        first.size() > GroupMarkerPrefix.size()) {
        m_groupId = QString::fromUtf8(first.mid(GroupMarkerPrefix.size()));
        payloads.removeFirst();
    } else {
        // Elements moved by another program, or by a version of Porthole that wrote the
        // marker after the move: they were never delivered under a group id. A marker on the
        // oldest end names the group from now on, so that the next recovery gives these
        // elements the same keys.
        m_groupId = uuidText();
        qCInfo(lcRedisSource,
               "The processing list %s has no group marker; naming its %lld "
               "elements group %s",
               m_processing.constData(), static_cast<long long>(payloads.size()),
               qPrintable(m_groupId));
        if (const auto marked = change(doing, {"mark", groupMarker(m_groupId)}); !marked)
            return marked.error();
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (qsizetype i = 0; i < payloads.size(); ++i) {
        m_recovered.append(makeDelivery(i, payloads.at(i).payload, now));
        m_recovered.last().deadReason = payloads.at(i).deadReason;
    }
    if (!m_recovered.isEmpty()) {
        m_heldSince.start();
        qCInfo(lcRedisSource, "recovering %lld elements of the processing list %s",
               static_cast<long long>(m_recovered.size()), m_processing.constData());
    }
    return success();
}

Result<QList<Delivery>> ListSource::readAlone()
{
    // Only reads went over the closed connection: the new one keeps its number.
    m_notices.append(u"Redis sent an answer larger than Porthole accepts: %1, for %2. "
                     "Reading its processing list one element at a time; an element too large "
                     "even alone becomes a dead letter."_s.arg(m_client.overLimit(), describe()));
    qCWarning(lcRedisSource).noquote() << m_notices.constLast();
    const QString doing = u"recover, one element at a time, the processing list of"_s;
    if (const Status connected = connect(); !connected)
        return connected.error();
    const auto replies = m_client.pipeline({{"INCR", m_fence}, {"LLEN", m_processing}});
    if (!replies)
        return failure(replies.error(), doing);
    for (const RedisReply &reply : *replies) {
        if (reply.isError())
            return refused(reply, doing);
        if (reply.type != RedisReply::Type::Integer)
            return unexpected(u"INCR/LLEN"_s);
    }
    m_connection = QByteArray::number(replies->at(0).integer);
    QList<Delivery> elements;
    for (qint64 index = replies->at(1).integer - 1; index >= 0; --index) { // oldest first
        Delivery element;
        const auto reply = m_client.command({"LINDEX", m_processing, QByteArray::number(index)});
        if (reply && reply->isError())
            return refused(*reply, doing);
        if (reply) {
            element.payload = reply->text;
        } else {
            const QString why = m_client.overLimit();
            if (why.isEmpty())
                return failure(reply.error(), doing);
            if (const Status connected = connect(); !connected)
                return connected.error();
            element = OversizedEntry::listElement(m_client, m_processing, index, why);
            qCWarning(lcRedisSource).noquote() << element.deadReason;
            if (!m_client.isConnected()) {
                if (const Status connected = connect(); !connected)
                    return connected.error();
            }
        }
        elements.append(element);
    }
    return elements;
}

Result<QList<QByteArray>> ListSource::move(const QString &groupId)
{
    const auto moved = change(u"move elements from"_s,
                              {"move", QByteArray::number(m_options.count), groupMarker(groupId)});
    if (!moved)
        return moved.error();
    if (moved->type != RedisReply::Type::Array)
        return unexpected(u"the move script"_s);
    QList<QByteArray> payloads;
    payloads.reserve(moved->elements.size());
    for (const RedisReply &element : moved->elements)
        payloads.append(element.text);
    return payloads;
}

Result<SourceFetch> ListSource::fetch()
{
    SourceFetch out;
    if (!m_recovered.isEmpty()) {
        out.deliveries = std::exchange(m_recovered, {});
        out.notices = std::exchange(m_notices, {});
        for (const Delivery &delivery : std::as_const(out.deliveries))
            m_unacknowledged.insert(delivery.key);
        return out;
    }
    if (!m_unacknowledged.isEmpty())
        return StorageError{
            StorageError::Kind::Internal,
            u"Cannot fetch more from %2: the %1 elements fetched before are not "
            "acknowledged yet, and a list is acknowledged a whole group at a time."_s
                .arg(m_unacknowledged.size())
                .arg(describe())};

    const QString groupId = uuidText();
    auto payloads = move(groupId);
    if (payloads && payloads->isEmpty() && m_options.blockMs > 0) {
        // Nothing there: wait for an element without taking it (moved from the right end to
        // the right end of the same list, which changes nothing, so that a late run of this
        // wait is harmless), then move it.
        const auto waited =
            m_client.command({"BLMOVE", m_key, m_key, "RIGHT", "RIGHT",
                              QByteArray::number(m_options.blockMs / 1000.0, 'f', 3)});
        // An element too large to read arrived: the move below takes it.
        if (!waited && !m_client.overLimit().isEmpty()) {
            if (const Status connected = connect(); !connected)
                return connected.error();
        } else if (!waited) {
            return failure(waited.error(), u"wait for elements of"_s);
        } else if (waited->isError()) {
            return refused(*waited, u"wait for elements of"_s);
        } else if (waited->isNil()) {
            return out;
        }
        payloads = move(groupId);
    }
    // The move went through in Redis, and its answer was too large to read: the group is in
    // the processing list, which is read again one element at a time.
    if (!payloads && !m_client.overLimit().isEmpty()) {
        if (const Status opened = open(); !opened)
            return opened.error();
        return fetch();
    }
    if (!payloads)
        return payloads.error();
    if (payloads->isEmpty())
        return out; // another consumer was quicker

    m_groupId = groupId;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    out.deliveries.reserve(payloads->size());
    for (qsizetype i = 0; i < payloads->size(); ++i) {
        out.deliveries.append(makeDelivery(i, payloads->at(i), now));
        m_unacknowledged.insert(out.deliveries.constLast().key);
    }
    m_heldSince.start();
    return out;
}

Status ListSource::acknowledge(const QList<Delivery> &stored)
{
    QSet<QString> keys;
    keys.reserve(stored.size());
    for (const Delivery &delivery : stored)
        keys.insert(delivery.key);
    if (keys != m_unacknowledged)
        return StorageError::invalidArgument(
            u"Cannot acknowledge %1 of the %2 elements fetched from %3: a list is acknowledged "
            "a whole group at a time, all the elements of the last fetch."_s.arg(keys.size())
                .arg(m_unacknowledged.size())
                .arg(describe()));
    if (keys.isEmpty())
        return success();
    if (const auto deleted = change(u"acknowledge the stored group of"_s, {"acknowledge"});
        !deleted)
        return deleted.error();
    m_unacknowledged.clear();
    m_groupId.clear();
    return success();
}

Result<SourceStats> ListSource::stats()
{
    const QString doing = u"count the elements of"_s;
    const auto replies = m_client.pipeline({{"LLEN", m_key}, {"LLEN", m_processing}});
    if (!replies)
        return failure(replies.error(), doing);
    for (const RedisReply &reply : *replies) {
        if (reply.isError())
            return refused(reply, doing);
    }
    SourceStats stats;
    stats.length = replies->at(0).integer;
    stats.pending = std::max<qint64>(0, replies->at(1).integer - (m_groupId.isEmpty() ? 0 : 1));
    if (!m_unacknowledged.isEmpty() || !m_recovered.isEmpty())
        stats.oldestPendingAgeMs = m_heldSince.elapsed();
    return stats;
}

} // namespace

std::unique_ptr<RedisSource> makeListSource(RedisSourceOptions options)
{
    return std::make_unique<ListSource>(std::move(options));
}

} // namespace porthole::redissource
