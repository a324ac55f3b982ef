#include "retentioncommand.h"

#include "batchline.h"
#include "batchretention.h"
#include "commandio.h"
#include "connectionfactory.h"
#include "retention.h"
#include "stopsignals.h"

#include <QCommandLineParser>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString command = u"porthole retention"_s;
// From this many rows a run needs --confirm with their number, as replays and purges do.
constexpr qint64 confirmFrom = 100;

// The rule of one table named on the command line: "port_metrics=14d", "checkpoints=20",
// "port_messages=off". Empty when it is well formed.
QString setRule(RetentionRules &rules, const QString &text)
{
    return setRetentionRule(rules, text.section(u'=', 0, 0).trimmed(),
                            text.section(u'=', 1).trimmed());
}

QString daysRule(int days, const QString &what)
{
    if (days == 0)
        return u"kept whole"_s;
    return what.arg(days) + (days == 1 ? u" day"_s : u" days"_s);
}

void printPlan(const RetentionPlan &plan)
{
    const RetentionRules &rules = plan.rules;
    const struct
    {
        QString table;
        QString rule;
        qint64 rows;
        qint64 chunks; // whole chunks of a hypertable among the rows
    } lines[] = {
        {u"component_metrics"_s, daysRule(rules.componentMetricsDays, u"older than %1"_s),
         plan.componentMetrics, plan.componentMetricsChunks},
        {u"port_metrics"_s, daysRule(rules.portMetricsDays, u"older than %1"_s), plan.portMetrics,
         plan.portMetricsChunks},
        {u"port_messages"_s,
         daysRule(rules.completedMessagesDays, u"completed more than %1"_s) +
             (rules.completedMessagesDays ? u" ago"_s : QString()),
         plan.completedMessages, 0},
        {u"backlog_samples"_s, daysRule(rules.backlogSamplesDays, u"older than %1"_s),
         plan.backlogSamples, plan.backlogSamplesChunks},
        {u"checkpoints"_s,
         rules.checkpointsPerComponent == 0
             ? u"kept whole"_s
             : u"beyond the newest %1 per component (a latest is kept)"_s.arg(
                   rules.checkpointsPerComponent),
         plan.checkpointIds.size(), 0},
    };
    standardOutput() << "Retention, cut-offs measured from "
                     << plan.now.toString(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s) << ":\n";
    qsizetype width = 0;
    for (const auto &line : lines)
        width = std::max(width, line.rule.size());
    for (const auto &line : lines) {
        standardOutput() << u"  %1  %2  %3 rows"_s.arg(line.table, -17)
                                .arg(line.rule, -int(width))
                                .arg(countText(line.rows), 11);
        if (line.chunks > 0)
            standardOutput() << ", " << countText(line.chunks)
                             << (line.chunks == 1 ? " whole chunk" : " whole chunks")
                             << " among them (drop_chunks)";
        standardOutput() << '\n';
    }
    standardOutput()
        << u"  %1  %2 rows\n"_s.arg(u"total"_s, -int(width + 19)).arg(countText(plan.total()), 11);
}

int apply(const QSqlDatabase &db, const RetentionPlan &plan, int batchSize)
{
    const StopSignals stop;
    RetentionOptions options{.actor = {}, .batchSize = batchSize};
    options.progress = [](const RetentionPlan &) {
        return StopSignals::requested() == 0;
    };
    auto done = applyRetention(db, plan, options);
    if (!done) {
        standardError() << command << ": " << done.errorMessage() << Qt::endl;
        return ExitFailure;
    }
    standardOutput() << "Deleted " << countText(done->total()) << " of " << countText(plan.total())
                     << " rows (component_metrics " << countText(done->componentMetrics)
                     << ", port_metrics " << countText(done->portMetrics) << ", port_messages "
                     << countText(done->completedMessages) << ", backlog_samples "
                     << countText(done->backlogSamples) << ", checkpoints "
                     << countText(done->checkpointIds.size()) << ")";
    if (done->chunks() > 0)
        standardOutput() << ", among them " << countText(done->chunks())
                         << (done->chunks() == 1 ? " whole chunk" : " whole chunks")
                         << " dropped with drop_chunks";
    standardOutput() << ", recorded in the audit log." << Qt::endl;
    if (done->total() < plan.total()) {
        standardError() << command << ": stopped before the end; preview again for the rest."
                        << Qt::endl;
        return ExitFailure;
    }
    return ExitOk;
}

