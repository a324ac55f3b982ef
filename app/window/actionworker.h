#pragma once

#include "actionrunner.h"
#include "connectionfactory.h"
#include "jobthread.h"
#include "portmessageedits.h"
#include "redisurl.h"

#include <QObject>

#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <vector>

namespace porthole {

// Runs the window's actions on port messages in the background: dry runs, running an action with
// progress, pause, resume and cancel, editing one payload, and finishing what a crash left undone.
// All database and Redis work runs on a thread and connections of the worker's own; results come
// back as signals on the GUI thread. One action runs at a time.
class ActionWorker : public QObject
{
    Q_OBJECT

public:
    explicit ActionWorker(ConnectionFactory factory, QObject *parent = nullptr);
    // Cancels nothing: a running action is paused where it is (its rows stay in the outbox)
    // and finished at the next start.
    ~ActionWorker() override;

    // The Redis server replays to Redis go to, with its password (never shown or kept).
    void setRedis(std::optional<RedisUrl> redis) { m_redis = std::move(redis); }
    std::optional<RedisUrl> redis() const { return m_redis; }

    bool isRunning() const { return m_running; }

    // A dry run: planned() or failed().
    void preview(const ActionSelection &selection, const ActionOptions &options);
    // Prepares the plan and runs it: started(), progress() ..., finished() or failed().
    void run(const ActionPlan &plan, const ActionRunOptions &options = {});
    // Finishes the actions a crash or a closed window left open: recovered(n) when there were
    // some, then progress and finished() for each.
    void recover();
    // edited() or editFailed().
    void editPayload(const QString &id, qint64 expectedVersion, const QByteArray &messageData);
    // The purged rows older than `days`: hardDeletePreviewed() or failed().
    void previewHardDelete(int days);
    // Deletes exactly the previewed rows still purged: hardDeleted() or failed().
    void applyHardDelete(const porthole::HardDeletePlan &plan);

    void pause();
    void resume();
    void cancel();

Q_SIGNALS:
    void planned(const porthole::ActionPlan &plan);
    void started(qint64 auditId, const QString &leftOut);
    void progress(const porthole::ActionProgress &progress);
    void finished(const porthole::ActionSummary &summary);
    void recovered(int actions);
    void failed(const QString &message);
    void edited(const porthole::PortMessage &message);
    // A conflict carries the row as it is now (empty id when it could not be read).
    void editFailed(const QString &message, bool conflict, const porthole::PortMessage &current);
    void hardDeletePreviewed(const porthole::HardDeletePlan &plan);
    void hardDeleted(qint64 rows);

private:
    template <typename Job>
    void post(Job job);
    // On the worker's thread; `redis` is the server as the GUI thread knew it when posting.
    // A run that loses its database connection goes on with a new one.
    void runOnThread(qint64 auditId, const ActionRunOptions &options, ActionControl &control,
                     const std::optional<RedisUrl> &redis);
    Result<ActionSummary>
    runOnConnection(qint64 auditId, const ActionRunOptions &options, ActionControl &control,
                    const std::optional<RedisUrl> &redis,
                    const std::function<void(const ActionProgress &)> &report);
    bool connectionLost(const StorageError &error) const;
    void finishedRunning(const std::shared_ptr<ActionControl> &control);

    ConnectionFactory m_factory;
    std::optional<RedisUrl> m_redis;
    std::shared_ptr<ActionControl> m_control;
    bool m_running = false;
    std::unique_ptr<JobThread> m_thread;
    std::vector<std::future<void>> m_jobs;
};

} // namespace porthole
