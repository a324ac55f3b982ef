// BatchFileIndex: its cache file, what it knew of the store at its last refresh, so that a
// program started again lists a large store without reading every file (see the class
// comment).
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

Q_DECLARE_LOGGING_CATEGORY(lcBatchIndex)

namespace porthole {

namespace {

constexpr char cacheMagic[8] = {'P', 'H', 'B', 'I', 'D', 'X', '\0', '\1'};
constexpr quint32 cacheVersion = 2;

struct CacheHeader
{
    char magic[8];
    quint32 version;
    quint32 recordSize;
    quint64 count;
    quint64 dirDevice;
    quint64 dirInode;
    quint64 checksum;
    // The folder's times when its names were listed, if no later change can share them; 0:
    // unknown. Written in place, without the checksum, when a listing confirms the records.
    qint64 dirMtimeNs;
    qint64 dirCtimeNs;
};

quint64 checksumOf(const char *data, size_t size)
{
    quint64 hash = 0xcbf29ce484222325ULL;
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        quint64 word = 0;
        std::memcpy(&word, data + i, 8);
        hash = (hash ^ word) * 0x100000001b3ULL;
        hash ^= hash >> 29;
    }
    for (; i < size; ++i)
        hash = (hash ^ static_cast<uchar>(data[i])) * 0x100000001b3ULL;
    return hash;
}

} // namespace

QString BatchFileIndex::defaultCacheFile(const QString &directory)
{
    return directory + u'/' + QString::fromLatin1(portholeFilePrefix) + u"index"_s;
}

void BatchFileIndex::setCacheFile(const QString &path)
{
    m_cacheFile = path;
    m_cacheChecked = false;
    m_cacheInSync = false;
}

void BatchFileIndex::loadCache(quint64 device, quint64 inode)
{
    QFile file(m_cacheFile);
    if (!file.exists())
        return;
    if (!file.open(QIODevice::ReadOnly)) {
        m_stats.cacheProblem = u"Cannot read the index %1: %2; listing without it."_s.arg(
            m_cacheFile, file.errorString());
        return;
    }
    const auto reject = [this](const QString &why) {
        m_records.clear();
        m_stats.cacheProblem = u"The index %1 %2; it is rebuilt."_s.arg(m_cacheFile, why);
        qCInfo(lcBatchIndex).noquote() << m_stats.cacheProblem;
    };
    CacheHeader header = {};
    if (file.read(reinterpret_cast<char *>(&header), sizeof header) != qint64(sizeof header)) {
        reject(u"is too short"_s);
        return;
    }
    if (std::memcmp(header.magic, cacheMagic, sizeof cacheMagic) != 0 ||
        header.version != cacheVersion || header.recordSize != sizeof(Record)) {
        reject(u"is not an index of this version"_s);
        return;
    }
    if (header.dirDevice != device || header.dirInode != inode) {
        reject(u"belongs to another folder"_s);
        return;
    }
    // Straight into the records: the file is read once, with no copy.
    const qint64 payload = file.size() - qint64(sizeof header);
    if (payload < 0 || header.count != quint64(payload) / sizeof(Record) ||
        header.count * sizeof(Record) != quint64(payload)) {
        reject(u"has the wrong size"_s);
        return;
    }
    m_records.resize(header.count);
    if (file.read(reinterpret_cast<char *>(m_records.data()), payload) != payload) {
        reject(u"has the wrong size"_s);
        return;
    }
    if (checksumOf(reinterpret_cast<const char *>(m_records.data()), size_t(payload)) !=
        header.checksum) {
        reject(u"is damaged (checksum)"_s);
        return;
    }
    const bool sorted =
        std::is_sorted(m_records.begin(), m_records.end(),
                       [](const Record &a, const Record &b) { return a.id < b.id; });
    if (!sorted) {
        reject(u"is out of order"_s);
        return;
    }
    m_device = device;
    m_inode = inode;
    m_listedDirMtimeNs = m_cacheDirMtimeNs = header.dirMtimeNs;
    m_listedDirCtimeNs = m_cacheDirCtimeNs = header.dirCtimeNs;
    m_cacheChecksum = header.checksum;
    m_stats.cacheLoaded = true;
    m_cacheInSync = true;
}

