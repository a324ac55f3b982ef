#include "backlogrecording.h"

using namespace Qt::StringLiterals;

namespace porthole {

BacklogRecording::BacklogRecording(const ConnectionFactory &connections,
                                   const std::optional<RedisUrl> &redis,
                                   std::chrono::seconds interval, QObject *parent)
    : QObject(parent)
    , m_recorder(new BacklogRecorder(ConnectionFactory(connections.url(), connections.settings()),
                                     {.interval = interval, .redis = redis, .redisTimeouts = {}}))
{
    connect(m_recorder, &BacklogRecorder::failed, this, &BacklogRecording::failed);
    m_thread.start(u"backlog history"_s, m_recorder);
    post([](BacklogRecorder *recorder) { recorder->start(); });
}

BacklogRecording::~BacklogRecording()
{
    m_thread.stop();
}

void BacklogRecording::post(std::function<void(BacklogRecorder *)> job)
{
    QMetaObject::invokeMethod(
        m_recorder, [recorder = m_recorder, job = std::move(job)] { job(recorder); },
        Qt::QueuedConnection);
}

void BacklogRecording::setIngestStats(const IngestStats &stats)
{
    post([stats](BacklogRecorder *recorder) { recorder->setStats(stats); });
}

void BacklogRecording::setInterval(std::chrono::seconds interval)
{
    post([interval](BacklogRecorder *recorder) { recorder->setInterval(interval); });
}

} // namespace porthole
