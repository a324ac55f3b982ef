#include "replaycommand.h"

#include "actionrunner.h"
#include "commandio.h"
#include "connectionfactory.h"
#include "errorsignature.h"
#include "migrationrunner.h"
#include "portmessageedits.h"
#include "redispassword.h"
#include "replaypublisher.h"
#include "stopsignals.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QLocale>
#include <QTimeZone>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// Exit code when the action, or its dry run, refuses some rows (or every row).
constexpr int ExitRefused = 3;
// From this many rows on, an action runs only when the operator typed the count.
constexpr qint64 confirmFrom = 100;

struct CommonOptions
{
    QCommandLineOption db{u"db"_s,
                          u"The database: sqlite:///path.db or postgresql://user@host:port/db "
                          "(the password from PGPASSWORD or ~/.pgpass)."_s,
                          u"url"_s};
    QCommandLineOption ids{u"ids"_s,
                           u"The port messages with these ids (comma-separated; may be "
                           "repeated)."_s,
                           u"ids"_s};
    QCommandLineOption idsFile{u"ids-file"_s,
                               u"The port messages whose ids this file lists, one a line ('-': "
                               "standard input)."_s,
                               u"file"_s};
    QCommandLineOption filter{
        u"filter"_s,
        u"Every port message that matches (may be repeated; all must hold): port=NAME, "
        "status=S[|S...], text=TEXT (in the payload or error), from=TIME, to=TIME (ISO 8601, "
        "UTC when no offset), dead-letters."_s,
        u"condition"_s};
    QCommandLineOption group{u"group"_s,
                             u"The dead letters whose error has this signature, as the Dead "
                             "letters pane groups them (e.g. \"timeout after <n>s\")."_s,
                             u"signature"_s};
    QCommandLineOption dryRun{u"dry-run"_s,
                              u"Show what would be done, row by row, and change nothing."_s};
    QCommandLineOption show{u"show"_s, u"How many rows the dry run lists (default 20)."_s, u"n"_s,
                            u"20"_s};
    QCommandLineOption confirm{u"confirm"_s,
                               u"The number of rows the action acts on, as the dry run counts "
                               "them: needed from 100 rows on."_s,
                               u"n"_s};
    QCommandLineOption rate{
        u"rate"_s,
        u"At most this many messages a second; kept with the action, so whoever finishes it "
        "(--finish, a later run, the window) keeps the pace."_s,
        u"n"_s};
    QCommandLineOption finish{u"finish"_s,
                              u"Only finish the actions that an earlier run (or a window) left "
                              "unfinished; every other run does that first too."_s};

    void addTo(QCommandLineParser &parser) const
    {
        parser.addOptions({db, ids, idsFile, filter, group, dryRun, show, confirm, rate, finish});
    }
};

