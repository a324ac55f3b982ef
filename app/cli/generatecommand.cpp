#include "generatecommand.h"

#include "commandio.h"
#include "connectionfactory.h"
#include "datagenerator.h"
#include "migrationrunner.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

struct Kind
{
    QString option;
    QString table;
    Result<qint64> (DataGenerator::*generate)(qint64, const DataGenerator::Progress &);
};

const QString command = u"porthole generate"_s;

// What can be generated, each with its option and table.
QList<Kind> generatedKinds()
{
    return {
        {u"port-messages"_s, u"port_messages"_s, &DataGenerator::portMessages},
        {u"metrics"_s, u"component_metrics"_s, &DataGenerator::componentMetrics},
        {u"port-metrics"_s, u"port_metrics"_s, &DataGenerator::portMetrics},
        {u"sensor-readings"_s, u"metrics"_s, &DataGenerator::sensorReadings},
        {u"checkpoints"_s, u"checkpoints"_s, &DataGenerator::checkpoints},
        {u"health"_s, u"system_health"_s, &DataGenerator::heartbeats},
        {u"component-states"_s, u"component_state"_s, &DataGenerator::componentStates},
        {u"sink-rows"_s, u"sink_storage"_s, &DataGenerator::sinkRows},
    };
}

// The options besides the one for each kind.
struct GenerateOptions
{
    QCommandLineOption db{
        u"db"_s, u"The database: sqlite:///path.db or postgresql://user@host:port/db."_s, u"url"_s};
    QCommandLineOption batchFiles{
        u"batch-files"_s,
        u"Full batch files (ten messages each) to write into --files (default 0)."_s, u"n"_s};
    QCommandLineOption files{
        u"files"_s, u"With --batch-files: a folder that holds no batch file yet."_s, u"dir"_s};
    QCommandLineOption days{
        u"days"_s, u"How many days back from now the data reaches (default 7)."_s, u"d"_s, u"7"_s};
    QCommandLineOption seed{u"seed"_s, u"The random seed (default 1)."_s, u"s"_s, u"1"_s};
};

// What the command line asks for, checked.
struct GenerateRequest
{
    QList<std::pair<Kind, qint64>> work; // rows to add, a kind at a time
    qint64 batchFileCount = 0;
    int span = 0; // days
    quint32 seed = 0;
};

void describeGenerateCommand(QCommandLineParser &parser, const GenerateOptions &o,
                             const QList<Kind> &kinds)
{
    parser.setApplicationDescription(
        u"Fills a Porthole database with realistic synthetic data for demos and benchmarks: "
        "several ports and components, a share of failed and dead-lettered messages with a "
        "handful of distinct errors, metrics over days, heartbeats with one component gone "
        "stale, and checkpoint versions. The database is migrated first if it needs it. The "
        "same --seed gives the same data."_s);
    parser.addOption(o.db);
    for (const Kind &kind : kinds)
        parser.addOption(QCommandLineOption(
            kind.option, u"Rows to add to %1 (default 0)."_s.arg(kind.table), u"n"_s));
    parser.addOptions({o.batchFiles, o.files});
    parser.addOptions({o.days, o.seed});
}

// Returns -1 to go on, or the exit code to end with.
int readGenerateOptions(const QCommandLineParser &parser, const GenerateOptions &o,
                        const QList<Kind> &kinds, GenerateRequest *request)
{
    for (const Kind &kind : kinds) {
        if (!parser.isSet(kind.option))
            continue;
        bool ok = false;
        const qint64 n = parser.value(kind.option).toLongLong(&ok);
        if (!ok || n < 0)
            return usageError(command, u"--%1 takes a whole number from 0, not '%2'."_s.arg(
                                           kind.option, parser.value(kind.option)));
        request->work.append({kind, n});
    }
    if (parser.isSet(o.batchFiles)) {
        bool ok = false;
        request->batchFileCount = parser.value(o.batchFiles).toLongLong(&ok);
        if (!ok || request->batchFileCount < 0)
            return usageError(command,
                              u"--batch-files takes a whole number from 0, not '%1'."_s.arg(
                                  parser.value(o.batchFiles)));
        if (!parser.isSet(o.files))
            return usageError(command, u"--batch-files needs --files DIR."_s);
    }
    if (request->work.isEmpty() && request->batchFileCount == 0)
        return usageError(command, u"say what to generate, e.g. --port-messages 100000."_s);
    if (!request->work.isEmpty() && !parser.isSet(o.db))
        return usageError(command, u"--db URL is required."_s);
    bool daysOk = false;
    bool seedOk = false;
    request->span = parser.value(o.days).toInt(&daysOk);
    request->seed = parser.value(o.seed).toUInt(&seedOk);
    if (!daysOk || request->span < 1 || request->span > 3650)
        return usageError(command, u"--days takes 1 to 3650."_s);
    if (!seedOk)
        return usageError(command, u"--seed takes a whole number from 0."_s);
    return -1;
}

