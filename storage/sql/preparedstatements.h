#pragma once

#include "storageerror.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

#include <functional>
#include <memory>
#include <utility>

class QSqlQuery;

namespace porthole {

// Statements run many times on one connection with other values (a chart's read of each of its
// series): each is prepared the first time and its values bound anew after that, not parsed
// and planned again (on SQLite three quarters of a series' read of its rollups). Not shared
// between threads; a statement's query is reset after `read` (an unfinished SQLite statement
// would hold its snapshot, and the connection's next statements would see no newer rows).
class PreparedStatements
{
public:
    explicit PreparedStatements(QSqlDatabase db)
        : m_db(std::move(db))
    {}

    // Runs `sql` with `params` as execQuery() does and hands its rows to `read`.
    Status run(const QString &sql, const QVariantList &params, const QString &what,
               const std::function<void(QSqlQuery &query)> &read);
    // PostgreSQL: each statement planned once for any values (a generic plan) instead of at
    // each run, for statements whose plan does not depend on their values. PostgreSQL keeps to
    // a plan made for the values at each run (its plan_cache_mode auto) when it thinks that one
    // cheaper, and planning can take longer than the run (a chart's read of a series' rollups:
    // 1.5 ms planned, 0.7 ms run). Set for the statement's run alone; the connection's other
    // statements are planned as before. PostgreSQL 12 and later; before it, as if not asked.
    void setGenericPlans(bool generic) { m_generic = generic; }
    // The statements prepared so far.
    qsizetype size() const { return m_queries.size(); }

private:
    QSqlDatabase m_db;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_queries;
    bool m_generic = false;
};

} // namespace porthole
