#include "redisskimreader.h"

#include "redisreplychecker.h"

using namespace Qt::StringLiterals;

namespace porthole {

void RedisSkimReader::keep(const QByteArray &bytes, qint64 length)
{
    if (m_out.values.size() < m_keepValues) {
        m_out.values.append(bytes.left(m_keepBytes));
        m_out.valueLengths.append(length);
    }
    ++m_out.valueCount;
}

// A value ended: true when it ended the answer.
bool RedisSkimReader::ended()
{
    while (!m_open.empty()) {
        if (--m_open.back() > 0)
            return false;
        m_open.pop_back();
    }
    return true;
}

RedisSkimReader::Step RedisSkimReader::take(const char *bytes, ssize_t count)
{
    for (ssize_t i = 0; i < count; ++i) {
        const char c = bytes[i];
        Step step = Step::More;
        switch (m_state) {
        case State::Type:
            m_type = c;
            m_line.clear();
            m_state = State::Line;
            break;
        case State::Line:
            if (c != '\n') {
                if (m_line.size() < std::max<qsizetype>(maxHeader, m_keepBytes + 1))
                    m_line += c;
                break;
            }
            step = endHeader();
            break;
        case State::String: {
            const qint64 taken = std::min<qint64>(m_left, count - i);
            if (m_value.size() < m_keepBytes && m_out.values.size() < m_keepValues)
                m_value.append(bytes + i,
                               qsizetype(std::min<qint64>(taken, m_keepBytes - m_value.size())));
            m_left -= taken;
            i += taken - 1;
            if (m_left == 0) {
                m_state = State::StringEnd;
                m_left = 2;
            }
            break;
        }
        case State::StringEnd:
            if (--m_left == 0) {
                keep(m_value, m_declared);
                step = valueEnded();
                m_state = State::Type;
            }
            break;
        }
        if (step != Step::More)
            return step;
    }
    return Step::More;
}

// The line after a type byte ended: a simple value, or the length of a string or an array.
RedisSkimReader::Step RedisSkimReader::endHeader()
{
    if (m_line.endsWith('\r'))
        m_line.chop(1);
    bool number = false;
    const qint64 length = m_line.toLongLong(&number);
    Step step = Step::More;
    if (m_type == '+' || m_type == '-' || m_type == ':') {
        if (m_type == '-' && m_out.valueCount == 0)
            m_out.isError = true;
        keep(m_line, m_line.size());
        step = valueEnded();
        m_state = State::Type;
    } else if (m_type == '$' && number && length == -1) {
        keep({}, -1);
        step = valueEnded();
        m_state = State::Type;
    } else if (m_type == '$' && number && length >= 0) {
        m_declared = m_left = length;
        m_value.clear();
        m_state = length == 0 ? State::StringEnd : State::String;
        if (length == 0)
            m_left = 2;
    } else if (m_type == '*' && number && length >= -1) {
        if (m_out.arrayLengths.size() < 16)
            m_out.arrayLengths.append(length);
        if (length > 0 && m_open.size() == maxDepth) {
            m_problem = u"sent %1 nested deeper than %2 arrays."_s.arg(m_answer).arg(maxDepth);
            return Step::Broken;
        }
        if (length > 0)
            m_open.push_back(length);
        else
            step = valueEnded();
        m_state = State::Type;
    } else {
        m_problem = u"broke the Redis protocol (RESP2) in %1: %2 where a value "
                    "should begin. Porthole closed the connection."_s.arg(
                        m_answer, redisExcerpt({&m_type, 1}));
        return Step::Broken;
    }
    return step;
}

} // namespace porthole
