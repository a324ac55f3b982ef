#pragma once

#include "auditlog.h"
#include "componentstaterepository.h"
#include "healthrepository.h"
#include "messagerepository.h"
#include "paging.h"
#include "portmessagerepository.h"
#include "sinkstoragerepository.h"
#include "sqltypes.h"
#include "storageerror.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace porthole {

// How an exported column's values are written: JSON as JSON (a number, an embedded object),
// everything else as text in CSV. Every value reaches the writer as text or a number, NULL as
// a null QVariant.
enum class ExportKind
{
    Text,
    Integer,
    Real,
    // ISO 8601 in UTC with milliseconds, "2026-11-23T06:32:43.120Z". On SQLite the value is read
    // as stored (exportTimeSql()) and the row reader writes it so (openRows()).
    Time,
    // JSON text, as stored: embedded as JSON in JSON output (its line breaks, white space between
    // tokens, made spaces), as its text in CSV. A stored value the database cannot read as JSON
    // comes as its bytes (Cell::Type::Bytes) instead of failing the statement, and the writer
    // keeps it as text or base64 (writeExport()).
    Json
};

struct ExportColumn
{
    QString name;  // the header in CSV, the member in JSON: the table's column name
    QString title; // what a person picks it by
    ExportKind kind = ExportKind::Text;
};

// The SQL that reads a column of each kind for an export: on SQLite a time as stored (the row
// reader writes it as ISO 8601), on PostgreSQL as ISO 8601 text; JSON as its stored text where
// it is JSON, else as bytes; text as text (a PostgreSQL uuid or enum too).
QString exportTimeSql(SqlEngine engine, const QString &column);
QString exportTextSql(SqlEngine engine, const QString &column);
QString exportJsonSql(SqlEngine engine, const QString &column);

// One statement that reads a listing's rows in its order, the chosen columns in the chosen
// order, every value already in the form it is written in.
struct ExportQuery
{
    QString sql;
    QVariantList params;
    QList<ExportColumn> columns;
    // When set, the rows SQL cannot narrow down exactly are checked here: a row is written when
    // it returns true for the values of the statement's columns after those written.
    std::function<bool(const QVariantList &checked)> keep;
    int checkedColumns = 0; // how many columns the statement reads after `columns`, for keep
    // The column, after those written and checked, that names a row in a warning: the table's
    // primary key, called `keyName` ("id"). -1: a row is named by its place in the export.
    int keyColumn = -1;
    QString keyName;
};

// The file formats: CSV (RFC 4180), one JSON array, or JSON Lines (an object a line).
enum class ExportFormat
{
    Csv,
    Json,
    JsonLines
};
// "csv", "json", "jsonl".
QString exportFormatName(ExportFormat format);
std::optional<ExportFormat> exportFormatNamed(const QString &name);
// By a file's suffix (.csv, .json, .jsonl or .ndjson, any case).
std::optional<ExportFormat> exportFormatForPath(const QString &path);

// How to write an export.
struct ExportSettings
{
    ExportFormat format = ExportFormat::Csv;
    bool byteOrderMark = false; // CSV only: a UTF-8 BOM first, for spreadsheets
    QStringList columns;        // by name, in this order; empty: every column
};

// A listing to export: a table with a filter and an order, fixed when made. It holds values
// only, so it is made on the thread that shows the listing and read on the one that writes it.
class ExportSource
{
public:
    virtual ~ExportSource() = default;

    // The table's name ("messages"), for a file name and a message.
    virtual QString table() const = 0;
    // Every column it can write, in their usual order.
    virtual QList<ExportColumn> columns() const = 0;
    // The statement for the chosen columns (empty: all); an unknown name is an error.
    virtual Result<ExportQuery> query(const QSqlDatabase &db, const QStringList &columns) const = 0;
    // How many rows it will write, exactly up to `exactUpTo`.
    virtual Result<RowCount> count(const QSqlDatabase &db, qint64 exactUpTo) const = 0;
};

// The listings of the table panes, with their filter and sort as shown (sortColumn empty: the
// repository's default).
std::shared_ptr<const ExportSource> messagesExport(const MessageFilter &filter,
                                                   const QString &sortColumn, bool descending);
// With `errorMatches`, only the rows whose error message it accepts (a dead-letter group); the
// count is then an estimate. `asServed`: in the order the Queues pane is served in where no
// index serves the sort (PortMessageRepository::servedSort()), as the pane shows the rows.
std::shared_ptr<const ExportSource>
portMessagesExport(const PortMessageFilter &filter, const QString &sortColumn, bool descending,
                   std::function<bool(const QString &errorMessage)> errorMatches = {},
                   bool asServed = false);
// Newest first, as the Audit pane lists them.
std::shared_ptr<const ExportSource> auditLogExport(const AuditFilter &filter);
// Every version of every checkpoint whose name or component contains `contains` (any case), by
// name and version.
std::shared_ptr<const ExportSource> checkpointsExport(const QString &contains);

// Every version of the filter's component (none named: of every component) of its type, by
// component and newest version first.
std::shared_ptr<const ExportSource> componentStateExport(const ComponentStateFilter &filter);

// The rows of sink_storage the filter matches, newest first.
std::shared_ptr<const ExportSource> sinkStorageExport(const SinkStorageFilter &filter);

// The heartbeats of system_health the filter matches, newest first.
std::shared_ptr<const ExportSource> healthHistoryExport(const HealthFilter &filter);

// The table names `porthole export --table` takes: messages, port_messages, dead_letters,
// audit_log, checkpoints, component_state, sink_storage, system_health, processed_events,
// metrics (the last two from sensoreventsrepository.h).
QStringList exportTables();

} // namespace porthole
