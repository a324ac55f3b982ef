#pragma once

#include "delivery.h"
#include "ingestsink.h"
#include "paging.h"
#include "payloaddecoder.h"
#include "receiverheartbeat.h"
#include "sqltypes.h"
#include "storageerror.h"
#include "storeidentity.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>

#include <memory>

namespace porthole {

// Writes deliveries from Redis into the SQL store (SQLite or PostgreSQL), each as what
// decodePayload() makes of it (docs/PAYLOADS.md):
//   plain message     messages (message_number: the sender's, else one more than the highest
//                     stored), content byte for byte (content_raw where text cannot hold it)
//   sensor reading    processed_events + metrics, once per event_id
//   port message      port_messages
//   component metric  component_metrics
//   port metric       port_metrics
//   heartbeat         system_health
//   checkpoint        checkpoints, the next version of its name, made the latest
//   dead letter       port_messages with status dead_letter, the raw payload kept
// A group is one transaction. A delivery key stored before stores nothing: messages record
// their key in messages.delivery_key, everything else in an ingest_deliveries row written in
// the same transaction.
//
// Uses the connection it is given, on the thread that opened it. Statements are prepared on
// the first write and kept (again after ConnectionLost); a sink belongs to one connection.
class SqlIngestSink final : public IngestSink
{
public:
    explicit SqlIngestSink(QSqlDatabase db, qint64 maxPayloadBytes = defaultMaxPayloadBytes);
    ~SqlIngestSink() override;
    SqlIngestSink(const SqlIngestSink &) = delete;
    SqlIngestSink &operator=(const SqlIngestSink &) = delete;

    // Stores the group in one transaction, or nothing of it: on an error (Locked when SQLite's
    // busy timeout or PostgreSQL's lock timeout ran out, ConnectionLost, ...) everything is
    // rolled back, so the caller can write the same group again later without having
    // acknowledged any of it. A delivery without a key is refused (InvalidArgument).
    //
    // SQLite: a group committed into a database file that was removed, renamed or replaced
    // under the sink (its -wal file included) is refused with ConnectionLost ("the store was
    // removed or replaced"), after the commit and before anyone acknowledges it: the caller
    // opens the store anew and writes the group there.
    Result<IngestOutcome> write(const QList<Delivery> &group) override;
    // Into system_health, when the database has one (recordReceiverHeartbeat()).
    Status recordHeartbeat(const Heartbeat &beat) override;

    // SQLite: that the database file and its -wal file are still the ones the connection has
    // open (same device and inode as the path now leads to); ConnectionLost when not.
    // PostgreSQL: always success.
    Status checkStore();

private:
    struct Statements;

    Status prepare();
    Status writeMessages(const QList<Delivery> &group, const QList<DecodedPayload> &decoded,
                         const QList<QString> &keys, const QList<qsizetype> &indices,
                         IngestOutcome &outcome);
    Status writeRecord(const Delivery &delivery, const QString &key, const DecodedPayload &decoded,
                       IngestOutcome &outcome);
    QVariant timeParam(const QDateTime &value) const; // m_now for an invalid value
    // The records writeRecord() stores, one a kind.
    Result<qint64> writePortMessage(const PortMessage &m, const QString &id, const QString &key);
    Result<qint64> writeComponentMetric(const ComponentMetric &m, const QString &key);
    Result<qint64> writePortMetric(const PortMetric &m, const QString &key);
    Result<qint64> writeHeartbeat(const Heartbeat &h, const QString &key);
    Result<qint64> writeCheckpoint(const CheckpointVersion &c, const Delivery &delivery,
                                   const QString &key);
    Result<qint64> writeDeadLetter(const Delivery &delivery, const QString &id, const QString &key,
                                   const DecodedPayload &decoded);

    QSqlDatabase m_db;
    SqlEngine m_engine;
    qint64 m_maxPayloadBytes;
    QDateTime m_now; // of the group being written
    std::unique_ptr<Statements> m_statements;
    // SQLite: the database file and its -wal file as the sink found them when it was made.
    QString m_storePath;
    std::optional<FileIdentity> m_mainFile;
    std::optional<FileIdentity> m_walFile;
};

} // namespace porthole
