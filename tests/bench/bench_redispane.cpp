// The Redis pane's GUI stalls on a big stream (issue 32: the GUI thread is never blocked more
// than 50 ms, the Redis calls run on a worker thread). The stream is filled as for
// bench_redisbrowse (bigstream.h); then each run, in this QApplication (offscreen), a new
// RedisBrowser and RedisPane of 1600x1000 go through, one after the other:
//   open      the pane shown: the scan, the first stream opened (XINFO, its groups, the newest
//             page, the first group's pending page)
//   scroll    the entry view scrolled to its end (scrollToBottom, which fetches the next page),
//             --scrolls times: the median page, the longest stall of them all
//   jump      a time in the middle of the stream in timeField(), then jumpToTime()
//   groups    the Groups tab shown and the group of --pending entries selected (its pending
//             page read anew; the selection is cleared before, outside the clock)
//   consumer  a consumer of that group selected (its pending page)
//   refresh   F5 (RedisPane::refresh: the scan, the stream's figures, groups, entries and
//             pending page read again)
// For each, the time from the action to its data in the models with no read left
// (RedisBrowser::pending() == 0), and the longest gap between the ticks of a 5 ms timer on the
// GUI thread from just before the action to 100 ms after the data (the repaint), with the GUI
// thread's own CPU time within that gap (the machine is shared: a gap may be waiting for a
// core) and when it ended; and the time pane.show() itself takes in open. Baseline, in the same
// run: the same reads through storage/streambrowser on a plain RedisClient on this thread. Medians
// of --runs runs, the worst stall of all runs beside them.
//   bench_redispane --redis URL [--entries N] [--pending N] [--runs N] [--scrolls N]
// tests/bench/run-redispane starts a redis-server of its own for it.

#include "benchsupport.h"
#include "bigstream.h"
#include "consumergroupmodel.h"
#include "redisbrowser.h"
#include "redisclient.h"
#include "redislistings.h"
#include "redispane.h"
#include "redisstreamview.h"
#include "streambrowser.h"
#include "streamgroups.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTimeEdit>
#include <QEventLoop>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QTreeView>

#include <array>
#include <ctime>
#include <functional>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

const QByteArray Key = "bench:big";

enum Op
{
    OpenOp,
    ScrollOp,
    JumpOp,
    GroupsOp,
    ConsumerOp,
    RefreshOp,
    OpCount
};
const std::array<const char *, OpCount> opNames{"open (scan, stream, newest page, pending page)",
                                                "scroll to the end (a page)",
                                                "jump to a time in the middle",
                                                "Groups tab, group's pending page",
                                                "a consumer selected",
                                                "F5 refresh"};

struct Figure
{
    double ms = 0;       // the action to its data shown
    double stall = 0;    // the longest gap between the probe's ticks
    double stallCpu = 0; // the GUI thread's CPU time within it
    double stallEnd = 0; // when it ended, ms after the action began
};
using PaneRun = std::array<Figure, OpCount>;
using RawRun = std::array<double, OpCount>;

double threadCpuMs()
{
    timespec now = {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1000 + double(now.tv_nsec) / 1e6;
}

double msSince(Clock::time_point start)
{
    return secondsSince(start) * 1000;
}

// A 5 ms timer on the GUI thread; between begin() and end(), the longest gap between its ticks
// (it includes the 5 ms period) and the GUI thread's CPU time within it. begin() is called on
// the GUI thread, which is free then.
class StallProbe : public QObject
{
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
    }
    void begin()
    {
        m_longest = {};
        m_last = Clock::now();
        m_begin = m_last;
        m_lastCpu = threadCpuMs();
        m_timer.start();
    }
    Figure end()
    {
        tick();
        m_timer.stop();
        return m_longest;
    }

private:
    void tick()
    {
        const auto now = Clock::now();
        const double cpu = threadCpuMs();
        const double gap = std::chrono::duration<double, std::milli>(now - m_last).count();
        if (gap > m_longest.stall)
            m_longest = {0, gap, cpu - m_lastCpu,
                         std::chrono::duration<double, std::milli>(now - m_begin).count()};
        m_last = now;
        m_lastCpu = cpu;
    }

    QTimer m_timer;
    Figure m_longest;
    Clock::time_point m_begin;
    Clock::time_point m_last;
    double m_lastCpu = 0;
};

