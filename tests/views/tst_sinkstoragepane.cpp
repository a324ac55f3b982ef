#include "../models/pagedtestsupport.h"
#include "jsontreemodel.h"
#include "panemodels.h"
#include "sinkstoragemodel.h"
#include "sinkstoragepane.h"
#include "sqlsupport.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlError>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::MigratedDatabase;
using M = SinkStorageModel;

namespace {

PagedTableModel::Options paneOptions()
{
    PagedTableModel::Options options;
    options.pageSize = 4;
    options.refreshIntervalMs = 3600000; // the tests refresh when they mean to
    return options;
}

// Six orders of two sinks; order n costs 10 * n.
QString storeOrders(const QSqlDatabase &db)
{
    const bool sqlite = engineOf(db) == SqlEngine::SQLite;
    QSqlQuery query(db);
    for (int n = 1; n <= 6; ++n) {
        query.prepare(sqlite ? u"INSERT INTO sink_storage (sink_name, data_type, data, metadata) "
                               "VALUES (?, ?, ?, ?)"_s
                             : u"INSERT INTO sink_storage (sink_name, data_type, data, metadata) "
                               "VALUES (?, ?, CAST(? AS jsonb), CAST(? AS jsonb))"_s);
        query.addBindValue(n <= 3 ? u"warehouse"_s : u"billing"_s);
        query.addBindValue(n % 2 ? u"order"_s : u"refund"_s);
        query.addBindValue(u"{\"order_id\": %1, \"total\": %2}"_s.arg(n).arg(n * 10));
        query.addBindValue(u"{\"source\": \"shop\"}"_s);
        if (!query.exec())
            return query.lastError().text();
    }
    return {};
}

} // namespace

// The Sink storage pane on real databases: listing, the row as a tree, the filters and what a
// bad JSON condition says.
class tst_SinkStoragePane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { QSettings().clear(); }
    void listsAndFilters_data() { test::addEngineRows(); }
    void listsAndFilters();
    void badConditionIsSaidUnderTheField();
    void saysWhenEmpty();
};

void tst_SinkStoragePane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_sinkstoragepane"_s);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_SinkStoragePane::listsAndFilters()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(storeOrders(database.db), QString());
    PaneModels paneModels(*database.factory, paneOptions());
    SinkStoragePane pane(paneModels.sinkStorage());
    QCOMPARE(pane.paneId(), u"sinkstorage"_s);
    QCOMPARE(pane.title(), u"Sink storage"_s);
    pane.resize(1300, 600);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    PORTHOLE_LOAD_ALL(*pane.model());
    QTRY_COMPARE(pane.countText(), u"6 rows"_s);
    QCOMPARE(pane.stateText(), QString());
    QCOMPARE(pane.view()->editTriggers(), QAbstractItemView::NoEditTriggers);
    QCOMPARE(pane.detailHeading(), u"Select a row to see its data and metadata here."_s);

    // The row as a tree: data and metadata.
    pane.view()->setCurrentIndex(pane.model()->index(0, 0));
    QVERIFY2(pane.detailHeading().contains(u" · stored "_s), qPrintable(pane.detailHeading()));
    const QModelIndex root = pane.treeModel()->index(0, 0);
    QCOMPARE(pane.treeModel()->rowCount(root), 2);
    QCOMPARE(pane.treeModel()->index(0, JsonTreeModel::KeyColumn, root).data().toString(),
             u"data"_s);
    // Ctrl+J: the journey that ended in the row, asked by its id.
    QSignalSpy open(&pane, &Pane::openRequested);
    pane.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&pane));
    pane.view()->setFocus();
    QTest::keyClick(pane.view(), Qt::Key_J, Qt::ControlModifier);
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.at(0).at(0).toString(), u"journey"_s);
    QCOMPARE(open.at(0).at(1).value<PaneFocus>().search,
             pane.model()->index(0, 0).data(M::RowRole).value<SinkStorageRow>().id);
    QVERIFY(!open.at(0).at(1).value<PaneFocus>().search.isEmpty());

    pane.sinkField()->setText(u"warehouse"_s);
    pane.typeField()->setText(u"order"_s);
    pane.pathField()->setText(u"$.total > 10"_s);
    pane.applyFilter();
    QCOMPARE(pane.pathError(), QString());
    PORTHOLE_LOAD_ALL(*pane.model());
    QTRY_COMPARE(pane.countText(), u"1 row"_s);
    QVERIFY(pane.model()->index(0, M::DataColumn).data().toString().contains(u"30"_s));
    QCOMPARE(pane.exportSource()->count(database.db, 100)->value, 1);
    QCOMPARE(pane.exportDescription(), u"the sink storage rows shown (1 row)"_s);
    QSignalSpy exportAsked(&pane, &Pane::exportRequested);
    pane.exportButton()->click();
    QCOMPARE(exportAsked.size(), 1);

    pane.pathField()->setText(u"$.total > 100"_s);
    pane.applyFilter();
    PORTHOLE_LOAD_ALL(*pane.model());
    QTRY_COMPARE(pane.stateText(), u"No stored row matches the filter."_s);

    // A journey's step: the row of its id alone, whatever the bar said.
    PaneFocus focus;
    focus.search = open.at(0).at(1).value<PaneFocus>().search;
    pane.focusOn(focus);
    QCOMPARE(pane.idField()->text(), focus.search);
    for (const QLineEdit *field : {pane.sinkField(), pane.typeField(), pane.pathField()})
        QVERIFY(field->text().isEmpty());
    PORTHOLE_LOAD_ALL(*pane.model());
    QTRY_COMPARE(pane.countText(), u"1 row"_s);
    QCOMPARE(pane.model()->index(0, 0).data(M::RowRole).value<SinkStorageRow>().id, focus.search);
    QTRY_COMPARE(pane.view()->currentIndex().row(), 0);
    QVERIFY2(pane.detailHeading().contains(u" · stored "_s), qPrintable(pane.detailHeading()));

    // Live follows while shown only.
    QVERIFY(pane.isLive());
    QVERIFY(pane.model()->liveFollow());
    pane.hide();
    QVERIFY(!pane.model()->liveFollow());
}

