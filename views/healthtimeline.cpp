#include "healthtimeline.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int margin = 6;
constexpr int axisHeightLines = 1;
constexpr int legendHeightLines = 1;
constexpr int maxNameChars = 22;

QString timeText(const QDateTime &time)
{
    return time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

} // namespace

HealthTimeline::HealthTimeline(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"healthTimeline"_s);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

QColor HealthTimeline::statusColor(const QString &status)
{
    if (status == u"healthy"_s)
        return QColor(0x2e, 0xc2, 0x7e);
    if (status == u"degraded"_s)
        return QColor(0xe5, 0xa5, 0x0a);
    if (status == u"unhealthy"_s)
        return QColor(0xe0, 0x1b, 0x24);
    return QColor(0x9a, 0x99, 0x96);
}

void HealthTimeline::setBands(const QList<HealthBand> &bands, const QDateTime &from,
                              const QDateTime &to)
{
    m_bands = bands;
    m_components.clear();
    m_from = {};
    m_to = {};
    for (const HealthBand &band : m_bands) {
        if (m_components.isEmpty() || m_components.constLast() != band.component)
            m_components.append(band.component);
        if (!m_from.isValid() || band.from < m_from)
            m_from = band.from;
        if (!m_to.isValid() || band.to > m_to)
            m_to = band.to;
    }
    if (from.isValid() && to.isValid() && from < to) {
        m_from = from;
        m_to = to;
    }
    if (m_from.isValid() && m_from.msecsTo(m_to) < 1000)
        m_to = m_from.addSecs(1);
    updateGeometry();
    update();
}

void HealthTimeline::setMessage(const QString &message)
{
    m_message = message;
    update();
}

int HealthTimeline::gapCount() const
{
    return int(std::count_if(m_bands.cbegin(), m_bands.cend(),
                             [](const HealthBand &band) { return band.gap; }));
}

int HealthTimeline::laneHeight() const
{
    return fontMetrics().height() + 8;
}

int HealthTimeline::nameWidth() const
{
    int width = 0;
    for (const QString &name : m_components)
        width = std::max(width, fontMetrics().horizontalAdvance(name));
    return std::min(width, fontMetrics().averageCharWidth() * maxNameChars) + margin;
}

QSize HealthTimeline::sizeHint() const
{
    const int lanes = std::max<qsizetype>(1, std::min<qsizetype>(m_components.size(), 8));
    const int lines = fontMetrics().height() * (axisHeightLines + legendHeightLines);
    return {fontMetrics().averageCharWidth() * 80, int(lanes) * laneHeight() + lines + 4 * margin};
}

QSize HealthTimeline::minimumSizeHint() const
{
    return {fontMetrics().averageCharWidth() * 30, laneHeight() + 2 * fontMetrics().height()};
}

QRect HealthTimeline::plotRect() const
{
    const int left = margin + nameWidth();
    const int bottom =
        height() - margin - fontMetrics().height() * (axisHeightLines + legendHeightLines) - margin;
    return QRect(QPoint(left, margin), QPoint(width() - margin, bottom));
}

QRect HealthTimeline::bandRect(const HealthBand &band) const
{
    const QRect plot = plotRect();
    const qint64 span = std::max<qint64>(1, m_from.msecsTo(m_to));
    const auto x = [&](const QDateTime &time) {
        return plot.left() + int(double(m_from.msecsTo(time)) / double(span) * plot.width());
    };
    const int lane = int(m_components.indexOf(band.component));
    const int top = plot.top() + lane * laneHeight() + 3;
    const int left = x(band.from);
    const int right = std::max(left + 2, x(band.to)); // a single heartbeat is a sliver
    return QRect(QPoint(left, top), QPoint(right, top + laneHeight() - 6));
}

int HealthTimeline::bandAt(const QPoint &point) const
{
    for (qsizetype i = 0; i < m_bands.size(); ++i) {
        if (bandRect(m_bands.at(i)).adjusted(-1, 0, 1, 0).contains(point))
            return int(i);
    }
    return -1;
}

