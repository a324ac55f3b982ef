#include "sensoreventmodels.h"

#include <QFont>

#include <functional>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// One listing of the repository, by functions bound to its filter; runs on the loader's thread
// with its connection.
class SensorQuery final : public PagedQuery
{
public:
    using PageFn =
        std::function<Result<PagedRows>(const SensorEventsRepository &, const PageRequest &)>;
    using RangeFn =
        std::function<Result<PagedRows>(const SensorEventsRepository &, const KeyRange &, int)>;
    using CountFn = std::function<Result<RowCount>(const SensorEventsRepository &, qint64)>;

    SensorQuery(PageFn page, RangeFn range, CountFn count)
        : m_page(std::move(page))
        , m_range(std::move(range))
        , m_count(std::move(count))
    {}

    Result<PagedRows> page(const QSqlDatabase &db, PageRequest::From from, const PageKey &key,
                           int limit) const override
    {
        PageRequest request;
        request.from = from;
        request.key = key;
        request.limit = limit;
        return m_page(SensorEventsRepository(db), request);
    }

    Result<PagedRows> range(const QSqlDatabase &db, const PageKey &first, bool firstIncluded,
                            const PageKey &last, int limit) const override
    {
        return m_range(SensorEventsRepository(db), KeyRange{first, firstIncluded, last}, limit);
    }

    Result<RowCount> count(const QSqlDatabase &db, qint64 exactUpTo) const override
    {
        return m_count(SensorEventsRepository(db), exactUpTo);
    }

private:
    const PageFn m_page;
    const RangeFn m_range;
    const CountFn m_count;
};

template <typename T>
Result<PagedRows> toRows(const Result<Page<T>> &page)
{
    if (!page)
        return page.error();
    PagedRows out;
    out.atStart = page->atStart;
    out.atEnd = page->atEnd;
    out.rows.reserve(page->rows.size());
    for (const T &row : page->rows)
        out.rows.append({SensorEventsRepository::keyOf(row), QVariant::fromValue(row)});
    return out;
}

QStringList consumerTables()
{
    return {u"metrics"_s, u"processed_events"_s};
}

QString localTime(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s) : QString();
}

QString utcTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s) : QString();
}

QVariant rightAligned()
{
    return int(Qt::AlignRight | Qt::AlignVCenter);
}

QVariant boldFont()
{
    QFont font;
    font.setBold(true);
    return font;
}

} // namespace

bool sameSensorEventFilter(const SensorEventFilter &a, const SensorEventFilter &b)
{
    return a.sensorId == b.sensorId && a.eventIdContains == b.eventIdContains &&
           a.findingsOnly == b.findingsOnly && a.from == b.from && a.to == b.to;
}

// --- SensorListModel ---

SensorListModel::SensorListModel(ConnectionFactory factory, QObject *parent)
    : SensorListModel(std::move(factory), Options{}, parent)
{}

SensorListModel::SensorListModel(ConnectionFactory factory, Options options, QObject *parent)
    : PagedTableModel(std::move(factory), options, parent)
{
    qRegisterMetaType<porthole::SensorSummary>();
    setInitialSort(SensorColumn, Qt::AscendingOrder);
    restart();
}

int SensorListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QStringList SensorListModel::watchedTables() const
{
    return consumerTables();
}

void SensorListModel::restart()
{
    setQuery(std::make_shared<SensorQuery>(
        [](const SensorEventsRepository &r, const PageRequest &request) {
            return toRows(r.sensors(request));
        },
        [](const SensorEventsRepository &r, const KeyRange &range, int limit) {
            return toRows(r.sensorsInRange(range, limit));
        },
        [](const SensorEventsRepository &r, qint64) { return r.sensorCount(); }));
}

QVariant SensorListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return PagedTableModel::headerData(section, orientation, role);
    switch (section) {
    case SensorColumn:
        return tr("Sensor");
    case EventsColumn:
        //: A column: how many processed_events rows a sensor has
        return tr("Events");
    case MetricsColumn:
        //: A column: how many metrics rows a sensor has
        return tr("Metrics");
    default:
        return {};
    }
}

QString SensorListModel::countText(qint64 count, bool capped)
{
    //: A count that stopped at its cap: more rows than this
    return capped ? tr("%1+").arg(QLocale().toString(count)) : QLocale().toString(count);
}

