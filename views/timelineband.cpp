#include "timelineband.h"

#include "timechart.h"
#include "timechartstack.h"
#include "timelinemodel.h"
#include "timelinetext.h"

#include <QFontMetrics>
#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// How close to a mark the pointer must be for it to count.
constexpr int reach = 4;
// At most this many changes are listed in a mark's tooltip.
constexpr int tooltipChanges = 8;

} // namespace

TimelineBand::TimelineBand(TimelineModel *model, TimeChartStack *charts, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_charts(charts)
{
    setObjectName(u"timelineBand"_s);
    setMouseTracking(true);
    m_model->setReadWhole(shownChanges);
    const auto redraw = [this] {
        update();
    };
    connect(m_model, &QAbstractItemModel::rowsInserted, this, redraw);
    connect(m_model, &QAbstractItemModel::modelReset, this, redraw);
    connect(m_charts, &TimeChartStack::plotWidthChanged, this, redraw);
}

void TimelineBand::setRange(const QDateTime &from, const QDateTime &to)
{
    if (!from.isValid() || !to.isValid() || from >= to)
        return;
    m_from = from;
    m_to = to;
    TimelineFilter filter = m_model->filter();
    filter.from = from;
    filter.to = to;
    m_model->setFilter(filter);
}

QSize TimelineBand::sizeHint() const
{
    return {200, fontMetrics().height() + 10};
}

QList<std::pair<int, int>> TimelineBand::marks() const
{
    QList<std::pair<int, int>> marks;
    if (!m_from.isValid() || m_charts->charts().isEmpty())
        return marks;
    const auto [left, right] = m_charts->charts().constFirst()->plotSpanIn(this);
    const double span = double(m_from.msecsTo(m_to));
    for (int row = m_model->rowCount() - 1; row >= 0; --row) {
        const QDateTime at = m_model->changeAt(row)->at;
        if (at < m_from || at > m_to)
            continue;
        const double share = double(m_from.msecsTo(at)) / span;
        marks.append({left + int(std::lround(share * (right - left))), row});
    }
    return marks;
}

QList<int> TimelineBand::rowsAt(int x) const
{
    QList<int> rows;
    for (const auto &[markX, row] : marks())
        if (std::abs(markX - x) <= reach)
            rows << row;
    return rows;
}

void TimelineBand::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::AlternateBase));
    const QList<std::pair<int, int>> drawn = marks();
    if (!m_charts->charts().isEmpty()) {
        const int left = m_charts->charts().constFirst()->plotSpanIn(this).first;
        const QString label = tr("Changes");
        const int room = std::max(0, left - 8);
        // Narrow axis labels leave less room than the word takes: it is made smaller to fit,
        // rather than cut at its start.
        QFont font = painter.font();
        const int wide = QFontMetrics(font).horizontalAdvance(label);
        if (wide > room && room > 0 && font.pointSizeF() > 0)
            font.setPointSizeF(font.pointSizeF() * room / wide);
        painter.setFont(font);
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(QRect(4, 0, room, height()), Qt::AlignVCenter | Qt::AlignRight, label);
    }
    for (const auto &[x, row] : drawn) {
        const Change *change = m_model->changeAt(row);
        bool hasTone = false;
        const StatusTone tone = TimelineModel::toneOf(*change, &hasTone);
        const QColor colour = hasTone ? statusColour(tone) : palette().color(QPalette::Mid);
        const int inset = change->severity == ChangeSeverity::Critical ? 2 : 6;
        painter.fillRect(QRect(x - 1, inset, 3, height() - 2 * inset), colour);
    }
}

bool TimelineBand::event(QEvent *event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    auto *help = static_cast<QHelpEvent *>(event);
    const QList<int> rows = rowsAt(help->pos().x());
    if (rows.isEmpty()) {
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    QStringList lines;
    for (const int row : rows.mid(0, tooltipChanges)) {
        const Change *change = m_model->changeAt(row);
        lines << QLocale().toString(change->at.toLocalTime(), u"HH:mm:ss"_s) + u"  "_s +
                     changeText(*change, QDateTime::currentDateTimeUtc()).toHtmlEscaped();
    }
    if (rows.size() > tooltipChanges)
        lines << tr("and %1 more").arg(rows.size() - tooltipChanges);
    lines << u"<i>"_s + tr("Click to open the Timeline at this moment") + u"</i>"_s;
    QToolTip::showText(help->globalPos(), lines.join(u"<br/>"_s), this);
    return true;
}

void TimelineBand::mousePressEvent(QMouseEvent *event)
{
    const QList<int> rows = rowsAt(int(event->position().x()));
    if (event->button() != Qt::LeftButton || rows.isEmpty()) {
        QWidget::mousePressEvent(event);
        return;
    }
    Q_EMIT momentClicked(m_model->changeAt(rows.constFirst())->at);
}

} // namespace porthole
