// The PostgreSQL baseline of bench_ingest: the same drain of the stream without Porthole, the
// rows stored on a plain libpq connection.

#include "benchsupport.h"
#include "databaseurl.h"
#include "ingestsupport.h"

#include <charconv>
#include <hiredis/hiredis.h>
#include <libpq-fe.h>
#include <string>

namespace porthole::bench {

namespace {

// The URL as libpq's keyword='value' pairs: the same host, port, user, password, database and
// options as Porthole's connection to it (ConnectionFactory) gives libpq, each value quoted.
QByteArray conninfoOf(const DatabaseUrl &url)
{
    QMap<QString, QString> pairs = url.options();
    pairs.insert(u"host"_s, url.host());
    pairs.insert(u"port"_s, QString::number(url.port()));
    pairs.insert(u"dbname"_s, url.databaseName());
    if (!url.userName().isEmpty())
        pairs.insert(u"user"_s, url.userName());
    if (!url.password().isEmpty())
        pairs.insert(u"password"_s, url.password());
    QStringList parts;
    for (auto it = pairs.cbegin(); it != pairs.cend(); ++it) {
        QString value = it.value();
        value.replace(u'\\', u"\\\\"_s).replace(u'\'', u"\\'"_s);
        parts << it.key() + u"='"_s + value + u'\'';
    }
    return parts.join(u' ').toUtf8();
}

// Sends `sql`, one statement or several, and checks each statement's result: all
// PGRES_COMMAND_OK, but for a COPY ... FROM STDIN, which must come last and leaves the
// connection in the copy (`intoCopy`).
void run(PGconn *conn, const char *sql, bool intoCopy = false)
{
    if (PQsendQuery(conn, sql) != 1)
        fail(QString::fromUtf8(PQerrorMessage(conn)));
    while (PGresult *result = PQgetResult(conn)) {
        const ExecStatusType status = PQresultStatus(result);
        if (status == PGRES_COPY_IN && intoCopy) {
            PQclear(result);
            return;
        }
        if (status != PGRES_COMMAND_OK) {
            const QString why = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
            PQclear(result);
            fail(u"%1: %2"_s.arg(QString::fromUtf8(sql), why));
        }
        PQclear(result);
    }
    if (intoCopy)
        fail(u"%1: no COPY"_s.arg(QString::fromUtf8(sql)));
}

// Appends `text` as a value of COPY's text format: backslash, tab, newline and carriage return
// escaped, every other byte as it is.
void appendCopyText(std::string &out, const char *text, size_t length)
{
    for (size_t i = 0; i < length; ++i) {
        const char c = text[i];
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out += c;
        }
    }
}

} // namespace

// The PostgreSQL sink's plain loop: the baseline's read and ack on plain hiredis, and the same
// rows (number, content, time, delivery key, source) into the same migrated `messages` table
// on a plain libpq connection, one transaction a group: BEGIN and COPY FROM STDIN of the
// group's rows into a temporary staging table (made once, before the clock; emptied by each
// commit), then INSERT ... SELECT from it ON CONFLICT (delivery_key) DO NOTHING and COMMIT,
// then the group's XACK. Three round trips a group; the server's durable defaults (fsync and
// synchronous_commit on). No lookup of stored keys, no decoding, no Qt.
double rawPostgresDrain(const RedisUrl &url, const DatabaseUrl &database, qint64 messages)
{
    RawRedis redis(url);
    RawGroupReader group(redis);
    PGconn *conn = PQconnectdb(conninfoOf(database).constData());
    if (PQstatus(conn) != CONNECTION_OK)
        fail(u"cannot connect to PostgreSQL at %1: %2"_s.arg(
            database.toDisplayString(), QString::fromUtf8(PQerrorMessage(conn)).trimmed()));
    run(conn, "CREATE TEMP TABLE IF NOT EXISTS raw_stage (message_number bigint, content text, "
              "\"timestamp\" timestamp, delivery_key text, source text) ON COMMIT DELETE ROWS");
    // The staged times are UTC; AT TIME ZONE 'UTC' makes them the column's timestamptz
    // whatever the session's time zone.
    const char *const begin = "BEGIN; COPY raw_stage (message_number, content, \"timestamp\", "
                              "delivery_key, source) FROM STDIN";
    const char *const insert =
        "INSERT INTO messages (message_number, content, timestamp, delivery_key, source) "
        "SELECT message_number, content, \"timestamp\" AT TIME ZONE 'UTC', delivery_key, source "
        "FROM raw_stage ON CONFLICT (delivery_key) DO NOTHING; COMMIT";

    std::string source;
    appendCopyText(source, streamKey.constData(), size_t(streamKey.size()));
    std::string keyPrefix;
    const std::string key = "stream:" + streamKey.toStdString() + ":";
    appendCopyText(keyPrefix, key.data(), key.size());
    std::string rows;
    qint64 drained = 0;
    const auto start = Clock::now();
    while (const redisReply *entries = group.next()) {
        const size_t count = entries->elements;
        char stamp[32];
        const size_t stampLength = utcStamp(stamp, true);
        rows.clear();
        for (size_t i = 0; i < count; ++i) {
            const redisReply *entry = entries->element[i];
            const redisReply *id = entry->element[0];
            const redisReply *payload = payloadOf(entry);
            char digits[24];
            const auto converted =
                std::to_chars(digits, digits + sizeof digits, messageNumberOf(payload));
            rows.append(digits, converted.ptr);
            rows += '\t';
            appendCopyText(rows, payload->str, payload->len);
            rows += '\t';
            rows.append(stamp, stampLength);
            rows += '\t';
            rows += keyPrefix;
            appendCopyText(rows, id->str, id->len);
            rows += '\t';
            rows += source;
            rows += '\n';
        }
        run(conn, begin, true);
        if (PQputCopyData(conn, rows.data(), int(rows.size())) != 1 ||
            PQputCopyEnd(conn, nullptr) != 1)
            fail(QString::fromUtf8(PQerrorMessage(conn)));
        // The COPY's own result, then the end of the BEGIN; COPY string.
        while (PGresult *result = PQgetResult(conn)) {
            if (PQresultStatus(result) != PGRES_COMMAND_OK)
                fail(u"COPY raw_stage: %1"_s.arg(
                    QString::fromUtf8(PQresultErrorMessage(result)).trimmed()));
            PQclear(result);
        }
        run(conn, insert);
        group.acknowledge(entries);
        drained += qint64(count);
    }
    const double seconds = secondsSince(start);
    PQfinish(conn);
    check(drained == messages && pendingOf(redis, streamKey) == 0,
          u"the raw PostgreSQL drain took %1 of %2"_s.arg(drained).arg(messages));
    return messages / seconds;
}

} // namespace porthole::bench
