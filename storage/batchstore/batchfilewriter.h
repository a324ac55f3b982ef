#pragma once

#include "batchline.h"
#include "filedescriptor.h"
#include "storageerror.h"

#include <QByteArray>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace porthole {

struct BatchStoreScan;

// A number append() gives each message, from 1 up, in the order of the calls. Everything up
// to durableTicket() is on disk (written and fsynced).
using BatchTicket = quint64;

// What open() found in the store and what it had to repair.
struct BatchWriterRecovery
{
    qint64 lastBatchId = 0;                  // the highest batch found; 0 for an empty store
    qint64 linesInLastBatch = 0;             // its complete lines, after any cut
    std::optional<qint64> lastMessageNumber; // of its last well-formed line
    qint64 cutBytes = 0;                     // bytes of a torn last line that were cut off
    QString savedFragment; // the file those bytes were saved to; empty when nothing was cut
    QString message;       // for a person: what was cut and where it went; empty when nothing
};

// Appends messages to a batch store with group commit: the file sink of the ingest worker.
//
// Contract:
// - One writer per store, across processes: open() takes an exclusive lock on
//   `{store}/.porthole-writer.lock` (flock) and fails with StorageError::Kind::Locked, naming
//   the holder's pid and host, while another writer (in this or another process) holds it.
//   The lock does not stop programs that do not know it (the seed's receiver, say).
// - Synchronous and confined to the thread that uses it; no threads of its own.
// - append() formats a message into memory and returns its ticket. It does no I/O, except
//   that when a commit is due (see commitDue()) it commits first; if that commit fails, the
//   new message is not taken and the error is returned.
// - commit() writes every pending line and syncs what it wrote: fdatasync of its one file and,
//   when it created that file, an fsync of the folder; or, when it wrote several files, one
//   syncfs of the store's file system, which makes their data and the folder's entries
//   durable. Then it returns the durable ticket. A message may be acknowledged
//   to its source only when its ticket is <= the durable ticket.
// - The group is bounded: a commit is due when maxGroupMessages lines are pending, or when
//   the oldest pending line is maxGroupDelay old. The owner calls commitIfDue() within
//   timeUntilCommitDue() (a timer, or the timeout of its blocking read).
// - A failed commit (full disk, permission denied, read-only file system, I/O error) returns
//   an error that says what happened, to which file and what to do, leaves durableTicket()
//   where it was, keeps every pending line in memory, and leaves the files as the last
//   durable commit left them (what it wrote meanwhile, a part-written line included, is cut
//   off again; complete durable lines are never touched). The next commit writes the pending
//   lines again, so writing resumes once the cause is gone, with nothing lost or doubled.
// - The writer writes the message numbers it is given (the sender's); it does not check them.
//   Gaps and duplicates are findings of the integrity report.
// - Lines still pending when the writer is destroyed are dropped: they were never durable, so
//   they were never acknowledged, and the source delivers them again.
// - Restart: open() continues the highest-numbered batch (by number, not by name) and fills
//   it up to batchFileCapacity lines. A torn last line is cut back to the last complete line;
//   the cut bytes are saved beside the file as `{file}.torn-{UTC time}` and described in
//   recovery().
// - The store must stay where it was opened: every commit checks, before it writes and again
//   before it counts anything durable, that the folder and its files are still what the
//   store's path leads to (device and inode). When the store was removed, renamed or replaced
//   the commit fails with StorageError::Kind::ConnectionLost ("removed or replaced"), and so
//   does every later one: the owner opens the store anew.
class BatchFileWriter
{
public:
    struct Options
    {
        int maxGroupMessages = 1000;
        std::chrono::milliseconds maxGroupDelay{200};
        // The clock for the time bound; the default is std::chrono::steady_clock::now.
        std::function<std::chrono::steady_clock::time_point()> clock;
    };

    // Creates the folder when missing, takes the lock and recovers the last batch.
    static Result<std::unique_ptr<BatchFileWriter>> open(const QString &directory, Options options);
    static Result<std::unique_ptr<BatchFileWriter>> open(const QString &directory);
    ~BatchFileWriter();
    BatchFileWriter(const BatchFileWriter &) = delete;
    BatchFileWriter &operator=(const BatchFileWriter &) = delete;

    // Takes one message (committing first when a commit is due) and returns its ticket.
    // Refuses a negative number or a timestamp that a line cannot hold.
    Result<BatchTicket> append(const BatchMessage &message);
    // Writes and syncs everything pending; returns the durable ticket.
    Result<BatchTicket> commit();
    // commit() when a commit is due, otherwise the durable ticket as it is.
    Result<BatchTicket> commitIfDue();

    bool commitDue() const;
    // How long until a commit is due: zero when it is, max() when nothing is pending.
    std::chrono::milliseconds timeUntilCommitDue() const;

    BatchTicket lastTicket() const { return m_lastTicket; }
    BatchTicket durableTicket() const { return m_durableTicket; }
    int pendingCount() const { return m_pendingCount; }

    // The batch the next line goes to, and the lines it holds (pending ones included).
    qint64 currentBatchId() const { return m_fillId; }
    int linesInCurrentBatch() const { return m_fillLines; }

    const BatchWriterRecovery &recovery() const { return m_recovery; }
    QString directory() const { return m_directory; }

    static QString lockFileName();

private:
    using Clock = std::chrono::steady_clock;

    // Lines for one file, from baseSize (its durable size) on.
    struct Segment
    {
        qint64 batchId = 0;
        qint64 baseSize = 0;
        QByteArray bytes;
        BatchTicket lastTicket = 0;
        qint64 attemptedEnd = -1; // the file's end after a failed attempt, -1 when none
        bool mayExist = false;    // a failed attempt may have created the file
    };

    BatchFileWriter(QString directory, Options options);
    Status lock();
    Status recover();
    // Unlinks the files of pending batches that hold no committed line (a failed commit made
    // them): for a store found removed or replaced, which is opened anew.
    void removeStartedFiles();
    void recoverPastDamaged(const BatchStoreScan &scan, qint64 lastId, const QString &name,
                            bool oversized, qint64 size);
    Status saveTornLine(const QByteArray &fileName, qint64 batchId, int readingFd, qint64 complete,
                        qint64 size);
    // The steps of commit().
    void rollBack(const std::vector<int> &fds, size_t written);
    Result<int> openSegmentFile(size_t i, std::vector<FileDescriptor> *opened,
                                const std::vector<int> &fds);
    Status writeSegment(size_t i, const std::vector<int> &fds);
    Status makeDurable(const std::vector<int> &fds);
    Result<BatchTicket> failCommit(StorageError error);
    // That the folder, the file being filled and the files of fds (one a segment) are still
    // where the store's path leads (same device and inode); ConnectionLost when not.
    Status checkInPlace(const std::vector<int> &fds) const;
    StorageError fileError(const QString &doing, qint64 batchId, int error) const;
    Clock::time_point now() const;

    QString m_directory;
    Options m_options;
    FileDescriptor m_dir;
    FileDescriptor m_lock;
    FileDescriptor m_openFile; // the file being filled, once it exists
    qint64 m_openId = 0;
    bool m_dirNeedsSync = false;

    qint64 m_fillId = 1;   // the batch the next line goes to
    int m_fillLines = 0;   // lines in it, pending ones included
    qint64 m_fillSize = 0; // its size once everything pending is written

    std::vector<Segment> m_segments;
    int m_pendingCount = 0;
    Clock::time_point m_oldestPending;
    BatchTicket m_lastTicket = 0;
    BatchTicket m_durableTicket = 0;
    BatchWriterRecovery m_recovery;
};

} // namespace porthole
