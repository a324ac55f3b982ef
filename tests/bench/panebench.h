#pragma once

// What the benchmarks of a pane share: waiting for its table to paint, for a condition, keys
// pressed, a baseline statement timed, and the GUI thread's own CPU time.

#include "benchsupport.h"
#include "connectionfactory.h"
#include "pagedtablemodel.h"

#include <QApplication>
#include <QEventLoop>
#include <QKeyEvent>
#include <QSettings>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>

#include <ctime>
#include <functional>

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

} // namespace porthole::bench
