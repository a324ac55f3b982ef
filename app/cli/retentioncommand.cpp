#include "retentioncommand.h"

#include "commandio.h"
#include "connectionfactory.h"
#include "retention.h"
#include "stopsignals.h"

#include <QCommandLineParser>

#include <algorithm>

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
    const QString table = text.section(u'=', 0, 0).trimmed();
    QString value = text.section(u'=', 1).trimmed().toLower();
    const bool days = table != u"checkpoints"_s;
    int RetentionRules::*rule =
        table == u"component_metrics"_s ? &RetentionRules::componentMetricsDays
        : table == u"port_metrics"_s    ? &RetentionRules::portMetricsDays
        : table == u"port_messages"_s   ? &RetentionRules::completedMessagesDays
        : table == u"checkpoints"_s     ? &RetentionRules::checkpointsPerComponent
                                        : nullptr;
    if (!rule)
        return u"'%1' is not a table with a retention rule; use component_metrics, "
               "port_metrics, port_messages or checkpoints."_s.arg(table);
    if (value == u"off"_s)
        value = u"0"_s;
    if (days && value.endsWith(u'd'))
        value.chop(1);
    bool ok = false;
    const int number = value.toInt(&ok);
    if (!ok || number < 0)
        return days ? u"'%1': a table's rule is a number of days (30d) or off."_s.arg(text)
                    : u"'%1': checkpoints keeps a number of versions per component, or off."_s.arg(
                          text);
    rules.*rule = number;
    return {};
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
    } lines[] = {
        {u"component_metrics"_s, daysRule(rules.componentMetricsDays, u"older than %1"_s),
         plan.componentMetrics},
        {u"port_metrics"_s, daysRule(rules.portMetricsDays, u"older than %1"_s), plan.portMetrics},
        {u"port_messages"_s,
         daysRule(rules.completedMessagesDays, u"completed more than %1"_s) +
             (rules.completedMessagesDays ? u" ago"_s : QString()),
         plan.completedMessages},
        {u"checkpoints"_s,
         rules.checkpointsPerComponent == 0
             ? u"kept whole"_s
             : u"beyond the newest %1 per component (a latest is kept)"_s.arg(
                   rules.checkpointsPerComponent),
         plan.checkpointIds.size()},
    };
    standardOutput() << "Retention, cut-offs measured from "
                     << plan.now.toString(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s) << ":\n";
    qsizetype width = 0;
    for (const auto &line : lines)
        width = std::max(width, line.rule.size());
    for (const auto &line : lines)
        standardOutput() << u"  %1  %2  %3 rows\n"_s.arg(line.table, -17)
                                .arg(line.rule, -int(width))
                                .arg(countText(line.rows), 11);
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
                     << countText(done->completedMessages) << ", checkpoints "
                     << countText(done->checkpointIds.size()) << "), recorded in the audit log."
                     << Qt::endl;
    if (done->total() < plan.total()) {
        standardError() << command << ": stopped before the end; preview again for the rest."
                        << Qt::endl;
        return ExitFailure;
    }
    return ExitOk;
}

} // namespace

int runRetentionCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Deletes what a database's retention rules say is old, after showing it.\n\n"
        "The rules (seed 001, section 6), each changed with --keep TABLE=VALUE:\n"
        "  component_metrics=30d  metrics older than 30 days\n"
        "  port_metrics=30d       port metrics older than 30 days\n"
        "  port_messages=7d       port messages completed more than 7 days ago (other\n"
        "                         statuses are never deleted)\n"
        "  checkpoints=10         checkpoints beyond the newest 10 of each component; the\n"
        "                         latest of a name is never deleted\n"
        "VALUE off keeps a table whole. The rows go in batches (--batch-size), each a short\n"
        "transaction, so that an ingest worker keeps writing beside a long run; Ctrl+C stops\n"
        "between batches. The run is recorded in the audit log before anything is deleted.\n"
        "A PostgreSQL password comes from PGPASSWORD or ~/.pgpass, never the command line."_s);
    const QCommandLineOption db(u"db"_s, u"The database: sqlite:///path.db or postgresql://..."_s,
                                u"url"_s);
    const QCommandLineOption keep(u"keep"_s, u"A table's rule (repeatable)."_s, u"table=value"_s);
    const QCommandLineOption dryRun(u"dry-run"_s, u"Show what would be deleted; delete nothing."_s);
    const QCommandLineOption confirm(
        u"confirm"_s, u"From %1 rows: their number, as the preview shows it."_s.arg(confirmFrom),
        u"rows"_s);
    const QCommandLineOption batchSize(
        u"batch-size"_s, u"Rows deleted per statement (default 5000)."_s, u"n"_s, u"5000"_s);
    parser.addOptions({db, keep, dryRun, confirm, batchSize});
    if (const int done = parseSubcommand(parser, arguments); done >= 0)
        return done;
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            command, u"unexpected argument '%1'."_s.arg(parser.positionalArguments().constFirst()));
    if (!parser.isSet(db))
        return usageError(command, u"--db URL is required."_s);
    auto url = DatabaseUrl::parse(parser.value(db));
    if (!url)
        return usageError(command, url.errorMessage());
    RetentionRules rules;
    for (const QString &rule : parser.values(keep))
        if (const QString wrong = setRule(rules, rule); !wrong.isEmpty())
            return usageError(command, wrong);
    bool ok = false;
    const int batch = parser.value(batchSize).toInt(&ok);
    if (!ok || batch < 1)
        return usageError(command, u"--batch-size takes a number of rows from 1."_s);

    const ConnectionFactory factory(*url);
    int exitCode = ExitFailure;
    {
        auto database = factory.open(u"retention"_s);
        if (!database) {
            standardError() << command << ": " << database.errorMessage() << Qt::endl;
            return ExitFailure;
        }
        standardOutput() << "Database: " << url->toDisplayString() << "\n";
        auto plan = previewRetention(*database, rules);
        if (!plan) {
            standardError() << command << ": " << plan.errorMessage() << Qt::endl;
        } else {
            printPlan(*plan);
            if (parser.isSet(dryRun)) {
                standardOutput() << "Dry run: nothing deleted." << Qt::endl;
                exitCode = ExitOk;
            } else if (plan->total() == 0) {
                standardOutput() << "Nothing to delete." << Qt::endl;
                exitCode = ExitOk;
            } else if (plan->total() >= confirmFrom &&
                       parser.value(confirm) != QString::number(plan->total())) {
                standardOutput() << Qt::flush;
                standardError() << command << ": " << plan->total() << " rows: add --confirm "
                                << plan->total() << " to delete them. Nothing was deleted."
                                << Qt::endl;
                exitCode = ExitUsage;
            } else {
                exitCode = apply(*database, *plan, batch);
            }
        }
    }
    factory.close(u"retention"_s);
    return exitCode;
}

} // namespace porthole
