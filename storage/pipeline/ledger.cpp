#include "ledger.h"

#include "backloghistory.h"
#include "batchintegrity.h"
#include "ledgercounts.h"
#include "sqlsupport.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The samples of a range read at most: a week of 15-s slots is 40,320.
constexpr int sampleLimit = 1000000;

qint64 periodMs(LedgerGrain grain)
{
    return grain == LedgerGrain::Day ? 86400000 : 3600000;
}

// The hour or day `time` falls in, floored as the samplers floor their slots.
QDateTime floored(const QDateTime &time, LedgerGrain grain)
{
    return backlogSlot(time, std::chrono::seconds(periodMs(grain) / 1000));
}

// The consumer group a receiver of `key` names in its latest heartbeat; empty when none says.
QString groupOfHeartbeats(const QSqlDatabase &db, const QString &key)
{
    const QString component = u"receiver:"_s + key;
    auto query = execQuery(db,
                           u"SELECT health_details FROM system_health WHERE component_name = ? "
                           "OR (component_name >= ? AND component_name < ?) "
                           "ORDER BY last_heartbeat DESC LIMIT 1"_s,
                           {component, QString(component + u'/'), QString(component + u'0')},
                           u"Reading the heartbeat of the receiver of %1"_s.arg(key));
    if (!query || !query->next())
        return {};
    return QJsonDocument::fromJson(query->value(0).toString().toUtf8())
        .object()
        .value(u"group"_s)
        .toString();
}

// The first column of `sql`'s rows: names of backlogs sampled, each a range of backlog_samples'
// unique key (kind, source, group_name, slot), whatever else was sampled beside them.
Result<QStringList> sampledNames(const QSqlDatabase &db, const QString &sql,
                                 const QVariantList &params)
{
    auto query = execQuery(db, sql, params, u"Reading the backlogs sampled"_s);
    if (!query)
        return query.error();
    QStringList names;
    while (query->next())
        names.append(query->value(0).toString());
    return names;
}

Result<LedgerSubject> subjectOf(const QSqlDatabase &db, const LedgerRequest &request,
                                const QDateTime &from, const QDateTime &to)
{
    const SqlEngine engine = engineOf(db);
    const QVariant a = timestampParam(from, engine);
    const QVariant b = timestampParam(to, engine);
    LedgerSubject subject{request.key, request.group, false};
    if (subject.key.isEmpty()) {
        // The receiver sampled last in the range.
        auto receivers = sampledNames(db,
                                      u"SELECT source FROM backlog_samples WHERE kind = 'receiver' "
                                      "AND slot >= ? AND slot < ? ORDER BY slot DESC LIMIT 1"_s,
                                      {a, b});
        if (!receivers)
            return receivers.error();
        if (receivers->isEmpty())
            return StorageError{
                StorageError::Kind::NotFound,
                u"No receiver was sampled between %1 and %2: the backlog history is sampled "
                "while the window or a worker runs (porthole ingest). Name the "
                "stream with --key, or choose a range it was sampled in."_s.arg(
                    from.toString(Qt::ISODate), to.toString(Qt::ISODate))};
        subject.key = receivers->constFirst();
    }
    auto lists = sampledNames(db,
                              u"SELECT source FROM backlog_samples WHERE kind = 'list' AND "
                              "source = ? AND group_name = '' AND slot >= ? AND slot < ? "
                              "LIMIT 1"_s,
                              {subject.key, a, b});
    if (!lists)
        return lists.error();
    subject.list = !lists->isEmpty();
    if (subject.list || !subject.group.isEmpty())
        return subject;
    auto groups = sampledNames(db,
                               u"SELECT DISTINCT group_name FROM backlog_samples WHERE kind = "
                               "'group' AND source = ? AND slot >= ? AND slot < ?"_s,
                               {subject.key, a, b});
    if (!groups)
        return groups.error();
    subject.group = groups->size() == 1 ? groups->constFirst() : groupOfHeartbeats(db, subject.key);
    if (subject.group.isEmpty())
        return StorageError::invalidArgument(
            u"The stream %1 has %2 consumer groups sampled and its receiver's heartbeats name "
            "none: name the receiver's with --group."_s.arg(subject.key)
                .arg(groups->size()));
    return subject;
}

