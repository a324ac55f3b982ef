#include "connectionprofiles.h"

#include "databaseurl.h"
#include "redisurl.h"

#include <QSettings>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {
const auto recentArray = u"connections/recent"_s;
const auto profileArray = u"connections/profiles"_s;
} // namespace

QString Connection::label() const
{
    return name.isEmpty() ? database : name;
}

bool Connection::sameSources(const Connection &other) const
{
    return database == other.database && batchDirectory == other.batchDirectory &&
           redis == other.redis;
}

QList<Connection> ConnectionProfiles::recent() const
{
    return read(recentArray);
}

void ConnectionProfiles::remember(const Connection &connection)
{
    const Connection kept = withoutPasswords(connection);
    QList<Connection> list = recent();
    list.removeIf([&kept](const Connection &old) { return old.sameSources(kept); });
    list.prepend(kept);
    write(recentArray, list.mid(0, maxRecent));
}

QList<Connection> ConnectionProfiles::profiles() const
{
    QList<Connection> list = read(profileArray);
    std::ranges::sort(list, [](const Connection &a, const Connection &b) {
        return QString::localeAwareCompare(a.name, b.name) < 0;
    });
    return list;
}

std::optional<Connection> ConnectionProfiles::profile(const QString &name) const
{
    const QList<Connection> list = profiles();
    const auto found =
        std::ranges::find_if(list, [&name](const Connection &c) { return c.name == name; });
    if (found == list.cend())
        return std::nullopt;
    return *found;
}

void ConnectionProfiles::saveProfile(const Connection &connection)
{
    Q_ASSERT(!connection.name.isEmpty());
    QList<Connection> list = read(profileArray);
    Connection saved = withoutPasswords(connection);
    // A profile saved read-only stays read-only when saved again under its name.
    for (const Connection &old : std::as_const(list)) {
        if (old.name == connection.name && old.readOnly)
            saved.readOnly = true;
    }
    list.removeIf([&connection](const Connection &old) { return old.name == connection.name; });
    list.append(saved);
    write(profileArray, list);
}

void ConnectionProfiles::removeProfile(const QString &name)
{
    QList<Connection> list = read(profileArray);
    list.removeIf([&name](const Connection &old) { return old.name == name; });
    write(profileArray, list);
}

Connection ConnectionProfiles::withoutPasswords(Connection connection)
{
    if (!connection.database.isEmpty()) {
        const auto url = DatabaseUrl::parse(connection.database);
        connection.database = url ? url->withPassword({}).toDisplayString() : QString();
    }
    if (!connection.redis.isEmpty()) {
        const auto url = RedisUrl::parse(connection.redis);
        connection.redis = url ? url->withPassword({}).toDisplayString() : QString();
    }
    return connection;
}

QString ConnectionProfiles::keychainKey(const DatabaseUrl &url)
{
    return u"database "_s + url.withPassword({}).toDisplayString();
}

QString ConnectionProfiles::keychainKey(const RedisUrl &url)
{
    return u"redis "_s + url.withPassword({}).toDisplayString();
}

QList<Connection> ConnectionProfiles::read(const QString &array)
{
    QSettings settings;
    QList<Connection> list;
    const int size = settings.beginReadArray(array);
    for (int i = 0; i < size; ++i) {
        settings.setArrayIndex(i);
        Connection connection{
            settings.value(u"name"_s).toString(), settings.value(u"database"_s).toString(),
            settings.value(u"files"_s).toString(), settings.value(u"redis"_s).toString(),
            settings.value(u"readOnly"_s, false).toBool()};
        if (!connection.database.isEmpty())
            list.append(std::move(connection));
    }
    settings.endArray();
    return list;
}

void ConnectionProfiles::write(const QString &array, const QList<Connection> &connections)
{
    QSettings settings;
    settings.remove(array);
    settings.beginWriteArray(array, static_cast<int>(connections.size()));
    for (int i = 0; i < connections.size(); ++i) {
        settings.setArrayIndex(i);
        const Connection &connection = connections.at(i);
        settings.setValue(u"name"_s, connection.name);
        settings.setValue(u"database"_s, connection.database);
        settings.setValue(u"files"_s, connection.batchDirectory);
        settings.setValue(u"redis"_s, connection.redis);
        settings.setValue(u"readOnly"_s, connection.readOnly);
    }
    settings.endArray();
}

} // namespace porthole
