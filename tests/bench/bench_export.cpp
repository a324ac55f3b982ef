// Export of the messages table to CSV on SQLite: `porthole export` (a process of its own, so
// that its peak memory is its own) against the same statement stepped through the sqlite3 C API
// and written as CSV by a plain loop, in the same run.
//   bench_export --db sqlite:///path.db --porthole BINARY [--rows N] [--runs N]
#include "benchsupport.h"
#include "connectionfactory.h"
#include "exportsource.h"
#include "migrationrunner.h"
#include "sqlsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>

#include <sqlite3.h>
#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

QString fill(const QSqlDatabase &db, qint64 rows)
{
    auto have = execQuery(db, u"SELECT count(*) FROM messages"_s, {}, u"Counting"_s);
    if (!have || !have->next())
        return have ? u"no count"_s : have.errorMessage();
    const qint64 present = have->value(0).toLongLong();
    have->finish();
    if (present == rows)
        return {};
    if (present != 0)
        return u"the database holds %1 messages, not %2: use another file"_s.arg(present).arg(rows);
    out() << "Inserting " << rows << " messages..." << Qt::endl;
    const auto start = Clock::now();
    auto done = execQuery(
        db,
        u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "
        "INSERT INTO messages (batch_id, message_number, content, timestamp, delivery_key, source) "
        "SELECT NULL, i, 'Message #' || i || ': order ' || (i * 7919 % 100000) || "
        "CASE WHEN i % 10 = 0 THEN ' shipped, \"express\"' ELSE ' received' END, "
        "strftime('%Y-%m-%d %H:%M:%f', '2026-10-01', '+' || (i / 4.0) || ' seconds'), "
        "'stream:demo:' || i || '-0', 'demo:stream' FROM n"_s.arg(rows),
        {}, u"Inserting"_s);
    if (!done)
        return done.errorMessage();
    out() << "  " << secondsSince(start) << " s" << Qt::endl;
    return {};
}

void appendField(std::string &line, const unsigned char *text, int size)
{
    bool quote = false;
    for (int i = 0; i < size && !quote; ++i)
        quote = text[i] == ',' || text[i] == '"' || text[i] == '\n' || text[i] == '\r';
    if (!quote) {
        line.append(reinterpret_cast<const char *>(text), size_t(size));
        return;
    }
    line.push_back('"');
    for (int i = 0; i < size; ++i) {
        if (text[i] == '"')
            line.push_back('"');
        line.push_back(char(text[i]));
    }
    line.push_back('"');
}

// The raw operation: the statement stepped with the C API, each value's text written as CSV.
qint64 baseline(const QString &file, const QString &sql, const QString &path)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(file.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        return -1;
    sqlite3_stmt *statement = nullptr;
    sqlite3_prepare_v2(db, sql.toUtf8().constData(), -1, &statement, nullptr);
    FILE *output = std::fopen(path.toLocal8Bit().constData(), "wb");
    const int columns = sqlite3_column_count(statement);
    std::string line;
    qint64 rows = 0;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        line.clear();
        for (int i = 0; i < columns; ++i) {
            if (i > 0)
                line.push_back(',');
            const unsigned char *text = sqlite3_column_text(statement, i);
            if (text)
                appendField(line, text, sqlite3_column_bytes(statement, i));
        }
        line.append("\r\n");
        std::fwrite(line.data(), 1, line.size(), output);
        ++rows;
    }
    std::fclose(output);
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return rows;
}

long childrenPeakKiB()
{
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_maxrss;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption dbOption(u"db"_s, u"A SQLite database URL."_s, u"url"_s);
    const QCommandLineOption binaryOption(u"porthole"_s, u"The porthole executable."_s, u"path"_s);
    const QCommandLineOption rowsOption(u"rows"_s, u"Messages (default 10,000,000)."_s, u"n"_s,
                                        u"10000000"_s);
    const QCommandLineOption runsOption(u"runs"_s, u"Runs (default 3)."_s, u"n"_s, u"3"_s);
    parser.addOptions({dbOption, binaryOption, rowsOption, runsOption});
    parser.addHelpOption();
    parser.process(app);
    auto url = DatabaseUrl::parse(parser.value(dbOption));
    if (!url || !url->isSqlite() || !parser.isSet(binaryOption)) {
        out() << "bench_export: --db sqlite:///path.db and --porthole BINARY are needed"
              << Qt::endl;
        return 2;
    }
    const qint64 rows = parser.value(rowsOption).toLongLong();
    const int runs = parser.value(runsOption).toInt();

    QString sql;
    {
        const ConnectionFactory factory(*url);
        auto db = factory.open(u"bench"_s);
        if (!db) {
            out() << db.errorMessage() << Qt::endl;
            return 1;
        }
        if (auto done = MigrationRunner(*db, *MigrationRunner::builtin(url->engine())).up();
            !done) {
            out() << done.errorMessage() << Qt::endl;
            return 1;
        }
        if (const QString error = fill(*db, rows); !error.isEmpty()) {
            out() << error << Qt::endl;
            return 1;
        }
        auto statement = messagesExport({}, {}, false)->query(*db, {});
        sql = statement->sql;
    }

    const QString directory = QFileInfo(url->filePath()).absolutePath();
    const QString rawPath = directory + u"/baseline.csv"_s;
    const QString portholePath = directory + u"/porthole.csv"_s;
    out() << "messages: " << rows << " rows; load " << loadAverage() << Qt::endl;
    std::vector<double> rawSeconds;
    std::vector<double> portholeSeconds;
    long peakKiB = 0;
    for (int run = 1; run <= runs; ++run) {
        auto start = Clock::now();
        const qint64 rawRows = baseline(url->filePath(), sql, rawPath);
        rawSeconds.push_back(secondsSince(start));
        start = Clock::now();
        QProcess process;
        process.start(parser.value(binaryOption),
                      {u"export"_s, u"--db"_s, parser.value(dbOption), u"--table"_s, u"messages"_s,
                       u"--out"_s, portholePath});
        process.waitForFinished(-1);
        portholeSeconds.push_back(secondsSince(start));
        peakKiB = childrenPeakKiB();
        if (process.exitCode() != 0 || rawRows != rows) {
            out() << "failed: " << process.readAllStandardError() << " baseline rows " << rawRows
                  << Qt::endl;
            return 1;
        }
        out() << "run " << run << ": baseline " << rawSeconds.back() << " s ("
              << qint64(double(rows) / rawSeconds.back()) << " rows/s, "
              << QFileInfo(rawPath).size() / 1000000 << " MB), porthole export "
              << portholeSeconds.back() << " s (" << qint64(double(rows) / portholeSeconds.back())
              << " rows/s, " << QFileInfo(portholePath).size() / 1000000 << " MB)" << Qt::endl;
    }
    const double raw = median(rawSeconds);
    const double porthole = median(portholeSeconds);
    out() << "median: baseline " << raw << " s = " << qint64(double(rows) / raw)
          << " rows/s; porthole export " << porthole << " s = " << qint64(double(rows) / porthole)
          << " rows/s; ratio " << porthole / raw << "; porthole peak resident " << peakKiB / 1024
          << " MiB; load " << loadAverage() << Qt::endl;
    QFile::remove(rawPath);
    QFile::remove(portholePath);
    return 0;
}
