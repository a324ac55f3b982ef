#include "httpserver.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcEndpoint, "porthole.ingest.http")

namespace porthole {

struct HttpServer::Connection
{
    QTcpSocket *socket = nullptr;
    QTimer *timer = nullptr; // the idle and head deadlines, then the answer's
    QElapsedTimer since;     // connected
    QElapsedTimer answering; // the answer began
    QByteArray head;
    bool heard = false;       // a byte of the request arrived
    bool complete = false;    // the head is in: no deadline runs while it is answered
    bool headOnly = false;    // a HEAD request: the answer goes without its body
    bool counted = false;     // holds one of the maxConnections places
    bool largeAnswer = false; // holds one of the maxLargeAnswers places
    bool answered = false;
    QByteArray body; // the answer's body still to be written from `sent` on
    qsizetype sent = 0;
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

} // namespace

QByteArray httpErrorJson(const QString &message)
{
    return QJsonDocument(QJsonObject{{u"error"_s, message}}).toJson(QJsonDocument::Indented);
}

HttpServer::HttpServer(HttpServerOptions options, Handler handler, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_handler(std::move(handler))
    , m_server(new QTcpServer(this))
{
    if (!m_options.token.isEmpty())
        m_tokenDigest = QCryptographicHash::hash(m_options.token, QCryptographicHash::Sha256);
    m_server->setMaxPendingConnections(m_options.maxConnections);
    connect(m_server, &QTcpServer::newConnection, this, &HttpServer::acceptConnections);
}

HttpServer::~HttpServer()
{
    for (Connection *connection : std::as_const(m_connections)) {
        connection->socket->disconnect(this); // the sockets go with the server, a child
        delete connection;
    }
    m_connections.clear();
}

Status HttpServer::listen()
{
    if (!m_server->listen(m_options.address, m_options.port))
        return StorageError::io(u"Cannot serve HTTP on %1:%2: %3. Choose another port, or 0 for "
                                "any free one."_s.arg(m_options.address.toString())
                                    .arg(m_options.port)
                                    .arg(m_server->errorString()));
    return success();
}

QHostAddress HttpServer::address() const
{
    return m_server->serverAddress();
}

quint16 HttpServer::port() const
{
    return m_server->serverPort();
}

QString HttpServer::url() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(address().toString());
    url.setPort(port());
    return url.toString();
}

void HttpServer::acceptConnections()
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

void HttpServer::onDeadline(quint64 id)
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
    respond(id, {408,
                 httpJsonType,
                 httpErrorJson(
                     u"The request did not arrive within %1 ms."_s.arg(m_options.headTimeoutMs)),
                 {}});
}

void HttpServer::drop(quint64 id)
{
    Connection *connection = m_connections.take(id);
    if (!connection)
        return;
    qCDebug(lcEndpoint) << "connection" << id << "closed;" << m_connections.size() << "open";
    m_served -= connection->counted ? 1 : 0;
    m_largeAnswers -= connection->largeAnswer ? 1 : 0;
    connection->socket->disconnect(this);
    connection->socket->deleteLater(); // with its timer
    delete connection;
}

void HttpServer::readRequest(quint64 id)
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
        respond(id, {400, httpJsonType, httpErrorJson(u"Bad request: %1."_s.arg(why)), {}});
    };

    // Empty lines before the request line are allowed (RFC 9112, 2.2).
    qsizetype start = 0;
    while (start < c->head.size() && (c->head.at(start) == '\r' || c->head.at(start) == '\n'))
        ++start;
    const qsizetype end = headEnd(c->head, start);
    if ((end < 0 && c->head.size() > m_options.maxHeadBytes) || end > m_options.maxHeadBytes) {
        respond(id, {431,
                     httpJsonType,
                     httpErrorJson(u"The request's head is larger than %1 bytes."_s.arg(
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
        respond(
            id,
            {505, httpJsonType, httpErrorJson(u"Only HTTP/1.1 and HTTP/1.0 are served."_s), {}});
        return;
    }
    if (!isOriginForm(parts.at(1)))
        return badRequest(u"the request target must be a path beginning with \"/\""_s);
    QByteArray authorization;
    if (const QString why = headerProblem(lines, version, &authorization); !why.isEmpty())
        return badRequest(why);
    // The whole head is in: no deadline runs while the request is answered (an answer made
    // slowly, such as a large file read, is not a request that did not arrive).
    c->complete = true;
    c->timer->stop();
    admit(id, parts.at(0), parts.at(1), authorization);
}

bool HttpServer::authorized(const QByteArray &authorization) const
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

void HttpServer::admit(quint64 id, const QByteArray &method, const QByteArray &target,
                       const QByteArray &authorization)
{
    Connection *c = m_connections.value(id);
    if (!c)
        return;
    c->headOnly = method == "HEAD";
    if (!authorized(authorization)) {
        respond(id, {401, {}, {}, {{"WWW-Authenticate", "Bearer"}}});
        return;
    }
    // Only now, with the token checked, does the request take one of the places.
    if (m_served >= m_options.maxConnections) {
        respond(id, {503,
                     httpJsonType,
                     httpErrorJson(u"Too many requests at once; try again shortly."_s),
                     {{"Retry-After", "1"}}});
        return;
    }
    c->counted = true;
    ++m_served;
    m_handler({id, method, target, c->headOnly});
}

bool HttpServer::holdLargeAnswer(quint64 id)
{
    Connection *c = m_connections.value(id);
    if (!c || m_largeAnswers >= m_options.maxLargeAnswers)
        return false;
    if (!c->largeAnswer) {
        c->largeAnswer = true;
        ++m_largeAnswers;
    }
    return true;
}

void HttpServer::respond(quint64 id, const HttpResponse &response)
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
    c->body = c->headOnly ? QByteArray() : response.body;
    c->sent = 0;
    c->answering.start();
    c->socket->write(out);
    writeMore(id); // may drop(id)
}

// Writes the next slices of an answer's body as the client reads it: the socket's buffer
// never holds more than a window of it. Once all is written, the connection is closed.
void HttpServer::writeMore(quint64 id)
{
    constexpr qint64 window = 256 * 1024;
    Connection *c = m_connections.value(id);
    if (!c || !c->answered || c->socket->state() != QAbstractSocket::ConnectedState)
        return;
    // The client reads: its deadline moves on, but never past the whole answer's, so that one
    // that reads a little now and then does not hold its place (and a large answer's memory)
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
    if (c->largeAnswer) { // its memory is free again
        c->largeAnswer = false;
        --m_largeAnswers;
    }
    c->socket->disconnectFromHost(); // once the answer is written; may drop(id) at once
}

} // namespace porthole
