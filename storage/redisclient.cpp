#include "redisclient.h"

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

// A few bytes of what the server sent, for a message: printable ASCII as it is, the rest escaped.
QString excerpt(std::string_view bytes)
{
    constexpr size_t shown = 32;
    QString out;
    for (const char c : bytes.substr(0, shown)) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\r')
            out += u"\\r"_s;
        else if (c == '\n')
            out += u"\\n"_s;
        else if (c == '"' || c == '\\')
            out += u"\\"_s + QChar::fromLatin1(c);
        else if (byte >= 0x20 && byte < 0x7f)
            out += QChar::fromLatin1(c);
        else
            out += u"\\x%1"_s.arg(uint(byte), 2, 16, QChar(u'0'));
    }
    return u'"' + out + (bytes.size() > shown ? u"\"…"_s : u"\""_s);
}

// RESP3's types, which Redis sends only to a client that asked for them (HELLO 3).
QString resp3TypeName(char type)
{
    switch (type) {
    case '%':
        return u"map"_s;
    case '~':
        return u"set"_s;
    case '>':
        return u"push message"_s;
    case '#':
        return u"boolean"_s;
    case ',':
        return u"double"_s;
    case '(':
        return u"big number"_s;
    case '=':
        return u"verbatim string"_s;
    case '_':
        return u"null"_s;
    case '|':
        return u"attribute"_s;
    case '!':
        return u"blob error"_s;
    }
    return {};
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

// Follows the bytes of the server's answers, RESP2 as Redis sends it, and says what is wrong
// the moment something is: a type that is not RESP2, a length that is not a number or is
// negative other than -1 (nil), a string not ended by CR LF, a bare CR or LF in a line, or a
// string, line, array or nesting past the limits. It holds no answer, only where it is in one,
// so it needs no memory of its own whatever the server sends.
class RedisClient::ReplyChecker
{
public:
    struct Problem
    {
        enum class Kind
        {
            Malformed, // not RESP2
            TooLarge,  // a string, a line or arrays longer than the limits
            TooDeep,   // arrays nested deeper than the limit
        };
        QString what; // empty: none
        Kind kind = Kind::Malformed;
        qsizetype offset = 0; // in the bytes given to check(): those before it are sound
        bool ok() const { return what.isEmpty(); }
    };

    explicit ReplyChecker(const RedisReplyLimits &limits)
        : m_limits(limits)
    {
        // hiredis 0.14 reads arrays nested at most 8 deep.
        m_limits.maxDepth = std::clamp(m_limits.maxDepth, 1, 8);
    }

    // Checks the next bytes. After a problem, the connection cannot be trusted: nothing
    // more is checked, and the problem stays.
    Problem check(const char *data, qsizetype size);
    const std::optional<Problem> &problem() const { return m_problem; }
    // Part of an answer has arrived, and not the rest.
    bool midAnswer() const { return m_state != State::Type || !m_open.empty(); }

private:
    enum class State
    {
        Type,      // the first byte of a value
        Line,      // a status or error line
        LineEnd,   // its LF
        Number,    // an integer, or the length of a string or an array
        NumberEnd, // its LF
        String,    // a string's bytes
        StringCr,  // the CR LF after them
        StringLf,
    };
    enum class Header
    {
        Integer,
        String,
        Array
    };

    Problem step(const char *data, qsizetype size, qsizetype &i);
    Problem header();
    void valueDone();
    QString headerName() const;
    static Problem malformed(QString what) { return {std::move(what), Problem::Kind::Malformed}; }
    static Problem tooLarge(QString what) { return {std::move(what), Problem::Kind::TooLarge}; }

    RedisReplyLimits m_limits;
    State m_state = State::Type;
    Header m_header = Header::Integer;
    qint64 m_lineBytes = 0;
    char m_number[20] = {};
    int m_numberLength = 0;
    qint64 m_stringLength = 0;
    qint64 m_stringLeft = 0;
    qint64 m_elements = 0;      // declared so far in the current answer
    std::vector<qint64> m_open; // elements still to come in each open array, outermost first
    qsizetype m_valueStart = 0; // in the bytes being checked: where the current value began
    std::optional<Problem> m_problem;
};

RedisClient::ReplyChecker::Problem RedisClient::ReplyChecker::check(const char *data,
                                                                    qsizetype size)
{
    if (m_problem)
        return *m_problem;
    m_valueStart = 0;
    for (qsizetype i = 0; i < size; ++i) {
        Problem problem = step(data, size, i);
        if (!problem.ok()) {
            // hiredis gets nothing of the value at fault.
            problem.offset = m_valueStart;
            m_problem = problem;
            return problem;
        }
    }
    return {};
}

// Takes the byte at i (and, in a string, those after it that belong to the string).
RedisClient::ReplyChecker::Problem RedisClient::ReplyChecker::step(const char *data, qsizetype size,
                                                                   qsizetype &i)
{
    const char c = data[i];
    switch (m_state) {
    case State::Type:
        m_valueStart = i;
        if (m_open.empty())
            m_elements = 0; // a new answer
        switch (c) {
        case '+':
        case '-':
            m_state = State::Line;
            m_lineBytes = 0;
            break;
        case '*':
            // Refused at its first byte: hiredis would refuse it there, in its own words.
            if (qsizetype(m_open.size()) >= m_limits.maxDepth)
                return Problem{u"arrays nested more than %1 deep"_s.arg(m_limits.maxDepth),
                               Problem::Kind::TooDeep};
            [[fallthrough]];
        case ':':
        case '$':
            m_header = c == ':' ? Header::Integer : c == '$' ? Header::String : Header::Array;
            m_state = State::Number;
            m_numberLength = 0;
            break;
        default:
            if (const QString resp3 = resp3TypeName(c); !resp3.isEmpty())
                return malformed(u"a RESP3 %1 ('%2'), which Porthole does not read (it speaks "
                                 "RESP2, which Redis sends unless a client asks for RESP3)"_s.arg(
                                     resp3, QChar::fromLatin1(c)));
            return malformed(
                u"%1 where a value should begin"_s.arg(excerpt({data + i, size_t(size - i)})));
        }
        break;
    case State::Line:
        if (c == '\r')
            m_state = State::LineEnd;
        else if (c == '\n')
            return malformed(u"a line feed without a carriage return in a status or error "
                             "line"_s);
        else if (++m_lineBytes > m_limits.maxLineBytes)
            return tooLarge(
                u"a status or error line longer than %1 bytes"_s.arg(m_limits.maxLineBytes));
        break;
    case State::LineEnd:
    case State::NumberEnd:
    case State::StringLf:
        if (c != '\n')
            return malformed(u"a carriage return followed by %1 instead of a line feed"_s.arg(
                excerpt({data + i, 1})));
        if (m_state == State::NumberEnd) {
            if (const Problem problem = header(); !problem.ok())
                return problem;
        } else {
            valueDone();
        }
        break;
    case State::Number:
        if (c == '\r') {
            m_state = State::NumberEnd;
        } else if (m_numberLength == int(sizeof(m_number))) {
            return malformed(
                u"%1 of more than %2 characters"_s.arg(headerName()).arg(sizeof(m_number)));
        } else {
            m_number[m_numberLength++] = c;
        }
        break;
    case State::String: {
        const qint64 taken = std::min<qint64>(m_stringLeft, size - i);
        m_stringLeft -= taken;
        i += taken - 1;
        if (m_stringLeft == 0)
            m_state = State::StringCr;
        break;
    }
    case State::StringCr:
        if (c != '\r')
            return malformed(u"a string of %1 bytes followed by %2 instead of CR LF"_s.arg(
                QString::number(m_stringLength), excerpt({data + i, size_t(size - i)})));
        m_state = State::StringLf;
        break;
    }
    return {};
}

QString RedisClient::ReplyChecker::headerName() const
{
    switch (m_header) {
    case Header::Integer:
        return u"an integer"_s;
    case Header::String:
        return u"the length of a string"_s;
    case Header::Array:
        return u"the length of an array"_s;
    }
    return {};
}

// A number line has ended: an integer, or the length of a string or an array.
RedisClient::ReplyChecker::Problem RedisClient::ReplyChecker::header()
{
    const std::string_view text(m_number, size_t(m_numberLength));
    long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error == std::errc::invalid_argument || end != text.data() + text.size())
        return malformed(u"%1 that is not a number: %2"_s.arg(headerName(), excerpt(text)));
    if (error != std::errc())
        return malformed(u"%1 beyond 64 bits: %2"_s.arg(headerName(), excerpt(text)));

    if (m_header == Header::Integer) {
        valueDone();
        return {};
    }
    // The length of a string or an array: -1 is nil, and no other is negative.
    if (value == -1) {
        valueDone();
        return {};
    }
    if (value < 0)
        return malformed(u"%1 of length %2 (the only negative length is -1, for nil)"_s
                             .arg(m_header == Header::String ? u"a string"_s : u"an array"_s)
                             .arg(value));
    if (m_header == Header::String) {
        if (value > m_limits.maxStringBytes)
            return tooLarge(
                u"a string of %1 bytes, more than the %2 Porthole accepts"_s.arg(value).arg(
                    m_limits.maxStringBytes));
        m_stringLength = m_stringLeft = value;
        m_state = value == 0 ? State::StringCr : State::String;
        return {};
    }
    if (value > m_limits.maxElements - m_elements)
        return tooLarge(m_elements == 0
                            ? u"an array of %1 elements, more than the %2 Porthole accepts in one "
                              "answer"_s.arg(value)
                                  .arg(m_limits.maxElements)
                            : u"an array of %1 elements after %2 others in the same answer, more "
                              "than the %3 Porthole accepts in one answer"_s.arg(value)
                                  .arg(m_elements)
                                  .arg(m_limits.maxElements));
    if (value == 0) {
        valueDone();
        return {};
    }
    m_elements += value;
    m_open.push_back(value);
    m_state = State::Type;
    return {};
}

