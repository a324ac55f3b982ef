#pragma once

#include <QString>

namespace porthole {

// A URL that came as text (a manifest's source, a setting, an argument, an environment
// variable) as a person may see it: the password of its user part, if any, shown as "***",
// everything else as written. For a URL already parsed, DatabaseUrl::toDisplayString() and
// RedisUrl::toDisplayString() do the same; this is for text that may not parse, which is where
// a password would otherwise slip into a message.
//
// The user part runs from "://" to the last '@' before the first '/' or white space, which
// hides at least what libpq and QUrl would take for the password, whichever reads more.
QString displayUrl(const QString &text);

} // namespace porthole
