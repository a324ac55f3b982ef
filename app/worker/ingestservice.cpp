#include "ingestservice.h"

#include <QThread>

using namespace Qt::StringLiterals;

namespace porthole {

IngestService::IngestService(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<porthole::IngestStats>();
}

IngestService::~IngestService()
{
    shutdown();
}

void IngestService::start(const IngestConfig &config)
{
    if (m_worker)
        return;
    m_thread = new QThread(this);
    m_thread->setObjectName(u"ingest"_s);
    m_worker = new IngestWorker(config);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // QThread::quit() may be called from any thread: the worker's thread ends itself.
    connect(m_worker, &IngestWorker::finished, m_thread, &QThread::quit, Qt::DirectConnection);
    connect(m_worker, &IngestWorker::statsChanged, this, &IngestService::statsChanged);
    connect(m_thread, &QThread::finished, this, &IngestService::workerFinished);
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, &IngestWorker::start);
}

void IngestService::pause()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &IngestWorker::pause);
}

void IngestService::resume()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &IngestWorker::resume);
}

void IngestService::stop()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &IngestWorker::stop);
}

void IngestService::shutdown()
{
    if (!m_thread)
        return;
    stop();
    m_thread->wait();
    workerFinished();
}

void IngestService::workerFinished()
{
    if (!m_thread || !m_thread->isFinished())
        return;
    delete m_thread; // the worker went with the thread's last deferred deletions
    m_thread = nullptr;
    m_worker = nullptr;
}

} // namespace porthole
