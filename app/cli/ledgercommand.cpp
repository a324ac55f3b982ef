#include "ledgercommand.h"

#include "commandio.h"
#include "connectionfactory.h"
#include "ledgertext.h"
#include "migrationrunner.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString command = u"porthole ledger"_s;

struct LedgerOptions
{
    QCommandLineOption db{u"db"_s,
                          u"The database: sqlite:///path.db or postgresql://user@host/db "
                          "(the password from PGPASSWORD or ~/.pgpass)."_s,
                          u"url"_s};
    QCommandLineOption from{u"from"_s,
                            u"The start of the range, ISO 8601 (UTC without a zone; default: "
                            "a day before its end)."_s,
                            u"time"_s};
    QCommandLineOption to{u"to"_s, u"The end of the range (default: now)."_s, u"time"_s};
    QCommandLineOption by{u"by"_s, u"A line per hour (default) or per day."_s, u"hour|day"_s,
                          u"hour"_s};
    QCommandLineOption key{u"key"_s,
                           u"The stream or list (default: the one the receiver was sampled on "
                           "in the range)."_s,
                           u"key"_s};
    QCommandLineOption group{u"group"_s,
                             u"The receiver's consumer group (default: the stream's only group "
                             "sampled, or the one its receiver's heartbeats name)."_s,
                             u"group"_s};
    QCommandLineOption files{u"files"_s,
                             u"The batch-file store the receiver writes: its integrity check's "
                             "gaps and damaged lines beside the lines written."_s,
                             u"dir"_s};
    QCommandLineOption json{u"json"_s, u"Writes the ledger as JSON."_s};
};

Result<LedgerRequest> requestOf(const QCommandLineParser &parser, const LedgerOptions &o)
{
    LedgerRequest request;
    request.to =
        parser.isSet(o.to) ? commandLineTime(parser.value(o.to)) : QDateTime::currentDateTimeUtc();
    request.from =
        parser.isSet(o.from) ? commandLineTime(parser.value(o.from)) : request.to.addDays(-1);
    if (!request.from.isValid() || !request.to.isValid())
        return StorageError::invalidArgument(
            u"--from and --to take a time such as 2026-11-20T12:00:00 (UTC) or with a zone."_s);
    if (request.from >= request.to)
        return StorageError::invalidArgument(u"--from must be before --to."_s);
    const auto grain = ledgerGrainNamed(parser.value(o.by));
    if (!grain)
        return StorageError::invalidArgument(u"--by is hour or day."_s);
    request.grain = *grain;
    request.key = parser.value(o.key);
    request.group = parser.value(o.group);
    return request;
}

QString figureText(const std::optional<qint64> &value)
{
    return value ? QString::number(*value) : u"-"_s;
}

void printPeriod(const QString &label, const LedgerPeriod &p, QTextStream &out)
{
    const QString backlog =
        p.sampled() ? u"%1->%2"_s.arg(p.backlogAtOpening).arg(p.backlogAtClose) : u"-"_s;
    out << "  " << label.leftJustified(17) << figureText(p.added).rightJustified(9)
        << figureText(p.delivered).rightJustified(10)
        << figureText(p.acknowledged).rightJustified(9)
        << QString::number(p.stored).rightJustified(9)
        << QString::number(p.deadLetters).rightJustified(6)
        << QString::number(p.duplicates).rightJustified(6)
        << QString::number(p.lostAtSource).rightJustified(6) << "  " << backlog.leftJustified(13)
        << ledgerVerdict(p) << "\n";
}

