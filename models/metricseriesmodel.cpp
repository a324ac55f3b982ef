#include "metricseriesmodel.h"

#include <QHash>
#include <QSet>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QString sourceTitle(MetricSource source)
{
    switch (source) {
    case MetricSource::Component:
        return u"Components"_s;
    case MetricSource::Port:
        return u"Ports"_s;
    case MetricSource::Sensor:
        return u"Sensors"_s;
    case MetricSource::Check:
        return u"Checks"_s;
    case MetricSource::Ingest:
        return u"Porthole"_s;
    }
    return {};
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

} // namespace

QString seriesLabel(const MetricSeries &series)
{
    if (series.source == MetricSource::Ingest)
        return u"Ingest rate"_s;
    if (series.source == MetricSource::Check) {
        static const QHash<QString, QString> names{
            {u"ingestion_rate"_s, u"Ingestion rate"_s},
            {u"consumer_lag"_s, u"Consumer lag"_s},
            {u"duplicate_event_ids"_s, u"Duplicate event ids"_s},
            {u"backwards_timestamps"_s, u"Timestamps going backwards"_s}};
        return names.value(series.owner, series.owner);
    }
    return series.name.isEmpty() ? series.owner : series.owner + u" / "_s + series.name;
}

QString seriesUnit(const MetricSeries &series)
{
    if (series.source == MetricSource::Ingest)
        return u"per minute"_s;
    if (series.source == MetricSource::Check) {
        if (series.owner == u"ingestion_rate"_s)
            return u"per minute"_s;
        return series.owner == u"consumer_lag"_s ? u"s"_s : u"readings"_s;
    }
    if (series.source != MetricSource::Port)
        return {};
    if (series.name.startsWith(u"messages_"_s))
        return u"messages"_s;
    if (series.name.endsWith(u"_ms"_s))
        return u"ms"_s;
    if (series.name == u"buffer_utilization"_s)
        return u"ratio"_s;
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
        QString text = MetricsRepository::alwaysBucketed(one.source) ? seriesLabel(one) : one.owner;
        if (!one.name.isEmpty()) {
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
        leaf->setToolTip(seriesLabel(one));
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

} // namespace porthole
