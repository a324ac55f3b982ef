#include "redisreplychecker.h"

#include <algorithm>
#include <charconv>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// RESP3's types, which Redis sends only to a client that asked for them (HELLO 3).
QString resp3TypeName(char type)
{
    switch (type) {
    case '%':
        return u"map"_s;
    case '~':
        return u"set"_s;
    case '>':
        return u"push message"_s;
    case '#':
        return u"boolean"_s;
    case ',':
        return u"double"_s;
    case '(':
        return u"big number"_s;
    case '=':
        return u"verbatim string"_s;
    case '_':
        return u"null"_s;
    case '|':
        return u"attribute"_s;
    case '!':
        return u"blob error"_s;
    }
    return {};
}

} // namespace

QString redisExcerpt(std::string_view bytes)
{
    constexpr size_t shown = 32;
    QString out;
    for (const char c : bytes.substr(0, shown)) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\r')
            out += u"\\r"_s;
        else if (c == '\n')
            out += u"\\n"_s;
        else if (c == '"' || c == '\\')
            out += u"\\"_s + QChar::fromLatin1(c);
        else if (byte >= 0x20 && byte < 0x7f)
            out += QChar::fromLatin1(c);
        else
            out += u"\\x%1"_s.arg(uint(byte), 2, 16, QChar(u'0'));
    }
    return u'"' + out + (bytes.size() > shown ? u"\"…"_s : u"\""_s);
}

RedisReplyChecker::Problem RedisReplyChecker::check(const char *data, qsizetype size)
{
    if (m_problem)
        return *m_problem;
    m_valueStart = 0;
    for (qsizetype i = 0; i < size; ++i) {
        Problem problem = step(data, size, i);
        if (!problem.ok()) {
            // hiredis gets nothing of the value at fault.
            problem.offset = m_valueStart;
            m_problem = problem;
            return problem;
        }
    }
    return {};
}

// Takes the byte at i (and, in a string, those after it that belong to the string).
RedisReplyChecker::Problem RedisReplyChecker::step(const char *data, qsizetype size, qsizetype &i)
{
    const char c = data[i];
    switch (m_state) {
    case State::Type:
        return typeByte(data, size, i);
    case State::Line:
        if (c == '\r')
            m_state = State::LineEnd;
        else if (c == '\n')
            return malformed(u"a line feed without a carriage return in a status or error "
                             "line"_s);
        else if (++m_lineBytes > m_limits.maxLineBytes)
            return tooLarge(
                u"a status or error line longer than %1 bytes"_s.arg(m_limits.maxLineBytes));
        break;
    case State::LineEnd:
    case State::NumberEnd:
    case State::StringLf:
        if (c != '\n')
            return malformed(u"a carriage return followed by %1 instead of a line feed"_s.arg(
                redisExcerpt({data + i, 1})));
        if (m_state == State::NumberEnd) {
            if (const Problem problem = header(); !problem.ok())
                return problem;
        } else {
            valueDone();
        }
        break;
    case State::Number:
        if (c == '\r') {
            m_state = State::NumberEnd;
        } else if (m_numberLength == int(sizeof(m_number))) {
            return malformed(
                u"%1 of more than %2 characters"_s.arg(headerName()).arg(sizeof(m_number)));
        } else {
            m_number[m_numberLength++] = c;
        }
        break;
    case State::String: {
        const qint64 taken = std::min<qint64>(m_stringLeft, size - i);
        m_stringLeft -= taken;
        i += taken - 1;
        if (m_stringLeft == 0)
            m_state = State::StringCr;
        break;
    }
    case State::StringCr:
        if (c != '\r')
            return malformed(u"a string of %1 bytes followed by %2 instead of CR LF"_s.arg(
                QString::number(m_stringLength), redisExcerpt({data + i, size_t(size - i)})));
        m_state = State::StringLf;
        break;
    }
    return {};
}

// The first byte of a value: its type.
RedisReplyChecker::Problem RedisReplyChecker::typeByte(const char *data, qsizetype size,
                                                       qsizetype i)
{
    const char c = data[i];
    m_valueStart = i;
    if (m_open.empty())
        m_elements = 0; // a new answer
    switch (c) {
    case '+':
    case '-':
        m_state = State::Line;
        m_lineBytes = 0;
        break;
    case '*':
        // Refused at its first byte: hiredis would refuse it there, in its own words.
        if (qsizetype(m_open.size()) >= m_limits.maxDepth)
            return Problem{u"arrays nested more than %1 deep"_s.arg(m_limits.maxDepth),
                           Problem::Kind::TooDeep};
        [[fallthrough]];
    case ':':
    case '$':
        m_header = c == ':' ? Header::Integer : c == '$' ? Header::String : Header::Array;
        m_state = State::Number;
        m_numberLength = 0;
        break;
    default:
        if (const QString resp3 = resp3TypeName(c); !resp3.isEmpty())
            return malformed(u"a RESP3 %1 ('%2'), which Porthole does not read (it speaks "
                             "RESP2, which Redis sends unless a client asks for RESP3)"_s.arg(
                                 resp3, QChar::fromLatin1(c)));
        return malformed(
            u"%1 where a value should begin"_s.arg(redisExcerpt({data + i, size_t(size - i)})));
    }
    return {};
}

QString RedisReplyChecker::headerName() const
{
    switch (m_header) {
    case Header::Integer:
        return u"an integer"_s;
    case Header::String:
        return u"the length of a string"_s;
    case Header::Array:
        return u"the length of an array"_s;
    }
    return {};
}

// A number line has ended: an integer, or the length of a string or an array.
RedisReplyChecker::Problem RedisReplyChecker::header()
{
    const std::string_view text(m_number, size_t(m_numberLength));
    long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error == std::errc::invalid_argument || end != text.data() + text.size())
        return malformed(u"%1 that is not a number: %2"_s.arg(headerName(), redisExcerpt(text)));
    if (error != std::errc())
        return malformed(u"%1 beyond 64 bits: %2"_s.arg(headerName(), redisExcerpt(text)));

    if (m_header == Header::Integer) {
        valueDone();
        return {};
    }
    // The length of a string or an array: -1 is nil, and no other is negative.
    if (value == -1) {
        valueDone();
        return {};
    }
    if (value < 0)
        return malformed(u"%1 of length %2 (the only negative length is -1, for nil)"_s
                             .arg(m_header == Header::String ? u"a string"_s : u"an array"_s)
                             .arg(value));
    if (m_header == Header::String) {
        if (value > m_limits.maxStringBytes)
            return tooLarge(
                u"a string of %1 bytes, more than the %2 Porthole accepts"_s.arg(value).arg(
                    m_limits.maxStringBytes));
        m_stringLength = m_stringLeft = value;
        m_state = value == 0 ? State::StringCr : State::String;
        return {};
    }
    if (value > m_limits.maxElements - m_elements)
        return tooLarge(m_elements == 0
                            ? u"an array of %1 elements, more than the %2 Porthole accepts in one "
                              "answer"_s.arg(value)
                                  .arg(m_limits.maxElements)
                            : u"an array of %1 elements after %2 others in the same answer, more "
                              "than the %3 Porthole accepts in one answer"_s.arg(value)
                                  .arg(m_elements)
                                  .arg(m_limits.maxElements));
    if (value == 0) {
        valueDone();
        return {};
    }
    m_elements += value;
    m_open.push_back(value);
    m_state = State::Type;
    return {};
}

void RedisReplyChecker::valueDone()
{
    m_state = State::Type;
    while (!m_open.empty()) {
        if (--m_open.back() > 0)
            return;
        m_open.pop_back();
    }
}

} // namespace porthole
