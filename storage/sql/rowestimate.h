#pragma once

#include "paging.h"
#include "storageerror.h"

#include <QSqlDatabase>
#include <QString>

namespace porthole {

// SQLite beyond `counted` rows of `table` (a bounded count that stopped): the row count ANALYZE
// left in sqlite_stat1, else the span of the rowids, as an Estimate when larger; both read
// without a scan (the statistics are one row, max and min one index probe each).
RowCount sqliteRowsBeyond(const QSqlDatabase &db, const QString &table, RowCount counted);
// The rows of `table`: counted up to `exactUpTo`, beyond that estimated without a scan (the
// planner's estimate on PostgreSQL, sqliteRowsBeyond() on SQLite).
Result<RowCount> tableRows(const QSqlDatabase &db, const QString &table, qint64 exactUpTo);

} // namespace porthole
