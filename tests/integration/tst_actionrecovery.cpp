#include "connectionfactory.h"
#include "databaseurl.h"
#include "migrationrunner.h"
#include "ownredis.h"
#include "portmessagerepository.h"
#include "redisclient.h"
#include "replaypublisher.h"
#include "testservers.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

#include <csignal>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

// How long one run of the command may take; the sanitizer build is several times slower.
constexpr int runTimeoutMs = 180000;
constexpr int stepTimeoutMs = 60000;

enum class Target
{
    Database,
    Redis
};

QString databaseArgument(const test::ScratchDatabase &scratch)
{
    return scratch.engine() == Engine::SQLite ? u"sqlite://"_s + scratch.url().filePath()
                                              : scratch.url().toDisplayString();
}

// One run of `porthole`, its output read as it comes. Killed when it goes away still running.
class PortholeRun
{
public:
    // `faultPoint`: PORTHOLE_FAULT_POINT for this run, `pausePoint` PORTHOLE_PAUSE_POINT
    // (storage/faultpoint.h); no run inherits one otherwise.
    PortholeRun(const QString &binary, const QStringList &arguments, const QString &faultPoint = {},
                const QString &pausePoint = {})
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(u"PORTHOLE_FAULT_POINT"_s);
        environment.remove(u"PORTHOLE_PAUSE_POINT"_s);
        if (!faultPoint.isEmpty())
            environment.insert(u"PORTHOLE_FAULT_POINT"_s, faultPoint);
        if (!pausePoint.isEmpty())
            environment.insert(u"PORTHOLE_PAUSE_POINT"_s, pausePoint);
        m_process.setProcessEnvironment(environment);
        m_process.setProgram(binary);
        m_process.setArguments(arguments);
    }
    ~PortholeRun()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(30000);
        }
    }
    PortholeRun(const PortholeRun &) = delete;
    PortholeRun &operator=(const PortholeRun &) = delete;

    bool start()
    {
        m_process.start();
        return m_process.waitForStarted(stepTimeoutMs);
    }
    bool running() const { return m_process.state() != QProcess::NotRunning; }

    // Waits until it ends by itself; false when it is still running after `timeoutMs`.
    bool finish(int timeoutMs = runTimeoutMs)
    {
        if (running())
            m_process.waitForFinished(timeoutMs);
        read();
        return !running();
    }
    bool killedBySigkill() const
    {
        return !running() && m_process.exitStatus() == QProcess::CrashExit &&
               m_process.exitCode() == SIGKILL;
    }
    // The exit code, or -1 when it did not exit by itself.
    int exitCode() const
    {
        return running() || m_process.exitStatus() != QProcess::NormalExit ? -1
                                                                           : m_process.exitCode();
    }
    void interrupt() { ::kill(pid_t(m_process.processId()), SIGINT); }

    const QString &out()
    {
        read();
        return m_out;
    }
    const QStringList &errLines()
    {
        read();
        return m_errLines;
    }
    bool errContains(const QString &text)
    {
        for (const QString &line : errLines())
            if (line.contains(text))
                return true;
        return false;
    }

    // For failure messages: how it ended and the last lines it wrote.
    QString log()
    {
        read();
        const QString how = running() ? u"still running"_s
                            : m_process.exitStatus() == QProcess::NormalExit
                                ? u"exit code %1"_s.arg(m_process.exitCode())
                                : u"crashed (signal %1)"_s.arg(m_process.exitCode());
        const QStringList outLines = m_out.split(u'\n');
        return u"porthole %1\n%2\n--- standard error:\n%3\n--- standard output:\n%4"_s.arg(
            m_process.arguments().join(u' '), how,
            m_errLines.mid(std::max<qsizetype>(0, m_errLines.size() - 15)).join(u'\n'),
            outLines.mid(std::max<qsizetype>(0, outLines.size() - 15)).join(u'\n'));
    }

private:
    void read()
    {
        m_out += QString::fromUtf8(m_process.readAllStandardOutput());
        m_errPartial += m_process.readAllStandardError();
        qsizetype end = m_errPartial.indexOf('\n');
        while (end >= 0) {
            m_errLines.append(QString::fromUtf8(m_errPartial.left(end)));
            m_errPartial.remove(0, end + 1);
            end = m_errPartial.indexOf('\n');
        }
        if (!running() && !m_errPartial.isEmpty()) {
            m_errLines.append(QString::fromUtf8(m_errPartial));
            m_errPartial.clear();
        }
    }

    QProcess m_process;
    QString m_out;
    QByteArray m_errPartial;
    QStringList m_errLines;
};

