#include "attentionstrip.h"
#include "backlogtrends.h"
#include "backlogtrendsamples.h"
#include "componenthealthmodel.h"
#include "consumergroupmodel.h"
#include "databasehealthmodel.h"
#include "flowwriter.h"
#include "ingeststatus.h"
#include "mapthumbnail.h"
#include "migrateddatabase.h"
#include "overviewpane.h"
#include "panemodels.h"
#include "pipelinemaploader.h"
#include "pipelinemapscene.h"
#include "pipelinesnapshot.h"
#include "portmessagerepository.h"
#include "sourcestatusmodel.h"
#include "streamgroups.h"
#include "timescalehealthmodel.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;

using namespace porthole::test;

class tst_OverviewPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsSources();
    void showsEverySourceAndComponentWithoutScrolling();
    void refreshButtonAsksForRefresh();
    void reportsLastCheck();
    void showsPipeline();
    void attentionListsTheProblemsOfADatabase();
    void backlogsGrowByTheirTrend();
    void showsWhyThePipelineIsNotKnown();
    void showsReceiver();
    void showsDatabaseHealth();
    void showsTimescaleDb();
    void showsWhyDatabaseFiguresAreMissing();
    void showsThePipelineMapFirst();
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
    // Dead letters are one figure, on their own line; its tooltip splits it.
    QCOMPARE(pane.messagesText(),
             u"Port messages: pending 3 · completed about %1"_s.arg(QLocale().toString(1200000)));
    QCOMPARE(pane.deadLettersText(), u"Dead letters: 2, the oldest 1 h 5 min old"_s);
    const auto deadLetters = pane.findChild<QLabel *>(u"deadLettersSummary"_s);
    QVERIFY(deadLetters->toolTip().contains(u"2 with the status dead_letter"_s));
    const auto labels = pane.findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.cbegin(), labels.cend(), [](const QLabel *label) {
        return label->text() == u"1 of 2 components have not sent a heartbeat lately."_s;
    }));

    snapshot.deadLetters = {};
    pane.setPipeline(snapshot);
    QCOMPARE(pane.deadLettersText(), u"Dead letters: none"_s);
}

// The strip lists exactly what is wrong in a real database, and says so when nothing is.
void tst_OverviewPane::attentionListsTheProblemsOfADatabase()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    HealthRepository health(database.db);
    // Every 5 s for a minute: healthy, quiet for the last minute, unhealthy at the end.
    const auto beat = [&](const QString &name, int lastSecondsAgo, const QString &last) {
        for (int i = 11; i >= 0; --i)
            QVERIFY(health
                        .record({name,
                                 i == 0 ? last : u"healthy"_s,
                                 {},
                                 now.addSecs(-lastSecondsAgo - 5 * i)})
                        .ok());
    };
    beat(u"alpha"_s, 1, u"healthy"_s);
    beat(u"beta"_s, 2, u"degraded"_s);
    PortMessage message;
    message.portName = u"orders"_s;
    message.sourceComponent = u"alpha"_s;
    message.targetComponent = u"beta"_s;
    message.messageData = R"({"n": 1})";
    message.status = u"dead_letter"_s;
    message.createdAt = now.addSecs(-7200); // an old dead letter: not new
    QVERIFY(PortMessageRepository(database.db).insert({message}).ok());

    SourceStatusModel sources;
    OverviewPane pane(&sources);
    pane.setPipeline(readPipelineSnapshot(database.db, now, std::chrono::seconds(60)));
    QCOMPARE(pane.attention()->texts(),
             QStringList{u"Nothing needs attention: no alert fires, every component beats, no "
                         "backlog grows, no new dead letters."_s});

    beat(u"quiet"_s, 90, u"healthy"_s);
    beat(u"sick"_s, 1, u"unhealthy"_s);
    QList<PortMessage> failed;
    for (const qint64 minutesAgo : {10, 20}) {
        message.createdAt = now.addSecs(-60 * minutesAgo);
        failed << message;
    }
    message.status = u"failed"_s; // retries spent: a dead letter too
    message.retryCount = 3;
    failed << message;
    message.retryCount = 1; // to be retried: not one
    failed << message;
    QVERIFY(PortMessageRepository(database.db).insert(failed).ok());

    pane.setPipeline(readPipelineSnapshot(database.db, now, std::chrono::seconds(60)));
    QCOMPARE(pane.attention()->texts(),
             (QStringList{u"sick is unhealthy"_s, u"quiet: no heartbeat for 1 min"_s,
                          u"Dead letters new in the last hour: 3"_s}));
    QSignalSpy open(&pane, &Pane::openRequested);
    pane.attention()->activated(pane.attention()->items().at(1));
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.at(0).at(0).toString(), u"healthhistory"_s);
    QCOMPARE(open.at(0).at(1).value<PaneFocus>().component, u"quiet"_s);
}