// What the command line asks for.
struct RetentionRequest
{
    std::optional<DatabaseUrl> url;
    RetentionRules rules;
    int batchSize = 5000;
    QString filesDirectory; // empty: no --files
    BatchRetentionRules filesRules;
    QString archive;
    bool dryRun = false;
    QStringList confirmations; // --confirm, once for the rows, once for the files
};

// "files=30d", "files=off". Empty when it is well formed.
QString setFilesRule(BatchRetentionRules &rules, const QString &text)
{
    QString value = text.section(u'=', 1).trimmed().toLower();
    if (value == u"off"_s)
        value = u"0"_s;
    if (value.endsWith(u'd'))
        value.chop(1);
    bool ok = false;
    const int days = value.toInt(&ok);
    if (!ok || days < 0)
        return u"'%1': files keeps a number of days (30d) or off."_s.arg(text);
    rules.days = days;
    return {};
}

QString filesText(qint64 count)
{
    return countText(count) + (count == 1 ? u" file"_s : u" files"_s);
}

void printFilesPlan(const BatchRetentionPlan &plan, const QString &archive)
{
    QTextStream &out = standardOutput();
    out << "Batch files in " << plan.directory << ", cut-off measured from "
        << plan.now.toString(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s) << ":\n";
    const QString rule = daysRule(plan.rules.days, u"older than %1"_s);
    out << u"  %1  %2  %3, %4 bytes\n"_s.arg(u"batch files"_s, -17)
               .arg(rule, -20)
               .arg(filesText(plan.files.size()), 11)
               .arg(countText(plan.bytes()));
    if (!plan.files.isEmpty()) {
        out << "  " << plan.files.constFirst().fileName << " to " << plan.files.constLast().fileName
            << ": " << countText(plan.messages) << " messages";
        if (plan.lowestNumber)
            out << ", numbers #" << *plan.lowestNumber << " to #" << *plan.highestNumber;
        out << "\n";
    }
    if (plan.keptFrom)
        out << "  Kept: " << filesText(plan.storeFiles - plan.files.size()) << ", from "
            << batchFileName(*plan.keptFrom) << " on (the newest file always stays)\n";
    if (plan.heldBack > 0)
        out << "  " << filesText(plan.heldBack)
            << (plan.heldBack == 1 ? " past the cut-off stays" : " past the cut-off stay")
            << " behind a younger one, so that no batch goes missing in between\n";
    if (!plan.files.isEmpty())
        out << (archive.isEmpty() ? u"  Deleted without an archive (--archive DIR keeps a copy)\n"_s
                                  : u"  Archived first, in one .tar.gz in %1\n"_s.arg(archive));
}

int applyFiles(const BatchRetentionPlan &plan, const QString &archive)
{
    auto done = applyBatchRetention(plan, {.archiveDirectory = archive, .tarProgram = {}});
    if (!done) {
        standardError() << command << ": " << done.errorMessage() << Qt::endl;
        return ExitFailure;
    }
    if (!done->archive.isEmpty())
        standardOutput() << "Archived in " << done->archive << ".\n";
    standardOutput() << "Deleted " << countText(done->removed.size()) << " of "
                     << countText(plan.files.size()) << " batch files ("
                     << countText(done->removedBytes()) << " bytes)." << Qt::endl;
    if (done->kept.isEmpty())
        return ExitOk;
    for (const BatchRetentionKept &kept : std::as_const(done->kept))
        standardError() << command << ": kept " << kept.file.fileName << ": " << kept.reason << "."
                        << Qt::endl;
    standardError() << command << ": files changed since the preview are kept; preview again."
                    << Qt::endl;
    return ExitFailure;
}

