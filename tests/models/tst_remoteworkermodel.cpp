#include "ownredis.h"
#include "remoteworkermodel.h"
#include "scriptedhttpserver.h"
#include "workerendpoint.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QColor>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

Q_DECLARE_METATYPE(porthole::test::ScriptedAnswer)

namespace {

constexpr int waitMs = 20000;

IngestStats runningStats()
{
    IngestStats stats;
    stats.state = IngestState::Running;
    stats.received = 1200;
    stats.stored = 1190;
    stats.acknowledged = 1195;
    stats.deadLettered = 5;
    stats.ratePerSecond = 212.4;
    stats.pending = 37;
    stats.length = 1237;
    stats.source = u"stream orders on redis://10.0.0.2:6379"_s;
    stats.lastError = u"A payload was not JSON: kept as a dead letter"_s;
    stats.lastErrorAt = QDateTime::currentDateTimeUtc();
    return stats;
}

} // namespace

// The Overview's remote workers over real HTTP: each worker is a WorkerEndpoint on loopback,
// in this process, fed statistics as `porthole ingest` feeds it.
class tst_RemoteWorkerModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void workerUrl_data();
    void workerUrl();
    void followsAWorker();
    void unreachable();
    void tokens();
    void tokenNeededIsNotAsked();
    void notAWorker();
    void noAnswerTimesOut();
    void slowAnswer_data();
    void slowAnswer();
    void redirectIsNotFollowed();
    void removedWhileAsking();
};

void tst_RemoteWorkerModel::workerUrl_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("url"); // empty: refused
    QTest::newRow("as printed") << u"http://127.0.0.1:9464"_s << u"http://127.0.0.1:9464"_s;
    QTest::newRow("host and port") << u"10.0.0.5:9464"_s << u"http://10.0.0.5:9464"_s;
    QTest::newRow("slash") << u"http://10.0.0.5:9464/"_s << u"http://10.0.0.5:9464"_s;
    QTest::newRow("health") << u" http://w1:9464/health "_s << u"http://w1:9464"_s;
    QTest::newRow("behind a proxy")
        << u"https://ops.example/workers/2/"_s << u"https://ops.example/workers/2"_s;
    QTest::newRow("IPv6") << u"http://[::1]:9464"_s << u"http://[::1]:9464"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("other scheme") << u"ftp://w1:21"_s << QString();
    QTest::newRow("password in it") << u"http://op:secret@w1:9464"_s << QString();
    QTest::newRow("query") << u"http://w1:9464/?x=1"_s << QString();
    QTest::newRow("bad port") << u"http://w1:port"_s << QString();
}

void tst_RemoteWorkerModel::workerUrl()
{
    QFETCH(QString, text);
    QFETCH(QString, url);
    QString error;
    const QUrl parsed = RemoteWorkerModel::workerUrl(text, &error);
    if (url.isEmpty()) {
        QVERIFY(!parsed.isValid());
        QVERIFY(error.contains(u"http://HOST:PORT"_s));
    } else {
        QCOMPARE(parsed.toString(), url);
    }
}

