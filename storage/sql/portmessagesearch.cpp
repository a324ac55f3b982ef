#include "portmessagesearch.h"

#include "sqlsupport.h"

#include <QHash>
#include <QMutex>
#include <QSqlQuery>

#include <algorithm>
#include <chrono>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A trigram index finds a text of at least this many characters.
constexpr int trigram = 3;
// PostgreSQL: a trigram in this share of the rows or more narrows nothing, and reading its
// posting list costs as much as the rest of the search (at 10,000,000 rows, 35 to 40 ms each).
constexpr double commonShare = 0.5;
// A text with a trigram rarer than this is rarer too: not worth sampling the rows for.
constexpr double rareShare = 0.05;
// A piece asks the index for at most this many trigrams.
constexpr int pieceTrigrams = 8;
// The pages the trigrams' shares are sampled from, and those a text's share is.
constexpr int sharePages = 150;
constexpr int commonPages = 400;
// The trigrams' shares are sampled again after this long.
constexpr std::chrono::minutes sharesKept(10);

// The percentage of port_messages' pages that is about `pages` of them, whatever the table's
// statistics say (a table never analysed has none).
QString samplePercent(int pages)
{
    return u"(SELECT least(100, 100.0 * %1 / greatest(pg_relation_size('port_messages') / "
           "current_setting('block_size')::int, 1)))"_s.arg(pages);
}

// A sample of about `pages` pages of port_messages, the same at each read.
QString sampleOf(int pages)
{
    return u"port_messages TABLESAMPLE SYSTEM ("_s + samplePercent(pages) + u") REPEATABLE (1)"_s;
}

struct Shares
{
    std::chrono::steady_clock::time_point at;
    QHash<QString, double> shares;
};

QMutex sharesLock;
QHash<QString, Shares> sharesByDatabase; // by host, port and database

// `text` as an FTS5 phrase: its characters as they are, a double quote doubled.
QString phrase(const QString &text)
{
    return u'"' + QString(text).replace(u'"', u"\"\""_s) + u'"';
}

} // namespace

PortMessageSearch::PortMessageSearch(QSqlDatabase db)
    : m_db(std::move(db))
    , m_engine(engineOf(m_db))
{}

QString PortMessageSearch::body(SqlEngine engine)
{
    // Word for word as migration 23 indexes it.
    if (engine == SqlEngine::PostgreSQL)
        return u"lower(message_data::text || chr(10) || coalesce(message_metadata::text, '') || "
               "chr(10) || coalesce(error_message, '') || chr(10) || id::text)"_s;
    return u"(message_data || char(10) || coalesce(message_metadata, '') || char(10) || "
           "coalesce(error_message, '') || char(10) || id)"_s;
}

bool PortMessageSearch::hasIndex() const
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    const bool read =
        m_engine == SqlEngine::PostgreSQL
            ? query.exec(u"SELECT to_regclass('idx_port_messages_search') IS NOT NULL"_s)
            : query.exec(u"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                         "name = 'port_messages_search'"_s);
    return read && query.next() && query.value(0).toBool();
}

QString PortMessageSearch::indexQuery(SqlEngine engine)
{
    const QString limit = QString::number(indexedUpTo + 1);
    if (engine == SqlEngine::PostgreSQL)
        return u"SELECT id FROM port_messages WHERE "_s + body(engine) +
               u" LIKE ? ESCAPE '\\' LIMIT "_s + limit;
    return u"SELECT rowid FROM port_messages_search WHERE port_messages_search MATCH ? LIMIT "_s +
           limit;
}

std::optional<QStringList> PortMessageSearch::rowsHolding(const QString &text) const
{
    if (m_asked && m_asked->first == text)
        return m_asked->second;
    m_asked = {text, askIndex(text)};
    return m_asked->second;
}

std::optional<PortMessageSearch::Piece>
PortMessageSearch::indexPiece(const QString &text, const QHash<QString, double> &shares)
{
    const QString lowered = text.toLower();
    const auto isWord = [&lowered](qsizetype i) {
        const char16_t c = lowered.at(i).unicode();
        return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
    };
    // Runs of trigrams within a word, none of them common: the one with the rarest trigram,
    // the longer of two as rare.
    struct Window
    {
        qsizetype start = -1;
        int count = 0;
        double rarest = 1;
        qsizetype rarestAt = -1;
    };
    Window best;
    Window open;
    const auto close = [&best, &open] {
        if (open.count > 0 &&
            (open.rarest < best.rarest || (open.rarest == best.rarest && open.count > best.count)))
            best = open;
        open = {};
    };
    for (qsizetype i = 0; i + trigram <= lowered.size(); ++i) {
        if (!isWord(i) || !isWord(i + 1) || !isWord(i + 2)) {
            close();
            continue;
        }
        const double share = shares.value(lowered.mid(i, trigram), 0);
        if (share >= commonShare) {
            close();
            continue;
        }
        if (open.count == 0)
            open.start = i;
        ++open.count;
        if (share < open.rarest) {
            open.rarest = share;
            open.rarestAt = i;
        }
    }
    close();
    if (best.count == 0)
        return std::nullopt;
    // At most pieceTrigrams of them, around the rarest.
    qsizetype start = best.start;
    int count = best.count;
    if (count > pieceTrigrams) {
        start = std::clamp(best.rarestAt - pieceTrigrams / 2, best.start,
                           best.start + best.count - pieceTrigrams);
        count = pieceTrigrams;
    }
    return Piece{lowered.mid(start, count + trigram - 1), best.rarest};
}

