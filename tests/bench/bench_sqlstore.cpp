// The SQL store's figures for docs/BENCHMARKS.md:
//  1. Porthole's generator writing port_messages (building the rows, validating, inserting
//     through the repository), against a baseline in the same run: the same rows, built
//     before the clock starts, inserted by a plain loop of prepared multi-row INSERTs into
//     the same schema. Median of --runs runs of --sample rows each, on fresh tables.
//  2. `porthole generate`'s code path filling --rows rows (10,000,000 for the issue), rows/s.
//  3. On that table: the first page of the dead-letter set, a page near its end, and the
//     last page, each the median of --queries repeats, through the repository and as the
//     same SQL run raw.
// Usage: bench_sqlstore --db URL [--rows N] [--sample N] [--runs N] [--queries N]
#include "benchsupport.h"
#include "connectionfactory.h"
#include "datagenerator.h"
#include "migrationrunner.h"
#include "portmessagerepository.h"
#include "sqlsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

void resetSchema(QSqlDatabase db, DatabaseUrl::Engine engine)
{
    MigrationRunner runner(db, *MigrationRunner::builtin(engine));
    check(runner.up().ok(), u"migrate"_s);
    check(runner.down(runner.latestVersion()).ok(), u"migrate down"_s);
    check(runner.up().ok(), u"migrate up"_s);
}

// The baseline: the generator's own rows, built before the clock starts, inserted with a
// prepared statement of 200 rows and a commit every 5000, as the repository groups them, but
// with no validation and no repository.
double rawInsert(QSqlDatabase db, const QList<PortMessage> &rows, SqlEngine engine)
{
    const QString row = u"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s;
    QString sql = u"INSERT INTO port_messages (id, port_name, source_component, target_component, "
                  u"message_data, "
                  "message_metadata, status, retry_count, max_retries, created_at, processed_at, "
                  "completed_at, "
                  "error_message, error_details) VALUES "_s;
    for (int r = 0; r < 200; ++r)
        sql += (r ? u", "_s : QString()) + row;
    QSqlQuery insert(db);
    check(insert.prepare(sql), insert.lastError().text());
    const auto text = [](const QByteArray &json) {
        return json.isNull() ? QVariant(QMetaType::fromType<QString>())
                             : QVariant(QString::fromUtf8(json));
    };
    const auto start = Clock::now();
    for (qsizetype done = 0; done + 200 <= rows.size(); done += 200) {
        if (done % 5000 == 0)
            check(
                QSqlQuery(db).exec(engine == SqlEngine::SQLite ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s),
                u"begin"_s);
        int index = 0;
        for (qsizetype r = done; r < done + 200; ++r) {
            const PortMessage &m = rows.at(r);
            insert.bindValue(index++, m.id);
            insert.bindValue(index++, m.portName);
            insert.bindValue(index++, m.sourceComponent);
            insert.bindValue(index++, m.targetComponent);
            insert.bindValue(index++, text(m.messageData));
            insert.bindValue(index++, text(m.messageMetadata));
            insert.bindValue(index++, m.status);
            insert.bindValue(index++, m.retryCount);
            insert.bindValue(index++, m.maxRetries);
            insert.bindValue(index++, timestampParam(m.createdAt, engine));
            insert.bindValue(index++, timestampParam(m.processedAt, engine));
            insert.bindValue(index++, timestampParam(m.completedAt, engine));
            insert.bindValue(index++, m.errorMessage.isNull()
                                          ? QVariant(QMetaType::fromType<QString>())
                                          : QVariant(m.errorMessage));
            insert.bindValue(index++, text(m.errorDetails));
        }
        check(insert.exec(), insert.lastError().text());
        if ((done + 200) % 5000 == 0 || done + 400 > rows.size())
            check(QSqlQuery(db).exec(u"COMMIT"_s), u"commit"_s);
    }
    return rows.size() / secondsSince(start);
}

double generated(QSqlDatabase db, qint64 rows, bool progress)
{
    DataGenerator generator(db, 1, {QDateTime::currentDateTimeUtc(), 30});
    const auto start = Clock::now();
    double last = 0;
    auto written = generator.portMessages(rows, [&](qint64 n) {
        if (progress && secondsSince(start) - last > 30) {
            last = secondsSince(start);
            out() << "  ... " << n << " rows, " << qint64(n / last) << " rows/s" << Qt::endl;
        }
        return true;
    });
    check(written.ok(), written.errorMessage());
    return rows / secondsSince(start);
}

