#include "redisactions.h"

#include "commandio.h"
#include "connectionfactory.h"
#include "migrationrunner.h"
#include "redisclient.h"
#include "streamactions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <array>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString command = u"porthole redis"_s;

// Exit code when the action is refused: read-only, not confirmed, nothing to do, or what Redis
// holds does not allow it (a consumer that holds entries, a group that exists).
constexpr int ExitRefused = 3;
// From this many items on, an action runs only when the operator typed the count.
constexpr qint64 confirmFrom = 100;

struct ActionWord
{
    const char16_t *word;
    StreamActionKind kind;
    qsizetype arguments; // after the word
    const char16_t *usage;
};

constexpr std::array<ActionWord, 11> Actions{{
    {u"claim", StreamActionKind::Claim, 3, u"claim KEY GROUP CONSUMER --ids IDS [--idle MS]"},
    {u"autoclaim", StreamActionKind::AutoClaim, 3,
     u"autoclaim KEY GROUP CONSUMER [--idle MS] [--consumer FROM]"},
    {u"ack", StreamActionKind::Ack, 2, u"ack KEY GROUP --ids IDS"},
    {u"delete", StreamActionKind::Delete, 1, u"delete KEY --ids IDS"},
    {u"trim", StreamActionKind::Trim, 1, u"trim KEY --maxlen N | --minid ID"},
    {u"dead-letter", StreamActionKind::DeadLetter, 2,
     u"dead-letter KEY GROUP (--ids IDS | --idle MS | --min-deliveries N) --reason TEXT --db URL"},
    {u"group-create", StreamActionKind::GroupCreate, 2,
     u"group-create KEY GROUP [--start ID] [--mkstream]"},
    {u"group-reset", StreamActionKind::GroupReset, 2, u"group-reset KEY GROUP --start ID"},
    {u"group-delete", StreamActionKind::GroupDelete, 2, u"group-delete KEY GROUP"},
    {u"consumer-delete", StreamActionKind::ConsumerDelete, 3,
     u"consumer-delete KEY GROUP CONSUMER"},
    {u"requeue", StreamActionKind::Requeue, 2, u"requeue QUEUE PROCESSING-LIST"},
}};

const ActionWord *actionWord(const QString &word)
{
    for (const ActionWord &action : Actions)
        if (word == QStringView(action.word))
            return &action;
    return nullptr;
}

// The ids of --ids (comma-separated, repeatable).
QList<QByteArray> idsOf(const QCommandLineParser &parser, const RedisActionOptions &o)
{
    QList<QByteArray> ids;
    for (const QString &list : parser.values(o.ids))
        for (const QString &id : list.split(u',', Qt::SkipEmptyParts))
            ids.append(id.trimmed().toUtf8());
    return ids;
}

// A whole number of at least `least` from an option; false with the usage error printed.
bool number(const QCommandLineParser &parser, const QCommandLineOption &option, qint64 least,
            qint64 *value, int *exitCode)
{
    bool ok = false;
    *value = parser.value(option).toLongLong(&ok);
    if (ok && *value >= least)
        return true;
    *exitCode = usageError(command, u"--%1 takes a number of at least %2, not \"%3\"."_s
                                        .arg(option.names().constFirst())
                                        .arg(least)
                                        .arg(parser.value(option)));
    return false;
}

// The options of the kind that takes them: -1 to go on, or the exit code.
int readKindOptions(const QCommandLineParser &parser, const RedisActionOptions &o,
                    StreamAction &action)
{
    const StreamActionKind kind = action.kind;
    action.ids = idsOf(parser, o);
    action.reason = parser.value(o.reason).trimmed();
    const bool takesIds = kind == StreamActionKind::Claim || kind == StreamActionKind::Ack ||
                          kind == StreamActionKind::Delete || kind == StreamActionKind::DeadLetter;
    if (!takesIds && parser.isSet(o.ids))
        return usageError(command, u"--ids does not go with this action."_s);
    if (takesIds && kind != StreamActionKind::DeadLetter && action.ids.isEmpty())
        return usageError(command, u"say which entries with --ids ID,ID,..."_s);
    int code = -1;
    if (kind == StreamActionKind::Trim) {
        if (parser.isSet(o.maxLen) == parser.isSet(o.minId))
            return usageError(command, u"trim takes --maxlen N or --minid ID, one of them."_s);
        action.trimStrategy = parser.isSet(o.maxLen) ? TrimStrategy::MaxLen : TrimStrategy::MinId;
        action.trimThreshold = parser.value(parser.isSet(o.maxLen) ? o.maxLen : o.minId).toUtf8();
    }
    if (parser.isSet(o.start))
        action.startId = parser.value(o.start).toUtf8();
    else if (kind == StreamActionKind::GroupReset)
        return usageError(command, u"group-reset takes --start ID ($, 0 or an entry id)."_s);
    action.makeStream = parser.isSet(o.makeStream);
    if (parser.isSet(o.minDeliveries) &&
        !number(parser, o.minDeliveries, 1, &action.minDeliveries, &code))
        return code;
    return code;
}

