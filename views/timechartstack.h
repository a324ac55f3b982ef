#pragma once

#include "timechart.h"

#include <QList>
#include <QTimer>
#include <QWidget>

class QScrollArea;
class QVBoxLayout;

namespace porthole {

// Which lines share a chart when lines of several units are stacked: one chart a unit, in the
// order the units first appear, and within a unit a chart of its own for a line whose highest
// value in [fromX, toX] is less than a tenth of the highest line's there (it would lie flat on
// the axis). A line with no value there goes with the first chart of its unit. Each list holds
// indexes into `lines`, in their order.
QList<QList<qsizetype>> stackedChartGroups(const QList<ChartLine> &lines, double fromX, double toX);

// Lines over one time range as TimeCharts stacked on a shared time axis: by default one chart a
// unit (stackedChartGroups), the time labels under the lowest only, the markers on each and
// their labels on the top one, the plots lined up; merged, all lines in one chart (a second
// value axis for a second unit). Each line keeps its colour whichever chart it is in. A zoom
// or pan in any chart asks for the range for all.
class TimeChartStack : public QWidget
{
    Q_OBJECT

public:
    explicit TimeChartStack(QWidget *parent = nullptr);

    void setLines(const QList<ChartLine> &lines);
    void setRange(const QDateTime &from, const QDateTime &to);
    void setMarkers(const QList<ChartMarker> &markers);
    // A note on the top chart (what to do when nothing is shown).
    void setNote(const QString &note);
    void setMerged(bool merged);
    bool merged() const { return m_merged; }
    // Hides or shows the line labelled `label`, as its legend entry does.
    void setLineVisible(const QString &label, bool visible);

    const QList<ChartLine> &lines() const { return m_lines; }
    const QList<ChartMarker> &markers() const { return m_markers; }
    // The charts shown, top to bottom: at least one.
    QList<TimeChart *> charts() const { return m_charts; }
    // The units of each chart, top to bottom (for tests: one each, unless merged).
    QList<QStringList> chartUnits() const;
    // Every line's value at `time`, as TimeChart::valuesAt() gives them, chart after chart.
    QString valuesAt(const QDateTime &time) const;
    int plotWidth() const;
    void flush();
    // Repaints done by all the charts (for tests and benchmarks of the coalescing).
    int repaints() const;
    // The charts drawn one under the other into `size`, for PNG export.
    QImage render(const QSize &size);

Q_SIGNALS:
    void rangeRequested(const QDateTime &from, const QDateTime &to);
    void interacting(bool active);
    void plotWidthChanged(int pixels);

protected:
    void showEvent(QShowEvent *event) override;

private:
    // Shares the lines out among the charts: when they are new, or the charts' shares change.
    void arrange(bool linesChanged);
    void lineUp();
    TimeChart *addChart();

    QList<ChartLine> m_lines;
    QList<ChartMarker> m_markers;
    QList<QList<qsizetype>> m_groups;
    QList<TimeChart *> m_charts;
    QDateTime m_from;
    QDateTime m_to;
    QString m_note;
    bool m_merged = false;
    QScrollArea *m_scroll;
    QVBoxLayout *m_column;
    QTimer m_lineUpTimer;
};

} // namespace porthole
