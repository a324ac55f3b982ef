// The Tables pane on a large table of a database Porthole did not make, against the same pages
// run directly with QSqlQuery, in the same run.
//
//   bench_tablespane --db URL [--table port_messages] [--sort port_name]
//                    [--filter status] [--value failed] [--runs 3]
//
// The database is attached read-only, as --read-only attaches it, and must hold the table
// (tests/bench/run-queuespane --seed makes port_messages by seed 001's own DDL; run-tablespane
// runs this on its file). Each run is a new process (this program again, with --child), so
// that its peak memory is the pane's. In it, after the baselines:
//   open      TablesPane constructed and shown, to the first paint of its catalog's rows;
//   choose    the table chosen in the catalog, to the first paint of its rows (paged by the
//             table's key);
//   count     from choosing it to the first count of its rows shown (the pane counts exactly
//             up to 100,000 rows, beyond that says "more than" on SQLite and gives PostgreSQL's
//             estimate);
//   exact     from choosing it to the exact count of every row shown (counted in the
//             background beyond 100,000 rows, as Queues counts);
//   jump      Ctrl+End pressed in the rows, to the paint that shows the table's last row;
//   sort      the --sort column's header clicked (a column an index begins with), to its
//             first rows painted;
//   filter    "=VALUE" in the --filter column's box, to its first rows painted;
//   memory    VmHWM of the process at the end.
// The baselines, each on a new connection: the first 201 rows by the key, the last 201, the
// first 201 by the sort column and the key, the first 201 with the filter's value by the key,
// and count(*). Medians of --runs runs; the load average before and after.

#include "benchsupport.h"
#include "connectionfactory.h"
#include "panebench.h"
#include "schemabrowser.h"
#include "sqlbenchsupport.h"
#include "tablebrowsermodels.h"
#include "tablespane.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QHeaderView>

#include <cstdio>
#include <cstring>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

struct Options
{
    QString url, table, sort, filter, value;
};

int columnOf(const BrowsedTableModel *model, const QString &name)
{
    for (int column = 0; column < model->columnCount(); ++column) {
        if (model->headerData(column, Qt::Horizontal).toString() == name)
            return column;
    }
    fail(u"the table has no column "_s + name);
    return -1;
}

