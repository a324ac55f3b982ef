#pragma once

#include "paging.h"
#include "sqltypes.h"
#include "storageerror.h"

#include <QByteArray>
#include <QString>
#include <QVariantList>

#include <functional>

// Helpers the SQL repositories (metrics, health, component state) share.
namespace porthole {

// A statement and its positional parameters, as a repository runs it. Repositories hand these
// out only so that tests can check a query's plan (EXPLAIN) on the exact text that runs.
struct SqlStatement
{
    QString sql;
    QVariantList params;
};

// A count as audit details and messages write it, with thousands separators ("100,000").
QString groupedCount(qint64 n);

// A new id in the form the schema's UUID columns take (lower case, no braces): a time-ordered
// UUID (version 7, RFC 9562) whose first 48 bits are the Unix time in milliseconds and the
// rest random, so that rows written one after another sit side by side in the primary-key
// index instead of scattered through it.
QString newUuid();
// The same from given parts: `randomBits` fills the 74 bits after the time (for seeded data).
QString timeOrderedUuid(qint64 unixMs, quint64 randomHigh, quint64 randomLow);

// Checks a name bound for a VARCHAR(maxLength) / length-checked TEXT column: not empty, no NUL
// character (PostgreSQL refuses it), at most maxLength characters. InvalidArgument otherwise,
// the message naming `what`.
Status checkName(const QString &value, const QString &what, int maxLength = 255);

// Checks that `json` parses (QJsonDocument). InvalidJson otherwise, with the parse error and its
// offset. An empty value passes when `optional` (it is stored as NULL).
Status checkJson(const QByteArray &json, const QString &what, bool optional);

// The common table expression `name(value) AS (...)` that lists the distinct values of
// `column` in `table` by skipping through an index that starts with `column` (a "loose index
// scan"): one index probe per distinct value instead of a scan of the table. The last row
// is NULL; filter it out. `table` and `column` must be identifiers from the caller's code,
// never input.
QString distinctValuesCte(const QString &name, const QString &table, const QString &column);

// The newest row of every component in `table`: the components by a skip scan over
// `component_name`, and for each the first row in `order` (among those passing `filter`,
// which may be empty), one index probe per component. PostgreSQL gets the row as a LATERAL
// subquery, which it must run per component (a join on the id could be planned as a hash
// join over the whole table); SQLite has no LATERAL and runs the join as a loop over the
// components. `columns(alias)` lists the columns to select; `filter` and `order` refer to the
// table as `v`. The result is ordered by component name.
QString latestPerComponentSql(SqlEngine engine, const QString &table,
                              const std::function<QString(const QString &alias)> &columns,
                              const QString &filter, const QString &order);

} // namespace porthole
