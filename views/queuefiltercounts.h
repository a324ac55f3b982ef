#pragma once

#include "backlogtrends.h"
#include "paging.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

class QComboBox;
class QToolButton;

namespace porthole {

class PortMessageLookup;
class PortMessageModel;
struct PortMessageCounts;

// The counts on the Queues pane's filter bar, so that the operator sees where the messages
// are without trying each filter: each status chip says how many rows have that status (in
// the chosen port, when one is chosen), under its name, and the port list how many rows each
// port has, right of its name. The pane's PortMessageLookup counts them, each bounded as the
// listing's count is: beyond PortMessageLookup::countUpTo "100,000+" on SQLite, PostgreSQL's
// estimate ("≈1.2 M").
//
// They are read again whenever the listing refreshes (a change the database told of, the
// safety net's poll, a refresh by hand: PagedTableModel::refreshing()), never while a reading is
// under way, and after one at least gapAfter() its time: gapMs, or repeatGapAfter() the last
// reading's length, so that on a big table under live traffic the counts keep their thread
// busy a tenth of the time at most. At once when the port filter changes.
//
// The pending and processing chips' tooltips, and each port's in the list, say where its
// backlog (pending and processing rows) is going, from the backlog history (setTrends()): the
// chosen port's trend, or with none chosen the ports that grow and those that drain.
class QueueFilterCounts : public QObject
{
    Q_OBJECT

public:
    // A port item's count, as shown right of its name in the list.
    static constexpr int CountRole = Qt::UserRole + 0x200;
    static constexpr int gapMs = 1000;

    // `statuses` are the chips, named "status-<status>"; none of the widgets is taken over.
    QueueFilterCounts(PortMessageModel *model, PortMessageLookup *lookup, QComboBox *ports,
                      const QList<QToolButton *> &statuses, QObject *parent = nullptr);

    // "1,234"; "100,000+" (more than 100,000); "≈1.2 M", "≈46 k", "≈900" (estimates).
    static QString compactText(const RowCount &count);
    // Reads the counts again: now, or once the reading under way and the gap after it are over.
    void request();
    // The wait after a reading that took `readMs`, before the next: from gapMs to a minute.
    static int gapAfter(qint64 readMs);
    // The wait after the last reading (gapMs before any).
    int currentGapMs() const { return m_gap.interval(); }
    void setTrends(const BacklogTrendSet &trends);
    // What the chips' tooltips add for the port chosen (empty: every port).
    QString trendText(const QString &port) const;

Q_SIGNALS:
    // The chips and the port list show the counts of a new reading.
    void shown();

private:
    void read();
    void onModelReset();
    void onReadingOver();
    void onCounts(const PortMessageCounts &counts);
    void showPortCounts();
    void showTrends();

    PortMessageModel *m_model;
    PortMessageLookup *m_lookup;
    QComboBox *m_ports;
    QList<QToolButton *> m_statuses;
    QHash<QString, QString> m_portCounts; // port -> its count's text
    QString m_port;                       // the port the chips were last counted in
    BacklogTrendSet m_trends;
    QHash<QToolButton *, QString> m_chipTips; // the chips' own tooltips, before any trend
    QTimer m_gap;                             // runs from the end of a reading
    QElapsedTimer m_readClock;                // since the reading under way was asked for;
                                              // invalid while none is
    bool m_again = false;                     // asked for during a reading or the gap after it
};

} // namespace porthole
