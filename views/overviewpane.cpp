#include "overviewpane.h"

#include "attentionstrip.h"
#include "componenthealthmodel.h"
#include "consumergroupmodel.h"
#include "consumersview.h"
#include "databasehealthmodel.h"
#include "icons.h"
#include "ingeststatus.h"
#include "mapthumbnail.h"
#include "pipelinemapscene.h"
#include "pipelinesnapshot.h"
#include "remoteworkerspanel.h"
#include "sourcestatusmodel.h"
#include "timescalehealthmodel.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPalette>
#include <QPushButton>
#include <QScrollArea>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// `layout` in a frame that scrolls up and down when a short screen cannot hold it all, rather
// than lay its tables over each other.
QScrollArea *scrolling(QVBoxLayout *layout, QWidget *parent)
{
    auto *inside = new QWidget(parent);
    inside->setLayout(layout);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *area = new QScrollArea(parent);
    area->setWidget(inside);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return area;
}

QLabel *headingLabel(const QString &text, QWidget *parent)
{
    auto *heading = new QLabel(text, parent);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.3);
    font.setBold(true);
    heading->setFont(font);
    return heading;
}

QTableView *summaryTable(QAbstractItemModel *model, const QString &name, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setObjectName(name);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideMiddle);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

// "1,234", or "about 1.2 M" when the count is an estimate.
QString countText(const RowCount &count)
{
    const QLocale locale;
    switch (count.precision) {
    case RowCount::Precision::Exact:
        return locale.toString(count.value);
    case RowCount::Precision::AtLeast:
        return OverviewPane::tr("over %1").arg(locale.toString(count.value));
    case RowCount::Precision::Estimate:
        return OverviewPane::tr("about %1").arg(locale.toString(count.value));
    }
    return {};
}

// "12 s", "1.5 s", "4 min": a lag or an age in seconds.
QString secondsText(double seconds)
{
    if (seconds < 60)
        return OverviewPane::tr("%1 s").arg(QLocale().toString(seconds, 'f', seconds < 10 ? 1 : 0));
    return ComponentHealthModel::ageText(qint64(seconds));
}

QString limitText(std::chrono::seconds limit)
{
    return ComponentHealthModel::ageText(limit.count());
}

// Below this share of its disk free, the database's space shows as a warning. Seed 004's
// alerting names 10%; the default alert rule fires at 5%.
constexpr double lowFreePercent = 10;

QString spaceText(const DatabaseHealth &health)
{
    const QLocale locale;
    const QString size = health.bytesOnDisk ? locale.formattedDataSize(*health.bytesOnDisk)
                                            : OverviewPane::tr("not known");
    QString free;
    if (health.freeBytes && health.totalBytes)
        //: %1 free bytes, %2 the disk's size, %3 the percentage free
        free = OverviewPane::tr("%1 free of %2 (%3%)")
                   .arg(locale.formattedDataSize(*health.freeBytes),
                        locale.formattedDataSize(*health.totalBytes),
                        locale.toString(health.freePercent().value_or(0), 'f', 1));
    else
        free = DatabaseHealthModel::gapText(health.freeSpaceGap);
    QString text = OverviewPane::tr("Size on disk: %1 · free space: %2").arg(size, free);
    if (health.freePages.value_or(0) > 0 && health.pageSize)
        text += OverviewPane::tr(" · %1 reclaimable by VACUUM")
                    .arg(locale.formattedDataSize(*health.freePages * *health.pageSize));
    return text;
}

QString sessionsText(const DatabaseHealth &health, const DatabaseHealthOptions &options)
{
    if (health.connectionsGap == HealthGap::NotApplicable)
        return OverviewPane::tr("Connections, transactions, replication: SQLite has no server "
                                "to watch.");
    const QLocale locale;
    QString connections;
    if (health.connections && health.maxConnections)
        connections =
            OverviewPane::tr("Connections: %1 of %2 in use (%3%)")
                .arg(locale.toString(*health.connections), locale.toString(*health.maxConnections),
                     locale.toString(health.connectionsPercent().value_or(0), 'f', 0));
    else
        connections = OverviewPane::tr("Connections: %1")
                          .arg(DatabaseHealthModel::gapText(health.connectionsGap));
    QString transactions;
    if (health.longTransactions && health.idleInTransaction)
        transactions =
            OverviewPane::tr("transactions open over %1: %2 · idle in transaction "
                             "over %3: %4")
                .arg(limitText(options.longTransaction), locale.toString(*health.longTransactions),
                     limitText(options.idleInTransaction),
                     locale.toString(*health.idleInTransaction));
    else
        transactions = OverviewPane::tr("transactions: %1")
                           .arg(DatabaseHealthModel::gapText(health.transactionsGap));
    return connections + u" · "_s + transactions;
}

