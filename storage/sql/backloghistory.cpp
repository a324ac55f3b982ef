#include "backloghistory.h"

#include "sqlsupport.h"

#include <QHash>
#include <QSqlQuery>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The figures' columns, in the order of figuresOf().
const QString figureColumns = u"lag, pending, oldest_ms, consumers, entries_added, length, "
                              "processing, failed, dead_letters, stored, acknowledged, "
                              "last_delivered"_s;
constexpr int figureCount = 11;

std::array<std::optional<qint64> BacklogSample::*, figureCount> figureMembers()
{
    return {&BacklogSample::lag,        &BacklogSample::pending,      &BacklogSample::oldestMs,
            &BacklogSample::consumers,  &BacklogSample::entriesAdded, &BacklogSample::length,
            &BacklogSample::processing, &BacklogSample::failed,       &BacklogSample::deadLetters,
            &BacklogSample::stored,     &BacklogSample::acknowledged};
}

QVariant figureParam(const std::optional<qint64> &figure)
{
    return figure ? QVariant(*figure) : QVariant(QMetaType::fromType<qint64>());
}

// The figures and the last-delivered id from the query's columns `first` on.
void readFigures(const QSqlQuery &query, int first, BacklogSample *sample)
{
    const auto members = figureMembers();
    for (int i = 0; i < figureCount; ++i) {
        const QVariant value = query.value(first + i);
        (*sample).*members.at(i) =
            value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
    }
    sample->lastDelivered = query.value(first + figureCount).toString();
}

} // namespace

QString backlogKindName(BacklogKind kind)
{
    switch (kind) {
    case BacklogKind::Group:
        return u"group"_s;
    case BacklogKind::List:
        return u"list"_s;
    case BacklogKind::Port:
        return u"port"_s;
    case BacklogKind::Receiver:
        return u"receiver"_s;
    }
    return {};
}

std::optional<BacklogKind> backlogKindOf(const QString &name)
{
    for (const BacklogKind kind :
         {BacklogKind::Group, BacklogKind::List, BacklogKind::Port, BacklogKind::Receiver})
        if (backlogKindName(kind) == name)
            return kind;
    return std::nullopt;
}

QDateTime backlogSlot(const QDateTime &time, std::chrono::seconds interval)
{
    const qint64 width = std::max<qint64>(interval.count(), 1) * 1000;
    const qint64 ms = time.toMSecsSinceEpoch();
    // Floored, not truncated: a time before the epoch goes to the slot before it.
    const qint64 floored = ms - ((ms % width) + width) % width;
    return QDateTime::fromMSecsSinceEpoch(floored, Qt::UTC);
}

BacklogHistory::BacklogHistory(QSqlDatabase db)
    : m_db(std::move(db))
{}

Result<qint64> BacklogHistory::write(const QList<BacklogSample> &samples)
{
    if (samples.isEmpty())
        return qint64(0);
    const SqlEngine engine = engineOf(m_db);
    const QString sql =
        u"INSERT INTO backlog_samples (slot, kind, source, group_name, %1) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (kind, source, group_name, slot) DO NOTHING"_s.arg(figureColumns);
    SqlTransaction transaction(m_db);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    qint64 written = 0;
    for (const BacklogSample &sample : samples) {
        if (!sample.slot.isValid() || sample.key.source.isEmpty())
            return StorageError::invalidArgument(
                u"A backlog sample needs its slot and its source."_s);
        QVariantList params{timestampParam(sample.slot, engine), backlogKindName(sample.key.kind),
                            sample.key.source,
                            // '' for none: a null QString binds as NULL.
                            sample.key.group.isNull() ? u""_s : sample.key.group};
        for (const auto member : figureMembers())
            params << figureParam(sample.*member);
        params << (sample.lastDelivered.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                                  : QVariant(sample.lastDelivered));
        auto query = execQuery(m_db, sql, params,
                               u"Recording the backlog of %1 %2"_s.arg(
                                   backlogKindName(sample.key.kind), sample.key.source));
        if (!query)
            return query.error();
        written += std::max(query->numRowsAffected(), 0);
    }
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return written;
}

