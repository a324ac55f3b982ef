#include "preparedstatements.h"

#include "sqlerror.h"
#include "sqlsupport.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace porthole {

Status PreparedStatements::run(const QString &sql, const QVariantList &params, const QString &what,
                               const std::function<void(QSqlQuery &query)> &read)
{
    auto kept = m_queries.find(sql);
    if (kept == m_queries.end()) {
        auto query = std::make_shared<QSqlQuery>(m_db);
        query->setForwardOnly(true);
        if (!query->prepare(sql))
            return sqlError(query->lastError(), what);
        kept = m_queries.insert(sql, query);
    }
    QSqlQuery &query = *kept.value();
    bindParams(query, params);
    // The plan is chosen when the statement runs, its rows read after: the mode stays until
    // they are.
    bool generic = m_generic && engineOf(m_db) == SqlEngine::PostgreSQL;
    QSqlQuery mode(m_db);
    if (generic && !mode.exec(u"SET plan_cache_mode = force_generic_plan"_s)) {
        // Before PostgreSQL 12 there is no such setting: planned at each run, as it was. (A
        // lost connection fails the statement's run below, which says so.)
        m_generic = generic = false;
    }
    const bool ran = query.exec();
    if (ran)
        read(query);
    const QSqlError error = query.lastError();
    query.finish();
    const bool reset = !generic || mode.exec(u"RESET plan_cache_mode"_s);
    if (!ran) {
        m_queries.erase(kept); // prepared again next time: a lost connection's statement is gone
        return sqlError(error, what);
    }
    if (!reset)
        return sqlError(mode.lastError(), what);
    return success();
}

} // namespace porthole
