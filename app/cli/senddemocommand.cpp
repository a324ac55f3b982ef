#include "senddemocommand.h"

#include "commandio.h"
#include "databaseurl.h"
#include "datagenerator.h"
#include "demotraffic.h"
#include "jobthread.h"
#include "pipelinestandin.h"
#include "redisclient.h"
#include "redisurl.h"
#include "stopsignals.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFuture>
#include <QLocale>
#include <QtConcurrentRun>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <functional>
#include <future>
#include <limits>
#include <memory>
#include <optional>
#include <thread>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString command = u"porthole send-demo"_s;

// Commands sent in one round trip when the rate is unlimited.
constexpr qint64 largestGroup = 1000;

enum class Mode
{
    Stream,
    List,
    PubSub
};

struct SendOptions
{
    RedisUrl url;
    QByteArray key;
    Mode mode = Mode::Stream;
    int rate = 0;     // messages a second; 0: as fast as possible
    qint64 count = 0; // 0: until stopped
    quint32 seed = 1;
    qint64 maxLength = 0; // streams only; 0: no trimming
    // The component that stops, after how many messages (negative: none stops).
    QString stopped = DemoTraffic::defaultStopped();
    qint64 stopAfter = -1;
    // --slow: the component that slows down, when and for how long (seconds; none: empty).
    QString slowed;
    qint64 slowAfter = 0;
    qint64 slowFor = 0;
    // --db: the database whose port messages the pipeline stand-in works.
    std::optional<DatabaseUrl> database;
};

// How often the pipeline stand-in looks at its queues, and how long a component works on a
// message: a flow walks on a hop every second or two.
constexpr qint64 standInTickMs = 500;
constexpr std::chrono::milliseconds standInHold{1000};
// What a slowed component takes a tick (--slow): 2 a second while slow, then 18 a second while
// it catches up and from then on. At --rate 200 the demo's payment-gateway is sent about 11 a
// second, so its queue grows by about 9 a second, then drains by about 7 a second.
constexpr int slowBatch = 1;
constexpr int catchUpBatch = 9;

QString modeTarget(Mode mode)
{
    switch (mode) {
    case Mode::Stream:
        return u"stream"_s;
    case Mode::List:
        return u"list"_s;
    case Mode::PubSub:
        return u"channel"_s;
    }
    return {};
}

// Sleeps until `dueNs` on `clock`, in steps of at most 100 ms so that a stop is seen soon,
// calling `between` before each. Returns false when asked to stop.
bool sleepUntil(const QElapsedTimer &clock, qint64 dueNs, const std::function<void()> &between)
{
    for (;;) {
        if (StopSignals::requested())
            return false;
        between();
        const qint64 left = dueNs - clock.nsecsElapsed();
        if (left <= 0)
            return true;
        std::this_thread::sleep_for(std::chrono::nanoseconds(std::min<qint64>(left, 100'000'000)));
    }
}

// Reads a whole number option within [min, max] into `out`; returns an error message or
// nothing.
template <typename T>
std::optional<QString> wholeNumber(const QCommandLineParser &parser, const QString &name,
                                   qint64 min, qint64 max, T &out)
{
    if (!parser.isSet(name))
        return std::nullopt;
    bool ok = false;
    const qint64 value = parser.value(name).toLongLong(&ok);
    if (!ok || value < min || value > max)
        return u"--%1 takes a whole number from %2 to %3, not '%4'."_s.arg(
            name, QString::number(min), QString::number(max), parser.value(name));
    out = static_cast<T>(value);
    return std::nullopt;
}

