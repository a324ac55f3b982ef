#pragma once

// The three modes of RedisSource, each in its own file (streamsource.cpp, listsource.cpp,
// pubsubsource.cpp; redissource.cpp has what every mode shares and RedisSource::create()), and
// the little they share besides the base class. Private to storage/.

#include "redissource.h"

#include <QLoggingCategory>
#include <QUuid>

#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcRedisSource)

namespace porthole::redissource {

inline QString uuidText()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

inline StorageError unexpected(const QString &what)
{
    using namespace Qt::StringLiterals;
    return StorageError{StorageError::Kind::Protocol,
                        u"Redis answered %1 in a form Porthole does not know; check that the "
                        "server is Redis 7 or newer."_s.arg(what)};
}

std::unique_ptr<RedisSource> makeStreamSource(RedisSourceOptions options);
std::unique_ptr<RedisSource> makeListSource(RedisSourceOptions options);
std::unique_ptr<RedisSource> makePubSubSource(RedisSourceOptions options);

} // namespace porthole::redissource