void RedisClient::ReplyChecker::valueDone()
{
    m_state = State::Type;
    while (!m_open.empty()) {
        if (--m_open.back() > 0)
            return;
        m_open.pop_back();
    }
}

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
        u"Redis at %1 %2: %3."_s.arg(m_url.toDisplayString(), during, why));
}

// The connection is closed for what the server did; `what` completes "Redis at URL ...".
StorageError RedisClient::lost(const QString &what)
{
    disconnect();
    return StorageError::connectionLost(u"Redis at %1 %2"_s.arg(m_url.toDisplayString(), what));
}

Status RedisClient::connect(const RedisUrl &url, RedisTimeouts timeouts, RedisReplyLimits limits)
{
    disconnect();
    m_url = url;
    m_timeouts = timeouts;
    m_context.reset(redisConnectWithTimeout(url.host().toUtf8().constData(), url.port(),
                                            toTimeval(timeouts.connectMs)));
    if (!m_context)
        return StorageError::connectionLost(
            u"Redis at %1: out of memory while connecting."_s.arg(url.toDisplayString()));
    if (m_context->err)
        return connectionError(u"cannot be reached"_s);
    // The send timeout bounds a write to a server that reads nothing; answers are read by
    // receive(), which waits with poll() and never blocks in a read.
    if (redisSetTimeout(m_context.get(), toTimeval(timeouts.commandMs)) != REDIS_OK ||
        redisEnableKeepAlive(m_context.get()) != REDIS_OK)
        return connectionError(u"refused the socket options"_s);
    m_checker = std::make_unique<ReplyChecker>(limits);

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

Result<QList<RedisReply>> RedisClient::pipeline(const QList<QList<QByteArray>> &commands)
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

Result<RedisSkim> RedisClient::skim(const QList<QByteArray> &args, int keepValues, int keepBytes)
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
    const QString answer = u"its answer to %1"_s.arg(QString::fromUtf8(args.first()));

    constexpr qsizetype maxHeader = 64;
    constexpr size_t maxDepth = 64;
    enum class State
    {
        Type,
        Line,
        String,
        StringEnd
    };
    RedisSkim out;
    State state = State::Type;
    char type = 0;
    QByteArray line;
    QByteArray value;
    qint64 declared = 0;
    qint64 left = 0;
    std::vector<qint64> open; // elements still to come in each open array
    const auto keep = [&](const QByteArray &bytes, qint64 length) {
        if (out.values.size() < keepValues) {
            out.values.append(bytes.left(keepBytes));
            out.valueLengths.append(length);
        }
        ++out.valueCount;
    };
    // A value ended: true when it ended the answer.
    const auto ended = [&open] {
        while (!open.empty()) {
            if (--open.back() > 0)
                return false;
            open.pop_back();
        }
        return true;
    };
    for (;;) {
        pollfd socket{m_context->fd, POLLIN, 0};
        const qint64 silenceLeft =
            std::max<qint64>(0, m_timeouts.commandMs - m_sinceLastByte.elapsed());
        const int ready = ::poll(&socket, 1, int(std::min<qint64>(silenceLeft, INT_MAX)));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready < 0)
            return lost(u"could not be waited for: %1."_s.arg(qt_error_string(errno)));
        if (ready == 0)
            return lost(u"sent nothing for %1 ms (the command timeout) in the middle of %2; "
                        "Porthole closed the connection."_s.arg(m_timeouts.commandMs)
                            .arg(answer));
        char bytes[64 * 1024];
        const ssize_t count = ::read(m_context->fd, bytes, sizeof(bytes));
        if (count < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
            continue;
        if (count < 0)
            return lost(u"could not be read from: %1."_s.arg(qt_error_string(errno)));
        if (count == 0)
            return lost(u"closed the connection in the middle of %1."_s.arg(answer));
        m_sinceLastByte.start();
        for (ssize_t i = 0; i < count; ++i) {
            const char c = bytes[i];
            bool complete = false;
            switch (state) {
            case State::Type:
                type = c;
                line.clear();
                state = State::Line;
                break;
            case State::Line: {
                if (c != '\n') {
                    if (line.size() < std::max<qsizetype>(maxHeader, keepBytes + 1))
                        line += c;
                    break;
                }
                if (line.endsWith('\r'))
                    line.chop(1);
                bool number = false;
                const qint64 length = line.toLongLong(&number);
                if (type == '+' || type == '-' || type == ':') {
                    if (type == '-' && out.valueCount == 0)
                        out.isError = true;
                    keep(line, line.size());
                    complete = ended();
                    state = State::Type;
                } else if (type == '$' && number && length == -1) {
                    keep({}, -1);
                    complete = ended();
                    state = State::Type;
                } else if (type == '$' && number && length >= 0) {
                    declared = left = length;
                    value.clear();
                    state = length == 0 ? State::StringEnd : State::String;
                    if (length == 0)
                        left = 2;
                } else if (type == '*' && number && length >= -1) {
                    if (out.arrayLengths.size() < 16)
                        out.arrayLengths.append(length);
                    if (length > 0 && open.size() == maxDepth)
                        return lost(
                            u"sent %1 nested deeper than %2 arrays."_s.arg(answer).arg(maxDepth));
                    if (length > 0)
                        open.push_back(length);
                    else
                        complete = ended();
                    state = State::Type;
                } else {
                    return lost(u"broke the Redis protocol (RESP2) in %1: %2 where a value "
                                "should begin. Porthole closed the connection."_s.arg(
                                    answer, excerpt({&type, 1})));
                }
                break;
            }
            case State::String: {
                const qint64 taken = std::min<qint64>(left, count - i);
                if (value.size() < keepBytes && out.values.size() < keepValues)
                    value.append(bytes + i,
                                 qsizetype(std::min<qint64>(taken, keepBytes - value.size())));
                left -= taken;
                i += taken - 1;
                if (left == 0) {
                    state = State::StringEnd;
                    left = 2;
                }
                break;
            }
            case State::StringEnd:
                if (--left == 0) {
                    keep(value, declared);
                    complete = ended();
                    state = State::Type;
                }
                break;
            }
            if (complete) {
                disconnect();
                return out;
            }
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

Result<std::optional<RedisReply>> RedisClient::receive(const QByteArray &command,
                                                       QDeadlineTimer until)
{
    const QString answer =
        command.isEmpty() ? u"a message"_s : u"its answer to %1"_s.arg(QString::fromUtf8(command));
    for (;;) {
        // An answer may already be buffered, whole, from an earlier read.
        void *raw = nullptr;
        if (redisGetReplyFromReader(m_context.get(), &raw) != REDIS_OK)
            return connectionError(u"sent %1 that cannot be read"_s.arg(answer));
        if (raw != nullptr) {
            const ReplyPtr reply(raw);
            return std::optional<RedisReply>(
                copyReply(static_cast<const redisReply *>(reply.get())));
        }
        // The answers before a problem were read (they may answer earlier commands of a
        // pipeline); this one has it.
        if (const auto &problem = m_checker->problem()) {
            const QString checkAddress =
                u"Porthole closed the connection; check that this address is a Redis server's, "
                "and not another service's or a proxy's that changes answers."_s;
            switch (problem->kind) {
            case ReplyChecker::Problem::Kind::TooLarge:
                m_overLimit = problem->what;
                return lost(u"sent %1 larger than Porthole accepts: %2. Porthole closed the "
                            "connection; if the answer is genuine, ask for less at a time."_s.arg(
                                answer, problem->what));
            case ReplyChecker::Problem::Kind::TooDeep:
                m_overLimit = problem->what;
                return lost(u"sent %1 nested deeper than Porthole reads: %2. %3"_s.arg(
                    answer, problem->what, checkAddress));
            case ReplyChecker::Problem::Kind::Malformed:
                break;
            }
            return lost(u"broke the Redis protocol (RESP2) in %1: %2. %3"_s.arg(
                answer, problem->what, checkAddress));
        }

        // Wait for the socket rather than let a read time out: a timed-out read would leave
        // hiredis's context broken. A part of an answer stays buffered for the next call.
        const bool midAnswer = m_checker->midAnswer();
        const bool silenceCounts = !command.isEmpty() || midAnswer;
        const qint64 silenceLeft =
            std::max<qint64>(0, m_timeouts.commandMs - m_sinceLastByte.elapsed());
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
        // Checked before hiredis sees them, since it would allocate for the lengths they
        // declare; only the sound bytes before a problem are given to it.
        const auto problem = m_checker->check(bytes, count);
        const size_t sound = problem.ok() ? size_t(count) : size_t(problem.offset);
        if (sound > 0 && redisReaderFeed(m_context->reader, bytes, sound) != REDIS_OK)
            return lost(u"sent %1 that Porthole had no memory for."_s.arg(answer));
    }
}

} // namespace porthole