QString description()
{
    return u"Sends realistic traffic to Redis, for demos and tests: into a stream "
           "(XADD KEY * payload BYTES,\n"
           "optionally MAXLEN ~ N), onto a list (LPUSH KEY BYTES; consumers take from the "
           "right with\nBLMOVE, first in first out) or to a pub/sub channel (PUBLISH KEY BYTES), "
           "in pipelined groups.\n\n"
           "The mix, in payloads per thousand:\n"
           "  600  numbered messages: this is Message N\u00b0 {n} being posted into Redis "
           "(n from 1)\n"
           "  120  sensor readings {event_id, sensor_id, timestamp, value}: 2% sent again "
           "with the same\n"
           "       event_id, 3% late (an older timestamp)\n"
           "  100  port messages {port_name, source_component, target_component, "
           "message_data,\n"
           "       message_metadata, status, retry_count, max_retries, created_at}: 6% failed "
           "with every\n"
           "       retry spent (dead letters), 4% failed and retrying, both with an "
           "error_message\n"
           "   60  component metrics {component_name, metric_name, metric_value, metric_unit, "
           "timestamp}\n"
           "   40  port counters {port_name, messages_sent, messages_received, "
           "avg_send_duration_ms, ...}\n"
           "   50  heartbeats {component_name, health_status, health_details, timestamp} of "
           "six components\n"
           "   25  checkpoint versions {checkpoint_name, component_name, checkpoint_data, "
           "checkpoint_metadata}\n"
           "    5  malformed payloads (wrong types, an unknown status, truncated JSON), "
           "meant to become\n"
           "       dead letters\n\n"
           "One component stops: its heartbeats, component metrics and checkpoints end "
           "(notifier, after\nthe first quarter of a --count run, otherwise a minute in; or "
           "--stop COMPONENT after\n--stop-after seconds).\n\n"
           "With --db, send-demo also stands in for the pipeline's components on that "
           "database: port\nmessages are the first hops of flows, sent pending; every half "
           "second each component takes\nits pending messages (processing), and ends those it "
           "took a second before: completed\n(90%), failed and retrying (4%) or failed with "
           "every retry spent (6%). After a completed\nhop it sends the flow's next hop, "
           "pending. A stopped component takes nothing: its queue\ngrows. --slow "
           "COMPONENT:AFTER:FOR slows one: 2 messages a second for FOR seconds, then 18\na second, "
           "so its queue grows, then drains. A message an operator "
           "changed meanwhile is left as it is.\n\n"
           "JSON is compact UTF-8; timestamps are UTC, the time of sending. The same --seed "
           "gives the same\n"
           "payloads apart from their timestamps. Progress goes to standard error once a "
           "second; SIGINT,\n"
           "SIGTERM or SIGHUP ends the run, which prints the total.\n\n"
           "Exit codes: 0 done or stopped, 1 failure (Redis unreachable or refusing a "
           "command, the\ndatabase unreachable or not at the latest schema), 2 usage error."_s;
}

// Reads --db, --stop and --stop-after into `options` (after --rate and --count); returns an
// error message or nothing.
std::optional<QString> readPipelineOptions(const QCommandLineParser &parser, SendOptions &options)
{
    if (parser.isSet(u"db"_s)) {
        auto url = DatabaseUrl::parse(parser.value(u"db"_s));
        if (!url)
            return url.errorMessage();
        options.database = *url;
    }
    if (!parser.isSet(u"stop"_s)) {
        if (parser.isSet(u"stop-after"_s))
            return u"--stop-after says when the component --stop names stops; name it."_s;
        options.stopAfter = DemoTraffic::stopAfterFor(options.count, options.rate);
        return std::nullopt;
    }
    options.stopped = parser.value(u"stop"_s);
    if (!DataGenerator::components().contains(options.stopped))
        return u"--stop takes one of the demo pipeline's components (%1), not '%2'."_s.arg(
            DataGenerator::components().join(u", "_s), options.stopped);
    qint64 seconds = 0;
    if (auto error = wholeNumber(parser, u"stop-after"_s, 0, 100'000'000, seconds))
        return error;
    // The traffic stops the component at a message: the one due that many seconds in.
    if (seconds > 0 && options.rate == 0)
        return u"--stop-after counts the seconds of a paced run: give --rate too."_s;
    options.stopAfter = seconds * options.rate;
    return std::nullopt;
}

// Reads --slow COMPONENT:AFTER:FOR into `options`; returns an error message or nothing.
std::optional<QString> readSlowOption(const QCommandLineParser &parser, SendOptions &options)
{
    if (!parser.isSet(u"slow"_s))
        return std::nullopt;
    const QStringList parts = parser.value(u"slow"_s).split(u':');
    bool afterOk = false;
    bool forOk = false;
    if (parts.size() == 3) {
        options.slowAfter = parts.at(1).toLongLong(&afterOk);
        options.slowFor = parts.at(2).toLongLong(&forOk);
    }
    if (!afterOk || !forOk || options.slowAfter < 0 || options.slowFor <= 0)
        return u"--slow takes COMPONENT:AFTER:FOR in seconds (payment-gateway:60:300), not '%1'."_s
            .arg(parser.value(u"slow"_s));
    options.slowed = parts.at(0);
    if (!DataGenerator::components().contains(options.slowed))
        return u"--slow takes one of the demo pipeline's components (%1), not '%2'."_s.arg(
            DataGenerator::components().join(u", "_s), options.slowed);
    if (!options.database)
        return u"--slow slows a component the stand-in runs: give --db too."_s;
    return std::nullopt;
}

