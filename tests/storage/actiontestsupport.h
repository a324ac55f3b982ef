#pragma once

// What the tests of port-message actions share: sample rows, a readable form of a row, and
// the history and audit log as the tests read them back.

#include "actionoutbox.h"
#include "auditlog.h"
#include "portmessageactions.h"
#include "portmessagerepository.h"
#include "repositorytestsupport.h"
#include "sqlsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

namespace porthole::test {

using namespace Qt::StringLiterals;

inline const QDateTime base(QDate(2026, 11, 20), QTime(8, 0), QTimeZone::utc());

// A row as the pipeline leaves a message that failed for good.
inline PortMessage sample(int n, const QString &status = u"dead_letter"_s,
                          const QString &port = u"orders"_s)
{
    PortMessage m;
    m.portName = port;
    m.sourceComponent = u"splitter"_s;
    m.targetComponent = u"sink"_s;
    m.messageData = u"{\"n\": %1, \"text\": \"Order %1\"}"_s.arg(n).toUtf8();
    m.messageMetadata = "{\"trace\": \"abc\"}";
    m.status = status;
    m.retryCount = 3;
    m.maxRetries = 3;
    m.createdAt = base.addSecs(n);
    m.processedAt = base.addSecs(n).addMSecs(1500);
    m.errorMessage = u"timeout after 30s talking to sink-%1"_s.arg(n);
    m.errorDetails = "{\"attempt\": 3}";
    return m;
}

inline QByteArray normalJson(const QByteArray &json)
{
    if (json.isNull())
        return "NULL";
    // Wrapped in an array, so that a scalar compares too.
    const QJsonDocument doc = QJsonDocument::fromJson("[" + json + "]");
    return doc.isArray() ? doc.toJson(QJsonDocument::Compact) : "UNPARSED " + json;
}

inline QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : u"-"_s;
}

// Every field of a row, JSON by meaning (JSONB normalises it), for a comparison that shows
// what differs.
inline QString describe(const PortMessage &m)
{
    return QStringList{
        u"id=%1"_s.arg(m.id),
        u"port=%1"_s.arg(m.portName),
        u"source=%1"_s.arg(m.sourceComponent),
        u"target=%1"_s.arg(m.targetComponent),
        u"data=%1"_s.arg(QString::fromUtf8(normalJson(m.messageData))),
        u"metadata=%1"_s.arg(QString::fromUtf8(normalJson(m.messageMetadata))),
        u"status=%1"_s.arg(m.status),
        u"retries=%1/%2"_s.arg(m.retryCount).arg(m.maxRetries),
        u"created=%1"_s.arg(timeText(m.createdAt)),
        u"processed=%1"_s.arg(timeText(m.processedAt)),
        u"completed=%1"_s.arg(timeText(m.completedAt)),
        u"error=%1"_s.arg(m.errorMessage),
        u"details=%1"_s.arg(QString::fromUtf8(normalJson(m.errorDetails))),
        u"version=%1"_s.arg(m.version),
        u"replays=%1"_s.arg(m.replayCount),
        u"deleted=%1"_s.arg(timeText(m.deletedAt)),
    }
        .join(u"; "_s);
}

// Inserts a row, then sets what only Porthole's actions set (replay_count, deleted_at) as an
// earlier action would have, and reads it back.
inline Result<PortMessage> store(const QSqlDatabase &db, const PortMessage &message,
                                 int replayCount = 0, const QDateTime &deletedAt = {})
{
    PortMessageRepository repository(db);
    auto stored = repository.insert({message});
    if (!stored)
        return stored.error();
    const QString id = stored->constFirst().id;
    QSqlQuery query(db);
    query.prepare(deletedAt.isValid()
                      ? u"UPDATE port_messages SET replay_count = ?, deleted_at = ? WHERE id = ?"_s
                      : u"UPDATE port_messages SET replay_count = ? WHERE id = ?"_s);
    query.addBindValue(replayCount);
    if (deletedAt.isValid())
        query.addBindValue(timestampParam(deletedAt, engineOf(db)));
    query.addBindValue(id);
    if (!query.exec())
        return StorageError{StorageError::Kind::Internal, query.lastError().text()};
    return repository.get(id);
}

// What a dry run must leave as it was: every row, the audit log, the history and the outbox.
inline QStringList snapshot(const QSqlDatabase &db)
{
    QStringList state = rowsOf(db, u"SELECT id, port_name, status, retry_count, error_message, "
                                   "version, replay_count, deleted_at FROM port_messages "
                                   "ORDER BY id"_s);
    state << u"audit entries: %1"_s.arg(scalar(db, u"SELECT count(*) FROM audit_log"_s));
    state << u"history rows: %1"_s.arg(scalar(db, u"SELECT count(*) FROM port_message_history"_s));
    const auto open = ActionOutbox(db).openActions();
    state << (open.ok() ? u"open actions: %1"_s.arg(open->size())
                        : u"open actions: FAILED %1"_s.arg(open.errorMessage()));
    return state;
}

inline QSet<QString> idSet(const QStringList &ids)
{
    return QSet<QString>(ids.cbegin(), ids.cend());
}

inline QStringList idsOf(const QList<PlannedRow> &rows)
{
    QStringList ids;
    for (const PlannedRow &row : rows)
        ids << row.before.id;
    return ids;
}

// `before` with `changes` on top: a history row's after-state.
inline QJsonObject withChanges(QJsonObject before, const QJsonObject &changes)
{
    for (auto it = changes.begin(); it != changes.end(); ++it)
        before[it.key()] = it.value();
    return before;
}

// One port_message_history row.
struct HistoryRow
{
    QString messageId;
    qint64 auditId = 0;
    QString change;
    QJsonObject before;
    QJsonObject after;
};

inline QList<HistoryRow> history(const QSqlDatabase &db)
{
    QList<HistoryRow> rows;
    QSqlQuery query(db);
    if (!query.exec(u"SELECT message_id, audit_id, change, before_data, after_data "
                    "FROM port_message_history ORDER BY id"_s)) {
        qWarning("Reading port_message_history: %s", qPrintable(query.lastError().text()));
        return rows;
    }
    while (query.next())
        rows << HistoryRow{query.value(0).toString(), query.value(1).toLongLong(),
                           query.value(2).toString(),
                           QJsonDocument::fromJson(query.value(3).toString().toUtf8()).object(),
                           QJsonDocument::fromJson(query.value(4).toString().toUtf8()).object()};
    return rows;
}

inline QList<AuditEntry> auditEntries(const QSqlDatabase &db)
{
    PageRequest request;
    request.limit = 1000;
    auto page = AuditLog(db).page({}, request);
    if (!page) {
        qWarning("Reading the audit log: %s", qPrintable(page.errorMessage()));
        return {};
    }
    return page->rows;
}

inline QString kindText(ActionKind kind, ReplayTarget target)
{
    return kind == ActionKind::Replay && target == ReplayTarget::Redis ? u"replay to redis"_s
                                                                       : actionName(kind);
}

} // namespace porthole::test
