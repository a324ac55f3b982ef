// The Messages pane on a large messages table, against the same pages' SQL run directly with
// QSqlQuery, in the same run.
//
//   bench_messagespane --db URL [--rows 10000000] [--runs 3]
//
// The table is Porthole's own (migrated) and is made once, kept for a later invocation with the
// same --rows: one INSERT ... SELECT of the batches and one of the messages (a recursive CTE on
// SQLite, generate_series on PostgreSQL), the secondary indexes dropped before and built after.
// Message n: number n + 1, in batch n / 10 + 1 (ten a batch, as the receiver writes them), a
// tenth of a second after message n - 1 from 2026-11-01 00:00 UTC, from one of 37 nodes.
// Each run is a new process (this program again, with --child), so that its peak memory is the
// pane's. In it, after the baselines:
//   open      MessagesPane constructed and shown, to the first paint of its rows (newest
//             first, the pane's default);
//   count     from the start of `open` to the first count shown (exact up to 100,000 rows,
//             beyond that "more than" on SQLite and the planner's estimate on PostgreSQL);
//   exact     from the start of `open` to the exact count of every row shown (counted in the
//             background);
//   jump      Ctrl+End pressed in the rows, to the paint that shows the oldest message;
//   sort      the # column's header clicked (message_number, indexed), to its first rows
//             painted;
//   number    a range of 1,000 message numbers from the middle, to its first rows painted;
//   batch     one batch from the middle, to its ten rows painted;
//   text      a text that one message in 37 holds (no index serves it), to its first rows
//             painted;
//   blocked   the longest gap between the ticks of a 5 ms timer on the GUI thread from the
//             jump to the end (the gap includes the period itself), with the GUI thread's CPU
//             time within it, which tells its own work from waiting for a core;
//   memory    VmHWM of the process at the end.
// The baselines, each on a new connection: the first page newest first (201 rows), the oldest
// page, the first page by number, the number range's and the text's first pages, the batch's ten
// rows, and count(*). Medians of --runs runs; the load average before and after.
//
//   bench_messagespane --db URL --rows N --runs 0
//
// Only makes the table.

#include "benchsupport.h"
#include "connectionfactory.h"
#include "messagemodel.h"
#include "messagespane.h"
#include "panebench.h"
#include "sqlbenchsupport.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QHeaderView>
#include <QLineEdit>

#include <cstdio>
#include <cstring>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

const QString textSought = u"node-7"_s; // one node of 37

void generate(QSqlDatabase db, SqlEngine engine, qint64 rows)
{
    const bool lite = engine == SqlEngine::SQLite;
    const auto made = dropForBulkInsert(db, engine, u"messages"_s);
    const auto start = Clock::now();
    const QString batchTime = lite ? u"strftime('%Y-%m-%d %H:%M:%f', 1793491200 + n, "
                                     "'unixepoch')"_s
                                   : u"timestamptz '2026-11-01 00:00:00+00' + n * interval "
                                     "'1 second'"_s;
    const QString messageTime = lite ? u"strftime('%Y-%m-%d %H:%M:%f', 1793491200 + n / 10.0, "
                                       "'unixepoch')"_s
                                     : u"timestamptz '2026-11-01 00:00:00+00' + n * interval "
                                       "'100 milliseconds'"_s;
    exec(db, u"BEGIN"_s);
    exec(db, insertSeries(engine,
                          u"INSERT INTO batches (id, filename, message_count, date_created, "
                          "date_modified) "_s,
                          u"SELECT n + 1, 'messages_batch_' || (n + 1) || '.txt', 10, %1, %1 "
                          "FROM "_s.arg(batchTime),
                          (rows + 9) / 10));
    exec(db, insertSeries(
                 engine,
                 u"INSERT INTO messages (id, batch_id, message_number, content, "
                 "timestamp, delivery_key, source) "_s,
                 u"SELECT n + 1, n / 10 + 1, n + 1, 'reading ' || (n % 1000) || "
                 "' from node-' || (n % 37) || ' ok', %1, "
                 "(1793491200000 + n * 100) || '-0', 'pipeline:messages' FROM "_s.arg(messageTime),
                 rows));
    exec(db, u"COMMIT"_s);
    out() << "  inserted " << rows << " rows in " << qint64(secondsSince(start)) << " s"
          << Qt::endl;
    for (const auto &[name, sql] : made)
        exec(db, sql);
    if (!lite)
        exec(db, u"SELECT setval('messages_id_seq', "_s + QString::number(rows) + u')');
    out() << "  indexed in " << qint64(secondsSince(start)) << " s" << Qt::endl;
    exec(db, lite ? u"ANALYZE"_s : u"ANALYZE messages"_s);
}