template <typename F>
double medianMs(int repeats, F &&f)
{
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        const auto start = Clock::now();
        f();
        times.push_back(secondsSince(start) * 1000);
    }
    return median(times);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{u"db"_s, u"database URL"_s, u"url"_s},
                       {u"rows"_s, u"rows for the big table"_s, u"n"_s, u"10000000"_s},
                       {u"sample"_s, u"rows per ratio run"_s, u"n"_s, u"200000"_s},
                       {u"runs"_s, u"ratio runs"_s, u"n"_s, u"3"_s},
                       {u"queries"_s, u"repeats per query"_s, u"n"_s, u"21"_s}});
    parser.process(app);
    const auto url = DatabaseUrl::parse(parser.value(u"db"_s));
    check(url.ok(), url.errorMessage());
    const qint64 rows = parser.value(u"rows"_s).toLongLong();
    const qint64 sample = parser.value(u"sample"_s).toLongLong();
    const int runs = parser.value(u"runs"_s).toInt();
    const int queries = parser.value(u"queries"_s).toInt();

    const ConnectionFactory factory(*url);
    auto db = factory.open(u"bench"_s);
    check(db.ok(), db.errorMessage());
    const SqlEngine engine = engineOf(*db);
    out() << "engine: " << db->driverName() << Qt::endl;

    // 1. Ratio: Porthole's generator against the raw loop, same rows, fresh tables each run.
    std::vector<double> porthole, raw;
    for (int run = 0; run < runs; ++run) {
        resetSchema(*db, url->engine());
        const QList<PortMessage> rows = DataGenerator(*db, 1, {QDateTime::currentDateTimeUtc(), 30})
                                            .makePortMessages(0, sample, sample);
        raw.push_back(rawInsert(*db, rows, engine));
        resetSchema(*db, url->engine());
        porthole.push_back(generated(*db, sample, false));
        out() << "  run " << run + 1 << ": porthole " << qint64(porthole.back()) << " rows/s, raw "
              << qint64(raw.back()) << " rows/s" << Qt::endl;
    }
    out() << "insert " << sample << " rows: porthole " << qint64(median(porthole))
          << " rows/s, raw " << qint64(median(raw)) << " rows/s, ratio "
          << QString::number(median(porthole) / median(raw), 'f', 2) << Qt::endl;

    // 2. The big table, as `porthole generate --port-messages N` fills it.
    resetSchema(*db, url->engine());
    const double rate = generated(*db, rows, true);
    out() << "generate " << rows << " port_messages: " << qint64(rate) << " rows/s ("
          << qint64(rows / rate) << " s)" << Qt::endl;
    if (engine == SqlEngine::PostgreSQL)
        QSqlQuery(*db).exec(u"ANALYZE port_messages"_s);
    else
        QSqlQuery(*db).exec(u"ANALYZE"_s);

    // 3. Pages of the dead-letter set.
    PortMessageRepository repository(*db);
    PortMessageFilter dead;
    dead.deadLettersOnly = true;
    PageRequest first;
    first.limit = 100;
    PageRequest last = first;
    last.from = PageRequest::From::End;
    // A key near the end: the start of the last page, found once, outside the timing.
    auto lastPage = repository.page(dead, last);
    check(lastPage.ok(), lastPage.errorMessage());
    PageRequest nearEnd = first;
    nearEnd.from = PageRequest::From::Before;
    nearEnd.key = PortMessageRepository::keyOf(lastPage->rows.constFirst(), u"created_at"_s);

    const auto timed = [&](const PageRequest &request) {
        return medianMs(queries, [&] {
            auto page = repository.page(dead, request);
            check(page.ok() && page->rows.size() == 100, page.errorMessage());
        });
    };
    const QString deadWhere =
        u"(status = 'dead_letter' OR (status = 'failed' AND retry_count >= max_retries))"_s;
    const auto rawTimed = [&](const QString &sql) {
        return medianMs(queries, [&] {
            QSqlQuery query(*db);
            query.setForwardOnly(true);
            check(query.exec(sql), query.lastError().text());
            int n = 0;
            while (query.next())
                ++n;
            check(n == 100, u"raw page size"_s);
        });
    };
    const double firstMs = timed(first);
    const double nearEndMs = timed(nearEnd);
    const double lastMs = timed(last);
    const double rawFirstMs = rawTimed(
        u"SELECT * FROM port_messages WHERE %1 ORDER BY created_at, id LIMIT 100"_s.arg(deadWhere));
    const double rawLastMs = rawTimed(
        u"SELECT * FROM port_messages WHERE %1 ORDER BY created_at DESC, id DESC LIMIT 100"_s.arg(
            deadWhere));
    const auto count = repository.count(dead);
    out() << "dead letters: " << (count ? count->value : -1)
          << (count && count->precision != RowCount::Precision::Exact ? " (not exact)" : "")
          << Qt::endl;
    out() << "first dead-letter page: " << QString::number(firstMs, 'f', 2) << " ms (raw SQL "
          << QString::number(rawFirstMs, 'f', 2) << " ms)" << Qt::endl;
    out() << "page near the end: " << QString::number(nearEndMs, 'f', 2) << " ms" << Qt::endl;
    out() << "last page: " << QString::number(lastMs, 'f', 2) << " ms (raw SQL "
          << QString::number(rawLastMs, 'f', 2) << " ms)" << Qt::endl;
    return 0;
}
