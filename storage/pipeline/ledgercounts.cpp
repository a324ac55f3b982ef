#include "ledgercounts.h"

#include "backloghistory.h"
#include "fallbacktable.h"
#include "sqlerror.h"
#include "sqlsupport.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr qint64 hourMs = 3600000;

QDateTime atMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

// The subject as ledger_counts keys it: a kind, and '' for a list's group (never NULL).
QString kindOf(const LedgerSubject &subject)
{
    return backlogKindName(subject.list ? BacklogKind::List : BacklogKind::Group);
}

QString groupOf(const LedgerSubject &subject)
{
    return subject.list || subject.group.isEmpty() ? u""_s : subject.group;
}

} // namespace

LedgerRows &LedgerRows::operator+=(const LedgerRows &other)
{
    messages += other.messages;
    deliveries += other.deliveries;
    lines += other.lines;
    receiverDead += other.receiverDead;
    movedDead += other.movedDead;
    return *this;
}

LedgerCounter::LedgerCounter(QSqlDatabase db, LedgerSubject subject)
    : m_db(std::move(db))
    , m_subject(std::move(subject))
    , m_prefix((m_subject.list ? u"list:"_s : u"stream:"_s) + m_subject.key + u':')
    , m_keeps(hasTable(m_db, u"ledger_counts"_s))
{}

Result<qint64> LedgerCounter::count(const QString &sql, const QVariantList &params,
                                    const QString &what) const
{
    auto query = execQuery(m_db, sql, params, what);
    if (!query)
        return query.error();
    return query->next() ? query->value(0).toLongLong() : 0;
}

Status LedgerCounter::readKept(const QDateTime &from, const QDateTime &to)
{
    m_kept.clear();
    if (!m_keeps)
        return success();
    auto query = execQuery(m_db,
                           u"SELECT hour_start, messages, deliveries, lines, receiver_dead, "
                           "moved_dead FROM ledger_counts WHERE kind = ? AND source = ? AND "
                           "group_name = ? AND hour_start >= ? AND hour_start < ?"_s,
                           {kindOf(m_subject), m_subject.key, groupOf(m_subject),
                            from.toSecsSinceEpoch(), to.toSecsSinceEpoch()},
                           u"Reading the ledger's kept counts of %1"_s.arg(m_subject.key));
    if (!query)
        return query.error();
    while (query->next())
        m_kept.insert(query->value(0).toLongLong(),
                      {query->value(1).toLongLong(), query->value(2).toLongLong(),
                       query->value(3).toLongLong(), query->value(4).toLongLong(),
                       query->value(5).toLongLong()});
    return success();
}

Result<LedgerRows> LedgerCounter::rows(const QDateTime &from, const QDateTime &to) const
{
    LedgerRows total;
    // What is not kept is counted in stretches: from `rest` to each kept hour, and to `to`.
    qint64 rest = from.toMSecsSinceEpoch();
    const qint64 end = to.toMSecsSinceEpoch();
    for (qint64 hour = (rest + hourMs - 1) / hourMs * hourMs; hour + hourMs <= end;
         hour += hourMs) {
        const auto kept = m_kept.constFind(hour / 1000);
        if (kept == m_kept.cend())
            continue;
        if (rest < hour) {
            auto stretch = counted(atMs(rest), atMs(hour));
            if (!stretch)
                return stretch.error();
            total += *stretch;
        }
        total += *kept;
        rest = hour + hourMs;
    }
    if (rest < end) {
        auto stretch = counted(atMs(rest), to);
        if (!stretch)
            return stretch.error();
        total += *stretch;
    }
    return total;
}

Result<LedgerRows> LedgerCounter::counted(const QDateTime &from, const QDateTime &to) const
{
    LedgerRows counts;
    const SqlEngine engine = engineOf(m_db);
    const QVariant a = timestampParam(from, engine);
    const QVariant b = timestampParam(to, engine);
    const QString &key = m_subject.key;
    // A range of idx_messages_source_timestamp (migration 28).
    auto messages = count(u"SELECT COUNT(*) FROM messages WHERE source = ? AND timestamp >= ? "
                          "AND timestamp < ?"_s,
                          {key, a, b}, u"Counting the messages stored from %1"_s.arg(key));
    if (!messages)
        return messages.error();
    counts.messages = *messages;
    // Ranges of idx_ingest_deliveries_stored_key (migration 28), one a sink, read without
    // the table: the key's prefix up to ';', the character after ':'.
    QString upper = m_prefix;
    upper.back() = u';';
    for (const QString &sink : {u"sql"_s, u"file"_s}) {
        auto deliveries = count(
            u"SELECT COUNT(*) FROM ingest_deliveries WHERE sink = ? AND stored_at >= ? "
            "AND stored_at < ? AND delivery_key >= ? AND delivery_key < ?"_s,
            {sink, a, b, m_prefix, upper}, u"Counting the deliveries stored from %1"_s.arg(key));
        if (!deliveries)
            return deliveries.error();
        counts.deliveries += *deliveries;
        if (sink == u"file"_s)
            counts.lines = *deliveries;
    }
    // A range of idx_port_messages_port_created; dead letters are few.
    auto dead =
        execQuery(m_db,
                  u"SELECT target_component, COUNT(*) FROM port_messages WHERE port_name = ? "
                  "AND created_at >= ? AND created_at < ? AND source_component = 'redis' "
                  "AND target_component IN ('porthole-ingest', ?) GROUP BY target_component"_s,
                  {key, a, b, m_subject.list ? u"porthole-ingest"_s : m_subject.group},
                  u"Counting the dead letters of %1"_s.arg(key));
    if (!dead)
        return dead.error();
    while (dead->next())
        (dead->value(0).toString() == u"porthole-ingest"_s ? counts.receiverDead
                                                           : counts.movedDead) +=
            dead->value(1).toLongLong();
    return counts;
}

