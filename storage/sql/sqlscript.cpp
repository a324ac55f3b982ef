#include "sqlscript.h"

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

bool isWordStart(QChar c)
{
    return c.isLetter() || c == u'_';
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$';
}

// True when the statement text holds something besides comments and white space.
bool hasCode(const QString &statement)
{
    qsizetype i = 0;
    const qsizetype n = statement.size();
    while (i < n) {
        const QChar c = statement.at(i);
        if (c.isSpace()) {
            ++i;
        } else if (c == u'-' && i + 1 < n && statement.at(i + 1) == u'-') {
            while (i < n && statement.at(i) != u'\n')
                ++i;
        } else if (c == u'/' && i + 1 < n && statement.at(i + 1) == u'*') {
            const qsizetype end = statement.indexOf(u"*/"_s, i + 2);
            i = end < 0 ? n : end + 2;
        } else {
            return true;
        }
    }
    return false;
}

} // namespace

QStringList splitSqlStatements(const QString &script)
{
    QStringList statements;
    const qsizetype n = script.size();
    qsizetype start = 0;
    qsizetype i = 0;
    QStringList words;  // the statement's first words, to recognise CREATE TRIGGER
    int blockDepth = 0; // BEGIN/CASE ... END nesting inside a trigger body

    const auto finish = [&](qsizetype end) {
        const QString statement = script.mid(start, end - start).trimmed();
        if (hasCode(statement))
            statements.append(statement);
        start = end + 1;
        words.clear();
        blockDepth = 0;
    };

    while (i < n) {
        const QChar c = script.at(i);
        const QChar next = i + 1 < n ? script.at(i + 1) : QChar();
        if (c == u'\'' || c == u'"') {
            // A quoted string or identifier; a doubled quote stands for itself.
            ++i;
            while (i < n) {
                if (script.at(i) == c) {
                    if (i + 1 < n && script.at(i + 1) == c) {
                        i += 2;
                        continue;
                    }
                    break;
                }
                ++i;
            }
            ++i;
        } else if (c == u'-' && next == u'-') {
            while (i < n && script.at(i) != u'\n')
                ++i;
        } else if (c == u'/' && next == u'*') {
            const qsizetype end = script.indexOf(u"*/"_s, i + 2);
            i = end < 0 ? n : end + 2;
        } else if (c == u'$' && (next == u'$' || isWordStart(next))) {
            // $tag$ ... $tag$ (PostgreSQL); a $ that does not open a tag is a plain character.
            qsizetype tagEnd = i + 1;
            while (tagEnd < n && script.at(tagEnd) != u'$' && isWordChar(script.at(tagEnd)))
                ++tagEnd;
            if (tagEnd < n && script.at(tagEnd) == u'$') {
                const QString tag = script.mid(i, tagEnd - i + 1);
                const qsizetype close = script.indexOf(tag, tagEnd + 1);
                i = close < 0 ? n : close + tag.size();
            } else {
                ++i;
            }
        } else if (isWordStart(c)) {
            qsizetype end = i + 1;
            while (end < n && isWordChar(script.at(end)))
                ++end;
            const QString word = script.mid(i, end - i).toUpper();
            if (words.size() < 3)
                words.append(word);
            const bool inTrigger =
                words.size() >= 2 && words.at(0) == u"CREATE"_s &&
                (words.at(1) == u"TRIGGER"_s ||
                 (words.size() >= 3 && words.at(2) == u"TRIGGER"_s)); // CREATE TEMP TRIGGER
            if (inTrigger) {
                if (word == u"BEGIN"_s || (word == u"CASE"_s && blockDepth > 0))
                    ++blockDepth;
                else if (word == u"END"_s && blockDepth > 0)
                    --blockDepth;
            }
            i = end;
        } else if (c == u';' && blockDepth == 0) {
            finish(i);
            ++i;
        } else {
            ++i;
        }
    }
    finish(n);
    return statements;
}

} // namespace porthole
