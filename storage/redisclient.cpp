#include "redisclient.h"

#include <QDeadlineTimer>
#include <QLoggingCategory>

#include <cerrno>
#include <hiredis.h>
#include <poll.h>
#include <vector>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcRedis, "porthole.storage.redis", QtWarningMsg)

namespace porthole {

namespace {

timeval toTimeval(int ms)
{
    return timeval{ms / 1000, static_cast<suseconds_t>((ms % 1000) * 1000)};
}

RedisReply copyReply(const redisReply *reply)
{
    RedisReply out;
    switch (reply->type) {
    case REDIS_REPLY_STRING:
        out.type = RedisReply::Type::String;
        out.text = QByteArray(reply->str, static_cast<qsizetype>(reply->len));
        break;
    case REDIS_REPLY_STATUS:
        out.type = RedisReply::Type::Status;
        out.text = QByteArray(reply->str, static_cast<qsizetype>(reply->len));
        break;
    case REDIS_REPLY_ERROR:
        out.type = RedisReply::Type::Error;
        out.text = QByteArray(reply->str, static_cast<qsizetype>(reply->len));
        break;
    case REDIS_REPLY_INTEGER:
        out.type = RedisReply::Type::Integer;
        out.integer = reply->integer;
        break;
    case REDIS_REPLY_ARRAY:
        out.type = RedisReply::Type::Array;
        out.elements.reserve(static_cast<qsizetype>(reply->elements));
        for (size_t i = 0; i < reply->elements; ++i)
            out.elements.append(copyReply(reply->element[i]));
        break;
    default:
        out.type = RedisReply::Type::Nil;
        break;
    }
    return out;
}

struct ReplyDeleter
{
    void operator()(void *reply) const { freeReplyObject(reply); }
};
using ReplyPtr = std::unique_ptr<void, ReplyDeleter>;

struct ArgvView
{
    explicit ArgvView(const QList<QByteArray> &args)
    {
        pointers.reserve(static_cast<size_t>(args.size()));
        lengths.reserve(static_cast<size_t>(args.size()));
        for (const QByteArray &arg : args) {
            pointers.push_back(arg.constData());
            lengths.push_back(static_cast<size_t>(arg.size()));
        }
    }
    int count() const { return static_cast<int>(pointers.size()); }
    std::vector<const char *> pointers;
    std::vector<size_t> lengths;
};

} // namespace

void RedisClient::ContextDeleter::operator()(redisContext *context) const
{
    redisFree(context);
}

RedisClient::RedisClient() = default;
RedisClient::~RedisClient() = default;

bool RedisClient::isConnected() const
{
    return m_context && m_context->err == 0;
}

void RedisClient::disconnect()
{
    m_context.reset();
}

StorageError RedisClient::connectionError(const QString &during)
{
    const QString why = m_context ? QString::fromLocal8Bit(m_context->errstr) : u"no connection"_s;
    m_context.reset();
    return StorageError::connectionLost(
        u"Redis at %1 %2: %3."_s.arg(m_url.toDisplayString(), during, why));
}

Status RedisClient::connect(const RedisUrl &url, RedisTimeouts timeouts)
{
    m_url = url;
    m_context.reset(redisConnectWithTimeout(url.host().toUtf8().constData(), url.port(),
                                            toTimeval(timeouts.connectMs)));
    if (!m_context)
        return StorageError::connectionLost(
            u"Redis at %1: out of memory while connecting."_s.arg(url.toDisplayString()));
    if (m_context->err)
        return connectionError(u"cannot be reached"_s);
    if (redisSetTimeout(m_context.get(), toTimeval(timeouts.commandMs)) != REDIS_OK ||
        redisEnableKeepAlive(m_context.get()) != REDIS_OK)
        return connectionError(u"refused the socket options"_s);

    QList<QList<QByteArray>> setup;
    if (!url.password().isEmpty()) {
        QList<QByteArray> auth{QByteArrayLiteral("AUTH")};
        if (!url.userName().isEmpty())
            auth << url.userName().toUtf8();
        auth << url.password().toUtf8();
        setup << auth;
    }
    if (url.database() != 0)
        setup << QList<QByteArray>{QByteArrayLiteral("SELECT"), QByteArray::number(url.database())};
    if (setup.isEmpty())
        setup << QList<QByteArray>{QByteArrayLiteral("PING")};

    auto replies = pipeline(setup);
    if (!replies)
        return replies.error();
    for (const RedisReply &reply : *replies) {
        if (reply.isError()) {
            const QString message = QString::fromUtf8(reply.text);
            m_context.reset();
            // The reply names the failure (WRONGPASS, NOAUTH, ERR DB index...); the
            // command, which may hold the password, is never repeated.
            return StorageError{
                message.startsWith(u"WRONGPASS"_s) || message.startsWith(u"NOAUTH"_s)
                    ? StorageError::Kind::InvalidArgument
                    : StorageError::Kind::Protocol,
                u"Redis at %1 refused the connection: %2"_s.arg(url.toDisplayString(), message)};
        }
    }
    qCDebug(lcRedis) << "connected to" << url.toDisplayString();
    return success();
}

Result<RedisReply> RedisClient::command(const QList<QByteArray> &args)
{
    auto replies = pipeline({args});
    if (!replies)
        return replies.error();
    return replies->constFirst();
}

Result<QList<RedisReply>> RedisClient::pipeline(const QList<QList<QByteArray>> &commands)
{
    if (!isConnected())
        return connectionError(u"is not connected"_s);
    for (const QList<QByteArray> &args : commands) {
        if (args.isEmpty())
            return StorageError::invalidArgument(u"An empty Redis command cannot be sent."_s);
        ArgvView argv(args); // hiredis 0.14 takes a non-const argv
        if (redisAppendCommandArgv(m_context.get(), argv.count(), argv.pointers.data(),
                                   argv.lengths.data()) != REDIS_OK)
            return connectionError(u"could not take the command"_s);
    }
    QList<RedisReply> replies;
    replies.reserve(commands.size());
    for (const QList<QByteArray> &args : commands) {
        void *raw = nullptr;
        if (redisGetReply(m_context.get(), &raw) != REDIS_OK || raw == nullptr)
            return connectionError(u"failed during %1"_s.arg(QString::fromUtf8(args.first())));
        const ReplyPtr reply(raw);
        replies.append(copyReply(static_cast<const redisReply *>(reply.get())));
    }
    return replies;
}

Result<std::optional<RedisReply>> RedisClient::readReply(int timeoutMs)
{
    if (!isConnected())
        return connectionError(u"is not connected"_s);
    const QDeadlineTimer deadline(qMax(0, timeoutMs));
    for (;;) {
        // A reply may already be buffered, whole, from an earlier read.
        void *raw = nullptr;
        if (redisGetReplyFromReader(m_context.get(), &raw) != REDIS_OK)
            return connectionError(u"sent a reply that cannot be read"_s);
        if (raw != nullptr) {
            const ReplyPtr reply(raw);
            return std::optional<RedisReply>(
                copyReply(static_cast<const redisReply *>(reply.get())));
        }
        // Wait for the socket rather than let a read time out: a timed-out read would leave
        // hiredis's context broken. A part of a reply stays buffered for the next call.
        pollfd socket{m_context->fd, POLLIN, 0};
        const int ready = ::poll(&socket, 1, static_cast<int>(deadline.remainingTime()));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready < 0) {
            const QString why = qt_error_string(errno);
            m_context.reset();
            return StorageError::connectionLost(
                u"Redis at %1: waiting for a message failed: %2."_s.arg(m_url.toDisplayString(),
                                                                        why));
        }
        if (ready == 0)
            return std::optional<RedisReply>();
        if (redisBufferRead(m_context.get()) != REDIS_OK)
            return connectionError(u"failed while waiting for a message"_s);
    }
}

} // namespace porthole
