#include "postgresmessagewriter.h"

#include "sqlerror.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QVariant>

#include <libpq-fe.h>
#include <memory>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The session's temporary table the rows are copied into; its rows go at the end of each
// transaction (commit or rollback), so a group never sees another's.
const char *const stageExistsSql =
    "SELECT 1 FROM pg_catalog.pg_class WHERE relname = 'porthole_ingest_stage' "
    "AND relnamespace = pg_catalog.pg_my_temp_schema()";
const char *const createStageSql =
    "CREATE TEMPORARY TABLE porthole_ingest_stage (ord integer NOT NULL, "
    "message_number bigint NOT NULL, content text NOT NULL, content_raw bytea, "
    "\"timestamp\" timestamp with time zone NOT NULL, delivery_key text NOT NULL, "
    "source text NOT NULL) ON COMMIT DELETE ROWS";
const char *const copySql =
    "COPY pg_temp.porthole_ingest_stage (ord, message_number, content, content_raw, "
    "\"timestamp\", delivery_key, source) FROM STDIN";
// The ON CONFLICT leaves out keys stored in messages, also by another writer meanwhile.
const char *const insertSql =
    "INSERT INTO messages (message_number, content, content_raw, \"timestamp\", delivery_key, "
    "source) SELECT s.message_number, s.content, s.content_raw, s.\"timestamp\", "
    "s.delivery_key, s.source FROM pg_temp.porthole_ingest_stage s WHERE NOT EXISTS "
    "(SELECT 1 FROM ingest_deliveries i WHERE i.delivery_key = s.delivery_key) ORDER BY s.ord "
    "ON CONFLICT (delivery_key) DO NOTHING";
const char *const storedKeysSql =
    "SELECT delivery_key FROM messages WHERE delivery_key = ANY (CAST($1 AS text[])) "
    "UNION ALL "
    "SELECT delivery_key FROM ingest_deliveries WHERE delivery_key = ANY (CAST($1 AS text[]))";

// COPY's data is sent in pieces of about this size: a group of large payloads is not held
// twice over in one buffer.
constexpr qsizetype copyPieceBytes = 1024 * 1024;

