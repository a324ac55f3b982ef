#include "commandline.h"

#include "commandio.h"

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

namespace porthole {

QString versionText()
{
    return u"porthole %1 (Qt %2)\n"_s.arg(QString::fromLatin1(PORTHOLE_VERSION),
                                          QString::fromLatin1(qVersion()));
}

ParsedCommandLine parseCommandLine(const QStringList &arguments,
                                   const QList<Subcommand> &subcommands, const QStringList &paneIds)
{
    ParsedCommandLine result;
    const auto fail = [&result](const QString &message) {
        result.action = ParsedCommandLine::Action::Fail;
        result.text = u"porthole: "_s + message + u"\nTry 'porthole --help'.\n"_s;
        result.exitCode = 2;
        return result;
    };

    // A subcommand is the first argument; everything after it is the subcommand's.
    if (arguments.size() > 1 && !arguments.at(1).startsWith(u'-')) {
        const QString &name = arguments.at(1);
        for (const Subcommand &command : subcommands) {
            if (command.name == name) {
                result.action = ParsedCommandLine::Action::RunSubcommand;
                result.subcommand = &command;
                result.subcommandArguments = QStringList{u"porthole "_s + name} + arguments.mid(2);
                return result;
            }
        }
        return fail(u"'%1' is not a porthole command."_s.arg(name));
    }

    QString description = u"Porthole, the operator console for port-based message pipelines.\n"
                          "Without a command it opens the window."_s;
    if (!subcommands.isEmpty()) {
        description += u"\n\nCommands (porthole COMMAND --help for each):"_s;
        for (const Subcommand &command : subcommands)
            description += u"\n  %1  %2"_s.arg(command.name, -12).arg(command.summary);
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(description);
    const QCommandLineOption help({u"h"_s, u"help"_s}, u"Show this help and exit."_s);
    const QCommandLineOption version({u"v"_s, u"version"_s}, u"Show the version and exit."_s);
    const QCommandLineOption dataDir(
        u"data-dir"_s,
        u"The folder of the embedded store (SQLite database and batch files). "
        "Default: the user's application data folder."_s,
        u"dir"_s);
    const QCommandLineOption db(
        u"db"_s, u"The SQL database: sqlite:///path.db or postgresql://user@host:port/db."_s,
        u"url"_s);
    const QCommandLineOption files(u"files"_s, u"A batch-file folder to browse."_s, u"dir"_s);
    const QCommandLineOption redis(u"redis"_s, u"A Redis server: redis://host:port/db."_s,
                                   u"url"_s);
    const QCommandLineOption pane(
        u"pane"_s, u"The pane to open on: %1."_s.arg(paneIds.join(u", "_s)), u"name"_s);
    const QCommandLineOption ingest(
        u"ingest"_s,
        u"Start receiving from this Redis stream at once (needs --redis), into the database."_s,
        u"key"_s);
    const QCommandLineOption readOnly(
        u"read-only"_s,
        u"Forbid replay, edit, purge and move: nothing in the window changes stored messages."_s);
    parser.addOptions({help, version, dataDir, db, files, redis, pane, ingest, readOnly});
    parser.addPositionalArgument(u"command"_s, u"A command to run instead of the window."_s,
                                 u"[command]"_s);

    if (!parser.parse(arguments))
        return fail(parser.errorText() + u'.');
    if (parser.isSet(help)) {
        result.action = ParsedCommandLine::Action::ShowText;
        result.text = helpText(parser, u"porthole"_s);
        return result;
    }
    if (parser.isSet(version)) {
        result.action = ParsedCommandLine::Action::ShowText;
        result.text = versionText();
        return result;
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(u"unexpected argument '%1'."_s.arg(parser.positionalArguments().constFirst()));

    GuiOptions &gui = result.gui;
    gui.dataDirectory = parser.value(dataDir);
    gui.batchDirectory = parser.value(files);
    if (parser.isSet(db)) {
        auto url = DatabaseUrl::parse(parser.value(db));
        if (!url)
            return fail(url.errorMessage());
        gui.database = *url;
    }
    if (parser.isSet(redis)) {
        auto url = RedisUrl::parse(parser.value(redis));
        if (!url)
            return fail(url.errorMessage());
        gui.redis = *url;
    }
    if (parser.isSet(ingest)) {
        if (!gui.redis)
            return fail(u"--ingest needs --redis: the server to receive from."_s);
        gui.ingestKey = parser.value(ingest);
        if (gui.ingestKey.isEmpty())
            return fail(u"--ingest needs the key of a stream."_s);
    }
    gui.readOnly = parser.isSet(readOnly);
    if (parser.isSet(pane)) {
        gui.pane = parser.value(pane);
        if (!paneIds.contains(gui.pane))
            return fail(
                u"there is no pane '%1'; choose one of %2."_s.arg(gui.pane, paneIds.join(u", "_s)));
    }
    return result;
}

} // namespace porthole
