#pragma once

#include "redisurl.h"

#include <optional>

namespace porthole {

// redis-cli's variable: a password kept out of command lines and settings. A URL without a
// password gets REDISCLI_AUTH's, when it is set; one with a password keeps it.
inline RedisUrl withEnvironmentPassword(const RedisUrl &url)
{
    if (url.password().isEmpty() && qEnvironmentVariableIsSet("REDISCLI_AUTH"))
        return url.withPassword(qEnvironmentVariable("REDISCLI_AUTH"));
    return url;
}

inline std::optional<RedisUrl> withEnvironmentPassword(const std::optional<RedisUrl> &url)
{
    return url ? std::optional(withEnvironmentPassword(*url)) : std::nullopt;
}

} // namespace porthole
