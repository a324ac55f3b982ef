#pragma once

#include "redisclient.h"
#include "storageerror.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <optional>

namespace porthole {

// What the readers of Redis's introspection commands (XINFO, XPENDING, SCAN, ...) say when an
// answer is not what Redis 7 gives, and when Redis refuses a command.
StorageError unexpectedReply(const QString &what);
StorageError refusedReply(const RedisReply &reply, const QString &what);

// Whether `reply` came and is an array; else why not: the connection's error, Redis's refusal
// of `what`, or a reply in a form Porthole does not know.
Status checkArrayReply(const Result<RedisReply> &reply, const QString &what);

// A flat [name, value, name, value, ...] reply (XINFO's) as a map; nothing if it is not one.
std::optional<QHash<QByteArray, const RedisReply *>> fieldsOf(const RedisReply &reply);

} // namespace porthole
