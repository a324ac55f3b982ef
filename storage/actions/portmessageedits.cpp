#include "portmessageedits.h"

#include "auditlog.h"
#include "repositorysupport.h"
#include "sqlerror.h"
#include "sqlsupport.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace porthole {

QString jsonErrorAt(const QByteArray &json)
{
    QJsonParseError error;
    QJsonDocument::fromJson(json, &error);
    if (error.error == QJsonParseError::NoError)
        return {};
    // Lines and columns count characters, as an editor shows them, not bytes.
    const QString before = QString::fromUtf8(json.left(error.offset));
    const qsizetype lineStart = before.lastIndexOf(u'\n') + 1;
    const qsizetype line = before.count(u'\n') + 1;
    const qsizetype column = before.size() - lineStart + 1;
    return u"line %1, column %2: %3"_s.arg(line).arg(column).arg(error.errorString());
}

Result<PortMessage> editPortMessagePayload(const QSqlDatabase &db, const QString &id,
                                           qint64 expectedVersion, const QByteArray &messageData,
                                           const QString &actor)
{
    if (const QString where = jsonErrorAt(messageData); !where.isEmpty())
        return StorageError{StorageError::Kind::InvalidJson,
                            u"The payload is not valid JSON: %1."_s.arg(where)};
    if (QUuid::fromString(id).isNull())
        return StorageError::invalidArgument(
            u"\"%1\" is not a port message id (a UUID)."_s.arg(id));
    SqlTransaction transaction(db);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    auto rows = readPortMessages(db, QStringList{id}, true);
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return StorageError{StorageError::Kind::NotFound,
                            u"There is no port message %1."_s.arg(id)};
    const PortMessage before = rows->first();
    if (before.version != expectedVersion)
        return StorageError{
            StorageError::Kind::Conflict,
            u"Port message %1 was changed by someone else while you edited it (it is at version "
            "%2 now, status %3; you edited version %4). Nothing was saved: look at it as it is "
            "now and edit again."_s.arg(id)
                .arg(before.version)
                .arg(before.status)
                .arg(expectedVersion)};
    if (before.deletedAt.isValid())
        return StorageError::invalidArgument(
            u"Port message %1 was purged; restore it before editing it."_s.arg(id));
    PortMessage after = before;
    after.messageData = messageData;
    ++after.version;

    AuditEntry entry;
    entry.actor = actor;
    entry.action = u"edit"_s;
    entry.targetTable = u"port_messages"_s;
    entry.affectedIds = QJsonArray{id};
    entry.affectedCount = 1;
    entry.before = QJsonObject{{u"message_data"_s, storedJsonValue(before.messageData)},
                               {u"version"_s, before.version}};
    entry.after = QJsonObject{{u"message_data"_s, storedJsonValue(after.messageData)},
                              {u"version"_s, after.version}};
    entry.details = u"Edited the payload of port message %1."_s.arg(id);
    auto auditId = AuditLog(db).append(entry);
    if (!auditId)
        return auditId.error();
    if (Status kept = appendHistory(db, *auditId, u"edit"_s,
                                    QJsonObject{{id, portMessageChanges(before, after)}});
        !kept)
        return kept.error();
    auto updated = execQuery(db,
                             u"UPDATE port_messages SET message_data = ?, version = version + 1 "
                             "WHERE id = ? AND version = ?"_s,
                             {jsonParam(messageData), id, expectedVersion},
                             u"Saving the edited payload of port message %1"_s.arg(id));
    if (!updated)
        return updated.error();
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return after;
}

Result<HardDeletePlan> previewHardDelete(const QSqlDatabase &db, const QDateTime &purgedBefore)
{
    if (!purgedBefore.isValid())
        return StorageError::invalidArgument(u"A hard delete needs a cut-off time."_s);
    HardDeletePlan plan;
    plan.purgedBefore = purgedBefore.toUTC();
    auto query = execQuery(db,
                           u"SELECT id FROM port_messages WHERE deleted_at IS NOT NULL AND "
                           "deleted_at < ? ORDER BY deleted_at, id"_s,
                           {timestampParam(plan.purgedBefore, engineOf(db))},
                           u"Previewing the hard delete of purged port messages"_s);
    if (!query)
        return query.error();
    while (query->next())
        plan.ids << query->value(0).toString();
    return plan;
}

Result<qint64> applyHardDelete(const QSqlDatabase &db, const HardDeletePlan &plan,
                               const QString &actor)
{
    SqlTransaction transaction(db);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    const QVariant cutoff = timestampParam(plan.purgedBefore, engineOf(db));
    QJsonArray deleted;
    const Status done =
        forEachIdBatch(db, plan.ids, portMessageIdsPerStatement, [&](const IdSet &set, qsizetype) {
            // Only what is still purged before the cut-off: a row restored since is kept.
            auto query = execQuery(db,
                                   u"DELETE FROM port_messages WHERE deleted_at IS NOT NULL AND "
                                   "deleted_at < ? AND id IN (%1) RETURNING id"_s.arg(set.select),
                                   {cutoff, set.param}, u"Deleting purged port messages"_s);
            if (!query)
                return Status(query.error());
            while (query->next())
                deleted.append(query->value(0).toString());
            return success();
        });
    if (!done)
        return done.error();
    AuditEntry entry;
    entry.actor = actor;
    entry.action = u"hard delete"_s;
    entry.targetTable = u"port_messages"_s;
    entry.filter = QJsonObject{{u"purged_before"_s, timeOrNull(plan.purgedBefore)}};
    entry.affectedIds = deleted;
    entry.affectedCount = deleted.size();
    entry.details = u"Deleted %1 purged port messages for good (%2 previewed)."_s.arg(
        groupedCount(deleted.size()), groupedCount(plan.ids.size()));
    if (auto appended = AuditLog(db).append(entry); !appended)
        return appended.error();
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return qint64(deleted.size());
}

} // namespace porthole
