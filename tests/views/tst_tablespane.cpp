#include "../models/pagedtestsupport.h"
#include "panemodels.h"
#include "tablebrowsermodels.h"
#include "tablespane.h"

#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

PagedTableModel::Options paneOptions()
{
    PagedTableModel::Options options;
    options.pageSize = 5;
    options.refreshIntervalMs = 3600000; // the tests refresh when they mean to
    return options;
}

int rowNamed(const QAbstractItemModel *model, const QString &name)
{
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->index(row, CatalogModel::NameColumn).data().toString() == name)
            return row;
    return -1;
}

} // namespace

// The Tables pane on a SQLite file of a pipeline's own tables.
class tst_TablesPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void browsesATableAndAView();
    void columnsFitTheirRows();
};

void tst_TablesPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_tablespane"_s);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QSettings().clear();
}

void tst_TablesPane::browsesATableAndAView()
{
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::SQLite);
    const ConnectionFactory factory(scratch->url());
    {
        auto db = factory.open(u"setup"_s);
        QVERIFY(db.ok());
        QSqlQuery query(*db);
        QVERIFY(query.exec(u"CREATE TABLE sink_rows (id INTEGER PRIMARY KEY, body TEXT)"_s));
        QVERIFY(query.exec(u"CREATE INDEX idx_sink_rows_body ON sink_rows(body)"_s));
        QVERIFY(query.exec(u"CREATE VIEW long_rows AS SELECT id FROM sink_rows WHERE id > 8"_s));
        for (int i = 1; i <= 12; ++i)
            QVERIFY(query.exec(u"INSERT INTO sink_rows VALUES (%1, 'row %1')"_s.arg(i)));
    }
    factory.close(u"setup"_s);

    PaneModels paneModels(factory, paneOptions());
    TablesPane pane(paneModels.catalog());
    QCOMPARE(pane.paneId(), u"tables"_s);
    QVERIFY(!pane.exportSource()); // nothing chosen yet
    pane.resize(1200, 600);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    PORTHOLE_LOAD_ALL(*pane.catalogModel());
    const int table = rowNamed(pane.catalogModel(), u"sink_rows"_s);
    QVERIFY(table >= 0);
    QCOMPARE(pane.catalogModel()->index(table, CatalogModel::RowsColumn).data().toString(),
             u"12"_s);

    pane.catalogView()->selectRow(table);
    QVERIFY(pane.rowsModel());
    PORTHOLE_LOAD_ALL(*pane.rowsModel());
    QCOMPARE(pane.rowsModel()->rowCount(), 12);
    QCOMPARE(pane.rowsView()->model()->index(11, 1).data().toString(), u"row 12"_s);
    QCOMPARE(pane.keyNote(), u"Paged by its primary key (id)."_s);
    QVERIFY2(pane.schemaText().contains(u"idx_sink_rows_body"_s), qPrintable(pane.schemaText()));
    QVERIFY(pane.schemaText().contains(u"INTEGER"_s));
    QTRY_COMPARE(pane.countText(), u"12 rows"_s);
    QCOMPARE(pane.exportSource()->table(), u"sink_rows"_s);
    QCOMPARE(pane.rowsView()->editTriggers(), QAbstractItemView::NoEditTriggers);

    const int view = rowNamed(pane.catalogModel(), u"long_rows"_s);
    pane.catalogView()->selectRow(view);
    PORTHOLE_LOAD_ALL(*pane.rowsModel());
    QCOMPARE(pane.rowsModel()->rowCount(), 4);
    QVERIFY(pane.keyNote().startsWith(u"A view has no key: paged by position"_s));
}

// A pipeline's table with a long value in a column before the last: the column widens to it,
// for each table chosen in turn.
void tst_TablesPane::columnsFitTheirRows()
{
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::SQLite);
    const ConnectionFactory factory(scratch->url());
    const QString longName = u"hourly-compaction-of-the-metric-rollups"_s;
    {
        auto db = factory.open(u"setup"_s);
        QVERIFY(db.ok());
        QSqlQuery query(*db);
        QVERIFY(query.exec(u"CREATE TABLE pipeline_jobs (id INTEGER PRIMARY KEY, name TEXT NOT "
                           "NULL, schedule TEXT)"_s));
        QVERIFY(
            query.exec(u"INSERT INTO pipeline_jobs VALUES (1, '%1', '0 * * * *')"_s.arg(longName)));
        QVERIFY(query.exec(u"CREATE TABLE owners (name TEXT PRIMARY KEY, team TEXT)"_s));
        QVERIFY(query.exec(
            u"INSERT INTO owners VALUES ('%1 and a few more words', 'ops')"_s.arg(longName)));
    }
    factory.close(u"setup"_s);

    PaneModels paneModels(factory, paneOptions());
    TablesPane pane(paneModels.catalog());
    pane.resize(1400, 700);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    PORTHOLE_LOAD_ALL(*pane.catalogModel());
    const QFontMetrics metrics = pane.rowsView()->fontMetrics();
    pane.catalogView()->selectRow(rowNamed(pane.catalogModel(), u"pipeline_jobs"_s));
    PORTHOLE_LOAD_ALL(*pane.rowsModel());
    QTRY_VERIFY(pane.rowsView()->columnWidth(1) > metrics.horizontalAdvance(longName));
    pane.catalogView()->selectRow(rowNamed(pane.catalogModel(), u"owners"_s));
    PORTHOLE_LOAD_ALL(*pane.rowsModel());
    QTRY_VERIFY(pane.rowsView()->columnWidth(0) >
                metrics.horizontalAdvance(longName + u" and a few more words"_s));
}

QTEST_MAIN(tst_TablesPane)
#include "tst_tablespane.moc"