QVariant SensorListModel::rowData(const QVariant &row, int column, int role) const
{
    if (row.metaType() != QMetaType::fromType<SensorSummary>())
        return {};
    const SensorSummary &s = *static_cast<const SensorSummary *>(row.constData());
    switch (role) {
    case SensorIdRole:
        return s.sensorId;
    case Qt::DisplayRole:
        switch (column) {
        case SensorColumn:
            return s.sensorId;
        case EventsColumn:
            return countText(s.events, s.eventsCapped);
        case MetricsColumn:
            return countText(s.metrics, s.metricsCapped);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (column != EventsColumn && column != MetricsColumn)
            return {};
        if (s.eventsCapped || s.metricsCapped)
            return tr("%1 processed events, %2 metrics: counted up to %3 each; choose the "
                      "sensor to see its counts")
                .arg(countText(s.events, s.eventsCapped), countText(s.metrics, s.metricsCapped),
                     QLocale().toString(SensorSummary::countCap));
        return s.events == s.metrics
                   ? QVariant()
                   : QVariant(tr("%1 processed events, %2 metrics: they differ by %3")
                                  .arg(QLocale().toString(s.events), QLocale().toString(s.metrics),
                                       QLocale().toString(qAbs(s.events - s.metrics))));
    case Qt::FontRole:
        return column != SensorColumn && s.countsDiffer() ? boldFont() : QVariant();
    case Qt::TextAlignmentRole:
        return column == SensorColumn ? QVariant() : rightAligned();
    default:
        return {};
    }
}

// --- ProcessedEventModel ---

ProcessedEventModel::ProcessedEventModel(ConnectionFactory factory, QObject *parent)
    : ProcessedEventModel(std::move(factory), Options{}, parent)
{}

ProcessedEventModel::ProcessedEventModel(ConnectionFactory factory, Options options,
                                         QObject *parent)
    : PagedTableModel(std::move(factory), options, parent)
{
    qRegisterMetaType<porthole::ProcessedEventRow>();
    setInitialSort(ProcessedColumn, Qt::AscendingOrder);
    restart();
}

int ProcessedEventModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QStringList ProcessedEventModel::watchedTables() const
{
    return consumerTables();
}

void ProcessedEventModel::setFilter(const SensorEventFilter &filter)
{
    if (sameSensorEventFilter(filter, m_filter))
        return;
    m_filter = filter;
    restart();
}

void ProcessedEventModel::restart()
{
    const SensorEventFilter filter = m_filter;
    setQuery(std::make_shared<SensorQuery>(
        [filter](const SensorEventsRepository &r, const PageRequest &request) {
            return toRows(r.events(filter, request));
        },
        [filter](const SensorEventsRepository &r, const KeyRange &range, int limit) {
            return toRows(r.eventsInRange(filter, range, limit));
        },
        [filter](const SensorEventsRepository &r, qint64 exactUpTo) {
            return r.eventCount(filter, exactUpTo);
        }));
}

QVariant ProcessedEventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return PagedTableModel::headerData(section, orientation, role);
    switch (section) {
    case ProcessedColumn:
        return tr("Processed");
    case SensorColumn:
        return tr("Sensor");
    case EventIdColumn:
        return tr("Event id");
    case PartitionColumn:
        //: A column: the Kafka partition that delivered the event
        return tr("Partition");
    case OffsetColumn:
        //: A column: the Kafka offset of the event in its partition
        return tr("Offset");
    case FindingColumn:
        return tr("Finding");
    default:
        return {};
    }
}

