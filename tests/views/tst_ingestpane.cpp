#include "consumergroupmodel.h"
#include "ingestpane.h"
#include "sparkline.h"

#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>
#include <QTreeView>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace porthole;

// The Ingest pane: what the operator asks for, and what the worker says it is doing.
class tst_IngestPane : public QObject
{
    Q_OBJECT

private slots:
    void startSendsTheRequest();
    void controlsFollowTheState_data();
    void controlsFollowTheState();
    void showsTheFigures();
    void aStallLooksLikeAnError();
    void listsTheConsumersOfItsGroup();
    void errorsAreListedOnceNewestFirst();
    void pubSubSaysItIsAtMostOnce();
    void theWorkerSideHasItsShare();
};

namespace {

IngestRequest demoRequest()
{
    IngestRequest request;
    request.redisUrl = u"redis://127.0.0.1:6379/0"_s;
    request.mode = u"list"_s;
    request.key = u"orders"_s;
    request.group = u"porthole"_s;
    request.consumer = u"console-1"_s;
    request.sinkUrl = u"file:///var/lib/porthole/messages"_s;
    return request;
}

IngestStats statsIn(IngestState state)
{
    IngestStats stats;
    stats.state = state;
    return stats;
}

} // namespace

void tst_IngestPane::startSendsTheRequest()
{
    IngestPane pane;
    pane.setSinkChoices({{u"The database"_s, u"sqlite:///tmp/p.db"_s},
                         {u"Batch files"_s, u"file:///tmp/messages"_s}});
    QVERIFY(!pane.startButton()->isEnabled()); // no Redis, no key yet
    pane.setRequest(demoRequest());
    QCOMPARE(pane.request(), demoRequest());
    QVERIFY(pane.startButton()->isEnabled());

    QSignalSpy started(&pane, &IngestPane::startRequested);
    pane.startButton()->click();
    QCOMPARE(started.size(), 1);
    QCOMPARE(started.first().first().value<IngestRequest>(), demoRequest());

    // Without a key there is nothing to receive from.
    auto *key = pane.findChildren<QLineEdit *>().at(1);
    key->clear();
    QVERIFY(!pane.startButton()->isEnabled());
}

void tst_IngestPane::controlsFollowTheState_data()
{
    QTest::addColumn<IngestState>("state");
    QTest::addColumn<bool>("start");
    QTest::addColumn<bool>("pause");
    QTest::addColumn<bool>("stop");
    QTest::addColumn<QString>("pauseText");
    QTest::newRow("stopped") << IngestState::Stopped << true << false << false << u"&Pause"_s;
    QTest::newRow("running") << IngestState::Running << false << true << true << u"&Pause"_s;
    QTest::newRow("paused") << IngestState::Paused << false << true << true << u"&Resume"_s;
    QTest::newRow("reconnecting") << IngestState::Reconnecting << false << true << true
                                  << u"&Pause"_s;
    QTest::newRow("stopping") << IngestState::Stopping << false << false << false << u"&Pause"_s;
    QTest::newRow("failed") << IngestState::Failed << true << false << false << u"&Pause"_s;
    QTest::newRow("stalled") << IngestState::Stalled << false << true << true << u"&Pause"_s;
}

void tst_IngestPane::controlsFollowTheState()
{
    QFETCH(IngestState, state);
    QFETCH(bool, start);
    QFETCH(bool, pause);
    QFETCH(bool, stop);
    QFETCH(QString, pauseText);
    IngestPane pane;
    pane.setRequest(demoRequest());
    pane.setStats(statsIn(state));
    QCOMPARE(pane.startButton()->isEnabled(), start);
    QCOMPARE(pane.pauseButton()->isEnabled(), pause);
    QCOMPARE(pane.stopButton()->isEnabled(), stop);
    QCOMPARE(pane.pauseButton()->text(), pauseText);

    QSignalSpy paused(&pane, &IngestPane::pauseRequested);
    QSignalSpy resumed(&pane, &IngestPane::resumeRequested);
    QSignalSpy stopped(&pane, &IngestPane::stopRequested);
    pane.pauseButton()->click();
    pane.stopButton()->click();
    const bool pauseOn = pane.pauseButton()->isEnabled();
    QCOMPARE(paused.size(), pauseOn && state != IngestState::Paused ? 1 : 0);
    QCOMPARE(resumed.size(), pauseOn && state == IngestState::Paused ? 1 : 0);
    QCOMPARE(stopped.size(), pane.stopButton()->isEnabled() ? 1 : 0);
}

