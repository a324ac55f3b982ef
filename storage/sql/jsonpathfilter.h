#pragma once

#include "paging.h"
#include "sqltypes.h"
#include "storageerror.h"

#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace porthole {

// A condition on one value inside a JSON column, as an operator types it:
//
//     $.order_id = 42
//     $.customer."first name" != "Ann"
//     $.items[0].price >= 9.5
//
// The path is the form the JSON tree and "copy path" give ($, then .key, ."any key" or [index]);
// the operator one of = != < <= > >= (the four comparisons for numbers only); the value a JSON
// scalar: a number, a "string" in double quotes, true, false or null. Neither the path nor the
// value ever becomes SQL text: both are bound as parameters.
struct JsonPathFilter
{
    enum class Op
    {
        Equal,
        NotEqual,
        Less,
        LessOrEqual,
        Greater,
        GreaterOrEqual
    };
    // One step of the path: a member's key, or an array index when `isIndex`.
    struct Step
    {
        QString key;
        qint64 index = 0;
        bool isIndex = false;
        friend bool operator==(const Step &, const Step &) = default;
    };

    QList<Step> steps;
    Op op = Op::Equal;
    QJsonValue value;

    // Parses an expression; InvalidArgument with a sentence for the operator (what is wrong and
    // where, counted in characters from 1) otherwise.
    static Result<JsonPathFilter> parse(const QString &expression);

    // The path as SQLite's json_extract() takes it: $.key, $."any key", $[2].
    QString sqlitePath() const;
    // The path as PostgreSQL's #> takes it: a text[] literal such as {"a","2"}.
    QString postgresPath() const;
    // The condition on `column` (a name from the caller's code, never input) and its bound
    // values. `!=` also matches rows where the path leads nowhere.
    WhereClause where(SqlEngine engine, const QString &column) const;

    friend bool operator==(const JsonPathFilter &, const JsonPathFilter &) = default;
};

} // namespace porthole
