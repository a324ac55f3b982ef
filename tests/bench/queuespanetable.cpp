#include "queuespanetable.h"

#include "benchsupport.h"
#include "connectionfactory.h"
#include "sqlbenchsupport.h"
#include "sqlscript.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace porthole::bench {

namespace {

// Message n: created n tenths of a second after 2026-11-01 00:00 UTC, on one of ten ports;
// 65% completed, 15% pending, 5% processing, 10% failed (half of them with their retries spent,
// so dead letters) and 5% dead_letter; the failed and dead ones with one of three errors.
QString rowSelect(SqlEngine engine, qint64 rows)
{
    const bool lite = engine == SqlEngine::SQLite;
    const QString id = lite ? u"printf('00000000-0000-4000-8000-%012x', n)"_s
                            : u"('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid"_s;
    const QString json = lite ? u""_s : u"::jsonb"_s;
    const QString created = lite ? u"strftime('%Y-%m-%d %H:%M:%f', 1793491200 + n / 10.0, "
                                   "'unixepoch')"_s
                                 : u"timestamptz '2026-11-01 00:00:00+00' + n * interval '100 "
                                   "milliseconds'"_s;
    // The values go in by arg(), in one pass; the statement's own % signs have a space after.
    const QString select =
        u"SELECT %1, 'port-' || (n % 10), 'source-' || (n % 7), 'sink-' || (n % 5), "
        "('{\"n\": ' || n || ', \"order\": {\"id\": ' || (n * 7 % 100000) || ', \"amount\": ' "
        "|| (n % 1000) || '.5}}')%2, CASE WHEN n % 4 = 0 THEN ('{\"trace\": \"t-' || n || "
        "'\"}')%2 END, "
        "CASE n % 20 WHEN 12 THEN 'pending' WHEN 13 THEN 'pending' WHEN 14 THEN 'pending' "
        "WHEN 15 THEN 'processing' WHEN 16 THEN 'failed' WHEN 17 THEN 'failed' "
        "WHEN 18 THEN 'dead_letter' ELSE 'completed' END, "
        "CASE n % 20 WHEN 16 THEN 1 WHEN 17 THEN 3 WHEN 18 THEN 3 ELSE 0 END, 3, %3, "
        "CASE WHEN n % 20 BETWEEN 16 AND 18 THEN CASE n % 3 "
        "WHEN 0 THEN 'timeout after ' || (n % 60) || 's on 10.0.' || (n % 256) || '.7:6379' "
        "WHEN 1 THEN 'no such field \"f' || (n % 97) || '\" in payload' "
        "ELSE 'connection refused by sink-' || (n % 5) END END FROM "_s.arg(id, json, created);
    const QString insert = u"INSERT INTO port_messages (id, port_name, source_component, "
                           "target_component, message_data, message_metadata, status, "
                           "retry_count, max_retries, created_at, error_message) "_s;
    return insertSeries(engine, insert, select, rows);
}

void generate(QSqlDatabase db, SqlEngine engine, qint64 rows)
{
    const auto made = dropForBulkInsert(db, engine, u"port_messages"_s);
    const auto start = Clock::now();
    exec(db, u"BEGIN"_s);
    exec(db, rowSelect(engine, rows));
    exec(db, u"COMMIT"_s);
    out() << "  inserted " << rows << " rows in " << qint64(secondsSince(start)) << " s"
          << Qt::endl;
    for (const auto &[name, sql] : made)
        exec(db, sql);
    out() << "  indexed in " << qint64(secondsSince(start)) << " s" << Qt::endl;
    exec(db, engine == SqlEngine::PostgreSQL ? u"ANALYZE port_messages"_s : u"ANALYZE"_s);
    out() << "  analysed in " << qint64(secondsSince(start)) << " s" << Qt::endl;
}

} // namespace

void prepareTable(const DatabaseUrl &url, qint64 rows)
{
    prepareGeneratedTable(url, u"port_messages"_s, rows, generate);
}

