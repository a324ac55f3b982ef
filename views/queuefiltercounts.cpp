#include "queuefiltercounts.h"

#include "listingparts.h"
#include "portmessagelookup.h"
#include "portmessagemodel.h"
#include "repeatgap.h"

#include <QComboBox>
#include <QLocale>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QToolButton>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// Draws an item of the port list as usual, and its count right-aligned after the name.
class PortCountDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        QStyledItemDelegate::paint(painter, option, index);
        const QString count = index.data(QueueFilterCounts::CountRole).toString();
        if (count.isEmpty())
            return;
        painter->save();
        const bool selected = option.state.testFlag(QStyle::State_Selected);
        painter->setPen(
            option.palette.color(selected ? QPalette::HighlightedText : QPalette::PlaceholderText));
        const int margin = option.fontMetrics.averageCharWidth();
        painter->drawText(option.rect.adjusted(margin, 0, -margin, 0),
                          Qt::AlignRight | Qt::AlignVCenter, count);
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        const QString count = index.data(QueueFilterCounts::CountRole).toString();
        if (!count.isEmpty())
            size.rwidth() += option.fontMetrics.horizontalAdvance(count) +
                             3 * option.fontMetrics.averageCharWidth();
        return size;
    }
};

// The chip's name above its count: as wide as the name (a count is rarely wider), so that the
// filter bar keeps its width whatever the counts.
QString chipText(const QString &status, const QString &count)
{
    return QString(status).replace(u'_', u' ') + u'\n' + count;
}

// At most this many ports growing, and as many draining, in the chips' tooltips.
constexpr qsizetype maxTrendLines = 5;

} // namespace

