#include "fallbacktable.h"

#include "sqlsupport.h"

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
constexpr char indexesPrefix[] = "porthole.schema.indexes.";

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

QString quoted(const QSqlDatabase &db, const QString &name)
{
    return db.driver()->escapeIdentifier(name, QSqlDriver::TableName);
}

// The pragmas themselves rather than their table-valued functions, which present themselves
// to an authorizer as a change to the schema table.
QStringList sqliteIndexKeys(const QSqlDatabase &db, const QString &table)
{
    const QString what = u"Reading the indexes of %1"_s.arg(table);
    QStringList indexes;
    auto list = execQuery(db, u"PRAGMA index_list(%1)"_s.arg(quoted(db, table)), {}, what);
    while (list && list->next()) {
        if (list->value(4).toInt() == 0) // not partial
            indexes << list->value(1).toString();
    }
    QStringList keys;
    for (const QString &index : std::as_const(indexes)) {
        auto info = execQuery(db, u"PRAGMA index_info(%1)"_s.arg(quoted(db, index)), {}, what);
        QStringList columns; // in the index's order; an expression has no name
        while (info && info->next())
            columns << info->value(2).toString();
        keys << columns.join(u',');
    }
    // A WITHOUT ROWID table has none: then the statement does not compile.
    if (execQuery(db, u"SELECT rowid FROM %1 LIMIT 0"_s.arg(quoted(db, table)), {}, what))
        keys << u"rowid"_s;
    return keys;
}

QStringList postgresIndexKeys(const QSqlDatabase &db, const QString &table)
{
    auto query = execQuery(
        db,
        u"SELECT string_agg(coalesce(a.attname, ''), ',' ORDER BY k.n) "
        "FROM pg_catalog.pg_index i "
        "CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n) "
        "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
        "WHERE i.indrelid = to_regclass(?) AND i.indpred IS NULL AND i.indisvalid "
        "GROUP BY i.indexrelid"_s,
        {table}, u"Reading the indexes of %1"_s.arg(table));
    QStringList keys;
    while (query && query->next())
        keys << query->value(0).toString();
    return keys;
}

} // namespace

FallbackTable::FallbackTable(QString table, QList<ColumnFallback> fallbacks)
    : m_table(std::move(table))
    , m_fallbacks(std::move(fallbacks))
{}

QStringList FallbackTable::missing(const QSqlDatabase &db) const
{
    // A table that is not there at all is left to the statement, which then says so.
    const QStringList columns = columnNames(db, m_table);
    QStringList added;
    for (const ColumnFallback &fallback : m_fallbacks) {
        if (!columns.isEmpty() && !columns.contains(fallback.column, Qt::CaseInsensitive))
            added << u"%1 AS %2"_s.arg(fallback.value, fallback.column);
    }
    return added;
}

bool FallbackTable::isComplete(const QSqlDatabase &db) const
{
    return missing(db).isEmpty();
}

QString FallbackTable::from(const QSqlDatabase &db, const QString &alias,
                            const QString &plain) const
{
    QStringList added = missing(db);
    if (added.isEmpty()) {
        const QString table = plain.isEmpty() ? m_table : plain;
        return alias.isEmpty() ? table : table + u' ' + alias;
    }
    // The rowid too, which "*" leaves out: a listing in stored order is keyed by it.
    if (hasIndexOn(db, m_table, {u"rowid"_s}))
        added.prepend(u"rowid AS rowid"_s);
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

QStringList indexKeys(const QSqlDatabase &db, const QString &table)
{
    return kept(db, QByteArray(indexesPrefix) + table.toUtf8(), [&db, &table] {
        if (!db.driver())
            return QStringList();
        return engineOf(db) == SqlEngine::SQLite ? sqliteIndexKeys(db, table)
                                                 : postgresIndexKeys(db, table);
    });
}

bool hasIndexOn(const QSqlDatabase &db, const QString &table, const QStringList &columns)
{
    const QString wanted = columns.join(u',');
    for (const QString &key : indexKeys(db, table)) {
        if (key == wanted || key.startsWith(wanted + u','))
            return true;
    }
    return false;
}

void forgetSchema(const QSqlDatabase &db)
{
    QSqlDriver *driver = db.driver();
    if (!driver)
        return;
    for (const QByteArray &name : driver->dynamicPropertyNames()) {
        if (name == tablesKey || name.startsWith(columnsPrefix) || name.startsWith(indexesPrefix))
            driver->setProperty(name.constData(), QVariant());
    }
}

} // namespace porthole
