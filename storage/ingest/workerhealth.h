#pragma once

#include "ingeststatus.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace porthole {

// The state as a machine reads it: "running", "waiting_for_store", ... (ingestStateName() is
// the one for a person). The worker's endpoint reports these in /health and /metrics.
QString ingestStateId(IngestState state);
std::optional<IngestState> ingestStateFromId(QStringView id);
// A Prometheus label's value with \, " and newlines escaped, for between the quotes.
QByteArray prometheusLabelValue(const QString &text);
// Every state, in the enum's order.
const QList<IngestState> &ingestStates();

// What `GET /health` of a worker (`porthole ingest --listen`) says: its statistics and who it
// is. The endpoint writes it, the Overview's remote workers read it: the field names live
// here once (docs/INGEST.md lists them).
struct WorkerHealth
{
    IngestStats stats;
    QString mode; // stream, list or pubsub
    QString key;
    QString group; // streams only
    QString consumer;
    QString host;
    QString version;
    QDateTime startedAt; // UTC
    qint64 uptimeSeconds = 0;

    // The Redis connection as the state implies it: "up", "connecting", "reconnecting", "down".
    static QString redisConnection(IngestState state);
    // The store's: "up", "connecting", "waiting" (it refused the last write), "down".
    static QString databaseConnection(IngestState state);

    // A report of this process: `stats`, the machine's host name and Porthole's version; who it
    // is otherwise (mode, key, group, consumer, start) is the caller's to fill.
    static WorkerHealth ofThisProcess(const IngestStats &stats);

    QJsonObject toJson() const;
    // What GET /metrics serves: the Prometheus text format 0.0.4, metrics named
    // porthole_ingest_* (docs/INGEST.md lists them).
    QByteArray toPrometheusText() const;
    // The report in `object`, or nothing (and *error says why) when it is not a worker's.
    static std::optional<WorkerHealth> fromJson(const QJsonObject &object, QString *error);
};

} // namespace porthole
