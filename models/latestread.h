#pragma once

#include "connectionfactory.h"
#include "storageerror.h"
#include "workerthread.h"

#include <QObject>
#include <QVariant>

#include <atomic>
#include <functional>
#include <memory>

class QSqlDatabase;

namespace porthole {

class LatestReader;

// Reads on a thread and a connection of its own (opened for `purpose`), one read at a time.
// Only the answer to the latest request is given: a request asked while one runs replaces any
// other waiting. A read that fails closes the connection, so that the next opens a new one
// rather than use one that may be gone.
class LatestRead : public QObject
{
    Q_OBJECT

public:
    // What a read does with the thread's connection: its answer, or why there is none. It runs
    // on the reading thread: it captures values, never a model or a widget.
    using Read = std::function<Result<QVariant>(const QSqlDatabase &db)>;

    LatestRead(ConnectionFactory factory, const QString &purpose, QObject *parent = nullptr);
    ~LatestRead() override;

    void read(Read read);

Q_SIGNALS:
    void done(const QVariant &answer);
    void failed(const QString &message);

private:
    // The ticket of the latest request, which the reader checks before it reads.
    std::shared_ptr<std::atomic<quint64>> m_latest;
    WorkerThread m_thread;
    LatestReader *m_reader = nullptr; // lives on m_thread
};

} // namespace porthole
