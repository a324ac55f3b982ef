#include "pagedtableloader.h"

#include <QLoggingCategory>
#include <QThread>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPagedLoader, "porthole.models.pagedloader", QtWarningMsg)

namespace porthole {

namespace {

const QString connectionPurpose = u"paged-table"_s;

// Worth trying again on a new connection: the server went away or someone held a lock.
bool transient(StorageError::Kind kind)
{
    return kind == StorageError::Kind::ConnectionLost || kind == StorageError::Kind::Locked;
}

} // namespace

PagedTableLoader::PagedTableLoader(ConnectionFactory factory, int firstRetryMs, int mostRetryMs)
    : m_factory(std::move(factory))
    , m_retryTimer(this)
    , m_firstRetryMs(std::max(1, firstRetryMs))
    , m_mostRetryMs(std::max(m_firstRetryMs, mostRetryMs))
    , m_nextRetryMs(m_firstRetryMs)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &PagedTableLoader::schedule);
}

PagedTableLoader::~PagedTableLoader()
{
    m_factory.close(connectionPurpose);
}

void PagedTableLoader::load(const PagedLoad &request)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (request.generation < m_generation)
        return;
    m_queue.append(request);
    schedule();
}

void PagedTableLoader::setGeneration(quint64 generation)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_generation = std::max(m_generation, generation);
    m_queue.removeIf([this](const PagedLoad &r) { return r.generation < m_generation; });
}

void PagedTableLoader::schedule()
{
    // One request per turn of the event loop, so that a new generation (which drops the
    // queued requests of the old one) gets in between.
    if (m_scheduled || m_retryTimer.isActive() || m_queue.isEmpty())
        return;
    m_scheduled = true;
    QMetaObject::invokeMethod(this, &PagedTableLoader::runNext, Qt::QueuedConnection);
}

void PagedTableLoader::runNext()
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_scheduled = false;
    if (m_queue.isEmpty() || QThread::currentThread()->isInterruptionRequested())
        return;
    PagedAnswer answer = run(m_queue.constFirst());
    if (!answer.ok && transient(answer.error.kind)) {
        // Keep the request at the head of the queue and reconnect later: reopening at once
        // would spin against a server that is down.
        m_factory.close(connectionPurpose);
        const int delay = m_nextRetryMs;
        m_nextRetryMs = std::min(m_mostRetryMs, m_nextRetryMs * 2);
        qCInfo(lcPagedLoader) << "retrying in" << delay << "ms:" << answer.error.message;
        m_retryTimer.start(delay);
        Q_EMIT retrying(answer.generation, answer.error.message, delay);
        return;
    }
    m_nextRetryMs = m_firstRetryMs;
    m_queue.removeFirst();
    Q_EMIT answered(answer);
    schedule();
}

PagedAnswer PagedTableLoader::run(const PagedLoad &request)
{
    PagedAnswer answer;
    answer.generation = request.generation;
    answer.ticket = request.ticket;
    const auto fail = [&answer](const StorageError &error) {
        answer.ok = false;
        answer.error = error;
    };
    auto db = m_factory.open(connectionPurpose);
    if (!db) {
        fail(db.error());
        return answer;
    }
    switch (request.kind) {
    case PagedLoad::Kind::Page: {
        auto rows = request.query->page(*db, request.from, request.key, request.limit);
        if (rows)
            answer.rows = std::move(rows).value();
        else
            fail(rows.error());
        break;
    }
    case PagedLoad::Kind::Range: {
        auto rows = request.query->range(*db, request.key, request.firstIncluded, request.last,
                                         request.limit);
        if (rows)
            answer.rows = std::move(rows).value();
        else
            fail(rows.error());
        break;
    }
    case PagedLoad::Kind::Count: {
        auto count = request.query->count(*db, request.exactUpTo);
        if (count)
            answer.count = *count;
        else
            fail(count.error());
        break;
    }
    }
    return answer;
}

} // namespace porthole
