#include "commandrun.h"
#include "mainwindow.h"
#include "pane.h"
#include "testservers.h"
#include "windowcontroller.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QHeaderView>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// The tables of `pane` an operator sees now.
QList<QTableView *> shownTables(const Pane *pane)
{
    QList<QTableView *> shown;
    for (QTableView *view : pane->findChildren<QTableView *>()) {
        if (view->isVisible() && view->horizontalHeader()->isVisible() && view->model() &&
            view->viewport()->width() > 0)
            shown << view;
    }
    return shown;
}

// Why a column of `view` is cut, or nothing: narrower than its title or than the widest cell
// of the rows in view; or off the right edge, behind the scroll bar, unless `sideways` (a
// view of any table of a database, as wide as its columns, its long texts cut). On a `narrow`
// screen a cell may be elided (a column yields to the main one), never a title, and nothing
// but a sideways view runs past the edge. A column that stretches takes what the others
// leave, and may elide a long cell; not its title.
QStringList cutColumns(const QTableView *view, bool sideways, bool narrow)
{
    QStringList cut;
    const QHeaderView *header = view->horizontalHeader();
    const int viewport = view->viewport()->width();
    for (int column = 0; column < header->count(); ++column) {
        if (header->isSectionHidden(column) || header->sectionSize(column) == 0)
            continue;
        const QString title =
            view->model()->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
        const int size = header->sectionSize(column);
        const int titleHint = header->sectionSizeHint(column);
        const int cellHint =
            static_cast<const QAbstractItemView *>(view)->sizeHintForColumn(column);
        const bool stretches = header->sectionResizeMode(column) == QHeaderView::Stretch ||
                               (header->stretchLastSection() && column == header->count() - 1 &&
                                header->visualIndex(column) == header->count() - 1);
        const int right = header->sectionViewportPosition(column) + size;
        if (right > viewport + 1 && !sideways)
            cut << u"%1 ends at %2 of %3 px"_s.arg(title).arg(right).arg(viewport);
        else if (size + 1 < titleHint)
            cut << u"%1 is %2 px for a title of %3"_s.arg(title).arg(size).arg(titleHint);
        // There too, a text longer than half the view (a JSON document) is cut at a third.
        else if (!stretches && size + 1 < cellHint && !narrow &&
                 !(sideways && cellHint > viewport / 2))
            cut << u"%1 is %2 px for cells of %3"_s.arg(title).arg(size).arg(cellHint);
    }
    return cut;
}

} // namespace

// Each default pane's first view on a 1600 x 1000 screen, over the demo's data: every column
// of its tables readable without a click; on a 1280 x 800 one, every column there and its
// title whole, the main one too.
class tst_FirstView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void noColumnIsCut_data();
    void noColumnIsCut();

private:
    QTemporaryDir m_dir;
    QString m_batches;
};

void tst_FirstView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    QVERIFY(m_dir.isValid());
    // The demo's store, as scripts/demo fills it, with fewer batch files.
    const QString db = u"sqlite://"_s + m_dir.filePath(u"porthole.db"_s);
    m_batches = m_dir.filePath(u"example_receiver/messages"_s);
    for (const QStringList &arguments :
         {QStringList{u"generate"_s, u"--db"_s, db, u"--port-messages"_s, u"50000"_s,
                      u"--metrics"_s, u"20000"_s, u"--port-metrics"_s, u"5000"_s,
                      u"--sensor-readings"_s, u"10000"_s, u"--checkpoints"_s, u"120"_s,
                      u"--health"_s, u"600"_s, u"--component-states"_s, u"120"_s, u"--sink-rows"_s,
                      u"3000"_s},
          QStringList{u"generate"_s, u"--batch-files"_s, u"2000"_s, u"--files"_s, m_batches},
          QStringList{u"batches"_s, u"--import"_s, u"--dir"_s, m_batches, u"--db"_s, db}}) {
        const test::CommandRun run = test::runPorthole(arguments);
        QVERIFY2(run.exitCode == 0, run.err.constData());
    }
}

void tst_FirstView::init()
{
    QSettings().clear(); // a first start
}

void tst_FirstView::noColumnIsCut_data()
{
    // Each pane, with the tables it shows with rows at first over the demo's data (the others
    // have nothing to list there: no audit entries, no Redis server; no component is chosen).
    const QHash<QString, QStringList> filled{
        {u"overview"_s, {u"sourcesView"_s, u"componentsView"_s, u"databaseTablesView"_s}},
        {u"batches"_s, {u"fileView"_s, u"messageView"_s}},
        {u"messages"_s, {u"messageView"_s}},
        {u"componentstate"_s, {u"componentView"_s}},
        {u"sinkstorage"_s, {u"sinkStorageView"_s}},
        {u"checkpoints"_s, {u"nameView"_s, u"versionView"_s}},
        {u"queues"_s, {u"messageView"_s}},
        {u"deadletters"_s, {u"groupView"_s, u"messageView"_s}},
        {u"healthhistory"_s, {u"healthView"_s}},
        {u"sensorevents"_s, {u"sensorView"_s, u"eventView"_s, u"metricView"_s}},
        {u"tables"_s, {u"catalogView"_s, u"rowsView"_s}},
        {u"alerts"_s, {u"alertStatuses"_s, u"alertHistory"_s}},
    };
    QTest::addColumn<QString>("paneId");
    QTest::addColumn<QStringList>("tables");
    QTest::addColumn<QSize>("screen");
    for (const QSize screen : {QSize(1600, 1000), QSize(1280, 800)}) {
        for (const QString &id : WindowController::paneIds()) {
            QTest::addRow("%s %dx%d", qPrintable(id), screen.width(), screen.height())
                << id << filled.value(id) << screen;
        }
    }
}

void tst_FirstView::noColumnIsCut()
{
    QFETCH(QString, paneId);
    QFETCH(QStringList, tables);
    QFETCH(QSize, screen);
    GuiOptions options;
    options.dataDirectory = m_dir.path();
    options.pane = paneId;
    WindowController console(options);
    QVERIFY(console.setUp().ok());
    MainWindow *window = console.window();
    window->setGeometry(MainWindow::firstStartGeometry(QRect(QPoint(0, 0), screen)));
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    Pane *pane = window->currentPane();
    QCOMPARE(pane->paneId(), paneId);

    const auto shownWithRows = [pane](const QString &name) {
        const auto *view = pane->findChild<QTableView *>(name);
        return view && view->isVisible() && view->model() && view->model()->rowCount() > 0;
    };
    for (const QString &name : std::as_const(tables))
        QTRY_VERIFY2_WITH_TIMEOUT(shownWithRows(name), qPrintable(name), 10000);
    for (const QTableView *view : shownTables(pane)) {
        // The Tables pane's rows are those of whichever table is chosen: it scrolls sideways
        // as a database browser does; each column is still whole.
        const auto cut = [&] {
            return cutColumns(view, paneId == u"tables"_s && view->objectName() == u"rowsView"_s,
                              screen.width() < 1600);
        };
        // The columns widen to the rows read and the splitters give them room, queued.
        QTRY_VERIFY2_WITH_TIMEOUT(
            cut().isEmpty(), qPrintable(view->objectName() + u": "_s + cut().join(u"; "_s)), 5000);
    }
}

QTEST_MAIN(tst_FirstView)
#include "tst_firstview.moc"
