// Bulk replay of dead letters (issue 7): --dead-letters dead letters among --others other port
// messages on SQLite, replayed to the database and to a Redis stream the way the GUI does it,
// against the raw operation without Porthole, in the same run.
//
//   bench_replay --redis URL [--dead-letters 100000] [--others 100000] [--runs 3] [--dir DIR]
//                [--phases database,redis,profile]
//
// The rows are made once, before any clock starts, into a template file (migrated schema,
// inserted with PortMessageRepository::insert in transactions of 5,000, the write-ahead log
// checkpointed away); every measurement gets a fresh copy of it, fsynced before its clock
// starts, opened as ConnectionFactory opens SQLite (WAL, synchronous=FULL). Each run, for each
// target, in turns (odd runs Porthole first, even runs the baseline first):
//   porthole  in this QApplication (offscreen), an ActionWorker on its thread: preview() of
//             every dead letter (the selection the Dead letters pane makes) to planned()
//             ("plan"); the dry-run dialog (ActionPreviewDialog) opened to its first paint and
//             closed ("dialog", not part of the total: an operator reads it); run() to started()
//             ("prepare": the outbox and audit entry) and on to finished() ("run": runAction,
//             500 rows a step), an ActionProgressDialog shown and fed by the progress signals
//             as ActionWorkflow does. Meanwhile a 10 ms timer on the GUI thread records the
//             longest gap between its ticks (the gap includes the 10 ms period; the GUI
//             thread's own CPU time within that gap tells its work from waiting for a core),
//             by phase. Total = plan + prepare + run.
//   baseline  plain QSqlQuery on a connection opened the same way: SELECT the dead letters'
//             ids (for Redis, ids and payloads) oldest first ("select"), then per 500 ids one
//             transaction with UPDATE port_messages SET ... WHERE id IN (...) ("write"); for
//             Redis, each 500 preceded by their XADDs pipelined in one round trip with
//             RedisClient::pipeline. The UPDATE sets what Porthole's replay sets: to the
//             database status pending, retries 0, the error and times cleared, replay_count and
//             version + 1; to Redis replay_count and version + 1.
// Afterwards each side is checked: every dead letter replayed once (replay_count 1, and to
// the database pending), nothing else touched, for Porthole one history row each, and for
// Redis XLEN of the stream equal to the number of dead letters (the server is flushed before
// each replay to Redis).
//   profile   (not by default) the steps of one replay to the database and one to Redis timed
//             apart on a fresh copy, on this thread: planAction (and the pages it reads alone,
//             next to one SELECT of the same rows, and on another copy after ANALYZE),
//             ActionOutbox::prepare (and its readPortMessages alone), then runChunk(500) step by
//             step, and the calls a step makes (ActionOutbox::summary, readPortMessages,
//             portMessageChanges, appendHistory, ReplayPublisher::publish) alone.
// Medians of --runs runs; the load average and a 4 KiB write + fdatasync time at start and end.
//
// The Redis URL must need no password (run-replay starts a server of its own).
#include "actionoutbox.h"
#include "actionpreviewdialog.h"
#include "actionprogressdialog.h"
#include "actionworker.h"
#include "replaypublisher.h"
#include "replaysupport.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <array>
#include <map>
#include <optional>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

// --- The GUI thread's stalls ----------------------------------------------------------------

enum Phase
{
    PlanPhase,
    DialogPhase,
    PreparePhase,
    RunPhase,
    PhaseCount
};
const std::array<const char *, PhaseCount> phaseNames{"plan", "dialog", "prepare", "run"};

// A 10 ms timer on the GUI thread; the longest gap between its ticks in each phase, with the GUI
// thread's CPU time within it. A phase change ends the gap under way (it is
// made on the GUI thread, so the thread was free then).
class StallMonitor : public QObject
{
public:
    StallMonitor()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
    }

    void start(Phase phase)
    {
        m_phase = phase;
        m_last = Clock::now();
        m_phaseStart = m_last;
        m_lastCpu = threadCpuMs();
        m_timer.start();
    }
    void setPhase(Phase phase)
    {
        tick();
        m_phase = phase;
        m_phaseStart = Clock::now();
    }
    void stop()
    {
        tick();
        m_timer.stop();
    }

    // The longest gap in each phase, and the GUI thread's CPU time within it.
    std::array<double, PhaseCount> longestBy{};
    std::array<double, PhaseCount> cpuBy{};
    std::array<double, PhaseCount> endBy{}; // when it ended, ms into its phase

