#pragma once

#include "metricschartmodel.h"
#include "pane.h"
#include "timechart.h"

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

class MetricSeriesModel;
class MetricsLoader;

// The pipeline's time series: pick series from a searchable tree (several at once), see them
// over a time range (presets, or zoom and pan on the chart, with Back), as average, minimum,
// maximum or count per bucket, with the operators' actions marked on the time axis; follow
// live. Every read runs on the loader's thread.
class MetricsPane : public Pane
{
    Q_OBJECT

public:
    // Charts what `loader` reads (not taken over: its owner keeps it).
    explicit MetricsPane(MetricsLoader *loader, QWidget *parent = nullptr);
    // Saves what is picked (series, preset, aggregate) and the layout in the settings.
    ~MetricsPane() override;

    QIcon icon() const override;
    // File > Export opens the Export menu: the chart as PNG, the series as CSV.
    bool canExport() const override { return true; }
    void exportOwn() override;

    // For the window, tests and screenshots.
    MetricSeriesModel *seriesModel() const { return m_seriesModel; }
    MetricsChartModel *chartModel() const { return m_chartModel; }
    TimeChart *chart() const { return m_chart; }
    QTreeView *seriesView() const { return m_tree; }
    void setAggregate(MetricAggregate aggregate);
    MetricAggregate aggregate() const { return m_aggregate; }
    // Picks a preset by its seconds (0: all).
    void showPreset(qint64 seconds);
    // Checks the component metric `focus` names, once it is listed.
    void focusOn(const PaneFocus &focus) override;
    // What Export… writes: the chart as PNG at `size`, the series shown as CSV. False and
    // `error` when the file cannot be written (then it is left as it was).
    bool exportPng(const QString &path, const QSize &size, QString *error);
    bool exportCsv(const QString &path, QString *error);

public Q_SLOTS:
    void refresh() override;

private:
    QWidget *setUpSeries();
    QWidget *setUpChart();
    void connectControls();

    void showPoints();
    void showNote();
    void readMarkers();
    void onAnswer(const porthole::MetricsAnswer &answer);
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
    QList<ChartMarker> m_markers;
    QStringList m_restoreSeries; // the series checked last time, checked once they are listed
    bool m_presetShown = true;   // the range is the preset's (live follow keeps it so)
    QSplitter *m_splitter = nullptr;

    QLineEdit *m_find = nullptr;
    QTreeView *m_tree = nullptr;
    QComboBox *m_presets = nullptr;
    QComboBox *m_aggregates = nullptr;
    QPushButton *m_back = nullptr;
    QCheckBox *m_follow = nullptr;
    QLabel *m_resolution = nullptr;
    QToolButton *m_exportButton = nullptr;
    TimeChart *m_chart = nullptr;
};

} // namespace porthole
