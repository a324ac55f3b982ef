#include "backloghistory.h"
#include "ledgermodel.h"
#include "ledgerpane.h"
#include "migrateddatabase.h"
#include "sqlsupport.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

// The Ledger pane on a real database: what it says before anything was sampled, then a row
// per hour and the total under QAbstractItemModelTester, an hour with a stored row missing in
// red with the figures that disagree as its tooltip.
class tst_LedgerPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void saysWhatToDoBeforeAnySample();
    void flagsAnHourThatDoesNotBalance();
};

void tst_LedgerPane::saysWhatToDoBeforeAnySample()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    LedgerModel model(*database.factory);
    QAbstractItemModelTester tester(&model);
    LedgerPane pane(&model);
    QCOMPARE(pane.paneId(), u"ledger"_s);
    QCOMPARE(pane.title(), u"Ledger"_s);
    pane.show(); // read as it is shown
    QTRY_VERIFY_WITH_TIMEOUT(pane.stateText().startsWith(u"No backlog sample in this range"_s),
                             20000);
    QVERIFY(pane.stateText().contains(u"sampled every 15 seconds while the window"_s));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!pane.view()->isVisible());
}

void tst_LedgerPane::flagsAnHourThatDoesNotBalance()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime hour =
        QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch() / 3600 * 3600 - 3 * 3600, Qt::UTC);
    // Three hours ago: 5 entries added and stored; two hours ago: 4 added, 3 stored.
    QList<BacklogSample> samples;
    for (const auto &[at, added] : {std::pair{0, 0}, std::pair{1, 5}, std::pair{2, 9}}) {
        BacklogSample sample;
        sample.key = {BacklogKind::Group, u"orders"_s, u"ingest"_s};
        sample.slot = hour.addSecs(3600 * at);
        sample.entriesAdded = added;
        sample.lag = 0;
        sample.pending = 0;
        samples << sample;
    }
    BacklogSample receiver;
    receiver.key = {BacklogKind::Receiver, u"orders"_s, u"c1"_s};
    receiver.slot = hour;
    samples << receiver;
    QVERIFY(BacklogHistory(database.db).write(samples));
    for (int i = 0; i < 8; ++i) {
        const QDateTime at = hour.addSecs(i < 5 ? 60 + i : 3660 + i);
        QVERIFY(execQuery(database.db,
                          u"INSERT INTO messages (message_number, content, timestamp, "
                          "delivery_key, source) VALUES (?, 'm', ?, ?, 'orders')"_s,
                          {i, timestampText(at), u"stream:orders:%1-0"_s.arg(i)}, u"test"_s));
    }

    LedgerModel model(*database.factory);
    QAbstractItemModelTester tester(&model);
    LedgerPane pane(&model);
    pane.show();
    QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() > 0, 20000);
    QTRY_VERIFY(pane.stateText().contains(u"Periods that do not balance: 1, in red"_s));
    QCOMPARE(model.rowCount(), model.ledger().periods.size() + 1);
    int flagged = -1;
    for (int row = 0; row < model.rowCount() - 1; ++row)
        if (model.ledger().periods.at(row).start == hour.addSecs(3600))
            flagged = row;
    QVERIFY(flagged >= 0);
    const QModelIndex added = model.index(flagged, LedgerModel::Added);
    QCOMPARE(added.data().toString(), u"4"_s);
    QCOMPARE(model.index(flagged, LedgerModel::Stored).data().toString(), u"3"_s);
    QCOMPARE(model.index(flagged, LedgerModel::Verdict).data().toString(), u"does not balance"_s);
    QVERIFY(added.data(Qt::ForegroundRole).value<QBrush>().color().red() > 150);
    const QString tip = added.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.startsWith(u"4 added, but 3 stored + 0 dead letters + backlog +0 + 0 lost at "
                            "source = 3: 1 more added than accounted for"_s),
             qPrintable(tip));
    QCOMPARE(model.index(flagged - 1, LedgerModel::Verdict).data().toString(), u"balances"_s);
    QVERIFY(!model.index(flagged - 1, LedgerModel::Added).data(Qt::ForegroundRole).isValid());
    const int total = model.rowCount() - 1;
    QCOMPARE(model.index(total, LedgerModel::Period).data().toString(), u"Total"_s);
    QCOMPARE(model.index(total, LedgerModel::Added).data().toString(), u"9"_s);

    // Redis restarted without its data, the stream made anew: its entries-added began again
    // (2 where it was 9). The hour that closes on that sample is not judged, and says when,
    // rather than red with a negative count.
    BacklogSample anew = samples.first();
    anew.slot = hour.addSecs(3 * 3600 + 60);
    anew.entriesAdded = 2;
    QVERIFY(BacklogHistory(database.db).write({anew}));
    QSignalSpy loaded(&model, &LedgerModel::loaded);
    model.load(hour, hour.addSecs(4 * 3600), LedgerGrain::Hour);
    QVERIFY(loaded.wait(20000));
    QCOMPARE(model.ledger().periods.at(2).resetAt, anew.slot);
    QCOMPARE(model.index(2, LedgerModel::Verdict).data().toString(),
             u"not judged: stream made anew at "_s + anew.slot.toString(u"HH:mm"_s));
    QCOMPARE(model.index(2, LedgerModel::Added).data().toString(), u"–"_s);
    QVERIFY(!model.index(2, LedgerModel::Added).data(Qt::ForegroundRole).isValid());
}

QTEST_MAIN(tst_LedgerPane)
#include "tst_ledgerpane.moc"