// What --confirm must say before anything goes; empty when it says it.
QStringList unconfirmed(const RetentionRequest &request, qint64 rows, qint64 files)
{
    QStringList missing;
    if (rows >= confirmFrom && !request.confirmations.contains(QString::number(rows)))
        missing << u"%1 rows: add --confirm %1"_s.arg(rows);
    if (files >= confirmFrom && !request.confirmations.contains(QString::number(files)))
        missing << u"%1 batch files: add --confirm %1"_s.arg(files);
    return missing;
}

// Shows both plans, then applies them once confirmed: the rows first, then the files.
int runPlans(const RetentionRequest &request, const QSqlDatabase *db, const RetentionPlan *rows,
             const std::optional<BatchRetentionPlan> &files)
{
    if (rows)
        printPlan(*rows);
    if (files)
        printFilesPlan(*files, request.archive);
    const qint64 rowCount = rows ? rows->total() : 0;
    const qint64 fileCount = files ? files->files.size() : 0;
    if (request.dryRun) {
        standardOutput() << "Dry run: nothing deleted." << Qt::endl;
        return ExitOk;
    }
    if (rowCount + fileCount == 0) {
        standardOutput() << "Nothing to delete." << Qt::endl;
        return ExitOk;
    }
    if (const QStringList missing = unconfirmed(request, rowCount, fileCount); !missing.isEmpty()) {
        standardOutput() << Qt::flush;
        standardError() << command << ": " << missing.join(u"; "_s)
                        << " to delete them. Nothing was deleted." << Qt::endl;
        return ExitUsage;
    }
    if (rowCount > 0) {
        if (const int done = apply(*db, *rows, request.batchSize); done != ExitOk)
            return done;
    }
    return fileCount > 0 ? applyFiles(*files, request.archive) : ExitOk;
}

void describeRetention(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        u"Deletes what a database's retention rules say is old, and old batch files, after "
        "showing it.\n\n"
        "The rules (seed 001, section 6), each changed with --keep TABLE=VALUE:\n"
        "  component_metrics=30d  metrics older than 30 days\n"
        "  port_metrics=30d       port metrics older than 30 days\n"
        "  port_messages=7d       port messages completed more than 7 days ago (other\n"
        "                         statuses are never deleted)\n"
        "  backlog_samples=30d    backlog history sampled more than 30 days ago\n"
        "  checkpoints=10         checkpoints beyond the newest 10 of each component; the\n"
        "                         latest of a name is never deleted\n"
        "  files=30d              batch files (--files) modified more than 30 days ago\n"
        "VALUE off keeps a table (or the files) whole. The rows go in batches (--batch-size),\n"
        "each a short transaction, so that an ingest worker keeps writing beside a long run;\n"
        "Ctrl+C stops between batches. The run is recorded in the audit log before anything\n"
        "is deleted.\n"
        "Batch files go from the oldest on, never the newest (the one being written) nor one\n"
        "modified in the last 10 minutes, and the run stops at the first younger file, so no\n"
        "batch goes missing in between. With --archive they are first put into one .tar.gz\n"
        "(GNU tar), checked and synced; a file changed since the preview is kept.\n"
        "A PostgreSQL password comes from PGPASSWORD or ~/.pgpass, never the command line."_s);
    parser.addOptions({
        {u"db"_s, u"The database: sqlite:///path.db or postgresql://..."_s, u"url"_s},
        {u"files"_s, u"A batch-file store: its old files go too."_s, u"dir"_s},
        {u"keep"_s, u"A table's rule, or files=DAYS (repeatable)."_s, u"table=value"_s},
        {u"archive"_s, u"Archive the batch files into a .tar.gz here before deleting them."_s,
         u"dir"_s},
        {u"dry-run"_s, u"Show what would be deleted; delete nothing."_s},
        {u"confirm"_s,
         u"From %1 rows (or batch files): their number, as the preview shows it; once for each."_s
             .arg(confirmFrom),
         u"n"_s},
        {u"batch-size"_s, u"Rows deleted per statement (default 5000)."_s, u"n"_s, u"5000"_s},
    });
}

