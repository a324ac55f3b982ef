#include "healthhistorypane.h"

#include "healthhistorymodel.h"
#include "healthtimeline.h"
#include "healthtimelineloader.h"
#include "icons.h"
#include "listingparts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString settingsGroup = u"healthhistory"_s;
constexpr int filterDelayMs = 300;
constexpr int timelineDelayMs = 40;
constexpr int timelineReloadMs = 5000;
constexpr int defaultGapSeconds = 60;

} // namespace

HealthHistoryPane::HealthHistoryPane(HealthHistoryModel *model, QWidget *parent)
    : Pane(u"healthhistory"_s, paneTitle(), parent)
    , m_model(model)
{
    QHBoxLayout *bar = setUpBar();
    QHBoxLayout *status = setUpStatus();
    connectFilter();

    setUpRows();

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(u"healthSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_timeline);
    m_splitter->addWidget(m_stack);
    shareSplitter(m_splitter, {2, 3});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addLayout(status);
    layout->addWidget(m_splitter, 1);

    connectModel();
    followWhileShown([this] { return QList<PagedTableModel *>{m_model}; },
                     [this] { return isLive(); });
    restoreSettings();
    updateState();
    updateTimeline();
}

QHBoxLayout *HealthHistoryPane::setUpBar()
{
    m_component = new QComboBox(this);
    m_component->setObjectName(u"componentField"_s);
    m_component->setEditable(true);
    m_component->setInsertPolicy(QComboBox::NoInsert);
    m_component->addItem(QString());
    m_component->lineEdit()->setPlaceholderText(tr("all components"));
    m_component->lineEdit()->setClearButtonEnabled(true);
    m_component->setToolTip(tr("Only the heartbeats of this component"));
    m_component->setMinimumContentsLength(18);
    auto *componentLabel = new QLabel(tr("&Component:"), this);
    componentLabel->setBuddy(m_component);
    m_status = new QComboBox(this);
    m_status->setObjectName(u"statusField"_s);
    m_status->addItem(tr("any status"), QString());
    for (const QString &status : HealthRepository::statuses())
        m_status->addItem(status, status);
    auto *statusLabel = new QLabel(tr("&Status:"), this);
    statusLabel->setBuddy(m_status);
    m_gap = new QSpinBox(this);
    m_gap->setObjectName(u"gapField"_s);
    m_gap->setRange(1, 7 * 24 * 3600);
    m_gap->setValue(defaultGapSeconds);
    m_gap->setSuffix(tr(" s"));
    m_gap->setToolTip(tr("A silence longer than this between two heartbeats is marked as a gap"));
    auto *gapLabel = new QLabel(tr("&Gap over:"), this);
    gapLabel->setBuddy(m_gap);
    m_live = new QCheckBox(tr("&Live"), this);
    m_live->setChecked(true);
    m_live->setToolTip(tr("Shows new heartbeats as the components send them"));
    auto *refreshButton = new QPushButton(themedIcon(IconId::Refresh), tr("&Refresh"), this);
    refreshButton->setToolTip(tr("Reads the health history again (F5)"));
    connect(refreshButton, &QPushButton::clicked, this, &HealthHistoryPane::refresh);
    m_export = new QPushButton(tr("&Export…"), this);
    m_export->setObjectName(u"exportButton"_s);
    m_export->setToolTip(tr("Writes every heartbeat the filter matches to a CSV, JSON or JSON "
                            "Lines file (Ctrl+E)"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(componentLabel);
    bar->addWidget(m_component);
    bar->addWidget(statusLabel);
    bar->addWidget(m_status);
    bar->addWidget(gapLabel);
    bar->addWidget(m_gap);
    bar->addStretch();
    bar->addWidget(m_live);
    bar->addWidget(refreshButton);
    bar->addWidget(m_export);
    return bar;
}

QHBoxLayout *HealthHistoryPane::setUpStatus()
{
    m_latest = new QLabel(this);
    m_latest->setObjectName(u"latestLabel"_s);
    m_latest->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_count = new QLabel(this);
    m_count->setObjectName(u"countLabel"_s);
    auto *status = new QHBoxLayout;
    status->addWidget(m_latest, 1);
    status->addWidget(m_count);
    return status;
}

void HealthHistoryPane::connectFilter()
{
    m_filterTimer.setSingleShot(true);
    m_filterTimer.setInterval(filterDelayMs);
    connect(&m_filterTimer, &QTimer::timeout, this, &HealthHistoryPane::applyFilter);
    connect(m_component, &QComboBox::currentTextChanged, &m_filterTimer,
            qOverload<>(&QTimer::start));
    connect(m_component->lineEdit(), &QLineEdit::returnPressed, this,
            &HealthHistoryPane::applyFilter);
    connect(m_status, &QComboBox::currentIndexChanged, this, &HealthHistoryPane::applyFilter);
    connect(m_gap, &QSpinBox::valueChanged, this, &HealthHistoryPane::updateTimeline);
    connect(m_live, &QCheckBox::toggled, this, &HealthHistoryPane::updateFollow);
    connect(m_export, &QPushButton::clicked, this, [this] {
        applyFilter(); // what the bar says is what is written
        Q_EMIT exportRequested();
    });
}

void HealthHistoryPane::setUpRows()
{
    m_timeline = new HealthTimeline(this);
    m_view = makeListingTable(this, m_model, u"healthView"_s,
                              [this](const QString &message) { Q_EMIT statusMessage(message); });
    const int charWidth = m_view->fontMetrics().averageCharWidth();
    fitColumn(m_view, HealthHistoryModel::HeartbeatColumn, u"0000-00-00 00:00:00"_s);
    m_view->setColumnWidth(HealthHistoryModel::ComponentColumn, charWidth * 20);
    m_view->setColumnWidth(HealthHistoryModel::StatusColumn, charWidth * 12);
    // A double click on a row shows that component alone.
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.data(PagedTableModel::RowLoadedRole).toBool())
            showComponent(
                index.data(HealthHistoryModel::RecordRole).value<HealthRecord>().componentName);
    });

    m_stack = new ListingStack(m_view, this);
}

