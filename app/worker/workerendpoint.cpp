#include "workerendpoint.h"

#include "batchfileindex.h"
#include "batchfilereader.h"
#include "batchjson.h"
#include "databaseurl.h"
#include "filedescriptor.h"
#include "ingestworker.h"
#include "jobthread.h"
#include "workerhealth.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QList>
#include <QThread>
#include <QUrl>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <utility>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QByteArray metricsType = "text/plain; version=0.0.4; charset=utf-8";

// --- Batch files, in the shapes of `porthole batches` --------------------------------------

// One file: its metadata and, under "messages", its messages in the seed's export_to_json
// shape (the same as `porthole batches --export-json ID`), indented one level more.
QByteArray batchFileJson(const BatchFileInfo &file, const QList<BatchMessage> &messages)
{
    BatchJson::Fields fields = BatchJson::fileFields(file);
    fields.append({"messages", BatchJson::messages(messages).replace('\n', "\n  ")});
    QByteArray out("{\n");
    for (qsizetype i = 0; i < fields.size(); ++i) {
        out.append("  ");
        BatchJson::appendString(out, QString::fromLatin1(fields.at(i).first));
        out.append(": ");
        out.append(fields.at(i).second);
        out.append(i + 1 < fields.size() ? ",\n" : "\n");
    }
    out.append("}\n");
    return out;
}

} // namespace

// --- The endpoint -------------------------------------------------------------------------

WorkerEndpoint::WorkerEndpoint(WorkerEndpointOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_http(new HttpServer(
          m_options, [this](const HttpRequest &request) { handle(request); }, this))
    , m_startedAt(QDateTime::currentDateTimeUtc())
{
    qRegisterMetaType<porthole::IngestStats>();
    qRegisterMetaType<porthole::WorkerAlertReport>();
    m_uptime.start();
    m_stats.state = IngestState::Connecting; // until the worker's first report
    m_stats.sink = m_options.sinkDisplay;
}

WorkerEndpoint::~WorkerEndpoint()
{
    m_batchThread.reset(); // waits for a read under way; the index is used there only
    m_batchIndex.reset();
}

Status WorkerEndpoint::listen()
{
    return m_http->listen();
}

QHostAddress WorkerEndpoint::address() const
{
    return m_http->address();
}

quint16 WorkerEndpoint::port() const
{
    return m_http->port();
}

QString WorkerEndpoint::url() const
{
    return m_http->url();
}

void WorkerEndpoint::setStats(const IngestStats &stats)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_stats = stats;
    m_stats.sink = m_options.sinkDisplay; // the worker's may carry a password
}

void WorkerEndpoint::setAlerts(const WorkerAlertReport &report)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_alerts = report;
}

WorkerHealth WorkerEndpoint::health() const
{
    WorkerHealth health = WorkerHealth::ofThisProcess(m_stats);
    health.mode = m_options.mode;
    health.key = m_options.key;
    health.group = m_options.group;
    health.consumer = m_options.consumer;
    health.startedAt = m_startedAt;
    health.uptimeSeconds = m_uptime.elapsed() / 1000;
    return health;
}

void WorkerEndpoint::handle(const HttpRequest &request)
{
    const quint64 id = request.id;
    const bool head = request.head;
    const QByteArray &method = request.method;
    if (method != "GET" && !head) {
        m_http->respond(
            id, {405,
                 httpJsonType,
                 httpErrorJson(u"This endpoint is read-only: only GET and HEAD are served."_s),
                 {{"Allow", "GET, HEAD"}}});
        return;
    }
    QByteArray path = request.target;
    if (const qsizetype query = path.indexOf('?'); query >= 0)
        path.truncate(query);

    if (path == "/health") {
        const WorkerHealth report = health();
        // A stalled worker runs, and stores nothing: not healthy.
        const bool down = m_stats.state == IngestState::Failed ||
                          m_stats.state == IngestState::Stopped ||
                          m_stats.state == IngestState::Stalled;
        m_http->respond(id, {down ? 503 : 200,
                             httpJsonType,
                             QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented),
                             {}});
    } else if (path == "/metrics") {
        m_http->respond(id, {200,
                             metricsType,
                             health().toPrometheusText() +
                                 (m_alerts ? m_alerts->toPrometheusText() : QByteArray()),
                             {}});
    } else if (path == "/alerts") {
        if (m_alerts)
            m_http->respond(id, {200,
                                 httpJsonType,
                                 QJsonDocument(m_alerts->toJson()).toJson(QJsonDocument::Indented),
                                 {}});
        else
            m_http->respond(
                id, {404,
                     httpJsonType,
                     httpErrorJson(u"This worker evaluates no alerts (its configuration has no "
                                   "alerts: section), or has not finished its first round."_s),
                     {}});
    } else if (path == "/batches" || path == "/batches/" || path.startsWith("/batches/")) {
        serveBatches(id, path.mid(qsizetype(sizeof "/batches") - 1));
    } else {
        m_http->respond(
            id, {404,
                 httpJsonType,
                 httpErrorJson(u"Nothing at %1. This worker serves /health, /metrics, /alerts, "
                               "/batches and /batches/{id}."_s.arg(QString::fromLatin1(path))),
                 {}});
    }
}

