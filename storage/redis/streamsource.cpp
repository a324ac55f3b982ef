#include "oversizedentry.h"
#include "redissourcemodes.h"
#include "streamentrypayload.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QSet>
#include <QVarLengthArray>

#include <algorithm>
#include <limits>
#include <utility>

using namespace Qt::StringLiterals;

// RedisSource on a stream with a consumer group (see redissourcemodes.h for the others).

namespace porthole {

namespace {

using redissource::unexpected;
using Command = QList<QByteArray>;

constexpr int AckIdsPerCommand = 10000;
constexpr qint64 MinClaimIntervalMs = 10;

// One stream entry from XREADGROUP or XAUTOCLAIM: [id, [field, value, ...]], or [id, nil] when
// the entry is still pending but its data was trimmed.
struct StreamEntry
{
    QByteArray id;
    const RedisReply *fields = nullptr; // null: trimmed
};

std::optional<QList<StreamEntry>> parseEntries(const RedisReply &list)
{
    if (list.isNil())
        return QList<StreamEntry>();
    if (list.type != RedisReply::Type::Array)
        return std::nullopt;
    QList<StreamEntry> entries;
    entries.reserve(list.elements.size());
    for (const RedisReply &entry : list.elements) {
        if (entry.type != RedisReply::Type::Array || entry.elements.size() != 2)
            return std::nullopt;
        const RedisReply &fields = entry.elements.at(1);
        if (!fields.isNil() && fields.type != RedisReply::Type::Array)
            return std::nullopt;
        entries.append({entry.elements.at(0).text, fields.isNil() ? nullptr : &fields});
    }
    return entries;
}

// XREADGROUP: nil (nothing came in time) or [[key, [entry, ...]]].
std::optional<QList<StreamEntry>> parseRead(const RedisReply &reply)
{
    if (reply.isNil())
        return QList<StreamEntry>();
    if (reply.type != RedisReply::Type::Array)
        return std::nullopt;
    if (reply.elements.isEmpty())
        return QList<StreamEntry>();
    const RedisReply &stream = reply.elements.constFirst();
    if (stream.type != RedisReply::Type::Array || stream.elements.size() != 2)
        return std::nullopt;
    return parseEntries(stream.elements.at(1));
}

// Extended XPENDING: [[id, consumer, idle ms, deliveries], ...].
std::optional<QHash<QByteArray, int>> parseDeliveryCounts(const RedisReply &reply)
{
    if (reply.type != RedisReply::Type::Array)
        return std::nullopt;
    QHash<QByteArray, int> counts;
    for (const RedisReply &row : reply.elements) {
        if (row.type != RedisReply::Type::Array || row.elements.size() != 4)
            return std::nullopt;
        counts.insert(row.elements.at(0).text, static_cast<int>(row.elements.at(3).integer));
    }
    return counts;
}

// Stream ids "ms-seq", in order.
std::pair<quint64, quint64> idParts(const QByteArray &id)
{
    const qsizetype dash = id.indexOf('-');
    return {id.left(dash).toULongLong(), dash < 0 ? 0 : id.mid(dash + 1).toULongLong()};
}

bool idLess(const QByteArray &a, const QByteArray &b)
{
    return idParts(a) < idParts(b);
}

// The id just before `id`, for reads that return the entries after an id.
QByteArray previousId(const QByteArray &id)
{
    const auto [ms, seq] = idParts(id);
    if (seq > 0)
        return QByteArray::number(ms) + '-' + QByteArray::number(seq - 1);
    if (ms == 0)
        return "0-0";
    return QByteArray::number(ms - 1) + '-' +
           QByteArray::number(std::numeric_limits<quint64>::max());
}

// XPENDING's start for the entries after `id` ("0-0": all).
QByteArray after(const QByteArray &id)
{
    return id == "0-0" ? QByteArray("-") : QByteArray("(") + id;
}

bool isNoGroup(const RedisReply &reply)
{
    return reply.isError() && reply.text.startsWith("NOGROUP");
}

} // namespace

// --- Stream with a consumer group --------------------------------------------------------

namespace {

class StreamSource final : public RedisSource
{
public:
    explicit StreamSource(RedisSourceOptions options)
        : RedisSource(Mode::Stream, std::move(options))
        , m_key(m_options.key.toUtf8())
        , m_group(m_options.group.toUtf8())
        , m_consumer(m_options.consumer.toUtf8())
        , m_keyPrefix(u"stream:"_s + m_options.key + u':')
    {}

