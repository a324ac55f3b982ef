#include "batchteststore.h"
#include "workerendpoint.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

constexpr int waitMs = 30000;

// What a raw connection got back: the bytes until the server closed, and whether it did.
struct RawAnswer
{
    QByteArray bytes;
    bool closed = false;
    int status() const { return bytes.startsWith("HTTP/1.1 ") ? bytes.mid(9, 3).toInt() : 0; }
};

RawAnswer rawRequest(quint16 port, const QByteArray &request)
{
    QTcpSocket socket;
    RawAnswer answer;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(waitMs))
        return answer;
    QSignalSpy closed(&socket, &QTcpSocket::disconnected);
    socket.write(request);
    answer.closed = closed.wait(waitMs);
    answer.bytes = socket.readAll();
    return answer;
}

// One batch file of 30 MiB (ten lines of 3 MiB) in `store`, an answer that takes a while to
// read; its bytes, or none when it could not be written.
QByteArray writeBigBatch(const QTemporaryDir &store)
{
    QByteArray lines;
    for (int n = 1; n <= 10; ++n)
        lines += test::seedLine(n, QByteArray(3 << 20, 'a'));
    return test::writeFile(store.filePath(u"messages_batch_0001.txt"_s), lines) ? lines
                                                                                : QByteArray();
}

// An endpoint with one place for requests, serving `store`'s batch files up to 64 MiB.
WorkerEndpointOptions onePlaceServing(const QTemporaryDir &store)
{
    WorkerEndpointOptions options;
    options.maxConnections = 1;
    options.maxBatchFileBytes = 64 << 20;
    options.batchDirectory = store.path();
    return options;
}

// `client`, with a read buffer of `bufferBytes`, asks for batch 1 and has the answer's head.
bool askForBigBatch(QTcpSocket &client, quint16 port, qint64 bufferBytes)
{
    client.setReadBufferSize(bufferBytes);
    client.connectToHost(QHostAddress::LocalHost, port);
    if (!client.waitForConnected(waitMs))
        return false;
    QSignalSpy arrived(&client, &QTcpSocket::readyRead);
    client.write("GET /batches/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    return arrived.wait(waitMs) && client.peek(64).startsWith("HTTP/1.1 200 ");
}

struct HttpAnswer
{
    int status = 0;
    QByteArray body;
    QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
};

} // namespace

// The endpoint's connections in this process: which ones count against its places, and how
// long one may stay without asking anything. Peers are raw sockets on loopback.
class tst_EndpointConnections : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void connectionLimit();
    void peersWithoutTheTokenTakeNoPlaces();
    void oldestSilentConnectionGoesFirst();
    void silentConnectionIsClosed();
    void drippedHeadIsCutAtItsDeadline();
    void slowReaderIsCutAtTheAnswersDeadline();

private:
    HttpAnswer fetch(const QUrl &url);

    QNetworkAccessManager m_network;
};

HttpAnswer tst_EndpointConnections::fetch(const QUrl &url)
{
    std::unique_ptr<QNetworkReply> reply(m_network.get(QNetworkRequest(url)));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    HttpAnswer answer;
    if (!reply->isFinished() && !finished.wait(waitMs))
        return answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    return answer;
}