struct Figures
{
    double open, count, exact, jump, sort, number, batch, text, blocked, blockedCpu, memory;
    double baseFirst, baseLast, baseSort, baseNumber, baseBatch, baseText, baseCount;
};

// The filter bar set to `set`, applied, until its first rows are painted; the milliseconds.
double untilFiltered(MessagesPane *pane, const std::function<void()> &set,
                     const std::function<bool(const ReceivedMessage &)> &matches)
{
    MessageModel *model = pane->model();
    QTableView *view = pane->view();
    pane->clearFilter();
    waitFor([model] { return model->filter().isEmpty() && !model->isBusy(); },
            u"the filter cleared"_s);
    const auto start = Clock::now();
    set();
    pane->applyFilter();
    const double ms = untilPainted(view, start, [view, model, &matches] {
        if (model->filter().isEmpty() || !firstVisibleLoaded(view))
            return false;
        const QVariant first = model->index(view->rowAt(0), 0).data(MessageModel::MessageRole);
        return matches(first.value<ReceivedMessage>());
    });
    waitFor([model] { return !model->isBusy(); }, u"the filtered rows"_s);
    return ms;
}

int runChild(int argc, char *argv[], const QString &urlText, qint64 rows)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    setUpPaneSettings(u"bench_messagespane"_s);
    const auto url = DatabaseUrl::parse(urlText);
    check(url.ok(), url.errorMessage());
    const ConnectionFactory factory(*url);
    const bool lite = url->engine() == DatabaseUrl::Engine::SQLite;
    const QString select = u"SELECT id, batch_id, message_number, content, content_raw, "
                           "timestamp, delivery_key, source FROM messages "_s;
    const qint64 middle = rows / 2;
    const qint64 batch = middle / 10 + 1;
    const QString search =
        lite ? u"instr(lower(content), lower(?)) > 0"_s : u"strpos(lower(content), lower(?)) > 0"_s;

    Figures f{};
    const auto baseline = [&factory](const std::function<double(QSqlDatabase)> &run) {
        return onNewConnection(factory, run);
    };
    f.baseFirst = baseline([&](QSqlDatabase db) {
        return timeBaseline(db, select + u"ORDER BY timestamp DESC, id DESC LIMIT 201"_s, {});
    });
    f.baseLast = baseline([&](QSqlDatabase db) {
        return timeBaseline(db, select + u"ORDER BY timestamp, id LIMIT 201"_s, {});
    });
    f.baseSort = baseline([&](QSqlDatabase db) {
        return timeBaseline(db, select + u"ORDER BY message_number, id LIMIT 201"_s, {});
    });
    f.baseNumber = baseline([&](QSqlDatabase db) {
        return timeBaseline(db,
                            select + u"WHERE message_number >= ? AND message_number <= ? "
                                     "ORDER BY timestamp DESC, id DESC LIMIT 201"_s,
                            {middle, middle + 999});
    });
    f.baseBatch = baseline([&](QSqlDatabase db) {
        return timeBaseline(
            db, select + u"WHERE batch_id = ? ORDER BY timestamp DESC, id DESC LIMIT 201"_s,
            {batch}, 10);
    });
    f.baseText = baseline([&](QSqlDatabase db) {
        return timeBaseline(
            db, select + u"WHERE "_s + search + u" ORDER BY timestamp DESC, id DESC LIMIT 201"_s,
            {textSought});
    });
    f.baseCount = baseline([&](QSqlDatabase db) {
        const auto start = Clock::now();
        check(scalar(db, u"SELECT count(*) FROM messages"_s) == rows, u"count(*)"_s);
        return secondsSince(start) * 1000;
    });

    // Opened to its first rows painted; its counts from the same start.
    auto start = Clock::now();
    auto *model = new MessageModel(factory);
    f.count = f.exact = -1;
    QObject::connect(model, &PagedTableModel::totalCountChanged, model,
                     [&f, start](const RowCount &shown) {
                         if (f.count < 0 && shown != RowCount{})
                             f.count = secondsSince(start) * 1000;
                         if (f.exact < 0 && shown.precision == RowCount::Precision::Exact)
                             f.exact = secondsSince(start) * 1000;
                     });
    auto *pane = new MessagesPane(model);
    pane->resize(1280, 800);
    pane->show();
    QTableView *view = pane->view();
    f.open = untilPainted(view, start, [view] { return firstVisibleLoaded(view); });
    std::fprintf(stderr, "  open %.1f ms\n", f.open);
    waitFor([&f] { return f.exact >= 0; }, u"the exact count"_s);
    check(model->totalCount().value == rows, u"the exact count is not the table's"_s);
    std::fprintf(stderr, "  count %.1f ms, exact %.1f ms\n", f.count, f.exact);
    waitFor([model] { return !model->isBusy(); }, u"the rows"_s);

    // From here on, the GUI thread's longest stall.
    StallWatch stalls;
    stalls.start();

    f.jump = untilEndPainted(view, model);
    std::fprintf(stderr, "  Ctrl+End %.1f ms\n", f.jump);
    waitFor([model] { return !model->isBusy(); }, u"the rows after Ctrl+End"_s);

    start = Clock::now();
    view->horizontalHeader()->setSortIndicator(MessageModel::NumberColumn, Qt::AscendingOrder);
    f.sort = untilPainted(view, start, [view, model] {
        return model->sortColumn() == MessageModel::NumberColumn && firstVisibleLoaded(view);
    });
    std::fprintf(stderr, "  sort %.1f ms\n", f.sort);
    waitFor([model] { return !model->isBusy(); }, u"the rows after the sort"_s);
    view->horizontalHeader()->setSortIndicator(MessageModel::TimestampColumn, Qt::DescendingOrder);
    waitFor([model] { return !model->isBusy(); }, u"the rows sorted back"_s);

    f.number = untilFiltered(
        pane,
        [pane, middle] {
            pane->numberFromField()->setText(QString::number(middle));
            pane->numberToField()->setText(QString::number(middle + 999));
        },
        [middle](const ReceivedMessage &m) {
            return m.messageNumber >= middle && m.messageNumber <= middle + 999;
        });
    std::fprintf(stderr, "  number range %.1f ms\n", f.number);
    f.batch = untilFiltered(
        pane, [pane, batch] { pane->batchField()->setText(QString::number(batch)); },
        [batch](const ReceivedMessage &m) { return m.batchId == batch; });
    std::fprintf(stderr, "  batch %.1f ms\n", f.batch);
    f.text = untilFiltered(
        pane, [pane] { pane->textField()->setText(textSought); },
        [](const ReceivedMessage &m) { return m.content.contains(textSought.toUtf8()); });
    std::fprintf(stderr, "  text %.1f ms\n", f.text);
    stalls.stop();
    f.blocked = stalls.longest();
    f.blockedCpu = stalls.longestCpu();

    f.memory = peakMemoryKiB() / 1024.0;
    delete pane;
    delete model;
    out() << "figures";
    for (const double value : {f.open, f.count, f.exact, f.jump, f.sort, f.number, f.batch, f.text,
                               f.blocked, f.blockedCpu, f.memory, f.baseFirst, f.baseLast,
                               f.baseSort, f.baseNumber, f.baseBatch, f.baseText, f.baseCount})
        out() << ' ' << value;
    out() << Qt::endl;
    return 0;
}