// The backlog a sample shows: lag + pending of a group, length + processing of a list.
qint64 backlogOf(const BacklogSample &sample)
{
    if (sample.key.kind == BacklogKind::List)
        return sample.length.value_or(0) + sample.processing.value_or(0);
    return sample.lag.value_or(0) + sample.pending.value_or(0);
}

// The samples' figures at the period's opening and close.
void takeSamples(const QList<BacklogSample> &samples, LedgerPeriod *period, bool list)
{
    const auto first = std::lower_bound(
        samples.cbegin(), samples.cend(), period->start,
        [](const BacklogSample &sample, const QDateTime &time) { return sample.slot < time; });
    if (first == samples.cend() || first->slot >= period->end)
        return; // not sampled
    auto last = std::lower_bound(
        first, samples.cend(), period->end,
        [](const BacklogSample &sample, const QDateTime &time) { return sample.slot < time; });
    if (last == samples.cend())
        --last; // none after: the last in the period
    period->openedAt = first->slot;
    period->closedAt = last->slot;
    period->backlogAtOpening = backlogOf(*first);
    period->backlogAtClose = backlogOf(*last);
    period->pendingAtOpening = list ? first->processing.value_or(0) : first->pending.value_or(0);
    period->pendingAtClose = list ? last->processing.value_or(0) : last->pending.value_or(0);
    // Redis does not know a group's lag after entries were deleted from the middle of its
    // stream: without it the backlog is not known, and the period is not judged.
    if (list || !first->entriesAdded || !last->entriesAdded || !first->lag || !last->lag)
        return;
    // A counter that falls was begun again: the difference of the bounds means nothing.
    for (auto before = first, after = first + 1; before != last; ++before, ++after) {
        if (before->entriesAdded && after->entriesAdded &&
            *after->entriesAdded < *before->entriesAdded) {
            period->resetAt = after->slot;
            return;
        }
    }
    period->added = *last->entriesAdded - *first->entriesAdded;
    period->delivered = *period->added - (*last->lag - *first->lag);
    period->acknowledged =
        *period->delivered - (last->pending.value_or(0) - first->pending.value_or(0));
}

// What the receiver's heartbeats add, each to the period it falls in.
Status addHeartbeats(const QSqlDatabase &db, const QString &key, QList<LedgerPeriod> *periods)
{
    const auto sampled = std::find_if(periods->cbegin(), periods->cend(),
                                      [](const LedgerPeriod &p) { return p.sampled(); });
    if (sampled == periods->cend())
        return success();
    const QDateTime from = sampled->openedAt;
    QDateTime to = from;
    for (const LedgerPeriod &period : std::as_const(*periods))
        if (period.sampled())
            to = std::max(to, period.closedAt);
    const SqlEngine engine = engineOf(db);
    const QString component = u"receiver:"_s + key;
    // An hour before the range too, for the heartbeat before each first one in it (a receiver
    // beats every 10 s by default).
    const QDateTime window = from.addSecs(-3600);
    auto query = execQuery(db,
                           u"SELECT component_name, last_heartbeat, health_details "
                           "FROM system_health WHERE (component_name = ? OR (component_name >= ? "
                           "AND component_name < ?)) AND last_heartbeat >= ? AND "
                           "last_heartbeat < ? ORDER BY component_name, last_heartbeat"_s,
                           {component, QString(component + u'/'), QString(component + u'0'),
                            timestampParam(window, engine), timestampParam(to, engine)},
                           u"Reading the heartbeats of the receiver of %1"_s.arg(key));
    if (!query)
        return query.error();
    QString lastComponent;
    QJsonObject before;
    while (query->next()) {
        const QString name = query->value(0).toString();
        const QDateTime at = timestampValue(query->value(1));
        const QJsonObject now =
            QJsonDocument::fromJson(query->value(2).toString().toUtf8()).object();
        const QString started = now.value(u"started_at"_s).toString();
        const bool first = name != lastComponent;
        // A component's first heartbeat read is what it had counted before, unless it started
        // within what was read; a heartbeat of a new start counts from 0.
        const bool baseline =
            first && QDateTime::fromString(started, Qt::ISODateWithMs).toUTC() < window;
        const bool sameStart = !first && started == before.value(u"started_at"_s).toString();
        const auto added = [&](const QString &figure) -> qint64 {
            const qint64 value = now.value(figure).toInteger();
            return baseline ? 0 : sameStart ? value - before.value(figure).toInteger() : value;
        };
        for (LedgerPeriod &period : *periods)
            if (period.sampled() && at >= period.openedAt && at < period.closedAt) {
                period.duplicates += added(u"duplicates"_s);
                period.lostAtSource += added(u"lost_at_source"_s);
            }
        lastComponent = name;
        before = now;
    }
    return success();
}