// A consumer group the history has a trend of is growing by it: with its rate, until it
// drains; the consumer groups say when each drains.
void tst_OverviewPane::backlogsGrowByTheirTrend()
{
    SourceStatusModel sources;
    OverviewPane pane(&sources);
    StreamGroupScan scan;
    for (const QString &name : {u"workers"_s, u"billing"_s}) {
        StreamGroup group;
        group.stream = u"orders"_s;
        group.group = name;
        group.lag = 10;
        scan.groups << group;
    }
    pane.setConsumerGroups(scan);
    const BacklogKey workers{BacklogKind::Group, u"orders"_s, u"workers"_s};
    const BacklogKey billing{BacklogKind::Group, u"orders"_s, u"billing"_s};
    pane.setBacklogTrends(test::trendsAtRates({{workers, 12}, {billing, -2}}));
    QCOMPARE(pane.attention()->texts(),
             QStringList{u"Consumer group orders/workers: backlog 3,640, growing +12/s"_s});
    QCOMPARE(pane.attention()->items().at(0).paneId, u"redis"_s);
    const auto drainsIn = [&pane](int row) {
        return pane.consumerGroups()->index(row, ConsumerGroupModel::TrendColumn).data().toString();
    };
    QCOMPARE(drainsIn(0), u"growing +12/s"_s);
    QCOMPARE(drainsIn(1), u"about 5 min"_s);

    // It drains now: nothing needs attention.
    pane.setBacklogTrends(test::trendsAtRates({{workers, -2}, {billing, -2}}));
    QCOMPARE(pane.attention()->texts().size(), 1);
    QVERIFY2(pane.attention()->texts().at(0).startsWith(u"Nothing needs attention"_s),
             qPrintable(pane.attention()->texts().at(0)));
    QCOMPARE(drainsIn(0), u"about 5 min"_s);
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

void tst_OverviewPane::showsDatabaseHealth()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    PortMessage message;
    message.portName = u"orders"_s;
    message.sourceComponent = u"validator"_s;
    message.targetComponent = u"splitter"_s;
    message.messageData = R"({"order": 1})";
    message.status = u"pending"_s;
    message.createdAt = QDateTime::currentDateTimeUtc().addSecs(-60);
    QVERIFY(PortMessageRepository(database.db).insert({message, message, message}).ok());

    PaneModels models(*database.factory);
    DatabaseHealthModel *health = models.databaseHealth();
    SourceStatusModel sources;
    OverviewPane pane(&sources);
    pane.resize(1600, 1000);
    pane.setDatabaseHealth(health);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_VERIFY(health->hasHealth());
    QVERIFY2(health->problem().isEmpty(), qPrintable(health->problem()));

    const QStringList texts = pane.databaseTexts();
    QVERIFY2(texts.at(0).startsWith(u"Size on disk: "_s), qPrintable(texts.at(0)));
    QVERIFY2(texts.at(0).contains(u" free of "_s), qPrintable(texts.at(0)));
    QVERIFY2(texts.at(1).contains(u"SQLite has no server"_s), qPrintable(texts.at(1)));
    // The machine's own disk: low only when it is (the low case is the snapshot's, below).
    QVERIFY(health->health().freePercent().has_value());
    QCOMPARE(pane.databaseSpaceLow(), *health->health().freePercent() < 10);

    // The tables, port_messages with its three rows and their day's growth, every column as
    // wide as its widest text: nothing elided at 1600 x 1000.
    QTableView *view = pane.databaseTablesView();
    int row = -1;
    for (int r = 0; r < view->model()->rowCount(); ++r) {
        if (view->model()->index(r, DatabaseHealthModel::TableColumn).data() == u"port_messages"_s)
            row = r;
    }
    QVERIFY(row >= 0);
    QCOMPARE(view->model()->index(row, DatabaseHealthModel::RowsColumn).data().toString(), u"3"_s);
    QCOMPARE(view->model()->index(row, DatabaseHealthModel::GrowthColumn).data().toString(),
             u"+3"_s);
    QVERIFY(
        !view->model()->index(row, DatabaseHealthModel::SizeColumn).data().toString().isEmpty());
    QTRY_VERIFY(!view->horizontalScrollBar()->isVisible());
    // SQLite has no autovacuum: its column is not shown.
    QVERIFY(view->isColumnHidden(DatabaseHealthModel::VacuumColumn));
    for (int column = 0; column < DatabaseHealthModel::ColumnCount; ++column) {
        if (view->isColumnHidden(column))
            continue;
        int widest = view->horizontalHeader()->sectionSizeHint(column);
        for (int r = 0; r < view->model()->rowCount(); ++r)
            widest = std::max(widest, view->fontMetrics().horizontalAdvance(
                                          view->model()->index(r, column).data().toString()));
        QVERIFY2(
            view->columnWidth(column) >= widest,
            qPrintable(
                u"column %1: %2 < %3"_s.arg(column).arg(view->columnWidth(column)).arg(widest)));
    }
}

