#pragma once

#include "batchfilewriter.h"
#include "delivery.h"
#include "sqlingestsink.h"
#include "storageerror.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace porthole {

// Writes deliveries from Redis into a batch-file store (docs/BATCH_FORMAT.md): every payload
// as one message line, byte for byte. Dead letters and the bookkeeping go to a SQL database.
//
// A delivery is written once, even across crashes. Before its line is written, an
// ingest_deliveries row names the batch file and line that will hold it (a write-ahead
// journal, committed first). On open, the journal's rows for lines the store does not hold
// (the writer was stopped before they reached the disk, or a torn last line was cut) are
// removed, so those deliveries are written again when Redis delivers them again; a delivery
// whose row remains is in the store and is counted as a duplicate. A group is acknowledged
// to its source only after write() returned: then every line of it is durable.
//
// A store removed or replaced under the sink (the folder, the batch file being filled, or the
// bookkeeping database) fails the write with ConnectionLost before anything of the group can
// be acknowledged (BatchFileWriter, SqlIngestSink::checkStore()): open the sink anew.
//
// The bookkeeping database must serve one batch store. Uses its connection on the thread that
// opened it.
class FileIngestSink final : public IngestSink
{
public:
    static Result<std::unique_ptr<FileIngestSink>>
    open(const QString &directory, QSqlDatabase bookkeeping,
         qint64 maxPayloadBytes = defaultMaxPayloadBytes);
    ~FileIngestSink() override;
    FileIngestSink(const FileIngestSink &) = delete;
    FileIngestSink &operator=(const FileIngestSink &) = delete;

    // Stores the group: its dead letters in SQL, every other payload as a line, all durable
    // when it returns. On an error nothing of the group may be acknowledged; writing the same
    // group again later stores each delivery once.
    Result<IngestOutcome> write(const QList<Delivery> &group) override;
    // Into the bookkeeping database's system_health, when it has one.
    Status recordHeartbeat(const Heartbeat &beat) override;

    // What opening the store found and repaired (a torn last line cut off and saved).
    const BatchWriterRecovery &recovery() const { return m_writer->recovery(); }
    // Journal rows removed on open: deliveries whose lines never reached the store.
    qint64 unwrittenOnOpen() const { return m_unwrittenOnOpen; }
    QString directory() const { return m_writer->directory(); }

private:
    FileIngestSink(std::unique_ptr<BatchFileWriter> writer, QSqlDatabase bookkeeping,
                   qint64 maxPayloadBytes);
    Status reconcileJournal();
    Result<QSet<QString>> journalled(const QStringList &keys);

    // The steps of write().
    struct SortedGroup;
    struct NewLines;
    using KindsByKey = QHash<QString, DecodedPayload::Kind>;
    Result<SortedGroup> sortGroup(const QList<Delivery> &group, IngestOutcome &outcome) const;
    std::optional<DecodedPayload::Kind> firstCount(const QString &key) const;
    Status writeDeadLetters(const QList<Delivery> &deadLetters, IngestOutcome &outcome,
                            KindsByKey &storedNow);
    NewLines placeNewLines(const QList<Delivery> &group, const SortedGroup &sorted,
                           const QSet<QString> &known, IngestOutcome &outcome) const;
    struct JournalRow;
    struct JournalStatements;
    Status journalLines(const QList<JournalRow> &rows);
    Status prepareJournal();

    std::unique_ptr<BatchFileWriter> m_writer;
    QSqlDatabase m_db;
    // SQLite: the journal's statements through SQLite's own API, prepared on the first write.
    std::unique_ptr<JournalStatements> m_journal;
    SqlIngestSink m_deadLetters;
    qint64 m_maxPayloadBytes;
    qint64 m_nextOwnNumber = 1;
    qint64 m_unwrittenOnOpen = 0;
    // Deliveries a write() that then failed stored all the same (dead letters committed, lines
    // journalled and left pending in the writer), by kind. The caller writes the same group
    // again; they are found stored then, and are counted as stored that once, not as
    // duplicates: a full disk does not make the counts lie.
    QHash<QString, DecodedPayload::Kind> m_uncounted;
};

} // namespace porthole