// The test's own connection to a scratch database, closed when this goes away.
class TestDatabase
{
public:
    explicit TestDatabase(const DatabaseUrl &url)
        : m_factory(url)
        , m_purpose(u"actionrecovery-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {}
    ~TestDatabase() { m_factory.close(m_purpose); }
    TestDatabase(const TestDatabase &) = delete;
    TestDatabase &operator=(const TestDatabase &) = delete;

    QSqlDatabase db() const { return m_factory.open(m_purpose).value(); }
    bool migrate(QString *error) const
    {
        auto db = m_factory.open(m_purpose);
        if (!db) {
            *error = db.errorMessage();
            return false;
        }
        auto migrated =
            MigrationRunner(*db, *MigrationRunner::builtin(m_factory.url().engine())).up();
        if (!migrated)
            *error = migrated.errorMessage();
        return migrated.ok();
    }

    // Each row of a query as its values joined by spaces; one "ERROR ..." line on an error.
    QStringList rows(const QString &sql, const QVariantList &params = {}) const
    {
        QSqlQuery query(db());
        query.prepare(sql);
        for (const QVariant &param : params)
            query.addBindValue(param);
        if (!query.exec())
            return {u"ERROR %1: %2"_s.arg(sql, query.lastError().text())};
        QStringList rows;
        while (query.next()) {
            QStringList values;
            for (int i = 0; i < query.record().count(); ++i)
                values << (query.isNull(i) ? u"NULL"_s : query.value(i).toString());
            rows << values.join(u' ');
        }
        return rows;
    }
    // The single number a query gives; -1 on an error.
    qint64 number(const QString &sql, const QVariantList &params = {}) const
    {
        const QStringList result = rows(sql, params);
        bool ok = false;
        const qint64 value = result.size() == 1 ? result.constFirst().toLongLong(&ok) : -1;
        if (!ok)
            qWarning("%s: %s", qPrintable(sql), qPrintable(result.join(u'\n')));
        return ok ? value : -1;
    }

private:
    ConnectionFactory m_factory;
    QString m_purpose;
};

// What an action may change of a row.
struct RowState
{
    QString status;
    int retryCount = 0;
    bool hasError = false;
    qint64 version = 0;
    int replayCount = 0;

    friend bool operator==(const RowState &, const RowState &) = default;
    QString text() const
    {
        return u"%1, retries %2, %3, version %4, replayed %5"_s.arg(status)
            .arg(retryCount)
            .arg(hasError ? u"error"_s : u"no error"_s)
            .arg(version)
            .arg(replayCount);
    }
};
using RowStates = QMap<QString, RowState>;

RowStates rowStates(const TestDatabase &database)
{
    RowStates states;
    QSqlQuery query(database.db());
    if (!query.exec(u"SELECT id, status, retry_count, error_message, version, replay_count "
                    "FROM port_messages"_s)) {
        qWarning("Reading port_messages: %s", qPrintable(query.lastError().text()));
        return states;
    }
    while (query.next())
        states.insert(query.value(0).toString(),
                      {query.value(1).toString(), query.value(2).toInt(), !query.isNull(3),
                       query.value(4).toLongLong(), query.value(5).toInt()});
    return states;
}

// What one replay makes of a row.
RowState replayed(RowState row, Target target)
{
    if (target == Target::Database) {
        row.status = u"pending"_s;
        row.retryCount = 0;
        row.hasError = false;
    }
    ++row.version;
    ++row.replayCount;
    return row;
}

// The rows that differ (at most a few, and how many), empty when none does.
QString differences(const RowStates &expected, const RowStates &actual)
{
    QStringList differ;
    qsizetype count = 0;
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        const auto found = actual.constFind(it.key());
        if (found != actual.cend() && *found == *it)
            continue;
        if (++count <= 5)
            differ << u"%1: expected %2, is %3"_s.arg(
                it.key(), it->text(), found == actual.cend() ? u"missing"_s : found->text());
    }
    if (actual.size() != expected.size())
        differ << u"%1 rows, expected %2"_s.arg(actual.size()).arg(expected.size());
    if (count > 5)
        differ << u"... %1 rows differ"_s.arg(count);
    return differ.join(u'\n');
}

// `count` port messages that failed for good, oldest first: on two ports, every other one a
// dead letter, the rest failed with no retry left; `port` puts them all on one.
QList<PortMessage> deadLetters(int count, const QString &port = {})
{
    const QDateTime base(QDate(2026, 11, 20), QTime(8, 0), QTimeZone::utc());
    QList<PortMessage> messages;
    messages.reserve(count);
    for (int n = 0; n < count; ++n) {
        PortMessage m;
        m.portName = !port.isEmpty() ? port : n % 3 == 0 ? u"billing.in"_s : u"orders.in"_s;
        m.sourceComponent = u"splitter"_s;
        m.targetComponent = u"sink"_s;
        m.messageData = u"{\"order\": %1, \"note\": \"Order %1, caf\\u00e9\"}"_s.arg(n).toUtf8();
        m.messageMetadata = u"{\"trace\": \"t-%1\"}"_s.arg(n).toUtf8();
        m.status = n % 2 == 0 ? u"dead_letter"_s : u"failed"_s;
        m.retryCount = 3;
        m.maxRetries = 3;
        m.createdAt = base.addSecs(n);
        m.processedAt = base.addSecs(n).addMSecs(1500);
        m.errorMessage = n % 2 == 0 ? u"timeout after 30s talking to sink"_s
                                    : u"schema mismatch at field %1"_s.arg(n % 7);
        m.errorDetails = "{\"attempt\": 3}";
        messages << m;
    }
    return messages;
}

// Stores the messages; their ids in the order given.
QStringList store(const TestDatabase &database, const QList<PortMessage> &messages, QString *error)
{
    auto stored = PortMessageRepository(database.db()).insert(messages);
    if (!stored) {
        *error = stored.errorMessage();
        return {};
    }
    QStringList ids;
    for (const PortMessage &m : std::as_const(*stored))
        ids << m.id;
    return ids;
}

