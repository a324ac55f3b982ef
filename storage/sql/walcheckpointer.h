#pragma once

#include "databaseurl.h"
#include "storageerror.h"

#include <QSqlDatabase>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

struct sqlite3;

namespace porthole {

// Checkpoints a SQLite database's write-ahead log on a thread and connection of its own, so
// that the connection that writes does not stop for it. SQLite's automatic checkpoint runs
// inside the COMMIT that crosses its threshold: it copies the log's pages into the database
// file and syncs both, on the writer's thread, while the writer waits.
//
// attach() hooks the writer's commits in place of the automatic checkpoint: after a commit
// that leaves at least `pages` pages of the log not yet copied, the checkpointer runs a
// passive checkpoint (which blocks neither the writer nor readers, and copies what no reader
// still needs). A log that grows under a steady writer is thus checkpointed once every
// `pages` pages, not after every commit.
// Should it fall behind, to ten times `pages` (a long reader, a slow disk), the writer
// checkpoints in its commit as SQLite would have. Checkpoints do not change what is durable:
// with WAL a commit is durable when its log frames are synced.
//
// A log begins anew only when a writer finds it copied whole and no reader on it. Readers that
// overlap one another (a window's panes, counts and lookups under live traffic) can keep one on
// it at every moment: then the log grows without end, gigabytes an hour at a thousand messages
// a second, and every read slows with it. Past four times `pages`, the checkpointer truncates
// the log (a TRUNCATE checkpoint, each time it has grown `pages` more): it holds new writes
// back while the readers on the log finish, at most `restartWaitMs`, then copies what is left
// and empties the file. A reader that stays longer leaves it as it was, to the next try.
//
// Destroy it on the writer's thread, before the writer's connection closes; the writer's
// automatic checkpoint is then SQLite's again.
class WalCheckpointer
{
public:
    // `writer` is an open QSQLITE connection in WAL mode; `url` names the same database.
    static Result<std::unique_ptr<WalCheckpointer>>
    attach(const QSqlDatabase &writer, const DatabaseUrl &url, int pages = 1000);
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

    // Checkpoints run so far, and those that could not run (the last error is logged).
    qint64 checkpoints() const { return m_checkpoints.load(); }
    qint64 failures() const { return m_failures.load(); }
    // Checkpoints the writer ran in its commit because the checkpointer fell behind.
    qint64 backstops() const { return m_backstops.load(); }
    // Times the log was truncated, and tries a reader outstayed.
    qint64 truncations() const { return m_truncations.load(); }
    qint64 truncationsRefused() const { return m_truncationsRefused.load(); }

    // How long a truncation holds new writes back at most, waiting for readers.
    static constexpr int restartWaitMs = 100;

private:
    static constexpr int backstopFactor = 10;
    static constexpr int truncateFactor = 4;

    WalCheckpointer(sqlite3 *writer, DatabaseUrl url, int pages);
    static int onCommit(void *self, sqlite3 *db, const char *name, int pages);
    void run();
    // A passive checkpoint, and the truncation of a long log; on the checkpointer's thread.
    void checkpoint(sqlite3 *handle);

    sqlite3 *m_writer;
    DatabaseUrl m_url;
    int m_pages;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_wanted = false; // guarded by m_mutex
    bool m_stop = false;   // guarded by m_mutex
    std::atomic<qint64> m_checkpoints{0};
    std::atomic<qint64> m_failures{0};
    std::atomic<qint64> m_backstops{0};
    std::atomic<qint64> m_truncations{0};
    std::atomic<qint64> m_truncationsRefused{0};
    std::atomic<int> m_wokenAt{0}; // the log's length when the writer last woke the checkpointer
    std::atomic<int> m_copied{0};  // frames of the log the last checkpoint had copied
    std::thread m_thread;
};

} // namespace porthole