// Parses the arguments into `options`; returns -1 to go on, or the exit code to end with.
int parseOptions(const QStringList &arguments, SendOptions &options)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    parser.addOptions({
        {u"redis"_s, u"The Redis server: redis://[user:password@]host[:port][/db]."_s, u"url"_s},
        {u"key"_s, u"The stream, list or channel to send to."_s, u"key"_s},
        {u"mode"_s, u"stream (default), list or pubsub."_s, u"mode"_s, u"stream"_s},
        {u"rate"_s, u"Messages a second on average (default 0: as fast as possible)."_s, u"n"_s},
        {u"count"_s,
         u"Stop after this many messages (default 0: until SIGINT, SIGTERM or SIGHUP)."_s, u"n"_s},
        {u"seed"_s, u"The random seed (default 1)."_s, u"s"_s, u"1"_s},
        {u"maxlen"_s, u"Trim the stream to about N entries (MAXLEN ~ N; stream mode only)."_s,
         u"n"_s},
        {u"db"_s,
         u"Stand in for the pipeline's components on this database (sqlite:///path.db or "
         "postgresql://user@host:port/db), the one the receiver stores into."_s,
         u"url"_s},
        {u"stop"_s, u"The component that stops (default: notifier)."_s, u"component"_s},
        {u"stop-after"_s, u"Seconds before it stops (default 0; with --stop and --rate)."_s,
         u"seconds"_s},
        {u"slow"_s,
         u"Slow a component down AFTER seconds in, for FOR seconds, then let it catch up "
         "(with --db)."_s,
         u"component:after:for"_s},
    });
    if (const int done = parseSubcommand(parser, arguments); done >= 0)
        return done;

    if (!parser.positionalArguments().isEmpty())
        return usageError(command,
                          u"unexpected argument '%1'."_s.arg(parser.positionalArguments().first()));
    if (!parser.isSet(u"redis"_s))
        return usageError(command, u"--redis URL is required, e.g. redis://127.0.0.1:6379."_s);
    auto url = RedisUrl::parse(parser.value(u"redis"_s));
    if (!url)
        return usageError(command, url.errorMessage());
    options.url = *url;
    if (!parser.isSet(u"key"_s) || parser.value(u"key"_s).isEmpty())
        return usageError(command, u"--key KEY is required: the stream, list or channel."_s);
    options.key = parser.value(u"key"_s).toUtf8();

    const QString mode = parser.value(u"mode"_s);
    if (mode == u"stream"_s)
        options.mode = Mode::Stream;
    else if (mode == u"list"_s)
        options.mode = Mode::List;
    else if (mode == u"pubsub"_s)
        options.mode = Mode::PubSub;
    else
        return usageError(command, u"--mode takes stream, list or pubsub, not '%1'."_s.arg(mode));

    for (const auto &error :
         {wholeNumber(parser, u"rate"_s, 0, 10'000'000, options.rate),
          wholeNumber(parser, u"count"_s, 0, std::numeric_limits<qint64>::max(), options.count),
          wholeNumber(parser, u"seed"_s, 0, std::numeric_limits<quint32>::max(), options.seed),
          wholeNumber(parser, u"maxlen"_s, 1, std::numeric_limits<qint64>::max(),
                      options.maxLength)}) {
        if (error)
            return usageError(command, *error);
    }
    if (options.maxLength > 0 && options.mode != Mode::Stream)
        return usageError(command,
                          u"--maxlen trims a stream; it does not apply to --mode %1."_s.arg(mode));
    if (auto error = readPipelineOptions(parser, options))
        return usageError(command, *error);
    if (auto error = readSlowOption(parser, options))
        return usageError(command, *error);
    return -1;
}

