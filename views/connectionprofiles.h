#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace porthole {

class DatabaseUrl;
class RedisUrl;

// The data sources the window opens on, as they are shown and kept: never with a password.
struct Connection
{
    QString name;           // the profile's name; empty for one opened without a name
    QString database;       // a database URL (sqlite:///file.db, postgresql://user@host/db)
    QString batchDirectory; // empty: the data directory's batch store
    QString redis;          // empty: no Redis server
    bool readOnly = false;  // replay, edit, purge and move forbidden

    // The name, else the database, as a menu shows it.
    QString label() const;
    bool sameSources(const Connection &other) const;

    friend bool operator==(const Connection &, const Connection &) = default;
};

// Recent connections and named profiles, kept in QSettings. Passwords are taken out of the
// URLs before anything is written; they live in the environment, ~/.pgpass or the system
// keychain (PasswordStore) instead.
class ConnectionProfiles
{
public:
    static constexpr int maxRecent = 8;

    QList<Connection> recent() const;
    // Puts the connection first among the recent ones; an older entry for the same sources
    // goes, and the list is kept to maxRecent.
    void remember(const Connection &connection);

    // Sorted by name.
    QList<Connection> profiles() const;
    std::optional<Connection> profile(const QString &name) const;
    // Adds the profile, or replaces the one of the same name; one saved read-only stays so.
    // The name must not be empty.
    void saveProfile(const Connection &connection);
    void removeProfile(const QString &name);

    // The connection as it may be written down: passwords removed, URLs that do not parse
    // dropped (they could hide one).
    static Connection withoutPasswords(Connection connection);

    // Where the system keychain keeps the password of a database or Redis server.
    static QString keychainKey(const DatabaseUrl &url);
    static QString keychainKey(const RedisUrl &url);

private:
    static QList<Connection> read(const QString &array);
    static void write(const QString &array, const QList<Connection> &connections);
};

} // namespace porthole
