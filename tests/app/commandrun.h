#pragma once

// Runs the built `porthole` program (PORTHOLE_BINARY) as a user would, for the tests of its
// commands.

#include <QByteArray>
#include <QProcess>
#include <QStringList>

namespace porthole::test {

struct CommandRun
{
    int exitCode = -1; // -1: it crashed, or did not end within the time given
    QByteArray out;
    QByteArray err;
};

inline CommandRun runPorthole(const QStringList &arguments, int timeoutMs = 300000)
{
    QProcess process;
    process.start(qEnvironmentVariable("PORTHOLE_BINARY"), arguments);
    CommandRun run;
    if (!process.waitForFinished(timeoutMs))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace porthole::test