Result<ActionSelection> selectionFrom(const QCommandLineParser &parser, const CommonOptions &o,
                                      bool purged)
{
    ActionSelection selection;
    const int ways = int(parser.isSet(o.ids) || parser.isSet(o.idsFile)) +
                     int(parser.isSet(o.filter)) + int(parser.isSet(o.group));
    if (ways != 1)
        return StorageError::invalidArgument(
            u"say which port messages: --ids (or --ids-file), --filter or --group, one of them."_s);
    for (const QString &list : parser.values(o.ids))
        for (const QString &id : list.split(u',', Qt::SkipEmptyParts))
            selection.ids << id.trimmed();
    if (parser.isSet(o.idsFile)) {
        QFile file(parser.value(o.idsFile));
        const bool opened = file.fileName() == u"-"_s ? file.open(stdin, QIODevice::ReadOnly)
                                                      : file.open(QIODevice::ReadOnly);
        if (!opened)
            return StorageError::io(
                u"cannot read %1: %2"_s.arg(parser.value(o.idsFile), file.errorString()));
        for (const QByteArray &line : file.readAll().split('\n'))
            if (const QString id = QString::fromUtf8(line).trimmed(); !id.isEmpty())
                selection.ids << id;
    }
    if (!selection.ids.isEmpty() || parser.isSet(o.ids) || parser.isSet(o.idsFile)) {
        if (selection.ids.isEmpty())
            return StorageError::invalidArgument(u"--ids names no id."_s);
        selection.description = u"%1 ids"_s.arg(selection.ids.size());
        return selection;
    }
    selection.filter.purgedOnly = purged;
    if (parser.isSet(o.group)) {
        const QString signature = parser.value(o.group);
        selection.filter.deadLettersOnly = true;
        selection.filter.errorLike = errorLikePattern(signature);
        selection.matches = [signature](const PortMessage &m) {
            return errorSignature(m.errorMessage) == signature;
        };
        selection.description = u"dead letters with the error: %1"_s.arg(signature);
        return selection;
    }
    QStringList said;
    for (const QString &condition : parser.values(o.filter)) {
        said << condition;
        const qsizetype eq = condition.indexOf(u'=');
        const QString key = condition.left(eq).trimmed();
        const QString value = eq < 0 ? QString() : condition.mid(eq + 1).trimmed();
        if (key == u"dead-letters"_s && eq < 0) {
            selection.filter.deadLettersOnly = true;
        } else if (key == u"port"_s && !value.isEmpty()) {
            selection.filter.ports << value;
        } else if (key == u"status"_s && !value.isEmpty()) {
            for (const QString &status : value.split(u'|', Qt::SkipEmptyParts)) {
                if (!PortMessageRepository::statuses().contains(status))
                    return StorageError::invalidArgument(u"'%1' is not a status; use %2."_s.arg(
                        status, PortMessageRepository::statuses().join(u", "_s)));
                selection.filter.statuses << status;
            }
        } else if (key == u"text"_s && !value.isEmpty()) {
            selection.filter.text = value;
        } else if ((key == u"from"_s || key == u"to"_s) && !value.isEmpty()) {
            const QDateTime time = commandLineTime(value);
            if (!time.isValid())
                return StorageError::invalidArgument(
                    u"'%1' is not a time (ISO 8601, e.g. 2026-11-22T10:00:00Z)."_s.arg(value));
            (key == u"from"_s ? selection.filter.from : selection.filter.to) = time;
        } else {
            return StorageError::invalidArgument(
                u"'%1' is not a filter condition; see --help."_s.arg(condition));
        }
    }
    selection.description = u"filter: %1"_s.arg(said.join(u", "_s));
    return selection;
}

QString becomes(const PlannedRow &row, const ActionOptions &options)
{
    switch (options.kind) {
    case ActionKind::Replay:
        if (options.target == ReplayTarget::Redis)
            return u"published to %1"_s.arg(
                QString(options.redisKey).replace(u"{port}"_s, row.before.portName));
        return u"%1, retries %2"_s.arg(row.after.status).arg(row.after.retryCount);
    case ActionKind::Purge:
        return u"purged"_s;
    case ActionKind::Restore:
        return u"restored"_s;
    case ActionKind::Move:
        return u"port %1"_s.arg(row.after.portName);
    }
    return {};
}

void printPlan(const ActionPlan &plan, int show)
{
    QTextStream &out = standardOutput();
    const QString verb = actionName(plan.options.kind);
    out << "Dry run: " << verb << " " << countText(double(plan.rows.size()))
        << " port messages selected";
    if (plan.truncated)
        out << " (more matched; only these are planned)";
    out << "\n  " << countText(double(plan.actCount())) << " will be acted on";
    if (plan.overBudgetCount() > 0)
        out << " (" << countText(double(plan.overBudgetCount()))
            << " over the replay budget: the loop guard is overridden)";
    out << ", " << countText(double(plan.skipCount())) << " skipped\n";
    for (const auto &[reason, count] : plan.skipReasons())
        out << u"  %1  skipped: %2\n"_s.arg(countText(double(count)), 9).arg(reason);
    const qsizetype listed = std::min<qsizetype>(show, plan.rows.size());
    if (listed > 0)
        out << "\n  id                                    port                 status       "
               "becomes\n";
    for (qsizetype i = 0; i < listed; ++i) {
        const PlannedRow &row = plan.rows.at(i);
        out << u"  %1  %2 %3 %4\n"_s.arg(row.before.id, -36)
                   .arg(row.before.portName, -20)
                   .arg(row.before.status, -12)
                   .arg(row.acts() ? becomes(row, plan.options)
                                   : u"(skipped: %1)"_s.arg(row.skipReason));
    }
    if (listed > 0 && listed < plan.rows.size())
        out << "  … and " << countText(double(plan.rows.size() - listed))
            << " more (--show N lists more)\n";
    out << Qt::flush;
}

