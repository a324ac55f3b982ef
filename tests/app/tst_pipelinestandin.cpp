#include "actionoutbox.h"
#include "commandrun.h"
#include "datagenerator.h"
#include "ingestrun.h"
#include "migrateddatabase.h"
#include "pipelinestandin.h"
#include "portmessageactions.h"
#include "redisclient.h"
#include "sqlsupport.h"
#include "testservers.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace porthole;
using test::IngestRun;

namespace {

// Long enough for a debug or sanitizer build on a busy machine; a pass takes seconds.
constexpr int waitMs = 90000;

// One port message as the test reads it back.
struct Row
{
    QString id, port, source, target, status, trace, messageId, cause, error;
    QDateTime created, processed, completed, deleted;
};

// Every port message, and the rows the receiver stored from a Redis entry (their receipts).
struct Snapshot
{
    QList<Row> rows;
    QHash<QString, qint64> received; // stored_id -> when Redis took its entry (ms, from its id)
    QString error;

    QList<Row> where(const std::function<bool(const Row &)> &test) const
    {
        QList<Row> found;
        for (const Row &row : rows) {
            if (test(row))
                found << row;
        }
        return found;
    }
    const Row *byMessageId(const QString &messageId) const
    {
        for (const Row &row : rows) {
            if (row.messageId == messageId)
                return &row;
        }
        return nullptr;
    }
    const Row *next(const Row &hop) const
    {
        for (const Row &row : rows) {
            if (row.cause == hop.messageId)
                return &row;
        }
        return nullptr;
    }
};

Snapshot snapshot(const QSqlDatabase &db)
{
    Snapshot s;
    QSqlQuery query(db);
    // The demo's ports only: the receiver keeps a payload it cannot decode as a dead letter on
    // the stream's key.
    if (!query.exec(u"SELECT id, port_name, source_component, target_component, status, "
                    "created_at, processed_at, completed_at, deleted_at, message_metadata, "
                    "error_message FROM port_messages WHERE port_name IN ('orders.in', "
                    "'orders.validated', 'payments.requests', 'payments.results', "
                    "'inventory.updates', 'notifications.email')"_s)) {
        s.error = query.lastError().text();
        return s;
    }
    while (query.next()) {
        Row row;
        row.id = query.value(0).toString();
        row.port = query.value(1).toString();
        row.source = query.value(2).toString();
        row.target = query.value(3).toString();
        row.status = query.value(4).toString();
        row.created = timestampValue(query.value(5));
        row.processed = timestampValue(query.value(6));
        row.completed = timestampValue(query.value(7));
        row.deleted = timestampValue(query.value(8));
        const QJsonObject meta =
            QJsonDocument::fromJson(query.value(9).toString().toUtf8()).object();
        row.trace = meta.value(u"trace_id"_s).toString();
        row.messageId = meta.value(u"message_id"_s).toString();
        row.cause = meta.value(u"causation_id"_s).toString();
        row.error = query.value(10).toString();
        s.rows << row;
    }
    if (!query.exec(u"SELECT stored_id, delivery_key FROM ingest_deliveries "
                    "WHERE stored_id IS NOT NULL"_s)) {
        s.error = query.lastError().text();
        return s;
    }
    // A stream entry's key ends in its id, "{ms}-{n}".
    while (query.next())
        s.received.insert(
            query.value(0).toString(),
            query.value(1).toString().section(u':', -1).section(u'-', 0, 0).toLongLong());
    return s;
}

qint64 countOf(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    return query.exec(sql) && query.next() ? query.value(0).toLongLong() : -1;
}

// `porthole send-demo` running until it is stopped.
class Sender
{
public:
    explicit Sender(const QStringList &arguments)
    {
        m_process.setProgram(qEnvironmentVariable("PORTHOLE_BINARY"));
        m_process.setArguments(QStringList{u"send-demo"_s} + arguments);
        m_process.start();
    }
    ~Sender()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(30000);
        }
    }
    bool running() const { return m_process.state() == QProcess::Running; }
    QString err()
    {
        m_err += m_process.readAllStandardError();
        return QString::fromUtf8(m_err);
    }
    // SIGTERM, as the demo stops it: its exit code, or -1.
    int stop()
    {
        if (m_process.state() == QProcess::Running)
            ::kill(pid_t(m_process.processId()), SIGTERM);
        m_process.waitForFinished(waitMs);
        m_out += m_process.readAllStandardOutput();
        err();
        return m_process.state() == QProcess::NotRunning &&
                       m_process.exitStatus() == QProcess::NormalExit
                   ? m_process.exitCode()
                   : -1;
    }
    QString out() const { return QString::fromUtf8(m_out); }

private:
    QProcess m_process;
    QByteArray m_out;
    QByteArray m_err;
};

} // namespace

