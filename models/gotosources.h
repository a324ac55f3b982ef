#pragma once

#include "connectionfactory.h"
#include "gotomodel.h"
#include "redisurl.h"
#include "workerthread.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

namespace porthole {

// A GoToSource whose lookups run on a thread of its own, one at a time: `find` runs there with
// the text, the limit and a test that says when the search has gone stale (a newer one was
// asked, or the source is going), and its answer comes back by a queued call to the thread the
// source was made on. A search that went stale before it started is dropped unanswered (the
// model no longer waits for it). `finish` runs on the thread when it ends: the place to close a
// connection that `find` opened there.
class ThreadedGoToSource : public GoToSource
{
public:
    using Stale = std::function<bool()>;
    using Find =
        std::function<Result<QList<GoToHit>>(const QString &text, int limit, const Stale &stale)>;

    ThreadedGoToSource(const QString &threadName, QList<GoToKind> kinds, Find find,
                       std::function<void()> finish = {});
    // Asks the lookup under way to give up, waits for it, and drops the rest.
    ~ThreadedGoToSource() override;

    QList<GoToKind> kinds() const override { return m_kinds; }
    void search(const QString &text, int limit, GoToReply reply) override;

private:
    QList<GoToKind> m_kinds;
    Find m_find;
    std::shared_ptr<std::atomic<quint64>> m_latest;
    QObject m_home; // answers are delivered through it: never once it is gone
    WorkerThread m_thread;
    QObject *m_worker = nullptr; // lives on m_thread, deleted when it ends
};

// The ports, components, checkpoint names and messages of the database, read with a connection
// of the source's own thread (GoToLookup). `kinds`: what it offers (those whose tables the
// database has).
std::unique_ptr<GoToSource> databaseGoToSource(ConnectionFactory connections,
                                               QList<GoToKind> kinds);
// The batch files of the store in `directory` by number.
std::unique_ptr<GoToSource> batchStoreGoToSource(QString directory);
// The keys of the Redis server at `url`, through a connection of the source's own thread.
std::unique_ptr<GoToSource> redisGoToSource(RedisUrl url);

} // namespace porthole
