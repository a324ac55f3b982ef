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
#include <utility>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcEndpoint, "porthole.ingest.http")

namespace porthole {

struct WorkerEndpoint::Connection
{
    QTcpSocket *socket = nullptr;
    QTimer *timer = nullptr; // the head's deadline, then the answer's
    QByteArray head;
    bool answered = false;
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
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
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

// --- Options ------------------------------------------------------------------------------

WorkerEndpointOptions WorkerEndpointOptions::forWorker(const IngestConfig &config)
{
    WorkerEndpointOptions options;
    options.mode = RedisSource::modeName(config.mode);
    options.key = config.source.key;
    options.group = config.source.group;
    options.consumer = config.source.consumer;
    if (options.consumer.isEmpty()) { // the name RedisSource gives it
        const QString host = QSysInfo::machineHostName();
        options.consumer = (host.isEmpty() ? u"porthole"_s : host) + u'-' +
                           QString::number(QCoreApplication::applicationPid());
    }
    if (config.sinkUrl.startsWith(u"file:"_s)) {
        options.sinkDisplay = config.sinkUrl;
        options.batchDirectory = QUrl(config.sinkUrl).toLocalFile();
    } else if (const auto url = DatabaseUrl::parse(config.sinkUrl)) {
        options.sinkDisplay = url->toDisplayString();
    } else {
        options.sinkDisplay = u"(not a database URL)"_s;
    }
    return options;
}

bool WorkerEndpoint::parseListenAddress(const QString &text, QHostAddress *address, quint16 *port,
                                        QString *error)
{
    QString host;
    QString portText;
    bool bracketed = false;
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon < 0) {
        host = u"127.0.0.1"_s;
        portText = text;
    } else {
        host = text.left(colon);
        portText = text.mid(colon + 1);
        if (host.startsWith(u'[') && host.endsWith(u']')) {
            host = host.mid(1, host.size() - 2);
            bracketed = true;
        }
    }
    bool ok = false;
    const uint number = portText.toUInt(&ok);
    if (!ok || number > 65535 || portText.startsWith(u'+')) {
        *error = u"--listen %1: the port must be a number from 0 (any free port) to 65535; "
                 "write HOST:PORT, e.g. 127.0.0.1:9464."_s.arg(text);
        return false;
    }
    QHostAddress parsed;
    if (host == u"localhost"_s)
        parsed = QHostAddress(QHostAddress::LocalHost);
    else if (!parsed.setAddress(host) ||
             (bracketed && parsed.protocol() != QAbstractSocket::IPv6Protocol) ||
             (!bracketed && parsed.protocol() == QAbstractSocket::IPv6Protocol)) {
        *error = u"--listen %1: \"%2\" is not an IP address; write HOST:PORT with an IPv4 "
                 "address, [IPv6]:PORT, or localhost:PORT."_s.arg(text, host);
        return false;
    }
    *address = parsed;
    *port = quint16(number);
    return true;
}

// --- Command line -------------------------------------------------------------------------

WorkerEndpointCommandLine::WorkerEndpointCommandLine()
    : m_listen(u"listen"_s,
               u"Serve read-only HTTP on HOST:PORT (port 0: any free port, printed at start): "
               "/health, /metrics, /batches. Loopback unless told otherwise; any other address "
               "needs a token."_s,
               u"host:port"_s)
    , m_tokenFile(u"token-file"_s,
                  u"With --listen: every request must carry \"Authorization: Bearer TOKEN\", "
                  "TOKEN the first line of this file (default: the environment variable "
                  "PORTHOLE_WORKER_TOKEN, if set)."_s,
                  u"file"_s)
    , m_headTimeout(u"http-head-timeout-ms"_s, u"How long a client may take to send its request."_s,
                    u"ms"_s, u"5000"_s)
{
    m_headTimeout.setFlags(QCommandLineOption::HiddenFromHelp);
}

QList<QCommandLineOption> WorkerEndpointCommandLine::options() const
{
    return {m_listen, m_tokenFile, m_headTimeout};
}

bool WorkerEndpointCommandLine::read(const QCommandLineParser &parser, const IngestConfig &config,
                                     std::optional<WorkerEndpointOptions> *options, QString *error,
                                     const QString &listen, const QString &tokenFile) const
{
    options->reset();
    const QString address = parser.isSet(m_listen) ? parser.value(m_listen) : listen;
    const QString tokenPath = parser.isSet(m_tokenFile) ? parser.value(m_tokenFile) : tokenFile;
    if (address.isEmpty()) {
        if (!tokenPath.isEmpty()) {
            *error = u"--token-file protects the HTTP endpoint: give --listen HOST:PORT too."_s;
            return false;
        }
        return true;
    }
    WorkerEndpointOptions result = WorkerEndpointOptions::forWorker(config);
    if (!WorkerEndpoint::parseListenAddress(address, &result.address, &result.port, error))
        return false;

    QString source;
    if (!tokenPath.isEmpty()) {
        QFile file(tokenPath);
        if (!file.open(QIODevice::ReadOnly)) {
            *error =
                u"--token-file %1 cannot be read: %2."_s.arg(file.fileName(), file.errorString());
            return false;
        }
        result.token = file.readLine(4096).trimmed();
        source = u"the first line of "_s + file.fileName();
        if (file.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup))
            qCWarning(lcEndpoint).noquote()
                << u"The token file %1 can be read by other users; chmod 600 it."_s.arg(
                       file.fileName());
    } else if (qEnvironmentVariableIsSet("PORTHOLE_WORKER_TOKEN")) {
        result.token = qgetenv("PORTHOLE_WORKER_TOKEN").trimmed();
        source = u"PORTHOLE_WORKER_TOKEN"_s;
    }
    if (!source.isEmpty()) {
        bool printable = result.token.size() >= 16;
        for (const char c : std::as_const(result.token))
            printable = printable && c > 0x20 && c < 0x7F;
        if (!printable) {
            *error = u"The token (%1) must be at least 16 characters of printable ASCII without "
                     "spaces; make one with: openssl rand -hex 32"_s.arg(source);
            return false;
        }
    }
    if (!result.address.isLoopback() && result.token.isEmpty()) {
        *error = u"--listen %1 is reachable from other machines: protect it with a token "
                 "(--token-file FILE, or the environment variable PORTHOLE_WORKER_TOKEN), or "
                 "listen on 127.0.0.1."_s.arg(parser.value(m_listen));
        return false;
    }
    bool ok = false;
    result.headTimeoutMs = parser.value(m_headTimeout).toInt(&ok);
    if (!ok || result.headTimeoutMs < 1) {
        *error = u"--http-head-timeout-ms must be a positive number."_s;
        return false;
    }
    *options = std::move(result);
    return true;
}

