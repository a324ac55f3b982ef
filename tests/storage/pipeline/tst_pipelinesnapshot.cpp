#include "healthrepository.h"
#include "pipelinesnapshot.h"
#include "portmessagerepository.h"
#include "repositorytestsupport.h"

#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;

class tst_PipelineSnapshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsComponentsCountsAndDeadLetters_data() { test::addEngineRows(); }
    void readsComponentsCountsAndDeadLetters();
    void emptyDatabase_data() { test::addEngineRows(); }
    void emptyDatabase();
    void countsBeyondTheLimitAreMarked();
    void missingFileIsAProblem();
    void databaseWithoutTablesIsAProblem();
};

namespace {

const QDateTime now = QDateTime(QDate(2026, 11, 20), QTime(12, 0), QTimeZone::utc());

PortMessage message(const QString &status, const QDateTime &createdAt)
{
    PortMessage m;
    m.portName = u"orders"_s;
    m.sourceComponent = u"a"_s;
    m.targetComponent = u"b"_s;
    m.messageData = R"({"n": 1})";
    m.status = status;
    m.createdAt = createdAt;
    if (status == u"dead_letter"_s || status == u"failed"_s)
        m.errorMessage = u"timeout after 30 s"_s;
    if (status == u"failed"_s)
        m.retryCount = 3; // failed for good: in the dead-letter set too
    return m;
}

} // namespace

void tst_PipelineSnapshot::readsComponentsCountsAndDeadLetters()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(PORTHOLE_TWO_CONNECTIONS);
    PORTHOLE_MIGRATED_DATABASE(database);
    HealthRepository health(database.db);
    QVERIFY(health.record({u"receiver"_s, u"healthy"_s, {}, now.addSecs(-10)}).ok());
    QVERIFY(health.record({u"writer"_s, u"degraded"_s, {}, now.addSecs(-600)}).ok());
    QVERIFY(health.record({u"writer"_s, u"healthy"_s, {}, now.addSecs(-900)}).ok());

    QList<PortMessage> messages;
    for (int i = 0; i < 3; ++i)
        messages << message(u"pending"_s, now.addSecs(-i));
    messages << message(u"completed"_s, now.addSecs(-5));
    messages << message(u"dead_letter"_s, now.addSecs(-3601)); // the oldest dead letter
    messages << message(u"dead_letter"_s, now.addSecs(-60));
    messages << message(u"failed"_s, now.addSecs(-120));
    QVERIFY(PortMessageRepository(database.db).insert(messages).ok());

    const PipelineSnapshot snapshot = readPipelineSnapshot(database.scratch->url(), now, 5min);
    QVERIFY2(snapshot.problem.isEmpty(), qPrintable(snapshot.problem));
    QCOMPARE(snapshot.readAt, now);
    QCOMPARE(snapshot.components.size(), 2);
    QCOMPARE(snapshot.components.at(0).componentName, u"receiver"_s);
    QVERIFY(!snapshot.components.at(0).stale);
    QCOMPARE(snapshot.components.at(1).componentName, u"writer"_s);
    QCOMPARE(snapshot.components.at(1).status, u"degraded"_s); // the latest heartbeat
    QVERIFY(snapshot.components.at(1).stale);                  // ten minutes: past five

    QList<StatusTally> expected;
    const QMap<QString, qint64> counts{
        {u"pending"_s, 3}, {u"completed"_s, 1}, {u"dead_letter"_s, 2}, {u"failed"_s, 1}};
    for (const QString &status : PortMessageRepository::statuses())
        expected.append({status, RowCount{counts.value(status, 0), RowCount::Precision::Exact}});
    QCOMPARE(snapshot.portMessages, expected);
    QCOMPARE(snapshot.deadLetters.value, 3); // two dead letters and one failed for good
    QCOMPARE(snapshot.deadLetters.precision, RowCount::Precision::Exact);
    QCOMPARE(snapshot.oldestDeadLetter, now.addSecs(-3601));
    QCOMPARE(snapshot.newDeadLetters.value, 2); // of the last hour: not the oldest
    QCOMPARE(snapshot.newDeadLetters.precision, RowCount::Precision::Exact);
}

void tst_PipelineSnapshot::emptyDatabase()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(PORTHOLE_TWO_CONNECTIONS);
    PORTHOLE_MIGRATED_DATABASE(database);
    const PipelineSnapshot snapshot = readPipelineSnapshot(database.scratch->url(), now, 1min);
    QVERIFY2(snapshot.problem.isEmpty(), qPrintable(snapshot.problem));
    QVERIFY(snapshot.components.isEmpty());
    QCOMPARE(snapshot.portMessages.size(), PortMessageRepository::statuses().size());
    for (const StatusTally &tally : snapshot.portMessages)
        QCOMPARE(tally.count.value, 0);
    QCOMPARE(snapshot.deadLetters.value, 0);
    QCOMPARE(snapshot.newDeadLetters.value, 0);
    QVERIFY(!snapshot.oldestDeadLetter.isValid());
}

void tst_PipelineSnapshot::countsBeyondTheLimitAreMarked()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QList<PortMessage> messages;
    for (int i = 0; i < 12; ++i)
        messages << message(u"pending"_s, now.addSecs(-i));
    QVERIFY(PortMessageRepository(database.db).insert(messages).ok());
    const PipelineSnapshot snapshot = readPipelineSnapshot(database.scratch->url(), now, 1min, 5);
    QVERIFY2(snapshot.problem.isEmpty(), qPrintable(snapshot.problem));
    QCOMPARE(snapshot.portMessages.constFirst().status, u"pending"_s);
    QVERIFY(snapshot.portMessages.constFirst().count.precision != RowCount::Precision::Exact);
    QVERIFY(snapshot.portMessages.constFirst().count.value >= 5);
}

void tst_PipelineSnapshot::missingFileIsAProblem()
{
    QTemporaryDir dir;
    const PipelineSnapshot snapshot =
        readPipelineSnapshot(DatabaseUrl::sqliteFile(dir.filePath(u"none.db"_s)), now, 1min);
    QVERIFY(!snapshot.problem.isEmpty());
    QVERIFY(!QFileInfo::exists(dir.filePath(u"none.db"_s))); // not created by reading
}

void tst_PipelineSnapshot::databaseWithoutTablesIsAProblem()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"empty.db"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly)); // an empty file is an empty SQLite database
    }
    const PipelineSnapshot snapshot =
        readPipelineSnapshot(DatabaseUrl::sqliteFile(path), now, 1min);
    QVERIFY(!snapshot.problem.isEmpty());
    QVERIFY(snapshot.components.isEmpty());
    QVERIFY(snapshot.portMessages.isEmpty()); // nothing half-read
}

QTEST_GUILESS_MAIN(tst_PipelineSnapshot)
#include "tst_pipelinesnapshot.moc"
