#include "readonlystatement.h"

#include "postgreshandle.h"
#include "sqlerror.h"
#include "sqlitestatement.h"
#include "sqlscript.h"
#include "sqlsupport.h"

#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <iterator>
#include <libpq-fe.h>
#include <memory>
#include <poll.h>
#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// SQLite: steps of its virtual machine between two looks at the interrupt.
constexpr int stepsBetweenChecks = 1000;
// PostgreSQL: how long the running thread waits for rows between two looks at the interrupt.
constexpr int pollMs = 20;

// Pragmas that only read, whatever their argument (a table's name, a number of errors).
constexpr const char *readingPragmas[] = {
    "table_info",      "table_xinfo", "index_info",       "index_xinfo",
    "index_list",      "table_list",  "foreign_key_list", "foreign_key_check",
    "integrity_check", "quick_check", "database_list",    "collation_list",
    "function_list",   "module_list", "pragma_list",      "compile_options"};
// Pragmas that read their setting when given no value, and set it when given one.
constexpr const char *settingPragmas[] = {
    "application_id",    "auto_vacuum",    "automatic_index",    "busy_timeout",
    "cache_size",        "cache_spill",    "data_version",       "encoding",
    "foreign_keys",      "freelist_count", "journal_mode",       "journal_size_limit",
    "locking_mode",      "max_page_count", "mmap_size",          "page_count",
    "page_size",         "query_only",     "recursive_triggers", "schema_version",
    "secure_delete",     "synchronous",    "temp_store",         "user_version",
    "wal_autocheckpoint"};
// Functions that write files, load code or change how SQLite parses.
constexpr const char *writingFunctions[] = {"load_extension", "writefile", "edit",
                                            "fts3_tokenizer"};

template <std::size_t N>
bool listed(const char *name, const char *const (&names)[N])
{
    if (name == nullptr)
        return false;
    return std::any_of(std::begin(names), std::end(names),
                       [name](const char *known) { return sqlite3_stricmp(name, known) == 0; });
}

// Allows what reads, denies everything else: an action SQLite adds later is denied too.
int authorize(void *, int action, const char *first, const char *second, const char *database,
              const char *)
{
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_FUNCTION:
        return listed(second, writingFunctions) ? SQLITE_DENY : SQLITE_OK;
    case SQLITE_UPDATE:
        // The first use of a table-valued function (pragma_table_info(), json_each()) on a
        // connection declares its table, and SQLite asks about an UPDATE of sqlite_master in
        // code it never runs. A statement's own UPDATE of sqlite_master SQLite refuses itself
        // (writable_schema is off, and the defensive mode keeps it off).
        return sqlite3_stricmp(first, "sqlite_master") == 0 &&
                       sqlite3_stricmp(database, "main") == 0
                   ? SQLITE_OK
                   : SQLITE_DENY;
    case SQLITE_PRAGMA:
        return listed(first, readingPragmas) || (second == nullptr && listed(first, settingPragmas))
                   ? SQLITE_OK
                   : SQLITE_DENY;
    default:
        return SQLITE_DENY;
    }
}

int sqliteProgress(void *interrupt)
{
    return static_cast<const CountInterrupt *>(interrupt)->isRaised() ? 1 : 0;
}

StorageError refusedOr(StorageError error, bool refused)
{
    if (refused)
        error.message = u"Refused: the SQL console only reads, and this statement would change "
                        "the database. (%1)"_s.arg(error.message);
    return error;
}

Status checkOneStatement(const QString &sql, SqlEngine engine)
{
    if (splitSqlStatements(sql).size() > 1)
        return StorageError::invalidArgument(
            u"Run one statement at a time: the console found more than one."_s);
    static const QRegularExpression copy(u"^\\s*copy\\b"_s,
                                         QRegularExpression::CaseInsensitiveOption);
    if (engine == SqlEngine::PostgreSQL && copy.match(sql).hasMatch())
        return StorageError::invalidArgument(
            u"Refused: the SQL console does not run COPY, which can write the server's files. "
            "Export the result of a SELECT instead."_s);
    return success();
}

// --- SQLite ---

struct StatementDeleter
{
    void operator()(sqlite3_stmt *statement) const { sqlite3_finalize(statement); }
};

