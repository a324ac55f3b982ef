#include "subcommands.h"

#include "backupcommand.h"
#include "batchescommand.h"
#include "exportcommand.h"
#include "generatecommand.h"
#include "ingestcommand.h"
#include "ledgercommand.h"
#include "migratecommand.h"
#include "rediscommand.h"
#include "replaycommand.h"
#include "reportcommand.h"
#include "retentioncommand.h"
#include "senddemocommand.h"
#include "timelinecommand.h"
#include "tracecommand.h"

using namespace Qt::StringLiterals;

namespace porthole {

const QList<Subcommand> &subcommands()
{
    static const QList<Subcommand> commands{
        {u"batches"_s, u"List, check and export a store of batch files"_s, runBatchesCommand,
         false},
        {u"migrate"_s, u"Show or change a database's schema version"_s, runMigrateCommand, false},
        {u"generate"_s, u"Fill a database with realistic synthetic data"_s, runGenerateCommand,
         false},
        {u"ingest"_s, u"Receive messages from Redis and store them, without a display"_s,
         runIngestCommand, false},
        {u"replay"_s, u"Replay port messages to the database or to Redis, after a dry run"_s,
         runReplayCommand, false},
        {u"purge"_s, u"Purge port messages (undoably), restore them, or delete purged ones"_s,
         runPurgeCommand, false},
        {u"trace"_s, u"Follow one message across the pipeline, hop by hop"_s, runTraceCommand,
         false},
        {u"timeline"_s, u"List what changed in a time range: alerts, actions, restarts..."_s,
         runTimelineCommand, false},
        {u"ledger"_s,
         u"Prove nothing was lost: each hour's entries added against where they went"_s,
         runLedgerCommand, false},
        {u"export"_s, u"Write a table's rows that match a filter to CSV, JSON or JSON Lines"_s,
         runExportCommand, false},
        {u"redis"_s,
         u"Look at a Redis server's keys, streams and pending entries, a page at a time"_s,
         runRedisCommand, false},
        {u"retention"_s, u"Delete what the retention rules say is old, after a preview"_s,
         runRetentionCommand, false},
        {u"backup"_s, u"Back up a database into a folder, check the backup, keep the last few"_s,
         runBackupCommand, false},
        {u"restore"_s, u"Restore a backup into a new database, after checking it"_s,
         runRestoreCommand, false},
        {u"report"_s, u"Write the pipeline's report for a time range, as PDF or HTML"_s,
         runReportCommand, true},
        {u"send-demo"_s, u"Send realistic demo traffic to a Redis stream, list or channel"_s,
         runSendDemoCommand, false},
    };
    return commands;
}

} // namespace porthole
