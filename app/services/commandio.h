#pragma once

#include <QCommandLineParser>
#include <QDateTime>
#include <QString>
#include <QTextStream>

namespace porthole {

// Shared by the subcommands: where their output goes and how they end.
QTextStream &standardOutput();
// Never fails: what cannot be written to standard error (its reader went away) is dropped.
QTextStream &standardError();

// Exit codes every subcommand uses.
enum ExitCode
{
    ExitOk = 0,
    ExitFailure = 1,
    ExitUsage = 2
};

// The parser's help, its usage line naming `program` ("porthole", "porthole ingest"): the
// parser itself names QCoreApplication's executable, or none before there is one.
QString helpText(const QCommandLineParser &parser, const QString &program);

// Parses a subcommand's arguments with --help handled. Returns -1 to go on, or the exit
// code to end with (help shown, or a usage error printed).
int parseSubcommand(QCommandLineParser &parser, const QStringList &arguments);

// A count for a person, with thousands separators ("1,234,567"); fractions are dropped.
QString countText(double value);

// A time given on a command line: ISO 8601, with milliseconds or without; one without a zone
// is UTC. Invalid when it is not one.
QDateTime commandLineTime(const QString &text);

// Prints "porthole NAME: message" and a hint to --help; returns ExitUsage.
int usageError(const QString &command, const QString &message);

} // namespace porthole