// The interrupt watched while a statement runs on `handle`.
class ProgressScope
{
public:
    ProgressScope(sqlite3 *handle, CountInterrupt &interrupt)
        : m_handle(handle)
    {
        sqlite3_progress_handler(m_handle, stepsBetweenChecks, sqliteProgress, &interrupt);
    }
    ~ProgressScope() { sqlite3_progress_handler(m_handle, 0, nullptr, nullptr); }
    ProgressScope(const ProgressScope &) = delete;
    ProgressScope &operator=(const ProgressScope &) = delete;

private:
    sqlite3 *m_handle;
};

QVariant sqliteValue(sqlite3_stmt *statement, int column)
{
    switch (sqlite3_column_type(statement, column)) {
    case SQLITE_INTEGER:
        return qint64(sqlite3_column_int64(statement, column));
    case SQLITE_FLOAT:
        return sqlite3_column_double(statement, column);
    case SQLITE_BLOB:
        return QByteArray(static_cast<const char *>(sqlite3_column_blob(statement, column)),
                          sqlite3_column_bytes(statement, column));
    case SQLITE_NULL:
        return {};
    default:
        return QString::fromUtf8(
            reinterpret_cast<const char *>(sqlite3_column_text(statement, column)),
            sqlite3_column_bytes(statement, column));
    }
}

StorageError sqliteError(sqlite3 *handle, int code)
{
    const QString message = QString::fromUtf8(sqlite3_errmsg(handle));
    // The authorizer's denial comes as SQLITE_AUTH or, at prepare, as an error "not
    // authorized"; sqlite_master's own as "may not be modified".
    const bool refused = code == SQLITE_AUTH || code == SQLITE_READONLY ||
                         message.startsWith(u"not authorized"_s) ||
                         message.contains(u"may not be modified"_s);
    return refusedOr(
        {code == SQLITE_BUSY ? StorageError::Kind::Locked : StorageError::Kind::InvalidArgument,
         message},
        refused);
}

Result<std::optional<QueryRows>> sqliteRows(sqlite3 *handle, const QString &sql, qint64 offset,
                                            int limit, CountInterrupt &interrupt)
{
    const ProgressScope watched(handle, interrupt);
    const QByteArray utf8 = sql.toUtf8();
    sqlite3_stmt *prepared = nullptr;
    const char *tail = nullptr;
    int code = sqlite3_prepare_v2(handle, utf8.constData(), int(utf8.size()), &prepared, &tail);
    const std::unique_ptr<sqlite3_stmt, StatementDeleter> statement(prepared);
    if (interrupt.isRaised())
        return std::optional<QueryRows>();
    if (code != SQLITE_OK)
        return sqliteError(handle, code);
    if (!statement)
        return StorageError::invalidArgument(u"The statement is empty."_s);
    QueryRows out;
    for (int i = 0; i < sqlite3_column_count(statement.get()); ++i)
        out.columns << QString::fromUtf8(sqlite3_column_name(statement.get(), i));
    qint64 seen = 0;
    while ((code = sqlite3_step(statement.get())) == SQLITE_ROW) {
        if (seen++ < offset)
            continue;
        if (out.rows.size() == limit)
            return std::optional<QueryRows>(std::move(out)); // one more: not at the end
        QVariantList row;
        for (int i = 0; i < out.columns.size(); ++i)
            row << sqliteValue(statement.get(), i);
        out.rows.append(row);
    }
    if (interrupt.isRaised())
        return std::optional<QueryRows>();
    if (code != SQLITE_DONE)
        return sqliteError(handle, code);
    out.atEnd = true;
    return std::optional<QueryRows>(std::move(out));
}

// --- PostgreSQL ---

QVariant postgresValue(const PGresult *result, int column)
{
    if (PQgetisnull(result, 0, column))
        return {};
    const QString text = QString::fromUtf8(PQgetvalue(result, 0, column));
    switch (PQftype(result, column)) {
    case 20: // int8
    case 21: // int2
    case 23: // int4
        return text.toLongLong();
    case 700: // float4
    case 701: // float8
        return text.toDouble();
    default:
        return text;
    }
}

// Streams the statement's rows in single-row mode, keeps those of the page, and cancels the
// statement on the server once it has them or when `interrupt` rises.
class PostgresRun
{
public:
    PostgresRun(PGconn *connection, CountInterrupt &interrupt)
        : m_connection(connection)
        , m_interrupt(interrupt)
    {}

