#include "alertwebhook.h"
#include "environmentreader.h"
#include "scriptedhttpserver.h"
#include "workerconfig.h"
#include "workerendpointtestsupport.h"

#include <QTcpServer>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;

namespace {

// An HTTP receiver that answers each POST with the next of `statuses` (the last one
// thereafter) and keeps the bodies it got, in order.
class HookReceiver : public QObject
{
    Q_OBJECT

public:
    explicit HookReceiver(QList<int> statuses)
        : m_statuses(std::move(statuses))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1/hook"_s.arg(m_server.serverPort())); }

    QList<QByteArray> bodies; // every request's body, answered or not
    QList<int> answered;      // the status each got

Q_SIGNALS:
    void received();

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        qsizetype length = 0;
        for (const QByteArray &line : buffer.left(end).split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (buffer.size() < end + 4 + length)
            return;
        bodies.append(buffer.mid(end + 4, length));
        const int status = m_statuses.value(answered.size(), m_statuses.constLast());
        answered.append(status);
        socket->write("HTTP/1.1 " + QByteArray::number(status) +
                      " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
        m_buffers.remove(socket);
        Q_EMIT received();
    }

    QTcpServer m_server;
    QList<int> m_statuses;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

// An alert of the rule `ruleId` that fires.
AlertEvent firing(const QString &ruleId)
{
    return {.ruleId = ruleId, .to = AlertState::Firing, .time = QDateTime::currentDateTimeUtc()};
}

QString ruleOf(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object().value(u"rule"_s).toString();
}

} // namespace

// The worker's alerts: the alerts: section of its configuration file, the rounds run in
// `porthole ingest` with /alerts and the porthole_alert_firing gauge, and the web hook's
// retries against a real HTTP receiver.
class tst_WorkerAlerts : public test::WorkerEndpointTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { setUpFixtures(); }
    void cleanupTestCase() { tearDownFixtures(); }
    void readsTheSection();
    void defaultsAndTheWorkersStream();
    void refusals_data();
    void refusals();
    void badRuleStopsTheCommand();
    void workerServesFiringAlerts();
    void otherStreamsOnTheWorkersServer();
    void stoppedReceiverFires();
    void webhookRetriesUntilDelivered();
    void webhookGivesUp();
    void webhookAnswerWithoutEnd();
    void webhookRedirectIsNotFollowed();
    void webhookSlowAnswerIsCut_data();
    void webhookSlowAnswerIsCut();

private:
    // A configuration file whose environment "testing" stores in the SQLite file `database`,
    // with `more` (its further keys, indented as the environment's) after that.
    QString writeConfig(const QString &database, const QString &more);
    Result<WorkerConfig> readConfig(const QString &alerts);
};

QString tst_WorkerAlerts::writeConfig(const QString &database, const QString &more)
{
    const QString text =
        u"testing:\n  database_type: sqlite\n  database_name: %1\n"_s.arg(database) + more;
    const QString path = m_temp.filePath(u"alerts-%1.yaml"_s.arg(++m_databases));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(text.toUtf8());
    return path;
}

Result<WorkerConfig> tst_WorkerAlerts::readConfig(const QString &alerts)
{
    return readWorkerConfig(writeConfig(u"a.db"_s, alerts), u"testing"_s, QProcessEnvironment());
}

void tst_WorkerAlerts::readsTheSection()
{
    const auto config = readConfig(uR"(  alerts:
    interval: 2m
    rules:
      - id: dead-letters
        kind: dead_letter_growth
        window: 5m
        threshold: 10
        clear: 2
        for: 30s
        severity: critical
      - id: lag
        name: Behind
        kind: group_lag
        stream: orders
        threshold: 1e3
        enabled: false
    webhook:
      url: http://hooks.example:8080/porthole
      timeout: 3s
      max_attempts: 4
      first_retry: 2s
      longest_retry: 2m
)"_s);
    QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
    QVERIFY(config->alerts);
    const WorkerAlertConfig &alerts = *config->alerts;
    QCOMPARE(alerts.interval, 120000ms);
    QCOMPARE(alerts.rules.size(), 2);
    const AlertRule &dead = alerts.rules.at(0);
    QCOMPARE(dead.kind, AlertKind::DeadLetterGrowth);
    QCOMPARE(dead.window, 300s);
    QCOMPARE(dead.threshold, 10.0);
    QCOMPARE(dead.clearThreshold, 2.0);
    QCOMPARE(dead.forDuration, 30s);
    QCOMPARE(dead.severity, AlertSeverity::Critical);
    QCOMPARE(alerts.rules.at(1).name, u"Behind"_s);
    QCOMPARE(alerts.rules.at(1).threshold, 1000.0);
    QVERIFY(!alerts.rules.at(1).enabled);
    QVERIFY(alerts.webhook);
    QCOMPARE(alerts.webhook->url, QUrl(u"http://hooks.example:8080/porthole"_s));
    QCOMPARE(alerts.webhook->timeout, 3000ms);
    QCOMPARE(alerts.webhook->maxAttempts, 4);
    QCOMPARE(alerts.webhook->firstRetry, 2000ms);
    QCOMPARE(alerts.webhook->longestRetry, 120000ms);
    const QString described = describeIngestSettings(config->ingest, config->history, {}, &*config);
    QVERIFY2(
        described.contains(u"\nalerts.interval: 2m\nalerts.rules: dead-letters, lag "
                           "(disabled)\nalerts.webhook: http://hooks.example:8080/porthole\n"_s),
        qPrintable(described));

    // No section: no alerts; an empty one: the default interval and no rule.
    const auto none = readConfig({});
    QVERIFY(none.ok());
    QVERIFY(!none->alerts);
    const auto empty = readConfig(u"  alerts:\n"_s);
    QVERIFY2(empty.ok(), qPrintable(empty.errorMessage()));
    QVERIFY(empty->alerts);
    QCOMPARE(empty->alerts->interval, 15000ms);
    QVERIFY(empty->alerts->rules.isEmpty());
    QVERIFY(!empty->alerts->webhook);
}

void tst_WorkerAlerts::defaultsAndTheWorkersStream()
{
    const auto config = readConfig(uR"(  alerts:
    defaults: true
    rules:
      - id: ingest-stopped
        kind: ingest_stopped
        comparison: ">="
        threshold: 1
        for: 0s
)"_s);
    QVERIFY2(config.ok(), qPrintable(config->alerts ? QString() : config.errorMessage()));
    QList<AlertRule> rules = config->alerts->rules;
    QCOMPARE(rules.size(), defaultAlertRules().size());
    const auto byId = [&rules](const QString &id) {
        return *std::find_if(rules.cbegin(), rules.cend(),
                             [&id](const AlertRule &r) { return r.id == id; });
    };
    QCOMPARE(byId(u"ingest-stopped"_s).forDuration, 0s); // the listed rule replaced the default

    const QList<AlertRule> fitted =
        fitAlertRulesToWorker(rules, u"orders"_s, u"workers"_s, /*streams=*/true);
    const auto fittedById = [&fitted](const QString &id) {
        return *std::find_if(fitted.cbegin(), fitted.cend(),
                             [&id](const AlertRule &r) { return r.id == id; });
    };
    QCOMPARE(fittedById(u"group-lag"_s).stream, u"orders"_s);
    QCOMPARE(fittedById(u"group-lag"_s).group, u"workers"_s);

    // A rule naming a stream keeps it: the worker reads it on its Redis server.
    const QList<AlertRule> other{{.id = u"lag"_s,
                                  .kind = AlertKind::GroupLag,
                                  .threshold = 5,
                                  .clearThreshold = 5,
                                  .stream = u"invoices"_s}};
    const QList<AlertRule> otherFitted =
        fitAlertRulesToWorker(other, u"orders"_s, u"workers"_s, true);
    QCOMPARE(otherFitted.size(), 1);
    QCOMPARE(otherFitted[0].stream, u"invoices"_s);
    QVERIFY(otherFitted[0].group.isEmpty()); // every group of it

    // A list has no group: the defaults that watch one go, one naming a stream stays.
    const QList<AlertRule> forList =
        fitAlertRulesToWorker(rules + other, u"orders"_s, u"workers"_s, false);
    QCOMPARE(forList.size(), rules.size() - 2 + 1);
    QCOMPARE(forList.constLast().stream, u"invoices"_s);
}

void tst_WorkerAlerts::refusals_data()
{
    QTest::addColumn<QString>("alerts");
    QTest::addColumn<QString>("message");
    QTest::newRow("a list") << u"  alerts: [1]\n"_s
                            << u"testing.alerts must be a mapping of interval, defaults"_s;
    QTest::newRow("unknown key") << u"  alerts:\n    rule: []\n"_s
                                 << u"unknown key \"rule\" in testing.alerts"_s;
    QTest::newRow("bad interval") << u"  alerts:\n    interval: soon\n"_s
                                  << u"testing.alerts.interval is not a duration"_s;
    QTest::newRow("rules not a list")
        << u"  alerts:\n    rules: 5\n"_s << u"testing.alerts.rules must be a list of rules"_s;
    QTest::newRow("unknown kind")
        << u"  alerts:\n    rules:\n      - id: x\n        kind: disk_full\n        threshold: 1\n"_s
        << u"testing.alerts.rules[0]: The alert rule \"x\" has the kind \"disk_full\""_s;
    QTest::newRow("key of another kind")
        << u"  alerts:\n    rules:\n      - id: x\n        kind: ingest_stopped\n"
           "        threshold: 1\n        stream: s\n"_s
        << u"The alert rule \"x\" has the key \"stream\", which a ingest_stopped rule does "
           "not take"_s;
    QTest::newRow("misspelt key")
        << u"  alerts:\n    rules:\n      - id: x\n        kind: ingest_stopped\n"
           "        treshold: 1\n"_s
        << u"unknown key \"treshold\" in testing.alerts.rules[0]"_s;
    QTest::newRow("threshold not a number")
        << u"  alerts:\n    rules:\n      - id: x\n        kind: ingest_stopped\n"
           "        threshold: high\n"_s
        << u"testing.alerts.rules[0].threshold is \"high\"; it must be a number"_s;
    QTest::newRow("id twice")
        << u"  alerts:\n    rules:\n      - {id: x, kind: ingest_stopped, threshold: 1}\n"
           "      - {id: x, kind: ingest_error_rate, threshold: 1}\n"_s
        << u"testing.alerts.rules[1]: the rule id \"x\" is given twice"_s;
    QTest::newRow("webhook without url")
        << u"  alerts:\n    webhook:\n      timeout: 2s\n"_s << u"testing.alerts.webhook needs"_s;
    QTest::newRow("webhook retries shrinking")
        << u"  alerts:\n    webhook:\n      url: http://hooks.example/\n      first_retry: 10s\n"
           "      longest_retry: 5s\n"_s
        << u"testing.alerts.webhook.first_retry must be above zero and "
           "testing.alerts.webhook.longest_retry no shorter"_s;
    QTest::newRow("webhook not http")
        << u"  alerts:\n    webhook:\n      url: ftp://hooks.example/\n"_s
        << u"testing.alerts.webhook.url must be an http:// or https:// address"_s;
}

void tst_WorkerAlerts::refusals()
{
    QFETCH(QString, alerts);
    QFETCH(QString, message);
    const auto config = readConfig(alerts);
    QVERIFY(!config.ok());
    QVERIFY2(config.errorMessage().contains(message), qPrintable(config.errorMessage()));
}

void tst_WorkerAlerts::badRuleStopsTheCommand()
{
    const QString path =
        writeConfig(database(u"refused"_s),
                    u"  alerts:\n    rules:\n"
                    "      - {id: lag, kind: group_lag, stream: elsewhere, threshold: many}\n"_s);
    QProcess process;
    process.start(m_binary, QStringList{u"ingest"_s} +
                                workerArguments(key(u"refused"_s),
                                                {u"--config"_s, path, u"--env"_s, u"testing"_s}));
    QVERIFY(process.waitForFinished(test::waitMs));
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitCode(), 2);
    QVERIFY2(err.contains(u"testing.alerts.rules[0].threshold is \"many\"; it must be a number"_s),
             qPrintable(err));
}