QStringList jsonStrings(const QString &json)
{
    QStringList strings;
    for (const QJsonValue &value : QJsonDocument::fromJson(json.toUtf8()).array())
        strings << value.toString();
    return strings;
}

QSet<QString> setOf(const QStringList &list)
{
    return QSet<QString>(list.cbegin(), list.cend());
}

// One row of a dry run's listing.
struct ListedRow
{
    QString id;
    QString becomes; // "(skipped: why)" when skipped
    bool acts() const { return !becomes.startsWith(u"(skipped: "_s); }
};

QList<ListedRow> listedRows(const QString &output)
{
    static const QRegularExpression row(
        u"^  ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})  \\S+\\s+\\S+\\s+(.+)$"_s);
    QList<ListedRow> rows;
    for (const QString &line : output.split(u'\n')) {
        const auto match = row.match(line);
        if (match.hasMatch())
            rows.append({match.captured(1), match.captured(2)});
    }
    return rows;
}

// "porthole replay: 1,200 of 2,000 done": how many were done.
std::optional<qint64> doneInProgress(const QString &line)
{
    static const QRegularExpression progress(u"^porthole replay: ([\\d,]+) of ([\\d,]+) done"_s);
    const auto match = progress.match(line);
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).remove(u',').toLongLong();
}

// For a failure message: the outbox, the history, the audit log, the rows and the stream.
QString stateReport(const TestDatabase &database, RedisClient *redis, const QByteArray &key)
{
    QStringList report;
    report << u"outbox (state, outcome, rows, messages): "_s +
                  database
                      .rows(u"SELECT state, outcome, count(*), count(DISTINCT message_id) "
                            "FROM action_outbox GROUP BY state, outcome ORDER BY state, outcome"_s)
                      .join(u"; "_s);
    report << u"history (change, rows, messages): "_s +
                  database
                      .rows(u"SELECT change, count(*), count(DISTINCT message_id) "
                            "FROM port_message_history GROUP BY change"_s)
                      .join(u"; "_s);
    report << u"audit log (id, action, affected): "_s +
                  database.rows(u"SELECT id, action, affected_count FROM audit_log ORDER BY id"_s)
                      .join(u"; "_s);
    report << u"rows (status, replays, rows): "_s +
                  database
                      .rows(u"SELECT status, replay_count, count(*) FROM port_messages "
                            "GROUP BY status, replay_count ORDER BY status, replay_count"_s)
                      .join(u"; "_s);
    if (redis && !key.isEmpty()) {
        const auto length = redis->command({"XLEN", key});
        report << u"stream length: %1"_s.arg(length ? QString::number(length->integer)
                                                    : length.errorMessage());
    }
    return report.join(u'\n');
}

} // namespace

// "Nothing lost, nothing doubled": `porthole replay` through its outbox, killed at each step,
// run twice at once, run against a Redis that is not there yet, and cancelled.
class tst_ActionRecovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void crashAtEachStep_data();
    void crashAtEachStep();
    void doubleReplay_data();
    void doubleReplay();
    void twoFinishersAtOnce_data();
    void twoFinishersAtOnce();
    void replayWhilePending_data();
    void replayWhilePending();
    void redisOutage_data();
    void redisOutage();
    void dryRunMatchesAction_data();
    void dryRunMatchesAction();
    void cancelOnSigint_data();
    void cancelOnSigint();

private:
    void addEngineRows();
    QByteArray newKey();
    QStringList replayArguments(const test::ScratchDatabase &scratch, Target target,
                                const QByteArray &key, qint64 confirm) const;
    // Verifies that exactly the rows `acted` (in plan order) were replayed once, by one
    // action: each row as `before` had it, changed as one replay changes it, every other row
    // as it was; one history row each; every outbox row done and applied; one opening and one
    // closing audit entry naming them; for Redis, one stream entry each with its replay id.
    void verifyExactlyOnce(const TestDatabase &database, const RowStates &before,
                           const QStringList &acted, Target target, RedisClient *redis,
                           const QByteArray &key);

    QString m_binary;
    QString m_redisText;
    RedisClient m_redis;
    QList<QByteArray> m_keys; // to delete after each test
};