QString replicationText(const DatabaseHealth &health)
{
    if (health.replicationGap != HealthGap::None)
        return OverviewPane::tr("Replication: %1")
            .arg(DatabaseHealthModel::gapText(health.replicationGap));
    if (health.standby)
        return health.standbyDelaySeconds
                   ? OverviewPane::tr("Replication: this server is a standby, %1 behind its "
                                      "primary")
                         .arg(secondsText(*health.standbyDelaySeconds))
                   : OverviewPane::tr("Replication: this server is a standby; it has replayed "
                                      "no commit yet");
    if (health.replicas.isEmpty())
        return OverviewPane::tr("Replication: no standby");
    QStringList standbys;
    for (const ReplicaLag &replica : health.replicas) {
        const std::optional<double> lag =
            replica.replayLagSeconds ? replica.replayLagSeconds : replica.writeLagSeconds;
        //: %1 the standby's name, %2 its state ("streaming"), %3 the lag ("1.5 s")
        standbys << OverviewPane::tr("%1 (%2), lag %3")
                        .arg(replica.name, replica.state,
                             lag ? secondsText(*lag) : OverviewPane::tr("none"));
    }
    return OverviewPane::tr("Replication: %1").arg(standbys.join(u" · "_s));
}

QString openTransactionsTip(const DatabaseHealth &health)
{
    QStringList lines;
    for (const OpenTransaction &open : health.openTransactions)
        //: pid, application, user, database, state, how long the transaction is open
        lines << OverviewPane::tr("%1 %2 (%3@%4): %5, open %6")
                     .arg(QString::number(open.pid), open.application, open.user, open.database,
                          open.state, secondsText(open.seconds));
    return lines.join(u'\n');
}

} // namespace

OverviewPane::OverviewPane(SourceStatusModel *sources, QWidget *parent)
    : Pane(u"overview"_s, paneTitle(), parent)
    , m_dataDirectory(new QLabel(this))
    , m_lastChecked(new QLabel(tr("Checking…"), this))
    , m_sourcesView(summaryTable(sources, u"sourcesView"_s, this))
{
    auto *heading = headingLabel(tr("Data sources"), this);

    m_dataDirectory->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dataDirectory->setWordWrap(true);

    m_sourcesView->horizontalHeader()->setSectionResizeMode(SourceStatusModel::SourceColumn,
                                                            QHeaderView::ResizeToContents);
    m_sourcesView->horizontalHeader()->setSectionResizeMode(SourceStatusModel::StateColumn,
                                                            QHeaderView::ResizeToContents);
    m_sourcesView->setColumnWidth(SourceStatusModel::LocationColumn, 360);
    // On a narrow screen the location yields to the details (a database's line whole; the
    // location is whole in its tooltip).
    keepMainColumn(m_sourcesView, SourceStatusModel::DetailColumn,
                   SourceStatusModel::LocationColumn,
                   m_sourcesView->fontMetrics().horizontalAdvance(
                       u"000.0 MB, schema version 00 of 00, 00 tables__"_s));
    // Three sources at the most: all in view, the table as high as they are, the room left to
    // the tables that grow.
    m_sourcesView->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_sourcesView->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);

    auto *refreshButton = new QPushButton(themedIcon(IconId::Refresh), tr("&Refresh"), this);
    refreshButton->setToolTip(tr("Check every source again (F5)"));
    connect(refreshButton, &QPushButton::clicked, this, &OverviewPane::refresh);

    m_components = new ComponentHealthModel(this);
    m_componentsView = summaryTable(m_components, u"componentsView"_s, this);
    m_componentsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_componentsNote = new QLabel(tr("Reading…"), this);
    m_componentsNote->setWordWrap(true);
    m_messages = new QLabel(tr("Reading…"), this);
    m_messages->setObjectName(u"messagesSummary"_s);
    m_messages->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_deadLetters = new QLabel(this);
    m_deadLetters->setObjectName(u"deadLettersSummary"_s);
    m_ingest = new QLabel(tr("Receiver: not running"), this);
    m_ingest->setObjectName(u"ingestSummary"_s);
    m_ingest->setWordWrap(true);

    // Every worker reading a stream through a consumer group, on this machine or another.
    m_consumerGroups = new ConsumerGroupModel(this);
    m_consumersView = new ConsumersView(m_consumerGroups, this);
    m_consumersNote = new QLabel(tr("No Redis server is set."), this);
    m_consumersNote->setObjectName(u"consumersNote"_s);
    m_consumersNote->setWordWrap(true);

    m_attention = new AttentionStrip(this);
    connect(m_attention, &AttentionStrip::activated, this, &OverviewPane::open);

    auto *layout = new QVBoxLayout;
    layout->addWidget(heading);
    layout->addWidget(m_dataDirectory);
    layout->addWidget(m_sourcesView);
    layout->addWidget(headingLabel(tr("Components"), this));
    layout->addWidget(m_componentsNote);
    layout->addWidget(m_componentsView, 3);
    layout->addWidget(headingLabel(tr("Queues"), this));
    layout->addWidget(m_messages);
    layout->addWidget(m_deadLetters);
    layout->addWidget(m_ingest);
    layout->addWidget(headingLabel(tr("Stream consumers"), this));
    layout->addWidget(m_consumersNote);
    layout->addWidget(m_consumersView, 2);
    layout->addWidget(headingLabel(tr("Remote workers"), this));
    layout->addWidget(new RemoteWorkersPanel(this), 1);
    // The database's health beside the pipeline's, once a model reads it.
    auto *columns = new QHBoxLayout;
    // The pipeline's part the wider: its sources' paths and URLs, beside a scroll bar.
    columns->addWidget(scrolling(layout, this), 8);
    columns->addWidget(makeDatabaseSection(), 5);
    // First what needs attention, beside when it was checked.
    auto *top = new QHBoxLayout;
    top->addWidget(m_attention, 1);
    top->addWidget(m_lastChecked, 0, Qt::AlignTop);
    top->addWidget(refreshButton, 0, Qt::AlignTop);
    auto *outer = new QVBoxLayout(this);
    outer->addLayout(top);
    outer->addLayout(columns, 1);
}

