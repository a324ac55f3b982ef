#pragma once

// Runs the built `porthole` program (PORTHOLE_BINARY) as a user would, for the tests of its
// commands.

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

namespace porthole::test {

struct CommandRun
{
    int exitCode = -1; // -1: it crashed, or did not end within the time given
    QByteArray out;
    QByteArray err;
};

// `porthole ARGUMENTS` run to its end, in `environment`; one that has not ended within
// `timeoutMs` is killed, and what it wrote until then kept.
inline CommandRun
runPorthole(const QStringList &arguments, int timeoutMs = 300000,
            const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(qEnvironmentVariable("PORTHOLE_BINARY"), arguments);
    CommandRun run;
    const bool finished = process.waitForFinished(timeoutMs);
    if (!finished) {
        process.kill();
        process.waitForFinished(timeoutMs);
    }
    if (finished && process.exitStatus() == QProcess::NormalExit)
        run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace porthole::test
