#include "sensoreventspane.h"

#include "icons.h"
#include "sensoreventmodels.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString settingsGroup = u"sensorevents"_s;
// Typing an event id settles before the listings start over.
constexpr int filterDelayMs = 300;

QTableView *tableView(QAbstractItemModel *model, const QString &name, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    setUpListingTable(view);
    view->setTextElideMode(Qt::ElideMiddle); // an event id's two ends
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    return view;
}

QWidget *titled(const QString &title, QLabel *count, QTableView *view, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *heading = new QLabel(u"<b>%1</b>"_s.arg(title.toHtmlEscaped()), box);
    heading->setBuddy(view);
    auto *line = new QHBoxLayout;
    line->addWidget(heading);
    line->addStretch();
    line->addWidget(count);
    layout->addLayout(line);
    layout->addWidget(view, 1);
    return box;
}

// What a listing's count line says: its size, or that it is being read, or why it cannot be.
QString listingText(const PagedTableModel *model)
{
    switch (model->state()) {
    case PagedTableModel::State::Idle:
    case PagedTableModel::State::Loading:
        return SensorEventsPane::tr("Reading…");
    case PagedTableModel::State::Error:
        return SensorEventsPane::tr("Cannot read: %1").arg(model->errorMessage());
    case PagedTableModel::State::Ready:
        break;
    }
    return PagedTableModel::countText(model->totalCount());
}

} // namespace

SensorEventsPane::SensorEventsPane(SensorListModel *sensors, ProcessedEventModel *events,
                                   SensorMetricModel *metrics, QWidget *parent)
    : Pane(u"sensorevents"_s, paneTitle(), parent)
    , m_sensors(sensors)
    , m_events(events)
    , m_metrics(metrics)
{
    QHBoxLayout *bar = setUpFilterBar();
    QWidget *sensorBox = setUpSensors();
    QWidget *right = setUpEventsAndMetrics();

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"sensorSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(sensorBox);
    m_splitter->addWidget(right);
    shareSplitter(m_splitter, {1, 4});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_splitter, 1);

    connectModels();

    followWhileShown([this] { return QList<PagedTableModel *>{m_sensors, m_events, m_metrics}; });
    restoreSettings();
    updateHeading();
    updateStates();
}

QHBoxLayout *SensorEventsPane::setUpFilterBar()
{
    m_eventId = new QLineEdit(this);
    m_eventId->setObjectName(u"eventIdField"_s);
    m_eventId->setPlaceholderText(tr("any event id"));
    m_eventId->setClearButtonEnabled(true);
    m_eventId->setToolTip(tr("Only rows whose event id contains this text (any case)"));
    auto *eventIdLabel = new QLabel(tr("&Event id:"), this);
    eventIdLabel->setBuddy(m_eventId);
    m_findings = new QCheckBox(tr("&Only rows with a finding"), this);
    m_findings->setObjectName(u"findingsBox"_s);
    m_findings->setToolTip(tr("Only events without a metric, and metrics without an event, with "
                              "an event id stored more than once or with a timestamp before the "
                              "sensor's previous reading"));
    auto *refreshButton = new QPushButton(themedIcon(IconId::Refresh), tr("&Refresh"), this);
    refreshButton->setToolTip(tr("Reads the sensors and both tables again (F5)"));
    auto *exportButton = new QPushButton(tr("E&xport…"), this);
    exportButton->setObjectName(u"exportButton"_s);
    exportButton->setToolTip(tr("Writes every row of the listing that had the focus last (the "
                                "metrics, unless it was the processed events) to a CSV, JSON or "
                                "JSON Lines file (Ctrl+E)"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(eventIdLabel);
    bar->addWidget(m_eventId);
    bar->addSpacing(12);
    bar->addWidget(m_findings);
    bar->addStretch();
    bar->addWidget(refreshButton);
    bar->addWidget(exportButton);

    m_filterTimer.setSingleShot(true);
    m_filterTimer.setInterval(filterDelayMs);
    connect(&m_filterTimer, &QTimer::timeout, this, &SensorEventsPane::applyFilter);
    connect(m_eventId, &QLineEdit::textChanged, &m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_eventId, &QLineEdit::returnPressed, this, &SensorEventsPane::applyFilter);
    connect(m_findings, &QCheckBox::toggled, this, &SensorEventsPane::applyFilter);
    connect(refreshButton, &QPushButton::clicked, this, &SensorEventsPane::refresh);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        applyFilter();
        Q_EMIT exportRequested();
    });
    return bar;
}