// Requests with the token being answered are what the cap counts: one held (a client that
// does not read a large answer), the next gets 503 until it goes. A file larger than the
// endpoint serves is refused with 507.
void tst_EndpointConnections::connectionLimit()
{
    QTemporaryDir store;
    QVERIFY(store.isValid());
    const QByteArray lines = writeBigBatch(store);
    QVERIFY(!lines.isEmpty());

    WorkerEndpointOptions options = onePlaceServing(store);
    options.headTimeoutMs = 60000;
    options.idleTimeoutMs = 60000;
    WorkerEndpoint endpoint(options);
    QVERIFY(endpoint.listen().ok());

    // A client that asks for the file and reads no more than the head of the answer.
    QTcpSocket holder;
    QVERIFY(askForBigBatch(holder, endpoint.port(), 64 * 1024));

    const RawAnswer second =
        rawRequest(endpoint.port(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(second.closed);
    QCOMPARE(second.status(), 503);
    QVERIFY(second.bytes.contains("\r\nRetry-After: 1\r\n"));

    // It leaves: the place is free again.
    holder.abort();
    QTRY_COMPARE_WITH_TIMEOUT(
        rawRequest(endpoint.port(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").status(),
        200, waitMs);

    // More than this endpoint serves: 507, with what to do instead.
    options.maxBatchFileBytes = 1024;
    options.maxConnections = 32;
    WorkerEndpoint small(options);
    QVERIFY(small.listen().ok());
    const HttpAnswer refused = fetch(QUrl(small.url() + u"/batches/1"_s));
    QCOMPARE(refused.status, 507);
    QVERIFY2(refused.object().value("error"_L1).toString().contains(u"--export-json 1"_s),
             refused.body.constData());
}

// 45 peers without the token hold connections open, silent or with half a request: they do
// not count against the 32 places, so a client with the token is still answered.
void tst_EndpointConnections::peersWithoutTheTokenTakeNoPlaces()
{
    const QByteArray token = "0123456789abcdef0123456789abcdef";
    WorkerEndpointOptions options;
    options.token = token;
    options.headTimeoutMs = 60000;
    options.idleTimeoutMs = 60000;
    WorkerEndpoint endpoint(options);
    QVERIFY(endpoint.listen().ok());
    QCOMPARE(options.maxConnections, 32);

    std::vector<std::unique_ptr<QTcpSocket>> peers;
    for (int i = 0; i < 45; ++i) {
        peers.push_back(std::make_unique<QTcpSocket>());
        peers.back()->connectToHost(QHostAddress::LocalHost, endpoint.port());
        QVERIFY(peers.back()->waitForConnected(waitMs));
        if (i % 3 == 0) // half a request, no token
            peers.back()->write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    }
    const QByteArray request =
        "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n";
    for (int i = 0; i < 3; ++i) {
        const RawAnswer answer = rawRequest(endpoint.port(), request);
        QVERIFY2(answer.status() == 200, answer.bytes.left(300).constData());
        QCOMPARE(rawRequest(endpoint.port(), "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                     .status(),
                 401);
    }
    // They were held all along: not closed to make room.
    for (const auto &peer : peers)
        QCOMPARE(peer->state(), QAbstractSocket::ConnectedState);
}

// Beyond maxPendingConnections, a new connection closes the oldest that has not sent its
// request, not itself.
void tst_EndpointConnections::oldestSilentConnectionGoesFirst()
{
    WorkerEndpointOptions options;
    options.maxPendingConnections = 4;
    options.headTimeoutMs = 60000;
    options.idleTimeoutMs = 60000;
    WorkerEndpoint endpoint(options);
    QVERIFY(endpoint.listen().ok());
    std::vector<std::unique_ptr<QTcpSocket>> peers;
    for (int i = 0; i < 4; ++i) {
        peers.push_back(std::make_unique<QTcpSocket>());
        peers.back()->connectToHost(QHostAddress::LocalHost, endpoint.port());
        QVERIFY(peers.back()->waitForConnected(waitMs));
    }
    QSignalSpy oldestClosed(peers.front().get(), &QTcpSocket::disconnected);
    const RawAnswer answer =
        rawRequest(endpoint.port(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY2(answer.status() == 200, answer.bytes.left(300).constData());
    QVERIFY(!oldestClosed.isEmpty() || oldestClosed.wait(waitMs));
    for (size_t i = 1; i < peers.size(); ++i)
        QCOMPARE(peers.at(i)->state(), QAbstractSocket::ConnectedState);
}

// A connection that sends nothing is closed at the idle deadline, long before the head's, and
// without an answer (nothing was asked).
void tst_EndpointConnections::silentConnectionIsClosed()
{
    WorkerEndpointOptions options;
    options.idleTimeoutMs = 200;
    options.headTimeoutMs = 120000;
    WorkerEndpoint endpoint(options);
    QVERIFY(endpoint.listen().ok());
    QTcpSocket silent;
    silent.connectToHost(QHostAddress::LocalHost, endpoint.port());
    QVERIFY(silent.waitForConnected(waitMs));
    QSignalSpy closed(&silent, &QTcpSocket::disconnected);
    QVERIFY2(closed.wait(waitMs), "a silent connection is still open after 30 s");
    QCOMPARE(silent.readAll(), QByteArray());
}

// A client that sends its head a byte every 100 ms, for ever, is never silent for the idle
// deadline, and its head stays far below the byte limit for minutes: the head's deadline counts
// from the connection's start, not from the last byte, and cuts it off with a 408.
void tst_EndpointConnections::drippedHeadIsCutAtItsDeadline()
{
    WorkerEndpointOptions options;
    options.idleTimeoutMs = 300;
    options.headTimeoutMs = 1500;
    WorkerEndpoint endpoint(options);
    QVERIFY(endpoint.listen().ok());
    QTcpSocket dripping;
    dripping.connectToHost(QHostAddress::LocalHost, endpoint.port());
    QVERIFY(dripping.waitForConnected(waitMs));
    QElapsedTimer clock;
    clock.start();
    QSignalSpy closed(&dripping, &QTcpSocket::disconnected);
    const QByteArray start = "GET /health HTTP/1.1\r\nX-Padding: ";
    qsizetype sent = 0;
    QTimer drip;
    connect(&drip, &QTimer::timeout, this, [&] {
        if (dripping.state() != QAbstractSocket::ConnectedState)
            return;
        dripping.write(sent < start.size() ? start.mid(sent, 1) : QByteArray("a"));
        ++sent;
    });
    drip.start(100);
    QVERIFY2(closed.wait(waitMs), "a dripping head is still open after 30 s");
    const qint64 elapsed = clock.elapsed();
    drip.stop();
    QVERIFY2(elapsed >= options.headTimeoutMs - 100 && elapsed < options.headTimeoutMs + 1500,
             qPrintable(u"closed after %1 ms"_s.arg(elapsed)));
    QVERIFY2(sent > 10 && sent < options.maxHeadBytes, qPrintable(QString::number(sent)));
    QVERIFY2(dripping.readAll().startsWith("HTTP/1.1 408 "), "a 408 before the close");
}

// A client that keeps reading a large answer, but slowly, is never silent for the response
// deadline: the whole answer's deadline, counted from its start, cuts it off long before it has
// all of it, and its place is free again. (What the kernel had already taken of the answer
// still reaches it: the place is what the endpoint holds.)
void tst_EndpointConnections::slowReaderIsCutAtTheAnswersDeadline()
{
    QTemporaryDir store;
    QVERIFY(store.isValid());
    const QByteArray lines = writeBigBatch(store);
    QVERIFY(!lines.isEmpty());

    WorkerEndpointOptions options = onePlaceServing(store);
    options.responseTimeoutMs = 20000;
    options.answerTimeoutMs = 2000;
    WorkerEndpoint endpoint(options);
    QVERIFY(endpoint.listen().ok());

    // 128 KiB every 50 ms: the whole answer would take about 12 s.
    // The deadline counts from the answer's start: the file is read and made into JSON first
    // (seconds on a loaded machine), so the clock starts with the answer's head.
    QTcpSocket reader;
    QVERIFY(askForBigBatch(reader, endpoint.port(), 128 * 1024));
    QElapsedTimer clock;
    clock.start();
    qint64 received = 0;
    QTimer pace;
    connect(&pace, &QTimer::timeout, this, [&] { received += reader.read(128 * 1024).size(); });
    pace.start(50);

    const QByteArray health = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    QCOMPARE(rawRequest(endpoint.port(), health).status(), 503); // the one place is held
    QTRY_COMPARE_WITH_TIMEOUT(rawRequest(endpoint.port(), health).status(), 200, waitMs);
    const qint64 elapsed = clock.elapsed();
    // Read whole, the answer would have held the place for about 12 s.
    QVERIFY2(elapsed >= options.answerTimeoutMs - 500 && elapsed < options.answerTimeoutMs + 3000,
             qPrintable(u"the place was free after %1 ms"_s.arg(elapsed)));
    QVERIFY2(received < lines.size(),
             qPrintable(u"%1 bytes of %2 read"_s.arg(received).arg(lines.size())));
}

QTEST_MAIN(tst_EndpointConnections)
#include "tst_endpointconnections.moc"