// Runs actions for a command: Ctrl+C cancels what is not done yet (audited), a line on
// standard error each second says how far it got.
class CommandRunner
{
public:
    CommandRunner(QString command, const QSqlDatabase &db, std::optional<RedisUrl> redis)
        : m_command(std::move(command))
        , m_outbox(db)
        , m_redis(std::move(redis))
    {
        m_lastLine.start();
    }

    // Finishes what an earlier run left open (a crash, a closed window).
    int finishUnfinished()
    {
        auto open = m_outbox.openActions();
        if (!open)
            return fail(open.errorMessage());
        for (const ActionSummary &left : std::as_const(*open)) {
            standardError() << m_command << ": finishing action " << left.auditId << " ("
                            << actionName(left.kind) << ", " << countText(double(left.open()))
                            << " rows open) that an earlier run left unfinished" << Qt::endl;
            auto done = run(left.auditId, {});
            if (!done)
                return fail(done.errorMessage());
        }
        return m_control.isCancelled() ? ExitFailure : ExitOk;
    }

    int prepareAndRun(const ActionPlan &plan, double rate)
    {
        auto prepared = m_outbox.prepare(plan, {}, rate);
        if (!prepared) {
            fail(prepared.errorMessage());
            return prepared.error().kind == StorageError::Kind::InvalidArgument ? ExitRefused
                                                                                : ExitFailure;
        }
        constexpr qsizetype named = 10;
        for (qsizetype i = 0; i < std::min(named, prepared->leftOut.size()); ++i)
            standardError() << m_command << ": left out " << prepared->leftOut.at(i).first << ": "
                            << prepared->leftOut.at(i).second << Qt::endl;
        if (prepared->leftOut.size() > named)
            standardError() << m_command << ": … and "
                            << countText(double(prepared->leftOut.size() - named))
                            << " more left out" << Qt::endl;
        if (prepared->rows == 0) {
            standardError() << m_command << ": nothing was done." << Qt::endl;
            return ExitRefused;
        }
        ActionRunOptions options;
        options.ratePerSecond = rate;
        auto done = run(prepared->auditId, options);
        if (!done)
            return fail(done.errorMessage() +
                        u"\nWhat is not done stays in the outbox: run the command again to "
                        "finish it."_s);
        standardOutput() << actionName(plan.options.kind) << ": "
                         << countText(double(done->applied)) << " applied, "
                         << countText(double(done->skipped)) << " skipped, "
                         << countText(double(done->cancelled)) << " cancelled (action "
                         << done->auditId << " in the audit log)" << Qt::endl;
        if (done->cancelled > 0)
            return ExitFailure;
        return done->skipped > 0 || !prepared->leftOut.isEmpty() || plan.skipCount() > 0
                   ? ExitRefused
                   : ExitOk;
    }

private:
    int fail(const QString &message)
    {
        standardError() << m_command << ": " << message << Qt::endl;
        return ExitFailure;
    }

    Result<ActionSummary> run(qint64 auditId, const ActionRunOptions &options)
    {
        std::optional<ReplayPublisher> publisher;
        if (auto url = redisFor(auditId))
            publisher.emplace(*url);
        return runAction(m_outbox, auditId, publisher ? &*publisher : nullptr, options, m_control,
                         [this](const ActionProgress &p) { progress(p); });
    }

