#include "redisbrowser.h"

#include <QThread>

#include <utility>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// Lives on the browser's thread with the connection, which is used there only.
class BrowserWorker : public QObject
{
public:
    explicit BrowserWorker(RedisUrl url)
        : m_url(std::move(url))
    {}

    // The connection, made now if there is none (the first read, or the last one failed).
    Status connected()
    {
        if (m_client.isConnected())
            return success();
        return m_client.connect(m_url);
    }
    RedisClient &client() { return m_client; }

private:
    RedisUrl m_url;
    RedisClient m_client;
};

} // namespace

RedisBrowser::RedisBrowser(RedisUrl url, QObject *parent)
    : QObject(parent)
    , m_worker(new BrowserWorker(std::move(url)))
{
    m_thread.start(u"redis-browser"_s, m_worker);
}

RedisBrowser::~RedisBrowser()
{
    m_thread.stop();
}

void RedisBrowser::post(Job job)
{
    const bool wasBusy = pending() > 0;
    ++m_asked;
    auto *worker = static_cast<BrowserWorker *>(m_worker);
    QMetaObject::invokeMethod(
        worker,
        [worker, job = std::move(job)] {
            if (QThread::currentThread()->isInterruptionRequested())
                return;
            const Status connection = worker->connected();
            if (connection)
                job(&worker->client(), nullptr);
            else
                job(nullptr, &connection.error());
        },
        Qt::QueuedConnection);
    if (!wasBusy)
        Q_EMIT busyChanged(true);
}

void RedisBrowser::answered(const QPointer<QObject> &receiver, std::function<void()> deliver)
{
    QMetaObject::invokeMethod(
        this,
        [this, receiver, deliver = std::move(deliver)] {
            ++m_answered;
            if (receiver)
                deliver();
            if (pending() == 0)
                Q_EMIT busyChanged(false);
        },
        Qt::QueuedConnection);
}

} // namespace porthole
