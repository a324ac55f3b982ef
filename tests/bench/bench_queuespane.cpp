// The Queues pane on a large port_messages table, against the same first-page SQL run directly
// with QSqlQuery, in the same run.
//
//   bench_queuespane --db URL [--rows 10000000] [--runs 5]
//
// The table is generated once (one INSERT ... SELECT from a recursive CTE on SQLite, from
// generate_series on PostgreSQL, with the secondary indexes dropped before and built after)
// and kept: a later invocation with the same --rows reuses it. Each run is a new process
// (this program again, with --child), so that its peak memory is the pane's. In it:
//   baseline  the pane's three first-page statements (newest first; oldest first, which is
//             where End goes; status failed, newest first), each prepared, run and read once
//             on a new connection with QSqlQuery;
//   open      QueuesPane constructed and shown, to the first paint of its table with rows;
//   jump      Ctrl+End pressed in the table, to the paint that shows the last row of the
//             listing, read;
//   status    the "failed" status button clicked, to the first paint of failed rows;
//   sort      the Port column's header clicked (sorted by port_name, an index of the seed's
//             and of Porthole's), to the first paint; baseline ORDER BY port_name, id
//             (rowid on the seed's SQLite table, as the pane ties a port's rows there);
//   dead      a Dead letters pane of its own constructed and shown, to the first paint of
//             dead letters; baseline the dead-letter set's first page, newest first;
//   count     from the start of `open` to the exact row count, counted in the background
//             (the pane shows a bounded count first); baseline SELECT count(*);
//   blocked   the longest gap between the ticks of a 5 ms timer on the GUI thread during a
//             scripted session: paging down and up, dragging the scroll bar, jumping to both
//             ends, choosing a port, statuses, a time range and a text (the gap includes the
//             5 ms period itself), with the GUI thread's CPU time within that gap, which
//             tells its own work from waiting for a core on a shared machine;
//   memory    VmHWM of the process at the end.
// Medians of --runs runs; the load average before and after.
//
//   bench_queuespane --seed --db URL [--rows 2000000] [--runs 5]
//
// A pipeline's own database instead: made by seed 001's DDL for the engine itself (none of
// Porthole's columns or indexes; on SQLite no index on created_at, and its rollback journal),
// and attached read-only as the window attaches it (--read-only). On SQLite the baselines are
// then the statements of the order the pane is served in (stored order: rowid), and beside
// them, once per run on a new connection, what DB Browser for SQLite reads to show the table
// (its row count and its first prefetch of 50,000 rows in stored order) and the pane's default
// sort taken literally (created_at, newest first, which sorts the whole table).
//
//   bench_queuespane --db URL --rows N --runs 0
//
// Only makes the table (run-startup and run-memoryatrest make their big files so).

#include "benchsupport.h"
#include "connectionfactory.h"
#include "deadletterspane.h"
#include "panebench.h"
#include "portmessagebrowser.h"
#include "portmessagelookup.h"
#include "portmessagemodel.h"
#include "queuespane.h"
#include "queuespanetable.h"
#include "sqlbenchsupport.h"

#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTableView>
#include <QTimeZone>
#include <QTimer>
#include <QToolButton>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

const QString columns = u"id, port_name, source_component, target_component, message_data, "
                        "message_metadata, status, retry_count, max_retries, created_at, "
                        "processed_at, completed_at, error_message, error_details"_s;

// --- One run, in a process of its own --------------------------------------------------------

// Spins the event loop until neither the model nor the pane's lookup is reading; says on
// stderr how long that took after `step` when it took more than a second.
void settle(QueuesPane *pane, const char *step)
{
    const auto started = Clock::now();
    waitFor([pane] { return !pane->model()->isBusy() && !pane->lookup()->isBusy(); },
            u"the end of the pane's reading after "_s + QLatin1StringView(step));
    if (secondsSince(started) > 1)
        std::fprintf(stderr, "  (the pane read for %.1f s after %s)\n", secondsSince(started),
                     step);
}

