// BatchFileWriter: what it finds of the store when it opens it after a crash, and how it
// picks up from there (see the class comment): a torn last line saved aside, a damaged file
// passed over, the numbering taken up where the last whole message left it.
#include "batchfilereader.h"
#include "batchfilewriter.h"
#include "batchstorescan.h"
#include "faultpoint.h"
#include "storeidentity.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSysInfo>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcBatchWriter)

namespace porthole {

namespace {

QString kindOf(const BatchStoreEntry &entry)
{
    switch (entry.kind) {
    case BatchStoreEntry::Kind::Link:
        return u"a symbolic link"_s;
    case BatchStoreEntry::Kind::Folder:
        return u"a folder"_s;
    default:
        return u"not a regular file"_s;
    }
}

struct FileTail
{
    qint64 complete = 0;          // the end of the last complete line (0: none)
    std::vector<qint64> lineEnds; // positions of '\n', last first; at most capacity + 1
    bool reachedStart = false;    // the line before lineEnds.back() begins at 0
    bool tailTooLong = false;     // more than batchLineLimit bytes after the last '\n'
};

int preadFully(int fd, char *data, qint64 size, qint64 offset)
{
    qint64 done = 0;
    while (done < size) {
        const ssize_t n = ::pread(fd, data + done, static_cast<size_t>(size - done),
                                  static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno;
        if (n == 0)
            return EIO; // the file shrank under the writer's lock: someone else writes it
        done += n;
    }
    return 0;
}

// Reads fd backwards from its end, in chunks: finds the last line end, and the line ends
// before it until one more than a full file's. A torn tail is looked at for at most
// batchLineLimit + one chunk bytes: a longer one is not this writer's, and the scan stops.
int scanTail(int fd, qint64 size, FileTail *tail)
{
    constexpr qint64 chunk = 64 * 1024;
    QByteArray buffer;
    for (qint64 end = size; end > 0;) {
        const qint64 begin = std::max<qint64>(0, end - chunk);
        buffer.resize(end - begin);
        if (const int error = preadFully(fd, buffer.data(), end - begin, begin); error != 0)
            return error;
        for (qint64 i = end - begin - 1; i >= 0; --i) {
            if (buffer.at(i) != '\n')
                continue;
            if (tail->lineEnds.empty()) {
                tail->complete = begin + i + 1;
                if (size - tail->complete > batchLineLimit) {
                    tail->tailTooLong = true;
                    return 0;
                }
            }
            tail->lineEnds.push_back(begin + i);
            if (tail->lineEnds.size() > size_t(batchFileCapacity))
                return 0;
        }
        if (tail->lineEnds.empty() && size - begin > batchLineLimit) {
            tail->tailTooLong = true;
            return 0;
        }
        end = begin;
    }
    tail->reachedStart = true;
    return 0;
}

// The number of the last well-formed line among those scanTail found, from its first bytes.
std::optional<qint64> lastMessageNumber(int fd, const FileTail &tail)
{
    constexpr qint64 headBytes = 128; // the fixed part of a line, with room to spare
    for (size_t k = 0; k < tail.lineEnds.size(); ++k) {
        const bool first = k + 1 == tail.lineEnds.size();
        if (first && !tail.reachedStart)
            break; // where this line begins was not read
        const qint64 begin = first ? 0 : tail.lineEnds[k + 1] + 1;
        QByteArray head(std::min(headBytes, tail.lineEnds[k] - begin), Qt::Uninitialized);
        if (preadFully(fd, head.data(), head.size(), begin) != 0)
            return std::nullopt;
        BatchLineHeader header;
        if (BatchLine::parseHeader(head, &header).isEmpty())
            return header.number;
    }
    return std::nullopt;
}

// Copies size bytes from offset in `from` to the start of `to`, a chunk at a time.
int copyRange(int from, qint64 offset, qint64 size, int to)
{
    constexpr qint64 chunk = 256 * 1024;
    QByteArray buffer;
    for (qint64 done = 0; done < size;) {
        const qint64 n = std::min(chunk, size - done);
        buffer.resize(n);
        if (const int error = preadFully(from, buffer.data(), n, offset + done); error != 0)
            return error;
        qint64 written = 0;
        if (const int error = writeFully(to, buffer.constData(), n, done, &written); error != 0)
            return error;
        done += n;
    }
    return 0;
}

} // namespace

// The last batch file is not one this writer left (its lines are never this long): it is
// left as it is, never read whole nor copied, and writing goes on in a new file after it.
void BatchFileWriter::recoverPastDamaged(const BatchStoreScan &scan, qint64 lastId,
                                         const QString &name, bool oversized, qint64 size)
{
    m_recovery.message =
        u"%1 in %2 %3. It is left as it is (the integrity report lists it) and writing goes "
        "on in %4."_s.arg(
            name, m_directory,
            oversized ? u"is damaged: "_s + oversizedBatchFileProblem(size)
                      : u"ends in more than %1 bytes without a line end, longer "
                        "than any line Porthole writes, so it is damaged"_s.arg(batchLineLimit),
            batchFileName(lastId + 1));
    qCWarning(lcBatchWriter).noquote() << m_recovery.message;
    // The last message number, for the numbers the sink gives: from the file before it.
    for (qsizetype i = scan.batches.size() - 1; i >= 0; --i) {
        const BatchStoreEntry &before = scan.batches.at(i);
        if (before.id >= lastId)
            continue;
        FileDescriptor previous;
        struct stat previousStatus = {};
        FileTail previousTail;
        if (openBatchFileAt(m_dir.get(), before.name.constData(), &previous, &previousStatus) ==
                0 &&
            scanTail(previous.get(), previousStatus.st_size, &previousTail) == 0)
            m_recovery.lastMessageNumber = lastMessageNumber(previous.get(), previousTail);
        break;
    }
    m_fillId = lastId + 1;
}

// Saves the cut bytes (at most one line's: see scanTail) of the last batch file, read through
// readingFd, durably beside the file before cutting them from m_openFile.
Status BatchFileWriter::saveTornLine(const QByteArray &fileName, qint64 batchId, int readingFd,
                                     qint64 complete, qint64 size)
{
    const QByteArray stamp =
        QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd'T'HHmmss'Z'"_s).toLatin1();
    QByteArray fragmentName = fileName + ".torn-" + stamp;
    FileDescriptor fragment;
    for (int attempt = 2; !fragment.isValid(); ++attempt) {
        fragment.reset(::openat(m_dir.get(), fragmentName.constData(),
                                O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666));
        if (!fragment.isValid() && (errno != EEXIST || attempt > 1000))
            return fileError(u"save the torn last line of"_s, batchId, errno);
        if (!fragment.isValid())
            fragmentName = fileName + ".torn-" + stamp + '-' + QByteArray::number(attempt);
    }
    const qint64 cutSize = size - complete;
    int error = copyRange(readingFd, complete, cutSize, fragment.get());
    if (error == 0)
        error = syncFile(fragment.get());
    if (error == 0)
        error = syncFolder(m_dir.get());
    if (error == 0 && ::ftruncate(m_openFile.get(), complete) != 0)
        error = errno;
    if (error == 0)
        error = syncFile(m_openFile.get());
    if (error != 0)
        return fileError(u"cut the torn last line of"_s, batchId, error);

    m_recovery.cutBytes = cutSize;
    m_recovery.savedFragment = m_directory + u'/' + QString::fromUtf8(fragmentName);
    m_recovery.message =
        u"%1 ended in a torn line of %2 bytes (a write that was cut off). It was cut back to "
        "the last complete line and the bytes were saved in %3; the sender delivers those "
        "messages again, since they were never acknowledged."_s.arg(QString::fromUtf8(fileName))
            .arg(cutSize)
            .arg(QString::fromUtf8(fragmentName));
    qCWarning(lcBatchWriter).noquote() << m_recovery.message;
    return success();
}

Status BatchFileWriter::recover()
{
    BatchStoreScan scan;
    if (const int error = scanBatchStoreAt(m_dir.get(), &scan); error != 0)
        return StorageError::io(u"Cannot list the batch store %1: %2. %3"_s.arg(
            m_directory, systemErrorText(error), systemErrorAdvice(error)));

    // The highest batch number decides, whatever kind of entry carries it.
    const BatchStoreEntry *last = scan.batches.isEmpty() ? nullptr : &scan.batches.constLast();
    for (const BatchStoreEntry &other : std::as_const(scan.others)) {
        if (other.id > 0 && (!last || other.id > last->id))
            last = &other;
    }
    if (!last) {
        m_fillId = 1;
        return success();
    }
    const QString name = QString::fromUtf8(last->name);
    if (last->kind != BatchStoreEntry::Kind::Batch)
        return StorageError::io(
            u"The last batch %1 in %2 is %3, not a batch file; Porthole does not write through "
            "it. Move it out of the store, then start writing again."_s.arg(name, m_directory,
                                                                            kindOf(*last)));

    m_recovery.lastBatchId = last->id;
    FileDescriptor reading;
    struct stat status = {};
    const int opened = openBatchFileAt(m_dir.get(), last->name.constData(), &reading, &status);
    if (opened != 0 && opened != EFBIG)
        return fileError(u"read"_s, last->id, opened);
    FileTail tail;
    if (opened == 0) {
        if (const int error = scanTail(reading.get(), status.st_size, &tail); error != 0)
            return fileError(u"read"_s, last->id, error);
    }
    if (opened == EFBIG || tail.tailTooLong) {
        recoverPastDamaged(scan, last->id, name, opened == EFBIG, status.st_size);
        return success();
    }

    const qint64 complete = tail.complete;
    const qint64 lines = static_cast<qint64>(tail.lineEnds.size());
    const bool full = lines >= batchFileCapacity;
    const bool torn = complete < status.st_size;

    if (torn || !full) {
        m_openFile.reset(
            ::openat(m_dir.get(), last->name.constData(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC));
        if (!m_openFile.isValid())
            return fileError(u"open for writing"_s, last->id, errno);
        m_openId = last->id;
    }
    if (torn) {
        if (Status saved =
                saveTornLine(last->name, last->id, reading.get(), complete, status.st_size);
            !saved)
            return saved;
    }

    m_recovery.linesInLastBatch = lines;
    m_recovery.lastMessageNumber = lastMessageNumber(reading.get(), tail);

    if (full) {
        m_fillId = last->id + 1;
        m_fillLines = 0;
        m_fillSize = 0;
        m_openFile.reset();
        m_openId = 0;
    } else {
        m_fillId = last->id;
        m_fillLines = static_cast<int>(lines);
        m_fillSize = complete;
    }
    return success();
}

} // namespace porthole