    Status open() override;
    Result<SourceFetch> fetch() override { return take(Wait::UpToBlockMs); }
    Result<SourceFetch> fetchAhead() override { return take(Wait::No); }
    Status acknowledge(const QList<Delivery> &stored) override;
    Result<SourceStats> stats() override;
    Status leave() override;
    qint64 resets() const override { return m_resets; }

private:
    enum class Wait
    {
        UpToBlockMs,
        No
    };

    Result<SourceFetch> take(Wait wait);
    Status createGroup();
    Status readOwnPending(SourceFetch &out, const QDateTime &now, int limit);
    // After a read failed on a client limit (else returns its error): reads this consumer's
    // pending entries from `start` (XPENDING's: "-", "(id" or "id"), those the failed read
    // delivered among them, one at a time; an entry too large even alone becomes a dead
    // letter (deadEntry()).
    Result<SourceFetch> readAlone(const Status &failed, SourceFetch &out, const QDateTime &now,
                                  const QByteArray &start);
    Delivery deadEntry(const QByteArray &id, const QString &why, const QDateTime &now);
    Status claimIdle(SourceFetch &out, const QDateTime &now);
    Status forgetIdleConsumers();
    Status readNew(SourceFetch &out, const QDateTime &now, Wait wait);
    Status acknowledgeIds(const QList<QByteArray> &ids, const QString &doing);
    bool claimDue() const;
    Delivery makeDelivery(const QByteArray &id, const RedisReply &fields, int deliveryCount,
                          const QDateTime &now) const;