void tst_ActionRecovery::initTestCase()
{
    m_binary = qEnvironmentVariable("PORTHOLE_BINARY");
    QVERIFY2(!m_binary.isEmpty(), "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    QVERIFY2(url->password().isEmpty(), "the test passes the URL on the command line");
    m_redisText = url->toDisplayString();
    const auto connected = m_redis.connect(*url);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
}

void tst_ActionRecovery::cleanup()
{
    for (qsizetype start = 0; start < m_keys.size() && m_redis.isConnected(); start += 500) {
        const auto deleted = m_redis.command(QList<QByteArray>{"DEL"} + m_keys.mid(start, 500));
        QVERIFY2(deleted.ok(), qPrintable(deleted.errorMessage()));
    }
    m_keys.clear();
}

void tst_ActionRecovery::addEngineRows()
{
    QTest::addColumn<Engine>("engine");
    QTest::newRow("sqlite") << Engine::SQLite;
    QTest::newRow("postgresql") << Engine::PostgreSQL;
}

QByteArray tst_ActionRecovery::newKey()
{
    const QByteArray key =
        "tst_actionrecovery:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    m_keys << key;
    return key;
}

QStringList tst_ActionRecovery::replayArguments(const test::ScratchDatabase &scratch, Target target,
                                                const QByteArray &key, qint64 confirm) const
{
    QStringList arguments{
        u"replay"_s,       u"--db"_s,      databaseArgument(scratch), u"--filter"_s,
        u"dead-letters"_s, u"--confirm"_s, QString::number(confirm)};
    if (target == Target::Redis)
        arguments << u"--to-redis"_s << m_redisText << u"--key"_s << QString::fromUtf8(key);
    return arguments;
}

void tst_ActionRecovery::verifyExactlyOnce(const TestDatabase &database, const RowStates &before,
                                           const QStringList &acted, Target target,
                                           RedisClient *redis, const QByteArray &key)
{
    const qint64 n = acted.size();
    const QString count = QString::number(n);
    const auto report = qScopeGuard([&] {
        if (QTest::currentTestFailed())
            qInfo().noquote() << "What the action left:\n" << stateReport(database, redis, key);
    });

    RowStates expected = before;
    for (const QString &id : acted)
        expected[id] = replayed(before.value(id), target);
    const QString differ = differences(expected, rowStates(database));
    QVERIFY2(differ.isEmpty(), qPrintable(differ));

    // One history row per replayed message, of the one action.
    QCOMPARE(database.rows(u"SELECT message_id FROM port_message_history GROUP BY message_id "
                           "HAVING count(*) <> 1"_s),
             QStringList());
    QCOMPARE(database.rows(u"SELECT change, count(*), count(DISTINCT message_id) "
                           "FROM port_message_history GROUP BY change"_s),
             QStringList{u"replay %1 %1"_s.arg(count)});
    QCOMPARE(setOf(database.rows(u"SELECT message_id FROM port_message_history"_s)), setOf(acted));

    // The outbox: every row done and applied, one for each message.
    QCOMPARE(database.rows(u"SELECT state, outcome, count(*), count(DISTINCT message_id) "
                           "FROM action_outbox GROUP BY state, outcome"_s),
             QStringList{u"done applied %1 %1"_s.arg(count)});
    QCOMPARE(setOf(database.rows(u"SELECT message_id FROM action_outbox"_s)), setOf(acted));

    // The audit log: the opening entry names the rows in plan order, the closing one all of
    // them, once each.
    QCOMPARE(database.rows(u"SELECT action, affected_count FROM audit_log ORDER BY id"_s),
             (QStringList{u"replay "_s + count, u"replay finished "_s + count}));
    const QStringList opening =
        database.rows(u"SELECT id, affected_ids FROM audit_log WHERE action = 'replay'"_s);
    QCOMPARE(opening.size(), 1);
    const QString openingId = opening.constFirst().section(u' ', 0, 0);
    QCOMPARE(jsonStrings(opening.constFirst().section(u' ', 1)), acted);
    QCOMPARE(database.rows(u"SELECT DISTINCT audit_id FROM port_message_history"_s),
             QStringList{openingId});
    const QStringList closing =
        database.rows(u"SELECT id FROM audit_log WHERE action = 'replay finished'"_s);
    QCOMPARE(closing.size(), 1);
    const QStringList closedIds = jsonStrings(
        database.rows(u"SELECT affected_ids FROM audit_log WHERE id = ?"_s, {closing.constFirst()})
            .value(0));
    QCOMPARE(closedIds.size(), acted.size());
    QCOMPARE(setOf(closedIds), setOf(acted));
    const QJsonObject filter =
        QJsonDocument::fromJson(
            database.rows(u"SELECT filter FROM audit_log WHERE id = ?"_s, {closing.constFirst()})
                .value(0)
                .toUtf8())
            .object();
    QCOMPARE(QString::number(filter.value(u"action"_s).toInteger()), openingId);

    if (target != Target::Redis)
        return;
    // The stream: one entry per message, each with the replay id the outbox gave it.
    const auto length = redis->command({"XLEN", key});
    QVERIFY2(length.ok(), qPrintable(length.errorMessage()));
    QCOMPARE(length->integer, n);
    const auto entries = redis->command({"XRANGE", key, "-", "+"});
    QVERIFY2(entries.ok() && !entries->isError(), qPrintable(entries.errorMessage()));
    QHash<QString, int> replaysOf;
    QSet<QString> replayIds;
    for (const RedisReply &entry : entries->elements) {
        QVERIFY(entry.elements.size() == 2);
        QHash<QByteArray, QByteArray> fields;
        const QList<RedisReply> &pairs = entry.elements.at(1).elements;
        for (qsizetype i = 0; i + 1 < pairs.size(); i += 2)
            fields.insert(pairs.at(i).text, pairs.at(i + 1).text);
        QVERIFY2(fields.contains("payload") && fields.contains("replay_id"),
                 qPrintable(QString::fromUtf8(entry.elements.at(0).text)));
        const QJsonObject payload = QJsonDocument::fromJson(fields.value("payload")).object();
        const QString replayId = QString::fromUtf8(fields.value("replay_id"));
        QCOMPARE(payload.value(u"replay_id"_s).toString(), replayId);
        ++replaysOf[payload.value(u"replay_of"_s).toString()];
        replayIds.insert(replayId);
        if (redis == &m_redis)
            m_keys << ReplayPublisher::markerKey(replayId);
    }
    QCOMPARE(qint64(replaysOf.size()), n);
    QCOMPARE(setOf(replaysOf.keys()), setOf(acted));
    for (auto it = replaysOf.cbegin(); it != replaysOf.cend(); ++it)
        QVERIFY2(it.value() == 1,
                 qPrintable(u"%1 is in the stream %2 times"_s.arg(it.key()).arg(it.value())));
    QCOMPARE(replayIds, setOf(database.rows(u"SELECT replay_id FROM action_outbox"_s)));
}

void tst_ActionRecovery::crashAtEachStep_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<Target>("target");
    QTest::addColumn<QString>("faultPoint");
    QTest::addColumn<int>("doneAtCrash");      // outbox rows done when it died
    QTest::addColumn<int>("publishedAtCrash"); // stream entries when it died
    const struct
    {
        const char *name;
        Target target;
        const char *point;
        int done;
        int published;
    } points[] = {
        {"database", Target::Database, "action-prepared", 0, 0},
        {"database", Target::Database, "action-applied:1", 500, 0},
        {"database", Target::Database, "action-applied:2", 1000, 0},
        {"redis", Target::Redis, "action-prepared", 0, 0},
        {"redis", Target::Redis, "action-published:2", 500, 1000},
        {"redis", Target::Redis, "action-applied:1", 500, 500},
        {"redis", Target::Redis, "action-applied:2", 1000, 1000},
    };
    for (const Engine engine : {Engine::SQLite, Engine::PostgreSQL}) {
        for (const auto &point : points)
            QTest::addRow("%s/%s/%s", qPrintable(test::engineName(engine)), point.name, point.point)
                << engine << point.target << QString::fromLatin1(point.point) << point.done
                << point.published;
    }
}