// `porthole send-demo --db` standing in for the demo pipeline's components, as the demo runs
// it: against the fixture's redis-server, with a receiver (`porthole ingest`) storing the
// traffic into the same database, on both engines. The oracle is the database and the
// receiver's receipts: hops walk pending -> processing -> completed with their times, each
// next hop comes through Redis, a stopped component's queue grows while the others drain, and
// what an operator changed meanwhile stays as the operator left it.
class tst_PipelineStandIn : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void walksFlowsAndStopsOne_data() { test::addEngineRows(); }
    void walksFlowsAndStopsOne();
    void aSlowedComponentTakesItsBatch_data() { test::addEngineRows(); }
    void aSlowedComponentTakesItsBatch();
    void refusesADatabaseNotMigrated();

private:
    QByteArray key(const QString &name);
    bool groupReady(const QByteArray &stream);
    void checkHopsWalk(const QSqlDatabase &db);
    void checkStoppedQueueGrows(const QSqlDatabase &db);
    void checkOperatorsChangesStay(const QSqlDatabase &db);

    QString m_binary;
    RedisUrl m_url;
    RedisClient m_redis;
    QList<QByteArray> m_keys;
};

void tst_PipelineStandIn::initTestCase()
{
    m_binary = qEnvironmentVariable("PORTHOLE_BINARY");
    QVERIFY2(!m_binary.isEmpty(), "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_url = *url;
    const auto connected = m_redis.connect(m_url);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
}

void tst_PipelineStandIn::cleanupTestCase()
{
    if (!m_keys.isEmpty() && m_redis.isConnected())
        QVERIFY(m_redis.command(QList<QByteArray>{"DEL"} + m_keys).ok());
}

QByteArray tst_PipelineStandIn::key(const QString &name)
{
    m_keys << "tst_pipelinestandin:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':' +
                  name.toUtf8();
    return m_keys.constLast();
}

bool tst_PipelineStandIn::groupReady(const QByteArray &stream)
{
    const auto groups = m_redis.command({"XINFO", "GROUPS", stream});
    return groups.ok() && groups->type == RedisReply::Type::Array && !groups->elements.isEmpty();
}

void tst_PipelineStandIn::walksFlowsAndStopsOne()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString url = database.scratch->url().toDisplayString();
    const QByteArray stream = key(test::engineName(engine));
    IngestRun receiver(m_binary, {u"--redis"_s, m_url.toDisplayString(), u"--key"_s,
                                  QString::fromUtf8(stream), u"--group"_s, u"porthole"_s,
                                  u"--consumer"_s, u"receiver"_s, u"--sink"_s, url});
    QVERIFY(receiver.start());
    // The group reads what comes after it was made: send once it is there.
    QTRY_VERIFY2_WITH_TIMEOUT(groupReady(stream) || !receiver.running(), qPrintable(receiver.log()),
                              waitMs);
    QVERIFY2(receiver.running(), qPrintable(receiver.log()));

    Sender sender({u"--redis"_s, m_url.toDisplayString(), u"--key"_s, QString::fromUtf8(stream),
                   u"--rate"_s, u"200"_s, u"--seed"_s, u"5"_s, u"--db"_s, url, u"--stop"_s,
                   u"notifier"_s});
    for (const auto check :
         {&tst_PipelineStandIn::checkHopsWalk, &tst_PipelineStandIn::checkStoppedQueueGrows,
          &tst_PipelineStandIn::checkOperatorsChangesStay}) {
        (this->*check)(database.db);
        if (QTest::currentTestFailed())
            return;
    }

    QVERIFY2(!sender.err().contains(u"pipeline stand-in:"_s), qPrintable(sender.err()));
    QVERIFY2(sender.err().contains(u"notifier stopped from the start"_s), qPrintable(sender.err()));
    QCOMPARE(sender.stop(), 0);
    QVERIFY2(sender.out().contains(u"The pipeline stand-in took "_s), qPrintable(sender.out()));
    QVERIFY2(receiver.terminate() == 0, qPrintable(receiver.log()));
}

