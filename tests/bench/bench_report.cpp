// The report on 30 days of demo data: reading its data (gatherReport) and writing it as PDF and
// as HTML (charts drawn, document laid out), against a count of the range's rows in every table
// the report reads, in the same run.
//   bench_report --db sqlite:///path.db [--runs N]
#include "benchsupport.h"
#include "connectionfactory.h"
#include "datagenerator.h"
#include "messagerepository.h"
#include "migrationrunner.h"
#include "reportwriter.h"
#include "sqlsupport.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

constexpr int days = 30;

// The demo's volumes (scripts/demo), over 30 days, and 20,000 received messages.
QString fill(const QSqlDatabase &db, const QDateTime &end)
{
    auto present = execQuery(db, u"SELECT count(*) FROM port_messages"_s, {}, u"Counting"_s);
    if (!present)
        return present.errorMessage();
    if (present->next() && present->value(0).toLongLong() > 0)
        return {};
    present->finish();
    out() << "Generating 30 days of demo data..." << Qt::endl;
    DataGenerator generator(db, 1, {end, days});
    const QList<std::function<Result<qint64>()>> steps{
        [&] { return generator.portMessages(50000); },
        [&] { return generator.componentMetrics(20000); },
        [&] { return generator.portMetrics(5000); },
        [&] { return generator.sensorReadings(10000); },
        [&] { return generator.heartbeats(600); },
        [&] { return generator.checkpoints(120); },
    };
    for (const auto &step : steps)
        if (auto done = step(); !done)
            return done.errorMessage();
    QList<ReceivedMessage> received;
    for (int i = 0; i < 20000; ++i)
        received.append({0, std::nullopt, i + 1, "this is Message N° " + QByteArray::number(i + 1),
                         end.addSecs(-qint64(days) * 86400 + qint64(i) * days * 86400 / 20000),
                         u"stream:demo:%1"_s.arg(i), u"porthole:demo"_s});
    auto stored = MessageRepository(db).insert(received);
    return stored ? QString() : stored.errorMessage();
}

// The raw operation: every table the report reads, its rows in the range counted once.
qint64 baseline(const QSqlDatabase &db, const QDateTime &from, const QDateTime &to)
{
    const SqlEngine engine = engineOf(db);
    qint64 rows = 0;
    for (const auto &[table, column] : {std::pair{u"messages"_s, u"timestamp"_s},
                                        {u"port_messages"_s, u"created_at"_s},
                                        {u"component_metrics"_s, u"timestamp"_s},
                                        {u"port_metrics"_s, u"timestamp"_s},
                                        {u"audit_log"_s, u"occurred_at"_s},
                                        {u"system_health"_s, u"last_heartbeat"_s},
                                        {u"checkpoints"_s, u"created_at"_s}}) {
        auto query =
            execQuery(db, u"SELECT count(*) FROM %1 WHERE %2 >= ? AND %2 < ?"_s.arg(table, column),
                      {timestampParam(from, engine), timestampParam(to, engine)}, u"Counting"_s);
        if (query && query->next())
            rows += query->value(0).toLongLong();
    }
    return rows;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption dbOption(u"db"_s, u"A database URL."_s, u"url"_s);
    const QCommandLineOption runsOption(u"runs"_s, u"Runs (default 3)."_s, u"n"_s, u"3"_s);
    parser.addOptions({dbOption, runsOption});
    parser.addHelpOption();
    parser.process(app);
    auto url = DatabaseUrl::parse(parser.value(dbOption));
    if (!url) {
        out() << "bench_report: --db URL is needed" << Qt::endl;
        return 2;
    }
    const int runs = parser.value(runsOption).toInt();
    // A fixed end: the same 30 days on every invocation over the same file.
    const QDateTime end(QDate(2026, 11, 20), QTime(0, 0), Qt::UTC);
    const QDateTime start = end.addDays(-days);

    const ConnectionFactory factory(*url);
    auto db = factory.open(u"bench"_s);
    if (!db) {
        out() << db.errorMessage() << Qt::endl;
        return 1;
    }
    if (auto done = MigrationRunner(*db, *MigrationRunner::builtin(url->engine())).up(); !done) {
        out() << done.errorMessage() << Qt::endl;
        return 1;
    }
    if (const QString error = fill(*db, end); !error.isEmpty()) {
        out() << error << Qt::endl;
        return 1;
    }

    ReportRequest request;
    request.database = *url;
    request.from = start;
    request.to = end;
    const QString directory =
        url->isSqlite() ? QFileInfo(url->filePath()).absolutePath() : QDir::tempPath();
    std::vector<double> raw;
    std::vector<double> gather;
    std::vector<double> pdf;
    std::vector<double> html;
    qint64 rows = 0;
    out() << "report of " << start.toString(Qt::ISODate) << " to " << end.toString(Qt::ISODate)
          << "; load " << loadAverage() << Qt::endl;
    for (int run = 1; run <= runs; ++run) {
        auto t = Clock::now();
        rows = baseline(*db, start, end);
        raw.push_back(secondsSince(t));
        t = Clock::now();
        auto data = gatherReport(*db, request);
        gather.push_back(secondsSince(t));
        if (!data) {
            out() << data.errorMessage() << Qt::endl;
            return 1;
        }
        t = Clock::now();
        const Status writtenPdf =
            writeReport(*data, ReportFormat::Pdf, directory + u"/bench-report.pdf"_s);
        pdf.push_back(secondsSince(t));
        t = Clock::now();
        const Status writtenHtml =
            writeReport(*data, ReportFormat::Html, directory + u"/bench-report.html"_s);
        html.push_back(secondsSince(t));
        if (!writtenPdf || !writtenHtml) {
            out() << "writing failed" << Qt::endl;
            return 1;
        }
        out() << "run " << run << ": baseline " << raw.back() * 1000 << " ms (" << rows
              << " rows in the range), read " << gather.back() * 1000 << " ms, PDF "
              << pdf.back() * 1000 << " ms, HTML " << html.back() * 1000 << " ms" << Qt::endl;
    }
    const double whole = median(gather) + median(pdf);
    out() << "median: baseline " << median(raw) * 1000 << " ms; read " << median(gather) * 1000
          << " ms; PDF " << median(pdf) * 1000 << " ms; HTML " << median(html) * 1000
          << " ms; read + PDF " << whole * 1000 << " ms, ratio " << whole / median(raw) << "; load "
          << loadAverage() << Qt::endl;
    QFile::remove(directory + u"/bench-report.pdf"_s);
    QFile::remove(directory + u"/bench-report.html"_s);
    return 0;
}
