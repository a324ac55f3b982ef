#pragma once

#include "storageerror.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QStringList>

#include <chrono>
#include <functional>

namespace porthole {

// Seed 001's retention rules (section 6) as defaults, each table's its own; 0 keeps that
// table whole. The latest checkpoint of a name is never deleted. The backlog history, a time
// series like the metrics, keeps as long as they do by default.
struct RetentionRules
{
    int componentMetricsDays = 30;    // component_metrics older than this
    int portMetricsDays = 30;         // port_metrics older than this
    int completedMessagesDays = 7;    // port messages completed longer ago than this
    int checkpointsPerComponent = 10; // keep this many newest checkpoints per component
    int backlogSamplesDays = 30;      // backlog_samples whose slot is older than this
};

// Sets one table's rule from text, as `porthole retention --keep TABLE=VALUE` and the worker's
// retention: section give it: a number of days ("30d" or "30") for component_metrics,
// port_metrics, port_messages and backlog_samples, a number of versions for checkpoints, or
// "off" (0) to keep the table whole. Empty when it is well formed, else what is wrong.
QString setRetentionRule(RetentionRules &rules, const QString &table, const QString &value);

// What retention deletes, fixed when it was previewed: the cut-offs are measured from `now`,
// and the checkpoints are named.
struct RetentionPlan
{
    RetentionRules rules;
    QDateTime now;
    qint64 componentMetrics = 0;
    qint64 portMetrics = 0;
    qint64 completedMessages = 0;
    qint64 backlogSamples = 0; // none on a database without the table (not migrated)
    QStringList checkpointIds; // the checkpoints to delete, never a latest one
    // Where a table is a TimescaleDB hypertable chunked by its time: the whole chunks past its
    // cut-off, which go at once with drop_chunks(). Their rows are counted in the rows above as
    // well; the rows of the chunk that straddles the cut-off are deleted in batches.
    qint64 componentMetricsChunks = 0;
    qint64 portMetricsChunks = 0;
    qint64 backlogSamplesChunks = 0;

    qint64 total() const
    {
        return componentMetrics + portMetrics + completedMessages + backlogSamples +
               checkpointIds.size();
    }
    qint64 chunks() const
    {
        return componentMetricsChunks + portMetricsChunks + backlogSamplesChunks;
    }
};

// Shows what the rules would delete, without deleting anything: the rows, and on a hypertable
// the whole chunks among them (show_chunks() with the cut-off, as drop_chunks() will see it).
Result<RetentionPlan> previewRetention(const QSqlDatabase &db, const RetentionRules &rules,
                                       const QDateTime &now = QDateTime::currentDateTimeUtc());

struct RetentionOptions
{
    QString actor;
    // Rows a statement deletes at most: each batch is a short transaction of its own, so a
    // run of millions of rows never holds the database's write lock for long and the ingest
    // worker writes between batches.
    int batchSize = 5000;
    // How long one batch should take: batches start small, and each next one is sized by how
    // far the last was from this (at most halved or doubled), up to batchSize. Deleting a
    // metrics row updates the roll-ups, which can cost far more on one table than on another,
    // so a row count alone does not bound how long the ingest worker waits.
    std::chrono::milliseconds batchTime{200};
    // Called after each batch with what is deleted so far; false stops the run there (what
    // is deleted stays deleted, and the audit log says where it stopped).
    std::function<bool(const RetentionPlan &deleted)> progress;
};

// The rows of the next batch after one of `size` rows that took `ms` milliseconds.
qint64 nextRetentionBatch(qint64 size, qint64 ms, const RetentionOptions &options);

// Deletes what the plan previewed, in batches, after an audit entry that announces it; on a
// hypertable the whole chunks past the cut-off first, with drop_chunks() (a continuous
// aggregate over the table keeps its buckets of them), then the rest of the rows in batches.
// Refuses, deleting nothing (StorageError::Kind::Conflict), when the rows or whole chunks under
// the plan's cut-offs are no longer the number previewed (rows written since with an old
// time): preview again.
// A checkpoint that became the latest since the preview stays. Returns what was deleted.
Result<RetentionPlan> applyRetention(const QSqlDatabase &db, const RetentionPlan &plan,
                                     const RetentionOptions &options = {});

} // namespace porthole
