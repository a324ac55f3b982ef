#include "metricseriesmodel.h"

#include "backlogseries.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QString sourceTitle(MetricSource source)
{
    switch (source) {
    case MetricSource::Component:
        return MetricSeriesModel::tr("Components");
    case MetricSource::Port:
        return MetricSeriesModel::tr("Ports");
    case MetricSource::Sensor:
        return MetricSeriesModel::tr("Sensors");
    case MetricSource::Check:
        return MetricSeriesModel::tr("Checks");
    case MetricSource::Ingest:
        return u"Porthole"_s;
    case MetricSource::DeadLetters:
        return MetricSeriesModel::tr("Queues");
    case MetricSource::Backlog:
        return MetricSeriesModel::tr("Backlogs");
    }
    return {};
}

// The name of a series Porthole names itself (the ingest rate, a check), untranslated; null for
// the others, named by the data.
const char *ownName(const MetricSeries &series)
{
    if (series.source == MetricSource::Ingest)
        return QT_TRANSLATE_NOOP("porthole::MetricSeriesModel", "Ingest rate");
    if (series.source == MetricSource::DeadLetters)
        return QT_TRANSLATE_NOOP("porthole::MetricSeriesModel", "Dead letters");
    if (series.source != MetricSource::Check)
        return nullptr;
    if (series.owner == u"ingestion_rate"_s)
        return QT_TRANSLATE_NOOP("porthole::MetricSeriesModel", "Ingestion rate");
    if (series.owner == u"consumer_lag"_s)
        return QT_TRANSLATE_NOOP("porthole::MetricSeriesModel", "Consumer lag");
    if (series.owner == u"duplicate_event_ids"_s)
        return QT_TRANSLATE_NOOP("porthole::MetricSeriesModel", "Duplicate event ids");
    if (series.owner == u"backwards_timestamps"_s)
        return QT_TRANSLATE_NOOP("porthole::MetricSeriesModel", "Timestamps going backwards");
    return nullptr;
}

// A backlog as the tree and the labels name it: "orders ▸ workers" for a consumer group, "list
// jobs", "port orders-in", "receiver orders, consumer w1"; in the window's language when `shown`.
QString backlogLabel(const BacklogKey &key, bool shown)
{
    const auto text = [shown](const char *english) {
        return shown ? MetricSeriesModel::tr(english) : QString::fromUtf8(english);
    };
    switch (key.kind) {
    case BacklogKind::Group:
        return key.source + u" \u25b8 "_s + key.group;
    case BacklogKind::Receiver:
        return text(QT_TRANSLATE_NOOP("porthole::MetricSeriesModel", "receiver %1, consumer %2"))
            .arg(key.source, key.group);
    case BacklogKind::List:
        return text(QT_TRANSLATE_NOOP("porthole::MetricSeriesModel", "list %1")).arg(key.source);
    case BacklogKind::Port:
        break;
    }
    return text(QT_TRANSLATE_NOOP("porthole::MetricSeriesModel", "port %1")).arg(key.source);
}

QStandardItem *childNamed(QStandardItem *parent, const QString &text)
{
    for (int row = 0; row < parent->rowCount(); ++row) {
        if (parent->child(row)->text() == text)
            return parent->child(row);
    }
    auto *item = new QStandardItem(text);
    item->setEditable(false);
    parent->appendRow(item);
    return item;
}

void collectChecked(const QStandardItem *item, QList<MetricSeries> *out)
{
    for (int row = 0; row < item->rowCount(); ++row) {
        const QStandardItem *child = item->child(row);
        if (child->isCheckable() && child->checkState() == Qt::Checked)
            out->append(child->data(MetricSeriesModel::SeriesRole).value<MetricSeries>());
        collectChecked(child, out);
    }
}

void checkOnly(QStandardItem *item, const QList<MetricSeries> &series)
{
    for (int row = 0; row < item->rowCount(); ++row) {
        QStandardItem *child = item->child(row);
        if (child->isCheckable()) {
            const bool on =
                series.contains(child->data(MetricSeriesModel::SeriesRole).value<MetricSeries>());
            child->setCheckState(on ? Qt::Checked : Qt::Unchecked);
        }
        checkOnly(child, series);
    }
}

} // namespace

QString seriesLabel(const MetricSeries &series)
{
    if (const auto figure = backlogFigureOf(series))
        return backlogLabel(figure->key, false) + u" / "_s + figure->figure;
    if (const char *name = ownName(series))
        return QString::fromUtf8(name);
    if (series.source == MetricSource::Check)
        return series.owner;
    return series.name.isEmpty() ? series.owner : series.owner + u" / "_s + series.name;
}

