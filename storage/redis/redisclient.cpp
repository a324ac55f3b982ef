#include "redisclient.h"

#include "redisreplychecker.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QLoggingCategory>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <hiredis.h>
#include <poll.h>
#include <string_view>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcRedis, "porthole.storage.redis", QtWarningMsg)

namespace porthole {

namespace {

timeval toTimeval(int ms)
{
    return timeval{ms / 1000, static_cast<suseconds_t>((ms % 1000) * 1000)};
}

// hiredis builds each answer through these, straight into RedisReply values: no tree of its
// own to copy and free afterwards (a stream read of 1,000 entries was a few thousand
// allocations twice over). hiredis creates an array before its elements and the elements in
// order, each complete before the next begins; so an element is appended to its array's list,
// and the lists of the arrays still open (the parent chain) are not changed until the element
// inside them is complete: the pointers hiredis holds stay valid. An array's list reserves its
// declared length up to a bound, so memory follows what the server sent.
void *linkedReply(const redisReadTask *task, RedisReply &&node)
{
    if (task->parent == nullptr)
        return new RedisReply(std::move(node));
    auto *parent = static_cast<RedisReply *>(task->parent->obj);
    parent->elements.append(std::move(node));
    return &parent->elements.last();
}

void *createStringReply(const redisReadTask *task, char *text, size_t length)
{
    RedisReply node;
    node.type = task->type == REDIS_REPLY_ERROR    ? RedisReply::Type::Error
                : task->type == REDIS_REPLY_STATUS ? RedisReply::Type::Status
                                                   : RedisReply::Type::String;
    node.text = QByteArray(text, static_cast<qsizetype>(length));
    return linkedReply(task, std::move(node));
}

void *createArrayReply(const redisReadTask *task, int elements)
{
    RedisReply node;
    node.type = RedisReply::Type::Array;
    node.elements.reserve(std::min(elements, 4096));
    return linkedReply(task, std::move(node));
}

void *createIntegerReply(const redisReadTask *task, long long value)
{
    RedisReply node;
    node.type = RedisReply::Type::Integer;
    node.integer = value;
    return linkedReply(task, std::move(node));
}

void *createNilReply(const redisReadTask *task)
{
    return linkedReply(task, RedisReply{});
}

// hiredis frees only the whole answer (the root): its elements live in its lists.
void freeReply(void *reply)
{
    delete static_cast<RedisReply *>(reply);
}

redisReplyObjectFunctions replyFunctions{createStringReply, createArrayReply, createIntegerReply,
                                         createNilReply, freeReply};

struct ReplyDeleter
{
    void operator()(RedisReply *reply) const { freeReply(reply); }
};
using ReplyPtr = std::unique_ptr<RedisReply, ReplyDeleter>;

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

RedisReplyLimits RedisClient::defaultLimits()
{
    RedisReplyLimits limits;
    const auto lower = [](const char *name, auto &limit) {
        bool ok = false;
        const qint64 value = qEnvironmentVariable(name).toLongLong(&ok);
        if (ok && value > 0 && value < limit)
            limit = value;
    };
    lower("PORTHOLE_REDIS_MAX_ELEMENTS", limits.maxElements);
    lower("PORTHOLE_REDIS_MAX_STRING_BYTES", limits.maxStringBytes);
    return limits;
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
    m_checker.reset();
}

StorageError RedisClient::connectionError(const QString &during)
{
    const QString why = m_context ? QString::fromLocal8Bit(m_context->errstr) : u"no connection"_s;
    disconnect();
    return StorageError::connectionLost(
        u"Redis at %1 %2: %3."_s.arg(m_node.toDisplayString(), during, why));
}

// The connection is closed for what the server did; `what` completes "Redis at URL ...".
StorageError RedisClient::lost(const QString &what)
{
    disconnect();
    return StorageError::connectionLost(u"Redis at %1 %2"_s.arg(m_node.toDisplayString(), what));
}

// Bytes that come steadily but too slowly: each within the command timeout, the whole answer
// not within its limit.
StorageError RedisClient::tooSlow(const QString &answer)
{
    return lost(u"took more than %1 ms (the time limit of one answer) to send %2, its bytes "
                "coming too slowly; Porthole closed the connection. Check the network to the "
                "server and the server's load; if the answer is large, ask for less at a time."_s
                    .arg(m_timeouts.answerLimitMs())
                    .arg(answer));
}

Status RedisClient::connect(const RedisUrl &url, RedisTimeouts timeouts, RedisReplyLimits limits)
{
    m_url = url;
    m_timeouts = timeouts;
    m_limits = limits;
    return connectNode(url);
}

Status RedisClient::connectNode(const RedisUrl &url)
{
    disconnect();
    m_node = url;
    m_context.reset(redisConnectWithTimeout(url.host().toUtf8().constData(), url.port(),
                                            toTimeval(m_timeouts.connectMs)));
    if (!m_context)
        return StorageError::connectionLost(
            u"Redis at %1: out of memory while connecting."_s.arg(url.toDisplayString()));
    if (m_context->err)
        return connectionError(u"cannot be reached"_s);
    m_context->reader->fn = &replyFunctions;
    // The send timeout bounds a write to a server that reads nothing; answers are read by
    // receive(), which waits with poll() and never blocks in a read.
    if (redisSetTimeout(m_context.get(), toTimeval(m_timeouts.commandMs)) != REDIS_OK ||
        redisEnableKeepAlive(m_context.get()) != REDIS_OK)
        return connectionError(u"refused the socket options"_s);
    m_checker = std::make_unique<RedisReplyChecker>(m_limits);

    QList<QList<QByteArray>> setup;
    if (!url.password().isEmpty()) {
        QList<QByteArray> auth{QByteArrayLiteral("AUTH")};
        if (!url.userName().isEmpty())
            auth << url.userName().toUtf8();
        auth << url.password().toUtf8();
        setup << auth;
    }
    // Only database 0 exists on a cluster, which refuses SELECT: the URL's default selects none.
    if (url.database() != 0)
        setup << QList<QByteArray>{QByteArrayLiteral("SELECT"), QByteArray::number(url.database())};
    if (setup.isEmpty())
        setup << QList<QByteArray>{QByteArrayLiteral("PING")};

    auto replies = exchange(setup);
    if (!replies)
        return replies.error();
    for (const RedisReply &reply : *replies) {
        if (reply.isError()) {
            const QString message = QString::fromUtf8(reply.text);
            disconnect();
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

Result<RedisReply> RedisClient::evalScript(QByteArrayView source, const QList<QByteArray> &keys,
                                           const QList<QByteArray> &args)
{
    QList<QByteArray> call{"EVALSHA",
                           QCryptographicHash::hash(source, QCryptographicHash::Sha1).toHex(),
                           QByteArray::number(keys.size())};
    call << keys << args;
    auto reply = command(call);
    if (!reply || !reply->isError() || !reply->text.startsWith("NOSCRIPT"))
        return reply;
    call[0] = "EVAL";
    call[1] = source.toByteArray();
    return command(call);
}

Result<QList<RedisReply>> RedisClient::exchange(const QList<QList<QByteArray>> &commands)
{
    m_overLimit.clear();
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
    for (int done = 0; !done;) {
        if (redisBufferWrite(m_context.get(), &done) != REDIS_OK)
            return connectionError(u"failed while Porthole sent %1"_s.arg(
                QString::fromUtf8(commands.first().first())));
    }
    m_sinceLastByte.start(); // the command timeout counts from here
    QList<RedisReply> replies;
    replies.reserve(commands.size());
    for (const QList<QByteArray> &args : commands) {
        auto reply = receive(args.first());
        if (!reply)
            return reply.error();
        replies.append(std::move(**reply));
    }
    return replies;
}

Result<RedisSkim> RedisClient::skimHere(const QList<QByteArray> &args, int keepValues,
                                        int keepBytes)
{
    m_overLimit.clear();
    if (!isConnected())
        return connectionError(u"is not connected"_s);
    if (args.isEmpty())
        return StorageError::invalidArgument(u"An empty Redis command cannot be sent."_s);
    if (m_context->reader->pos < m_context->reader->len || m_checker->midAnswer())
        return lost(u"still had an answer to read before a new command; Porthole closed the "
                    "connection."_s);
    ArgvView argv(args);
    if (redisAppendCommandArgv(m_context.get(), argv.count(), argv.pointers.data(),
                               argv.lengths.data()) != REDIS_OK)
        return connectionError(u"could not take the command"_s);
    for (int done = 0; !done;) {
        if (redisBufferWrite(m_context.get(), &done) != REDIS_OK)
            return connectionError(
                u"failed while Porthole sent %1"_s.arg(QString::fromUtf8(args.first())));
    }
    m_sinceLastByte.start();
    m_answerClock.start();
    const QString answer = u"its answer to %1"_s.arg(QString::fromUtf8(args.first()));

    RedisSkimReader reader(keepValues, keepBytes, answer);
    for (;;) {
        const qint64 answerLeft = m_timeouts.answerLimitMs() - m_answerClock.elapsed();
        if (answerLeft <= 0)
            return tooSlow(answer);
        pollfd socket{m_context->fd, POLLIN, 0};
        const qint64 silenceLeft =
            std::max<qint64>(0, m_timeouts.commandMs - m_sinceLastByte.elapsed());
        const int ready =
            ::poll(&socket, 1, int(std::min({silenceLeft, answerLeft, qint64(INT_MAX)})));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready < 0)
            return lost(u"could not be waited for: %1."_s.arg(qt_error_string(errno)));
        if (ready == 0 && m_sinceLastByte.elapsed() >= m_timeouts.commandMs)
            return lost(u"sent nothing for %1 ms (the command timeout) in the middle of %2; "
                        "Porthole closed the connection."_s.arg(m_timeouts.commandMs)
                            .arg(answer));
        if (ready == 0)
            continue; // the answer's time limit, checked above
        char bytes[64 * 1024];
        const ssize_t count = ::read(m_context->fd, bytes, sizeof(bytes));
        if (count < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
            continue;
        if (count < 0)
            return lost(u"could not be read from: %1."_s.arg(qt_error_string(errno)));
        if (count == 0)
            return lost(u"closed the connection in the middle of %1."_s.arg(answer));
        m_sinceLastByte.start();
        switch (reader.take(bytes, count)) {
        case RedisSkimReader::Step::More:
            break;
        case RedisSkimReader::Step::Complete:
            disconnect();
            return reader.skim();
        case RedisSkimReader::Step::Broken:
            return lost(reader.problem());
        }
    }
}

Result<std::optional<RedisReply>> RedisClient::readReply(int timeoutMs)
{
    m_overLimit.clear();
    if (!isConnected())
        return connectionError(u"is not connected"_s);
    return receive({}, QDeadlineTimer(qMax(0, timeoutMs)));
}

// The answers before a problem were read (they may answer earlier commands of a pipeline);
// this one has it.
StorageError RedisClient::lostOnProblem(const QString &answer)
{
    const RedisReplyChecker::Problem &problem = *m_checker->problem();
    const QString checkAddress =
        u"Porthole closed the connection; check that this address is a Redis server's, "
        "and not another service's or a proxy's that changes answers."_s;
    switch (problem.kind) {
    case RedisReplyChecker::Problem::Kind::TooLarge:
        m_overLimit = problem.what;
        return lost(u"sent %1 larger than Porthole accepts: %2. Porthole closed the "
                    "connection; if the answer is genuine, ask for less at a time."_s.arg(
                        answer, problem.what));
    case RedisReplyChecker::Problem::Kind::TooDeep:
        m_overLimit = problem.what;
        return lost(u"sent %1 nested deeper than Porthole reads: %2. %3"_s.arg(answer, problem.what,
                                                                               checkAddress));
    case RedisReplyChecker::Problem::Kind::Malformed:
        break;
    }
    return lost(u"broke the Redis protocol (RESP2) in %1: %2. %3"_s.arg(answer, problem.what,
                                                                        checkAddress));
}

Result<std::optional<RedisReply>> RedisClient::receive(const QByteArray &command,
                                                       QDeadlineTimer until)
{
    const QString answer =
        command.isEmpty() ? u"a message"_s : u"its answer to %1"_s.arg(QString::fromUtf8(command));
    if (!command.isEmpty()) // a message's clock starts with its first byte, below
        m_answerClock.start();
    for (;;) {
        // An answer may already be buffered, whole, from an earlier read.
        void *raw = nullptr;
        if (redisGetReplyFromReader(m_context.get(), &raw) != REDIS_OK)
            return connectionError(u"sent %1 that cannot be read"_s.arg(answer));
        if (raw != nullptr) {
            const ReplyPtr reply(static_cast<RedisReply *>(raw));
            return std::optional<RedisReply>(std::move(*reply));
        }
        if (m_checker->problem())
            return lostOnProblem(answer);

        // Wait for the socket rather than let a read time out: a timed-out read would leave
        // hiredis's context broken. A part of an answer stays buffered for the next call.
        const bool midAnswer = m_checker->midAnswer();
        const bool silenceCounts = !command.isEmpty() || midAnswer;
        const qint64 answerLeft =
            silenceCounts ? m_timeouts.answerLimitMs() - m_answerClock.elapsed() : INT_MAX;
        if (answerLeft <= 0)
            return tooSlow(answer);
        const qint64 silenceLeft = std::min(
            answerLeft, std::max<qint64>(0, m_timeouts.commandMs - m_sinceLastByte.elapsed()));
        qint64 waitMs = until.remainingTime(); // -1: for ever
        if (silenceCounts)
            waitMs = waitMs < 0 ? silenceLeft : std::min(waitMs, silenceLeft);
        pollfd socket{m_context->fd, POLLIN, 0};
        const int ready = ::poll(&socket, 1, int(std::min<qint64>(waitMs, INT_MAX)));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready < 0)
            return lost(u"could not be waited for: %1."_s.arg(qt_error_string(errno)));
        if (ready == 0) {
            if (silenceCounts && m_sinceLastByte.elapsed() >= m_timeouts.commandMs)
                return lost(u"sent nothing for %1 ms (the command timeout) %2 %3; Porthole "
                            "closed the connection."_s.arg(m_timeouts.commandMs)
                                .arg(midAnswer ? u"in the middle of"_s : u"instead of"_s, answer));
            if (until.hasExpired())
                return std::optional<RedisReply>();
            continue;
        }

        char bytes[16 * 1024];
        const ssize_t count = ::read(m_context->fd, bytes, sizeof(bytes));
        if (count < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
            continue;
        if (count < 0)
            return lost(u"could not be read from: %1."_s.arg(qt_error_string(errno)));
        if (count == 0)
            return lost(midAnswer ? u"closed the connection in the middle of %1."_s.arg(answer)
                        : command.isEmpty()
                            ? u"closed the connection."_s
                            : u"closed the connection instead of sending %1."_s.arg(answer));
        m_sinceLastByte.start();
        if (command.isEmpty() && !midAnswer) // these bytes begin a message
            m_answerClock.start();
        // Checked before hiredis sees them, since it would allocate for the lengths they
        // declare; only the sound bytes before a problem are given to it.
        const auto problem = m_checker->check(bytes, count);
        const size_t sound = problem.ok() ? size_t(count) : size_t(problem.offset);
        if (sound > 0 && redisReaderFeed(m_context->reader, bytes, sound) != REDIS_OK)
            return lost(u"sent %1 that Porthole had no memory for."_s.arg(answer));
    }
}

} // namespace porthole
