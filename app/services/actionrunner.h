#pragma once

#include "actionoutbox.h"
#include "redisurl.h"
#include "storageerror.h"

#include <QMetaType>
#include <QString>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>

namespace porthole {

class ReplayPublisher;

// Pause, resume and cancel for an action that runs on another thread: set from any thread,
// obeyed between two steps (a step in hand is finished first).
class ActionControl
{
public:
    void pause();
    void resume();
    void cancel();
    // Leaves off after the step in hand, keeping the rest open for a later run (the window
    // closes; the action is finished at the next start).
    void stop();
    bool isPaused() const;
    bool isCancelled() const;
    bool isStopped() const;

    // Blocks while paused; false once cancelled or stopped.
    bool waitWhilePaused();
    // Waits `duration`, or less when cancelled or stopped; false then.
    bool waitFor(std::chrono::milliseconds duration);

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_paused = false;
    bool m_cancelled = false;
    bool m_stopped = false;
};

struct ActionRunOptions
{
    // Messages a second at most; 0: the rate the action was prepared with
    // (ActionOutbox::rateOf), as fast as the database and Redis go when it has none.
    double ratePerSecond = 0;
    // Rows per step (one transaction, one Redis round trip).
    int stepRows = 500;
    // An outage (Redis or the database unreachable, the database locked) is waited out,
    // trying again after 250 ms, doubling up to this.
    std::chrono::milliseconds maxRetryDelay{5000};
};

struct ActionProgress
{
    ActionSummary summary;
    // What the action waits for, for the operator ("Redis at ... cannot be reached: trying
    // again in 2 s"); empty while it goes on.
    QString waiting;
    bool paused = false;
};

// Carries out a prepared action (ActionOutbox::prepare) on the calling thread, step by step,
// until every row is done, the control cancels it (the open rows are then cancelled and the
// action closed) or stops it (the open rows stay). `progress` is called after every step and while
// waiting. Returns the final summary, or the error that waiting cannot mend; the open rows then
// stay for a later run.
Result<ActionSummary> runAction(ActionOutbox &outbox, qint64 auditId, ReplayPublisher *publisher,
                                const ActionRunOptions &options, ActionControl &control,
                                const std::function<void(const ActionProgress &)> &progress = {});

// The Redis server a replay to Redis was prepared for (none for any other action, or an
// address that no longer parses), with a password: that of `open` (the server the window or
// the command line is connected to) when it is the same server, else `otherPassword` when
// given. The outbox keeps the address without its password.
std::optional<RedisUrl> replayTarget(const ActionOptions &options,
                                     const std::optional<RedisUrl> &open,
                                     const std::optional<QString> &otherPassword = {});

} // namespace porthole

Q_DECLARE_METATYPE(porthole::ActionProgress)
