#pragma once

#include <QString>

#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

namespace porthole {

// What one answer from Redis may hold. The bytes are checked against RESP2 and these limits as
// they arrive, before hiredis reads them: hiredis 0.14 allocates an array's element pointers
// for its declared length before any element has arrived (8 bytes each: 16 GiB for
// "*2147483647"), and buffers a string or a line whatever its length. An answer past a limit
// ends the connection with an error that says which limit, so that memory follows what the
// server actually sent, plus at most 8 bytes per element declared in advance.
struct RedisReplyLimits
{
    qint64 maxStringBytes = 512LL * 1024 * 1024; // a bulk string; Redis's own proto-max-bulk-len
    qint64 maxElements = 4 * 1024 * 1024;        // in all the arrays of one answer together
    int maxDepth = 8;                            // arrays within arrays, the outer one counted
    qint64 maxLineBytes = 1024 * 1024;           // a status or an error line
};

// A few bytes of what the server sent, for a message: printable ASCII as it is, the rest
// escaped, in quotes, "…" after the 32nd byte.
QString redisExcerpt(std::string_view bytes);

// Follows the bytes of the server's answers, RESP2 as Redis sends it, and says what is wrong
// the moment something is: a type that is not RESP2, a length that is not a number or is
// negative other than -1 (nil), a string not ended by CR LF, a bare CR or LF in a line, or a
// string, line, array or nesting past the limits. It holds no answer, only where it is in one,
// so it needs no memory of its own whatever the server sends.
class RedisReplyChecker
{
public:
    struct Problem
    {
        enum class Kind
        {
            Malformed, // not RESP2
            TooLarge,  // a string, a line or arrays longer than the limits
            TooDeep,   // arrays nested deeper than the limit
        };
        QString what; // empty: none
        Kind kind = Kind::Malformed;
        qsizetype offset = 0; // in the bytes given to check(): those before it are sound
        bool ok() const { return what.isEmpty(); }
    };

    explicit RedisReplyChecker(const RedisReplyLimits &limits)
        : m_limits(limits)
    {
        // hiredis 0.14 reads arrays nested at most 8 deep.
        m_limits.maxDepth = std::clamp(m_limits.maxDepth, 1, 8);
    }

    // Checks the next bytes. After a problem, the connection cannot be trusted: nothing
    // more is checked, and the problem stays.
    Problem check(const char *data, qsizetype size);
    const std::optional<Problem> &problem() const { return m_problem; }
    // Part of an answer has arrived, and not the rest.
    bool midAnswer() const { return m_state != State::Type || !m_open.empty(); }

private:
    enum class State
    {
        Type,      // the first byte of a value
        Line,      // a status or error line
        LineEnd,   // its LF
        Number,    // an integer, or the length of a string or an array
        NumberEnd, // its LF
        String,    // a string's bytes
        StringCr,  // the CR LF after them
        StringLf,
    };
    enum class Header
    {
        Integer,
        String,
        Array
    };

    Problem step(const char *data, qsizetype size, qsizetype &i);
    Problem typeByte(const char *data, qsizetype size, qsizetype i);
    Problem header();
    void valueDone();
    QString headerName() const;
    static Problem malformed(QString what) { return {std::move(what), Problem::Kind::Malformed}; }
    static Problem tooLarge(QString what) { return {std::move(what), Problem::Kind::TooLarge}; }

    RedisReplyLimits m_limits;
    State m_state = State::Type;
    Header m_header = Header::Integer;
    qint64 m_lineBytes = 0;
    char m_number[20] = {};
    int m_numberLength = 0;
    qint64 m_stringLength = 0;
    qint64 m_stringLeft = 0;
    qint64 m_elements = 0;      // declared so far in the current answer
    std::vector<qint64> m_open; // elements still to come in each open array, outermost first
    qsizetype m_valueStart = 0; // in the bytes being checked: where the current value began
    std::optional<Problem> m_problem;
};

} // namespace porthole
