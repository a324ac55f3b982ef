#pragma once

#include "metricsloader.h"

#include <QDateTime>
#include <QIODevice>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QString>
#include <QTimer>

#include <functional>
#include <optional>

namespace porthole {

// Which value of a bucket a chart draws (a raw value is all four at once, count 1).
enum class MetricAggregate
{
    Average,
    Minimum,
    Maximum,
    Count
};

double aggregateValue(const MetricPoint &point, MetricAggregate aggregate);

// "raw values" or "buckets of 5 min", in English: for files (CSV, the report).
QString resolutionText(qint64 bucketSeconds);

// The series shown, as CSV: one line a point (series, source, owner, name, time as ISO 8601
// UTC, average, minimum, maximum, count), with the resolution in the last column. False (and
// `error`) when the device refused a write.
bool writeSeriesCsv(QIODevice *device, const QList<SeriesData> &data, qint64 bucketSeconds,
                    QString *error);

// The series minus its shifted self (SeriesData::shiftSeconds), by `aggregate`, at each time
// both have a point (both in time order): buckets of one width always line up when the shift is
// a whole number of buckets, raw values where their times do (a backlog's samples, every 15 s).
QList<MetricPoint> differencePoints(const QList<MetricPoint> &points,
                                    const QList<MetricPoint> &shifted, MetricAggregate aggregate);
// A series as lines to draw: x = ms since the epoch (UTC), y = the aggregate; split where
// values are missing, so that a gap is drawn as a gap. A gap is a step longer than three times
// the series' usual (median) step, and for buckets longer than two buckets.
QList<QList<QPointF>> chartSegments(const QList<MetricPoint> &points, qint64 bucketSeconds,
                                    MetricAggregate aggregate);

// What the Metrics chart shows: the series picked, the time range (with the ranges before it,
// for Back), and their points as the loader read them for the plot's width: raw values, or
// buckets of one width when there are more than a few per pixel. Reads go to the loader (a
// thread of its own); the newest range wins.
//
// Live follow moves the range to end now, every followInterval(), and reads only what is new:
// from the start of the last point shown (a bucket may have grown) to now, appended to what is
// there; points that fall out of the range are dropped. It pauses while the operator zooms or
// pans (setFollowPaused), and stops when a range is chosen that ends earlier.
class MetricsChartModel : public QObject
{
    Q_OBJECT

public:
    explicit MetricsChartModel(MetricsLoader *loader, QObject *parent = nullptr);

    // The series to show; read again at once.
    void setSeries(const QList<MetricSeries> &series);
    const QList<MetricSeries> &series() const { return m_series; }

    // A range the operator chose (zoom, pan, a custom range); the one before goes on the Back
    // list. Stops live follow if it ends before the range followed.
    void setRange(const QDateTime &from, const QDateTime &to);
    // The last `seconds` up to now (a preset); live follow keeps it moving if on.
    void showLast(qint64 seconds);
    // Everything the series hold (their extent, read first).
    void showAll();
    // The range before the last change; false when there is none.
    bool back();
    bool canGoBack() const { return !m_history.isEmpty(); }
    QDateTime from() const { return m_from; }
    QDateTime to() const { return m_to; }

    // The plot's width in pixels: decides the bucket width. Read again when it changes by more
    // than a quarter.
    void setPlotWidth(int pixels);
    int plotWidth() const { return m_pixels; }

    void setFollow(bool on);
    bool follows() const { return m_follow; }
    void setFollowPaused(bool paused);
    void setFollowInterval(int milliseconds) { m_followTimer.setInterval(milliseconds); }
    int followInterval() const { return m_followTimer.interval(); }
    // One step of live follow (the timer's); public for tests.
    void followStep();

    // For tests: what "now" is.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

    const QList<SeriesData> &data() const { return m_data; }
    qint64 bucketSeconds() const { return m_bucketSeconds; }
    bool loading() const { return m_expected != 0; }
    QString errorText() const { return m_error; }

    // Reads the current range again.
    void reload();
    // Each series also as it was `seconds` earlier (a day, a week), overlaid: data() holds the
    // series, then each shifted (SeriesData::shiftSeconds); 0: none. Read again at once when
    // it changes.
    void setShift(qint64 seconds);
    qint64 shift() const { return m_shift; }

Q_SIGNALS:
    void rangeChanged();
    // After rangeChanged(), when the range was chosen (setRange(), showLast(), showAll(), back(),
    // live follow switched on) rather than moved on by live follow.
    void rangeChosen();
    // New points: a reload replaced them, or live follow appended.
    void pointsChanged();
    void loadingChanged(bool loading);
    void failed(const QString &message);

private:
    void onAnswer(const porthole::MetricsAnswer &answer);
    void request(bool append);
    void changeRange(const QDateTime &from, const QDateTime &to, bool remember);
    QDateTime now() const;

    MetricsLoader *m_loader;
    QList<MetricSeries> m_series;
    QDateTime m_from;
    QDateTime m_to;
    QList<std::pair<QDateTime, QDateTime>> m_history;
    int m_pixels = 800;
    int m_readForPixels = 0;
    bool m_follow = false;
    bool m_followPaused = false;
    QTimer m_followTimer;
    std::function<QDateTime()> m_clock;

    QList<SeriesData> m_data;
    qint64 m_bucketSeconds = 0;
    qint64 m_shift = 0;
    QString m_error;
    quint64 m_expected = 0;   // the ticket of the read whose answer counts; 0: none
    bool m_appending = false; // that read appends
    QDateTime m_appendFrom;
    quint64 m_extentTicket = 0;
};

} // namespace porthole
