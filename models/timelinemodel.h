#pragma once

#include "connectionfactory.h"
#include "latestread.h"
#include "statuscolours.h"
#include "timeline.h"

#include <QAbstractTableModel>
#include <QDateTime>

namespace porthole {

// The incident timeline (storage/pipeline/timeline.h) as a table, newest first: a change a
// row, its time, kind, what it concerns and what happened. Read a page at a time on a thread
// and a connection of its own: setFilter() reads the first page again, fetchMore() the next
// (a view asks as it scrolls); a page that held nothing reads on by itself until a change or
// the end of the range.
class TimelineModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimeColumn,
        KindColumn,
        SubjectColumn, // the component, the port, or both
        WhatColumn,
        ColumnCount
    };
    enum Role
    {
        KindRole = Qt::UserRole + 1, // ChangeKind as an int
        ToneRole,                    // StatusTone as an int; -1 for none
        AtRole,                      // the change's time, a QDateTime (UTC)
    };

    explicit TimelineModel(ConnectionFactory factory, QObject *parent = nullptr);

    // The changes of `filter` (its range, component, port, kinds, severity), from the first
    // page; `now` measures silences that go on (invalid: the clock).
    void setFilter(const TimelineFilter &filter, const QDateTime &now = {});
    const TimelineFilter &filter() const { return m_filter; }
    // When a component with too few heartbeats to learn from is silent (the settings' stale
    // threshold); every filter is read with it.
    void setStaleAfter(std::chrono::milliseconds staleAfter) { m_staleAfter = staleAfter; }
    // Reads the first page again, as at setFilter().
    void refresh();
    // Reads on, page after page, up to `rows` changes of the range (a strip that shows them
    // all); 0: a page as the view asks (by default).
    void setReadWhole(int rows) { m_readWhole = rows; }

    const Change *changeAt(int row) const;
    // The row of the change nearest `at` (the newest at or before it; the oldest shown when
    // all are after it); -1 when none is shown.
    int rowNear(const QDateTime &at) const;
    bool isReading() const { return m_reading; }
    bool atEnd() const { return m_atEnd; }
    // Every change of the range was read down to this (the range's start at its end).
    QDateTime readDownTo() const { return m_readDownTo; }
    QString errorText() const { return m_error; }

    static StatusTone toneOf(const Change &change, bool *hasTone);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    // A page came (rows may have been added), or the first page of a new filter.
    void pageRead();
    void failed(const QString &message);

private:
    void readPage(const TimelineCursor &cursor);
    void take(const QVariant &answer);

    LatestRead m_read;
    TimelineFilter m_filter;
    std::chrono::milliseconds m_staleAfter = TimelineFilter().staleAfter;
    QDateTime m_now;
    bool m_fixedNow = false;
    QList<Change> m_changes;
    TimelineCursor m_next;
    QDateTime m_readDownTo;
    bool m_atEnd = false;
    bool m_reading = false;
    int m_readWhole = 0;
    quint64 m_generation = 0;
    QString m_error;
};

} // namespace porthole
