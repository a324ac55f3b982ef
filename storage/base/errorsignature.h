#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace porthole {

// The shape of an error message with its particulars taken out, so that dead letters that
// failed for the same reason group together: "timeout after 30s on 10.0.0.7:6379 (id
// 3f9a2b7c1d)" and "timeout after 5s on 10.0.0.9:6379 (id 88aa1200ff)" both become
// "timeout after <n>s on <ip>:<n> (id <hex>)".
//
// Replaced, in this order, each rule seeing the result of the ones before:
//   quoted text          "..." -> "<s>", '...' -> '<s>' (an apostrophe inside a word, as
//                        in "can't", does not open a quote)
//   UUIDs                -> <uuid>
//   ISO timestamps       2024-05-01T12:00:00.5+02:00, 2024-05-01 12:00:00, 2024-05-01,
//                        and a bare time 12:00:00 -> <ts>
//   IP addresses         IPv4 and IPv6 (full or with "::") -> <ip>; a port stays a number
//   hexadecimal ids      0x1f3a, and runs of 8 or more hex digits with a digit and a letter
//                        among them (so plain words and plain numbers are not taken) -> <hex>
//   numbers              integers, decimals, negatives, exponents and dotted versions
//                        (1.2.3) -> <n>; a number glued after a letter (utf8, v2) is part
//                        of a word and stays, a unit after one stays ("30s" -> "<n>s")
// then runs of whitespace become one space and the ends are trimmed.
QString errorSignature(const QString &message);

// The SQL LIKE pattern (with '\\' as the escape character) that every message of the
// signature matches: each placeholder, each space and both ends become '%'. A few messages of
// other signatures may match it too; compare errorSignature() of what it finds.
QString errorLikePattern(const QString &signature);

struct ErrorOccurrence
{
    QString message;
    QDateTime createdAt; // may be invalid: the row is counted, its time is not
};

struct ErrorGroup
{
    QString signature;
    qsizetype count = 0;
    QDateTime firstSeen;
    QDateTime lastSeen;
    QString exampleMessage; // the message of the group's most recent occurrence

    bool operator==(const ErrorGroup &other) const = default;
};

// Groups occurrences by errorSignature(), most frequent first; ties by most recent last
// occurrence, then by signature, so the order does not depend on the order of the input.
QList<ErrorGroup> groupErrors(const QList<ErrorOccurrence> &occurrences);

// A text as a dead letter's reason quotes it: in double quotes, control characters escaped, cut
// after shownReasonLength characters.
inline constexpr int shownReasonLength = 60;
QString quotedForReason(const QString &text);

} // namespace porthole