void tst_RemoteWorkerModel::followsAWorker()
{
    WorkerEndpointOptions options;
    options.mode = u"stream"_s;
    options.key = u"orders"_s;
    options.group = u"porthole"_s;
    options.consumer = u"ingest-2"_s;
    WorkerEndpoint endpoint(options);
    QVERIFY(endpoint.listen().ok());
    endpoint.setStats(runningStats());

    RemoteWorkerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy checked(&model, &RemoteWorkerModel::workerChecked);
    const QUrl url(endpoint.url());
    QVERIFY(model.addWorker({url, u"ingest-2"_s, false}));
    QVERIFY2(!model.addWorker({url, u"again"_s, false}), "a worker is listed once");
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.reach(0), RemoteWorkerModel::Reach::Checking);
    QCOMPARE(model.index(0, RemoteWorkerModel::StateColumn).data().toString(), u"checking…"_s);
    QVERIFY(checked.wait(waitMs));
    QCOMPARE(checked.at(0).at(0).toUrl(), url);

    QCOMPARE(model.reach(0), RemoteWorkerModel::Reach::Ok);
    const auto text = [&model](int column) {
        return model.index(0, column).data().toString();
    };
    QCOMPARE(text(RemoteWorkerModel::WorkerColumn),
             u"ingest-2 (127.0.0.1:%1)"_s.arg(endpoint.port()));
    QCOMPARE(text(RemoteWorkerModel::StateColumn), u"running"_s);
    QCOMPARE(text(RemoteWorkerModel::RateColumn), u"212/s"_s);
    QCOMPARE(text(RemoteWorkerModel::PendingColumn), u"37"_s);
    QVERIFY2(text(RemoteWorkerModel::LastErrorColumn)
                 .endsWith(u"A payload was not JSON: kept as a dead letter"_s),
             qPrintable(text(RemoteWorkerModel::LastErrorColumn)));
    QCOMPARE(model.health(0)->consumer, u"ingest-2"_s);
    QCOMPARE(model.health(0)->stats.stored, 1190);
    QVERIFY(model.index(0, 0).data(Qt::ToolTipRole).toString().contains(u"Consumer: ingest-2"_s));

    // Polled: what the worker says next shows.
    model.setPollInterval(100);
    IngestStats stats = runningStats();
    stats.state = IngestState::WaitingForSink;
    stats.pending = -1;
    endpoint.setStats(stats);
    QTRY_COMPARE_WITH_TIMEOUT(text(RemoteWorkerModel::StateColumn), u"waiting for the store"_s,
                              waitMs);
    QCOMPARE(text(RemoteWorkerModel::PendingColumn), u"not known"_s);
    stats.state = IngestState::Failed;
    endpoint.setStats(stats); // answered with 503 and its health
    QTRY_COMPARE_WITH_TIMEOUT(text(RemoteWorkerModel::StateColumn), u"failed"_s, waitMs);
    QCOMPARE(model.reach(0), RemoteWorkerModel::Reach::Ok);

    model.removeWorker(0);
    QCOMPARE(model.rowCount(), 0);
}

void tst_RemoteWorkerModel::unreachable()
{
    const int port = test::freeLoopbackPort();
    QVERIFY(port > 0);
    RemoteWorkerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy checked(&model, &RemoteWorkerModel::workerChecked);
    QVERIFY(model.addWorker({QUrl(u"http://127.0.0.1:%1"_s.arg(port)), {}, false}));
    QVERIFY(checked.wait(waitMs));
    QCOMPARE(model.reach(0), RemoteWorkerModel::Reach::Unreachable);
    QCOMPARE(model.stateText(0), u"unreachable (connection refused)"_s);
    QVERIFY(model.index(0, RemoteWorkerModel::RateColumn).data().toString().isEmpty());
    QCOMPARE(model.index(0, RemoteWorkerModel::StateColumn).data(Qt::ForegroundRole),
             QVariant(QBrush(QColor(0xc6, 0x28, 0x28))));

    // The worker comes up on that port: the next poll finds it.
    WorkerEndpointOptions options;
    options.port = quint16(port);
    WorkerEndpoint endpoint(options);
    QVERIFY(endpoint.listen().ok());
    endpoint.setStats(runningStats());
    model.setPollInterval(100);
    QTRY_COMPARE_WITH_TIMEOUT(model.reach(0), RemoteWorkerModel::Reach::Ok, waitMs);
}

