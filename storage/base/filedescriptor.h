#pragma once

#include <QByteArray>
#include <QString>

#include <utility>

namespace porthole {

// An owned POSIX file descriptor, closed when this goes away. The batch-file store uses
// POSIX calls where Qt has no equivalent: fsync of a folder, flock, O_NOFOLLOW, openat.
class FileDescriptor
{
public:
    FileDescriptor() = default;
    explicit FileDescriptor(int fd)
        : m_fd(fd)
    {}
    ~FileDescriptor() { reset(); }
    FileDescriptor(FileDescriptor &&other) noexcept
        : m_fd(std::exchange(other.m_fd, -1))
    {}
    FileDescriptor &operator=(FileDescriptor &&other) noexcept
    {
        if (this != &other)
            reset(std::exchange(other.m_fd, -1));
        return *this;
    }
    FileDescriptor(const FileDescriptor &) = delete;
    FileDescriptor &operator=(const FileDescriptor &) = delete;

    int get() const { return m_fd; }
    bool isValid() const { return m_fd >= 0; }
    void reset(int fd = -1);

private:
    int m_fd = -1;
};

// The system's text for an errno value, e.g. "No space left on device".
QString systemErrorText(int errnoValue);
// What a person can do about an errno value, as a sentence; empty when there is no advice.
QString systemErrorAdvice(int errnoValue);

// write() until all of data is written at offset, retrying on EINTR. Returns 0, or the errno
// of the failure; *written says how many bytes reached the file.
int writeFully(int fd, const char *data, qint64 size, qint64 offset, qint64 *written);
// Reads up to limit bytes from the start of fd (pread). Returns 0 or the errno.
int readFully(int fd, qint64 limit, QByteArray *out);

// Makes a file's data durable (fdatasync), its file system's (syncfs), or a folder's entries
// (fsync; a file system that cannot sync a folder has nothing more to do), retrying on EINTR.
// Returns 0 or the errno.
int syncFile(int fd);
int syncFileSystem(int fd);
int syncFolder(int fd);

} // namespace porthole