void tst_WorkerAlerts::workerServesFiringAlerts()
{
    const QByteArray stream = key(u"firing"_s);
    HookReceiver hook({500, 200}); // the worker's web hook: refused once, then taken
    QVERIFY(hook.listen());
    const QString path = writeConfig(database(u"firing"_s), uR"(  alerts:
    interval: 1s
    rules:
      - id: dead-letters
        name: "Dead letters \"now\""
        kind: dead_letter_growth
        window: 5m
        threshold: 0
        severity: critical
      - id: stopped
        kind: ingest_stopped
        comparison: ">="
        threshold: 1
      - id: lag
        kind: group_lag
        stream: %1
        threshold: 1000000
    webhook:
      url: %2
)"_s.arg(QString::fromUtf8(stream), hook.url().toString()));
    // Every payload over 20 bytes is a dead letter: the first one fires the rule.
    test::WorkerRun worker(m_binary,
                           workerArguments(stream, {u"--config"_s, path, u"--env"_s, u"testing"_s,
                                                    u"--max-payload-bytes"_s, u"20"_s}));
    QString error;
    QVERIFY2(worker.start(&error), qPrintable(error));

    const auto state = [&](const QString &rule) {
        const test::HttpAnswer answer = fetch(worker.url(u"/alerts"_s));
        for (const QJsonValue &entry : answer.object().value(u"rules"_s).toArray()) {
            if (entry[u"rule"_s].toString() == rule)
                return entry[u"state"_s].toString();
        }
        return u"(none: %1 %2)"_s.arg(answer.status).arg(QString::fromUtf8(answer.body));
    };
    // The negative control: before the poison entry, the rule is ok and the receiver running.
    QTRY_COMPARE_WITH_TIMEOUT(state(u"stopped"_s), u"ok"_s, test::waitMs);
    QCOMPARE(state(u"dead-letters"_s), u"ok"_s);
    QCOMPARE(state(u"lag"_s), u"ok"_s);
    QVERIFY(produce(stream, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(state(u"dead-letters"_s), u"firing"_s, test::waitMs);
    QCOMPARE(state(u"stopped"_s), u"ok"_s);

    const test::HttpAnswer alerts = fetch(worker.url(u"/alerts"_s));
    QCOMPARE(alerts.status, 200);
    QVERIFY(alerts.headers.value("content-type").startsWith("application/json"));
    QVERIFY(alerts.object().value(u"firing"_s).toInt() >= 1);
    const QJsonArray rules = alerts.object().value(u"rules"_s).toArray();
    const auto dead = std::find_if(rules.begin(), rules.end(), [](const QJsonValue &v) {
        return v[u"rule"_s].toString() == u"dead-letters"_s;
    });
    QVERIFY(dead != rules.end());
    QCOMPARE((*dead)[u"severity"_s].toString(), u"critical"_s);
    QCOMPARE((*dead)[u"value"_s].toDouble(), 1.0);
    QVERIFY(QDateTime::fromString((*dead)[u"since"_s].toString(), Qt::ISODate).isValid());
    // The lag is read from Redis for the worker's own group, on the alert thread's connection.
    const auto lag = std::find_if(rules.begin(), rules.end(), [](const QJsonValue &v) {
        return v[u"rule"_s].toString() == u"lag"_s;
    });
    QVERIFY(lag != rules.end());
    QCOMPARE((*lag)[u"subject"_s].toString(), u"porthole"_s);
    QVERIFY2((*lag)[u"value"_s].isDouble() && (*lag)[u"value"_s].toDouble() >= 0,
             QJsonDocument(lag->toObject()).toJson().constData());

    const test::HttpAnswer metrics = fetch(worker.url(u"/metrics"_s));
    QCOMPARE(metrics.status, 200);
    const QByteArray parsed = parseMetrics(metrics.body);
    QVERIFY2(!parsed.startsWith("FAILED"), parsed.constData());
    const QJsonObject family =
        QJsonDocument::fromJson(parsed).object().value(u"porthole_alert_firing"_s).toObject();
    QCOMPARE(family.value(u"type"_s).toString(), u"gauge"_s);
    QHash<QString, double> firing;
    for (const QJsonValue &sample : family.value(u"samples"_s).toArray()) {
        const QJsonObject labels = sample[1].toObject();
        QCOMPARE(labels.keys(), (QStringList{u"rule"_s, u"severity"_s, u"subject"_s}));
        firing.insert(labels.value(u"rule"_s).toString(), sample[2].toDouble());
    }
    QCOMPARE(firing.value(u"dead-letters"_s, -1), 1.0);
    QCOMPARE(firing.value(u"stopped"_s, -1), 0.0);
    QCOMPARE(firing.value(u"lag"_s, -1), 0.0);
    QVERIFY2(worker.errorOutput().contains(u"ingest: alert dead-letters: "_s),
             qPrintable(worker.errorOutput()));

    // The firing went to the web hook, again after the 500, and once more only then.
    QTRY_COMPARE_WITH_TIMEOUT(hook.answered, (QList<int>{500, 200}), test::waitMs);
    QCOMPARE(hook.bodies.at(0), hook.bodies.at(1));
    const QJsonObject posted = QJsonDocument::fromJson(hook.bodies.at(1)).object();
    QCOMPARE(posted.value(u"rule"_s).toString(), u"dead-letters"_s);
    QCOMPARE(posted.value(u"to"_s).toString(), u"firing"_s);
}

void tst_WorkerAlerts::otherStreamsOnTheWorkersServer()
{
    const QByteArray stream = key(u"own"_s);
    // Another stream on the worker's Redis server, whose group "billing" has three entries to
    // read and whose group "audit" has read them all.
    const QByteArray other = key(u"other"_s);
    QVERIFY(produce(other, 1, 3));
    for (const QByteArray group : {"billing", "audit"}) {
        const auto created = m_client.command({"XGROUP", "CREATE", other, group, "0"});
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
    }
    const auto read = m_client.command(
        {"XREADGROUP", "GROUP", "audit", "reader", "COUNT", "10", "STREAMS", other, ">"});
    QVERIFY2(read.ok(), qPrintable(read.errorMessage()));
    const QString path = writeConfig(database(u"other"_s), uR"(  alerts:
    interval: 1s
    rules:
      - id: other-lag
        kind: group_lag
        stream: %1
        threshold: 2
        for: 0s
)"_s.arg(QString::fromUtf8(other)));
    test::WorkerRun worker(
        m_binary, workerArguments(stream, {u"--config"_s, path, u"--env"_s, u"testing"_s}));
    QString error;
    QVERIFY2(worker.start(&error), qPrintable(error));

    // One reading per group of the named stream: billing lags by 3 and fires, audit is ok.
    const auto states = [&] {
        QStringList found;
        const test::HttpAnswer answer = fetch(worker.url(u"/alerts"_s));
        for (const QJsonValue &entry : answer.object().value(u"rules"_s).toArray())
            found << entry[u"subject"_s].toString() + u'=' + entry[u"state"_s].toString() + u'/' +
                         QString::number(entry[u"value"_s].toDouble());
        found.sort();
        return found.join(u' ');
    };
    QTRY_COMPARE_WITH_TIMEOUT(states(), u"audit=ok/0 billing=firing/3"_s, test::waitMs);

    // The group reads its entries: the rule resolves.
    const auto caughtUp = m_client.command(
        {"XREADGROUP", "GROUP", "billing", "reader", "COUNT", "10", "STREAMS", other, ">"});
    QVERIFY2(caughtUp.ok(), qPrintable(caughtUp.errorMessage()));
    QTRY_COMPARE_WITH_TIMEOUT(states(), u"audit=ok/0 billing=resolved/0"_s, test::waitMs);
}

void tst_WorkerAlerts::stoppedReceiverFires()
{
    // A Redis that is not there: the receiver never runs, and the first round comes after one
    // interval all the same.
    QTcpServer closed; // a port that was free a moment ago, and that nothing listens on
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 gonePort = closed.serverPort();
    closed.close();
    const QString path = writeConfig(database(u"stopped"_s), uR"(  alerts:
    interval: 1s
    rules:
      - {id: stopped, kind: ingest_stopped, comparison: ">=", threshold: 1, severity: critical}
)"_s);
    test::WorkerRun worker(m_binary,
                           {u"--redis"_s, u"redis://127.0.0.1:%1/0"_s.arg(gonePort), u"--key"_s,
                            QString::fromUtf8(key(u"stopped"_s)), u"--listen"_s, u"127.0.0.1:0"_s,
                            u"--config"_s, path, u"--env"_s, u"testing"_s});
    QString error;
    QVERIFY2(worker.start(&error), qPrintable(error));
    const auto firing = [&] {
        return QString::fromUtf8(fetch(worker.url(u"/metrics"_s)).body)
            .contains(
                u"porthole_alert_firing{rule=\"stopped\",subject=\"\",severity=\"critical\"} 1"_s);
    };
    QTRY_VERIFY_WITH_TIMEOUT(firing(), test::waitMs);
}

void tst_WorkerAlerts::webhookRetriesUntilDelivered()
{
    HookReceiver receiver({500, 200});
    QVERIFY(receiver.listen());
    AlertWebhook hook({.url = receiver.url(), .timeout = 5s, .firstRetry = 10ms});
    QSignalSpy delivered(&hook, &AlertWebhook::delivered);
    QSignalSpy retrying(&hook, &AlertWebhook::retrying);
    const AlertEvent event{.ruleId = u"dead-letters"_s,
                           .ruleName = u"Dead letters"_s,
                           .severity = AlertSeverity::Critical,
                           .subject = u"orders"_s,
                           .from = AlertState::Pending,
                           .to = AlertState::Firing,
                           .value = 12,
                           .time = QDateTime(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc())};
    QVERIFY(event.notifies());
    hook.notify(event);
    QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 1, test::waitMs);
    QCOMPARE(retrying.size(), 1);
    QCOMPARE(retrying.at(0).at(1).toLongLong(), 10LL);
    QCOMPARE(receiver.answered, (QList<int>{500, 200}));
    // The same body both times, and one delivery: nothing more arrives.
    QCOMPARE(receiver.bodies.size(), 2);
    QCOMPARE(receiver.bodies.at(0), receiver.bodies.at(1));
    QCOMPARE(hook.queued(), 0);
    const QJsonObject body = QJsonDocument::fromJson(receiver.bodies.at(1)).object();
    QCOMPARE(body.value(u"rule"_s).toString(), u"dead-letters"_s);
    QCOMPARE(body.value(u"name"_s).toString(), u"Dead letters"_s);
    QCOMPARE(body.value(u"severity"_s).toString(), u"critical"_s);
    QCOMPARE(body.value(u"subject"_s).toString(), u"orders"_s);
    QCOMPARE(body.value(u"from"_s).toString(), u"pending"_s);
    QCOMPARE(body.value(u"to"_s).toString(), u"firing"_s);
    QCOMPARE(body.value(u"value"_s).toDouble(), 12.0);
    QCOMPARE(body.value(u"time"_s).toString(), u"2026-11-26T09:00:00.000Z"_s);

    // A second event goes out at once, on the first attempt.
    hook.notify(event);
    QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 2, test::waitMs);
    QCOMPARE(receiver.bodies.size(), 3);
}

