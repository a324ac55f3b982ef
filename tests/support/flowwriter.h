#pragma once

#include "portmessagerepository.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QStringList>

// A message's hops as a pipeline writes them, for the tests of its journey (the reader, the
// command, the pane).
namespace porthole::test {

// One hop from `from` to `to` on `port` in `status`, made at `createdAt` (invalid: when it is
// stored); a failed one or a dead letter has an error.
inline PortMessage hopMessage(const QString &port, const QString &from, const QString &to,
                              const QString &status, const QDateTime &createdAt = {})
{
    PortMessage m;
    m.portName = port;
    m.sourceComponent = from;
    m.targetComponent = to;
    m.messageData = R"({"n": 1})";
    m.status = status;
    m.createdAt = createdAt;
    if (status == QLatin1String("failed") || status == QLatin1String("dead_letter"))
        m.errorMessage = QStringLiteral("timeout");
    return m;
}

struct FlowHop
{
    QString from;
    QString to;
    QString port;
    QString status = QStringLiteral("completed");
    int retries = 0;
    qint64 atMs = 0; // created, after the flow's start
};

// Writes `hops` as port messages, each with `trace` under `traceKey` in its metadata and every
// one after the first naming the one before under `causeKey`. A hop is processed 40 ms after it
// was created (a pending one is not), a completed one done 10 ms later; a failed one or a dead
// letter has an error. The ids, first to last, or why they could not be written.
inline Result<QStringList> writeFlow(const QSqlDatabase &db, const QList<FlowHop> &hops,
                                     const QString &trace, const QDateTime &start,
                                     const QString &traceKey = QStringLiteral("trace_id"),
                                     const QString &causeKey = QStringLiteral("causation_id"))
{
    QStringList ids;
    PortMessageRepository repository(db);
    for (const FlowHop &hop : hops) {
        PortMessage m;
        m.portName = hop.port;
        m.sourceComponent = hop.from;
        m.targetComponent = hop.to;
        m.messageData = R"({"order_id": 1})";
        QJsonObject metadata{{traceKey, trace}};
        if (!ids.isEmpty())
            metadata.insert(causeKey, ids.constLast());
        m.messageMetadata = QJsonDocument(metadata).toJson(QJsonDocument::Compact);
        m.status = hop.status;
        m.retryCount = hop.retries;
        m.createdAt = start.addMSecs(hop.atMs);
        if (hop.status != QLatin1String("pending"))
            m.processedAt = m.createdAt.addMSecs(40);
        if (hop.status == QLatin1String("completed"))
            m.completedAt = m.processedAt.addMSecs(10);
        if (hop.status == QLatin1String("failed") || hop.status == QLatin1String("dead_letter"))
            m.errorMessage = QStringLiteral("Timeout after 5000 ms calling payment-gateway");
        auto stored = repository.insert({m});
        if (!stored)
            return stored.error();
        ids << stored->constFirst().id;
    }
    return ids;
}

} // namespace porthole::test
