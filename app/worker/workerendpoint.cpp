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
#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QList>
#include <QLoggingCategory>
#include <QSysInfo>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <cctype>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <utility>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcEndpoint, "porthole.ingest.http")

namespace porthole {

struct WorkerEndpoint::Connection
{
    QTcpSocket *socket = nullptr;
    QTimer *timer = nullptr; // the idle and head deadlines, then the answer's
    QElapsedTimer since;     // connected
    QElapsedTimer answering; // the answer began
    QByteArray head;
    bool heard = false;       // a byte of the request arrived
    bool complete = false;    // the head is in: no deadline runs while it is answered
    bool counted = false;     // holds one of the maxConnections places
    bool batchAnswer = false; // holds one of the maxBatchAnswers places
    bool answered = false;
    QByteArray body; // the answer's body still to be written from `sent` on
    qsizetype sent = 0;
};

struct WorkerEndpoint::Response
{
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers; // more headers
};

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    case 507:
        return "Insufficient Storage";
    }
    return "Error";
}

const QByteArray jsonType = "application/json; charset=utf-8";
const QByteArray metricsType = "text/plain; version=0.0.4; charset=utf-8";

QByteArray errorJson(const QString &message)
{
    return QJsonDocument(QJsonObject{{u"error"_s, message}}).toJson(QJsonDocument::Indented);
}

// RFC 9110's tchar: what a method and a header name are made of.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

// A request target in origin form: "/path?query", visible ASCII only.
bool isOriginForm(QByteArrayView target)
{
    if (!target.startsWith('/'))
        return false;
    for (const char c : target) {
        if (c <= 0x20 || c >= 0x7F)
            return false;
    }
    return true;
}

// Where the head that begins at `start` ends (after its empty line, "\r\n" or a bare "\n"),
// or -1 when its end has not arrived yet.
qsizetype headEnd(const QByteArray &head, qsizetype start)
{
    qsizetype end = head.indexOf("\n\r\n", start);
    qsizetype bare = head.indexOf("\n\n", start);
    if (end < 0 || (bare >= 0 && bare < end))
        end = bare >= 0 ? bare + 2 : -1;
    else
        end += 3;
    return end;
}

// The head's lines without their line ends, and without the empty line that ends it.
QList<QByteArray> headLines(const QByteArray &head, qsizetype start, qsizetype end)
{
    QList<QByteArray> lines = head.mid(start, end - start).split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    while (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines;
}

// Why the request line's parts (method, target, version) are not a request line, or nothing.
QString requestLineProblem(const QList<QByteArray> &parts)
{
    if (parts.size() != 3 || !isToken(parts.at(0)) || parts.at(1).isEmpty() ||
        !parts.at(2).startsWith("HTTP/"))
        return u"the request line is not \"METHOD /path HTTP/1.1\""_s;
    const QByteArray &version = parts.at(2);
    if (version.size() != 8 || version.at(6) != '.' || !std::isdigit(uchar(version.at(5))) ||
        !std::isdigit(uchar(version.at(7))))
        return u"\"%1\" is not an HTTP version"_s.arg(QString::fromLatin1(version));
    return {};
}

// Why the header lines (those after the request line) are refused, or nothing; the value of
// the Authorization header goes to `authorization`.
QString headerProblem(const QList<QByteArray> &lines, const QByteArray &version,
                      QByteArray *authorization)
{
    int hosts = 0;
    int authorizations = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon)))
            return u"header line %1 is not \"Name: value\""_s.arg(i + 1);
        const QByteArray name = line.left(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        for (const char ch : value) {
            if ((uchar(ch) < 0x20 && ch != '\t') || ch == 0x7F)
                return u"header line %1 holds a control character"_s.arg(i + 1);
        }
        if (name == "host") {
            ++hosts;
        } else if (name == "authorization") {
            ++authorizations;
            *authorization = value;
        }
    }
    if (version == "HTTP/1.1" && hosts != 1)
        return u"an HTTP/1.1 request has exactly one Host header"_s;
    if (authorizations > 1)
        return u"more than one Authorization header"_s;
    return {};
}

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
    , m_server(new QTcpServer(this))
    , m_startedAt(QDateTime::currentDateTimeUtc())
{
    qRegisterMetaType<porthole::IngestStats>();
    qRegisterMetaType<porthole::WorkerAlertReport>();
    m_uptime.start();
    m_stats.state = IngestState::Connecting; // until the worker's first report
    m_stats.sink = m_options.sinkDisplay;
    if (!m_options.token.isEmpty())
        m_tokenDigest = QCryptographicHash::hash(m_options.token, QCryptographicHash::Sha256);
    m_server->setMaxPendingConnections(m_options.maxConnections);
    connect(m_server, &QTcpServer::newConnection, this, &WorkerEndpoint::acceptConnections);
}