QString shownSeriesLabel(const MetricSeries &series)
{
    if (const auto figure = backlogFigureOf(series))
        return backlogLabel(figure->key, true) + u" / "_s + figure->figure;
    if (const char *name = ownName(series))
        return MetricSeriesModel::tr(name);
    return seriesLabel(series);
}

QString seriesUnit(const MetricSeries &series)
{
    if (series.source == MetricSource::Ingest || series.source == MetricSource::DeadLetters)
        return MetricSeriesModel::tr("per minute");
    if (series.source == MetricSource::Check) {
        if (series.owner == u"ingestion_rate"_s)
            return MetricSeriesModel::tr("per minute");
        //: The unit of a chart's axis: seconds
        return series.owner == u"consumer_lag"_s ? MetricSeriesModel::tr("s")
                                                 : MetricSeriesModel::tr("readings");
    }
    if (series.source == MetricSource::Backlog)
        return series.name.contains(u"/oldest_ms"_s)   ? MetricSeriesModel::tr("ms")
               : series.name.contains(u"/consumers"_s) ? MetricSeriesModel::tr("consumers")
                                                       : MetricSeriesModel::tr("messages");
    if (series.source != MetricSource::Port)
        return {};
    if (series.name.startsWith(u"messages_"_s))
        return MetricSeriesModel::tr("messages");
    if (series.name.endsWith(u"_ms"_s))
        //: The unit of a chart's axis: milliseconds
        return MetricSeriesModel::tr("ms");
    if (series.name == u"buffer_utilization"_s)
        return MetricSeriesModel::tr("ratio");
    return {};
}

MetricSeriesModel::MetricSeriesModel(QObject *parent)
    : QStandardItemModel(parent)
{
    connect(this, &QStandardItemModel::itemChanged, this, [this](QStandardItem *item) {
        if (!m_rebuilding && item->isCheckable())
            Q_EMIT checkedChanged();
    });
}

void MetricSeriesModel::setSeries(const QList<MetricSeries> &series, const QStringList &units)
{
    const QList<MetricSeries> checked = checkedSeries();
    m_rebuilding = true;
    clear();
    for (qsizetype i = 0; i < series.size(); ++i) {
        const MetricSeries &one = series.at(i);
        QStandardItem *group = childNamed(invisibleRootItem(), sourceTitle(one.source));
        QStandardItem *parent = group;
        QString text =
            MetricsRepository::alwaysBucketed(one.source) ? shownSeriesLabel(one) : one.owner;
        if (const auto figure = backlogFigureOf(one)) { // Backlogs > orders ▸ workers > lag
            parent = childNamed(group, backlogLabel(figure->key, true));
            text = figure->figure;
        } else if (!one.name.isEmpty()) {
            parent = childNamed(group, one.owner);
            text = one.name;
        }
        auto *leaf = new QStandardItem(text);
        leaf->setEditable(false);
        leaf->setCheckable(true);
        leaf->setCheckState(checked.contains(one) ? Qt::Checked : Qt::Unchecked);
        leaf->setData(QVariant::fromValue(one), SeriesRole);
        const QString unit = units.value(i);
        leaf->setData(unit.isEmpty() ? seriesUnit(one) : unit, UnitRole);
        leaf->setToolTip(shownSeriesLabel(one));
        parent->appendRow(leaf);
    }
    m_rebuilding = false;
    if (checkedSeries() != checked)
        Q_EMIT checkedChanged(); // some that were checked are gone
}

QList<MetricSeries> MetricSeriesModel::checkedSeries() const
{
    QList<MetricSeries> out;
    collectChecked(invisibleRootItem(), &out);
    return out;
}

QString MetricSeriesModel::unitOf(const MetricSeries &series) const
{
    const QModelIndexList found = match(index(0, 0), SeriesRole, QVariant::fromValue(series), 1,
                                        Qt::MatchExactly | Qt::MatchRecursive);
    return found.isEmpty() ? seriesUnit(series) : found.first().data(UnitRole).toString();
}

void MetricSeriesModel::setChecked(const MetricSeries &series, bool checked)
{
    const QModelIndexList found = match(index(0, 0), SeriesRole, QVariant::fromValue(series), 1,
                                        Qt::MatchExactly | Qt::MatchRecursive);
    if (!found.isEmpty())
        itemFromIndex(found.first())->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

void MetricSeriesModel::setCheckedSeries(const QList<MetricSeries> &series)
{
    const QList<MetricSeries> before = checkedSeries();
    m_rebuilding = true;
    checkOnly(invisibleRootItem(), series);
    m_rebuilding = false;
    if (checkedSeries() != before)
        Q_EMIT checkedChanged();
}

} // namespace porthole
