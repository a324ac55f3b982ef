#include "portmessagelookup.h"

#include "errorgroupmodel.h"
#include "portmessagerepository.h"

#include <QLoggingCategory>
#include <QScopeGuard>

#include <optional>
#include <utility>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcLookup, "porthole.models.lookup", QtWarningMsg)

namespace porthole {

namespace {

const QString connectionPurpose = u"port-message-lookup"_s;

// Lives on the lookup's thread, and closes the connection there when the thread ends.
class LookupWorker : public QObject
{
public:
    explicit LookupWorker(ConnectionFactory factory)
        : m_factory(std::move(factory))
    {}
    ~LookupWorker() override { m_factory.close(connectionPurpose); }

    // Runs `read` with the thread's connection. A failed read closes it, so that the next
    // request connects again (the server may have gone and come back).
    template <typename Read>
    auto read(Read &&read) const
    {
        using Answer = decltype(read(std::declval<const QSqlDatabase &>()));
        std::optional<Answer> answer;
        {
            auto db = m_factory.open(connectionPurpose);
            answer.emplace(db ? read(*db) : Answer(db.error()));
        }
        if (!*answer)
            m_factory.close(connectionPurpose);
        return std::move(*answer);
    }

private:
    ConnectionFactory m_factory;
};

bool stopping()
{
    return QThread::currentThread()->isInterruptionRequested();
}

// On the thread it lives on at once, else by that thread's event loop.
void dispose(ErrorGroupModel *model)
{
    if (model->thread() == QThread::currentThread())
        delete model;
    else
        model->deleteLater();
}

// A group model on its way from the lookup's thread: deleted with the queued call that carries
// it, should that call never be delivered (the lookup went first).
struct GroupsHandover
{
    ErrorGroupModel *model = nullptr;
    ~GroupsHandover()
    {
        if (model)
            dispose(model);
    }
};

} // namespace

void PortMessageLookup::Deleter::operator()(ErrorGroupModel *model) const
{
    dispose(model);
}

PortMessageLookup::PortMessageLookup(ConnectionFactory factory, QObject *parent)
    : QObject(parent)
    , m_worker(new LookupWorker(std::move(factory)))
{
    m_thread.start(u"port-message-lookup"_s, m_worker);
}

PortMessageLookup::~PortMessageLookup()
{
    m_thread.stop();
}

void PortMessageLookup::requestPorts()
{
    const bool wasBusy = isBusy();
    const quint64 request = ++m_portsAsked;
    auto *worker = static_cast<LookupWorker *>(m_worker);
    QMetaObject::invokeMethod(
        worker,
        [this, worker, request] {
            if (stopping())
                return;
            const Result<QStringList> ports = worker->read(
                [](const QSqlDatabase &db) { return PortMessageRepository(db).ports(); });
            QMetaObject::invokeMethod(
                this,
                [this, request, ports] {
                    const bool busy = isBusy();
                    m_portsAnswered = request;
                    const auto report = qScopeGuard([this, busy] { answered(busy); });
                    if (request < m_portsAsked)
                        return; // a newer request is on its way
                    if (ports)
                        Q_EMIT portsRead(*ports);
                    else
                        Q_EMIT failed(ports.errorMessage());
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    answered(wasBusy);
}

void PortMessageLookup::requestCounts(const QString &port)
{
    const bool wasBusy = isBusy();
    const quint64 request = ++m_countsAsked;
    auto *worker = static_cast<LookupWorker *>(m_worker);
    QMetaObject::invokeMethod(
        worker,
        [this, worker, request, port] {
            if (stopping())
                return;
            const Result<PortMessageCounts> counts =
                worker->read([&port](const QSqlDatabase &db) -> Result<PortMessageCounts> {
                    const PortMessageRepository repository(db);
                    PortMessageCounts counts;
                    counts.port = port;
                    auto statuses = repository.statusCounts(
                        countUpTo, port.isEmpty() ? QStringList() : QStringList{port});
                    if (!statuses)
                        return statuses.error();
                    counts.statuses = *statuses;
                    auto ports = repository.portCounts(countUpTo);
                    if (!ports)
                        return ports.error();
                    counts.ports = *ports;
                    return counts;
                });
            QMetaObject::invokeMethod(
                this,
                [this, request, counts] {
                    const bool busy = isBusy();
                    m_countsAnswered = request;
                    const auto report = qScopeGuard([this, busy] { answered(busy); });
                    if (request < m_countsAsked)
                        return; // a newer request is on its way
                    if (counts)
                        Q_EMIT countsRead(*counts);
                    else
                        Q_EMIT failed(counts.errorMessage());
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    answered(wasBusy);
}

void PortMessageLookup::requestErrorGroups(int newest)
{
    const bool wasBusy = isBusy();
    const quint64 request = ++m_groupsAsked;
    auto *worker = static_cast<LookupWorker *>(m_worker);
    QThread *home = thread();
    const int limit = std::max(1, newest);
    QMetaObject::invokeMethod(
        worker,
        [this, worker, request, home, limit] {
            if (stopping())
                return;
            // One more than wanted, to learn whether older ones were left out.
            auto errors = worker->read([limit](const QSqlDatabase &db) {
                PortMessageFilter deadLetters;
                deadLetters.deadLettersOnly = true;
                return PortMessageRepository(db).errors(deadLetters, limit + 1);
            });
            if (!errors) {
                QMetaObject::invokeMethod(
                    this,
                    [this, request, message = errors.errorMessage()] {
                        adoptGroups(request, nullptr, -1, false);
                        if (request == m_groupsAsked)
                            Q_EMIT failed(message);
                    },
                    Qt::QueuedConnection);
                return;
            }
            const bool complete = errors->size() <= limit;
            QList<ErrorOccurrence> occurrences;
            occurrences.reserve(std::min<qsizetype>(errors->size(), limit));
            for (const PortMessageError &error : std::as_const(*errors)) {
                if (occurrences.size() == limit)
                    break;
                occurrences.append({error.message, error.createdAt});
            }
            if (stopping())
                return;
            auto handover = std::make_shared<GroupsHandover>();
            handover->model = new ErrorGroupModel;
            handover->model->setOccurrences(occurrences);
            handover->model->moveToThread(home);
            qCDebug(lcLookup) << "grouped" << occurrences.size() << "dead letters into"
                              << handover->model->rowCount() << "groups";
            QMetaObject::invokeMethod(
                this,
                [this, request, handover, grouped = occurrences.size(), complete] {
                    adoptGroups(request, std::exchange(handover->model, nullptr), grouped,
                                complete);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    answered(wasBusy);
}

void PortMessageLookup::adoptGroups(quint64 request, ErrorGroupModel *groups, qint64 grouped,
                                    bool complete)
{
    GroupsPointer incoming(groups);
    const bool busy = isBusy();
    m_groupsAnswered = request;
    const auto report = qScopeGuard([this, busy] { answered(busy); });
    if (request < m_groupsAsked || !incoming)
        return;
    // The old model goes only after the signal, by which time its views have let go of it.
    GroupsPointer old = std::exchange(m_groups, std::move(incoming));
    Q_EMIT errorGroupsRead(grouped, complete);
}

void PortMessageLookup::answered(bool wasBusy)
{
    if (isBusy() != wasBusy)
        Q_EMIT busyChanged(isBusy());
}

} // namespace porthole
