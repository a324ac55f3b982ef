#include "exportcommand.h"

#include "commandio.h"
#include "connectionfactory.h"
#include "migrationrunner.h"
#include "sensoreventsrepository.h"
#include "stopsignals.h"
#include "tableexport.h"

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The values of an option given as "a,b" or repeated.
QStringList listValue(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    QStringList values;
    for (const QString &value : parser.values(option))
        values << value.split(u',', Qt::SkipEmptyParts);
    return values;
}

const QString command = u"porthole export"_s;

struct ExportOptions
{
    QCommandLineOption db{u"db"_s,
                          u"The database: sqlite:///path.db or postgresql://user@host/db "
                          "(the password from PGPASSWORD or ~/.pgpass)."_s,
                          u"url"_s};
    QCommandLineOption table{u"table"_s, u"The table to export."_s, u"name"_s};
    QCommandLineOption status{u"where-status"_s,
                              u"Only rows with one of these statuses (comma-separated)."_s,
                              u"statuses"_s};
    QCommandLineOption port{u"port"_s, u"Only rows of these ports (comma-separated)."_s,
                            u"ports"_s};
    QCommandLineOption from{u"from"_s,
                            u"Only rows from this time on (ISO 8601; UTC unless a zone "
                            "is given)."_s,
                            u"time"_s};
    QCommandLineOption to{u"to"_s, u"Only rows before this time."_s, u"time"_s};
    QCommandLineOption text{u"text"_s, u"Only rows holding this text (any case)."_s, u"text"_s};
    QCommandLineOption columns{
        u"columns"_s, u"The columns to write, in this order (comma-separated); all by default."_s,
        u"names"_s};
    QCommandLineOption sort{u"sort"_s,
                            u"Order by this column: messages timestamp or message_number; "
                            "port messages created_at, port_name or status."_s,
                            u"column"_s};
    QCommandLineOption descending{u"descending"_s, u"Newest (largest) first."_s};
    QCommandLineOption format{u"format"_s,
                              u"csv, json or jsonl; by default from the file's suffix, else csv."_s,
                              u"format"_s};
    QCommandLineOption bom{u"bom"_s, u"Begin a CSV file with a UTF-8 byte order mark, for "
                                     "spreadsheets that need one."_s};
    QCommandLineOption out{u"out"_s, u"The file to write."_s, u"file"_s};
};

// What the command line asks for, checked.
struct ExportRequest
{
    DatabaseUrl url;
    QString tableName;
    bool portTable = false; // port_messages or dead_letters
    ExportSettings settings;
    QString path;
    QDateTime fromTime;
    QDateTime toTime;
};

void describeExportCommand(QCommandLineParser &parser, const ExportOptions &o)
{
    parser.setApplicationDescription(
        u"Writes the rows of a table that match a filter to a file, in the table's order: CSV\n"
        "(RFC 4180, UTF-8), a JSON array or JSON Lines. The same export as a pane's\n"
        "File > Export. The file appears whole when the export ends, or not at all.\n\n"
        "Tables: messages, port_messages, dead_letters, audit_log, checkpoints (the latest\n"
        "version of each), and whole: component_state (every version), sink_storage and\n"
        "system_health (every heartbeat); the sensor consumer's processed_events and\n"
        "metrics, with the Sensor events pane's findings. --where-status and --port filter\n"
        "port_messages and dead_letters; --from and --to the time of messages, port\n"
        "messages, the audit log, processed events (processed_at) and metrics (timestamp);\n"
        "--text the content of messages, the payload or error of port messages, the event id\n"
        "of processed events and metrics.\n\n"
        "A value of a JSON column that is not JSON, or not UTF-8, is written as its text or\n"
        "as {\"base64\": ...}, and its row named on standard error; the export goes on.\n\n"
        "Exit status: 0 written (rows named on standard error included), 1 failed or\n"
        "interrupted (nothing written), 2 usage error."_s);
    parser.addOptions({o.db, o.table, o.status, o.port, o.from, o.to, o.text, o.columns, o.sort,
                       o.descending, o.format, o.bom, o.out});
}

