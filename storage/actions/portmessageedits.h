#pragma once

#include "portmessageactions.h"

namespace porthole {

// Edits one row's payload (message_data), if its version is still `expectedVersion`: in one
// transaction the row (version + 1), its history (before and after) and an audit entry.
// InvalidJson names the line and column of the error; Conflict when another operator changed
// the row first (read it again to show its current value); nothing is written then.
Result<PortMessage> editPortMessagePayload(const QSqlDatabase &db, const QString &id,
                                           qint64 expectedVersion, const QByteArray &messageData,
                                           const QString &actor = {});

// Where a JSON text fails to parse, as an operator's editor shows it: "line 3, column 14:
// missing value" (1-based), empty when it parses.
QString jsonErrorAt(const QByteArray &json);

// Hard delete: the purged rows whose deleted_at is older than `purgedBefore`, previewed...
struct HardDeletePlan
{
    QDateTime purgedBefore;
    QStringList ids;
};
Result<HardDeletePlan> previewHardDelete(const QSqlDatabase &db, const QDateTime &purgedBefore);
// ...then deleted, exactly those of the preview that are still purged before the cut-off, in
// one transaction with an audit entry. Returns how many rows went.
Result<qint64> applyHardDelete(const QSqlDatabase &db, const HardDeletePlan &plan,
                               const QString &actor = {});

} // namespace porthole

Q_DECLARE_METATYPE(porthole::HardDeletePlan)
