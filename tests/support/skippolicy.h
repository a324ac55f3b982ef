#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <unistd.h>

// A test that cannot run here (no right to mount a tmpfs, to drop root's override of
// permissions, ...) skips, and QtTest counts a skip as a pass. Where the test could run, a skip
// means that it silently stopped running: as root (as CI runs the tests), or when
// PORTHOLE_TEST_NO_SKIP=1 asks for it, such a skip fails instead. PORTHOLE_TEST_NO_SKIP=0 lets
// root skip again, for a container whose root lacks the capabilities.
namespace porthole::test {

inline bool skipsFail()
{
    const QByteArray asked = qgetenv("PORTHOLE_TEST_NO_SKIP");
    if (!asked.isEmpty())
        return asked != "0";
    return ::geteuid() == 0;
}

inline QString skipText(const QString &text)
{
    return text;
}
inline QString skipText(const char *text)
{
    return QString::fromUtf8(text);
}

} // namespace porthole::test

// Skips the test with `message`, or fails it where skips fail (see above).
#define PORTHOLE_SKIP_OR_FAIL(message)                                                             \
    do {                                                                                           \
        if (porthole::test::skipsFail())                                                           \
            QFAIL(qPrintable(QStringLiteral("Would skip, but skips fail as root or with "          \
                                            "PORTHOLE_TEST_NO_SKIP=1: ") +                         \
                             porthole::test::skipText(message)));                                  \
        QSKIP(qPrintable(porthole::test::skipText(message)));                                      \
    } while (false)
