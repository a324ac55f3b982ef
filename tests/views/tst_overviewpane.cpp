#include "componenthealthmodel.h"
#include "ingeststatus.h"
#include "overviewpane.h"
#include "pipelinesnapshot.h"
#include "sourcestatusmodel.h"

#include <QDateTime>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_OverviewPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsSources();
    void showsEverySourceAndComponentWithoutScrolling();
    void refreshButtonAsksForRefresh();
    void reportsLastCheck();
    void showsPipeline();
    void showsWhyThePipelineIsNotKnown();
    void showsReceiver();
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

void tst_OverviewPane::showsEverySourceAndComponentWithoutScrolling()
{
    SourceStatusModel model;
    model.setStatuses({{SourceStatus::Kind::Database, u"sqlite:///d.db"_s, SourceStatus::State::Ok,
                        u"SQLite 3.40.1, 22.3 MB, schema version 17 of 17, 19 tables"_s},
                       {SourceStatus::Kind::BatchFiles, u"/data/messages"_s,
                        SourceStatus::State::Ok, u"500 batch files, 417.8 kB"_s},
                       {SourceStatus::Kind::Redis, u"redis://127.0.0.1:7000"_s,
                        SourceStatus::State::Ok, u"Redis 7.0.15, 12 keys"_s}});
    // The room the pane has in the window at its default size, 1100 x 680.
    OverviewPane pane(&model);
    pane.resize(926, 639);
    // The demo's pipeline: six components.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    PipelineSnapshot snapshot;
    snapshot.readAt = now;
    for (const QString &name : {u"order-source"_s, u"validator"_s, u"splitter"_s,
                                u"payment-gateway"_s, u"inventory-sink"_s, u"notifier"_s}) {
        HealthRecord component;
        component.componentName = name;
        component.status = u"healthy"_s;
        component.lastHeartbeat = now.addSecs(-5);
        snapshot.components << component;
    }
    pane.setPipeline(snapshot);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    for (const QTableView *view : {pane.sourcesView(), pane.componentsView()}) {
        QTRY_VERIFY2(!view->verticalScrollBar()->isVisible(), qPrintable(view->objectName()));
        for (int row = 0; row < view->model()->rowCount(); ++row)
            QVERIFY2(view->rowViewportPosition(row) >= 0 &&
                         view->rowViewportPosition(row) + view->rowHeight(row) <=
                             view->viewport()->height(),
                     qPrintable(u"%1: row %2 of a %3 px table"_s.arg(view->objectName())
                                    .arg(row)
                                    .arg(view->viewport()->height())));
    }
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

void tst_OverviewPane::showsPipeline()
{
    SourceStatusModel model;
    OverviewPane pane(&model);
    const QDateTime now(QDate(2026, 11, 20), QTime(12, 0), QTimeZone::utc());
    PipelineSnapshot snapshot;
    snapshot.readAt = now;
    HealthRecord receiver;
    receiver.componentName = u"receiver"_s;
    receiver.status = u"healthy"_s;
    receiver.lastHeartbeat = now.addSecs(-5);
    HealthRecord writer = receiver;
    writer.componentName = u"writer"_s;
    writer.lastHeartbeat = now.addSecs(-7200);
    writer.stale = true;
    snapshot.components = {receiver, writer};
    snapshot.portMessages = {{u"pending"_s, {3, RowCount::Precision::Exact}},
                             {u"completed"_s, {1200000, RowCount::Precision::Estimate}},
                             {u"dead_letter"_s, {2, RowCount::Precision::Exact}}};
    snapshot.deadLetters = {2, RowCount::Precision::Exact};
    snapshot.oldestDeadLetter = now.addSecs(-3900);
    pane.setPipeline(snapshot);

    QCOMPARE(pane.componentsView()->model()->rowCount(), 2);
    QCOMPARE(pane.components()->staleCount(), 1);
    QCOMPARE(pane.messagesText(),
             u"Port messages: pending 3 · completed about %1 · dead letter 2"_s.arg(
                 QLocale().toString(1200000)));
    QCOMPARE(pane.deadLettersText(), u"Dead letters: 2, the oldest 1 h 5 min old"_s);
    const auto labels = pane.findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.cbegin(), labels.cend(), [](const QLabel *label) {
        return label->text() == u"1 of 2 components have not sent a heartbeat lately."_s;
    }));

    snapshot.deadLetters = {};
    pane.setPipeline(snapshot);
    QCOMPARE(pane.deadLettersText(), u"Dead letters: none"_s);
}

void tst_OverviewPane::showsWhyThePipelineIsNotKnown()
{
    SourceStatusModel model;
    OverviewPane pane(&model);
    PipelineSnapshot snapshot;
    snapshot.readAt = QDateTime::currentDateTimeUtc();
    snapshot.problem = u"no such table: system_health"_s;
    pane.setPipeline(snapshot);
    QCOMPARE(pane.messagesText(), u"Port messages: not known"_s);
    const auto labels = pane.findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.cbegin(), labels.cend(), [](const QLabel *label) {
        return label->text() == u"The database cannot be read: no such table: system_health"_s;
    }));
}

void tst_OverviewPane::showsReceiver()
{
    SourceStatusModel model;
    OverviewPane pane(&model);
    QCOMPARE(pane.ingestText(), u"Receiver: not running"_s);
    IngestStats stats;
    stats.state = IngestState::Running;
    stats.ratePerSecond = 200.4;
    stats.stored = 3028;
    stats.source = u"stream porthole:demo on redis://127.0.0.1:6379/0"_s;
    pane.setIngestStats(stats);
    QCOMPARE(pane.ingestText(),
             u"Receiver: %1, 200 messages/s, %2 stored (stream porthole:demo on "
             "redis://127.0.0.1:6379/0)"_s.arg(ingestStateName(IngestState::Running),
                                               QLocale().toString(3028)));
}

QTEST_MAIN(tst_OverviewPane)
#include "tst_overviewpane.moc"
