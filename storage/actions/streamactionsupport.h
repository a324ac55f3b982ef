#pragma once

// What the planning (streamactions.cpp) and the applying (streamactionapply.cpp) of stream
// actions share. Private to storage/.

#include "redisclient.h"
#include "storageerror.h"
#include "streambrowser.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace porthole::streamactions {

// Commands sent in one round trip at most; a plan of 100,000 ids takes 100 of them.
constexpr qsizetype ChunkSize = 1000;

// Runs `commands` in round trips of ChunkSize; the replies in order.
Result<QList<RedisReply>> pipelineChunked(RedisClient &client,
                                          const QList<QList<QByteArray>> &commands);

// For each of `ids`, its entry in the pending list of `group` (only `consumer`'s when named),
// or nothing when the group does not hold it.
Result<QList<std::optional<PendingEntry>>> pendingOf(RedisClient &client, const QByteArray &key,
                                                     const QByteArray &group,
                                                     const QList<QByteArray> &ids,
                                                     const QByteArray &consumer = {});

// For each of `ids`, its entry in the stream, or nothing when the stream does not hold it.
Result<QList<std::optional<StreamEntry>>> entriesOf(RedisClient &client, const QByteArray &key,
                                                    const QList<QByteArray> &ids);
// For each of `ids`, whether the stream holds it; the entries themselves stay on the server.
Result<QList<bool>> entriesExist(RedisClient &client, const QByteArray &key,
                                 const QList<QByteArray> &ids);

// A consumer group of one stream, as XINFO GROUPS tells it.
struct GroupInfo
{
    QByteArray name;
    qint64 consumers = 0;
    qint64 pending = 0;
    QByteArray lastDeliveredId;
};

// The groups of the stream `key`; NotFound when there is no such key.
Result<QList<GroupInfo>> readGroups(RedisClient &client, const QByteArray &key);

// "1 entry", "3 entries".
QString entriesText(qint64 count);
QString quoted(const QByteArray &name);

// Stores the entries `pending` names, of the stream `key`'s `group`, as dead letters with
// `reason`, in one transaction of `db` with the audit entry `audit` (its ids: the entries
// stored, now or by an earlier run). The entries are read from `client` ChunkSize at a time,
// so memory holds one chunk of them; one gone from the stream meanwhile is left out. Nothing
// is acknowledged here.
struct DeadLetterBatch
{
    QByteArray key;
    QByteArray group;
    QString reason;
    QString actor;
    QList<PendingEntry> pending;
};
struct AuditRecord
{
    QString action;
    QString target;
    QJsonObject filter;
    QList<QByteArray> ids;
    QString details;
    QString actor;
};
struct StoredDeadLetters
{
    QList<QByteArray> ids;    // stored now or before
    qint64 alreadyStored = 0; // of them, by an earlier run
    qint64 auditId = 0;
};
Result<StoredDeadLetters> storeDeadLetters(const QSqlDatabase &db, RedisClient &client,
                                           const DeadLetterBatch &batch, AuditRecord audit);
// Appends `audit` to the audit log of `db` on its own.
Result<qint64> appendAudit(const QSqlDatabase &db, const AuditRecord &audit);

} // namespace porthole::streamactions
