#include "alertevaluator.h"
#include "alertsignals.h"
#include "databasehealth.h"
#include "migrateddatabase.h"
#include "ownpostgres.h"
#include "portmessagerepository.h"
#include "queryplan.h"
#include "seedvariants.h"
#include "sqlsupport.h"

#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;

namespace {

const TableHealth *tableOf(const DatabaseHealth &health, const QString &name)
{
    for (const TableHealth &table : health.tables) {
        if (table.name == name)
            return &table;
    }
    return nullptr;
}

// `count` port messages created an hour before `now`, each with a payload of about 1 KiB.
QString addPortMessages(const QSqlDatabase &db, int count, const QDateTime &now)
{
    QList<PortMessage> rows;
    for (int i = 0; i < count; ++i) {
        PortMessage m;
        m.portName = u"orders"_s;
        m.sourceComponent = u"validator"_s;
        m.targetComponent = u"splitter"_s;
        m.messageData = "{\"pad\": \"" + QByteArray(1000, 'x') + "\"}";
        m.status = u"pending"_s;
        m.maxRetries = 3;
        m.createdAt = now.addSecs(-3600);
        rows.append(m);
    }
    auto stored = PortMessageRepository(db).insert(rows);
    return stored ? QString() : stored.errorMessage();
}

std::optional<double> firstValue(const Result<QList<AlertReading>> &readings)
{
    if (!readings || readings->isEmpty())
        return std::nullopt;
    return readings->constFirst().value;
}

bool holdsTransaction(const DatabaseHealth &health, int pid, bool longRunning, bool idle)
{
    for (const OpenTransaction &open : health.openTransactions) {
        if (open.pid == pid)
            return open.longRunning == longRunning && open.idleInTransaction == idle;
    }
    return false;
}

QString scalarText(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next())
        return {};
    return query.value(0).toString();
}

// A streaming standby of `primary` (scripts/servers/postgres-standby), stopped when it goes.
class Standby
{
public:
    explicit Standby(const DatabaseUrl &primary)
    {
        QProcess start;
        start.setProcessChannelMode(QProcess::MergedChannels);
        start.start(m_script, {u"start"_s, m_state.path(), QString::number(primary.port())});
        if (!start.waitForFinished(120000) || start.exitCode() != 0) {
            m_error = QString::fromUtf8(start.readAll());
            return;
        }
        QFile file(m_state.filePath(u"standby.url"_s));
        if (file.open(QIODevice::ReadOnly)) {
            if (auto url = DatabaseUrl::parse(QString::fromUtf8(file.readAll()).trimmed()))
                m_url = *url;
        }
        if (m_url.port() <= 0)
            m_error = u"the standby wrote no address"_s;
    }
    ~Standby() { QProcess::execute(m_script, {u"stop"_s, m_state.path()}); }
    QString error() const { return m_error; }
    const DatabaseUrl &url() const { return m_url; }

private:
    QString m_script = QFINDTESTDATA("../../scripts/servers/postgres-standby");
    QTemporaryDir m_state;
    DatabaseUrl m_url;
    QString m_error;
};

} // namespace

class tst_DatabaseHealth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sizesAndRows_data() { test::addEngineRows(); }
    void sizesAndRows();
    void estimatesBigTables_data() { test::addEngineRows(); }
    void estimatesBigTables();
    void growthReadsTheIndex();
    void sqliteHasNoServerFigures();
    void openTransactionsOnPostgres();
    void withoutTheMonitorRole();
    void noStandby();
    void replicationLagOfAStandby();
    void noTimescaleWithoutTheExtension_data() { test::addEngineRows(); }
    void noTimescaleWithoutTheExtension();
    void seedDatabasesReadOnly_data() { test::addVariants(); }
    void seedDatabasesReadOnly();
};

