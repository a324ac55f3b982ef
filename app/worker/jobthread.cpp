#include "jobthread.h"

namespace porthole {

JobThread::JobThread(const QString &name)
    : m_context(new QObject)
{
    m_thread.setObjectName(name);
    m_context->moveToThread(&m_thread);
    m_thread.start();
}

JobThread::~JobThread()
{
    m_thread.quit();
    m_thread.wait();
    delete m_context; // its thread has ended: no event for it can run any more
}

void JobThread::enqueue(std::function<void()> job)
{
    QMetaObject::invokeMethod(m_context, std::move(job), Qt::QueuedConnection);
}

} // namespace porthole