int runChild(int argc, char *argv[], const Options &options)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    setUpPaneSettings(u"bench_tablespane"_s);
    const auto url = DatabaseUrl::parse(options.url);
    check(url.ok(), url.errorMessage());
    const ConnectionFactory factory(*url, readOnlySettings());

    // The baselines, each on a new connection, in the key's order as the pane pages it.
    const auto baseline = [&factory](const std::function<double(QSqlDatabase)> &run) {
        return onNewConnection(factory, run);
    };
    QString from, key, keyDesc;
    baseline([&](QSqlDatabase db) {
        const SchemaBrowser browser(db);
        const auto table = browser.find(
            url->engine() == DatabaseUrl::Engine::SQLite ? QString() : u"public"_s, options.table);
        check(table.ok(), table.errorMessage());
        const auto tableKey = browser.keyOf(*table);
        check(tableKey.ok(), tableKey.errorMessage());
        from = u" FROM "_s + SchemaBrowser::quoteIdentifier(options.table);
        QStringList up, down;
        for (const QString &column : tableKey->columns) {
            up << SchemaBrowser::quoteIdentifier(column);
            down << SchemaBrowser::quoteIdentifier(column) + u" DESC"_s;
        }
        key = up.join(u", "_s);
        keyDesc = down.join(u", "_s);
        return 0.0;
    });
    const double baseFirst = baseline([&](QSqlDatabase db) {
        return timeBaseline(db, u"SELECT *"_s + from + u" ORDER BY "_s + key + u" LIMIT 201"_s, {});
    });
    const double baseLast = baseline([&](QSqlDatabase db) {
        return timeBaseline(db, u"SELECT *"_s + from + u" ORDER BY "_s + keyDesc + u" LIMIT 201"_s,
                            {});
    });
    // No sort (--sort ""): where no index gives the sort a unique order (PostgreSQL's seed
    // table: port_name alone), its first page sorts a whole port, longer than a statement may
    // take; -1 stands for the sort's figures.
    const double baseSort = options.sort.isEmpty() ? -1 : baseline([&](QSqlDatabase db) {
        return timeBaseline(db,
                            u"SELECT *"_s + from + u" ORDER BY "_s +
                                SchemaBrowser::quoteIdentifier(options.sort) + u", "_s + key +
                                u" LIMIT 201"_s,
                            {});
    });
    const double baseFilter = baseline([&](QSqlDatabase db) {
        return timeBaseline(db,
                            u"SELECT *"_s + from + u" WHERE "_s +
                                SchemaBrowser::quoteIdentifier(options.filter) +
                                u" = ? ORDER BY "_s + key + u" LIMIT 201"_s,
                            {options.value});
    });
    const double baseCount = baseline([&](QSqlDatabase db) {
        const auto start = Clock::now();
        scalar(db, u"SELECT count(*)"_s + from);
        return secondsSince(start) * 1000;
    });

    // Opened to its catalog painted.
    auto start = Clock::now();
    CatalogModel catalog(factory);
    auto *pane = new TablesPane(&catalog);
    pane->resize(1280, 800);
    pane->show();
    QTableView *catalogView = pane->catalogView();
    const double open =
        untilPainted(catalogView, start, [catalogView] { return firstVisibleLoaded(catalogView); });
    std::fprintf(stderr, "  open %.1f ms\n", open);
    waitFor([&catalog] { return !catalog.isBusy(); }, u"the catalog"_s);

    // The table chosen, to its first rows painted; its count from the same start.
    // By its name, qualified by its schema on PostgreSQL.
    const auto named = [&catalog, &options](int row) {
        const QString name = catalog.index(row, CatalogModel::NameColumn).data().toString();
        return name == options.table || name.endsWith(u'.' + options.table);
    };
    int row = 0;
    while (row < catalog.rowCount() && !named(row))
        ++row;
    check(row < catalog.rowCount(), u"the catalog does not list "_s + options.table);
    QTableView *view = pane->rowsView();
    start = Clock::now();
    double counted = -1, exact = -1;
    RowCount count;
    pane->showTable(row);
    BrowsedTableModel *model = pane->rowsModel();
    check(model && model->entry().table.name == options.table, u"the table was not chosen"_s);
    QObject::connect(model, &PagedTableModel::totalCountChanged, model,
                     [&counted, &exact, &count, start](const RowCount &shown) {
                         if (counted < 0 && shown != RowCount{}) {
                             counted = secondsSince(start) * 1000;
                             count = shown;
                         }
                         if (exact < 0 && shown.precision == RowCount::Precision::Exact)
                             exact = secondsSince(start) * 1000;
                     });
    const double choose = untilPainted(view, start, [view] { return firstVisibleLoaded(view); });
    std::fprintf(stderr, "  choose %.1f ms\n", choose);
    waitFor([&counted] { return counted >= 0; }, u"the count"_s);
    std::fprintf(stderr, "  count %.1f ms: %s\n", counted,
                 qPrintable(PagedTableModel::countText(count)));
    waitFor([&exact] { return exact >= 0; }, u"the exact count"_s);
    std::fprintf(stderr, "  exact count %.1f ms: %s\n", exact,
                 qPrintable(PagedTableModel::countText(model->totalCount())));
    waitFor([model] { return !model->isBusy(); }, u"the rows"_s);

    // Ctrl+End to the last row painted.
    const double jump = untilEndPainted(view, model);
    std::fprintf(stderr, "  Ctrl+End %.1f ms\n", jump);
    waitFor([model] { return !model->isBusy(); }, u"the rows after Ctrl+End"_s);

    // Sorted by the indexed column, to its first rows painted.
    double sorted = -1;
    if (!options.sort.isEmpty()) {
        const int sortColumn = columnOf(model, options.sort);
        check(model->isSortable(sortColumn), options.sort + u" cannot sort the rows"_s);
        start = Clock::now();
        view->horizontalHeader()->setSortIndicator(sortColumn, Qt::AscendingOrder);
        sorted = untilPainted(view, start, [view, model, sortColumn] {
            return model->sortColumn() == sortColumn && firstVisibleLoaded(view);
        });
        std::fprintf(stderr, "  sort %.1f ms\n", sorted);
        waitFor([model] { return !model->isBusy(); }, u"the rows after the sort"_s);
    }

    // The table chosen again (in its key's order), then the filter, to its first rows painted.
    pane->showTable(row);
    model = pane->rowsModel();
    waitFor([model] { return model->state() == PagedTableModel::State::Ready && !model->isBusy(); },
            u"the rows chosen again"_s);
    const int filterColumn = columnOf(model, options.filter);
    start = Clock::now();
    pane->setFilter(filterColumn, u"="_s + options.value);
    const double filtered = untilPainted(view, start, [view, model, filterColumn, &options] {
        return model->isFiltered() && firstVisibleLoaded(view) &&
               model->index(view->rowAt(0), filterColumn).data().toString() == options.value;
    });
    std::fprintf(stderr, "  filter %.1f ms\n", filtered);
    waitFor([model] { return !model->isBusy(); }, u"the rows after the filter"_s);

    const qint64 peak = peakMemoryKiB();
    delete pane;
    out() << "figures " << open << ' ' << choose << ' ' << counted << ' ' << jump << ' ' << sorted
          << ' ' << filtered << ' ' << peak / 1024.0 << ' ' << baseFirst << ' ' << baseCount << ' '
          << baseLast << ' ' << baseSort << ' ' << baseFilter << ' ' << exact << Qt::endl;
    return 0;
}

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
        u"Tables pane on a large table: open, choose, jump to the end, sort, filter, count "
        "and memory, against the same pages' SQL run directly."_s);
    parser.addHelpOption();
    parser.addOptions(
        {{u"child"_s, u"One run (this program runs itself so)."_s},
         {u"db"_s, u"Database URL."_s, u"url"_s},
         {u"table"_s, u"The table (default port_messages)."_s, u"name"_s, u"port_messages"_s},
         {u"sort"_s, u"An indexed column to sort by (default port_name; \"\": none)."_s,
          u"column"_s, u"port_name"_s},
         {u"filter"_s, u"A column to filter (default status)."_s, u"column"_s, u"status"_s},
         {u"value"_s, u"The filter's value (default failed)."_s, u"text"_s, u"failed"_s},
         {u"runs"_s, u"Runs, each a new process (default 3)."_s, u"n"_s, u"3"_s}});
    parser.process(arguments);
    const Options options{parser.value(u"db"_s), parser.value(u"table"_s), parser.value(u"sort"_s),
                          parser.value(u"filter"_s), parser.value(u"value"_s)};
    if (child)
        return runChild(argc, argv, options);

    QCoreApplication application(argc, argv);
    const auto url = DatabaseUrl::parse(options.url);
    check(url.ok(), url.errorMessage());
    const int runs = parser.value(u"runs"_s).toInt();
    out() << "Tables pane: " << options.table << " on " << url->toDisplayString() << ", " << runs
          << " runs; load average " << loadAverage() << Qt::endl;
    const QStringList passed{u"--db"_s,    options.url,  u"--table"_s,  options.table,
                             u"--sort"_s,  options.sort, u"--filter"_s, options.filter,
                             u"--value"_s, options.value};
    std::vector<std::vector<double>> figures(13);
    for (int run = 1; run <= runs; ++run) {
        const std::vector<double> r = childFigures(passed, 13);
        for (size_t i = 0; i < r.size(); ++i)
            figures[i].push_back(r[i]);
        out() << "  run " << run << ": open " << ms(r[0]) << " ms, choose " << ms(r[1])
              << " ms (baseline " << ms(r[7]) << "), count " << ms(r[2]) << " ms (baseline "
              << ms(r[8]) << "), exact count " << ms(r[12]) << " ms, Ctrl+End " << ms(r[3])
              << " ms (baseline " << ms(r[9]) << "), sort " << ms(r[4]) << " ms (baseline "
              << ms(r[10]) << "), filter " << ms(r[5]) << " ms (baseline " << ms(r[11])
              << "), peak memory " << ms(r[6]) << " MiB; load " << loadAverage() << Qt::endl;
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
    line("open to the catalog painted", 0, -1, "< 100 ms");
    line("table chosen to first rows painted", 1, 7, "< 100 ms");
    line("Ctrl+End to the last row painted", 3, 9, "< 100 ms");
    line("sort to first rows painted", 4, 10, "< 100 ms");
    line("filter to first rows painted", 5, 11, "< 100 ms");
    line("count from choosing (count(*) the baseline)", 2, 8, "the GUI never blocked");
    line("exact count from choosing (count(*) the baseline)", 12, 8, "the GUI never blocked");
    out() << "  peak memory (VmHWM): " << ms(median(figures[6])) << " MiB (target < 300 MB)"
          << Qt::endl;
    out() << "Load average " << loadAverage() << Qt::endl;
    return 0;
}