// The scripted session: one step every 40 ms, as fast as an operator pressing keys.
struct Step
{
    const char *name;
    std::function<void()> run;
};

QList<Step> session(QueuesPane *pane)
{
    QTableView *view = pane->browser()->view();
    QScrollBar *bar = view->verticalScrollBar();
    QList<Step> steps;
    const auto repeat = [&](int times, const char *name, const std::function<void()> &step) {
        for (int i = 0; i < times; ++i)
            steps << Step{name, step};
    };
    const auto status = [pane](const QString &name) {
        return [pane, name] {
            pane->statusButton(name)->click();
        };
    };
    const auto pageDown = [bar] {
        bar->triggerAction(QAbstractSlider::SliderPageStepAdd);
    };
    const auto pageUp = [bar] {
        bar->triggerAction(QAbstractSlider::SliderPageStepSub);
    };
    repeat(60, "page down", pageDown);
    repeat(20, "drag the scroll bar",
           [bar] { bar->setValue(QRandomGenerator::global()->bounded(bar->maximum() + 1)); });
    steps << Step{"Ctrl+End", [view] {
                      press(view, Qt::Key_End, Qt::ControlModifier);
                  }};
    repeat(5, "wait", [] {});
    repeat(40, "page up from the end", pageUp);
    steps << Step{"Ctrl+Home", [view] {
                      press(view, Qt::Key_Home, Qt::ControlModifier);
                  }};
    steps << Step{"choose a port", [pane] {
                      QComboBox *ports = pane->portBox();
                      ports->setCurrentIndex(std::min(4, ports->count() - 1));
                      Q_EMIT ports->activated(ports->currentIndex());
                  }};
    repeat(20, "page down", pageDown);
    steps << Step{"status failed", status(u"failed"_s)}
          << Step{"status dead_letter", status(u"dead_letter"_s)}
          << Step{"status failed off", status(u"failed"_s)};
    repeat(10, "page down", pageDown);
    steps << Step{"time range", [pane] {
                      PortMessageFilter filter = pane->filter();
                      filter.from = QDateTime(QDate(2026, 11, 5), QTime(0, 0), QTimeZone::utc());
                      filter.to = filter.from.addDays(1);
                      pane->setFilter(filter);
                  }};
    repeat(10, "page down", pageDown);
    steps << Step{"End", [view] {
                      press(view, Qt::Key_End);
                  }};
    repeat(10, "page up from the end", pageUp);
    steps << Step{"no filter", [pane] {
                      pane->setFilter({});
                  }};
    steps << Step{"text", [pane] {
                      pane->searchField()->setText(u"amount"_s);
                      press(pane->searchField(), Qt::Key_Return);
                  }};
    repeat(30, "page down", pageDown);
    steps << Step{"no filter", [pane] {
                      pane->setFilter({});
                  }};
    steps << Step{"Ctrl+End", [view] {
                      press(view, Qt::Key_End, Qt::ControlModifier);
                  }};
    repeat(20, "page up from the end", pageUp);
    steps << Step{"Ctrl+Home", [view] {
                      press(view, Qt::Key_Home, Qt::ControlModifier);
                  }};
    return steps;
}

