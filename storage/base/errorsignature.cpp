#include "errorsignature.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

struct Rule
{
    QRegularExpression pattern;
    QString placeholder;
};

// "Not inside a word": the patterns below must not bite into identifiers such as utf8, v2 or
// sha256, so they look at the character before (and sometimes after) the match.
const std::array<Rule, 10> &rules()
{
    constexpr auto ci = QRegularExpression::CaseInsensitiveOption;
    static const std::array<Rule, 10> table{{
        // Quoted text first: whatever is inside (numbers, ids) belongs to the value.
        {QRegularExpression(uR"("(?:[^"\\]|\\.)*")"_s), uR"("<s>")"_s},
        {QRegularExpression(uR"((?<![\p{L}\p{N}])'[^'\n]*')"_s), u"'<s>'"_s},
        {QRegularExpression(
             uR"(\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b)"_s, ci),
         u"<uuid>"_s},
        {QRegularExpression(
             uR"(\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?(?![\p{L}\p{N}]))"_s),
         u"<ts>"_s},
        {QRegularExpression(uR"((?<![\p{N}:])\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?![\p{N}:]))"_s),
         u"<ts>"_s},
        // IPv6 before IPv4 and numbers, which would otherwise take its groups apart. The
        // lookahead wants at least one hex digit, so a bare "::" is left alone.
        {QRegularExpression(
             uR"((?<![\w:.])(?=[0-9a-f:]*[0-9a-f])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?)(?![\w:]))"_s,
             ci),
         u"<ip>"_s},
        {QRegularExpression(uR"((?<![\p{N}.])(?:\d{1,3}\.){3}\d{1,3}(?![\p{N}]|\.\p{N}))"_s),
         u"<ip>"_s},
        {QRegularExpression(uR"((?<![\p{L}\p{N}])0x[0-9a-f]+(?![\p{L}\p{N}]))"_s, ci), u"<hex>"_s},
        // Both a digit and a letter: a long plain word ("deadbeefed") or a long number stays
        // what it is; the number rule below takes the latter.
        {QRegularExpression(
             uR"((?<![\p{L}\p{N}])(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}(?![\p{L}\p{N}]))"_s,
             ci),
         u"<hex>"_s},
        // A unit after the number stays ("30s" -> "<n>s"): it tells errors apart.
        {QRegularExpression(uR"((?<![\p{L}\p{N}])-?\d+(?:\.\d+)*(?:[eE][+-]?\d+)?)"_s), u"<n>"_s},
    }};
    return table;
}

} // namespace

QString errorSignature(const QString &message)
{
    static const QRegularExpression whitespace(u"\\s+"_s);
    QString signature = message;
    for (const Rule &rule : rules())
        signature.replace(rule.pattern, rule.placeholder);
    return signature.replace(whitespace, u" "_s).trimmed();
}

QList<ErrorGroup> groupErrors(const QList<ErrorOccurrence> &occurrences)
{
    QList<ErrorGroup> groups;
    QHash<QString, qsizetype> groupOfSignature;
    // Dead letters tend to repeat the very same message; normalising each distinct text once
    // keeps grouping tens of thousands of rows cheap.
    QHash<QString, QString> signatureOfMessage;
    for (const ErrorOccurrence &occurrence : occurrences) {
        auto known = signatureOfMessage.constFind(occurrence.message);
        if (known == signatureOfMessage.constEnd())
            known =
                signatureOfMessage.insert(occurrence.message, errorSignature(occurrence.message));
        const QString &signature = known.value();

        auto slot = groupOfSignature.constFind(signature);
        if (slot == groupOfSignature.constEnd()) {
            slot = groupOfSignature.insert(signature, groups.size());
            groups.append({signature, 0, {}, {}, occurrence.message});
        }
        ErrorGroup &group = groups[slot.value()];
        ++group.count;
        const QDateTime &at = occurrence.createdAt;
        if (!at.isValid())
            continue;
        if (!group.firstSeen.isValid() || at < group.firstSeen)
            group.firstSeen = at;
        if (!group.lastSeen.isValid() || at > group.lastSeen) {
            group.lastSeen = at;
            group.exampleMessage = occurrence.message;
        }
    }
    std::sort(groups.begin(), groups.end(), [](const ErrorGroup &a, const ErrorGroup &b) {
        if (a.count != b.count)
            return a.count > b.count;
        if (a.lastSeen != b.lastSeen)
            return a.lastSeen > b.lastSeen; // groups with no valid time come last
        return a.signature < b.signature;
    });
    return groups;
}

QString errorLikePattern(const QString &signature)
{
    // Each placeholder stands for text that was taken out, each space for a run of
    // whitespace, and the ends for whitespace trimmed: all of them become '%'.
    static const QRegularExpression placeholder(u"<(?:s|uuid|ts|ip|hex|n)>"_s);
    QString pattern;
    bool wild = false; // the pattern ends with a wildcard (not an escaped '%')
    const auto wildcard = [&] {
        if (!wild)
            pattern += u'%';
        wild = true;
    };
    const auto literal = [&](QStringView text) {
        for (const QChar c : text) {
            if (c == u' ') {
                wildcard();
                continue;
            }
            if (c == u'%' || c == u'_' || c == u'\\')
                pattern += u'\\';
            pattern += c;
            wild = false;
        }
    };
    wildcard();
    qsizetype at = 0;
    for (auto it = placeholder.globalMatch(signature); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        literal(QStringView(signature).mid(at, match.capturedStart() - at));
        wildcard();
        at = match.capturedEnd();
    }
    literal(QStringView(signature).mid(at));
    wildcard();
    return pattern;
}

QString quotedForReason(const QString &text)
{
    QString out;
    out.reserve(std::min<qsizetype>(text.size(), shownReasonLength) + 3);
    out += u'"';
    const qsizetype shown = std::min<qsizetype>(text.size(), shownReasonLength);
    for (qsizetype i = 0; i < shown; ++i) {
        const QChar c = text.at(i);
        if (c == u'"' || c == u'\\') {
            out += u'\\';
            out += c;
        } else if (c.unicode() < 0x20 || c.unicode() == 0x7f) {
            out += u"\\u%1"_s.arg(c.unicode(), 4, 16, QChar(u'0'));
        } else {
            out += c;
        }
    }
    if (shown < text.size())
        out += u"\u2026"_s;
    out += u'"';
    return out;
}

} // namespace porthole
