#include "filedescriptor.h"

#include <cerrno>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace porthole {

void FileDescriptor::reset(int fd)
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = fd;
}

QString systemErrorText(int errnoValue)
{
    return qt_error_string(errnoValue);
}

QString systemErrorAdvice(int errnoValue)
{
    switch (errnoValue) {
    case ENOSPC:
    case EDQUOT:
        return u"Free some space on that disk; writing resumes then."_s;
    case EFBIG:
        return u"The file-size limit of the process (ulimit -f) was reached; raise it."_s;
    case EACCES:
    case EPERM:
        return u"Check the permissions of the folder and its files."_s;
    case EROFS:
        return u"The file system is mounted read-only; mount it read-write."_s;
    case EIO:
        return u"The disk reported an input/output error; check the disk and its log."_s;
    case ELOOP:
        return u"It is a symbolic link, which Porthole never follows in a batch store."_s;
    case EMFILE:
    case ENFILE:
        return u"Too many files are open; close some programs or raise the limit."_s;
    default:
        return {};
    }
}

int writeFully(int fd, const char *data, qint64 size, qint64 offset, qint64 *written)
{
    qint64 done = 0;
    while (done < size) {
        const ssize_t n = ::pwrite(fd, data + done, static_cast<size_t>(size - done),
                                   static_cast<off_t>(offset + done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *written = done;
            return errno;
        }
        if (n == 0) {
            *written = done;
            return ENOSPC;
        }
        done += n;
    }
    *written = done;
    return 0;
}

int readFully(int fd, qint64 limit, QByteArray *out)
{
    out->resize(limit);
    qint64 done = 0;
    while (done < limit) {
        const ssize_t n = ::pread(fd, out->data() + done, static_cast<size_t>(limit - done),
                                  static_cast<off_t>(done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const int error = errno;
            out->clear();
            return error;
        }
        if (n == 0)
            break;
        done += n;
    }
    out->truncate(done);
    return 0;
}

int syncFile(int fd)
{
    while (::fdatasync(fd) != 0) {
        if (errno != EINTR)
            return errno;
    }
    return 0;
}

int syncFileSystem(int fd)
{
    while (::syncfs(fd) != 0) {
        if (errno != EINTR)
            return errno;
    }
    return 0;
}

int syncFolder(int fd)
{
    while (::fsync(fd) != 0) {
        if (errno == EINVAL)
            return 0; // this file system cannot sync a folder: there is nothing more to do
        if (errno != EINTR)
            return errno;
    }
    return 0;
}

// What start-up learns of the last file, read backwards from its end.

} // namespace porthole
