#pragma once

#include "benchsupport.h"
#include "redisurl.h"

#include <QByteArray>
#include <QList>

#include <hiredis/hiredis.h>
#include <memory>
#include <vector>

namespace porthole::bench {

using namespace Qt::StringLiterals;

// A plain hiredis connection: what a program without Porthole would use.
class RawRedis
{
public:
    explicit RawRedis(const RedisUrl &url)
        : m_context(redisConnect(url.host().toUtf8().constData(), url.port()))
    {
        check(m_context && !m_context->err,
              u"cannot connect to Redis at %1"_s.arg(url.toDisplayString()));
    }
    ~RawRedis() { redisFree(m_context); }
    RawRedis(const RawRedis &) = delete;
    RawRedis &operator=(const RawRedis &) = delete;

    struct ReplyDeleter
    {
        void operator()(redisReply *reply) const { freeReplyObject(reply); }
    };
    using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

    void append(const std::vector<const char *> &argv, const std::vector<size_t> &lengths)
    {
        check(redisAppendCommandArgv(m_context, int(argv.size()),
                                     const_cast<const char **>(argv.data()),
                                     lengths.data()) == REDIS_OK,
              u"hiredis append failed"_s);
    }
    void append(const QList<QByteArray> &args)
    {
        std::vector<const char *> argv;
        std::vector<size_t> lengths;
        for (const QByteArray &arg : args) {
            argv.push_back(arg.constData());
            lengths.push_back(size_t(arg.size()));
        }
        append(argv, lengths);
    }
    Reply reply()
    {
        void *reply = nullptr;
        check(redisGetReply(m_context, &reply) == REDIS_OK && reply,
              u"hiredis: %1"_s.arg(QString::fromUtf8(m_context->errstr)));
        return Reply(static_cast<redisReply *>(reply));
    }
    Reply command(const QList<QByteArray> &args)
    {
        append(args);
        return reply();
    }

private:
    redisContext *m_context;
};

} // namespace porthole::bench
