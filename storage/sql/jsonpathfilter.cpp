#include "jsonpathfilter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

StorageError bad(const QString &what, qsizetype at)
{
    return StorageError::invalidArgument(
        u"%1 (at character %2). Write it as $.key = value, e.g. $.order_id = 42 or "
        "$.status = \"open\"."_s.arg(what, QString::number(at + 1)));
}

bool isIdentifierStart(QChar c)
{
    return c.isLetter() || c == u'_';
}

bool isIdentifierPart(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

// A JSON string from `at` (its opening quote) to its closing quote, unescaped; `at` ends after it.
Result<QString> quoted(const QString &text, qsizetype &at)
{
    const qsizetype start = at;
    qsizetype end = at + 1;
    while (end < text.size() && text.at(end) != u'"') {
        if (text.at(end) == u'\\')
            ++end;
        ++end;
    }
    if (end >= text.size())
        return bad(u"A quoted key has no closing \""_s, start);
    const QJsonDocument doc =
        QJsonDocument::fromJson((u'[' + text.mid(start, end - start + 1) + u']').toUtf8());
    if (!doc.isArray() || doc.array().size() != 1 || !doc.array().at(0).isString())
        return bad(u"A quoted key is not a JSON string"_s, start);
    at = end + 1;
    return doc.array().at(0).toString();
}

QString quotedKey(const QString &key)
{
    // A JSON string, as both SQLite's paths and PostgreSQL's array literals read it.
    QString out = u"\""_s;
    for (const QChar c : key) {
        if (c == u'"' || c == u'\\')
            out += u'\\';
        out += c;
    }
    return out + u'"';
}

bool isPlainKey(const QString &key)
{
    if (key.isEmpty() || !isIdentifierStart(key.at(0)))
        return false;
    for (const QChar c : key) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'_')
            return false;
    }
    return true;
}

} // namespace

Result<JsonPathFilter> JsonPathFilter::parse(const QString &expression)
{
    const QString text = expression.trimmed();
    JsonPathFilter filter;
    if (text.isEmpty())
        return bad(u"The condition is empty"_s, 0);
    if (text.at(0) != u'$')
        return bad(u"A path starts with $"_s, 0);
    qsizetype at = 1;
    // The path: .key, ."key", [index], until white space or an operator.
    while (at < text.size()) {
        const QChar c = text.at(at);
        if (c == u'.') {
            ++at;
            if (at < text.size() && text.at(at) == u'"') {
                auto key = quoted(text, at);
                if (!key)
                    return key.error();
                filter.steps.append({*key, 0, false});
                continue;
            }
            const qsizetype start = at;
            if (at >= text.size() || !isIdentifierStart(text.at(at)))
                return bad(u"A key must follow the dot (quote it if it is not a plain name)"_s, at);
            while (at < text.size() && isIdentifierPart(text.at(at)))
                ++at;
            filter.steps.append({text.mid(start, at - start), 0, false});
        } else if (c == u'[') {
            const qsizetype start = ++at;
            while (at < text.size() && text.at(at).isDigit())
                ++at;
            bool ok = false;
            const qint64 index = text.mid(start, at - start).toLongLong(&ok);
            if (!ok || at >= text.size() || text.at(at) != u']')
                return bad(u"An array index is a number in brackets, such as [0]"_s, start);
            ++at;
            filter.steps.append({{}, index, true});
        } else {
            break;
        }
    }
    while (at < text.size() && text.at(at).isSpace())
        ++at;
    if (at >= text.size())
        return bad(u"The path needs an operator and a value"_s, at);
    static const QList<std::pair<QString, Op>> operators{
        {u"!="_s, Op::NotEqual}, {u"<="_s, Op::LessOrEqual}, {u">="_s, Op::GreaterOrEqual},
        {u"=="_s, Op::Equal},    {u"="_s, Op::Equal},        {u"<"_s, Op::Less},
        {u">"_s, Op::Greater},
    };
    bool found = false;
    for (const auto &[token, op] : operators) {
        if (QStringView(text).mid(at).startsWith(token)) {
            filter.op = op;
            at += token.size();
            found = true;
            break;
        }
    }
    if (!found)
        return bad(u"Expected an operator: = != < <= > >="_s, at);
    const QString valueText = text.mid(at).trimmed();
    if (valueText.isEmpty())
        return bad(u"A value must follow the operator"_s, text.size());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson((u'[' + valueText + u']').toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != 1)
        return bad(u"The value is not a number, a \"quoted string\", true, false or null"_s, at);
    filter.value = doc.array().at(0);
    if (filter.value.isArray() || filter.value.isObject())
        return bad(u"The value must be a single number, string, true, false or null"_s, at);
    const bool ordering = filter.op != Op::Equal && filter.op != Op::NotEqual;
    if (ordering && !filter.value.isDouble())
        return bad(u"< <= > >= compare numbers only"_s, at);
    return filter;
}

