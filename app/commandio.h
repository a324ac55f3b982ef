#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QTextStream>

namespace porthole {

// Shared by the subcommands: where their output goes and how they end.
QTextStream &standardOutput();
QTextStream &standardError();

// Exit codes every subcommand uses.
enum ExitCode
{
    ExitOk = 0,
    ExitFailure = 1,
    ExitUsage = 2
};

// Parses a subcommand's arguments with --help handled. Returns -1 to go on, or the exit
// code to end with (help shown, or a usage error printed).
int parseSubcommand(QCommandLineParser &parser, const QStringList &arguments);

// A count for a person, with thousands separators ("1,234,567"); fractions are dropped.
QString countText(double value);

// Prints "porthole NAME: message" and a hint to --help; returns ExitUsage.
int usageError(const QString &command, const QString &message);

} // namespace porthole
