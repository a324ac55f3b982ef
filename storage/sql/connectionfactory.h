#pragma once

#include "databaseurl.h"
#include "storageerror.h"

#include <QSqlDatabase>
#include <QString>

namespace porthole {

// Limits applied to every connection (docs/DATABASE.md, Connections).
struct ConnectionSettings
{
    int busyTimeoutMs = 5000;               // SQLite: how long to wait for a lock
    int connectTimeoutSeconds = 10;         // PostgreSQL: libpq connect_timeout
    int statementTimeoutMs = 30000;         // PostgreSQL: statement_timeout
    int lockTimeoutMs = 10000;              // PostgreSQL: lock_timeout
    int idleInTransactionTimeoutMs = 60000; // PostgreSQL: idle_in_transaction_session_timeout
    // Attached read-only: the connections cannot change anything. SQLite files are opened
    // read-only and their journal mode is left as it is (not switched to WAL); PostgreSQL
    // sessions run with default_transaction_read_only, so a write or DDL is refused.
    bool readOnly = false;
};

// The settings of a connection that only reads: the default limits, read-only.
inline ConnectionSettings readOnlySettings()
{
    ConnectionSettings settings;
    settings.readOnly = true;
    return settings;
}

// Opens one named QSqlDatabase connection per thread and purpose. A Qt SQL connection
// may only be used by the thread that opened it; the name carries the thread, so two
// threads asking for the same purpose get two connections.
//
// SQLite connections run in WAL mode with synchronous=FULL, a busy timeout and foreign
// keys on, so that the GUI reads while the worker writes and a commit is durable.
class ConnectionFactory
{
public:
    explicit ConnectionFactory(DatabaseUrl url, ConnectionSettings settings = {});

    const DatabaseUrl &url() const { return m_url; }
    const ConnectionSettings &settings() const { return m_settings; }

    // The calling thread's connection for this purpose, opened on first use, and opened again
    // once it is lost (a PostgreSQL server restarted, its backend terminated). A lost
    // connection does not come back by itself: after a ConnectionLost error, the caller asks
    // here again before its next try rather than going on with the one it holds.
    Result<QSqlDatabase> open(const QString &purpose) const;
    // Closes and forgets the calling thread's connection for this purpose.
    // Every QSqlDatabase/QSqlQuery copy of it must be gone by then.
    void close(const QString &purpose) const;

    QString connectionName(const QString &purpose) const;

    // Bounds what every SQLite connection of the process holds together to about `bytes`
    // (SQLite's soft heap limit: the page caches give pages back as the total nears it). Each
    // connection has a page cache of up to 32 MiB of its own, and a window holds a dozen
    // connections: on a file of millions of rows they would keep a dozen full caches.
    static void boundSqliteMemory(qint64 bytes);

private:
    Status configureSqlite(QSqlDatabase &db) const;
    Status configurePostgres(QSqlDatabase &db) const;

    DatabaseUrl m_url;
    ConnectionSettings m_settings;
};

} // namespace porthole