int runChild(int argc, char *argv[], const QString &urlText, bool seed)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    setUpPaneSettings(u"bench_queuespane"_s);
    const auto url = DatabaseUrl::parse(urlText);
    check(url.ok(), url.errorMessage());
    // A pipeline's database is attached as the window attaches it with --read-only.
    const ConnectionFactory factory(*url, seed ? readOnlySettings() : ConnectionSettings{});

    // The baselines, each on a new connection: the pane's order as served, and with a seed's
    // database what DB Browser reads and the default sort taken literally.
    // SQLite's seed table has no index on created_at: the pane serves it in stored order.
    const bool stored = seed && url->engine() == DatabaseUrl::Engine::SQLite;
    const QString order = stored ? u"rowid"_s : u"created_at"_s;
    const QString select = stored ? u"SELECT *, rowid FROM port_messages"_s
                           : seed ? u"SELECT * FROM port_messages"_s
                                  : u"SELECT "_s + columns + u" FROM port_messages"_s;
    const auto baseline = [&factory](const std::function<double(QSqlDatabase)> &run) {
        return onNewConnection(factory, run);
    };
    const double baseFirst = baseline([&](QSqlDatabase db) {
        return timeBaseline(db, select + u" ORDER BY %1 DESC, id DESC LIMIT 201"_s.arg(order), {});
    });
    const double baseLast = baseline([&](QSqlDatabase db) {
        return timeBaseline(db, select + u" ORDER BY %1, id LIMIT 201"_s.arg(order), {});
    });
    const double baseStatus = baseline([&](QSqlDatabase db) {
        return timeBaseline(
            db, select + u" WHERE status IN (?) ORDER BY %1 DESC, id DESC LIMIT 201"_s.arg(order),
            {u"failed"_s});
    });
    double baseBrowser = 0, baseAsked = 0;
    if (stored) {
        baseBrowser = baseline([](QSqlDatabase db) {
            const auto start = Clock::now();
            const qint64 rows = scalar(db, u"SELECT COUNT(*) FROM \"main\".\"port_messages\""_s);
            timeBaseline(db,
                         u"SELECT \"_rowid_\",* FROM \"main\".\"port_messages\" LIMIT 0, 50000"_s,
                         {}, static_cast<int>(std::min<qint64>(rows, 50000)));
            return secondsSince(start) * 1000;
        });
        baseAsked = baseline([&](QSqlDatabase db) {
            return timeBaseline(db, select + u" ORDER BY created_at DESC, id DESC LIMIT 201"_s, {});
        });
    }

    const QString deadLetters = stored ? u"status = 'dead_letter'"_s
                                       : u"(status = 'dead_letter' OR (status = 'failed' AND "
                                         "retry_count >= max_retries))"_s;
    const double baseDead = baseline([&](QSqlDatabase db) {
        return timeBaseline(
            db, select + u" WHERE %1 ORDER BY %2 DESC, id DESC LIMIT 201"_s.arg(deadLetters, order),
            {});
    });
    // The seed's SQLite index on port_name alone orders the rows of a port by rowid.
    const double baseSort = baseline([&](QSqlDatabase db) {
        return timeBaseline(
            db, select + u" ORDER BY port_name, %1 LIMIT 201"_s.arg(stored ? u"rowid"_s : u"id"_s),
            {});
    });
    const double baseCount = baseline([](QSqlDatabase db) {
        const auto start = Clock::now();
        scalar(db, u"SELECT count(*) FROM port_messages"_s);
        return secondsSince(start) * 1000;
    });

    // Opened to first rows painted; the exact count, from the same start to its arrival.
    auto start = Clock::now();
    QObject models; // the pane shows them; as in the window, they outlive it
    auto *model = new PortMessageModel(factory, &models);
    double exactCount = -1;
    QObject::connect(model, &PagedTableModel::totalCountChanged, model,
                     [&exactCount, &start](const RowCount &count) {
                         if (exactCount < 0 && count.precision == RowCount::Precision::Exact)
                             exactCount = secondsSince(start) * 1000;
                     });
    auto *pane = new QueuesPane(model, new PortMessageLookup(factory, &models));
    pane->resize(1280, 800);
    pane->show();
    QTableView *view = pane->browser()->view();
    const double open = untilPainted(view, start, [view] { return firstVisibleLoaded(view); });
    std::fprintf(stderr, "  open %.1f ms\n", open);
    settle(pane, "open");
    waitFor([&exactCount] { return exactCount >= 0; }, u"the exact count"_s);
    std::fprintf(stderr, "  exact count %.1f ms\n", exactCount);
    if (stored) {
        // Said on screen: why the rows are in stored order.
        const auto *note = pane->findChild<QLabel *>(u"orderNote"_s);
        check(note && note->text().contains(u"no index on port_messages (created_at, id)"_s),
              u"the pane does not say why it lists in stored order"_s);
    }
    const int shownAfterOpen = pane->model()->rowCount();

    // Ctrl+End to the last row painted.
    const double jump = untilEndPainted(view, model);
    std::fprintf(stderr, "  Ctrl+End %.1f ms\n", jump);
    settle(pane, "Ctrl+End");

    // A status chosen, to its first rows painted.
    start = Clock::now();
    pane->statusButton(u"failed"_s)->click();
    const double status = untilPainted(view, start, [view, model] {
        return model->filter().statuses == QStringList{u"failed"_s} && firstVisibleLoaded(view) &&
               model->index(view->rowAt(0), PortMessageModel::StatusColumn).data().toString() ==
                   u"failed"_s;
    });
    std::fprintf(stderr, "  status %.1f ms\n", status);
    settle(pane, "the status filter");
    pane->statusButton(u"failed"_s)->click();
    settle(pane, "the status filter off");

    // Sorted by port (an index of the seed's and of Porthole's), to its first rows painted.
    start = Clock::now();
    view->sortByColumn(PortMessageModel::PortColumn, Qt::AscendingOrder);
    const double sorted = untilPainted(view, start, [view, model] {
        return model->sortColumn() == PortMessageModel::PortColumn && firstVisibleLoaded(view);
    });
    std::fprintf(stderr, "  sort by port %.1f ms\n", sorted);
    settle(pane, "the sort by port");
    view->sortByColumn(PortMessageModel::CreatedAtColumn, Qt::DescendingOrder);
    settle(pane, "the sort by time");

    // The Dead letters pane, on models of its own, to its first dead letters painted.
    double dead = 0;
    {
        QObject deadModels;
        start = Clock::now();
        auto *deadModel = new PortMessageModel(factory, &deadModels);
        DeadLettersPane deadPane(deadModel, new PortMessageLookup(factory, &deadModels));
        deadPane.resize(1280, 800);
        deadPane.show();
        QTableView *deadView = deadPane.browser()->view();
        dead = untilPainted(deadView, start, [deadView] { return firstVisibleLoaded(deadView); });
        waitFor([deadModel] { return !deadModel->isBusy(); }, u"the dead letters"_s);
        std::fprintf(stderr, "  Dead letters pane %.1f ms\n", dead);
    }

    // The session, with the GUI thread's longest stall watched.
    StallWatch stalls;
    const QList<Step> steps = session(pane);
    qsizetype next = 0;
    QEventLoop loop;
    QTimer stepper;
    stepper.setInterval(40);
    QObject::connect(&stepper, &QTimer::timeout, &loop, [&] {
        if (next == steps.size()) {
            stepper.stop();
            loop.quit();
            return;
        }
        stalls.setStep(steps.at(next).name);
        steps.at(next++).run();
    });
    stalls.start();
    stepper.start();
    loop.exec();
    settle(pane, "the session");
    stalls.stop();
    const qint64 rowsAtEnd = model->rowCount();

    const qint64 peak = peakMemoryKiB();
    delete pane;
    out() << "figures " << open << ' ' << jump << ' ' << status << ' ' << stalls.longest() << ' '
          << peak / 1024.0 << ' ' << baseFirst << ' ' << baseLast << ' ' << baseStatus << ' '
          << shownAfterOpen << ' ' << rowsAtEnd << ' ' << baseBrowser << ' ' << baseAsked << ' '
          << exactCount << ' ' << baseCount << ' ' << sorted << ' ' << baseSort << ' ' << dead
          << ' ' << baseDead << Qt::endl;
    out() << "longest gap cpu: " << stalls.longestCpu() << Qt::endl;
    out() << "longest gap after: " << stalls.longestStep() << Qt::endl;
    return 0;
}

