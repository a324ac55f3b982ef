#pragma once

#include <QString>

class QLocale;

namespace porthole {

// Sets the names QSettings and QStandardPaths use. Call before anything reads them.
void setApplicationIdentity();

// Installs the window's translation for the locale's first user-interface language, with
// Qt's own for its standard dialogs (Debian's qt6-translations-l10n), on the running
// application. English, or a language Porthole has no translation for, installs nothing.
// Returns the language installed ("de"), or an empty string.
QString installTranslations(const QLocale &locale);

} // namespace porthole
