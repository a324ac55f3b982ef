#pragma once

#include "connectionfactory.h"
#include "databaseurl.h"
#include "redisurl.h"
#include "streamgroups.h"

#include <QMetaType>
#include <QString>

#include <utility>

namespace porthole {

// What one data source looks like right now, as the Overview shows it.
struct SourceStatus
{
    enum class Kind
    {
        Database,
        BatchFiles,
        Redis
    };
    enum class State
    {
        Unknown,
        Ok,
        Missing,
        Error
    };

    SourceStatus() = default;
    SourceStatus(Kind kind, QString location, State state, QString detail = {})
        : kind(kind)
        , location(std::move(location))
        , state(state)
        , detail(std::move(detail))
    {}

    Kind kind = Kind::Database;
    QString location; // never holds a password
    State state = State::Unknown;
    QString detail; // what was found, or what went wrong and what to do

    // What was found, for the window to say in its own language (`detail` says it in English,
    // as the command line and reports do); -1 or empty where nothing was found out.
    struct Found
    {
        QString product;              // "SQLite 3.40.1", "PostgreSQL 15.4", "Redis 7.0.15"
        qint64 bytes = -1;            // the database's size, or the batch files'
        qint64 count = -1;            // its tables, batch files or keys
        int schemaVersion = -1;       // a database's schema version,
        int latestSchemaVersion = -1; // and the newest this Porthole knows
        qint64 consumerGroups = -1;   // a Redis server's, where they were read
        QString problem; // what went wrong beside: a schema to migrate, groups unreadable

        friend bool operator==(const Found &, const Found &) = default;
    };
    Found found;

    friend bool operator==(const SourceStatus &, const SourceStatus &) = default;
};

// Each probe blocks (file system, network) and so runs off the GUI thread.
SourceStatus probeDatabase(const DatabaseUrl &url, const ConnectionSettings &settings = {});
SourceStatus probeBatchStore(const QString &directory);
// With `groups`, also reads the consumer groups of the server's streams (scanStreamGroups);
// a failure to read them is told in the status's detail.
SourceStatus probeRedis(const RedisUrl &url, StreamGroupScan *groups = nullptr);

} // namespace porthole

Q_DECLARE_METATYPE(porthole::SourceStatus)