QIcon OverviewPane::paneIcon()
{
    return themedIcon(IconId::Overview);
}

void OverviewPane::setPipelineMap(PipelineMapLoader *loader)
{
    m_map = new MapThumbnail(loader, this);
    if (auto *outer = qobject_cast<QVBoxLayout *>(layout()))
        outer->insertWidget(1, m_map); // under what needs attention, above the rest
    connect(m_map, &MapThumbnail::clicked, this, [this] { Q_EMIT openRequested(u"map"_s, {}); });
    if (isVisible())
        m_map->refresh();
}

void OverviewPane::showEvent(QShowEvent *event)
{
    Pane::showEvent(event);
    if (m_map) // not read while the pane was hidden: read now, not at the next round
        m_map->refresh();
}

void OverviewPane::setDataDirectory(const QString &path)
{
    m_dataDirectory->setText(tr("Data directory: %1").arg(path));
}

void OverviewPane::refresh()
{
    if (m_health)
        m_health->refresh(true);
    m_lastChecked->setText(tr("Checking…"));
    if (m_map)
        m_map->refresh();
    Q_EMIT refreshRequested();
}

void OverviewPane::setLastChecked(const QDateTime &when)
{
    m_lastChecked->setText(
        tr("Last checked %1")
            .arg(QLocale().toString(when.toLocalTime().time(), QLocale::LongFormat)));
    Q_EMIT statusMessage(tr("Sources checked"));
}

