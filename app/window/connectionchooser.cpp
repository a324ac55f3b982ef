#include "connectionchooser.h"

#include "connectiondialog.h"
#include "passwordstore.h"

#include <QDir>
#include <QMenu>

namespace porthole {

ConnectionChooser::ConnectionChooser(PasswordStore *passwords, QWidget *window, QObject *parent)
    : QObject(parent)
    , m_passwords(passwords)
    , m_window(window)
{}

DataSources ConnectionChooser::sourcesOf(const Connection &connection, const DatabaseUrl &database,
                                         const std::optional<RedisUrl> &redis) const
{
    return {ConnectionProfiles::withoutPasswords(connection), database,
            connection.batchDirectory.isEmpty() ? m_defaultBatchDirectory
                                                : connection.batchDirectory,
            redis};
}

ConnectionDialog *ConnectionChooser::showDialog(const Connection &current)
{
    const ConnectionProfiles profiles;
    auto *dialog = new ConnectionDialog(profiles.profiles(), profiles.recent(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    Connection shown = current;
    if (shown.batchDirectory == m_defaultBatchDirectory)
        shown.batchDirectory.clear();
    dialog->setConnection(shown);
    connect(dialog, &ConnectionDialog::profileRemoved, this,
            [](const QString &name) { ConnectionProfiles().removeProfile(name); });
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (auto chosen = dialog->choice())
            open(*chosen);
    });
    dialog->open();
    return dialog;
}

void ConnectionChooser::open(const ConnectionChoice &choice)
{
    if (!choice.connection.name.isEmpty())
        ConnectionProfiles().saveProfile(choice.connection);
    if (choice.keepPasswords)
        keepPasswords(choice);
    withPasswords(sourcesOf(choice.connection, choice.database, choice.redis));
}

void ConnectionChooser::openRemembered(const Connection &connection)
{
    auto database = DatabaseUrl::parse(connection.database);
    if (!database) {
        emit problem(tr("The connection cannot be opened"), database.errorMessage());
        return;
    }
    std::optional<RedisUrl> redis;
    if (!connection.redis.isEmpty()) {
        auto parsed = RedisUrl::parse(connection.redis);
        if (!parsed) {
            emit problem(tr("The connection cannot be opened"), parsed.errorMessage());
            return;
        }
        redis = std::move(parsed).value();
    }
    withPasswords(sourcesOf(connection, *database, redis));
}

void ConnectionChooser::withPasswords(DataSources sources)
{
    sources.redis = withEnvironmentPassword(std::move(sources.redis));
    // libpq reads PGPASSWORD and ~/.pgpass itself; the keychain is asked when neither is set.
    QString databaseKey;
    if (!sources.database.isSqlite() && sources.database.password().isEmpty() &&
        !qEnvironmentVariableIsSet("PGPASSWORD"))
        databaseKey = ConnectionProfiles::keychainKey(sources.database);
    QString redisKey;
    if (sources.redis && sources.redis->password().isEmpty())
        redisKey = ConnectionProfiles::keychainKey(*sources.redis);
    QStringList keys{databaseKey, redisKey};
    keys.removeAll(QString());
    // No keychain, or none kept: the connection goes ahead without, and says so if refused.
    m_passwords->readAll(keys, [this, sources = std::move(sources), databaseKey,
                                redisKey](const QHash<QString, QString> &found) {
        DataSources completed = sources;
        if (found.contains(databaseKey))
            completed.database = completed.database.withPassword(found.value(databaseKey));
        if (found.contains(redisKey))
            completed.redis = completed.redis->withPassword(found.value(redisKey));
        emit chosen(completed);
    });
}

void ConnectionChooser::keepPasswords(const ConnectionChoice &choice)
{
    QList<std::pair<QString, QString>> kept;
    if (!choice.database.password().isEmpty())
        kept.append({ConnectionProfiles::keychainKey(choice.database), choice.database.password()});
    if (choice.redis && !choice.redis->password().isEmpty())
        kept.append({ConnectionProfiles::keychainKey(*choice.redis), choice.redis->password()});
    for (const auto &[key, password] : std::as_const(kept)) {
        m_passwords->write(key, password, [this](const QString &error) {
            if (!error.isEmpty())
                emit problem(tr("The password was not kept"),
                             tr("The password was used for this connection but not kept: %1. "
                                "Set it in the environment (PGPASSWORD, REDISCLI_AUTH) or in "
                                "~/.pgpass instead.")
                                 .arg(error));
        });
    }
}

void ConnectionChooser::fillRecentMenu(QMenu *menu)
{
    menu->clear();
    const ConnectionProfiles remembered;
    const QList<Connection> profiles = remembered.profiles();
    for (const Connection &profile : profiles)
        menu->addAction(tr("Profile: %1").arg(profile.name), this,
                        [this, profile] { openRemembered(profile); });
    if (!profiles.isEmpty())
        menu->addSeparator();
    const QList<Connection> recent = remembered.recent();
    for (const Connection &connection : recent) {
        QAction *action = menu->addAction(connection.label(), this,
                                          [this, connection] { openRemembered(connection); });
        QStringList lines{connection.database};
        if (!connection.batchDirectory.isEmpty())
            lines << tr("Batch files: %1").arg(QDir::toNativeSeparators(connection.batchDirectory));
        if (!connection.redis.isEmpty())
            lines << tr("Redis: %1").arg(connection.redis);
        action->setToolTip(lines.join(u'\n'));
    }
    if (profiles.isEmpty() && recent.isEmpty())
        menu->addAction(tr("No connections yet"))->setEnabled(false);
}

} // namespace porthole
