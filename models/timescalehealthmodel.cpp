#include "timescalehealthmodel.h"

#include "componenthealthmodel.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QString timeText(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}

// The time alone on the day of `now`, else with its date.
QString compactTimeText(const QDateTime &time, const QDateTime &now)
{
    if (now.isValid() && time.toLocalTime().date() == now.toLocalTime().date())
        return QLocale().toString(time.toLocalTime().time(), QLocale::ShortFormat);
    return timeText(time);
}

// What a job does, in words where TimescaleDB's own policies are known: "refresh
// metrics_hourly", "compress metrics"; else its procedure, and what it works on.
QString jobName(const TimescaleJob &job)
{
    const QString proc = job.proc.section(u'.', -1);
    if (!job.hypertable.isEmpty()) {
        if (proc == u"policy_refresh_continuous_aggregate"_s)
            return TimescaleHealthModel::tr("refresh %1").arg(job.hypertable);
        if (proc == u"policy_compression"_s)
            return TimescaleHealthModel::tr("compress %1").arg(job.hypertable);
        if (proc == u"policy_retention"_s)
            return TimescaleHealthModel::tr("drop old chunks of %1").arg(job.hypertable);
        if (proc == u"policy_reorder"_s)
            return TimescaleHealthModel::tr("reorder %1").arg(job.hypertable);
        return TimescaleHealthModel::tr("%1 on %2").arg(proc, job.hypertable);
    }
    if (proc == u"policy_job_stat_history_retention"_s)
        return TimescaleHealthModel::tr("trim the jobs' history");
    return proc;
}

// An error as long as a row can show; whole in the tooltip.
constexpr qsizetype errorShown = 100;

QString everyText(const std::optional<double> &seconds)
{
    return seconds ? TimescaleHealthModel::tr("every %1")
                         .arg(ComponentHealthModel::ageText(qint64(*seconds)))
                   : TimescaleHealthModel::tr("not scheduled");
}

QString chunksText(qint64 chunks, qint64 compressed)
{
    //: %1 chunks, %2 of them compressed
    return chunks == 1 ? TimescaleHealthModel::tr("1 chunk (%1 compressed)")
                             .arg(QLocale().toString(compressed))
                       : TimescaleHealthModel::tr("%1 chunks (%2 compressed)")
                             .arg(QLocale().toString(chunks), QLocale().toString(compressed));
}

// A schema other than public is named: "archive.orders".
QString qualified(const QString &schema, const QString &name)
{
    return schema.isEmpty() || schema == u"public"_s ? name : schema + u'.' + name;
}

QString gapText(TimescaleGap gap, const QString &what)
{
    switch (gap) {
    case TimescaleGap::None:
        return {};
    case TimescaleGap::NotAvailable:
        //: %1 what could not be read: "hypertables", "jobs"
        return TimescaleHealthModel::tr("%1 not available in this TimescaleDB").arg(what);
    case TimescaleGap::Failed:
        return TimescaleHealthModel::tr("%1 could not be read").arg(what);
    }
    return {};
}

} // namespace

TimescaleHealthModel::TimescaleHealthModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void TimescaleHealthModel::setHealth(const std::optional<TimescaleHealth> &health,
                                     const QDateTime &readAt)
{
    beginResetModel();
    m_health = health;
    m_readAt = readAt;
    endResetModel();
}

QString TimescaleHealthModel::whenText(const QDateTime &time) const
{
    if (!m_readAt.isValid())
        return timeText(time);
    const qint64 seconds = time.secsTo(m_readAt);
    return seconds >= 0 ? tr("%1 ago").arg(ComponentHealthModel::ageText(seconds))
                        : tr("in %1").arg(ComponentHealthModel::ageText(-seconds));
}

QString TimescaleHealthModel::summaryText(const TimescaleHealth &health, const QDateTime &readAt)
{
    QStringList parts;
    if (health.hypertablesGap == TimescaleGap::None)
        parts << (health.hypertableCount == 1
                      ? tr("1 hypertable")
                      : tr("%1 hypertables").arg(QLocale().toString(health.hypertableCount))) +
                     u", "_s + chunksText(health.chunkCount, health.compressedChunkCount);
    else
        parts << gapText(health.hypertablesGap, tr("hypertables"));
    if (health.aggregatesGap == TimescaleGap::None) {
        QString aggregates =
            health.aggregateCount == 1
                ? tr("1 continuous aggregate")
                : tr("%1 continuous aggregates").arg(QLocale().toString(health.aggregateCount));
        if (const QDateTime to = health.materializedTo(); to.isValid())
            aggregates += u' ' + tr("materialized to %1").arg(compactTimeText(to, readAt));
        parts << aggregates;
    } else {
        parts << gapText(health.aggregatesGap, tr("continuous aggregates"));
    }
    if (health.jobsGap == TimescaleGap::None)
        //: %1 jobs, %2 of them failing
        parts << (health.jobCount == 1
                      ? tr("1 job, %1 failing").arg(QLocale().toString(health.failingJobCount))
                      : tr("%1 jobs, %2 failing")
                            .arg(QLocale().toString(health.jobCount),
                                 QLocale().toString(health.failingJobCount)));
    else
        parts << gapText(health.jobsGap, tr("jobs"));
    //: %1 the extension's version, %2 what it holds
    return tr("TimescaleDB %1: %2").arg(health.version, parts.join(u", "_s));
}

