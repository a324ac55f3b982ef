#include "../models/pagedtestsupport.h"
#include "consolemodel.h"
#include "panemodels.h"
#include "sqlconsole.h"
#include "tablebrowsermodels.h"
#include "tablespane.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTabWidget>
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
    void filtersAndSortsTheRows();
    void jumpsToEitherEnd();
    void runsTheConsole();
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

    // Rows written since the catalog was read: the chosen table's count in the catalog is
    // the one its listing has, not the catalog's older one.
    {
        auto db = factory.open(u"setup"_s);
        QVERIFY(db.ok());
        QSqlQuery query(*db);
        for (int i = 13; i <= 17; ++i)
            QVERIFY(query.exec(u"INSERT INTO sink_rows VALUES (%1, 'row %1')"_s.arg(i)));
    }
    factory.close(u"setup"_s);
    pane.rowsModel()->refresh();
    QTRY_COMPARE(pane.countText(), u"17 rows"_s);
    QCOMPARE(pane.catalogModel()->index(table, CatalogModel::RowsColumn).data().toString(),
             u"17"_s);
    QCOMPARE(pane.rowsView()->editTriggers(), QAbstractItemView::NoEditTriggers);

    const int view = rowNamed(pane.catalogModel(), u"long_rows"_s);
    pane.catalogView()->selectRow(view);
    PORTHOLE_LOAD_ALL(*pane.rowsModel());
    QCOMPARE(pane.rowsModel()->rowCount(), 9);
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

namespace {

// A table of the pipeline's, sink_rows (id, body indexed, note), and Porthole's audit_log.
QString makeSinkRows(const ConnectionFactory &factory)
{
    auto db = factory.open(u"setup"_s);
    if (!db)
        return db.errorMessage();
    QSqlQuery query(*db);
    QStringList statements{
        u"CREATE TABLE sink_rows (id INTEGER PRIMARY KEY, body TEXT, note TEXT)"_s,
        u"CREATE INDEX idx_sink_rows_body ON sink_rows(body)"_s,
        u"CREATE TABLE audit_log (id INTEGER PRIMARY KEY, summary TEXT)"_s};
    for (int i = 1; i <= 12; ++i)
        statements << u"INSERT INTO sink_rows VALUES (%1, 'body %2', 'note %1')"_s.arg(i).arg(i %
                                                                                              4);
    for (const QString &sql : statements)
        if (!query.exec(sql))
            return query.lastError().text();
    return {};
}

} // namespace

// The filter bar narrows the rows in SQL; a click on an indexed column's header sorts them;
// Porthole's own tables come after the pipeline's.
void tst_TablesPane::filtersAndSortsTheRows()
{
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::SQLite);
    const ConnectionFactory factory(scratch->url());
    QCOMPARE(makeSinkRows(factory), QString());
    factory.close(u"setup"_s);

    PaneModels paneModels(factory, paneOptions());
    TablesPane pane(paneModels.catalog());
    pane.resize(1200, 600);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    PORTHOLE_LOAD_ALL(*pane.catalogModel());
    QCOMPARE(pane.catalogModel()->index(0, CatalogModel::NameColumn).data().toString(),
             u"sink_rows"_s);
    QCOMPARE(pane.catalogModel()->index(1, CatalogModel::GroupColumn).data().toString(),
             u"Porthole"_s);
    // The first table is chosen at once: the pane opens on rows.
    QTRY_VERIFY(pane.rowsModel());
    QCOMPARE(pane.exportSource()->table(), u"sink_rows"_s);
    PORTHOLE_LOAD_ALL(*pane.rowsModel());

    auto *column = pane.findChild<QComboBox *>(u"filterColumn"_s);
    auto *text = pane.findChild<QLineEdit *>(u"filterText"_s);
    QVERIFY(column && text);
    column->setCurrentIndex(2);
    text->setText(u"NOTE 1"_s);
    QTest::keyClick(text, Qt::Key_Return);
    PORTHOLE_LOAD_ALL(*pane.rowsModel());
    QCOMPARE(pane.rowsModel()->rowCount(), 4); // note 1, 10, 11, 12
    QVERIFY(pane.filterSummary().contains(u"note: NOTE 1"_s));
    QVERIFY(pane.exportDescription().contains(u"match the filters"_s));

    // Sorted by body (an index begins with it), descending, then by id.
    QHeaderView *header = pane.rowsView()->horizontalHeader();
    header->setSortIndicator(1, Qt::DescendingOrder);
    PORTHOLE_LOAD_ALL(*pane.rowsModel());
    QCOMPARE(pane.rowsModel()->sortColumn(), 1);
    QStringList ids;
    for (int row = 0; row < pane.rowsModel()->rowCount(); ++row)
        ids << pane.rowsModel()->index(row, 0).data().toString();
    QCOMPARE(ids, (QStringList{u"11"_s, u"10"_s, u"1"_s, u"12"_s}));
    // note has no index: the arrow goes back, the order stays.
    QSignalSpy status(&pane, &Pane::statusMessage);
    header->setSortIndicator(2, Qt::AscendingOrder);
    QTRY_COMPARE(header->sortIndicatorSection(), 1);
    QVERIFY(!status.isEmpty());
    QCOMPARE(pane.rowsModel()->sortColumn(), 1);

    // A filter no row matches says what to do.
    pane.setFilter(0, u"=999"_s);
    PORTHOLE_LOAD_ALL(*pane.rowsModel());
    QTRY_VERIFY(pane.rowsStateText().contains(u"Clear Filters"_s));
    pane.findChild<QPushButton *>(u"clearFilters"_s)->click();
    PORTHOLE_LOAD_ALL(*pane.rowsModel());
    QCOMPARE(pane.rowsModel()->rowCount(), 12);
    QVERIFY(pane.filterSummary().isEmpty());
}