// A worker that makes no progress is shown in the colour of a failed one, not a running one.
void tst_IngestPane::aStallLooksLikeAnError()
{
    const auto stateColour = [](IngestState state) {
        IngestPane pane;
        pane.setStats(statsIn(state));
        for (const QLabel *label : pane.findChildren<QLabel *>()) {
            if (label->text() == pane.shownValue(u"state"_s))
                return label->palette().color(QPalette::WindowText);
        }
        return QColor();
    };
    IngestPane pane;
    pane.setStats(statsIn(IngestState::Stalled));
    QCOMPARE(pane.shownValue(u"state"_s), u"Stalled"_s);
    QVERIFY(stateColour(IngestState::Stalled).isValid());
    QCOMPARE(stateColour(IngestState::Stalled), stateColour(IngestState::Failed));
    QVERIFY(stateColour(IngestState::Stalled) != stateColour(IngestState::Running));
}

void tst_IngestPane::showsTheFigures()
{
    IngestPane pane;
    IngestStats stats = statsIn(IngestState::Running);
    stats.received = 1234567;
    stats.stored = 1234000;
    stats.acknowledged = 1233999;
    stats.duplicates = 17;
    stats.deadLettered = 550;
    stats.lostAtSource = 3;
    stats.ratePerSecond = 98765.4;
    stats.pending = 42;
    stats.length = 2000000;
    stats.oldestPendingAgeMs = 1500;
    pane.setStats(stats);
    const QLocale locale;
    QCOMPARE(pane.shownValue(u"state"_s), u"Running"_s);
    QCOMPARE(pane.shownValue(u"received"_s), locale.toString(1234567));
    QCOMPARE(pane.shownValue(u"stored"_s), locale.toString(1234000));
    QCOMPARE(pane.shownValue(u"acknowledged"_s), locale.toString(1233999));
    QCOMPARE(pane.shownValue(u"duplicates"_s), u"17"_s);
    QCOMPARE(pane.shownValue(u"deadLettered"_s), u"550"_s);
    QCOMPARE(pane.shownValue(u"lostAtSource"_s), u"3"_s);
    QCOMPARE(pane.shownValue(u"rate"_s), locale.toString(98765) + u"/s"_s);
    QCOMPARE(pane.shownValue(u"pending"_s), u"42"_s);
    QCOMPARE(pane.shownValue(u"oldestPending"_s), u"%1 s"_s.arg(locale.toString(1.5, 'f', 1)));
    QCOMPARE(pane.rateLine()->values(), QList<double>{98765.4});

    // Not known yet: a dash, not a zero.
    pane.setStats(statsIn(IngestState::Connecting));
    QCOMPARE(pane.shownValue(u"pending"_s), u"—"_s);
    QCOMPARE(pane.shownValue(u"oldestPending"_s), u"—"_s);
}

void tst_IngestPane::listsTheConsumersOfItsGroup()
{
    IngestPane pane;
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QVERIFY(!pane.consumersView()->isVisible()); // no group reported yet
    IngestStats stats = statsIn(IngestState::Running);
    stats.key = u"orders"_s;
    stats.group = u"porthole"_s;
    stats.consumer = u"here-1"_s;
    stats.consumers = {{u"gone-7"_s, 1000, 125000}, {u"here-1"_s, 3, 40}, {u"there-2"_s, 0, 900}};
    pane.setStats(stats);
    QVERIFY(pane.consumersView()->isVisible());

    const ConsumerGroupModel *model = pane.consumers();
    QCOMPARE(model->rowCount(), 1);
    const QModelIndex group = model->index(0, 0);
    QCOMPARE(group.data().toString(), u"orders / porthole (3 consumers)"_s);
    QCOMPARE(model->index(0, ConsumerGroupModel::PendingColumn).data().toString(),
             QLocale().toString(1003));
    QVERIFY(pane.consumersView()->isExpanded(group));
    QCOMPARE(model->rowCount(group), 3);
    const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
        return model->index(row, column, group).data(role);
    };
    // Its own worker, in bold; one that holds entries past the take-over time, stalled.
    QCOMPARE(cell(1, ConsumerGroupModel::NameColumn).toString(), u"here-1 (this window)"_s);
    QVERIFY(cell(1, 0, Qt::FontRole).value<QFont>().bold());
    QVERIFY(cell(1, 0, ConsumerGroupModel::OwnRole).toBool());
    QVERIFY(!cell(1, 0, ConsumerGroupModel::StalledRole).toBool());
    QCOMPARE(cell(0, ConsumerGroupModel::IdleColumn).toString(), u"2 min 5 s, stalled"_s);
    QVERIFY(cell(0, 0, ConsumerGroupModel::StalledRole).toBool());
    QCOMPARE(cell(2, ConsumerGroupModel::IdleColumn).toString(), u"900 ms"_s);
    QVERIFY(!cell(2, 0, ConsumerGroupModel::StalledRole).toBool()); // idle, holding nothing
    QVERIFY(pane.consumersView()->isColumnHidden(ConsumerGroupModel::LagColumn));

    // The next report updates the rows in place: the expansion stays.
    stats.consumers[0].pending = 0;
    pane.setStats(stats);
    QVERIFY(pane.consumersView()->isExpanded(model->index(0, 0)));
    QCOMPARE(cell(0, ConsumerGroupModel::PendingColumn).toString(), u"0"_s);
    QVERIFY(!cell(0, 0, ConsumerGroupModel::StalledRole).toBool());

    QCOMPARE(ConsumerGroupModel::durationText(3 * 3600 * 1000 + 120000), u"3 h 2 min"_s);
    QCOMPARE(ConsumerGroupModel::durationText(26 * 3600 * 1000LL), u"1 d 2 h"_s);
}