QVariant ProcessedEventModel::rowData(const QVariant &row, int column, int role) const
{
    if (row.metaType() != QMetaType::fromType<ProcessedEventRow>())
        return {};
    const ProcessedEventRow &e = *static_cast<const ProcessedEventRow *>(row.constData());
    switch (role) {
    case EventRole:
        return row;
    case HasFindingRole:
        return !e.hasMetric;
    case Qt::DisplayRole:
        switch (column) {
        case ProcessedColumn:
            return localTime(e.processedAt);
        case SensorColumn:
            return e.sensorId;
        case EventIdColumn:
            return e.eventId;
        case PartitionColumn:
            return e.kafkaPartition.isNull() ? QString() : e.kafkaPartition.toString();
        case OffsetColumn:
            return e.kafkaOffset.isNull() ? QString() : e.kafkaOffset.toString();
        case FindingColumn:
            return e.hasMetric ? QString() : tr("No metric");
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (column == EventIdColumn)
            return e.eventId; // whole, when a narrow screen cuts it
        if (column == ProcessedColumn)
            return tr("UTC: %1").arg(utcTime(e.processedAt));
        if (column == FindingColumn && !e.hasMetric)
            return tr("The event was recorded as processed, but metrics has no row with its "
                      "event id: its reading was lost or is still being written.");
        return {};
    case Qt::FontRole:
        return column == FindingColumn && !e.hasMetric ? boldFont() : QVariant();
    case Qt::TextAlignmentRole:
        return column == PartitionColumn || column == OffsetColumn ? rightAligned() : QVariant();
    default:
        return {};
    }
}

// --- SensorMetricModel ---

SensorMetricModel::SensorMetricModel(ConnectionFactory factory, QObject *parent)
    : SensorMetricModel(std::move(factory), Options{}, parent)
{}

SensorMetricModel::SensorMetricModel(ConnectionFactory factory, Options options, QObject *parent)
    : PagedTableModel(std::move(factory), options, parent)
{
    qRegisterMetaType<porthole::SensorMetricRow>();
    setInitialSort(IdColumn, Qt::AscendingOrder);
    restart();
}

int SensorMetricModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QStringList SensorMetricModel::watchedTables() const
{
    return consumerTables();
}

void SensorMetricModel::setFilter(const SensorEventFilter &filter)
{
    if (sameSensorEventFilter(filter, m_filter))
        return;
    m_filter = filter;
    restart();
}

void SensorMetricModel::restart()
{
    const SensorEventFilter filter = m_filter;
    setQuery(std::make_shared<SensorQuery>(
        [filter](const SensorEventsRepository &r, const PageRequest &request) {
            return toRows(r.metrics(filter, request));
        },
        [filter](const SensorEventsRepository &r, const KeyRange &range, int limit) {
            return toRows(r.metricsInRange(filter, range, limit));
        },
        [filter](const SensorEventsRepository &r, qint64 exactUpTo) {
            return r.metricCount(filter, exactUpTo);
        }));
}

QString SensorMetricModel::findingText(const SensorMetricRow &row)
{
    QStringList findings;
    if (!row.hasEvent)
        findings << tr("No processed event");
    if (row.copies > 1)
        findings << tr("Event id stored %1 times").arg(row.copies);
    if (row.goesBackwards)
        findings << tr("Timestamp before the previous one");
    return findings.join(u"; "_s);
}

QVariant SensorMetricModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return PagedTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole && section == IdColumn)
        return tr("The row's id: the order in which the readings were stored");
    if (role != Qt::DisplayRole)
        return PagedTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("Id");
    case SensorColumn:
        return tr("Sensor");
    case TimestampColumn:
        return tr("Timestamp");
    case EventIdColumn:
        return tr("Event id");
    case ValueColumn:
        return tr("Value");
    case ProcessedColumn:
        return tr("Processed");
    case FindingColumn:
        return tr("Finding");
    default:
        return {};
    }
}

QVariant SensorMetricModel::rowData(const QVariant &row, int column, int role) const
{
    if (row.metaType() != QMetaType::fromType<SensorMetricRow>())
        return {};
    const SensorMetricRow &m = *static_cast<const SensorMetricRow *>(row.constData());
    switch (role) {
    case MetricRole:
        return row;
    case HasFindingRole:
        return m.hasFinding();
    case Qt::DisplayRole:
        switch (column) {
        case IdColumn:
            return QString::number(m.id);
        case SensorColumn:
            return m.sensorId;
        case TimestampColumn:
            return localTime(m.timestamp);
        case EventIdColumn:
            return m.eventId;
        case ValueColumn:
            return QLocale().toString(m.value, 'g', 12);
        case ProcessedColumn:
            return localTime(m.processedAt);
        case FindingColumn:
            return findingText(m);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (column) {
        case TimestampColumn:
            return m.goesBackwards ? tr("UTC: %1, before the sensor's previous reading (%2)")
                                         .arg(utcTime(m.timestamp), utcTime(m.previousTimestamp))
                                   : tr("UTC: %1").arg(utcTime(m.timestamp));
        case EventIdColumn:
            return m.eventId; // whole, when a narrow screen cuts it
        case ProcessedColumn:
            return m.hasEvent ? tr("UTC: %1").arg(utcTime(m.processedAt))
                              : tr("processed_events has no row with this event id");
        case FindingColumn:
            return m.hasFinding() ? QVariant(findingText(m)) : QVariant();
        default:
            return {};
        }
    case Qt::FontRole:
        return (column == FindingColumn && m.hasFinding()) ||
                       (column == TimestampColumn && m.goesBackwards)
                   ? boldFont()
                   : QVariant();
    case Qt::TextAlignmentRole:
        return column == IdColumn || column == ValueColumn ? rightAligned() : QVariant();
    default:
        return {};
    }
}

} // namespace porthole
