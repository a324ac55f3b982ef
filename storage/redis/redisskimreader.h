#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <sys/types.h>
#include <vector>

namespace porthole {

// What RedisClient::skim() keeps of one answer.
struct RedisSkim
{
    QList<qint64> arrayLengths; // as declared, of the first 16 arrays in the answer's order
    QList<QByteArray> values;   // the first strings, integers, status and error lines, cut
    QList<qint64> valueLengths; // their whole lengths (a string's, as declared; -1: nil)
    qint64 valueCount = 0;      // all of them
    bool isError = false;       // the answer is an error line (values holds it)
};

// Reads one answer in RESP2 as its bytes arrive, keeping the declared lengths of its first
// arrays and its first values, each cut: what skim() returns.
class RedisSkimReader
{
public:
    enum class Step
    {
        More, // the answer goes on
        Complete,
        Broken // problem() says how
    };

    RedisSkimReader(int keepValues, int keepBytes, const QString &answer)
        : m_keepValues(keepValues)
        , m_keepBytes(keepBytes)
        , m_answer(answer)
    {}

    // Takes the bytes that arrived, up to the end of the answer.
    Step take(const char *bytes, ssize_t count);
    const RedisSkim &skim() const { return m_out; }
    const QString &problem() const { return m_problem; }

private:
    static constexpr qsizetype maxHeader = 64;
    static constexpr size_t maxDepth = 64;
    enum class State
    {
        Type,
        Line,
        String,
        StringEnd
    };

    Step endHeader();
    void keep(const QByteArray &bytes, qint64 length);
    bool ended();
    Step valueEnded() { return ended() ? Step::Complete : Step::More; }

    const int m_keepValues;
    const int m_keepBytes;
    const QString m_answer;
    RedisSkim m_out;
    State m_state = State::Type;
    char m_type = 0;
    QByteArray m_line;
    QByteArray m_value;
    qint64 m_declared = 0;
    qint64 m_left = 0;
    std::vector<qint64> m_open; // elements still to come in each open array
    QString m_problem;
};

} // namespace porthole
