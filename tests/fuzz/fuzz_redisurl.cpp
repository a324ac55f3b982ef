// Redis URLs (storage/redisurl.*): the input, read as UTF-8, is what a person typed, a worker
// configuration file or a settings file held.
//
// Invariants (redisurl.h):
// - parse() never fails other than with an error that names the text as not a Redis URL;
// - white space around the text changes nothing;
// - a URL has a host, a port from 1 to 65535 and a database number from 0;
// - the display string, which the console keeps for recent connections and profiles
//   (app/connectionprofiles.cpp) and opens again, parses back to the same URL, and shows a
//   password only as "***".

#include "fuzzcheck.h"
#include "redisurl.h"

#include <cstdint>

using namespace Qt::StringLiterals;
using namespace porthole;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text =
        QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const Result<RedisUrl> url = RedisUrl::parse(text);
    const Result<RedisUrl> padded = RedisUrl::parse(u" \t"_s + text + u"\n"_s);
    PORTHOLE_FUZZ_CHECK(url.ok() == padded.ok());
    if (!url.ok()) {
        PORTHOLE_FUZZ_CHECK(url.error().kind == StorageError::Kind::InvalidArgument);
        PORTHOLE_FUZZ_CHECK(url.errorMessage().startsWith(u"Not a Redis URL"_s));
        return 0;
    }
    PORTHOLE_FUZZ_CHECK(*padded == *url);
    PORTHOLE_FUZZ_CHECK(!url->host().isEmpty());
    PORTHOLE_FUZZ_CHECK(url->port() >= 1 && url->port() <= 65535);
    PORTHOLE_FUZZ_CHECK(url->database() >= 0);

    fuzz::checkDisplayString(*url);
    return 0;
}