// Hops go pending -> processing -> completed with their times; the next hop, from the hop's
// target, comes in through Redis and the receiver; flows reach their sinks.
void tst_PipelineStandIn::checkHopsWalk(const QSqlDatabase &db)
{
    // Seen once is enough: QTRY_ asks again after the wait, when it may have ended.
    Snapshot s;
    bool processing = false;
    const auto seenProcessing = [&] {
        s = snapshot(db);
        processing = processing ||
                     !s.where([](const Row &r) { return r.status == u"processing"_s; }).isEmpty();
        return processing;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(seenProcessing(), qPrintable(s.error), waitMs);
    const auto walked = [&s] {
        for (const Row &hop : s.rows) {
            const Row *next = s.next(hop);
            if (hop.status == u"completed"_s && next && next->status == u"completed"_s &&
                s.next(*next) && hop.port == u"orders.in"_s)
                return true;
        }
        return false;
    };
    QTRY_VERIFY2_WITH_TIMEOUT((s = snapshot(db), walked()), qPrintable(s.error), waitMs);
    int checked = 0;
    for (const Row &hop : std::as_const(s.rows)) {
        const Row *next = s.next(hop);
        if (hop.status != u"completed"_s || !next)
            continue;
        ++checked;
        QVERIFY2(hop.processed.isValid() && hop.completed.isValid(), qPrintable(hop.id));
        QVERIFY(hop.created <= hop.processed);
        QVERIFY(hop.processed < hop.completed); // a component works a second on it
        QCOMPARE(next->source, hop.target);
        QCOMPARE(next->trace, hop.trace);
        // Sent once it completed: Redis took the next hop's entry after that.
        QVERIFY2(s.received.value(next->id) >= hop.completed.toMSecsSinceEpoch(),
                 qPrintable(u"%1 completed %2, the entry of its next hop %3 at %4"_s.arg(
                     hop.id, hop.completed.toString(Qt::ISODateWithMs), next->id,
                     QString::number(s.received.value(next->id)))));
        QVERIFY2(s.received.contains(next->id), qPrintable(next->id)); // its Redis receipt
    }
    QVERIFY(checked > 0);
    // Every flow starts with a pending first hop from order-source, received from Redis.
    for (const Row &row : std::as_const(s.rows)) {
        QVERIFY(s.received.contains(row.id));
        if (row.cause.isEmpty())
            QCOMPARE(row.port, u"orders.in"_s);
        else
            QVERIFY2(s.byMessageId(row.cause), qPrintable(row.id));
        if (row.status == u"pending"_s)
            QVERIFY(!row.processed.isValid());
    }
    QTRY_VERIFY2_WITH_TIMEOUT((s = snapshot(db), !s.where([](const Row &r) {
                                                       return r.target == u"inventory-sink"_s &&
                                                              r.status == u"completed"_s;
                                                   }).isEmpty()),
                              qPrintable(s.error), waitMs);
}

// notifier, stopped from the start, takes none of its messages: its queue grows, while every
// other component's pending messages are taken within seconds. It neither beats nor measures.
void tst_PipelineStandIn::checkStoppedQueueGrows(const QSqlDatabase &db)
{
    const auto stoppedQueue = [](const Snapshot &s) {
        return s.where([](const Row &r) { return r.target == u"notifier"_s; });
    };
    Snapshot s = snapshot(db);
    const qsizetype before = stoppedQueue(s).size();
    QTRY_VERIFY2_WITH_TIMEOUT((s = snapshot(db), stoppedQueue(s).size() >= before + 10),
                              qPrintable(s.error), waitMs);
    for (const Row &row : stoppedQueue(s)) {
        QCOMPARE(row.status, u"pending"_s);
        QVERIFY(!row.processed.isValid());
    }
    // The others drain: nothing of theirs has waited more than 10 s for the newest row.
    QDateTime newest;
    for (const Row &row : std::as_const(s.rows))
        newest = std::max(newest, row.created);
    const QList<Row> waiting = s.where([&newest](const Row &r) {
        return r.target != u"notifier"_s && r.status == u"pending"_s &&
               r.created.msecsTo(newest) > 10000;
    });
    QVERIFY2(waiting.isEmpty(), qPrintable(waiting.value(0).id));
    QCOMPARE(countOf(db, u"SELECT count(*) FROM system_health WHERE component_name = 'notifier'"_s),
             0);
    QCOMPARE(
        countOf(db, u"SELECT count(*) FROM component_metrics WHERE component_name = 'notifier'"_s),
        0);
    QVERIFY(countOf(db, u"SELECT count(*) FROM system_health WHERE component_name = "
                        "'validator'"_s) > 0);
}

// An operator dead-letters a message a component is processing (with SQL, as Porthole's own
// actions refuse a message being processed) and purges pending ones through the outbox, as
// the Queues pane does: once the components have worked on since, each is as it was left.
void tst_PipelineStandIn::checkOperatorsChangesStay(const QSqlDatabase &db)
{
    QString deadLettered;
    // Each says once it has done it: QTRY_ asks again after the wait.
    const auto deadLetterOne = [&db, &deadLettered] {
        if (!deadLettered.isEmpty())
            return true;
        QSqlQuery query(db);
        query.exec(u"SELECT id FROM port_messages WHERE status = 'processing' AND "
                   "target_component <> 'notifier'"_s);
        while (query.next()) {
            QSqlQuery change(db);
            change.prepare(u"UPDATE port_messages SET status = 'dead_letter', error_message = "
                           "'dead-lettered by hand', version = version + 1 WHERE id = ? AND "
                           "status = 'processing'"_s);
            change.addBindValue(query.value(0));
            if (change.exec() && change.numRowsAffected() == 1) {
                deadLettered = query.value(0).toString();
                return true;
            }
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(deadLetterOne(), waitMs);

    QStringList purged;
    QString why;
    const auto purgeSome = [&db, &purged, &why] {
        if (!purged.isEmpty())
            return true;
        ActionSelection selection;
        selection.filter.ports = {u"orders.in"_s, u"orders.validated"_s};
        selection.filter.statuses = {u"pending"_s};
        ActionOptions purge;
        purge.kind = ActionKind::Purge;
        auto plan = planAction(db, selection, purge);
        if (!plan || plan->actCount() == 0) {
            why = plan ? u"nothing to purge"_s : plan.errorMessage();
            return false;
        }
        ActionOutbox outbox(db);
        auto prepared = outbox.prepare(*plan);
        if (!prepared) {
            why = prepared.errorMessage();
            return false;
        }
        auto ran = outbox.runChunk(prepared->auditId, 1000);
        if (!ran) {
            why = ran.errorMessage();
            return false;
        }
        const Snapshot s = snapshot(db);
        for (const Row &row : s.where([](const Row &r) { return r.deleted.isValid(); }))
            purged << row.id;
        why = u"the components took all %1 first"_s.arg(plan->actCount());
        return !purged.isEmpty();
    };
    QTRY_VERIFY2_WITH_TIMEOUT(purgeSome(), qPrintable(why), waitMs);
    const QDateTime changed = QDateTime::currentDateTimeUtc();

    // The components go on: rows taken after the changes are ended.
    Snapshot s;
    QTRY_VERIFY2_WITH_TIMEOUT((s = snapshot(db), !s.where([&changed](const Row &r) {
                                                       return r.processed > changed &&
                                                              r.status == u"completed"_s;
                                                   }).isEmpty()),
                              qPrintable(s.error), waitMs);
    for (const Row &row : std::as_const(s.rows)) {
        if (row.id == deadLettered) {
            QCOMPARE(row.status, u"dead_letter"_s);
            QCOMPARE(row.error, u"dead-lettered by hand"_s);
            QVERIFY(!row.completed.isValid());
        } else if (purged.contains(row.id)) {
            QCOMPARE(row.status, u"pending"_s);
            QVERIFY(!row.processed.isValid());
            QVERIFY(row.deleted.isValid());
        }
    }
}

// A component given a batch of its own (send-demo --slow) takes that many a tick, whatever it
// has pending; the next tick without it takes the rest.
void tst_PipelineStandIn::aSlowedComponentTakesItsBatch()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    for (int i = 0; i < 5; ++i) {
        QSqlQuery insert(database.db);
        QVERIFY2(insert.exec(u"INSERT INTO port_messages (port_name, source_component, "
                             "target_component, message_data) VALUES ('orders.in', "
                             "'order-source', 'validator', '{}')"_s),
                 qPrintable(insert.lastError().text()));
    }
    PipelineStandIn::Settings settings;
    settings.database = database.scratch->url();
    settings.redis = m_url;
    settings.commandPrefix = {"XADD", key(u"slowed"_s), "*", "payload"};
    PipelineStandIn standIn(settings);
    QVERIFY(standIn.open().ok());
    QStringList others = DataGenerator::components();
    others.removeAll(u"validator"_s);

    const PipelineStandIn::Report slowed = standIn.tick(others, {{u"validator"_s, 1}});
    QVERIFY2(slowed.error.isEmpty(), qPrintable(slowed.error));
    QCOMPARE(slowed.taken, 1);
    QCOMPARE(countOf(database.db, u"SELECT count(*) FROM port_messages WHERE status = "
                                  "'pending'"_s),
             4);
    const PipelineStandIn::Report full = standIn.tick(others);
    QCOMPARE(full.taken, 4);
}

void tst_PipelineStandIn::refusesADatabaseNotMigrated()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray stream = key(u"refused"_s);
    const test::CommandRun run =
        test::runPorthole({u"send-demo"_s, u"--redis"_s, m_url.toDisplayString(), u"--key"_s,
                           QString::fromUtf8(stream), u"--count"_s, u"10"_s, u"--db"_s,
                           u"sqlite://"_s + dir.filePath(u"empty.db"_s)},
                          waitMs);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("porthole migrate"), run.err.constData());
    // Nothing was sent.
    const auto length = m_redis.command({"XLEN", stream});
    QVERIFY(length.ok());
    QCOMPARE(length->integer, 0LL);
}

QTEST_GUILESS_MAIN(tst_PipelineStandIn)
#include "tst_pipelinestandin.moc"