// The database, the table, the file and its format. Returns -1 to go on, or the exit code
// to end with.
int readExportTarget(const QCommandLineParser &parser, const ExportOptions &o,
                     ExportRequest *request)
{
    if (!parser.isSet(o.db) || !parser.isSet(o.table) || !parser.isSet(o.out))
        return usageError(command, u"--db URL, --table NAME and --out FILE are required."_s);
    auto url = DatabaseUrl::parse(parser.value(o.db));
    if (!url)
        return usageError(command, url.errorMessage());
    request->url = *url;
    const QString tableName = parser.value(o.table);
    if (!exportTables().contains(tableName))
        return usageError(command, u"'%1' is not a table to export; use %2."_s.arg(
                                       tableName, exportTables().join(u", "_s)));
    request->tableName = tableName;
    request->portTable = tableName == u"port_messages"_s || tableName == u"dead_letters"_s;

    ExportSettings &settings = request->settings;
    settings.columns = listValue(parser, o.columns);
    settings.byteOrderMark = parser.isSet(o.bom);
    request->path = parser.value(o.out);
    if (parser.isSet(o.format)) {
        const auto named = exportFormatNamed(parser.value(o.format));
        if (!named)
            return usageError(command, u"'%1' is not a format; use csv, json or jsonl."_s.arg(
                                           parser.value(o.format)));
        settings.format = *named;
    } else {
        settings.format = exportFormatForPath(request->path).value_or(ExportFormat::Csv);
    }
    return -1;
}

// The time range, and which filters and sorting the table allows. Returns -1 to go on, or
// the exit code to end with.
int readExportFilters(const QCommandLineParser &parser, const ExportOptions &o,
                      ExportRequest *request)
{
    for (const auto &[option, time] :
         {std::pair{&o.from, &request->fromTime}, std::pair{&o.to, &request->toTime}}) {
        if (!parser.isSet(*option))
            continue;
        *time = commandLineTime(parser.value(*option));
        if (!time->isValid())
            return usageError(command,
                              u"'%1' is not a time (ISO 8601, e.g. 2026-11-22T10:00:00Z)."_s.arg(
                                  parser.value(*option)));
    }
    const QString &tableName = request->tableName;
    const bool timed = request->fromTime.isValid() || request->toTime.isValid();
    if (!request->portTable && (parser.isSet(o.status) || parser.isSet(o.port)))
        return usageError(command, u"--where-status and --port filter port_messages and "
                                   "dead_letters only."_s);
    if (tableName == u"checkpoints"_s && timed)
        return usageError(command, u"checkpoints are not filtered by time."_s);
    const bool pipelineTable = tableName == u"component_state"_s ||
                               tableName == u"sink_storage"_s || tableName == u"system_health"_s;
    if (pipelineTable && (timed || parser.isSet(o.text)))
        return usageError(command,
                          u"%1 is exported whole: no --from, --to or --text."_s.arg(tableName));
    if ((tableName == u"audit_log"_s) && parser.isSet(o.text))
        return usageError(command, u"--text does not filter audit_log."_s);
    if (parser.isSet(o.sort) && !(request->portTable || tableName == u"messages"_s))
        return usageError(command, u"--sort orders messages and port messages only."_s);
    return -1;
}

// The rows of port_messages or dead_letters the filters select. Returns -1 to go on, or the
// exit code to end with.
int portMessagesSource(const QCommandLineParser &parser, const ExportOptions &o,
                       const ExportRequest &request, std::shared_ptr<const ExportSource> *source)
{
    const QString sortColumn = parser.value(o.sort);
    if (parser.isSet(o.sort) && !PortMessageRepository::sortColumns().contains(sortColumn))
        return usageError(command, u"port messages sort by %1."_s.arg(
                                       PortMessageRepository::sortColumns().join(u", "_s)));
    PortMessageFilter filter;
    filter.deadLettersOnly = request.tableName == u"dead_letters"_s;
    filter.statuses = listValue(parser, o.status);
    for (const QString &s : std::as_const(filter.statuses))
        if (!PortMessageRepository::statuses().contains(s))
            return usageError(command, u"'%1' is not a status; use %2."_s.arg(
                                           s, PortMessageRepository::statuses().join(u", "_s)));
    filter.ports = listValue(parser, o.port);
    filter.from = request.fromTime;
    filter.to = request.toTime;
    filter.text = parser.value(o.text);
    *source = portMessagesExport(filter, sortColumn, parser.isSet(o.descending));
    return -1;
}

