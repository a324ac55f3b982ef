#include "actionworker.h"

#include "replaypublisher.h"

#include <QLocale>
#include <QMetaObject>
#include <QSqlDatabase>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {
const QString purpose = u"actions"_s;
}

ActionWorker::ActionWorker(ConnectionFactory factory, QObject *parent)
    : QObject(parent)
    , m_factory(std::move(factory))
    , m_control(std::make_shared<ActionControl>())
    , m_thread(std::make_unique<JobThread>(u"porthole-actions"_s))
{
    qRegisterMetaType<porthole::ActionPlan>();
    qRegisterMetaType<porthole::ActionProgress>();
    qRegisterMetaType<porthole::ActionSummary>();
    qRegisterMetaType<porthole::PortMessage>();
    qRegisterMetaType<porthole::HardDeletePlan>();
}

ActionWorker::~ActionWorker()
{
    m_control->stop();
    for (auto &job : m_jobs)
        job.wait();
    m_thread->run([factory = m_factory] { factory.close(purpose); });
}

template <typename Job>
void ActionWorker::post(Job job)
{
    // Finished jobs are forgotten; the rest are waited for when the worker goes.
    std::erase_if(m_jobs, [](const std::future<void> &f) {
        return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    });
    m_jobs.push_back(m_thread->post(std::move(job)));
}

void ActionWorker::preview(const ActionSelection &selection, const ActionOptions &options)
{
    post([this, factory = m_factory, selection, options] {
        auto db = factory.open(purpose);
        Result<ActionPlan> plan =
            db ? planAction(*db, selection, options) : Result<ActionPlan>(db.error());
        QMetaObject::invokeMethod(this, [this, plan = std::move(plan)] {
            if (plan)
                emit planned(*plan);
            else
                emit failed(plan.errorMessage());
        });
    });
}

void ActionWorker::run(const ActionPlan &plan, const ActionRunOptions &options)
{
    if (m_running) {
        emit failed(tr("Another action is running: wait for it to finish, or cancel it."));
        return;
    }
    m_running = true;
    m_control = std::make_shared<ActionControl>();
    post([this, factory = m_factory, plan, options, control = m_control, redis = m_redis] {
        auto db = factory.open(purpose);
        Result<PreparedAction> prepared =
            db ? ActionOutbox(*db).prepare(plan, {}, options.ratePerSecond)
               : Result<PreparedAction>(db.error());
        QMetaObject::invokeMethod(this, [this, prepared] {
            if (!prepared) {
                emit failed(prepared.errorMessage());
                return;
            }
            QStringList leftOut;
            for (const auto &[id, why] : prepared->leftOut)
                leftOut << tr("%1: %2").arg(id, why);
            emit started(prepared->auditId, leftOut.join(u'\n'));
            if (prepared->rows == 0)
                emit failed(tr("Nothing was done: every row changed since the dry run or has "
                               "another action under way.\n%1")
                                .arg(leftOut.join(u'\n')));
        });
        if (prepared && prepared->rows > 0)
            runOnThread(prepared->auditId, options, *control, redis);
        finishedRunning(control);
    });
}

void ActionWorker::recover()
{
    if (m_running)
        return;
    m_running = true;
    m_control = std::make_shared<ActionControl>();
    post([this, factory = m_factory, control = m_control, redis = m_redis] {
        auto db = factory.open(purpose);
        Result<QList<ActionSummary>> open =
            db ? ActionOutbox(*db).openActions() : Result<QList<ActionSummary>>(db.error());
        if (!open) {
            QMetaObject::invokeMethod(this,
                                      [this, error = open.errorMessage()] { emit failed(error); });
        } else if (!open->isEmpty()) {
            const int count = int(open->size());
            QMetaObject::invokeMethod(this, [this, count] { emit recovered(count); });
            for (const ActionSummary &action : std::as_const(*open))
                runOnThread(action.auditId, {}, *control, redis);
        }
        finishedRunning(control);
    });
}

// On the worker's thread: the job that `control` belongs to is over.
void ActionWorker::finishedRunning(const std::shared_ptr<ActionControl> &control)
{
    QMetaObject::invokeMethod(this, [this, control] {
        if (m_control == control)
            m_running = false;
    });
}

