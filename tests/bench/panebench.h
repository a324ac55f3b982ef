#pragma once

// What the benchmarks of a pane share: waiting for its table to paint, for a condition, keys
// pressed, a baseline statement timed, the GUI thread's own CPU time and longest stall, and a
// run in a process of its own.

#include "benchsupport.h"
#include "connectionfactory.h"
#include "pagedtablemodel.h"

#include <QApplication>
#include <QEventLoop>
#include <QKeyEvent>
#include <QProcess>
#include <QSettings>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>

#include <chrono>
#include <ctime>
#include <functional>
#include <vector>

namespace porthole::bench {

// Runs the event loop until the table's viewport has painted with `ready()` true at the start
// of the paint; returns the milliseconds from `start` to the end of that paint.
inline double untilPainted(QTableView *view, Clock::time_point start,
                           const std::function<bool()> &ready)
{
    using namespace Qt::StringLiterals;
    struct Probe : QObject
    {
        std::function<bool()> ready;
        QEventLoop loop;
        bool seen = false;
        double ms = -1;
        Clock::time_point start;
        bool eventFilter(QObject *watched, QEvent *event) override
        {
            if (event->type() == QEvent::Paint && !seen && ready()) {
                seen = true;
                // Queued: runs once this paint has been handled, i.e. the rows are drawn.
                QMetaObject::invokeMethod(
                    this,
                    [this] {
                        ms = secondsSince(start) * 1000;
                        loop.quit();
                    },
                    Qt::QueuedConnection);
            }
            return QObject::eventFilter(watched, event);
        }
    } probe;
    probe.ready = ready;
    probe.start = start;
    view->viewport()->installEventFilter(&probe);
    view->viewport()->update();
    QTimer::singleShot(60000, &probe.loop, [] { fail(u"nothing painted within a minute"_s); });
    probe.loop.exec();
    view->viewport()->removeEventFilter(&probe);
    return probe.ms;
}

// Spins the event loop until `done()`; fails after ten minutes, naming `what`.
inline void waitFor(const std::function<bool()> &done, const QString &what)
{
    using namespace Qt::StringLiterals;
    QEventLoop loop;
    QTimer poll;
    const auto started = Clock::now();
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
        else if (secondsSince(started) > 600)
            fail(what + u" did not come within ten minutes"_s);
    });
    poll.start(5);
    loop.exec();
}

inline bool rowLoaded(const QTableView *view, int row)
{
    return row >= 0 && view->model()->index(row, 0).data(PagedTableModel::RowLoadedRole).toBool();
}

inline bool firstVisibleLoaded(const QTableView *view)
{
    return view->model()->rowCount() > 0 && rowLoaded(view, view->rowAt(0));
}

inline void press(QWidget *widget, int key, Qt::KeyboardModifiers modifiers = {})
{
    QKeyEvent down(QEvent::KeyPress, key, modifiers);
    QApplication::sendEvent(widget, &down);
    QKeyEvent up(QEvent::KeyRelease, key, modifiers);
    QApplication::sendEvent(widget, &up);
}

inline double timeBaseline(QSqlDatabase db, const QString &sql, const QVariantList &params,
                           int expectedRows = 201)
{
    using namespace Qt::StringLiterals;
    const auto start = Clock::now();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    check(query.prepare(sql), query.lastError().text());
    for (const QVariant &param : params)
        query.addBindValue(param);
    check(query.exec(), query.lastError().text());
    int rows = 0;
    const int columnCount = query.record().count();
    while (query.next()) {
        for (int column = 0; column < columnCount; ++column)
            query.value(column);
        ++rows;
    }
    check(rows == expectedRows, u"the baseline read %1 rows"_s.arg(rows));
    return secondsSince(start) * 1000;
}

