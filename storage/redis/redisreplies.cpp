#include "redisreplies.h"

using namespace Qt::StringLiterals;

namespace porthole {

StorageError unexpectedReply(const QString &what)
{
    return StorageError{StorageError::Kind::Protocol,
                        u"Redis answered %1 in a form Porthole does not know; check that the "
                        "server is Redis 7 or newer."_s.arg(what)};
}

StorageError refusedReply(const RedisReply &reply, const QString &what)
{
    return StorageError{StorageError::Kind::Protocol,
                        u"Redis refused %1: \"%2\"."_s.arg(what, QString::fromUtf8(reply.text))};
}

Status checkArrayReply(const Result<RedisReply> &reply, const QString &what)
{
    if (!reply)
        return reply.error();
    if (reply->isError())
        return refusedReply(*reply, what);
    if (reply->type != RedisReply::Type::Array)
        return unexpectedReply(what);
    return success();
}

std::optional<QHash<QByteArray, const RedisReply *>> fieldsOf(const RedisReply &reply)
{
    if (reply.type != RedisReply::Type::Array || reply.elements.size() % 2 != 0)
        return std::nullopt;
    QHash<QByteArray, const RedisReply *> fields;
    for (qsizetype i = 0; i + 1 < reply.elements.size(); i += 2)
        fields.insert(reply.elements.at(i).text, &reply.elements.at(i + 1));
    return fields;
}

} // namespace porthole