void tst_SinkStoragePane::badConditionIsSaidUnderTheField()
{
    MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QCOMPARE(storeOrders(database.db), QString());
    PaneModels paneModels(*database.factory, paneOptions());
    SinkStoragePane pane(paneModels.sinkStorage());
    pane.pathField()->setText(u"$.order_id = 2"_s);
    pane.applyFilter();
    PORTHOLE_LOAD_ALL(*pane.model());
    QTRY_COMPARE(pane.countText(), u"1 row"_s);

    // A bad condition leaves the listing as it was and says why, under the field.
    pane.pathField()->setText(u"$.order_id = two"_s);
    pane.applyFilter();
    QVERIFY2(pane.pathError().startsWith(u"Not applied: The value is not a number"_s),
             qPrintable(pane.pathError()));
    QVERIFY(pane.findChild<QWidget *>(u"pathError"_s)->isVisibleTo(&pane));
    QCOMPARE(pane.model()->filter().path->value.toInt(), 2);
    QCOMPARE(pane.countText(), u"1 row"_s);
    // Typing settles into the same: the timer applies it.
    pane.pathField()->setText(u"order_id = 2"_s);
    QTRY_VERIFY(pane.pathError().contains(u"A path starts with $"_s));
    pane.pathField()->clear();
    QTRY_COMPARE(pane.pathError(), QString());
    PORTHOLE_LOAD_ALL(*pane.model());
    QTRY_COMPARE(pane.countText(), u"6 rows"_s);
    QVERIFY(!pane.findChild<QWidget *>(u"pathError"_s)->isVisibleTo(&pane));
}

void tst_SinkStoragePane::saysWhenEmpty()
{
    MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    PaneModels paneModels(*database.factory, paneOptions());
    SinkStoragePane pane(paneModels.sinkStorage());
    PORTHOLE_LOAD_ALL(*pane.model());
    QTRY_COMPARE(pane.stateText(), u"No sink has stored a row yet."_s);
}

QTEST_MAIN(tst_SinkStoragePane)
#include "tst_sinkstoragepane.moc"
