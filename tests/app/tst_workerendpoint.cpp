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

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

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

} // namespace

// `porthole ingest --listen`: the worker's read-only HTTP endpoint, against the fixture's
// redis-server, asked by real clients (QNetworkAccessManager, curl, raw sockets).
class tst_WorkerEndpoint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void healthMatchesWhatWasSent();
    void metricsParseAsPrometheusText();
    void prometheusCheckRejectsMalformedText();
    void batchesOfAFileStore();
    void batchesOfASqlStore();
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
    void inProcessHealthFollowsStats();
    void bigBatchFileIsNeverReadWhole_data();
    void bigBatchFileIsNeverReadWhole();

private:
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

void tst_WorkerEndpoint::initTestCase()
{
    m_binary = qEnvironmentVariable("PORTHOLE_BINARY");
    QVERIFY2(!m_binary.isEmpty(), "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_redis = *url;
    QVERIFY2(m_redis.password().isEmpty(), "the test passes the URL on the command line");
    m_redisText = m_redis.toDisplayString();
    const auto connected = m_client.connect(m_redis);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
    QVERIFY(m_temp.isValid());
    m_prefix = "tst_workerendpoint:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
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

void tst_WorkerEndpoint::cleanupTestCase()
{
    if (!m_keys.isEmpty() && m_client.isConnected()) {
        const auto deleted = m_client.command(QList<QByteArray>{"DEL"} + m_keys);
        QVERIFY2(deleted.ok(), qPrintable(deleted.errorMessage()));
    }
}

QByteArray tst_WorkerEndpoint::key(const QString &name)
{
    m_keys.append(m_prefix + name.toUtf8());
    return m_keys.constLast();
}

QString tst_WorkerEndpoint::database(const QString &name)
{
    return m_temp.filePath(u"%1-%2.db"_s.arg(name).arg(++m_databases));
}

QStringList tst_WorkerEndpoint::workerArguments(const QByteArray &stream,
                                                const QStringList &more) const
{
    return QStringList{u"--redis"_s,    m_redisText,     u"--key"_s,      QString::fromUtf8(stream),
                       u"--consumer"_s, u"http-test"_s,  u"--block-ms"_s, u"100"_s,
                       u"--listen"_s,   u"127.0.0.1:0"_s} +
           more;
}

bool tst_WorkerEndpoint::produce(const QByteArray &stream, int from, int to)
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

HttpAnswer tst_WorkerEndpoint::fetch(const QUrl &url, const QByteArray &method,
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

HttpAnswer tst_WorkerEndpoint::curl(const QStringList &arguments)
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

QByteArray tst_WorkerEndpoint::parseMetrics(const QByteArray &text)
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

qint64 tst_WorkerEndpoint::health(const HttpAnswer &answer, const char *field) const
{
    const QJsonValue value = answer.object().value(QLatin1StringView(field));
    return value.isDouble() ? qint64(value.toDouble()) : -1;
}

void tst_WorkerEndpoint::healthMatchesWhatWasSent()
{
    const QByteArray stream = key(u"health"_s);
    const QString db = database(u"health"_s);
    // Five payloads that cannot be stored as what they claim: dead letters.
    QVERIFY(produce(stream, 1, 240));
    for (int i = 0; i < 5; ++i)
        QVERIFY(m_client.command({"XADD", stream, "*", "payload", "{\"broken"}).ok());
    WorkerRun worker(m_binary, workerArguments(stream, {u"--sink"_s, u"sqlite://"_s + db}));
    QString error;
    QVERIFY2(worker.start(&error), qPrintable(error));

    HttpAnswer answer;
    QTRY_VERIFY2_WITH_TIMEOUT(
        (answer = fetch(worker.url(u"/health"_s)), health(answer, "acknowledged") == 245 &&
                                                       health(answer, "pending") == 0 &&
                                                       health(answer, "stream_length") == 245),
        answer.body.constData(), waitMs);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.headers.value("content-type"), "application/json; charset=utf-8");
    QCOMPARE(answer.headers.value("connection"), "close");
    const QJsonObject report = answer.object();
    QCOMPARE(health(answer, "received"), 245);
    QCOMPARE(health(answer, "stored"), 240);
    QCOMPARE(health(answer, "dead_letters"), 5);
    QCOMPARE(health(answer, "duplicates"), 0);
    QCOMPARE(health(answer, "lost_at_source"), 0);
    QCOMPARE(report.value("state"_L1).toString(), u"running"_s);
    QCOMPARE(report.value("redis"_L1).toString(), u"up"_s);
    QCOMPARE(report.value("database"_L1).toString(), u"up"_s);
    QVERIFY(report.value("rate_per_second"_L1).isDouble());
    QVERIFY(report.value("oldest_pending_age_ms"_L1).isNull()); // nothing pending
    QCOMPARE(report.value("mode"_L1).toString(), u"stream"_s);
    QCOMPARE(report.value("key"_L1).toString(), QString::fromUtf8(stream));
    QCOMPARE(report.value("group"_L1).toString(), u"porthole"_s);
    QCOMPARE(report.value("consumer"_L1).toString(), u"http-test"_s);
    QCOMPARE(report.value("sink"_L1).toString(), u"sqlite://"_s + db);
    QVERIFY(report.value("source"_L1).toString().contains(QString::fromUtf8(stream)));
    QCOMPARE(report.value("version"_L1).toString(), QStringLiteral(PORTHOLE_VERSION));
    QVERIFY(report.value("uptime_seconds"_L1).toDouble() >= 0);
    QVERIFY(QDateTime::fromString(report.value("started_at"_L1).toString(), Qt::ISODate).isValid());
    QCOMPARE(test::storedMessageNumbers(db), 240);

    // More sent while it runs: the numbers follow.
    QVERIFY(produce(stream, 241, 300));
    QTRY_VERIFY2_WITH_TIMEOUT(
        (answer = fetch(worker.url(u"/health"_s)),
         health(answer, "stored") == 300 && health(answer, "stream_length") == 305),
        answer.body.constData(), waitMs);
    QCOMPARE(test::storedMessageNumbers(db), 300);

    // HEAD: the same status and headers, no body.
    const HttpAnswer head = fetch(worker.url(u"/health"_s), "HEAD");
    QCOMPARE(head.status, 200);
    QVERIFY(head.body.isEmpty());
    QVERIFY(head.headers.value("content-length").toLongLong() > 100);
}

void tst_WorkerEndpoint::metricsParseAsPrometheusText()
{
    const QByteArray stream = key(u"metrics"_s);
    QVERIFY(produce(stream, 1, 40));
    WorkerRun worker(
        m_binary, workerArguments(stream, {u"--sink"_s, u"sqlite://"_s + database(u"metrics"_s)}));
    QString error;
    QVERIFY2(worker.start(&error), qPrintable(error));
    HttpAnswer health;
    QTRY_VERIFY_WITH_TIMEOUT(
        (health = fetch(worker.url(u"/health"_s)),
         this->health(health, "acknowledged") == 40 && this->health(health, "stream_length") == 40),
        waitMs);

    const HttpAnswer answer = curl({worker.url(u"/metrics"_s).toString()});
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.headers.value("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    const QByteArray parsed = parseMetrics(answer.body);
    QVERIFY2(!parsed.startsWith("FAILED"), parsed.constData());
    const QJsonObject families = QJsonDocument::fromJson(parsed).object();
    QVERIFY2(!families.isEmpty(), parsed.constData());

    // Every sample belongs to a declared family with a help text; counters end in _total.
    for (auto it = families.begin(); it != families.end(); ++it) {
        const QJsonObject family = it.value().toObject();
        const QString type = family.value("type"_L1).toString();
        QVERIFY2(type == u"counter"_s || type == u"gauge"_s, qPrintable(it.key() + u' ' + type));
        QVERIFY2(!family.value("help"_L1).toString().isEmpty(), qPrintable(it.key()));
        QVERIFY2(it.key().startsWith(u"porthole_ingest_"_s), qPrintable(it.key()));
    }
    const auto value = [&families](const QString &family, const QString &sample) {
        const QJsonArray samples = families.value(family).toObject().value("samples"_L1).toArray();
        for (const QJsonValue &s : samples) {
            if (s.toArray().at(0).toString() == sample)
                return s.toArray().at(2).toDouble();
        }
        return -1.0;
    };
    for (const char *counter : {"received", "stored", "acknowledged", "dead_letters", "duplicates",
                                "lost_at_source", "source_resets"}) {
        const QString name = u"porthole_ingest_"_s + QLatin1StringView(counter);
        QCOMPARE(families.value(name).toObject().value("type"_L1).toString(), u"counter"_s);
        QCOMPARE(value(name, name + u"_total"_s), double(this->health(health, counter)));
    }
    QCOMPARE(value(u"porthole_ingest_stored"_s, u"porthole_ingest_stored_total"_s), 40.0);
    QCOMPARE(value(u"porthole_ingest_pending"_s, u"porthole_ingest_pending"_s), 0.0);
    QCOMPARE(value(u"porthole_ingest_stream_length"_s, u"porthole_ingest_stream_length"_s), 40.0);
    QCOMPARE(value(u"porthole_ingest_up"_s, u"porthole_ingest_up"_s), 1.0);
    QVERIFY(value(u"porthole_ingest_rate_per_second"_s, u"porthole_ingest_rate_per_second"_s) >= 0);
    for (const char *gauge : {"rate_per_second", "pending", "stream_length",
                              "oldest_pending_age_seconds", "state", "up", "info"})
        QCOMPARE(families.value(u"porthole_ingest_"_s + QLatin1StringView(gauge))
                     .toObject()
                     .value("type"_L1)
                     .toString(),
                 u"gauge"_s);

    // One sample a state, 1 for the one it is in.
    const QJsonArray states =
        families.value(u"porthole_ingest_state"_s).toObject().value("samples"_L1).toArray();
    QCOMPARE(states.size(), 9);
    QStringList on;
    for (const QJsonValue &s : states) {
        if (s.toArray().at(2).toDouble() == 1)
            on << s.toArray().at(1).toObject().value("state"_L1).toString();
        else
            QCOMPARE(s.toArray().at(2).toDouble(), 0.0);
    }
    QCOMPARE(on, QStringList{u"running"_s});
    const QJsonObject info = families.value(u"porthole_ingest_info"_s)
                                 .toObject()
                                 .value("samples"_L1)
                                 .toArray()
                                 .at(0)
                                 .toArray()
                                 .at(1)
                                 .toObject();
    QCOMPARE(info.value("key"_L1).toString(), QString::fromUtf8(stream));
    QCOMPARE(info.value("consumer"_L1).toString(), u"http-test"_s);
}

// The check above fails on text that is not the exposition format: it is a real check.
void tst_WorkerEndpoint::prometheusCheckRejectsMalformedText()
{
    QVERIFY(parseMetrics("# TYPE porthole_ingest_up gauge\nporthole_ingest_up 1\n")
                .contains("porthole_ingest_up"));
    QVERIFY(parseMetrics("porthole_ingest_up{state=\"running} 1\n").startsWith("FAILED"));
    QVERIFY(parseMetrics("porthole_ingest_up one\n").startsWith("FAILED"));
    // An undeclared sample comes out as neither counter nor gauge, which the test above refuses.
    const QByteArray undeclared = parseMetrics("porthole_ingest_up 1\n");
    QVERIFY2(undeclared.contains("porthole_ingest_up") && !undeclared.contains("\"gauge\"") &&
                 !undeclared.contains("\"counter\""),
             undeclared.constData());
}

void tst_WorkerEndpoint::batchesOfAFileStore()
{
    const QByteArray stream = key(u"files"_s);
    const QString store = m_temp.filePath(u"store"_s);
    QVERIFY(produce(stream, 1, 25));
    WorkerRun worker(m_binary,
                     workerArguments(stream, {u"--sink"_s, QUrl::fromLocalFile(store).toString(),
                                              u"--db"_s, u"sqlite://"_s + database(u"book"_s)}));
    QString error;
    QVERIFY2(worker.start(&error), qPrintable(error));
    HttpAnswer health;
    QTRY_VERIFY_WITH_TIMEOUT(
        (health = fetch(worker.url(u"/health"_s)), this->health(health, "acknowledged") == 25),
        waitMs);

    // The list: the seed's file metadata, as `porthole batches --json` gives it.
    const HttpAnswer list = curl({worker.url(u"/batches"_s).toString()});
    QCOMPARE(list.status, 200);
    QCOMPARE(list.headers.value("content-type"), "application/json; charset=utf-8");
    const QJsonArray files = list.array();
    QCOMPARE(files.size(), 3);
    const QList<int> counts{10, 10, 5};
    for (int i = 0; i < 3; ++i) {
        const QJsonObject file = files.at(i).toObject();
        QCOMPARE(file.value("id"_L1).toInt(), i + 1);
        QCOMPARE(file.value("filename"_L1).toString(),
                 u"messages_batch_%1.txt"_s.arg(i + 1, 4, 10, QChar(u'0')));
        QCOMPARE(file.value("message_count"_L1).toInt(), counts.at(i));
        QCOMPARE(file.value("first_message_number"_L1).toInt(), i * 10 + 1);
        QCOMPARE(file.value("last_message_number"_L1).toInt(), i * 10 + counts.at(i));
        QVERIFY(file.value("file_size_bytes"_L1).toInt() > 0);
        QVERIFY(file.contains("date_created"_L1) && file.contains("date_modified"_L1));
    }
    QProcess batches;
    batches.start(m_binary, {u"batches"_s, u"--dir"_s, store, u"--json"_s, u"--no-cache"_s});
    QVERIFY(batches.waitForFinished(waitMs));
    QCOMPARE(QJsonDocument::fromJson(batches.readAllStandardOutput()).array(), files);

    // One file: its metadata and its messages, those of `porthole batches --export-json 2`.
    const HttpAnswer one = fetch(worker.url(u"/batches/2"_s));
    QCOMPARE(one.status, 200);
    const QJsonObject file = one.object();
    QCOMPARE(file.value("id"_L1).toInt(), 2);
    QCOMPARE(file.value("message_count"_L1).toInt(), 10);
    const QJsonArray messages = file.value("messages"_L1).toArray();
    QCOMPARE(messages.size(), 10);
    QCOMPARE(messages.at(0).toObject().value("message_number"_L1).toInt(), 11);
    QCOMPARE(messages.at(9).toObject().value("content"_L1).toString(),
             u"this is Message N\u00b0 20 being posted into Redis"_s);
    QProcess exported;
    exported.start(m_binary, {u"batches"_s, u"--dir"_s, store, u"--export-json"_s, u"2"_s});
    QVERIFY(exported.waitForFinished(waitMs));
    QCOMPARE(QJsonDocument::fromJson(exported.readAllStandardOutput()).array(), messages);

    // An id that is not there, and ids that are not ids.
    const HttpAnswer missing = fetch(worker.url(u"/batches/99"_s));
    QCOMPARE(missing.status, 404);
    QVERIFY(missing.object().value("error"_L1).toString().contains(u"99"_s));
    for (const QString &bad : {u"/batches/abc"_s, u"/batches/0"_s, u"/batches/-1"_s,
                               u"/batches/1x"_s, u"/batches/99999999999999999999"_s}) {
        const HttpAnswer refused = fetch(worker.url(bad));
        QVERIFY2(refused.status == 400,
                 qPrintable(bad + u": "_s + QString::number(refused.status)));
        QVERIFY(refused.object().contains("error"_L1));
    }
}

void tst_WorkerEndpoint::batchesOfASqlStore()
{
    const QByteArray stream = key(u"sql"_s);
    WorkerRun worker(m_binary,
                     workerArguments(stream, {u"--sink"_s, u"sqlite://"_s + database(u"sql"_s)}));
    QString error;
    QVERIFY2(worker.start(&error), qPrintable(error));
    for (const QString &path : {u"/batches"_s, u"/batches/1"_s}) {
        const HttpAnswer answer = fetch(worker.url(path));
        QCOMPARE(answer.status, 404);
        QCOMPARE(answer.headers.value("content-type"), "application/json; charset=utf-8");
        QVERIFY2(answer.object().value("error"_L1).toString().contains(u"SQL database"_s),
                 answer.body.constData());
    }
}

void tst_WorkerEndpoint::routes_data()
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

void tst_WorkerEndpoint::routes()
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

void tst_WorkerEndpoint::tokens_data()
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

void tst_WorkerEndpoint::tokens()
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

void tst_WorkerEndpoint::tokenFromEnvironment()
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

void tst_WorkerEndpoint::refusedSettings_data()
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

void tst_WorkerEndpoint::refusedSettings()
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

void tst_WorkerEndpoint::malformedRequests_data()
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

void tst_WorkerEndpoint::malformedRequests()
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

void tst_WorkerEndpoint::slowClientIsClosedWhileTheWorkerIngests()
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

void tst_WorkerEndpoint::portInUse()
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

// The endpoint in this process, fed statistics as the worker sends them.
void tst_WorkerEndpoint::inProcessHealthFollowsStats()
{
    WorkerEndpointOptions options;
    options.mode = u"list"_s;
    options.key = u"jobs"_s;
    options.consumer = u"c1"_s;
    options.sinkDisplay = u"postgresql://porthole:***@db:5432/porthole"_s;
    WorkerEndpoint endpoint(options);
    const Status listening = endpoint.listen();
    QVERIFY2(listening.ok(), qPrintable(listening.errorMessage()));
    QCOMPARE(endpoint.address(), QHostAddress(QHostAddress::LocalHost));
    QVERIFY(endpoint.port() > 0);
    const QUrl url(endpoint.url() + u"/health"_s);

    IngestStats stats;
    stats.state = IngestState::WaitingForSink;
    stats.received = 12;
    stats.stored = 10;
    stats.pending = 2;
    stats.oldestPendingAgeMs = 2500;
    stats.sink = u"postgresql://porthole:secret@db:5432/porthole"_s;
    stats.lastError = u"PostgreSQL refused the group: the database system is starting up"_s;
    stats.lastErrorAt = QDateTime(QDate(2025, 10, 16), QTime(14, 56, 5), Qt::UTC);
    endpoint.setStats(stats);
    HttpAnswer answer = fetch(url);
    QCOMPARE(answer.status, 200);
    QJsonObject report = answer.object();
    QCOMPARE(report.value("state"_L1).toString(), u"waiting_for_store"_s);
    QCOMPARE(report.value("state_text"_L1).toString(), u"waiting for the store"_s);
    QCOMPARE(report.value("database"_L1).toString(), u"waiting"_s);
    QCOMPARE(report.value("redis"_L1).toString(), u"up"_s);
    QCOMPARE(report.value("pending"_L1).toInt(), 2);
    QCOMPARE(report.value("oldest_pending_age_ms"_L1).toInt(), 2500);
    QVERIFY(report.value("group"_L1).isNull()); // a list has no group
    QCOMPARE(report.value("last_error"_L1).toString(), stats.lastError);
    QCOMPARE(report.value("last_error_at"_L1).toString(), u"2025-10-16T14:56:05Z"_s);
    QVERIFY2(!answer.body.contains("secret"), "the store's password stays in the worker");
    QCOMPARE(report.value("sink"_L1).toString(), options.sinkDisplay);

    stats.state = IngestState::Reconnecting;
    endpoint.setStats(stats);
    QCOMPARE(fetch(url).object().value("redis"_L1).toString(), u"reconnecting"_s);
    const QByteArray metrics = fetch(QUrl(endpoint.url() + u"/metrics"_s)).body;
    QVERIFY(metrics.contains("porthole_ingest_state{state=\"reconnecting\"} 1\n"));
    QVERIFY(metrics.contains("porthole_ingest_up 0\n"));
    QVERIFY(metrics.contains("porthole_ingest_oldest_pending_age_seconds 2.5\n"));
    QVERIFY(metrics.contains("porthole_ingest_last_error_timestamp_seconds 1760626565\n"));
    QVERIFY2(!parseMetrics(metrics).startsWith("FAILED"), parseMetrics(metrics).constData());

    // A stalled worker runs and stores nothing: not healthy.
    stats.state = IngestState::Stalled;
    endpoint.setStats(stats);
    answer = fetch(url);
    QCOMPARE(answer.status, 503);
    QCOMPARE(answer.object().value("state"_L1).toString(), u"stalled"_s);
    QVERIFY(fetch(QUrl(endpoint.url() + u"/metrics"_s))
                .body.contains("porthole_ingest_state{state=\"stalled\"} 1\n"));

    // A worker that cannot go on says so with its status too.
    stats.state = IngestState::Failed;
    endpoint.setStats(stats);
    answer = fetch(url);
    QCOMPARE(answer.status, 503);
    QCOMPARE(answer.object().value("state"_L1).toString(), u"failed"_s);
    QCOMPARE(answer.object().value("redis"_L1).toString(), u"down"_s);
}

void tst_WorkerEndpoint::bigBatchFileIsNeverReadWhole_data()
{
    QTest::addColumn<bool>("last");
    QTest::newRow("the last batch: start-up") << true;
    QTest::newRow("a batch before the last: GET") << false;
}

// A 2 GiB batch file (sparse) in the store of a running worker: as the last batch, the worker
// starts at once (the file is left as it is, writing goes on after it); GET /batches/2 says what
// is wrong with a 500 instead of reading it. The worker's peak resident set (VmHWM) stays far
// below the file's size.
void tst_WorkerEndpoint::bigBatchFileIsNeverReadWhole()
{
    QFETCH(bool, last);
    const QByteArray stream = key(last ? u"bigfile-last"_s : u"bigfile-middle"_s);
    QTemporaryDir store;
    QVERIFY(store.isValid());
    QVERIFY(test::writeFile(store.filePath(u"messages_batch_0001.txt"_s), test::seedLines(1, 10)));
    QVERIFY(test::writeFile(store.filePath(u"messages_batch_0002.txt"_s), test::seedLines(11, 3)));
    const qint64 size = qint64(2) << 30;
    QVERIFY(QFile::resize(store.filePath(u"messages_batch_0002.txt"_s), size));
    if (!last)
        QVERIFY(
            test::writeFile(store.filePath(u"messages_batch_0003.txt"_s), test::seedLines(21, 3)));
    QVERIFY(produce(stream, last ? 21 : 24, last ? 25 : 28));
    WorkerRun worker(
        m_binary,
        workerArguments(stream, {u"--sink"_s, QUrl::fromLocalFile(store.path()).toString(),
                                 u"--db"_s, u"sqlite://"_s + database(u"big"_s)}));
    QString error;
    QVERIFY2(worker.start(&error), qPrintable(error));
    HttpAnswer health;
    QTRY_VERIFY_WITH_TIMEOUT(
        (health = fetch(worker.url(u"/health"_s)), this->health(health, "acknowledged") == 5),
        waitMs);
    if (last)
        QVERIFY2(worker.errorOutput().contains(u"messages_batch_0002.txt"_s),
                 qPrintable(worker.errorOutput()));
    constexpr qint64 limitKiB = 200 * 1024;
    const auto checkPeak = [&worker](const char *when) {
        const qint64 peakKiB = test::peakRssKiBOf(worker.pid());
        qInfo("the worker's peak RSS %s: %lld KiB", when, peakKiB);
        return peakKiB > 0 && peakKiB < limitKiB + test::sanitizerSlackKiB;
    };
    QVERIFY2(checkPeak("after start-up"), "start-up read the big file");

    const HttpAnswer damaged = fetch(worker.url(u"/batches/2"_s));
    QCOMPARE(damaged.status, 500);
    const QString why = damaged.object().value("error"_L1).toString();
    QVERIFY2(why.contains(QString::number(size)) && why.contains(u"damaged"_s), qPrintable(why));
    QCOMPARE(fetch(worker.url(u"/batches/1"_s)).status, 200);
    const HttpAnswer list = fetch(worker.url(u"/batches"_s));
    QCOMPARE(list.status, 200);
    QCOMPARE(list.array().size(), 3); // 1, the big one, and 3 where the worker went on
    QCOMPARE(list.array().at(2).toObject().value("message_count"_L1).toInt(), last ? 5 : 8);

    QVERIFY2(checkPeak("after the requests"), "a request read the big file");
}

QTEST_MAIN(tst_WorkerEndpoint)
#include "tst_workerendpoint.moc"
