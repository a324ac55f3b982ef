#include "batchfilewriter.h"

#include "batchfilereader.h"
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

Q_LOGGING_CATEGORY(lcBatchWriter, "porthole.storage.batchwriter", QtWarningMsg)

namespace porthole {

namespace {

constexpr qint64 lockFileReadLimit = 1024;

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

QString BatchFileWriter::lockFileName()
{
    return QString::fromLatin1(portholeFilePrefix) + u"writer.lock"_s;
}

BatchFileWriter::BatchFileWriter(QString directory, Options options)
    : m_directory(std::move(directory))
    , m_options(std::move(options))
{}

BatchFileWriter::~BatchFileWriter()
{
    if (m_pendingCount > 0)
        qCInfo(lcBatchWriter) << "closing with" << m_pendingCount
                              << "lines that were never committed (not acknowledged)";
}

Result<std::unique_ptr<BatchFileWriter>> BatchFileWriter::open(const QString &directory)
{
    return open(directory, Options{});
}

Result<std::unique_ptr<BatchFileWriter>> BatchFileWriter::open(const QString &directory,
                                                               Options options)
{
    if (options.maxGroupMessages < 1 || options.maxGroupDelay.count() < 0)
        return StorageError::invalidArgument(
            u"A batch writer needs a group of at least 1 message and a delay of 0 ms or more."_s);
    const QString path = QDir::cleanPath(QFileInfo(directory).absoluteFilePath());
    std::unique_ptr<BatchFileWriter> writer(new BatchFileWriter(path, std::move(options)));

    const QFileInfo info(path);
    if (info.exists() && !info.isDir())
        return StorageError::io(
            u"The batch store %1 is a file, not a folder. Choose another folder."_s.arg(path));
    if (!info.exists()) {
        if (!QDir().mkpath(path))
            return StorageError::io(
                u"Cannot create the batch store folder %1. Check the permissions of its parent "
                "folder, or choose another folder."_s.arg(path));
        const FileDescriptor parent(::open(QFile::encodeName(info.absolutePath()).constData(),
                                           O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (parent.isValid())
            syncFolder(parent.get()); // the new folder's entry; best effort
    }
    writer->m_dir.reset(
        ::open(QFile::encodeName(path).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!writer->m_dir.isValid()) {
        const int error = errno;
        return StorageError::io(u"Cannot open the batch store %1: %2. %3"_s.arg(
            path, systemErrorText(error), systemErrorAdvice(error)));
    }
    if (Status locked = writer->lock(); !locked)
        return locked.error();
    if (Status recovered = writer->recover(); !recovered)
        return recovered.error();
    return writer;
}

Status BatchFileWriter::lock()
{
    const QByteArray name = QFile::encodeName(lockFileName());
    m_lock.reset(::openat(m_dir.get(), name.constData(),
                          O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0666));
    if (!m_lock.isValid()) {
        const int error = errno;
        return StorageError::io(
            u"Cannot create the writer's lock file %1 in %2: %3. %4 Porthole needs write access "
            "to a batch store to write to it."_s.arg(
                lockFileName(), m_directory, systemErrorText(error), systemErrorAdvice(error)));
    }
    if (::flock(m_lock.get(), LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        if (error != EWOULDBLOCK)
            return StorageError::io(u"Cannot lock %1 in %2: %3."_s.arg(lockFileName(), m_directory,
                                                                       systemErrorText(error)));
        QByteArray holder;
        readFully(m_lock.get(), lockFileReadLimit, &holder);
        holder = holder.trimmed();
        const QString who = holder.isEmpty() ? u"another writer whose pid is not known yet"_s
                                             : QString::fromUtf8(holder);
        return StorageError{
            StorageError::Kind::Locked,
            u"The batch store %1 is already being written by %2. Only one writer may write a "
            "store: stop that one first, or write to another folder."_s.arg(m_directory, who)};
    }
    const QByteArray holder =
        "porthole pid " + QByteArray::number(::getpid()) + " on " +
        QSysInfo::machineHostName().toUtf8() + " since " +
        QDateTime::currentDateTimeUtc().toString(u"yyyy-MM-dd HH:mm:ss"_s).toLatin1() + " UTC\n";
    qint64 written = 0;
    if (::ftruncate(m_lock.get(), 0) != 0 ||
        writeFully(m_lock.get(), holder.constData(), holder.size(), 0, &written) != 0)
        qCWarning(lcBatchWriter) << "could not note the holder in the lock file of" << m_directory;
    return success();
}

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

StorageError BatchFileWriter::fileError(const QString &doing, qint64 batchId, int error) const
{
    return StorageError::io(u"Cannot %1 %2 in %3: %4. %5"_s.arg(doing, batchFileName(batchId),
                                                                m_directory, systemErrorText(error),
                                                                systemErrorAdvice(error)));
}

BatchFileWriter::Clock::time_point BatchFileWriter::now() const
{
    return m_options.clock ? m_options.clock() : Clock::now();
}

bool BatchFileWriter::commitDue() const
{
    if (m_pendingCount == 0)
        return false;
    return m_pendingCount >= m_options.maxGroupMessages ||
           now() - m_oldestPending >= m_options.maxGroupDelay;
}

std::chrono::milliseconds BatchFileWriter::timeUntilCommitDue() const
{
    using std::chrono::milliseconds;
    if (m_pendingCount == 0)
        return milliseconds::max();
    if (m_pendingCount >= m_options.maxGroupMessages)
        return milliseconds::zero();
    const auto left = m_options.maxGroupDelay - (now() - m_oldestPending);
    if (left <= Clock::duration::zero())
        return milliseconds::zero();
    return std::chrono::ceil<milliseconds>(left);
}

Result<BatchTicket> BatchFileWriter::append(const BatchMessage &message)
{
    const Result<qint64> secs = BatchLine::check(message);
    if (!secs)
        return secs.error();

    if (commitDue()) {
        if (Result<BatchTicket> committed = commit(); !committed)
            return committed.error();
    }

    if (m_fillLines >= batchFileCapacity) {
        ++m_fillId;
        m_fillLines = 0;
        m_fillSize = 0;
    }
    if (m_segments.empty() || m_segments.back().batchId != m_fillId) {
        Segment segment;
        segment.batchId = m_fillId;
        segment.baseSize = m_fillSize;
        m_segments.push_back(std::move(segment));
    }
    Segment &segment = m_segments.back();
    const qsizetype before = segment.bytes.size();
    BatchLine::appendFormatted(segment.bytes, message.number, *secs, message.content);
    if (const qsizetype length = segment.bytes.size() - before - 1; length > batchLineLimit) {
        // Readers keep at most batchLineLimit bytes of a line: a longer one is not written.
        segment.bytes.truncate(before);
        if (segment.bytes.isEmpty() && segment.lastTicket == 0)
            m_segments.pop_back();
        return StorageError::invalidArgument(
            u"Message #%1 would be a line of %2 bytes in the batch files, more than the %3 a "
            "batch line can be; it is not written. Keep payloads for the file sink under %4 "
            "bytes."_s.arg(message.number)
                .arg(length)
                .arg(batchLineLimit)
                .arg(batchContentLimit));
    }
    m_fillSize += segment.bytes.size() - before;
    ++m_fillLines;
    segment.lastTicket = ++m_lastTicket;
    if (m_pendingCount++ == 0)
        m_oldestPending = now();
    return m_lastTicket;
}

Result<BatchTicket> BatchFileWriter::commitIfDue()
{
    if (!commitDue())
        return m_durableTicket;
    return commit();
}

Result<BatchTicket> BatchFileWriter::failCommit(StorageError error)
{
    error.message += u" The %1 pending messages were kept and not acknowledged; the next commit "
                     "writes them again."_s.arg(m_pendingCount);
    qCWarning(lcBatchWriter).noquote() << error.message;
    return error;
}

Status BatchFileWriter::checkInPlace(const std::vector<int> &fds) const
{
    if (Status folder = checkStillAt(m_dir.get(), m_directory, m_directory); !folder)
        return folder;
    const auto file = [this](int fd, qint64 batchId) {
        return checkStillAt(fd, m_directory + u'/' + batchFileName(batchId), m_directory, false);
    };
    if (m_openFile.isValid()) {
        if (Status open = file(m_openFile.get(), m_openId); !open)
            return open;
    }
    for (size_t i = 0; i < fds.size() && i < m_segments.size(); ++i) {
        if (fds[i] < 0 || m_segments[i].batchId == m_openId)
            continue;
        if (Status written = file(fds[i], m_segments[i].batchId); !written)
            return written;
    }
    return success();
}

// A failed commit leaves every file as the last durable commit left it: the first `written`
// segments, written to fds, are cut back (shrinking a file needs no free space). Should a cut
// fail, attemptedEnd lets the next commit cut those bytes, which are known to be its own.
void BatchFileWriter::rollBack(const std::vector<int> &fds, size_t written)
{
    for (size_t j = 0; j < written; ++j) {
        Segment &done = m_segments[j];
        if (fds[j] >= 0 && ::ftruncate(fds[j], done.baseSize) == 0)
            done.attemptedEnd = done.baseSize;
    }
}

void BatchFileWriter::removeStartedFiles()
{
    for (Segment &segment : m_segments) {
        if (segment.baseSize != 0 || !segment.mayExist)
            continue; // it holds committed lines, or was never made
        const QByteArray name = batchFileNameBytes(segment.batchId);
        if (::unlinkat(m_dir.get(), name.constData(), 0) == 0 || errno == ENOENT) {
            segment.mayExist = false;
            segment.attemptedEnd = -1;
        }
    }
}

// The file of segment i: the one being filled, or one opened into opened[i].
Result<int> BatchFileWriter::openSegmentFile(size_t i, std::vector<FileDescriptor> *opened,
                                             const std::vector<int> &fds)
{
    Segment &segment = m_segments[i];
    if (segment.batchId == m_openId)
        return m_openFile.get();
    const QByteArray name = batchFileNameBytes(segment.batchId);
    int flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC;
    if (segment.baseSize == 0 && !segment.mayExist)
        flags |= O_EXCL; // a new batch: nobody else may have made it
    (*opened)[i].reset(::openat(m_dir.get(), name.constData(), flags, 0666));
    if (!(*opened)[i].isValid()) {
        const int error = errno;
        rollBack(fds, i);
        if (error == EEXIST)
            return StorageError::io(
                u"%1 appeared in %2 while Porthole was writing the store: another program "
                "writes there too. Stop it; only one writer may write a store."_s.arg(
                    QString::fromLatin1(name), m_directory));
        return fileError(u"create"_s, segment.batchId, error);
    }
    segment.mayExist = true;
    if (flags & O_EXCL)
        m_dirNeedsSync = true;
    return (*opened)[i].get();
}

// Writes segment i to its file, fds[i], after checking that nobody else changed the file.
Status BatchFileWriter::writeSegment(size_t i, const std::vector<int> &fds)
{
    Segment &segment = m_segments[i];
    const int fd = fds[i];
    struct stat status = {};
    if (::fstat(fd, &status) != 0) {
        const int error = errno;
        rollBack(fds, i);
        return fileError(u"inspect"_s, segment.batchId, error);
    }
    if (status.st_size < segment.baseSize ||
        (status.st_size > segment.baseSize && status.st_size > segment.attemptedEnd)) {
        rollBack(fds, i);
        return StorageError::io(
            u"%1 in %2 was changed by another program (it is %3 bytes, Porthole expected %4): "
            "another program writes this store. Stop it; only one writer may write a store."_s
                .arg(QString::fromLatin1(batchFileNameBytes(segment.batchId)), m_directory)
                .arg(status.st_size)
                .arg(segment.baseSize));
    }
    if (status.st_size > segment.baseSize && ::ftruncate(fd, segment.baseSize) != 0) {
        const int error = errno;
        rollBack(fds, i);
        return fileError(u"cut back"_s, segment.batchId, error);
    }

    qint64 written = 0;
    if (const int error = writeFully(fd, segment.bytes.constData(), segment.bytes.size(),
                                     segment.baseSize, &written);
        error != 0) {
        // Cut the part-written line now, so that readers never see it; if that fails too,
        // the next commit cuts it (attemptedEnd says the bytes are ours).
        segment.attemptedEnd = segment.baseSize + written;
        rollBack(fds, i + 1);
        return fileError(u"write to"_s, segment.batchId, error);
    }
    segment.attemptedEnd = segment.baseSize + segment.bytes.size();
    return success();
}

// Makes the written segments durable, and checks that their files are still the store's.
Status BatchFileWriter::makeDurable(const std::vector<int> &fds)
{
    // After a failed sync the kernel may have dropped the data it could not write: the lines
    // are cut back and written again by the next commit, never assumed to be there.
    // One sync for the commit: fdatasync of its one file, or syncfs() of the store's file
    // system when it wrote several, which makes them all durable with one journal commit and
    // one flush of the disk's cache instead of one of each a file (a group of 1,000 messages
    // fills 100 files). syncfs() reports the write-back errors of the file system since the
    // folder was opened (Linux 5.8 and later).
    if (m_segments.size() == 1) {
        if (const int error = syncFile(fds[0]); error != 0) {
            rollBack(fds, m_segments.size());
            return fileError(u"make durable (fdatasync)"_s, m_segments[0].batchId, error);
        }
    } else {
        if (const int error = syncFileSystem(m_dir.get()); error != 0) {
            rollBack(fds, m_segments.size());
            return StorageError::io(
                u"Cannot make the lines written to %1 durable (syncfs): %2. %3"_s.arg(
                    m_directory, systemErrorText(error), systemErrorAdvice(error)));
        }
        m_dirNeedsSync = false; // the file system's metadata, the folder's entries included
    }
    if (m_dirNeedsSync) {
        if (const int error = syncFolder(m_dir.get()); error != 0) {
            rollBack(fds, m_segments.size());
            return StorageError::io(
                u"Cannot make the new files in %1 durable (fsync of the folder): %2. %3"_s.arg(
                    m_directory, systemErrorText(error), systemErrorAdvice(error)));
        }
        m_dirNeedsSync = false;
    }
    // Removed or replaced while this commit wrote: the lines are durable in files that are no
    // longer the store's, so they must not count as committed. A batch this commit started
    // in the folder (after its files were deleted) goes too: the store opened anew would take
    // the empty file for where it stands, past batches that are gone, and the journal would
    // keep saying that their lines are stored.
    if (Status inPlace = checkInPlace(fds); !inPlace) {
        rollBack(fds, m_segments.size());
        removeStartedFiles();
        return inPlace;
    }
    return success();
}

Result<BatchTicket> BatchFileWriter::commit()
{
    if (m_segments.empty())
        return m_durableTicket;
    // The store removed or replaced since the last commit: writing on would put the lines into
    // files nobody can find again.
    if (Status inPlace = checkInPlace({}); !inPlace)
        return failCommit(inPlace.error());
    pausePoint("ingest-commit"); // tests replace the store while a commit is under way

    // One segment a file, in order; the file being filled stays open afterwards.
    std::vector<FileDescriptor> opened(m_segments.size());
    std::vector<int> fds(m_segments.size(), -1);
    for (size_t i = 0; i < m_segments.size(); ++i) {
        const Result<int> fd = openSegmentFile(i, &opened, fds);
        if (!fd)
            return failCommit(fd.error());
        fds[i] = *fd;
        if (Status written = writeSegment(i, fds); !written)
            return failCommit(written.error());
    }
    if (Status durable = makeDurable(fds); !durable)
        return failCommit(durable.error());

    // Everything is durable. Keep the file being filled open; close the others.
    const Segment &lastSegment = m_segments.back();
    if (lastSegment.batchId != m_openId) {
        m_openFile = std::move(opened.back());
        m_openId = lastSegment.batchId;
    }
    m_durableTicket = lastSegment.lastTicket;
    m_segments.clear();
    m_pendingCount = 0;
    return m_durableTicket;
}

} // namespace porthole
