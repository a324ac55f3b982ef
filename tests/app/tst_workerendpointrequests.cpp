#include "batchteststore.h"
#include "ingeststatus.h"
#include "ownredis.h"
#include "peakmemory.h"
#include "redisclient.h"
#include "testservers.h"
#include "workerendpoint.h"
#include "workerendpointtestsupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::test;

// `porthole ingest --listen`, the worker's read-only HTTP endpoint, asked by real clients: its
// routes, bearer tokens, refused settings, malformed and slow requests, a port in use.
class tst_WorkerEndpointRequests : public porthole::test::WorkerEndpointTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void routes_data();
    void routes();
    void tokens_data();
    void tokens();
    void tokenFromEnvironment();
    void refusedSettings_data();
    void refusedSettings();
    void malformedRequests_data();
    void malformedRequests();
    void slowClientIsClosedWhileTheWorkerIngests();
    void portInUse();
};

void tst_WorkerEndpointRequests::initTestCase()
{
    setUpFixtures();
}

void tst_WorkerEndpointRequests::cleanupTestCase()
{
    tearDownFixtures();
}

void tst_WorkerEndpointRequests::routes_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::newRow("health") << u"GET"_s << u"/health"_s << 200;
    QTest::newRow("health with a query") << u"GET"_s << u"/health?verbose=1"_s << 200;
    QTest::newRow("metrics") << u"GET"_s << u"/metrics"_s << 200;
    QTest::newRow("head metrics") << u"HEAD"_s << u"/metrics"_s << 200;
    QTest::newRow("root") << u"GET"_s << u"/"_s << 404;
    QTest::newRow("unknown") << u"GET"_s << u"/status"_s << 404;
    QTest::newRow("near health") << u"GET"_s << u"/health/x"_s << 404;
    QTest::newRow("post") << u"POST"_s << u"/health"_s << 405;
    QTest::newRow("put") << u"PUT"_s << u"/batches/1"_s << 405;
    QTest::newRow("delete") << u"DELETE"_s << u"/batches/1"_s << 405;
    QTest::newRow("options") << u"OPTIONS"_s << u"/metrics"_s << 405;
}

