#include "auditlog.h"
#include "commandrun.h"
#include "migrateddatabase.h"
#include "redisclient.h"
#include "testservers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// The i-th entry (from 1) of a test stream was added at Base + i ms.
constexpr qint64 Base = 1764000000000;

QString idOf(qint64 i)
{
    return QString::number(Base + i) + u"-0"_s;
}

QString idList(qint64 from, qint64 to)
{
    QStringList ids;
    for (qint64 i = from; i <= to; ++i)
        ids << idOf(i);
    return ids.join(u',');
}

QStringList strings(const QJsonValue &array)
{
    QStringList out;
    for (const QJsonValue &value : array.toArray())
        out << value.toString();
    return out;
}

} // namespace

class tst_RedisActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void deadLetterSurvivesAKillBetweenStoreAndAck();
    void dryRunShowsExactlyWhatTheActionChanges();
    void manyItemsNeedTheirCountConfirmed();
    void readOnlyRefusesEveryAction_data();
    void readOnlyRefusesEveryAction();
    void usageErrors();

private:
    RedisReply run(const QList<QByteArray> &command);
    void makeStream(qint64 entries, qint64 delivered);
    QStringList pendingIds();
    QByteArray state();
    test::CommandRun porthole(const QStringList &arguments) const
    {
        return test::runPorthole(QStringList{u"redis"_s, u"--redis"_s, m_url} + arguments, 60000);
    }
    qint64 count(const QSqlDatabase &db, const QString &sql);

    RedisClient m_client;
    QString m_url;
    QByteArray m_prefix;
    QByteArray m_stream;
    QByteArray m_queue;
    int m_case = 0;
};

RedisReply tst_RedisActions::run(const QList<QByteArray> &command)
{
    auto reply = m_client.command(command);
    if (!reply || reply->isError())
        QTest::qFail(qPrintable(u"%1 failed"_s.arg(QString::fromUtf8(command.join(' ')))), __FILE__,
                     __LINE__);
    return reply ? *reply : RedisReply{};
}

void tst_RedisActions::makeStream(qint64 entries, qint64 delivered)
{
    QList<QList<QByteArray>> adds;
    for (qint64 i = 1; i <= entries; ++i)
        adds.append({"XADD", m_stream, idOf(i).toUtf8(), "payload",
                     "{\"n\":" + QByteArray::number(i) + '}'});
    QVERIFY(m_client.pipeline(adds).ok());
    run({"XGROUP", "CREATE", m_stream, "g", "0"});
    run({"XREADGROUP", "GROUP", "g", "alice", "COUNT", QByteArray::number(delivered), "STREAMS",
         m_stream, ">"});
}

QStringList tst_RedisActions::pendingIds()
{
    QStringList ids;
    for (const RedisReply &row : run({"XPENDING", m_stream, "g", "-", "+", "100000"}).elements)
        ids << QString::fromUtf8(row.elements.at(0).text);
    return ids;
}

QByteArray tst_RedisActions::state()
{
    QByteArray text;
    for (const RedisReply &entry : run({"XRANGE", m_stream, "-", "+"}).elements)
        text += entry.elements.at(0).text + ' ';
    text += '\n';
    for (const RedisReply &group : run({"XINFO", "GROUPS", m_stream}).elements) {
        const QByteArray name = group.elements.at(1).text;
        text += name + ' ' + group.elements.at(7).text + '\n';
        for (const RedisReply &row : run({"XPENDING", m_stream, name, "-", "+", "1000"}).elements)
            text += row.elements.at(0).text + ' ' + row.elements.at(1).text + '\n';
        for (const RedisReply &consumer : run({"XINFO", "CONSUMERS", m_stream, name}).elements)
            text += "consumer " + consumer.elements.at(1).text + '\n';
    }
    for (const QByteArray &list : {m_queue, QByteArray(m_queue + ":processing")})
        for (const RedisReply &element : run({"LRANGE", list, "0", "-1"}).elements)
            text += list + ' ' + element.text + '\n';
    return text;
}