    QByteArray m_key;
    QByteArray m_group;
    QByteArray m_consumer;
    QString m_keyPrefix;
    bool m_recovering = false;
    QByteArray m_recoveryCursor; // the last own pending or new entry delivered, in order
    QByteArray m_claimCursor = "0-0";
    QElapsedTimer m_sinceClaimScan; // invalid: scan at the next fetch
    qint64 m_lost = 0;
    bool m_groupSeen = false; // the group existed, or was made, since this object was
    qint64 m_resets = 0;
};

Status StreamSource::open()
{
    if (const Status connected = connect(); !connected)
        return connected;
    if (const Status created = createGroup(); !created)
        return created;
    m_recovering = true;
    m_recoveryCursor = "0-0";
    m_claimCursor = "0-0";
    m_sinceClaimScan.invalidate();
    return success();
}

Status StreamSource::createGroup()
{
    // From the first entry: entries written before the group existed are read too.
    const auto reply = m_client.command({"XGROUP", "CREATE", m_key, m_group, "0", "MKSTREAM"});
    if (!reply)
        return failure(reply.error(), u"create the consumer group of"_s);
    if (reply->isError() && !reply->text.startsWith("BUSYGROUP"))
        return refused(*reply, u"create the consumer group of"_s);
    if (!reply->isError() && m_groupSeen) {
        ++m_resets;
        qCWarning(lcRedisSource,
                  "The stream %s or its group %s was gone; made the group again. What it held "
                  "and was not yet read is lost.",
                  m_key.constData(), m_group.constData());
    }
    m_groupSeen = true;
    return success();
}

Result<SourceFetch> StreamSource::take(Wait wait)
{
    SourceFetch out;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (m_recovering) {
        if (const Status read = readOwnPending(out, now, m_options.count); !read)
            return readAlone(read, out, now, after(m_recoveryCursor));
        if (!out.deliveries.isEmpty() || !out.lostAtSource.isEmpty())
            return out;
    }
    if (claimDue()) {
        // What a claim took is in this consumer's pending list now, from where it began.
        const QByteArray claimedFrom = m_claimCursor == "0-0" ? QByteArray("-") : m_claimCursor;
        if (const Status claimed = claimIdle(out, now); !claimed)
            return readAlone(claimed, out, now, claimedFrom);
        if (!out.deliveries.isEmpty())
            return out;
    }
    if (const Status read = readNew(out, now, wait); !read)
        return readAlone(read, out, now, after(m_recoveryCursor));
    return out;
}

Result<SourceFetch> StreamSource::readAlone(const Status &failed, SourceFetch &out,
                                            const QDateTime &now, const QByteArray &start)
{
    const QString why = m_client.overLimit();
    if (why.isEmpty())
        return failed.error();
    // Redis delivered what the read asked for before its answer was refused: those entries
    // wait in this consumer's pending list, after `from`.
    out.notices.append(u"Redis sent an answer larger than Porthole accepts: %1, for %2. "
                       "Reading those entries one at a time; an entry too large even alone "
                       "becomes a dead letter."_s.arg(why, describe()));
    qCWarning(lcRedisSource).noquote() << out.notices.constLast();
    const QString doing = u"find the entries of an answer too large for"_s;
    if (const Status connected = connect(); !connected)
        return connected.error();
    const int most = std::min(m_options.count, 10000);
    const auto pending = m_client.command(
        {"XPENDING", m_key, m_group, start, "+", QByteArray::number(most), m_consumer});
    if (!pending)
        return failure(pending.error(), doing);
    if (pending->isError())
        return refused(*pending, doing);
    if (pending->type != RedisReply::Type::Array)
        return unexpected(u"XPENDING"_s);
    const bool recovering = m_recovering;
    QByteArray last = m_recoveryCursor;
    for (const RedisReply &row : pending->elements) {
        if (row.type != RedisReply::Type::Array || row.elements.isEmpty())
            return unexpected(u"XPENDING"_s);
        const QByteArray &id = row.elements.constFirst().text;
        m_recoveryCursor = previousId(id); // reads `id`, and nothing before it
        if (const Status read = readOwnPending(out, now, 1); !read) {
            const QString entryWhy = m_client.overLimit();
            if (entryWhy.isEmpty())
                return read.error();
            if (const Status connected = connect(); !connected)
                return connected.error();
            out.deliveries.append(deadEntry(id, entryWhy, now));
            if (!m_client.isConnected()) {
                if (const Status connected = connect(); !connected)
                    return connected.error();
            }
        }
        if (idLess(last, id))
            last = id;
    }
    // What is left of the pending list, if XPENDING did not list all, in whole answers.
    m_recovering = recovering || pending->elements.size() == most;
    m_recoveryCursor = last;
    return out;
}

Delivery StreamSource::deadEntry(const QByteArray &id, const QString &why, const QDateTime &now)
{
    Delivery dead = OversizedEntry::streamEntry(m_client, m_key, id, why);
    qCWarning(lcRedisSource).noquote() << dead.deadReason;
    dead.key = m_keyPrefix + QString::fromLatin1(id);
    dead.source = m_options.key;
    dead.receivedAt = now;
    if (connect()) {
        if (const auto pending = m_client.command({"XPENDING", m_key, m_group, id, id, "1"})) {
            if (const auto counts = parseDeliveryCounts(*pending))
                dead.deliveryCount = counts->value(id, 1);
        }
    }
    return dead;
}

Delivery StreamSource::makeDelivery(const QByteArray &id, const RedisReply &fields,
                                    int deliveryCount, const QDateTime &now) const
{
    Delivery delivery;
    delivery.key = m_keyPrefix + QString::fromLatin1(id);
    delivery.source = m_options.key;
    delivery.receivedAt = now;
    delivery.deliveryCount = deliveryCount;
    if (deliveryCount > m_options.maxDeliveries)
        delivery.deadReason = u"delivered %1 times, more than the limit of %2"_s.arg(deliveryCount)
                                  .arg(m_options.maxDeliveries);

    QVarLengthArray<QByteArrayView, 16> elements; // on the stack, for an entry of 8 fields
    elements.reserve(fields.elements.size());
    for (const RedisReply &element : fields.elements)
        elements.append(element.text);
    StreamEntryPayload entry =
        streamEntryPayload({elements.constData(), std::size_t(elements.size())});
    delivery.payload = std::move(entry.payload);
    delivery.fieldsAsJson = entry.fieldsAsJson;
    if (delivery.deadReason.isEmpty())
        delivery.deadReason = std::move(entry.deadReason);
    return delivery;
}

Status StreamSource::readOwnPending(SourceFetch &out, const QDateTime &now, int limit)
{
    // Reading the own pending list raises each entry's delivery count; the count is read in
    // the same transaction, so it is the count of this delivery.
    const QByteArray count = QByteArray::number(limit);
    const QByteArray from =
        m_recoveryCursor == "0-0" ? QByteArray("-") : QByteArray("(") + m_recoveryCursor;
    const auto replies =
        m_client.pipeline({{"MULTI"},
                           {"XREADGROUP", "GROUP", m_group, m_consumer, "COUNT", count, "STREAMS",
                            m_key, m_recoveryCursor},
                           {"XPENDING", m_key, m_group, from, "+", count, m_consumer},
                           {"EXEC"}});
    const QString doing = u"read the pending entries of"_s;
    if (!replies)
        return failure(replies.error(), doing);
    // A command refused as it was queued (NOPERM, say) aborts the transaction: its own
    // answer says why, EXEC's only that it was aborted.
    for (const RedisReply &reply : *replies) {
        if (reply.isError())
            return refused(reply, doing);
    }
    const RedisReply &exec = replies->at(3);
    if (exec.type != RedisReply::Type::Array || exec.elements.size() != 2)
        return unexpected(u"MULTI/EXEC"_s);
    const RedisReply &read = exec.elements.at(0);
    if (isNoGroup(read)) {
        m_recovering = false;
        return createGroup();
    }
    if (read.isError())
        return refused(read, doing);
    const auto entries = parseRead(read);
    const auto counts = parseDeliveryCounts(exec.elements.at(1));
    if (!entries || !counts)
        return unexpected(u"XREADGROUP/XPENDING"_s);

    QList<QByteArray> lost;
    for (const StreamEntry &entry : *entries) {
        m_recoveryCursor = entry.id;
        if (entry.fields == nullptr)
            lost.append(entry.id);
        else
            out.deliveries.append(
                makeDelivery(entry.id, *entry.fields, counts->value(entry.id, 1), now));
    }
    if (entries->size() < limit)
        m_recovering = false;
    if (lost.isEmpty())
        return success();
    if (const Status acked = acknowledgeIds(lost, u"acknowledge trimmed entries of"_s); !acked)
        return acked;
    qCWarning(lcRedisSource,
              "%lld pending entries of the stream %s were trimmed before they "
              "were stored",
              static_cast<long long>(lost.size()), m_key.constData());
    m_lost += lost.size();
    out.lostAtSource += lost;
    return success();
}

bool StreamSource::claimDue() const
{
    if (!m_sinceClaimScan.isValid() || m_claimCursor != "0-0")
        return true; // the first scan, or a scan that has not gone through the list yet
    return m_sinceClaimScan.elapsed() >= std::max(MinClaimIntervalMs, m_options.claimIdleMs / 2);
}

Status StreamSource::claimIdle(SourceFetch &out, const QDateTime &now)
{
    const QString doing = u"take over idle entries of"_s;
    const auto reply = m_client.command({"XAUTOCLAIM", m_key, m_group, m_consumer,
                                         QByteArray::number(m_options.claimIdleMs), m_claimCursor,
                                         "COUNT", QByteArray::number(m_options.count)});
    if (!reply)
        return failure(reply.error(), doing);
    if (isNoGroup(*reply))
        return createGroup();
    if (reply->isError())
        return refused(*reply, doing);
    if (reply->type != RedisReply::Type::Array || reply->elements.size() < 2)
        return unexpected(u"XAUTOCLAIM"_s);
    const auto entries = parseEntries(reply->elements.at(1));
    if (!entries)
        return unexpected(u"XAUTOCLAIM"_s);
    m_claimCursor = reply->elements.at(0).text;
    if (m_claimCursor == "0-0") {
        m_sinceClaimScan.start();
        if (const Status forgot = forgetIdleConsumers(); !forgot)
            return forgot;
    }

    // Redis 7 drops entries whose data is gone from the pending list and names them here.
    QList<QByteArray> lost;
    if (reply->elements.size() > 2) {
        for (const RedisReply &id : reply->elements.at(2).elements)
            lost.append(id.text);
    }
    QList<StreamEntry> claimed;
    QList<QByteArray> trimmedButClaimed;
    for (const StreamEntry &entry : *entries) {
        if (entry.fields == nullptr)
            trimmedButClaimed.append(entry.id);
        else
            claimed.append(entry);
    }
    if (!trimmedButClaimed.isEmpty()) {
        if (const Status acked = acknowledgeIds(trimmedButClaimed, doing); !acked)
            return acked;
        lost += trimmedButClaimed;
    }
    if (!lost.isEmpty()) {
        qCWarning(lcRedisSource,
                  "%lld pending entries of the stream %s were trimmed before "
                  "they were stored",
                  static_cast<long long>(lost.size()), m_key.constData());
        m_lost += lost.size();
        out.lostAtSource += lost;
    }
    if (claimed.isEmpty())
        return success();

    QList<Command> queries;
    queries.reserve(claimed.size());
    for (const StreamEntry &entry : std::as_const(claimed))
        queries.append({"XPENDING", m_key, m_group, entry.id, entry.id, "1"});
    const auto pending = m_client.pipeline(queries);
    if (!pending)
        return failure(pending.error(), doing);
    for (qsizetype i = 0; i < claimed.size(); ++i) {
        const auto counts = parseDeliveryCounts(pending->at(i));
        const int count = counts ? counts->value(claimed.at(i).id, 1) : 1;
        out.deliveries.append(makeDelivery(claimed.at(i).id, *claimed.at(i).fields, count, now));
    }
    qCInfo(lcRedisSource, "took over %lld idle entries of the stream %s",
           static_cast<long long>(claimed.size()), m_key.constData());
    return success();
}

Status StreamSource::forgetIdleConsumers()
{
    const auto forgotten =
        porthole::forgetIdleConsumers(m_client, m_key, m_group, m_options.forgetIdleMs, m_consumer);
    if (!forgotten)
        return failure(forgotten.error(), u"remove idle consumers of"_s);
    for (const QString &name : *forgotten)
        qCInfo(lcRedisSource, "removed the consumer %s of the stream %s: idle, holding nothing",
               qUtf8Printable(name), m_key.constData());
    return success();
}

Status StreamSource::readNew(SourceFetch &out, const QDateTime &now, Wait wait)
{
    Command command{"XREADGROUP", "GROUP", m_group,
                    m_consumer,   "COUNT", QByteArray::number(m_options.count)};
    if (m_options.blockMs > 0 && wait == Wait::UpToBlockMs)
        command << "BLOCK" << QByteArray::number(m_options.blockMs);
    command << "STREAMS" << m_key << ">";
    const QString doing = u"read new entries of"_s;
    const auto reply = m_client.command(command);
    if (!reply)
        return failure(reply.error(), doing);
    if (isNoGroup(*reply))
        return createGroup();
    if (reply->isError())
        return refused(*reply, doing);
    const auto entries = parseRead(*reply);
    if (!entries)
        return unexpected(u"XREADGROUP"_s);
    out.deliveries.reserve(out.deliveries.size() + entries->size());
    for (const StreamEntry &entry : *entries) {
        m_recoveryCursor = entry.id;
        if (entry.fields != nullptr)
            out.deliveries.append(makeDelivery(entry.id, *entry.fields, 1, now));
    }
    return success();
}

Status StreamSource::acknowledge(const QList<Delivery> &stored)
{
    QList<QByteArray> ids;
    ids.reserve(stored.size());
    for (const Delivery &delivery : stored) {
        if (!delivery.key.startsWith(m_keyPrefix))
            return StorageError::invalidArgument(
                u"Cannot acknowledge \"%1\" on %2: it was not fetched from this stream."_s.arg(
                    delivery.key, describe()));
        ids.append(QStringView(delivery.key).mid(m_keyPrefix.size()).toLatin1());
    }
    return acknowledgeIds(ids, u"acknowledge stored entries of"_s);
}

Status StreamSource::acknowledgeIds(const QList<QByteArray> &ids, const QString &doing)
{
    if (ids.isEmpty())
        return success();
    QList<Command> commands;
    for (qsizetype first = 0; first < ids.size(); first += AckIdsPerCommand) {
        Command command{"XACK", m_key, m_group};
        command += ids.mid(first, AckIdsPerCommand);
        commands.append(command);
    }
    const auto replies = m_client.pipeline(commands);
    if (!replies)
        return failure(replies.error(), doing);
    for (const RedisReply &reply : *replies) {
        if (reply.isError())
            return refused(reply, doing);
    }
    return success();
}

Result<SourceStats> StreamSource::stats()
{
    const QString doing = u"count the entries of"_s;
    const auto replies = m_client.pipeline({{"XPENDING", m_key, m_group},
                                            {"XPENDING", m_key, m_group, "-", "+", "1"},
                                            {"XLEN", m_key},
                                            {"XINFO", "CONSUMERS", m_key, m_group}});
    if (!replies)
        return failure(replies.error(), doing);
    for (const RedisReply &reply : *replies) {
        if (reply.isError())
            return refused(reply, doing);
    }
    const RedisReply &summary = replies->at(0);
    const RedisReply &oldest = replies->at(1);
    if (summary.type != RedisReply::Type::Array || summary.elements.isEmpty() ||
        oldest.type != RedisReply::Type::Array)
        return unexpected(u"XPENDING"_s);
    SourceStats stats;
    stats.pending = summary.elements.at(0).integer;
    stats.length = replies->at(2).integer;
    if (!oldest.elements.isEmpty() && oldest.elements.at(0).elements.size() == 4)
        stats.oldestPendingAgeMs = oldest.elements.at(0).elements.at(2).integer;
    stats.lostAtSource = m_lost;
    const auto consumers = parseStreamConsumers(replies->at(3));
    if (!consumers)
        return unexpected(u"XINFO CONSUMERS"_s);
    stats.consumers = *consumers;
    return stats;
}

Status StreamSource::leave()
{
    const auto left = leaveGroupIfIdle(m_client, m_key, m_group, m_consumer);
    if (!left)
        return failure(left.error(), u"leave the consumer group of"_s);
    return success();
}

} // namespace

std::unique_ptr<RedisSource> redissource::makeStreamSource(RedisSourceOptions options)
{
    return std::make_unique<StreamSource>(std::move(options));
}

} // namespace porthole
