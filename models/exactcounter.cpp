#include "exactcounter.h"

#include "exactcount.h"
#include "pagedtableloader.h"

#include <QLoggingCategory>
#include <QThread>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcExactCounter, "porthole.models.exactcounter", QtWarningMsg)

namespace porthole {

namespace {

const QString connectionPurpose = u"exact-count"_s;
constexpr int leastStatementTimeoutMs = 10 * 60 * 1000;

ConnectionFactory withLongStatements(const ConnectionFactory &factory)
{
    ConnectionSettings settings = factory.settings();
    settings.statementTimeoutMs = std::max(settings.statementTimeoutMs, leastStatementTimeoutMs);
    return ConnectionFactory(factory.url(), settings);
}

// Lives on the counter's thread, and closes the connection there when the thread ends.
class CountWorker : public QObject
{
public:
    explicit CountWorker(ConnectionFactory factory)
        : m_factory(std::move(factory))
    {}
    ~CountWorker() override { m_factory.close(connectionPurpose); }

    Result<std::optional<qint64>> count(const PagedQuery &query, CountInterrupt &interrupt) const
    {
        std::optional<Result<std::optional<qint64>>> rows;
        {
            auto db = m_factory.open(connectionPurpose);
            if (!db)
                rows.emplace(db.error());
            else
                rows.emplace(query.exactCount(*db, interrupt));
        }
        // Reconnects for the next count: the server may have gone and come back.
        if (!*rows)
            m_factory.close(connectionPurpose);
        return std::move(*rows);
    }

private:
    ConnectionFactory m_factory;
};

} // namespace

ExactCounter::ExactCounter(const ConnectionFactory &factory, QObject *parent)
    : QObject(parent)
    , m_worker(new CountWorker(withLongStatements(factory)))
{
    m_thread.start(u"exact-counter"_s, m_worker);
}

ExactCounter::~ExactCounter()
{
    cancel();
    m_thread.stop();
}

void ExactCounter::cancel()
{
    if (!m_interrupt)
        return;
    m_interrupt->raise();
    m_interrupt.reset();
    ++m_interrupted;
}

void ExactCounter::count(quint64 generation, std::shared_ptr<const PagedQuery> query)
{
    Q_ASSERT(QThread::currentThread() == thread());
    cancel();
    const quint64 ticket = ++m_ticket;
    m_interrupt = std::make_shared<CountInterrupt>();
    auto *worker = static_cast<CountWorker *>(m_worker);
    QMetaObject::invokeMethod(
        worker,
        [this, worker, ticket, generation, query = std::move(query), interrupt = m_interrupt] {
            if (QThread::currentThread()->isInterruptionRequested() || interrupt->isRaised())
                return;
            const Result<std::optional<qint64>> rows = worker->count(*query, *interrupt);
            QMetaObject::invokeMethod(
                this, [this, ticket, generation, rows] { answered(ticket, generation, rows); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void ExactCounter::answered(quint64 ticket, quint64 generation,
                            const Result<std::optional<qint64>> &rows)
{
    if (ticket != m_ticket || !m_interrupt)
        return; // a newer count is on its way, or this one was cancelled
    m_interrupt.reset();
    if (!rows) {
        qCInfo(lcExactCounter) << "exact count failed:" << rows.errorMessage();
        Q_EMIT failed(generation, rows.errorMessage());
        return;
    }
    if (*rows)
        Q_EMIT counted(generation, **rows);
    else
        Q_EMIT failed(generation, QString()); // the listing does not count exactly
}

} // namespace porthole