// --- The endpoint -------------------------------------------------------------------------

WorkerEndpoint::WorkerEndpoint(WorkerEndpointOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_server(new QTcpServer(this))
    , m_startedAt(QDateTime::currentDateTimeUtc())
{
    qRegisterMetaType<porthole::IngestStats>();
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
        m_connections.insert(id, connection);
        connect(socket, &QTcpSocket::disconnected, this, [this, id] { drop(id); });
        connect(socket, &QTcpSocket::errorOccurred, this, [this, id, socket] {
            if (socket->state() != QAbstractSocket::ConnectedState)
                drop(id);
        });
        if (m_connections.size() > m_options.maxConnections) {
            respond(id, {503,
                         jsonType,
                         errorJson(u"Too many connections at once; try again shortly."_s),
                         {{"Retry-After", "1"}}});
            continue;
        }
        connect(socket, &QTcpSocket::readyRead, this, [this, id] { readRequest(id); });
        connect(connection->timer, &QTimer::timeout, this, [this, id] {
            Connection *c = m_connections.value(id);
            if (!c)
                return;
            if (c->answered) { // the client does not read its answer
                c->socket->abort();
                drop(id);
                return;
            }
            qCInfo(lcEndpoint) << "closing a connection whose request did not arrive within"
                               << m_options.headTimeoutMs << "ms";
            respond(id, {408,
                         jsonType,
                         errorJson(u"The request did not arrive within %1 ms."_s.arg(
                             m_options.headTimeoutMs)),
                         {}});
        });
        connection->timer->start(m_options.headTimeoutMs);
        if (socket->bytesAvailable() > 0)
            readRequest(id);
    }
}

