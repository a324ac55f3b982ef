#pragma once

#include <QColor>
#include <QDateTime>
#include <QElapsedTimer>
#include <QImage>
#include <QList>
#include <QPointF>
#include <QString>
#include <QTimer>
#include <QWidget>

class QAbstractAxis;
class QLineSeries;
class QValueAxis;
class QGraphicsLineItem;
class QPen;
class QGraphicsSimpleTextItem;
class QGraphicsRectItem;

namespace porthole {

class ChartCanvas;

// One line of a chart: its lines between gaps (x = ms since the epoch, UTC), its name in the
// legend, and the unit of its values (a second value axis shows the second unit).
struct ChartLine
{
    QString label;
    QString unit;
    QList<QList<QPointF>> segments;
    QColor color;                       // invalid: the chart's palette by the line's place
    Qt::PenStyle style = Qt::SolidLine; // dashed: a series as it was a day or a week before
};

// Something that happened at a moment, drawn as a vertical mark on the time axis (an
// operator's replay or purge).
struct ChartMarker
{
    QDateTime at;
    QString text;
    QColor color; // invalid: an operator's action's red
    Qt::PenStyle style = Qt::DotLine;
};

// Porthole's time chart: lines over a time axis, a legend that hides and shows them, up to
// two value axes (one per unit), a crosshair with every line's value at the pointer, markers.
// Zooming (drag a band, or the wheel) and panning (drag with Shift, or the middle button) ask
// for a new range with rangeRequested(); the chart shows what it is given. Repaints are
// coalesced: at most 25 a second however often lines are set.
//
// It draws with Qt Charts, which nothing outside this class sees.
class TimeChart : public QWidget
{
    Q_OBJECT

public:
    // The shortest range a zoom asks for.
    static constexpr qint64 shortestRangeMs = 1000;
    // The colour of the line at `index` where a line brings none.
    static QColor paletteColor(qsizetype index);

    explicit TimeChart(QWidget *parent = nullptr);
    ~TimeChart() override;

    void setLines(const QList<ChartLine> &lines);
    void setRange(const QDateTime &from, const QDateTime &to);
    void setMarkers(const QList<ChartMarker> &markers);
    // A note in the middle of the plot (what to do about a chart with no lines).
    void setNote(const QString &note);
    // For charts stacked over one time axis: the markers' labels and the time axis' labels
    // shown or not (both are, by default), and margins left and right that line the plot up
    // with the others'.
    void setMarkerLabelsShown(bool shown);
    void setTimeLabelsShown(bool shown);
    // The value axes titled with their units (by default); a stack whose legends name them
    // leaves the room to the plot.
    void setUnitTitlesShown(bool shown);
    void setInsets(int left, int right);
    // The plot area's left edge in the chart, and the room right of it, without the insets:
    // where the plot would start and end alone.
    double plotLeft() const;
    double plotRightRoom() const;
    // Where the plot is drawn, left to right, in `widget`'s coordinates: what a strip under
    // the chart lines its times up with.
    std::pair<int, int> plotSpanIn(const QWidget *widget) const;
    // When a line is hidden from the legend it stays hidden when lines are set again.
    bool isLineVisible(const QString &label) const;
    void setLineVisible(const QString &label, bool visible);

    const QList<ChartLine> &lines() const { return m_lines; }
    const QList<ChartMarker> &markers() const { return m_markers; }
    // The marker labels drawn, left to right, for tests: one a run of markers close enough
    // that their labels would print over each other.
    QStringList markerLabels() const;

    QDateTime from() const { return m_from; }
    QDateTime to() const { return m_to; }
    // The width of the plot in pixels: what the buckets are sized for.
    int plotWidth() const;
    // The text the crosshair shows at `time` (every visible line's value there).
    QString valuesAt(const QDateTime &time) const;
    // Qt Charts sizes an axis for its labels only while the chart has a size: labels set while
    // hidden (a pane not yet in view), or while the chart had another height, keep the width of
    // the ones before, and show as "...". Turning the labels off and on again makes every axis
    // measure them anew: done when the chart is shown, and by a stack when it changes.
    void measureLabels();
    // Draws at once what is waiting for the coalescing timer.
    void flush();
    // The chart drawn at `size`, for PNG export.
    QImage render(const QSize &size);
    // Repaints done (for tests of the coalescing).
    int repaints() const { return m_repaints; }
    // Whether the next redraw waits for the coalescing timer (redrawMs after the last one)
    // rather than the next turn of the event loop (for tests).
    bool redrawHeldBack() const;

Q_SIGNALS:
    void rangeRequested(const QDateTime &from, const QDateTime &to);
    // True while the operator drags (a band or a pan): live follow waits.
    void interacting(bool active);
    void plotWidthChanged(int pixels);

protected:
    void resizeEvent(QResizeEvent *event) override;
    // A dark palette (the dark theme) gets Qt Charts' dark theme, a light one the light theme.
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    friend class ChartCanvas;
    // Redraws on the next turn of the event loop after a quiet spell, else redrawMs after the
    // last redraw: at most 25 a second while a range is dragged or the window resized.
    void scheduleRedraw();
    // Redraws on the next turn of the event loop, with whatever else waits.
    void redrawSoon();
    void redraw();
    // How a line's series are drawn: a line that looks as before keeps its series, whose
    // points placeSegments() replaces (adding or removing series where segments are more or
    // fewer).
    struct LineLook
    {
        QString label;
        QString unit;
        QColor color;
        Qt::PenStyle style = Qt::SolidLine;
        bool right = false; // on the right value axis
        bool visible = true;
        friend bool operator==(const LineLook &, const LineLook &) = default;
    };
    void placeSegments(qsizetype index, QAbstractAxis *valueAxis);
    QLineSeries *addSeries(const LineLook &look, qsizetype segment, QAbstractAxis *valueAxis);
    // The axis' range over [lo, hi] (from zero for values that are not negative), on round
    // ticks, at most valueTicks of them, titled with `unit`.
    void fitValueAxis(QValueAxis *axis, double lo, double hi, const QString &unit, int valueTicks);
    void placeOverlays();
    void followPalette();
    void wheelZoom(double atX, int steps);
    void pointerAt(const QPointF &scenePos);

    ChartCanvas *m_canvas = nullptr;
    QList<ChartLine> m_lines;
    QList<ChartMarker> m_markers;
    QStringList m_hidden;
    bool m_linesChanged = true;           // the chart's series are to be placed again
    QList<LineLook> m_looks;              // of the lines the series were made for
    QList<QList<QLineSeries *>> m_series; // a line's series, one a segment
    QDateTime m_from;
    QDateTime m_to;
    QString m_note;
    bool m_markerLabels = true;
    bool m_unitTitles = true;
    int m_leftInset = 0;
    int m_rightInset = 0;
    QTimer m_redrawTimer;
    QElapsedTimer m_sinceRedraw; // since the last redraw; invalid before the first
    int m_repaints = 0;
    int m_lastPlotWidth = 0;
    QGraphicsLineItem *m_crosshair = nullptr;
    QGraphicsSimpleTextItem *m_readout = nullptr;
    QGraphicsRectItem *m_readoutBox = nullptr;
    QGraphicsSimpleTextItem *m_noteItem = nullptr;
    QList<QGraphicsLineItem *> m_markerLines;
};

} // namespace porthole