struct Run
{
    double open, jump, status, blocked, memoryMiB, baseFirst, baseLast, baseStatus;
    double baseBrowser, baseAsked; // with --seed
    double exactCount, baseCount, sorted, baseSort, dead, baseDead;
    double blockedCpu;    // of which the GUI thread ran
    QString blockedAfter; // the step of the session before the longest gap
};

Run runPane(const QString &url, bool seed)
{
    QStringList arguments{u"--db"_s, url};
    if (seed)
        arguments << u"--seed"_s;
    const QString output = runChildProcess(arguments);
    const qsizetype at = output.indexOf(u"figures "_s);
    if (at < 0)
        fail(u"the pane's process said: "_s + output);
    const QString figures = output.mid(at).section(u'\n', 0, 0);
    const QStringList words = figures.simplified().split(u' ');
    if (words.size() < 19)
        fail(u"the pane's process said: "_s + output);
    const qsizetype after = output.indexOf(u"longest gap after: "_s);
    const qsizetype cpu = output.indexOf(u"longest gap cpu: "_s);
    return Run{words.at(1).toDouble(),
               words.at(2).toDouble(),
               words.at(3).toDouble(),
               words.at(4).toDouble(),
               words.at(5).toDouble(),
               words.at(6).toDouble(),
               words.at(7).toDouble(),
               words.at(8).toDouble(),
               words.at(11).toDouble(),
               words.at(12).toDouble(),
               words.at(13).toDouble(),
               words.at(14).toDouble(),
               words.at(15).toDouble(),
               words.at(16).toDouble(),
               words.at(17).toDouble(),
               words.at(18).toDouble(),
               cpu < 0 ? -1.0 : output.mid(cpu + 17).section(u'\n', 0, 0).toDouble(),
               after < 0 ? QString() : output.mid(after + 19).section(u'\n', 0, 0).trimmed()};
}