constexpr int figureCount = 18;

QString ms(double value)
{
    return QString::number(value, 'f', 1);
}

} // namespace

int main(int argc, char *argv[])
{
    const bool child = argc > 1 && std::strcmp(argv[1], "--child") == 0;
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Messages pane on a large table: open, counts, jump to the end, sort, filters, the "
        "GUI thread's longest stall and memory, against the same pages' SQL run directly."_s);
    parser.addHelpOption();
    parser.addOptions(
        {{u"child"_s, u"One run (this program runs itself so)."_s},
         {u"db"_s, u"Database URL."_s, u"url"_s},
         {u"rows"_s, u"Messages in the table (default 10000000)."_s, u"n"_s, u"10000000"_s},
         {u"runs"_s, u"Runs, each a new process (default 3)."_s, u"n"_s, u"3"_s}});
    parser.process(arguments);
    const qint64 rows = parser.value(u"rows"_s).toLongLong();
    if (child)
        return runChild(argc, argv, parser.value(u"db"_s), rows);

    QCoreApplication application(argc, argv);
    const auto url = DatabaseUrl::parse(parser.value(u"db"_s));
    check(url.ok(), url.errorMessage());
    check(rows >= 2000, u"--rows takes 2000 or more"_s);
    const int runs = parser.value(u"runs"_s).toInt();
    out() << "Messages pane: " << rows << " messages on " << url->toDisplayString() << ", " << runs
          << " runs; load average " << loadAverage() << Qt::endl;
    prepareGeneratedTable(*url, u"messages"_s, rows, generate);
    if (runs == 0)
        return 0;
    const QStringList passed{u"--db"_s, parser.value(u"db"_s), u"--rows"_s, QString::number(rows)};
    std::vector<std::vector<double>> figures(figureCount);
    for (int run = 1; run <= runs; ++run) {
        const std::vector<double> r = childFigures(passed, figureCount);
        for (size_t i = 0; i < r.size(); ++i)
            figures[i].push_back(r[i]);
        out() << "  run " << run << ": open " << ms(r[0]) << " ms (baseline " << ms(r[11])
              << "), count " << ms(r[1]) << ", exact " << ms(r[2]) << " ms (count(*) " << ms(r[17])
              << "), Ctrl+End " << ms(r[3]) << " ms (baseline " << ms(r[12]) << "), sort "
              << ms(r[4]) << " ms (baseline " << ms(r[13]) << "), number " << ms(r[5])
              << " ms (baseline " << ms(r[14]) << "), batch " << ms(r[6]) << " ms (baseline "
              << ms(r[15]) << "), text " << ms(r[7]) << " ms (baseline " << ms(r[16])
              << "), GUI blocked " << ms(r[8]) << " ms (running " << ms(r[9]) << "), peak memory "
              << ms(r[10]) << " MiB; load " << loadAverage() << Qt::endl;
    }
    const auto line = [&figures](const char *what, int pane, int base, const char *target) {
        out() << "  " << what << ": " << ms(median(figures[pane])) << " ms";
        if (base >= 0)
            out() << ", baseline " << QString::number(median(figures[base]), 'f', 2)
                  << " ms, ratio "
                  << QString::number(median(figures[pane]) / median(figures[base]), 'f', 2);
        out() << " (target " << target << ")" << Qt::endl;
    };
    out() << "Medians of " << runs << " runs:" << Qt::endl;
    line("open to first rows painted", 0, 11, "< 100 ms");
    line("first count shown, from the open", 1, -1, "the GUI never blocked");
    line("exact count shown, from the open (count(*) the baseline)", 2, 17,
         "the GUI never blocked");
    line("Ctrl+End to the oldest row painted", 3, 12, "< 100 ms");
    line("sort by number to first rows painted", 4, 13, "< 100 ms");
    line("number range to first rows painted", 5, 14, "< 100 ms");
    line("batch to its rows painted", 6, 15, "< 100 ms");
    line("text (no index) to first rows painted", 7, 16, "< 300 ms");
    out() << "  GUI thread blocked at most (longest 5 ms tick gap): " << ms(median(figures[8]))
          << " ms, of which the GUI thread ran " << ms(median(figures[9])) << " ms (target < 50 ms)"
          << Qt::endl;
    out() << "  peak memory (VmHWM): " << ms(median(figures[10])) << " MiB (target < 300 MB)"
          << Qt::endl;
    out() << "Load average " << loadAverage() << Qt::endl;
    return 0;
}
