#pragma once

#include <QByteArray>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QStringList>

#include <functional>

namespace porthole {

class RedisClient;

// What `porthole redis` does to entries, groups, consumers and list queues (storage/
// streamactions.h): a dry run with --dry-run, the action otherwise, audited in --db's audit
// log; from 100 items on only with --confirm N; refused with --read-only.
//
// porthole redis --redis URL [--db URL] [--dry-run] [--confirm N] [--read-only] [--json]
//   claim KEY GROUP CONSUMER --ids IDS [--idle MS]
//   autoclaim KEY GROUP CONSUMER [--idle MS] [--consumer FROM]
//   ack KEY GROUP --ids IDS
//   delete KEY --ids IDS
//   trim KEY --maxlen N | --minid ID
//   dead-letter KEY GROUP (--ids IDS | [--idle MS] [--consumer C] [--min-deliveries N])
//               --reason TEXT --db URL
//   group-create KEY GROUP [--start ID] [--mkstream]
//   group-reset KEY GROUP --start ID
//   group-delete KEY GROUP
//   consumer-delete KEY GROUP CONSUMER
//   requeue QUEUE PROCESSING-LIST
struct RedisActionOptions
{
    RedisActionOptions();

    QCommandLineOption db;
    QCommandLineOption ids;
    QCommandLineOption reason;
    QCommandLineOption maxLen;
    QCommandLineOption minId;
    QCommandLineOption start;
    QCommandLineOption makeStream;
    QCommandLineOption minDeliveries;
    QCommandLineOption dryRun;
    QCommandLineOption confirm;
    QCommandLineOption readOnly;
};

// What the listings' options say that the actions use too.
struct RedisActionShared
{
    QByteArray consumer; // --consumer
    qint64 idleMs = -1;  // --idle; -1: not given
    bool json = false;   // --json
};

// The lines of `porthole redis --help` that name the actions.
QString redisActionsDescription();
void addRedisActionOptions(QCommandLineParser &parser, const RedisActionOptions &options);
bool isRedisAction(const QString &word);

// Runs the action `words` name (words[0] is the action). `connect` connects `client` as the
// listings do and returns -1, or the exit code to end with. Exit status: 0 done, 1 failed,
// 2 usage error, 3 refused (read-only, not confirmed, nothing to do, or Redis's state).
int runRedisAction(const QCommandLineParser &parser, const RedisActionOptions &options,
                   const QStringList &words, const RedisActionShared &shared,
                   const std::function<int(RedisClient *)> &connect);

} // namespace porthole
