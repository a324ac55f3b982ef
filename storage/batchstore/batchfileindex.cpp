#include "batchfileindex.h"

#include "batchfilereader.h"
#include "batchline.h"
#include "batchstorescan.h"
#include "filedescriptor.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <thread>
#include <time.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcBatchIndex, "porthole.storage.batchindex", QtWarningMsg)

namespace porthole {

namespace {

enum RecordFlag : quint32
{
    HasFirst = 1,
    HasLast = 2,
    Racy = 4,    // modified too close to the refresh to trust its timestamps next time
    Linked = 8,  // more than one hard link: writes through another one are not reported here
    Unread = 16, // could not be read: listed as stat saw it, read again at every refresh
};

// The watch is added through /proc/self/fd/N, a link that must be followed: no IN_DONT_FOLLOW.
constexpr uint32_t watchMask = IN_CREATE | IN_DELETE | IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE |
                               IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF |
                               IN_ONLYDIR | IN_EXCL_UNLINK;

// File systems whose every change goes through this machine's kernel, and so is reported.
bool changesAreAllLocal(int dirFd)
{
    struct statfs info = {};
    if (::fstatfs(dirFd, &info) != 0)
        return false;
    switch (static_cast<unsigned long>(info.f_type)) {
    case 0xEF53:     // ext2, ext3, ext4
    case 0x58465342: // XFS
    case 0x9123683E: // Btrfs
    case 0x01021994: // tmpfs
    case 0xF2F52010: // F2FS
    case 0x2FC12FC1: // ZFS
    case 0xCA451A4E: // bcachefs
        return true;
    default:
        return false;
    }
}

constexpr qint64 racyWindowNs = 2'000'000'000;

// Below this many files one thread stats them all; above it, stat calls (about 2 µs each
// on a cached inode) and the making of the list are shared among the cores.
constexpr size_t parallelFrom = 8192;

qint64 nanoseconds(const statx_timestamp &t)
{
    return static_cast<qint64>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

qint64 realtimeNowNs()
{
    timespec now = {};
    ::clock_gettime(CLOCK_REALTIME, &now);
    return static_cast<qint64>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

constexpr unsigned statxMask =
    STATX_TYPE | STATX_SIZE | STATX_INO | STATX_MTIME | STATX_CTIME | STATX_BTIME | STATX_NLINK;

void fillStat(const struct statx &status, BatchFileIndex::Record *record)
{
    record->size = static_cast<qint64>(status.stx_size);
    record->inode = status.stx_ino;
    record->mtimeNs = nanoseconds(status.stx_mtime);
    record->ctimeNs = nanoseconds(status.stx_ctime);
    record->btimeNs = (status.stx_mask & STATX_BTIME) ? nanoseconds(status.stx_btime) : 0;
    if (status.stx_nlink > 1)
        record->flags |= Linked;
    else
        record->flags &= ~quint32(Linked);
}

bool sameFile(const BatchFileIndex::Record &cached, const BatchFileIndex::Record &seen)
{
    return !(cached.flags & Racy) && cached.inode == seen.inode && cached.size == seen.size &&
           cached.mtimeNs == seen.mtimeNs;
}

// The same file and the same summary; whether it was racy does not matter.
bool sameRecord(BatchFileIndex::Record a, BatchFileIndex::Record b)
{
    a.flags &= ~quint32(Racy);
    b.flags &= ~quint32(Racy);
    return std::memcmp(&a, &b, sizeof a) == 0;
}

QDateTime utcFromNs(qint64 ns)
{
    return QDateTime::fromMSecsSinceEpoch(ns / 1'000'000, Qt::UTC);
}

// Runs work(from, count) over [0, total) in one chunk per core (up to four), on this thread
// and helpers, when total is large enough to be worth it.
template <typename Work>
void inChunks(size_t total, Work work)
{
    const size_t threads =
        total < parallelFrom ? 1 : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
    const size_t chunk = (total + threads - 1) / threads;
    std::vector<std::jthread> helpers;
    for (size_t t = 1; t < threads; ++t) {
        const size_t from = std::min(total, t * chunk);
        helpers.emplace_back([=, &work] { work(from, std::min(total - from, chunk)); });
    }
    work(0, std::min(total, chunk));
}

// Stats the files of `records` whose `toStat` entry is set, by name, never following a link;
// one that is gone or is no longer a regular file gets id 0. Returns how many.
qint64 statRecordRange(int dirFd, BatchFileIndex::Record *records, const unsigned char *toStat,
                       size_t count)
{
    qint64 vanished = 0;
    char name[64];
    for (size_t i = 0; i < count; ++i) {
        if (!toStat[i])
            continue;
        std::snprintf(name, sizeof name, "messages_batch_%04lld.txt",
                      static_cast<long long>(records[i].id));
        struct statx status = {};
        if (::statx(dirFd, name, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, statxMask, &status) != 0 ||
            !S_ISREG(status.stx_mode)) {
            records[i].id = 0;
            ++vanished;
            continue;
        }
        fillStat(status, &records[i]);
    }
    return vanished;
}

} // namespace

BatchFileIndex::BatchFileIndex(QString directory)
    : m_directory(QDir::cleanPath(QFileInfo(directory).absoluteFilePath()))
    , m_cacheFile(defaultCacheFile(m_directory))
{}

BatchFileIndex::~BatchFileIndex()
{
    // What incremental refreshes learnt, for the next run.
    if (!m_cacheInSync && !m_cacheFile.isEmpty() && m_inode != 0)
        saveCache(m_device, m_inode);
}

void BatchFileIndex::setUseNotifications(bool use)
{
    m_useNotifications = use;
    if (!use) {
        m_notify.reset();
        m_watching = false;
    }
}

void BatchFileIndex::startWatching(int dirFd)
{
    m_watching = false;
    if (!m_useNotifications || !changesAreAllLocal(dirFd)) {
        m_notify.reset();
        return;
    }
    // A new inotify instance each time: no report about an earlier folder is left in it.
    m_notify.reset(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (!m_notify.isValid())
        return;
    // Watch exactly the folder dirFd is (not whatever the path names by now).
    const QByteArray self = "/proc/self/fd/" + QByteArray::number(dirFd);
    if (::inotify_add_watch(m_notify.get(), self.constData(), watchMask) < 0) {
        qCInfo(lcBatchIndex) << "no inotify watch on" << m_directory << ":"
                             << systemErrorText(errno) << "; every refresh stats every file";
        m_notify.reset();
        return;
    }
    m_watching = true;
}

// The names the kernel reported since the last refresh, added to dirty; false when the
// reports cannot be trusted (the watch overflowed or ended).
bool BatchFileIndex::readNotifications(std::vector<qint64> *dirty)
{
    alignas(inotify_event) char buffer[16384];
    for (;;) {
        const ssize_t n = ::read(m_notify.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; // EAGAIN: nothing more
        for (ssize_t at = 0; at < n;) {
            const auto *event = reinterpret_cast<const inotify_event *>(buffer + at);
            at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
            if (event->mask &
                (IN_Q_OVERFLOW | IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT)) {
                m_watching = false;
                return false;
            }
            if (event->len == 0)
                continue;
            if (const std::optional<qint64> id =
                    batchIdFromFileName(QByteArrayView(static_cast<const char *>(event->name))))
                dirty->push_back(*id);
        }
    }
    return true;
}

// Reads batch file `id` again and updates its record, adds it, or removes it.
void BatchFileIndex::refreshRecord(int dirFd, qint64 id)
{
    const auto byId = [](const Record &r, qint64 value) {
        return r.id < value;
    };
    const auto at = std::lower_bound(m_records.begin(), m_records.end(), id, byId);
    const bool known = at != m_records.end() && at->id == id;
    const auto index = static_cast<qsizetype>(at - m_records.begin());
    Record fresh;
    const int error = readRecordAt(dirFd, id, &fresh);
    if (error == ENOENT || error == ELOOP || error == EINVAL) {
        // Gone, or no longer a regular file: not a batch any more.
        if (known) {
            m_records.erase(at);
            m_files.removeAt(index);
            ++m_stats.filesRemoved;
            m_cacheInSync = false;
        }
        return;
    }
    if (error != 0) {
        qCInfo(lcBatchIndex) << "cannot read" << batchFileName(id) << "in" << m_directory << ":"
                             << systemErrorText(error);
        // Listed as stat sees it; the summary stays only while the file is as it was read.
        struct statx status = {};
        fresh = Record{};
        fresh.id = id;
        if (::statx(dirFd, batchFileNameBytes(id).constData(), AT_SYMLINK_NOFOLLOW, statxMask,
                    &status) == 0)
            fillStat(status, &fresh);
        if (known && sameFile(*at, fresh))
            return;
        fresh.flags |= Racy | Unread;
    }
    ++m_stats.filesRead;
    if (known) {
        if (!sameRecord(*at, fresh))
            m_cacheInSync = false;
        *at = fresh;
        m_files[index] = infoFromRecord(fresh);
    } else {
        m_records.insert(at, fresh);
        m_files.insert(index, infoFromRecord(fresh));
        m_cacheInSync = false;
    }
}

bool BatchFileIndex::refreshFromNotifications(int dirFd)
{
    std::vector<qint64> dirty;
    if (!readNotifications(&dirty))
        return false;
    for (const Record &record : m_records) {
        if (record.flags & (Linked | Unread))
            dirty.push_back(record.id);
    }
    std::sort(dirty.begin(), dirty.end());
    dirty.erase(std::unique(dirty.begin(), dirty.end()), dirty.end());

    for (const qint64 id : dirty)
        refreshRecord(dirFd, id);
    m_stats.incremental = true;
    m_stats.files = static_cast<qint64>(m_records.size());
    m_stats.filesFromCache = m_stats.files - m_stats.filesRead;
    return true;
}

int BatchFileIndex::readRecordAt(int dirFd, qint64 id, Record *record)
{
    const QByteArray name = batchFileNameBytes(id);
    // O_NONBLOCK: a FIFO put there under a batch name fails the S_ISREG test, not hangs.
    const FileDescriptor fd(::openat(dirFd, name.constData(),
                                     O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (!fd.isValid())
        return errno;
    struct statx status = {};
    if (::statx(fd.get(), "", AT_EMPTY_PATH, statxMask, &status) != 0)
        return errno;
    if (!S_ISREG(status.stx_mode))
        return EINVAL;
    *record = Record{};
    record->id = id;
    fillStat(status, record);
    if (static_cast<qint64>(status.stx_size) > batchFileSizeLimit) {
        // Damaged (ten lines can never be this long): listed as one damaged line, never read.
        record->lineCount = 1;
        record->malformedLines = 1;
        return 0;
    }
    BatchFileSummary summary;
    qint64 bytesRead = 0;
    if (const int error = summarizeBatchFile(fd.get(), static_cast<qint64>(status.stx_size),
                                             &summary, &bytesRead);
        error != 0)
        return error;
    record->size = bytesRead; // what was read, should the file have shrunk meanwhile
    record->lineCount = static_cast<quint32>(summary.lineCount);
    record->messageCount = static_cast<quint32>(summary.messageCount);
    record->malformedLines = static_cast<quint32>(summary.malformedLines);
    if (summary.firstMessageNumber) {
        record->firstNumber = *summary.firstMessageNumber;
        record->flags |= HasFirst;
    }
    if (summary.lastMessageNumber) {
        record->lastNumber = *summary.lastMessageNumber;
        record->flags |= HasLast;
    }
    return 0;
}

BatchFileInfo BatchFileIndex::infoFromRecord(const Record &record)
{
    BatchFileInfo info;
    info.id = record.id;
    info.fileName = batchFileName(record.id);
    info.messageCount = record.messageCount;
    info.fileSizeBytes = record.size;
    info.dateCreated = utcFromNs(record.btimeNs != 0 ? record.btimeNs : record.ctimeNs);
    info.dateModified = utcFromNs(record.mtimeNs);
    if (record.flags & HasFirst)
        info.firstMessageNumber = record.firstNumber;
    if (record.flags & HasLast)
        info.lastMessageNumber = record.lastNumber;
    info.lineCount = record.lineCount;
    info.malformedLines = record.malformedLines;
    return info;
}

std::optional<BatchFileInfo> BatchFileIndex::file(qint64 id) const
{
    const auto it = std::lower_bound(m_records.begin(), m_records.end(), id,
                                     [](const Record &r, qint64 value) { return r.id < value; });
    if (it == m_records.end() || it->id != id)
        return std::nullopt;
    return infoFromRecord(*it);
}

Status BatchFileIndex::listBatchFiles(int dirFd, bool statAll, std::vector<Record> *seen,
                                      std::vector<unsigned char> *toStat) const
{
    seen->reserve(m_records.size() + 16);
    toStat->reserve(m_records.size() + 16);
    const int error = forEachBatchNameAt(dirFd, [&](qint64 id, const char *, bool typeUnknown) {
        Record record;
        record.id = id;
        seen->push_back(record);
        toStat->push_back(statAll || typeUnknown ? 1 : 0);
    });
    if (error != 0)
        return StorageError::io(u"Cannot list the batch store %1: %2. %3"_s.arg(
            m_directory, systemErrorText(error), systemErrorAdvice(error)));
    return success();
}

qint64 BatchFileIndex::statRecords(int dirFd, std::vector<Record> *records,
                                   const std::vector<unsigned char> &toStat)
{
    std::atomic<qint64> vanished = 0;
    inChunks(records->size(), [&](size_t from, size_t count) {
        vanished += statRecordRange(dirFd, records->data() + from, toStat.data() + from, count);
    });
    std::erase_if(*records, [](const Record &r) { return r.id == 0; });
    return vanished;
}

// The batch files' names, statted, in the order of their ids.
struct BatchFileIndex::Listing
{
    std::vector<Record> seen;
    bool namesKnown = false; // from the index, not from the folder
    bool namesStale = false; // from the index, but a file of it is gone: list again
};

// The batch files' names: from the folder, or from the index when the folder's times show
// that no name was added, removed or renamed since the index listed it.
Result<BatchFileIndex::Listing> BatchFileIndex::listNames(int dirFd, bool sameFolder,
                                                          qint64 startNs)
{
    struct statx dirTimes = {};
    if (::statx(dirFd, "", AT_EMPTY_PATH, STATX_MTIME | STATX_CTIME, &dirTimes) != 0)
        dirTimes = {};
    const qint64 dirMtimeNs = nanoseconds(dirTimes.stx_mtime);
    const qint64 dirCtimeNs = nanoseconds(dirTimes.stx_ctime);
    Listing listing;
    listing.namesKnown = sameFolder && m_listedDirCtimeNs != 0 &&
                         m_listedDirMtimeNs == dirMtimeNs && m_listedDirCtimeNs == dirCtimeNs;
    // Stat by name only where the index has something to compare (a file read anyway is
    // statted through its descriptor). Links are never followed.
    const bool compare = !m_records.empty();
    std::vector<Record> &seen = listing.seen;
    std::vector<unsigned char> toStat;
    if (listing.namesKnown) {
        seen.reserve(m_records.size() + 16);
        for (const Record &record : m_records) {
            Record candidate;
            candidate.id = record.id;
            seen.push_back(candidate);
        }
        toStat.assign(seen.size(), 1);
    } else if (const Status listed = listBatchFiles(dirFd, compare, &seen, &toStat); !listed) {
        return listed.error();
    }
    const qint64 vanishedBeforeReading = statRecords(dirFd, &seen, toStat);
    if (listing.namesKnown && vanishedBeforeReading != 0) {
        listing.namesStale = true;
        return listing;
    }
    if (!listing.namesKnown) {
        // Trusted next time only if no change can share these times (the granularity).
        const bool settled = dirCtimeNs != 0 && dirCtimeNs < startNs - racyWindowNs;
        m_listedDirMtimeNs = settled ? dirMtimeNs : 0;
        m_listedDirCtimeNs = settled ? dirCtimeNs : 0;
        std::sort(seen.begin(), seen.end(),
                  [](const Record &a, const Record &b) { return a.id < b.id; });
    }
    return listing;
}

// Takes what the index knows; reads the rest. Returns the indices into seen of the records
// read; those gone since the listing are left with id 0.
std::vector<size_t> BatchFileIndex::readChanged(int dirFd, qint64 startNs,
                                                std::vector<Record> *seen)
{
    std::vector<size_t> reread;
    auto cached = m_records.cbegin();
    for (size_t i = 0; i < seen->size(); ++i) {
        Record &record = (*seen)[i];
        while (cached != m_records.cend() && cached->id < record.id) {
            ++m_stats.filesRemoved;
            ++cached;
        }
        const Record *previous = nullptr;
        if (cached != m_records.cend() && cached->id == record.id)
            previous = &*cached++;
        if (previous && sameFile(*previous, record)) {
            record = *previous;
            ++m_stats.filesFromCache;
            continue;
        }
        Record fresh;
        if (const int error = readRecordAt(dirFd, record.id, &fresh); error != 0) {
            if (error == ENOENT || error == ELOOP || error == EINVAL) {
                record.id = 0; // gone, or no longer a regular file, since the listing
                m_stats.filesRemoved += previous ? 1 : 0;
                continue;
            }
            qCInfo(lcBatchIndex) << "cannot read" << batchFileName(record.id) << "in" << m_directory
                                 << ":" << systemErrorText(error);
            if (record.inode == 0) { // not statted while listing (nothing to compare with)
                struct statx status = {};
                const QByteArray name = batchFileNameBytes(record.id);
                if (::statx(dirFd, name.constData(), AT_SYMLINK_NOFOLLOW, statxMask, &status) == 0)
                    fillStat(status, &record);
            }
            record.flags |= Racy | Unread; // listed with what stat says, read again next time
        } else {
            record = fresh;
        }
        if (record.mtimeNs >= startNs - racyWindowNs)
            record.flags |= Racy;
        if (!previous || !sameRecord(*previous, record))
            m_cacheInSync = false;
        reread.push_back(i);
        ++m_stats.filesRead;
    }
    m_stats.filesRemoved += m_records.cend() - cached;
    return reread;
}

// m_files after m_records: only the records read again when the ids are the same.
void BatchFileIndex::updateFiles(bool onlyReread, const std::vector<size_t> &reread)
{
    if (onlyReread) {
        for (const size_t i : reread)
            m_files[static_cast<qsizetype>(i)] = infoFromRecord(m_records[i]);
    } else {
        m_files.clear();
        m_files.resize(static_cast<qsizetype>(m_records.size()));
        BatchFileInfo *files = m_files.data();
        inChunks(m_records.size(), [&](size_t from, size_t count) {
            for (size_t i = from; i < from + count; ++i)
                files[i] = infoFromRecord(m_records[i]);
        });
    }
}

Status BatchFileIndex::refresh()
{
    m_stats = BatchIndexStats{};
    const qint64 startNs = realtimeNowNs();
    const FileDescriptor dir(
        ::open(QFile::encodeName(m_directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir.isValid()) {
        const int error = errno;
        if (error == ENOENT)
            return StorageError{
                StorageError::Kind::NotFound,
                u"The batch store %1 does not exist. Check the path."_s.arg(m_directory)};
        return StorageError::io(u"Cannot open the batch store %1: %2. %3"_s.arg(
            m_directory, systemErrorText(error), systemErrorAdvice(error)));
    }
    struct stat dirStatus = {};
    ::fstat(dir.get(), &dirStatus);
    const auto device = static_cast<quint64>(dirStatus.st_dev);
    const auto dirInode = static_cast<quint64>(dirStatus.st_ino);
    if (!m_cacheChecked) {
        m_cacheChecked = true;
        if (m_records.empty() && !m_cacheFile.isEmpty())
            loadCache(device, dirInode);
    }

    // Watched since the last full listing: only what was reported needs a look.
    if (m_watching && m_device == device && m_inode == dirInode &&
        static_cast<qsizetype>(m_records.size()) == m_files.size() &&
        refreshFromNotifications(dir.get()))
        return success();
    // Otherwise list everything, watching from before the listing so that nothing that
    // happens after it goes unreported.
    startWatching(dir.get());
    const bool sameFolder = m_device == device && m_inode == dirInode;
    m_device = device;
    m_inode = dirInode;

    auto listing = listNames(dir.get(), sameFolder, startNs);
    if (!listing)
        return listing.error();
    if (listing->namesStale) {
        // A file of the index is gone while the folder's times say nothing changed (they were
        // set back): list the folder after all.
        m_listedDirMtimeNs = m_listedDirCtimeNs = 0;
        return refresh();
    }
    m_stats.namesFromIndex = listing->namesKnown;

    std::vector<Record> &seen = listing->seen;
    bool sameIds = seen.size() == m_records.size();
    const bool filesListed = m_files.size() == static_cast<qsizetype>(m_records.size());
    const std::vector<size_t> reread = readChanged(dir.get(), startNs, &seen);
    const auto vanished = std::erase_if(seen, [](const Record &r) { return r.id == 0; });
    m_stats.files = static_cast<qint64>(seen.size());
    sameIds = sameIds && m_stats.filesRemoved == 0 && vanished == 0;
    if (!sameIds)
        m_cacheInSync = false;

    m_records = std::move(seen);
    updateFiles(sameIds && filesListed, reread);
    if (!m_cacheFile.isEmpty()) {
        if (!m_cacheInSync)
            saveCache(device, dirInode);
        else if (m_cacheDirMtimeNs != m_listedDirMtimeNs || m_cacheDirCtimeNs != m_listedDirCtimeNs)
            saveCacheFolderTimes();
    }
    return success();
}

} // namespace porthole
