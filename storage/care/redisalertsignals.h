#pragma once

#include "alertevaluator.h"
#include "alertrules.h"
#include "storageerror.h"

#include <QList>
#include <QString>

namespace porthole {

class RedisClient;

// Reads the values of the alert rules whose source is a Redis stream's consumer groups:
//
//   group_lag    XINFO GROUPS' lag of each group of the rule's stream (its `group` alone when it
//                names one), a reading per group with the group as its subject; no value where
//                Redis cannot tell the lag (a group behind a deleted entry)
//   pending_age  the longest idle time, in seconds, of each group's first 100 pending entries
//                (XPENDING by id: the oldest deliveries); 0 with none pending
//
// A rule without a stream of its own watches `defaultStream` (the receiver's). A named group
// the stream does not have (or a stream that is gone) is a reading without a value: the
// group's consumers are gone, which the rule's no-data policy decides on. Uses the client it
// is given, on the thread that connected it.
class RedisAlertSignals
{
public:
    explicit RedisAlertSignals(RedisClient &client);

    static bool readsRedis(AlertKind kind);
    Result<QList<AlertReading>> read(const AlertRule &rule, const QString &defaultStream) const;

private:
    RedisClient &m_client;
};

} // namespace porthole
