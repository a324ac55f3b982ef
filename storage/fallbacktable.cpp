#include "fallbacktable.h"

#include <QSqlField>
#include <QSqlRecord>

using namespace Qt::StringLiterals;

namespace porthole {

FallbackTable::FallbackTable(QString table, QList<ColumnFallback> fallbacks)
    : m_table(std::move(table))
    , m_fallbacks(std::move(fallbacks))
{}

QStringList FallbackTable::missing(const QSqlDatabase &db) const
{
    if (!m_missing) {
        const QSqlRecord record = db.record(m_table);
        QStringList missing;
        for (const ColumnFallback &fallback : m_fallbacks) {
            if (!record.isEmpty() && !record.contains(fallback.column))
                missing << fallback.column;
        }
        m_missing = missing;
    }
    return *m_missing;
}

QString FallbackTable::from(const QSqlDatabase &db, const QString &alias,
                            const QString &plain) const
{
    const QStringList lacking = missing(db);
    const QString name = alias.isEmpty() ? m_table : alias;
    if (lacking.isEmpty()) {
        const QString table = plain.isEmpty() ? m_table : plain;
        return alias.isEmpty() ? table : table + u' ' + alias;
    }
    QStringList added;
    for (const ColumnFallback &fallback : m_fallbacks) {
        if (lacking.contains(fallback.column))
            added << u"%1 AS %2"_s.arg(fallback.value, fallback.column);
    }
    return u"(SELECT *, %1 FROM %2) %3"_s.arg(added.join(u", "_s), m_table, name);
}

bool hasTable(const QSqlDatabase &db, const QString &name)
{
    return tableNames(db).contains(name, Qt::CaseInsensitive);
}

QStringList tableNames(const QSqlDatabase &db)
{
    return db.tables(QSql::Tables) + db.tables(QSql::Views);
}

} // namespace porthole
