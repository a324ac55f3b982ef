#pragma once

#include "ingeststatus.h"
#include "ingestworker.h"

#include <QObject>

class QThread;

namespace porthole {

// The ingest worker inside the GUI: one at a time, on its own thread. Stopping (and the
// service's end, when the window closes) stores and acknowledges the group in hand first.
class IngestService : public QObject
{
    Q_OBJECT

public:
    explicit IngestService(QObject *parent = nullptr);
    ~IngestService() override;

    bool isRunning() const { return m_worker != nullptr; }
    void start(const IngestConfig &config);
    void pause();
    void resume();
    void stop();
    // Stops the worker and waits until it has finished.
    void shutdown();

signals:
    void statsChanged(const porthole::IngestStats &stats);

private:
    void workerFinished();

    QThread *m_thread = nullptr;
    IngestWorker *m_worker = nullptr;
};

} // namespace porthole