// Fills the request from the command line. Returns -1 to go on, or the exit code to end with.
int parseRetention(const QStringList &arguments, RetentionRequest &request)
{
    QCommandLineParser parser;
    describeRetention(parser);
    if (const int done = parseSubcommand(parser, arguments); done >= 0)
        return done;
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            command, u"unexpected argument '%1'."_s.arg(parser.positionalArguments().constFirst()));
    if (!parser.isSet(u"db"_s) && !parser.isSet(u"files"_s))
        return usageError(command, u"--db URL or --files DIR (or both) is required."_s);
    if (parser.isSet(u"db"_s)) {
        auto url = DatabaseUrl::parse(parser.value(u"db"_s));
        if (!url)
            return usageError(command, url.errorMessage());
        request.url = *url;
    }
    request.filesDirectory = parser.value(u"files"_s);
    request.archive = parser.value(u"archive"_s);
    if (!request.archive.isEmpty() && request.filesDirectory.isEmpty())
        return usageError(command, u"--archive DIR goes with --files DIR."_s);
    for (const QString &rule : parser.values(u"keep"_s)) {
        const bool files = rule.section(u'=', 0, 0).trimmed() == u"files"_s;
        if (files ? request.filesDirectory.isEmpty() : !request.url)
            return usageError(command, u"--keep %1 goes with %2."_s.arg(
                                           rule, files ? u"--files DIR"_s : u"--db URL"_s));
        if (const QString wrong =
                files ? setFilesRule(request.filesRules, rule) : setRule(request.rules, rule);
            !wrong.isEmpty())
            return usageError(command, wrong);
    }
    bool ok = false;
    request.batchSize = parser.value(u"batch-size"_s).toInt(&ok);
    if (!ok || request.batchSize < 1)
        return usageError(command, u"--batch-size takes a number of rows from 1."_s);
    request.dryRun = parser.isSet(u"dry-run"_s);
    request.confirmations = parser.values(u"confirm"_s);
    return -1;
}

} // namespace

int runRetentionCommand(const QStringList &arguments)
{
    RetentionRequest request;
    if (const int done = parseRetention(arguments, request); done >= 0)
        return done;
    std::optional<BatchRetentionPlan> files;
    if (!request.filesDirectory.isEmpty()) {
        // A wrong archive folder is said before the preview, in a dry run too.
        if (Status archive = checkBatchArchiveFolder(request.archive, request.filesDirectory);
            !archive) {
            standardError() << command << ": " << archive.errorMessage() << Qt::endl;
            return ExitFailure;
        }
        auto plan = previewBatchRetention(request.filesDirectory, request.filesRules);
        if (!plan) {
            standardError() << command << ": " << plan.errorMessage() << Qt::endl;
            return ExitFailure;
        }
        files = std::move(plan).value();
    }
    if (!request.url)
        return runPlans(request, nullptr, nullptr, files);

    const ConnectionFactory factory(*request.url);
    int exitCode = ExitFailure;
    {
        auto database = factory.open(u"retention"_s);
        if (!database) {
            standardError() << command << ": " << database.errorMessage() << Qt::endl;
        } else {
            standardOutput() << "Database: " << request.url->toDisplayString() << "\n";
            auto plan = previewRetention(*database, request.rules);
            if (!plan)
                standardError() << command << ": " << plan.errorMessage() << Qt::endl;
            else
                exitCode = runPlans(request, &*database, &*plan, files);
        }
    }
    factory.close(u"retention"_s);
    return exitCode;
}

} // namespace porthole
