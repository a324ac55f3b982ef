#include "backlogsampler.h"
#include "migrateddatabase.h"
#include "portmessagerepository.h"
#include "redisclient.h"
#include "repositorytestsupport.h"
#include "testservers.h"

#include <QTest>
#include <QTimeZone>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;

namespace {

const QDateTime t0(QDate(2026, 11, 26), QTime(9, 0, 7), QTimeZone::utc());

// `count` port messages of `port` with `status`, created `ageSeconds` before t0.
QString addMessages(const QSqlDatabase &db, const QString &port, const QString &status, int count,
                    qint64 ageSeconds)
{
    QList<PortMessage> rows;
    for (int i = 0; i < count; ++i) {
        PortMessage m;
        m.portName = port;
        m.sourceComponent = u"validator"_s;
        m.targetComponent = u"splitter"_s;
        m.messageData = R"({"order": 1})";
        m.status = status;
        m.createdAt = t0.addSecs(-ageSeconds - i);
        rows.append(m);
    }
    auto stored = PortMessageRepository(db).insert(rows);
    return stored ? QString() : stored.errorMessage();
}

const BacklogSample *find(const QList<BacklogSample> &samples, BacklogKind kind,
                          const QString &source)
{
    for (const BacklogSample &sample : samples)
        if (sample.key.kind == kind && sample.key.source == source)
            return &sample;
    return nullptr;
}

} // namespace

// The backlog sampler against a real redis-server and both engines, at a fixed time: a row for
// each consumer group (as XINFO and XPENDING tell it), each list queue with its processing
// lists, each port (as the Queues chips count it) and the receiver's totals; and several
// samplers of one database in one slot leave one row a backlog.
class tst_BacklogSampler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void samplesEveryBacklog_data() { test::addEngineRows(); }
    void samplesEveryBacklog();
    void samplersOfOneDatabaseWriteOneRowPerSlot_data() { test::addEngineRows(); }
    void samplersOfOneDatabaseWriteOneRowPerSlot();

private:
    QByteArray key(const char *name) const { return m_prefix + name; }
    void send(const QList<QByteArray> &command);
    // A stream with a group (2 pending, 4 not delivered), a list with a processing list, ports.
    void makeBacklogs(const QSqlDatabase &db);
    BacklogReceiver receiver() const;
    void sampleTwice(test::MigratedDatabase &database);

    std::optional<RedisUrl> m_url;
    RedisClient m_client;
    QByteArray m_prefix;
};

void tst_BacklogSampler::initTestCase()
{
    const auto fixture = test::fixtureRedis();
    QVERIFY2(fixture.ok(), qPrintable(fixture.errorMessage()));
    // A database of its own: the sampler scans every key, and other tests' would be sampled.
    const auto url =
        RedisUrl::parse(u"redis://%1:%2/12"_s.arg(fixture->host()).arg(fixture->port()));
    QVERIFY(url.ok());
    m_url = *url;
    const Status connected = m_client.connect(*url);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
}

void tst_BacklogSampler::init()
{
    send({"FLUSHDB"});
    m_prefix = "tst_backlogsampler:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
}

void tst_BacklogSampler::send(const QList<QByteArray> &command)
{
    const auto reply = m_client.command(command);
    QVERIFY2(reply.ok(), qPrintable(reply.errorMessage()));
    QVERIFY2(!reply->isError(), reply->text.constData());
}

void tst_BacklogSampler::makeBacklogs(const QSqlDatabase &db)
{
    const QByteArray orders = key("orders");
    for (int i = 1; i <= 6; ++i)
        send({"XADD", orders, QByteArray::number(i) + "-1", "n", QByteArray::number(i)});
    // Two delivered to w1 and pending, four not yet; then the first trimmed: 6 added, 5 kept.
    send({"XGROUP", "CREATE", orders, "workers", "0"});
    send({"XREADGROUP", "GROUP", "workers", "w1", "COUNT", "2", "STREAMS", orders, ">"});
    send({"XTRIM", orders, "MAXLEN", "5"});
    const QByteArray jobs = key("jobs");
    send({"RPUSH", jobs, "a", "b", "c", "d"});
    send({"RPUSH", jobs + ":processing:w1", "x", "y"});
    send({"RPUSH", jobs + ":processing:w2", "z"});
    QCOMPARE(addMessages(db, u"orders"_s, u"pending"_s, 3, 90), QString());
    QCOMPARE(addMessages(db, u"orders"_s, u"processing"_s, 1, 30), QString());
    QCOMPARE(addMessages(db, u"orders"_s, u"failed"_s, 2, 600), QString());
    QCOMPARE(addMessages(db, u"orders"_s, u"dead_letter"_s, 1, 900), QString());
    QCOMPARE(addMessages(db, u"orders"_s, u"completed"_s, 4, 1200), QString());
    QCOMPARE(addMessages(db, u"invoices"_s, u"completed"_s, 2, 60), QString());
}

BacklogReceiver tst_BacklogSampler::receiver() const
{
    return {.reads = {.key = QString::fromUtf8(key("orders")),
                      .type = u"stream"_s,
                      .group = u"workers"_s,
                      .consumer = u"w1"_s,
                      .store = u"sqlite:///tmp/porthole.db"_s},
            .stored = 42,
            .acknowledged = 40,
            .deadLettered = 2};
}

