#include "journeylanes.h"

#include "journeymodel.h"
#include "statuscolours.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int margin = 8;

StatusTone toneOf(const JourneyHop &hop)
{
    switch (hop.trouble) {
    case JourneyHop::Trouble::DeadEnd:
        return StatusTone::Critical;
    case JourneyHop::Trouble::Overdue:
    case JourneyHop::Trouble::MissingNext:
        return StatusTone::Warning;
    case JourneyHop::Trouble::None:
        break;
    }
    const QString &status = hop.message.status;
    if (status == u"completed"_s)
        return StatusTone::Ok;
    if (status == u"failed"_s)
        return StatusTone::Warning; // retrying
    return StatusTone::Unknown;     // pending, processing: under way
}

} // namespace

JourneyLanes::JourneyLanes(QWidget *parent)
    : QWidget(parent)
{
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void JourneyLanes::setJourney(const Journey &journey)
{
    m_journey = journey;
    m_lanes.clear();
    for (const JourneyHop &hop : std::as_const(m_journey.hops))
        for (const QString &component : {hop.message.sourceComponent, hop.message.targetComponent})
            if (!m_lanes.contains(component))
                m_lanes << component;
    updateGeometry();
    update();
}

void JourneyLanes::setCurrent(const QString &messageId)
{
    m_current = messageId;
    update();
}

int JourneyLanes::labelWidth() const
{
    int widest = 0;
    for (const QString &lane : m_lanes)
        widest = std::max(widest, fontMetrics().horizontalAdvance(lane));
    return widest + 3 * margin;
}

int JourneyLanes::topRoom() const
{
    return fontMetrics().height() * 2 + margin; // room for the changes' diamonds
}

int JourneyLanes::laneY(const QString &component) const
{
    const int lane = int(std::max<qsizetype>(0, m_lanes.indexOf(component)));
    return topRoom() + lane * (fontMetrics().height() * 3) + fontMetrics().height();
}

int JourneyLanes::columnX(qsizetype index) const
{
    const int column = fontMetrics().averageCharWidth() * 22;
    return labelWidth() + int(index) * column + column / 2;
}

QRect JourneyLanes::hopRect(qsizetype index) const
{
    const PortMessage &m = m_journey.hops.at(index).message;
    const int column = fontMetrics().averageCharWidth() * 22;
    const int top = std::min(laneY(m.sourceComponent), laneY(m.targetComponent));
    const int bottom = std::max(laneY(m.sourceComponent), laneY(m.targetComponent));
    return {columnX(index) - column / 2, top - margin, column, bottom - top + 2 * margin};
}

QSize JourneyLanes::sizeHint() const
{
    const int column = fontMetrics().averageCharWidth() * 22;
    const int lanes = std::max<qsizetype>(1, m_lanes.size());
    return {labelWidth() + int(m_journey.hops.size()) * column + margin,
            topRoom() + int(lanes) * fontMetrics().height() * 3};
}

QSize JourneyLanes::minimumSizeHint() const
{
    return {labelWidth(), sizeHint().height()};
}

void JourneyLanes::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    paintLanes(painter);
    for (qsizetype i = 0; i < m_journey.hops.size(); ++i)
        paintHop(painter, i);
}

void JourneyLanes::paintLanes(QPainter &painter) const
{
    const QColor line = palette().color(QPalette::Mid);
    for (const QString &lane : m_lanes) {
        const int y = laneY(lane);
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRect(margin, y - fontMetrics().height(), labelWidth() - 2 * margin,
                               2 * fontMetrics().height()),
                         Qt::AlignVCenter | Qt::AlignLeft, lane);
        painter.setPen(QPen(line, 1, Qt::DotLine));
        painter.drawLine(labelWidth() - margin, y, width() - margin, y);
    }
}

void JourneyLanes::paintHop(QPainter &painter, qsizetype index) const
{
    const JourneyHop &hop = m_journey.hops.at(index);
    const PortMessage &m = hop.message;
    const int x = columnX(index);
    const int from = laneY(m.sourceComponent);
    const int to = laneY(m.targetComponent);
    if (m.id == m_current)
        painter.fillRect(hopRect(index), palette().color(QPalette::Highlight).lighter(185));
    const QColor colour = statusColour(toneOf(hop));
    painter.setPen(QPen(colour, 2));
    painter.setBrush(colour);
    painter.drawEllipse(QPoint(x, from), 4, 4);
    painter.drawLine(x, from, x, to);
    const int head = to > from ? -8 : 8; // the arrowhead points at the target
    painter.drawPolygon(
        QPolygon{QPoint(x, to), QPoint(x - 5, to + head), QPoint(x + 5, to + head)});

    // The port and the time since its cause, beside the arrow.
    painter.setPen(palette().color(QPalette::Text));
    const int middle = (from + to) / 2;
    const QRect text(x + margin, middle - fontMetrics().height(),
                     fontMetrics().averageCharWidth() * 22 / 2 - margin,
                     2 * fontMetrics().height());
    QString after;
    if (const JourneyHop *cause = m_journey.hop(hop.causeId)) {
        const QDateTime done = cause->message.completedAt.isValid() ? cause->message.completedAt
                                                                    : cause->message.createdAt;
        after = u"+"_s + JourneyModel::durationText(std::max<qint64>(0, done.msecsTo(m.createdAt)));
    }
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    painter.setFont(small);
    painter.drawText(text.adjusted(0, 0, 200, 0), Qt::AlignLeft | Qt::AlignVCenter,
                     m.portName + u'\n' + after);
    painter.setFont(font());

    // What is wrong at it.
    painter.setPen(QPen(colour, 2));
    if (hop.trouble == JourneyHop::Trouble::DeadEnd) {
        painter.drawLine(x - 6, to - 6, x + 6, to + 6);
        painter.drawLine(x - 6, to + 6, x + 6, to - 6);
    } else if (hop.trouble == JourneyHop::Trouble::MissingNext) {
        painter.setPen(QPen(colour, 2, Qt::DashLine));
        painter.drawLine(x, to, x + fontMetrics().averageCharWidth() * 8, to);
        painter.drawText(QPoint(x + fontMetrics().averageCharWidth() * 9, to + 4), u"?"_s);
    }
    // An operator's changes to it, as diamonds above its column.
    int changes = 0;
    for (const JourneyAction &action : m_journey.actions)
        if (action.messageId == m.id)
            ++changes;
    if (changes > 0) {
        const int y = fontMetrics().height();
        painter.setPen(palette().color(QPalette::Text));
        painter.setBrush(palette().color(QPalette::Text));
        painter.drawPolygon(
            QPolygon{QPoint(x, y - 5), QPoint(x + 5, y), QPoint(x, y + 5), QPoint(x - 5, y)});
        painter.drawText(QPoint(x + margin, y + 4),
                         changes == 1 ? tr("%n change by an operator", nullptr, 1)
                                      : tr("%n changes by an operator", nullptr, changes));
    }
    painter.setBrush(Qt::NoBrush);
}

void JourneyLanes::mousePressEvent(QMouseEvent *event)
{
    for (qsizetype i = 0; i < m_journey.hops.size(); ++i) {
        if (hopRect(i).contains(event->position().toPoint())) {
            setCurrent(m_journey.hops.at(i).message.id);
            Q_EMIT hopClicked(m_current);
            return;
        }
    }
    QWidget::mousePressEvent(event);
}

} // namespace porthole
