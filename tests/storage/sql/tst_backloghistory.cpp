#include "backloghistory.h"
#include "migrateddatabase.h"
#include "repositorytestsupport.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;

namespace {

const QDateTime t0(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());

BacklogSample groupSample(const QDateTime &slot, qint64 lag)
{
    BacklogSample sample;
    sample.key = {BacklogKind::Group, u"orders"_s, u"workers"_s};
    sample.slot = slot;
    sample.lag = lag;
    sample.pending = 2;
    sample.oldestMs = 1500;
    sample.consumers = 1;
    sample.entriesAdded = 1000 + lag;
    sample.length = 900;
    return sample;
}

BacklogSample portSample(const QDateTime &slot, qint64 pending)
{
    BacklogSample sample;
    sample.key = {BacklogKind::Port, u"orders"_s, u""_s};
    sample.slot = slot;
    sample.pending = pending;
    sample.processing = 1;
    sample.failed = 0;
    sample.deadLetters = 4;
    sample.oldestMs = 0;
    return sample;
}

qint64 rowsOf(const QSqlDatabase &db)
{
    return test::scalar(db, u"SELECT count(*) FROM backlog_samples"_s);
}

} // namespace

// The backlog history's table on both engines: a sampling's rows written in one go, one row per
// backlog and slot whoever writes it, one backlog's series read back oldest first.
class tst_BacklogHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void slotsAreTheTimeFloored();
    void seriesReadsBackWhatWasWritten_data() { test::addEngineRows(); }
    void seriesReadsBackWhatWasWritten();
    void aSlotSampledTwiceKeepsOneRow_data() { test::addEngineRows(); }
    void aSlotSampledTwiceKeepsOneRow();

private:
    void writeTwice(test::MigratedDatabase &database);
};

void tst_BacklogHistory::slotsAreTheTimeFloored()
{
    QCOMPARE(backlogSlot(t0.addMSecs(14999), 15s), t0);
    QCOMPARE(backlogSlot(t0.addSecs(15), 15s), t0.addSecs(15));
    QCOMPARE(backlogSlot(t0.addSecs(-1), 15s), t0.addSecs(-15));
    QCOMPARE(backlogSlot(t0.addSecs(59), 60s), t0);
    QCOMPARE(backlogSlot(t0.addSecs(59), 60s).timeSpec(), Qt::UTC);
}

void tst_BacklogHistory::seriesReadsBackWhatWasWritten()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    BacklogHistory history(database.db);
    QList<BacklogSample> groups;
    QList<BacklogSample> ports;
    for (int i = 0; i < 4; ++i) {
        groups << groupSample(t0.addSecs(15 * i), 10 * i);
        ports << portSample(t0.addSecs(15 * i), 100 - i);
    }
    // The receiver's: figures of its own, the others none.
    BacklogSample receiver;
    receiver.key = {BacklogKind::Receiver, u"orders"_s, u"w1"_s};
    receiver.slot = t0;
    receiver.stored = 42;
    receiver.acknowledged = 40;
    auto written = history.write(groups + ports + QList<BacklogSample>{receiver});
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    QCOMPARE(*written, 9);

    // From the second slot on, before the fourth: oldest first, each as it was written.
    auto series = history.series(groups.at(0).key, t0.addSecs(15), t0.addSecs(45), 100);
    QVERIFY2(series.ok(), qPrintable(series.errorMessage()));
    QCOMPARE(*series, (QList<BacklogSample>{groups.at(1), groups.at(2)}));
    auto limited = history.series(ports.at(0).key, t0, t0.addSecs(3600), 3);
    QVERIFY(limited.ok());
    QCOMPARE(*limited, ports.mid(0, 3));
    auto own = history.series(receiver.key, t0, t0.addSecs(15), 10);
    QVERIFY(own.ok());
    QCOMPARE(*own, QList<BacklogSample>{receiver});
    QVERIFY(!own->constFirst().lag.has_value());

    // The backlogs sampled in a range: by kind, source and group.
    auto keys = history.backlogs(t0, t0.addSecs(15), 10);
    QVERIFY2(keys.ok(), qPrintable(keys.errorMessage()));
    QCOMPARE(*keys, (QList<BacklogKey>{groups.at(0).key, ports.at(0).key, receiver.key}));
    auto later = history.backlogs(t0.addSecs(15), t0.addSecs(60), 10);
    QVERIFY(later.ok());
    QCOMPARE(*later, (QList<BacklogKey>{groups.at(0).key, ports.at(0).key}));
}

// Two samplers of one database sampling in one slot: the first row stays, the second writes
// nothing and fails nothing; the next slot is a row of its own.
void tst_BacklogHistory::aSlotSampledTwiceKeepsOneRow()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(PORTHOLE_TWO_CONNECTIONS);
    PORTHOLE_MIGRATED_DATABASE(database);
    writeTwice(database);
    database.factory->close(u"other sampler"_s);
}

void tst_BacklogHistory::writeTwice(test::MigratedDatabase &database)
{
    auto other = database.factory->open(u"other sampler"_s);
    QVERIFY2(other.ok(), qPrintable(other.errorMessage()));
    BacklogHistory first(database.db);
    BacklogHistory second(*other);

    const QList<BacklogSample> mine{groupSample(t0, 5), portSample(t0, 7)};
    const QList<BacklogSample> theirs{groupSample(t0, 6), portSample(t0, 8)};
    auto written = first.write(mine);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    QCOMPARE(*written, 2);
    written = second.write(theirs);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    QCOMPARE(*written, 0);
    QCOMPARE(rowsOf(database.db), 2);
    auto kept = first.series(mine.at(0).key, t0, t0.addSecs(15), 10);
    QVERIFY(kept.ok());
    QCOMPARE(*kept, QList<BacklogSample>{mine.at(0)});

    written = second.write({groupSample(t0.addSecs(15), 6), portSample(t0.addSecs(15), 8)});
    QVERIFY(written.ok());
    QCOMPARE(*written, 2);
    QCOMPARE(rowsOf(database.db), 4);
}

QTEST_GUILESS_MAIN(tst_BacklogHistory)
#include "tst_backloghistory.moc"