// The rows of the table the filters select. Returns -1 to go on, or the exit code to end
// with.
int exportSource(const QCommandLineParser &parser, const ExportOptions &o,
                 const ExportRequest &request, std::shared_ptr<const ExportSource> *source)
{
    const QString &tableName = request.tableName;
    const QString sortColumn = parser.value(o.sort);
    if (tableName == u"messages"_s) {
        if (parser.isSet(o.sort) && !MessageRepository::sortColumns().contains(sortColumn))
            return usageError(command, u"messages sort by %1."_s.arg(
                                           MessageRepository::sortColumns().join(u" or "_s)));
        MessageFilter filter;
        filter.from = request.fromTime;
        filter.to = request.toTime;
        filter.text = parser.value(o.text);
        *source = messagesExport(filter, sortColumn, parser.isSet(o.descending));
    } else if (request.portTable) {
        return portMessagesSource(parser, o, request, source);
    } else if (tableName == u"audit_log"_s) {
        *source = auditLogExport(AuditFilter{{}, request.fromTime, request.toTime});
    } else if (tableName == u"component_state"_s) {
        *source = componentStateExport({});
    } else if (tableName == u"sink_storage"_s) {
        *source = sinkStorageExport({});
    } else if (tableName == u"system_health"_s) {
        *source = healthHistoryExport({});
    } else if (tableName == u"processed_events"_s || tableName == u"metrics"_s) {
        SensorEventFilter filter;
        filter.eventIdContains = parser.value(o.text);
        filter.from = request.fromTime;
        filter.to = request.toTime;
        *source =
            tableName == u"metrics"_s ? sensorMetricsExport(filter) : processedEventsExport(filter);
    } else {
        *source = checkpointsExport(parser.value(o.text));
    }
    return -1;
}

// Refuses --columns the source does not have. Returns -1 to go on, or the exit code to end
// with.
int checkColumns(const ExportSource &source, const ExportRequest &request)
{
    QStringList known;
    for (const ExportColumn &column : source.columns())
        known << column.name;
    for (const QString &name : std::as_const(request.settings.columns))
        if (!known.contains(name))
            return usageError(command, u"%1 has no column \"%2\"; its columns are %3."_s.arg(
                                           request.tableName, name, known.join(u", "_s)));
    return -1;
}

// Writes the file until done or a stop signal, and says how it went.
int writeExportFile(const ExportRequest &request, const ExportSource &source)
{
    // It only reads: a read-only connection leaves a SQLite file byte for byte as it was (no
    // journal mode switched, no checkpoint), even when it refuses.
    const ConnectionFactory factory(request.url, readOnlySettings());
    const QString purpose = u"export"_s;
    ExportOutcome outcome;
    {
        auto database = MigrationRunner::openCurrent(factory, purpose);
        if (!database) {
            standardError() << command << ": " << database.errorMessage() << Qt::endl;
            return ExitFailure;
        }
        const StopSignals stop;
        outcome = writeExport(
            *database, source, request.settings, request.path,
            [](qint64) { return StopSignals::requested() == 0; },
            [](const QString &row) { standardError() << command << ": " << row << Qt::endl; });
    }
    factory.close(purpose);
    if (outcome.cancelled) {
        standardError() << command << ": interrupted after " << countText(double(outcome.rows))
                        << " rows; " << request.path << " was not written." << Qt::endl;
        return ExitFailure;
    }
    if (!outcome.error.isEmpty()) {
        standardError() << command << ": " << outcome.error << Qt::endl;
        return ExitFailure;
    }
    standardOutput() << "Wrote " << countText(double(outcome.rows)) << " rows of "
                     << request.tableName << " to " << request.path << " ("
                     << exportFormatName(request.settings.format) << ").\n"
                     << Qt::flush;
    // The rows named above are in the file, each value as it is stored: the export worked.
    if (!outcome.note.isEmpty())
        standardError() << command << ": " << outcome.note << Qt::endl;
    return ExitOk;
}

} // namespace

int runExportCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const ExportOptions options;
    describeExportCommand(parser, options);
    if (const int done = parseSubcommand(parser, arguments); done >= 0)
        return done;

    ExportRequest request;
    if (const int done = readExportTarget(parser, options, &request); done >= 0)
        return done;
    if (const int done = readExportFilters(parser, options, &request); done >= 0)
        return done;
    std::shared_ptr<const ExportSource> source;
    if (const int done = exportSource(parser, options, request, &source); done >= 0)
        return done;
    if (const int done = checkColumns(*source, request); done >= 0)
        return done;
    return writeExportFile(request, *source);
}

} // namespace porthole
