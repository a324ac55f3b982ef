#pragma once

#include "alerthistory.h"
#include "auditlog.h"
#include "batchintegrity.h"
#include "databaseurl.h"
#include "deadlettercomparison.h"
#include "healthrepository.h"
#include "ledger.h"
#include "metricsrepository.h"
#include "pipelinemap.h"
#include "redisurl.h"
#include "sourceprobe.h"
#include "storageerror.h"
#include "timeline.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace porthole {

// What a report covers: a time range of a database, and perhaps a batch-file store and a Redis
// server.
struct ReportRequest
{
    DatabaseUrl database;
    QString batchDirectory;        // empty: no batch files
    std::optional<RedisUrl> redis; // none: no Redis
    QDateTime from;                // inclusive, UTC
    QDateTime to;                  // exclusive, UTC
    // Compared with the same range this many seconds before (--compare-to): each chart's
    // series shifted (dashed), the dead letters' signatures side by side; 0: no comparison.
    qint64 compareSeconds = 0;
};

// A group of dead letters created in the range that share an error signature.
struct ReportErrorGroup
{
    QString signature;
    qint64 count = 0;
    QDateTime firstSeen;
    QDateTime lastSeen;
    struct Example
    {
        QString id;
        QString port;
        QDateTime createdAt;
        QString errorMessage;
    };
    QList<Example> examples; // the newest few
};

// One chart of the report: its lines as the Metrics pane draws them.
struct ReportChartData
{
    QString title;
    QString caption; // what a reader should know of it: the unit, the bucket width
    QList<MetricSeries> series;
    QStringList labels;
    QStringList units;
    QList<SeriesPoints> points;
    qint64 bucketSeconds = 0;
    // With a comparison: each series read for the range request.compareSeconds before, at the
    // same width, its times moved forward by it; in the order of `series`. Empty otherwise.
    QList<SeriesPoints> shiftedPoints;
};

// Everything the report shows, read from the sources; ReportWriter lays it out.
struct ReportData
{
    ReportRequest request;
    QDateTime generatedAt;
    QList<SourceStatus> sources;

    // Summary.
    qint64 messagesReceived = 0;    // rows of `messages` with a timestamp in the range
    qint64 deliveriesStored = 0;    // what Porthole's ingest worker stored in the range
    double peakPerMinute = 0;       // the busiest minute of the ingest rate
    qint64 portMessagesCreated = 0; // port messages created in the range
    QList<std::pair<QString, qint64>> portMessagesByStatus; // of those, by status now
    qint64 deadLettersCreated = 0;                          // dead letters created in the range
    qint64 deadLettersReplayed = 0; // distinct messages replayed in the range
    qint64 deadLettersOpen = 0;     // the dead-letter set now (not purged)
    QList<HealthRecord> components; // the latest heartbeat of each
    struct Checkpoint
    {
        QString component;
        QDateTime newest;
        qint64 versions = 0;
    };
    QList<Checkpoint> checkpoints; // the newest checkpoint per component
    // The pipeline map (its components and ports) as read at the range's end, or now if that is
    // earlier; its queues as they are now. None: the database has no port_messages.
    std::optional<PipelineMap> map;

    QList<ReportErrorGroup> errorGroups; // by count, largest first
    // With a comparison: the dead letters' signatures of the range and of the one before.
    std::optional<DeadLetterComparison> deadLetterComparison;
    QList<ReportChartData> charts;
    std::optional<BatchIntegrityReport> integrity; // when a batch store was given
    QString integrityProblem;                      // why it could not be checked
    QList<AuditEntry> actions; // operator actions in the range, newest first (at most 200)
    qint64 actionsTotal = 0;
    // The alerts' changes in the range, newest first (at most 200); none kept: the database
    // has no alert history (a pipeline's own database).
    bool alertHistoryKept = false;
    QList<AlertHistoryEntry> alerts;
    qint64 alertsTotal = 0;

    // What changed in the range (storage/pipeline/timeline.h), newest first, at most
    // changesShown; capped: there were more. Checkpoint and state versions, which a pipeline
    // saves as it runs, are counted instead (up to versionsCounted each).
    static constexpr int changesShown = 200;
    static constexpr int versionsCounted = 10000;
    QList<Change> changes;
    bool changesCapped = false;
    qint64 checkpointVersions = 0;
    qint64 stateVersions = 0;

    // The ledger of the range, hour by hour, or day by day over more than two days
    // (storage/pipeline/ledger.h); none, and why, when it
    // cannot be read (no receiver sampled in the range, a database without the history).
    std::optional<Ledger> ledger;
    QString ledgerProblem;

    // Nothing at all happened in the range (and the database may be empty).
    bool isEmpty() const
    {
        return messagesReceived == 0 && deliveriesStored == 0 && portMessagesCreated == 0 &&
               actionsTotal == 0 && components.isEmpty();
    }
};

// Reads what the report shows, on the thread that owns `db` (a connection to
// request.database); the batch store and Redis server are probed and checked on the way.
// Fails only when the database cannot be read at all.
Result<ReportData> gatherReport(const QSqlDatabase &db, const ReportRequest &request);

} // namespace porthole