    // The server a replay to Redis was prepared for; the password of the one named on the
    // command line if it is the same, else REDISCLI_AUTH.
    std::optional<RedisUrl> redisFor(qint64 auditId) const
    {
        auto options = m_outbox.optionsOf(auditId);
        if (!options)
            return std::nullopt;
        std::optional<QString> password;
        if (qEnvironmentVariableIsSet("REDISCLI_AUTH"))
            password = qEnvironmentVariable("REDISCLI_AUTH");
        return replayTarget(*options, m_redis, password);
    }

    void progress(const ActionProgress &p)
    {
        if (StopSignals::requested() != 0)
            m_control.cancel();
        if (p.waiting.isEmpty() && m_lastLine.elapsed() < 1000)
            return;
        standardError() << m_command << ": "
                        << countText(double(p.summary.total - p.summary.open())) << " of "
                        << countText(double(p.summary.total)) << " done"
                        << (p.waiting.isEmpty() ? QString() : u" — "_s + p.waiting) << Qt::endl;
        m_lastLine.restart();
    }

    QString m_command;
    ActionOutbox m_outbox;
    std::optional<RedisUrl> m_redis;
    ActionControl m_control;
    StopSignals m_stopSignals;
    QElapsedTimer m_lastLine;
};

// The options of one action: replay's, or purge's.
struct KindOptions
{
    QCommandLineOption toRedis{u"to-redis"_s,
                               u"Publish the payloads to this Redis server instead of "
                               "setting the rows back to pending (the password from "
                               "REDISCLI_AUTH)."_s,
                               u"url"_s};
    QCommandLineOption key{u"key"_s,
                           u"The stream or list to publish to; {port} stands for the "
                           "port's name (default)."_s,
                           u"key"_s, u"{port}"_s};
    QCommandLineOption keepRetries{u"keep-retries"_s,
                                   u"Keep retry_count as it is (default: back to 0)."_s};
    QCommandLineOption budget{u"budget"_s,
                              u"The loop guard: rows replayed this often are skipped "
                              "(default 3)."_s,
                              u"n"_s, u"3"_s};
    QCommandLineOption overrideBudget{u"override-budget"_s,
                                      u"Replay rows over the budget too (audited)."_s};
    QCommandLineOption restore{u"restore"_s,
                               u"Undo a purge: bring the selected purged rows back."_s};
    QCommandLineOption hard{u"hard"_s, u"Delete for good the rows purged more than --older-than "
                                       "days ago."_s};
    QCommandLineOption olderThan{u"older-than"_s, u"With --hard: the age in days (default 30)."_s,
                                 u"days"_s, u"30"_s};
};

// What the command line asks for, checked.
struct ActionRequest
{
    DatabaseUrl url;
    int show = 0;
    double rate = 0;
    ActionOptions options;
    std::optional<RedisUrl> redis;
};

void describeActionCommand(QCommandLineParser &parser, const KindOptions &k, ActionKind kind)
{
    if (kind == ActionKind::Replay) {
        parser.setApplicationDescription(
            u"Replays port messages: back to pending in the database, or published again to "
            "Redis with a replay id. A dry run shows first what each row becomes or why it is "
            "skipped; the action then acts on exactly those rows, through an outbox that a "
            "crash cannot make lose or double a message (what is left open is finished by the "
            "next run). Every action is in the audit log.\n\nExit status: 0 all done, 3 some "
            "rows refused, 1 failure, 2 usage."_s);
        parser.addOptions({k.toRedis, k.key, k.keepRetries, k.budget, k.overrideBudget});
    } else {
        parser.setApplicationDescription(
            u"Purges port messages (a soft delete, undone with --restore), or deletes purged "
            "ones for good (--hard). A dry run first, an audit entry always.\n\nExit status: 0 "
            "all done, 3 some rows refused, 1 failure, 2 usage."_s);
        parser.addOptions({k.restore, k.hard, k.olderThan});
    }
}

