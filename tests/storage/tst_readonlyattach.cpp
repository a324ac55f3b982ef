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

#include <QSqlQuery>
#include <QTest>

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
// DDL of any kind, a write, a pragma that sets something. Every statement passes through it
// as it is prepared; nothing is refused, only recorded.
class ChangeRecorder
{
public:
    explicit ChangeRecorder(const QSqlDatabase &db)
        : m_handle(SqliteStatement::handleOf(db))
    {
        if (m_handle)
            sqlite3_set_authorizer(m_handle, &ChangeRecorder::authorize, this);
    }
    ~ChangeRecorder()
    {
        if (m_handle)
            sqlite3_set_authorizer(m_handle, nullptr, nullptr);
    }
    ChangeRecorder(const ChangeRecorder &) = delete;
    ChangeRecorder &operator=(const ChangeRecorder &) = delete;

    bool isValid() const { return m_handle != nullptr; }
    const QStringList &changes() const { return m_changes; }
    int reads() const { return m_reads; }

private:
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
            // A pragma without a value reads; so do those that describe a table or index
            // (their argument names it).
            static const QByteArrayList describing{"table_info", "table_xinfo", "index_list",
                                                   "index_info", "index_xinfo"};
            if (second == nullptr || describing.contains(QByteArray(first)))
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

    sqlite3 *m_handle = nullptr;
    QStringList m_changes;
    int m_reads = 0;
};

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

    ConnectionSettings settings;
    settings.readOnly = true;
    const ConnectionFactory attached(scratch->url(), settings);
    {
        auto db = attached.open(u"attached"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        // SQLite: every statement on this connection is seen as it is prepared.
        std::optional<ChangeRecorder> recorder;
        if (variant.engine == Engine::SQLite) {
            recorder.emplace(*db);
            QVERIFY(recorder->isValid());
        }
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
            // The recorder does see one: preparing a CREATE TABLE (which the read-only
            // connection would refuse to run) is recorded.
            QSqlQuery probe(*db);
            probe.prepare(u"CREATE TABLE porthole_probe (x INTEGER)"_s);
            QVERIFY(!recorder->changes().isEmpty());
        }
    }
    attached.close(u"attached"_s);
    // The source probe: an older schema attached read-only is not an error.
    const SourceStatus probed = probeDatabase(scratch->url(), settings);
    QCOMPARE(probed.state, SourceStatus::State::Ok);
    QVERIFY2(probed.detail.contains(u"read-only"_s), qPrintable(probed.detail));

    auto db = owner.open(u"after"_s);
    QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
    QCOMPARE(schemaOf(*db), schemaBefore);
    QCOMPARE(contentOf(*db), contentBefore);
}

QTEST_GUILESS_MAIN(tst_ReadOnlyAttach)
#include "tst_readonlyattach.moc"
