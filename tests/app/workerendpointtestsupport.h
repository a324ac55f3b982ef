#pragma once

// What the tests of `porthole ingest --listen` share: workers run against the fixture's
// redis-server, and the endpoint asked through QNetworkAccessManager, curl and raw sockets.

#include "batchteststore.h"
#include "ingeststatus.h"
#include "ownredis.h"
#include "peakmemory.h"
#include "redisclient.h"
#include "testservers.h"
#include "workerendpoint.h"

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

namespace porthole::test {

using namespace Qt::StringLiterals;

constexpr int waitMs = 30000;

// One `porthole ingest` with --listen, its standard error read as it comes; killed when it
// goes away still running.
class WorkerRun
{
public:
    WorkerRun(const QString &binary, const QStringList &arguments,
              const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
    {
        m_process.setProgram(binary);
        m_process.setArguments(QStringList{u"ingest"_s} + arguments);
        m_process.setProcessEnvironment(environment);
        m_process.setStandardOutputFile(QProcess::nullDevice());
    }
    ~WorkerRun()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(waitMs);
        }
    }
    WorkerRun(const WorkerRun &) = delete;
    WorkerRun &operator=(const WorkerRun &) = delete;

    // Starts it and waits for "ingest: serving http://127.0.0.1:PORT".
    bool start(QString *error)
    {
        m_process.start();
        if (!m_process.waitForStarted(waitMs)) {
            *error = m_process.errorString();
            return false;
        }
        static const QRegularExpression serving(
            u"^ingest: serving (http://127\\.0\\.0\\.1:\\d+)$"_s,
            QRegularExpression::MultilineOption);
        QSignalSpy output(&m_process, &QProcess::readyReadStandardError);
        QSignalSpy finished(&m_process, &QProcess::finished);
        while (true) {
            m_err += QString::fromUtf8(m_process.readAllStandardError());
            if (const auto match = serving.match(m_err); match.hasMatch()) {
                m_url = QUrl(match.captured(1));
                return true;
            }
            if (m_process.state() == QProcess::NotRunning || !finished.isEmpty()) {
                *error = u"it ended without serving: "_s + m_err;
                return false;
            }
            if (!output.wait(waitMs)) {
                *error = u"it printed no address within 30 s: "_s + m_err;
                return false;
            }
        }
    }
    QUrl url(const QString &path) const { return m_url.resolved(QUrl(path)); }
    quint16 port() const { return quint16(m_url.port()); }
    qint64 pid() const { return m_process.processId(); }
    QString errorOutput()
    {
        m_err += QString::fromUtf8(m_process.readAllStandardError());
        return m_err;
    }

private:
    QProcess m_process;
    QString m_err;
    QUrl m_url;
};

struct HttpAnswer
{
    int status = 0; // 0: no HTTP answer
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QString error;

    QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
};

// What a raw connection got back: the bytes until the server closed, and whether it did.
struct RawAnswer
{
    QByteArray bytes;
    bool closed = false;
    int status() const { return bytes.startsWith("HTTP/1.1 ") ? bytes.mid(9, 3).toInt() : 0; }
};

inline RawAnswer rawRequest(quint16 port, const QByteArray &request)
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