// The database, --show and --rate. Returns -1 to go on, or the exit code to end with.
int readCommonOptions(const QString &command, const QCommandLineParser &parser,
                      const CommonOptions &common, ActionRequest *request)
{
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            command, u"unexpected argument '%1'."_s.arg(parser.positionalArguments().constFirst()));
    if (!parser.isSet(common.db))
        return usageError(command, u"--db URL is required."_s);
    auto url = DatabaseUrl::parse(parser.value(common.db));
    if (!url)
        return usageError(command, url.errorMessage());
    request->url = *url;
    bool ok = true;
    request->show = parser.value(common.show).toInt(&ok);
    if (!ok || request->show < 0)
        return usageError(command, u"--show takes a number of rows."_s);
    if (parser.isSet(common.rate)) {
        request->rate = parser.value(common.rate).toDouble(&ok);
        if (!ok || request->rate <= 0)
            return usageError(command, u"--rate takes messages a second, more than 0."_s);
    }
    return -1;
}

// The replay's budget and target, or which purge. Returns -1 to go on, or the exit code to
// end with.
int readKindOptions(const QString &command, const QCommandLineParser &parser, const KindOptions &k,
                    ActionKind kind, ActionRequest *request)
{
    ActionOptions &options = request->options;
    if (kind != ActionKind::Replay) {
        options.kind = parser.isSet(k.restore) ? ActionKind::Restore : ActionKind::Purge;
        return -1;
    }
    bool ok = true;
    options.replayBudget = parser.value(k.budget).toInt(&ok);
    if (!ok || options.replayBudget < 0)
        return usageError(command, u"--budget takes a number of replays."_s);
    options.overrideBudget = parser.isSet(k.overrideBudget);
    options.resetRetries = !parser.isSet(k.keepRetries);
    if (parser.isSet(k.toRedis)) {
        auto parsed = RedisUrl::parse(parser.value(k.toRedis));
        if (!parsed)
            return usageError(command, parsed.errorMessage());
        std::optional<RedisUrl> &redis = request->redis;
        redis = withEnvironmentPassword(*parsed);
        options.target = ReplayTarget::Redis;
        options.redisUrl = redis->toDisplayString();
        options.redisKey = parser.value(k.key);
    } else if (parser.isSet(k.key)) {
        return usageError(command, u"--key goes with --to-redis."_s);
    }
    return -1;
}

// purge --hard: shows the purged rows older than --older-than days, then deletes them for
// good unless it is a dry run.
int hardDelete(const QString &command, const QSqlDatabase &db, const QCommandLineParser &parser,
               const CommonOptions &common, const KindOptions &k, int show)
{
    bool ok = true;
    const int days = parser.value(k.olderThan).toInt(&ok);
    if (!ok || days < 0)
        return usageError(command, u"--older-than takes a number of days."_s);
    auto preview = previewHardDelete(db, QDateTime::currentDateTimeUtc().addDays(-days));
    if (!preview) {
        standardError() << command << ": " << preview.errorMessage() << Qt::endl;
        return ExitFailure;
    }
    standardOutput() << "Dry run: " << countText(double(preview->ids.size()))
                     << " port messages purged before "
                     << preview->purgedBefore.toString(Qt::ISODate)
                     << " would be deleted for good\n";
    for (qsizetype i = 0; i < std::min<qsizetype>(show, preview->ids.size()); ++i)
        standardOutput() << "  " << preview->ids.at(i) << "\n";
    standardOutput() << Qt::flush;
    if (parser.isSet(common.dryRun) || preview->ids.isEmpty())
        return ExitOk;
    if (preview->ids.size() >= confirmFrom &&
        parser.value(common.confirm) != QString::number(preview->ids.size())) {
        standardError() << command << ": " << preview->ids.size() << " rows: add --confirm "
                        << preview->ids.size() << " to delete them." << Qt::endl;
        return ExitRefused;
    }
    auto deleted = applyHardDelete(db, *preview);
    if (!deleted) {
        standardError() << command << ": " << deleted.errorMessage() << Qt::endl;
        return ExitFailure;
    }
    standardOutput() << "Deleted " << countText(double(*deleted))
                     << " purged port messages for good." << Qt::endl;
    return ExitOk;
}