// Home and End go to the table's first and last rows without reading the rows between; rows
// read before the last page as the view nears its top leave the rows in view where they are.
void tst_TablesPane::jumpsToEitherEnd()
{
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::SQLite);
    const ConnectionFactory factory(scratch->url());
    {
        auto db = factory.open(u"setup"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QSqlQuery query(*db);
        QVERIFY(query.exec(u"CREATE TABLE sink_rows (id INTEGER PRIMARY KEY, body TEXT)"_s));
        QVERIFY(query.exec(u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                           "WHERE i < 500) INSERT INTO sink_rows SELECT i, 'body ' || i FROM n"_s));
    }
    factory.close(u"setup"_s);

    PaneModels paneModels(factory, paneOptions());
    TablesPane pane(paneModels.catalog());
    pane.resize(1200, 600);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_VERIFY(pane.rowsModel());
    BrowsedTableModel *model = pane.rowsModel();
    QTRY_VERIFY(model->state() == PagedTableModel::State::Ready && !model->isBusy());
    QTableView *view = pane.rowsView();
    const auto idAt = [model](int row) {
        return model->index(row, 0).data().toInt();
    };
    QCOMPARE(idAt(0), 1);

    view->setFocus();
    QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier);
    QTRY_COMPARE(model->anchor(), PagedTableModel::Anchor::End);
    QTRY_VERIFY(!model->isBusy() && model->rowCount() > 0);
    QTRY_COMPARE(idAt(model->rowCount() - 1), 500);
    QVERIFY2(model->rowCount() < 250, "the rows between were not read");
    QTRY_COMPARE(view->currentIndex().row(), model->rowCount() - 1);
    QVERIFY(view->viewport()->rect().intersects(view->visualRect(view->currentIndex())));

    // Scrolled to the top of what is read: the rows before it come, above the rows in view.
    const int rowsBefore = model->rowCount();
    const int topId = idAt(view->rowAt(0));
    view->verticalScrollBar()->setValue(view->verticalScrollBar()->minimum());
    const int topAfterScroll = idAt(view->rowAt(0));
    QTRY_VERIFY(model->rowCount() > rowsBefore);
    QTRY_VERIFY(!model->isBusy());
    QVERIFY(topAfterScroll < topId);
    QCOMPARE(idAt(view->rowAt(0)), topAfterScroll);

    QTest::keyClick(view, Qt::Key_Home);
    QTRY_COMPARE(model->anchor(), PagedTableModel::Anchor::Start);
    QTRY_COMPARE(idAt(0), 1);
    QTRY_COMPARE(view->currentIndex().row(), 0);
}

