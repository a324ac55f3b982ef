#pragma once

#include "connectionfactory.h"
#include "workerthread.h"

#include <QObject>
#include <QString>

#include <memory>

namespace porthole {

class CountInterrupt;
class PagedQuery;

// Counts a paged listing's rows exactly, however many, for when its bounded count stopped at
// the limit ("more than 100,000 rows"): on a thread of its own with a connection of its own,
// so that neither the GUI thread nor the listing's pages (PagedTableLoader) wait for it.
//
// One count at a time. count() raises the interrupt of the count under way (CountInterrupt:
// its statement stops within milliseconds, on SQLite and on PostgreSQL) before it asks for the
// next; cancel() only raises it. Only the latest request is answered, by counted() or failed(),
// with the generation the caller gave it, so that a caller that moved on drops it too. The
// connection has a statement timeout of ten minutes at least: a count is never cut short for
// being long, only for being no longer wanted.
class ExactCounter : public QObject
{
    Q_OBJECT

public:
    explicit ExactCounter(const ConnectionFactory &factory, QObject *parent = nullptr);
    // Stops the count under way and waits for its thread.
    ~ExactCounter() override;

    void count(quint64 generation, std::shared_ptr<const PagedQuery> query);
    void cancel();
    // A request not yet answered.
    bool isCounting() const { return m_interrupt != nullptr; }
    // Counts stopped under way or before they started, for tests and diagnostics.
    quint64 interrupted() const { return m_interrupted; }

Q_SIGNALS:
    void counted(quint64 generation, qint64 rows);
    // No figure: the count failed (`message` says why) or the listing cannot be counted
    // exactly (an empty message).
    void failed(quint64 generation, const QString &message);

private:
    void answered(quint64 ticket, quint64 generation, const Result<std::optional<qint64>> &rows);

    WorkerThread m_thread;
    QObject *m_worker = nullptr;                 // lives on m_thread, deleted when it finishes
    quint64 m_ticket = 0;                        // the latest request
    std::shared_ptr<CountInterrupt> m_interrupt; // the latest request's, until answered
    quint64 m_interrupted = 0;
};

} // namespace porthole
