#include "metricspane.h"

#include "chartmarkers.h"
#include "icons.h"
#include "metricscomparison.h"
#include "metricsdashboardbar.h"
#include "metricseriesmodel.h"
#include "metricsloader.h"
#include "timelineband.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

struct Preset
{
    const char *text; // translated where shown
    qint64 seconds;   // 0: all
};

const QString settingsGroup = u"metrics"_s;

// A series as the settings keep it: "source|owner|name".
QString seriesKey(const MetricSeries &series)
{
    return u"%1|%2|%3"_s.arg(int(series.source)).arg(series.owner, series.name);
}

// resolutionText() in the window's language (that one is English, for files): "raw values",
// "buckets of 5 min".
QString resolutionShown(qint64 bucketSeconds)
{
    if (bucketSeconds <= 0)
        return MetricsPane::tr("raw values");
    if (bucketSeconds % 86400 == 0) {
        // Two %n texts, as English has no translation to pick "1 day" or "2 days" from.
        const int days = int(bucketSeconds / 86400);
        return days == 1 ? MetricsPane::tr("buckets of %n day", nullptr, days)
                         : MetricsPane::tr("buckets of %n days", nullptr, days);
    }
    if (bucketSeconds % 3600 == 0)
        return MetricsPane::tr("buckets of %1 h").arg(bucketSeconds / 3600);
    if (bucketSeconds % 60 == 0)
        return MetricsPane::tr("buckets of %1 min").arg(bucketSeconds / 60);
    return MetricsPane::tr("buckets of %1 s").arg(bucketSeconds);
}

// What each bucket shows, after the resolution in the note.
QString aggregateShown(MetricAggregate aggregate)
{
    switch (aggregate) {
    case MetricAggregate::Average:
        //: What each bucket of a chart shows, as in "buckets of 5 min, average"
        return MetricsPane::tr("average");
    case MetricAggregate::Minimum:
        return MetricsPane::tr("minimum");
    case MetricAggregate::Maximum:
        return MetricsPane::tr("maximum");
    case MetricAggregate::Count:
        //: What each bucket of a chart shows, as in "buckets of 5 min, count"
        return MetricsPane::tr("count");
    }
    return {};
}

const QList<Preset> &presets()
{
    static const QList<Preset> list{
        {QT_TRANSLATE_NOOP("porthole::MetricsPane", "Last 15 minutes"), 15 * 60},
        {QT_TRANSLATE_NOOP("porthole::MetricsPane", "Last hour"), 3600},
        {QT_TRANSLATE_NOOP("porthole::MetricsPane", "Last 24 hours"), 86400},
        {QT_TRANSLATE_NOOP("porthole::MetricsPane", "Last 7 days"), 7 * 86400},
        {QT_TRANSLATE_NOOP("porthole::MetricsPane", "Last 30 days"), 30 * 86400},
        //: The time range: every value there is
        {QT_TRANSLATE_NOOP("porthole::MetricsPane", "All"), 0}};
    return list;
}

} // namespace

