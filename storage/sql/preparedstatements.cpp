#include "preparedstatements.h"

#include "sqlerror.h"
#include "sqlsupport.h"

#include <QSqlError>
#include <QSqlQuery>

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
    const bool ran = query.exec();
    if (ran)
        read(query);
    const QSqlError error = query.lastError();
    query.finish();
    if (!ran) {
        m_queries.erase(kept); // prepared again next time: a lost connection's statement is gone
        return sqlError(error, what);
    }
    return success();
}

} // namespace porthole
