#include "storeidentity.h"

#include "filedescriptor.h"

#include <QFile>

#include <cerrno>
#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

FileIdentity identityOf(const struct stat &status)
{
    return {status.st_dev, status.st_ino};
}

} // namespace

std::optional<FileIdentity> identityOfDescriptor(int fd, int *error)
{
    struct stat status = {};
    if (::fstat(fd, &status) != 0) {
        if (error)
            *error = errno;
        return std::nullopt;
    }
    // A file whose last name was removed is nowhere to be found again, whatever its inode.
    if (status.st_nlink == 0) {
        if (error)
            *error = ENOENT;
        return std::nullopt;
    }
    return identityOf(status);
}

std::optional<FileIdentity> identityOfPath(const QString &path, bool followLinks, int *error)
{
    const QByteArray name = QFile::encodeName(path);
    struct stat status = {};
    const int failed =
        followLinks ? ::stat(name.constData(), &status) : ::lstat(name.constData(), &status);
    if (failed != 0) {
        if (error)
            *error = errno;
        return std::nullopt;
    }
    return identityOf(status);
}

StorageError storeReplacedError(const QString &storePath, const QString &what)
{
    return StorageError::connectionLost(
        u"The store %1 was removed or replaced while Porthole was writing it (%2). What was "
        "written since went with the removed files, so it was not acknowledged: Porthole "
        "opens the store at %1 again (a new, empty one if nothing is there) and writes those "
        "messages there. Messages acknowledged before are in the removed files; if the store "
        "was not moved on purpose, restore them from a backup."_s.arg(storePath, what));
}

Status checkStillAt(const FileIdentity &opened, const QString &path, const QString &storePath,
                    bool followLinks)
{
    int error = 0;
    const auto now = identityOfPath(path, followLinks, &error);
    if (!now) {
        if (error == ENOENT || error == ENOTDIR)
            return storeReplacedError(storePath, u"%1 no longer exists"_s.arg(path));
        return StorageError::io(
            u"Cannot check that %1 is still the file Porthole writes: %2. %3 Nothing more is "
            "acknowledged until it can."_s.arg(path, systemErrorText(error),
                                               systemErrorAdvice(error)));
    }
    if (*now != opened)
        return storeReplacedError(
            storePath, u"%1 is now another file than the one Porthole opened"_s.arg(path));
    return success();
}

Status checkStillAt(int fd, const QString &path, const QString &storePath, bool followLinks)
{
    int error = 0;
    const auto opened = identityOfDescriptor(fd, &error);
    if (!opened) {
        if (error == ENOENT)
            return storeReplacedError(storePath, u"%1 was deleted"_s.arg(path));
        return StorageError::io(u"Cannot inspect the open file %1: %2. %3"_s.arg(
            path, systemErrorText(error), systemErrorAdvice(error)));
    }
    return checkStillAt(*opened, path, storePath, followLinks);
}

} // namespace porthole
