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
    QString actor;        // default: actorName()
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

    // The operating-system user that runs the program.
    static QString currentUser();
    // currentUser()@host: the operator name when none is set.
    static QString defaultOperator();
    // Who the program acts for, recorded as each entry's actor: the window's operator name
    // (its settings), the worker's configured name, PORTHOLE_OPERATOR for a command. Empty:
    // defaultOperator(). Process-wide; any thread may read it.
    static void setOperator(const QString &name);
    // The operator, and beside a name other than defaultOperator(), who ran it:
    // "alice (porthole@db1)". On a shared account or a service, the name says who it was.
    static QString actorName();

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
