#include "databasehealthmodel.h"
#include "migrateddatabase.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;

class tst_DatabaseHealthModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsOffTheGuiThread();
    void refreshesAtMostEveryInterval();
    void rowTexts();
};

void tst_DatabaseHealthModel::readsOffTheGuiThread()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    DatabaseHealthModel model(*database.factory);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &DatabaseHealthModel::healthChanged);
    model.refresh(true);
    // The GUI thread has not read: nothing is there until the answer comes.
    QVERIFY(!model.hasHealth());
    QVERIFY(changed.wait());
    QVERIFY(model.hasHealth());
    QVERIFY2(model.problem().isEmpty(), qPrintable(model.problem()));
    QVERIFY(model.rowCount() > 10);
    QCOMPARE(model.columnCount(), int(DatabaseHealthModel::ColumnCount));
    QCOMPARE(model.headerData(DatabaseHealthModel::GrowthColumn, Qt::Horizontal).toString(),
             u"Growth/day"_s);
    // The GUI thread's own connection was never opened for it.
    QVERIFY(!QSqlDatabase::contains(database.factory->connectionName(u"databasehealth"_s)));
}

void tst_DatabaseHealthModel::refreshesAtMostEveryInterval()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    DatabaseHealthModel model(*database.factory);
    QSignalSpy changed(&model, &DatabaseHealthModel::healthChanged);
    // Asked three times while one read runs: one more read after it, not three.
    model.refresh(true);
    model.refresh(true);
    model.refresh(true);
    QTRY_COMPARE(changed.size(), 2);
    // An automatic refresh right after a read is skipped; a forced one is not.
    QVERIFY(!model.isReading());
    model.refresh();
    QVERIFY(!model.isReading());
    model.refresh(true);
    QVERIFY(model.isReading());
    QTRY_COMPARE(changed.size(), 3);
    QVERIFY(!model.isReading());
    model.setMinimumInterval(0ms);
    model.refresh();
    QTRY_COMPARE(changed.size(), 4);
}

void tst_DatabaseHealthModel::rowTexts()
{
    QCOMPARE(DatabaseHealthModel::rowsText({1234, RowCount::Precision::Exact}),
             QLocale().toString(1234));
    QCOMPARE(DatabaseHealthModel::rowsText({5, RowCount::Precision::Estimate}), u"~5"_s);
    QCOMPARE(DatabaseHealthModel::rowsText({7, RowCount::Precision::AtLeast}), u"≥ 7"_s);
    QCOMPARE(DatabaseHealthModel::growthText(std::nullopt), u"–"_s);
    QCOMPARE(DatabaseHealthModel::growthText(RowCount{3, RowCount::Precision::Exact}), u"+3"_s);
    QCOMPARE(DatabaseHealthModel::gapText(HealthGap::NeedsMonitorRole),
             u"needs the pg_monitor role"_s);
}

QTEST_MAIN(tst_DatabaseHealthModel)
#include "tst_databasehealthmodel.moc"