// The rows of each sampled period, and those stamped just after its slots.
Status addRows(const LedgerCounter &counter, std::chrono::seconds allowance,
               QList<LedgerPeriod> *periods)
{
    QHash<qint64, qint64> late; // by slot, in ms
    const auto lateAt = [&](const QDateTime &slot) -> Result<qint64> {
        if (const auto known = late.constFind(slot.toMSecsSinceEpoch()); known != late.cend())
            return *known;
        const QDateTime until = slot.addSecs(allowance.count());
        auto rows = counter.rows(slot, until);
        if (!rows)
            return rows.error();
        auto entries = counter.entriesAdded(slot, until);
        if (!entries)
            return entries.error();
        late.insert(slot.toMSecsSinceEpoch(), rows->rows() + *entries);
        return rows->rows() + *entries;
    };
    for (LedgerPeriod &period : *periods) {
        if (!period.sampled())
            continue;
        auto rows = counter.rows(period.openedAt, period.closedAt);
        if (!rows)
            return rows.error();
        period.deadLetters = rows->receiverDead + rows->movedDead;
        period.stored = rows->messages + rows->deliveries - rows->receiverDead;
        period.linesWritten = rows->lines;
        auto opening = lateAt(period.openedAt);
        if (!opening)
            return opening.error();
        auto closing = lateAt(period.closedAt);
        if (!closing)
            return closing.error();
        period.lateAtOpening = *opening;
        period.lateAtClose = *closing;
    }
    return success();
}

std::optional<qint64> sumOf(std::optional<qint64> a, std::optional<qint64> b, bool first)
{
    if (first)
        return b;
    return a && b ? std::optional<qint64>(*a + *b) : std::nullopt;
}

LedgerPeriod totalOf(const QList<LedgerPeriod> &periods, const QDateTime &from, const QDateTime &to)
{
    LedgerPeriod total;
    total.start = from;
    total.end = to;
    bool first = true;
    for (const LedgerPeriod &period : periods) {
        if (!period.sampled())
            continue;
        if (first) {
            total.openedAt = period.openedAt;
            total.backlogAtOpening = period.backlogAtOpening;
            total.pendingAtOpening = period.pendingAtOpening;
            total.lateAtOpening = period.lateAtOpening;
        }
        if (!total.resetAt.isValid())
            total.resetAt = period.resetAt;
        total.added = sumOf(total.added, period.added, first);
        total.delivered = sumOf(total.delivered, period.delivered, first);
        total.acknowledged = sumOf(total.acknowledged, period.acknowledged, first);
        total.closedAt = period.closedAt;
        total.backlogAtClose = period.backlogAtClose;
        total.pendingAtClose = period.pendingAtClose;
        total.lateAtClose = period.lateAtClose;
        total.stored += period.stored;
        total.linesWritten += period.linesWritten;
        total.deadLetters += period.deadLetters;
        total.duplicates += period.duplicates;
        total.lostAtSource += period.lostAtSource;
        first = false;
    }
    return total;
}

} // namespace

QString ledgerGrainName(LedgerGrain grain)
{
    return grain == LedgerGrain::Day ? u"day"_s : u"hour"_s;
}

std::optional<LedgerGrain> ledgerGrainNamed(const QString &name)
{
    for (const LedgerGrain grain : {LedgerGrain::Hour, LedgerGrain::Day})
        if (ledgerGrainName(grain) == name)
            return grain;
    return std::nullopt;
}