MetricsPane::MetricsPane(MetricsLoader *loader, TimelineModel *timeline, QWidget *parent)
    : Pane(u"metrics"_s, paneTitle(), parent)
    , m_loader(loader)
    , m_chartModel(new MetricsChartModel(m_loader, this))
    , m_seriesModel(new MetricSeriesModel(this))
    , m_seriesProxy(new QSortFilterProxyModel(this))
{
    m_timeline = timeline;
    m_seriesProxy->setSourceModel(m_seriesModel);
    m_seriesProxy->setRecursiveFilteringEnabled(true);
    m_seriesProxy->setAutoAcceptChildRows(true);
    m_seriesProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    // The series to pick.
    QWidget *left = setUpSeries();
    // The range, the aggregate, follow, and the chart.
    QWidget *right = setUpChart();

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->setObjectName(u"metricsSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(left);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({260, 900});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_splitter);

    connectControls();
    restoreSettings();
    refresh();
}

void MetricsPane::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    m_splitter->restoreState(settings.value(u"splitter"_s).toByteArray());
    const int aggregate = m_aggregates->findData(settings.value(u"aggregate"_s, 0).toInt());
    if (aggregate >= 0) {
        m_aggregates->setCurrentIndex(aggregate);
        m_aggregate = MetricAggregate(m_aggregates->currentData().toInt());
    }
    setMerged(settings.value(u"oneChart"_s, false).toBool());
    m_chartModel->setPlotWidth(m_chart->plotWidth());
    showPreset(settings.value(u"preset"_s, 3600).toLongLong());
    // A range up to now keeps up with now unless the operator stopped it.
    m_chartModel->setFollow(settings.value(u"follow"_s, true).toBool() && m_presetShown &&
                            m_presets->currentData().toLongLong() > 0);
    m_follow->setChecked(m_chartModel->follows());
    // The first start opens on the default dashboard; later starts on the one in use, with the
    // range and aggregate as they were left, or on the series picked by hand.
    const bool firstStart = !settings.contains(u"dashboard"_s) && !settings.contains(u"series"_s);
    m_dashboards->showInUse(
        settings.value(u"dashboard"_s, firstStart ? u"default"_s : u"none"_s).toString());
    if (m_dashboards->defaultShown())
        m_pendingDefault = true;
    else if (auto saved = MetricsDashboards::find(m_dashboards->savedName()))
        m_pending = saved;
    else
        m_restoreSeries = settings.value(u"series"_s).toStringList();
}

QWidget *MetricsPane::setUpSeries()
{
    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_dashboards = new MetricsDashboardBar([this] { return currentDashboard(); });
    leftLayout->addWidget(m_dashboards);
    // Beside the dashboards, which keep it: the same series a day or a week before.
    leftLayout->addWidget(m_comparison = new MetricsComparisonBox(m_chartModel));
    m_find = new QLineEdit;
    m_find->setPlaceholderText(tr("Find a series…"));
    m_find->setClearButtonEnabled(true);
    m_tree = new QTreeView;
    m_tree->setModel(m_seriesProxy);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    leftLayout->addWidget(m_find);
    leftLayout->addWidget(m_tree);
    focusOnFind(this, m_find);
    return left;
}

QWidget *MetricsPane::setUpChart()
{
    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    m_presets = new QComboBox;
    for (const Preset &preset : presets())
        m_presets->addItem(tr(preset.text), preset.seconds);
    m_presets->addItem(tr("Custom…"), -1);
    m_presets->setCurrentIndex(1);
    m_presets->setToolTip(tr("The time range shown; zoom by dragging across the chart or with "
                             "the wheel, pan with Shift and drag"));
    m_back = new QPushButton(themedIcon(IconId::Back), tr("Back"));
    m_back->setToolTip(tr("The range shown before the last zoom or pan"));
    m_back->setEnabled(false);
    auto *reset = new QPushButton(tr("Reset"));
    reset->setToolTip(tr("Back to the chosen preset range"));
    m_aggregates = new QComboBox;
    for (const auto &[text, aggregate] : {std::pair{tr("Average"), MetricAggregate::Average},
                                          std::pair{tr("Minimum"), MetricAggregate::Minimum},
                                          std::pair{tr("Maximum"), MetricAggregate::Maximum},
                                          std::pair{tr("Count"), MetricAggregate::Count}})
        m_aggregates->addItem(text, int(aggregate));
    m_aggregates->setToolTip(tr("What a bucket shows when there are more values than pixels"));
    m_merge = new QCheckBox(tr("&One chart"));
    m_merge->setToolTip(tr("All series in one chart, on up to two value axes, rather than a "
                           "chart for each unit"));
    m_follow = new QCheckBox(tr("Follow live"));
    m_follow->setToolTip(tr("Keep the range ending now, adding values as they arrive"));
    auto *exportButton = new QToolButton;
    m_exportButton = exportButton;
    exportButton->setObjectName(u"exportButton"_s);
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto *exportMenu = new QMenu(exportButton);
    exportMenu->addAction(tr("Chart as PNG…"), this, &MetricsPane::askPng);
    exportMenu->addAction(tr("Shown series as CSV…"), this, &MetricsPane::askCsv);
    exportButton->setMenu(exportMenu);
    m_resolution = new QLabel;
    m_resolution->setObjectName(u"metricsResolution"_s);
    // On a line of its own under the controls: a long note (a database's reason, a longer
    // language) takes more lines, not the width of the series beside.
    m_resolution->setWordWrap(true);
    m_resolution->setTextFormat(Qt::RichText);
    // The one link it has: to the data's own range, when the range shown holds nothing.
    connect(m_resolution, &QLabel::linkActivated, this, [this] { showPreset(0); });
    bar->addWidget(m_presets);
    bar->addWidget(m_back);
    bar->addWidget(reset);
    bar->addWidget(m_aggregates);
    bar->addWidget(m_follow);
    bar->addWidget(m_merge);
    bar->addWidget(exportButton);
    bar->addStretch();
    m_chart = new TimeChartStack;
    rightLayout->addLayout(bar);
    rightLayout->addWidget(m_resolution);
    rightLayout->addWidget(m_chart, 1);
    if (m_timeline) {
        m_band = new TimelineBand(m_timeline, m_chart, right);
        rightLayout->addWidget(m_band);
        connect(m_band, &TimelineBand::momentClicked, this, [this](const QDateTime &at) {
            PaneFocus focus;
            focus.at = at;
            Q_EMIT openRequested(u"timeline"_s, focus);
        });
    }
    // Back to the range the box last set: after a zoom it says "Custom…", which is no range.
    connect(reset, &QPushButton::clicked, this, [this] { showPreset(m_resetPreset); });
    return right;
}

