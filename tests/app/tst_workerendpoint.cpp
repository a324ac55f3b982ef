#include "batchteststore.h"
#include "commandrun.h"
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

// `porthole ingest --listen`: the worker's read-only HTTP endpoint, against the fixture's
// redis-server, asked by real clients (QNetworkAccessManager, curl, raw sockets): what it
// serves (health, metrics, batches). Its routes, tokens and refusals: tst_WorkerEndpointRequests.
class tst_WorkerEndpoint : public porthole::test::WorkerEndpointTest
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
    void inProcessHealthFollowsStats();
    void bigBatchFileIsNeverReadWhole_data();
    void bigBatchFileIsNeverReadWhole();
};

void tst_WorkerEndpoint::initTestCase()
{
    setUpFixtures();
}

void tst_WorkerEndpoint::cleanupTestCase()
{
    tearDownFixtures();
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
    const test::CommandRun batches =
        test::runPorthole({u"batches"_s, u"--dir"_s, store, u"--json"_s, u"--no-cache"_s}, waitMs);
    QVERIFY(batches.exitCode != -1);
    QCOMPARE(QJsonDocument::fromJson(batches.out).array(), files);

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
    const test::CommandRun exported =
        test::runPorthole({u"batches"_s, u"--dir"_s, store, u"--export-json"_s, u"2"_s}, waitMs);
    QVERIFY(exported.exitCode != -1);
    QCOMPARE(QJsonDocument::fromJson(exported.out).array(), messages);

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