void WorkerEndpoint::serveBatches(quint64 id, const QByteArray &rest)
{
    if (m_options.batchDirectory.isEmpty()) {
        m_http->respond(
            id,
            {404,
             httpJsonType,
             httpErrorJson(u"This worker writes to a SQL database (%1), not to batch files: "
                           "read its messages there (the Messages pane, porthole export)."_s.arg(
                               m_options.sinkDisplay)),
             {}});
        return;
    }
    std::optional<qint64> batch;
    if (rest.size() > 1) { // "/ID"
        const QByteArray idText = rest.mid(1);
        bool ok = idText.size() <= 18;
        for (const char c : idText)
            ok = ok && c >= '0' && c <= '9';
        const qint64 number = ok ? idText.toLongLong(&ok) : 0;
        if (!ok || number < 1) {
            m_http->respond(
                id, {400,
                     httpJsonType,
                     httpErrorJson(u"\"%1\" is not a batch id: ids are whole numbers from 1."_s.arg(
                         QString::fromLatin1(idText.left(64)))),
                     {}});
            return;
        }
        batch = number;
    }

    if (batch) {
        // Each answer about one file is held in memory while it is sent: a few at once.
        if (!m_http->holdLargeAnswer(id)) {
            m_http->respond(id,
                            {503,
                             httpJsonType,
                             httpErrorJson(u"The worker is sending %1 other batch files; try again "
                                           "shortly."_s.arg(m_http->largeAnswers())),
                             {{"Retry-After", "1"}}});
            return;
        }
    }
    if (!m_batchThread)
        m_batchThread = std::make_unique<JobThread>(u"http-batches"_s);
    const qint64 maxFileBytes = m_options.maxBatchFileBytes;
    const QString directory = m_options.batchDirectory;
    // The store is read on the endpoint's own thread; the answer comes back queued, to a
    // connection that may have gone meanwhile.
    m_batchThread->post([this, id, batch, directory, maxFileBytes] {
        HttpResponse response{200, httpJsonType, {}, {}};
        if (!batch) {
            if (!m_batchIndex)
                m_batchIndex = std::make_unique<BatchFileIndex>(directory);
            if (Status refreshed = m_batchIndex->refresh(); !refreshed) {
                response = {503, httpJsonType, httpErrorJson(refreshed.errorMessage()), {}};
            } else {
                QList<BatchJson::Fields> objects;
                objects.reserve(m_batchIndex->files().size());
                for (const BatchFileInfo &file : m_batchIndex->files())
                    objects.append(BatchJson::fileFields(file));
                response.body = BatchJson::array(objects) + '\n';
            }
        } else {
            response = batchFileResponse(directory, *batch, maxFileBytes);
        }
        QMetaObject::invokeMethod(
            this, [this, id, response] { m_http->respond(id, response); }, Qt::QueuedConnection);
    });
}

HttpResponse WorkerEndpoint::batchFileResponse(const QString &directory, qint64 batch,
                                               qint64 maxFileBytes)
{
    const QString name = batchFileName(batch);
    const auto failure = [](int status, const QString &message) {
        return HttpResponse{status, httpJsonType, httpErrorJson(message), {}};
    };
    const FileDescriptor dir(
        ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir.isValid()) {
        const int error = errno;
        return failure(500, u"Cannot open the batch store %1: %2. %3"_s.arg(
                                directory, systemErrorText(error), systemErrorAdvice(error)));
    }
    // The metadata first (line by line, as the listing reads it), then the messages.
    BatchFileIndex::Record record;
    FileDescriptor fd;
    struct stat status = {};
    int error = BatchFileIndex::readRecordAt(dir.get(), batch, &record);
    if (error == 0)
        error = openBatchFileAt(dir.get(), batchFileNameBytes(batch).constData(), &fd, &status);
    if (error == ENOENT || error == ELOOP || error == EINVAL)
        return failure(404, u"There is no batch %1 in this worker's store."_s.arg(batch));
    if (error == EFBIG)
        return failure(500, u"%1: %2. The worker does not serve it; move it out of the store "
                            "(`porthole batches --check` lists such files)."_s.arg(
                                name, oversizedBatchFileProblem(status.st_size)));
    if (error == 0 && status.st_size > maxFileBytes)
        return failure(
            507, u"%1 is %2 bytes; this endpoint serves batch files of up to %3 bytes. Read it "
                 "on the worker's machine: porthole batches --dir DIR --export-json %4."_s.arg(name)
                     .arg(status.st_size)
                     .arg(maxFileBytes)
                     .arg(batch));
    BatchFileContent content;
    if (error == 0)
        error = readBatchFileContent(fd.get(), status.st_size, &content);
    if (error != 0)
        return failure(500, u"Cannot read %1 in %2: %3. %4"_s.arg(
                                name, directory, systemErrorText(error), systemErrorAdvice(error)));
    BatchFileInfo info = BatchFileIndex::infoFromRecord(record);
    const QList<BatchMessage> messages = content.messages();
    info.messageCount = messages.size();
    info.fileSizeBytes = content.sizeBytes;
    info.lineCount = content.lines.size();
    info.malformedLines = info.lineCount - info.messageCount;
    info.firstMessageNumber =
        messages.isEmpty() ? std::nullopt : std::optional<qint64>(messages.first().number);
    info.lastMessageNumber =
        messages.isEmpty() ? std::nullopt : std::optional<qint64>(messages.last().number);
    content = BatchFileContent{}; // the messages are kept once, not twice
    return HttpResponse{200, httpJsonType, batchFileJson(info, messages), {}};
}

} // namespace porthole