namespace {

// Seed 001's own DDL for the engine, verbatim, and `rows` messages through its columns only,
// in time order as a pipeline inserts them (message n created n seconds after 2026-01-01):
// 2% dead letters, 2% failed, the rest completed, on twenty ports. SQLite keeps the seed's
// indexes, grown by the insert as a pipeline's grow; PostgreSQL's secondary indexes are made
// again after it from their own definitions, so the table ends as the DDL makes it.
void makeSeedTable(QSqlDatabase db, SqlEngine engine, qint64 rows)
{
    const bool lite = engine == SqlEngine::SQLite;
    if (!lite) {
        exec(db, u"DROP SCHEMA public CASCADE"_s);
        exec(db, u"CREATE SCHEMA public"_s);
    }
    QFile ddl(QStringLiteral(PORTHOLE_SEED_DDL) +
              (lite ? u"/seed001_sqlite.sql"_s : u"/seed001_postgresql.sql"_s));
    check(ddl.open(QIODevice::ReadOnly), u"cannot read the seed's DDL"_s);
    for (const QString &statement : splitSqlStatements(QString::fromUtf8(ddl.readAll())))
        exec(db, statement);
    const auto indexes = lite ? QList<std::pair<QString, QString>>()
                              : dropForBulkInsert(db, engine, u"port_messages"_s);
    const QString id = lite ? u"printf('00000000-0000-4000-8000-%012x', n)"_s
                            : u"('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid"_s;
    const QString json = lite ? u""_s : u"::jsonb"_s;
    const QString created =
        lite ? u"datetime(1767225600 + n, 'unixepoch')"_s
             : u"timestamptz '2026-01-01 00:00:00+00' + n * interval '1 second'"_s;
    // The values go in by arg(), in one pass; the statement's own % signs have a space after.
    const QString select =
        u"SELECT %1, 'port-' || (n % 20), 'src', 'dst', ('{\"n\": ' || n || '}')%2, "
        "('{\"trace_id\": \"t-' || n || '\"}')%2, CASE n % 50 WHEN 0 THEN 'dead_letter' "
        "WHEN 1 THEN 'failed' ELSE 'completed' END, n % 4, %3 FROM "_s.arg(id, json, created);
    const auto start = Clock::now();
    exec(db, u"BEGIN"_s);
    exec(db, insertSeries(engine,
                          u"INSERT INTO port_messages (id, port_name, source_component, "
                          "target_component, message_data, message_metadata, status, "
                          "retry_count, created_at) "_s,
                          select, rows));
    exec(db, u"COMMIT"_s);
    for (const auto &[name, sql] : indexes)
        exec(db, sql);
    // PostgreSQL's autovacuum would analyse the table soon; a pipeline's SQLite file has no
    // statistics unless someone ran ANALYZE, so this one has none either.
    if (!lite)
        exec(db, u"ANALYZE port_messages"_s);
    out() << "  made the seed's table of " << rows << " rows in " << qint64(secondsSince(start))
          << " s" << Qt::endl;
}

bool holdsRows(QSqlDatabase db, qint64 rows)
{
    QSqlQuery query(db);
    return query.exec(u"SELECT count(*) FROM port_messages"_s) && query.next() &&
           query.value(0).toLongLong() == rows;
}

} // namespace

void prepareSeedTable(const DatabaseUrl &url, qint64 rows)
{
    const bool lite = url.engine() == DatabaseUrl::Engine::SQLite;
    // SQLite through a plain connection, which leaves the file's journal as the DDL made it.
    const ConnectionFactory factory(url);
    {
        QSqlDatabase db;
        if (lite) {
            db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"seed"_s);
            db.setDatabaseName(url.filePath());
            check(db.open(), db.lastError().text());
        } else {
            auto opened = factory.open(u"seed"_s);
            check(opened.ok(), opened.errorMessage());
            db = *opened;
        }
        if (holdsRows(db, rows)) {
            out() << "  reusing the seed-made table of " << rows << " rows" << Qt::endl;
        } else {
            if (lite) {
                db.close();
                QFile::remove(url.filePath());
                check(db.open(), db.lastError().text());
                exec(db, u"PRAGMA synchronous = OFF"_s);
            }
            makeSeedTable(db, lite ? SqlEngine::SQLite : SqlEngine::PostgreSQL, rows);
        }
    }
    if (lite)
        QSqlDatabase::removeDatabase(u"seed"_s);
    else
        factory.close(u"seed"_s);
}

} // namespace porthole::bench
