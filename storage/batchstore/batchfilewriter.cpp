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
