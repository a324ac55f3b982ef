#pragma once

#include "alertevaluator.h"
#include "alertrules.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>

namespace porthole {

// Where the worker's alert rules stand after a round, as its endpoint serves them: GET /alerts
// (toJson()) and the porthole_alert_firing gauge of /metrics (toPrometheusText()). A value
// sent from the alert thread to the endpoint's.
struct WorkerAlertReport
{
    QList<AlertRule> rules;
    QList<AlertStatus> statuses;
    QDateTime evaluatedAt; // UTC; invalid: no round yet

    // Each status with its rule's name and severity, and each enabled rule without a status
    // (its source has given no value yet) as one "ok" entry without a subject or value.
    struct Entry
    {
        const AlertRule *rule = nullptr;
        AlertStatus status;
    };
    QList<Entry> entries() const;

    // {"evaluated_at": ..., "firing": N, "rules": [{"rule", "name", "severity", "subject",
    // "state", "since", "value"}, ...]}
    QJsonObject toJson() const;
    // porthole_alert_firing{rule="...",subject="...",severity="..."} 1 or 0 an entry.
    QByteArray toPrometheusText() const;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::WorkerAlertReport)
