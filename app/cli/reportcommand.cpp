#include "reportcommand.h"

#include "commandio.h"
#include "connectionfactory.h"
#include "migrationrunner.h"
#include "reportwriter.h"

#include <QCommandLineParser>
#include <QElapsedTimer>

using namespace Qt::StringLiterals;

namespace porthole {

int runReportCommand(const QStringList &arguments)
{
    const QString command = u"porthole report"_s;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Writes the pipeline's report for a time range: what was received and stored, dead\n"
        "letters created, replayed and open, components unhealthy or stale, the newest\n"
        "checkpoint of each component, dead letters grouped by error with examples, charts of\n"
        "the ingest rate, port throughput and the busiest metrics, batch-file integrity (with\n"
        "--files) and the operator actions of the range. PDF (A4, paginated) or one\n"
        "self-contained HTML file; the same report as File > Report in the window.\n\n"
        "Exit status: 0 written, 1 failed (nothing written), 2 usage error."_s);
    const QCommandLineOption db(u"db"_s,
                                u"The database: sqlite:///path.db or postgresql://user@host/db "
                                "(the password from PGPASSWORD or ~/.pgpass)."_s,
                                u"url"_s);
    const QCommandLineOption files(u"files"_s, u"A batch-file folder to check."_s, u"dir"_s);
    const QCommandLineOption redis(u"redis"_s, u"A Redis server to look at: redis://host:port."_s,
                                   u"url"_s);
    const QCommandLineOption from(
        u"from"_s, u"The range's start (ISO 8601; UTC unless a zone is given)."_s, u"time"_s);
    const QCommandLineOption to(u"to"_s, u"The range's end (default: now)."_s, u"time"_s);
    const QCommandLineOption format(
        u"format"_s, u"pdf or html; by default from the file's suffix."_s, u"format"_s);
    const QCommandLineOption out(u"out"_s, u"The file to write."_s, u"file"_s);
    parser.addOptions({db, files, redis, from, to, format, out});
    if (const int done = parseSubcommand(parser, arguments); done >= 0)
        return done;

    if (!parser.isSet(db) || !parser.isSet(from) || !parser.isSet(out))
        return usageError(command, u"--db URL, --from TIME and --out FILE are required."_s);
    auto url = DatabaseUrl::parse(parser.value(db));
    if (!url)
        return usageError(command, url.errorMessage());
    ReportRequest request;
    request.database = *url;
    request.batchDirectory = parser.value(files);
    if (parser.isSet(redis)) {
        auto redisUrl = RedisUrl::parse(parser.value(redis));
        if (!redisUrl)
            return usageError(command, redisUrl.errorMessage());
        request.redis = *redisUrl;
    }
    request.from = commandLineTime(parser.value(from));
    request.to =
        parser.isSet(to) ? commandLineTime(parser.value(to)) : QDateTime::currentDateTimeUtc();
    for (const auto &[option, time] : {std::pair{&from, request.from}, {&to, request.to}})
        if (!time.isValid())
            return usageError(command,
                              u"'%1' is not a time (ISO 8601, e.g. 2026-11-22T10:00:00Z)."_s.arg(
                                  parser.value(*option)));
    if (request.from >= request.to)
        return usageError(command, u"--from must be before --to."_s);
    const QString path = parser.value(out);
    const auto chosen =
        parser.isSet(format) ? reportFormatNamed(parser.value(format)) : reportFormatForPath(path);
    if (!chosen)
        return usageError(
            command, parser.isSet(format)
                         ? u"'%1' is not a format; use pdf or html."_s.arg(parser.value(format))
                         : u"name the file .pdf or .html, or give --format."_s);

    QElapsedTimer clock;
    clock.start();
    const ConnectionFactory factory(*url);
    const QString purpose = u"report"_s;
    Result<ReportData> data = StorageError::invalidArgument(QString());
    {
        auto database = MigrationRunner::openCurrent(factory, purpose);
        if (!database) {
            standardError() << command << ": " << database.errorMessage() << Qt::endl;
            return ExitFailure;
        }
        data = gatherReport(*database, request);
    }
    factory.close(purpose);
    if (!data) {
        standardError() << command << ": " << data.errorMessage() << Qt::endl;
        return ExitFailure;
    }
    if (Status written = writeReport(*data, *chosen, path); !written) {
        standardError() << command << ": " << written.errorMessage() << Qt::endl;
        return ExitFailure;
    }
    standardOutput() << "Wrote the report for " << request.from.toString(Qt::ISODate) << " to "
                     << request.to.toString(Qt::ISODate) << " to " << path << " in "
                     << clock.elapsed() << " ms."
                     << (data->isEmpty() ? " Nothing was recorded in the range." : "") << "\n"
                     << Qt::flush;
    return ExitOk;
}

} // namespace porthole
