#include "redissourcemodes.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>

#include <utility>

using namespace Qt::StringLiterals;

namespace porthole::redissource {

namespace {

// --- Pub/sub -----------------------------------------------------------------------------

class PubSubSource final : public RedisSource
{
public:
    explicit PubSubSource(RedisSourceOptions options)
        : RedisSource(Mode::PubSub, std::move(options))
        , m_keyPrefix(u"pubsub:"_s + m_options.key + u':')
    {}

    Status open() override;
    Result<SourceFetch> fetch() override;
    Status acknowledge(const QList<Delivery> &) override { return success(); }
    Result<SourceStats> stats() override { return SourceStats{}; }
    bool atMostOnce() const override { return true; }

private:
    // The dead letter for a message over the client's limit `why`.
    Delivery tooLarge(const QString &why, const QDateTime &now) const;

    QString m_keyPrefix;
};

Status PubSubSource::open()
{
    if (const Status connected = connect(); !connected)
        return connected;
    const QString doing = u"subscribe to"_s;
    const auto reply = m_client.command({"SUBSCRIBE", m_options.key.toUtf8()});
    if (!reply)
        return failure(reply.error(), doing);
    if (reply->isError())
        return refused(*reply, doing);
    if (reply->type != RedisReply::Type::Array || reply->elements.size() != 3 ||
        reply->elements.at(0).text != "subscribe")
        return unexpected(u"SUBSCRIBE"_s);
    return success();
}

Result<SourceFetch> PubSubSource::fetch()
{
    SourceFetch out;
    const QDeadlineTimer deadline(m_options.blockMs);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    while (out.deliveries.size() < m_options.count) {
        // Wait for the first message; then take only what has already arrived.
        const int waitMs =
            out.deliveries.isEmpty() ? static_cast<int>(deadline.remainingTime()) : 0;
        auto reply = m_client.readReply(waitMs);
        if (!reply && !m_client.overLimit().isEmpty()) {
            // One message too large to read: the connection went with it, and pub/sub keeps
            // nothing, so a dead letter says what was lost. What came before it is delivered;
            // the source subscribes again at once (a failure shows at the next fetch).
            out.deliveries.append(tooLarge(m_client.overLimit(), now));
            out.notices.append(out.deliveries.constLast().deadReason);
            qCWarning(lcRedisSource).noquote() << out.notices.constLast();
            if (const Status opened = open(); !opened)
                qCWarning(lcRedisSource).noquote() << opened.errorMessage();
            break;
        }
        if (!reply)
            return failure(reply.error(), u"receive messages from"_s);
        if (!reply->has_value())
            break;
        const RedisReply &message = **reply;
        if (message.type != RedisReply::Type::Array || message.elements.size() != 3 ||
            message.elements.at(0).text != "message")
            continue; // a subscription confirmation or a pong
        Delivery delivery;
        delivery.key = m_keyPrefix + uuidText();
        delivery.source = m_options.key;
        delivery.payload = message.elements.at(2).text;
        delivery.receivedAt = now;
        out.deliveries.append(std::move(delivery));
    }
    return out;
}

Delivery PubSubSource::tooLarge(const QString &why, const QDateTime &now) const
{
    Delivery delivery;
    delivery.key = m_keyPrefix + uuidText();
    delivery.source = m_options.key;
    delivery.receivedAt = now;
    delivery.payload = QJsonDocument(QJsonObject{{u"oversized"_s, u"pubsub message"_s},
                                                 {u"unknown"_s, u"pub/sub keeps nothing: the "
                                                                "message was lost with the "
                                                                "connection"_s}})
                           .toJson(QJsonDocument::Compact);
    delivery.deadReason =
        u"A message published to %1 was too large for Porthole to read: its answer from Redis "
        "was %2. Pub/sub keeps nothing: the message and those published until Porthole "
        "subscribed again are lost; this record of it is all that is kept."_s.arg(describe(), why);
    return delivery;
}

} // namespace

std::unique_ptr<RedisSource> makePubSubSource(RedisSourceOptions options)
{
    return std::make_unique<PubSubSource>(std::move(options));
}

} // namespace porthole::redissource