bool HealthTimeline::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int index = bandAt(help->pos());
        if (index < 0) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        const HealthBand &band = m_bands.at(index);
        const qint64 seconds = band.from.secsTo(band.to);
        const QString text =
            band.gap
                ? tr("%1: no heartbeat for %Ln s, %2 to %3", nullptr, int(seconds))
                      .arg(band.component, timeText(band.from), timeText(band.to))
                : tr("%1: %2 from %3 to %4")
                      .arg(band.component, band.status, timeText(band.from), timeText(band.to));
        QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void HealthTimeline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    const QFontMetrics metrics = fontMetrics();
    if (!m_message.isEmpty() || m_bands.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(margin, margin, -margin, -margin),
                         Qt::AlignCenter | Qt::TextWordWrap, m_message);
        return;
    }
    const QRect plot = plotRect();
    // The lanes: names on the left, a faint line under each.
    painter.setPen(palette().color(QPalette::Text));
    for (qsizetype lane = 0; lane < m_components.size(); ++lane) {
        const int top = plot.top() + int(lane) * laneHeight();
        if (top + laneHeight() > plot.bottom() + 1)
            break;
        const QRect nameRect(margin, top, nameWidth() - margin, laneHeight());
        painter.drawText(
            nameRect, Qt::AlignVCenter | Qt::AlignLeft,
            metrics.elidedText(m_components.at(lane), Qt::ElideRight, nameRect.width()));
    }
    // The bands and the gaps.
    for (const HealthBand &band : m_bands) {
        const QRect r = bandRect(band);
        if (r.bottom() > plot.bottom() + 1)
            continue; // lanes past the room: the table below lists them
        if (band.gap) {
            const QColor red = statusColor(u"unhealthy"_s);
            painter.fillRect(r, QBrush(red, Qt::BDiagPattern));
            painter.setPen(QPen(red, 1));
            painter.drawLine(r.topLeft(), r.bottomLeft());
            painter.drawLine(r.topRight(), r.bottomRight());
        } else {
            painter.fillRect(r, statusColor(band.status));
        }
    }
    // The axis: the two ends of the span.
    painter.setPen(palette().color(QPalette::Text));
    const int axisTop = plot.bottom() + margin;
    painter.drawLine(plot.left(), plot.bottom() + 2, plot.right(), plot.bottom() + 2);
    painter.drawText(QRect(plot.left(), axisTop, plot.width(), metrics.height()),
                     Qt::AlignLeft | Qt::AlignVCenter, timeText(m_from));
    painter.drawText(QRect(plot.left(), axisTop, plot.width(), metrics.height()),
                     Qt::AlignRight | Qt::AlignVCenter, timeText(m_to));
    // The legend.
    int x = plot.left();
    const int legendTop = axisTop + metrics.height();
    const int box = metrics.height() - 4;
    const QList<std::pair<QString, QString>> entries{
        {u"healthy"_s, tr("healthy")},         {u"degraded"_s, tr("degraded")},
        {u"unhealthy"_s, tr("unhealthy")},     {u"unknown"_s, tr("unknown")},
        {QString(), tr("no heartbeat (gap)")},
    };
    for (const auto &[status, label] : entries) {
        const QRect swatch(x, legendTop + 2, box, box);
        if (status.isEmpty())
            painter.fillRect(swatch, QBrush(statusColor(u"unhealthy"_s), Qt::BDiagPattern));
        else
            painter.fillRect(swatch, statusColor(status));
        x += box + 4;
        painter.drawText(
            QRect(x, legendTop, metrics.horizontalAdvance(label) + 2, metrics.height()),
            Qt::AlignVCenter | Qt::AlignLeft, label);
        x += metrics.horizontalAdvance(label) + 14;
    }
}

} // namespace porthole
