#pragma once

#include "journey.h"

#include <QWidget>

namespace porthole {

// A message's journey drawn as lanes: a row for each component it passed, in the order it
// reached them, and each hop as an arrow from its source's lane to its target's, a column each
// in time order, labelled with its port and how long after its cause it came, coloured by its
// status; a dead end crossed out, a missing next hop as a dashed stub, an operator's change as
// a diamond above its hop. A click picks a hop (hopClicked()); the current one is shaded.
class JourneyLanes : public QWidget
{
    Q_OBJECT

public:
    explicit JourneyLanes(QWidget *parent = nullptr);

    void setJourney(const Journey &journey);
    void setCurrent(const QString &messageId);
    QString current() const { return m_current; }

    // The components, a lane each, in the order the journey reached them.
    QStringList lanes() const { return m_lanes; }
    // Where hop `index` of the journey is drawn: its column's middle, between its lanes.
    QRect hopRect(qsizetype index) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void hopClicked(const QString &messageId);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    int topRoom() const;
    int laneY(const QString &component) const;
    int columnX(qsizetype index) const;
    int labelWidth() const;
    void paintLanes(QPainter &painter) const;
    void paintHop(QPainter &painter, qsizetype index) const;

    Journey m_journey;
    QStringList m_lanes;
    QString m_current;
};

} // namespace porthole