private:
    void tick()
    {
        const auto now = Clock::now();
        const double cpu = threadCpuMs();
        const double gap = ms(m_last, now);
        if (gap > longestBy[m_phase]) {
            longestBy[m_phase] = gap;
            cpuBy[m_phase] = cpu - m_lastCpu;
            endBy[m_phase] = ms(m_phaseStart, now);
        }
        m_last = now;
        m_lastCpu = cpu;
    }

    QTimer m_timer;
    Clock::time_point m_last;
    Clock::time_point m_phaseStart;
    double m_lastCpu = 0;
    Phase m_phase = PlanPhase;
};

// --- Porthole: ActionWorker, as the GUI runs it --------------------------------------------

struct ServiceRun
{
    double plan = 0;
    double dialog = 0; // dry-run dialog opened to its first paint; not in the total
    double prepare = 0;
    double run = 0;
    double total() const { return plan + prepare + run; }
    double stall = 0; // the longest gap in plan, prepare and run
    double stallCpu = 0;
    double dialogStallCpu = 0;
    Phase stallIn = PlanPhase;
    double stallAt = 0; // when the longest stall ended, ms into its phase
    std::array<double, PhaseCount> stallBy{};
    int progressSignals = 0;
    double cpu = 0; // this process, all threads, plan to finished
};

// Runs the event loop until the viewport has handled a paint event.
void untilPainted(QWidget *viewport)
{
    struct Probe : QObject
    {
        QEventLoop loop;
        bool eventFilter(QObject *watched, QEvent *event) override
        {
            if (event->type() == QEvent::Paint)
                QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
            return QObject::eventFilter(watched, event);
        }
    } probe;
    viewport->installEventFilter(&probe);
    viewport->update();
    QTimer::singleShot(60000, &probe.loop, [] { fail(u"the dry-run dialog did not paint"_s); });
    probe.loop.exec();
    viewport->removeEventFilter(&probe);
}

