#include "exactcount.h"

#include "postgreshandle.h"
#include "sqlerror.h"
#include "sqlitestatement.h"
#include "sqlsupport.h"

#include <QSqlDriver>
#include <QSqlError>

#include <libpq-fe.h>
#include <memory>
#include <poll.h>
#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// SQLite steps of its virtual machine between two looks at the flag: a few microseconds.
constexpr int stepsBetweenChecks = 4096;
// PostgreSQL: how long the counting thread waits for the answer between two looks at the flag.
constexpr int pollMs = 20;

int sqliteProgress(void *interrupt)
{
    return static_cast<const CountInterrupt *>(interrupt)->isRaised() ? 1 : 0;
}

} // namespace

// The SQLite handle a count runs on, known to its interrupt for as long as the count runs.
class SqliteCountScope
{
public:
    SqliteCountScope(CountInterrupt &interrupt, sqlite3 *handle)
        : m_interrupt(interrupt)
        , m_handle(handle)
    {
        const std::lock_guard lock(m_interrupt.m_mutex);
        m_interrupt.m_sqlite = m_handle;
        sqlite3_progress_handler(m_handle, stepsBetweenChecks, sqliteProgress, &m_interrupt);
    }
    ~SqliteCountScope()
    {
        const std::lock_guard lock(m_interrupt.m_mutex);
        sqlite3_progress_handler(m_handle, 0, nullptr, nullptr);
        m_interrupt.m_sqlite = nullptr;
    }
    SqliteCountScope(const SqliteCountScope &) = delete;
    SqliteCountScope &operator=(const SqliteCountScope &) = delete;

private:
    CountInterrupt &m_interrupt;
    sqlite3 *m_handle;
};

void CountInterrupt::raise()
{
    m_raised.store(true, std::memory_order_release);
    const std::lock_guard lock(m_mutex);
    if (m_sqlite)
        sqlite3_interrupt(m_sqlite);
}

namespace {

Result<std::optional<qint64>> sqliteCount(const QSqlDatabase &db, sqlite3 *handle,
                                          const QString &fromWhere, const QVariantList &params,
                                          CountInterrupt &interrupt, const QString &what)
{
    const SqliteCountScope scope(interrupt, handle);
    if (interrupt.isRaised())
        return std::optional<qint64>();
    auto query = execQuery(db, u"SELECT count(*) "_s + fromWhere, params, what);
    if (interrupt.isRaised())
        return std::optional<qint64>(); // whether it finished or not: nobody wants it now
    if (!query)
        return query.error();
    if (!query->next())
        return sqlError(query->lastError(), what);
    return std::optional<qint64>(query->value(0).toLongLong());
}

// Sends the count, waits for its answer while watching the flag, and cancels it on the server
// when the flag rises.
Result<std::optional<qint64>> postgresCount(PGconn *connection, const QByteArray &sql,
                                            const CountInterrupt &interrupt, const QString &what)
{
    const auto lost = [&] {
        return StorageError::connectionLost(
            u"%1: %2"_s.arg(what, QString::fromUtf8(PQerrorMessage(connection)).trimmed()));
    };
    if (PQsendQuery(connection, sql.constData()) == 0)
        return lost();
    bool cancelled = false;
    for (;;) {
        if (PQconsumeInput(connection) == 0)
            return lost();
        if (PQisBusy(connection) == 0)
            break;
        if (!cancelled && interrupt.isRaised()) {
            sendCancel(connection); // should it not arrive, the answer is only dropped later
            cancelled = true;
        }
        pollfd socket{PQsocket(connection), POLLIN, 0};
        ::poll(&socket, 1, pollMs);
    }
    std::optional<qint64> counted;
    std::optional<StorageError> failure;
    while (PgResult result{PQgetResult(connection)}) {
        if (PQresultStatus(result.get()) == PGRES_TUPLES_OK && PQntuples(result.get()) == 1) {
            counted = QByteArray(PQgetvalue(result.get(), 0, 0)).toLongLong();
        } else if (!failure) {
            const QSqlError error(
                u"Could not count"_s,
                QString::fromUtf8(PQresultErrorMessage(result.get())).trimmed(),
                QSqlError::StatementError,
                QString::fromLatin1(PQresultErrorField(result.get(), PG_DIAG_SQLSTATE)));
            failure = sqlError(error, what);
        }
    }
    if (interrupt.isRaised())
        return std::optional<qint64>();
    if (failure)
        return *failure;
    if (!counted)
        return StorageError{StorageError::Kind::Protocol, what + u": no count came back."_s};
    return counted;
}

} // namespace

Result<std::optional<qint64>> exactCount(const QSqlDatabase &db, const QString &fromWhere,
                                         const QVariantList &params, CountInterrupt &interrupt,
                                         const QString &what)
{
    if (interrupt.isRaised())
        return std::optional<qint64>();
    if (engineOf(db) == SqlEngine::SQLite) {
        sqlite3 *handle = SqliteStatement::handleOf(db);
        if (handle == nullptr)
            return StorageError::connectionLost(what + u": the database is not open."_s);
        return sqliteCount(db, handle, fromWhere, params, interrupt, what);
    }
    PGconn *connection = postgresHandleOf(db);
    if (connection == nullptr || PQstatus(connection) != CONNECTION_OK)
        return StorageError::connectionLost(what + u": the database is not open."_s);
    // Sent through libpq itself, so the values go into the text.
    const QString sql = u"SELECT count(*) "_s + withValues(db, fromWhere, params);
    return postgresCount(connection, sql.toUtf8(), interrupt, what);
}

} // namespace porthole