void MetricsPane::connectControls()
{
    connect(m_find, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_seriesProxy->setFilterFixedString(text);
        if (!text.isEmpty())
            m_tree->expandAll();
    });
    connect(m_seriesModel, &MetricSeriesModel::checkedChanged, this, [this] {
        m_chartModel->setSeries(m_seriesModel->checkedSeries());
        if (m_checking)
            return;
        // Picked by hand: no dashboard's set any more.
        m_pending.reset();
        forgetDefaultReads();
        m_missing.clear();
        m_dashboards->showUnsaved();
        showNote();
    });
    connect(m_dashboards, &MetricsDashboardBar::defaultChosen, this,
            &MetricsPane::applyDefaultDashboard);
    connect(m_dashboards, &MetricsDashboardBar::dashboardChosen, this,
            &MetricsPane::applyDashboard);
    connect(m_dashboards, &MetricsDashboardBar::statusMessage, this, &Pane::statusMessage);
    connect(m_dashboards, &MetricsDashboardBar::failed, this, &Pane::failed);
    connect(m_presets, &QComboBox::activated, this, [this] {
        if (m_presets->currentData().toLongLong() < 0)
            askCustomRange();
        else
            showPreset(m_presets->currentData().toLongLong());
    });
    connect(m_back, &QPushButton::clicked, this, [this] {
        m_presetShown = false;
        m_chartModel->back();
    });
    connect(m_aggregates, &QComboBox::activated, this,
            [this] { setAggregate(MetricAggregate(m_aggregates->currentData().toInt())); });
    connect(m_follow, &QCheckBox::toggled, m_chartModel, &MetricsChartModel::setFollow);
    connect(m_merge, &QCheckBox::toggled, m_chart, &TimeChartStack::setMerged);
    connect(m_comparison, &MetricsComparisonBox::changed, this, &MetricsPane::showPoints);
    connect(m_chart, &TimeChartStack::rangeRequested, this,
            [this](const QDateTime &from, const QDateTime &to) {
                m_presetShown = false;
                m_chartModel->setRange(from, to);
            });
    connect(m_chart, &TimeChartStack::interacting, m_chartModel,
            &MetricsChartModel::setFollowPaused);
    connect(m_chart, &TimeChartStack::plotWidthChanged, m_chartModel,
            &MetricsChartModel::setPlotWidth);
    connect(m_chartModel, &MetricsChartModel::rangeChanged, this, [this] {
        m_chart->setRange(m_chartModel->from(), m_chartModel->to());
        if (!m_presetShown) // zoomed, panned, gone back or chosen: the box says so
            m_presets->setCurrentIndex(m_presets->findData(-1));
        m_back->setEnabled(m_chartModel->canGoBack());
        m_follow->setChecked(m_chartModel->follows());
        readMarkers();
    });
    connect(m_chartModel, &MetricsChartModel::rangeChosen, this, [this] {
        if (!m_takingRange)
            Q_EMIT rangeChosen(shownRange());
    });
    connect(m_chartModel, &MetricsChartModel::pointsChanged, this, &MetricsPane::showPoints);
    connect(m_chartModel, &MetricsChartModel::loadingChanged, this, &MetricsPane::showNote);
    connect(m_chartModel, &MetricsChartModel::failed, this, [this](const QString &message) {
        showNote();
        Q_EMIT statusMessage(tr("Metrics: %1").arg(message));
    });
    connect(m_loader, &MetricsLoader::answered, this, &MetricsPane::onAnswer);
}