QWidget *SensorEventsPane::setUpSensors()
{
    m_sensorView = tableView(m_sensors, u"sensorView"_s, this);
    m_sensorView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_sensorCount = new QLabel(this);
    m_allSensors = new QPushButton(tr("&All sensors"), this);
    m_allSensors->setObjectName(u"allSensorsButton"_s);
    m_allSensors->setToolTip(tr("Lists the events and metrics of every sensor"));
    connect(m_allSensors, &QPushButton::clicked, this, [this] { showSensor({}); });
    auto *sensorBox = titled(tr("Sensors"), m_sensorCount, m_sensorView, this);
    static_cast<QVBoxLayout *>(sensorBox->layout())->addWidget(m_allSensors);
    const int charWidth = m_sensorView->fontMetrics().averageCharWidth();
    m_sensorView->setColumnWidth(SensorListModel::SensorColumn, charWidth * 12);
    fitColumn(m_sensorView, SensorListModel::EventsColumn, u"0,000+"_s); // counted up to 1,000
    fitColumn(m_sensorView, SensorListModel::MetricsColumn, u"0,000+"_s);
    widenColumnsToRows(m_sensorView, {SensorListModel::SensorColumn});
    connect(m_sensorView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid() && current.data(PagedTableModel::RowLoadedRole).toBool())
                    showSensor(current.data(SensorListModel::SensorIdRole).toString());
            });
    return sensorBox;
}