void HealthHistoryPane::connectModel()
{
    m_timelineTimer.setSingleShot(true);
    m_timelineTimer.setInterval(timelineDelayMs);
    connect(&m_timelineTimer, &QTimer::timeout, this, &HealthHistoryPane::updateTimeline);
    watchListing(m_model, m_view, this, [this] { updateState(); });
    const auto redraw = [this] {
        m_timelineTimer.start();
    };
    connect(m_model, &QAbstractItemModel::modelReset, this, redraw);
    connect(m_model, &QAbstractItemModel::modelReset, this, &HealthHistoryPane::loadTimeline);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, redraw);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, redraw);
    connect(m_model, &QAbstractItemModel::dataChanged, this, redraw);
}

HealthHistoryPane::~HealthHistoryPane()
{
    saveSettings();
}

QIcon HealthHistoryPane::paneIcon()
{
    return themedIcon(IconId::HealthHistory);
}

std::shared_ptr<const ExportSource> HealthHistoryPane::exportSource() const
{
    return m_model->exportSource();
}

QString HealthHistoryPane::exportDescription() const
{
    return tr("the heartbeats shown (%1)").arg(PagedTableModel::countText(m_model->totalCount()));
}

void HealthHistoryPane::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    settings.setValue(u"columns"_s, m_view->horizontalHeader()->saveState());
    settings.setValue(u"splitter"_s, m_splitter->saveState());
    settings.setValue(u"gapSeconds"_s, m_gap->value());
}

void HealthHistoryPane::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    m_view->horizontalHeader()->restoreState(settings.value(u"columns"_s).toByteArray());
    m_splitter->restoreState(settings.value(u"splitter"_s).toByteArray());
    m_gap->setValue(settings.value(u"gapSeconds"_s, defaultGapSeconds).toInt());
}

// --- The filter ---------------------------------------------------------------------------

void HealthHistoryPane::applyFilter()
{
    m_filterTimer.stop();
    m_model->setFilter({m_component->currentText().trimmed(), m_status->currentData().toString()});
    updateState();
    updateTimeline();
}