// The command for one payload, without the payload: it goes last.
QList<QByteArray> commandPrefix(const SendOptions &options)
{
    switch (options.mode) {
    case Mode::Stream: {
        QList<QByteArray> prefix{"XADD", options.key};
        if (options.maxLength > 0)
            prefix << "MAXLEN"
                   << "~" << QByteArray::number(options.maxLength);
        return prefix << "*"
                      << "payload";
    }
    case Mode::List:
        return {"LPUSH", options.key};
    case Mode::PubSub:
        return {"PUBLISH", options.key};
    }
    return {};
}

using Group = QList<QList<QByteArray>>;

// The pipeline stand-in on a thread of its own (a JobThread: its database and Redis
// connections belong to that thread), a tick every standInTickMs. The sender's loop calls
// poll() between groups and while it waits; the tick under way is a future, whose report
// comes back as a value, so the stand-in never holds up the traffic, and its errors are
// printed here, on the sender's thread, as its progress is.
class StandInThread
{
public:
    explicit StandInThread(PipelineStandIn::Settings settings)
        : m_settings(std::move(settings))
        , m_thread(u"porthole-stand-in"_s)
    {}
    ~StandInThread() { finish(); }
    StandInThread(const StandInThread &) = delete;
    StandInThread &operator=(const StandInThread &) = delete;

    Status start()
    {
        return m_thread.run([this] {
            m_standIn = std::make_unique<PipelineStandIn>(m_settings);
            return m_standIn->open();
        });
    }

    // Takes the report of the tick that ended, and starts the next once it is due.
    void poll(qint64 elapsedMs, const QStringList &stopped, const QHash<QString, int> &batches)
    {
        if (m_tick && m_tick->wait_for(std::chrono::seconds(0)) == std::future_status::ready)
            collect(elapsedMs);
        if (m_tick || elapsedMs < m_nextTickMs)
            return;
        m_nextTickMs = elapsedMs + standInTickMs;
        m_tick =
            m_thread.post([this, stopped, batches] { return m_standIn->tick(stopped, batches); });
    }

    // Waits for the tick under way, and closes the stand-in's connections on its thread.
    void finish()
    {
        if (m_tick) {
            m_tick->wait();
            collect(m_lastErrorMs);
        }
        m_thread.run([this] { m_standIn.reset(); });
    }

    const PipelineStandIn::Report &total() const { return m_total; }

private:
    void collect(qint64 elapsedMs)
    {
        const PipelineStandIn::Report report = m_tick->get();
        m_tick.reset();
        m_total.add(report);
        // An error said again only when it changes, or after ten seconds.
        if (report.error.isEmpty() ||
            (report.error == m_lastError && elapsedMs - m_lastErrorMs < 10000))
            return;
        standardError() << command << ": pipeline stand-in: " << report.error << Qt::endl;
        m_lastError = report.error;
        m_lastErrorMs = elapsedMs;
    }

    const PipelineStandIn::Settings m_settings;
    JobThread m_thread;
    std::unique_ptr<PipelineStandIn> m_standIn; // made, used and destroyed on m_thread
    std::optional<std::future<PipelineStandIn::Report>> m_tick;
    qint64 m_nextTickMs = 0;
    PipelineStandIn::Report m_total;
    QString m_lastError;
    qint64 m_lastErrorMs = 0;
};

// Sends the traffic in pipelined groups. While one group goes to Redis, the next is made on a
// pool thread, so making payloads and Redis's work overlap. One group is made at a time, so
// the generator is never used by two threads at once.
class DemoSender
{
public:
    DemoSender(const SendOptions &options, RedisClient &client, StandInThread *standIn)
        : m_options(options)
        , m_client(client)
        , m_standIn(standIn)
        , m_traffic(
              {options.seed, options.stopAfter, options.stopped, options.database.has_value()})
        , m_prefix(commandPrefix(options))
        , m_target(modeTarget(options.mode) + u" '"_s + QString::fromUtf8(options.key) + u"'"_s)
        // Paced runs send about 50 groups a second, so that the rate is smooth.
        , m_groupSize(options.rate > 0 ? std::clamp<qint64>(options.rate / 50, 1, largestGroup)
                                       : largestGroup)
    {}
    ~DemoSender()
    {
        if (m_next)
            m_next->waitForFinished();
    }
    DemoSender(const DemoSender &) = delete;
    DemoSender &operator=(const DemoSender &) = delete;