// Finishes what earlier runs left open (unless a dry run), then plans the action on the
// selected rows. Returns -1 to go on, or the exit code to end with.
int planSelectedAction(const QString &command, const QSqlDatabase &db, CommandRunner &runner,
                       const QCommandLineParser &parser, const CommonOptions &common,
                       const ActionOptions &options, std::optional<ActionPlan> *plan)
{
    if (!parser.isSet(common.dryRun)) {
        if (const int finished = runner.finishUnfinished();
            finished != ExitOk || parser.isSet(common.finish))
            return finished;
    }
    auto selection = selectionFrom(parser, common, options.kind == ActionKind::Restore);
    if (!selection)
        return usageError(command, selection.errorMessage());
    auto planned = planAction(db, *selection, options);
    if (!planned) {
        standardError() << command << ": " << planned.errorMessage() << Qt::endl;
        return ExitFailure;
    }
    *plan = std::move(planned).value();
    return -1;
}

// The dry run's verdict, or the action itself once the rows it acts on are confirmed.
int actOnPlan(const QString &command, CommandRunner &runner, const ActionPlan &plan,
              const QCommandLineParser &parser, const CommonOptions &common, double rate)
{
    const qint64 acting = plan.actCount();
    if (parser.isSet(common.dryRun))
        return plan.skipCount() > 0 || acting == 0 ? ExitRefused : ExitOk;
    if (acting == 0) {
        standardError() << command << ": nothing to do: every selected row is skipped." << Qt::endl;
        return ExitRefused;
    }
    if (acting >= confirmFrom && parser.value(common.confirm) != QString::number(acting)) {
        standardError() << command << ": " << acting << " rows: check the dry run, then add "
                        << "--confirm " << acting << " to act on them." << Qt::endl;
        return ExitRefused;
    }
    return runner.prepareAndRun(plan, rate);
}

int runActionCommand(const QString &name, const QStringList &arguments, ActionKind kind)
{
    const QString command = u"porthole "_s + name;
    QCommandLineParser parser;
    const CommonOptions common;
    common.addTo(parser);
    const KindOptions k;
    describeActionCommand(parser, k, kind);
    if (const int done = parseSubcommand(parser, arguments); done >= 0)
        return done;
    ActionRequest request;
    if (const int done = readCommonOptions(command, parser, common, &request); done >= 0)
        return done;
    if (const int done = readKindOptions(command, parser, k, kind, &request); done >= 0)
        return done;

    const ConnectionFactory factory(request.url);
    const QString purpose = u"actions"_s;
    int exitCode = ExitFailure;
    {
        auto db = MigrationRunner::openCurrent(factory, purpose);
        if (!db) {
            standardError() << command << ": " << db.errorMessage() << Qt::endl;
            return ExitFailure;
        }
        if (kind == ActionKind::Purge && parser.isSet(k.hard))
            return hardDelete(command, *db, parser, common, k, request.show);

        CommandRunner runner(command, *db, request.redis);
        std::optional<ActionPlan> plan;
        if (const int done =
                planSelectedAction(command, *db, runner, parser, common, request.options, &plan);
            done >= 0)
            return done;
        printPlan(*plan, request.show);
        exitCode = actOnPlan(command, runner, *plan, parser, common, request.rate);
    }
    factory.close(purpose);
    return exitCode;
}

} // namespace

int runReplayCommand(const QStringList &arguments)
{
    return runActionCommand(u"replay"_s, arguments, ActionKind::Replay);
}

int runPurgeCommand(const QStringList &arguments)
{
    return runActionCommand(u"purge"_s, arguments, ActionKind::Purge);
}

} // namespace porthole