void tst_WorkerAlerts::webhookGivesUp()
{
    HookReceiver receiver({503});
    QVERIFY(receiver.listen());
    AlertWebhook hook({.url = receiver.url(), .timeout = 5s, .firstRetry = 5ms, .maxAttempts = 3});
    QSignalSpy dropped(&hook, &AlertWebhook::dropped);
    QSignalSpy retrying(&hook, &AlertWebhook::retrying);
    hook.notify(
        {.ruleId = u"r"_s, .to = AlertState::Firing, .time = QDateTime::currentDateTimeUtc()});
    QTRY_COMPARE_WITH_TIMEOUT(dropped.size(), 1, test::waitMs);
    QCOMPARE(receiver.answered, (QList<int>{503, 503, 503}));
    // Doubling: 5 ms, then 10 ms.
    QCOMPARE(retrying.size(), 2);
    QCOMPARE(retrying.at(1).at(1).toLongLong(), 10LL);
    QVERIFY2(dropped.at(0).at(0).toString().contains(u"answered 503 after 3 attempts"_s),
             qPrintable(dropped.at(0).at(0).toString()));
    QCOMPARE(hook.queued(), 0);
}

// A hook that answers 200 with a body that never ends, sent steadily (never silent): the
// status delivers the alert, the body is dropped and cut after a few KiB, and the next alert
// goes out at once.
void tst_WorkerAlerts::webhookAnswerWithoutEnd()
{
    test::ScriptedHttpServer server([](int index, const test::ScriptedRequest &) {
        if (index == 0)
            return test::ScriptedAnswer{
                .head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", .chunkSize = 1024};
        return test::ScriptedAnswer{.head = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n",
                                    .body = "ok"};
    });
    QVERIFY(server.listen());
    AlertWebhook hook({.url = server.url(u"/hook"_s), .timeout = 5s, .firstRetry = 10ms});
    QSignalSpy delivered(&hook, &AlertWebhook::delivered);
    QSignalSpy retrying(&hook, &AlertWebhook::retrying);
    QElapsedTimer clock;
    clock.start();
    hook.notify(firing(u"first"_s));
    hook.notify(firing(u"second"_s));
    QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 2, test::waitMs);
    QVERIFY2(clock.elapsed() < 5000,
             qPrintable(u"%1 ms: cut by time, not by its length"_s.arg(clock.elapsed())));
    QCOMPARE(retrying.size(), 0);
    QCOMPARE(ruleOf(delivered.at(0).at(0).toByteArray()), u"first"_s);
    QCOMPARE(ruleOf(delivered.at(1).at(0).toByteArray()), u"second"_s);
    QCOMPARE(server.requests.size(), 2);
    // The endless answer was closed by the worker after it had taken in little of it.
    const test::ScriptedRequest &endless = server.requests.at(0);
    QTRY_VERIFY_WITH_TIMEOUT(endless.closedByClient, test::waitMs);
    qInfo("both delivered after %lld ms; %lld bytes of the endless answer written", clock.elapsed(),
          endless.answerBytesWritten);
    QVERIFY2(endless.answerBytesWritten > AlertWebhook::maxAnswerBytes &&
                 endless.answerBytesWritten < 64 * 1024,
             qPrintable(u"%1 bytes written"_s.arg(endless.answerBytesWritten)));
    QCOMPARE(hook.queued(), 0);
}

