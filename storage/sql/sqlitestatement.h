#pragma once

#include "storageerror.h"

#include <QByteArrayView>
#include <QSqlDatabase>
#include <QString>

#include <functional>

struct sqlite3;
struct sqlite3_stmt;

namespace porthole {

// A statement prepared through SQLite's own API on the handle of a QSQLITE connection, for
// loops that run a statement hundreds of thousands of times a second. Binding through
// QSqlQuery wraps every value in a QVariant and text in a QString that SQLite turns back into
// UTF-8; here a value is bound as the bytes it already is. The statement shares the
// connection's transaction and thread: use it only where the connection is used, and destroy
// it before the connection closes.
class SqliteStatement
{
public:
    // The connection's sqlite3 handle, or nullptr when it is not an open QSQLITE connection.
    static sqlite3 *handleOf(const QSqlDatabase &db);

    // "(?1, ?2), (?3, ?4), ...": `rows` groups of `width` numbered parameters, for a VALUES
    // list of a statement that takes several rows at once.
    static QString valuesList(int width, int rows);

    // Prepares `sql` (UTF-8) on the connection; `what` names the statement in errors.
    static Result<SqliteStatement> prepare(sqlite3 *db, QByteArrayView sql, const QString &what);

    SqliteStatement() = default;
    ~SqliteStatement();
    SqliteStatement(SqliteStatement &&other) noexcept;
    SqliteStatement &operator=(SqliteStatement &&other) noexcept;
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    bool isValid() const { return m_statement != nullptr; }

    // Parameters count from 1. Text and blobs are not copied: the bytes must stay as they are
    // until the statement has been stepped and reset.
    void bindText(int index, QByteArrayView utf8);
    void bindBlob(int index, QByteArrayView bytes);
    void bindInt64(int index, qint64 value);
    void bindDouble(int index, double value);
    void bindNull(int index);

    // Runs the statement to its next row: true when there is one, false when it is done.
    Result<bool> step();
    // Runs the statement to its end, calling `visit` at each row, then reset().
    Status forEachRow(const std::function<void(const SqliteStatement &)> &visit);
    QByteArrayView columnText(int column) const; // valid until the next step() or reset()
    qint64 columnInt64(int column) const;
    double columnDouble(int column) const;
    bool columnIsNull(int column) const;
    // What a column of the current row holds.
    enum class ColumnType
    {
        Integer,
        Real,
        Text,
        Blob,
        Null
    };
    ColumnType columnType(int column) const;
    int columnCount() const;
    // Rows the last completed INSERT, UPDATE or DELETE on the connection changed.
    qint64 changes() const;
    // Ready to run again, every parameter NULL.
    void reset();

private:
    SqliteStatement(sqlite3 *db, sqlite3_stmt *statement, QString what);
    StorageError error(int code) const;

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    QString m_what;
};

} // namespace porthole