// The SQL console in its tab: a statement run with Ctrl+Enter, its rows, its export, a write
// refused in the result's place (no dialog), the history.
void tst_TablesPane::runsTheConsole()
{
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::SQLite);
    const ConnectionFactory factory(scratch->url());
    QCOMPARE(makeSinkRows(factory), QString());
    factory.close(u"setup"_s);
    QSettings().remove(u"tables/consoleHistory"_s);

    PaneModels paneModels(factory, paneOptions());
    TablesPane pane(paneModels.catalog());
    // The operator goes to the console before the catalog is read; the first table, chosen when
    // it comes, leaves them there.
    QVERIFY(pane.catalogModel()->state() != PagedTableModel::State::Ready);
    pane.tabs()->setCurrentWidget(pane.console());
    pane.resize(1200, 600);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE(pane.catalogModel()->state(), PagedTableModel::State::Ready);
    QVERIFY(pane.catalogModel()->rowCount() > 0);
    QCOMPARE(pane.tabs()->currentWidget(), pane.console());
    SqlConsole *console = pane.console();
    QVERIFY(console->stateText().contains(u"only reads"_s));
    QVERIFY(!pane.exportSource());
    QSignalSpy failed(&pane, &Pane::failed);

    console->editor()->setPlainText(u"SELECT id, body FROM sink_rows WHERE id <= 7 ORDER BY id"_s);
    console->editor()->setFocus();
    QTest::keyClick(console->editor(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(console->model()->state(), ConsoleModel::State::Running);
    QTRY_COMPARE(console->model()->state(), ConsoleModel::State::Ready);
    QTRY_COMPARE(console->model()->rowCount(), 7); // pages of 5, fetched as the view shows them
    QTRY_VERIFY(console->model()->atEnd());
    QCOMPARE(console->resultView()->model()->index(6, 1).data().toString(), u"body 3"_s);
    QVERIFY(console->statusText().contains(u"7 rows"_s));
    QVERIFY(pane.exportSource());
    QCOMPARE(pane.exportSource()->columns().size(), 2);
    QVERIFY(pane.exportDescription().contains(u"SQL console"_s));

    console->editor()->setPlainText(u"DROP TABLE sink_rows"_s);
    console->run();
    QTRY_COMPARE(console->model()->state(), ConsoleModel::State::Error);
    QVERIFY2(console->stateText().startsWith(u"Refused"_s), qPrintable(console->stateText()));
    QVERIFY(failed.isEmpty());

    // A statement without an end: Cancel stops it, the pane answering meanwhile.
    console->editor()->setPlainText(u"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
                                    "FROM c) SELECT count(*) FROM c"_s);
    console->run();
    QVERIFY(console->cancelButton()->isEnabled());
    QVERIFY(console->stateText().contains(u"Cancel stops it"_s));
    QTest::mouseClick(console->cancelButton(), Qt::LeftButton);
    QCOMPARE(console->model()->state(), ConsoleModel::State::Cancelled);
    QVERIFY(!console->cancelButton()->isEnabled());
    QVERIFY(console->stateText().startsWith(u"Cancelled"_s));
    QCOMPARE(pane.findChild<QLabel *>(u"tableHeading"_s)->text(),
             u"SQL console: one statement at a time, read-only"_s);

    QComboBox *history = console->historyBox();
    QCOMPARE(history->count(), 4); // its title and the three statements, the latest first
    QCOMPARE(history->itemData(2).toString(), u"DROP TABLE sink_rows"_s);
    history->setCurrentIndex(3);
    Q_EMIT history->activated(3);
    QCOMPARE(console->editor()->toPlainText(),
             u"SELECT id, body FROM sink_rows WHERE id <= 7 ORDER BY id"_s);

    // Choosing a table goes back to its rows, whose export the pane gives again; so does a
    // click on the table already chosen.
    PORTHOLE_LOAD_ALL(*pane.catalogModel());
    pane.catalogView()->selectRow(1);
    QCOMPARE(pane.tabs()->currentIndex(), 0);
    QCOMPARE(pane.exportSource()->table(),
             pane.catalogModel()->index(1, CatalogModel::NameColumn).data().toString());
    pane.tabs()->setCurrentIndex(1);
    const QRect cell =
        pane.catalogView()->visualRect(pane.catalogModel()->index(1, CatalogModel::NameColumn));
    QTest::mouseClick(pane.catalogView()->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(pane.tabs()->currentIndex(), 0);
}

QTEST_MAIN(tst_TablesPane)
#include "tst_tablespane.moc"
