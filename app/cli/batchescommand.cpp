#include "batchescommand.h"

#include "batchexport.h"
#include "batchfileindex.h"
#include "batchfilereader.h"
#include "batchimport.h"
#include "batchintegrity.h"
#include "batchjson.h"
#include "batchline.h"
#include "batchstorescan.h"
#include "commandio.h"
#include "connectionfactory.h"
#include "datadirectory.h"
#include "migrationrunner.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cstdio>
#include <optional>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString command = u"porthole batches"_s;

// What the command does; exactly one per run.
enum class Action
{
    List,
    Check,
    Export,
    Import,
};

struct BatchesOptions
{
    Action action = Action::List;
    QString directory;
    bool json = false;
    bool useCache = true;
    std::optional<qint64> exportId;      // empty: all
    QString out;                         // empty or "-": standard output
    std::optional<DatabaseUrl> database; // --import
};

int fail(const QString &message)
{
    standardError() << command << ": " << message << Qt::endl;
    return ExitFailure;
}

QString utcText(const QDateTime &time)
{
    return time.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

// Writes to --out atomically, or to standard output.
int writeOutput(const BatchesOptions &options, const QByteArray &bytes)
{
    if (options.out.isEmpty() || options.out == u"-"_s) {
        standardOutput() << Qt::flush;
        std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stdout);
        std::fflush(stdout);
        return ExitOk;
    }
    QSaveFile file(options.out);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return fail(u"Cannot write %1: %2. Check the folder and its permissions."_s.arg(
            options.out, file.errorString()));
    return ExitOk;
}

int runList(const BatchesOptions &options)
{
    BatchFileIndex index(options.directory);
    if (!options.useCache)
        index.setCacheFile(QString());
    if (Status refreshed = index.refresh(); !refreshed)
        return fail(refreshed.errorMessage());
    const QList<BatchFileInfo> &files = index.files();

    if (options.json) {
        QList<BatchJson::Fields> objects;
        objects.reserve(files.size());
        for (const BatchFileInfo &file : files)
            objects.append(BatchJson::fileFields(file));
        return writeOutput(options, BatchJson::array(objects) + '\n');
    }

    QTextStream &out = standardOutput();
    qint64 messages = 0;
    for (const BatchFileInfo &file : files)
        messages += file.messageCount;
    out << "Batch store: " << QDir::toNativeSeparators(options.directory) << " (" << files.size()
        << (files.size() == 1 ? " file, " : " files, ") << messages
        << (messages == 1 ? " message)\n" : " messages)\n");
    if (files.isEmpty()) {
        out << Qt::flush;
        return ExitOk;
    }
    out << u"%1  %2  %3  %4  %5  %6  %7  %8\n"_s.arg(u"ID"_s, 6)
               .arg(u"FILE"_s, -24)
               .arg(u"MESSAGES"_s, 8)
               .arg(u"BYTES"_s, 8)
               .arg(u"FIRST"_s, 8)
               .arg(u"LAST"_s, 8)
               .arg(u"CREATED (UTC)"_s, -19)
               .arg(u"MODIFIED (UTC)"_s);
    const auto number = [](std::optional<qint64> value) {
        return value ? QString::number(*value) : u"-"_s;
    };
    for (const BatchFileInfo &file : files) {
        out << u"%1  %2  %3  %4  %5  %6  %7  %8"_s.arg(file.id, 6)
                   .arg(file.fileName, -24)
                   .arg(file.messageCount, 8)
                   .arg(file.fileSizeBytes, 8)
                   .arg(number(file.firstMessageNumber), 8)
                   .arg(number(file.lastMessageNumber), 8)
                   .arg(utcText(file.dateCreated), -19)
                   .arg(utcText(file.dateModified), -19);
        if (file.malformedLines > 0)
            out << "  " << file.malformedLines
                << (file.malformedLines == 1 ? " damaged line" : " damaged lines");
        out << '\n';
    }
    out << Qt::flush;
    return ExitOk;
}

