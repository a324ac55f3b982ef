#include "columnsizing.h"

#include <QHeaderView>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

// How the panes widen their columns to the rows that arrive.
class tst_ColumnSizing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void widensToTheRowsInView();
};

void tst_ColumnSizing::widensToTheRowsInView()
{
    // 2,000 short rows, one long one far below the rows in view.
    QStandardItemModel model(2000, 2);
    for (int row = 0; row < model.rowCount(); ++row) {
        model.setItem(row, 0, new QStandardItem(u"ok"_s));
        model.setItem(row, 1, new QStandardItem(QString::number(row)));
    }
    const QString wide = QString(60, u'W');
    model.item(600, 0)->setText(wide);
    QTableView view;
    view.setModel(&model);
    view.horizontalHeader()->setStretchLastSection(true);
    view.resize(900, 400);
    widenColumnsToRows(&view, {0});
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.rowAt(view.viewport()->height() - 1) < 600);

    // Shown, the column is as wide as its rows in view need: the long row is not one of them.
    const int most = view.width() / 3; // never past a third of the room
    QCoreApplication::processEvents(); // the widening queued on the view's show
    QCOMPARE_LT(view.columnWidth(0), most / 2);

    // Scrolled to it, and its row read again: then it is.
    view.scrollTo(model.index(600, 0), QAbstractItemView::PositionAtCenter);
    model.item(600, 0)->setText(wide + u"W"_s);
    QTRY_COMPARE(view.columnWidth(0), most);
}

QTEST_MAIN(tst_ColumnSizing)
#include "tst_columnsizing.moc"
