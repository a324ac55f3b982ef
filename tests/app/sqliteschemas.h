#pragma once

// SQLite databases at a given schema, for the tests of how the window opens them.

#include "connectionfactory.h"
#include "databaseurl.h"
#include "migrationrunner.h"
#include "sqlscript.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

#include <optional>

namespace porthole::test {

// The schema version of the SQLite file at `path`, or -1 when it cannot be read.
inline int sqliteSchemaVersion(const QString &path)
{
    const ConnectionFactory factory(DatabaseUrl::sqliteFile(path));
    int version = -1;
    {
        auto db = factory.open(QStringLiteral("check"));
        if (db)
            version = MigrationRunner(*db, {}).currentVersion().value();
    }
    factory.close(QStringLiteral("check"));
    return version;
}

// Porthole's schema up to `upTo` (every migration: none), then a row of a version newer than
// any (`extraVersion`, 0: none). Empty, or what went wrong.
inline QString prepareSqliteSchema(const QString &path, std::optional<int> upTo,
                                   int extraVersion = 0)
{
    const ConnectionFactory factory(DatabaseUrl::sqliteFile(path));
    QString problem;
    {
        auto db = factory.open(QStringLiteral("prepare"));
        if (!db)
            return db.errorMessage();
        MigrationRunner runner(*db, *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite));
        if (auto up = runner.up(upTo); !up)
            problem = up.errorMessage();
        QSqlQuery query(*db);
        if (problem.isEmpty() && extraVersion > 0 &&
            !query.exec(QStringLiteral("INSERT INTO schema_version (version, description) "
                                       "VALUES (%1, 'newer')")
                            .arg(extraVersion)))
            problem = query.lastError().text();
    }
    factory.close(QStringLiteral("prepare"));
    return problem;
}

// A database made with seed 001's SQLite DDL, then `more`. Empty, or what went wrong.
inline QString makeSeed001Database(const QString &path, const QStringList &more = {})
{
    const ConnectionFactory factory(DatabaseUrl::sqliteFile(path));
    QString problem;
    {
        auto db = factory.open(QStringLiteral("pipeline"));
        QFile ddl(QStringLiteral(PORTHOLE_SEED_DDL "/seed001_sqlite.sql"));
        if (!db || !ddl.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot make ") + path;
        QSqlQuery query(*db);
        for (const QString &statement :
             splitSqlStatements(QString::fromUtf8(ddl.readAll())) + more) {
            if (problem.isEmpty() && !query.exec(statement))
                problem = statement + QStringLiteral(": ") + query.lastError().text();
        }
    }
    factory.close(QStringLiteral("pipeline"));
    return problem;
}

} // namespace porthole::test