TimescaleHealthModel::RowKind TimescaleHealthModel::rowKind(int row) const
{
    if (row < m_health->hypertables.size())
        return RowKind::Hypertable;
    if (row < m_health->hypertables.size() + m_health->aggregates.size())
        return RowKind::Aggregate;
    return RowKind::Job;
}

int TimescaleHealthModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_health)
        return 0;
    return int(m_health->hypertables.size() + m_health->aggregates.size() + m_health->jobs.size());
}

int TimescaleHealthModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TimescaleHealthModel::hypertableText(const TimescaleHypertable &table, int column) const
{
    const QLocale locale;
    switch (column) {
    case KindColumn:
        return tr("Hypertable");
    case NameColumn:
        return qualified(table.schema, table.name);
    case FiguresColumn: {
        QString text = chunksText(table.chunks, table.compressedChunks);
        if (table.bytes)
            text += u", "_s + locale.formattedDataSize(*table.bytes);
        return text;
    }
    case StateColumn:
        if (table.rangeStart.isValid() && table.rangeEnd.isValid())
            //: the time the chunks cover: from, to
            return tr("%1 to %2").arg(timeText(table.rangeStart), timeText(table.rangeEnd));
        if (table.rangeStartInteger && table.rangeEndInteger)
            return tr("%1 to %2")
                .arg(locale.toString(*table.rangeStartInteger),
                     locale.toString(*table.rangeEndInteger));
        return tr("no chunk");
    default:
        return {};
    }
}

QString TimescaleHealthModel::aggregateText(const TimescaleAggregate &aggregate, int column) const
{
    switch (column) {
    case KindColumn:
        return tr("Aggregate");
    case NameColumn:
        return qualified(aggregate.schema, aggregate.name);
    case FiguresColumn: {
        if (!aggregate.policyJob)
            return tr("of %1, no refresh policy").arg(aggregate.hypertable);
        const auto offset = [](const QString &text) {
            return text.isEmpty() ? tr("unbounded") : text;
        };
        //: %1 the hypertable, %2 the job, %3 "every 1 h 0 min", %4 and %5 the offsets
        return tr("of %1, refreshed by job %2 %3, from %4 to %5 back")
            .arg(aggregate.hypertable, QString::number(*aggregate.policyJob),
                 everyText(aggregate.scheduleSeconds), offset(aggregate.startOffset),
                 offset(aggregate.endOffset));
    }
    case StateColumn:
        if (!aggregate.materialized)
            return tr("not materialized yet");
        if (aggregate.watermark.isValid())
            return tr("materialized to %1").arg(compactTimeText(aggregate.watermark, m_readAt));
        return tr("materialized to %1")
            .arg(QLocale().toString(aggregate.watermarkInteger.value_or(0)));
    default:
        return {};
    }
}

QString TimescaleHealthModel::jobText(const TimescaleJob &job, int column, bool whole) const
{
    switch (column) {
    case KindColumn:
        return tr("Job %1").arg(job.id);
    case NameColumn:
        return whole ? job.proc : jobName(job);
    case FiguresColumn:
        //: "every 1 h 0 min, 12 runs, 2 failed"
        return tr("%1, %2 runs, %3 failed")
            .arg(job.scheduled ? everyText(job.scheduleSeconds) : tr("paused"),
                 QLocale().toString(job.totalRuns), QLocale().toString(job.totalFailures));
    case StateColumn: {
        if (job.lastRunStatus.isEmpty())
            return job.nextStart.isValid() ? tr("never run, next %1").arg(whenText(job.nextStart))
                                           : tr("never run");
        const QString when = job.lastRunStart.isValid() ? whenText(job.lastRunStart) : QString();
        if (job.failing()) {
            const QString error = whole || job.lastError.size() <= errorShown
                                      ? job.lastError
                                      : job.lastError.left(errorShown) + u'…';
            return error.isEmpty() ? tr("last run failed %1").arg(when)
                                   : tr("last run failed %1: %2").arg(when, error);
        }
        return job.nextStart.isValid()
                   ? tr("last run succeeded %1, next %2").arg(when, whenText(job.nextStart))
                   : tr("last run succeeded %1").arg(when);
    }
    default:
        return {};
    }
}

QVariant TimescaleHealthModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const qsizetype tables = m_health->hypertables.size();
    const qsizetype aggregates = m_health->aggregates.size();
    const int row = index.row();
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (rowKind(row)) {
        case RowKind::Hypertable:
            return hypertableText(m_health->hypertables.at(row), index.column());
        case RowKind::Aggregate:
            return aggregateText(m_health->aggregates.at(row - tables), index.column());
        case RowKind::Job:
            return jobText(m_health->jobs.at(row - tables - aggregates), index.column(),
                           role == Qt::ToolTipRole);
        }
    }
    if (role == Qt::ForegroundRole && rowKind(row) == RowKind::Job &&
        m_health->jobs.at(row - tables - aggregates).failing())
        return warningColour();
    return {};
}

QVariant TimescaleHealthModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KindColumn:
        return tr("TimescaleDB");
    case NameColumn:
        return tr("Name");
    case FiguresColumn:
        return tr("Figures");
    case StateColumn:
        return tr("State");
    default:
        return {};
    }
}

} // namespace porthole