ServiceRun runService(const QString &path, const Shape &shape, std::optional<RedisUrl> redis)
{
    const ConnectionFactory factory(DatabaseUrl::sqliteFile(path));
    auto service = std::make_unique<ActionWorker>(factory);
    service->setRedis(redis);
    StallMonitor stalls;
    ServiceRun r;
    QEventLoop loop;
    std::optional<ActionPlan> plan;
    std::optional<ActionSummary> summary;
    Clock::time_point planned, started, finished;
    ActionProgressDialog *progressDialog = nullptr;
    QObject::connect(service.get(), &ActionWorker::failed, &loop,
                     [](const QString &message) { fail(u"the action failed: "_s + message); });
    QObject::connect(service.get(), &ActionWorker::planned, &loop, [&](const ActionPlan &p) {
        planned = Clock::now();
        plan = p;
        loop.quit();
    });
    QObject::connect(service.get(), &ActionWorker::started, &loop,
                     [&](qint64, const QString &leftOut) {
                         started = Clock::now();
                         stalls.setPhase(RunPhase);
                         check(leftOut.isEmpty(), u"rows were left out: "_s + leftOut.left(500));
                     });
    // As ActionWorkflow feeds its progress dialog.
    QObject::connect(service.get(), &ActionWorker::progress, &loop, [&](const ActionProgress &p) {
        ++r.progressSignals;
        if (!progressDialog)
            return;
        const ActionSummary &s = p.summary;
        progressDialog->setProgress(s.total - s.open(), s.skipped + s.cancelled, s.total);
        progressDialog->setWaiting(p.waiting);
        progressDialog->setPaused(p.paused);
    });
    QObject::connect(service.get(), &ActionWorker::finished, &loop, [&](const ActionSummary &s) {
        finished = Clock::now();
        summary = s;
        progressDialog->setProgress(s.total - s.open(), s.skipped + s.cancelled, s.total);
        progressDialog->setFinished(u"Replayed %1."_s.arg(s.applied));
        loop.quit();
    });
    QTimer::singleShot(std::chrono::minutes(10), &loop,
                       [] { fail(u"the replay did not finish within 10 minutes"_s); });

    const double cpuStart = processCpuMs();
    stalls.start(PlanPhase);
    const auto start = Clock::now();
    service->preview(allDeadLetters(), replayOptions(redis));
    loop.exec();
    check(plan.has_value(), u"no plan"_s);
    check(plan->actCount() == shape.deadLetters && !plan->truncated,
          u"the dry run acts on %1 rows, not %2"_s.arg(plan->actCount()).arg(shape.deadLetters));

    // The operator reads the dry run; not part of the replay's time.
    stalls.setPhase(DialogPhase);
    const double cpuDialogStart = processCpuMs();
    const auto dialogStart = Clock::now();
    {
        ActionPreviewDialog preview(*plan, u"Dry run"_s);
        preview.resize(900, 600);
        preview.show();
        untilPainted(preview.view()->viewport());
        r.dialog = ms(dialogStart, Clock::now());
    }
    const double cpuDialog = processCpuMs() - cpuDialogStart;

    progressDialog =
        new ActionProgressDialog(ActionPreviewDialog::actionText(plan->options, plan->actCount()));
    progressDialog->setProgress(0, 0, plan->actCount());
    progressDialog->show();
    stalls.setPhase(PreparePhase);
    const auto runStart = Clock::now();
    service->run(*plan);
    plan.reset(); // the service's job holds the plan now, as when the dialog closes
    loop.exec();
    stalls.stop();
    r.cpu = processCpuMs() - cpuStart - cpuDialog;
    delete progressDialog;
    progressDialog = nullptr;

    check(summary.has_value() && summary->applied == shape.deadLetters &&
              summary->total == shape.deadLetters,
          u"the replay applied %1 of %2 rows"_s.arg(summary ? summary->applied : -1)
              .arg(summary ? summary->total : -1));
    r.plan = ms(start, planned);
    r.prepare = ms(runStart, started);
    r.run = ms(started, finished);
    // The action's stall: the longest in plan, prepare and run (the dialog's is apart).
    for (const Phase phase : {PlanPhase, PreparePhase, RunPhase}) {
        if (stalls.longestBy[phase] > r.stall) {
            r.stall = stalls.longestBy[phase];
            r.stallCpu = stalls.cpuBy[phase];
            r.stallIn = phase;
            r.stallAt = stalls.endBy[phase];
        }
    }
    r.stallBy = stalls.longestBy;
    r.dialogStallCpu = stalls.cpuBy[DialogPhase];
    service.reset(); // waits for its thread's jobs, closes its connection
    return r;
}

// --- The baseline: the same change with QSqlQuery (and pipelined XADD) ----------------------

struct BaselineRun
{
    double select = 0;
    double write = 0;
    double total() const { return select + write; }
    double cpu = 0;
};

QString placeholders(qsizetype count)
{
    QString marks;
    for (qsizetype i = 0; i < count; ++i)
        marks += i ? u", ?"_s : u"?"_s;
    return marks;
}