inline double threadCpuMs()
{
    timespec now = {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

// Presses Ctrl+End in `view` of `model` and runs the event loop until the listing's last row is
// painted in view; returns the milliseconds from the key press to the end of that paint.
inline double untilEndPainted(QTableView *view, const PagedTableModel *model)
{
    view->setFocus();
    const auto start = Clock::now();
    press(view, Qt::Key_End, Qt::ControlModifier);
    return untilPainted(view, start, [view, model] {
        const int last = model->rowCount() - 1;
        return model->anchor() == PagedTableModel::Anchor::End && !model->canFetchMore({}) &&
               last >= 0 && rowLoaded(view, last) &&
               view->viewport()->rect().intersects(view->visualRect(model->index(last, 0)));
    });
}

// Runs `run` on a new connection of `factory`, closed after it; returns what `run` returns.
inline double onNewConnection(const ConnectionFactory &factory,
                              const std::function<double(QSqlDatabase)> &run)
{
    using namespace Qt::StringLiterals;
    double ms = 0;
    {
        auto db = factory.open(u"baseline"_s);
        check(db.ok(), db.errorMessage());
        ms = run(*db);
    }
    factory.close(u"baseline"_s);
    return ms;
}

// After the benchmark's QApplication is made: the pane's settings in a test folder of their own
// (named by `name`), out of the user's, and empty.
inline void setUpPaneSettings(const QString &name)
{
    using namespace Qt::StringLiterals;
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeBench"_s);
    QCoreApplication::setApplicationName(name);
    QSettings().clear();
}

// The longest gap between the ticks of a 5 ms timer on the GUI thread while it runs (the gap
// includes the period itself), with the GUI thread's CPU time within that gap: on a shared
// machine a gap may be the thread working or waiting for a core, and its CPU time tells which.
// `step` names what was under way when the longest gap began.
class StallWatch
{
public:
    StallWatch()
    {
        m_ticker.setTimerType(Qt::PreciseTimer);
        m_ticker.setInterval(5);
        QObject::connect(&m_ticker, &QTimer::timeout, [this] {
            const auto now = Clock::now();
            const double cpu = threadCpuMs();
            const double gap = std::chrono::duration<double, std::milli>(now - m_lastTick).count();
            if (gap > m_longest) {
                m_longest = gap;
                m_longestCpu = cpu - m_lastCpu;
                m_longestStep = m_step;
            }
            m_lastTick = now;
            m_lastCpu = cpu;
        });
    }

    void start()
    {
        m_lastTick = Clock::now();
        m_lastCpu = threadCpuMs();
        m_ticker.start();
    }
    void stop() { m_ticker.stop(); }
    void setStep(const char *step) { m_step = step; }

    double longest() const { return m_longest; }
    double longestCpu() const { return m_longestCpu; }
    const char *longestStep() const { return m_longestStep; }

private:
    QTimer m_ticker;
    Clock::time_point m_lastTick;
    double m_lastCpu = 0;
    double m_longest = 0;
    double m_longestCpu = 0;
    const char *m_step = "start";
    const char *m_longestStep = "";
};

// Runs this program again with "--child" and `arguments`, offscreen, and returns its output; the
// child's standard error passes through. Fails when it fails.
inline QString runChildProcess(const QStringList &arguments)
{
    using namespace Qt::StringLiterals;
    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    child.setProcessEnvironment(environment);
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), QStringList{u"--child"_s} + arguments);
    if (!child.waitForFinished(3600000) || child.exitCode() != 0)
        fail(u"the pane's process failed: "_s +
             QString::fromLocal8Bit(child.readAllStandardOutput()));
    return QString::fromLocal8Bit(child.readAllStandardOutput());
}

// The same, for a child that prints one line "figures A B C ...": its `count` numbers.
inline std::vector<double> childFigures(const QStringList &arguments, int count)
{
    using namespace Qt::StringLiterals;
    const QString output = runChildProcess(arguments);
    const qsizetype at = output.indexOf(u"figures "_s);
    if (at < 0)
        fail(u"the pane's process said: "_s + output);
    const QStringList words = output.mid(at).section(u'\n', 0, 0).simplified().split(u' ');
    if (words.size() != count + 1)
        fail(u"the pane's process said: "_s + output);
    std::vector<double> figures;
    for (qsizetype i = 1; i < words.size(); ++i)
        figures.push_back(words.at(i).toDouble());
    return figures;
}

} // namespace porthole::bench