void WorkerEndpoint::drop(quint64 id)
{
    Connection *connection = m_connections.take(id);
    if (!connection)
        return;
    qCDebug(lcEndpoint) << "connection" << id << "closed;" << m_connections.size() << "open";
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
    c->head += c->socket->readAll();
    const auto badRequest = [&](const QString &why) {
        respond(id, {400, jsonType, errorJson(u"Bad request: %1."_s.arg(why)), {}});
    };

    // Empty lines before the request line are allowed (RFC 9112, 2.2).
    qsizetype start = 0;
    while (start < c->head.size() && (c->head.at(start) == '\r' || c->head.at(start) == '\n'))
        ++start;
    qsizetype end = c->head.indexOf("\n\r\n", start);
    qsizetype bare = c->head.indexOf("\n\n", start);
    if (end < 0 || (bare >= 0 && bare < end))
        end = bare >= 0 ? bare + 2 : -1;
    else
        end += 3;
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

    QList<QByteArray> lines = c->head.mid(start, end - start).split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    while (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();

    const QList<QByteArray> parts =
        lines.isEmpty() ? QList<QByteArray>() : lines.first().split(' ');
    if (parts.size() != 3 || !isToken(parts.at(0)) || parts.at(1).isEmpty() ||
        !parts.at(2).startsWith("HTTP/"))
        return badRequest(u"the request line is not \"METHOD /path HTTP/1.1\""_s);
    const QByteArray &version = parts.at(2);
    if (version.size() != 8 || version.at(6) != '.' || !std::isdigit(uchar(version.at(5))) ||
        !std::isdigit(uchar(version.at(7))))
        return badRequest(u"\"%1\" is not an HTTP version"_s.arg(QString::fromLatin1(version)));
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        respond(id, {505, jsonType, errorJson(u"Only HTTP/1.1 and HTTP/1.0 are served."_s), {}});
        return;
    }
    if (!isOriginForm(parts.at(1)))
        return badRequest(u"the request target must be a path beginning with \"/\""_s);

    int hosts = 0;
    QByteArray authorization;
    int authorizations = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon)))
            return badRequest(u"header line %1 is not \"Name: value\""_s.arg(i + 1));
        const QByteArray name = line.left(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        for (const char ch : value) {
            if ((uchar(ch) < 0x20 && ch != '\t') || ch == 0x7F)
                return badRequest(u"header line %1 holds a control character"_s.arg(i + 1));
        }
        if (name == "host") {
            ++hosts;
        } else if (name == "authorization") {
            ++authorizations;
            authorization = value;
        }
    }
    if (version == "HTTP/1.1" && hosts != 1)
        return badRequest(u"an HTTP/1.1 request has exactly one Host header"_s);
    if (authorizations > 1)
        return badRequest(u"more than one Authorization header"_s);
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
        respond(id, {200, metricsType, health().toPrometheusText(), {}}, head);
    } else if (path == "/batches" || path == "/batches/" || path.startsWith("/batches/")) {
        serveBatches(id, head, path.mid(qsizetype(sizeof "/batches") - 1));
    } else {
        respond(id,
                {404,
                 jsonType,
                 errorJson(u"Nothing at %1. This worker serves /health, /metrics, /batches "
                           "and /batches/{id}."_s.arg(QString::fromLatin1(path))),
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

    if (!m_batchThread)
        m_batchThread = std::make_unique<JobThread>(u"http-batches"_s);
    const QString directory = m_options.batchDirectory;
    // The store is read on the endpoint's own thread; the answer comes back queued, to a
    // connection that may have gone meanwhile.
    m_batchThread->post([this, id, head, batch, directory] {
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
            const FileDescriptor dir(::open(QFile::encodeName(directory).constData(),
                                            O_RDONLY | O_DIRECTORY | O_CLOEXEC));
            BatchFileIndex::Record record;
            const int error =
                dir.isValid() ? BatchFileIndex::readRecordAt(dir.get(), *batch, &record) : errno;
            auto content = error == 0 ? readBatchFile(directory, *batch)
                                      : Result<BatchFileContent>(StorageError::io({}));
            if (error == ENOENT || error == EINVAL ||
                (!content && content.error().kind == StorageError::Kind::NotFound)) {
                response = {
                    404,
                    jsonType,
                    errorJson(u"There is no batch %1 in this worker's store."_s.arg(*batch)),
                    {}};
            } else if (error != 0 || !content) {
                response = {503,
                            jsonType,
                            errorJson(error != 0 ? u"Cannot read batch %1 in %2: %3."_s.arg(
                                                       QString::number(*batch), directory,
                                                       systemErrorText(error))
                                                 : content.errorMessage()),
                            {}};
            } else {
                BatchFileInfo info = BatchFileIndex::infoFromRecord(record);
                const QList<BatchMessage> messages = content->messages();
                info.messageCount = messages.size();
                info.fileSizeBytes = content->sizeBytes;
                info.lineCount = content->lines.size();
                info.malformedLines = info.lineCount - info.messageCount;
                info.firstMessageNumber = messages.isEmpty()
                                              ? std::nullopt
                                              : std::optional<qint64>(messages.first().number);
                info.lastMessageNumber = messages.isEmpty()
                                             ? std::nullopt
                                             : std::optional<qint64>(messages.last().number);
                response.body = batchFileJson(info, messages);
            }
        }
        QMetaObject::invokeMethod(
            this, [this, id, head, response] { respond(id, response, head); },
            Qt::QueuedConnection);
    });
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
    if (!head)
        out += response.body;
    c->socket->write(out);
    c->timer->start(m_options.responseTimeoutMs);
    c->socket->disconnectFromHost(); // once the answer is written; may drop(id) at once
}

} // namespace porthole
