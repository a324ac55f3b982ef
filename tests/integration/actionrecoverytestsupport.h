#pragma once

// What the scenarios of `porthole replay` share: the program run and killed, a database of
// dead letters, the rows' states before and after, and the check that each row was replayed
// exactly once.

#include "connectionfactory.h"
#include "databaseurl.h"
#include "migrateddatabase.h"
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

namespace porthole::test {

using namespace Qt::StringLiterals;
using Engine = porthole::test::ScratchDatabase::Engine;

// How long one run of the command may take; the sanitizer build is several times slower.
constexpr int runTimeoutMs = 180000;
constexpr int stepTimeoutMs = 60000;

enum class Target
{
    Database,
    Redis
};

inline QString databaseArgument(const test::ScratchDatabase &scratch)
{
    return scratch.engine() == Engine::SQLite ? u"sqlite://"_s + scratch.url().filePath()
                                              : scratch.url().toDisplayString();
}

// One run of `porthole`, its output read as it comes. Killed when it goes away still running.
class PortholeRun
{
public:
    // `faultPoint`: PORTHOLE_FAULT_POINT for this run, `pausePoint` PORTHOLE_PAUSE_POINT
    // (storage/base/faultpoint.h); no run inherits one otherwise.
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

// A scratch database of the test's own, migrated to the latest schema, and the test's
// connection to it.
class TestDatabase
{
public:
    explicit TestDatabase(Engine engine)
        : m_database(engine)
    {}

    bool ok() const { return m_database.ok(); }
    QString error() const { return m_database.error; }
    const ScratchDatabase *scratch() const { return m_database.scratch.get(); }
    QSqlDatabase db() const { return m_database.db; }

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
    MigratedDatabase m_database;
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

inline RowStates rowStates(const TestDatabase &database)
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
inline RowState replayed(RowState row, Target target)
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
inline QString differences(const RowStates &expected, const RowStates &actual)
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
inline QList<PortMessage> deadLetters(int count, const QString &port = {})
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
inline QStringList store(const TestDatabase &database, const QList<PortMessage> &messages,
                         QString *error)
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

inline QStringList jsonStrings(const QString &json)
{
    QStringList strings;
    for (const QJsonValue &value : QJsonDocument::fromJson(json.toUtf8()).array())
        strings << value.toString();
    return strings;
}

inline QSet<QString> setOf(const QStringList &list)
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

inline QList<ListedRow> listedRows(const QString &output)
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
inline std::optional<qint64> doneInProgress(const QString &line)
{
    static const QRegularExpression progress(u"^porthole replay: ([\\d,]+) of ([\\d,]+) done"_s);
    const auto match = progress.match(line);
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).remove(u',').toLongLong();
}

// For a failure message: the outbox, the history, the audit log, the rows and the stream.
inline QString stateReport(const TestDatabase &database, RedisClient *redis, const QByteArray &key)
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

// What tst_ActionRecovery and tst_ActionOutages derive from: the program, the fixture's
// redis-server, and the check that every row was replayed exactly once.
class ActionRecoveryTest : public QObject
{
protected:
    // The servers, the program and what every test of the unit shares (initTestCase).
    void setUpFixtures()
    {
        m_binary = qEnvironmentVariable("PORTHOLE_BINARY");
        QVERIFY2(!m_binary.isEmpty(),
                 "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
        const auto url = test::fixtureRedis();
        QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
        QVERIFY2(url->password().isEmpty(), "the test passes the URL on the command line");
        m_redisText = url->toDisplayString();
        const auto connected = m_redis.connect(*url);
        QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
    }

    // After each test (cleanup).
    void cleanUpAfterTest()
    {
        for (qsizetype start = 0; start < m_keys.size() && m_redis.isConnected(); start += 500) {
            const auto deleted = m_redis.command(QList<QByteArray>{"DEL"} + m_keys.mid(start, 500));
            QVERIFY2(deleted.ok(), qPrintable(deleted.errorMessage()));
        }
        m_keys.clear();
    }

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

inline void ActionRecoveryTest::addEngineRows()
{
    QTest::addColumn<Engine>("engine");
    QTest::newRow("sqlite") << Engine::SQLite;
    QTest::newRow("postgresql") << Engine::PostgreSQL;
}

inline QByteArray ActionRecoveryTest::newKey()
{
    const QByteArray key =
        "tst_actionrecovery:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    m_keys << key;
    return key;
}

inline QStringList ActionRecoveryTest::replayArguments(const test::ScratchDatabase &scratch,
                                                       Target target, const QByteArray &key,
                                                       qint64 confirm) const
{
    QStringList arguments{
        u"replay"_s,       u"--db"_s,      databaseArgument(scratch), u"--filter"_s,
        u"dead-letters"_s, u"--confirm"_s, QString::number(confirm)};
    if (target == Target::Redis)
        arguments << u"--to-redis"_s << m_redisText << u"--key"_s << QString::fromUtf8(key);
    return arguments;
}

inline void ActionRecoveryTest::verifyExactlyOnce(const TestDatabase &database,
                                                  const RowStates &before, const QStringList &acted,
                                                  Target target, RedisClient *redis,
                                                  const QByteArray &key)
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

} // namespace porthole::test