QueueFilterCounts::QueueFilterCounts(PortMessageModel *model, PortMessageLookup *lookup,
                                     QComboBox *ports, const QList<QToolButton *> &statuses,
                                     QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_lookup(lookup)
    , m_ports(ports)
    , m_statuses(statuses)
{
    m_ports->setItemDelegate(new PortCountDelegate(m_ports));
    for (QToolButton *chip : std::as_const(m_statuses))
        m_chipTips.insert(chip, chip->toolTip());
    for (QToolButton *chip : std::as_const(m_statuses))
        chip->setText(chipText(chip->objectName().mid(int(qstrlen("status-"))), u"…"_s));
    m_gap.setSingleShot(true);
    m_gap.setInterval(gapMs);
    connect(&m_gap, &QTimer::timeout, this, [this] {
        if (std::exchange(m_again, false))
            read();
    });
    connect(m_lookup, &PortMessageLookup::countsRead, this, &QueueFilterCounts::onReadingOver);
    connect(m_lookup, &PortMessageLookup::failed, this, &QueueFilterCounts::onReadingOver);
    connect(m_lookup, &PortMessageLookup::countsRead, this, &QueueFilterCounts::onCounts);
    // After the pane has filled the list again: the counts go back on its new items.
    connect(m_lookup, &PortMessageLookup::portsRead, this, [this] {
        showTrends(); // the list was filled again: its items' tooltips too
        showPortCounts();
    });
    connect(m_model, &PagedTableModel::refreshing, this, &QueueFilterCounts::request);
    connect(m_model, &QAbstractItemModel::modelReset, this, &QueueFilterCounts::onModelReset);
    afterFirstRows(m_model, this, [this] { read(); });
}

QString QueueFilterCounts::compactText(const RowCount &count)
{
    const QLocale locale;
    switch (count.precision) {
    case RowCount::Precision::Exact:
        return locale.toString(count.value);
    case RowCount::Precision::AtLeast:
        // A bounded count stops one past its limit.
        //: A count that stopped at its limit: more than %1
        return tr("%1+").arg(locale.toString(std::max<qint64>(0, count.value - 1)));
    case RowCount::Precision::Estimate:
        //: An estimated count in millions
        if (count.value >= 1000000)
            return tr("≈%1 M").arg(locale.toString(count.value / 1e6, 'f', 1));
        //: An estimated count in thousands
        if (count.value >= 10000)
            return tr("≈%1 k").arg(locale.toString(count.value / 1e3, 'f', 0));
        //: An estimated count
        return tr("≈%1").arg(locale.toString(count.value));
    }
    return {};
}

void QueueFilterCounts::request()
{
    if (m_readClock.isValid() || m_gap.isActive()) {
        m_again = true;
        return;
    }
    read();
}

int QueueFilterCounts::gapAfter(qint64 readMs)
{
    return repeatGapAfter(readMs, gapMs);
}

void QueueFilterCounts::read()
{
    m_port = m_model->filter().ports.value(0);
    m_lookup->requestCounts(m_port);
    m_readClock.start();
}

void QueueFilterCounts::onReadingOver()
{
    if (!m_readClock.isValid())
        return; // another of the lookup's answers
    const qint64 took = m_readClock.elapsed();
    m_readClock.invalidate();
    m_gap.start(gapAfter(took));
}

void QueueFilterCounts::onModelReset()
{
    // A new filter, or a jump in the same listing: the chips follow the port chosen.
    if (const QString port = m_model->filter().ports.value(0); port != m_port) {
        m_port = port;
        afterFirstRows(m_model, this, [this] { read(); });
        showTrends();
    }
}

void QueueFilterCounts::setTrends(const BacklogTrendSet &trends)
{
    m_trends = trends;
    showTrends();
}

QString QueueFilterCounts::trendText(const QString &port) const
{
    if (!port.isEmpty()) {
        const BacklogTrend *trend = m_trends.port(port);
        if (!trend)
            return {};
        //: %1: "draining, empty in about 4 min (3 min – 5 min)", %2: the rates of 5, 15, 60 min
        return tr("Backlog of %1 (pending and processing): %2\n%3")
            .arg(port, BacklogTrendText::summary(*trend), BacklogTrendText::ratesText(*trend));
    }
    // Every port: those that grow, then those that drain, at most a few of each.
    QStringList lines;
    for (const BacklogCourse course : {BacklogCourse::Growing, BacklogCourse::Draining}) {
        const QList<BacklogTrend> trends = m_trends.of(BacklogKind::Port, course);
        for (qsizetype i = 0; i < trends.size() && i < maxTrendLines; ++i)
            lines << tr("%1: %2").arg(trends.at(i).key.source,
                                      BacklogTrendText::summary(trends.at(i)));
        if (trends.size() > maxTrendLines)
            lines << tr("and %n more", nullptr, int(trends.size() - maxTrendLines));
    }
    if (lines.isEmpty())
        return m_trends.has(BacklogKind::Port) ? tr("Backlogs: no port grows or drains")
                                               : QString();
    return tr("Backlogs (pending and processing):") + u'\n' + lines.join(u'\n');
}

void QueueFilterCounts::showTrends()
{
    const QString trend = trendText(m_model->filter().ports.value(0));
    for (QToolButton *chip : std::as_const(m_statuses)) {
        const QString own = m_chipTips.value(chip);
        const bool backlog = chip->objectName() == u"status-pending"_s ||
                             chip->objectName() == u"status-processing"_s;
        chip->setToolTip(backlog && !trend.isEmpty() ? own + u"\n\n"_s + trend : own);
    }
    for (int i = 0; i < m_ports->count(); ++i) {
        const QString port = m_ports->itemData(i).toString();
        const BacklogTrend *trend = port.isEmpty() ? nullptr : m_trends.port(port);
        m_ports->setItemData(i, trend ? BacklogTrendText::summary(*trend) : QVariant(),
                             Qt::ToolTipRole);
    }
}

void QueueFilterCounts::onCounts(const PortMessageCounts &counts)
{
    if (counts.port != m_model->filter().ports.value(0))
        return; // the port changed since: its counts are on their way
    for (const StatusCount &status : counts.statuses) {
        for (QToolButton *chip : std::as_const(m_statuses)) {
            if (chip->objectName() != u"status-"_s + status.status)
                continue;
            chip->setText(
                chipText(status.status, compactText(RowCount{status.count, status.precision})));
        }
    }
    m_portCounts.clear();
    for (const PortCount &port : counts.ports)
        m_portCounts.insert(port.port, compactText(port.count));
    showPortCounts();
    Q_EMIT shown();
}

void QueueFilterCounts::showPortCounts()
{
    for (int i = 0; i < m_ports->count(); ++i) {
        const QString port = m_ports->itemData(i).toString();
        if (!port.isEmpty())
            m_ports->setItemData(i, m_portCounts.value(port), CountRole);
    }
}

} // namespace porthole