QString JsonPathFilter::sqlitePath() const
{
    QString path = u"$"_s;
    for (const Step &step : steps) {
        if (step.isIndex)
            path += u'[' + QString::number(step.index) + u']';
        else
            path += u'.' + (isPlainKey(step.key) ? step.key : quotedKey(step.key));
    }
    return path;
}

QString JsonPathFilter::postgresPath() const
{
    QStringList parts;
    for (const Step &step : steps)
        parts << quotedKey(step.isIndex ? QString::number(step.index) : step.key);
    return u'{' + parts.join(u',') + u'}';
}

WhereClause JsonPathFilter::where(SqlEngine engine, const QString &column) const
{
    QString symbol = u"="_s; // != is NOT (=)
    switch (op) {
    case Op::Equal:
    case Op::NotEqual:
        break;
    case Op::Less:
        symbol = u"<"_s;
        break;
    case Op::LessOrEqual:
        symbol = u"<="_s;
        break;
    case Op::Greater:
        symbol = u">"_s;
        break;
    case Op::GreaterOrEqual:
        symbol = u">="_s;
        break;
    }
    QString condition;
    QVariantList params;
    if (engine == SqlEngine::PostgreSQL) {
        // jsonb compares numbers by value (42 = 42.0) and never a number with a string.
        const QString array = QString::fromUtf8(
            QJsonDocument(QJsonArray{this->value}).toJson(QJsonDocument::Compact));
        const QString scalar = array.mid(1, array.size() - 2); // the value as JSON text
        if (op == Op::Equal || op == Op::NotEqual) {
            condition = u"(%1 #> CAST(? AS text[])) = CAST(? AS jsonb)"_s.arg(column);
        } else {
            condition = u"(jsonb_typeof(%1 #> CAST(? AS text[])) = 'number' AND "
                        "(%1 #> CAST(? AS text[])) %2 CAST(? AS jsonb))"_s.arg(column, symbol);
            params << postgresPath();
        }
        params << postgresPath() << scalar;
    } else {
        // json_type() keeps a number from matching a string ("42" is not 42), and says
        // 'true', 'false' and 'null', which json_extract() turns into 1, 0 and NULL.
        const QString path = sqlitePath();
        if (value.isBool() || value.isNull()) {
            condition = u"json_type(%1, ?) = ?"_s.arg(column);
            params << path
                   << (value.isNull()   ? u"null"_s
                       : value.toBool() ? u"true"_s
                                        : u"false"_s);
        } else if (value.isString()) {
            condition = u"(json_type(%1, ?) = 'text' AND json_extract(%1, ?) = ?)"_s.arg(column);
            params << path << path << value.toString();
        } else {
            condition = u"(json_type(%1, ?) IN ('integer', 'real') AND "
                        "json_extract(%1, ?) %2 ?)"_s.arg(column, symbol);
            const double number = value.toDouble();
            const bool integral = number == double(qint64(number)) && qAbs(number) < 9.0e15;
            params << path << path << (integral ? QVariant(qint64(number)) : QVariant(number));
        }
    }
    WhereClause where;
    where.add(op == Op::NotEqual ? u"NOT coalesce(%1, false)"_s.arg(condition) : condition, params);
    return where;
}

} // namespace porthole