    // Sends until --count is reached, a signal asks to stop, or Redis fails; the exit code.
    int run()
    {
        m_clock.start();
        m_wallStartMs = QDateTime::currentMSecsSinceEpoch();
        m_next = makeGroup();
        const auto between = [this] {
            const QStringList stopped = stoppedNow();
            if (m_standIn)
                m_standIn->poll(m_clock.elapsed(), stopped, slowedNow());
        };
        while (m_next && !StopSignals::requested()) {
            // Each group is due when the messages before it have had their time at the rate.
            if (m_options.rate > 0 && !sleepUntil(m_clock, dueNs(m_sent), between))
                break;
            const Group commands = m_next->result();
            m_next = makeGroup();
            if (!send(commands))
                return ExitFailure;
            between();
            reportProgress();
        }
        return ExitOk;
    }

    qint64 sent() const { return m_sent; }
    double seconds() const { return std::max<qint64>(1, m_clock.elapsed()) / 1000.0; }
    const QString &target() const { return m_target; }

private:
    // The components stopped by now: the traffic stops one at the message numbered stopAfter,
    // and the stand-in follows once that message is sent.
    QStringList stoppedNow()
    {
        if (m_options.stopAfter < 0 || m_sent < m_options.stopAfter)
            return {};
        if (!m_toldStopped) {
            m_toldStopped = true;
            standardError() << command << ": " << m_options.stopped << " stopped "
                            << (m_options.stopAfter == 0
                                    ? u"from the start"_s
                                    : u"after %1 messages"_s.arg(countText(m_options.stopAfter)))
                            << ": no heartbeats, metrics or checkpoints come from it"
                            << (m_standIn ? u", and it takes no messages"_s : QString()) << ".\n"
                            << Qt::flush;
        }
        return {m_options.stopped};
    }

    // What the slowed component takes a tick by now: nothing before --slow's time, then
    // slowBatch for its length, then catchUpBatch.
    QHash<QString, int> slowedNow()
    {
        const qint64 seconds = m_clock.elapsed() / 1000;
        if (m_options.slowed.isEmpty() || seconds < m_options.slowAfter)
            return {};
        const bool slow = seconds < m_options.slowAfter + m_options.slowFor;
        if (m_slowTold != (slow ? 1 : 2)) {
            m_slowTold = slow ? 1 : 2;
            standardError() << command << ": " << m_options.slowed
                            << (slow ? u" slows down"_s : u" catches up"_s) << ": it takes "
                            << (slow ? slowBatch : catchUpBatch) * 1000 / standInTickMs
                            << " messages a second.\n"
                            << Qt::flush;
        }
        return {{m_options.slowed, slow ? slowBatch : catchUpBatch}};
    }

    // When the message numbered `messages` (from 0) is due, in nanoseconds from the start.
    qint64 dueNs(qint64 messages) const
    {
        const qint64 rate = m_options.rate;
        return messages / rate * 1'000'000'000 + messages % rate * 1'000'000'000 / rate;
    }

    // Starts making the next group; nothing when --count has been made.
    std::optional<QFuture<Group>> makeGroup()
    {
        const qint64 size =
            m_options.count > 0 ? std::min(m_groupSize, m_options.count - m_made) : m_groupSize;
        if (size <= 0)
            return std::nullopt;
        // A paced group is stamped with its due time; an unpaced one with the time it is made.
        const qint64 stampMs = m_options.rate > 0 ? m_wallStartMs + dueNs(m_made) / 1'000'000
                                                  : QDateTime::currentMSecsSinceEpoch();
        m_made += size;
        return QtConcurrent::run([this, size, stampMs] {
            Group commands;
            commands.reserve(size);
            for (qint64 i = 0; i < size; ++i) {
                QList<QByteArray> args;
                args.reserve(m_prefix.size() + 1);
                args.append(m_prefix);
                args.append(m_traffic.next(stampMs).bytes);
                commands.append(std::move(args));
            }
            return commands;
        });
    }

    bool send(const Group &commands)
    {
        auto replies = m_client.pipeline(commands);
        if (!replies) {
            standardError() << command << ": " << replies.errorMessage() << Qt::endl;
            return false;
        }
        const RedisReply *refusal = nullptr;
        qint64 receivers = 0;
        for (const RedisReply &reply : *replies) {
            if (reply.isError()) {
                refusal = refusal ? refusal : &reply;
                continue;
            }
            ++m_sent;
            receivers += reply.integer;
        }
        if (refusal) {
            standardError() << command << ": Redis refused " << m_prefix.first() << " on "
                            << m_target << ": " << QString::fromUtf8(refusal->text) << Qt::endl;
            return false;
        }
        if (m_options.mode == Mode::PubSub && m_sent == commands.size() && receivers == 0)
            standardError() << command << ": no one is subscribed to " << m_target
                            << " yet; pub/sub drops what no one receives.\n"
                            << Qt::flush;
        return true;
    }