// Runs `action` and waits until `shown` holds with no read left; the probe runs from before the
// action until 100 ms after that.
Figure measure(RedisBrowser &browser, StallProbe &probe, const std::function<void()> &action,
               const std::function<bool()> &shown)
{
    QEventLoop loop;
    double ms = -1;
    Clock::time_point start;
    const auto check = [&] {
        if (ms < 0 && browser.pending() == 0 && shown()) {
            ms = msSince(start);
            loop.quit();
        }
    };
    const auto idle = QObject::connect(&browser, &RedisBrowser::busyChanged, &loop, [&](bool busy) {
        if (!busy)
            check();
    });
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, [] { fail(u"no data within a minute"_s); });
    timeout.start(60000);
    probe.begin();
    start = Clock::now();
    action();
    check();
    if (ms < 0)
        loop.exec();
    QObject::disconnect(idle);
    timeout.stop();
    QTimer::singleShot(100, &loop, &QEventLoop::quit); // the repaint that follows
    loop.exec();
    Figure figure = probe.end();
    figure.ms = ms;
    return figure;
}

// Model resets seen, to tell a page read anew from the one before.
struct Resets
{
    int keys = 0;
    int entries = 0;
    int pending = 0;
};

// `showMs`: the time pane.show() itself takes (polish and layout; the painting comes after).
PaneRun paneRun(const RedisUrl &url, qint64 entries, int scrolls, double &showMs)
{
    PaneRun run;
    StallProbe probe;
    RedisBrowser browser(url);
    RedisPane pane(&browser);
    pane.resize(1600, 1000);
    pane.patternField()->setText(QString::fromLatin1(Key)); // this key alone, on any server
    RedisStreamView *stream = pane.streamView();
    StreamEntryModel *rows = stream->entries();
    PendingEntryModel *pending = stream->pending();
    ConsumerGroupModel *groups = stream->groups();
    Resets resets;
    QObject::connect(pane.keys(), &QAbstractItemModel::modelReset, [&] { ++resets.keys; });
    QObject::connect(rows, &QAbstractItemModel::modelReset, [&] { ++resets.entries; });
    QObject::connect(pending, &QAbstractItemModel::modelReset, [&] { ++resets.pending; });
    const auto page = [](const RedisPagedModel *model) {
        return !model->isLoading() && model->rowCount() == StreamEntryModel::pageSize;
    };

    run[OpenOp] = measure(
        browser, probe,
        [&] {
            const auto start = Clock::now();
            pane.show();
            showMs = msSince(start);
        },
        [&] {
            return pane.openKeyName() == Key && groups->rowCount() == 1 && page(rows) &&
                   page(pending) && stream->infoText().contains(u"entries, from"_s);
        });

    std::vector<Figure> pages;
    for (int i = 0; i < scrolls; ++i) {
        const int before = rows->rowCount();
        pages.push_back(measure(
            browser, probe, [&] { stream->entryView()->scrollToBottom(); },
            [&] { return !rows->isLoading() && rows->rowCount() == before + 200; }));
    }
    std::vector<double> pageMs;
    for (const Figure &figure : pages) {
        pageMs.push_back(figure.ms);
        if (figure.stall > run[ScrollOp].stall)
            run[ScrollOp] = figure;
    }
    run[ScrollOp].ms = median(pageMs);

    const qint64 middle = entries / 2 / 1000 * 1000; // a whole second, as the field shows it
    Resets was = resets;
    run[JumpOp] = measure(
        browser, probe,
        [&] {
            stream->timeField()->setDateTime(
                QDateTime::fromMSecsSinceEpoch(Base + middle, Qt::UTC));
            stream->jumpToTime();
        },
        [&] {
            return resets.entries > was.entries && page(rows) &&
                   rows->entryAt(0).id == idOf(middle);
        });

    const QModelIndex group = groups->index(0, 0);
    stream->groupView()->selectionModel()->clearCurrentIndex();
    was = resets;
    run[GroupsOp] = measure(
        browser, probe,
        [&] {
            stream->tabs()->setCurrentIndex(1);
            stream->groupView()->setCurrentIndex(group);
        },
        [&] {
            return resets.pending > was.pending && page(pending) &&
                   pending->query().consumer.isEmpty() && pending->entryAt(0).id == idOf(1);
        });

    const int middleConsumer = groups->rowCount(group) / 2;
    const QModelIndex consumer = groups->index(middleConsumer, 0, group);
    const QByteArray name = groups->groups().at(0).consumers.at(middleConsumer).name.toUtf8();
    was = resets;
    run[ConsumerOp] = measure(
        browser, probe, [&] { stream->groupView()->setCurrentIndex(consumer); },
        [&] {
            return resets.pending > was.pending && page(pending) &&
                   pending->query().consumer == name;
        });

    was = resets;
    run[RefreshOp] = measure(
        browser, probe, [&] { pane.refresh(); },
        [&] {
            return resets.keys > was.keys && resets.entries > was.entries &&
                   resets.pending > was.pending && !pane.keys()->isLoading() &&
                   pane.keys()->rowCount() == 1 && page(rows) && page(pending);
        });
    return run;
}

