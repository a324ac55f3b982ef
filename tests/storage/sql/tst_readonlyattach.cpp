// A pipeline's own database attached read-only, never migrated: every repository a pane reads
// through works on the seed documents' tables as they are (the columns Porthole's migrations
// would add read as their defaults, charts bucket the raw values without the rollups), and
// nothing in the database changes, its schema or a single row.

#include "checkpointrepository.h"
#include "componentstaterepository.h"
#include "fallbacktable.h"
#include "healthrepository.h"
#include "metricsrepository.h"
#include "pipelinesnapshot.h"
#include "portmessagerepository.h"
#include "repositorytestsupport.h"
#include "seedvariants.h"
#include "sensoreventsrepository.h"
#include "sinkstoragerepository.h"
#include "sourceprobe.h"
#include "sqlitestatement.h"
#include "testservers.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

#include <algorithm>
#include <numeric>
#include <optional>
#include <sqlite3.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::test;

namespace {

qint64 countOf(const QList<MetricPoint> &points)
{
    return std::accumulate(points.begin(), points.end(), qint64(0),
                           [](qint64 sum, const MetricPoint &p) { return sum + p.count; });
}

// What SQLite's authorizer is asked to allow on a connection that would change the database:
// DDL of any kind, a write, a pragma that sets something or that writes without an argument
// (wal_checkpoint, optimize, incremental_vacuum). It is installed before the connection is
// opened, as an automatic extension that SQLite calls on every connection it opens in this
// process while the recorder lives, so what a connection does while it is being configured
// (a journal mode switched, a checkpoint) is seen too. Nothing is refused, only recorded.
class ChangeRecorder
{
public:
    ChangeRecorder()
    {
        Q_ASSERT(!s_current);
        s_current = this;
        sqlite3_auto_extension(reinterpret_cast<void (*)()>(&ChangeRecorder::attach));
    }
    ~ChangeRecorder()
    {
        sqlite3_cancel_auto_extension(reinterpret_cast<void (*)()>(&ChangeRecorder::attach));
        for (sqlite3 *handle : std::as_const(m_handles))
            sqlite3_set_authorizer(handle, nullptr, nullptr);
        s_current = nullptr;
    }
    ChangeRecorder(const ChangeRecorder &) = delete;
    ChangeRecorder &operator=(const ChangeRecorder &) = delete;

    // The connection was opened while this recorder lived, so every statement it ran was seen.
    bool watches(const QSqlDatabase &db) const
    {
        return m_handles.contains(SqliteStatement::handleOf(db));
    }
    const QStringList &changes() const { return m_changes; }
    int reads() const { return m_reads; }

private:
    static int attach(sqlite3 *handle, const char **, const sqlite3_api_routines *)
    {
        if (s_current) {
            s_current->m_handles << handle;
            sqlite3_set_authorizer(handle, &ChangeRecorder::authorize, s_current);
        }
        return SQLITE_OK;
    }

    static int authorize(void *context, int action, const char *first, const char *second,
                         const char *, const char *)
    {
        auto *self = static_cast<ChangeRecorder *>(context);
        switch (action) {
        case SQLITE_READ:
        case SQLITE_SELECT:
        case SQLITE_FUNCTION:
        case SQLITE_RECURSIVE:
        case SQLITE_TRANSACTION:
        case SQLITE_SAVEPOINT:
            ++self->m_reads;
            return SQLITE_OK;
        case SQLITE_PRAGMA: {
            // A pragma without a value reads, but for those that write when run bare; so do
            // those that describe a table or index (their argument names it).
            static const QByteArrayList writing{"wal_checkpoint", "optimize", "incremental_vacuum"};
            static const QByteArrayList describing{"table_info", "table_xinfo", "index_list",
                                                   "index_info", "index_xinfo"};
            const QByteArray name = QByteArray(first).toLower();
            if ((second == nullptr && !writing.contains(name)) || describing.contains(name))
                return SQLITE_OK;
            break;
        }
        default:
            break;
        }
        self->m_changes << u"action %1 on %2"_s.arg(action).arg(
            QString::fromUtf8(first ? first : "?"));
        return SQLITE_OK;
    }