// The action the words and options describe: -1 to go on, or the exit code.
int readAction(const QCommandLineParser &parser, const RedisActionOptions &o,
               const QStringList &words, const RedisActionShared &shared, StreamAction &action)
{
    const ActionWord *word = actionWord(words.value(0));
    if (word == nullptr)
        return usageError(command, u"no action %1."_s.arg(words.value(0)));
    if (words.size() != word->arguments + 1)
        return usageError(command, u"usage: %1"_s.arg(QString::fromUtf16(word->usage)));
    action.kind = word->kind;
    action.key = words.at(1).toUtf8();
    if (word->kind == StreamActionKind::Requeue)
        action.processingList = words.at(2).toUtf8();
    else if (word->arguments >= 2)
        action.group = words.at(2).toUtf8();
    if (word->arguments == 3) {
        if (word->kind == StreamActionKind::ConsumerDelete)
            action.consumer = words.at(3).toUtf8();
        else
            action.targetConsumer = words.at(3).toUtf8();
    }
    if (word->kind == StreamActionKind::AutoClaim || word->kind == StreamActionKind::DeadLetter)
        action.consumer = shared.consumer;
    action.minIdleMs = std::max<qint64>(0, shared.idleMs);
    if (const int code = readKindOptions(parser, o, action); code >= 0)
        return code;
    if (action.kind == StreamActionKind::DeadLetter) {
        if (action.ids.isEmpty() && shared.idleMs < 0 && action.minDeliveries == 0)
            return usageError(command, u"dead-letter takes --ids, or --idle and/or "
                                       "--min-deliveries to choose pending entries."_s);
        if (action.reason.isEmpty())
            return usageError(command, u"dead-letter takes --reason TEXT, the dead letters' "
                                       "error."_s);
        if (!parser.isSet(o.db) && !parser.isSet(o.readOnly) && !parser.isSet(o.dryRun))
            return usageError(command, u"dead-letter needs --db URL, where the dead letters "
                                       "go."_s);
    }
    return -1;
}

int failed(const QString &message, int code = ExitFailure)
{
    standardError() << command << ": " << message << Qt::endl;
    return code;
}

int errorCode(const StorageError &error)
{
    switch (error.kind) {
    case StorageError::Kind::InvalidArgument:
    case StorageError::Kind::NotFound:
    case StorageError::Kind::Conflict:
        return ExitRefused;
    default:
        return ExitFailure;
    }
}

QString pendingText(const PendingEntry &entry)
{
    return u"  (consumer %1, idle %2 ms, deliveries %3)"_s.arg(entry.consumer)
        .arg(entry.idleMs)
        .arg(entry.deliveries);
}

void printPlan(const StreamActionPlan &plan, bool json)
{
    QTextStream &out = standardOutput();
    if (json) {
        out << QString::fromUtf8(QJsonDocument(plan.toJson()).toJson(QJsonDocument::Indented))
            << Qt::flush;
        return;
    }
    out << "Dry run: " << streamActionName(plan.action.kind) << " on "
        << QString::fromUtf8(plan.action.key) << "\n  " << plan.summary << '\n';
    if (plan.action.kind == StreamActionKind::Trim && !plan.trimMinId.isEmpty())
        out << "  (applied as XTRIM MINID = " << QString::fromUtf8(plan.trimMinId) << ")\n";
    for (qsizetype i = 0; i < plan.ids.size(); ++i)
        out << "  change " << QString::fromUtf8(plan.ids.at(i))
            << (i < plan.pending.size() ? pendingText(plan.pending.at(i)) : QString()) << '\n';
    for (const SkippedItem &item : plan.skipped)
        out << "  skip   " << QString::fromUtf8(item.id) << "  " << item.reason << '\n';
    out << Qt::flush;
}

void printOutcome(const StreamActionPlan &plan, const StreamActionOutcome &outcome, bool json)
{
    QTextStream &out = standardOutput();
    if (json) {
        const auto ids = [](const QList<QByteArray> &list) {
            QJsonArray array;
            for (const QByteArray &id : list)
                array.append(QString::fromUtf8(id));
            return array;
        };
        const QJsonObject result{{u"plan"_s, plan.toJson()},
                                 {u"changed"_s, ids(outcome.changed)},
                                 {u"unchanged"_s, ids(outcome.unchanged)},
                                 {u"already_stored"_s, outcome.alreadyStored},
                                 {u"audit_id"_s, outcome.auditId},
                                 {u"summary"_s, outcome.summary}};
        out << QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Indented))
            << Qt::flush;
        return;
    }
    out << outcome.summary;
    if (outcome.auditId > 0)
        out << " (action " << outcome.auditId << " in the audit log)";
    out << Qt::endl;
}