Result<QList<BacklogSample>> BacklogHistory::series(const BacklogKey &key, const QDateTime &from,
                                                    const QDateTime &to, int limit) const
{
    const SqlEngine engine = engineOf(m_db);
    // A range of the unique key (kind, source, group_name, slot).
    auto query = execQuery(
        m_db,
        u"SELECT slot, %1 FROM backlog_samples WHERE kind = ? AND source = ? AND group_name = ? "
        "AND slot >= ? AND slot < ? ORDER BY slot LIMIT ?"_s.arg(figureColumns),
        {backlogKindName(key.kind), key.source, key.group.isNull() ? u""_s : key.group,
         timestampParam(from, engine), timestampParam(to, engine), std::max(limit, 0)},
        u"Reading the backlog history of %1 %2"_s.arg(backlogKindName(key.kind), key.source));
    if (!query)
        return query.error();
    QList<BacklogSample> samples;
    while (query->next()) {
        BacklogSample sample;
        sample.key = key;
        sample.key.group = key.group.isNull() ? u""_s : key.group;
        sample.slot = timestampValue(query->value(0));
        readFigures(*query, 1, &sample);
        samples.append(sample);
    }
    return samples;
}

Result<QList<BacklogSample>> BacklogHistory::sizeSamples(const QDateTime &from, const QDateTime &to,
                                                         qint64 limit) const
{
    const SqlEngine engine = engineOf(m_db);
    // PostgreSQL's slot as milliseconds: Qt's driver makes a timestamptz a QDateTime by way of
    // the local time zone, which asks the C library (a stat of /etc/localtime) for every row,
    // most of what an hour of rows took to read.
    const bool postgres = engine == SqlEngine::PostgreSQL;
    auto query = execQuery(
        m_db,
        u"SELECT %1, kind, source, group_name, lag, pending, length, "
        "processing FROM backlog_samples WHERE slot >= ? AND slot < ? "
        "AND kind <> 'receiver' LIMIT ?"_s.arg(
            postgres ? u"(extract(epoch FROM slot) * 1000)::bigint"_s : u"slot"_s),
        {timestampParam(from, engine), timestampParam(to, engine), std::max<qint64>(limit, 0)},
        u"Reading the backlog history"_s);
    if (!query)
        return query.error();
    const auto figure = [&query](int column) {
        const QVariant value = query->value(column);
        return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
    };
    QList<BacklogSample> samples;
    // The names repeat on every slot: one copy of each shared by its rows.
    QHash<QString, QString> names;
    const auto shared = [&names](const QString &name) {
        auto found = names.constFind(name);
        if (found == names.cend())
            found = names.insert(name, name);
        return *found;
    };
    while (query->next()) {
        const auto kind = backlogKindOf(query->value(1).toString());
        if (!kind)
            continue;
        BacklogSample sample;
        sample.key = {*kind, shared(query->value(2).toString()),
                      shared(query->value(3).toString())};
        sample.slot = postgres
                          ? QDateTime::fromMSecsSinceEpoch(query->value(0).toLongLong(), Qt::UTC)
                          : timestampValue(query->value(0));
        sample.lag = figure(4);
        sample.pending = figure(5);
        sample.length = figure(6);
        sample.processing = figure(7);
        samples.append(sample);
    }
    return samples;
}

Result<QList<BacklogKey>> BacklogHistory::backlogs(const QDateTime &from, const QDateTime &to,
                                                   int limit) const
{
    const SqlEngine engine = engineOf(m_db);
    auto query =
        execQuery(m_db,
                  u"SELECT DISTINCT kind, source, group_name FROM backlog_samples "
                  "WHERE slot >= ? AND slot < ? ORDER BY kind, source, group_name "
                  "LIMIT ?"_s,
                  {timestampParam(from, engine), timestampParam(to, engine), std::max(limit, 0)},
                  u"Listing the backlogs sampled"_s);
    if (!query)
        return query.error();
    QList<BacklogKey> keys;
    while (query->next())
        if (const auto kind = backlogKindOf(query->value(0).toString()))
            keys.append({*kind, query->value(1).toString(), query->value(2).toString()});
    return keys;
}

} // namespace porthole
