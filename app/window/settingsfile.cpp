#include "settingsfile.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStringDecoder>

#include <sys/file.h>

using namespace Qt::StringLiterals;

namespace porthole {

bool isWellFormedSettings(const QByteArray &bytes)
{
    if (bytes.contains('\0'))
        return false;
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString text = utf8(bytes);
    if (utf8.hasError())
        return false;
    for (QStringView line : QStringView(text).split(u'\n')) {
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith(u';') || line.startsWith(u'#'))
            continue;
        if (line.startsWith(u'[') ? !line.endsWith(u']') : !line.contains(u'='))
            return false;
    }
    return true;
}

bool removeAbandonedSettingsLock(const QDateTime &now)
{
    const QString path = QSettings().fileName() + u".lock"_s;
    const QFileInfo info(path);
    if (!info.exists() || info.size() != 0 || info.lastModified().msecsTo(now) < 1000)
        return false;
    QFile lock(path);
    if (!lock.open(QIODevice::ReadOnly) || ::flock(lock.handle(), LOCK_EX | LOCK_NB) != 0)
        return false;
    return QFile::remove(path);
}

QString setAsideUnreadableSettings(const QDateTime &now)
{
    const QString path = QSettings().fileName();
    QFile file(path);
    if (!file.exists())
        return {};
    const bool readable = file.open(QIODevice::ReadOnly);
    if (readable && isWellFormedSettings(file.readAll()))
        return {};
    file.close();

    const QString aside = u"%1.unreadable-%2"_s.arg(path, now.toString(u"yyyyMMdd-HHmmss"_s));
    if (!QFile::rename(path, aside))
        return (readable ? QCoreApplication::translate(
                               "porthole::SettingsFile",
                               "The settings file %1 is damaged, and could not be set aside. "
                               "Porthole reads what it can of it.")
                         : QCoreApplication::translate(
                               "porthole::SettingsFile",
                               "The settings file %1 cannot be read, and could not be set aside. "
                               "Porthole reads what it can of it."))
            .arg(path);
    return (readable ? QCoreApplication::translate(
                           "porthole::SettingsFile",
                           "The settings file %1 is damaged. It was set aside as %2, and Porthole "
                           "starts with its default settings: profiles, recent connections and "
                           "the window's layout are as on a first start.")
                     : QCoreApplication::translate(
                           "porthole::SettingsFile",
                           "The settings file %1 cannot be read. It was set aside as %2, and "
                           "Porthole starts with its default settings: profiles, recent "
                           "connections and the window's layout are as on a first start."))
        .arg(path, QFileInfo(aside).fileName());
}

} // namespace porthole
