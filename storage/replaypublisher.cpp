#include "replaypublisher.h"

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// KEYS[1] the marker, KEYS[2] the stream or list; ARGV[1] the payload, ARGV[2] the replay id,
// ARGV[3] how long the marker is kept, in seconds. The type is checked before anything is
// written, so a refusal leaves nothing half done (a script's writes are not rolled back).
const QByteArray script = R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local kind = redis.call('TYPE', KEYS[2])['ok']
if kind == 'list' then
  redis.call('LPUSH', KEYS[2], ARGV[1])
elseif kind == 'stream' or kind == 'none' then
  redis.call('XADD', KEYS[2], '*', 'payload', ARGV[1], 'replay_id', ARGV[2])
else
  return redis.error_reply('WRONGTYPE ' .. KEYS[2] .. ' holds a ' .. kind .. ', not a stream or a list')
end
redis.call('SET', KEYS[1], '1', 'EX', ARGV[3])
return 1
)lua";

constexpr int markerSeconds = 7 * 24 * 3600;

} // namespace

ReplayPublisher::ReplayPublisher(RedisUrl url, RedisTimeouts timeouts)
    : m_url(std::move(url))
    , m_timeouts(timeouts)
{}

QByteArray ReplayPublisher::markerKey(const QString &replayId)
{
    return "porthole:replayed:" + replayId.toUtf8();
}

Result<qint64> ReplayPublisher::publish(const QList<ReplayMessage> &messages)
{
    if (messages.isEmpty())
        return qint64(0);
    if (!m_client.isConnected()) {
        m_scriptSha.clear();
        if (Status connected = m_client.connect(m_url, m_timeouts); !connected)
            return connected.error();
    }
    // The script once per connection (a restarted server has forgotten it).
    qint64 published = 0;
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (m_scriptSha.isEmpty()) {
            auto loaded = m_client.command({"SCRIPT", "LOAD", script});
            if (!loaded)
                return loaded.error();
            if (loaded->isError())
                return StorageError{StorageError::Kind::Protocol,
                                    u"Redis at %1 refused the replay script: %2"_s.arg(
                                        m_url.toDisplayString(), QString::fromUtf8(loaded->text))};
            m_scriptSha = loaded->text;
        }
        QList<QList<QByteArray>> commands;
        commands.reserve(messages.size());
        for (const ReplayMessage &m : messages)
            commands.append({"EVALSHA", m_scriptSha, "2", markerKey(m.replayId), m.key, m.payload,
                             m.replayId.toUtf8(), QByteArray::number(markerSeconds)});
        auto replies = m_client.pipeline(commands);
        if (!replies)
            return replies.error();
        bool unknownScript = false;
        for (qsizetype i = 0; i < replies->size(); ++i) {
            const RedisReply &reply = replies->at(i);
            if (reply.isError() && reply.text.startsWith("NOSCRIPT")) {
                unknownScript = true;
                continue;
            }
            if (reply.isError())
                return StorageError{StorageError::Kind::Protocol,
                                    u"Redis at %1 refused the replay to %2: %3"_s.arg(
                                        m_url.toDisplayString(),
                                        QString::fromUtf8(messages.at(i).key),
                                        QString::fromUtf8(reply.text))};
            published += reply.integer;
        }
        if (!unknownScript)
            return published;
        // Those that ran are marked: running all again publishes only the rest.
        m_scriptSha.clear();
    }
    return StorageError{
        StorageError::Kind::Protocol,
        u"Redis at %1 keeps forgetting the replay script."_s.arg(m_url.toDisplayString())};
}

Result<QSet<QString>> ReplayPublisher::publishedBefore(const QStringList &replayIds)
{
    QSet<QString> found;
    if (replayIds.isEmpty())
        return found;
    if (!m_client.isConnected()) {
        m_scriptSha.clear();
        if (Status connected = m_client.connect(m_url, m_timeouts); !connected)
            return connected.error();
    }
    QList<QList<QByteArray>> commands;
    for (const QString &id : replayIds)
        commands.append({"EXISTS", markerKey(id)});
    auto replies = m_client.pipeline(commands);
    if (!replies)
        return replies.error();
    for (qsizetype i = 0; i < replies->size(); ++i) {
        if (replies->at(i).integer == 1)
            found.insert(replayIds.at(i));
    }
    return found;
}

} // namespace porthole