void printLedger(const Ledger &ledger, QTextStream &out)
{
    const auto text = [&ledger](const QDateTime &at) {
        return ledgerPeriodText(at, ledger.grain);
    };
    out << "The ledger of " << (ledger.list ? "list " : "stream ") << ledger.key
        << (ledger.list ? QString() : u", group "_s + ledger.group) << ", from "
        << text(ledger.total.start) << " to " << text(ledger.total.end) << " (UTC), by "
        << ledgerGrainName(ledger.grain) << "\n";
    out << "  " << u"period"_s.leftJustified(17) << "    added delivered    acked   stored  dead"
        << "   dup  lost  backlog      verdict\n";
    for (const LedgerPeriod &period : ledger.periods)
        printPeriod(text(period.start), period, out);
    printPeriod(u"total"_s, ledger.total, out);
    for (const LedgerPeriod &period : ledger.periods)
        if (period.unbalanced())
            out << "  " << text(period.start) << ": " << ledgerDisagreement(period) << "\n";
    if (ledger.total.unbalanced())
        out << "  total: " << ledgerDisagreement(ledger.total) << "\n";
    out.flush();
}

// Reads the ledger on a read-only connection of its own: a SQLite file is left byte for byte
// as it was.
Result<Ledger> readFrom(const DatabaseUrl &url, const LedgerRequest &request)
{
    const ConnectionFactory factory(url, readOnlySettings());
    const QString purpose = u"ledger"_s;
    Result<Ledger> ledger = StorageError{};
    {
        auto database = MigrationRunner::openCurrent(factory, purpose);
        if (!database)
            return database.error();
        ledger = readLedger(*database, request);
    }
    factory.close(purpose);
    return ledger;
}

} // namespace

int runLedgerCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const LedgerOptions o;
    parser.setApplicationDescription(
        u"Prints the ledger of the receiver's stream or list, hour by hour or day by day: the "
        "entries added to Redis, delivered and acknowledged, the rows stored, the dead letters, "
        "the duplicates skipped, the entries lost at source and the backlog, and whether each "
        "period balances; with --files, the batch-file store's gaps and damaged lines. Exits "
        "with 4 when a period does not balance or the store has either. Reads only."_s);
    parser.addOptions({o.db, o.from, o.to, o.by, o.key, o.group, o.files, o.json});
    if (const int done = parseSubcommand(parser, arguments); done >= 0)
        return done;
    if (!parser.positionalArguments().isEmpty())
        return usageError(command, u"takes no arguments, only options."_s);
    if (!parser.isSet(o.db))
        return usageError(command, u"--db names the database to read."_s);
    const auto request = requestOf(parser, o);
    if (!request)
        return usageError(command, request.errorMessage());
    const auto url = DatabaseUrl::parse(parser.value(o.db));
    if (!url)
        return usageError(command, url.errorMessage());

    const auto ledger = readFrom(*url, *request);
    if (!ledger) {
        standardError() << command << ": " << ledger.errorMessage() << Qt::endl;
        return ExitFailure;
    }
    std::optional<LedgerBatchFiles> files;
    if (parser.isSet(o.files)) {
        auto checked = checkLedgerBatchFiles(parser.value(o.files));
        if (!checked) {
            standardError() << command << ": " << checked.errorMessage() << Qt::endl;
            return ExitFailure;
        }
        files = *checked;
    }
    if (parser.isSet(o.json)) {
        QJsonObject json = ledgerJson(*ledger);
        if (files)
            json.insert(u"batch_files"_s, QJsonObject{{u"files"_s, files->files},
                                                      {u"lines"_s, files->lines},
                                                      {u"gaps"_s, files->gaps},
                                                      {u"damaged_lines"_s, files->damaged}});
        standardOutput() << QJsonDocument(json).toJson(QJsonDocument::Indented) << Qt::flush;
    } else {
        printLedger(*ledger, standardOutput());
        if (files)
            standardOutput() << "Batch files: " << ledger->total.linesWritten
                             << " lines written in the range; the store's check of " << files->files
                             << " files (" << files->lines << " lines) found " << files->gaps
                             << " gaps and " << files->damaged << " damaged lines" << Qt::endl;
    }
    const bool unbalanced =
        ledger->unbalancedCount() > 0 || ledger->total.unbalanced() || (files && !files->clean());
    return unbalanced ? ExitUnbalanced : ExitOk;
}

} // namespace porthole
