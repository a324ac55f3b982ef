#pragma once

// An HTTP server on 127.0.0.1 for the tests of Porthole's HTTP clients (the alerts' web hook,
// the remote workers' /health) facing a slow or hostile peer. It reads each request whole (its
// head and a Content-Length body) and answers it as the test's script says: all at once, one
// byte every few milliseconds, or with a chunked body that never ends, sent steadily. It lives
// on the test's thread (the clients under test are asynchronous too) and counts, for each
// request, what it managed to write of the answer and whether the client closed the connection
// first: how much a client took in before it stopped reading is seen from outside it.

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <utility>

namespace porthole::test {

// How one request is answered.
struct ScriptedAnswer
{
    QByteArray head;   // the status line and headers, up to and with the empty line
    QByteArray body;   // after the head
    QByteArray slowly; // then these, one byte every byteEveryMs: never silent for long
    int byteEveryMs = 50;
    qint64 chunkSize = 0; // > 0: then chunks of this many bytes without end (the head says
                          //   "Transfer-Encoding: chunked"), one every chunkEveryMs
    int chunkEveryMs = 5;
};

// A request as it arrived, and what became of its answer.
struct ScriptedRequest
{
    QByteArray method;
    QByteArray target;
    QByteArray body;
    qint64 answerBytesWritten = 0; // of the answer, as the socket wrote them
    bool closedByClient = false;   // the client closed before the answer ended
};

class ScriptedHttpServer
{
public:
    // `script` gets the request's index (0 for the first) and the request.
    using Script = std::function<ScriptedAnswer(int index, const ScriptedRequest &request)>;

    explicit ScriptedHttpServer(Script script)
        : m_script(std::move(script))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] { accept(); });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    quint16 port() const { return m_server.serverPort(); }
    QUrl url(const QString &path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path));
    }

    QList<ScriptedRequest> requests; // in the order they arrived

private:
    struct Peer : QObject
    {
        QTcpSocket *socket = nullptr;
        QByteArray buffer;
        int request = -1;     // the index of its request, once read
        QByteArray trickling; // what is left to send a byte at a time
        ScriptedAnswer answer;
        QTimer *timer = nullptr;
        bool ended = false; // the whole answer is written
    };

    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            auto *peer = new Peer;
            peer->setParent(&m_server);
            peer->socket = socket;
            socket->setParent(peer);
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            peer->timer = new QTimer(peer);
            QObject::connect(peer->timer, &QTimer::timeout, peer, [this, peer] { step(peer); });
            QObject::connect(socket, &QTcpSocket::readyRead, peer, [this, peer] { read(peer); });
            QObject::connect(socket, &QTcpSocket::bytesWritten, peer, [this, peer](qint64 n) {
                if (peer->request >= 0)
                    requests[peer->request].answerBytesWritten += n;
            });
            QObject::connect(socket, &QTcpSocket::disconnected, peer, [this, peer] {
                if (peer->request >= 0 && !peer->ended)
                    requests[peer->request].closedByClient = true;
                peer->timer->stop();
                peer->deleteLater();
            });
            if (socket->bytesAvailable() > 0)
                read(peer);
        }
    }

    void read(Peer *peer)
    {
        peer->buffer += peer->socket->readAll();
        if (peer->request >= 0)
            return; // one request a connection
        const qsizetype end = peer->buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = peer->buffer.left(end).split('\n');
        qsizetype length = 0;
        for (const QByteArray &line : lines) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (peer->buffer.size() < end + 4 + length)
            return;
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        ScriptedRequest request;
        request.method = requestLine.value(0);
        request.target = requestLine.value(1);
        request.body = peer->buffer.mid(end + 4, length);
        peer->request = int(requests.size());
        requests.append(request);
        peer->answer = m_script(peer->request, request);
        peer->socket->write(peer->answer.head + peer->answer.body);
        if (!peer->answer.slowly.isEmpty()) {
            peer->trickling = peer->answer.slowly;
            peer->timer->start(peer->answer.byteEveryMs);
            return;
        }
        endOrGoOn(peer);
    }

    // The head and body are out: chunks without end, or the end of the answer.
    void endOrGoOn(Peer *peer)
    {
        if (peer->answer.chunkSize > 0) {
            peer->timer->start(peer->answer.chunkEveryMs);
            return;
        }
        peer->timer->stop();
        peer->ended = true;
        peer->socket->disconnectFromHost();
    }

    void step(Peer *peer)
    {
        if (!peer->trickling.isEmpty()) {
            peer->socket->write(peer->trickling.left(1));
            peer->socket->flush();
            peer->trickling.remove(0, 1);
            if (peer->trickling.isEmpty())
                endOrGoOn(peer);
            return;
        }
        // A steady stream of chunks, held back while the client has not taken the last ones:
        // what was written is what the client's side took in, not a pile in this server.
        if (peer->socket->bytesToWrite() > 0)
            return;
        const qint64 size = peer->answer.chunkSize;
        peer->socket->write(QByteArray::number(size, 16) + "\r\n" + QByteArray(size, 'x') + "\r\n");
    }

    Script m_script;
    QTcpServer m_server;
};

} // namespace porthole::test