    Result<std::optional<QueryRows>> run(const QByteArray &sql, qint64 offset, int limit)
    {
        if (PQsendQueryParams(m_connection, sql.constData(), 0, nullptr, nullptr, nullptr, nullptr,
                              0) == 0)
            return lost();
        PQsetSingleRowMode(m_connection);
        QueryRows out;
        qint64 seen = 0;
        std::optional<StorageError> failure;
        bool done = false;
        while (!done) {
            if (!waitForResult())
                return lost();
            PgResult result{PQgetResult(m_connection)};
            if (!result) {
                done = true;
                continue;
            }
            switch (PQresultStatus(result.get())) {
            case PGRES_SINGLE_TUPLE:
                takeColumns(result.get(), out);
                if (m_cancelled || seen++ < offset)
                    break;
                if (out.rows.size() == limit) {
                    stop(); // one row more than asked: not at the end; the rest is not wanted
                    break;
                }
                out.rows.append(row(result.get()));
                break;
            case PGRES_TUPLES_OK:
            case PGRES_COMMAND_OK:
                takeColumns(result.get(), out);
                out.atEnd = !m_cancelled;
                break;
            default:
                if (!failure && !m_cancelled)
                    failure = error(result.get());
                break;
            }
        }
        if (m_interrupt.isRaised())
            return std::optional<QueryRows>();
        if (failure)
            return *failure;
        return std::optional<QueryRows>(std::move(out));
    }

private:
    // Waits until a result can be read without blocking, watching the interrupt meanwhile.
    bool waitForResult()
    {
        for (;;) {
            if (PQconsumeInput(m_connection) == 0)
                return false;
            if (PQisBusy(m_connection) == 0)
                return true;
            if (m_interrupt.isRaised())
                stop();
            pollfd socket{PQsocket(m_connection), POLLIN, 0};
            ::poll(&socket, 1, pollMs);
        }
    }

    void stop()
    {
        if (!m_cancelled)
            sendCancel(m_connection);
        m_cancelled = true;
    }

    static void takeColumns(const PGresult *result, QueryRows &out)
    {
        if (!out.columns.isEmpty())
            return;
        for (int i = 0; i < PQnfields(result); ++i)
            out.columns << QString::fromUtf8(PQfname(result, i));
    }

    static QVariantList row(const PGresult *result)
    {
        QVariantList values;
        for (int i = 0; i < PQnfields(result); ++i)
            values << postgresValue(result, i);
        return values;
    }

    static StorageError error(const PGresult *result)
    {
        const QString sqlState = QString::fromLatin1(PQresultErrorField(result, PG_DIAG_SQLSTATE));
        const QString message = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
        // 25006: read_only_sql_transaction; 25001: active_sql_transaction (read-write asked
        // for once the transaction has read); 42501: insufficient_privilege.
        return refusedOr(StorageError::invalidArgument(message), sqlState == u"25006"_s ||
                                                                     sqlState == u"25001"_s ||
                                                                     sqlState == u"42501"_s);
    }

    StorageError lost() const
    {
        return StorageError::connectionLost(u"The console's statement: %1"_s.arg(
            QString::fromUtf8(PQerrorMessage(m_connection)).trimmed()));
    }

    PGconn *m_connection;
    CountInterrupt &m_interrupt;
    bool m_cancelled = false;
};

Status execAll(const QSqlDatabase &db, const QStringList &statements)
{
    for (const QString &sql : statements) {
        QSqlQuery query(db);
        if (!query.exec(sql))
            return sqlError(query.lastError(), u"Making the console's connection read-only"_s);
    }
    return success();
}

Result<std::optional<QueryRows>> postgresRows(const QSqlDatabase &db, const QString &sql,
                                              qint64 offset, int limit, CountInterrupt &interrupt)
{
    PGconn *connection = postgresHandleOf(db);
    if (connection == nullptr || PQstatus(connection) != CONNECTION_OK)
        return StorageError::connectionLost(u"The console's connection is not open."_s);
    // A snapshot taken (SELECT 1) after SET TRANSACTION READ ONLY: from then on the
    // transaction cannot be made read-write again.
    if (Status begun = execAll(
            db, {u"BEGIN"_s, u"SET TRANSACTION READ ONLY"_s,
                 u"SET LOCAL statement_timeout = %1"_s.arg(ReadOnlyStatement::statementTimeoutMs),
                 u"SELECT 1"_s});
        !begun) {
        execAll(db, {u"ROLLBACK"_s});
        return begun.error();
    }
    auto rows = PostgresRun(connection, interrupt).run(sql.toUtf8(), offset, limit);
    // Whatever ran: nothing of it stays. (A statement that ended the transaction itself,
    // COMMIT or ROLLBACK, leaves none to roll back: PostgreSQL only warns.) Advisory locks the
    // statement took for the session go too: one held would stop a pipeline that waits for it.
    if (Status rolledBack = execAll(db, {u"ROLLBACK"_s, u"SELECT pg_advisory_unlock_all()"_s});
        !rolledBack && rows)
        return rolledBack.error();
    return rows;
}

} // namespace

