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

bool PortMessageSearch::readsIndex(const QString &text) const
{
    if (text.toUcs4().size() < trigram || !hasIndex())
        return false;
    // How many rows the index names, up to one more than it is worth reading them for. Neither
    // engine knows it beforehand: without statistics PostgreSQL takes any text of a few
    // characters for a rare one, and read 1,000,000 rows' entries for "order".
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    const QString limit = QString::number(indexedUpTo + 1);
    const bool prepared =
        m_engine == SqlEngine::PostgreSQL
            ? query.prepare(u"SELECT count(*) FROM (SELECT 1 FROM port_messages WHERE "_s +
                            body(m_engine) + u" LIKE ? ESCAPE '\\' LIMIT "_s + limit +
                            u") AS hits"_s)
            : query.prepare(u"SELECT count(*) FROM (SELECT rowid FROM port_messages_search WHERE "
                            "port_messages_search MATCH ? LIMIT "_s +
                            limit + u')');
    if (!prepared)
        return false;
    query.addBindValue(m_engine == SqlEngine::PostgreSQL ? containsPattern(text) : phrase(text));
    return query.exec() && query.next() && query.value(0).toLongLong() <= indexedUpTo;
}

void PortMessageSearch::addTo(WhereClause &where, const QString &text) const
{
    const bool indexed = readsIndex(text);
    if (m_engine == SqlEngine::PostgreSQL) {
        // The indexed expression with LIKE, which the trigram index serves; a shorter text
        // with strpos(), which no index serves, so that none is read whole for it.
        if (indexed)
            where.addTextSearch(body(m_engine) + u" LIKE ? ESCAPE '\\'"_s, {containsPattern(text)});
        else
            where.addTextSearch(u"strpos("_s + body(m_engine) + u", lower(?)) > 0"_s, {text});
        return;
    }
    const QString check = u"instr(lower("_s + body(m_engine) + u"), lower(?)) > 0"_s;
    if (indexed)
        where.addTextSearch(u"(rowid IN (SELECT rowid FROM port_messages_search WHERE "
                            "port_messages_search MATCH ?) AND "_s +
                                check + u')',
                            {phrase(text), text});
    else
        where.addTextSearch(check, {text});
}

} // namespace porthole