// Plans, shows the dry run or checks the confirmation, applies.
int planAndApply(RedisClient &client, const QCommandLineParser &parser, const RedisActionOptions &o,
                 const StreamAction &action, bool json, const StreamActionContext &context)
{
    const auto plan = planStreamAction(client, action);
    if (!plan)
        return failed(plan.errorMessage(), errorCode(plan.error()));
    if (parser.isSet(o.dryRun)) {
        printPlan(*plan, json);
        return ExitOk;
    }
    if (context.readOnly) { // refused, with the reason, before anything changes
        const auto refused = applyStreamAction(client, *plan, context);
        return failed(refused ? u"read-only, yet the action ran."_s : refused.errorMessage(),
                      ExitRefused);
    }
    if (plan->changesNothing()) {
        printPlan(*plan, json);
        return failed(u"nothing to do: %1"_s.arg(plan->summary), ExitRefused);
    }
    const qint64 items = plan->itemCount();
    if (items >= confirmFrom && parser.value(o.confirm) != QString::number(items))
        return failed(u"%1 items: check the dry run (--dry-run), then add --confirm %1 to act "
                      "on them."_s.arg(items),
                      ExitRefused);
    const auto outcome = applyStreamAction(client, *plan, context);
    if (!outcome)
        return failed(outcome.errorMessage(), errorCode(outcome.error()));
    printOutcome(*plan, *outcome, json);
    return ExitOk;
}

} // namespace

RedisActionOptions::RedisActionOptions()
    : db(u"db"_s,
         u"Actions: the database of the audit log and of the dead letters (sqlite:///path.db or "
         "postgresql://...; the password from PGPASSWORD or ~/.pgpass)."_s,
         u"url"_s)
    , ids(u"ids"_s,
          u"claim, ack, delete, dead-letter: the entries (ids, comma-separated; may be "
          "repeated)."_s,
          u"ids"_s)
    , reason(u"reason"_s, u"dead-letter: the error the dead letters are stored with."_s, u"text"_s)
    , maxLen(u"maxlen"_s, u"trim: keep the newest N entries."_s, u"n"_s)
    , minId(u"minid"_s, u"trim: keep the entries from this id on."_s, u"id"_s)
    , start(u"start"_s,
            u"group-create, group-reset: the last id delivered ($: only new entries, the "
            "default; 0: the whole stream)."_s,
            u"id"_s)
    , makeStream(u"mkstream"_s, u"group-create: make the stream if there is none."_s)
    , minDeliveries(u"min-deliveries"_s,
                    u"dead-letter: only pending entries delivered at least this often."_s, u"n"_s)
    , dryRun(u"dry-run"_s, u"Actions: show exactly what would change, and change nothing."_s)
    , confirm(u"confirm"_s,
              u"Actions: the number of items the dry run counts: needed from 100 on."_s, u"n"_s)
    , readOnly(u"read-only"_s, u"Refuse every action (a dry run still shows it)."_s)
{}

QString redisActionsDescription()
{
    QString text = u"\nActs, after a dry run (--dry-run shows exactly what would change; from "
                   "100 items on\n--confirm N is needed), audited in --db's audit log:\n"_s;
    for (const ActionWord &action : Actions)
        text += u"  "_s + QString::fromUtf16(action.usage) + u'\n';
    return text;
}

void addRedisActionOptions(QCommandLineParser &parser, const RedisActionOptions &o)
{
    parser.addOptions({o.db, o.ids, o.reason, o.maxLen, o.minId, o.start, o.makeStream,
                       o.minDeliveries, o.dryRun, o.confirm, o.readOnly});
}

bool isRedisAction(const QString &word)
{
    return actionWord(word) != nullptr;
}

int runRedisAction(const QCommandLineParser &parser, const RedisActionOptions &o,
                   const QStringList &words, const RedisActionShared &shared,
                   const std::function<int(RedisClient *)> &connect)
{
    StreamAction action;
    if (const int code = readAction(parser, o, words, shared, action); code >= 0)
        return code;
    std::optional<DatabaseUrl> url;
    if (parser.isSet(o.db)) {
        auto parsed = DatabaseUrl::parse(parser.value(o.db));
        if (!parsed)
            return usageError(command, parsed.errorMessage());
        url = *parsed;
    }
    RedisClient client;
    if (const int code = connect(&client); code >= 0)
        return code;
    StreamActionContext context;
    context.readOnly = parser.isSet(o.readOnly);
    if (!url || context.readOnly || parser.isSet(o.dryRun))
        return planAndApply(client, parser, o, action, shared.json, context);
    const ConnectionFactory factory(*url);
    const QString purpose = u"redis-actions"_s;
    int code = ExitFailure;
    {
        auto db = MigrationRunner::openCurrent(factory, purpose);
        if (!db)
            return failed(db.errorMessage());
        context.db = *db;
        code = planAndApply(client, parser, o, action, shared.json, context);
        context.db = QSqlDatabase();
    }
    factory.close(purpose);
    return code;
}

} // namespace porthole
