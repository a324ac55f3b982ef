#pragma once

// A scratch database (testservers.h) migrated to the latest schema, and a connection to it: the
// one way tests get Porthole's tables on either engine.

#include "connectionfactory.h"
#include "migrationrunner.h"
#include "testservers.h"

#include <QSqlDatabase>
#include <QTest>

#include <memory>

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

// The `engine` column of a data-driven test, and a row for each engine (PostgreSQL's alone in
// the runs on the TimescaleDB fixture: SQLite's run in the test of the same name).
inline void addEngineRows()
{
    QTest::addColumn<ScratchDatabase::Engine>("engine");
    if (!postgresIsTimescaleDb())
        QTest::newRow("sqlite") << ScratchDatabase::Engine::SQLite;
    QTest::newRow("postgresql") << ScratchDatabase::Engine::PostgreSQL;
}

} // namespace porthole::test

// In a test with an `engine` column (addEngineRows()): `var`, a migrated database of that
// engine, or the test fails with why it could not be made.
#define PORTHOLE_MIGRATED_DATABASE(var)                                                            \
    QFETCH(porthole::test::ScratchDatabase::Engine, engine);                                       \
    porthole::test::MigratedDatabase var(engine);                                                  \
    QVERIFY2(var.ok(), qPrintable(var.error))
