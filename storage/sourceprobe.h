#pragma once

#include "databaseurl.h"
#include "redisurl.h"
#include "streamgroups.h"

#include <QMetaType>
#include <QString>

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

    Kind kind = Kind::Database;
    QString location; // never holds a password
    State state = State::Unknown;
    QString detail; // what was found, or what went wrong and what to do

    friend bool operator==(const SourceStatus &, const SourceStatus &) = default;
};

// Each probe blocks (file system, network) and so runs off the GUI thread.
SourceStatus probeDatabase(const DatabaseUrl &url);
SourceStatus probeBatchStore(const QString &directory);
// With `groups`, also reads the consumer groups of the server's streams (scanStreamGroups);
// a failure to read them is told in the status's detail.
SourceStatus probeRedis(const RedisUrl &url, StreamGroupScan *groups = nullptr);

} // namespace porthole

Q_DECLARE_METATYPE(porthole::SourceStatus)