void tst_BacklogSampler::samplesEveryBacklog()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    makeBacklogs(database.db);
    if (QTest::currentTestFailed())
        return;
    RedisClient client;
    QVERIFY(client.connect(*m_url).ok());
    const BacklogSampler sampler(database.db, &client, {.interval = 15s});
    const BacklogSampling sampling = sampler.sample(t0, receiver());
    QVERIFY2(sampling.problems.isEmpty(), qPrintable(sampling.problems.join(u'\n')));
    QVERIFY(sampling.complete);
    const QDateTime slot(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());
    const QString orders = QString::fromUtf8(key("orders"));

    // The group's idle time is Redis's own clock's: only its range can be known.
    const BacklogSample *group = find(sampling.samples, BacklogKind::Group, orders);
    QVERIFY(group);
    QVERIFY2(group->oldestMs && *group->oldestMs >= 0 && *group->oldestMs < 60000,
             qPrintable(QString::number(group->oldestMs.value_or(-1))));
    BacklogSample expectedGroup;
    expectedGroup.key = {BacklogKind::Group, orders, u"workers"_s};
    expectedGroup.slot = slot;
    expectedGroup.lag = 4;
    expectedGroup.pending = 2;
    expectedGroup.oldestMs = group->oldestMs;
    expectedGroup.consumers = 1;
    expectedGroup.entriesAdded = 6;
    expectedGroup.length = 5;
    expectedGroup.lastDelivered = u"2-1"_s; // the second entry, the last delivered to w1

    BacklogSample list;
    list.key = {BacklogKind::List, QString::fromUtf8(key("jobs")), u""_s};
    list.slot = slot;
    list.length = 4;
    list.processing = 3;

    BacklogSample port;
    port.key = {BacklogKind::Port, u"orders"_s, u""_s};
    port.slot = slot;
    port.pending = 3;
    port.processing = 1;
    port.failed = 2;
    port.deadLetters = 1;
    port.oldestMs = 92000; // the oldest of the three pending, 90 + 2 s before t0
    BacklogSample quiet;
    quiet.key = {BacklogKind::Port, u"invoices"_s, u""_s};
    quiet.slot = slot;
    quiet.pending = 0;
    quiet.processing = 0;
    quiet.failed = 0;
    quiet.deadLetters = 0;
    quiet.oldestMs = 0;

    BacklogSample own;
    own.key = {BacklogKind::Receiver, orders, u"w1"_s};
    own.slot = slot;
    own.stored = 42;
    own.acknowledged = 40;
    own.deadLetters = 2;

    QCOMPARE(sampling.samples, (QList<BacklogSample>{expectedGroup, list, quiet, port, own}));
}

void tst_BacklogSampler::samplersOfOneDatabaseWriteOneRowPerSlot()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(PORTHOLE_TWO_CONNECTIONS);
    PORTHOLE_MIGRATED_DATABASE(database);
    makeBacklogs(database.db);
    if (QTest::currentTestFailed())
        return;
    sampleTwice(database);
    database.factory->close(u"second worker"_s);
}

// Two samplers, each on a connection of its own, in one slot and then the next.
void tst_BacklogSampler::sampleTwice(test::MigratedDatabase &database)
{
    auto other = database.factory->open(u"second worker"_s);
    QVERIFY2(other.ok(), qPrintable(other.errorMessage()));
    RedisClient firstClient;
    RedisClient secondClient;
    QVERIFY(firstClient.connect(*m_url).ok());
    QVERIFY(secondClient.connect(*m_url).ok());
    const BacklogSampler first(database.db, &firstClient, {.interval = 15s});
    const BacklogSampler second(*other, &secondClient, {.interval = 15s});

    // Both in the slot of 9:00:00, a few seconds apart; then the first in the next slot.
    const BacklogSampling a = first.sample(t0, receiver());
    const BacklogSampling b = second.sample(t0.addSecs(5), receiver());
    QCOMPARE(a.samples.size(), 5);
    QCOMPARE(b.samples.size(), 5);
    auto written = BacklogHistory(database.db).write(a.samples);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    QCOMPARE(*written, 5);
    written = BacklogHistory(*other).write(b.samples);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    QCOMPARE(*written, 0);
    const QString perBacklog = u"SELECT max(n) FROM (SELECT count(*) AS n FROM backlog_samples "
                               "GROUP BY kind, source, group_name, slot) s"_s;
    QCOMPARE(test::scalar(database.db, u"SELECT count(*) FROM backlog_samples"_s), 5);
    QCOMPARE(test::scalar(database.db, perBacklog), 1);

    const BacklogSampling next = first.sample(t0.addSecs(15), receiver());
    written = BacklogHistory(*other).write(next.samples);
    QVERIFY(written.ok());
    QCOMPARE(*written, 5);
    QCOMPARE(test::scalar(database.db, u"SELECT count(*) FROM backlog_samples"_s), 10);
    QCOMPARE(test::scalar(database.db, perBacklog), 1);

    // What was written reads back as it was sampled, slot by slot.
    const BacklogSample *port = find(a.samples, BacklogKind::Port, u"orders"_s);
    QVERIFY(port);
    auto series =
        BacklogHistory(database.db).series(port->key, t0.addSecs(-60), t0.addSecs(60), 10);
    QVERIFY2(series.ok(), qPrintable(series.errorMessage()));
    QCOMPARE(series->size(), 2);
    QCOMPARE(series->at(0), *port);
    QCOMPARE(series->at(1), *find(next.samples, BacklogKind::Port, u"orders"_s));
}

QTEST_GUILESS_MAIN(tst_BacklogSampler)
#include "tst_backlogsampler.moc"
