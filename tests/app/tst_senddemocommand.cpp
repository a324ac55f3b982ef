#include "commandrun.h"
#include "demotraffic.h"
#include "redisclient.h"
#include "testservers.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace porthole;

// `porthole send-demo` as an operator runs it, against the fixture's redis-server.
class tst_SendDemoCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void help();
    void stream();
    void list();
    void maxLength();
    void pubSub();
    void rate();
    void stopsAComponent();
    void refusals_data();
    void refusals();
    void failures_data();
    void failures();
    void stopsOnSignal_data();
    void stopsOnSignal();

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    Run porthole(const QStringList &arguments) const;
    QByteArray key(const QString &name);
    long long integer(const QList<QByteArray> &command);
    long long entriesAdded(const QByteArray &stream);
    static qint64 sentIn(const QString &out);

    QString m_binary;
    RedisUrl m_url;
    QString m_redisText;
    QByteArray m_prefix;
    QList<QByteArray> m_keys;
    RedisClient m_client;
};

void tst_SendDemoCommand::initTestCase()
{
    m_binary = qEnvironmentVariable("PORTHOLE_BINARY");
    QVERIFY2(!m_binary.isEmpty(), "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_url = *url;
    QVERIFY2(m_url.password().isEmpty(), "the test passes the URL on the command line");
    m_redisText = m_url.toDisplayString(); // no password: the URL as it is
    const auto connected = m_client.connect(m_url);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
    m_prefix = "tst_senddemocommand:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
}

void tst_SendDemoCommand::cleanupTestCase()
{
    if (!m_keys.isEmpty() && m_client.isConnected())
        QVERIFY(m_client.command(QList<QByteArray>{"DEL"} + m_keys).ok());
}

tst_SendDemoCommand::Run tst_SendDemoCommand::porthole(const QStringList &arguments) const
{
    const test::CommandRun run = test::runPorthole(QStringList{u"send-demo"_s} + arguments, 120000);
    return {run.exitCode, QString::fromUtf8(run.out), QString::fromUtf8(run.err)};
}

QByteArray tst_SendDemoCommand::key(const QString &name)
{
    m_keys.append(m_prefix + name.toUtf8());
    return m_keys.constLast();
}

long long tst_SendDemoCommand::integer(const QList<QByteArray> &command)
{
    const auto reply = m_client.command(command);
    if (!reply || reply->type != RedisReply::Type::Integer)
        return -1;
    return reply->integer;
}

// How many entries a stream has taken in its life, trimmed or not.
long long tst_SendDemoCommand::entriesAdded(const QByteArray &stream)
{
    const auto info = m_client.command({"XINFO", "STREAM", stream});
    if (!info || info->type != RedisReply::Type::Array)
        return -1;
    for (qsizetype i = 0; i + 1 < info->elements.size(); i += 2) {
        if (info->elements.at(i).text == "entries-added")
            return info->elements.at(i + 1).integer;
    }
    return -1;
}

qint64 tst_SendDemoCommand::sentIn(const QString &out)
{
    const auto match = QRegularExpression(u"Sent ([\\d,]+) messages"_s).match(out);
    return match.hasMatch() ? match.captured(1).remove(u',').toLongLong() : -1;
}

void tst_SendDemoCommand::help()
{
    const Run run = porthole({u"--help"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(u"Usage: porthole send-demo"_s), qPrintable(run.out));
    for (const QString &text : {u"--redis <url>"_s,
                                u"--key <key>"_s,
                                u"--mode <mode>"_s,
                                u"--rate <n>"_s,
                                u"--count <n>"_s,
                                u"--seed <s>"_s,
                                u"--maxlen <n>"_s,
                                u"XADD KEY * payload"_s,
                                u"LPUSH"_s,
                                u"BLMOVE"_s,
                                u"PUBLISH"_s,
                                u"this is Message N° {n}"_s,
                                u"event_id"_s,
                                u"dead letters"_s,
                                u"malformed"_s,
                                u"SIGTERM"_s,
                                u"Exit codes"_s,
                                u"--db <url>"_s,
                                u"--stop <component>"_s,
                                u"--stop-after <seconds>"_s,
                                u"stands in"_s})
        QVERIFY2(run.out.contains(text), qPrintable(text + u" not in:\n"_s + run.out));

    const test::CommandRun top = test::runPorthole({u"--help"_s}, 30000);
    QVERIFY(top.exitCode != -1);
    QVERIFY(QString::fromUtf8(top.out).contains(u"send-demo"_s));
}

void tst_SendDemoCommand::stream()
{
    const QByteArray stream = key(u"stream"_s);
    const Run run = porthole({u"--redis"_s, m_redisText, u"--key"_s, QString::fromUtf8(stream),
                              u"--count"_s, u"500"_s, u"--seed"_s, u"9"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(sentIn(run.out), 500);
    QCOMPARE(integer({"XLEN", stream}), 500);

    // Every entry carries one field, payload; the numbered messages are exactly those the
    // seed makes, in order, and the entries come in the order the seed makes them.
    const auto entries = m_client.command({"XRANGE", stream, "-", "+"});
    QVERIFY(entries.ok());
    QCOMPARE(entries->elements.size(), 500);
    DemoTraffic expected({9, -1});
    int numbered = 0;
    for (const RedisReply &entry : entries->elements) {
        const QList<RedisReply> &fields = entry.elements.at(1).elements;
        QCOMPARE(fields.size(), 2);
        QCOMPARE(fields.at(0).text, QByteArray("payload"));
        const auto payload = expected.next(0);
        if (payload.kind == DemoTraffic::Kind::Numbered) {
            QCOMPARE(fields.at(1).text, payload.bytes);
            ++numbered;
        } else {
            QVERIFY(fields.at(1).text.startsWith('{'));
        }
    }
    QVERIFY(numbered > 200);
}

void tst_SendDemoCommand::list()
{
    const QByteArray list = key(u"list"_s);
    const Run run = porthole({u"--redis"_s, m_redisText, u"--key"_s, QString::fromUtf8(list),
                              u"--mode"_s, u"list"_s, u"--count"_s, u"300"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(sentIn(run.out), 300);
    QCOMPARE(integer({"LLEN", list}), 300);

    // A consumer taking from the right gets the messages in the order they were sent.
    const auto items = m_client.command({"LRANGE", list, "0", "-1"});
    QVERIFY(items.ok());
    qint64 next = 1;
    for (auto it = items->elements.crbegin(); it != items->elements.crend(); ++it) {
        if (!it->text.startsWith("this is Message"))
            continue;
        QCOMPARE(it->text, "this is Message N\xC2\xB0 " + QByteArray::number(next) +
                               " being posted into Redis");
        ++next;
    }
    QVERIFY(next > 100);
}

void tst_SendDemoCommand::maxLength()
{
    const QByteArray stream = key(u"trimmed"_s);
    const Run run = porthole({u"--redis"_s, m_redisText, u"--key"_s, QString::fromUtf8(stream),
                              u"--count"_s, u"5000"_s, u"--maxlen"_s, u"100"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(sentIn(run.out), 5000);
    // MAXLEN ~ trims whole stream nodes (100 entries each by default): about 100 are kept.
    const long long length = integer({"XLEN", stream});
    QVERIFY2(length >= 100 && length <= 300, qPrintable(QString::number(length)));
    QCOMPARE(entriesAdded(stream), 5000);
}

void tst_SendDemoCommand::pubSub()
{
    const QString redisCli = QStandardPaths::findExecutable(u"redis-cli"_s);
    QVERIFY2(!redisCli.isEmpty(), "redis-cli comes with redis-server, which the fixture runs");
    const QByteArray channel = key(u"channel"_s);

    QProcess subscriber;
    subscriber.start(redisCli, {u"-h"_s, m_url.host(), u"-p"_s, QString::number(m_url.port()),
                                u"SUBSCRIBE"_s, QString::fromUtf8(channel)});
    QVERIFY(subscriber.waitForStarted(10000));
    QByteArray received;
    // Subscribed once redis-cli shows the confirmation (kind, channel, count).
    QElapsedTimer waited;
    waited.start();
    const QByteArray subscribed = "subscribe\n" + channel + "\n1\n";
    while (!received.contains(subscribed) && waited.elapsed() < 20000) {
        subscriber.waitForReadyRead(1000);
        received += subscriber.readAllStandardOutput();
    }
    QVERIFY2(received.contains(subscribed), received.constData());
    received.clear();

    const Run run = porthole({u"--redis"_s, m_redisText, u"--key"_s, QString::fromUtf8(channel),
                              u"--mode"_s, u"pubsub"_s, u"--count"_s, u"200"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(sentIn(run.out), 200);
    QVERIFY2(!run.err.contains(u"no one is subscribed"_s), qPrintable(run.err));

    const QByteArray first = "message\n" + channel + "\nthis is Message N\xC2\xB0 1 being";
    const QByteArray header = "message\n" + channel + '\n';
    const auto messages = [&received, &header] {
        return received.count(header);
    };
    waited.restart();
    while (messages() < 200 && waited.elapsed() < 20000) {
        subscriber.waitForReadyRead(1000);
        received += subscriber.readAllStandardOutput();
    }
    subscriber.kill();
    subscriber.waitForFinished(5000);
    QCOMPARE(messages(), 200);
    QVERIFY(received.contains(first));

    // Nobody listening: sent all the same, with a note.
    const Run alone = porthole({u"--redis"_s, m_redisText, u"--key"_s, QString::fromUtf8(channel),
                                u"--mode"_s, u"pubsub"_s, u"--count"_s, u"10"_s});
    QCOMPARE(alone.exitCode, 0);
    QVERIFY2(alone.err.contains(u"no one is subscribed"_s), qPrintable(alone.err));
}

void tst_SendDemoCommand::rate()
{
    // 100 messages at 200 a second: the last group is due after about half a second.
    const QByteArray stream = key(u"paced"_s);
    QElapsedTimer timer;
    timer.start();
    const Run run = porthole({u"--redis"_s, m_redisText, u"--key"_s, QString::fromUtf8(stream),
                              u"--count"_s, u"100"_s, u"--rate"_s, u"200"_s});
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(integer({"XLEN", stream}), 100);
    QVERIFY2(elapsed >= 450, qPrintable(u"done in %1 ms"_s.arg(elapsed)));
    QVERIFY2(elapsed < 10000, qPrintable(u"done in %1 ms"_s.arg(elapsed)));
}

void tst_SendDemoCommand::stopsAComponent()
{
    // --stop-after 1 at 1,000 a second: validator's last heartbeat, metric and checkpoint are
    // among the first thousand entries, and the others go on (malformed payloads that name it
    // aside: they stand for no component's own).
    const QByteArray stream = key(u"stopped"_s);
    const Run run = porthole({u"--redis"_s, m_redisText, u"--key"_s, QString::fromUtf8(stream),
                              u"--count"_s, u"3000"_s, u"--rate"_s, u"1000"_s, u"--stop"_s,
                              u"validator"_s, u"--stop-after"_s, u"1"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains(u"validator stopped after 1,000 messages"_s), qPrintable(run.err));
    const auto entries = m_client.command({"XRANGE", stream, "-", "+"});
    QVERIFY(entries.ok());
    QCOMPARE(entries->elements.size(), 3000);
    qsizetype lastOfValidator = -1;
    qsizetype othersAfter = 0;
    for (qsizetype i = 0; i < entries->elements.size(); ++i) {
        const QByteArray payload = entries->elements.at(i).elements.at(1).elements.at(1).text;
        const QJsonObject object = QJsonDocument::fromJson(payload).object();
        if (!object.contains(u"component_name"_s) ||
            object.value(u"health_status"_s) == u"great"_s ||
            (object.contains(u"checkpoint_name"_s) &&
             !object.value(u"checkpoint_data"_s).isObject()))
            continue;
        if (object.value(u"component_name"_s) == u"validator"_s)
            lastOfValidator = i;
        else if (i >= 1000)
            ++othersAfter;
    }
    QVERIFY2(lastOfValidator >= 0 && lastOfValidator < 1000,
             qPrintable(QString::number(lastOfValidator)));
    QVERIFY(othersAfter > 100);
}

void tst_SendDemoCommand::refusals_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString redis = u"redis://127.0.0.1:1"_s; // never contacted: usage comes first
    QTest::newRow("no --redis") << QStringList{u"--key"_s, u"k"_s} << u"--redis URL is required"_s;
    QTest::newRow("bad URL") << QStringList{u"--redis"_s, u"http://x"_s, u"--key"_s, u"k"_s}
                             << u"redis://"_s;
    QTest::newRow("no --key") << QStringList{u"--redis"_s, redis} << u"--key KEY is required"_s;
    QTest::newRow("empty --key") << QStringList{u"--redis"_s, redis, u"--key"_s, QString()}
                                 << u"--key KEY is required"_s;
    QTest::newRow("bad --mode") << QStringList{u"--redis"_s, redis,       u"--key"_s,
                                               u"k"_s,       u"--mode"_s, u"kafka"_s}
                                << u"--mode takes stream, list or pubsub, not 'kafka'"_s;
    QTest::newRow("negative --rate")
        << QStringList{u"--redis"_s, redis, u"--key"_s, u"k"_s, u"--rate"_s, u"-5"_s}
        << u"--rate takes a whole number"_s;
    QTest::newRow("--rate in words")
        << QStringList{u"--redis"_s, redis, u"--key"_s, u"k"_s, u"--rate"_s, u"fast"_s}
        << u"not 'fast'"_s;
    QTest::newRow("bad --count") << QStringList{u"--redis"_s, redis,        u"--key"_s,
                                                u"k"_s,       u"--count"_s, u"1e3"_s}
                                 << u"--count takes a whole number"_s;
    QTest::newRow("bad --seed") << QStringList{u"--redis"_s, redis,       u"--key"_s,
                                               u"k"_s,       u"--seed"_s, u"-1"_s}
                                << u"--seed takes a whole number"_s;
    QTest::newRow("zero --maxlen")
        << QStringList{u"--redis"_s, redis, u"--key"_s, u"k"_s, u"--maxlen"_s, u"0"_s}
        << u"--maxlen takes a whole number from 1"_s;
    QTest::newRow("--maxlen on a list")
        << QStringList{u"--redis"_s, redis,     u"--key"_s,    u"k"_s,
                       u"--mode"_s,  u"list"_s, u"--maxlen"_s, u"10"_s}
        << u"--maxlen trims a stream"_s;
    QTest::newRow("unknown --stop")
        << QStringList{u"--redis"_s, redis, u"--key"_s, u"k"_s, u"--stop"_s, u"nobody"_s}
        << u"--stop takes one of the demo pipeline's components (order-source, "_s;
    QTest::newRow("--stop-after without --stop")
        << QStringList{u"--redis"_s, redis, u"--key"_s, u"k"_s, u"--stop-after"_s, u"5"_s}
        << u"--stop-after says when the component --stop names stops"_s;
    QTest::newRow("--stop-after unpaced")
        << QStringList{u"--redis"_s, redis,          u"--key"_s,        u"k"_s,
                       u"--stop"_s,  u"validator"_s, u"--stop-after"_s, u"5"_s}
        << u"give --rate too"_s;
    QTest::newRow("--stop-after in words")
        << QStringList{u"--redis"_s, redis,          u"--key"_s,        u"k"_s,
                       u"--stop"_s,  u"validator"_s, u"--stop-after"_s, u"soon"_s}
        << u"--stop-after takes a whole number"_s;
    QTest::newRow("--slow without its times")
        << QStringList{u"--redis"_s, redis, u"--key"_s, u"k"_s, u"--slow"_s, u"validator"_s}
        << u"--slow takes COMPONENT:AFTER:FOR in seconds"_s;
    QTest::newRow("--slow of nobody")
        << QStringList{u"--redis"_s, redis,      u"--key"_s, u"k"_s,
                       u"--slow"_s,  u"x:1:2"_s, u"--db"_s,  u"sqlite:///tmp/x.db"_s}
        << u"--slow takes one of the demo pipeline's components"_s;
    QTest::newRow("--slow without --db")
        << QStringList{u"--redis"_s, redis, u"--key"_s, u"k"_s, u"--slow"_s, u"validator:1:2"_s}
        << u"give --db too"_s;
    QTest::newRow("bad --db") << QStringList{u"--redis"_s, redis,     u"--key"_s,
                                             u"k"_s,       u"--db"_s, u"mysql://db"_s}
                              << u"mysql"_s;
    QTest::newRow("unknown option")
        << QStringList{u"--redis"_s, redis, u"--key"_s, u"k"_s, u"--fast"_s} << u"fast"_s;
    QTest::newRow("stray argument")
        << QStringList{u"--redis"_s, redis, u"--key"_s, u"k"_s, u"extra"_s}
        << u"unexpected argument 'extra'"_s;
}

void tst_SendDemoCommand::refusals()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run run = porthole(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY2(run.err.contains(u"porthole send-demo --help"_s), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

void tst_SendDemoCommand::failures_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("message");
    QTest::newRow("unreachable") << QString() << u"cannot be reached"_s;
    QTest::newRow("wrong type") << u"list"_s << u"WRONGTYPE"_s;
}

void tst_SendDemoCommand::failures()
{
    QFETCH(QString, mode);
    QFETCH(QString, message);
    Run run;
    if (mode.isEmpty()) {
        run = porthole({u"--redis"_s, u"redis://127.0.0.1:1"_s, u"--key"_s, u"k"_s});
    } else {
        // The key holds a stream; sending to it as a list is refused by Redis.
        const QByteArray stream = key(u"wrongtype"_s);
        QVERIFY(m_client.command({"XADD", stream, "*", "payload", "x"}).ok());
        run = porthole({u"--redis"_s, m_redisText, u"--key"_s, QString::fromUtf8(stream),
                        u"--mode"_s, mode, u"--count"_s, u"10"_s});
        QCOMPARE(integer({"XLEN", stream}), 1);
    }
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

void tst_SendDemoCommand::stopsOnSignal_data()
{
    QTest::addColumn<int>("signal");
    QTest::addColumn<QString>("mode");
    QTest::newRow("SIGTERM, stream, unlimited") << int(SIGTERM) << u"stream"_s;
    QTest::newRow("SIGINT, list, unlimited") << int(SIGINT) << u"list"_s;
    QTest::newRow("SIGTERM, stream, paced") << int(SIGTERM) << u"stream:paced"_s;
}

void tst_SendDemoCommand::stopsOnSignal()
{
    QFETCH(int, signal);
    QFETCH(QString, mode);
    const QByteArray target = key(u"endless-"_s + QString::number(signal) + mode);
    QStringList arguments{u"send-demo"_s,
                          u"--redis"_s,
                          m_redisText,
                          u"--key"_s,
                          QString::fromUtf8(target),
                          u"--mode"_s,
                          mode.section(u':', 0, 0)};
    if (mode.endsWith(u":paced"_s))
        arguments << u"--rate"_s << u"300"_s;
    else if (mode == u"stream"_s)
        arguments << u"--maxlen"_s << u"10000"_s; // an endless run stays small

    QProcess process;
    process.start(m_binary, arguments);
    QVERIFY(process.waitForStarted(10000));
    // Running: the first progress line comes after a second.
    process.setReadChannel(QProcess::StandardError);
    QByteArray err;
    QElapsedTimer waited;
    waited.start();
    while (!err.contains("msg/s") && waited.elapsed() < 30000 &&
           process.state() == QProcess::Running) {
        process.waitForReadyRead(1000);
        err += process.readAllStandardError();
    }
    QVERIFY2(err.contains("msg/s"), err.constData());
    QVERIFY2(QRegularExpression(u"sent [\\d,]+ messages, [\\d,]+ msg/s"_s)
                 .match(QString::fromUtf8(err))
                 .hasMatch(),
             err.constData());

    QCOMPARE(::kill(static_cast<pid_t>(process.processId()), signal), 0);
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    err += process.readAllStandardError();
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    const qint64 sent = sentIn(out);
    QVERIFY2(sent > 0, qPrintable(out));
    QVERIFY2(err.contains(signal == SIGTERM ? "stopped by SIGTERM" : "stopped by SIGINT"),
             err.constData());
    // The total is what Redis holds.
    if (mode == u"list"_s)
        QCOMPARE(integer({"LLEN", target}), sent);
    else
        QCOMPARE(entriesAdded(target), sent);
}

QTEST_GUILESS_MAIN(tst_SendDemoCommand)
#include "tst_senddemocommand.moc"
