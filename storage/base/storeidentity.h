#pragma once

#include "storageerror.h"

#include <QString>

#include <optional>
#include <sys/types.h>

namespace porthole {

// Which file a path or an open descriptor is, as the file system tells them apart.
struct FileIdentity
{
    dev_t device = 0;
    ino_t inode = 0;
    friend bool operator==(const FileIdentity &, const FileIdentity &) = default;
};

// The identity of an open file (fstat), or of what a path leads to now (stat; lstat when
// followLinks is false). Nothing when it cannot be had; *error then holds the errno.
std::optional<FileIdentity> identityOfDescriptor(int fd, int *error = nullptr);
std::optional<FileIdentity> identityOfPath(const QString &path, bool followLinks = true,
                                           int *error = nullptr);

// A sink checks, before it lets a group be acknowledged, that it still writes where it was
// opened: that `path` still leads to the file it holds open. A store removed (rm), renamed or
// replaced under a running writer takes every later write with it into a file nobody can
// find, while the writes themselves succeed; only this check sees it.
//
// Success when `path` leads to `opened`. Otherwise StorageError::Kind::ConnectionLost with a
// message for a person (the store named by storePath was removed or replaced, the group was
// not acknowledged, the store is opened again): the owner closes the store and opens it
// anew, as after a lost connection. Kind::Io when the path cannot be checked at all.
Status checkStillAt(const FileIdentity &opened, const QString &path, const QString &storePath,
                    bool followLinks = true);
// The same for the file open as fd.
Status checkStillAt(int fd, const QString &path, const QString &storePath, bool followLinks = true);

// The error for a store found removed or replaced; `what` says how ("it no longer exists").
StorageError storeReplacedError(const QString &storePath, const QString &what);

} // namespace porthole
