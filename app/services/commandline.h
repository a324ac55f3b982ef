#pragma once

#include "databaseurl.h"
#include "redisurl.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace porthole {

// What the window opens on. Empty fields mean the embedded default in the data directory.
struct GuiOptions
{
    QString dataDirectory;               // --data-dir; empty: QStandardPaths::AppDataLocation
    std::optional<DatabaseUrl> database; // --db; default: {data dir}/porthole.db
    QString batchDirectory;              // --files; default: {data dir}/example_receiver/messages
    std::optional<RedisUrl> redis;       // --redis
    QString pane;                        // --pane; empty: the one shown last
    QString view;                        // --view: a saved view of that pane's
    QString ingestKey;                   // --ingest: receive from this stream at start-up
    bool readOnly = false;               // --read-only: no replay, edit, purge or move
};

// A subcommand (`porthole ingest ...`). `run` gets the arguments after the command's
// name, with the program name first, and returns the process exit code.
struct Subcommand
{
    QString name;
    QString summary;
    std::function<int(const QStringList &arguments)> run;
    // Paints (the report's charts and PDF): runs in a QGuiApplication, on the offscreen
    // platform unless QT_QPA_PLATFORM names another; never with widgets.
    bool needsGui = false;
};

struct ParsedCommandLine
{
    enum class Action
    {
        RunGui,
        RunSubcommand,
        ShowText,
        Fail
    };

    Action action = Action::RunGui;
    GuiOptions gui;
    const Subcommand *subcommand = nullptr;
    QStringList subcommandArguments;
    QString text;     // ShowText: help or version for stdout; Fail: the error for stderr
    int exitCode = 0; // for ShowText and Fail
};

// Parses `porthole [options]` or `porthole COMMAND [options]`. Needs no QCoreApplication,
// so --help and --version work without a display.
ParsedCommandLine parseCommandLine(const QStringList &arguments,
                                   const QList<Subcommand> &subcommands,
                                   const QStringList &paneIds);

QString versionText();

} // namespace porthole