WorkerEndpoint::~WorkerEndpoint()
{
    m_batchThread.reset(); // waits for a read under way; the index is used there only
    m_batchIndex.reset();
    for (Connection *connection : std::as_const(m_connections)) {
        connection->socket->disconnect(this); // the sockets go with the server, a child
        delete connection;
    }
    m_connections.clear();
}

Status WorkerEndpoint::listen()
{
    if (!m_server->listen(m_options.address, m_options.port))
        return StorageError::io(u"Cannot serve HTTP on %1:%2: %3. Choose another port, or 0 for "
                                "any free one."_s.arg(m_options.address.toString())
                                    .arg(m_options.port)
                                    .arg(m_server->errorString()));
    return success();
}

QHostAddress WorkerEndpoint::address() const
{
    return m_server->serverAddress();
}

quint16 WorkerEndpoint::port() const
{
    return m_server->serverPort();
}

QString WorkerEndpoint::url() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(address().toString());
    url.setPort(port());
    return url.toString();
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
    WorkerHealth health;
    health.stats = m_stats;
    health.mode = m_options.mode;
    health.key = m_options.key;
    health.group = m_options.group;
    health.consumer = m_options.consumer;
    health.host = QSysInfo::machineHostName();
    health.version = QStringLiteral(PORTHOLE_VERSION);
    health.startedAt = m_startedAt;
    health.uptimeSeconds = m_uptime.elapsed() / 1000;
    return health;
}

void WorkerEndpoint::acceptConnections()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        const quint64 id = ++m_nextId;
        qCDebug(lcEndpoint) << "connection" << id << "from" << socket->peerAddress() << ";"
                            << m_connections.size() << "open before";
        auto *connection = new Connection;
        connection->socket = socket;
        connection->timer = new QTimer(socket);
        connection->timer->setSingleShot(true);
        connection->since.start();
        m_connections.insert(id, connection);
        connect(socket, &QTcpSocket::disconnected, this, [this, id] { drop(id); });
        connect(socket, &QTcpSocket::errorOccurred, this, [this, id, socket] {
            if (socket->state() != QAbstractSocket::ConnectedState)
                drop(id);
        });
        connect(socket, &QTcpSocket::readyRead, this, [this, id] { readRequest(id); });
        connect(socket, &QTcpSocket::bytesWritten, this, [this, id] { writeMore(id); });
        connect(connection->timer, &QTimer::timeout, this, [this, id] { onDeadline(id); });
        connection->timer->start(std::min(m_options.idleTimeoutMs, m_options.headTimeoutMs));

        // Too many still sending their request: the oldest of them goes (ids grow with time).
        // Counting them apart from the requests being answered keeps a flood of silent or slow
        // peers from taking the places of clients that send their request at once.
        qsizetype pending = 0;
        quint64 oldest = 0;
        for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it) {
            if (it.value()->complete)
                continue;
            ++pending;
            if (oldest == 0 || it.key() < oldest)
                oldest = it.key();
        }
        if (pending > m_options.maxPendingConnections && oldest != id) {
            qCInfo(lcEndpoint) << "closing the oldest of" << pending
                               << "connections whose request has not arrived";
            if (Connection *old = m_connections.value(oldest)) {
                old->socket->abort();
                drop(oldest);
            }
        }
        if (m_connections.contains(id) && socket->bytesAvailable() > 0)
            readRequest(id);
    }
}

