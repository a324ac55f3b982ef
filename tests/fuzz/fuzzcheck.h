#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

// What the fuzz targets share: a check that stops the run when an invariant breaks (libFuzzer
// then saves the input as a crash), and a reader that takes values off the front of the input.

// Prints where and what, then aborts.
#define PORTHOLE_FUZZ_CHECK(condition)                                                             \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

namespace porthole::fuzz {

// The input as bytes, with a cursor: take() hands out the bytes in front, and zeros once the
// input is used up, so that every input is a valid one.
class FuzzInput
{
public:
    FuzzInput(const uint8_t *data, size_t size)
        : m_bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size))
    {}

    QByteArrayView all() const { return m_bytes; }

    quint8 byte() { return m_at < m_bytes.size() ? static_cast<quint8>(m_bytes[m_at++]) : 0; }

    quint64 integer()
    {
        quint64 value = 0;
        for (int i = 0; i < 8; ++i)
            value = value << 8 | byte();
        return value;
    }

private:
    QByteArrayView m_bytes;
    qsizetype m_at = 0;
};

} // namespace porthole::fuzz
