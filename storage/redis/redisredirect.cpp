// RedisClient on a Redis Cluster: following the MOVED and ASK redirects (see redisclient.h).

#include "redisclient.h"

#include <QLoggingCategory>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcRedis)

namespace porthole {

// `MOVED <slot> <host>:<port>` or `ASK <slot> <host>:<port>`.
struct RedisRedirect
{
    bool ask = false;
    QString host; // empty: the host of the node that answered
    int port = 0;
    QByteArray line;

    bool sameTarget(const RedisRedirect &other) const
    {
        return ask == other.ask && host == other.host && port == other.port;
    }
};

namespace {

// The redirect an error reply is, if it is one. The port follows the last colon, so that an
// IPv6 address keeps its own.
std::optional<RedisRedirect> redirectOf(const RedisReply &reply)
{
    if (!reply.isError())
        return std::nullopt;
    const bool ask = reply.text.startsWith("ASK ");
    if (!ask && !reply.text.startsWith("MOVED "))
        return std::nullopt;
    const QList<QByteArray> parts = reply.text.split(' ');
    if (parts.size() != 3)
        return std::nullopt;
    const QByteArray &address = parts.at(2);
    const qsizetype colon = address.lastIndexOf(':');
    bool ok = false;
    const int port = colon < 0 ? 0 : address.mid(colon + 1).toInt(&ok);
    if (!ok || port <= 0 || port > 65535)
        return std::nullopt;
    QString host = QString::fromUtf8(address.left(colon));
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    return RedisRedirect{ask, host, port, reply.text};
}

bool holdsTransaction(const QList<QList<QByteArray>> &commands)
{
    return std::any_of(commands.begin(), commands.end(), [](const QList<QByteArray> &args) {
        return !args.isEmpty() && args.first().compare("MULTI", Qt::CaseInsensitive) == 0;
    });
}

} // namespace

Result<QList<RedisReply>> RedisClient::pipeline(const QList<QList<QByteArray>> &commands)
{
    auto first = exchange(commands);
    if (!first)
        return first;
    QList<RedisReply> replies = std::move(*first);
    const bool transaction = holdsTransaction(commands);
    QList<int> hops(commands.size(), 0);
    for (;;) {
        // The commands that go again to where the first redirect points: those redirected
        // there, or all of a transaction (the node refused it whole).
        std::optional<RedisRedirect> to;
        QList<qsizetype> again;
        for (qsizetype i = 0; i < replies.size(); ++i) {
            const auto redirect = redirectOf(replies.at(i));
            if (!redirect)
                continue;
            if (!to)
                to = redirect;
            if (transaction || redirect->sameTarget(*to))
                again.append(i);
        }
        if (!to)
            return replies;
        if (transaction) {
            again.clear();
            for (qsizetype i = 0; i < commands.size(); ++i)
                again.append(i);
        }
        QList<QList<QByteArray>> group;
        for (const qsizetype i : std::as_const(again)) {
            if (hops[i]++ == MaxRedirects)
                return tooManyRedirects(commands.at(i), *to);
            group.append(commands.at(i));
        }
        auto answers = redirect(*to, group);
        if (!answers)
            return answers.error();
        for (qsizetype k = 0; k < again.size(); ++k)
            replies[again.at(k)] = std::move((*answers)[k]);
    }
}

Result<QList<RedisReply>> RedisClient::redirect(const RedisRedirect &to,
                                                const QList<QList<QByteArray>> &commands)
{
    const RedisUrl node = m_node.atNode(to.host.isEmpty() ? m_node.host() : to.host, to.port);
    const auto unreachable = [&](const StorageError &error) {
        return StorageError{error.kind,
                            u"%1 (the cluster node that answered %2 named it: %3)"_s.arg(
                                error.message, QString::fromUtf8(commands.first().first()),
                                QString::fromUtf8(to.line))};
    };
    if (!to.ask) {
        qCDebug(lcRedis) << "following" << to.line << "to" << node.toDisplayString();
        if (const Status connected = connectNode(node); !connected)
            return unreachable(connected.error());
        return exchange(commands);
    }
    // ASKING holds for the next command only, or for a whole transaction.
    qCDebug(lcRedis) << "asking" << node.toDisplayString() << "once after" << to.line;
    const bool transaction = holdsTransaction(commands);
    QList<QList<QByteArray>> asked;
    for (const QList<QByteArray> &args : commands) {
        if (!transaction || asked.isEmpty())
            asked.append(QList<QByteArray>{QByteArrayLiteral("ASKING")});
        asked.append(args);
    }
    RedisClient once;
    if (const Status connected = once.connect(node, m_timeouts, m_limits); !connected)
        return unreachable(connected.error());
    auto replies = once.exchange(asked);
    m_overLimit = once.m_overLimit;
    if (!replies)
        return replies.error();
    QList<RedisReply> answers;
    for (qsizetype i = 0; i < asked.size(); ++i) {
        if (asked.at(i).constFirst() != "ASKING")
            answers.append(std::move((*replies)[i]));
        else if (replies->at(i).isError())
            return StorageError{StorageError::Kind::Protocol,
                                u"Redis at %1 refused ASKING after %2: %3"_s.arg(
                                    node.toDisplayString(), QString::fromUtf8(to.line),
                                    QString::fromUtf8(replies->at(i).text))};
    }
    return answers;
}

StorageError RedisClient::tooManyRedirects(const QList<QByteArray> &args,
                                           const RedisRedirect &last) const
{
    return StorageError{
        StorageError::Kind::Protocol,
        u"Redis at %1 redirected %2 more than %3 times (the last answer: %4), and Porthole "
        "stopped following. A cluster whose slots are being moved settles within moments: try "
        "again; if it goes on, check the cluster's slots with redis-cli --cluster check."_s
            .arg(m_url.toDisplayString(), QString::fromUtf8(args.first()))
            .arg(MaxRedirects)
            .arg(QString::fromUtf8(last.line))};
}

Status RedisClient::connectToNode(const QString &host, int port)
{
    return connectNode(m_url.atNode(host, port));
}

Result<RedisSkim> RedisClient::skim(const QList<QByteArray> &args, int keepValues, int keepBytes)
{
    for (int hops = 0;; ++hops) {
        auto skimmed = skimHere(args, keepValues, keepBytes);
        if (!skimmed || !skimmed->isError || skimmed->values.isEmpty())
            return skimmed;
        RedisReply line;
        line.type = RedisReply::Type::Error;
        line.text = skimmed->values.first();
        const auto to = redirectOf(line);
        if (!to)
            return skimmed;
        if (hops == MaxRedirects)
            return tooManyRedirects(args, *to);
        // skimHere() closed the connection: open one to the node named, and ASK there once.
        const RedisUrl node =
            m_node.atNode(to->host.isEmpty() ? m_node.host() : to->host, to->port);
        if (const Status connected = connectNode(node); !connected)
            return connected.error();
        if (to->ask) {
            auto asking = exchange({{QByteArrayLiteral("ASKING")}});
            if (!asking)
                return asking.error();
        }
    }
}

} // namespace porthole