    static inline ChangeRecorder *s_current = nullptr;
    QSet<sqlite3 *> m_handles;
    QStringList m_changes;
    int m_reads = 0;
};

// PostgreSQL's own record of what reached it. The attached connection logs in as a role of its
// own whose every statement the server writes to its log (log_statement = all); the lines of
// its backend, found by process id, are read back from the fixture's log file.
class PostgresStatementLog
{
public:
    explicit PostgresStatementLog(const QSqlDatabase &owner)
        : m_owner(owner)
        , m_role(u"porthole_reader_"_s + QUuid::createUuid().toString(QUuid::Id128).left(12))
    {}
    ~PostgresStatementLog()
    {
        if (!m_made)
            return;
        QSqlQuery query(m_owner);
        query.exec(u"DROP OWNED BY %1"_s.arg(m_role));
        query.exec(u"DROP ROLE %1"_s.arg(m_role));
    }
    PostgresStatementLog(const PostgresStatementLog &) = delete;
    PostgresStatementLog &operator=(const PostgresStatementLog &) = delete;

    // Makes the role, allowed to read every table of the schema; empty, or why not.
    QString make()
    {
        auto log = fixturePostgresLog();
        if (!log)
            return log.errorMessage();
        m_logPath = *log;
        m_logStart = QFileInfo(m_logPath).size(); // what the server logged before is not ours
        QSqlQuery query(m_owner);
        for (const QString &statement :
             {u"CREATE ROLE %1 LOGIN"_s, u"ALTER ROLE %1 SET log_statement = 'all'"_s,
              u"GRANT USAGE ON SCHEMA public TO %1"_s,
              u"GRANT SELECT ON ALL TABLES IN SCHEMA public TO %1"_s}) {
            if (!query.exec(statement.arg(m_role)))
                return query.lastError().text();
            m_made = true;
        }
        return {};
    }

    DatabaseUrl url(const DatabaseUrl &of) const
    {
        return *DatabaseUrl::parse(u"postgresql://%1@%2:%3/%4"_s.arg(
            m_role, of.host(), QString::number(of.port()), of.databaseName()));
    }

    // Every statement the server logged for the backend `pid`, in order.
    QStringList statementsOf(qint64 pid) const
    {
        QFile file(m_logPath);
        if (!file.open(QIODevice::ReadOnly) || !file.seek(m_logStart))
            return {};
        const QByteArray tag = "[" + QByteArray::number(pid) + "] LOG:  ";
        QStringList statements;
        bool inStatement = false;
        while (!file.atEnd()) {
            const QByteArray line = file.readLine();
            const qsizetype at = line.indexOf(tag);
            if (at >= 0) {
                QByteArray text = line.mid(at + tag.size());
                inStatement = text.startsWith("statement: ") || text.startsWith("execute ");
                if (inStatement)
                    statements << QString::fromUtf8(text.mid(text.indexOf(": ") + 2)).trimmed();
            } else if (inStatement && line.startsWith('\t')) {
                statements.last() += u' ' + QString::fromUtf8(line).trimmed();
            } else {
                inStatement = false;
            }
        }
        return statements;
    }

