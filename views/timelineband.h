#pragma once

#include "timeline.h"

#include <QWidget>

namespace porthole {

class TimeChartStack;
class TimelineModel;

// Under the Metrics charts: what changed in the charts' range (the incident timeline), a mark
// each at its time in its tone (red critical, amber a warning, violet a silence, green back to
// health, grey what is merely said), lined up with the top chart's plot. Pointing at a mark
// says what changed; a click asks for the Timeline around that moment.
class TimelineBand : public QWidget
{
    Q_OBJECT

public:
    // At most this many changes of a range are read and drawn.
    static constexpr int shownChanges = 500;

    // Draws what `model` reads (not taken over) under the top chart of `charts`.
    TimelineBand(TimelineModel *model, TimeChartStack *charts, QWidget *parent = nullptr);

    // Reads the changes of the range the charts show.
    void setRange(const QDateTime &from, const QDateTime &to);

    // Where each change is drawn, left to right, for tests: its x and its row in the model.
    QList<std::pair<int, int>> marks() const;
    // The rows of the changes within a few pixels of `x`.
    QList<int> rowsAt(int x) const;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

Q_SIGNALS:
    // A mark was clicked: the moment of its change.
    void momentClicked(const QDateTime &at);

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    TimelineModel *m_model;
    TimeChartStack *m_charts;
    QDateTime m_from;
    QDateTime m_to;
};

} // namespace porthole
