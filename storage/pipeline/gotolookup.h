#pragma once

#include "storageerror.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <functional>

namespace porthole {

class RedisClient;

// The kinds of thing Go to anything (Ctrl+K) finds, in the order it lists them.
enum class GoToKind
{
    Port,
    Component,
    Checkpoint,
    Batch,
    Message,
    Journey, // a port message's id, or a value of a correlation key: where it went
    RedisKey,
    SavedView,
};

// One thing found: what it is, its name as the pane knows it (`value`: a port's name, a batch
// file's number, a message's number, a key), what to show beside it, and the table it was found
// in (empty when none: a batch file, a key, a saved view).
struct GoToHit
{
    GoToKind kind = GoToKind::Port;
    QString value;
    QString detail;
    QString table;

    friend bool operator==(const GoToHit &, const GoToHit &) = default;
};

// What each kind is looked up in, and how (every match case-insensitive):
//
// | kind       | where                                       | matched                     |
// |------------|---------------------------------------------|-----------------------------|
// | Port       | port_messages.port_name                     | contains the text           |
// | Component  | system_health, then component_state         | component_name contains it  |
// | Checkpoint | checkpoints.checkpoint_name                 | contains the text           |
// | Message    | messages                                    | message_number = the number |
// |            |                                             | ("42", "#42"), or           |
// |            |                                             | delivery_key = the text     |
// | Journey    | port_messages: id, correlation keys' values | equal to the text (journey.h) |
// |            | a delivery key, a batch line key            | the text is one             |
// | Batch      | the batch-file store's file names           | number starts with the text |
// | RedisKey   | SCAN MATCH *text* on the server             | contains the text           |
//
// The names come from a skip scan over each column's index (one probe per distinct name), the
// messages from their indexes on message_number and delivery_key: no lookup reads a table
// through. Names that start with the text come before those that only contain it.
class GoToLookup
{
public:
    explicit GoToLookup(QSqlDatabase db);

    // The kinds this database can be searched for: those whose tables it has.
    QList<GoToKind> kinds() const;
    // At most `limit` things of `kind` (Port, Component, Checkpoint or Message) matching `text`;
    // none for a kind the database lacks the tables of.
    Result<QList<GoToHit>> find(GoToKind kind, const QString &text, int limit) const;

private:
    Result<QList<GoToHit>> names(GoToKind kind, const QString &table, const QString &column,
                                 const QString &text, int limit) const;
    Result<QList<GoToHit>> messages(const QString &text, int limit) const;
    Result<QList<GoToHit>> journeys(const QString &text) const;

    QSqlDatabase m_db;
};

// The batch files of the store in `directory` whose number starts with `text` ("12", "0012",
// "#12", "messages_batch_0012.txt"), the number itself first, then in order; at most `limit`.
// None when `text` names no number; an error when the folder cannot be listed.
Result<QList<GoToHit>> findBatchFiles(const QString &directory, const QString &text, int limit);

// The keys of the Redis server (every master of a cluster) whose name contains `text`, the key
// named exactly first, each with its type as the detail; at most `limit`. The scan reads at
// most `scanSteps` pages of 1,000 keys, and gives up with what it found once `stop` says so.
Result<QList<GoToHit>> findRedisKeys(RedisClient &client, const QString &text, int limit,
                                     int scanSteps = 50, const std::function<bool()> &stop = {});

// The stream entries with the id `text` ("1700000000000-5"), as journeys: each the delivery
// key "stream:{key}:{id}" of a stream of the server that holds it; at most `limit`. The scan
// of the stream keys reads at most `scanSteps` pages of 1,000 keys, and stops once `stop`
// says so. None when `text` is not an entry id.
Result<QList<GoToHit>> findStreamEntries(RedisClient &client, const QString &text, int limit,
                                         int scanSteps = 50,
                                         const std::function<bool()> &stop = {});

} // namespace porthole