void tst_DatabaseHealth::sizesAndRows()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto before = readDatabaseHealth(database.db, now);
    QVERIFY2(before.ok(), qPrintable(before.errorMessage()));
    QVERIFY2(before->problems.isEmpty(), qPrintable(before->problems.join(u'\n')));
    QVERIFY(before->bytesOnDisk.value_or(0) > 0);
    // (The TimescaleDB fixture's data folder is in its own memory: no free space to tell.)
    if (!test::postgresIsTimescaleDb()) {
        QVERIFY2(before->freeBytes.value_or(0) > 0, "the free space of a local database is known");
        QVERIFY(*before->freeBytes <= before->totalBytes.value_or(0));
    }
    const TableHealth *empty = tableOf(*before, u"port_messages"_s);
    QVERIFY(empty);
    QCOMPARE(empty->rows, (RowCount{0, RowCount::Precision::Exact}));
    QCOMPARE(empty->timeColumn, u"created_at"_s);
    QCOMPARE(empty->addedLastDay, std::optional(RowCount{0, RowCount::Precision::Exact}));
    QVERIFY(tableOf(*before, u"component_metrics"_s));
    QCOMPARE(tableOf(*before, u"component_metrics"_s)->timeColumn, u"timestamp"_s);

    QCOMPARE(addPortMessages(database.db, 2000, now), QString());
    auto after = readDatabaseHealth(database.db, now);
    QVERIFY2(after.ok(), qPrintable(after.errorMessage()));
    QVERIFY2(after->problems.isEmpty(), qPrintable(after->problems.join(u'\n')));
    // 2000 rows of a kilobyte: the database is at least a megabyte bigger.
    QVERIFY2(*after->bytesOnDisk >= *before->bytesOnDisk + 1'000'000,
             qPrintable(u"%1 -> %2"_s.arg(*before->bytesOnDisk).arg(*after->bytesOnDisk)));
    const TableHealth *filled = tableOf(*after, u"port_messages"_s);
    QVERIFY(filled);
    QCOMPARE(filled->rows, (RowCount{2000, RowCount::Precision::Exact}));
    QCOMPARE(filled->addedLastDay, std::optional(RowCount{2000, RowCount::Precision::Exact}));
    QVERIFY2(filled->bytes.value_or(0) >= 1'000'000, qPrintable(QString::number(*filled->bytes)));
    // A day later they are no longer the last day's.
    auto nextDay = readDatabaseHealth(database.db, now.addDays(1));
    QVERIFY(nextDay.ok());
    QCOMPARE(tableOf(*nextDay, u"port_messages"_s)->addedLastDay,
             std::optional(RowCount{0, RowCount::Precision::Exact}));
}

void tst_DatabaseHealth::estimatesBigTables()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QCOMPARE(addPortMessages(database.db, 500, now), QString());
    const bool sqlite = engine == test::ScratchDatabase::Engine::SQLite;
    // Past the counted rows the count is an estimate, read without a scan.
    const DatabaseHealthOptions options{.exactCountUpTo = 100};
    if (sqlite) {
        // Before ANALYZE: the span of the rowids.
        auto health = readDatabaseHealth(database.db, now, options);
        QVERIFY(health.ok());
        QCOMPARE(tableOf(*health, u"port_messages"_s)->rows,
                 (RowCount{500, RowCount::Precision::Estimate}));
        QCOMPARE(tableOf(*health, u"port_messages"_s)->addedLastDay,
                 std::optional(RowCount{101, RowCount::Precision::AtLeast}));
    }
    QSqlQuery query(database.db);
    QVERIFY2(query.exec(u"ANALYZE"_s), "ANALYZE");
    auto health = readDatabaseHealth(database.db, now, options);
    QVERIFY(health.ok());
    const TableHealth *table = tableOf(*health, u"port_messages"_s);
    QCOMPARE(table->rows.precision, RowCount::Precision::Estimate);
    QVERIFY2(table->rows.value >= 450 && table->rows.value <= 550,
             qPrintable(QString::number(table->rows.value)));
    if (!sqlite) {
        QVERIFY(table->addedLastDay);
        QCOMPARE(table->addedLastDay->precision, RowCount::Precision::Estimate);
        QVERIFY(table->lastAutovacuum.isNull() || table->lastAutovacuum.isValid());
    }
}