ReadOnlyStatement::ReadOnlyStatement(const QString &sql)
    : m_sql(sql.trimmed())
{
    while (m_sql.endsWith(u';'))
        m_sql = m_sql.chopped(1).trimmed();
}

Status ReadOnlyStatement::guard(const QSqlDatabase &db)
{
    if (engineOf(db) == SqlEngine::PostgreSQL)
        return execAll(db, {u"SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"_s});
    sqlite3 *handle = SqliteStatement::handleOf(db);
    if (handle == nullptr)
        return StorageError::connectionLost(u"The console's database is not open."_s);
    // query_only is set before the authorizer, which would deny setting it.
    sqlite3_set_authorizer(handle, nullptr, nullptr);
    if (Status set = execAll(db, {u"PRAGMA query_only=1"_s}); !set)
        return set;
    sqlite3_db_config(handle, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    sqlite3_db_config(handle, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_set_authorizer(handle, authorize, nullptr);
    return success();
}

Result<std::optional<QueryRows>> ReadOnlyStatement::rows(const QSqlDatabase &db, qint64 offset,
                                                         int limit, CountInterrupt &interrupt) const
{
    if (interrupt.isRaised())
        return std::optional<QueryRows>();
    if (m_sql.isEmpty())
        return StorageError::invalidArgument(u"Type a statement to run."_s);
    const SqlEngine engine = engineOf(db);
    if (Status one = checkOneStatement(m_sql, engine); !one)
        return one.error();
    if (Status guarded = guard(db); !guarded)
        return guarded.error();
    if (engine == SqlEngine::PostgreSQL)
        return postgresRows(db, m_sql, offset, limit, interrupt);
    return sqliteRows(SqliteStatement::handleOf(db), m_sql, offset, limit, interrupt);
}

namespace {

class ConsoleExport final : public ExportSource
{
public:
    ConsoleExport(QString sql, QStringList columns)
        : m_sql(std::move(sql))
        , m_columns(std::move(columns))
    {}

    QString table() const override { return u"query"_s; }

    QList<ExportColumn> columns() const override
    {
        QList<ExportColumn> list;
        for (const QString &c : m_columns)
            list.append({c, c, ExportKind::Text});
        return list;
    }

    Result<ExportQuery> query(const QSqlDatabase &db, const QStringList &names) const override
    {
        if (Status ready = prepare(db); !ready)
            return ready.error();
        ExportQuery out;
        out.columns = columns();
        out.sql = m_sql;
        if (names.isEmpty() || names == m_columns)
            return out;
        // Chosen columns: the statement as a subquery, each picked by its name.
        out.columns.clear();
        QStringList picked;
        for (const QString &name : names) {
            if (!m_columns.contains(name))
                return StorageError::invalidArgument(
                    u"The result has no column \"%1\"."_s.arg(name));
            out.columns.append({name, name, ExportKind::Text});
            picked << u'"' + QString(name).replace(u'"', u"\"\""_s) + u'"';
        }
        out.sql = u"SELECT %1 FROM (%2) AS porthole_query"_s.arg(picked.join(u", "_s), m_sql);
        return out;
    }

    Result<RowCount> count(const QSqlDatabase &, qint64) const override
    {
        // Not counted: that would run the statement twice. The export says how far it got.
        return RowCount{-1, RowCount::Precision::Estimate};
    }

private:
    Status prepare(const QSqlDatabase &db) const
    {
        if (Status one = checkOneStatement(m_sql, engineOf(db)); !one)
            return one;
        return ReadOnlyStatement::guard(db);
    }

    QString m_sql;
    QStringList m_columns;
};

} // namespace

std::shared_ptr<const ExportSource> consoleExport(const ReadOnlyStatement &statement,
                                                  const QStringList &columns)
{
    return std::make_shared<ConsoleExport>(statement.sql(), columns);
}

} // namespace porthole
