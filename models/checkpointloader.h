#pragma once

#include "checkpointrepository.h"
#include "connectionfactory.h"
#include "storageerror.h"
#include "workerthread.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

namespace porthole {

// What a checkpoint model asks for.
struct CheckpointRequest
{
    enum class Kind
    {
        Names,    // the names with their latest version, filtered by `contains`
        Versions, // the versions of `name`, without their data
        Document  // version `version` of `name`, with its data
    };
    Kind kind = Kind::Names;
    quint64 ticket = 0; // the loader's number for it, returned in the answer
    QString name;
    qint64 version = 0;
    QString contains;
};

struct CheckpointAnswer
{
    CheckpointRequest request;
    bool ok = true;
    StorageError error;             // when not ok
    QList<CheckpointSummary> names; // Names
    QList<Checkpoint> versions;     // Versions
    Checkpoint checkpoint;          // Document
};

class CheckpointReader;

// Reads checkpoints on a thread of its own, with a database connection of its own (named for
// that thread), one request at a time in the order asked, and answers each with answered().
// The GUI thread only queues requests: it never waits for the database. A connection that was
// lost is closed, so that the next request opens a new one.
class CheckpointLoader : public QObject
{
    Q_OBJECT

public:
    explicit CheckpointLoader(ConnectionFactory factory, QObject *parent = nullptr);
    // A query under way finishes first (bounded by the statement timeout); nothing queued
    // behind it runs.
    ~CheckpointLoader() override;

    // Each returns the request's ticket.
    quint64 readNames(const QString &contains = {});
    quint64 readVersions(const QString &name);
    quint64 readCheckpoint(const QString &name, qint64 version);

    // Requests sent and not yet answered.
    int pending() const { return m_pending; }

Q_SIGNALS:
    void answered(const porthole::CheckpointAnswer &answer);

private:
    quint64 send(CheckpointRequest request);
    void onAnswer(const porthole::CheckpointAnswer &answer);

    WorkerThread m_thread;
    CheckpointReader *m_reader = nullptr; // lives on m_thread, deleted when it finishes
    quint64 m_nextTicket = 0;
    int m_pending = 0;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::CheckpointRequest)
Q_DECLARE_METATYPE(porthole::CheckpointAnswer)