// 1. Killed (SIGKILL) after the prepare, after a step's publish, after a step's commit: the
// next run finishes the action, and every message is replayed exactly once.
void tst_ActionRecovery::crashAtEachStep()
{
    QFETCH(Engine, engine);
    QFETCH(Target, target);
    QFETCH(QString, faultPoint);
    QFETCH(int, doneAtCrash);
    QFETCH(int, publishedAtCrash);
    constexpr int total = 1200;

    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const TestDatabase database(scratch->url());
    QString error;
    QVERIFY2(database.migrate(&error), qPrintable(error));
    const QStringList ids = store(database, deadLetters(total), &error);
    QVERIFY2(ids.size() == total, qPrintable(error));
    const RowStates before = rowStates(database);
    const QByteArray key = newKey();

    {
        PortholeRun crashing(m_binary, replayArguments(*scratch, target, key, total), faultPoint);
        QVERIFY(crashing.start());
        QVERIFY2(crashing.finish(), qPrintable(crashing.log()));
        QVERIFY2(crashing.killedBySigkill(), qPrintable(crashing.log()));
    }
    // Where it died: the steps before are done, the rest open, nothing closed.
    QCOMPARE(database.rows(u"SELECT state, count(*) FROM action_outbox GROUP BY state "
                           "ORDER BY state"_s),
             (doneAtCrash == 0 ? QStringList{u"prepared %1"_s.arg(total)}
                               : QStringList{u"done %1"_s.arg(doneAtCrash),
                                             u"prepared %1"_s.arg(total - doneAtCrash)}));
    QCOMPARE(database.number(u"SELECT count(*) FROM port_messages WHERE replay_count = 1"_s),
             doneAtCrash);
    QCOMPARE(database.rows(u"SELECT action FROM audit_log ORDER BY id"_s),
             QStringList{u"replay"_s});
    if (target == Target::Redis) {
        const auto length = m_redis.command({"XLEN", key});
        QVERIFY2(length.ok(), qPrintable(length.errorMessage()));
        QCOMPARE(length->integer, publishedAtCrash);
    }

    PortholeRun finishing(m_binary,
                          {u"replay"_s, u"--db"_s, databaseArgument(*scratch), u"--finish"_s});
    QVERIFY(finishing.start());
    QVERIFY2(finishing.finish(), qPrintable(finishing.log()));
    QVERIFY2(finishing.exitCode() == 0, qPrintable(finishing.log()));
    QVERIFY2(finishing.errContains(u"that an earlier run left unfinished"_s),
             qPrintable(finishing.log()));

    verifyExactlyOnce(database, before, ids, target, &m_redis, key);
}

void tst_ActionRecovery::doubleReplay_data()
{
    addEngineRows();
}

