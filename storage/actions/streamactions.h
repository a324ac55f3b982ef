#pragma once

#include "storageerror.h"
#include "streambrowser.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>

#include <optional>
#include <utility>

namespace porthole {

class RedisClient;

// What an operator does to a Redis stream's entries, its consumer groups and consumers, and to
// a list queue's processing list, from the Redis pane and `porthole redis`. Each action is a
// dry run first (planStreamAction: reads only, and names exactly the entries or elements that
// will change), then the plan applied (applyStreamAction), which acts on the plan's ids and
// never on a wider set: entries added, claimed or acknowledged meanwhile are left alone. Both
// run on whichever one thread owns the RedisClient and the database connection; nothing here
// touches a widget.
//
//   kind            plan                                      apply
//   Claim           which of `ids` are pending in `group`     XCLAIM ids to targetConsumer
//                   (XPENDING of each)                        with minIdleMs
//   AutoClaim       the pending entries idle >= minIdleMs     XCLAIM exactly those ids with
//                   (of `consumer`, if named; XPENDING IDLE)  minIdleMs: one taken meanwhile is
//                                                             no longer idle and stays where it is
//   Ack             which of `ids` are pending in `group`     XACK of those
//   Delete          which of `ids` are in the stream, and     XDEL of those
//                   how many of them some group holds
//   Trim            the entries MAXLEN n or MINID id          XTRIM MINID = the id after the last
//                   removes now, and how many of them some    planned entry: entries added since
//                   group holds                               are never removed
//   DeadLetter      which of `ids` (or, with none, of the     each stored in port_messages
//                   pending entries idle >= minIdleMs and     (status dead_letter, `reason` as
//                   delivered >= minDeliveries) are pending   its error), committed with the audit
//                   and still in the stream                   entry, THEN XACK: a crash between
//                                                             the two loses nothing, and a re-run
//                                                             stores nothing twice (the row's id
//                                                             is derived from key, group and id)
//   GroupCreate     that the group is new (and the stream     XGROUP CREATE ... startId [MKSTREAM]
//                   there, unless makeStream)
//   GroupReset      the group's last delivered id now         XGROUP SETID ... startId
//   GroupDelete     the group's pending entries and           XGROUP DESTROY
//                   consumers, which go with it
//   ConsumerDelete  that the consumer holds nothing           XGROUP DELCONSUMER, atomically only
//                   (refused, with how many it holds)         if it still holds nothing
//   Requeue         the elements of processingList (not       each element, atomically, out of
//                   Porthole's own group markers)             processingList and back onto `key`
//                                                             at the end consumers take from next
enum class StreamActionKind
{
    Claim,
    AutoClaim,
    Ack,
    Delete,
    Trim,
    DeadLetter,
    GroupCreate,
    GroupReset,
    GroupDelete,
    ConsumerDelete,
    Requeue,
};
// The action's name in the audit log: "stream-claim", "stream-autoclaim", "stream-ack",
// "stream-delete", "stream-trim", "stream-dead-letter", "stream-group-create",
// "stream-group-reset", "stream-group-delete", "stream-consumer-delete", "list-requeue".
QString streamActionName(StreamActionKind kind);
std::optional<StreamActionKind> streamActionKindFromName(const QString &name);

enum class TrimStrategy
{
    MaxLen, // keep the newest `trimThreshold` entries
    MinId,  // keep the entries whose id is `trimThreshold` or later
};

// One action as the operator asked for it. Only the fields its kind uses are read.
struct StreamAction
{
    StreamActionKind kind = StreamActionKind::Ack;
    QByteArray key;            // the stream; Requeue: the queue the elements go back to
    QByteArray group;          // every kind but Delete, Trim and Requeue
    QByteArray consumer;       // AutoClaim, DeadLetter: only this one's entries (empty: any);
                               // ConsumerDelete: the one deleted
    QByteArray targetConsumer; // Claim, AutoClaim: who gets the entries
    QList<QByteArray> ids;     // Claim, Ack, Delete, DeadLetter: full entry ids ("MS-SEQ")
    qint64 minIdleMs = 0;      // Claim, AutoClaim, DeadLetter: idle at least this long
    qint64 minDeliveries = 0;  // AutoClaim, DeadLetter without ids: delivered this often
    TrimStrategy trimStrategy = TrimStrategy::MaxLen;
    QByteArray trimThreshold;  // MaxLen: a count; MinId: an entry id
    QByteArray startId = "$";  // GroupCreate, GroupReset: "$", "0" or an entry id
    bool makeStream = false;   // GroupCreate: MKSTREAM
    QByteArray processingList; // Requeue
    QString reason;            // DeadLetter: the stored error; all: kept in the audit
    qint64 limit = 100000;     // at most this many entries or elements in one plan

