// Database URLs (storage/databaseurl.*): the input, read as UTF-8, is what a person typed or a
// settings file held.
//
// Invariants (databaseurl.h, docs/DATABASE.md):
// - parse() never fails other than with an error that names the text as not a database URL;
// - white space around the text changes nothing;
// - SQLite: an absolute, clean file path without NUL; PostgreSQL: a host, a port from 1 to
//   65535, a database name without a slash, only libpq's connection options;
// - the display string, which the console keeps for recent connections and profiles
//   (app/connectionprofiles.cpp) and opens again, parses back to the same URL, and shows a
//   password only as "***".

#include "databaseurl.h"
#include "fuzzcheck.h"

#include <QDir>
#include <QSet>

#include <cstdint>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// docs/DATABASE.md: libpq's connection options are passed through; others are refused.
const QSet<QString> libpqOptions{
    u"sslmode"_s,
    u"sslrootcert"_s,
    u"sslcert"_s,
    u"sslkey"_s,
    u"sslcrl"_s,
    u"connect_timeout"_s,
    u"application_name"_s,
    u"target_session_attrs"_s,
    u"keepalives"_s,
    u"keepalives_idle"_s,
    u"keepalives_interval"_s,
    u"keepalives_count"_s,
    u"options"_s,
    u"service"_s,
    u"passfile"_s,
    u"requiressl"_s,
    u"krbsrvname"_s,
    u"gssencmode"_s,
};

void checkParts(const DatabaseUrl &url)
{
    if (url.isSqlite()) {
        PORTHOLE_FUZZ_CHECK(url.engine() == DatabaseUrl::Engine::SQLite);
        PORTHOLE_FUZZ_CHECK(url.driverName() == u"QSQLITE"_s);
        PORTHOLE_FUZZ_CHECK(QDir::isAbsolutePath(url.filePath()));
        PORTHOLE_FUZZ_CHECK(QDir::cleanPath(url.filePath()) == url.filePath());
        PORTHOLE_FUZZ_CHECK(!url.filePath().contains(QChar(u'\0')));
        return;
    }
    PORTHOLE_FUZZ_CHECK(url.driverName() == u"QPSQL"_s);
    PORTHOLE_FUZZ_CHECK(url.port() >= 1 && url.port() <= 65535);
    PORTHOLE_FUZZ_CHECK(!url.databaseName().isEmpty() && !url.databaseName().contains(u'/'));
    const QMap<QString, QString> options = url.options();
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        PORTHOLE_FUZZ_CHECK(libpqOptions.contains(it.key()));
}

void checkDisplay(const DatabaseUrl &url)
{
    const DatabaseUrl kept = url.withPassword({});
    const Result<DatabaseUrl> reopened = DatabaseUrl::parse(kept.toDisplayString());
    if (!reopened.ok() || !(*reopened == kept)) {
        std::fprintf(stderr, "display string: %s\nparses to: %s\n",
                     qPrintable(kept.toDisplayString()),
                     reopened.ok() ? qPrintable(reopened->toDisplayString())
                                   : qPrintable(reopened.errorMessage()));
    }
    PORTHOLE_FUZZ_CHECK(reopened.ok() && *reopened == kept);

    if (!url.password().isEmpty()) {
        const Result<DatabaseUrl> shown = DatabaseUrl::parse(url.toDisplayString());
        PORTHOLE_FUZZ_CHECK(shown.ok() && shown->password() == u"***"_s);
        PORTHOLE_FUZZ_CHECK(*shown == url.withPassword(u"***"_s));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text =
        QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const Result<DatabaseUrl> url = DatabaseUrl::parse(text);
    const Result<DatabaseUrl> padded = DatabaseUrl::parse(u" \t"_s + text + u"\n"_s);
    PORTHOLE_FUZZ_CHECK(url.ok() == padded.ok());
    if (!url.ok()) {
        PORTHOLE_FUZZ_CHECK(url.error().kind == StorageError::Kind::InvalidArgument);
        PORTHOLE_FUZZ_CHECK(url.errorMessage().startsWith(u"Not a database URL"_s));
        return 0;
    }
    PORTHOLE_FUZZ_CHECK(*padded == *url);
    checkParts(*url);
    checkDisplay(*url);
    return 0;
}
