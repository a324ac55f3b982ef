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

} // namespace

int runExportCommand(const QStringList &arguments)
{
    const QString command = u"porthole export"_s;
    QCommandLineParser parser;
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
        "Exit status: 0 written, 1 failed or interrupted (nothing written), 2 usage error."_s);
    const QCommandLineOption db(u"db"_s,
                                u"The database: sqlite:///path.db or postgresql://user@host/db "
                                "(the password from PGPASSWORD or ~/.pgpass)."_s,
                                u"url"_s);
    const QCommandLineOption table(u"table"_s, u"The table to export."_s, u"name"_s);
    const QCommandLineOption status(u"where-status"_s,
                                    u"Only rows with one of these statuses (comma-separated)."_s,
                                    u"statuses"_s);
    const QCommandLineOption port(u"port"_s, u"Only rows of these ports (comma-separated)."_s,
                                  u"ports"_s);
    const QCommandLineOption from(u"from"_s,
                                  u"Only rows from this time on (ISO 8601; UTC unless a zone "
                                  "is given)."_s,
                                  u"time"_s);
    const QCommandLineOption to(u"to"_s, u"Only rows before this time."_s, u"time"_s);
    const QCommandLineOption text(u"text"_s, u"Only rows holding this text (any case)."_s,
                                  u"text"_s);
    const QCommandLineOption columns(
        u"columns"_s, u"The columns to write, in this order (comma-separated); all by default."_s,
        u"names"_s);
    const QCommandLineOption sort(u"sort"_s,
                                  u"Order by this column: messages timestamp or message_number; "
                                  "port messages created_at, port_name or status."_s,
                                  u"column"_s);
    const QCommandLineOption descending(u"descending"_s, u"Newest (largest) first."_s);
    const QCommandLineOption format(
        u"format"_s, u"csv, json or jsonl; by default from the file's suffix, else csv."_s,
        u"format"_s);
    const QCommandLineOption bom(u"bom"_s, u"Begin a CSV file with a UTF-8 byte order mark, for "
                                           "spreadsheets that need one."_s);
    const QCommandLineOption out(u"out"_s, u"The file to write."_s, u"file"_s);
    parser.addOptions(
        {db, table, status, port, from, to, text, columns, sort, descending, format, bom, out});
    if (const int done = parseSubcommand(parser, arguments); done >= 0)
        return done;

    if (!parser.isSet(db) || !parser.isSet(table) || !parser.isSet(out))
        return usageError(command, u"--db URL, --table NAME and --out FILE are required."_s);
    auto url = DatabaseUrl::parse(parser.value(db));
    if (!url)
        return usageError(command, url.errorMessage());
    const QString tableName = parser.value(table);
    if (!exportTables().contains(tableName))
        return usageError(command, u"'%1' is not a table to export; use %2."_s.arg(
                                       tableName, exportTables().join(u", "_s)));
    const bool portTable = tableName == u"port_messages"_s || tableName == u"dead_letters"_s;

    ExportSettings settings;
    settings.columns = listValue(parser, columns);
    settings.byteOrderMark = parser.isSet(bom);
    const QString path = parser.value(out);
    if (parser.isSet(format)) {
        const auto named = exportFormatNamed(parser.value(format));
        if (!named)
            return usageError(command, u"'%1' is not a format; use csv, json or jsonl."_s.arg(
                                           parser.value(format)));
        settings.format = *named;
    } else {
        settings.format = exportFormatForPath(path).value_or(ExportFormat::Csv);
    }

    QDateTime fromTime;
    QDateTime toTime;
    for (const auto &[option, time] : {std::pair{&from, &fromTime}, std::pair{&to, &toTime}}) {
        if (!parser.isSet(*option))
            continue;
        *time = commandLineTime(parser.value(*option));
        if (!time->isValid())
            return usageError(command,
                              u"'%1' is not a time (ISO 8601, e.g. 2026-11-22T10:00:00Z)."_s.arg(
                                  parser.value(*option)));
    }
    if (!portTable && (parser.isSet(status) || parser.isSet(port)))
        return usageError(command, u"--where-status and --port filter port_messages and "
                                   "dead_letters only."_s);
    if (tableName == u"checkpoints"_s && (fromTime.isValid() || toTime.isValid()))
        return usageError(command, u"checkpoints are not filtered by time."_s);
    const bool pipelineTable = tableName == u"component_state"_s ||
                               tableName == u"sink_storage"_s || tableName == u"system_health"_s;
    if (pipelineTable && (fromTime.isValid() || toTime.isValid() || parser.isSet(text)))
        return usageError(command,
                          u"%1 is exported whole: no --from, --to or --text."_s.arg(tableName));
    if ((tableName == u"audit_log"_s) && parser.isSet(text))
        return usageError(command, u"--text does not filter audit_log."_s);
    if (parser.isSet(sort) && !(portTable || tableName == u"messages"_s))
        return usageError(command, u"--sort orders messages and port messages only."_s);

    std::shared_ptr<const ExportSource> source;
    const QString sortColumn = parser.value(sort);
    if (tableName == u"messages"_s) {
        if (parser.isSet(sort) && !MessageRepository::sortColumns().contains(sortColumn))
            return usageError(command, u"messages sort by %1."_s.arg(
                                           MessageRepository::sortColumns().join(u" or "_s)));
        MessageFilter filter;
        filter.from = fromTime;
        filter.to = toTime;
        filter.text = parser.value(text);
        source = messagesExport(filter, sortColumn, parser.isSet(descending));
    } else if (portTable) {
        if (parser.isSet(sort) && !PortMessageRepository::sortColumns().contains(sortColumn))
            return usageError(command, u"port messages sort by %1."_s.arg(
                                           PortMessageRepository::sortColumns().join(u", "_s)));
        PortMessageFilter filter;
        filter.deadLettersOnly = tableName == u"dead_letters"_s;
        filter.statuses = listValue(parser, status);
        for (const QString &s : std::as_const(filter.statuses))
            if (!PortMessageRepository::statuses().contains(s))
                return usageError(command, u"'%1' is not a status; use %2."_s.arg(
                                               s, PortMessageRepository::statuses().join(u", "_s)));
        filter.ports = listValue(parser, port);
        filter.from = fromTime;
        filter.to = toTime;
        filter.text = parser.value(text);
        source = portMessagesExport(filter, sortColumn, parser.isSet(descending));
    } else if (tableName == u"audit_log"_s) {
        source = auditLogExport(AuditFilter{{}, fromTime, toTime});
    } else if (tableName == u"component_state"_s) {
        source = componentStateExport({});
    } else if (tableName == u"sink_storage"_s) {
        source = sinkStorageExport({});
    } else if (tableName == u"system_health"_s) {
        source = healthHistoryExport({});
    } else if (tableName == u"processed_events"_s || tableName == u"metrics"_s) {
        SensorEventFilter filter;
        filter.eventIdContains = parser.value(text);
        filter.from = fromTime;
        filter.to = toTime;
        source =
            tableName == u"metrics"_s ? sensorMetricsExport(filter) : processedEventsExport(filter);
    } else {
        source = checkpointsExport(parser.value(text));
    }

    QStringList known;
    for (const ExportColumn &column : source->columns())
        known << column.name;
    for (const QString &name : std::as_const(settings.columns))
        if (!known.contains(name))
            return usageError(command, u"%1 has no column \"%2\"; its columns are %3."_s.arg(
                                           tableName, name, known.join(u", "_s)));

    const ConnectionFactory factory(*url);
    const QString purpose = u"export"_s;
    ExportOutcome outcome;
    {
        auto database = MigrationRunner::openCurrent(factory, purpose);
        if (!database) {
            standardError() << command << ": " << database.errorMessage() << Qt::endl;
            return ExitFailure;
        }
        const StopSignals stop;
        outcome = writeExport(*database, *source, settings, path,
                              [](qint64) { return StopSignals::requested() == 0; });
    }
    factory.close(purpose);
    if (outcome.cancelled) {
        standardError() << command << ": interrupted after " << countText(double(outcome.rows))
                        << " rows; " << path << " was not written." << Qt::endl;
        return ExitFailure;
    }
    if (!outcome.error.isEmpty()) {
        standardError() << command << ": " << outcome.error << Qt::endl;
        return ExitFailure;
    }
    standardOutput() << "Wrote " << countText(double(outcome.rows)) << " rows of " << tableName
                     << " to " << path << " (" << exportFormatName(settings.format) << ").\n"
                     << Qt::flush;
    return ExitOk;
}

} // namespace porthole
