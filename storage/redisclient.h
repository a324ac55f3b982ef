#pragma once

#include "redisurl.h"
#include "storageerror.h"

#include <QByteArray>
#include <QList>

#include <memory>
#include <optional>

struct redisContext;

namespace porthole {

// One reply from Redis, copied out of hiredis's reply tree.
struct RedisReply
{
    enum class Type
    {
        Nil,
        Status,
        Error,
        Integer,
        String,
        Array
    };

    Type type = Type::Nil;
    QByteArray text;       // String, Status and Error
    long long integer = 0; // Integer
    QList<RedisReply> elements;

    bool isError() const { return type == Type::Error; }
    bool isNil() const { return type == Type::Nil; }
};

struct RedisTimeouts
{
    int connectMs = 2000;
    int commandMs = 5000; // a blocking command's own timeout must be shorter than this
};

// A synchronous hiredis connection for the thread that owns it. A connection that
// failed is not reused (hiredis 0.14 cannot recover a broken context): connect() again.
class RedisClient
{
public:
    RedisClient();
    ~RedisClient();
    RedisClient(const RedisClient &) = delete;
    RedisClient &operator=(const RedisClient &) = delete;

    // Connects, then AUTHs and SELECTs as the URL says.
    Status connect(const RedisUrl &url, RedisTimeouts timeouts = {});
    void disconnect();
    bool isConnected() const;

    // Sends one command. A Redis error reply comes back as a reply of type Error;
    // a failure of the connection comes back as an error, and the client is disconnected.
    Result<RedisReply> command(const QList<QByteArray> &args);
    // Sends several commands in one round trip and returns their replies in order.
    Result<QList<RedisReply>> pipeline(const QList<QList<QByteArray>> &commands);
    // Waits up to timeoutMs for one reply the server sends by itself (a pub/sub message),
    // sending nothing. Nothing within that time is not an error: the result is empty and the
    // connection stays usable, so an idle subscription outlives the command timeout.
    Result<std::optional<RedisReply>> readReply(int timeoutMs);

    const RedisUrl &url() const { return m_url; }

private:
    StorageError connectionError(const QString &during);

    struct ContextDeleter
    {
        void operator()(redisContext *context) const;
    };
    std::unique_ptr<redisContext, ContextDeleter> m_context;
    RedisUrl m_url;
};

} // namespace porthole
