#pragma once

#include "datadirectory.h"
#include "redisurl.h"

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace porthole {

// Welcome > Start the demo, as scripts/demo does it from a terminal: a demo store (a SQLite
// database and a batch-file folder) filled with generated pipeline data the first time, a
// private redis-server on 127.0.0.1 when one is installed, and demo traffic sent into its
// stream. Each step is a child process (`porthole generate`, `batches --import`,
// `redis-server`, `send-demo`); the server and the sender stop when the session is deleted.
// The store stays for the next time, and is filled again only when a fill was cut short.
class DemoSession : public QObject
{
    Q_OBJECT

public:
    struct Size
    {
        int portMessages = 20000;
        int metrics = 5000;
        int portMetrics = 1000;
        int sensorReadings = 2000;
        int checkpoints = 60;
        int heartbeats = 120;
        int componentStates = 60;
        int sinkRows = 1000;
        int batchFiles = 500;
        int rate = 200; // demo payloads a second
    };

    // `program`: Porthole's executable; `directory`: the demo store's folder.
    DemoSession(QString program, const QString &directory, Size size, QObject *parent = nullptr);
    DemoSession(QString program, const QString &directory, QObject *parent = nullptr)
        : DemoSession(std::move(program), directory, Size(), parent)
    {}
    ~DemoSession() override;

    void start();

    const DataDirectory &store() const { return m_store; }
    // The private server, once ready() was sent; none when redis-server is not installed.
    std::optional<RedisUrl> redis() const { return m_redis; }
    static QString streamKey();

Q_SIGNALS:
    void progress(const QString &text);
    // The store is filled and, when there is a server, traffic flows into it.
    void ready();
    void failed(const QString &message);

private:
    struct Step
    {
        QString text;    // "Writing demo batch files…"
        QString failure; // "Writing demo batch files failed: %1", %1 for why
        QStringList arguments;
    };
    void runNext();
    void startServer();
    void startSender();
    // Says `failure` with why the process failed in its %1.
    void fail(const QString &failure, QProcess *process);
    void stop(std::unique_ptr<QProcess> &process);

    QString m_program;
    DataDirectory m_store;
    Size m_size;
    QList<Step> m_steps;
    std::unique_ptr<QProcess> m_step;
    std::unique_ptr<QProcess> m_server;
    std::unique_ptr<QProcess> m_sender;
    std::unique_ptr<QTemporaryDir> m_serverDir;
    QByteArray m_serverOutput;
    std::optional<RedisUrl> m_redis;
};

} // namespace porthole