void WorkerEndpoint::onDeadline(quint64 id)
{
    Connection *c = m_connections.value(id);
    if (!c)
        return;
    if (c->answered) { // the client does not read its answer
        c->socket->abort();
        drop(id);
        return;
    }
    if (c->complete)
        return;
    if (!c->heard) { // nothing was asked: nothing to answer
        qCDebug(lcEndpoint) << "closing connection" << id << "silent for" << c->since.elapsed()
                            << "ms";
        c->socket->abort();
        drop(id);
        return;
    }
    qCInfo(lcEndpoint) << "closing a connection whose request did not arrive within"
                       << m_options.headTimeoutMs << "ms";
    respond(id,
            {408,
             jsonType,
             errorJson(u"The request did not arrive within %1 ms."_s.arg(m_options.headTimeoutMs)),
             {}});
}

void WorkerEndpoint::drop(quint64 id)
{
    Connection *connection = m_connections.take(id);
    if (!connection)
        return;
    qCDebug(lcEndpoint) << "connection" << id << "closed;" << m_connections.size() << "open";
    m_served -= connection->counted ? 1 : 0;
    m_batchAnswers -= connection->batchAnswer ? 1 : 0;
    connection->socket->disconnect(this);
    connection->socket->deleteLater(); // with its timer
    delete connection;
}

void WorkerEndpoint::readRequest(quint64 id)
{
    Connection *c = m_connections.value(id);
    if (!c)
        return;
    if (c->answered) {
        c->socket->readAll(); // one request a connection: the rest is ignored
        return;
    }
    const QByteArray arrived = c->socket->readAll();
    if (arrived.isEmpty())
        return;
    c->head += arrived;
    if (!c->heard) { // from now on the head's deadline, counted from the connection's start
        c->heard = true;
        c->timer->start(int(std::max<qint64>(1, m_options.headTimeoutMs - c->since.elapsed())));
    }
    const auto badRequest = [&](const QString &why) {
        respond(id, {400, jsonType, errorJson(u"Bad request: %1."_s.arg(why)), {}});
    };

    // Empty lines before the request line are allowed (RFC 9112, 2.2).
    qsizetype start = 0;
    while (start < c->head.size() && (c->head.at(start) == '\r' || c->head.at(start) == '\n'))
        ++start;
    const qsizetype end = headEnd(c->head, start);
    if ((end < 0 && c->head.size() > m_options.maxHeadBytes) || end > m_options.maxHeadBytes) {
        respond(id, {431,
                     jsonType,
                     errorJson(u"The request's head is larger than %1 bytes."_s.arg(
                         m_options.maxHeadBytes)),
                     {}});
        return;
    }
    if (end < 0) {
        // Say at once when the request line that has arrived cannot be one.
        const qsizetype lineEnd = c->head.indexOf('\n', start);
        if (lineEnd >= 0 && c->head.mid(start, lineEnd - start).trimmed().count(' ') != 2)
            badRequest(u"the request line is not \"METHOD /path HTTP/1.1\""_s);
        return;
    }

    const QList<QByteArray> lines = headLines(c->head, start, end);
    const QList<QByteArray> parts =
        lines.isEmpty() ? QList<QByteArray>() : lines.first().split(' ');
    if (const QString why = requestLineProblem(parts); !why.isEmpty())
        return badRequest(why);
    const QByteArray &version = parts.at(2);
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        respond(id, {505, jsonType, errorJson(u"Only HTTP/1.1 and HTTP/1.0 are served."_s), {}});
        return;
    }
    if (!isOriginForm(parts.at(1)))
        return badRequest(u"the request target must be a path beginning with \"/\""_s);
    QByteArray authorization;
    if (const QString why = headerProblem(lines, version, &authorization); !why.isEmpty())
        return badRequest(why);
    // The whole head is in: no deadline runs while the request is answered (a batch file
    // read slowly is not a request that did not arrive).
    c->complete = true;
    c->timer->stop();
    handle(id, parts.at(0), parts.at(1), authorization);
}

