#include "timelinecommand.h"

#include "commandio.h"
#include "connectionfactory.h"
#include "migrationrunner.h"
#include "timelinetext.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString command = u"porthole timeline"_s;

struct TimelineOptions
{
    QCommandLineOption db{u"db"_s,
                          u"The database: sqlite:///path.db or postgresql://user@host/db "
                          "(the password from PGPASSWORD or ~/.pgpass)."_s,
                          u"url"_s};
    QCommandLineOption from{u"from"_s,
                            u"The start of the range, ISO 8601 (UTC without a zone; default: "
                            "an hour before its end)."_s,
                            u"time"_s};
    QCommandLineOption to{u"to"_s, u"The end of the range (default: now)."_s, u"time"_s};
    QCommandLineOption component{u"component"_s, u"Only what concerns this component."_s,
                                 u"name"_s};
    QCommandLineOption port{u"port"_s, u"Only what concerns this port."_s, u"name"_s};
    QCommandLineOption kind{u"kind"_s,
                            u"Only changes of these kinds, separated by commas: alert, action, "
                            "group, status, gap, restart, checkpoint, state, new_error."_s,
                            u"kinds"_s};
    QCommandLineOption severity{u"severity"_s,
                                u"Only changes at least this severe: info (default), warning "
                                "or critical."_s,
                                u"severity"_s};
    QCommandLineOption max{u"max"_s, u"At most this many changes, the newest (default 10000)."_s,
                           u"count"_s, u"10000"_s};
    QCommandLineOption json{u"json"_s, u"Writes the changes as JSON."_s};
};

// The filter the options say, or the usage error's message.
Result<TimelineFilter> filterOf(const QCommandLineParser &parser, const TimelineOptions &o,
                                const QDateTime &now)
{
    TimelineFilter filter;
    filter.to = parser.isSet(o.to) ? commandLineTime(parser.value(o.to)) : now;
    filter.from =
        parser.isSet(o.from) ? commandLineTime(parser.value(o.from)) : filter.to.addSecs(-3600);
    if (!filter.from.isValid() || !filter.to.isValid())
        return StorageError::invalidArgument(
            u"--from and --to take a time such as 2026-11-20T12:00:00 (UTC) or with a zone."_s);
    if (filter.from >= filter.to)
        return StorageError::invalidArgument(u"--from must be before --to."_s);
    filter.component = parser.value(o.component);
    filter.port = parser.value(o.port);
    for (const QString &name : parser.value(o.kind).split(u',', Qt::SkipEmptyParts)) {
        const auto kind = changeKindNamed(name.trimmed());
        if (!kind)
            return StorageError::invalidArgument(u"--kind: no kind is named %1."_s.arg(name));
        filter.kinds << *kind;
    }
    if (parser.isSet(o.severity)) {
        const auto severity = changeSeverityNamed(parser.value(o.severity));
        if (!severity)
            return StorageError::invalidArgument(u"--severity is info, warning or critical."_s);
        filter.minimum = *severity;
    }
    return filter;
}

void printChanges(const TimelineReader::All &all, const TimelineFilter &filter,
                  const QDateTime &now, QTextStream &out)
{
    const auto time = [](const QDateTime &at) {
        return at.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
    };
    out << "What changed from " << time(filter.from) << " to " << time(filter.to)
        << " (UTC): " << all.changes.size() << (all.changes.size() == 1 ? " change" : " changes")
        << (all.capped ? ", the newest (more are older)" : "") << "\n";
    for (const Change &change : all.changes)
        out << "  " << time(change.at) << "  "
            << changeSeverityName(change.severity).leftJustified(8) << " "
            << changeKindName(change.kind).leftJustified(10) << " " << changeText(change, now)
            << "\n";
    out.flush();
}

} // namespace

int runTimelineCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const TimelineOptions o;
    parser.setApplicationDescription(
        u"Prints what changed in a time range, newest first: alerts firing and resolved, "
        "operators' actions and consumer groups changed, components' status changes, "
        "silences and restarts, checkpoint and state versions, and dead letters of a new "
        "error. Reads only."_s);
    parser.addOptions({o.db, o.from, o.to, o.component, o.port, o.kind, o.severity, o.max, o.json});
    if (const int done = parseSubcommand(parser, arguments); done >= 0)
        return done;
    if (!parser.positionalArguments().isEmpty())
        return usageError(command, u"takes no arguments, only options."_s);
    if (!parser.isSet(o.db))
        return usageError(command, u"--db names the database to read."_s);
    bool numeric = false;
    const int max = parser.value(o.max).toInt(&numeric);
    if (!numeric || max < 1)
        return usageError(command, u"--max is a count of 1 or more."_s);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto filter = filterOf(parser, o, now);
    if (!filter)
        return usageError(command, filter.errorMessage());
    const auto url = DatabaseUrl::parse(parser.value(o.db));
    if (!url)
        return usageError(command, url.errorMessage());

    // It only reads: a read-only connection leaves a SQLite file byte for byte as it was.
    const ConnectionFactory factory(*url, readOnlySettings());
    const QString purpose = u"timeline"_s;
    Result<TimelineReader::All> all = StorageError{};
    {
        auto database = MigrationRunner::openCurrent(factory, purpose);
        if (!database) {
            standardError() << command << ": " << database.errorMessage() << Qt::endl;
            return ExitFailure;
        }
        all = TimelineReader(*database).readAll(*filter, now, max);
    }
    factory.close(purpose);
    if (!all) {
        standardError() << command << ": " << all.errorMessage() << Qt::endl;
        return ExitFailure;
    }
    if (parser.isSet(o.json))
        standardOutput() << QJsonDocument(QJsonObject{
                                              {u"from"_s, filter->from.toString(Qt::ISODateWithMs)},
                                              {u"to"_s, filter->to.toString(Qt::ISODateWithMs)},
                                              {u"capped"_s, all->capped},
                                              {u"changes"_s, timelineJson(all->changes, now)},
                                          })
                                .toJson(QJsonDocument::Indented)
                         << Qt::flush;
    else
        printChanges(*all, *filter, now, standardOutput());
    return ExitOk;
}

} // namespace porthole