void OverviewPane::setPipeline(const PipelineSnapshot &snapshot)
{
    if (m_map && isVisible()) // the map read along with the figures below
        m_map->refresh();
    m_components->setComponents(snapshot.components, snapshot.readAt);
    m_attentionInputs.now = snapshot.readAt;
    m_attentionInputs.components = snapshot.components;
    m_attentionInputs.newDeadLetters.reset();
    if (snapshot.problem.isEmpty() && !snapshot.missingTables.contains(u"port_messages"_s)) {
        m_attentionInputs.newDeadLetters = snapshot.newDeadLetters;
        for (const StatusTally &tally : snapshot.portMessages) {
            if (tally.status == u"pending"_s)
                m_portBacklogs.observe({{tally.status, tally.count.value}}, snapshot.readAt);
        }
    }
    judgeBacklogs();
    showAttention();
    // As high as its rows, up to eight, so that a pipeline's handful of components is all in
    // view; a longer list scrolls.
    const int rows = std::clamp(m_components->rowCount(), 2, 8);
    m_componentsView->setMinimumHeight(
        m_componentsView->horizontalHeader()->sizeHint().height() +
        rows * m_componentsView->verticalHeader()->defaultSectionSize() +
        2 * m_componentsView->frameWidth());
    if (!snapshot.problem.isEmpty()) {
        m_componentsNote->setText(tr("The database cannot be read: %1").arg(snapshot.problem));
        m_messages->setText(tr("Port messages: not known"));
        m_deadLetters->clear();
        return;
    }
    const qsizetype stale = m_components->staleCount();
    if (snapshot.missingTables.contains(u"system_health"_s))
        m_componentsNote->setText(tr("This database has no system_health table: no component "
                                     "records its heartbeats here."));
    else if (snapshot.components.isEmpty())
        m_componentsNote->setText(tr("No component has sent a heartbeat yet."));
    else if (stale == 0)
        m_componentsNote->setText(snapshot.components.size() == 1
                                      ? tr("1 component, sending heartbeats.")
                                      : tr("%n components, all sending heartbeats.", nullptr,
                                           int(snapshot.components.size())));
    else
        m_componentsNote->setText(
            tr("%n of %1 components have not sent a heartbeat lately.", nullptr, int(stale))
                .arg(snapshot.components.size()));

    if (snapshot.missingTables.contains(u"port_messages"_s)) {
        m_messages->setText(tr("Port messages: this database has no port_messages table."));
        m_deadLetters->clear();
        return;
    }
    // Dead letters are one set, the seed's dead_letter_queue view: the status dead_letter and
    // the failed ones with their retries spent. The line of statuses leaves them to the next.
    QStringList counts;
    RowCount marked;
    for (const StatusTally &tally : snapshot.portMessages) {
        if (tally.status == u"dead_letter"_s)
            marked = tally.count;
        else
            counts << u"%1 %2"_s.arg(tally.status, countText(tally.count));
    }
    m_messages->setText(tr("Port messages: %1").arg(counts.join(u" · "_s)));
    m_deadLetters->setToolTip(
        tr("Dead letters are the messages of the dead_letter_queue view: %1 with the status "
           "dead_letter, and the failed ones whose retries are spent (%2 in all).")
            .arg(countText(marked), countText(snapshot.deadLetters)));
    if (snapshot.deadLetters.value == 0) {
        m_deadLetters->setText(tr("Dead letters: none"));
    } else {
        const qint64 age =
            snapshot.oldestDeadLetter.isValid()
                ? std::max<qint64>(0, snapshot.oldestDeadLetter.secsTo(snapshot.readAt))
                : 0;
        m_deadLetters->setText(
            tr("Dead letters: %1, the oldest %2 old")
                .arg(countText(snapshot.deadLetters), ComponentHealthModel::ageText(age)));
    }
}

void OverviewPane::setBacklogTrends(const BacklogTrendSet &trends)
{
    m_trends = trends;
    m_consumerGroups->setTrends(trends);
    if (m_map)
        m_map->mapScene()->setBacklogTrends(trends);
    judgeBacklogs();
    showAttention();
}

void OverviewPane::judgeBacklogs()
{
    m_attentionInputs.growingGroups =
        growingBacklogs(m_trends, BacklogKind::Group, m_groupBacklogs.growing());
    m_attentionInputs.growingPorts =
        growingBacklogs(m_trends, BacklogKind::Port, m_portBacklogs.growing());
}

void OverviewPane::setIngestStats(const IngestStats &stats)
{
    m_attentionInputs.receiver = stats;
    showAttention();
    const QString state = ingestStateText(stats.state);
    const bool working = stats.state != IngestState::Stopped && stats.state != IngestState::Failed;
    const QString rate = QLocale().toString(stats.ratePerSecond, 'f', 0);
    const QString stored = QLocale().toString(stats.stored);
    QString text;
    if (working && !stats.source.isEmpty())
        //: %1: the state ("running"), %4: where from, as "stream orders on redis://host:6379"
        text = tr("Receiver: %1, %2 messages/s, %3 stored (%4)")
                   .arg(state, rate, stored, stats.source);
    else if (working)
        text = tr("Receiver: %1, %2 messages/s, %3 stored").arg(state, rate, stored);
    else if (!stats.source.isEmpty())
        text = tr("Receiver: %1 (%2)").arg(state, stats.source);
    else
        text = tr("Receiver: %1").arg(state);
    m_ingest->setText(text);
}