void tst_RemoteWorkerModel::tokens()
{
    WorkerEndpointOptions options;
    options.token = "a-token-of-32-characters-for-you";
    WorkerEndpoint endpoint(options);
    QVERIFY(endpoint.listen().ok());
    endpoint.setStats(runningStats());

    RemoteWorkerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy checked(&model, &RemoteWorkerModel::workerChecked);
    QVERIFY(model.addWorker({QUrl(endpoint.url()), {}, false}));
    QVERIFY(checked.wait(waitMs));
    QCOMPARE(model.reach(0), RemoteWorkerModel::Reach::TokenRefused);
    QCOMPARE(model.stateText(0), u"401 token required: set one"_s);

    model.setToken(0, u"a-token-of-32-characters-for-yoU"_s);
    QCOMPARE(model.reach(0), RemoteWorkerModel::Reach::Checking);
    QVERIFY(checked.wait(waitMs));
    QCOMPARE(model.reach(0), RemoteWorkerModel::Reach::TokenRefused);
    QCOMPARE(model.stateText(0), u"401 token refused"_s);
    QVERIFY(!model.health(0));

    model.setToken(0, u"a-token-of-32-characters-for-you"_s);
    QVERIFY(checked.wait(waitMs));
    QCOMPARE(model.reach(0), RemoteWorkerModel::Reach::Ok);
    QCOMPARE(model.stateText(0), u"running"_s);
    QVERIFY(model.entries().at(0).needsToken);
}

void tst_RemoteWorkerModel::tokenNeededIsNotAsked()
{
    // A listening socket that counts who connects, and never answers.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy connections(&server, &QTcpServer::newConnection);

    RemoteWorkerModel model;
    QVERIFY(model.addWorker({QUrl(u"http://127.0.0.1:%1"_s.arg(server.serverPort())),
                             u"kept from last session"_s, true}));
    QCOMPARE(model.reach(0), RemoteWorkerModel::Reach::TokenNeeded);
    QVERIFY(model.stateText(0).startsWith(u"token needed"_s));
    model.poll();
    QCOMPARE(model.reach(0), RemoteWorkerModel::Reach::TokenNeeded);

    // Control: a worker without that mark is asked, on the same kind of socket.
    QVERIFY(model.addWorker(
        {QUrl(u"http://127.0.0.1:%1/other"_s.arg(server.serverPort())), {}, false}));
    QVERIFY(connections.wait(waitMs));
    QCOMPARE(connections.size(), 1);
    QCOMPARE(model.reach(0), RemoteWorkerModel::Reach::TokenNeeded);
}

void tst_RemoteWorkerModel::notAWorker()
{
    WorkerEndpoint endpoint{WorkerEndpointOptions{}};
    QVERIFY(endpoint.listen().ok());
    RemoteWorkerModel model;
    QSignalSpy checked(&model, &RemoteWorkerModel::workerChecked);
    // /metrics/health is nothing: 404.
    QVERIFY(model.addWorker({QUrl(endpoint.url() + u"/metrics"_s), {}, false}));
    QVERIFY(checked.wait(waitMs));
    QCOMPARE(model.reach(0), RemoteWorkerModel::Reach::NotAWorker);
    QCOMPARE(model.stateText(0), u"not a Porthole worker (HTTP 404)"_s);
}

void tst_RemoteWorkerModel::noAnswerTimesOut()
{
    QTcpServer server; // takes the connection, never answers
    QVERIFY(server.listen(QHostAddress::LocalHost));
    RemoteWorkerModel model;
    model.setRequestTimeout(300);
    QSignalSpy checked(&model, &RemoteWorkerModel::workerChecked);
    QVERIFY(model.addWorker({QUrl(u"http://127.0.0.1:%1"_s.arg(server.serverPort())), {}, false}));
    QVERIFY(checked.wait(waitMs));
    QCOMPARE(model.reach(0), RemoteWorkerModel::Reach::Unreachable);
    QCOMPARE(model.stateText(0), u"unreachable (no answer within 0.3 s)"_s);
}

