#pragma once

#include "httpserver.h"
#include "ingeststatus.h"
#include "storageerror.h"
#include "workeralertreport.h"

#include <QByteArray>
#include <QCommandLineOption>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QCommandLineParser;

namespace porthole {

class BatchFileIndex;
class JobThread;
struct IngestConfig;
struct WorkerHealth;

// The endpoint's transport (HttpServerOptions: address, token, deadlines, limits; its large
// answers are the GET /batches/{id} answers being sent at once, more: 503, so that their
// memory stays bounded), and the worker it describes.
struct WorkerEndpointOptions : HttpServerOptions
{
    // GET /batches/{id}: a larger file is not served (507).
    qint64 maxBatchFileBytes = 16 * 1024 * 1024;
    // Who the worker is, for /health: taken from the worker's configuration.
    QString mode;
    QString key;
    QString group;
    QString consumer;
    QString sinkDisplay;    // the store, with no password
    QString batchDirectory; // the batch-file store, when the worker writes one; else empty

    // The options that describe a worker with `config`.
    static WorkerEndpointOptions forWorker(const IngestConfig &config);
};

// The options of `porthole ingest` that start the endpoint: --listen HOST:PORT and
// --token-file FILE (or PORTHOLE_WORKER_TOKEN), and a hidden --http-head-timeout-ms for tests.
class WorkerEndpointCommandLine
{
public:
    WorkerEndpointCommandLine();
    QList<QCommandLineOption> options() const;
    // The endpoint's options, nothing without --listen, or false and a usage error's message
    // (a malformed address, an unreadable or empty token, a non-loopback address without a
    // token). `listen` and `tokenFile` come from a configuration file (ingest.listen,
    // ingest.token_file); the command line's options win over them.
    bool read(const QCommandLineParser &parser, const IngestConfig &config,
              std::optional<WorkerEndpointOptions> *options, QString *error,
              const QString &listen = {}, const QString &tokenFile = {}) const;

private:
    QCommandLineOption m_listen;
    QCommandLineOption m_tokenFile;
    QCommandLineOption m_headTimeout;
};

// The read-only HTTP/1.1 endpoint of `porthole ingest --listen`: GET /health (JSON), /metrics
// (Prometheus text format 0.0.4), /alerts (JSON, when the worker evaluates alerts), /batches and
// /batches/{id} (the batch-file store, when the worker writes one). docs/INGEST.md describes the
// routes; the connections, their limits and deadlines, the token and the writing of answers are
// its HttpServer's (httpserver.h).
//
// It lives on the main thread and learns about the worker only through setStats(), which the
// worker's statsChanged reaches by a queued connection: nothing here ever waits for the
// worker or holds it up. Batch files are read on a thread of the endpoint's own, line by
// line; an answer about one file is one of the server's large answers (maxLargeAnswers).
class WorkerEndpoint : public QObject
{
    Q_OBJECT

public:
    explicit WorkerEndpoint(WorkerEndpointOptions options, QObject *parent = nullptr);
    ~WorkerEndpoint() override;

    // Binds and starts serving; the error says what could not be bound.
    Status listen();
    QHostAddress address() const;
    quint16 port() const;
    QString url() const; // "http://127.0.0.1:8080"

    // "HOST:PORT", "[IPv6]:PORT", "localhost:PORT" or a bare port (loopback) as the address to
    // bind; false with *error when it is not one of those.
    static bool parseListenAddress(const QString &text, QHostAddress *address, quint16 *port,
                                   QString *error);

public Q_SLOTS:
    void setStats(const porthole::IngestStats &stats);
    // The worker's alerts after a round; until the first, /alerts answers 404 (a worker
    // without an alerts: section never sends one).
    void setAlerts(const porthole::WorkerAlertReport &report);

private:
    // The routes.
    void handle(const HttpRequest &request);
    void serveBatches(quint64 id, const QByteArray &rest);
    // GET /batches/{id}, on the batch thread: the file read line by line, or why not.
    static HttpResponse batchFileResponse(const QString &directory, qint64 batch,
                                          qint64 maxFileBytes);
    WorkerHealth health() const;

    WorkerEndpointOptions m_options;
    HttpServer *m_http = nullptr; // the transport, a child
    IngestStats m_stats;
    std::optional<WorkerAlertReport> m_alerts;
    QDateTime m_startedAt;
    QElapsedTimer m_uptime;
    std::unique_ptr<JobThread> m_batchThread;     // reads the batch store, made on first use
    std::unique_ptr<BatchFileIndex> m_batchIndex; // used on m_batchThread only
};

} // namespace porthole