std::optional<qint64> LedgerPeriod::imbalance() const
{
    if (!sampled() || !added)
        return std::nullopt;
    return *added - (stored + deadLetters + (backlogAtClose - backlogAtOpening) + lostAtSource);
}

bool LedgerPeriod::unbalanced() const
{
    const auto off = imbalance();
    return off && (*off > allowedOver() || -*off > allowedUnder());
}

qsizetype Ledger::unbalancedCount() const
{
    return std::count_if(periods.cbegin(), periods.cend(),
                         [](const LedgerPeriod &period) { return period.unbalanced(); });
}

Result<LedgerBatchFiles> checkLedgerBatchFiles(const QString &directory)
{
    auto report = checkBatchStore(directory, 20);
    if (!report)
        return report.error();
    using Kind = BatchFinding::Kind;
    LedgerBatchFiles files;
    files.files = report->files;
    files.lines = report->messages;
    files.gaps = report->count(Kind::MissingBatch) + report->count(Kind::NumberGap);
    files.damaged = report->count(Kind::MalformedLine) + report->count(Kind::Unreadable) +
                    report->count(Kind::Oversized);
    return files;
}

Result<Ledger> readLedger(const QSqlDatabase &db, const LedgerRequest &request)
{
    if (!request.from.isValid() || !request.to.isValid() || request.to <= request.from)
        return StorageError::invalidArgument(u"The ledger needs a range whose end is after its "
                                             "start."_s);
    const qint64 width = periodMs(request.grain);
    const QDateTime from = floored(request.from, request.grain);
    const QDateTime to = floored(request.to.addMSecs(width - 1), request.grain);
    // The close of the last period is the first sample after it: one period more is read.
    const QDateTime readTo = to.addMSecs(width);
    IndexedReads indexed(db, engineOf(db));
    auto subject = subjectOf(db, request, from, readTo);
    if (!subject)
        return subject.error();
    Ledger ledger{subject->key,
                  subject->list ? QString() : subject->group,
                  subject->list,
                  request.grain,
                  {},
                  {}};
    const BacklogKey key{subject->list ? BacklogKind::List : BacklogKind::Group, subject->key,
                         subject->list ? QString() : subject->group};
    auto samples = BacklogHistory(db).series(key, from, readTo, sampleLimit);
    if (!samples)
        return samples.error();
    for (QDateTime start = from; start < to; start = start.addMSecs(width)) {
        LedgerPeriod period;
        period.start = start;
        period.end = start.addMSecs(width);
        takeSamples(*samples, &period, subject->list);
        ledger.periods.append(period);
    }
    // The periods before the first sampled one say nothing but that nothing was running yet:
    // the ledger begins with the first sampled one (unless none is).
    const auto firstSampled = std::find_if(ledger.periods.cbegin(), ledger.periods.cend(),
                                           [](const LedgerPeriod &p) { return p.sampled(); });
    if (firstSampled != ledger.periods.cend())
        ledger.periods.erase(ledger.periods.cbegin(), firstSampled);
    LedgerCounter counter(db, *subject);
    if (Status kept = counter.readKept(from, readTo); !kept)
        return kept.error();
    if (Status rows = addRows(counter, request.readAllowance, &ledger.periods); !rows)
        return rows.error();
    if (Status beats = addHeartbeats(db, subject->key, &ledger.periods); !beats)
        return beats.error();
    ledger.total = totalOf(ledger.periods, from, to);
    return ledger;
}

Result<int> keepLedgerCounts(const QSqlDatabase &db, const QDateTime &now, const QString &key,
                             int most)
{
    const QDateTime since = floored(now.addSecs(-keptLedgerDays * 86400), LedgerGrain::Hour);
    LedgerRequest request;
    request.key = key;
    auto subject = subjectOf(db, request, now.addSecs(-3600), now.addSecs(1));
    if (!subject) {
        // Nothing sampled, or a stream whose group is not known: no ledger to keep hours of.
        const StorageError::Kind kind = subject.error().kind;
        if (kind == StorageError::Kind::NotFound || kind == StorageError::Kind::InvalidArgument)
            return 0;
        return subject.error();
    }
    LedgerCounter counter(db, *subject);
    return counter.keepHours(since, now.addSecs(-ledgerKeptAfter.count()), most);
}

} // namespace porthole
