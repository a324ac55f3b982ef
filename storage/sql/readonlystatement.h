#pragma once

#include "exactcount.h"
#include "exportsource.h"
#include "storageerror.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <memory>
#include <optional>

namespace porthole {

// Some rows of a console statement's result: the names of its columns, and the rows from the
// offset asked for, each value as the engine gives it (a number, text, bytes; NULL a null
// QVariant).
struct QueryRows
{
    QStringList columns;
    QList<QVariantList> rows;
    bool atEnd = false; // no rows after these
};

// A statement typed into the Tables pane's SQL console, run so that it cannot change the
// database, on a connection that guard() made read-only (the caller's own: the console's, on
// its thread). Each engine refuses a write itself, so that no reading of the SQL text has to
// be right:
//
// | engine     | what refuses a write                                                        |
// |------------|-----------------------------------------------------------------------------|
// | SQLite     | the connection is opened read-only (QSQLITE_OPEN_READONLY, by its factory),  |
// |            | PRAGMA query_only=1, and an authorizer (sqlite3_set_authorizer) that allows  |
// |            | reading only: SELECT, reading columns, recursive CTEs, the pragmas that read |
// |            | (a setting's pragma without a value), functions but those that write files  |
// |            | or load code (load_extension, writefile, edit, fts3_tokenizer); it denies   |
// |            | INSERT, UPDATE, DELETE, DDL, ATTACH, DETACH, transactions, ANALYZE, ...      |
// | PostgreSQL | each run is its own transaction, SET TRANSACTION READ ONLY with a           |
// |            | statement_timeout, rolled back after (a function that writes fails inside  |
// |            | it); sent through libpq's extended protocol, which takes one statement only;  |
// |            | COPY is refused before it runs (it writes the server's files or runs its     |
// |            | programs, which a read-only transaction allows)                             |
//
// The statement runs as typed (no text is wrapped around it), and its rows are read as they
// come: a page after `offset` rows skips those (SQLite steps past them; PostgreSQL streams them
// in single-row mode), takes one row more than asked to learn whether more follow, and stops
// the statement there (PostgreSQL: a cancel request), so that memory holds one page whatever
// the result's size. `interrupt` stops a run under way from another thread: SQLite through a
// progress handler that looks at it every thousand steps of its virtual machine, PostgreSQL
// by the server's cancel (PQcancel).
class ReadOnlyStatement
{
public:
    // A statement as typed: white space and a final ';' around it go.
    explicit ReadOnlyStatement(const QString &sql);

    const QString &sql() const { return m_sql; }
    bool isEmpty() const { return m_sql.isEmpty(); }

    // Makes `db` read-only as the table above says, for good (SQLite) or for its session
    // (PostgreSQL: default_transaction_read_only). Run before every statement: it costs little.
    static Status guard(const QSqlDatabase &db);

    // Up to `limit` rows after the first `offset`; nullopt when `interrupt` rose first. An
    // error says what the engine said; a write refused says so first.
    Result<std::optional<QueryRows>> rows(const QSqlDatabase &db, qint64 offset, int limit,
                                          CountInterrupt &interrupt) const;

    // How long PostgreSQL lets a console statement run before it stops it.
    static constexpr int statementTimeoutMs = 5 * 60 * 1000;

private:
    QString m_sql;
};

// File > Export of a console statement's result: every row, in the order it gives them, each
// column as its text. The export's connection is guarded first (ReadOnlyStatement::guard()),
// and closed when it ends (TableExport), so nothing of the guard outlives it.
std::shared_ptr<const ExportSource> consoleExport(const ReadOnlyStatement &statement,
                                                  const QStringList &columns);

} // namespace porthole