BaselineRun runBaseline(const QString &path, const Shape &shape, std::optional<RedisUrl> redis)
{
    const ConnectionFactory factory(DatabaseUrl::sqliteFile(path));
    BaselineRun r;
    RedisClient client;
    if (redis)
        check(client.connect(*redis).ok(), u"cannot connect to Redis"_s);
    {
        const QSqlDatabase db = checked(factory.open(u"baseline"_s), u"opening the copy"_s);
        const QString set = redis ? u"replay_count = replay_count + 1, version = version + 1"_s
                                  : u"status = 'pending', retry_count = 0, error_message = NULL, "
                                    "error_details = NULL, processed_at = NULL, "
                                    "completed_at = NULL, replay_count = replay_count + 1, "
                                    "version = version + 1"_s;
        const double cpuStart = processCpuMs();
        const auto start = Clock::now();
        QStringList ids;
        QList<QByteArray> payloads;
        {
            QSqlQuery select(db);
            select.setForwardOnly(true);
            check(select.exec(u"SELECT id%1 FROM port_messages WHERE deleted_at IS NULL AND %2 "
                              "ORDER BY created_at, id"_s.arg(
                                  redis ? u", message_data"_s : QString(), deadLetterCondition)),
                  select.lastError().text());
            while (select.next()) {
                ids << select.value(0).toString();
                if (redis)
                    payloads << select.value(1).toString().toUtf8();
            }
        }
        const auto selected = Clock::now();
        check(ids.size() == shape.deadLetters,
              u"the baseline found %1 dead letters"_s.arg(ids.size()));
        QSqlQuery update(db);
        qsizetype preparedFor = 0;
        for (qsizetype from = 0; from < ids.size(); from += stepRows) {
            const qsizetype count = std::min<qsizetype>(stepRows, ids.size() - from);
            if (redis) {
                QList<QList<QByteArray>> commands;
                commands.reserve(count);
                for (qsizetype i = from; i < from + count; ++i)
                    commands.append({"XADD", streamKey, "*", "payload", payloads.at(i)});
                const auto replies = client.pipeline(commands);
                check(replies.ok() && replies->size() == count,
                      u"XADD failed: "_s + replies.errorMessage());
                for (const RedisReply &reply : *replies)
                    check(!reply.isError(), u"XADD refused: "_s + QString::fromUtf8(reply.text));
            }
            if (count != preparedFor) {
                check(update.prepare(u"UPDATE port_messages SET %1 WHERE id IN (%2)"_s.arg(
                          set, placeholders(count))),
                      update.lastError().text());
                preparedFor = count;
            }
            for (qsizetype i = 0; i < count; ++i)
                update.bindValue(int(i), ids.at(from + i));
            QSqlDatabase transaction = db;
            check(transaction.transaction(), transaction.lastError().text());
            check(update.exec() && update.numRowsAffected() == count, update.lastError().text());
            check(transaction.commit(), transaction.lastError().text());
        }
        const auto written = Clock::now();
        r.cpu = processCpuMs() - cpuStart;
        r.select = ms(start, selected);
        r.write = ms(selected, written);
    }
    factory.close(u"baseline"_s);
    return r;
}

// --- Profile: the steps of one replay, timed apart ------------------------------------------

// Reads every dead letter as planAction does, in pages of 5,000 oldest first; how many.
qint64 pageThrough(const QSqlDatabase &db)
{
    const PortMessageRepository repository(db);
    PageRequest request;
    request.limit = 5000;
    request.sortColumn = u"created_at"_s;
    qint64 paged = 0;
    for (;;) {
        const auto page = checked(repository.page(allDeadLetters().filter, request), u"page"_s);
        paged += page.rows.size();
        if (page.atEnd || page.rows.isEmpty())
            return paged;
        request.from = PageRequest::From::After;
        request.key = PortMessageRepository::keyOf(page.rows.last(), request.sortColumn);
    }
}

// The dry run's pages and planAction on a copy with the planner's statistics (ANALYZE), which
// Porthole never gathers on SQLite.
void profileAnalyzed(const QString &templatePath, const QString &dir, const Shape &shape)
{
    const QString path = freshCopy(templatePath, dir, u"profile-analyzed"_s);
    const ConnectionFactory factory(DatabaseUrl::sqliteFile(path));
    {
        const QSqlDatabase db = checked(factory.open(u"profile"_s), u"opening the copy"_s);
        QSqlQuery analyze(db);
        check(analyze.exec(u"ANALYZE"_s), analyze.lastError().text());
        auto start = Clock::now();
        const qint64 paged = pageThrough(db);
        const double pagesMs = ms(start, Clock::now());
        start = Clock::now();
        const ActionPlan plan =
            checked(planAction(db, allDeadLetters(), replayOptions({})), u"planAction"_s);
        const double planMs = ms(start, Clock::now());
        check(paged == shape.deadLetters && plan.actCount() == shape.deadLetters,
              u"the profile read %1 rows"_s.arg(paged));
        out() << "  profile, after ANALYZE: planAction " << fixed(planMs) << " ms, its pages alone "
              << fixed(pagesMs) << " ms" << Qt::endl;
    }
    factory.close(u"profile"_s);
}

