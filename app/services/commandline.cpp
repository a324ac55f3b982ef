#include "commandline.h"

#include "commandio.h"
#include "programchoice.h"

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

namespace porthole {

QString versionText()
{
    return u"porthole %1 (Qt %2)\n"_s.arg(QString::fromLatin1(PORTHOLE_VERSION),
                                          QString::fromLatin1(qVersion()));
}

namespace {

// `parsed`, turned into a usage error with this message.
ParsedCommandLine failed(const ParsedCommandLine &parsed, const QString &message)
{
    ParsedCommandLine result = parsed;
    result.action = ParsedCommandLine::Action::Fail;
    result.text = u"porthole: "_s + message + u"\nTry 'porthole --help'.\n"_s;
    result.exitCode = 2;
    return result;
}

// `porthole NAME ...`: the subcommand called NAME, with everything after its name.
ParsedCommandLine subcommandLine(const QStringList &arguments, const QList<Subcommand> &subcommands)
{
    ParsedCommandLine result;
    const QString &name = arguments.at(1);
    for (const Subcommand &command : subcommands) {
        if (command.name == name) {
            result.action = ParsedCommandLine::Action::RunSubcommand;
            result.subcommand = &command;
            result.subcommandArguments = QStringList{u"porthole "_s + name} + arguments.mid(2);
            return result;
        }
    }
    return failed(result, u"'%1' is not a porthole command."_s.arg(name));
}

// The help's description: what the program is, and its commands.
QString programDescription(const QList<Subcommand> &subcommands)
{
    QString description = u"Porthole, the operator console for port-based message pipelines.\n"
                          "Without a command it opens the window."_s;
    if (!subcommands.isEmpty()) {
        description += u"\n\nCommands (porthole COMMAND --help for each):"_s;
        for (const Subcommand &command : subcommands)
            description += u"\n  %1  %2"_s.arg(command.name, -12).arg(command.summary);
    }
    return description;
}

// The options of `porthole` without a command.
struct ProgramOptions
{
    explicit ProgramOptions(const QStringList &paneIds)
        : pane(u"pane"_s, u"The pane to open on: %1."_s.arg(paneIds.join(u", "_s)), u"name"_s)
    {}

    QCommandLineOption help{{u"h"_s, u"help"_s}, u"Show this help and exit."_s};
    QCommandLineOption version{{u"v"_s, u"version"_s}, u"Show the version and exit."_s};
    QCommandLineOption dataDir{
        u"data-dir"_s,
        u"The folder of the embedded store (SQLite database and batch files). "
        "Default: the user's application data folder."_s,
        u"dir"_s};
    QCommandLineOption db{
        u"db"_s, u"The SQL database: sqlite:///path.db or postgresql://user@host:port/db."_s,
        u"url"_s};
    QCommandLineOption files{u"files"_s, u"A batch-file folder to browse."_s, u"dir"_s};
    QCommandLineOption redis{u"redis"_s, u"A Redis server: redis://host:port/db."_s, u"url"_s};
    QCommandLineOption pane;
    QCommandLineOption view{
        u"view"_s,
        u"A saved view of the pane --pane names, opened with it (as saved from its Views menu)."_s,
        u"name"_s};
    QCommandLineOption ingest{
        u"ingest"_s,
        u"Start receiving from this Redis stream at once (needs --redis), into the database."_s,
        u"key"_s};
    QCommandLineOption readOnly{
        u"read-only"_s,
        u"Forbid replay, edit, purge and move: nothing in the window changes stored messages."_s};
};

// What the window opens on, from the options of a parsed command line.
ParsedCommandLine readGuiOptions(const QCommandLineParser &parser, const ProgramOptions &o,
                                 const QStringList &paneIds)
{
    ParsedCommandLine result;
    GuiOptions &gui = result.gui;
    gui.dataDirectory = parser.value(o.dataDir);
    gui.batchDirectory = parser.value(o.files);
    if (parser.isSet(o.db)) {
        auto url = DatabaseUrl::parse(parser.value(o.db));
        if (!url)
            return failed(result, url.errorMessage());
        gui.database = *url;
    }
    if (parser.isSet(o.redis)) {
        auto url = RedisUrl::parse(parser.value(o.redis));
        if (!url)
            return failed(result, url.errorMessage());
        gui.redis = *url;
    }
    if (parser.isSet(o.ingest)) {
        if (!gui.redis)
            return failed(result, u"--ingest needs --redis: the server to receive from."_s);
        gui.ingestKey = parser.value(o.ingest);
        if (gui.ingestKey.isEmpty())
            return failed(result, u"--ingest needs the key of a stream."_s);
    }
    gui.readOnly = parser.isSet(o.readOnly);
    if (parser.isSet(o.pane)) {
        gui.pane = parser.value(o.pane);
        if (!paneIds.contains(gui.pane))
            return failed(result, u"there is no pane '%1'; choose one of %2."_s.arg(
                                      gui.pane, paneIds.join(u", "_s)));
    }
    if (parser.isSet(o.view)) {
        if (gui.pane.isEmpty())
            return failed(result, u"--view needs --pane: the pane whose saved view it is."_s);
        gui.view = parser.value(o.view).trimmed();
        if (gui.view.isEmpty())
            return failed(result, u"--view needs the name of a saved view."_s);
    }
    return result;
}

ParsedCommandLine shownText(const QString &text)
{
    ParsedCommandLine result;
    result.action = ParsedCommandLine::Action::ShowText;
    result.text = text;
    return result;
}

} // namespace

ParsedCommandLine parseCommandLine(const QStringList &arguments,
                                   const QList<Subcommand> &subcommands, const QStringList &paneIds)
{
    if (arguments.size() > 1 && namesCommand(arguments.at(1).toStdString()))
        return subcommandLine(arguments, subcommands);

    QCommandLineParser parser;
    parser.setApplicationDescription(programDescription(subcommands));
    const ProgramOptions o(paneIds);
    parser.addOptions({o.help, o.version, o.dataDir, o.db, o.files, o.redis, o.pane, o.view,
                       o.ingest, o.readOnly});
    parser.addPositionalArgument(u"command"_s, u"A command to run instead of the window."_s,
                                 u"[command]"_s);

    if (!parser.parse(arguments))
        return failed({}, parser.errorText() + u'.');
    if (parser.isSet(o.help))
        return shownText(helpText(parser, u"porthole"_s));
    if (parser.isSet(o.version))
        return shownText(versionText());
    if (!parser.positionalArguments().isEmpty())
        return failed(
            {}, u"unexpected argument '%1'."_s.arg(parser.positionalArguments().constFirst()));
    return readGuiOptions(parser, o, paneIds);
}

} // namespace porthole
