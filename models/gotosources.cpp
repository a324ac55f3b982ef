#include "gotosources.h"

#include "journeyreceipts.h"
#include "redisclient.h"

#include <QThread>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// Lives on the source's thread; runs `finish` there when the thread ends.
class FinishingWorker : public QObject
{
public:
    explicit FinishingWorker(std::function<void()> finish)
        : m_finish(std::move(finish))
    {}
    ~FinishingWorker() override
    {
        if (m_finish)
            m_finish();
    }

private:
    std::function<void()> m_finish;
};

const QString lookupPurpose = u"go-to-lookup"_s;

} // namespace

ThreadedGoToSource::ThreadedGoToSource(const QString &threadName, QList<GoToKind> kinds, Find find,
                                       std::function<void()> finish)
    : m_kinds(std::move(kinds))
    , m_find(std::move(find))
    , m_latest(std::make_shared<std::atomic<quint64>>(0))
    , m_worker(new FinishingWorker(std::move(finish)))
{
    m_thread.start(threadName, m_worker);
}

ThreadedGoToSource::~ThreadedGoToSource()
{
    ++*m_latest; // the lookup under way is stale now
    m_thread.stop();
}

void ThreadedGoToSource::search(const QString &text, int limit, GoToReply reply)
{
    const quint64 request = ++*m_latest;
    QMetaObject::invokeMethod(
        m_worker,
        [find = m_find, latest = m_latest, request, text, limit, home = &m_home,
         reply = std::move(reply)] {
            const Stale stale = [latest, request] {
                return latest->load() != request ||
                       QThread::currentThread()->isInterruptionRequested();
            };
            if (stale())
                return;
            const Result<QList<GoToHit>> found = find(text, limit, stale);
            QMetaObject::invokeMethod(
                home, [reply, found] { reply(found); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

std::unique_ptr<GoToSource> databaseGoToSource(ConnectionFactory connections, QList<GoToKind> kinds)
{
    auto find = [connections,
                 kinds](const QString &text, int limit,
                        const ThreadedGoToSource::Stale &stale) -> Result<QList<GoToHit>> {
        auto db = connections.open(lookupPurpose);
        if (!db)
            return db.error();
        const GoToLookup lookup(*db);
        QList<GoToHit> found;
        for (const GoToKind kind : kinds) {
            if (stale())
                break;
            auto more = lookup.find(kind, text, limit);
            if (!more) {
                // The next search connects again (the server may have gone and come back).
                connections.close(lookupPurpose);
                return more.error();
            }
            found += *more;
        }
        return found;
    };
    return std::make_unique<ThreadedGoToSource>(
        u"go-to-database"_s, std::move(kinds), std::move(find),
        [connections] { connections.close(lookupPurpose); });
}

std::unique_ptr<GoToSource> batchStoreGoToSource(QString directory)
{
    auto find = [directory](const QString &text, int limit, const ThreadedGoToSource::Stale &) {
        return findBatchFiles(directory, text, limit);
    };
    return std::make_unique<ThreadedGoToSource>(u"go-to-batches"_s, QList{GoToKind::Batch},
                                                std::move(find));
}

std::unique_ptr<GoToSource> redisGoToSource(RedisUrl url)
{
    // Made, used and deleted on the source's thread only.
    auto client = std::make_shared<std::unique_ptr<RedisClient>>();
    auto find = [url, client](const QString &text, int limit,
                              const ThreadedGoToSource::Stale &stale) -> Result<QList<GoToHit>> {
        if (!*client || !(*client)->isConnected()) {
            auto made = std::make_unique<RedisClient>();
            if (Status connected = made->connect(url); !connected)
                return connected.error();
            *client = std::move(made);
        }
        // Between pages of the scan, a newer search stops this one. An entry id names no
        // key: the streams that hold the entry are what it finds.
        if (isStreamEntryId(text.trimmed()))
            return findStreamEntries(**client, text, limit, 50, stale);
        return findRedisKeys(**client, text, limit, 50, stale);
    };
    return std::make_unique<ThreadedGoToSource>(u"go-to-redis"_s,
                                                QList{GoToKind::RedisKey, GoToKind::Journey},
                                                std::move(find), [client] { client->reset(); });
}

} // namespace porthole
