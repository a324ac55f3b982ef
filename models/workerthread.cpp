#include "workerthread.h"

namespace porthole {

WorkerThread::~WorkerThread()
{
    stop();
}

void WorkerThread::start(const QString &name, QObject *worker)
{
    Q_ASSERT(worker && !worker->parent() && !m_thread.isRunning());
    m_thread.setObjectName(name);
    worker->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    m_thread.start();
}

void WorkerThread::stop()
{
    m_thread.requestInterruption();
    m_thread.quit();
    m_thread.wait();
}

} // namespace porthole