// A hook that answers 302: not followed (which would send the alert on as a GET without its
// body, counted as delivered), but a failed attempt that names where it pointed, without the
// secrets of that address; the next attempt posts to the hook again.
void tst_WorkerAlerts::webhookRedirectIsNotFollowed()
{
    quint16 port = 0;
    test::ScriptedHttpServer server([&port](int index, const test::ScriptedRequest &) {
        if (index > 0)
            return test::ScriptedAnswer{.head = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"};
        return test::ScriptedAnswer{
            .head = "HTTP/1.1 302 Found\r\nLocation: http://op:s3cret@127.0.0.1:" +
                    QByteArray::number(port) +
                    "/elsewhere?token=t0ken\r\nContent-Length: 0\r\n\r\n"};
    });
    QVERIFY(server.listen());
    port = server.port();
    AlertWebhook hook({.url = server.url(u"/hook"_s), .timeout = 5s, .firstRetry = 10ms});
    QSignalSpy delivered(&hook, &AlertWebhook::delivered);
    QSignalSpy retrying(&hook, &AlertWebhook::retrying);
    hook.notify(firing(u"redirected"_s));
    QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 1, test::waitMs);
    QCOMPARE(retrying.size(), 1);
    const QString problem = retrying.at(0).at(0).toString();
    QVERIFY2(problem.contains(
                 u"/hook answered 302, pointing to http://127.0.0.1:%1/elsewhere;"_s.arg(port)),
             qPrintable(problem));
    QVERIFY2(!problem.contains(u"s3cret"_s) && !problem.contains(u"t0ken"_s), qPrintable(problem));
    QCOMPARE(server.requests.size(), 2);
    for (const test::ScriptedRequest &request : std::as_const(server.requests)) {
        QCOMPARE(request.method, "POST");
        QCOMPARE(request.target, "/hook");
        QCOMPARE(ruleOf(request.body), u"redirected"_s);
    }
}

