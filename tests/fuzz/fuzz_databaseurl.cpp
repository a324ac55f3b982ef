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
    for (auto it = options.cbegin(); it != options.cend(); ++it) {
        PORTHOLE_FUZZ_CHECK(DatabaseUrl::knownOptions().contains(it.key()));
        PORTHOLE_FUZZ_CHECK(!it.value().contains(u';')); // Qt's driver would split it
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
    fuzz::checkDisplayString(*url);
    return 0;
}
