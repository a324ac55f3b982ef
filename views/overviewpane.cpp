#include "overviewpane.h"

#include "componenthealthmodel.h"
#include "consumergroupmodel.h"
#include "consumersview.h"
#include "icons.h"
#include "ingeststatus.h"
#include "pipelinesnapshot.h"
#include "remoteworkerspanel.h"
#include "sourcestatusmodel.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

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

} // namespace

OverviewPane::OverviewPane(SourceStatusModel *sources, QWidget *parent)
    : Pane(u"overview"_s, tr("Overview"), parent)
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
    // Three sources at the most: all in view, the table as high as they are, the room left to
    // the tables that grow.
    m_sourcesView->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_sourcesView->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);

    auto *refreshButton = new QPushButton(themedIcon(IconId::Refresh), tr("&Refresh"), this);
    refreshButton->setToolTip(tr("Check every source again (F5)"));
    connect(refreshButton, &QPushButton::clicked, this, &OverviewPane::refresh);

    auto *footer = new QHBoxLayout;
    footer->addWidget(m_lastChecked, 1);
    footer->addWidget(refreshButton);

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

    auto *layout = new QVBoxLayout(this);
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
    layout->addLayout(footer);
}

QIcon OverviewPane::icon() const
{
    return themedIcon(IconId::Overview);
}

void OverviewPane::setDataDirectory(const QString &path)
{
    m_dataDirectory->setText(tr("Data directory: %1").arg(path));
}

void OverviewPane::refresh()
{
    m_lastChecked->setText(tr("Checking…"));
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
    m_components->setComponents(snapshot.components, snapshot.readAt);
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
    QStringList counts;
    for (const StatusTally &tally : snapshot.portMessages)
        counts << u"%1 %2"_s.arg(QString(tally.status).replace(u'_', u' '), countText(tally.count));
    m_messages->setText(tr("Port messages: %1").arg(counts.join(u" · "_s)));
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
        m_deadLetters->setToolTip(snapshot.oldestDeadLetter.toUTC().toString(Qt::ISODateWithMs));
    }
}

void OverviewPane::setIngestStats(const IngestStats &stats)
{
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