bool WorkerEndpoint::authorized(const QByteArray &authorization) const
{
    if (m_tokenDigest.isEmpty())
        return true;
    // "Bearer TOKEN", the scheme in any case. Digests of equal length are compared in full,
    // so the time taken says nothing about how much of the token was right.
    const qsizetype space = authorization.indexOf(' ');
    if (space < 0 || authorization.left(space).toLower() != "bearer")
        return false;
    const QByteArray given = authorization.mid(space + 1).trimmed();
    const QByteArray digest = QCryptographicHash::hash(given, QCryptographicHash::Sha256);
    uchar difference = 0;
    for (qsizetype i = 0; i < m_tokenDigest.size(); ++i)
        difference |= uchar(digest.at(i) ^ m_tokenDigest.at(i));
    return difference == 0;
}

void WorkerEndpoint::handle(quint64 id, const QByteArray &method, const QByteArray &target,
                            const QByteArray &authorization)
{
    if (!authorized(authorization)) {
        respond(id, {401, {}, {}, {{"WWW-Authenticate", "Bearer"}}});
        return;
    }
    // Only now, with the token checked, does the request take one of the places.
    if (m_served >= m_options.maxConnections) {
        respond(id, {503,
                     jsonType,
                     errorJson(u"Too many requests at once; try again shortly."_s),
                     {{"Retry-After", "1"}}});
        return;
    }
    if (Connection *c = m_connections.value(id)) {
        c->counted = true;
        ++m_served;
    }
    const bool head = method == "HEAD";
    if (method != "GET" && !head) {
        respond(id, {405,
                     jsonType,
                     errorJson(u"This endpoint is read-only: only GET and HEAD are served."_s),
                     {{"Allow", "GET, HEAD"}}});
        return;
    }
    QByteArray path = target;
    if (const qsizetype query = path.indexOf('?'); query >= 0)
        path.truncate(query);

    if (path == "/health") {
        const WorkerHealth report = health();
        // A stalled worker runs, and stores nothing: not healthy.
        const bool down = m_stats.state == IngestState::Failed ||
                          m_stats.state == IngestState::Stopped ||
                          m_stats.state == IngestState::Stalled;
        respond(id,
                {down ? 503 : 200,
                 jsonType,
                 QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented),
                 {}},
                head);
    } else if (path == "/metrics") {
        respond(
            id,
            {200,
             metricsType,
             health().toPrometheusText() + (m_alerts ? m_alerts->toPrometheusText() : QByteArray()),
             {}},
            head);
    } else if (path == "/alerts") {
        if (m_alerts)
            respond(id,
                    {200,
                     jsonType,
                     QJsonDocument(m_alerts->toJson()).toJson(QJsonDocument::Indented),
                     {}},
                    head);
        else
            respond(id,
                    {404,
                     jsonType,
                     errorJson(u"This worker evaluates no alerts (its configuration has no "
                               "alerts: section), or has not finished its first round."_s),
                     {}},
                    head);
    } else if (path == "/batches" || path == "/batches/" || path.startsWith("/batches/")) {
        serveBatches(id, head, path.mid(qsizetype(sizeof "/batches") - 1));
    } else {
        respond(id,
                {404,
                 jsonType,
                 errorJson(u"Nothing at %1. This worker serves /health, /metrics, /alerts, "
                           "/batches and /batches/{id}."_s.arg(QString::fromLatin1(path))),
                 {}},
                head);
    }
}

