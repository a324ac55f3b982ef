#include "redisalertsignals.h"

#include "redisclient.h"
#include "streambrowser.h"
#include "streamgroups.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int pendingPage = 100;

} // namespace

RedisAlertSignals::RedisAlertSignals(RedisClient &client)
    : m_client(client)
{}

bool RedisAlertSignals::readsRedis(AlertKind kind)
{
    return kind == AlertKind::GroupLag || kind == AlertKind::PendingAge;
}

Result<QList<AlertReading>> RedisAlertSignals::read(const AlertRule &rule,
                                                    const QString &defaultStream) const
{
    if (!readsRedis(rule.kind))
        return StorageError::invalidArgument(
            u"The alert rule \"%1\" watches %2, which Redis does not tell."_s.arg(
                rule.id, alertKindName(rule.kind)));
    const QString stream = rule.stream.isEmpty() ? defaultStream : rule.stream;
    if (stream.isEmpty())
        return StorageError::invalidArgument(
            u"The alert rule \"%1\" names no stream, and no receiver reads one: give it "
            "\"stream\"."_s.arg(rule.id));
    const QByteArray key = stream.toUtf8();
    // XINFO GROUPS alone: the lag is there, and the consumers are not wanted.
    auto groups = readStreamGroupList(m_client, key);
    if (!groups)
        return groups.error();
    if (groups->isEmpty()) {
        // No group, no stream, or a key of another type: the last is a rule that cannot work.
        const auto type = m_client.command({"TYPE", key});
        if (!type)
            return type.error();
        if (!type->isError() && type->text != "stream" && type->text != "none")
            return StorageError::invalidArgument(
                u"The alert rule \"%1\" watches %2, which is a %3, not a stream."_s.arg(
                    rule.id, stream, QString::fromUtf8(type->text)));
    }
    QList<AlertReading> readings;
    for (const StreamGroup &group : std::as_const(*groups)) {
        if (!rule.group.isEmpty() && group.group != rule.group)
            continue;
        if (rule.kind == AlertKind::GroupLag) {
            readings.append({.subject = group.group,
                             .value = group.lag >= 0 ? std::optional<double>(double(group.lag))
                                                     : std::nullopt});
            continue;
        }
        auto pending = readPendingPage(
            m_client, {.key = key, .group = group.group.toUtf8(), .count = pendingPage});
        if (!pending)
            return pending.error();
        qint64 idleMs = 0;
        for (const PendingEntry &entry : std::as_const(*pending))
            idleMs = std::max(idleMs, entry.idleMs);
        readings.append({.subject = group.group, .value = double(idleMs) / 1000});
    }
    if (readings.isEmpty() && !rule.group.isEmpty())
        readings.append({.subject = rule.group, .value = std::nullopt});
    return readings;
}

} // namespace porthole