void tst_WorkerEndpointRequests::routes()
{
    QFETCH(QString, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    const QByteArray stream = key(u"routes"_s);
    WorkerRun worker(
        m_binary, workerArguments(stream, {u"--sink"_s, u"sqlite://"_s + database(u"routes"_s)}));
    QString error;
    QVERIFY2(worker.start(&error), qPrintable(error));
    // curl for what an operator types; HEAD through Qt, since curl --head prints the headers
    // where the body would be.
    const HttpAnswer answer = method == u"HEAD"_s
                                  ? fetch(worker.url(path), "HEAD")
                                  : curl({u"--request"_s, method, worker.url(path).toString()});
    QVERIFY2(answer.status == status, qPrintable(QString::number(answer.status) + answer.error +
                                                 u' ' + QString::fromUtf8(answer.body)));
    if (status == 405) {
        QCOMPARE(answer.headers.value("allow"), "GET, HEAD");
        QVERIFY(answer.object().value("error"_L1).toString().contains(u"read-only"_s));
    }
    if (status == 404)
        QVERIFY(answer.object().value("error"_L1).toString().contains(u"/health"_s));
    if (method == u"HEAD"_s)
        QVERIFY(answer.body.isEmpty());
}

void tst_WorkerEndpointRequests::tokens_data()
{
    QTest::addColumn<QString>("authorization"); // empty: none sent
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    const QString token = u"0123456789abcdef0123456789abcdef"_s;
    QTest::newRow("none") << QString() << u"/health"_s << 401;
    QTest::newRow("none, metrics") << QString() << u"/metrics"_s << 401;
    QTest::newRow("none, unknown path") << QString() << u"/nothing"_s << 401;
    QTest::newRow("wrong") << u"Bearer 0123456789abcdef0123456789abcdeX"_s << u"/health"_s << 401;
    QTest::newRow("longer") << u"Bearer "_s + token + u"0"_s << u"/health"_s << 401;
    QTest::newRow("shorter") << u"Bearer "_s + token.chopped(1) << u"/health"_s << 401;
    QTest::newRow("basic") << u"Basic "_s + token << u"/health"_s << 401;
    QTest::newRow("empty bearer") << u"Bearer"_s << u"/health"_s << 401;
    QTest::newRow("right") << u"Bearer "_s + token << u"/health"_s << 200;
    QTest::newRow("right, metrics") << u"Bearer "_s + token << u"/metrics"_s << 200;
    QTest::newRow("right, scheme in lower case") << u"bearer "_s + token << u"/health"_s << 200;
    QTest::newRow("right, unknown path") << u"Bearer "_s + token << u"/nothing"_s << 404;
}

void tst_WorkerEndpointRequests::tokens()
{
    QFETCH(QString, authorization);
    QFETCH(QString, path);
    QFETCH(int, status);
    const QString tokenFile = m_temp.filePath(u"token"_s);
    {
        QFile file(tokenFile);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("0123456789abcdef0123456789abcdef\nsecond line is ignored\n");
        QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    }
    const QByteArray stream = key(u"tokens"_s);
    WorkerRun worker(m_binary,
                     workerArguments(stream, {u"--sink"_s, u"sqlite://"_s + database(u"tokens"_s),
                                              u"--token-file"_s, tokenFile}));
    QString error;
    QVERIFY2(worker.start(&error), qPrintable(error));
    QStringList arguments{worker.url(path).toString()};
    if (!authorization.isEmpty())
        arguments << u"--header"_s << u"Authorization: "_s + authorization;
    const HttpAnswer answer = curl(arguments);
    QVERIFY2(answer.status == status, qPrintable(QString::number(answer.status) + answer.error));
    if (status == 401) {
        QCOMPARE(answer.headers.value("www-authenticate"), "Bearer");
        QVERIFY2(answer.body.isEmpty(), answer.body.constData());
        QCOMPARE(answer.headers.value("content-length"), "0");
    }
    if (status == 200 && path == u"/health"_s)
        QCOMPARE(answer.object().value("consumer"_L1).toString(), u"http-test"_s);
}

void tst_WorkerEndpointRequests::tokenFromEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"PORTHOLE_WORKER_TOKEN"_s, u"environment-token-0123456789"_s);
    const QByteArray stream = key(u"envtoken"_s);
    WorkerRun worker(m_binary,
                     workerArguments(stream, {u"--sink"_s, u"sqlite://"_s + database(u"env"_s)}),
                     environment);
    QString error;
    QVERIFY2(worker.start(&error), qPrintable(error));
    QCOMPARE(fetch(worker.url(u"/health"_s)).status, 401);
    QCOMPARE(fetch(worker.url(u"/health"_s), "GET", "Bearer environment-token-0123456789").status,
             200);
    QCOMPARE(fetch(worker.url(u"/health"_s), "GET", "Bearer environment-token-012345678").status,
             401);
}

void tst_WorkerEndpointRequests::refusedSettings_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("token"); // for PORTHOLE_WORKER_TOKEN; empty: unset
    QTest::addColumn<QString>("message");
    const QString needsToken = u"protect it with a token"_s;
    // Refused before anything is bound: no traffic ever goes to these addresses.
    QTest::newRow("all IPv4 interfaces")
        << QStringList{u"--listen"_s, u"0.0.0.0:0"_s} << QString() << needsToken;
    QTest::newRow("all IPv6 interfaces")
        << QStringList{u"--listen"_s, u"[::]:0"_s} << QString() << needsToken;
    QTest::newRow("a LAN address")
        << QStringList{u"--listen"_s, u"192.0.2.10:9464"_s} << QString() << needsToken;
    QTest::newRow("port too large") << QStringList{u"--listen"_s, u"127.0.0.1:70000"_s} << QString()
                                    << u"the port must be a number"_s;
    QTest::newRow("host name") << QStringList{u"--listen"_s, u"example.org:80"_s} << QString()
                               << u"is not an IP address"_s;
    QTest::newRow("no port") << QStringList{u"--listen"_s, u"127.0.0.1"_s} << QString()
                             << u"the port must be a number"_s;
    QTest::newRow("token file without --listen")
        << QStringList{u"--token-file"_s, u"/dev/null"_s} << QString() << u"give --listen"_s;
    QTest::newRow("token file missing")
        << QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"--token-file"_s,
                       m_temp.filePath(u"no-such-token"_s)}
        << QString() << u"cannot be read"_s;
    QTest::newRow("token too short")
        << QStringList{u"--listen"_s, u"0.0.0.0:0"_s} << u"short"_s << u"at least 16 characters"_s;
}

