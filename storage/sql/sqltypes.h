#pragma once

#include <QString>
#include <QVariant>
#include <QVariantList>

namespace porthole {

// The values SQL text is made of and with, apart from running it (sqlsupport.h): what a
// repository's header names without including <QSqlQuery>.

// The two engines Porthole speaks, as far as SQL text differs between them.
enum class SqlEngine
{
    SQLite,
    PostgreSQL
};

// A list of ids as one statement parameter, and the subquery that reads it back, for
// "WHERE id IN (<select>)". A placeholder per id instead would cost SQLite time growing with
// the square of their number to parse (Qt names each placeholder, and SQLite looks every name
// up in a list); this statement parses in no time and its text is the same for any list.
struct IdSet
{
    QString select; // "SELECT ... ?": its one placeholder takes `param`
    QVariant param;
};

// A filter's WHERE clause (empty, or " WHERE ...") and its bound values.
struct WhereClause
{
    QString sql;
    QVariantList params;
    // Whether a condition is a text search (a substring, a LIKE pattern): the planner has no
    // statistics for it and guesses a fixed share of the rows (a third for strpos(...) > 0),
    // so a count of such a filter counts rather than trust the estimate.
    bool searchesText = false;

    void add(const QString &condition, const QVariantList &values = {});
    void addTextSearch(const QString &condition, const QVariantList &values);
};

// One condition of a WHERE clause and its bound values.
struct Condition
{
    QString sql;
    QVariantList params;
};

// The SQL of a statement and its bound values (keysetQuery(), keyRangeQuery()).
struct KeysetQuery
{
    QString sql;
    QVariantList params;
};

} // namespace porthole
