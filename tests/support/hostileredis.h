#pragma once

// A fake Redis server for tests that make Porthole face a broken or hostile one. It listens on
// 127.0.0.1 (a free port) on a thread of its own, so that a client's blocking calls on the
// test's thread do not hold it up, and answers each command as the test's script says: with
// bytes of the test's choosing, or by forwarding the command to a real Redis server and its
// answer back (a man in the middle). Either way the answer can go at once or one byte at a
// time (as slowly as the test likes), and the connection can then carry on, close, or fall
// silent.

#include "redisurl.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

namespace porthole::test {

// The length of the RESP2 value that begins data at `from`: 0 while it is incomplete, -1 when
// the bytes are not RESP2. For the commands of a client and the answers of a real server.
inline qsizetype respValueLength(const QByteArray &data, qsizetype from = 0, int depth = 0)
{
    if (from >= data.size())
        return 0;
    if (depth > 32)
        return -1;
    const qsizetype lineEnd = data.indexOf("\r\n", from + 1);
    if (lineEnd < 0)
        return 0;
    const qsizetype afterLine = lineEnd + 2;
    const char type = data.at(from);
    if (type == '+' || type == '-' || type == ':')
        return afterLine - from;
    if (type != '$' && type != '*')
        return -1;
    bool isNumber = false;
    const qint64 length = data.mid(from + 1, lineEnd - from - 1).toLongLong(&isNumber);
    if (!isNumber || length < -1)
        return -1;
    if (length == -1)
        return afterLine - from;
    if (type == '$')
        return data.size() < afterLine + length + 2 ? 0 : afterLine + length + 2 - from;
    qsizetype at = afterLine;
    for (qint64 i = 0; i < length; ++i) {
        const qsizetype element = respValueLength(data, at, depth + 1);
        if (element <= 0)
            return element;
        at += element;
    }
    return at - from;
}

// A command as a client sends it: an array of strings; empty when the frame is not one.
inline QList<QByteArray> respCommand(const QByteArray &frame)
{
    QList<QByteArray> args;
    qsizetype at = frame.indexOf("\r\n") + 2;
    while (at < frame.size()) {
        const qsizetype length = respValueLength(frame, at);
        if (length <= 0 || frame.at(at) != '$')
            return {};
        const qsizetype lineEnd = frame.indexOf("\r\n", at);
        args.append(frame.mid(lineEnd + 2, at + length - 2 - (lineEnd + 2)));
        at += length;
    }
    return args;
}

// What the fake server does with one command.
struct HostileAction
{
    enum class Then
    {
        Continue,  // go on answering the next commands
        Close,     // close the connection once this is sent
        FallSilent // send nothing more on this connection, and keep it open
    };

    bool forward = false;    // pass the command to the real server and its answer back
    QByteArray bytes;        // what to send instead, when not forwarding
    qint64 floodBytes = 0;   // then this many more bytes, `floodByte` each, as they drain
    char floodByte = 'a';    //   (made as the socket takes them: the server holds little)
    bool byteByByte = false; // one byte every `byteEveryMs` instead of all at once
    int byteEveryMs = 1;
    qsizetype cutAfter = -1; // forwarding: only this many bytes of the real answer
    int lateMs = -1;         // forwarding: held this long, then sent on a connection of its own
    Then then = Then::Continue;

    static HostileAction send(QByteArray bytes, Then then = Then::Continue)
    {
        HostileAction action;
        action.bytes = std::move(bytes);
        action.then = then;
        return action;
    }
    static HostileAction trickle(QByteArray bytes, int byteEveryMs = 1)
    {
        HostileAction action = send(std::move(bytes));
        action.byteByByte = true;
        action.byteEveryMs = byteEveryMs;
        return action;
    }
    static HostileAction flood(QByteArray head, qint64 bytes, char byte)
    {
        HostileAction action = send(std::move(head), Then::Close);
        action.floodBytes = bytes;
        action.floodByte = byte;
        return action;
    }
    static HostileAction pass(bool byteByByte = false)
    {
        HostileAction action;
        action.forward = true;
        action.byteByByte = byteByByte;
        return action;
    }
    // The command held back, as a network that delays a packet does, and forwarded `ms` later,
    // when its client has long given up waiting: on a new connection to the real server, as
    // this one may be gone by then. The client gets no answer; this connection falls silent.
    static HostileAction late(int ms)
    {
        HostileAction action = pass();
        action.lateMs = ms;
        action.then = Then::FallSilent;
        return action;
    }
    // The real answer's first `bytes`, then closed or silent.
    static HostileAction passCut(qsizetype bytes, Then then)
    {
        HostileAction action = pass();
        action.cutAfter = bytes;
        action.then = then;
        return action;
    }
};

// Decides, on the server's thread, what to do with a command: `connection` counts the
// connections accepted from 0. It must not touch what the test's thread uses, unless atomic.
using HostileScript =
    std::function<HostileAction(int connection, const QList<QByteArray> &command)>;

class HostileRedis
{
public:
    // With an upstream, the script may forward commands to that real server.
    explicit HostileRedis(HostileScript script, std::optional<RedisUrl> upstream = std::nullopt)
        : m_script(std::move(script))
        , m_upstream(std::move(upstream))
    {
        m_thread.setObjectName(QStringLiteral("hostile-redis"));
    }
    ~HostileRedis() { stop(); }
    HostileRedis(const HostileRedis &) = delete;
    HostileRedis &operator=(const HostileRedis &) = delete;