MetricsPane::~MetricsPane()
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    settings.setValue(u"splitter"_s, m_splitter->saveState());
    QStringList checked;
    for (const MetricSeries &series : m_seriesModel->checkedSeries())
        checked << seriesKey(series);
    // Not listed yet: what was checked last time still is.
    settings.setValue(u"series"_s, m_restoreSeries.isEmpty() ? checked : m_restoreSeries);
    settings.setValue(u"aggregate"_s, int(m_aggregate));
    settings.setValue(u"oneChart"_s, m_merge->isChecked());
    settings.setValue(u"follow"_s, m_chartModel->follows());
    settings.setValue(u"dashboard"_s, m_dashboards->inUse());
    const qint64 preset = m_presets->currentData().toLongLong();
    settings.setValue(u"preset"_s, preset < 0 ? 3600 : preset);
}

QIcon MetricsPane::paneIcon()
{
    return themedIcon(IconId::Metrics);
}

void MetricsPane::refresh()
{
    m_seriesTicket = m_loader->readSeries();
    showNote();
    m_chartModel->reload();
    readMarkers();
}

void MetricsPane::focusOn(const PaneFocus &focus)
{
    if (focus.at.isValid()) {
        // The hour around the moment, as the Timeline shows it.
        const QScopedValueRollback taking(m_takingRange, true);
        m_presetShown = false;
        m_chartModel->setRange(focus.at.addSecs(-1800), focus.at.addSecs(1800));
    }
    if (focus.component.isEmpty() || focus.metric.isEmpty())
        return;
    const MetricSeries series{
        .source = MetricSource::Component, .owner = focus.component, .name = focus.metric};
    // What the link names, rather than a dashboard still waiting for the series.
    m_pending.reset();
    forgetDefaultReads();
    m_dashboards->showUnsaved();
    if (m_seriesTicket != 0) // still listing: checked with the rest once listed
        m_restoreSeries << seriesKey(series);
    else
        m_seriesModel->setChecked(series, true);
}

SharedRange MetricsPane::shownRange() const
{
    const qint64 preset = m_presets->currentData().toLongLong();
    qint64 last = 0;
    if (m_presetShown && preset > 0)
        last = preset;
    else if (m_chartModel->follows())
        last = m_chartModel->from().secsTo(m_chartModel->to());
    return {.from = m_chartModel->from(), .to = m_chartModel->to(), .lastSeconds = last};
}

void MetricsPane::showSharedRange(const SharedRange &range, const QString &source)
{
    Q_UNUSED(source); // the box says "Custom…" for a range that is no preset, wherever it came from
    const QScopedValueRollback taking(m_takingRange, true);
    if (range.lastSeconds > 0) {
        showPreset(range.lastSeconds);
        return;
    }
    m_presetShown = false;
    m_chartModel->setRange(range.from, range.to);
}

void MetricsPane::showPreset(qint64 seconds)
{
    const int preset = m_presets->findData(seconds);
    if (seconds >= 0)
        m_resetPreset = seconds;
    // A dashboard's range that no preset has: the last that many seconds, as a custom range.
    m_presetShown = preset >= 0;
    m_presets->setCurrentIndex(preset >= 0 ? preset : m_presets->findData(-1));
    if (seconds == 0)
        m_chartModel->showAll();
    else
        m_chartModel->showLast(seconds);
}