// What tst_WorkerEndpoint and tst_WorkerEndpointRequests derive from: the fixture's redis-server,
// workers of their own, and the clients that ask them.
class WorkerEndpointTest : public QObject
{
protected:
    // The servers, the program and what every test of the unit shares (initTestCase).
    void setUpFixtures()
    {
        m_binary = qEnvironmentVariable("PORTHOLE_BINARY");
        QVERIFY2(!m_binary.isEmpty(),
                 "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
        const auto url = test::fixtureRedis();
        QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
        m_redis = *url;
        QVERIFY2(m_redis.password().isEmpty(), "the test passes the URL on the command line");
        m_redisText = m_redis.toDisplayString();
        const auto connected = m_client.connect(m_redis);
        QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
        QVERIFY(m_temp.isValid());
        m_prefix =
            "tst_workerendpoint:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
        QVERIFY2(!QStandardPaths::findExecutable(u"curl"_s).isEmpty(),
                 "curl is the operator's client here: scripts/install-deps test");

        // Debian's python3-prometheus-client lives in the system Python; a python3 of another
        // installation earlier on the PATH would not see it.
        QStringList candidates{qEnvironmentVariable("PORTHOLE_TEST_PYTHON"), u"/usr/bin/python3"_s,
                               QStandardPaths::findExecutable(u"python3"_s)};
        for (const QString &candidate : std::as_const(candidates)) {
            if (candidate.isEmpty())
                continue;
            QProcess probe;
            probe.start(candidate, {u"-c"_s, u"import prometheus_client.parser"_s});
            if (probe.waitForFinished(waitMs) && probe.exitStatus() == QProcess::NormalExit &&
                probe.exitCode() == 0) {
                m_python = candidate;
                break;
            }
        }
        QVERIFY2(!m_python.isEmpty(), "no python3 with prometheus_client: install "
                                      "python3-prometheus-client (scripts/install-deps test)");
    }

    // What setUpFixtures() made, taken away (cleanupTestCase).
    void tearDownFixtures()
    {
        if (!m_keys.isEmpty() && m_client.isConnected()) {
            const auto deleted = m_client.command(QList<QByteArray>{"DEL"} + m_keys);
            QVERIFY2(deleted.ok(), qPrintable(deleted.errorMessage()));
        }
    }

    QByteArray key(const QString &name);
    // A new SQLite file for one worker: a worker killed while it creates the schema leaves a
    // half-made one behind, which the next would refuse.
    QString database(const QString &name);
    QStringList workerArguments(const QByteArray &stream, const QStringList &more) const;
    // Adds numbered messages from..to to the stream; false (with a warning) when Redis refused.
    bool produce(const QByteArray &stream, int from, int to);
    HttpAnswer fetch(const QUrl &url, const QByteArray &method = "GET",
                     const QByteArray &authorization = {});
    // curl's answer: status, headers and body, as an operator would see them.
    HttpAnswer curl(const QStringList &arguments);
    // Runs the Prometheus client's parser on text: the families as JSON, or "FAILED: ...".
    QByteArray parseMetrics(const QByteArray &text);
    qint64 health(const HttpAnswer &answer, const char *field) const;

    QString m_binary;
    QString m_redisText;
    RedisUrl m_redis;
    RedisClient m_client;
    QString m_python;
    QTemporaryDir m_temp;
    QByteArray m_prefix;
    QList<QByteArray> m_keys;
    int m_databases = 0;
    QNetworkAccessManager m_network;
};

inline QByteArray WorkerEndpointTest::key(const QString &name)
{
    m_keys.append(m_prefix + name.toUtf8());
    return m_keys.constLast();
}

inline QString WorkerEndpointTest::database(const QString &name)
{
    return m_temp.filePath(u"%1-%2.db"_s.arg(name).arg(++m_databases));
}

inline QStringList WorkerEndpointTest::workerArguments(const QByteArray &stream,
                                                       const QStringList &more) const
{
    return QStringList{u"--redis"_s,    m_redisText,     u"--key"_s,      QString::fromUtf8(stream),
                       u"--consumer"_s, u"http-test"_s,  u"--block-ms"_s, u"100"_s,
                       u"--listen"_s,   u"127.0.0.1:0"_s} +
           more;
}

inline bool WorkerEndpointTest::produce(const QByteArray &stream, int from, int to)
{
    QList<QList<QByteArray>> commands;
    for (int n = from; n <= to; ++n)
        commands.append(
            {"XADD", stream, "*", "payload",
             "this is Message N\xc2\xb0 " + QByteArray::number(n) + " being posted into Redis"});
    const auto replies = m_client.pipeline(commands);
    if (!replies.ok())
        qWarning("XADD failed: %s", qPrintable(replies.errorMessage()));
    return replies.ok();
}

inline HttpAnswer WorkerEndpointTest::fetch(const QUrl &url, const QByteArray &method,
                                            const QByteArray &authorization)
{
    QNetworkRequest request(url);
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    std::unique_ptr<QNetworkReply> reply(m_network.sendCustomRequest(request, method));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    HttpAnswer answer;
    if (!reply->isFinished() && !finished.wait(waitMs)) {
        answer.error = u"no answer within 30 s"_s;
        return answer;
    }
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        answer.headers.insert(name.toLower(), value);
    if (reply->error() != QNetworkReply::NoError)
        answer.error = reply->errorString();
    return answer;
}

inline HttpAnswer WorkerEndpointTest::curl(const QStringList &arguments)
{
    const QString headers = m_temp.filePath(u"curl-headers"_s);
    QFile::remove(headers);
    QProcess process;
    process.start(u"curl"_s, QStringList{u"--noproxy"_s, u"*"_s, u"--silent"_s, u"--show-error"_s,
                                         u"--max-time"_s, u"30"_s, u"--dump-header"_s, headers} +
                                 arguments);
    HttpAnswer answer;
    if (!process.waitForFinished(waitMs + 5000)) {
        answer.error = u"curl did not end"_s;
        return answer;
    }
    answer.body = process.readAllStandardOutput();
    answer.error = QString::fromUtf8(process.readAllStandardError());
    QFile file(headers);
    if (!file.open(QIODevice::ReadOnly))
        return answer;
    const QList<QByteArray> lines = file.readAll().split('\n');
    if (!lines.isEmpty() && lines.first().startsWith("HTTP/1.1 "))
        answer.status = lines.first().mid(9, 3).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            answer.headers.insert(lines.at(i).left(colon).toLower(),
                                  lines.at(i).mid(colon + 1).trimmed());
    }
    return answer;
}

inline QByteArray WorkerEndpointTest::parseMetrics(const QByteArray &text)
{
    // Every family: its type, help and samples. A sample that belongs to no family declared
    // before it comes out as a family of type "unknown" (older parsers: "untyped").
    static const QString script = uR"py(
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = {}
for family in text_string_to_metric_families(sys.stdin.read()):
    if family.name in out:
        raise SystemExit("family %s declared twice" % family.name)
    out[family.name] = {"type": family.type, "help": family.documentation,
                        "samples": [[s.name, s.labels, s.value] for s in family.samples]}
print(json.dumps(out))
)py"_s;
    QProcess process;
    process.start(m_python, {u"-c"_s, script});
    process.write(text);
    process.closeWriteChannel();
    if (!process.waitForFinished(waitMs))
        return "FAILED: the parser did not end";
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return "FAILED: " + process.readAllStandardError();
    return process.readAllStandardOutput();
}

inline qint64 WorkerEndpointTest::health(const HttpAnswer &answer, const char *field) const
{
    const QJsonValue value = answer.object().value(QLatin1StringView(field));
    return value.isDouble() ? qint64(value.toDouble()) : -1;
}

} // namespace porthole::test