    bool start(QString *error)
    {
        m_server = new QTcpServer;
        m_server->moveToThread(&m_thread);
        m_thread.start();
        bool listening = false;
        QMetaObject::invokeMethod(
            m_server,
            [this, &listening, error] {
                listening = m_server->listen(QHostAddress::LocalHost, 0);
                if (!listening) {
                    *error = m_server->errorString();
                    return;
                }
                m_port = m_server->serverPort();
                QObject::connect(m_server, &QTcpServer::newConnection, m_server,
                                 [this] { accept(); });
            },
            Qt::BlockingQueuedConnection);
        return listening;
    }

    void stop()
    {
        if (!m_thread.isRunning())
            return;
        QMetaObject::invokeMethod(
            m_server, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_server = nullptr;
        m_thread.quit();
        m_thread.wait();
    }

    RedisUrl url() const { return RedisUrl::local(m_port); }
    int connections() const { return m_connections.load(); }
    // Answers of the script's own, or forwarded and cut short.
    int misbehaviours() const { return m_misbehaviours.load(); }
    // The real server's answers to the commands held back (HostileAction::late), as they come.
    QList<QByteArray> lateAnswers() const
    {
        std::lock_guard lock(m_lateMutex);
        return m_lateAnswers;
    }

private:
    // One client connection, with its own connection to the real server if there is one.
    struct Peer : QObject
    {
        struct Outgoing
        {
            bool ready = false; // a forwarded answer has arrived
            HostileAction action;
        };

        int index = 0;
        QTcpSocket *client = nullptr;
        QTcpSocket *upstream = nullptr;
        QByteArray fromClient;
        QByteArray fromUpstream;
        std::deque<Outgoing> queue; // answers in the order of the commands
        QByteArray trickling;       // what is being sent a byte at a time
        HostileAction::Then trickleThen = HostileAction::Then::Continue;
        qint64 floodLeft = 0;
        char floodByte = 'a';
        HostileAction::Then floodThen = HostileAction::Then::Continue;
        bool done = false;   // closed or silent: nothing more is sent
        bool closed = false; // both sockets aborted, the peer on its way out
        QTimer *trickle = nullptr;
    };

    void accept()
    {
        while (QTcpSocket *client = m_server->nextPendingConnection()) {
            auto *peer = new Peer;
            peer->setParent(m_server);
            peer->index = m_connections.fetch_add(1);
            peer->client = client;
            client->setParent(peer);
            client->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            peer->trickle = new QTimer(peer);
            peer->trickle->setInterval(1);
            QObject::connect(peer->trickle, &QTimer::timeout, peer, [this, peer] { drip(peer); });
            QObject::connect(client, &QTcpSocket::readyRead, peer, [this, peer] { read(peer); });
            QObject::connect(client, &QTcpSocket::bytesWritten, peer,
                             [this, peer] { flood(peer); });
            QObject::connect(client, &QTcpSocket::disconnected, peer,
                             [this, peer] { close(peer); });
            if (m_upstream) {
                peer->upstream = new QTcpSocket(peer);
                QObject::connect(peer->upstream, &QTcpSocket::readyRead, peer,
                                 [this, peer] { readUpstream(peer); });
                QObject::connect(peer->upstream, &QTcpSocket::disconnected, peer,
                                 [this, peer] { close(peer); });
                QObject::connect(peer->upstream, &QTcpSocket::errorOccurred, peer,
                                 [this, peer] { close(peer); });
                peer->upstream->connectToHost(m_upstream->host(), quint16(m_upstream->port()));
            }
            if (client->bytesAvailable() > 0)
                read(peer);
        }
    }

    void close(Peer *peer)
    {
        if (peer->closed)
            return;
        peer->closed = true;
        peer->done = true;
        peer->trickle->stop();
        peer->client->disconnect(peer);
        if (peer->upstream)
            peer->upstream->disconnect(peer);
        peer->client->abort();
        if (peer->upstream)
            peer->upstream->abort();
        peer->deleteLater();
    }

    void read(Peer *peer)
    {
        peer->fromClient += peer->client->readAll();
        for (;;) {
            const qsizetype length = respValueLength(peer->fromClient);
            if (length < 0) {
                close(peer);
                return;
            }
            if (length == 0)
                break;
            const QByteArray frame = peer->fromClient.left(length);
            peer->fromClient.remove(0, length);
            if (peer->done)
                continue;
            HostileAction action = m_script(peer->index, respCommand(frame));
            if (!action.forward || action.cutAfter >= 0 || action.lateMs >= 0)
                m_misbehaviours.fetch_add(1);
            if (action.lateMs >= 0 && m_upstream) {
                sendLate(frame, action.lateMs);
                finish(peer, action.then);
            } else if (action.forward && peer->upstream) {
                peer->upstream->write(frame);
                peer->queue.push_back({false, std::move(action)});
            } else {
                if (action.forward) // nothing to forward to
                    action = HostileAction::send("-ERR the fake server has no upstream\r\n");
                peer->queue.push_back({true, std::move(action)});
            }
        }
        pump(peer);
    }

    void readUpstream(Peer *peer)
    {
        peer->fromUpstream += peer->upstream->readAll();
        for (;;) {
            const qsizetype length = respValueLength(peer->fromUpstream);
            if (length < 0) {
                close(peer);
                return;
            }
            if (length == 0)
                break;
            const QByteArray answer = peer->fromUpstream.left(length);
            peer->fromUpstream.remove(0, length);
            auto waiting = std::find_if(peer->queue.begin(), peer->queue.end(),
                                        [](const Peer::Outgoing &out) { return !out.ready; });
            if (waiting == peer->queue.end()) { // a message the server sent by itself
                peer->queue.push_back({true, HostileAction::send(answer)});
            } else {
                waiting->ready = true;
                waiting->action.bytes = answer;
            }
        }
        pump(peer);
    }

    // Sends the answers that are ready, in order, until one has to be sent slowly.
    void pump(Peer *peer)
    {
        while (!peer->done && !peer->trickle->isActive() && peer->floodLeft == 0 &&
               !peer->queue.empty() && peer->queue.front().ready) {
            HostileAction action = std::move(peer->queue.front().action);
            peer->queue.pop_front();
            if (action.cutAfter >= 0)
                action.bytes.truncate(action.cutAfter);
            if (action.byteByByte) {
                peer->trickling = action.bytes;
                peer->trickleThen = action.then;
                peer->trickle->start(action.byteEveryMs);
                return;
            }
            peer->client->write(action.bytes);
            if (action.floodBytes > 0) {
                peer->floodLeft = action.floodBytes;
                peer->floodByte = action.floodByte;
                peer->floodThen = action.then;
                flood(peer);
                return;
            }
            finish(peer, action.then);
        }
    }

    void drip(Peer *peer)
    {
        if (peer->done || peer->trickling.isEmpty()) {
            peer->trickle->stop();
            return;
        }
        peer->client->write(peer->trickling.left(1));
        peer->client->flush();
        peer->trickling.remove(0, 1);
        if (peer->trickling.isEmpty()) {
            peer->trickle->stop();
            finish(peer, peer->trickleThen);
            pump(peer);
        }
    }

    // Keeps a little in the socket's buffer until the flood is sent: the server's own memory
    // stays small, so that the test measures the client's.
    void flood(Peer *peer)
    {
        constexpr qint64 chunk = 64 * 1024;
        if (peer->done || peer->floodLeft == 0 || peer->client->bytesToWrite() > chunk)
            return;
        const qint64 size = std::min(chunk, peer->floodLeft);
        peer->client->write(QByteArray(size, peer->floodByte));
        peer->floodLeft -= size;
        if (peer->floodLeft == 0) {
            finish(peer, peer->floodThen);
            pump(peer);
        }
    }

    void sendLate(const QByteArray &frame, int ms)
    {
        QTimer::singleShot(ms, m_server, [this, frame] {
            auto *socket = new QTcpSocket(m_server);
            auto answer = std::make_shared<QByteArray>();
            QObject::connect(socket, &QTcpSocket::connected, socket,
                             [socket, frame] { socket->write(frame); });
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, answer] {
                *answer += socket->readAll();
                if (respValueLength(*answer) == 0)
                    return;
                {
                    std::lock_guard lock(m_lateMutex);
                    m_lateAnswers.append(*answer);
                }
                socket->disconnectFromHost();
                socket->deleteLater();
            });
            socket->connectToHost(m_upstream->host(), quint16(m_upstream->port()));
        });
    }

    void finish(Peer *peer, HostileAction::Then then)
    {
        if (then == HostileAction::Then::Close) {
            peer->done = true;
            peer->client->disconnectFromHost(); // after what is buffered
        } else if (then == HostileAction::Then::FallSilent) {
            peer->done = true;
        }
    }

    HostileScript m_script;
    std::optional<RedisUrl> m_upstream;
    QThread m_thread;
    QTcpServer *m_server = nullptr; // lives on m_thread
    int m_port = 0;
    std::atomic<int> m_connections{0};
    std::atomic<int> m_misbehaviours{0};
    mutable std::mutex m_lateMutex;
    QList<QByteArray> m_lateAnswers;
};

} // namespace porthole::test
