#pragma once

// Queries that tests of the repositories read a database with: a number, rows as text, the
// schema and every row as comparable text.

#include "migrateddatabase.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>
#include <QTest>

namespace porthole::test {

// The first column of the first row of a query, or -1 when it fails.
inline qint64 scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

// Every row of a query as text, fields joined by `separator`; a failure as "FAILED: ...".
inline QStringList rowsOf(const QSqlDatabase &db, const QString &sql,
                          const QString &separator = QStringLiteral(" | "))
{
    QStringList rows;
    QSqlQuery query(db);
    if (!query.exec(sql))
        return {QStringLiteral("FAILED: ") + query.lastError().text()};
    while (query.next()) {
        QStringList fields;
        for (int i = 0; i < query.record().count(); ++i)
            fields << query.value(i).toString();
        rows << fields.join(separator);
    }
    return rows;
}

// Everything that makes up the schema, as comparable text.
inline QStringList schemaOf(const QSqlDatabase &db)
{
    if (db.driverName() == QStringLiteral("QSQLITE"))
        return rowsOf(
            db, QStringLiteral("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master "
                               "WHERE name <> 'sqlite_sequence' ORDER BY type, name"));
    QStringList schema;
    schema << rowsOf(
        db,
        QStringLiteral(
            "SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') "
            "FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY 1, 2"));
    schema << rowsOf(db, QStringLiteral("SELECT indexname, indexdef FROM pg_indexes WHERE "
                                        "schemaname = current_schema() ORDER BY 1"));
    schema << rowsOf(
        db, QStringLiteral(
                "SELECT trigger_name, event_manipulation, event_object_table, action_statement "
                "FROM information_schema.triggers WHERE trigger_schema = current_schema() "
                "ORDER BY 1, 2, 3"));
    schema << rowsOf(
        db, QStringLiteral("SELECT table_name, view_definition FROM information_schema.views "
                           "WHERE table_schema = current_schema() ORDER BY 1"));
    schema << rowsOf(
        db, QStringLiteral("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                           "WHERE connamespace = current_schema()::regnamespace ORDER BY 1"));
    // Functions of Porthole's schema; those an extension brought stay with the extension.
    schema << rowsOf(
        db,
        QStringLiteral(
            "SELECT proname FROM pg_proc p WHERE pronamespace = current_schema()::regnamespace "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') "
            "ORDER BY 1"));
    // TimescaleDB numbers its hypertables as they are made: the same schema made again names
    // its continuous aggregates' tables and triggers by other numbers.
    static const QRegularExpression numbered(QStringLiteral(
        "(_materialized_hypertable_|cagg_watermark\\(|continuous_agg_invalidation_trigger\\(')"
        "[0-9]+"));
    for (QString &line : schema)
        line.replace(numbered, QStringLiteral("\\1N"));
    return schema;
}

// Every row of every table, as comparable text: what a failed run must leave as it was.
inline QStringList contentOf(const QSqlDatabase &db)
{
    QStringList content;
    const bool sqlite = db.driverName() == QStringLiteral("QSQLITE");
    const QStringList tables =
        sqlite ? rowsOf(db, QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name <> 'sqlite_sequence' ORDER BY name"))
               : rowsOf(db, QStringLiteral("SELECT tablename FROM pg_tables "
                                           "WHERE schemaname = current_schema() ORDER BY 1"));
    for (const QString &table : tables) {
        QString row = QStringLiteral("%1::text").arg(table);
        if (sqlite) {
            QStringList columns;
            for (const QString &column :
                 rowsOf(db, QStringLiteral("SELECT name FROM pragma_table_info('%1')").arg(table)))
                columns << QStringLiteral("quote(\"%1\")").arg(column);
            row = columns.join(QStringLiteral(" || ',' || "));
        }
        content << QStringLiteral("-- %1").arg(table);
        content << rowsOf(db, QStringLiteral("SELECT %1 FROM \"%2\" ORDER BY 1").arg(row, table));
    }
    return content;
}

inline QJsonDocument json(const QByteArray &text)
{
    return QJsonDocument::fromJson(text);
}

} // namespace porthole::test