// 2. Two `porthole replay` of the same selection started at once: each message replayed once.
void tst_ActionRecovery::doubleReplay()
{
    QFETCH(Engine, engine);
    constexpr int total = 1000;

    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const TestDatabase database(scratch->url());
    QString error;
    QVERIFY2(database.migrate(&error), qPrintable(error));
    const QStringList ids = store(database, deadLetters(total), &error);
    QVERIFY2(ids.size() == total, qPrintable(error));
    const RowStates before = rowStates(database);
    const QByteArray key = newKey();

    // Both are held where each has planned the same rows and neither has prepared its action
    // (the pause point "action-planned"), and let go together once both are there: they
    // overlap, whatever the machine's speed.
    QTemporaryDir gateFolder;
    QVERIFY(gateFolder.isValid());
    const QString gate = gateFolder.filePath(u"gate"_s);
    QCOMPARE(::mkfifo(QFile::encodeName(gate).constData(), 0600), 0);
    const QStringList arguments = replayArguments(*scratch, Target::Redis, key, total);
    const QString pausePoint = u"action-planned:"_s + gate;
    PortholeRun first(m_binary, arguments, {}, pausePoint);
    PortholeRun second(m_binary, arguments, {}, pausePoint);
    QVERIFY(first.start());
    QVERIFY(second.start());
    const auto arrived = [&gateFolder] {
        return QDir(gateFolder.path()).entryList({u"gate.*"_s}, QDir::Files).size();
    };
    QTRY_VERIFY_WITH_TIMEOUT(arrived() == 2 || !first.running() || !second.running(),
                             stepTimeoutMs);
    QVERIFY2(arrived() == 2,
             qPrintable(u"%1 of the two runs reached the gate together:\n"_s.arg(arrived()) +
                        first.log() + u'\n' + second.log()));
    QVERIFY(first.running() && second.running());
    // A byte each; held open (O_RDWR never waits for a reader) until both have read theirs.
    const int opener = ::open(QFile::encodeName(gate).constData(), O_RDWR | O_CLOEXEC);
    QVERIFY(opener >= 0);
    const auto closeGate = qScopeGuard([opener] { ::close(opener); });
    QCOMPARE(::write(opener, "go", 2), ssize_t(2));
    QVERIFY2(first.finish(), qPrintable(first.log()));
    QVERIFY2(second.finish(), qPrintable(second.log()));
    for (PortholeRun *run : {&first, &second})
        QVERIFY2(run->exitCode() == 0 || run->exitCode() == 3, qPrintable(run->log()));
    // One did it all; the other found every row taken by the first's action (or changed by it).
    QVERIFY2(first.exitCode() != second.exitCode(),
             qPrintable(first.log() + u"\n"_s + second.log()));

    verifyExactlyOnce(database, before, ids, Target::Redis, &m_redis, key);
}

void tst_ActionRecovery::twoFinishersAtOnce_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<Target>("target");
    for (const Engine engine : {Engine::SQLite, Engine::PostgreSQL}) {
        const QString name = test::engineName(engine);
        QTest::addRow("%s/database", qPrintable(name)) << engine << Target::Database;
        QTest::addRow("%s/redis", qPrintable(name)) << engine << Target::Redis;
    }
}

// 2b. An action a crash left open, finished by two runs at once (two operators after the
// crash): each message replayed once, by the one action.
void tst_ActionRecovery::twoFinishersAtOnce()
{
    QFETCH(Engine, engine);
    QFETCH(Target, target);
    constexpr int total = 1200;

    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const TestDatabase database(scratch->url());
    QString error;
    QVERIFY2(database.migrate(&error), qPrintable(error));
    const QStringList ids = store(database, deadLetters(total), &error);
    QVERIFY2(ids.size() == total, qPrintable(error));
    const RowStates before = rowStates(database);
    const QByteArray key = newKey();
    {
        PortholeRun crashing(m_binary, replayArguments(*scratch, target, key, total),
                             u"action-prepared"_s);
        QVERIFY(crashing.start());
        QVERIFY2(crashing.finish() && crashing.killedBySigkill(), qPrintable(crashing.log()));
    }
    QCOMPARE(database.number(u"SELECT count(*) FROM action_outbox WHERE state = 'prepared'"_s),
             total);

    const QStringList arguments{u"replay"_s, u"--db"_s, databaseArgument(*scratch), u"--finish"_s};
    PortholeRun first(m_binary, arguments);
    PortholeRun second(m_binary, arguments);
    QVERIFY(first.start());
    QVERIFY(second.start());
    QVERIFY2(first.finish(), qPrintable(first.log()));
    QVERIFY2(second.finish(), qPrintable(second.log()));
    QVERIFY2(first.exitCode() == 0, qPrintable(first.log()));
    QVERIFY2(second.exitCode() == 0, qPrintable(second.log()));

    verifyExactlyOnce(database, before, ids, target, &m_redis, key);
}

void tst_ActionRecovery::replayWhilePending_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("reason"); // in the dry run's "(skipped: ...)"
    for (const Engine engine : {Engine::SQLite, Engine::PostgreSQL}) {
        const QString name = test::engineName(engine);
        QTest::addRow("%s/pending", qPrintable(name))
            << engine << u"pending"_s << u"it is pending already"_s;
        QTest::addRow("%s/processing", qPrintable(name))
            << engine << u"processing"_s << u"a worker is processing it"_s;
        QTest::addRow("%s/completed", qPrintable(name))
            << engine << u"completed"_s << u"completed is final"_s;
    }
}