int runCheck(const BatchesOptions &options)
{
    auto report = checkBatchStore(options.directory);
    if (!report)
        return fail(report.errorMessage());
    if (options.json) {
        QJsonArray findings;
        for (const BatchFinding &finding : report->findings)
            findings.append(QJsonObject{
                {u"kind"_s, batchFindingKindName(finding.kind)},
                {u"file"_s, finding.fileName.isEmpty() ? QJsonValue() : finding.fileName},
                {u"line"_s, finding.line > 0 ? QJsonValue(finding.line) : QJsonValue()},
                {u"message"_s, finding.message},
            });
        QJsonObject omitted;
        for (auto it = report->omitted.cbegin(); it != report->omitted.cend(); ++it)
            omitted.insert(batchFindingKindName(it.key()), it.value());
        const QJsonObject root{
            {u"directory"_s, options.directory}, {u"files"_s, report->files},
            {u"messages"_s, report->messages},   {u"clean"_s, report->clean()},
            {u"findings"_s, findings},           {u"omitted"_s, omitted},
        };
        if (const int written = writeOutput(options, QJsonDocument(root).toJson()); written != 0)
            return written;
        return report->clean() ? ExitOk : ExitFailure;
    }

    QTextStream &out = standardOutput();
    for (const BatchFinding &finding : report->findings)
        out << batchFindingKindName(finding.kind) << ": " << finding.message << '\n';
    qint64 problems = report->findings.size();
    for (auto it = report->omitted.cbegin(); it != report->omitted.cend(); ++it) {
        out << "... and " << it.value() << " more " << batchFindingKindName(it.key())
            << " findings, not listed\n";
        problems += it.value();
    }
    const QString checked = u"%1 files, %2 messages"_s.arg(report->files).arg(report->messages);
    if (report->clean())
        out << "No problems in " << QDir::toNativeSeparators(options.directory) << ": " << checked
            << ".\n";
    else
        out << problems << (problems == 1 ? " problem in " : " problems in ")
            << QDir::toNativeSeparators(options.directory) << " (" << checked << " checked).\n";
    out << Qt::flush;
    return report->clean() ? ExitOk : ExitFailure;
}

int runExport(const BatchesOptions &options)
{
    BatchExportOutcome outcome;
    if (options.out.isEmpty() || options.out == u"-"_s) {
        standardOutput() << Qt::flush;
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly))
            return fail(u"Cannot write to the standard output."_s);
        outcome = writeBatchJson(options.directory, options.exportId, &out);
    } else {
        outcome = writeBatchJson(options.directory, options.exportId, options.out);
    }
    if (!outcome.error.isEmpty())
        return fail(outcome.error + u" Check the folder and its permissions."_s);
    if (outcome.skipped > 0) {
        standardError() << command << ": " << outcome.skipped
                        << (outcome.skipped == 1 ? " damaged line was" : " damaged lines were")
                        << " left out of the export, the first at " << outcome.firstSkipped
                        << ". Run 'porthole batches --check' for the list." << Qt::endl;
        return ExitFailure;
    }
    return ExitOk;
}

int runImport(const BatchesOptions &options)
{
    const ConnectionFactory factory(*options.database);
    int exitCode = ExitOk;
    {
        auto db = factory.open(u"import"_s);
        if (!db)
            return fail(db.errorMessage());
        auto migrated =
            MigrationRunner(*db, *MigrationRunner::builtin(options.database->engine())).up();
        if (!migrated)
            return fail(migrated.errorMessage());
        if (!migrated->backupPath.isEmpty())
            standardOutput() << "Backed up the database to " << migrated->backupPath << "\n";
        auto imported = importBatchStore(options.directory, *db);
        if (!imported) {
            exitCode = fail(imported.errorMessage());
        } else {
            standardOutput() << "Imported " << imported->files << " batch files into "
                             << options.database->toDisplayString() << ": " << imported->inserted
                             << " new messages, " << imported->duplicates << " already there";
            if (imported->damagedLines > 0)
                standardOutput() << ", " << imported->damagedLines
                                 << " damaged lines left out (see porthole batches --check)";
            standardOutput() << ".\n" << Qt::flush;
        }
    }
    factory.close(u"import"_s);
    return exitCode;
}

struct BatchesCommandLine
{
    QCommandLineOption dir{u"dir"_s,
                           u"The batch store folder. Default: the embedded store, "
                           "{data dir}/example_receiver/messages."_s,
                           u"dir"_s};
    QCommandLineOption json{u"json"_s, u"List or report as JSON."_s};
    QCommandLineOption check{u"check"_s, u"Check the store's integrity."_s};
    QCommandLineOption exportJson{
        u"export-json"_s, u"Export the messages of batch ID, or of all batches."_s, u"ID|all"_s};
    QCommandLineOption out{u"out"_s,
                           u"Write the export or JSON to this file (default: standard "
                           "output)."_s,
                           u"file"_s};
    QCommandLineOption noCache{
        u"no-cache"_s,
        u"List without reading or writing the index file .porthole-index in the store."_s};
    QCommandLineOption import{u"import"_s, u"Load the store into the database given with --db."_s};
    QCommandLineOption db{
        u"db"_s, u"The database for --import: sqlite:///path.db or postgresql://..."_s, u"url"_s};
};