// Returns -1 to go on, or the exit code to end with.
int writeBatchFiles(const QString &folder, qint64 count, const DataGenerator::Span &timeSpan)
{
    auto written = DataGenerator::batchFiles(folder, count, timeSpan);
    if (!written) {
        standardError() << command << ": " << written.errorMessage() << Qt::endl;
        return ExitFailure;
    }
    standardOutput() << "batch files: " << countText(count) << " files, " << countText(*written)
                     << " messages in " << QDir::toNativeSeparators(folder) << "\n"
                     << Qt::flush;
    return -1;
}

// Adds the rows, a kind at a time, with a progress line a second; stops at the first failure.
int generateRows(DataGenerator &generator, const QList<std::pair<Kind, qint64>> &work)
{
    for (const auto &[kind, count] : work) {
        QElapsedTimer timer;
        timer.start();
        qint64 lastReport = 0;
        const auto progress = [&, table = kind.table, count = count](qint64 written) {
            if (timer.elapsed() - lastReport >= 1000) {
                lastReport = timer.elapsed();
                standardError() << table << ": " << countText(written) << " of " << countText(count)
                                << " ("
                                << countText(written * 1000.0 /
                                             std::max<qint64>(1, timer.elapsed()))
                                << " rows/s)\n"
                                << Qt::flush;
            }
            return true;
        };
        auto written = (generator.*kind.generate)(count, progress);
        if (!written) {
            standardError() << command << ": " << kind.table << ": " << written.errorMessage()
                            << Qt::endl;
            return ExitFailure;
        }
        const double seconds = std::max<qint64>(1, timer.elapsed()) / 1000.0;
        standardOutput() << kind.table << ": " << countText(*written) << " rows in "
                         << QString::number(seconds, 'f', 1) << " s ("
                         << countText(*written / seconds) << " rows/s)\n"
                         << Qt::flush;
    }
    return ExitOk;
}

} // namespace

int runGenerateCommand(const QStringList &arguments)
{
    const QList<Kind> kinds = generatedKinds();
    QCommandLineParser parser;
    const GenerateOptions options;
    describeGenerateCommand(parser, options, kinds);
    if (const int done = parseSubcommand(parser, arguments); done >= 0)
        return done;
    GenerateRequest request;
    if (const int done = readGenerateOptions(parser, options, kinds, &request); done >= 0)
        return done;

    const DataGenerator::Span timeSpan{QDateTime::currentDateTimeUtc(), request.span};
    if (request.batchFileCount > 0) {
        if (const int done =
                writeBatchFiles(parser.value(options.files), request.batchFileCount, timeSpan);
            done >= 0)
            return done;
    }
    if (request.work.isEmpty())
        return ExitOk;
    auto url = DatabaseUrl::parse(parser.value(options.db));
    if (!url)
        return usageError(command, url.errorMessage());
    const ConnectionFactory factory(*url);
    int exitCode = ExitOk;
    {
        auto database = factory.open(u"generate"_s);
        if (!database) {
            standardError() << command << ": " << database.errorMessage() << Qt::endl;
            return ExitFailure;
        }
        auto migrated = MigrationRunner(*database, *MigrationRunner::builtin(url->engine())).up();
        if (!migrated) {
            standardError() << command << ": " << migrated.errorMessage() << Qt::endl;
            return ExitFailure;
        }
        if (!migrated->backupPath.isEmpty())
            standardOutput() << "Backed up the database to " << migrated->backupPath << "\n";

        DataGenerator generator(*database, request.seed, timeSpan);
        exitCode = generateRows(generator, request.work);
    }
    factory.close(u"generate"_s);
    return exitCode;
}

} // namespace porthole
