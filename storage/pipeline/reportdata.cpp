#include "reportdata.h"

#include "errorsignature.h"
#include "fallbacktable.h"
#include "portmessagerepository.h"
#include "sqlsupport.h"

#include <QHash>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int chartPoints = 180;    // buckets a chart spans: lines a reader can follow
constexpr int examplesPerGroup = 3; // dead letters shown for each group
constexpr int errorsRead = 200000;  // dead letters of the range grouped, at most
constexpr int actionsShown = 200;   // audit entries listed, at most
constexpr int busiestMetrics = 3;   // component metrics charted
constexpr int portsCharted = 6;     // ports in the throughput chart, at most
constexpr auto staleAfter = std::chrono::minutes(5);

Result<qint64> scalar(const QSqlDatabase &db, const QString &sql, const QVariantList &params,
                      const QString &what)
{
    auto query = execQuery(db, sql, params, what);
    if (!query)
        return query.error();
    return query->next() ? query->value(0).toLongLong() : 0;
}

// Buckets of a round width (a whole number of minutes, so that the rollups serve them) that
// split the range into about chartPoints.
qint64 bucketFor(const QDateTime &from, const QDateTime &to)
{
    static const qint64 widths[] = {60,    300,   600,   900,   1800,  3600,  7200,
                                    10800, 14400, 21600, 43200, 86400, 604800};
    const qint64 wanted = from.secsTo(to) / chartPoints;
    for (const qint64 width : widths)
        if (width >= wanted)
            return width;
    return std::max<qint64>(604800, wanted / 86400 * 86400);
}

// A counter's buckets as how much it rose in each: the bucket's highest value less the one
// before it. A fall (the counter started again) counts from zero.
QList<MetricPoint> counterIncreases(const QList<MetricPoint> &buckets)
{
    QList<MetricPoint> increases;
    for (qsizetype i = 1; i < buckets.size(); ++i) {
        MetricPoint p = buckets.at(i);
        const double rise = p.max - buckets.at(i - 1).max;
        p.avg = p.min = p.max = rise >= 0 ? rise : p.max;
        increases.append(p);
    }
    return increases;
}

Status readSummary(const QSqlDatabase &db, ReportData &data)
{
    const SqlEngine engine = engineOf(db);
    const QVariant from = timestampParam(data.request.from, engine);
    const QVariant to = timestampParam(data.request.to, engine);
    auto received =
        scalar(db, u"SELECT count(*) FROM messages WHERE timestamp >= ? AND timestamp < ?"_s,
               {from, to}, u"Counting the messages received"_s);
    if (!received)
        return received.error();
    data.messagesReceived = *received;

    PortMessageFilter created;
    created.from = data.request.from;
    created.to = data.request.to;
    const PortMessageRepository ports(db);
    const WhereClause inRange = ports.where(created);
    auto byStatus = execQuery(
        db,
        u"SELECT status, count(*) FROM port_messages%1 GROUP BY status ORDER BY status"_s.arg(
            inRange.sql),
        inRange.params, u"Counting port messages"_s);
    if (!byStatus)
        return byStatus.error();
    while (byStatus->next()) {
        data.portMessagesByStatus.append(
            {byStatus->value(0).toString(), byStatus->value(1).toLongLong()});
        data.portMessagesCreated += byStatus->value(1).toLongLong();
    }

    PortMessageFilter deadLetters = created;
    deadLetters.deadLettersOnly = true;
    auto count = ports.count(deadLetters, std::numeric_limits<qint64>::max() / 2);
    if (!count)
        return count.error();
    data.deadLettersCreated = count->value;
    PortMessageFilter openNow;
    openNow.deadLettersOnly = true;
    auto open = ports.count(openNow, std::numeric_limits<qint64>::max() / 2);
    if (!open)
        return open.error();
    data.deadLettersOpen = open->value;
    auto replayed = scalar(db,
                           u"SELECT count(DISTINCT message_id) FROM port_message_history "
                           "WHERE change = 'replay' AND changed_at >= ? AND changed_at < ?"_s,
                           {from, to}, u"Counting replays"_s);
    if (!replayed)
        return replayed.error();
    data.deadLettersReplayed = *replayed;

    auto components = HealthRepository(db).latest(
        data.request.to < data.generatedAt ? data.request.to : data.generatedAt, staleAfter);
    if (!components)
        return components.error();
    data.components = *components;

    auto checkpoints = execQuery(db,
                                 u"SELECT component_name, max(created_at), count(*) FROM "
                                 "checkpoints GROUP BY component_name ORDER BY component_name"_s,
                                 {}, u"Reading checkpoints"_s);
    if (!checkpoints)
        return checkpoints.error();
    while (checkpoints->next())
        data.checkpoints.append({checkpoints->value(0).toString(),
                                 timestampValue(checkpoints->value(1)),
                                 checkpoints->value(2).toLongLong()});
    return success();
}