    // A statement that only reads, or sets what a session reads with (never read-write).
    static bool reads(const QString &statement)
    {
        const QString text = statement.simplified().toUpper();
        static const QRegularExpression writes(
            u"\\b(INSERT|UPDATE|DELETE|MERGE|TRUNCATE|COPY|CREATE|ALTER|DROP|GRANT|REVOKE|"
            "VACUUM|ANALYZE|REINDEX|CLUSTER|REFRESH|LOCK|NEXTVAL|SETVAL|READ WRITE)\\b"_s);
        if (text.contains(writes) || text.contains(u"READ_ONLY = OFF"_s) ||
            text.contains(u"READ_ONLY TO OFF"_s))
            return false;
        // EXPLAIN plans without running (EXPLAIN ANALYZE, which runs, is refused above).
        static const QStringList readsFirst{u"SELECT"_s,     u"WITH"_s,    u"SHOW"_s,   u"SET"_s,
                                            u"RESET"_s,      u"BEGIN"_s,   u"COMMIT"_s, u"END"_s,
                                            u"ROLLBACK"_s,   u"DECLARE"_s, u"FETCH"_s,  u"CLOSE"_s,
                                            u"DEALLOCATE"_s, u"EXPLAIN"_s};
        const QString first = text.section(u' ', 0, 0).remove(u';');
        // Qt's driver prepares a statement in SQL (PREPARE name AS ...), then runs it by name.
        if (first == u"PREPARE"_s)
            return text.contains(u" AS "_s) && reads(text.section(u" AS "_s, 1));
        return first == u"EXECUTE"_s || readsFirst.contains(first);
    }

private:
    QSqlDatabase m_owner;
    QString m_role;
    QString m_logPath;
    qint64 m_logStart = 0;
    bool m_made = false;
};

// A SQLite database's file and its -wal, as their bytes' hashes; empty for PostgreSQL. A -wal
// that is not there and one without a byte are the same: any reader of a database in WAL mode,
// read-only or not, makes an empty one (and the -shm, the log's index in shared memory).
QStringList fileBytesOf(const DatabaseUrl &url)
{
    if (!url.isSqlite())
        return {};
    QStringList hashes;
    for (const QString &path : {url.filePath(), QString(url.filePath() + u"-wal"_s)}) {
        QFile file(path);
        QCryptographicHash hash(QCryptographicHash::Sha256);
        if (file.open(QIODevice::ReadOnly))
            hash.addData(&file);
        hashes << QString::fromLatin1(hash.result().toHex());
    }
    return hashes;
}

qint64 backendPid(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    return query.exec(u"SELECT pg_backend_pid()"_s) && query.next() ? query.value(0).toLongLong()
                                                                    : -1;
}

} // namespace

class tst_ReadOnlyAttach : public QObject
{
    Q_OBJECT

private slots:
    void readsTheSeedTablesAsTheyAre_data() { addVariants(); }
    void readsTheSeedTablesAsTheyAre();
};