void profile(const QString &templatePath, const QString &dir, const Shape &shape,
             std::optional<RedisUrl> redis)
{
    const QString target = redis ? u"redis"_s : u"database"_s;
    if (redis)
        flushRedis(*redis);
    const QString path = freshCopy(templatePath, dir, u"profile-"_s + target);
    const ConnectionFactory factory(DatabaseUrl::sqliteFile(path));
    {
        const QSqlDatabase db = checked(factory.open(u"profile"_s), u"opening the copy"_s);
        // The dry run's reads alone: the pages planAction reads (5,000 rows each, oldest
        // first).
        auto start = Clock::now();
        const qint64 paged = pageThrough(db);
        const double pagesMs = ms(start, Clock::now());
        // The same rows in one SELECT with QSqlQuery, each value read; then again, each row
        // made a PortMessage as the repository makes it.
        const auto readAll = [&db](bool asPortMessage) {
            const auto from = Clock::now();
            QSqlQuery all(db);
            all.setForwardOnly(true);
            check(all.exec(u"SELECT %1 FROM port_messages WHERE deleted_at IS NULL AND %2 "
                           "ORDER BY created_at, id"_s.arg(PortMessageRepository::selectColumns(),
                                                           deadLetterCondition)),
                  all.lastError().text());
            QList<PortMessage> rows;
            const int columns = all.record().count();
            while (all.next()) {
                if (asPortMessage) {
                    rows.append(PortMessageRepository::fromQuery(all));
                    continue;
                }
                for (int column = 0; column < columns; ++column)
                    all.value(column);
            }
            return ms(from, Clock::now());
        };
        const double selectMs = readAll(false);
        const double selectRowsMs = readAll(true);
        start = Clock::now();
        const ActionPlan plan =
            checked(planAction(db, allDeadLetters(), replayOptions(redis)), u"planAction"_s);
        const double planMs = ms(start, Clock::now());
        start = Clock::now();
        const QStringList acting = plan.actingIds();
        const QList<PortMessage> current =
            checked(readPortMessages(db, acting, true), u"readPortMessages"_s);
        const double readAllMs = ms(start, Clock::now());
        check(paged == shape.deadLetters && current.size() == shape.deadLetters,
              u"the profile read %1 and %2 rows"_s.arg(paged).arg(current.size()));
        ActionOutbox outbox(db);
        start = Clock::now();
        const PreparedAction prepared = checked(outbox.prepare(plan), u"prepare"_s);
        out() << "  profile, to " << target << ": planAction " << fixed(planMs) << " ms ("
              << number(plan.actCount()) << " rows; its pages alone " << fixed(pagesMs)
              << " ms; one SELECT of the same rows, values read " << fixed(selectMs)
              << " ms, made PortMessages " << fixed(selectRowsMs) << " ms); prepare "
              << fixed(ms(start, Clock::now())) << " ms (its readPortMessages of every row alone "
              << fixed(readAllMs) << " ms)" << Qt::endl;

        // What a step does besides its own reads and writes, alone, at the start.
        const int samples = 20;
        start = Clock::now();
        for (int i = 0; i < samples; ++i)
            checked(outbox.summary(prepared.auditId), u"summary"_s);
        const double summaryMs = ms(start, Clock::now()) / samples;
        start = Clock::now();
        for (int i = 0; i < samples; ++i)
            checked(outbox.optionsOf(prepared.auditId), u"optionsOf"_s);
        const double optionsMs = ms(start, Clock::now()) / samples;
        QStringList ids;
        for (qsizetype i = 0; i < stepRows; ++i)
            ids << plan.rows.at(i).before.id;
        start = Clock::now();
        QList<PortMessage> rows;
        for (int i = 0; i < samples; ++i)
            rows = checked(readPortMessages(db, ids), u"readPortMessages"_s);
        const double readMs = ms(start, Clock::now()) / samples;
        start = Clock::now();
        QJsonObject history;
        for (const PortMessage &row : std::as_const(rows)) {
            PortMessage after = row;
            ++after.replayCount;
            ++after.version;
            history.insert(row.id, portMessageChanges(row, after));
        }
        const double jsonMs = ms(start, Clock::now());
        {
            // The history rows of one step, written in a transaction that is rolled back.
            QSqlDatabase transaction = db;
            check(transaction.transaction(), transaction.lastError().text());
            start = Clock::now();
            check(appendHistory(db, prepared.auditId, u"replay"_s, history).ok(),
                  u"appendHistory"_s);
            const double historyMs = ms(start, Clock::now());
            check(transaction.rollback(), transaction.lastError().text());
            out() << "    alone, for " << stepRows << " rows: ActionOutbox::summary "
                  << fixed(summaryMs, 1) << " ms, optionsOf " << fixed(optionsMs, 2)
                  << " ms, readPortMessages " << fixed(readMs, 1) << " ms, portMessageChanges x "
                  << rows.size() << " " << fixed(jsonMs, 1) << " ms, appendHistory (no commit) "
                  << fixed(historyMs, 1) << " ms" << Qt::endl;
        }

        std::optional<ReplayPublisher> publisher;
        if (redis)
            publisher.emplace(*redis);
        if (publisher) {
            // One step's publish alone: 500 row-sized payloads to a key of its own.
            QList<ReplayMessage> messages;
            for (const PortMessage &row : std::as_const(rows))
                messages.append(
                    {newUuid(), "porthole-bench-profile",
                     QJsonDocument(portMessageJson(row)).toJson(QJsonDocument::Compact)});
            checked(publisher->publish(messages.mid(0, 1)), u"publish"_s); // connects
            start = Clock::now();
            checked(publisher->publish(messages.mid(1)), u"publish"_s);
            out() << "    alone: ReplayPublisher::publish of " << messages.size() - 1
                  << " messages " << fixed(ms(start, Clock::now()), 1) << " ms" << Qt::endl;
            RedisClient client;
            check(client.connect(*redis).ok(), u"cannot connect to Redis"_s);
            checked(client.command({"DEL", "porthole-bench-profile"}), u"DEL"_s);
        }
        std::vector<double> steps;
        start = Clock::now();
        for (;;) {
            const auto stepStart = Clock::now();
            const ChunkResult step = checked(
                outbox.runChunk(prepared.auditId, stepRows, publisher ? &*publisher : nullptr),
                u"runChunk"_s);
            steps.push_back(ms(stepStart, Clock::now()));
            if (step.summary.finished())
                break;
        }
        const double all = ms(start, Clock::now());
        // The steps in the order they ran: does a step get slower as the action goes on?
        const auto nth = [&steps](size_t n) {
            return fixed(steps.at(std::min(n, steps.size()) - 1), 1);
        };
        out() << "    runChunk(" << stepRows << ") x " << steps.size() << ": " << fixed(all)
              << " ms; step 1 " << nth(1) << " ms, step " << steps.size() / 4 << " "
              << nth(steps.size() / 4) << ", step " << steps.size() / 2 << " "
              << nth(steps.size() / 2) << ", step " << steps.size() * 3 / 4 << " "
              << nth(steps.size() * 3 / 4) << ", last (closes the action) " << nth(steps.size())
              << " ms; median " << fixed(median(steps), 1) << " ms" << Qt::endl;
    }
    factory.close(u"profile"_s);
    verify(path, shape, bool(redis), true, redis);
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Bulk replay of dead letters to the database and to Redis through ActionWorker, "
        "with the GUI thread's longest stall, against a raw UPDATE loop (and pipelined XADD)."_s);
    parser.addHelpOption();
    parser.addOptions(
        {{u"redis"_s, u"Redis URL (no password), for the replay to Redis."_s, u"url"_s},
         {u"dead-letters"_s, u"Dead letters to replay."_s, u"n"_s, u"100000"_s},
         {u"others"_s, u"Other port messages in the table."_s, u"n"_s, u"100000"_s},
         {u"runs"_s, u"Runs."_s, u"n"_s, u"3"_s},
         {u"dir"_s, u"Folder for the SQLite files (default: a temporary folder)."_s, u"dir"_s},
         {u"phases"_s, u"database, redis, profile (comma-separated)."_s, u"list"_s,
          u"database,redis"_s}});
    parser.process(app);
    Shape shape;
    shape.deadLetters = parser.value(u"dead-letters"_s).toLongLong();
    shape.others = parser.value(u"others"_s).toLongLong();
    const int runs = parser.value(u"runs"_s).toInt();
    const QStringList phases = parser.value(u"phases"_s).split(u',', Qt::SkipEmptyParts);
    check(shape.deadLetters > stepRows && shape.others >= 0 && runs > 0,
          u"--dead-letters must be over 500, --runs at least 1"_s);
    std::optional<RedisUrl> redis;
    if (parser.isSet(u"redis"_s))
        redis = checked(RedisUrl::parse(parser.value(u"redis"_s)), u"--redis"_s);
    check(redis || (!phases.contains(u"redis"_s) && !phases.contains(u"profile"_s)),
          u"the redis and profile phases need --redis"_s);

    std::optional<QTemporaryDir> temporary;
    QString dir = parser.value(u"dir"_s);
    if (dir.isEmpty()) {
        temporary.emplace();
        check(temporary->isValid(), u"no temporary folder"_s);
        dir = temporary->path();
    }
    check(QDir().mkpath(dir), u"cannot make %1"_s.arg(dir));
    dir = QDir(dir).absolutePath();

    out() << "Bulk replay: " << number(shape.deadLetters) << " dead letters among "
          << number(shape.total()) << " port messages, SQLite in " << dir << ", " << runs
          << " runs; load average " << loadAverage() << "; 4 KiB write + fdatasync median "
          << fixed(syncMs(dir), 2) << " ms" << Qt::endl;
    const QString templatePath = dir + u"/template.db"_s;
    makeTemplate(templatePath, shape);

    if (phases.contains(u"profile"_s)) {
        profileAnalyzed(templatePath, dir, shape);
        profile(templatePath, dir, shape, std::nullopt);
        profile(templatePath, dir, shape, redis);
    }

    struct Series
    {
        std::vector<ServiceRun> porthole;
        std::vector<BaselineRun> baseline;
    };
    std::map<QString, Series> series;
    QStringList targets;
    for (const QString &target : {u"database"_s, u"redis"_s}) {
        if (phases.contains(target))
            targets << target;
    }
    for (int run = 1; run <= runs; ++run) {
        for (const QString &target : std::as_const(targets)) {
            const bool toRedis = target == u"redis"_s;
            const std::optional<RedisUrl> url = toRedis ? redis : std::nullopt;
            const auto portholeSide = [&] {
                if (toRedis)
                    flushRedis(*redis);
                const QString path =
                    freshCopy(templatePath, dir, u"porthole-%1-%2"_s.arg(target).arg(run));
                const ServiceRun r = runService(path, shape, url);
                verify(path, shape, toRedis, true, redis);
                series[target].porthole.push_back(r);
                out() << "  run " << run << ", to " << target << ", Porthole: plan "
                      << fixed(r.plan) << " ms, prepare " << fixed(r.prepare) << " ms, run "
                      << fixed(r.run) << " ms, total " << fixed(r.total()) << " ms (CPU "
                      << fixed(r.cpu) << " ms); GUI stall at most " << fixed(r.stall, 1)
                      << " ms in " << phaseNames[r.stallIn] << ", ending " << fixed(r.stallAt)
                      << " ms into it (GUI thread ran " << fixed(r.stallCpu, 1)
                      << " ms of it; plan " << fixed(r.stallBy[PlanPhase], 1) << ", prepare "
                      << fixed(r.stallBy[PreparePhase], 1) << ", run "
                      << fixed(r.stallBy[RunPhase], 1) << " ms), " << r.progressSignals
                      << " progress signals; dry-run dialog " << fixed(r.dialog) << " ms to paint, "
                      << fixed(r.stallBy[DialogPhase], 1) << " ms stall (GUI thread ran "
                      << fixed(r.dialogStallCpu, 1) << " ms of it); load " << loadAverage()
                      << Qt::endl;
            };
            const auto baselineSide = [&] {
                if (toRedis)
                    flushRedis(*redis);
                const QString path =
                    freshCopy(templatePath, dir, u"baseline-%1-%2"_s.arg(target).arg(run));
                const BaselineRun r = runBaseline(path, shape, url);
                verify(path, shape, toRedis, false, redis);
                series[target].baseline.push_back(r);
                out() << "  run " << run << ", to " << target << ", baseline: select "
                      << fixed(r.select) << " ms, write " << fixed(r.write) << " ms, total "
                      << fixed(r.total()) << " ms (CPU " << fixed(r.cpu) << " ms); load "
                      << loadAverage() << Qt::endl;
            };
            if (run % 2) {
                portholeSide();
                baselineSide();
            } else {
                baselineSide();
                portholeSide();
            }
        }
    }

    const auto of = [](const auto &runsOf, auto field) {
        std::vector<double> values;
        for (const auto &r : runsOf)
            values.push_back(field(r));
        return median(values);
    };
    const auto each = [](const auto &runsOf, auto field, int decimals = 0) {
        QStringList values;
        for (const auto &r : runsOf)
            values << fixed(field(r), decimals);
        return values.join(u" / "_s);
    };
    out() << "Medians of " << runs
          << " runs, in ms (each column's median taken apart; ratio = Porthole total / baseline "
             "total; the stall's GUI CPU is that of the run with the median stall):"
          << Qt::endl;
    out() << "| target | plan | prepare | run | Porthole total | baseline select | baseline write "
             "| baseline total | ratio | longest GUI stall (GUI thread's CPU in it) | progress "
             "signals | dry-run dialog to paint (stall) |"
          << Qt::endl;
    out() << "|---|---|---|---|---|---|---|---|---|---|---|---|" << Qt::endl;
    for (const QString &target : std::as_const(targets)) {
        const Series &s = series[target];
        const double total = of(s.porthole, [](const ServiceRun &r) { return r.total(); });
        const double base = of(s.baseline, [](const BaselineRun &r) { return r.total(); });
        // The run with the median stall (the upper one of an even number), for its CPU time.
        std::vector<ServiceRun> byStall = s.porthole;
        std::sort(byStall.begin(), byStall.end(),
                  [](const ServiceRun &a, const ServiceRun &b) { return a.stall < b.stall; });
        const ServiceRun &stallRun = byStall.at(byStall.size() / 2);
        out() << "| " << target << " | "
              << fixed(of(s.porthole, [](const ServiceRun &r) { return r.plan; })) << " | "
              << fixed(of(s.porthole, [](const ServiceRun &r) { return r.prepare; })) << " | "
              << fixed(of(s.porthole, [](const ServiceRun &r) { return r.run; })) << " | "
              << fixed(total) << " | "
              << fixed(of(s.baseline, [](const BaselineRun &r) { return r.select; })) << " | "
              << fixed(of(s.baseline, [](const BaselineRun &r) { return r.write; })) << " | "
              << fixed(base) << " | " << fixed(total / base, 2) << " | " << fixed(stallRun.stall, 1)
              << " (" << fixed(stallRun.stallCpu, 1) << ") | "
              << fixed(of(s.porthole, [](const ServiceRun &r) { return r.progressSignals; }))
              << " | " << fixed(of(s.porthole, [](const ServiceRun &r) { return r.dialog; }))
              << " ("
              << fixed(of(s.porthole, [](const ServiceRun &r) { return r.stallBy[DialogPhase]; }),
                       1)
              << ") |" << Qt::endl;
    }
    out() << "Each run (run 1 / 2 / ...), ms:" << Qt::endl;
    for (const QString &target : std::as_const(targets)) {
        const Series &s = series[target];
        out() << "  to " << target << ": Porthole plan "
              << each(s.porthole, [](const ServiceRun &r) { return r.plan; }) << ", prepare "
              << each(s.porthole, [](const ServiceRun &r) { return r.prepare; }) << ", run "
              << each(s.porthole, [](const ServiceRun &r) { return r.run; }) << ", total "
              << each(s.porthole, [](const ServiceRun &r) { return r.total(); })
              << "; baseline select "
              << each(s.baseline, [](const BaselineRun &r) { return r.select; }) << ", write "
              << each(s.baseline, [](const BaselineRun &r) { return r.write; }) << ", total "
              << each(s.baseline, [](const BaselineRun &r) { return r.total(); })
              << "; longest GUI stall "
              << each(
                     s.porthole, [](const ServiceRun &r) { return r.stall; }, 1)
              << "; target < 10 s: "
              << (of(s.porthole, [](const ServiceRun &r) { return r.total(); }) < 10000 ? "met"
                                                                                        : "not met")
              << "; GUI stall < 50 ms: "
              << (of(s.porthole, [](const ServiceRun &r) { return r.stall; }) < 50 ? "met"
                                                                                   : "not met")
              << Qt::endl;
    }
    out() << "Load average " << loadAverage() << "; 4 KiB write + fdatasync median "
          << fixed(syncMs(dir), 2) << " ms" << Qt::endl;
    return 0;
}