QWidget *SensorEventsPane::setUpEventsAndMetrics()
{
    // The two tables, one above the other: each as wide as its columns need.
    const int charWidth = m_sensorView->fontMetrics().averageCharWidth();
    m_eventView = tableView(m_events, u"eventView"_s, this);
    m_metricView = tableView(m_metrics, u"metricView"_s, this);
    // An event's journey: the delivery it came in as, by its event id.
    addJourneyAction(m_eventView, this, [this] {
        const QVariant row = m_eventView->currentIndex().data(ProcessedEventModel::EventRole);
        return row.isValid() ? row.value<ProcessedEventRow>().eventId : QString();
    });
    addJourneyAction(m_metricView, this, [this] {
        const QVariant row = m_metricView->currentIndex().data(SensorMetricModel::MetricRole);
        return row.isValid() ? row.value<SensorMetricRow>().eventId : QString();
    });
    const QString timeSample = u"0000-00-00 00:00:00.000"_s;
    fitColumn(m_eventView, ProcessedEventModel::ProcessedColumn, timeSample);
    fitColumn(m_metricView, SensorMetricModel::TimestampColumn, timeSample);
    fitColumn(m_metricView, SensorMetricModel::ProcessedColumn, timeSample);
    fitColumn(m_eventView, ProcessedEventModel::OffsetColumn, u"000000000"_s);
    // The columns widened to their rows start at their titles: a finding is rare.
    fitColumn(m_eventView, ProcessedEventModel::SensorColumn, u"sensor-00"_s);
    fitColumn(m_eventView, ProcessedEventModel::FindingColumn, {});
    fitColumn(m_eventView, ProcessedEventModel::PartitionColumn, u"000"_s);
    fitColumn(m_metricView, SensorMetricModel::SensorColumn, u"sensor-00"_s);
    fitColumn(m_metricView, SensorMetricModel::FindingColumn, {});
    m_metricView->setColumnWidth(SensorMetricModel::IdColumn, charWidth * 9);
    widenColumnsToRows(m_eventView,
                       {ProcessedEventModel::SensorColumn, ProcessedEventModel::EventIdColumn,
                        ProcessedEventModel::FindingColumn});
    widenColumnsToRows(m_metricView,
                       {SensorMetricModel::SensorColumn, SensorMetricModel::EventIdColumn,
                        SensorMetricModel::FindingColumn, SensorMetricModel::ValueColumn});
    // On a narrow screen the event ids give up their room first (each is whole in the other
    // table's row, in its tooltip and in a copy), after what the sensor list can spare.
    keepMainColumn(m_eventView, ProcessedEventModel::OffsetColumn,
                   ProcessedEventModel::EventIdColumn,
                   m_eventView->columnWidth(ProcessedEventModel::OffsetColumn));
    keepMainColumn(m_metricView, SensorMetricModel::ProcessedColumn,
                   SensorMetricModel::EventIdColumn,
                   m_metricView->columnWidth(SensorMetricModel::ProcessedColumn));
    fitSplitterToColumns(m_eventView);
    fitSplitterToColumns(m_metricView);
    fitSplitterToColumns(m_sensorView);
    for (QTableView *view : {m_sensorView, m_eventView, m_metricView}) {
        copyRowsOnCtrlC(view, [this](const QString &message) { Q_EMIT statusMessage(message); });
        view->installEventFilter(this);
    }
    m_eventCount = new QLabel(this);
    m_eventCount->setObjectName(u"eventCountLabel"_s);
    m_metricCount = new QLabel(this);
    m_metricCount->setObjectName(u"metricCountLabel"_s);

    m_eventsAndMetrics = new QSplitter(Qt::Vertical, this);
    m_eventsAndMetrics->setObjectName(u"eventsAndMetricsSplitter"_s);
    m_eventsAndMetrics->setChildrenCollapsible(false);
    m_eventsAndMetrics->addWidget(titled(tr("Processed events"), m_eventCount, m_eventView, this));
    m_eventsAndMetrics->addWidget(titled(tr("Metrics"), m_metricCount, m_metricView, this));
    shareSplitter(m_eventsAndMetrics, {2, 3});

    m_heading = new QLabel(this);
    m_heading->setObjectName(u"sensorHeading"_s);
    m_heading->setIndent(6);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_heading);
    rightLayout->addWidget(m_eventsAndMetrics, 1);
    return right;
}

void SensorEventsPane::connectModels()
{
    for (PagedTableModel *model :
         {static_cast<PagedTableModel *>(m_sensors), static_cast<PagedTableModel *>(m_events),
          static_cast<PagedTableModel *>(m_metrics)}) {
        connect(model, &PagedTableModel::stateChanged, this, &SensorEventsPane::updateStates);
        connect(model, &PagedTableModel::totalCountChanged, this, &SensorEventsPane::updateStates);
        connect(model, &QAbstractItemModel::modelReset, this, &SensorEventsPane::updateStates);
    }
}

SensorEventsPane::~SensorEventsPane()
{
    saveSettings();
}

QIcon SensorEventsPane::paneIcon()
{
    return themedIcon(IconId::SensorEvents);
}

std::shared_ptr<const ExportSource> SensorEventsPane::exportSource() const
{
    return m_exported == Listing::Events ? m_events->exportSource() : m_metrics->exportSource();
}

QString SensorEventsPane::exportDescription() const
{
    return m_exported == Listing::Events
               ? tr("the processed events shown (%1)")
                     .arg(PagedTableModel::countText(m_events->totalCount()))
               : tr("the metrics shown (%1)")
                     .arg(PagedTableModel::countText(m_metrics->totalCount()));
}

void SensorEventsPane::watchChanges(ChangeNotifier *notifier)
{
    m_sensors->watchChanges(notifier);
    m_events->watchChanges(notifier);
    m_metrics->watchChanges(notifier);
}

