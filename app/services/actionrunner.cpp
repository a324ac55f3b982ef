#include "actionrunner.h"

#include "replaypublisher.h"

#include <QElapsedTimer>
#include <QLoggingCategory>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcActions, "porthole.actions")

namespace porthole {

void ActionControl::pause()
{
    const std::lock_guard lock(m_mutex);
    m_paused = true;
    m_changed.notify_all();
}

void ActionControl::resume()
{
    const std::lock_guard lock(m_mutex);
    m_paused = false;
    m_changed.notify_all();
}

void ActionControl::cancel()
{
    const std::lock_guard lock(m_mutex);
    m_cancelled = true;
    m_changed.notify_all();
}

void ActionControl::stop()
{
    const std::lock_guard lock(m_mutex);
    m_stopped = true;
    m_changed.notify_all();
}

bool ActionControl::isStopped() const
{
    const std::lock_guard lock(m_mutex);
    return m_stopped;
}

bool ActionControl::isPaused() const
{
    const std::lock_guard lock(m_mutex);
    return m_paused;
}

bool ActionControl::isCancelled() const
{
    const std::lock_guard lock(m_mutex);
    return m_cancelled;
}

bool ActionControl::waitWhilePaused()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_paused || m_cancelled || m_stopped; });
    return !m_cancelled && !m_stopped;
}

bool ActionControl::waitFor(std::chrono::milliseconds duration)
{
    std::unique_lock lock(m_mutex);
    m_changed.wait_for(lock, duration, [this] { return m_cancelled || m_stopped; });
    return !m_cancelled && !m_stopped;
}

namespace {

bool worthWaiting(const StorageError &error)
{
    return error.kind == StorageError::Kind::ConnectionLost ||
           error.kind == StorageError::Kind::Locked;
}

} // namespace

Result<ActionSummary> runAction(ActionOutbox &outbox, qint64 auditId, ReplayPublisher *publisher,
                                const ActionRunOptions &options, ActionControl &control,
                                const std::function<void(const ActionProgress &)> &progress)
{
    const auto report = [&progress](const ActionProgress &p) {
        if (progress)
            progress(p);
    };
    auto summary = outbox.summary(auditId);
    if (!summary)
        return summary.error();
    // Without a rate of its own, the one the action was prepared with.
    double ratePerSecond = options.ratePerSecond;
    if (ratePerSecond <= 0) {
        auto kept = outbox.rateOf(auditId);
        if (!kept)
            return kept.error();
        ratePerSecond = *kept;
    }
    int stepRows = std::max(1, options.stepRows);
    if (ratePerSecond > 0)
        // About five steps a second, so that the pace is even.
        stepRows = std::clamp(int(std::ceil(ratePerSecond / 5)), 1, stepRows);
    const qint64 doneAtStart = summary->total - summary->open();
    QElapsedTimer clock;
    clock.start();
    qint64 pacedMs = 0; // time spent paused or waiting, left out of the pace
    std::chrono::milliseconds retryDelay{250};
    report({*summary, {}, false});

    while (!summary->finished()) {
        if (control.isPaused()) {
            report({*summary, {}, true});
            QElapsedTimer paused;
            paused.start();
            const bool going = control.waitWhilePaused();
            pacedMs += paused.elapsed();
            if (going)
                report({*summary, {}, false});
        }
        if (control.isStopped())
            return *summary;
        if (control.isCancelled()) {
            qCInfo(lcActions) << "action" << auditId << "cancelled";
            return outbox.cancel(auditId);
        }
        auto step = outbox.runChunk(auditId, stepRows, publisher);
        if (!step) {
            // A lost database connection is not worth waiting for: the caller opens another.
            if (!worthWaiting(step.error()) || !outbox.isConnected())
                return step.error();
            const QString waiting = u"%1 Trying again in %2 s."_s.arg(step.errorMessage())
                                        .arg(double(retryDelay.count()) / 1000, 0, 'f',
                                             retryDelay.count() < 1000 ? 2 : 0);
            qCWarning(lcActions) << "action" << auditId << "waits:" << step.errorMessage();
            report({*summary, waiting, false});
            QElapsedTimer waited;
            waited.start();
            control.waitFor(retryDelay);
            pacedMs += waited.elapsed();
            retryDelay = std::min(retryDelay * 2, options.maxRetryDelay);
            continue;
        }
        retryDelay = std::chrono::milliseconds{250};
        summary = step->summary;
        report({*summary, {}, false});
        if (ratePerSecond > 0 && !summary->finished()) {
            // The rows done by every runner of the action, this one's and any other's: two
            // runners at once keep the action at its rate, not at twice it.
            const auto whole = outbox.summary(auditId);
            const ActionSummary &paced = whole ? *whole : *summary;
            const qint64 done = paced.total - paced.open() - doneAtStart;
            const qint64 dueMs = qint64(1000.0 * double(done) / ratePerSecond);
            const qint64 aheadMs = dueMs - (clock.elapsed() - pacedMs);
            if (aheadMs > 0)
                control.waitFor(std::chrono::milliseconds(aheadMs));
        }
    }
    return *summary;
}

std::optional<RedisUrl> replayTarget(const ActionOptions &options,
                                     const std::optional<RedisUrl> &open,
                                     const std::optional<QString> &otherPassword)
{
    if (options.kind != ActionKind::Replay || options.target != ReplayTarget::Redis)
        return std::nullopt;
    auto url = RedisUrl::parse(options.redisUrl);
    if (!url)
        return std::nullopt;
    if (open && open->toDisplayString() == url->toDisplayString())
        return open;
    if (otherPassword)
        return url->withPassword(*otherPassword);
    return *url;
}

} // namespace porthole
