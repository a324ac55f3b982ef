#include "backloghistory.h"
#include "backlogrecorder.h"
#include "migrateddatabase.h"
#include "migrationrunner.h"
#include "portmessagerepository.h"
#include "repositorytestsupport.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;

namespace {

const QDateTime t0(QDate(2026, 11, 26), QTime(9, 0, 2), QTimeZone::utc());

qint64 rowsOf(const QSqlDatabase &db, const QString &kind)
{
    return test::scalar(db, u"SELECT count(*) FROM backlog_samples WHERE kind = '%1'"_s.arg(kind));
}

} // namespace

// The window's and the worker's sampling at a fixed time, without Redis: each slot written
// once however often it is sampled, the receiver's totals while it runs, and a database
// without the table said so.
class tst_BacklogRecorder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordsEachSlotOnce_data() { test::addEngineRows(); }
    void recordsEachSlotOnce();
    void aDatabaseNotMigratedIsSaidSo();
};

void tst_BacklogRecorder::recordsEachSlotOnce()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    PortMessage message;
    message.portName = u"orders"_s;
    message.sourceComponent = u"validator"_s;
    message.targetComponent = u"splitter"_s;
    message.messageData = R"({"order": 1})";
    message.createdAt = t0.addSecs(-30);
    QVERIFY(PortMessageRepository(database.db).insert({message}).ok());

    BacklogRecorder recorder(ConnectionFactory(database.scratch->url()), {.interval = 15s});
    QSignalSpy recorded(&recorder, &BacklogRecorder::recorded);
    auto written = recorder.record(t0);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    QCOMPARE(*written, 1);
    QCOMPARE(recorded.size(), 1);
    QCOMPARE(recorded.at(0).at(0).toLongLong(), 1);
    QCOMPARE(recorded.at(0).at(1).toBool(), true);
    // The same slot again: nothing more; the next slot: a row of its own.
    QCOMPARE(*recorder.record(t0.addSecs(5)), 0);
    QCOMPARE(*recorder.record(t0.addSecs(15)), 1);
    QCOMPARE(rowsOf(database.db, u"port"_s), 2);

    IngestStats stats;
    stats.state = IngestState::Running;
    stats.key = u"orders"_s;
    stats.group = u"workers"_s;
    stats.consumer = u"w1"_s;
    stats.stored = 7;
    stats.acknowledged = 6;
    recorder.setStats(stats);
    QCOMPARE(*recorder.record(t0.addSecs(30)), 2);
    auto own = BacklogHistory(database.db)
                   .series({BacklogKind::Receiver, u"orders"_s, u"w1"_s}, t0, t0.addSecs(60), 10);
    QVERIFY(own.ok());
    QCOMPARE(own->size(), 1);
    QCOMPARE(own->constFirst().stored, 7);
    QCOMPARE(own->constFirst().acknowledged, 6);
    // Its group sampled (by another sampler: no Redis here), the ledger has a subject: each
    // recording keeps up to six of its hours that are over, the latest first.
    BacklogSample group;
    group.key = {BacklogKind::Group, u"orders"_s, u"workers"_s};
    group.slot = t0.addSecs(30);
    group.lag = 0;
    QVERIFY(BacklogHistory(database.db).write({group}));
    QCOMPARE(test::scalar(database.db, u"SELECT count(*) FROM ledger_counts"_s), 0);
    stats.state = IngestState::Stopped;
    recorder.setStats(stats);
    QCOMPARE(*recorder.record(t0.addSecs(45)), 1);
    QCOMPARE(rowsOf(database.db, u"receiver"_s), 1);
    QCOMPARE(test::scalar(database.db, u"SELECT count(*) FROM ledger_counts"_s), 6);
    // An hour is kept an hour after its end: at 09:00:47 the latest is 07:00 to 08:00.
    QCOMPARE(test::scalar(database.db, u"SELECT max(hour_start) FROM ledger_counts"_s),
             QDateTime(t0.date(), QTime(7, 0), QTimeZone::utc()).toSecsSinceEpoch());
    recorder.stop();
}

void tst_BacklogRecorder::aDatabaseNotMigratedIsSaidSo()
{
    QString error;
    const auto scratch =
        test::ScratchDatabase::create(test::ScratchDatabase::Engine::SQLite, &error);
    QVERIFY2(scratch, qPrintable(error));
    BacklogRecorder recorder(ConnectionFactory(scratch->url()), {.interval = 15s});
    const auto written = recorder.record(t0);
    QVERIFY(!written.ok());
    QCOMPARE(written.error().kind, StorageError::Kind::SchemaTooOld);
    QVERIFY2(written.errorMessage().contains(u"porthole migrate"_s),
             qPrintable(written.errorMessage()));

    // Migrated meanwhile on a connection of its own (the worker's sink does so as it starts):
    // the next sampling sees the history's table and records.
    const ConnectionFactory other(scratch->url());
    {
        auto db = other.open(u"migrating"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        const auto migrations = MigrationRunner::builtin(scratch->url().engine());
        QVERIFY(MigrationRunner(*db, *migrations).up().ok());
    }
    other.close(u"migrating"_s);
    const auto again = recorder.record(t0.addSecs(15));
    QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
    recorder.stop();
}

QTEST_GUILESS_MAIN(tst_BacklogRecorder)
#include "tst_backlogrecorder.moc"