void MetricsPane::setMerged(bool merged)
{
    m_merge->setChecked(merged);
    m_chart->setMerged(merged);
}

void MetricsPane::setAggregate(MetricAggregate aggregate)
{
    m_aggregate = aggregate;
    m_aggregates->setCurrentIndex(m_aggregates->findData(int(aggregate)));
    showPoints();
}

void MetricsPane::showPoints()
{
    m_chart->setLines(metricsChartLines(
        m_chartModel->data(), m_chartModel->bucketSeconds(), m_aggregate,
        m_comparison->showsDifference(),
        [this](const MetricSeries &series) { return m_seriesModel->unitOf(series); }));
    showNote();
}

void MetricsPane::showNote()
{
    const bool none = m_chartModel->series().isEmpty();
    QString note =
        none ? tr("Pick series on the left") : resolutionShown(m_chartModel->bucketSeconds());
    if (!none && m_chartModel->bucketSeconds() > 0)
        //: The resolution and what each bucket shows: "buckets of 5 min, average"
        note = tr("%1, %2").arg(note, aggregateShown(m_aggregate));
    if (none && m_seriesTicket != 0)
        note = tr("Listing the series…");
    if (m_chartModel->loading())
        note = tr("%1 (reading…)").arg(note);
    if (!m_chartModel->errorText().isEmpty())
        note = tr("Could not read the series: %1").arg(m_chartModel->errorText());
    const bool empty = !none && !m_chartModel->loading() && m_chartModel->errorText().isEmpty() &&
                       m_presets->currentData().toLongLong() != 0 && nothingInRange();
    if (empty)
        //: The note above a chart whose range holds no value: "buckets of 1 min, average. No
        //: value in this range"
        note = tr("%1. No value in this range").arg(note);
    if (!m_missing.isEmpty()) {
        //: A list's separator: "the consumer lag (…), dead letters per minute (…)"
        const QString missing = m_missing.join(tr(", "));
        note = none ? tr("None of the dashboard's series is in this database: %1. %2")
                          .arg(missing, note)
                    //: The note above a chart: "raw values. Not in this database: the …"
                    : tr("%1. Not in this database: %2").arg(note, missing);
    }
    // An empty range offers the data's own, as a link at the end.
    const QString link = empty ? tr("Show the data's own range") : QString();
    if (empty)
        note += u'.';
    m_note = link.isEmpty() ? note : u"%1 %2"_s.arg(note, link);
    m_resolution->setText(link.isEmpty() ? note.toHtmlEscaped()
                                         : u"%1 <a href=\"all\">%2</a>"_s.arg(
                                               note.toHtmlEscaped(), link.toHtmlEscaped()));
    m_chart->setNote(none ? note : QString());
}

bool MetricsPane::nothingInRange() const
{
    return std::ranges::all_of(m_chartModel->data(),
                               [](const SeriesData &data) { return data.points.isEmpty(); });
}

QString MetricsPane::note() const
{
    return m_note;
}

void MetricsPane::readMarkers()
{
    m_markersTicket = m_loader->readMarkers(m_chartModel->from(), m_chartModel->to());
    if (m_band)
        m_band->setRange(m_chartModel->from(), m_chartModel->to());
}

void MetricsPane::onSeriesListed(const MetricsAnswer &answer)
{
    m_seriesTicket = 0;
    showNote();
    if (!answer.ok) {
        Q_EMIT statusMessage(tr("Metrics: %1").arg(answer.error.message));
        return;
    }
    m_listed = answer.series;
    m_checking = true;
    m_seriesModel->setSeries(answer.series, answer.units);
    if (!m_restoreSeries.isEmpty()) {
        for (const MetricSeries &series : answer.series) {
            if (m_restoreSeries.contains(seriesKey(series)))
                m_seriesModel->setChecked(series, true);
        }
        m_restoreSeries.clear();
    }
    m_checking = false;
    m_tree->expandToDepth(1);
    checkPending();
}