void tst_WorkerEndpointRequests::refusedSettings()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, token);
    QFETCH(QString, message);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"PORTHOLE_WORKER_TOKEN"_s);
    if (!token.isEmpty())
        environment.insert(u"PORTHOLE_WORKER_TOKEN"_s, token);
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(m_binary,
                  QStringList{u"ingest"_s, u"--redis"_s, m_redisText, u"--key"_s, u"never-read"_s,
                              u"--sink"_s, u"sqlite://"_s + database(u"refused"_s)} +
                      arguments);
    QVERIFY(process.waitForFinished(waitMs));
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == 2, qPrintable(err));
    QVERIFY2(err.contains(message), qPrintable(err));
    QVERIFY2(!err.contains(u"serving"_s), qPrintable(err));
}

void tst_WorkerEndpointRequests::malformedRequests_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::newRow("well formed") << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\n\r\n") << 200;
    QTest::newRow("HTTP/1.0 needs no Host") << QByteArray("GET /health HTTP/1.0\r\n\r\n") << 200;
    QTest::newRow("bare line feeds") << QByteArray("GET /health HTTP/1.1\nHost: x\n\n") << 200;
    QTest::newRow("one word") << QByteArray("NONSENSE\r\n\r\n") << 400;
    QTest::newRow("one word, head unfinished") << QByteArray("NONSENSE\r\n") << 400;
    QTest::newRow("no version") << QByteArray("GET /health\r\n\r\n") << 400;
    QTest::newRow("not HTTP") << QByteArray("GET /health FTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("version garbled")
        << QByteArray("GET /health HTTP/one\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("HTTP/2") << QByteArray("GET /health HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
    QTest::newRow("two spaces") << QByteArray("GET  /health HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("relative target") << QByteArray("GET health HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("method with a slash")
        << QByteArray("GE/T /health HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("no Host") << QByteArray("GET /health HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("two Hosts") << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n")
                               << 400;
    QTest::newRow("header without colon")
        << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\nBad header line\r\n\r\n") << 400;
    QTest::newRow("space before colon")
        << QByteArray("GET /health HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
    QTest::newRow("folded header")
        << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\n  folded\r\n\r\n") << 400;
    QTest::newRow("control character")
        << QByteArray("GET /health HTTP/1.1\r\nHost: x\x01y\r\n\r\n") << 400;
    QTest::newRow("head too large")
        << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(9000, 'a') +
                      "\r\n\r\n")
        << 431;
    QTest::newRow("head too large, unfinished")
        << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(9000, 'a')) << 431;
}

void tst_WorkerEndpointRequests::malformedRequests()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    const QByteArray stream = key(u"malformed"_s);
    WorkerRun worker(
        m_binary,
        workerArguments(stream, {u"--sink"_s, u"sqlite://"_s + database(u"malformed"_s)}));
    QString error;
    QVERIFY2(worker.start(&error), qPrintable(error));
    const RawAnswer answer = rawRequest(worker.port(), request);
    QVERIFY2(answer.closed, "the server closes the connection after its answer");
    QVERIFY2(answer.status() == status, answer.bytes.left(300).constData());
    QVERIFY(answer.bytes.contains("\r\nConnection: close\r\n"));
    // It goes on serving.
    QCOMPARE(fetch(worker.url(u"/health"_s)).status, 200);
}

void tst_WorkerEndpointRequests::slowClientIsClosedWhileTheWorkerIngests()
{
    constexpr int headTimeoutMs = 5000;
    const QByteArray stream = key(u"slow"_s);
    const QString db = database(u"slow"_s);
    QVERIFY(produce(stream, 1, 10));
    WorkerRun worker(m_binary, workerArguments(stream, {u"--sink"_s, u"sqlite://"_s + db,
                                                        u"--http-head-timeout-ms"_s,
                                                        QString::number(headTimeoutMs)}));
    QString error;
    QVERIFY2(worker.start(&error), qPrintable(error));
    HttpAnswer health;
    QTRY_VERIFY_WITH_TIMEOUT(
        (health = fetch(worker.url(u"/health"_s)), this->health(health, "stored") == 10), waitMs);

    // Half a request, then nothing.
    QTcpSocket slow;
    slow.connectToHost(QHostAddress::LocalHost, worker.port());
    QVERIFY(slow.waitForConnected(waitMs));
    QSignalSpy closed(&slow, &QTcpSocket::disconnected);
    slow.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    QVERIFY(slow.waitForBytesWritten(waitMs));
    QElapsedTimer hanging;
    hanging.start();

    // Meanwhile the worker takes in more, and others are answered.
    QVERIFY(produce(stream, 11, 200));
    QTRY_VERIFY_WITH_TIMEOUT(
        (health = fetch(worker.url(u"/health"_s)), this->health(health, "stored") == 200), waitMs);
    QCOMPARE(test::storedMessageNumbers(db), 200);
    QVERIFY2(slow.state() == QAbstractSocket::ConnectedState && closed.isEmpty(),
             "the slow client was closed before the others were served");

    // Then it is cut off, with a 408.
    QVERIFY(closed.wait(headTimeoutMs + waitMs));
    QVERIFY2(hanging.elapsed() >= headTimeoutMs - 500,
             qPrintable(QString::number(hanging.elapsed())));
    QVERIFY2(slow.readAll().startsWith("HTTP/1.1 408 "), "a 408 before the close");
    QVERIFY2(worker.errorOutput().contains(u"running"_s), qPrintable(worker.errorOutput()));
}

void tst_WorkerEndpointRequests::portInUse()
{
    const int port = test::freeLoopbackPort();
    QVERIFY(port > 0);
    const QString listen = u"127.0.0.1:%1"_s.arg(port);
    const QByteArray stream = key(u"port"_s);
    QStringList arguments =
        workerArguments(stream, {u"--sink"_s, u"sqlite://"_s + database(u"port"_s)});
    arguments.replace(arguments.indexOf(u"127.0.0.1:0"_s), listen);
    WorkerRun first(m_binary, arguments);
    QString error;
    QVERIFY2(first.start(&error), qPrintable(error));
    QCOMPARE(first.port(), quint16(port));

    // A second worker on the same port says so and ends with 1, before it reads anything.
    arguments = workerArguments(stream, {u"--sink"_s, u"sqlite://"_s + database(u"port"_s)});
    arguments.replace(arguments.indexOf(u"127.0.0.1:0"_s), listen);
    QProcess second;
    second.start(m_binary, QStringList{u"ingest"_s} + arguments);
    QVERIFY(second.waitForFinished(waitMs));
    const QString err = QString::fromUtf8(second.readAllStandardError());
    QCOMPARE(second.exitCode(), 1);
    QVERIFY2(err.contains(u"Cannot serve HTTP on 127.0.0.1:%1"_s.arg(port)), qPrintable(err));
    QVERIFY2(!err.contains(u"ingest: stream"_s), qPrintable(err));
    QCOMPARE(fetch(first.url(u"/health"_s)).status, 200);
}

QTEST_MAIN(tst_WorkerEndpointRequests)
#include "tst_workerendpointrequests.moc"