// On the worker's thread.
void ActionWorker::runOnThread(qint64 auditId, const ActionRunOptions &options,
                               ActionControl &control, const std::optional<RedisUrl> &redis)
{
    ActionProgress last; // what the operator saw last, shown again while waiting
    const auto report = [this, &last](const ActionProgress &p) {
        last = p;
        QMetaObject::invokeMethod(this, [this, p] { emit progress(p); });
    };
    Result<ActionSummary> result = runOnConnection(auditId, options, control, redis, report);
    // A connection the server dropped (restarted, backend terminated) does not come back by
    // itself, and the runner's own retries use the one it was given: the action goes on with
    // a new connection (ConnectionFactory::open opens it again) after 250 ms, doubling up to
    // the run's limit, until it is done, cancelled or stopped. Its open rows wait in the
    // outbox meanwhile; a step whose commit was cut off is found done, or done again.
    std::chrono::milliseconds retryDelay{250};
    while (!result && connectionLost(result.error())) {
        const double seconds = double(retryDelay.count()) / 1000;
        report({last.summary,
                tr("%1 Trying again in %2 s.")
                    .arg(result.errorMessage())
                    .arg(seconds, 0, 'f', retryDelay.count() < 1000 ? 2 : 0),
                false});
        const bool going = control.waitFor(retryDelay);
        if (!going && control.isStopped())
            break; // its rows stay open; the action is finished at the next start
        retryDelay = std::min(retryDelay * 2, options.maxRetryDelay);
        result = runOnConnection(auditId, options, control, redis, report);
        if (!going)
            break; // cancelled: one try to close the action, not a loop
    }
    QMetaObject::invokeMethod(this, [this, result] {
        if (result)
            emit finished(*result);
        else
            emit failed(result.errorMessage());
    });
}

// On the worker's thread: whether `error` came from a connection that is gone, which trying
// again on it cannot mend.
bool ActionWorker::connectionLost(const StorageError &error) const
{
    return error.kind == StorageError::Kind::ConnectionLost;
}

// On the worker's thread: the action run on the thread's connection, opened again if lost.
Result<ActionSummary>
ActionWorker::runOnConnection(qint64 auditId, const ActionRunOptions &options,
                              ActionControl &control, const std::optional<RedisUrl> &redis,
                              const std::function<void(const ActionProgress &)> &report)
{
    auto db = m_factory.open(purpose);
    if (!db)
        return db.error();
    ActionOutbox outbox(*db);
    auto actionOptions = outbox.optionsOf(auditId);
    if (!actionOptions)
        return actionOptions.error();
    std::optional<ReplayPublisher> publisher;
    // The server it was prepared for; its password from the one open, if the same.
    if (auto url = replayTarget(*actionOptions, redis))
        publisher.emplace(*url);
    return runAction(outbox, auditId, publisher ? &*publisher : nullptr, options, control, report);
}

void ActionWorker::editPayload(const QString &id, qint64 expectedVersion,
                               const QByteArray &messageData)
{
    post([this, factory = m_factory, id, expectedVersion, messageData] {
        auto db = factory.open(purpose);
        Result<PortMessage> edited =
            db ? editPortMessagePayload(*db, id, expectedVersion, messageData)
               : Result<PortMessage>(db.error());
        PortMessage current;
        const bool conflict = !edited && edited.error().kind == StorageError::Kind::Conflict;
        if (conflict) {
            if (auto now = PortMessageRepository(*db).get(id))
                current = *now;
        }
        QMetaObject::invokeMethod(this, [this, edited, conflict, current] {
            if (edited)
                emit this->edited(*edited);
            else
                emit editFailed(edited.errorMessage(), conflict, current);
        });
    });
}

void ActionWorker::previewHardDelete(int days)
{
    post([this, factory = m_factory, days] {
        auto db = factory.open(purpose);
        Result<HardDeletePlan> plan =
            db ? porthole::previewHardDelete(*db, QDateTime::currentDateTimeUtc().addDays(-days))
               : Result<HardDeletePlan>(db.error());
        QMetaObject::invokeMethod(this, [this, plan] {
            if (plan)
                emit hardDeletePreviewed(*plan);
            else
                emit failed(plan.errorMessage());
        });
    });
}

void ActionWorker::applyHardDelete(const HardDeletePlan &plan)
{
    post([this, factory = m_factory, plan] {
        auto db = factory.open(purpose);
        Result<qint64> deleted =
            db ? porthole::applyHardDelete(*db, plan) : Result<qint64>(db.error());
        QMetaObject::invokeMethod(this, [this, deleted] {
            if (deleted)
                emit hardDeleted(*deleted);
            else
                emit failed(deleted.errorMessage());
        });
    });
}

void ActionWorker::pause()
{
    m_control->pause();
}

void ActionWorker::resume()
{
    m_control->resume();
}

void ActionWorker::cancel()
{
    m_control->resume();
    m_control->cancel();
}

} // namespace porthole