// The pipeline map at the range's end (its figures a minute and an hour before it; the
// queues now, as a port message's status is kept only as it is now).
Status readMap(const QSqlDatabase &db, ReportData &data)
{
    if (!hasTable(db, u"port_messages"_s))
        return success();
    auto map = readPipelineMap(
        db, data.request.to < data.generatedAt ? data.request.to : data.generatedAt, staleAfter);
    if (!map)
        return map.error();
    data.map = std::move(map).value();
    return success();
}

Status readErrorGroups(const QSqlDatabase &db, ReportData &data)
{
    PortMessageFilter filter;
    filter.deadLettersOnly = true;
    filter.from = data.request.from;
    filter.to = data.request.to;
    const PortMessageRepository ports(db);
    auto errors = ports.errors(filter, errorsRead);
    if (!errors)
        return errors.error();
    QHash<QString, QString> signatureOf; // messages repeat: each distinct one is normalised once
    QHash<QString, qsizetype> groupAt;
    for (const PortMessageError &error : std::as_const(*errors)) {
        auto known = signatureOf.constFind(error.message);
        if (known == signatureOf.cend())
            known = signatureOf.insert(error.message, errorSignature(error.message));
        auto at = groupAt.constFind(*known);
        if (at == groupAt.cend()) {
            at = groupAt.insert(*known, data.errorGroups.size());
            data.errorGroups.append({*known, 0, error.createdAt, error.createdAt, {}});
        }
        ReportErrorGroup &group = data.errorGroups[*at];
        ++group.count;
        group.firstSeen = std::min(group.firstSeen, error.createdAt);
        group.lastSeen = std::max(group.lastSeen, error.createdAt);
    }
    std::stable_sort(
        data.errorGroups.begin(), data.errorGroups.end(),
        [](const ReportErrorGroup &a, const ReportErrorGroup &b) { return a.count > b.count; });
    for (ReportErrorGroup &group : data.errorGroups) {
        PortMessageFilter narrowed = filter;
        narrowed.errorLike = errorLikePattern(group.signature);
        const PageRequest newest{PageRequest::From::Start, {}, 50, u"created_at"_s, true};
        auto page = ports.page(narrowed, newest);
        if (!page)
            return page.error();
        for (const PortMessage &m : std::as_const(page->rows)) {
            if (group.examples.size() >= examplesPerGroup)
                break;
            if (errorSignature(m.errorMessage) == group.signature)
                group.examples.append({m.id, m.portName, m.createdAt, m.errorMessage});
        }
    }
    return success();
}

// Reads charts over the report's range, every series in buckets of one width.
struct ChartReader
{
    const MetricsRepository &metrics;
    ReportData &data;
    qint64 bucket = 0;

    // Reads the points of c's series (and with a comparison, the same read for the range
    // moved back, its times moved forward) and appends it to the report's charts.
    Status chart(ReportChartData c) const
    {
        c.bucketSeconds = bucket;
        const qint64 shift = data.request.compareSeconds;
        for (const MetricSeries &series : std::as_const(c.series)) {
            auto points =
                metrics.points({series, data.request.from, data.request.to, bucket, 100000});
            if (!points)
                return points.error();
            c.points.append(*points);
            if (shift <= 0)
                continue;
            auto shifted = metrics.points({series, data.request.from.addSecs(-shift),
                                           data.request.to.addSecs(-shift), bucket, 100000});
            if (!shifted)
                return shifted.error();
            for (MetricPoint &point : shifted->points)
                point.start = point.start.addSecs(shift);
            c.shiftedPoints.append(*shifted);
        }
        data.charts.append(c);
        return success();
    }
};

