#include "sqlitestatement.h"

#include "sqlerror.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QVariant>

#include <sqlite3.h>
#include <utility>

using namespace Qt::StringLiterals;

namespace porthole {

sqlite3 *SqliteStatement::handleOf(const QSqlDatabase &db)
{
    if (!db.isOpen() || db.driver() == nullptr)
        return nullptr;
    // Qt's documented way to the native handle: a QVariant holding "sqlite3*".
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

Result<SqliteStatement> SqliteStatement::prepare(sqlite3 *db, QByteArrayView sql,
                                                 const QString &what)
{
    sqlite3_stmt *statement = nullptr;
    const int code = sqlite3_prepare_v3(db, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                        &statement, nullptr);
    SqliteStatement prepared(db, statement, what);
    if (code != SQLITE_OK)
        return prepared.error(code);
    return prepared;
}

SqliteStatement::SqliteStatement(sqlite3 *db, sqlite3_stmt *statement, QString what)
    : m_db(db)
    , m_statement(statement)
    , m_what(std::move(what))
{}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement); // a no-op for nullptr
}

SqliteStatement::SqliteStatement(SqliteStatement &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_statement(std::exchange(other.m_statement, nullptr))
    , m_what(std::move(other.m_what))
{}

SqliteStatement &SqliteStatement::operator=(SqliteStatement &&other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_statement);
        m_db = std::exchange(other.m_db, nullptr);
        m_statement = std::exchange(other.m_statement, nullptr);
        m_what = std::move(other.m_what);
    }
    return *this;
}

void SqliteStatement::bindText(int index, QByteArrayView utf8)
{
    // A null view would bind SQL NULL; empty text stays text.
    sqlite3_bind_text(m_statement, index, utf8.isNull() ? "" : utf8.data(), int(utf8.size()),
                      SQLITE_STATIC);
}

void SqliteStatement::bindBlob(int index, QByteArrayView bytes)
{
    sqlite3_bind_blob(m_statement, index, bytes.isNull() ? "" : bytes.data(), int(bytes.size()),
                      SQLITE_STATIC);
}

void SqliteStatement::bindInt64(int index, qint64 value)
{
    sqlite3_bind_int64(m_statement, index, value);
}

void SqliteStatement::bindDouble(int index, double value)
{
    sqlite3_bind_double(m_statement, index, value);
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_statement, index);
}

Result<bool> SqliteStatement::step()
{
    const int code = sqlite3_step(m_statement);
    if (code == SQLITE_ROW)
        return true;
    if (code == SQLITE_DONE)
        return false;
    const StorageError failed = error(code);
    sqlite3_reset(m_statement);
    return failed;
}

QByteArrayView SqliteStatement::columnText(int column) const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    return QByteArrayView(text, sqlite3_column_bytes(m_statement, column));
}

qint64 SqliteStatement::columnInt64(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

double SqliteStatement::columnDouble(int column) const
{
    return sqlite3_column_double(m_statement, column);
}

SqliteStatement::ColumnType SqliteStatement::columnType(int column) const
{
    switch (sqlite3_column_type(m_statement, column)) {
    case SQLITE_INTEGER:
        return ColumnType::Integer;
    case SQLITE_FLOAT:
        return ColumnType::Real;
    case SQLITE_TEXT:
        return ColumnType::Text;
    case SQLITE_BLOB:
        return ColumnType::Blob;
    default:
        return ColumnType::Null;
    }
}

int SqliteStatement::columnCount() const
{
    return sqlite3_column_count(m_statement);
}

bool SqliteStatement::columnIsNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

qint64 SqliteStatement::changes() const
{
    return sqlite3_changes64(m_db);
}

QString SqliteStatement::valuesList(int width, int rows)
{
    QString sql;
    for (int r = 0; r < rows; ++r) {
        sql += r == 0 ? u"("_s : u", ("_s;
        for (int c = 0; c < width; ++c)
            sql += (c == 0 ? u"?"_s : u", ?"_s) + QString::number(r * width + c + 1);
        sql += u')';
    }
    return sql;
}

Status SqliteStatement::forEachRow(const std::function<void(const SqliteStatement &)> &visit)
{
    for (;;) {
        auto row = step();
        if (!row) {
            reset();
            return row.error();
        }
        if (!*row)
            break;
        visit(*this);
    }
    reset();
    return success();
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_statement);
    // The bound bytes are not copied and may be gone by the next run: nothing stays bound.
    sqlite3_clear_bindings(m_statement);
}

StorageError SqliteStatement::error(int code) const
{
    // Through QSqlError, so that codes are classified (busy, full disk, ...) as everywhere else.
    const QString message = m_db != nullptr ? QString::fromUtf8(sqlite3_errmsg(m_db))
                                            : QString::fromUtf8(sqlite3_errstr(code));
    return sqlError(
        QSqlError(u"SQLite"_s, message, QSqlError::StatementError,
                  QString::number(m_db != nullptr ? sqlite3_extended_errcode(m_db) : code)),
        m_what);
}

} // namespace porthole