// The same reads through storage/streambrowser on a plain RedisClient, on this thread.
RawRun rawRun(const RedisUrl &url, qint64 entries, int scrolls, const QByteArray &consumer)
{
    const int count = StreamEntryModel::pageSize;
    const auto need = [](bool ok, const char *what) {
        check(ok, QString::fromLatin1(what));
    };
    RawRun run;
    RedisClient client;
    const auto opened = [&] { // the scan and the stream as opening it reads them
        need(scanKeys(client, KeyScan{"0", Key, {}, RedisKeyModel::keysPerStep})->keys.size() == 1,
             "scanKeys");
        need(readStreamInfo(client, Key).ok(), "readStreamInfo");
        need(readStreamGroups(client, Key).ok(), "readStreamGroups");
        need(readStreamPage(client, Key, StreamDirection::Backward, {}, count)->size() == count,
             "readStreamPage");
    };
    const PendingQuery ofGroup{Key, "g", {}, 0, {}, count};
    PendingQuery ofConsumer = ofGroup;
    ofConsumer.consumer = consumer;

    auto start = Clock::now();
    need(client.connect(url).ok(), "connect");
    opened();
    need(readPendingPage(client, ofGroup)->size() == count, "readPendingPage");
    run[OpenOp] = msSince(start);

    std::vector<double> pages;
    QByteArray after = idOf(entries - count + 1);
    for (int i = 0; i < scrolls; ++i) {
        start = Clock::now();
        const auto page = readStreamPage(client, Key, StreamDirection::Backward, after, count);
        pages.push_back(msSince(start));
        need(page->size() == count, "readStreamPage");
        after = page->constLast().id;
    }
    run[ScrollOp] = median(pages);

    start = Clock::now();
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(Base + entries / 2 / 1000 * 1000, Qt::UTC);
    need(readStreamFrom(client, Key, streamIdAt(at), count)->size() == count, "readStreamFrom");
    run[JumpOp] = msSince(start);

    start = Clock::now();
    need(readPendingPage(client, ofGroup)->size() == count, "readPendingPage");
    run[GroupsOp] = msSince(start);

    start = Clock::now();
    need(readPendingPage(client, ofConsumer)->size() == count, "readPendingPage");
    run[ConsumerOp] = msSince(start);

    start = Clock::now();
    opened();
    need(readPendingPage(client, ofConsumer)->size() == count, "readPendingPage");
    run[RefreshOp] = msSince(start);
    return run;
}

QString ms(double value)
{
    return QString::number(value, 'f', value < 10 ? 2 : 1);
}

