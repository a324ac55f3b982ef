#include "oversizedentry.h"
#include "redissourcemodes.h"
#include "streamentrypayload.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QSet>
#include <QSysInfo>

#include <algorithm>
#include <limits>
#include <utility>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcRedisSource, "porthole.storage.redissource", QtWarningMsg)

namespace porthole {
namespace {

QString defaultConsumer()
{
    QString host = QSysInfo::machineHostName();
    if (host.isEmpty())
        host = u"porthole"_s;
    return host + u'-' + QString::number(QCoreApplication::applicationPid());
}

} // namespace

// --- RedisSource -------------------------------------------------------------------------

RedisSource::RedisSource(Mode mode, RedisSourceOptions options)
    : m_options(std::move(options))
    , m_mode(mode)
{}

RedisSource::~RedisSource() = default;

QString RedisSource::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Stream:
        return u"stream"_s;
    case Mode::List:
        return u"list"_s;
    case Mode::PubSub:
        return u"pubsub"_s;
    }
    return {};
}

std::optional<RedisSource::Mode> RedisSource::modeFromName(const QString &name)
{
    for (Mode mode : {Mode::Stream, Mode::List, Mode::PubSub}) {
        if (name.compare(modeName(mode), Qt::CaseInsensitive) == 0)
            return mode;
    }
    return std::nullopt;
}

Status RedisSource::connect()
{
    m_client.disconnect();
    const Status connected = m_client.connect(m_options.url, m_options.timeouts);
    if (!connected)
        return failure(connected.error(), u"connect to read"_s);
    // Named so that an operator finds the worker in CLIENT LIST. A user whose ACL forbids
    // CLIENT gets an error reply here, which is harmless.
    QString name = u"porthole-%1-%2"_s.arg(modeName(m_mode), m_options.consumer);
    name.replace(u' ', u'_');
    const auto named = m_client.command({"CLIENT", "SETNAME", name.toUtf8()});
    if (!named)
        return failure(named.error(), u"connect to read"_s);
    return success();
}

QString RedisSource::describe() const
{
    switch (m_mode) {
    case Mode::Stream:
        return u"the stream \"%1\" (group \"%2\", consumer \"%3\")"_s.arg(
            m_options.key, m_options.group, m_options.consumer);
    case Mode::List:
        return u"the list \"%1\" (processing list \"%1:processing:%2\")"_s.arg(m_options.key,
                                                                               m_options.consumer);
    case Mode::PubSub:
        return u"the channel \"%1\""_s.arg(m_options.key);
    }
    return {};
}

StorageError RedisSource::failure(const StorageError &error, const QString &doing) const
{
    QString message = u"Cannot %1 %2: %3"_s.arg(doing, describe(), error.message);
    if (error.kind == StorageError::Kind::ConnectionLost) {
        message += u" Check that Redis is running at that address and can be reached from "
                   "here."_s;
        message += m_mode == Mode::PubSub
                       ? u" Messages published until the connection is back are lost: pub/sub "
                         "keeps nothing."_s
                       : u" Nothing is lost: what was not acknowledged is delivered again."_s;
    }
    return StorageError{error.kind, message};
}

StorageError RedisSource::refused(const RedisReply &reply, const QString &doing) const
{
    QString message = u"Cannot %1 %2: Redis answered \"%3\"."_s.arg(doing, describe(),
                                                                    QString::fromUtf8(reply.text));
    if (reply.text.startsWith("WRONGTYPE"))
        message += u" The key holds another type of value: choose the mode that matches it, or "
                   "another key."_s;
    else if (reply.text.startsWith("NOPERM"))
        message += u" The Redis user lacks a permission that this mode needs."_s;
    else if (reply.text.startsWith("CROSSSLOT") && m_mode == Mode::List)
        message += u" On a Redis Cluster a list and its processing list must share a slot: "
                   "name the list with a hash tag, such as {orders}, whose processing list "
                   "{orders}:processing:CONSUMER then lives beside it."_s;
    return StorageError{StorageError::Kind::Protocol, message};
}
// --- Creation ----------------------------------------------------------------------------

Result<std::unique_ptr<RedisSource>> RedisSource::create(Mode mode, RedisSourceOptions options)
{
    const auto refuse = [](const QString &message) {
        return StorageError::invalidArgument(u"The Redis source cannot start: %1"_s.arg(message));
    };
    if (options.key.isEmpty())
        return refuse(u"no key is set; name the stream, list or channel to read."_s);
    if (options.consumer.isEmpty())
        options.consumer = defaultConsumer();
    if (mode == Mode::Stream && options.group.isEmpty())
        return refuse(u"no consumer group is set."_s);
    if (options.count < 1)
        return refuse(u"it must take at least 1 message a fetch, not %1."_s.arg(options.count));
    if (options.blockMs < 0 || options.blockMs >= options.timeouts.commandMs)
        return refuse(u"the wait for messages (%1 ms) must be shorter than the command timeout "
                      "(%2 ms), or every wait that ends empty would count as a lost "
                      "connection."_s.arg(options.blockMs)
                          .arg(options.timeouts.commandMs));
    if (options.claimIdleMs < 1)
        return refuse(u"the idle time before entries are taken over must be at least 1 ms."_s);
    if (options.forgetIdleMs < options.claimIdleMs)
        return refuse(u"idle consumers can be removed only after their entries were taken "
                      "over: the time before removal (%1 ms) must be at least the idle time "
                      "before taking over (%2 ms)."_s.arg(options.forgetIdleMs)
                          .arg(options.claimIdleMs));
    if (options.maxDeliveries < 1)
        return refuse(
            u"the delivery limit must be at least 1, not %1."_s.arg(options.maxDeliveries));

    std::unique_ptr<RedisSource> source;
    switch (mode) {
    case Mode::Stream:
        source = redissource::makeStreamSource(std::move(options));
        break;
    case Mode::List:
        source = redissource::makeListSource(std::move(options));
        break;
    case Mode::PubSub:
        source = redissource::makePubSubSource(std::move(options));
        break;
    }
    return source;
}

namespace {

constexpr QByteArrayView processingInfix = ":processing:";

} // namespace

QByteArray processingListName(const QByteArray &key, const QByteArray &consumer)
{
    return key + processingInfix + consumer;
}

QByteArray queueOfProcessingList(const QByteArray &name)
{
    const qsizetype infix = name.indexOf(processingInfix);
    return infix > 0 ? name.left(infix) : QByteArray();
}

QByteArray processingListPattern(const QByteArray &key)
{
    // The key's own glob characters taken literally.
    QByteArray pattern;
    for (const char c : key) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\')
            pattern += '\\';
        pattern += c;
    }
    return pattern + processingInfix + '*';
}

} // namespace porthole
