#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace porthole {

// Porthole's settings: QSettings' native format, an INI file under the user's configuration
// folder (~/.config/Porthole/porthole.conf). QSettings writes it whole to a new file and
// renames that over the old one, so that a crash leaves the old or the new settings, never a
// mix. A file that is not what QSettings writes (damaged by hand or by the disk) or that
// cannot be read is renamed aside, named with the time: the window starts on its defaults,
// and nothing of the old file is lost. Returns what to tell the operator, or an empty string
// when the file was fine or there was none.
QString setAsideUnreadableSettings(const QDateTime &now = QDateTime::currentDateTime());

// Removes the settings' lock file (porthole.conf.lock) when a writer killed between making it
// and writing its process id in it left it empty: QLockFile takes such a file for a live
// writer's until it is 30 s old, and the window's first settings write would wait that long.
// An empty lock file a second old that no process holds (flock, as QLockFile holds it) is no
// one's. Returns whether it was removed. Called at start, before the settings are read.
bool removeAbandonedSettingsLock(const QDateTime &now = QDateTime::currentDateTime());

// Whether bytes have the shape of a settings file QSettings writes: UTF-8 text, no NUL, each
// line empty, a comment, a whole [section] or a key=value. QSettings itself reads nearly
// anything without complaint (a damaged file would silently become other settings), and
// reports an unterminated section only the first time a process reads the file.
bool isWellFormedSettings(const QByteArray &bytes);

} // namespace porthole