void BatchFileIndex::saveCache(quint64 device, quint64 inode)
{
    const size_t payload = m_records.size() * sizeof(Record);
    CacheHeader header = {};
    std::memcpy(header.magic, cacheMagic, sizeof cacheMagic);
    header.version = cacheVersion;
    header.recordSize = sizeof(Record);
    header.count = m_records.size();
    header.dirDevice = device;
    header.dirInode = inode;
    header.checksum = checksumOf(reinterpret_cast<const char *>(m_records.data()), payload);
    header.dirMtimeNs = m_listedDirMtimeNs;
    header.dirCtimeNs = m_listedDirCtimeNs;

    // A temporary file renamed over the old one: readers see the old index or the new one.
    const QString temporary = m_cacheFile + u".tmp-"_s + QString::number(::getpid());
    const QByteArray path = QFile::encodeName(temporary);
    FileDescriptor fd(
        ::open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666));
    int error = fd.isValid() ? 0 : errno;
    qint64 written = 0;
    if (error == 0)
        error = writeFully(fd.get(), reinterpret_cast<const char *>(&header), sizeof header, 0,
                           &written);
    if (error == 0)
        error = writeFully(fd.get(), reinterpret_cast<const char *>(m_records.data()),
                           static_cast<qint64>(payload), sizeof header, &written);
    fd.reset();
    if (error == 0 && ::rename(path.constData(), QFile::encodeName(m_cacheFile).constData()) != 0)
        error = errno;
    if (error != 0) {
        ::unlink(path.constData());
        if (!m_stats.cacheProblem.isEmpty())
            m_stats.cacheProblem += u' ';
        m_stats.cacheProblem +=
            u"Cannot save the index %1: %2; the listing is right all the "
            "same, it is only slower next time."_s.arg(m_cacheFile, systemErrorText(error));
        qCInfo(lcBatchIndex).noquote() << m_stats.cacheProblem;
        return;
    }
    m_stats.cacheSaved = true;
    m_cacheInSync = true;
    m_cacheDirMtimeNs = header.dirMtimeNs;
    m_cacheDirCtimeNs = header.dirCtimeNs;
    m_cacheChecksum = header.checksum;
}

void BatchFileIndex::saveCacheFolderTimes()
{
    // In place: renaming a new file into the folder would change the very times it records.
    // The records are those of the file (same count and checksum) or nothing is written.
    const FileDescriptor fd(
        ::open(QFile::encodeName(m_cacheFile).constData(), O_RDWR | O_NOFOLLOW | O_CLOEXEC));
    CacheHeader header = {};
    if (!fd.isValid() || ::pread(fd.get(), &header, sizeof header, 0) != sizeof header ||
        std::memcmp(header.magic, cacheMagic, sizeof cacheMagic) != 0 ||
        header.version != cacheVersion || header.count != m_records.size() ||
        header.checksum != m_cacheChecksum)
        return;
    header.dirMtimeNs = m_listedDirMtimeNs;
    header.dirCtimeNs = m_listedDirCtimeNs;
    constexpr size_t at = offsetof(CacheHeader, dirMtimeNs);
    constexpr size_t size = sizeof header.dirMtimeNs + sizeof header.dirCtimeNs;
    if (::pwrite(fd.get(), reinterpret_cast<const char *>(&header) + at, size, at) ==
        static_cast<ssize_t>(size)) {
        m_cacheDirMtimeNs = m_listedDirMtimeNs;
        m_cacheDirCtimeNs = m_listedDirCtimeNs;
    }
}

} // namespace porthole