// Porthole's own ingest: what it stored, and its busiest minute.
Status readIngestChart(const ChartReader &charts)
{
    ReportData &data = charts.data;
    const MetricSeries ingest = MetricsRepository::ingestRate();
    auto minutes = charts.metrics.points({ingest, data.request.from, data.request.to, 60, 1000000});
    if (!minutes)
        return minutes.error();
    for (const MetricPoint &p : std::as_const(minutes->points)) {
        data.deliveriesStored += p.count;
        data.peakPerMinute = std::max(data.peakPerMinute, p.avg);
    }
    return charts.chart({u"Ingest rate"_s,
                         u"Messages Porthole's ingest worker stored, per minute (the average "
                         "of each bucket)."_s,
                         {ingest},
                         {u"Stored by Porthole"_s},
                         {u"msg/min"_s},
                         {},
                         0,
                         {}});
}

// Port throughput: messages sent on each port (the busiest few).
Status readThroughputChart(const ChartReader &charts)
{
    auto portSeries = charts.metrics.listSeries(MetricSource::Port);
    if (!portSeries)
        return portSeries.error();
    ReportChartData throughput{u"Port throughput"_s,
                               u"Messages sent on each port per bucket: how much each port's "
                               "messages_sent counter (port_metrics) rose in it."_s,
                               {},
                               {},
                               {},
                               {},
                               0,
                               {}};
    for (const MetricSeries &s : std::as_const(*portSeries)) {
        if (s.name == u"messages_sent"_s && throughput.series.size() < portsCharted) {
            throughput.series.append(s);
            throughput.labels.append(s.owner);
            throughput.units.append(QString());
        }
    }
    if (!throughput.series.isEmpty()) {
        if (Status made = charts.chart(throughput); !made)
            return made;
        for (SeriesPoints &points : charts.data.charts.last().points)
            points.points = counterIncreases(points.points);
        for (SeriesPoints &points : charts.data.charts.last().shiftedPoints)
            points.points = counterIncreases(points.points);
    }
    return success();
}

// The busiest component metrics: most values in the range.
Status readBusiestMetricCharts(const QSqlDatabase &db, const ChartReader &charts)
{
    const QDateTime &from = charts.data.request.from;
    const QDateTime &to = charts.data.request.to;
    const SqlEngine engine = engineOf(db);
    auto busiest =
        execQuery(db,
                  u"SELECT component_name, metric_name, count(*) AS n FROM component_metrics "
                  "WHERE timestamp >= ? AND timestamp < ? GROUP BY component_name, metric_name "
                  "ORDER BY n DESC, component_name, metric_name LIMIT %1"_s.arg(busiestMetrics),
                  {timestampParam(from, engine), timestampParam(to, engine)},
                  u"Finding the busiest metrics"_s);
    if (!busiest)
        return busiest.error();
    QList<MetricSeries> top;
    while (busiest->next())
        top.append(
            {MetricSource::Component, busiest->value(0).toString(), busiest->value(1).toString()});
    busiest->finish();
    for (const MetricSeries &s : std::as_const(top)) {
        auto unit = charts.metrics.unitOf(s);
        if (!unit)
            return unit.error();
        if (Status made = charts.chart({u"%1: %2"_s.arg(s.owner, s.name),
                                        u"One of the busiest component metrics in the range (the "
                                        "average of each bucket, with its minimum and maximum)."_s,
                                        {s},
                                        {s.name},
                                        {*unit},
                                        {},
                                        0,
                                        {}});
            !made)
            return made;
    }
    return success();
}

Status readCharts(const QSqlDatabase &db, ReportData &data)
{
    const MetricsRepository metrics(db);
    const ChartReader charts{metrics, data, bucketFor(data.request.from, data.request.to)};
    if (Status ingest = readIngestChart(charts); !ingest)
        return ingest;
    if (Status throughput = readThroughputChart(charts); !throughput)
        return throughput;
    return readBusiestMetricCharts(db, charts);
}

// With --compare-to: the dead letters' signatures of the range beside the range before.
Status readDeadLetterComparison(const QSqlDatabase &db, ReportData &data)
{
    if (data.request.compareSeconds <= 0)
        return success();
    auto compared = compareDeadLetters(
        db, {data.request.from, data.request.to, data.request.compareSeconds, 100000});
    if (!compared)
        return compared.error();
    data.deadLetterComparison = *compared;
    return success();
}

