#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

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

// A connection URL (DatabaseUrl, RedisUrl) as the console keeps it: its display string, which
// recent connections and profiles hold and open again, parses back to the same URL without
// its password, and shows a password only as "***".
template <typename Url>
void checkDisplayString(const Url &url)
{
    using namespace Qt::StringLiterals;
    const Url kept = url.withPassword({});
    const auto reopened = Url::parse(kept.toDisplayString());
    if (!reopened.ok() || !(*reopened == kept)) {
        std::fprintf(stderr, "display string: %s\nparses to: %s\n",
                     qPrintable(kept.toDisplayString()),
                     reopened.ok() ? qPrintable(reopened->toDisplayString())
                                   : qPrintable(reopened.errorMessage()));
    }
    PORTHOLE_FUZZ_CHECK(reopened.ok() && *reopened == kept);
    if (!url.password().isEmpty()) {
        const auto shown = Url::parse(url.toDisplayString());
        PORTHOLE_FUZZ_CHECK(shown.ok() && *shown == url.withPassword(u"***"_s));
    }
}

} // namespace porthole::fuzz
