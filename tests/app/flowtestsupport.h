#pragma once

// The flows of port messages in a database, read back and checked hop by hop against what a
// flow must be, whoever wrote it (the generator, or demo traffic through the decoder): the
// oracle is the table alone, read in the order its rows were written (SQLite's rowid).

#include "sqlsupport.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <limits>

namespace porthole::test {

struct FlowReport
{
    QStringList problems;         // each names the row and what is wrong with it
    int rows = 0;                 // port messages read
    QMap<QString, int> statuses;  // rows by status
    QMap<int, int> finished;      // flows that reached a sink, by their number of hops
    QMap<QString, int> stoppedAt; // flows that stopped short, by their last hop's status
    int deadEnds = 0;             // of those, stopped at a dead letter or a spent failure
    QStringList open;             // trace ids of flows whose last hop completed short of a sink
    QString lastTrace;            // the trace of the last row written
    qint64 minHandOffMs = std::numeric_limits<qint64>::max(); // cause completed to hop created
    qint64 maxHandOffMs = -1;
    bool messageIdIsRowId = true; // every row's message_id is its id
};

// Reads the port messages of an SQLite database in the order they were written and checks
// every flow: a flow starts with a hop from order-source that names no cause; every other hop
// names as causation_id the message_id of a completed hop of the same trace and correlation
// id written before it, that no other hop names, whose target is its source and which was done
// before it was created; a flow that stops short of a sink stops at a hop that is not
// completed; no flow has more than five hops and one that reaches a sink at least three.
inline FlowReport checkFlows(const QSqlDatabase &db)
{
    static const QSet<QString> sinks{QStringLiteral("inventory-sink"), QStringLiteral("notifier")};
    struct Hop
    {
        QString trace, correlation, target, status;
        QDateTime done; // completed, else processed, else created
        QDateTime completed;
        bool spent = false;
    };
    struct Flow
    {
        int hops = 0;
        QString lastId;
    };
    FlowReport report;
    QHash<QString, Hop> byMessageId;
    QSet<QString> followed;
    QHash<QString, Flow> flows;
    QStringList traceOrder;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral(
            "SELECT id, port_name, source_component, target_component, status, retry_count, "
            "max_retries, created_at, processed_at, completed_at, message_metadata "
            "FROM port_messages ORDER BY rowid"))) {
        report.problems << query.lastError().text();
        return report;
    }
    while (query.next()) {
        const QString id = query.value(0).toString();
        const QString where = QStringLiteral("row %1 (%2): ").arg(report.rows + 1).arg(id);
        ++report.rows;
        const QJsonObject meta =
            QJsonDocument::fromJson(query.value(10).toString().toUtf8()).object();
        const auto key = [&meta](const char *name) {
            return meta.value(QLatin1StringView(name)).toString();
        };
        Hop hop;
        hop.trace = key("trace_id");
        hop.correlation = key("correlation_id");
        hop.target = query.value(3).toString();
        hop.status = query.value(4).toString();
        hop.spent = hop.status == QStringLiteral("dead_letter") ||
                    (hop.status == QStringLiteral("failed") &&
                     query.value(5).toInt() >= query.value(6).toInt());
        const QDateTime created = timestampValue(query.value(7));
        const QDateTime processed = timestampValue(query.value(8));
        hop.completed = timestampValue(query.value(9));
        hop.done = hop.completed.isValid() ? hop.completed
                   : processed.isValid()   ? processed
                                           : created;
        const QString messageId = key("message_id");
        const QString cause = key("causation_id");
        ++report.statuses[hop.status];
        report.messageIdIsRowId = report.messageIdIsRowId && messageId == id;
        if (hop.trace.isEmpty() || hop.correlation.isEmpty() || messageId.isEmpty())
            report.problems << where + QStringLiteral("no trace, correlation or message id");
        if (byMessageId.contains(messageId))
            report.problems << where + QStringLiteral("message_id used before");
        if (cause.isEmpty()) {
            if (flows.contains(hop.trace))
                report.problems << where + QStringLiteral("a second start of its trace");
            if (query.value(2).toString() != QStringLiteral("order-source"))
                report.problems << where + QStringLiteral("a flow that starts past the source");
            traceOrder << hop.trace;
        } else if (!byMessageId.contains(cause)) {
            report.problems << where + QStringLiteral("its cause is no row written before it");
        } else {
            const Hop &before = byMessageId.value(cause);
            if (before.trace != hop.trace || before.correlation != hop.correlation)
                report.problems << where + QStringLiteral("its cause is of another flow");
            if (before.target != query.value(2).toString())
                report.problems << where + QStringLiteral("its source is not its cause's target");
            if (before.status != QStringLiteral("completed"))
                report.problems << where + QStringLiteral("it follows a %1 hop").arg(before.status);
            if (followed.contains(cause))
                report.problems << where + QStringLiteral("its cause has another next hop");
            if (flows.value(hop.trace).lastId != cause)
                report.problems << where + QStringLiteral("its cause is not its flow's last hop");
            if (!(before.done < created))
                report.problems << where + QStringLiteral("created before its cause was done");
            if (before.completed.isValid()) {
                const qint64 handOff = before.completed.msecsTo(created);
                report.minHandOffMs = std::min(report.minHandOffMs, handOff);
                report.maxHandOffMs = std::max(report.maxHandOffMs, handOff);
            }
            followed.insert(cause);
        }
        Flow &flow = flows[hop.trace];
        ++flow.hops;
        flow.lastId = messageId;
        report.lastTrace = hop.trace;
        byMessageId.insert(messageId, hop);
    }
    for (const QString &trace : std::as_const(traceOrder)) {
        const Flow &flow = flows.value(trace);
        const Hop &last = byMessageId.value(flow.lastId);
        if (flow.hops > 5)
            report.problems << QStringLiteral("trace %1: %2 hops").arg(trace).arg(flow.hops);
        if (last.status != QStringLiteral("completed")) {
            ++report.stoppedAt[last.status];
            report.deadEnds += last.spent;
        } else if (sinks.contains(last.target)) {
            ++report.finished[flow.hops];
            if (flow.hops < 3)
                report.problems
                    << QStringLiteral("trace %1: at a sink in %2 hops").arg(trace).arg(flow.hops);
        } else {
            report.open << trace;
        }
    }
    return report;
}

} // namespace porthole::test