void tst_IngestPane::errorsAreListedOnceNewestFirst()
{
    IngestPane pane;
    QVERIFY(pane.errorList()->isHidden()); // "No errors" until there is one
    QSignalSpy status(&pane, &Pane::statusMessage);
    IngestStats stats = statsIn(IngestState::Reconnecting);
    stats.lastError = u"Cannot reach Redis at 127.0.0.1:6379."_s;
    stats.lastErrorAt = QDateTime::fromSecsSinceEpoch(1'795'255'200, QTimeZone::utc());
    pane.setStats(stats);
    pane.setStats(stats); // the same report again: listed once
    stats.state = IngestState::WaitingForSink;
    stats.lastError = u"The database is locked."_s;
    stats.lastErrorAt = stats.lastErrorAt.addSecs(5);
    pane.setStats(stats);
    QCOMPARE(pane.errorList()->count(), 2);
    QVERIFY(!pane.errorList()->isHidden());
    QVERIFY(pane.errorList()->item(0)->text().endsWith(u"The database is locked."_s));
    QVERIFY(pane.errorList()->item(1)->text().endsWith(u"Cannot reach Redis at 127.0.0.1:6379."_s));
    QCOMPARE(status.size(), 2);
    QCOMPARE(pane.shownValue(u"state"_s), u"Waiting for the store"_s);
}

void tst_IngestPane::pubSubSaysItIsAtMostOnce()
{
    IngestPane pane;
    IngestRequest request = demoRequest();
    request.mode = u"pubsub"_s;
    pane.setRequest(request);
    bool warned = false;
    for (const QLabel *label : pane.findChildren<QLabel *>())
        warned = warned || label->text().contains(u"lost"_s);
    QVERIFY(warned);
    IngestStats stats = statsIn(IngestState::Running);
    stats.atMostOnce = true;
    pane.setStats(stats);
    QVERIFY(pane.shownValue(u"state"_s).contains(u"at most once"_s));
}

void tst_IngestPane::theWorkerSideHasItsShare()
{
    // A store with a long address among the choices, in the room the pane has in the window
    // at its default size: the worker's figures, consumers and errors keep three fifths.
    IngestPane pane;
    pane.setSinkChoices(
        {{u"The database (sqlite:///home/operator/.local/share/Porthole/porthole/porthole.db)"_s,
          u"sqlite:///home/operator/.local/share/Porthole/porthole/porthole.db"_s}});
    pane.resize(926, 639);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    const QList<QGroupBox *> boxes = pane.findChildren<QGroupBox *>();
    const auto worker = std::find_if(boxes.cbegin(), boxes.cend(), [](const QGroupBox *box) {
        return box->title() == u"Worker"_s;
    });
    QVERIFY(worker != boxes.cend());
    QVERIFY2((*worker)->width() * 2 >= pane.width(),
             qPrintable(u"%1 of %2 px"_s.arg((*worker)->width()).arg(pane.width())));
}

QTEST_MAIN(tst_IngestPane)
#include "tst_ingestpane.moc"
