#pragma once

#include "connectionfactory.h"
#include "migrationrunner.h"
#include "testservers.h"

#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>
#include <QTest>

namespace porthole::test {

// A scratch database of the given engine, migrated to the latest schema, and a connection to it.
struct MigratedDatabase
{
    std::unique_ptr<ScratchDatabase> scratch;
    std::unique_ptr<ConnectionFactory> factory;
    QSqlDatabase db;
    QString error;

    explicit MigratedDatabase(ScratchDatabase::Engine engine, ConnectionSettings settings = {})
    {
        scratch = ScratchDatabase::create(engine, &error);
        if (!scratch)
            return;
        factory = std::make_unique<ConnectionFactory>(scratch->url(), settings);
        auto opened = factory->open(QStringLiteral("test"));
        if (!opened) {
            error = opened.errorMessage();
            return;
        }
        db = *opened;
        auto migrations = MigrationRunner::builtin(scratch->url().engine());
        auto migrated = MigrationRunner(db, *migrations).up();
        if (!migrated)
            error = migrated.errorMessage();
    }
    ~MigratedDatabase()
    {
        db = QSqlDatabase();
        if (factory)
            factory->close(QStringLiteral("test"));
    }
    bool ok() const { return error.isEmpty(); }
};

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

inline QJsonDocument json(const QByteArray &text)
{
    return QJsonDocument::fromJson(text);
}

inline void addEngineRows()
{
    QTest::addColumn<ScratchDatabase::Engine>("engine");
    QTest::newRow("sqlite") << ScratchDatabase::Engine::SQLite;
    QTest::newRow("postgresql") << ScratchDatabase::Engine::PostgreSQL;
}

} // namespace porthole::test

#define PORTHOLE_MIGRATED_DATABASE(var)                                                            \
    QFETCH(porthole::test::ScratchDatabase::Engine, engine);                                       \
    porthole::test::MigratedDatabase var(engine);                                                  \
    QVERIFY2(var.ok(), qPrintable(var.error))
