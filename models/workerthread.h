#pragma once

#include <QString>
#include <QThread>

class QObject;

namespace porthole {

// The thread a model or loader runs its worker QObject on, held by the owner as a member. The
// GUI thread owns the owner; the worker lives on this thread from start() on, answers by queued
// signals, and is deleted on this thread when it ends.
//
// stop() (the destructor too, if the owner did not) asks the job under way to give up
// (QThread::isInterruptionRequested(), which workers check between steps), lets it finish,
// and drops what is queued behind it: no worker outlives its owner. For jobs posted as
// callables, and run in order to their end, see JobThread.
class WorkerThread
{
public:
    WorkerThread() = default;
    ~WorkerThread();
    WorkerThread(const WorkerThread &) = delete;
    WorkerThread &operator=(const WorkerThread &) = delete;

    // Names the thread, moves `worker` (which has no parent) to it and starts it; the thread
    // deletes the worker when it ends. Once only.
    void start(const QString &name, QObject *worker);
    // requestInterruption(), quit(), wait(): returns when the thread has ended.
    void stop();

private:
    QThread m_thread;
};

} // namespace porthole
