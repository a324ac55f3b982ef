#include "walcheckpointer.h"

#include "connectionfactory.h"
#include "sqlitestatement.h"

#include <QLoggingCategory>

#include <algorithm>
#include <sqlite3.h>

#ifndef SQLITE_DEFAULT_WAL_AUTOCHECKPOINT
#define SQLITE_DEFAULT_WAL_AUTOCHECKPOINT 1000
#endif

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcWalCheckpointer, "porthole.storage.checkpoint", QtWarningMsg)

namespace porthole {

Result<std::unique_ptr<WalCheckpointer>> WalCheckpointer::attach(const QSqlDatabase &writer,
                                                                 const DatabaseUrl &url, int pages)
{
    sqlite3 *handle = SqliteStatement::handleOf(writer);
    if (handle == nullptr || !url.isSqlite() || pages < 1)
        return StorageError::invalidArgument(
            u"A log checkpointer needs an open SQLite connection and a positive page count."_s);
    std::unique_ptr<WalCheckpointer> checkpointer(new WalCheckpointer(handle, url, pages));
    // Replaces SQLite's automatic checkpoint, which is itself a log hook.
    sqlite3_wal_hook(handle, &WalCheckpointer::onCommit, checkpointer.get());
    return checkpointer;
}

WalCheckpointer::WalCheckpointer(sqlite3 *writer, DatabaseUrl url, int pages)
    : m_writer(writer)
    , m_url(std::move(url))
    , m_pages(pages)
    , m_thread([this] { run(); })
{}

WalCheckpointer::~WalCheckpointer()
{
    sqlite3_wal_autocheckpoint(m_writer, SQLITE_DEFAULT_WAL_AUTOCHECKPOINT); // SQLite's own again
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

// Runs on the writer's thread, after each commit, with the log's length in pages.
int WalCheckpointer::onCommit(void *self, sqlite3 *db, const char *name, int pages)
{
    auto *checkpointer = static_cast<WalCheckpointer *>(self);
    const int due = checkpointer->m_pages;
    // While the writer goes on, a checkpoint rarely copies the whole log, and the log begins
    // anew only when one did: it grows, and what counts is what is not yet copied. A log
    // shorter than what the last checkpoint copied has begun anew.
    int copied = checkpointer->m_copied.load();
    if (pages < copied && checkpointer->m_copied.compare_exchange_strong(copied, 0))
        copied = 0;
    const int uncopied = pages - std::min(copied, pages);
    if (pages >= backstopFactor * due) {
        // Fallen behind (a long reader, a slow disk): checkpoint here, as SQLite would.
        int frames = 0;
        if (sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, &frames) ==
            SQLITE_OK)
            checkpointer->m_copied = frames;
        ++checkpointer->m_backstops;
    }
    // A long log is due for truncation each `due` pages it grows, copied or not.
    int wokenAt = checkpointer->m_wokenAt.load();
    if (pages < wokenAt)
        wokenAt = 0;
    const bool truncationDue = pages >= truncateFactor * due && pages - wokenAt >= due;
    if ((pages < backstopFactor * due && uncopied >= due) || truncationDue) {
        checkpointer->m_wokenAt = pages;
        {
            const std::lock_guard lock(checkpointer->m_mutex);
            checkpointer->m_wanted = true;
        }
        checkpointer->m_wake.notify_one();
    }
    return SQLITE_OK;
}

void WalCheckpointer::checkpoint(sqlite3 *handle)
{
    int log = 0;
    int frames = 0;
    const int result =
        sqlite3_wal_checkpoint_v2(handle, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &frames);
    if (result == SQLITE_BUSY) // the writer's own runs now
        return;
    if (result != SQLITE_OK) {
        ++m_failures;
        qCWarning(lcWalCheckpointer).noquote()
            << "Checkpoint of" << m_url.toDisplayString() << "failed:" << sqlite3_errmsg(handle);
        return;
    }
    m_copied = frames;
    ++m_checkpoints;
    if (log < truncateFactor * m_pages)
        return;
    // Waits for the readers on the log (the busy timeout, restartWaitMs), new writes held back.
    const int truncated =
        sqlite3_wal_checkpoint_v2(handle, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    if (truncated == SQLITE_OK) {
        m_copied = 0;
        ++m_truncations;
    } else if (truncated == SQLITE_BUSY) {
        ++m_truncationsRefused;
    } else {
        ++m_failures;
        qCWarning(lcWalCheckpointer).noquote() << "Truncating the log of" << m_url.toDisplayString()
                                               << "failed:" << sqlite3_errmsg(handle);
    }
}

void WalCheckpointer::run()
{
    const QString purpose = u"wal-checkpoint"_s;
    const ConnectionFactory factory(m_url);
    {
        const auto db = factory.open(purpose);
        if (!db)
            qCWarning(lcWalCheckpointer).noquote()
                << "No checkpoints on their own thread:" << db.errorMessage();
        sqlite3 *handle = db ? SqliteStatement::handleOf(*db) : nullptr;
        if (handle) // a passive checkpoint never waits; a truncation waits this long
            sqlite3_busy_timeout(handle, restartWaitMs);
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_wake.wait(lock, [this] { return m_wanted || m_stop; });
            if (m_stop)
                break;
            m_wanted = false;
            lock.unlock();
            if (handle)
                checkpoint(handle);
            lock.lock();
        }
    }
    factory.close(purpose);
}

} // namespace porthole