// A server that answers steadily but without end, or a byte at a time (never silent for the
// timeout): the answer is cut as it arrives past its byte limit, the request at its time
// limit, each with its reason.
void tst_RemoteWorkerModel::slowAnswer_data()
{
    QTest::addColumn<test::ScriptedAnswer>("answer");
    QTest::addColumn<QString>("state");
    QTest::addColumn<qint64>("maxBytesWritten"); // of the answer, before the model closed it

    const QByteArray chunked =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    QTest::newRow("a body without end")
        << test::ScriptedAnswer{.head = chunked, .chunkSize = 16 * 1024}
        << u"not a Porthole worker (its answer is longer than 1 MiB)"_s << qint64(4 << 20);
    QTest::newRow("a head a byte at a time")
        << test::ScriptedAnswer{.slowly = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                          "Content-Length: 2\r\n\r\n{}"}
        << u"unreachable (no answer within 0.5 s)"_s << qint64(20);
    QTest::newRow("a body a byte at a time")
        << test::ScriptedAnswer{.head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                        "Content-Length: 100\r\n\r\n",
                                .slowly = QByteArray(100, ' ')}
        << u"unreachable (no answer within 0.5 s)"_s << qint64(72 + 40);
}

void tst_RemoteWorkerModel::slowAnswer()
{
    QFETCH(test::ScriptedAnswer, answer);
    QFETCH(QString, state);
    QFETCH(qint64, maxBytesWritten);
    test::ScriptedHttpServer server([&](int, const test::ScriptedRequest &) { return answer; });
    QVERIFY(server.listen());
    RemoteWorkerModel model;
    model.setRequestTimeout(500);
    QSignalSpy checked(&model, &RemoteWorkerModel::workerChecked);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(model.addWorker({server.url({}), {}, false}));
    QVERIFY(checked.wait(waitMs));
    const qint64 elapsed = clock.elapsed();
    QVERIFY2(elapsed < 2000, qPrintable(u"checked after %1 ms"_s.arg(elapsed)));
    QCOMPARE(model.stateText(0), state);
    QCOMPARE(server.requests.size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(server.requests.at(0).closedByClient, waitMs);
    qInfo("checked after %lld ms; %lld bytes of the answer written", elapsed,
          server.requests.at(0).answerBytesWritten);
    QVERIFY2(server.requests.at(0).answerBytesWritten < maxBytesWritten,
             qPrintable(QString::number(server.requests.at(0).answerBytesWritten)));
}

// A 302 is an answer, not a worker's: not followed, so that the token goes nowhere else.
void tst_RemoteWorkerModel::redirectIsNotFollowed()
{
    test::ScriptedHttpServer server([](int index, const test::ScriptedRequest &) {
        if (index > 0)
            return test::ScriptedAnswer{.head =
                                            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"};
        return test::ScriptedAnswer{.head = "HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\n"
                                            "Content-Length: 0\r\n\r\n"};
    });
    QVERIFY(server.listen());
    RemoteWorkerModel model;
    QSignalSpy checked(&model, &RemoteWorkerModel::workerChecked);
    QVERIFY(model.addWorker({server.url({}), {}, false}, u"a-token-of-32-characters-for-you"_s));
    QVERIFY(checked.wait(waitMs));
    QCOMPARE(model.stateText(0), u"not a Porthole worker (HTTP 302)"_s);
    QCOMPARE(server.requests.size(), 1);
    QCOMPARE(server.requests.at(0).target, "/health");
}

void tst_RemoteWorkerModel::removedWhileAsking()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy connections(&server, &QTcpServer::newConnection);
    RemoteWorkerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy checked(&model, &RemoteWorkerModel::workerChecked);
    QVERIFY(model.addWorker({QUrl(u"http://127.0.0.1:%1"_s.arg(server.serverPort())), {}, false}));
    QVERIFY(connections.wait(waitMs)); // the request is under way
    model.removeWorker(0);
    QCOMPARE(model.rowCount(), 0);
    // The aborted request reports nothing for a row that is gone; a second worker still works.
    WorkerEndpoint endpoint{WorkerEndpointOptions{}};
    QVERIFY(endpoint.listen().ok());
    QVERIFY(model.addWorker({QUrl(endpoint.url()), {}, false}));
    QVERIFY(checked.wait(waitMs));
    QCOMPARE(checked.size(), 1);
    QCOMPARE(checked.at(0).at(0).toUrl(), QUrl(endpoint.url()));
}

QTEST_MAIN(tst_RemoteWorkerModel)
#include "tst_remoteworkermodel.moc"
