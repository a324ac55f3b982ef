#pragma once

#include "storageerror.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <utility>

class QTcpServer;

namespace porthole {

inline const QByteArray httpJsonType = "application/json; charset=utf-8";
// {"error": message}, indented: the body of an answer that is not 200.
QByteArray httpErrorJson(const QString &message);

struct HttpServerOptions
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; // 0: any free port
    // Empty: no token. Else every request must carry "Authorization: Bearer TOKEN".
    QByteArray token;
    int idleTimeoutMs = 1000;      // a connection that sends nothing within this is closed
    int headTimeoutMs = 5000;      // a request's head must be in within this, or 408 and closed
    int responseTimeoutMs = 30000; // a client that stops reading its answer this long is cut off
    int answerTimeoutMs = 120000;  // and one that has not read all of it this long after it began
    qsizetype maxHeadBytes = 8192; // a larger head: 431 and closed
    // Requests with the token (when there is one) being answered at once; more: 503. A
    // connection counts only once its head is in and the token checked.
    int maxConnections = 32;
    // Connections whose request has not arrived yet; a new one beyond closes the oldest.
    int maxPendingConnections = 64;
    // Large answers (holdLargeAnswer()) being made or sent at once.
    int maxLargeAnswers = 2;
};

// A request whose head arrived whole, well-formed and with the token.
struct HttpRequest
{
    quint64 id = 0;    // what respond() answers
    QByteArray method; // "GET", "HEAD", ...
    QByteArray target; // "/path?query", as sent
    bool head = false; // HEAD: the answer goes without its body
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers; // more headers
};

// The transport of a small read-only HTTP/1.1 server: connections, requests' heads, their
// limits and deadlines, the token, and answers written as the client reads them. What a request
// is answered with is its handler's (the routes).
//
// One request a connection ("Connection: close"); a head that is malformed (400), too large
// (431) or not complete within headTimeoutMs (408) closes the connection, and so does silence
// for idleTimeoutMs. Connections still sending their request are bounded apart
// (maxPendingConnections, the oldest closed first) from requests being answered
// (maxConnections, counted after the token check): peers without the token cannot take the
// places of those with it. An answer is written as the client reads it, a slice at a time, and
// cut off when the client stops reading or takes longer than answerTimeoutMs in all.
class HttpServer : public QObject
{
    Q_OBJECT

public:
    // The handler answers each request with respond(), at once or later (on this thread).
    using Handler = std::function<void(const HttpRequest &request)>;

    HttpServer(HttpServerOptions options, Handler handler, QObject *parent = nullptr);
    ~HttpServer() override;

    // Binds and starts serving; the error says what could not be bound.
    Status listen();
    QHostAddress address() const;
    quint16 port() const;
    QString url() const; // "http://127.0.0.1:8080"

    // Answers request `id` (a HEAD request with the head only), once; nothing when its
    // connection has gone meanwhile.
    void respond(quint64 id, const HttpResponse &response);
    // Makes request `id` one of the maxLargeAnswers answers held in memory at once until they
    // are written (or the connection goes); false when that many are, or it has gone.
    bool holdLargeAnswer(quint64 id);
    int largeAnswers() const { return m_largeAnswers; }

private:
    struct Connection;

    void acceptConnections();
    void readRequest(quint64 id);
    void admit(quint64 id, const QByteArray &method, const QByteArray &target,
               const QByteArray &authorization);
    void writeMore(quint64 id);
    void onDeadline(quint64 id);
    void drop(quint64 id);
    bool authorized(const QByteArray &authorization) const;

    const HttpServerOptions m_options;
    const Handler m_handler;
    QTcpServer *m_server = nullptr;
    QHash<quint64, Connection *> m_connections;
    quint64 m_nextId = 0;
    int m_served = 0;       // connections counted against maxConnections
    int m_largeAnswers = 0; // answers held by holdLargeAnswer()
    QByteArray m_tokenDigest;
};

} // namespace porthole
