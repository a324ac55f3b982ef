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
    // While the writer goes on, a checkpoint rarely copies the whole log, and the log begins
    // anew only when one did: it grows, and what counts is what is not yet copied. A log
    // shorter than what the last checkpoint copied has begun anew.
    int copied = checkpointer->m_copied.load();
    if (pages < copied && checkpointer->m_copied.compare_exchange_strong(copied, 0))
        copied = 0;
    const int uncopied = pages - std::min(copied, pages);
    if (pages >= backstopFactor * checkpointer->m_pages) {
        // Fallen behind (a long reader, a slow disk): checkpoint here, as SQLite would.
        int frames = 0;
        if (sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, &frames) ==
            SQLITE_OK)
            checkpointer->m_copied = frames;
        ++checkpointer->m_backstops;
    } else if (uncopied >= checkpointer->m_pages) {
        {
            const std::lock_guard lock(checkpointer->m_mutex);
            checkpointer->m_wanted = true;
        }
        checkpointer->m_wake.notify_one();
    }
    return SQLITE_OK;
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
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_wake.wait(lock, [this] { return m_wanted || m_stop; });
            if (m_stop)
                break;
            m_wanted = false;
            lock.unlock();
            if (handle) {
                int frames = 0;
                const int result = sqlite3_wal_checkpoint_v2(
                    handle, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, &frames);
                if (result == SQLITE_OK) {
                    m_copied = frames;
                    ++m_checkpoints;
                } else if (result != SQLITE_BUSY) { // busy: the writer's own runs now
                    ++m_failures;
                    qCWarning(lcWalCheckpointer).noquote()
                        << "Checkpoint of" << m_url.toDisplayString()
                        << "failed:" << sqlite3_errmsg(handle);
                }
            }
            lock.lock();
        }
    }
    factory.close(purpose);
}

} // namespace porthole
