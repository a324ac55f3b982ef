#include "portmessagesearch.h"

#include "sqlsupport.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A trigram index finds a text of at least this many characters.
constexpr int trigram = 3;

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

std::optional<QStringList> PortMessageSearch::askIndex(const QString &text) const
{
    if (text.toUcs4().size() < trigram || !hasIndex())
        return std::nullopt;
    // The rows the index names, up to one more than it is worth reading them for. Neither
    // engine knows how many beforehand: without statistics PostgreSQL takes any text of a few
    // characters for a rare one, and read 1,000,000 rows' entries for "order".
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(indexQuery(m_engine)))
        return std::nullopt;
    query.addBindValue(m_engine == SqlEngine::PostgreSQL ? containsPattern(text) : phrase(text));
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
