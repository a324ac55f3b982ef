#include "overviewpane.h"
#include "sourcestatusmodel.h"

#include <QDateTime>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_OverviewPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsSources();
    void refreshButtonAsksForRefresh();
    void reportsLastCheck();
};

void tst_OverviewPane::showsSources()
{
    SourceStatusModel model;
    model.setStatuses({{SourceStatus::Kind::Database, u"sqlite:///d.db"_s, SourceStatus::State::Ok,
                        u"SQLite 3.40.1, 2 tables"_s},
                       {SourceStatus::Kind::Redis, u"redis://127.0.0.1:7000"_s,
                        SourceStatus::State::Error, u"cannot be reached"_s}});
    OverviewPane pane(&model);
    pane.setDataDirectory(u"/home/op/.local/share/Porthole/porthole"_s);
    pane.resize(900, 400);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));

    QCOMPARE(pane.paneId(), u"overview"_s);
    QCOMPARE(pane.title(), u"Overview"_s);
    QTableView *view = pane.sourcesView();
    QCOMPARE(view->model()->rowCount(), 2);
    QVERIFY2(view->visualRect(view->model()->index(1, 0)).isValid(), "both rows are laid out");
    QVERIFY(!view->isRowHidden(1));

    const auto labels = pane.findChildren<QLabel *>();
    const bool showsDir = std::any_of(labels.cbegin(), labels.cend(), [](const QLabel *label) {
        return label->text() == u"Data directory: /home/op/.local/share/Porthole/porthole"_s;
    });
    QVERIFY(showsDir);
}

void tst_OverviewPane::refreshButtonAsksForRefresh()
{
    SourceStatusModel model;
    OverviewPane pane(&model);
    QSignalSpy asked(&pane, &OverviewPane::refreshRequested);
    auto *button = pane.findChild<QPushButton *>();
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(asked.size(), 1);
    pane.refresh();
    QCOMPARE(asked.size(), 2);
}

void tst_OverviewPane::reportsLastCheck()
{
    SourceStatusModel model;
    OverviewPane pane(&model);
    QSignalSpy status(&pane, &Pane::statusMessage);
    const QDateTime when = QDateTime::currentDateTimeUtc();
    pane.setLastChecked(when);
    QCOMPARE(status.size(), 1);
    const auto labels = pane.findChildren<QLabel *>();
    const bool shows = std::any_of(labels.cbegin(), labels.cend(), [](const QLabel *label) {
        return label->text().startsWith(u"Last checked "_s);
    });
    QVERIFY(shows);
}

QTEST_MAIN(tst_OverviewPane)
#include "tst_overviewpane.moc"