void OverviewPane::setConsumerGroups(const StreamGroupScan &scan)
{
    m_consumerGroups->setGroups(scan.groups);
    // A group's backlog: what it has not read yet and what it read but did not acknowledge.
    QHash<QString, qint64> backlogs;
    for (const StreamGroup &group : scan.groups)
        backlogs.insert(group.stream + u'/' + group.group,
                        std::max<qint64>(group.lag, 0) + group.pending);
    if (scan.problem.isEmpty())
        m_groupBacklogs.observe(backlogs, QDateTime::currentDateTimeUtc());
    judgeBacklogs();
    showAttention();
    if (!scan.problem.isEmpty()) {
        m_consumersNote->setText(tr("The consumer groups cannot be read: %1").arg(scan.problem));
        return;
    }
    qsizetype consumers = 0;
    for (const StreamGroup &group : scan.groups)
        consumers += group.consumers.size();
    QString note;
    if (scan.groups.isEmpty()) {
        note = tr("No stream on the Redis server has a consumer group.");
    } else {
        // Two %n texts each, as English has no translation to pick "1 consumer" or "2
        // consumers" from.
        const int groups = int(scan.groups.size());
        const QString groupCount = groups == 1 ? tr("%Ln consumer group", nullptr, groups)
                                               : tr("%Ln consumer groups", nullptr, groups);
        const QString consumerCount = consumers == 1
                                          ? tr("%Ln consumer", nullptr, int(consumers))
                                          : tr("%Ln consumers in all", nullptr, int(consumers));
        //: "2 consumer groups, 5 consumers in all."
        note = tr("%1, %2.").arg(groupCount, consumerCount);
    }
    if (!scan.complete)
        note = tr("%1 The server holds more keys than were looked at; some streams may be "
                  "missing.")
                   .arg(note);
    m_consumersNote->setText(note);
}

void OverviewPane::setAlertStatuses(const QList<AlertStatus> &statuses)
{
    m_attentionInputs.alerts = statuses;
    showAttention();
}

void OverviewPane::showAttention()
{
    m_attention->setItems(attentionItems(m_attentionInputs));
}

void OverviewPane::open(const AttentionItem &item)
{
    PaneFocus focus;
    switch (item.kind) {
    case AttentionItem::Kind::ComponentStale:
    case AttentionItem::Kind::ComponentUnhealthy:
        focus.component = item.subject;
        break;
    case AttentionItem::Kind::GroupBacklogGrowing:
        focus.stream = item.subject.section(u'/', 0, -2);
        focus.group = item.subject.section(u'/', -1);
        focus.key = focus.stream;
        break;
    case AttentionItem::Kind::AlertsFiring:
    case AttentionItem::Kind::PortBacklogGrowing:
    case AttentionItem::Kind::NewDeadLetters:
    case AttentionItem::Kind::Receiver:
        break;
    }
    Q_EMIT openRequested(item.paneId, focus);
}

QWidget *OverviewPane::makeDatabaseSection()
{
    m_databaseSection = new QWidget(this);
    m_databaseSection->setObjectName(u"databaseSection"_s);
    m_databaseSection->hide();
    const auto line = [this](const QString &name) {
        auto *label = new QLabel(m_databaseSection);
        label->setObjectName(name);
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        return label;
    };
    m_databaseSpace = line(u"databaseSpace"_s);
    m_databaseSessions = line(u"databaseSessions"_s);
    m_databaseReplication = line(u"databaseReplication"_s);
    m_databaseNote = line(u"databaseNote"_s);
    m_databaseNote->setText(tr("Reading…"));
    m_databaseTimescale = line(u"databaseTimescale"_s);
    m_databaseTimescale->hide();
    m_timescale = new TimescaleHealthModel(this);
    m_timescaleView = summaryTable(m_timescale, u"timescaleView"_s, m_databaseSection);
    // What, which and how it stands as wide as their texts; the figures, last, have the rest,
    // cut where they are longer and whole in their tooltip.
    m_timescaleView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_timescaleView->horizontalHeader()->setSectionResizeMode(TimescaleHealthModel::FiguresColumn,
                                                              QHeaderView::Stretch);
    m_timescaleView->setTextElideMode(Qt::ElideRight);
    m_timescaleView->hide();
    m_databaseTables = summaryTable(nullptr, u"databaseTablesView"_s, m_databaseSection);
    auto *layout = new QVBoxLayout(m_databaseSection);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(headingLabel(tr("Database"), m_databaseSection));
    layout->addWidget(m_databaseNote);
    layout->addWidget(m_databaseSpace);
    layout->addWidget(m_databaseSessions);
    layout->addWidget(m_databaseReplication);
    layout->addWidget(m_databaseTimescale);
    layout->addWidget(m_timescaleView, 1);
    layout->addWidget(m_databaseTables, 1);
    return m_databaseSection;
}

