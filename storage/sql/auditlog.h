#pragma once

#include "paging.h"
#include "sqltypes.h"
#include "storageerror.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QSqlDatabase>
#include <QString>

namespace porthole {

// One operator action, as the audit_log keeps it: who, when, what, on which rows, and how
// they looked before and after.
struct AuditEntry
{
    qint64 id = 0;
    QDateTime occurredAt; // set by append()
    QString actor;        // default: the operating-system user
    QString action;       // e.g. "replay", "purge", "retention"
    QString targetTable;
    QJsonObject filter;
    QJsonArray affectedIds;
    qint64 affectedCount = 0;
    QJsonValue before;
    QJsonValue after;
    QString details;
};

struct AuditFilter
{
    QString action;
    QDateTime from;
    QDateTime to;
};

// The append-only audit log. Nothing here changes or removes an entry; the database's
// triggers refuse it too.
class AuditLog
{
public:
    explicit AuditLog(QSqlDatabase db);

    static QString currentUser();

    // Appends in the caller's transaction if one is open, else on its own.
    Result<qint64> append(AuditEntry entry);
    // Newest first by default (sort column occurred_at).
    Result<Page<AuditEntry>> page(const AuditFilter &filter, const PageRequest &request) const;
    // How many entries match, bounded as boundedCount() is.
    Result<RowCount> count(const AuditFilter &filter, qint64 exactUpTo = 100000) const;
    // The WHERE clause of a filter, for other readers of audit_log.
    WhereClause where(const AuditFilter &filter) const;

private:
    QSqlDatabase m_db;
    SqlEngine m_engine;
};

} // namespace porthole