void SensorEventsPane::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    settings.setValue(u"eventColumns"_s, m_eventView->horizontalHeader()->saveState());
    settings.setValue(u"metricColumns"_s, m_metricView->horizontalHeader()->saveState());
    settings.setValue(u"splitter"_s, m_splitter->saveState());
    settings.setValue(u"eventsAndMetrics"_s, m_eventsAndMetrics->saveState());
}

void SensorEventsPane::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    m_eventView->horizontalHeader()->restoreState(settings.value(u"eventColumns"_s).toByteArray());
    m_metricView->horizontalHeader()->restoreState(
        settings.value(u"metricColumns"_s).toByteArray());
    m_splitter->restoreState(settings.value(u"splitter"_s).toByteArray());
    m_eventsAndMetrics->restoreState(settings.value(u"eventsAndMetrics"_s).toByteArray());
}

// --- The filter ---------------------------------------------------------------------------

SensorEventFilter SensorEventsPane::filterFromBar() const
{
    SensorEventFilter filter;
    filter.sensorId = m_sensorId;
    filter.eventIdContains = m_eventId->text().trimmed();
    filter.findingsOnly = m_findings->isChecked();
    return filter;
}

void SensorEventsPane::applyFilter()
{
    m_filterTimer.stop();
    const SensorEventFilter filter = filterFromBar();
    m_events->setFilter(filter);
    m_metrics->setFilter(filter);
    updateHeading();
    updateStates();
}

void SensorEventsPane::showSensor(const QString &sensorId)
{
    m_sensorId = sensorId;
    if (sensorId.isEmpty())
        m_sensorView->selectionModel()->clearSelection();
    applyFilter();
}

void SensorEventsPane::focusOn(const PaneFocus &focus)
{
    if (focus.search.isEmpty())
        return;
    m_findings->setChecked(false);
    m_eventId->setText(focus.search);
    showSensor({});
}

void SensorEventsPane::refresh()
{
    applyFilter();
    m_sensors->refresh();
    m_events->refresh();
    m_metrics->refresh();
}

bool SensorEventsPane::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::FocusIn) {
        if (watched == m_eventView)
            m_exported = Listing::Events;
        else if (watched == m_metricView)
            m_exported = Listing::Metrics;
    }
    return Pane::eventFilter(watched, event);
}

// --- What the pane says -------------------------------------------------------------------

QString SensorEventsPane::sensorHeading() const
{
    return m_heading->text();
}

QString SensorEventsPane::eventCountText() const
{
    return m_eventCount->text();
}

QString SensorEventsPane::metricCountText() const
{
    return m_metricCount->text();
}

void SensorEventsPane::updateHeading()
{
    m_heading->setText(m_sensorId.isEmpty() ? tr("Every sensor") : tr("Sensor %1").arg(m_sensorId));
    m_allSensors->setEnabled(!m_sensorId.isEmpty());
    // One sensor's rows all name it: its column makes room for the findings.
    m_eventView->setColumnHidden(ProcessedEventModel::SensorColumn, !m_sensorId.isEmpty());
    m_metricView->setColumnHidden(SensorMetricModel::SensorColumn, !m_sensorId.isEmpty());
}

void SensorEventsPane::updateStates()
{
    const int sensors = int(m_sensors->totalCount().value);
    // Two %n texts, as English has no translation to pick "1 sensor" or "2 sensors" from.
    m_sensorCount->setText(m_sensors->state() != PagedTableModel::State::Ready
                               ? listingText(m_sensors)
                           : sensors == 1 ? tr("%n sensor", nullptr, sensors)
                                          : tr("%n sensors", nullptr, sensors));
    m_eventCount->setText(listingText(m_events));
    m_metricCount->setText(listingText(m_metrics));
    for (const PagedTableModel *model :
         {static_cast<PagedTableModel *>(m_sensors), static_cast<PagedTableModel *>(m_events),
          static_cast<PagedTableModel *>(m_metrics)})
        if (model->state() == PagedTableModel::State::Error)
            Q_EMIT statusMessage(model->errorMessage());
}

} // namespace porthole
