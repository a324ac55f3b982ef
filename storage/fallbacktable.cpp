#include "fallbacktable.h"

#include <QSqlDriver>
#include <QSqlField>
#include <QSqlRecord>

#include <functional>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The names under which the catalog's answers are kept, as dynamic properties of the
// connection's driver (a QObject that lives as long as the connection, on its thread).
constexpr char tablesKey[] = "porthole.schema.tables";
constexpr char columnsPrefix[] = "porthole.schema.columns.";

QStringList kept(const QSqlDatabase &db, const QByteArray &key,
                 const std::function<QStringList()> &read)
{
    QSqlDriver *driver = db.driver();
    if (!driver)
        return read();
    const QVariant known = driver->property(key.constData());
    if (known.isValid())
        return known.toStringList();
    const QStringList names = read();
    driver->setProperty(key.constData(), names);
    return names;
}

} // namespace

FallbackTable::FallbackTable(QString table, QList<ColumnFallback> fallbacks)
    : m_table(std::move(table))
    , m_fallbacks(std::move(fallbacks))
{}

QString FallbackTable::from(const QSqlDatabase &db, const QString &alias,
                            const QString &plain) const
{
    // A table that is not there at all is left to the statement, which then says so.
    const QStringList columns = columnNames(db, m_table);
    QStringList added;
    for (const ColumnFallback &fallback : m_fallbacks) {
        if (!columns.isEmpty() && !columns.contains(fallback.column, Qt::CaseInsensitive))
            added << u"%1 AS %2"_s.arg(fallback.value, fallback.column);
    }
    if (added.isEmpty()) {
        const QString table = plain.isEmpty() ? m_table : plain;
        return alias.isEmpty() ? table : table + u' ' + alias;
    }
    return u"(SELECT *, %1 FROM %2) %3"_s.arg(added.join(u", "_s), m_table,
                                              alias.isEmpty() ? m_table : alias);
}

QStringList tableNames(const QSqlDatabase &db)
{
    return kept(db, tablesKey, [&db] { return db.tables(QSql::Tables) + db.tables(QSql::Views); });
}

bool hasTable(const QSqlDatabase &db, const QString &name)
{
    return tableNames(db).contains(name, Qt::CaseInsensitive);
}

QStringList columnNames(const QSqlDatabase &db, const QString &table)
{
    return kept(db, QByteArray(columnsPrefix) + table.toUtf8(), [&db, &table] {
        const QSqlRecord record = db.record(table);
        QStringList names;
        for (int i = 0; i < record.count(); ++i)
            names << record.fieldName(i);
        return names;
    });
}

void forgetSchema(const QSqlDatabase &db)
{
    QSqlDriver *driver = db.driver();
    if (!driver)
        return;
    for (const QByteArray &name : driver->dynamicPropertyNames()) {
        if (name == tablesKey || name.startsWith(columnsPrefix))
            driver->setProperty(name.constData(), QVariant());
    }
}

} // namespace porthole
