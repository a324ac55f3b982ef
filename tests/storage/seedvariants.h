#pragma once

// Pipelines' own databases, made with the DDL of the schema documents themselves
// (tests/storage/data/seeds/, copied verbatim from seeds 001 and 003) and filled with the
// pipeline's own statements: the variants an operator can have.

#include "repositorytestsupport.h"
#include "sqlscript.h"

#include <QFile>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

namespace porthole::test {

using namespace Qt::StringLiterals;
using Engine = ScratchDatabase::Engine;

inline QString seedText(const QString &name)
{
    QFile file(QStringLiteral(PORTHOLE_SEED_DDL) + u'/' + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

// Runs a seed document's statements as the pipeline's own tooling would.
inline QString runScript(const QSqlDatabase &db, const QString &script)
{
    QSqlQuery query(db);
    for (const QString &statement : splitSqlStatements(script)) {
        if (!query.exec(statement))
            return statement.left(80) + u": "_s + query.lastError().text();
    }
    return {};
}

// Runs one statement: its error, or empty when it ran.
inline QString statementError(const QSqlDatabase &db, const QString &sql,
                              const QVariantList &values = {})
{
    QSqlQuery query(db);
    if (!query.prepare(sql))
        return sql + u": "_s + query.lastError().text();
    for (const QVariant &value : values)
        query.addBindValue(value);
    return query.exec() ? QString() : sql.left(80) + u": "_s + query.lastError().text();
}

inline bool seedHas(const QSqlDatabase &db, const QString &table)
{
    return db.driverName() == u"QSQLITE"_s
               ? scalar(db, u"SELECT count(*) FROM sqlite_master WHERE name = '%1'"_s.arg(table)) >
                     0
               : scalar(db, u"SELECT count(*) FROM pg_class WHERE relname = '%1' "
                            "AND relnamespace = current_schema()::regnamespace"_s.arg(table)) > 0;
}

// The seed's statements with PostgreSQL's $n placeholders as Qt binds them.
inline QStringList seed003Statements()
{
    QStringList statements;
    static const QRegularExpression placeholder(u"\\$\\d+"_s);
    for (QString statement : splitSqlStatements(seedText(u"seed003_statements.sql"_s)))
        statements << statement.replace(placeholder, u"?"_s);
    return statements;
}

// What the pipeline writes, through the columns its schema documents define (and nothing of
// Porthole's): `round` makes each call's rows new.
inline QString writeAsThePipeline(const QSqlDatabase &db, int round)
{
    const auto id = [round](int n) {
        return u"00000000-0000-4000-8000-%1"_s.arg(round * 100 + n, 12, 10, QChar(u'0'));
    };
    const QString r = QString::number(round);
    QString failed;
    const auto run = [&](const QString &sql, const QVariantList &values) {
        if (failed.isEmpty())
            failed = statementError(db, sql, values);
    };
    if (seedHas(db, u"component_state"_s)) {
        run(u"INSERT INTO component_state (id, component_name, component_type, state_data, "
            u"version) "
            "VALUES (?, ?, 'Source', ?, ?)"_s,
            {id(1), u"reader"_s, u"{\"offset\": %1}"_s.arg(round), round});
        run(u"UPDATE component_state SET state_data = ? WHERE id = ?"_s,
            {u"{\"offset\": %1, \"done\": true}"_s.arg(round), id(1)});
    }
    if (seedHas(db, u"port_messages"_s)) {
        run(u"INSERT INTO port_messages (id, port_name, source_component, target_component, "
            "message_data, status, retry_count) VALUES (?, 'orders', 'reader', 'writer', ?, ?, ?)"_s,
            {id(2), u"{\"order_id\": %1}"_s.arg(round), u"dead_letter"_s, 3});
        run(u"INSERT INTO port_messages (id, port_name, source_component, target_component, "
            "message_data) VALUES (?, 'orders', 'reader', 'writer', ?)"_s,
            {id(3), u"{\"order_id\": %1}"_s.arg(round + 1000)});
        run(u"UPDATE port_messages SET status = 'completed' WHERE id = ?"_s, {id(3)});
    }
    if (seedHas(db, u"checkpoints"_s)) {
        for (int version : {1, 2})
            run(u"INSERT INTO checkpoints (id, checkpoint_name, component_name, checkpoint_data, "
                "version) VALUES (?, ?, 'reader', ?, ?)"_s,
                {id(3 + version), QString(u"cp-"_s + r), u"{\"v\": %1}"_s.arg(version), version});
    }
    if (seedHas(db, u"component_metrics"_s))
        run(u"INSERT INTO component_metrics (id, component_name, metric_name, metric_value) "
            "VALUES (?, 'reader', 'lag', ?)"_s,
            {id(6), round * 1.5});
    if (seedHas(db, u"system_health"_s))
        run(u"INSERT INTO system_health (id, component_name, health_status) VALUES (?, 'reader', "
            "'healthy')"_s,
            {id(7)});
    if (seedHas(db, u"sink_storage"_s)) {
        run(u"INSERT INTO sink_storage (id, sink_name, data_type, data) VALUES (?, 'archive', "
            "'order', ?)"_s,
            {id(8), u"{\"order_id\": %1}"_s.arg(round)});
        run(u"UPDATE sink_storage SET data = ? WHERE id = ?"_s,
            {u"{\"order_id\": %1, \"archived\": true}"_s.arg(round), id(8)});
    }
    if (seedHas(db, u"processed_events"_s)) {
        const QStringList seed = seed003Statements(); // select, insert event, insert metric
        for (int repeat = 0; repeat < 2; ++repeat) {  // the second time, ON CONFLICT skips
            run(seed.at(1), {QString(u"event-"_s + r), u"sensor-1"_s, 0, round});
            run(seed.at(2), {u"sensor-1"_s, QString(u"event-"_s + r),
                             QDateTime(QDate(2026, 1, 1), QTime(0, round % 60), QTimeZone::utc()),
                             round * 2.0});
        }
    }
    return failed;
}

struct Variant
{
    Engine engine;
    QStringList files;
    QString extra; // the pipeline's own tables and columns, beyond the documents
};

inline const QString pipelineExtras =
    u"CREATE TABLE pipeline_jobs (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
    "INSERT INTO pipeline_jobs (id, name) VALUES (1, 'nightly');\n"_s;

inline void addVariants()
{
    QTest::addColumn<Variant>("variant");
    const QString pg001 = u"seed001_postgresql.sql"_s;
    const QString version = u"seed001_schema_version.sql"_s;
    const QString pg003 = u"seed003_postgresql.sql"_s;
    QTest::newRow("postgresql 001 with schema_version 1")
        << Variant{Engine::PostgreSQL, {pg001, version}, {}};
    QTest::newRow("postgresql 001 without schema_version")
        << Variant{Engine::PostgreSQL, {pg001}, {}};
    QTest::newRow("postgresql 001 and 003, schema_version 1, own tables")
        << Variant{Engine::PostgreSQL,
                   {pg001, version, pg003},
                   pipelineExtras + u"ALTER TABLE port_messages ADD COLUMN tenant TEXT;"_s};
    QTest::newRow("postgresql 003 alone") << Variant{Engine::PostgreSQL, {pg003}, {}};
    QTest::newRow("sqlite 001 simplified")
        << Variant{Engine::SQLite, {u"seed001_sqlite.sql"_s}, {}};
    QTest::newRow("sqlite 001 simplified, own tables")
        << Variant{Engine::SQLite,
                   {u"seed001_sqlite.sql"_s},
                   pipelineExtras + u"ALTER TABLE port_messages ADD COLUMN tenant TEXT;"_s};
}

// Makes the variant's database with the documents' DDL, fills it as the pipeline does, then
// makes the variant's own change.
inline bool build(const QSqlDatabase &db, const Variant &variant)
{
    for (const QString &file : variant.files) {
        const QString script = seedText(file);
        if (script.isEmpty()) {
            qWarning("cannot read the seed DDL %s", qPrintable(file));
            return false;
        }
        if (const QString failed = runScript(db, script); !failed.isEmpty()) {
            qWarning("%s: %s", qPrintable(file), qPrintable(failed));
            return false;
        }
    }
    for (int round = 1; round <= 3; ++round) {
        if (const QString failed = writeAsThePipeline(db, round); !failed.isEmpty()) {
            qWarning("the pipeline's statements: %s", qPrintable(failed));
            return false;
        }
    }
    if (const QString failed = runScript(db, variant.extra); !failed.isEmpty()) {
        qWarning("extra: %s", qPrintable(failed));
        return false;
    }
    return true;
}

} // namespace porthole::test

Q_DECLARE_METATYPE(porthole::test::Variant)