    // The action as the audit log records it (its filter column).
    QJsonObject toJson() const;
};

// An entry or element the action was asked about and leaves alone, and why.
struct SkippedItem
{
    QByteArray id;
    QString reason;

    friend bool operator==(const SkippedItem &, const SkippedItem &) = default;
};

// The dry run: exactly what applying it changes, as Redis was when it was made.
struct StreamActionPlan
{
    StreamAction action;
    QDateTime plannedAt;
    // The entry ids (Requeue: the elements, left to right) the action changes, in order.
    QList<QByteArray> ids;
    // Claim, AutoClaim, Ack, DeadLetter: the pending entry of each id, in the same order.
    QList<PendingEntry> pending;
    QList<SkippedItem> skipped;
    // Delete, Trim: how many of `ids` some consumer group still holds as pending; GroupDelete:
    // the group's pending entries, which go with it.
    qint64 pendingCount = 0;
    // GroupDelete: its consumers. ConsumerDelete: 0 (else there is no plan).
    qint64 consumerCount = 0;
    QByteArray trimMinId;       // Trim: the XTRIM MINID that removes exactly `ids`
    QByteArray lastDeliveredId; // GroupReset, GroupDelete: the group's, as planned
    bool truncated = false;     // more matched than action.limit: only `ids` are acted on
    QString summary;            // one sentence for a person: what applying it changes

    // How many items an operator confirms: the ids, or a deleted group's pending entries.
    qint64 itemCount() const;
    bool changesNothing() const;
    // The plan as `porthole redis --dry-run --json` prints it.
    QJsonObject toJson() const;
};

// Where the applied action is recorded and whether it may run.
struct StreamActionContext
{
    // The database of the audit log and (DeadLetter) of the dead letters, opened by the calling
    // thread; invalid: not audited (DeadLetter refuses to run without one).
    QSqlDatabase db;
    // The caller's read-only mode: every action is refused before anything changes.
    bool readOnly = false;
    QString actor; // default: the operating-system user
};

// What applying a plan did.
struct StreamActionOutcome
{
    QList<QByteArray> changed;   // the plan's ids the action changed
    QList<QByteArray> unchanged; // the plan's ids left alone: taken, acknowledged or gone since
    qint64 alreadyStored = 0;    // DeadLetter: of `changed`, stored by an earlier run
    qint64 auditId = 0;          // 0: no database was given
    QString summary;             // one sentence for a person: what was done
};

// The dry run: reads Redis, changes nothing. InvalidArgument for an action that is not
// well-formed (a missing group, an id that is not "MS-SEQ", a consumer that still holds
// entries, a group that exists already), NotFound for a key, group or consumer that is not
// there.
Result<StreamActionPlan> planStreamAction(RedisClient &client, const StreamAction &action);

// Applies `plan` to exactly its ids, then appends an audit entry when context.db is valid
// (DeadLetter: in the transaction that stores the dead letters, before they are acknowledged;
// the fault point "stream-dead-letter-stored" lies between the commit and the XACK).
// Refused (InvalidArgument, nothing changed) in read-only mode. Conflict when Redis changed
// so that the plan no longer holds (a trim or a group deletion would reach further): plan again.
Result<StreamActionOutcome> applyStreamAction(RedisClient &client, const StreamActionPlan &plan,
                                              const StreamActionContext &context);

} // namespace porthole

Q_DECLARE_METATYPE(porthole::StreamAction)
Q_DECLARE_METATYPE(porthole::StreamActionPlan)
Q_DECLARE_METATYPE(porthole::StreamActionOutcome)
