#pragma once

#include "redisreplychecker.h"
#include "redisskimreader.h"
#include "redisurl.h"
#include "storageerror.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QList>

#include <algorithm>
#include <memory>
#include <optional>

struct redisContext;

namespace porthole {

struct RedisRedirect;

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
    // How long the server may stay silent while an answer is awaited, before it is given up
    // and the connection closed. A blocking command's own timeout must be shorter than this.
    int commandMs = 5000;
    // How long one answer may take in all, however steadily its bytes come: from the sending
    // of its command (or, for a message the server sends by itself, from its first byte) to
    // its last byte. Without it a server that sends a byte just before each commandMs holds a
    // command for ever. At least twice commandMs counts (answerLimitMs()): a blocking command
    // waits less than commandMs for its first byte, and has as long again for the rest. The
    // default leaves a large answer over a slow link its time (500 MiB at 10 MB/s).
    int answerMs = 60000;

    int answerLimitMs() const { return std::max(answerMs, 2 * commandMs); }
};

// A synchronous hiredis connection for the thread that owns it. A connection that
// failed is not reused (hiredis 0.14 cannot recover a broken context): connect() again.
//
// On a Redis Cluster, a node answers a command for a key whose slot another node serves with
// an error naming that node: `MOVED <slot> <host>:<port>` (the slot lives there) or `ASK
// <slot> <host>:<port>` (the slot is being moved there, and this key already went). command(),
// pipeline(), evalScript() and skim() follow both (storage/redis/redisredirect.cpp): on MOVED the
// client connects to the named node, with the URL's user, password, timeouts and limits, and
// stays there (later commands for that slot go straight to it; a command for a slot of the
// previous node is moved back); on ASK it sends ASKING and the command to the named node once,
// on a connection of their own, and stays where it was. A command answered with a redirect
// was not run, so sending it again runs it once. Of a pipeline only the redirected commands
// are sent again, unless it holds a MULTI transaction, which the node refused whole
// (EXECABORT) and which is sent again whole. A command redirected more than MaxRedirects
// times fails with an error that says so (a cluster whose slots are moving settles; one whose
// nodes disagree does not).
class RedisClient
{
public:
    static constexpr int MaxRedirects = 5;

    RedisClient();
    ~RedisClient();
    RedisClient(const RedisClient &) = delete;
    RedisClient &operator=(const RedisClient &) = delete;

    // Connects, then AUTHs and SELECTs as the URL says.
    Status connect(const RedisUrl &url, RedisTimeouts timeouts = {},
                   RedisReplyLimits limits = defaultLimits());
    void disconnect();
    bool isConnected() const;
    // Connects to another server with the URL's user, password, timeouts and limits: a node of
    // the cluster, to read what only it holds (SCAN).
    Status connectToNode(const QString &host, int port);

    // Sends one command. A Redis error reply comes back as a reply of type Error; a failure of
    // the connection, silence past the command timeout, an answer not complete within the
    // answer's time limit, and an answer that is not RESP2 or breaks the limits come back as
    // ConnectionLost, and the client is disconnected.
    Result<RedisReply> command(const QList<QByteArray> &args);
    // Sends several commands in one round trip and returns their replies in order.
    Result<QList<RedisReply>> pipeline(const QList<QList<QByteArray>> &commands);
    // Runs a Lua script by its SHA-1 (EVALSHA); its text goes (EVAL) only when the server
    // does not hold it yet (NOSCRIPT: the first time, or after a restart).
    Result<RedisReply> evalScript(QByteArrayView source, const QList<QByteArray> &keys,
                                  const QList<QByteArray> &args);
    // Sends one command and reads its answer whatever its size, keeping only the declared
    // lengths of its first arrays and its first `keepValues` values, each cut to `keepBytes`:
    // the rest is read and dropped as it arrives, so that no limit applies and memory stays
    // small. For what is too large to read whole (overLimit()): XRANGE of one stream entry
    // gives its field count and first fields without any work for Redis beyond sending it.
    // The server may be silent for commandMs at most, and take answerLimitMs() for the whole
    // answer, as for command(). The connection is closed afterwards, whatever the outcome:
    // connect() again.
    Result<RedisSkim> skim(const QList<QByteArray> &args, int keepValues, int keepBytes);
    // Waits up to timeoutMs for one reply the server sends by itself (a pub/sub message),
    // sending nothing. Nothing within that time is not an error: the result is empty and the
    // connection stays usable, so an idle subscription outlives the command timeout.
    Result<std::optional<RedisReply>> readReply(int timeoutMs);

    // The URL connect() was given.
    const RedisUrl &url() const { return m_url; }
    // The server the connection is to: the URL's, or the cluster node a MOVED named.
    const RedisUrl &node() const { return m_node; }
    // Why the last command failed, when its answer broke one of the RedisReplyLimits: which
    // limit and the figures ("an array of 4400004 elements, more than the 4194304 Porthole
    // accepts in one answer"). Such an answer is genuine, not a fault of the connection: what
    // was asked for is too large to read at once, and asking for less may succeed. Empty when
    // the last command succeeded or failed otherwise. The error itself is ConnectionLost, as
    // the connection is closed.
    const QString &overLimit() const { return m_overLimit; }
    // The limits of connect(), from the environment variables PORTHOLE_REDIS_MAX_ELEMENTS and
    // PORTHOLE_REDIS_MAX_STRING_BYTES where they are set to a smaller positive number; for
    // tests, which make a real answer over a limit without filling gigabytes.
    static RedisReplyLimits defaultLimits();

private:
    // Connects to `node` (the URL's server, or a cluster node) with m_url's credentials.
    Status connectNode(const RedisUrl &node);
    // Sends the commands in one round trip and reads their replies, redirects or not.
    Result<QList<RedisReply>> exchange(const QList<QList<QByteArray>> &commands);
    Result<RedisSkim> skimHere(const QList<QByteArray> &args, int keepValues, int keepBytes);
    // Follows MOVED (connecting to the node) or ASK (asking it once, on a connection of its
    // own) with `commands`, which a redirect to `to` answered; their replies there.
    Result<QList<RedisReply>> redirect(const RedisRedirect &to,
                                       const QList<QList<QByteArray>> &commands);
    StorageError tooManyRedirects(const QList<QByteArray> &args, const RedisRedirect &last) const;
    StorageError connectionError(const QString &during);
    StorageError lost(const QString &what);
    StorageError tooSlow(const QString &answer);
    // The connection closed for the problem m_checker found in `answer`.
    StorageError lostOnProblem(const QString &answer);
    // Reads until hiredis holds one whole answer: to `command`, or (empty) a message the server
    // sends by itself. The server may be silent for commandMs while an answer is awaited or
    // while one is half read, and take answerLimitMs() for the whole of it (a command's answer
    // counted from this call, a message from its first byte); a message that does not begin by
    // `until` is no answer (empty).
    Result<std::optional<RedisReply>> receive(const QByteArray &command,
                                              QDeadlineTimer until = QDeadlineTimer::Forever);

    struct ContextDeleter
    {
        void operator()(redisContext *context) const;
    };
    std::unique_ptr<redisContext, ContextDeleter> m_context;
    std::unique_ptr<RedisReplyChecker> m_checker; // for m_context's byte stream
    RedisUrl m_url;
    RedisUrl m_node;
    RedisTimeouts m_timeouts;
    RedisReplyLimits m_limits;
    QElapsedTimer m_sinceLastByte;
    QElapsedTimer m_answerClock; // since the answer being read was asked for, or began
    QString m_overLimit;
};

} // namespace porthole
