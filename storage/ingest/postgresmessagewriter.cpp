#include "postgresmessagewriter.h"

#include "postgreshandle.h"
#include "sqlerror.h"
#include "sqlsupport.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QVariant>

#include <libpq-fe.h>
#include <memory>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The group's rows as one array a column, in one statement: no table of the session's own
// (which would need the TEMPORARY privilege, and a session that outlives the transaction),
// one round trip, and the server parses six array values, not a statement of 6,000 values.
// The ON CONFLICT leaves out keys stored in messages, also by another writer meanwhile.
const char *const insertSql =
    "INSERT INTO messages (message_number, content, content_raw, \"timestamp\", delivery_key, "
    "source) SELECT r.number, r.content, r.raw, r.at, r.key, r.source "
    "FROM unnest(CAST($1 AS bigint[]), CAST($2 AS text[]), CAST($3 AS bytea[]), "
    "CAST($4 AS timestamptz[]), CAST($5 AS text[]), CAST($6 AS text[])) WITH ORDINALITY "
    "AS r(number, content, raw, at, key, source, ord) "
    "WHERE NOT EXISTS (SELECT 1 FROM ingest_deliveries i WHERE i.delivery_key = r.key) "
    "ORDER BY r.ord ON CONFLICT (delivery_key) DO NOTHING";
const char *const storedKeysSql =
    "SELECT delivery_key FROM messages WHERE delivery_key = ANY (CAST($1 AS text[])) "
    "UNION ALL "
    "SELECT delivery_key FROM ingest_deliveries WHERE delivery_key = ANY (CAST($1 AS text[]))";

// Appends a text as an element of an array literal: quoted, '"' and '\' escaped.
void appendArrayElement(QByteArray &out, QByteArrayView text)
{
    out.append('"');
    const char *run = text.data();
    const char *const end = text.data() + text.size();
    for (const char *p = run; p != end; ++p) {
        if (*p != '"' && *p != '\\')
            continue;
        out.append(run, p - run).append('\\');
        run = p; // the character itself goes with the next run
    }
    out.append(run, end - run);
    out.append('"');
}

class PostgresMessageWriter final : public IngestMessageWriter
{
public:
    explicit PostgresMessageWriter(PGconn *connection)
        : m_connection(connection)
    {}

    Status findStored(std::span<const QString> keys, QSet<QString> &stored) override
    {
        if (keys.empty())
            return success();
        QByteArray array = "{";
        for (const QString &key : keys) {
            if (array.size() > 1)
                array.append(',');
            appendArrayElement(array, key.toUtf8());
        }
        array.append('}');
        const char *const values[] = {array.constData()};
        PgResult found(
            PQexecParams(m_connection, storedKeysSql, 1, nullptr, values, nullptr, nullptr, 0));
        if (PQresultStatus(found.get()) != PGRES_TUPLES_OK)
            return error(found.get(), u"Looking up stored deliveries"_s);
        for (int row = 0; row < PQntuples(found.get()); ++row)
            stored.insert(QString::fromUtf8(PQgetvalue(found.get(), row, 0),
                                            PQgetlength(found.get(), row, 0)));
        return success();
    }

    Result<qint64> insert(std::span<const MessageRow> rows) override
    {
        if (rows.empty())
            return qint64(0);
        for (QByteArray &column : m_columns)
            column = "{";
        for (const MessageRow &row : rows)
            appendRow(row);
        const char *values[columnCount];
        for (int c = 0; c < columnCount; ++c) {
            m_columns[c].append('}');
            values[c] = m_columns[c].constData();
        }
        PgResult inserted(PQexecParams(m_connection, insertSql, columnCount, nullptr, values,
                                       nullptr, nullptr, 0));
        if (PQresultStatus(inserted.get()) != PGRES_COMMAND_OK)
            return error(inserted.get(), u"Storing %1 messages"_s.arg(rows.size()));
        return QByteArray(PQcmdTuples(inserted.get())).toLongLong();
    }

private:
    enum Column
    {
        Number,
        Content,
        Raw,
        Time,
        Key,
        Source,
        columnCount
    };

    // One element more in the array of `column`.
    QByteArray &next(Column column)
    {
        QByteArray &array = m_columns[column];
        if (array.size() > 1)
            array.append(',');
        return array;
    }

    void appendRow(const MessageRow &row)
    {
        const QByteArray &payload = row.delivery->payload;
        next(Number).append(QByteArray::number(row.number));
        if (row.text) {
            appendArrayElement(next(Content), payload);
            next(Raw).append("NULL");
        } else {
            appendArrayElement(next(Content), replacedContent(payload).toUtf8());
            next(Raw).append("\"\\\\x").append(payload.toHex()).append('"');
        }
        next(Time).append('"').append(timestamp(row.received)).append('"');
        appendArrayElement(next(Key), row.key->toUtf8());
        const QString &source = row.delivery->source;
        if (source != m_source || m_sourceElement.isNull()) { // the same for a whole group
            m_source = source;
            m_sourceElement.clear();
            appendArrayElement(m_sourceElement, withoutNul(source).toUtf8());
        }
        next(Source).append(m_sourceElement);
    }

    // The text of a time, formatted once for all the rows received at the same moment.
    const QByteArray &timestamp(const QDateTime &time)
    {
        if (time != m_time || m_timeText.isEmpty()) {
            m_time = time;
            m_timeText = timestampText(time).toUtf8() + "+00";
        }
        return m_timeText;
    }

    // What went wrong, as Qt's driver would have said it: SQLSTATE and message.
    StorageError error(const PGresult *result, const QString &what) const
    {
        const char *state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
        QString message = QString::fromUtf8(result ? PQresultErrorMessage(result) : "").trimmed();
        if (message.isEmpty())
            message = QString::fromUtf8(PQerrorMessage(m_connection)).trimmed();
        if (PQstatus(m_connection) == CONNECTION_BAD)
            return sqlError(QSqlError(QString(), message, QSqlError::ConnectionError, u"08006"_s),
                            what);
        return sqlError(QSqlError(QString(), message, QSqlError::StatementError,
                                  state ? QString::fromLatin1(state) : QString()),
                        what);
    }

    PGconn *m_connection;
    QByteArray m_columns[columnCount]; // the array literals of the statement being made
    QString m_source;
    QByteArray m_sourceElement;
    QDateTime m_time;
    QByteArray m_timeText;
};

} // namespace

Result<std::unique_ptr<IngestMessageWriter>> createPostgresMessageWriter(const QSqlDatabase &db)
{
    PGconn *connection = postgresHandleOf(db);
    if (connection == nullptr || PQstatus(connection) != CONNECTION_OK)
        return StorageError{StorageError::Kind::ConnectionLost,
                            u"Storing messages needs an open PostgreSQL connection."_s};
    return std::unique_ptr<IngestMessageWriter>(
        std::make_unique<PostgresMessageWriter>(connection));
}

} // namespace porthole
