#pragma once

#include "journey.h"

namespace porthole {

// The keys that tie a message's records together (docs/DATABASE.md, "Correlation"), as the
// settings name them: journey/keys (shared keys) and journey/causeKeys, each a comma-separated
// list; the defaults where one is not set. The window and every command read the same ones.
// `keys` and `causeKeys`, when not empty, stand in for the settings (a command's --keys and
// --cause-keys). An error names a key that is not one.
Result<CorrelationKeys> correlationKeys(const QString &keys = {}, const QString &causeKeys = {});

} // namespace porthole
