#pragma once

#include "metricschartmodel.h"
#include "metricsdashboards.h"
#include "pane.h"
#include "timechartstack.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QToolButton;
class QTreeView;

namespace porthole {

class MetricsComparisonBox;
class TimelineBand;
class TimelineModel;

class MetricSeriesModel;
class MetricsDashboardBar;
class MetricsLoader;

// The pipeline's time series: pick series from a searchable tree (several at once), see them
// over a time range (presets, or zoom and pan on the chart, with Back), as average, minimum,
// maximum or count per bucket, with the operators' actions marked on the time axis; follow
// live. Every read runs on the loader's thread.
//
// It opens on a dashboard (MetricsDashboardBar): at the first start the default one, made from
// the data once the series are listed (the ingest rate, the dead letters per minute, the
// consumer lag, the latency of the component with the most latency values in the range), later
// the one in use when it was closed. A series a dashboard names that the data lacks is left out
// and named in the note above the chart.
class MetricsPane : public Pane
{
    Q_OBJECT

public:
    // Charts what `loader` reads (not taken over: its owner keeps it).
    // With `timeline` (not taken over), a band under the charts marks what changed in their
    // range (TimelineBand); a click on a mark opens the Timeline at that moment.
    explicit MetricsPane(MetricsLoader *loader, TimelineModel *timeline = nullptr,
                         QWidget *parent = nullptr);
    // Saves what is picked (series, preset, aggregate, the dashboard in use) and the layout in
    // the settings.
    ~MetricsPane() override;

    static QString paneTitle() { return tr("Metrics"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }
    // File > Export opens the Export menu: the chart as PNG, the series as CSV.
    bool canExport() const override { return true; }
    void exportOwn() override;

    // For the window, tests and screenshots.
    MetricSeriesModel *seriesModel() const { return m_seriesModel; }
    MetricsChartModel *chartModel() const { return m_chartModel; }
    TimeChartStack *chart() const { return m_chart; }
    QTreeView *seriesView() const { return m_tree; }
    MetricsDashboardBar *dashboardBar() const { return m_dashboards; }
    // The note above the chart: the resolution, or what to do (with a link to the data's own
    // range when the range shown holds no value), and what a dashboard lacks.
    QString note() const;
    // Series of several units in one chart rather than a chart a unit (kept in the settings).
    void setMerged(bool merged);
    // Shows `dashboard`: its range and aggregate now, its series once they are listed.
    void applyDashboard(const MetricsDashboard &dashboard);
    // Shows the default dashboard, made from the data once the series are listed.
    void applyDefaultDashboard();
    // The set shown as a dashboard (no name).
    MetricsDashboard currentDashboard() const;
    void setAggregate(MetricAggregate aggregate);
    MetricAggregate aggregate() const { return m_aggregate; }
    // Picks a preset by its seconds (0: all).
    void showPreset(qint64 seconds);
    // Checks the component metric `focus` names, once it is listed; `focus.at`: shows the hour
    // around that moment (not a range the operator chose here: no rangeChosen()).
    void focusOn(const PaneFocus &focus) override;
    // The range shown as another pane takes it: the last so many seconds while a preset shows
    // or live follow keeps it ending now, else from and to. The pane emits rangeChosen() with
    // it when the operator picks a preset, zooms, pans, goes back or turns live follow on.
    SharedRange shownRange() const;
    // The band of changes under the charts; null without a timeline.
    TimelineBand *timelineBand() const { return m_band; }
    MetricsComparisonBox *comparison() const { return m_comparison; }
    // What Export… writes: the chart as PNG at `size`, the series shown as CSV. False and
    // `error` when the file cannot be written (then it is left as it was).
    bool exportPng(const QString &path, const QSize &size, QString *error);
    bool exportCsv(const QString &path, QString *error);

public Q_SLOTS:
    void refresh() override;

protected:
    // A range shared by another pane: a preset's seconds as that preset (or as a custom range
    // of the last so many seconds), from and to as a custom range.
    void showSharedRange(const SharedRange &range, const QString &source) override;

private:
    QWidget *setUpSeries();
    QWidget *setUpChart();
    void connectControls();

    void showPoints();
    void showNote();
    // No series shown has a value in the range shown.
    bool nothingInRange() const;
    void readMarkers();
    void onAnswer(const porthole::MetricsAnswer &answer);
    void onSeriesListed(const porthole::MetricsAnswer &answer);
    void restoreSettings();
    // Checks the series of the dashboard waiting (m_pending), once listed.
    void checkPending();
    void forgetDefaultReads();
    // Shows the default dashboard once its reads are answered.
    void showDefaultOnceRead();
    void checkDashboardSeries(const QList<MetricSeries> &series, const QStringList &missing);
    void askCustomRange();
    void askPng();
    void askCsv();

    MetricsLoader *m_loader;
    MetricsChartModel *m_chartModel;
    MetricSeriesModel *m_seriesModel;
    QSortFilterProxyModel *m_seriesProxy;
    MetricAggregate m_aggregate = MetricAggregate::Average;
    quint64 m_seriesTicket = 0;
    quint64 m_markersTicket = 0;
    QStringList m_restoreSeries;  // the series checked last time, checked once they are listed
    bool m_presetShown = true;    // the range is the preset's (live follow keeps it so)
    qint64 m_resetPreset = 3600;  // the seconds Reset shows: the last preset shown
    QList<MetricSeries> m_listed; // the series there are, as last listed
    // A dashboard to show once the series are listed; with m_pendingDefault, the default.
    std::optional<MetricsDashboard> m_pending;
    bool m_pendingDefault = false;
    // The default dashboard's reads of the highest errors and the busiest latency.
    quint64 m_errorsTicket = 0;
    quint64 m_latencyTicket = 0;
    std::optional<MetricSeries> m_worstErrors;
    std::optional<MetricSeries> m_busiestLatency;
    bool m_checking = false; // the pane checks series: not a change by hand
    // The range comes from elsewhere (another pane, a focus): not one to share.
    bool m_takingRange = false;
    QStringList m_missing; // what the dashboard shown lacks, for a person
    QSplitter *m_splitter = nullptr;

    QLineEdit *m_find = nullptr;
    QTreeView *m_tree = nullptr;
    QComboBox *m_presets = nullptr;
    QComboBox *m_aggregates = nullptr;
    QPushButton *m_back = nullptr;
    QCheckBox *m_follow = nullptr;
    QLabel *m_resolution = nullptr;
    QToolButton *m_exportButton = nullptr;
    MetricsDashboardBar *m_dashboards = nullptr;
    QCheckBox *m_merge = nullptr;
    TimeChartStack *m_chart = nullptr;
    TimelineModel *m_timeline = nullptr;
    TimelineBand *m_band = nullptr;
    MetricsComparisonBox *m_comparison = nullptr;
    QString m_note; // the note above the chart, as text
};

} // namespace porthole