void tst_DatabaseHealth::growthReadsTheIndex()
{
    // The statement readDatabaseHealth() counts a table's day with: through the time index,
    // never a scan of the table (a 10,000,000-row table answers as fast as an empty one).
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const auto &[table, column] : {std::pair{u"port_messages"_s, u"created_at"_s},
                                        {u"component_metrics"_s, u"timestamp"_s},
                                        {u"messages"_s, u"timestamp"_s},
                                        {u"system_health"_s, u"last_heartbeat"_s}}) {
        const SqlStatement statement{
            u"SELECT count(*) FROM (SELECT 1 FROM \"%1\" WHERE \"%2\" >= ? AND \"%2\" <= ? "
            "LIMIT 100001) capped"_s.arg(table, column),
            {timestampParam(now.addDays(-1), SqlEngine::SQLite),
             timestampParam(now, SqlEngine::SQLite)}};
        const QStringList plan = test::sqlitePlan(database.db, statement);
        QVERIFY2(test::fullScans(plan, {u"capped"_s}).isEmpty(), qPrintable(plan.join(u'\n')));
    }
    // The negative control: a column without an index is scanned, and the check sees it.
    const QStringList scan = test::sqlitePlan(
        database.db,
        {u"SELECT count(*) FROM (SELECT 1 FROM \"port_messages\" WHERE \"error_message\" >= ? "
         "LIMIT 100001) capped"_s,
         {timestampParam(now, SqlEngine::SQLite)}});
    QVERIFY2(!test::fullScans(scan, {u"capped"_s}).isEmpty(), qPrintable(scan.join(u'\n')));
}

void tst_DatabaseHealth::sqliteHasNoServerFigures()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto health = readDatabaseHealth(database.db, now);
    QVERIFY(health.ok());
    QCOMPARE(health->connectionsGap, HealthGap::NotApplicable);
    QCOMPARE(health->transactionsGap, HealthGap::NotApplicable);
    QCOMPARE(health->replicationGap, HealthGap::NotApplicable);
    QVERIFY(health->pageCount.value_or(0) > 0);
    QVERIFY(health->pageSize.value_or(0) > 0);
    QVERIFY(health->freePages);
    QCOMPARE(tableOf(*health, u"port_messages"_s)->bytesGap, HealthGap::None);
    // The search index's tables (migration 23) are not listed: their bytes are port_messages'.
    qint64 searchBytes = 0;
    QSqlQuery index(database.db);
    QVERIFY(
        index.exec(u"SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'port\\_messages\\_search%' "
                   "ESCAPE '\\' AND aggregate = 1"_s) &&
        index.next());
    searchBytes = index.value(0).toLongLong();
    QVERIFY(searchBytes > 0);
    QSqlQuery own(database.db);
    QVERIFY(own.exec(u"SELECT sum(pgsize) FROM dbstat d JOIN sqlite_master m ON m.name = d.name "
                     "WHERE m.tbl_name = 'port_messages' AND d.aggregate = 1"_s) &&
            own.next());
    QCOMPARE(*tableOf(*health, u"port_messages"_s)->bytes, own.value(0).toLongLong() + searchBytes);
    for (const TableHealth &table : std::as_const(health->tables))
        QVERIFY2(!table.name.startsWith(u"port_messages_search"_s), qPrintable(table.name));
    // A file past the limit is not read whole to measure its tables.
    auto big = readDatabaseHealth(database.db, now, {.dbstatByteLimit = 4096});
    QVERIFY(big.ok());
    QCOMPARE(tableOf(*big, u"port_messages"_s)->bytesGap, HealthGap::TooLarge);
    QCOMPARE(tableOf(*big, u"port_messages"_s)->bytes, std::nullopt);

    // The alert kinds: free space has a value, the server's figures none.
    const AlertSignals signals_(database.db);
    AlertRule free{.id = u"disk"_s,
                   .name = u"Disk"_s,
                   .kind = AlertKind::DatabaseFreeSpace,
                   .comparison = AlertComparison::Below,
                   .threshold = 101,
                   .clearThreshold = 101};
    const auto percent = firstValue(signals_.read(free, now));
    QVERIFY(percent && *percent > 0 && *percent <= 100);
    AlertEvaluator evaluator({free});
    QCOMPARE(evaluator.feed(free.id, *signals_.read(free, now), now).size(), 1);
    QCOMPARE(evaluator.state(free.id), AlertState::Firing);
    // Below 0% never fires: the check can fail either way.
    free.threshold = free.clearThreshold = 0;
    evaluator.setRules({free});
    QVERIFY(evaluator.feed(free.id, *signals_.read(free, now), now).isEmpty() ||
            evaluator.state(free.id) != AlertState::Firing);
    free.unit = AlertSpaceUnit::Bytes;
    QVERIFY(firstValue(signals_.read(free, now)).value_or(0) > 100);
    for (AlertKind kind : {AlertKind::DatabaseConnections, AlertKind::LongTransactions,
                           AlertKind::IdleInTransaction, AlertKind::ReplicationLag}) {
        const AlertRule rule{.id = u"r"_s, .name = u"R"_s, .kind = kind, .window = 1min};
        auto readings = signals_.read(rule, now);
        QVERIFY2(readings.ok(), qPrintable(readings.errorMessage()));
        QVERIFY(readings->isEmpty());
    }
}