void HealthHistoryPane::showComponent(const QString &component)
{
    m_component->setCurrentText(component);
    applyFilter();
}

void HealthHistoryPane::setGapSeconds(int seconds)
{
    m_gap->setValue(seconds);
}

void HealthHistoryPane::refresh()
{
    applyFilter();
    m_model->refresh();
}

bool HealthHistoryPane::isLive() const
{
    return m_live->isChecked();
}

void HealthHistoryPane::setLive(bool live)
{
    m_live->setChecked(live);
}

// --- What the pane says -------------------------------------------------------------------

QString HealthHistoryPane::latestText() const
{
    return m_latest->text();
}

QString HealthHistoryPane::countText() const
{
    return m_count->text();
}

QString HealthHistoryPane::stateText() const
{
    return m_stack->stateText();
}

void HealthHistoryPane::updateState()
{
    const HealthFilter filter = m_model->filter();
    const QString error =
        showListingState(m_stack, m_count, m_model,
                         {tr("Reading the health history…"),
                          tr("Cannot read the health history.\n%1\nPress F5 to try again."),
                          !filter.component.isEmpty() || !filter.status.isEmpty()
                              ? tr("No heartbeat matches the filter.")
                              : tr("No component has sent a heartbeat yet.")});
    if (!error.isEmpty())
        Q_EMIT statusMessage(error);
}

void HealthHistoryPane::updateTimeline()
{
    m_timelineTimer.stop();
    const QList<HealthRecord> records = m_model->loadedRecords();
    // The components seen so far, for the field's list.
    for (const HealthRecord &record : records) {
        if (m_component->findText(record.componentName, Qt::MatchExactly) < 0)
            m_component->addItem(record.componentName);
    }
    const HealthFilter filter = m_model->filter();
    // The latest status: the newest row of the component shown (newest first, or the last
    // row read when sorted oldest first).
    if (filter.component.isEmpty() || !filter.status.isEmpty() || records.isEmpty()) {
        m_latest->setText(filter.component.isEmpty()
                              ? tr("Pick a component (or double-click a row) to see its latest "
                                   "status and its timeline alone.")
                              : QString());
    } else {
        const HealthRecord &newest = m_model->sortOrder() == Qt::DescendingOrder
                                         ? records.constFirst()
                                         : records.constLast();
        m_latest->setText(
            tr("%1 is %2: last heartbeat %3")
                .arg(newest.componentName, newest.status,
                     newest.lastHeartbeat.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s)));
    }
    if (!filter.status.isEmpty()) {
        m_timeline->setBands({});
        m_timeline->setMessage(tr("The timeline needs every status: clear the status filter "
                                  "to see it."));
        return;
    }
    if (m_timelineLoader) {
        // New rows of a live listing: the timeline follows, read again at most every few
        // seconds.
        if (m_sinceTimelineLoad.isValid() && m_sinceTimelineLoad.elapsed() > timelineReloadMs)
            loadTimeline();
        drawTimeline(m_timelineData.records, m_timelineData.from, m_timelineData.to);
    } else
        drawTimeline(records);
}

void HealthHistoryPane::setTimelineLoader(HealthTimelineLoader *loader)
{
    m_timelineLoader = loader;
    connect(loader, &HealthTimelineLoader::loaded, this, [this](const HealthTimelineData &data) {
        m_timelineData = data;
        updateTimeline();
    });
    connect(loader, &HealthTimelineLoader::failed, this, [this](const QString &message) {
        m_timeline->setBands({});
        m_timeline->setMessage(tr("The timeline cannot be read: %1").arg(message));
    });
    loadTimeline();
}

void HealthHistoryPane::loadTimeline()
{
    if (!m_timelineLoader)
        return;
    m_sinceTimelineLoad.start();
    m_timelineLoader->load(m_model->filter().component);
}

void HealthHistoryPane::drawTimeline(const QList<HealthRecord> &records, const QDateTime &from,
                                     const QDateTime &to)
{
    m_timeline->setMessage(records.isEmpty() ? tr("No heartbeat to draw.") : QString());
    m_timeline->setBands(healthBands(records, std::chrono::seconds(m_gap->value())), from, to);
}

} // namespace porthole