struct ResultDeleter
{
    void operator()(PGresult *result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// Appends a value in COPY's text format: backslash, newline, carriage return and tab escaped.
void appendCopyText(QByteArray &out, QByteArrayView value)
{
    const char *run = value.data();
    const char *const end = value.data() + value.size();
    for (const char *p = run; p != end; ++p) {
        const char c = *p;
        if (c != '\\' && c != '\n' && c != '\r' && c != '\t')
            continue;
        out.append(run, p - run);
        out.append('\\');
        out.append(c == '\\' ? '\\' : c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
        run = p + 1;
    }
    out.append(run, end - run);
}

// A bytea value in COPY's text format: hex, its backslash escaped.
void appendCopyBytea(QByteArray &out, const QByteArray &bytes)
{
    out.append("\\\\x");
    out.append(bytes.toHex());
}

// Appends a key as an element of a text[] literal: quoted, '"' and '\' escaped.
void appendArrayElement(QByteArray &out, const QByteArray &text)
{
    out.append('"');
    for (const char c : text) {
        if (c == '"' || c == '\\')
            out.append('\\');
        out.append(c);
    }
    out.append('"');
}

class PostgresMessageWriter final : public IngestMessageWriter
{
public:
    explicit PostgresMessageWriter(PGconn *connection)
        : m_connection(connection)
    {}

    Status prepare()
    {
        PgResult exists(PQexec(m_connection, stageExistsSql));
        if (PQresultStatus(exists.get()) != PGRES_TUPLES_OK)
            return error(exists.get(), u"Preparing to store messages"_s);
        if (PQntuples(exists.get()) > 0)
            return success();
        return command(createStageSql, u"Preparing to store messages"_s);
    }

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
        const QString what = u"Storing %1 messages"_s.arg(rows.size());
        PgResult copying(PQexec(m_connection, copySql));
        if (PQresultStatus(copying.get()) != PGRES_COPY_IN)
            return error(copying.get(), what);
        copying.reset();
        m_data.clear();
        bool sent = true;
        for (std::size_t i = 0; sent && i < rows.size(); ++i) {
            appendRow(int(i), rows[i]);
            if (m_data.size() >= copyPieceBytes || i + 1 == rows.size()) {
                sent = PQputCopyData(m_connection, m_data.constData(), int(m_data.size())) == 1;
                m_data.clear();
            }
        }
        // Ending the copy with an error message makes the server abandon it.
        if (PQputCopyEnd(m_connection, sent ? nullptr : "sending the rows failed") != 1)
            return error(nullptr, what);
        if (Status copied = lastResult(PGRES_COMMAND_OK, what); !copied)
            return copied.error();
        PgResult inserted(PQexec(m_connection, insertSql));
        if (PQresultStatus(inserted.get()) != PGRES_COMMAND_OK)
            return error(inserted.get(), what);
        return QByteArray(PQcmdTuples(inserted.get())).toLongLong();
    }

private:
    void appendRow(int ord, const MessageRow &row)
    {
        const QByteArray &payload = row.delivery->payload;
        m_data.append(QByteArray::number(ord)).append('\t');
        m_data.append(QByteArray::number(row.number)).append('\t');
        if (row.text) {
            appendCopyText(m_data, payload);
            m_data.append("\t\\N\t");
        } else {
            appendCopyText(m_data, replacedContent(payload).toUtf8());
            m_data.append('\t');
            appendCopyBytea(m_data, payload);
            m_data.append('\t');
        }
        m_data.append(timestamp(row.received)).append('\t');
        appendCopyText(m_data, row.key->toUtf8());
        m_data.append('\t');
        const QString &source = row.delivery->source;
        if (source != m_source || m_sourceText.isNull()) { // the same for a whole group, as a rule
            m_source = source;
            m_sourceText.clear();
            appendCopyText(m_sourceText, withoutNul(source).toUtf8());
        }
        m_data.append(m_sourceText).append('\n');
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

    Status command(const char *sql, const QString &what)
    {
        PgResult result(PQexec(m_connection, sql));
        if (PQresultStatus(result.get()) != PGRES_COMMAND_OK)
            return error(result.get(), what);
        return success();
    }

    // Reads the results of what was sent until there are none: the first must have `status`.
    Status lastResult(ExecStatusType status, const QString &what)
    {
        std::optional<StorageError> failed;
        bool first = true;
        while (PgResult result{PQgetResult(m_connection)}) {
            if (first && PQresultStatus(result.get()) != status)
                failed = error(result.get(), what);
            first = false;
        }
        if (failed)
            return *failed;
        if (first)
            return error(nullptr, what);
        return success();
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
    QByteArray m_data; // the COPY's next piece
    QString m_source;
    QByteArray m_sourceText;
    QDateTime m_time;
    QByteArray m_timeText;
};

} // namespace

Result<std::unique_ptr<IngestMessageWriter>> createPostgresMessageWriter(const QSqlDatabase &db)
{
    PGconn *connection = nullptr;
    if (db.isOpen() && db.driver() != nullptr) {
        // Qt's documented way to the native handle: a QVariant holding "PGconn*", which Qt 6
        // names by the struct behind the typedef.
        const QVariant handle = db.driver()->handle();
        if (handle.isValid() && (qstrcmp(handle.typeName(), "pg_conn*") == 0 ||
                                 qstrcmp(handle.typeName(), "PGconn*") == 0))
            connection = *static_cast<PGconn *const *>(handle.constData());
    }
    if (connection == nullptr || PQstatus(connection) != CONNECTION_OK)
        return StorageError{StorageError::Kind::ConnectionLost,
                            u"Storing messages needs an open PostgreSQL connection."_s};
    auto writer = std::make_unique<PostgresMessageWriter>(connection);
    if (Status prepared = writer->prepare(); !prepared)
        return prepared.error();
    return std::unique_ptr<IngestMessageWriter>(std::move(writer));
}

} // namespace porthole
