#include "checkpointtext.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace porthole::checkpointtext {

QString localTime(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s) : QString();
}

QString utcToolTip(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    return QCoreApplication::translate("porthole::CheckpointModel", "UTC: %1")
        .arg(time.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s));
}

QString expiry(const QDateTime &expiresAt, bool expired)
{
    if (!expiresAt.isValid())
        return QCoreApplication::translate("porthole::CheckpointModel", "never");
    if (expired)
        return QCoreApplication::translate("porthole::CheckpointModel", "%1 (expired)")
            .arg(localTime(expiresAt));
    return localTime(expiresAt);
}

QColor expiredColour()
{
    return {0xc6, 0x28, 0x28};
}

} // namespace porthole::checkpointtext