void tst_DatabaseHealth::openTransactionsOnPostgres()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(PORTHOLE_TWO_CONNECTIONS);
    test::MigratedDatabase database(test::ScratchDatabase::Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QCOMPARE(scalarText(database.db, u"SHOW max_connections"_s).isEmpty(), false);
    const int maxConnections = scalarText(database.db, u"SHOW max_connections"_s).toInt();

    // A second session opens a transaction and leaves it idle.
    auto other = database.factory->open(u"other"_s);
    QVERIFY2(other.ok(), qPrintable(other.errorMessage()));
    const int pid = scalarText(*other, u"SELECT pg_backend_pid()"_s).toInt();
    QVERIFY(pid > 0);
    QVERIFY(other->transaction());
    QCOMPARE(scalarText(*other, u"SELECT 1"_s), u"1"_s);

    // Limits of 0 s: any open transaction is long, any idle one counts.
    const DatabaseHealthOptions now0{.longTransaction = 0s, .idleInTransaction = 0s};
    DatabaseHealth health;
    QTRY_VERIFY_WITH_TIMEOUT(
        (health = readDatabaseHealth(database.db, QDateTime::currentDateTimeUtc(), now0).value(),
         holdsTransaction(health, pid, true, true)),
        10000);
    QCOMPARE(health.maxConnections, std::optional(maxConnections));
    QVERIFY(health.connections.value_or(0) >= 2);
    QVERIFY(health.longTransactions.value_or(0) >= 1);
    QVERIFY(health.idleInTransaction.value_or(0) >= 1);
    QVERIFY(health.connectionsPercent().value_or(0) > 0);
    // An hour is longer than it has been open: not long, not counted.
    const DatabaseHealthOptions hour{.longTransaction = 1h, .idleInTransaction = 1h};
    auto calm = readDatabaseHealth(database.db, QDateTime::currentDateTimeUtc(), hour);
    QVERIFY(calm.ok());
    QVERIFY(!holdsTransaction(*calm, pid, false, false));
    for (const OpenTransaction &open : calm->openTransactions)
        QVERIFY(open.pid != pid);

    // The alert kinds read the same.
    const AlertSignals signals_(database.db);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (AlertKind kind : {AlertKind::LongTransactions, AlertKind::IdleInTransaction}) {
        AlertRule rule{.id = u"tx"_s,
                       .name = u"Transactions"_s,
                       .kind = kind,
                       .threshold = 0,
                       .clearThreshold = 0,
                       .window = 1s};
        rule.window = 0s;
        QVERIFY(firstValue(signals_.read(rule, now)).value_or(0) >= 1);
        AlertEvaluator evaluator({rule});
        QCOMPARE(evaluator.feed(rule.id, *signals_.read(rule, now), now).size(), 1);
        QCOMPARE(evaluator.state(rule.id), AlertState::Firing);
        rule.window = 1h;
        QCOMPARE(firstValue(signals_.read(rule, now)), std::optional(0.0));
    }
    const AlertRule connections{.id = u"conn"_s,
                                .name = u"Connections"_s,
                                .kind = AlertKind::DatabaseConnections,
                                .threshold = 90,
                                .clearThreshold = 80};
    const auto percent = firstValue(signals_.read(connections, now));
    QVERIFY(percent && *percent > 0 && *percent <= 100);

    QVERIFY(other->commit());
    QTRY_VERIFY_WITH_TIMEOUT(
        !holdsTransaction(
            readDatabaseHealth(database.db, QDateTime::currentDateTimeUtc(), now0).value(), pid,
            true, true),
        10000);
    other = QSqlDatabase();
    database.factory->close(u"other"_s);
}

