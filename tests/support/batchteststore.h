#pragma once

#include "batchline.h"
#include "tinyfilesystem.h"

#include <QByteArray>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QString>

#include <fcntl.h>
#include <sys/stat.h>

// Helpers for tests of the batch-file store: real files in a temporary folder.
namespace porthole::test {

// 2026-11-21 10:00:00 UTC, plus one second per message number.
inline qint64 batchTestSecs(qint64 number)
{
    return 1'795'255'200 + number;
}

inline QDateTime batchTestTime(qint64 number)
{
    return QDateTime::fromSecsSinceEpoch(batchTestSecs(number), Qt::UTC);
}

// One line exactly as the seed's receiver writes it (content as given, not escaped).
inline QByteArray seedLine(qint64 number, QByteArrayView content = {})
{
    const QByteArray text = content.isNull() ? "Test message number " + QByteArray::number(number)
                                             : content.toByteArray();
    return '[' + BatchLine::formatTimestamp(batchTestSecs(number)) + "] Message #" +
           QByteArray::number(number) + ": " + text + '\n';
}

// Lines for numbers first .. first + count - 1.
inline QByteArray seedLines(qint64 first, int count)
{
    QByteArray out;
    for (int i = 0; i < count; ++i)
        out += seedLine(first + i);
    return out;
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

inline bool appendFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Append) && file.write(bytes) == bytes.size();
}

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Sets a file's mtime (and atime), without following a link.
inline bool setModified(const QString &path, qint64 secsSinceEpoch)
{
    const timespec times[2] = {{secsSinceEpoch, 0}, {secsSinceEpoch, 0}};
    return ::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), times, AT_SYMLINK_NOFOLLOW) ==
           0;
}

} // namespace porthole::test
