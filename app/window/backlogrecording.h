#pragma once

#include "backlogrecorder.h"
#include "connectionfactory.h"
#include "ingeststatus.h"
#include "redisurl.h"
#include "workerthread.h"

#include <QObject>

#include <chrono>
#include <functional>
#include <optional>

namespace porthole {

// The window's backlog history while data is open (not on data opened read-only): a
// BacklogRecorder on a thread of its own, never the GUI's, over the data's database and Redis
// server, fed the in-window receiver's reports, sampling every interval of the preferences.
class BacklogRecording : public QObject
{
    Q_OBJECT

public:
    BacklogRecording(const ConnectionFactory &connections, const std::optional<RedisUrl> &redis,
                     std::chrono::seconds interval, QObject *parent = nullptr);
    // The recorder goes with its thread, and closes its connections there.
    ~BacklogRecording() override;

    void setIngestStats(const IngestStats &stats);
    // Samplings every `interval` from the next slot on; 0 stops them.
    void setInterval(std::chrono::seconds interval);

Q_SIGNALS:
    void failed(const QString &message);

private:
    void post(std::function<void(BacklogRecorder *)> job);

    WorkerThread m_thread;
    BacklogRecorder *m_recorder; // lives on m_thread, deleted by it
};

} // namespace porthole