void tst_DatabaseHealth::withoutTheMonitorRole()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(PORTHOLE_TWO_CONNECTIONS);
    test::MigratedDatabase database(test::ScratchDatabase::Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString role =
        u"health_"_s + QUuid::createUuid().toString(QUuid::Id128).left(12).toLower();
    QSqlQuery admin(database.db);
    QVERIFY(admin.exec(u"CREATE ROLE %1 LOGIN"_s.arg(role)));
    const DatabaseUrl url = database.scratch->url();
    auto plain = DatabaseUrl::parse(u"postgresql://%1@%2:%3/%4"_s.arg(
        role, url.host(), QString::number(url.port()), url.databaseName()));
    QVERIFY(plain.ok());
    const ConnectionFactory factory(*plain);
    {
        auto db = factory.open(u"plain"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        auto health = readDatabaseHealth(*db, now);
        QVERIFY2(health.ok(), qPrintable(health.errorMessage()));
        QCOMPARE(health->transactionsGap, HealthGap::NeedsMonitorRole);
        QCOMPARE(health->freeSpaceGap, HealthGap::NeedsMonitorRole);
        QVERIFY(health->connections.value_or(0) >= 1);
        QVERIFY(health->bytesOnDisk.value_or(0) > 0);
        // Tables it may not read still show, with the catalogue's estimate of their rows.
        QVERIFY(tableOf(*health, u"port_messages"_s));
        const AlertRule rule{.id = u"tx"_s,
                             .name = u"Transactions"_s,
                             .kind = AlertKind::LongTransactions,
                             .window = 5min};
        auto readings = AlertSignals(*db).read(rule, now);
        QVERIFY(!readings.ok());
        QVERIFY2(readings.errorMessage().contains(u"pg_monitor"_s),
                 qPrintable(readings.errorMessage()));
        // With pg_monitor, the same role sees them.
        QVERIFY(admin.exec(u"GRANT pg_monitor TO %1"_s.arg(role)));
        auto granted = readDatabaseHealth(*db, now);
        QVERIFY(granted.ok());
        QCOMPARE(granted->transactionsGap, HealthGap::None);
        QCOMPARE(granted->freeSpaceGap, HealthGap::None);
    }
    factory.close(u"plain"_s);
    QVERIFY(admin.exec(u"DROP OWNED BY %1"_s.arg(role)));
    QVERIFY(admin.exec(u"DROP ROLE %1"_s.arg(role)));
}

void tst_DatabaseHealth::noStandby()
{
    // The fixture's server streams to no standby: no lag, and the alert rule has no reading.
    test::MigratedDatabase database(test::ScratchDatabase::Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto health = readDatabaseHealth(database.db, now, {.tables = false});
    QVERIFY(health.ok());
    QVERIFY(!health->standby);
    QVERIFY(health->replicas.isEmpty());
    QCOMPARE(health->replicationGap, HealthGap::None);
    QCOMPARE(health->replicationLagSeconds(), std::nullopt);
    QVERIFY(health->tables.isEmpty());
    const AlertRule rule{.id = u"lag"_s, .name = u"Lag"_s, .kind = AlertKind::ReplicationLag};
    auto readings = AlertSignals(database.db).read(rule, now);
    QVERIFY(readings.ok());
    QVERIFY(readings->isEmpty());

    // What a primary's standby row gives, as the reading's value.
    DatabaseHealth primary;
    primary.replicas = {{.name = u"standby1"_s,
                         .state = u"streaming"_s,
                         .writeLagSeconds = 0.5,
                         .replayLagSeconds = 2.5}};
    QCOMPARE(primary.replicationLagSeconds(), std::optional(2.5));
    auto fromSnapshot = AlertSignals::healthReadings(rule, primary);
    QVERIFY(fromSnapshot.ok());
    QCOMPARE(*fromSnapshot, (QList<AlertReading>{{.subject = u"standby1"_s, .value = 2.5}}));
}

void tst_DatabaseHealth::replicationLagOfAStandby()
{
    // A cluster of the test's own (a standby of the shared one would stream what every other
    // test writes), and a standby made from it with pg_basebackup -R.
    test::OwnPostgres primary;
    QString error;
    QVERIFY2(primary.start(QFINDTESTDATA("../../scripts/servers/postgres"), &error),
             qPrintable(error));
    const Standby standby(primary.url());
    QVERIFY2(standby.error().isEmpty(), qPrintable(standby.error()));
    const ConnectionFactory primaryConnections(primary.url());
    const ConnectionFactory standbyConnections(standby.url());
    {
        auto onPrimary = primaryConnections.open(u"primary"_s);
        auto onStandby = standbyConnections.open(u"standby"_s);
        QVERIFY2(onPrimary.ok(), qPrintable(onPrimary.errorMessage()));
        QVERIFY2(onStandby.ok(), qPrintable(onStandby.errorMessage()));
        const DatabaseHealthOptions options{.tables = false};

        // The primary lists its standby once it streams.
        DatabaseHealth health;
        QTRY_VERIFY_WITH_TIMEOUT(
            (health =
                 readDatabaseHealth(*onPrimary, QDateTime::currentDateTimeUtc(), options).value(),
             !health.replicas.isEmpty() && health.replicas.constFirst().state == u"streaming"_s),
            30000);
        QVERIFY(!health.standby);
        QCOMPARE(health.replicationGap, HealthGap::None);
        const AlertRule rule{.id = u"lag"_s, .name = u"Lag"_s, .kind = AlertKind::ReplicationLag};
        auto readings = AlertSignals(*onPrimary).read(rule, QDateTime::currentDateTimeUtc());
        QVERIFY(readings.ok());
        QCOMPARE(readings->size(), 1);
        QCOMPARE(readings->constFirst().subject, health.replicas.constFirst().name);

        // The standby knows itself as one; after a commit of the primary's is replayed, it
        // knows how long ago that was.
        QSqlQuery write(*onPrimary);
        QVERIFY(write.exec(u"CREATE TABLE replicated (id integer)"_s));
        QTRY_VERIFY_WITH_TIMEOUT(
            (health =
                 readDatabaseHealth(*onStandby, QDateTime::currentDateTimeUtc(), options).value(),
             health.standbyDelaySeconds.has_value()),
            30000);
        QVERIFY(health.standby);
        QVERIFY(*health.standbyDelaySeconds >= 0);
        QCOMPARE(health.replicationLagSeconds(), health.standbyDelaySeconds);
        readings = AlertSignals(*onStandby).read(rule, QDateTime::currentDateTimeUtc());
        QVERIFY(readings.ok());
        QCOMPARE(readings->size(), 1);
        QVERIFY(readings->constFirst().value.value_or(-1) >= 0);
    }
    primaryConnections.close(u"primary"_s);
    standbyConnections.close(u"standby"_s);
}

// Plain PostgreSQL and SQLite: no TimescaleDB part, and a failing job's rule reads nothing (on
// the TimescaleDB fixture: the part, and nothing failed).
void tst_DatabaseHealth::noTimescaleWithoutTheExtension()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto health = readDatabaseHealth(database.db, now, {.tables = false});
    QVERIFY2(health.ok(), qPrintable(health.errorMessage()));
    QVERIFY2(health->problems.isEmpty(), qPrintable(health->problems.join(u'\n')));
    QCOMPARE(bool(health->timescale), test::postgresIsTimescaleDb());
    const AlertRule rule{.id = u"jobs"_s,
                         .kind = AlertKind::TimescaleJobFailing,
                         .comparison = AlertComparison::AtLeast,
                         .threshold = 1,
                         .clearThreshold = 1};
    auto readings = AlertSignals(database.db).read(rule, now);
    QVERIFY2(readings.ok(), qPrintable(readings.errorMessage()));
    QVERIFY(readings->isEmpty());
}

void tst_DatabaseHealth::seedDatabasesReadOnly()
{
    QFETCH(test::Variant, variant);
    PORTHOLE_SCRATCH_DATABASE(scratch, variant.engine);
    const ConnectionFactory owner(scratch->url());
    {
        auto db = owner.open(u"pipeline"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QVERIFY(test::build(*db, variant));
    }
    owner.close(u"pipeline"_s);
    ConnectionSettings settings;
    settings.readOnly = true;
    const ConnectionFactory attached(scratch->url(), settings);
    auto db = attached.open(u"attached"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    auto health = readDatabaseHealth(*db, QDateTime::currentDateTimeUtc());
    QVERIFY2(health.ok(), qPrintable(health.errorMessage()));
    QVERIFY2(health->problems.isEmpty(), qPrintable(health->problems.join(u'\n')));
    QVERIFY(health->bytesOnDisk.value_or(0) > 0);
    QVERIFY(!health->tables.isEmpty());
    for (const TableHealth &table : std::as_const(health->tables))
        QVERIFY2(table.rows.value >= 0, qPrintable(table.name));
    db = QSqlDatabase();
    attached.close(u"attached"_s);
}

QTEST_GUILESS_MAIN(tst_DatabaseHealth)
#include "tst_databasehealth.moc"
