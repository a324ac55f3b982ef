#include "reportcommand.h"

#include "alertrules.h"
#include "commandio.h"
#include "connectionfactory.h"
#include "migrationrunner.h"
#include "reportwriter.h"

#include <QCommandLineParser>
#include <QElapsedTimer>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString command = u"porthole report"_s;

struct ReportOptions
{
    QCommandLineOption db{u"db"_s,
                          u"The database: sqlite:///path.db or postgresql://user@host/db "
                          "(the password from PGPASSWORD or ~/.pgpass)."_s,
                          u"url"_s};
    QCommandLineOption files{u"files"_s, u"A batch-file folder to check."_s, u"dir"_s};
    QCommandLineOption redis{u"redis"_s, u"A Redis server to look at: redis://host:port."_s,
                             u"url"_s};
    QCommandLineOption from{
        u"from"_s, u"The range's start (ISO 8601; UTC unless a zone is given)."_s, u"time"_s};
    QCommandLineOption to{u"to"_s, u"The range's end (default: now)."_s, u"time"_s};
    QCommandLineOption format{u"format"_s, u"pdf or html; by default from the file's suffix."_s,
                              u"format"_s};
    QCommandLineOption out{u"out"_s, u"The file to write."_s, u"file"_s};
    QCommandLineOption compareTo{
        u"compare-to"_s,
        u"Compare with the same range this long before: 1d, 7d, 24h, 90m (charts with the\n"
        "earlier series dashed, dead-letter signatures side by side)."_s,
        u"offset"_s};
};

void describeReportCommand(QCommandLineParser &parser, const ReportOptions &o)
{
    parser.setApplicationDescription(
        u"Writes the pipeline's report for a time range: what was received and stored, dead\n"
        "letters created, replayed and open, components unhealthy or stale, the newest\n"
        "checkpoint of each component, dead letters grouped by error with examples, charts of\n"
        "the ingest rate, port throughput and the busiest metrics, batch-file integrity (with\n"
        "--files) and the operator actions of the range. PDF (A4, paginated) or one\n"
        "self-contained HTML file; the same report as File > Report in the window.\n"
        "With --compare-to, each chart also shows its series as they were that long before\n"
        "(dashed), and the dead letters' error signatures of both ranges are compared: new,\n"
        "grown, same, shrunk, gone.\n\n"
        "Exit status: 0 written, 1 failed (nothing written), 2 usage error."_s);
    parser.addOptions({o.db, o.files, o.redis, o.from, o.to, o.format, o.out, o.compareTo});
}

// The database, the range and what to look at. Returns -1 to go on, or the exit code to
// end with.
int readReportRequest(const QCommandLineParser &parser, const ReportOptions &o,
                      ReportRequest *request)
{
    if (!parser.isSet(o.db) || !parser.isSet(o.from) || !parser.isSet(o.out))
        return usageError(command, u"--db URL, --from TIME and --out FILE are required."_s);
    auto url = DatabaseUrl::parse(parser.value(o.db));
    if (!url)
        return usageError(command, url.errorMessage());
    request->database = *url;
    request->batchDirectory = parser.value(o.files);
    if (parser.isSet(o.redis)) {
        auto redisUrl = RedisUrl::parse(parser.value(o.redis));
        if (!redisUrl)
            return usageError(command, redisUrl.errorMessage());
        request->redis = *redisUrl;
    }
    request->from = commandLineTime(parser.value(o.from));
    request->to =
        parser.isSet(o.to) ? commandLineTime(parser.value(o.to)) : QDateTime::currentDateTimeUtc();
    for (const auto &[option, time] : {std::pair{&o.from, request->from}, {&o.to, request->to}})
        if (!time.isValid())
            return usageError(command,
                              u"'%1' is not a time (ISO 8601, e.g. 2026-11-22T10:00:00Z)."_s.arg(
                                  parser.value(*option)));
    if (request->from >= request->to)
        return usageError(command, u"--from must be before --to."_s);
    if (parser.isSet(o.compareTo)) {
        const auto offset = parseAlertDuration(parser.value(o.compareTo));
        if (!offset || offset->count() <= 0)
            return usageError(command,
                              u"'%1' is not an offset to compare with; give one like 1d, 7d, 24h "
                              "or 90m."_s.arg(parser.value(o.compareTo)));
        request->compareSeconds = offset->count();
    }
    return -1;
}

// Gathers the report from the database and writes it to `path`.
int writeReportFile(const ReportRequest &request, ReportFormat format, const QString &path)
{
    QElapsedTimer clock;
    clock.start();
    // It only reads: a read-only connection leaves a SQLite file byte for byte as it was (no
    // journal mode switched, no checkpoint), even when it refuses.
    const ConnectionFactory factory(request.database, readOnlySettings());
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
    if (Status written = writeReport(*data, format, path); !written) {
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

} // namespace

int runReportCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const ReportOptions options;
    describeReportCommand(parser, options);
    if (const int done = parseSubcommand(parser, arguments); done >= 0)
        return done;

    ReportRequest request;
    if (const int done = readReportRequest(parser, options, &request); done >= 0)
        return done;
    const QString path = parser.value(options.out);
    const auto chosen = parser.isSet(options.format)
                            ? reportFormatNamed(parser.value(options.format))
                            : reportFormatForPath(path);
    if (!chosen)
        return usageError(command, parser.isSet(options.format)
                                       ? u"'%1' is not a format; use pdf or html."_s.arg(
                                             parser.value(options.format))
                                       : u"name the file .pdf or .html, or give --format."_s);
    return writeReportFile(request, *chosen, path);
}

} // namespace porthole