    // One line a second on standard error: the total and the rate since the last line.
    void reportProgress()
    {
        const qint64 elapsedMs = m_clock.elapsed();
        if (elapsedMs - m_lastReportMs < 1000)
            return;
        standardError() << command << ": sent " << countText(m_sent)
                        << (m_options.count > 0 ? u" of "_s + countText(m_options.count)
                                                : QString())
                        << " messages, "
                        << countText((m_sent - m_lastReportSent) * 1000.0 /
                                     (elapsedMs - m_lastReportMs))
                        << " msg/s" << standInProgress() << "\n"
                        << Qt::flush;
        m_lastReportMs = elapsedMs;
        m_lastReportSent = m_sent;
    }

    QString standInProgress() const
    {
        if (!m_standIn)
            return {};
        const PipelineStandIn::Report &total = m_standIn->total();
        return u"; pipeline: %1 taken, %2 completed, %3 failed, %4 next hops sent"_s.arg(
            countText(total.taken), countText(total.completed), countText(total.failed),
            countText(total.hopsSent));
    }

    const SendOptions &m_options;
    RedisClient &m_client;
    StandInThread *m_standIn; // none without --db
    bool m_toldStopped = false;
    int m_slowTold = 0; // 1: said it slowed, 2: said it catches up
    DemoTraffic m_traffic;
    const QList<QByteArray> m_prefix;
    const QString m_target;
    const qint64 m_groupSize;
    QElapsedTimer m_clock;
    qint64 m_wallStartMs = 0;
    qint64 m_made = 0; // messages in groups made or being made
    qint64 m_sent = 0; // messages Redis took
    qint64 m_lastReportMs = 0;
    qint64 m_lastReportSent = 0;
    std::optional<QFuture<Group>> m_next;
};

} // namespace

int runSendDemoCommand(const QStringList &arguments)
{
    SendOptions options;
    if (const int done = parseOptions(arguments, options); done >= 0)
        return done;

    const StopSignals stopSignals;
    RedisClient client;
    if (Status connected = client.connect(options.url); !connected) {
        standardError() << command << ": " << connected.errorMessage() << Qt::endl;
        return ExitFailure;
    }

    std::optional<StandInThread> standIn;
    if (options.database) {
        PipelineStandIn::Settings settings;
        settings.database = *options.database;
        settings.redis = options.url;
        settings.commandPrefix = commandPrefix(options);
        settings.seed = ~options.seed; // draws of its own
        settings.hold = standInHold;
        standIn.emplace(std::move(settings));
        if (Status opened = standIn->start(); !opened) {
            standardError() << command << ": " << opened.errorMessage() << Qt::endl;
            return ExitFailure;
        }
    }

    DemoSender sender(options, client, standIn ? &*standIn : nullptr);
    const int exitCode = sender.run();
    if (standIn)
        standIn->finish();
    if (const int signal = StopSignals::requested(); signal != 0)
        standardError() << command << ": stopped by "
                        << (signal == SIGINT   ? "SIGINT"
                            : signal == SIGHUP ? "SIGHUP"
                                               : "SIGTERM")
                        << Qt::endl;
    standardOutput() << "Sent " << countText(sender.sent()) << " messages to the "
                     << sender.target() << " in " << QString::number(sender.seconds(), 'f', 1)
                     << " s (" << countText(sender.sent() / sender.seconds()) << " msg/s).\n"
                     << Qt::flush;
    if (standIn) {
        const PipelineStandIn::Report &total = standIn->total();
        standardOutput() << "The pipeline stand-in took " << countText(total.taken)
                         << " port messages, completed " << countText(total.completed)
                         << " and failed " << countText(total.failed) << ", sent "
                         << countText(total.hopsSent) << " next hops, and left "
                         << countText(total.leftAlone)
                         << " that another writer changed meanwhile as they were.\n"
                         << Qt::flush;
    }
    return exitCode;
}

} // namespace porthole
