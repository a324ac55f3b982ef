#pragma once

#include "storageerror.h"

#include <QMap>
#include <QSet>
#include <QString>

namespace porthole {

// Where a Porthole SQL database lives.
//   sqlite:///absolute/path.db     an absolute path
//   sqlite:relative/path.db        relative to the current directory
//   postgresql://user:pw@host:port/db?sslmode=require&connect_timeout=5
// The password is kept for connecting but never printed: toDisplayString() hides it.
class DatabaseUrl
{
public:
    enum class Engine
    {
        SQLite,
        PostgreSQL
    };

    static Result<DatabaseUrl> parse(const QString &text);
    static DatabaseUrl sqliteFile(const QString &path);

    Engine engine() const { return m_engine; }
    bool isSqlite() const { return m_engine == Engine::SQLite; }

    // SQLite: the absolute file path.
    QString filePath() const { return m_filePath; }

    // PostgreSQL parts.
    QString host() const { return m_host; }
    int port() const { return m_port; }
    QString userName() const { return m_userName; }
    QString password() const { return m_password; }
    QString databaseName() const { return m_databaseName; }
    // libpq parameters from the query string (sslmode, connect_timeout, ...), in order.
    QMap<QString, QString> options() const { return m_options; }
    // The libpq parameters a URL's query string may set; any other is refused.
    static const QSet<QString> &knownOptions();

    DatabaseUrl withDatabaseName(const QString &name) const;
    DatabaseUrl withPassword(const QString &password) const;

    // The URL as a person may see it: a password, if any, is replaced by "***". Otherwise it
    // parses back to this URL, so the console keeps it for recent connections and profiles.
    QString toDisplayString() const;
    // The Qt SQL driver this URL needs ("QSQLITE" or "QPSQL").
    QString driverName() const;

    friend bool operator==(const DatabaseUrl &, const DatabaseUrl &) = default;

private:
    Engine m_engine = Engine::SQLite;
    QString m_filePath;
    QString m_host;
    int m_port = 5432;
    QString m_userName;
    QString m_password;
    QString m_databaseName;
    QMap<QString, QString> m_options;
};

} // namespace porthole