void tst_ReadOnlyAttach::readsTheSeedTablesAsTheyAre()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE("reads the PostgreSQL fixture's statement log");
    QFETCH(Variant, variant);
    PORTHOLE_SCRATCH_DATABASE(scratch, variant.engine);
    QStringList schemaBefore;
    QStringList contentBefore;
    const ConnectionFactory owner(scratch->url());
    {
        auto db = owner.open(u"pipeline"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QVERIFY(build(*db, variant));
        schemaBefore = schemaOf(*db);
        contentBefore = contentOf(*db);
    }
    owner.close(u"pipeline"_s);
    const QStringList bytesBefore = fileBytesOf(scratch->url());

    // PostgreSQL: the attached connection logs in as a role whose statements the server logs.
    std::optional<PostgresStatementLog> statements;
    DatabaseUrl attachedUrl = scratch->url();
    if (variant.engine == Engine::PostgreSQL) {
        auto roles = owner.open(u"roles"_s);
        QVERIFY2(roles.ok(), qPrintable(roles.errorMessage()));
        statements.emplace(*roles);
        const QString made = statements->make();
        QVERIFY2(made.isEmpty(), qPrintable(made));
        attachedUrl = statements->url(scratch->url());
    }
    const ConnectionSettings settings = readOnlySettings();
    const ConnectionFactory attached(attachedUrl, settings);
    qint64 attachedPid = -1;
    {
        // SQLite: every statement on this connection is seen as it is prepared, from its open
        // on.
        std::optional<ChangeRecorder> recorder;
        if (variant.engine == Engine::SQLite)
            recorder.emplace();
        auto db = attached.open(u"attached"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QVERIFY(!recorder || recorder->watches(*db));
        if (statements)
            attachedPid = backendPid(*db);
        const QStringList tables = tableNames(*db);
        const auto has = [&tables](const QString &table) {
            return tables.contains(table);
        };
        QVERIFY(!has(u"messages"_s) && !has(u"audit_log"_s)); // Porthole's own: never made

        if (has(u"port_messages"_s)) {
            // Three rounds of the pipeline: each one dead letter and one completed message.
            const PortMessageRepository ports(*db);
            PortMessageFilter dead;
            dead.deadLettersOnly = true;
            auto page = ports.page(dead, PageRequest{});
            QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
            QCOMPARE(page->rows.size(), 3);
            for (const PortMessage &message : std::as_const(page->rows)) {
                QCOMPARE(message.status, u"dead_letter"_s);
                QCOMPARE(message.portName, u"orders"_s);
                QCOMPARE(message.version, 1); // the defaults of the columns migration 10 adds
                QCOMPARE(message.replayCount, 0);
                QVERIFY(!message.deletedAt.isValid());
                QVERIFY(message.messageData.contains("order_id"));
                auto one = ports.get(message.id);
                QVERIFY2(one.ok(), qPrintable(one.errorMessage()));
                QCOMPARE(one->messageData, message.messageData);
            }
            auto counts = ports.statusCounts();
            QVERIFY2(counts.ok(), qPrintable(counts.errorMessage()));
            for (const StatusCount &count : std::as_const(*counts))
                QCOMPARE(count.count,
                         count.status == u"dead_letter"_s || count.status == u"completed"_s ? 3
                                                                                            : 0);
            auto names = ports.ports();
            QVERIFY2(names.ok(), qPrintable(names.errorMessage()));
            QCOMPARE(*names, QStringList{u"orders"_s});
            auto errors = ports.errors(dead, 10);
            QVERIFY2(errors.ok(), qPrintable(errors.errorMessage()));
            QCOMPARE(errors->size(), 3);
        }
        if (has(u"checkpoints"_s)) {
            // Seed 001's PostgreSQL schema keeps one latest version a name (its
            // checkpoint_latest_trigger); its simplified SQLite schema has no trigger, and
            // every version the pipeline wrote says it is the latest: both are listed.
            const bool oneLatest = variant.engine == Engine::PostgreSQL;
            const CheckpointRepository checkpoints(*db);
            auto names = checkpoints.names();
            QVERIFY2(names.ok(), qPrintable(names.errorMessage()));
            QCOMPARE(names->size(), oneLatest ? 3 : 6);
            for (const CheckpointSummary &summary : std::as_const(*names)) {
                QVERIFY(summary.latestVersion == 2 || !oneLatest);
                QCOMPARE(summary.versionCount, 2);
                auto latest = checkpoints.get(summary.name, 0);
                QVERIFY2(latest.ok(), qPrintable(latest.errorMessage()));
                QVERIFY(latest->data.contains("2"));
                auto versions = checkpoints.versions(summary.name);
                QVERIFY2(versions.ok(), qPrintable(versions.errorMessage()));
                QCOMPARE(versions->size(), 2);
            }
        }
        if (has(u"component_state"_s)) {
            auto latest = ComponentStateRepository(*db).latest();
            QVERIFY2(latest.ok(), qPrintable(latest.errorMessage()));
            QCOMPARE(latest->size(), 1);
            QCOMPARE(latest->constFirst().componentName, u"reader"_s);
            QCOMPARE(latest->constFirst().version, 3);
        }
        if (has(u"system_health"_s)) {
            auto page = HealthRepository(*db).page(HealthFilter{}, PageRequest{});
            QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
            QCOMPARE(page->rows.size(), 3);
        }
        if (has(u"sink_storage"_s)) {
            auto page = SinkStorageRepository(*db).page(SinkStorageFilter{}, PageRequest{});
            QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
            QCOMPARE(page->rows.size(), 3);
        }
        if (has(u"processed_events"_s)) {
            const SensorEventsRepository sensors(*db);
            SensorEventFilter filter;
            filter.sensorId = u"sensor-1"_s;
            auto events = sensors.events(filter, PageRequest{});
            QVERIFY2(events.ok(), qPrintable(events.errorMessage()));
            QCOMPARE(events->rows.size(), 3);
            auto readings = sensors.metrics(filter, PageRequest{});
            QVERIFY2(readings.ok(), qPrintable(readings.errorMessage()));
            QCOMPARE(readings->rows.size(), 3);
        }

        // The Overview: what there is of heartbeats and port messages, the rest named.
        const PipelineSnapshot snapshot =
            readPipelineSnapshot(*db, QDateTime::currentDateTimeUtc(), std::chrono::minutes(1));
        QStringList missing;
        for (const QString &table : {u"system_health"_s, u"port_messages"_s}) {
            if (!has(table))
                missing << table;
        }
        QVERIFY2(snapshot.problem.isEmpty(), qPrintable(snapshot.problem));
        QCOMPARE(snapshot.missingTables, missing);
        if (has(u"port_messages"_s))
            QCOMPARE(snapshot.deadLetters.value, 3);
        if (has(u"system_health"_s))
            QCOMPARE(snapshot.components.size(), 1);

        // Charts: the series of the tables there are; buckets made from the raw values, as
        // the rollups are Porthole's own.
        const MetricsRepository metrics(*db);
        auto series = metrics.listAllSeries();
        QVERIFY2(series.ok(), qPrintable(series.errorMessage()));
        const MetricSeries lag{MetricSource::Component, u"reader"_s, u"lag"_s};
        const MetricSeries sensor{MetricSource::Sensor, u"sensor-1"_s, QString()};
        QCOMPARE(series->contains(lag), has(u"component_metrics"_s));
        QCOMPARE(series->contains(sensor), has(u"metrics"_s));
        QVERIFY(!series->contains(MetricsRepository::ingestRate()));
        for (const MetricSeries &one : {lag, sensor}) {
            if (!series->contains(one))
                continue;
            auto extent = metrics.extent(one);
            QVERIFY2(extent.ok() && *extent, qPrintable(extent.errorMessage()));
            SeriesRequest request;
            request.series = one;
            request.from = (*extent)->first.addSecs(-3600);
            request.to = (*extent)->second.addSecs(3600);
            request.bucketSeconds = 3600; // a width the rollups would serve on a migrated one
            auto points = metrics.points(request);
            QVERIFY2(points.ok(), qPrintable(points.errorMessage()));
            QCOMPARE(countOf(points->points), 3);
            auto unit = metrics.unitOf(one);
            QVERIFY2(unit.ok(), qPrintable(unit.errorMessage()));
        }
        if (recorder) { // no DDL, no write, not even an attempt
            QVERIFY(recorder->reads() > 0);
            QVERIFY2(recorder->changes().isEmpty(), qPrintable(recorder->changes().join(u", "_s)));
            // The recorder does see them: preparing a CREATE TABLE or a bare checkpoint (which
            // the read-only connection would refuse to run) is recorded.
            for (const QString &change :
                 {u"CREATE TABLE porthole_probe (x INTEGER)"_s, u"PRAGMA wal_checkpoint"_s}) {
                const qsizetype before = recorder->changes().size();
                QSqlQuery probe(*db);
                probe.prepare(change);
                QVERIFY2(recorder->changes().size() > before, qPrintable(change));
            }
        }
    }
    attached.close(u"attached"_s);
    if (statements) { // what reached the server from that connection: reads, and only reads
        const QStringList logged = statements->statementsOf(attachedPid);
        QVERIFY2(logged.size() > 10, qPrintable(logged.join(u'\n')));
        for (const QString &statement : logged)
            QVERIFY2(PostgresStatementLog::reads(statement), qPrintable(statement));
        // The check does see a change: the same role on a connection that is not read-only.
        const ConnectionFactory writer(attachedUrl);
        {
            auto db = writer.open(u"writer"_s);
            QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
            const qint64 pid = backendPid(*db);
            QSqlQuery probe(*db);
            QVERIFY(probe.exec(u"CREATE TEMPORARY TABLE porthole_probe (x INTEGER)"_s));
            const QStringList written = statements->statementsOf(pid);
            QVERIFY(!std::all_of(written.begin(), written.end(), &PostgresStatementLog::reads));
        }
        writer.close(u"writer"_s);
    }
    // The source probe: an older schema attached read-only is not an error.
    const SourceStatus probed = probeDatabase(scratch->url(), settings);
    QCOMPARE(probed.state, SourceStatus::State::Ok);
    QVERIFY2(probed.detail.contains(u"read-only"_s), qPrintable(probed.detail));

    QCOMPARE(fileBytesOf(scratch->url()), bytesBefore); // SQLite: the file, byte for byte

    {
        auto db = owner.open(u"after"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QCOMPARE(schemaOf(*db), schemaBefore);
        QCOMPARE(contentOf(*db), contentBefore);
    }
    owner.close(u"after"_s);
    statements.reset();
    owner.close(u"roles"_s);
}

QTEST_GUILESS_MAIN(tst_ReadOnlyAttach)
#include "tst_readonlyattach.moc"
