#include "rowestimate.h"

#include "sqlsupport.h"

#include <QSqlDriver>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace porthole {

RowCount sqliteRowsBeyond(const QSqlDatabase &db, const QString &table, RowCount counted)
{
    const QString name = db.driver()->escapeIdentifier(table, QSqlDriver::TableName);
    if (db.tables(QSql::SystemTables).contains(u"sqlite_stat1"_s)) {
        auto stat = execQuery(db, u"SELECT stat FROM sqlite_stat1 WHERE tbl = ? LIMIT 1"_s, {table},
                              u"Reading the statistics of %1"_s.arg(table));
        if (stat && stat->next()) {
            const qint64 rows = stat->value(0).toString().section(u' ', 0, 0).toLongLong();
            if (rows > counted.value)
                return {rows, RowCount::Precision::Estimate};
        }
    }
    // Each of max() and min() alone in its own SELECT: SQLite reads one end of the rowids for
    // that, but scans the whole table for both in one.
    auto span = execQuery(
        db, u"SELECT (SELECT max(rowid) FROM %1) - (SELECT min(rowid) FROM %1) + 1"_s.arg(name), {},
        u"Reading the rowids of %1"_s.arg(table));
    if (span && span->next() && span->value(0).toLongLong() > counted.value)
        return {span->value(0).toLongLong(), RowCount::Precision::Estimate};
    return counted;
}

Result<RowCount> tableRows(const QSqlDatabase &db, const QString &table, qint64 exactUpTo)
{
    auto rows =
        boundedCount(db, u"FROM "_s + db.driver()->escapeIdentifier(table, QSqlDriver::TableName),
                     QVariantList{}, exactUpTo, u"Counting the rows of %1"_s.arg(table));
    if (rows && engineOf(db) == SqlEngine::SQLite &&
        rows->precision == RowCount::Precision::AtLeast)
        return sqliteRowsBeyond(db, table, *rows);
    return rows;
}

} // namespace porthole
