// Connection profiles (app/connectionprofiles.*): what is written down of a connection. The
// input gives a connection a line a part, as the connection dialog and the settings file hold
// them: name, database URL, batch folder, Redis URL, and "1" for read-only.
//
// porthole_app links the whole window (widgets, the keychain, yaml-cpp), so this target
// compiles app/connectionprofiles.cpp alone; it needs nothing but Qt Core and storage. The
// QSettings part (reading and writing the profile lists) is Qt's INI code and is not fuzzed.
//
// Invariants (connectionprofiles.h):
// - withoutPasswords() keeps the name, the batch folder and read-only as they are;
// - it keeps a URL that parses as that URL without its password, and drops one that does not
//   parse; what it keeps parses, has no password, and is kept as it is when written down again
//   (withoutPasswords() twice is withoutPasswords() once);
// - the keychain key of a server does not depend on its password, and is the kept URL's;
// - label() is the name, else the database.

#include "connectionprofiles.h"
#include "databaseurl.h"
#include "fuzzcheck.h"
#include "redisurl.h"

#include <cstdint>

using namespace Qt::StringLiterals;
using namespace porthole;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QList<QByteArray> parts =
        QByteArray(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)).split('\n');
    const auto part = [&parts](qsizetype i) {
        return i < parts.size() ? QString::fromUtf8(parts.at(i)) : QString();
    };
    const Connection given{part(0), part(1), part(2), part(3), part(4) == u"1"_s};

    const Connection kept = ConnectionProfiles::withoutPasswords(given);
    PORTHOLE_FUZZ_CHECK(kept.name == given.name);
    PORTHOLE_FUZZ_CHECK(kept.batchDirectory == given.batchDirectory);
    PORTHOLE_FUZZ_CHECK(kept.readOnly == given.readOnly);
    PORTHOLE_FUZZ_CHECK(ConnectionProfiles::withoutPasswords(kept) == kept);
    PORTHOLE_FUZZ_CHECK(kept.label() == (kept.name.isEmpty() ? kept.database : kept.name));

    const Result<DatabaseUrl> database = DatabaseUrl::parse(given.database);
    if (given.database.isEmpty() || !database.ok()) {
        PORTHOLE_FUZZ_CHECK(kept.database.isEmpty());
    } else {
        const Result<DatabaseUrl> reopened = DatabaseUrl::parse(kept.database);
        PORTHOLE_FUZZ_CHECK(reopened.ok() && reopened->password().isEmpty());
        PORTHOLE_FUZZ_CHECK(*reopened == database->withPassword({}));
        PORTHOLE_FUZZ_CHECK(ConnectionProfiles::keychainKey(*database) ==
                            ConnectionProfiles::keychainKey(database->withPassword(u"other"_s)));
        PORTHOLE_FUZZ_CHECK(ConnectionProfiles::keychainKey(*database) ==
                            ConnectionProfiles::keychainKey(*reopened));
    }

    const Result<RedisUrl> redis = RedisUrl::parse(given.redis);
    if (given.redis.isEmpty() || !redis.ok()) {
        PORTHOLE_FUZZ_CHECK(kept.redis.isEmpty());
    } else {
        const Result<RedisUrl> reopened = RedisUrl::parse(kept.redis);
        PORTHOLE_FUZZ_CHECK(reopened.ok() && reopened->password().isEmpty());
        PORTHOLE_FUZZ_CHECK(*reopened == redis->withPassword({}));
        PORTHOLE_FUZZ_CHECK(ConnectionProfiles::keychainKey(*redis) ==
                            ConnectionProfiles::keychainKey(redis->withPassword(u"other"_s)));
        PORTHOLE_FUZZ_CHECK(ConnectionProfiles::keychainKey(*redis) ==
                            ConnectionProfiles::keychainKey(*reopened));
    }
    return 0;
}