// 3. Rows the pipeline still has (pending, processing) or has done with (completed): skipped,
// in the dry run and for real, and nothing changes.
void tst_ActionRecovery::replayWhilePending()
{
    QFETCH(Engine, engine);
    QFETCH(QString, status);
    QFETCH(QString, reason);

    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const TestDatabase database(scratch->url());
    QString error;
    QVERIFY2(database.migrate(&error), qPrintable(error));
    QList<PortMessage> messages = deadLetters(5);
    for (PortMessage &m : messages) {
        m.status = status;
        m.retryCount = 1;
        m.errorMessage.clear();
        m.errorDetails.clear();
        if (status == u"completed"_s)
            m.completedAt = m.processedAt;
    }
    const QStringList ids = store(database, messages, &error);
    QVERIFY2(ids.size() == messages.size(), qPrintable(error));
    const RowStates before = rowStates(database);
    const QStringList selection{u"replay"_s, u"--db"_s, databaseArgument(*scratch), u"--ids"_s,
                                ids.join(u',')};

    PortholeRun dryRun(m_binary, selection + QStringList{u"--dry-run"_s});
    QVERIFY(dryRun.start());
    QVERIFY2(dryRun.finish(), qPrintable(dryRun.log()));
    QVERIFY2(dryRun.exitCode() == 3, qPrintable(dryRun.log()));
    const QList<ListedRow> listed = listedRows(dryRun.out());
    QCOMPARE(listed.size(), ids.size());
    for (const ListedRow &row : listed) {
        QVERIFY2(ids.contains(row.id), qPrintable(row.id));
        QVERIFY2(!row.acts() && row.becomes.contains(reason), qPrintable(row.becomes));
    }
    QVERIFY2(dryRun.out().contains(u"0 will be acted on, 5 skipped"_s), qPrintable(dryRun.log()));

    PortholeRun real(m_binary, selection);
    QVERIFY(real.start());
    QVERIFY2(real.finish(), qPrintable(real.log()));
    QVERIFY2(real.exitCode() == 3, qPrintable(real.log()));
    QVERIFY2(real.errContains(u"nothing to do"_s), qPrintable(real.log()));

    const QString differ = differences(before, rowStates(database));
    QVERIFY2(differ.isEmpty(), qPrintable(differ));
    QCOMPARE(database.number(u"SELECT count(*) FROM action_outbox"_s), 0);
    QCOMPARE(database.number(u"SELECT count(*) FROM port_message_history"_s), 0);
    QCOMPARE(database.number(u"SELECT count(*) FROM audit_log"_s), 0);
}

void tst_ActionRecovery::redisOutage_data()
{
    addEngineRows();
}

// 4. A replay to a Redis that is not up yet waits, says so, and goes on once it is.
void tst_ActionRecovery::redisOutage()
{
    QFETCH(Engine, engine);
    constexpr int total = 600;

    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const TestDatabase database(scratch->url());
    QString error;
    QVERIFY2(database.migrate(&error), qPrintable(error));
    const QStringList ids = store(database, deadLetters(total), &error);
    QVERIFY2(ids.size() == total, qPrintable(error));
    const RowStates before = rowStates(database);

    QTemporaryDir redisDirectory;
    QVERIFY(redisDirectory.isValid());
    const int port = test::freeLoopbackPort();
    QVERIFY(port > 0);
    test::OwnRedis server(redisDirectory.path(), port);
    const QByteArray key = "tst_actionrecovery:outage";

    PortholeRun run(m_binary,
                    {u"replay"_s, u"--db"_s, databaseArgument(*scratch), u"--filter"_s,
                     u"dead-letters"_s, u"--confirm"_s, QString::number(total), u"--to-redis"_s,
                     server.urlText(), u"--key"_s, QString::fromUtf8(key)});
    QVERIFY(run.start());
    QTRY_VERIFY2_WITH_TIMEOUT(run.errContains(u"Trying again"_s) || !run.running(),
                              qPrintable(run.log()), stepTimeoutMs);
    QVERIFY2(run.running(), qPrintable(run.log()));
    QVERIFY2(run.errContains(u"cannot be reached"_s), qPrintable(run.log()));
    // Waiting: prepared, nothing done.
    QCOMPARE(database.number(u"SELECT count(*) FROM action_outbox WHERE state = 'prepared'"_s),
             total);
    QCOMPARE(database.number(u"SELECT count(*) FROM port_messages WHERE replay_count > 0"_s), 0);

    QVERIFY2(server.start(&error), qPrintable(error));
    QVERIFY2(run.finish(), qPrintable(run.log()));
    QVERIFY2(run.exitCode() == 0, qPrintable(run.log()));

    RedisClient client;
    const auto connected = client.connect(server.url());
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
    verifyExactlyOnce(database, before, ids, Target::Redis, &client, key);
}

void tst_ActionRecovery::dryRunMatchesAction_data()
{
    addEngineRows();
}