void describeBatchesCommand(QCommandLineParser &parser, const BatchesCommandLine &o)
{
    parser.setApplicationDescription(
        u"Lists, checks and exports a store of batch files (messages_batch_NNNN.txt).\n\n"
        "  (no action)           list every file: id, name, message count, size, created,\n"
        "                        modified, first and last message number\n"
        "  --check               report what is wrong: files with more than 10 lines, short\n"
        "                        files that are not the last, gaps, duplicates and disorder in\n"
        "                        message numbers, timestamps going backwards, damaged lines,\n"
        "                        stray files and links (never followed); exits with 1 when\n"
        "                        anything is found\n"
        "  --export-json ID|all  the messages of one batch or of all, in the JSON shape of\n"
        "                        the seed's export_to_json (timestamp, message_number, content)\n"
        "  --import --db URL     load the files into the SQL batches and messages tables;\n"
        "                        running it again adds only what is new\n\n"
        "Timestamps are UTC. Exit codes: 0 done, 1 problems found or failure, 2 usage error."_s);
    parser.addOptions({o.dir, o.json, o.check, o.exportJson, o.out, o.noCache, o.import, o.db});
}

// Which one of --check, --export-json and --import, with what it needs. Returns -1 to go
// on, or the exit code to end with.
int readAction(const QCommandLineParser &parser, const BatchesCommandLine &o,
               BatchesOptions *options)
{
    if (int(parser.isSet(o.check)) + int(parser.isSet(o.exportJson)) + int(parser.isSet(o.import)) >
        1)
        return usageError(command, u"choose one of --check, --export-json and --import."_s);
    if (parser.isSet(o.db) != parser.isSet(o.import))
        return usageError(command, u"--import and --db URL go together."_s);
    if (parser.isSet(o.import)) {
        options->action = Action::Import;
        auto url = DatabaseUrl::parse(parser.value(o.db));
        if (!url)
            return usageError(command, url.errorMessage());
        options->database = *url;
        if (options->json)
            return usageError(command, u"--import has no JSON output; leave out --json."_s);
    } else if (parser.isSet(o.check)) {
        options->action = Action::Check;
    } else if (parser.isSet(o.exportJson)) {
        options->action = Action::Export;
        const QString what = parser.value(o.exportJson);
        if (what != u"all"_s) {
            const Result<qint64> id = parseBatchId(what);
            if (!id)
                return usageError(command, id.errorMessage());
            options->exportId = *id;
        }
        if (options->json)
            return usageError(command, u"--export-json writes JSON already; leave out --json."_s);
    }
    return -1;
}

// Returns -1 to go on, or the exit code to end with.
int readBatchesOptions(const QCommandLineParser &parser, const BatchesCommandLine &o,
                       BatchesOptions *options)
{
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            command, u"unexpected argument '%1'."_s.arg(parser.positionalArguments().constFirst()));
    options->directory = parser.isSet(o.dir)
                             ? parser.value(o.dir)
                             : DataDirectory(DataDirectory::defaultRoot()).batchStorePath();
    if (options->directory.isEmpty())
        return usageError(command, u"--dir needs a folder."_s);
    options->directory = QDir::cleanPath(QFileInfo(options->directory).absoluteFilePath());
    options->json = parser.isSet(o.json);
    options->useCache = !parser.isSet(o.noCache);
    options->out = parser.value(o.out);

    if (const int done = readAction(parser, o, options); done >= 0)
        return done;
    if (parser.isSet(o.out) && options->action != Action::Export && !options->json)
        return usageError(command, u"--out goes with --export-json or --json."_s);
    if (parser.isSet(o.noCache) && options->action != Action::List)
        return usageError(command, u"--no-cache goes with the listing only."_s);
    return -1;
}

} // namespace

int runBatchesCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const BatchesCommandLine commandLine;
    describeBatchesCommand(parser, commandLine);
    if (const int done = parseSubcommand(parser, arguments); done >= 0)
        return done;
    BatchesOptions options;
    if (const int done = readBatchesOptions(parser, commandLine, &options); done >= 0)
        return done;

    switch (options.action) {
    case Action::List:
        return runList(options);
    case Action::Check:
        return runCheck(options);
    case Action::Export:
        return runExport(options);
    case Action::Import:
        return runImport(options);
    }
    return ExitFailure;
}

} // namespace porthole