void report(const std::vector<PaneRun> &panes, const std::vector<RawRun> &raws)
{
    out() << "operation | pane ms (median) | raw ms | ratio | longest GUI stall ms: median, "
             "worst run (GUI thread CPU in the worst; it ended at ms) | stalls of each run"
          << Qt::endl;
    for (int op = 0; op < OpCount; ++op) {
        std::vector<double> times, stalls, bare;
        Figure worst;
        QStringList each;
        for (size_t r = 0; r < panes.size(); ++r) {
            const Figure &figure = panes.at(r).at(op);
            times.push_back(figure.ms);
            stalls.push_back(figure.stall);
            bare.push_back(raws.at(r).at(op));
            each << ms(figure.stall);
            if (figure.stall > worst.stall)
                worst = figure;
        }
        out() << opNames.at(op) << " | " << ms(median(times)) << " | " << ms(median(bare)) << " | "
              << QString::number(median(times) / median(bare), 'f', 1) << " | "
              << ms(median(stalls)) << ", " << ms(worst.stall) << " (" << ms(worst.stallCpu) << "; "
              << ms(worst.stallEnd) << " ms, data at " << ms(worst.ms) << ") | "
              << each.join(u" / "_s) << Qt::endl;
    }
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // the pane's settings stay out of the user's
    QCommandLineParser parser;
    const QCommandLineOption redisOption(u"redis"_s, u"redis://host:port"_s, u"url"_s);
    const QCommandLineOption entriesOption(u"entries"_s, u"Entries of the stream."_s, u"n"_s,
                                           u"10000000"_s);
    const QCommandLineOption pendingOption(u"pending"_s, u"Of those, pending."_s, u"n"_s,
                                           u"1000000"_s);
    const QCommandLineOption runsOption(u"runs"_s, u"Runs."_s, u"n"_s, u"5"_s);
    const QCommandLineOption scrollsOption(u"scrolls"_s, u"Scrolls to the end a run."_s, u"n"_s,
                                           u"10"_s);
    parser.addOptions({redisOption, entriesOption, pendingOption, runsOption, scrollsOption});
    parser.addHelpOption();
    parser.process(app);
    const auto url = RedisUrl::parse(parser.value(redisOption));
    check(url.ok(), u"--redis URL"_s);
    const qint64 entries = parser.value(entriesOption).toLongLong();
    const qint64 pending = parser.value(pendingOption).toLongLong();
    const int runs = parser.value(runsOption).toInt();
    const int scrolls = parser.value(scrollsOption).toInt();
    check(pending >= 2 * StreamEntryModel::pageSize && entries >= pending,
          u"--pending: at least 400, at most --entries"_s);

    RedisClient client;
    check(client.connect(*url).ok(), u"cannot connect"_s);
    fillStream(client, Key, entries, pending);
    // The consumer the pane selects: the middle one of the group, sorted by name.
    const auto consumers = readStreamConsumers(client, Key, "g");
    check(consumers.ok() && !consumers->isEmpty(), u"no consumers"_s);
    const QByteArray consumer = consumers->at(consumers->size() / 2).name.toUtf8();

    out() << "load average before: " << loadAverage() << Qt::endl;
    std::vector<PaneRun> panes;
    std::vector<RawRun> raws;
    std::vector<double> shows;
    for (int r = 0; r < runs; ++r) {
        panes.push_back(paneRun(*url, entries, scrolls, shows.emplace_back()));
        raws.push_back(rawRun(*url, entries, scrolls, consumer));
    }
    out() << entries << " entries, " << pending << " pending, " << runs << " runs, " << scrolls
          << " scrolls a run" << Qt::endl;
    report(panes, raws);
    QStringList each;
    for (const double show : shows)
        each << ms(show);
    out() << "pane.show() itself (in open): median " << ms(median(shows)) << " ms; "
          << each.join(u" / "_s) << Qt::endl;
    out() << "load average after: " << loadAverage() << Qt::endl;
    client.command({"DEL", Key});
    return 0;
}
