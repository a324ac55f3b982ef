#include "correlationsettings.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace porthole {

Result<CorrelationKeys> correlationKeys(const QString &keys, const QString &causeKeys)
{
    CorrelationKeys correlation;
    const QSettings settings;
    const auto read = [&settings](const QString &given, const QString &setting,
                                  QStringList *list) -> Status {
        const QString text = !given.isEmpty() ? given : settings.value(setting).toString();
        if (text.trimmed().isEmpty())
            return success(); // the default
        auto parsed = CorrelationKeys::parseList(text);
        if (!parsed)
            return parsed.error();
        *list = *parsed;
        return success();
    };
    if (Status shared = read(keys, u"journey/keys"_s, &correlation.shared); !shared)
        return shared.error();
    if (Status cause = read(causeKeys, u"journey/causeKeys"_s, &correlation.cause); !cause)
        return cause.error();
    return correlation;
}

} // namespace porthole