void MetricsPane::applyDashboard(const MetricsDashboard &dashboard)
{
    setAggregate(dashboard.aggregate);
    m_comparison->setComparison(dashboard.compareSeconds, dashboard.difference);
    showPreset(dashboard.rangeSeconds);
    m_pending = dashboard;
    forgetDefaultReads();
    if (m_seriesTicket == 0) // listed: at once
        checkPending();
}

void MetricsPane::applyDefaultDashboard()
{
    setAggregate(MetricAggregate::Average);
    m_comparison->setComparison(0, false);
    showPreset(3600);
    m_pending.reset();
    m_pendingDefault = true;
    if (m_seriesTicket == 0)
        checkPending();
}

MetricsDashboard MetricsPane::currentDashboard() const
{
    const qint64 preset = m_presets->currentData().toLongLong();
    return {.name = {},
            .series = m_seriesModel->checkedSeries(),
            .rangeSeconds = preset >= 0 ? preset : m_chartModel->from().secsTo(m_chartModel->to()),
            .aggregate = m_aggregate,
            .compareSeconds = m_comparison->offsetSeconds(),
            .difference = m_comparison->showsDifference()};
}

void MetricsPane::checkPending()
{
    if (m_pendingDefault) {
        // The component with the highest errors and the busiest one's latency, in the range.
        QDateTime from = m_chartModel->from();
        QDateTime to = m_chartModel->to();
        if (!from.isValid() || !to.isValid() || from >= to) { // everything, its extent unread
            from = QDateTime::fromSecsSinceEpoch(0, Qt::UTC);
            to = QDateTime::currentDateTimeUtc().addDays(1);
        }
        m_worstErrors.reset();
        m_busiestLatency.reset();
        if (const QStringList names = errorMetricNames(m_listed); !names.isEmpty())
            m_errorsTicket =
                m_loader->readBusiest(names, from, to, MetricsRepository::Rank::HighestValue);
        if (const QStringList names = latencyMetricNames(m_listed); !names.isEmpty())
            m_latencyTicket = m_loader->readBusiest(names, from, to);
        showDefaultOnceRead();
        return;
    }
    if (!m_pending)
        return;
    QList<MetricSeries> present;
    QStringList missing;
    for (const MetricSeries &series : std::as_const(m_pending->series)) {
        if (m_listed.contains(series))
            present << series;
        else
            missing << shownSeriesLabel(series);
    }
    m_pending.reset();
    checkDashboardSeries(present, missing);
}

void MetricsPane::forgetDefaultReads()
{
    m_pendingDefault = false;
    m_errorsTicket = 0;
    m_latencyTicket = 0;
}

void MetricsPane::showDefaultOnceRead()
{
    if (!m_pendingDefault || m_errorsTicket != 0 || m_latencyTicket != 0)
        return;
    m_pendingDefault = false;
    const DefaultDashboard dashboard = defaultDashboard(m_listed, m_worstErrors, m_busiestLatency);
    checkDashboardSeries(dashboard.series, dashboard.missing);
}

void MetricsPane::checkDashboardSeries(const QList<MetricSeries> &series,
                                       const QStringList &missing)
{
    m_checking = true;
    m_seriesModel->setCheckedSeries(series);
    m_checking = false;
    m_missing = missing;
    showNote();
}

void MetricsPane::onAnswer(const MetricsAnswer &answer)
{
    if (answer.request.ticket == m_seriesTicket) {
        onSeriesListed(answer);
    } else if (answer.request.ticket == m_errorsTicket ||
               answer.request.ticket == m_latencyTicket) {
        if (!answer.ok)
            Q_EMIT statusMessage(tr("Metrics: %1").arg(answer.error.message));
        const bool errors = answer.request.ticket == m_errorsTicket;
        (errors ? m_errorsTicket : m_latencyTicket) = 0;
        (errors ? m_worstErrors : m_busiestLatency) = answer.ok ? answer.busiest : std::nullopt;
        showDefaultOnceRead();
    } else if (answer.request.ticket == m_markersTicket) {
        m_markersTicket = 0;
        m_chart->setMarkers(chartMarkers(answer.actions, answer.alerts));
    }
}

} // namespace porthole
