#pragma once

#include "filedescriptor.h"
#include "storageerror.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>
#include <vector>

namespace porthole {

// The seed's "File Batch Entity" for one batch file, and what Porthole adds to it.
struct BatchFileInfo
{
    qint64 id = 0;
    QString fileName;
    qint64 messageCount = 0; // well-formed message lines
    qint64 fileSizeBytes = 0;
    QDateTime dateCreated;  // UTC; the birth time where the file system keeps one, else the
                            // time of the last status change (what Python's st_ctime gives)
    QDateTime dateModified; // UTC
    std::optional<qint64> firstMessageNumber; // of the first and last well-formed lines
    std::optional<qint64> lastMessageNumber;
    qint64 lineCount = 0;      // every line, damaged ones included
    qint64 malformedLines = 0; // lines that are not messages, an unterminated last one included

    friend bool operator==(const BatchFileInfo &, const BatchFileInfo &) = default;
};

// What the last refresh() did.
struct BatchIndexStats
{
    qint64 files = 0;            // batch files listed
    qint64 filesRead = 0;        // files read because they are new or changed
    qint64 filesFromCache = 0;   // files taken from the index as they were
    qint64 filesRemoved = 0;     // files in the index that are gone
    bool incremental = false;    // only the files the system reported changed were looked at
    bool namesFromIndex = false; // the folder was not listed: its times showed no name changed
    bool cacheLoaded = false;    // the cache file was read and used
    bool cacheSaved = false;     // the cache file was written
    QString cacheProblem;        // why the cache file could not be used or written; not an error
};

// The list of a batch store's files with their metadata, kept fast by an index.
//
// Every refresh() finds the batch files' names and stats each file (never following a link,
// on several threads in a large store); a file is read again only when its inode, size or
// mtime differ from the index, or when it had been modified less than two seconds before the
// refresh that read it (a change within the file system's timestamp granularity, up to FAT's
// two seconds, could otherwise go unseen). So the listing never disagrees with the files.
// The names come from listing the folder, or from the index when the folder's mtime and
// ctime are those seen at a listing that began more than two seconds after the folder last
// changed: every name created, removed or renamed in a folder changes both, and no user can
// set a ctime back. (A rewrite that keeps the size and
// then sets the mtime back, `touch -d`, is the one change it cannot see.) Only regular files named
// exactly as the writer names them are listed; the integrity report covers everything else.
//
// An index that lives on (the Batch files pane, the ingest worker) also watches the folder
// with inotify from its first refresh on: the kernel reports every file created, removed,
// renamed, written or touched in it, so a later refresh() reads exactly the files named in
// those reports and stats nothing else. It goes back to listing and statting everything
// when the report queue overflowed, the folder was moved or replaced, the watch cannot be
// had (inotify limits), or the folder is on a file system whose changes may come from other
// machines (only local ones are trusted: ext2/3/4, XFS, Btrfs, tmpfs, F2FS, ZFS, bcachefs).
// A file with more than one hard link is looked at on every refresh, since a write through
// another link is reported elsewhere; so is a file that could not be read (listed as stat
// sees it, with no messages).
//
// The index is kept in memory and, by default, in the hidden file `{store}/.porthole-index`
// (binary, native byte order, with a checksum), written after a full listing that changed
// something and when the index goes away. A missing, damaged or foreign cache file is
// rebuilt; a store where it cannot be written (read-only) is listed all the same.
class BatchFileIndex
{
public:
    explicit BatchFileIndex(QString directory);
    ~BatchFileIndex();
    BatchFileIndex(const BatchFileIndex &) = delete;
    BatchFileIndex &operator=(const BatchFileIndex &) = delete;

    static QString defaultCacheFile(const QString &directory);
    // Where the index is kept between runs; an empty path keeps it in memory only.
    void setCacheFile(const QString &path);
    QString cacheFile() const { return m_cacheFile; }
    QString directory() const { return m_directory; }

    // Whether refresh() may rely on inotify reports (the default); off: it stats every file.
    void setUseNotifications(bool use);

    // Brings the list up to date with the folder.
    Status refresh();

    // By id, as of the last refresh().
    const QList<BatchFileInfo> &files() const { return m_files; }
    std::optional<BatchFileInfo> file(qint64 id) const;
    const BatchIndexStats &lastRefresh() const { return m_stats; }

    // What the record of one file is: used by the index and by the store watcher.
    struct Record
    {
        qint64 id = 0;
        qint64 size = 0;
        qint64 mtimeNs = 0;
        qint64 ctimeNs = 0;
        qint64 btimeNs = 0; // 0 when the file system keeps no birth time
        quint64 inode = 0;
        qint64 firstNumber = 0;
        qint64 lastNumber = 0;
        quint32 lineCount = 0;
        quint32 messageCount = 0;
        quint32 malformedLines = 0;
        quint32 flags = 0;
    };
    // Reads batch file `id` in the folder dirFd into a record; returns 0 or the errno.
    static int readRecordAt(int dirFd, qint64 id, Record *record);
    static BatchFileInfo infoFromRecord(const Record &record);

private:
    Status listBatchFiles(int dirFd, bool statAll, std::vector<Record> *seen,
                          std::vector<unsigned char> *toStat) const;
    static qint64 statRecords(int dirFd, std::vector<Record> *records,
                              const std::vector<unsigned char> &toStat);
    void loadCache(quint64 device, quint64 inode);
    void saveCache(quint64 device, quint64 inode);
    void saveCacheFolderTimes();
    void startWatching(int dirFd);
    bool refreshFromNotifications(int dirFd);
    bool readNotifications(std::vector<qint64> *dirty);
    void refreshRecord(int dirFd, qint64 id);
    // The steps of refresh().
    struct Listing;
    Result<Listing> listNames(int dirFd, bool sameFolder, qint64 startNs);
    std::vector<size_t> readChanged(int dirFd, qint64 startNs, std::vector<Record> *seen);
    void updateFiles(bool onlyReread, const std::vector<size_t> &reread);

    QString m_directory;
    QString m_cacheFile;
    bool m_cacheChecked = false; // the cache file was considered once
    bool m_cacheInSync = false;  // the cache file holds what m_records holds
    quint64 m_device = 0;        // the folder m_records describes
    quint64 m_inode = 0;
    qint64 m_listedDirMtimeNs = 0; // the folder's times when m_records' names were listed, if
    qint64 m_listedDirCtimeNs = 0; // no later change can share them; else 0
    qint64 m_cacheDirMtimeNs = 0;  // those times as the cache file has them
    qint64 m_cacheDirCtimeNs = 0;
    quint64 m_cacheChecksum = 0;
    bool m_useNotifications = true;
    FileDescriptor m_notify; // inotify; watching m_device/m_inode when m_watching
    bool m_watching = false;
    std::vector<Record> m_records; // by id
    QList<BatchFileInfo> m_files;
    BatchIndexStats m_stats;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::BatchFileInfo)