QString ms(double value)
{
    return QString::number(value, 'f', 1);
}

} // namespace

int main(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--child") == 0 && i + 2 < argc &&
            std::strcmp(argv[i + 1], "--db") == 0)
            return runChild(argc, argv, QString::fromLocal8Bit(argv[i + 2]),
                            i + 3 < argc && std::strcmp(argv[i + 3], "--seed") == 0);
    }

    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Queues pane on a large table: open, jump to the end, status filter, GUI blocking and "
        "memory, against the first-page SQL run directly."_s);
    parser.addHelpOption();
    parser.addOptions(
        {{u"db"_s, u"Database URL."_s, u"url"_s},
         {u"rows"_s,
          u"Rows in port_messages (default 10,000,000; 2,000,000 "
          "with --seed)."_s,
          u"n"_s},
         {u"seed"_s, u"A database made by seed 001's own DDL, attached "
                     "read-only."_s},
         {u"runs"_s, u"Runs (each a new process); 0: only make the table."_s, u"n"_s, u"5"_s}});
    parser.process(app);
    const QString urlText = parser.value(u"db"_s);
    const auto url = DatabaseUrl::parse(urlText);
    check(url.ok(), url.errorMessage());
    const bool seed = parser.isSet(u"seed"_s);
    const qint64 rows = parser.isSet(u"rows"_s) ? parser.value(u"rows"_s).toLongLong()
                                                : (seed ? 2000000 : 10000000);
    const int runs = parser.value(u"runs"_s).toInt();

    out() << "Queues pane: " << rows << " port_messages on " << url->toDisplayString() << ", "
          << runs << " runs; load average " << loadAverage() << Qt::endl;
    const auto generating = Clock::now();
    if (seed)
        prepareSeedTable(*url, rows);
    else
        prepareTable(*url, rows);
    out() << "  table ready in " << qint64(secondsSince(generating)) << " s" << Qt::endl;
    if (runs == 0)
        return 0; // the table alone, for other benchmarks (run-startup)

    std::vector<double> open, jump, status, blocked, blockedCpu, memory, baseFirst, baseLast,
        baseStatus, baseBrowser, baseAsked, exactCount, baseCount, sorted, baseSort, dead, baseDead;
    for (int run = 1; run <= runs; ++run) {
        const Run r = runPane(urlText, seed);
        baseBrowser.push_back(r.baseBrowser);
        baseAsked.push_back(r.baseAsked);
        open.push_back(r.open);
        jump.push_back(r.jump);
        status.push_back(r.status);
        blocked.push_back(r.blocked);
        blockedCpu.push_back(r.blockedCpu);
        memory.push_back(r.memoryMiB);
        baseFirst.push_back(r.baseFirst);
        baseLast.push_back(r.baseLast);
        baseStatus.push_back(r.baseStatus);
        exactCount.push_back(r.exactCount);
        baseCount.push_back(r.baseCount);
        sorted.push_back(r.sorted);
        baseSort.push_back(r.baseSort);
        dead.push_back(r.dead);
        baseDead.push_back(r.baseDead);
        out() << "  run " << run << ": open " << ms(r.open) << " ms (baseline " << ms(r.baseFirst)
              << "), jump to end " << ms(r.jump) << " ms (baseline " << ms(r.baseLast)
              << "), status filter " << ms(r.status) << " ms (baseline " << ms(r.baseStatus)
              << "), sort by port " << ms(r.sorted) << " ms (baseline " << ms(r.baseSort)
              << "), Dead letters pane " << ms(r.dead) << " ms (baseline " << ms(r.baseDead)
              << "), exact count " << ms(r.exactCount) << " ms (baseline " << ms(r.baseCount)
              << "), GUI blocked at most " << ms(r.blocked) << " ms (running " << ms(r.blockedCpu)
              << " ms of it, after: " << r.blockedAfter << "), peak memory " << ms(r.memoryMiB)
              << " MiB; load " << loadAverage() << Qt::endl;
    }
    const auto line = [](const char *what, const std::vector<double> &pane,
                         const std::vector<double> &base, const char *target) {
        out() << "  " << what << ": " << ms(median(pane)) << " ms, baseline "
              << QString::number(median(base), 'f', 2) << " ms, ratio "
              << QString::number(median(pane) / median(base), 'f', 2) << " (target " << target
              << ")" << Qt::endl;
    };
    out() << "Medians of " << runs << " runs:" << Qt::endl;
    line("open to first rows painted", open, baseFirst, "< 100 ms");
    line("jump to the last row painted", jump, baseLast, "< 100 ms");
    line("status filter to first rows painted", status, baseStatus, "< 100 ms");
    line("sort by port to first rows painted", sorted, baseSort, "< 100 ms");
    line("Dead letters pane to first rows painted", dead, baseDead, "< 100 ms");
    line("exact count from the start, in the background", exactCount, baseCount,
         "the GUI never blocked");
    if (seed && url->engine() == DatabaseUrl::Engine::SQLite) {
        line("open to first rows painted, against DB Browser's first read", open, baseBrowser,
             "< 1");
        line("open to first rows painted, against the default sort taken literally", open,
             baseAsked, "< 1");
    }
    out() << "  GUI thread blocked at most (longest 5 ms tick gap): " << ms(median(blocked))
          << " ms, of which the GUI thread ran " << ms(median(blockedCpu)) << " ms (target < 50 ms)"
          << Qt::endl;
    out() << "  peak memory (VmHWM): " << ms(median(memory)) << " MiB (target < 300 MB)"
          << Qt::endl;
    out() << "Load average " << loadAverage() << Qt::endl;
    return 0;
}