qint64 tst_RedisActions::count(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

void tst_RedisActions::initTestCase()
{
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_url = url->toDisplayString(); // the fixture has no password
    const Status connected = m_client.connect(*url);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
    m_prefix = "tst_redisactions:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
}

void tst_RedisActions::init()
{
    ++m_case;
    m_stream = m_prefix + "stream" + QByteArray::number(m_case);
    m_queue = m_prefix + "queue" + QByteArray::number(m_case);
}

// Killed after the dead letters are committed and before they are acknowledged, then run
// again: each entry is stored once and acknowledged.
void tst_RedisActions::deadLetterSurvivesAKillBetweenStoreAndAck()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    makeStream(8, 6);
    const QStringList arguments{u"redis"_s,
                                u"--redis"_s,
                                m_url,
                                u"--db"_s,
                                database.scratch->url().toDisplayString(),
                                u"dead-letter"_s,
                                QString::fromUtf8(m_stream),
                                u"g"_s,
                                u"--ids"_s,
                                idList(1, 5),
                                u"--reason"_s,
                                u"crashes the parser"_s,
                                u"--json"_s};
    const QString rows = u"SELECT count(*) FROM port_messages WHERE status = 'dead_letter' AND "
                         "error_message = 'crashes the parser'"_s;

    QProcess crashing;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"PORTHOLE_FAULT_POINT"_s, u"stream-dead-letter-stored"_s);
    crashing.setProcessEnvironment(environment);
    crashing.start(qEnvironmentVariable("PORTHOLE_BINARY"), arguments);
    QVERIFY(crashing.waitForFinished(60000));
    QVERIFY2(crashing.exitStatus() == QProcess::CrashExit && crashing.exitCode() == SIGKILL,
             crashing.readAllStandardError().constData());
    // Killed exactly between: stored, not acknowledged.
    QCOMPARE(count(database.db, rows), 5);
    QCOMPARE(pendingIds().size(), 6);
    QCOMPARE(count(database.db, u"SELECT count(*) FROM audit_log"_s), 1);

    auto rerun = test::runPorthole(arguments.mid(0), 60000);
    QVERIFY2(rerun.exitCode == 0, rerun.err.constData());
    const QJsonObject result = QJsonDocument::fromJson(rerun.out).object();
    QCOMPARE(strings(result[u"changed"_s]), idList(1, 5).split(u','));
    QCOMPARE(result[u"already_stored"_s].toInt(), 5);
    QCOMPARE(count(database.db, rows), 5);
    QCOMPARE(pendingIds(), (QStringList{idOf(6)}));
    QCOMPARE(count(database.db, u"SELECT count(*) FROM audit_log WHERE action = "
                                "'stream-dead-letter'"_s),
             2);

    // A third run has nothing to do and stores nothing.
    auto third = test::runPorthole(arguments, 60000);
    QVERIFY2(third.exitCode == 3 && third.err.contains("nothing to do"), third.err.constData());
    QCOMPARE(count(database.db, u"SELECT count(*) FROM port_messages"_s), 5);
}

void tst_RedisActions::dryRunShowsExactlyWhatTheActionChanges()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    makeStream(10, 6);
    const QStringList ack{u"ack"_s,
                          QString::fromUtf8(m_stream),
                          u"g"_s,
                          u"--ids"_s,
                          idList(4, 9),
                          u"--db"_s,
                          database.scratch->url().toDisplayString()};
    const QByteArray before = state();
    auto dry = porthole(ack + QStringList{u"--dry-run"_s});
    QVERIFY2(dry.exitCode == 0, dry.err.constData());
    QVERIFY2(dry.out.contains(QByteArray("change " + idOf(4).toUtf8())) &&
                 dry.out.contains(QByteArray("skip   " + idOf(9).toUtf8())),
             dry.out.constData());
    dry = porthole(ack + QStringList{u"--dry-run"_s, u"--json"_s});
    QVERIFY2(dry.exitCode == 0, dry.err.constData());
    QCOMPARE(state(), before);
    const QStringList planned = strings(QJsonDocument::fromJson(dry.out)[u"changes"_s]);
    QCOMPARE(planned, (QStringList{idOf(4), idOf(5), idOf(6)}));

    const auto done = porthole(ack + QStringList{u"--json"_s});
    QVERIFY2(done.exitCode == 0, done.err.constData());
    QCOMPARE(strings(QJsonDocument::fromJson(done.out)[u"changed"_s]), planned);
    QCOMPARE(pendingIds(), (QStringList{idOf(1), idOf(2), idOf(3)}));
    AuditFilter filter;
    filter.action = u"stream-ack"_s;
    const auto audit = AuditLog(database.db).page(filter, PageRequest{});
    QVERIFY(audit.ok());
    QCOMPARE(audit->rows.size(), 1);
    QCOMPARE(audit->rows.constFirst().affectedCount, 3);
    QCOMPARE(audit->rows.constFirst().targetTable, QString::fromUtf8(m_stream));
}

