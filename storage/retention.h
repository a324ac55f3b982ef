#pragma once

#include "storageerror.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QStringList>

namespace porthole {

// Seed 001's retention rules (section 6).
struct RetentionRules
{
    int metricsDays = 30;             // component_metrics and port_metrics older than this
    int completedMessagesDays = 7;    // completed port messages older than this
    int checkpointsPerComponent = 10; // keep this many newest checkpoints per component
};

// What retention deletes, fixed when it was previewed: applying it removes exactly this.
struct RetentionPlan
{
    RetentionRules rules;
    QDateTime now; // the moment the cut-offs are measured from
    qint64 componentMetrics = 0;
    qint64 portMetrics = 0;
    qint64 completedMessages = 0;
    QStringList checkpointIds; // the checkpoints to delete, never a latest one

    qint64 total() const
    {
        return componentMetrics + portMetrics + completedMessages + checkpointIds.size();
    }
};

// Shows what the rules would delete, without deleting anything.
Result<RetentionPlan> previewRetention(const QSqlDatabase &db, const RetentionRules &rules,
                                       const QDateTime &now = QDateTime::currentDateTimeUtc());
// Deletes what the plan names, in one transaction with its audit entry; returns what was
// deleted (rows that changed since the preview are left alone).
Result<RetentionPlan> applyRetention(const QSqlDatabase &db, const RetentionPlan &plan,
                                     const QString &actor = {});

} // namespace porthole