void tst_OverviewPane::showsWhyDatabaseFiguresAreMissing()
{
    // A database that cannot be opened: the section says so.
    const QTemporaryDir folder;
    const ConnectionFactory missing(
        DatabaseUrl::sqliteFile(folder.path() + u"/no/such/folder/d.db"_s));
    DatabaseHealthModel health(missing);
    SourceStatusModel sources;
    OverviewPane pane(&sources);
    QSignalSpy failed(&health, &DatabaseHealthModel::readFailed);
    pane.setDatabaseHealth(&health);
    QVERIFY(failed.wait());
    QVERIFY2(pane.databaseTexts().at(3).startsWith(u"The database's health cannot be read: "_s),
             qPrintable(pane.databaseTexts().at(3)));

    // A PostgreSQL server on another machine, to a role without pg_monitor, its disk nearly full.
    DatabaseHealth snapshot;
    snapshot.engine = SqlEngine::PostgreSQL;
    snapshot.readAt = QDateTime::currentDateTimeUtc();
    snapshot.bytesOnDisk = 5'000'000;
    snapshot.freeSpaceGap = HealthGap::ServerElsewhere;
    snapshot.connections = 12;
    snapshot.maxConnections = 100;
    snapshot.transactionsGap = HealthGap::NeedsMonitorRole;
    snapshot.tables = {{.name = u"port_messages"_s,
                        .rows = {2'500'000, RowCount::Precision::Estimate},
                        .bytes = 900'000'000}};
    health.setHealth(snapshot);
    QStringList texts = pane.databaseTexts();
    QVERIFY2(texts.at(0).contains(u"not visible from here"_s), qPrintable(texts.at(0)));
    QVERIFY2(texts.at(1).contains(u"Connections: 12 of 100 in use (12%)"_s),
             qPrintable(texts.at(1)));
    QVERIFY2(texts.at(1).contains(u"needs the pg_monitor role"_s), qPrintable(texts.at(1)));
    QCOMPARE(texts.at(2), u"Replication: no standby"_s);
    QVERIFY(!pane.databaseSpaceLow());
    const QModelIndex rows = health.index(0, DatabaseHealthModel::RowsColumn);
    QVERIFY(rows.data().toString().startsWith(u'~'));
    QCOMPARE(health.index(0, DatabaseHealthModel::VacuumColumn).data().toString(), u"never"_s);

    // 3% free: the warning colour.
    snapshot.freeSpaceGap = HealthGap::None;
    snapshot.freeBytes = 3;
    snapshot.totalBytes = 100;
    snapshot.replicas = {{.name = u"standby1"_s,
                          .state = u"streaming"_s,
                          .writeLagSeconds = 0.5,
                          .replayLagSeconds = 2.5}};
    health.setHealth(snapshot);
    texts = pane.databaseTexts();
    QVERIFY(pane.databaseSpaceLow());
    QVERIFY2(texts.at(0).contains(u"(3.0%)"_s), qPrintable(texts.at(0)));
    QCOMPARE(texts.at(2), u"Replication: standby1 (streaming), lag 2.5 s"_s);
}

