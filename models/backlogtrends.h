#pragma once

#include "backlogtrend.h"
#include "connectionfactory.h"
#include "latestread.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

namespace porthole {

// The trends of the backlogs, by backlog, as one read of the history gave them.
class BacklogTrendSet
{
public:
    BacklogTrendSet() = default;
    explicit BacklogTrendSet(const QList<BacklogTrend> &trends);

    bool isEmpty() const { return m_trends.isEmpty(); }
    // Whether a backlog of `kind` has a trend.
    bool has(BacklogKind kind) const;
    // The backlogs of `kind` whose course is `course`.
    QList<BacklogTrend> of(BacklogKind kind, BacklogCourse course) const;
    // The trend of a backlog; null when it has none (not sampled in the last hour).
    const BacklogTrend *find(const BacklogKey &key) const;
    const BacklogTrend *group(const QString &stream, const QString &group) const;
    const BacklogTrend *port(const QString &port) const;
    const BacklogTrend *list(const QString &list) const;

private:
    QList<BacklogTrend> m_trends;
    QHash<BacklogKey, qsizetype> m_index; // place in m_trends
};

// What a trend says, translated (context "porthole::BacklogTrend").
struct BacklogTrendText
{
    Q_DECLARE_TR_FUNCTIONS(porthole::BacklogTrend)

public:
    // A sentence for a tooltip or a label: "draining, empty in about 4 min (3 min – 5 min)",
    // "growing +12/s", "steady", "empty", "no trend yet: too few samples".
    static QString summary(const BacklogTrend &trend);
    // For a label on the map: "draining, empty in ~4 min", "growing +12/s", "steady"; empty
    // for one empty or without a trend yet.
    static QString label(const BacklogTrend &trend);
    // Short, for a column: "about 4 min", "growing +12/s", "steady", "empty", "–".
    static QString brief(const BacklogTrend &trend);
    // A rate with its sign, per second, per minute or per hour, whichever shows it whole:
    // "+12/s", "−0.5/s", "+8/min", "−3/h".
    static QString rateText(double perSecond);
    // The rates of the last 5, 15 and 60 minutes, one line: "5 min −2/s · 15 min −1.8/s · …".
    static QString ratesText(const BacklogTrend &trend);
};

// Reads the trends of every backlog sampled in the last hour (readBacklogTrends()), on a thread
// and a connection of its own (LatestRead: a read asked while one runs replaces any other
// waiting), every `interval` once started and on load(); keeps the latest for the panes that
// show them (the Overview's attention strip and consumer groups, the Redis pane's groups, the
// Queues chips, the pipeline map). A database without backlog_samples (a pipeline's own,
// attached read-only) has no trends, which is no error.
class BacklogTrendLoader : public QObject
{
    Q_OBJECT

public:
    using Clock = std::function<QDateTime()>;

    explicit BacklogTrendLoader(ConnectionFactory factory, QObject *parent = nullptr);

    // Reads now, then every `interval` (the sampling interval: nothing changes in between; 0,
    // the window sampling nothing, reads at the samplers' default interval).
    void start(std::chrono::milliseconds interval);
    // How often it reads again, once started.
    std::chrono::milliseconds interval() const { return m_timer.intervalAsDuration(); }
    void load();
    // What time it is for the reads; the system's clock unless a test sets its own.
    void setClock(Clock clock) { m_clock = std::move(clock); }
    const BacklogTrendSet &trends() const { return m_trends; }

Q_SIGNALS:
    void loaded();
    void failed(const QString &message);

private:
    LatestRead m_read;
    QTimer m_timer;
    Clock m_clock;
    BacklogTrendSet m_trends;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::BacklogTrendSet)
