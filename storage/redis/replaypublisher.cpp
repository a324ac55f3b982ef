#include "replaypublisher.h"

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A batch in one call. KEYS: marker 1, key 1, marker 2, key 2, ...; ARGV[1] how long a marker
// is kept, in seconds, then payload 1, replay id 1, payload 2, replay id 2, ... Every key's
// type is checked before anything is written, so a refusal leaves nothing half done (a
// script's writes are not rolled back). Returns how many went out now.
const QByteArray script = R"lua(
local kinds = {}
for i = 2, #KEYS, 2 do
  local key = KEYS[i]
  if not kinds[key] then
    local kind = redis.call('TYPE', key)['ok']
    if kind ~= 'list' and kind ~= 'stream' and kind ~= 'none' then
      return redis.error_reply('WRONGTYPE ' .. key .. ' holds a ' .. kind .. ', not a stream or a list')
    end
    kinds[key] = kind
  end
end
local published = 0
for i = 1, #KEYS, 2 do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    local key = KEYS[i + 1]
    if kinds[key] == 'list' then
      redis.call('LPUSH', key, ARGV[i + 1])
    else
      redis.call('XADD', key, '*', 'payload', ARGV[i + 1], 'replay_id', ARGV[i + 2])
    end
    redis.call('SET', KEYS[i], '1', 'EX', ARGV[1])
    published = published + 1
  end
end
return published
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
    QList<QByteArray> call{"EVALSHA", {}, QByteArray::number(2 * messages.size())};
    call.reserve(3 + 4 * messages.size() + 1);
    for (const ReplayMessage &m : messages)
        call << markerKey(m.replayId) << m.key;
    call << QByteArray::number(markerSeconds);
    for (const ReplayMessage &m : messages)
        call << m.payload << m.replayId.toUtf8();
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
        call[1] = m_scriptSha;
        auto reply = m_client.command(call);
        if (!reply)
            return reply.error();
        if (reply->isError() && reply->text.startsWith("NOSCRIPT")) {
            m_scriptSha.clear(); // nothing ran: load it and go again
            continue;
        }
        if (reply->isError())
            return StorageError{StorageError::Kind::Protocol,
                                u"Redis at %1 refused the replay: %2"_s.arg(
                                    m_url.toDisplayString(), QString::fromUtf8(reply->text))};
        return reply->integer;
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