void OverviewPane::setDatabaseHealth(DatabaseHealthModel *model)
{
    m_health = model;
    m_databaseTables->setModel(model);
    // Every column as wide as its texts, the room left to the last.
    m_databaseTables->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(model, &DatabaseHealthModel::healthChanged, this, &OverviewPane::showDatabaseHealth);
    connect(model, &DatabaseHealthModel::readFailed, this, &OverviewPane::showDatabaseHealth);
    m_databaseSection->show();
    showDatabaseHealth();
    model->refresh(true);
}

void OverviewPane::showDatabaseHealth()
{
    if (!m_health->problem().isEmpty())
        m_databaseNote->setText(
            tr("The database's health cannot be read: %1").arg(m_health->problem()));
    m_databaseNote->setVisible(!m_health->problem().isEmpty() || !m_health->hasHealth());
    if (!m_health->hasHealth())
        return;
    const DatabaseHealth &health = m_health->health();
    m_databaseSpace->setText(spaceText(health));
    const std::optional<double> free = health.freePercent();
    m_databaseSpaceLow = free && *free < lowFreePercent;
    QPalette palette = m_databaseSection->palette();
    if (m_databaseSpaceLow)
        palette.setColor(QPalette::WindowText, TimescaleHealthModel::warningColour());
    m_databaseSpace->setPalette(palette);
    m_databaseSpace->setToolTip(m_databaseSpaceLow
                                    ? tr("Less than %1% of the disk is free: the database "
                                         "cannot grow much longer.")
                                          .arg(lowFreePercent)
                                    : QString());
    m_databaseSessions->setText(sessionsText(health, m_health->options()));
    m_databaseSessions->setToolTip(openTransactionsTip(health));
    m_databaseReplication->setText(replicationText(health));
    m_databaseReplication->setVisible(health.replicationGap != HealthGap::NotApplicable);
    showTimescaleHealth(health);
    // SQLite has no autovacuum to tell of.
    m_databaseTables->setColumnHidden(DatabaseHealthModel::VacuumColumn,
                                      health.engine == SqlEngine::SQLite);
}

void OverviewPane::showTimescaleHealth(const DatabaseHealth &health)
{
    m_timescale->setHealth(health.timescale, health.readAt);
    m_databaseTimescale->setVisible(health.timescale.has_value());
    m_timescaleView->setVisible(health.timescale && m_timescale->rowCount() > 0);
    m_timescaleJobFailing = health.timescale && health.timescale->failingJobCount > 0;
    QPalette palette = m_databaseSection->palette();
    if (m_timescaleJobFailing)
        palette.setColor(QPalette::WindowText, TimescaleHealthModel::warningColour());
    m_databaseTimescale->setPalette(palette);
    m_databaseTimescale->setText(
        health.timescale ? TimescaleHealthModel::summaryText(*health.timescale, health.readAt)
                         : QString());
    m_databaseTimescale->setToolTip(m_timescaleJobFailing
                                        ? tr("A job's last run failed: its row below says why; "
                                             "timescaledb_information.job_errors has them all.")
                                        : QString());
}

QString OverviewPane::timescaleText() const
{
    return m_databaseTimescale->isVisibleTo(m_databaseSection) ? m_databaseTimescale->text()
                                                               : QString();
}

QStringList OverviewPane::databaseTexts() const
{
    return {m_databaseSpace->text(), m_databaseSessions->text(), m_databaseReplication->text(),
            m_databaseNote->isVisibleTo(m_databaseSection) ? m_databaseNote->text() : QString()};
}

QString OverviewPane::messagesText() const
{
    return m_messages->text();
}

QString OverviewPane::deadLettersText() const
{
    return m_deadLetters->text();
}

QString OverviewPane::ingestText() const
{
    return m_ingest->text();
}

} // namespace porthole