void WorkerEndpoint::serveBatches(quint64 id, bool head, const QByteArray &rest)
{
    if (m_options.batchDirectory.isEmpty()) {
        respond(id,
                {404,
                 jsonType,
                 errorJson(u"This worker writes to a SQL database (%1), not to batch files: "
                           "read its messages there (the Messages pane, porthole export)."_s.arg(
                               m_options.sinkDisplay)),
                 {}},
                head);
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
            respond(id,
                    {400,
                     jsonType,
                     errorJson(u"\"%1\" is not a batch id: ids are whole numbers from 1."_s.arg(
                         QString::fromLatin1(idText.left(64)))),
                     {}},
                    head);
            return;
        }
        batch = number;
    }

    if (batch) {
        // Each answer about one file is held in memory while it is sent: a few at once.
        Connection *c = m_connections.value(id);
        if (!c)
            return;
        if (m_batchAnswers >= m_options.maxBatchAnswers) {
            respond(id,
                    {503,
                     jsonType,
                     errorJson(u"The worker is sending %1 other batch files; try again "
                               "shortly."_s.arg(m_batchAnswers)),
                     {{"Retry-After", "1"}}},
                    head);
            return;
        }
        c->batchAnswer = true;
        ++m_batchAnswers;
    }
    if (!m_batchThread)
        m_batchThread = std::make_unique<JobThread>(u"http-batches"_s);
    const qint64 maxFileBytes = m_options.maxBatchFileBytes;
    const QString directory = m_options.batchDirectory;
    // The store is read on the endpoint's own thread; the answer comes back queued, to a
    // connection that may have gone meanwhile.
    m_batchThread->post([this, id, head, batch, directory, maxFileBytes] {
        Response response{200, jsonType, {}, {}};
        if (!batch) {
            if (!m_batchIndex)
                m_batchIndex = std::make_unique<BatchFileIndex>(directory);
            if (Status refreshed = m_batchIndex->refresh(); !refreshed) {
                response = {503, jsonType, errorJson(refreshed.errorMessage()), {}};
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
            this, [this, id, head, response] { respond(id, response, head); },
            Qt::QueuedConnection);
    });
}

WorkerEndpoint::Response WorkerEndpoint::batchFileResponse(const QString &directory, qint64 batch,
                                                           qint64 maxFileBytes)
{
    const QString name = batchFileName(batch);
    const auto failure = [](int status, const QString &message) {
        return Response{status, jsonType, errorJson(message), {}};
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
    return Response{200, jsonType, batchFileJson(info, messages), {}};
}

void WorkerEndpoint::respond(quint64 id, const Response &response, bool head)
{
    Connection *c = m_connections.value(id);
    if (!c || c->answered)
        return;
    c->answered = true;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
                     reasonPhrase(response.status) + "\r\n";
    if (!response.contentType.isEmpty())
        out += "Content-Type: " + response.contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n";
    out += "Server: porthole/" PORTHOLE_VERSION "\r\n";
    for (const auto &[name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    out += "\r\n";
    c->body = head ? QByteArray() : response.body;
    c->sent = 0;
    c->answering.start();
    c->socket->write(out);
    writeMore(id); // may drop(id)
}

// Writes the next slices of an answer's body as the client reads it: the socket's buffer
// never holds more than a window of it. Once all is written, the connection is closed.
void WorkerEndpoint::writeMore(quint64 id)
{
    constexpr qint64 window = 256 * 1024;
    Connection *c = m_connections.value(id);
    if (!c || !c->answered || c->socket->state() != QAbstractSocket::ConnectedState)
        return;
    // The client reads: its deadline moves on, but never past the whole answer's, so that one
    // that reads a little now and then does not hold its place (and a batch answer's memory)
    // for ever.
    const qint64 left = m_options.answerTimeoutMs - c->answering.elapsed();
    if (left <= 0) {
        qCInfo(lcEndpoint) << "cutting off a client that did not read its answer within"
                           << m_options.answerTimeoutMs << "ms";
        c->socket->abort();
        drop(id);
        return;
    }
    c->timer->start(static_cast<int>(std::min<qint64>(m_options.responseTimeoutMs, left)));
    while (c->sent < c->body.size() && c->socket->bytesToWrite() < window) {
        const qint64 n = std::min<qint64>(window, c->body.size() - c->sent);
        c->socket->write(c->body.constData() + c->sent, n);
        c->sent += n;
    }
    if (c->sent < c->body.size())
        return;
    c->body = QByteArray();
    if (c->batchAnswer) { // its memory is free again
        c->batchAnswer = false;
        --m_batchAnswers;
    }
    c->socket->disconnectFromHost(); // once the answer is written; may drop(id) at once
}

} // namespace porthole
