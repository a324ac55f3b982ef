#pragma once

#include "connectionprofiles.h"
#include "databaseurl.h"
#include "redispassword.h"
#include "redisurl.h"

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

class QMenu;
class QWidget;

namespace porthole {

class ConnectionDialog;
class PasswordStore;
struct ConnectionChoice;

// The data the window shows: what is remembered of it (without passwords) and the sources.
struct DataSources
{
    Connection connection;
    DatabaseUrl database;
    QString batchDirectory;
    std::optional<RedisUrl> redis;
};

// How the operator chooses other data: File > Open Connection, the profiles and recent
// connections, and the passwords they need, from the environment or the system keychain.
class ConnectionChooser : public QObject
{
    Q_OBJECT

public:
    // Dialogs open over `window`; passwords are kept in and read from `passwords`.
    ConnectionChooser(PasswordStore *passwords, QWidget *window, QObject *parent = nullptr);

    // Where the batch files are when a connection names none.
    void setDefaultBatchDirectory(const QString &directory) { m_defaultBatchDirectory = directory; }
    DataSources sourcesOf(const Connection &connection, const DatabaseUrl &database,
                          const std::optional<RedisUrl> &redis) const;

    // File > Open Connection: the dialog, showing `current`. It deletes itself when closed.
    ConnectionDialog *showDialog(const Connection &current);
    // What the dialog chose: saves the profile if it was named, keeps the typed passwords in
    // the keychain if asked, then chosen().
    void open(const ConnectionChoice &choice);
    // A profile or a recent connection. A password the URL lacks is taken from the environment
    // (PGPASSWORD, ~/.pgpass, REDISCLI_AUTH) or else the system keychain; then chosen().
    void openRemembered(const Connection &connection);
    // File > Open Recent: the profiles, then the connections opened last.
    void fillRecentMenu(QMenu *menu);

Q_SIGNALS:
    // The data to open, with the passwords found.
    void chosen(const porthole::DataSources &sources);
    // Something the operator must read (a connection that cannot be opened, a password not kept).
    void problem(const QString &title, const QString &text);

private:
    void withPasswords(DataSources sources);
    void keepPasswords(const ConnectionChoice &choice);

    PasswordStore *m_passwords;
    QWidget *m_window;
    QString m_defaultBatchDirectory;
};

} // namespace porthole