Status readActions(const QSqlDatabase &db, ReportData &data)
{
    const AuditLog log(db);
    const AuditFilter filter{{}, data.request.from, data.request.to};
    auto total = log.count(filter, std::numeric_limits<qint64>::max() / 2);
    if (!total)
        return total.error();
    data.actionsTotal = total->value;
    auto page =
        log.page(filter, PageRequest{PageRequest::From::Start, {}, actionsShown, {}, false});
    if (!page)
        return page.error();
    data.actions = page->rows;
    return success();
}

Status readAlerts(const QSqlDatabase &db, ReportData &data)
{
    data.alertHistoryKept = hasTable(db, u"alert_history"_s);
    if (!data.alertHistoryKept)
        return success();
    const AlertHistory history(db);
    const AlertHistoryFilter filter{.ruleId = {}, .from = data.request.from, .to = data.request.to};
    auto total = history.count(filter, std::numeric_limits<qint64>::max() / 2);
    if (!total)
        return total.error();
    data.alertsTotal = total->value;
    auto page =
        history.page(filter, PageRequest{PageRequest::From::Start, {}, actionsShown, {}, false});
    if (!page)
        return page.error();
    data.alerts = page->rows;
    return success();
}

Status readChanges(const QSqlDatabase &db, ReportData &data)
{
    TimelineFilter filter;
    filter.from = data.request.from;
    filter.to = data.request.to;
    for (int kind = 0; kind < changeKindCount; ++kind)
        if (ChangeKind(kind) != ChangeKind::Checkpoint && ChangeKind(kind) != ChangeKind::State)
            filter.kinds << ChangeKind(kind);
    const TimelineReader reader(db);
    auto all = reader.readAll(filter, data.generatedAt, ReportData::changesShown);
    if (!all)
        return all.error();
    data.changes = all->changes;
    data.changesCapped = all->capped;
    filter.kinds = {ChangeKind::Checkpoint, ChangeKind::State};
    auto versions = reader.readAll(filter, data.generatedAt, 2 * ReportData::versionsCounted);
    if (!versions)
        return versions.error();
    for (const Change &change : std::as_const(versions->changes))
        ++(change.kind == ChangeKind::Checkpoint ? data.checkpointVersions : data.stateVersions);
    return success();
}

// The ledger never fails the report: what it cannot read, the report says.
Status readLedgerOf(const QSqlDatabase &db, ReportData &data)
{
    const LedgerGrain grain = data.request.from.secsTo(data.request.to) > 2 * 86400
                                  ? LedgerGrain::Day
                                  : LedgerGrain::Hour;
    auto ledger = readLedger(db, {data.request.from, data.request.to, grain, {}, {}});
    if (ledger)
        data.ledger = *ledger;
    else
        data.ledgerProblem = ledger.errorMessage();
    return success();
}

} // namespace

Result<ReportData> gatherReport(const QSqlDatabase &db, const ReportRequest &request)
{
    if (!request.from.isValid() || !request.to.isValid() || request.from >= request.to)
        return StorageError::invalidArgument(
            u"A report needs a time range whose start is before its end (from %1 to %2)."_s.arg(
                request.from.toString(Qt::ISODate), request.to.toString(Qt::ISODate)));
    ReportData data;
    data.request = request;
    data.generatedAt = QDateTime::currentDateTimeUtc();
    // A report only reads: so does its look at the database (a SQLite file's journal mode stays
    // as it is).
    data.sources.append(probeDatabase(request.database, readOnlySettings()));
    if (!request.batchDirectory.isEmpty())
        data.sources.append(probeBatchStore(request.batchDirectory));
    if (request.redis)
        data.sources.append(probeRedis(*request.redis));

    for (const auto &read :
         {readSummary, readChanges, readMap, readErrorGroups, readDeadLetterComparison, readCharts,
          readAlerts, readActions, readLedgerOf})
        if (Status done = read(db, data); !done)
            return done.error();

    if (!request.batchDirectory.isEmpty()) {
        auto integrity = checkBatchStore(request.batchDirectory, 20);
        if (integrity)
            data.integrity = *integrity;
        else
            data.integrityProblem = integrity.errorMessage();
    }
    return data;
}

} // namespace porthole