// A TimescaleDB database: its line and rows, a failing job in the warning colour; none on
// plain PostgreSQL.
void tst_OverviewPane::showsTimescaleDb()
{
    const QTemporaryDir folder;
    const ConnectionFactory missing(
        DatabaseUrl::sqliteFile(folder.path() + u"/no/such/folder/d.db"_s));
    DatabaseHealthModel health(missing);
    SourceStatusModel sources;
    OverviewPane pane(&sources);
    pane.resize(1440, 900);
    QSignalSpy failed(&health, &DatabaseHealthModel::readFailed);
    pane.setDatabaseHealth(&health);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    // The model's own read (of no database) is over before the snapshots are shown.
    QTRY_COMPARE(failed.size(), 1);

    DatabaseHealth snapshot;
    snapshot.engine = SqlEngine::PostgreSQL;
    snapshot.readAt = QDateTime::currentDateTimeUtc();
    health.setHealth(snapshot);
    QCOMPARE(pane.timescaleText(), QString());
    QVERIFY(!pane.timescaleView()->isVisible());

    TimescaleHealth timescale{.version = u"2.23.0"_s,
                              .hypertables = {{.name = u"metrics"_s, .chunks = 3}},
                              .hypertableCount = 1,
                              .chunkCount = 3};
    timescale.jobs = {{.id = 1001,
                       .proc = u"public.archive"_s,
                       .lastRunStatus = u"Failed"_s,
                       .totalRuns = 1,
                       .totalFailures = 1,
                       .lastError = u"the archive is full"_s}};
    timescale.jobCount = 1;
    timescale.failingJobCount = 1;
    snapshot.timescale = timescale;
    health.setHealth(snapshot);
    QVERIFY2(pane.timescaleText().startsWith(u"TimescaleDB 2.23.0: 1 hypertable, 3 chunks"_s),
             qPrintable(pane.timescaleText()));
    QVERIFY2(pane.timescaleText().endsWith(u"1 job, 1 failing"_s),
             qPrintable(pane.timescaleText()));
    QVERIFY(pane.timescaleJobFailing());
    QTRY_VERIFY(pane.timescaleView()->isVisible());
    QCOMPARE(pane.timescaleView()->model()->rowCount(), 2);
    QCOMPARE(pane.timescaleView()
                 ->model()
                 ->index(1, TimescaleHealthModel::StateColumn)
                 .data(Qt::ForegroundRole)
                 .value<QColor>(),
             TimescaleHealthModel::warningColour());

    // The job mended: the line in the usual colour.
    snapshot.timescale->jobs[0].lastRunStatus = u"Success"_s;
    snapshot.timescale->failingJobCount = 0;
    health.setHealth(snapshot);
    QVERIFY(!pane.timescaleJobFailing());
    QVERIFY2(pane.timescaleText().endsWith(u"1 job, 0 failing"_s),
             qPrintable(pane.timescaleText()));
}

// The pipeline map small, first under what needs attention, once the database has port
// messages; a click on it opens the Pipeline map pane. The demo's six components still show
// whole at the window's default size beside it.
void tst_OverviewPane::showsThePipelineMapFirst()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    SourceStatusModel model;
    OverviewPane pane(&model);
    pane.resize(926, 639);
    PipelineMapLoader empty(*database.factory);
    QSignalSpy loaded(&empty, &PipelineMapLoader::loaded);
    pane.setPipelineMap(&empty);
    MapThumbnail *map = pane.mapThumbnail();
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.refresh();
    QVERIFY(loaded.wait(20000));
    QVERIFY(!map->isVisible()); // nothing to draw

    const QStringList names{u"order-source"_s,    u"validator"_s,      u"splitter"_s,
                            u"payment-gateway"_s, u"inventory-sink"_s, u"notifier"_s};
    QList<PortMessage> hops;
    for (qsizetype i = 0; i + 1 < names.size(); ++i)
        hops << test::hopMessage(u"port-%1"_s.arg(i), names.at(i), names.at(i + 1), u"pending"_s,
                                 QDateTime::currentDateTimeUtc());
    QVERIFY(PortMessageRepository(database.db).insert(hops).ok());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    PipelineSnapshot snapshot;
    snapshot.readAt = now;
    for (const QString &name : names) {
        HealthRecord component;
        component.componentName = name;
        component.status = u"healthy"_s;
        component.lastHeartbeat = now.addSecs(-5);
        snapshot.components << component;
    }
    pane.setPipeline(snapshot); // read along with the other figures
    QVERIFY(loaded.wait(20000));
    QTRY_VERIFY(map->isVisible());
    QVERIFY(map->mapScene()->componentText(u"splitter"_s).startsWith(u"splitter\n"_s));
    QVERIFY(map->geometry().bottom() < pane.componentsView()->mapTo(&pane, QPoint()).y());
    QTableView *components = pane.componentsView();
    QTRY_VERIFY(!components->verticalScrollBar()->isVisible());
    QSignalSpy open(&pane, &Pane::openRequested);
    QTest::mouseClick(map->viewport(), Qt::LeftButton, {}, map->viewport()->rect().center());
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.at(0).at(0).toString(), u"map"_s);
}

QTEST_MAIN(tst_OverviewPane)
#include "tst_overviewpane.moc"