// A hook that answers a byte at a time, each well within any silence timeout: the attempt is
// cut at `timeout`. With its status in (a body dripped after 200), the status delivers; without
// (the head dripped), it is a failed attempt, tried again.
void tst_WorkerAlerts::webhookSlowAnswerIsCut_data()
{
    QTest::addColumn<QByteArray>("head");   // sent at once
    QTest::addColumn<QByteArray>("slowly"); // then a byte every 50 ms
    QTest::addColumn<bool>("delivered");    // by the slow answer itself
    const QByteArray padding(100, 'x');     // 5 s
    QTest::newRow("the body") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
                              << padding << true;
    QTest::newRow("the head") << QByteArray()
                              << QByteArray("HTTP/1.1 200 OK\r\nX-Padding: " + padding +
                                            "\r\nContent-Length: 0\r\n\r\n")
                              << false;
}

void tst_WorkerAlerts::webhookSlowAnswerIsCut()
{
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, slowly);
    QFETCH(bool, delivered);
    test::ScriptedHttpServer server([&](int index, const test::ScriptedRequest &) {
        if (index > 0)
            return test::ScriptedAnswer{.head = "HTTP/1.1 204 No Content\r\n\r\n"};
        return test::ScriptedAnswer{.head = head, .slowly = slowly, .byteEveryMs = 50};
    });
    QVERIFY(server.listen());
    AlertWebhook hook({.url = server.url(u"/hook"_s), .timeout = 1s, .firstRetry = 10ms});
    QSignalSpy deliveries(&hook, &AlertWebhook::delivered);
    QSignalSpy retrying(&hook, &AlertWebhook::retrying);
    QElapsedTimer clock;
    qint64 firstOutcomeMs = -1;
    const auto outcome = [&] {
        if (firstOutcomeMs < 0)
            firstOutcomeMs = clock.elapsed();
    };
    connect(&hook, &AlertWebhook::delivered, this, outcome);
    connect(&hook, &AlertWebhook::retrying, this, outcome);
    clock.start();
    hook.notify(firing(u"slow"_s));
    QTRY_COMPARE_WITH_TIMEOUT(deliveries.size(), 1, test::waitMs);
    qInfo("the first attempt ended after %lld ms", firstOutcomeMs);
    QVERIFY2(firstOutcomeMs >= 950 && firstOutcomeMs < 2500,
             qPrintable(u"the first attempt ended after %1 ms"_s.arg(firstOutcomeMs)));
    QTRY_VERIFY_WITH_TIMEOUT(server.requests.at(0).closedByClient, test::waitMs);
    QVERIFY2(server.requests.at(0).answerBytesWritten < head.size() + 40,
             qPrintable(QString::number(server.requests.at(0).answerBytesWritten)));
    if (delivered) {
        QCOMPARE(retrying.size(), 0);
        QCOMPARE(server.requests.size(), 1);
        return;
    }
    QCOMPARE(retrying.size(), 1);
    QVERIFY2(retrying.at(0).at(0).toString().endsWith(
                 u"/hook did not answer within 1000 ms (the web hook's timeout)"_s),
             qPrintable(retrying.at(0).at(0).toString()));
    QCOMPARE(server.requests.size(), 2);
}

QTEST_GUILESS_MAIN(tst_WorkerAlerts)
#include "tst_workeralerts.moc"