void tst_RedisActions::manyItemsNeedTheirCountConfirmed()
{
    makeStream(120, 120);
    const QStringList ack{u"ack"_s, QString::fromUtf8(m_stream), u"g"_s, u"--ids"_s,
                          idList(1, 120)};
    auto run = porthole(ack);
    QVERIFY2(run.exitCode == 3 && run.err.contains("--confirm 120"), run.err.constData());
    run = porthole(ack + QStringList{u"--confirm"_s, u"119"_s});
    QCOMPARE(run.exitCode, 3);
    QCOMPARE(pendingIds().size(), 120);
    run = porthole(ack + QStringList{u"--confirm"_s, u"120"_s});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(pendingIds().isEmpty());
}

void tst_RedisActions::readOnlyRefusesEveryAction_data()
{
    QTest::addColumn<QStringList>("arguments");
    const QString ids = idList(1, 2);
    QTest::newRow("claim") << QStringList{u"claim"_s, u"g"_s, u"bob"_s, u"--ids"_s, ids};
    QTest::newRow("autoclaim") << QStringList{u"autoclaim"_s, u"g"_s, u"bob"_s};
    QTest::newRow("ack") << QStringList{u"ack"_s, u"g"_s, u"--ids"_s, ids};
    QTest::newRow("delete") << QStringList{u"delete"_s, u"--ids"_s, ids};
    QTest::newRow("trim") << QStringList{u"trim"_s, u"--maxlen"_s, u"1"_s};
    QTest::newRow("dead-letter") << QStringList{u"dead-letter"_s, u"g"_s,     u"--ids"_s, ids,
                                                u"--reason"_s,    u"poison"_s};
    QTest::newRow("group-create") << QStringList{u"group-create"_s, u"new"_s};
    QTest::newRow("group-reset") << QStringList{u"group-reset"_s, u"g"_s, u"--start"_s, u"0"_s};
    QTest::newRow("group-delete") << QStringList{u"group-delete"_s, u"g"_s};
    QTest::newRow("consumer-delete") << QStringList{u"consumer-delete"_s, u"g"_s, u"idle-one"_s};
    QTest::newRow("requeue") << QStringList{u"requeue"_s};
}

void tst_RedisActions::readOnlyRefusesEveryAction()
{
    QFETCH(QStringList, arguments);
    makeStream(5, 3);
    run({"XGROUP", "CREATECONSUMER", m_stream, "g", "idle-one"});
    run({"RPUSH", m_queue + ":processing", "p1"});
    // The key after the action's word: the stream, or the queue and its processing list.
    if (arguments.constFirst() == u"requeue"_s)
        arguments << QString::fromUtf8(m_queue) << QString::fromUtf8(m_queue + ":processing");
    else
        arguments.insert(1, QString::fromUtf8(m_stream));
    const QByteArray before = state();
    auto refused = porthole(arguments + QStringList{u"--read-only"_s});
    QVERIFY2(refused.exitCode == 3 && refused.err.contains("read-only"), refused.err.constData());
    QCOMPARE(state(), before);
    // Negative control: without --read-only (and with a database for the dead letters) the same
    // command changes the state.
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    auto done =
        porthole(arguments + QStringList{u"--db"_s, database.scratch->url().toDisplayString()});
    QVERIFY2(done.exitCode == 0, done.err.constData());
    QVERIFY(state() != before);
}

void tst_RedisActions::usageErrors()
{
    const auto usage = [](const test::CommandRun &run, const char *says) {
        return run.exitCode == 2 && run.err.contains(says);
    };
    const QString stream = QString::fromUtf8(m_stream);
    auto run = porthole({u"dead-letter"_s, stream, u"g"_s, u"--ids"_s, idOf(1)});
    QVERIFY2(usage(run, "--reason"), run.err.constData());
    run = porthole({u"dead-letter"_s, stream, u"g"_s, u"--reason"_s, u"x"_s, u"--ids"_s, idOf(1)});
    QVERIFY2(usage(run, "--db"), run.err.constData());
    run = porthole({u"trim"_s, stream});
    QVERIFY2(usage(run, "--maxlen N or --minid ID"), run.err.constData());
    run = porthole({u"claim"_s, stream, u"g"_s});
    QVERIFY2(usage(run, "usage: claim KEY GROUP CONSUMER"), run.err.constData());
    run = porthole({u"ack"_s, stream, u"g"_s});
    QVERIFY2(usage(run, "--ids"), run.err.constData());
    // Help names every action.
    run = test::runPorthole({u"redis"_s, u"--help"_s}, 60000);
    for (const char *action : {"claim KEY", "autoclaim KEY", "ack KEY", "delete KEY", "trim KEY",
                               "dead-letter KEY", "group-create KEY", "group-reset KEY",
                               "group-delete KEY", "consumer-delete KEY", "requeue QUEUE"})
        QVERIFY2(run.out.contains(action), action);
}

QTEST_GUILESS_MAIN(tst_RedisActions)
#include "tst_redisactions.moc"