QHash<QString, double> PortMessageSearch::trigramShares() const
{
    const QString database =
        m_db.hostName() + u':' + QString::number(m_db.port()) + u'/' + m_db.databaseName();
    const auto now = std::chrono::steady_clock::now();
    {
        const QMutexLocker locker(&sharesLock);
        const auto known = sharesByDatabase.constFind(database);
        if (known != sharesByDatabase.cend() && now - known->at < sharesKept)
            return known->shares;
    }
    // The share of the sampled rows that hold each trigram, for those of 1% or more.
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    QHash<QString, double> shares;
    if (!query.exec(u"SELECT t, count(*)::float8 / max(n) FROM (SELECT "_s + body(m_engine) +
                    u" AS e, count(*) OVER () AS n FROM "_s + sampleOf(sharePages) +
                    u" OFFSET 0) s, unnest(show_trgm(e)) t GROUP BY t "
                    "HAVING count(*) >= 0.01 * max(n)"_s))
        return shares; // not kept: the next search samples again
    while (query.next())
        shares.insert(query.value(0).toString(), query.value(1).toDouble());
    const QMutexLocker locker(&sharesLock);
    sharesByDatabase.insert(database, {now, shares});
    return shares;
}

bool PortMessageSearch::isCommon(const QString &text) const
{
    // Whether a twentieth of a sample of the rows holds it, and the table more of them than
    // the index is worth asking for: its rows are met soon in any order. (A rarer text cannot
    // be told from chance: the rows of one flow lie on one page.)
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(u"SELECT count(*), count(*) FILTER (WHERE strpos("_s + body(m_engine) +
                       u", lower(?)) > 0), "_s + samplePercent(commonPages) + u" FROM "_s +
                       sampleOf(commonPages)))
        return false;
    query.addBindValue(text);
    if (!query.exec() || !query.next())
        return false;
    const qint64 sampled = query.value(0).toLongLong();
    const qint64 holding = query.value(1).toLongLong();
    const double percent = query.value(2).toDouble();
    return sampled > 0 && percent > 0 && holding * 20 >= sampled &&
           holding * 100.0 / percent > indexedUpTo;
}

std::optional<QStringList> PortMessageSearch::askIndex(const QString &text) const
{
    if (text.toUcs4().size() < trigram || !hasIndex())
        return std::nullopt;
    // The rows the index names, up to one more than it is worth reading them for. Neither
    // engine knows how many beforehand: without statistics PostgreSQL takes any text of a few
    // characters for a rare one, and read 1,000,000 rows' entries for "order".
    QString sql = indexQuery(m_engine);
    QVariantList params{phrase(text)};
    if (m_engine == SqlEngine::PostgreSQL) {
        // The index asked for a piece of the text without the trigrams nearly every row holds,
        // the rows it names checked for the whole text; a text that may be common is sampled
        // first. The planner never reads the table whole for it.
        const std::optional<Piece> piece = indexPiece(text, trigramShares());
        if ((!piece || piece->share >= rareShare) && isCommon(text))
            return std::nullopt;
        params = {containsPattern(piece ? piece->text : text)};
        if (piece) {
            sql = u"SELECT id FROM port_messages WHERE "_s + body(m_engine) +
                  u" LIKE ? ESCAPE '\\' AND strpos("_s + body(m_engine) +
                  u", lower(?)) > 0 LIMIT "_s + QString::number(indexedUpTo + 1);
            params << text;
        }
    }
    // Declared before the query: its setting is put back once the rows are read.
    const IndexedReads indexed(m_db, m_engine);
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return std::nullopt;
    for (const QVariant &param : std::as_const(params))
        query.addBindValue(param);
    if (!query.exec())
        return std::nullopt;
    QStringList rows;
    while (query.next()) {
        if (rows.size() == indexedUpTo)
            return std::nullopt;
        rows << query.value(0).toString();
    }
    return rows;
}

bool PortMessageSearch::readsIndex(const QString &text) const
{
    return rowsHolding(text).has_value();
}

void PortMessageSearch::addTo(WhereClause &where, const QString &text) const
{
    // The rows the index named, by their key: the listing, its count and its pages read them
    // through the table's own key, and the index is read once for them.
    const std::optional<QStringList> rows = rowsHolding(text);
    if (m_engine == SqlEngine::PostgreSQL) {
        if (rows)
            where.addTextSearch(u"id = ANY(CAST(? AS uuid[]))"_s,
                                {QString(u'{' + rows->join(u',') + u'}')});
        else // strpos(), which no index serves, so that none is read whole for it
            where.addTextSearch(u"strpos("_s + body(m_engine) + u", lower(?)) > 0"_s, {text});
        return;
    }
    // The rows' text checked again: an entry left stale never shows a wrong row.
    const QString check = u"instr(lower("_s + body(m_engine) + u"), lower(?)) > 0"_s;
    if (rows)
        where.addTextSearch(u"(rowid IN (SELECT value FROM json_each(?)) AND "_s + check + u')',
                            {QString(u'[' + rows->join(u',') + u']'), text});
    else
        where.addTextSearch(check, {text});
}

} // namespace porthole