Result<qint64> LedgerCounter::entriesAdded(const QDateTime &from, const QDateTime &to) const
{
    if (m_subject.list)
        return qint64(0);
    // Entry ids begin with their milliseconds since the epoch: 13 digits until the year 2286,
    // so text order is time order. Ranges of the two tables' unique delivery_key indexes.
    const QVariantList params{QString(m_prefix + QString::number(from.toMSecsSinceEpoch())),
                              QString(m_prefix + QString::number(to.toMSecsSinceEpoch()))};
    qint64 total = 0;
    for (const QString &table : {u"messages"_s, u"ingest_deliveries"_s}) {
        auto counted = count(u"SELECT COUNT(*) FROM %1 WHERE delivery_key >= ? "
                             "AND delivery_key < ?"_s.arg(table),
                             params, u"Counting the entries added to %1"_s.arg(m_subject.key));
        if (!counted)
            return counted.error();
        total += *counted;
    }
    return total;
}

Result<bool> LedgerCounter::keepHour(qint64 hour)
{
    const SqlEngine engine = engineOf(m_db);
    // On PostgreSQL a row deleted while the hour is counted would leave a count that includes
    // it: the triggers' deletes of ledger_counts wait for this lock, and a delete whose trigger
    // ran first holds the table until it commits, which the lock is refused for, so the counts
    // below see every delete committed. On SQLite the write lock already excludes it.
    SqlTransaction transaction(m_db);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    if (engine == SqlEngine::PostgreSQL) {
        // Not a statement PostgreSQL prepares: sent as it is. A transaction that deleted rows
        // and is still open holds the table: the sampler does not wait for it, and keeps the
        // hour another time (55P03: lock_not_available).
        QSqlQuery lock(m_db);
        if (!lock.exec(u"LOCK TABLE ledger_counts IN SHARE ROW EXCLUSIVE MODE NOWAIT"_s)) {
            if (lock.lastError().nativeErrorCode() == u"55P03"_s)
                return false;
            return sqlError(lock.lastError(), u"Locking the ledger's kept counts"_s);
        }
    }
    auto rows = counted(atMs(hour), atMs(hour + hourMs));
    if (!rows)
        return rows.error();
    auto kept = execQuery(
        m_db,
        u"INSERT INTO ledger_counts (kind, source, group_name, hour_start, messages, "
        "deliveries, lines, receiver_dead, moved_dead, counted_at) VALUES (?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?) ON CONFLICT (kind, source, group_name, hour_start) DO UPDATE SET "
        "messages = excluded.messages, deliveries = excluded.deliveries, lines = "
        "excluded.lines, receiver_dead = excluded.receiver_dead, moved_dead = "
        "excluded.moved_dead, counted_at = excluded.counted_at"_s,
        {kindOf(m_subject), m_subject.key, groupOf(m_subject), hour / 1000, rows->messages,
         rows->deliveries, rows->lines, rows->receiverDead, rows->movedDead,
         timestampParam(QDateTime::currentDateTimeUtc(), engine)},
        u"Keeping the ledger's counts of %1"_s.arg(m_subject.key));
    if (!kept)
        return kept.error();
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    m_kept.insert(hour / 1000, *rows);
    return true;
}

Result<int> LedgerCounter::keepHours(const QDateTime &since, const QDateTime &before, int most)
{
    if (!m_keeps)
        return 0;
    const qint64 first = (since.toMSecsSinceEpoch() + hourMs - 1) / hourMs * hourMs;
    const qint64 last = before.toMSecsSinceEpoch() / hourMs * hourMs - hourMs;
    if (last < first)
        return 0;
    if (Status read = readKept(atMs(first), atMs(last + hourMs)); !read)
        return read.error();
    QList<qint64> hours; // to count, the latest first
    for (qint64 hour = last; hour >= first && hours.size() < most; hour -= hourMs)
        if (!m_kept.contains(hour / 1000))
            hours.append(hour);
    if (hours.isEmpty() && most > 0) {
        // Every hour is kept: the one counted longest ago is counted again, so that a row
        // stored late into an hour (a group the receiver retried while its store was down)
        // shows within a round of the hours.
        auto oldest = execQuery(
            m_db,
            u"SELECT hour_start FROM ledger_counts WHERE kind = ? AND "
            "source = ? AND group_name = ? AND hour_start >= ? AND "
            "hour_start <= ? ORDER BY counted_at LIMIT 1"_s,
            {kindOf(m_subject), m_subject.key, groupOf(m_subject), first / 1000, last / 1000},
            u"Reading the ledger's kept counts of %1"_s.arg(m_subject.key));
        if (!oldest)
            return oldest.error();
        if (oldest->next())
            hours.append(oldest->value(0).toLongLong() * 1000);
    }
    int counted = 0;
    for (const qint64 hour : std::as_const(hours)) {
        auto kept = keepHour(hour);
        if (!kept)
            return kept.error();
        if (!*kept)
            break; // a deleter holds the table: another time
        ++counted;
    }
    return counted;
}

} // namespace porthole