// 5. The action acts on exactly the rows its dry run showed acting, in the same order.
void tst_ActionRecovery::dryRunMatchesAction()
{
    QFETCH(Engine, engine);

    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const TestDatabase database(scratch->url());
    QString error;
    QVERIFY2(database.migrate(&error), qPrintable(error));
    // Dead letters on two ports, and pending rows on the port of the filter.
    QList<PortMessage> messages = deadLetters(300);
    QList<PortMessage> pending = deadLetters(20, u"orders.in"_s);
    for (PortMessage &m : pending) {
        m.status = u"pending"_s;
        m.retryCount = 0;
        m.errorMessage.clear();
        m.errorDetails.clear();
        m.createdAt = m.createdAt.addSecs(7);
    }
    const QStringList ids = store(database, messages + pending, &error);
    QVERIFY2(ids.size() == messages.size() + pending.size(), qPrintable(error));
    // Every 7th message replayed three times already: the loop guard skips those.
    QSet<QString> overBudget;
    for (qsizetype i = 0; i < messages.size(); i += 7)
        overBudget.insert(ids.at(i));
    for (const QString &id : std::as_const(overBudget))
        QVERIFY(database.rows(u"UPDATE port_messages SET replay_count = 3 WHERE id = ?"_s, {id})
                    .isEmpty());
    QStringList selected; // orders.in dead letters, oldest first
    for (qsizetype i = 0; i < messages.size(); ++i)
        if (messages.at(i).portName == u"orders.in"_s)
            selected << ids.at(i);
    const RowStates before = rowStates(database);

    const QStringList selection{u"replay"_s,      u"--db"_s,           databaseArgument(*scratch),
                                u"--filter"_s,    u"port=orders.in"_s, u"--filter"_s,
                                u"dead-letters"_s};
    PortholeRun dryRun(m_binary, selection + QStringList{u"--dry-run"_s, u"--show"_s, u"100000"_s});
    QVERIFY(dryRun.start());
    QVERIFY2(dryRun.finish(), qPrintable(dryRun.log()));
    QVERIFY2(dryRun.exitCode() == 3, qPrintable(dryRun.log())); // some are skipped
    const QList<ListedRow> listed = listedRows(dryRun.out());
    QStringList listedIds;
    QStringList acting;
    QSet<QString> skipped;
    for (const ListedRow &row : listed) {
        listedIds << row.id;
        if (row.acts())
            acting << row.id;
        else
            skipped.insert(row.id);
    }
    QCOMPARE(listedIds, selected);
    QCOMPARE(skipped, setOf(selected) & overBudget);
    QVERIFY(acting.size() >= 100); // so that it needs --confirm
    QVERIFY2(dryRun.out().contains(u"%1 will be acted on"_s.arg(acting.size())),
             qPrintable(dryRun.log()));
    const QString differ = differences(before, rowStates(database));
    QVERIFY2(differ.isEmpty(), qPrintable(differ));

    PortholeRun real(m_binary,
                     selection + QStringList{u"--confirm"_s, QString::number(acting.size())});
    QVERIFY(real.start());
    QVERIFY2(real.finish(), qPrintable(real.log()));
    QVERIFY2(real.exitCode() == 3, qPrintable(real.log())); // the skipped rows
    verifyExactlyOnce(database, before, acting, Target::Database, nullptr, {});
}

void tst_ActionRecovery::cancelOnSigint_data()
{
    addEngineRows();
}

// 6. Ctrl+C during a paced replay: what is done stays done, the rest is cancelled (audited)
// and untouched, nothing is left open.
void tst_ActionRecovery::cancelOnSigint()
{
    QFETCH(Engine, engine);
    constexpr int total = 2000;

    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const TestDatabase database(scratch->url());
    QString error;
    QVERIFY2(database.migrate(&error), qPrintable(error));
    const QStringList ids = store(database, deadLetters(total), &error);
    QVERIFY2(ids.size() == total, qPrintable(error));
    const RowStates before = rowStates(database);

    PortholeRun run(m_binary, replayArguments(*scratch, Target::Database, {}, total) +
                                  QStringList{u"--rate"_s, u"200"_s});
    QVERIFY(run.start());
    const auto progressed = [&run] {
        for (const QString &line : run.errLines())
            if (doneInProgress(line).value_or(0) >= 100)
                return true;
        return false;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(progressed() || !run.running(), qPrintable(run.log()), stepTimeoutMs);
    QVERIFY2(run.running(), qPrintable(run.log()));
    run.interrupt();
    QVERIFY2(run.finish(), qPrintable(run.log()));
    QVERIFY2(run.exitCode() == 1, qPrintable(run.log()));

    // Done: replayed once; the rest as it was.
    const RowStates after = rowStates(database);
    QStringList done;
    for (const QString &id : ids)
        if (after.value(id).replayCount > 0)
            done << id;
    QVERIFY2(done.size() >= 100 && done.size() < total, qPrintable(run.log()));
    QCOMPARE(ids.mid(0, done.size()), done); // oldest first
    RowStates expected = before;
    for (const QString &id : std::as_const(done))
        expected[id] = replayed(before.value(id), Target::Database);
    const QString differ = differences(expected, after);
    QVERIFY2(differ.isEmpty(), qPrintable(differ));
    const QString applied = QString::number(done.size());
    const QString cancelled = QString::number(total - done.size());
    QVERIFY2(run.out().contains(u"replay: %1 applied, 0 skipped, %2 cancelled"_s.arg(
                 QLocale(QLocale::English).toString(done.size()),
                 QLocale(QLocale::English).toString(total - done.size()))),
             qPrintable(run.log()));

    QCOMPARE(database.rows(u"SELECT state, outcome, count(*) FROM action_outbox "
                           "GROUP BY state, outcome ORDER BY outcome"_s),
             (QStringList{u"done applied "_s + applied, u"done cancelled "_s + cancelled}));
    QCOMPARE(database.rows(u"SELECT change, count(*), count(DISTINCT message_id) "
                           "FROM port_message_history GROUP BY change"_s),
             QStringList{u"replay %1 %1"_s.arg(applied)});
    QCOMPARE(database.rows(u"SELECT action, affected_count FROM audit_log ORDER BY id"_s),
             (QStringList{u"replay %1"_s.arg(total), u"replay cancelled "_s + applied}));
    const QStringList closedIds = jsonStrings(
        database.rows(u"SELECT affected_ids FROM audit_log WHERE action = 'replay cancelled'"_s)
            .value(0));
    QCOMPARE(setOf(closedIds), setOf(done));
}

QTEST_GUILESS_MAIN(tst_ActionRecovery)
#include "tst_actionrecovery.moc"
