#include "batchstorescan.h"

#include "batchline.h"
#include "filedescriptor.h"

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

unsigned char typeOf(int dirFd, const char *name, unsigned char type)
{
    if (type != DT_UNKNOWN)
        return type;
    struct stat status = {};
    if (::fstatat(dirFd, name, &status, AT_SYMLINK_NOFOLLOW) != 0)
        return DT_UNKNOWN;
    if (S_ISREG(status.st_mode))
        return DT_REG;
    if (S_ISDIR(status.st_mode))
        return DT_DIR;
    if (S_ISLNK(status.st_mode))
        return DT_LNK;
    return DT_UNKNOWN;
}

} // namespace

int scanBatchStoreAt(int dirFd, BatchStoreScan *scan)
{
    // fdopendir takes over the descriptor it is given, so it gets a copy of ours.
    const int copy = ::fcntl(dirFd, F_DUPFD_CLOEXEC, 0);
    if (copy < 0)
        return errno;
    DIR *dir = ::fdopendir(copy);
    if (!dir) {
        const int error = errno;
        ::close(copy);
        return error;
    }
    ::rewinddir(dir);
    scan->batches.clear();
    scan->others.clear();
    errno = 0;
    while (const dirent *entry = ::readdir(dir)) {
        const QByteArrayView name(entry->d_name);
        if (name == "." || name == "..")
            continue;
        BatchStoreEntry out;
        out.name = name.toByteArray();
        const std::optional<qint64> id = batchIdFromFileName(name);
        out.id = id.value_or(0);
        switch (typeOf(dirFd, entry->d_name, entry->d_type)) {
        case DT_REG:
            if (id)
                out.kind = BatchStoreEntry::Kind::Batch;
            else if (name.startsWith(portholeFilePrefix))
                out.kind = BatchStoreEntry::Kind::PortholeFile;
            else if (name.startsWith("messages_batch_") && name.contains(savedFragmentInfix))
                out.kind = BatchStoreEntry::Kind::SavedFragment;
            else
                out.kind = BatchStoreEntry::Kind::Stray;
            break;
        case DT_LNK:
            out.kind = BatchStoreEntry::Kind::Link;
            break;
        case DT_DIR:
            out.kind = BatchStoreEntry::Kind::Folder;
            break;
        default:
            out.kind = BatchStoreEntry::Kind::Stray;
            break;
        }
        (out.kind == BatchStoreEntry::Kind::Batch ? scan->batches : scan->others)
            .append(std::move(out));
    }
    const int error = errno;
    ::closedir(dir);
    if (error != 0)
        return error;
    std::sort(scan->batches.begin(), scan->batches.end(),
              [](const BatchStoreEntry &a, const BatchStoreEntry &b) { return a.id < b.id; });
    std::sort(scan->others.begin(), scan->others.end(),
              [](const BatchStoreEntry &a, const BatchStoreEntry &b) { return a.name < b.name; });
    return 0;
}

Result<BatchStoreScan> scanBatchStore(const QString &directory, FileDescriptor *folder)
{
    FileDescriptor dir(
        ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    int error = dir.isValid() ? 0 : errno;
    BatchStoreScan scan;
    if (error == 0)
        error = scanBatchStoreAt(dir.get(), &scan);
    if (error == ENOENT)
        return StorageError{StorageError::Kind::NotFound,
                            u"The batch store %1 does not exist. Check the path."_s.arg(directory)};
    if (error != 0)
        return StorageError::io(u"Cannot list the batch store %1: %2. %3"_s.arg(
            directory, systemErrorText(error), systemErrorAdvice(error)));
    if (folder)
        *folder = std::move(dir);
    return scan;
}

int forEachBatchNameAt(
    int dirFd, const std::function<void(qint64 id, const char *name, bool typeUnknown)> &visit)
{
    const int copy = ::fcntl(dirFd, F_DUPFD_CLOEXEC, 0);
    DIR *listing = copy >= 0 ? ::fdopendir(copy) : nullptr;
    if (!listing) {
        const int error = errno;
        if (copy >= 0)
            ::close(copy);
        return error;
    }
    errno = 0;
    while (const dirent *entry = ::readdir(listing)) {
        if (entry->d_type != DT_REG && entry->d_type != DT_UNKNOWN)
            continue;
        if (const std::optional<qint64> id = batchIdFromFileName(QByteArrayView(entry->d_name)))
            visit(*id, entry->d_name, entry->d_type == DT_UNKNOWN);
    }
    const int error = errno;
    ::closedir(listing);
    return error;
}

} // namespace porthole
