#pragma once

#include "alertevaluator.h"
#include "backlogtrends.h"
#include "healthrepository.h"
#include "ingeststatus.h"
#include "paging.h"
#include "statuscolours.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace porthole {

// One thing that needs the operator now, as the Overview's attention strip lists it: what, how
// bad, and the pane (by id) that shows it, narrowed to `subject` (a component, a port, a
// consumer group as "stream/group"), which `kind` says how to read.
struct AttentionItem
{
    enum class Kind
    {
        AlertsFiring,
        ComponentStale,
        ComponentUnhealthy,
        GroupBacklogGrowing,
        PortBacklogGrowing,
        NewDeadLetters,
        Receiver,
    };
    Kind kind = Kind::AlertsFiring;
    StatusTone tone = StatusTone::Warning;
    QString text;
    QString paneId;
    QString subject;

    friend bool operator==(const AttentionItem &, const AttentionItem &) = default;
};

// A backlog that has grown: its name, from what to what, over how long; or, from the backlog
// history's trend, its size now and the rate it grows at.
struct BacklogGrowth
{
    QString name;
    qint64 from = 0;
    qint64 to = 0;
    qint64 seconds = 0;
    std::optional<double> perSecond; // from the trend: its current rate
};

// The backlogs growing: those the backlog history has a trend of, by it (their rate fitted
// over minutes of samples, not guessed from the Overview's refreshes), and the others as
// `watched` saw them. Groups are named "stream/group", ports by their name; a watched name the
// trends cannot tell of (the ports' pending rows in all, "pending") counts while no backlog of
// `kind` has a trend.
QList<BacklogGrowth> growingBacklogs(const BacklogTrendSet &trends, BacklogKind kind,
                                     const QList<BacklogGrowth> &watched);

// Watches backlogs (a consumer group's lag plus pending, a port's pending rows) across the
// Overview's refreshes, and says which are growing: higher now than a minute or more ago, and
// never lower from one reading to the next since then. One dip means it drains, so a busy but
// keeping-up pipeline is not flagged; a reading older than `window` is forgotten.
class BacklogWatch
{
public:
    static constexpr qint64 minimumSeconds = 60;
    static constexpr qint64 window = 600;

    // The readings of one refresh, by name; a name not in it is forgotten.
    void observe(const QHash<QString, qint64> &values, const QDateTime &at);
    QList<BacklogGrowth> growing() const;

private:
    struct Reading
    {
        QDateTime at;
        qint64 value = 0;
    };
    QHash<QString, QList<Reading>> m_readings; // oldest first
};

// What the strip is made from.
struct AttentionInputs
{
    QDateTime now; // UTC: when the components were read
    QList<HealthRecord> components;
    QList<AlertStatus> alerts;          // where every rule stands; the firing ones count
    QList<BacklogGrowth> growingGroups; // named "stream/group"
    QList<BacklogGrowth> growingPorts;
    std::optional<RowCount>
        newDeadLetters;                  // in the dead_letter_queue set, created in the last hour
    std::optional<IngestStats> receiver; // the window's receiver, when one runs
};

// The items, worst first: firing alerts, unhealthy and stale components, the receiver, growing
// backlogs, new dead letters. Empty when all is well.
QList<AttentionItem> attentionItems(const AttentionInputs &inputs);

} // namespace porthole
