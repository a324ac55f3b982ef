#include "fileingestsink.h"

#include "payloaddecoder.h"
#include "sqlerror.h"
#include "sqlitestatement.h"
#include "sqlsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlQuery>

#include <algorithm>
#include <chrono>
#include <limits>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A JSON array as the text of one statement parameter.
QString jsonText(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

struct LinePosition
{
    qint64 batchId = 0;
    int lineIndex = 0;
};

} // namespace

// One journal row: the line that will hold the delivery.
struct FileIngestSink::JournalRow
{
    QString key;
    qint64 batch = 0;
    int line = 0;
    QDateTime at;
};

// On SQLite the journal's rows and keys are bound through SQLite's own API, journalRows or
// keysPerLookup to a statement: no JSON to build and parse again, no Qt binding per value.
struct FileIngestSink::JournalStatements
{
    static constexpr int journalRows = 100;
    static constexpr int keysPerLookup = 100;
    SqliteStatement lookup;     // keysPerLookup keys
    SqliteStatement insertMany; // journalRows rows
    SqliteStatement insertOne;
    QList<QByteArray> keep; // bytes bound to the statement about to run
};

FileIngestSink::FileIngestSink(std::unique_ptr<BatchFileWriter> writer, QSqlDatabase bookkeeping,
                               qint64 maxPayloadBytes)
    : m_writer(std::move(writer))
    , m_db(bookkeeping)
    , m_deadLetters(bookkeeping, maxPayloadBytes)
    , m_maxPayloadBytes(maxPayloadBytes)
{}

FileIngestSink::~FileIngestSink() = default;

Result<std::unique_ptr<FileIngestSink>>
FileIngestSink::open(const QString &directory, QSqlDatabase bookkeeping, qint64 maxPayloadBytes)
{
    // Commits only when write() asks: a line is never written before its journal row. The
    // writer compares the delay with steady_clock durations (nanoseconds), so the longest
    // delay is the one that converts to them without overflow: milliseconds::max() would wrap
    // around to a negative delay, and every append() would commit (and fsync) one line.
    BatchFileWriter::Options options;
    options.maxGroupMessages = std::numeric_limits<int>::max();
    options.maxGroupDelay = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::duration::max());
    auto writer = BatchFileWriter::open(directory, options);
    if (!writer)
        return writer.error();
    // A line holds at most batchContentLimit bytes: a larger payload is a dead letter.
    std::unique_ptr<FileIngestSink> sink(new FileIngestSink(
        std::move(writer).value(), bookkeeping, std::min(maxPayloadBytes, batchContentLimit)));
    if (const std::optional<qint64> last = sink->recovery().lastMessageNumber)
        sink->m_nextOwnNumber = *last + 1;
    if (Status reconciled = sink->reconcileJournal(); !reconciled)
        return reconciled.error();
    return sink;
}

Status FileIngestSink::reconcileJournal()
{
    // Everything from the writer's next line on was journalled but never reached the store.
    const qint64 batch = m_writer->currentBatchId();
    const int line = m_writer->linesInCurrentBatch();
    auto removed = execQuery(m_db,
                             u"DELETE FROM ingest_deliveries WHERE sink = 'file' AND "
                             "(batch_id > ? OR (batch_id = ? AND line_index >= ?))"_s,
                             {batch, batch, line}, u"clearing the batch-file journal"_s);
    if (!removed)
        return removed.error();
    m_unwrittenOnOpen = removed->numRowsAffected();
    return success();
}

Status FileIngestSink::prepareJournal()
{
    sqlite3 *handle = SqliteStatement::handleOf(m_db);
    if (m_journal || !handle)
        return success();
    using S = JournalStatements;
    const auto insert = [](int rows) {
        return u"INSERT INTO ingest_deliveries (delivery_key, batch_id, line_index, stored_at, "
               "sink) SELECT *, 'file' FROM (VALUES %1)"_s.arg(
                   SqliteStatement::valuesList(4, rows));
    };
    auto journal = std::make_unique<S>();
    const std::pair<SqliteStatement *, QString> sql[] = {
        {&journal->lookup,
         u"SELECT delivery_key FROM ingest_deliveries WHERE delivery_key IN (VALUES %1)"_s.arg(
             SqliteStatement::valuesList(1, S::keysPerLookup))},
        {&journal->insertMany, insert(S::journalRows)},
        {&journal->insertOne, insert(1)},
    };
    for (const auto &[statement, text] : sql) {
        auto prepared =
            SqliteStatement::prepare(handle, text.toUtf8(), u"Preparing the batch-file journal"_s);
        if (!prepared)
            return prepared.error();
        *statement = std::move(prepared).value();
    }
    m_journal = std::move(journal);
    return success();
}

Result<QSet<QString>> FileIngestSink::journalled(const QStringList &keys)
{
    QSet<QString> found;
    if (keys.isEmpty())
        return found;
    if (Status prepared = prepareJournal(); !prepared)
        return prepared.error();
    if (m_journal) {
        SqliteStatement &lookup = m_journal->lookup;
        for (qsizetype from = 0; from < keys.size(); from += JournalStatements::keysPerLookup) {
            m_journal->keep.clear();
            for (int i = 0; i < JournalStatements::keysPerLookup; ++i) {
                if (from + i < keys.size()) {
                    m_journal->keep.append(keys.at(from + i).toUtf8());
                    lookup.bindText(i + 1, m_journal->keep.constLast());
                } else {
                    lookup.bindNull(i + 1);
                }
            }
            const Status looked = lookup.forEachRow([&found](const SqliteStatement &row) {
                found.insert(QString::fromUtf8(row.columnText(0)));
            });
            if (!looked)
                return looked.error();
        }
        return found;
    }
    // PostgreSQL: the group's keys as one JSON array, one statement however many there are.
    const QString sql = u"SELECT delivery_key FROM ingest_deliveries WHERE delivery_key IN "
                        "(SELECT jsonb_array_elements_text(CAST(? AS JSONB)))"_s;
    auto query = execQuery(m_db, sql, {jsonText(QJsonArray::fromStringList(keys))},
                           u"looking up delivered keys"_s);
    if (!query)
        return query.error();
    while (query->next())
        found.insert(query->value(0).toString());
    return found;
}

// The group sorted for writing: dead letters apart, and each other key once, in order.
struct FileIngestSink::SortedGroup
{
    QList<Delivery> deadLetters;
    QList<qsizetype> lines; // indices into group
    QList<std::optional<qint64>> numbers;
    QList<DecodedPayload::Kind> kinds;
};

// The lines not journalled before, placed where the writer will put them.
struct FileIngestSink::NewLines
{
    QList<BatchMessage> messages;
    QList<JournalRow> journal;
    KindsByKey lineKinds;
    qint64 nextOwn = 0;
};

Result<FileIngestSink::SortedGroup> FileIngestSink::sortGroup(const QList<Delivery> &group,
                                                              IngestOutcome &outcome) const
{
    SortedGroup sorted;
    QSet<QString> inGroup;
    for (qsizetype i = 0; i < group.size(); ++i) {
        const Delivery &delivery = group[i];
        if (delivery.key.isEmpty())
            return StorageError{StorageError::Kind::InvalidArgument,
                                u"A delivery without a key cannot be stored."_s};
        const DecodedPayload decoded = decodePayload(delivery, m_maxPayloadBytes);
        if (decoded.kind() == DecodedPayload::Kind::DeadLetter) {
            sorted.deadLetters.append(delivery);
            continue;
        }
        if (inGroup.contains(delivery.key)) {
            ++outcome.duplicates;
            continue;
        }
        inGroup.insert(delivery.key);
        sorted.lines.append(i);
        const PlainMessage *message = decoded.get<PlainMessage>();
        sorted.numbers.append(message && message->number && *message->number >= 0
                                  ? message->number
                                  : std::optional<qint64>());
        sorted.kinds.append(decoded.kind());
    }
    return sorted;
}

// Kept until a call succeeds: one that fails after counting them has counted nothing.
std::optional<DecodedPayload::Kind> FileIngestSink::firstCount(const QString &key) const
{
    const auto it = m_uncounted.constFind(key);
    return it == m_uncounted.cend() ? std::nullopt : std::optional(*it);
}

Status FileIngestSink::writeDeadLetters(const QList<Delivery> &deadLetters, IngestOutcome &outcome,
                                        KindsByKey &storedNow)
{
    auto stored = m_deadLetters.write(deadLetters);
    if (!stored)
        return stored.error();
    // Those a failed call stored before are found stored now: counted this once.
    qint64 recounted = 0;
    for (const Delivery &dead : std::as_const(deadLetters)) {
        if (recounted < stored->duplicates && firstCount(dead.key))
            ++recounted;
        else if (stored->deadLettered > 0) // none stored: all were there before
            storedNow.insert(dead.key, DecodedPayload::Kind::DeadLetter);
    }
    outcome.deadLettered += stored->deadLettered + recounted;
    outcome.duplicates += stored->duplicates - recounted;
    outcome.byKind[static_cast<std::size_t>(DecodedPayload::Kind::DeadLetter)] +=
        stored->deadLettered + recounted;
    return success();
}

// Where each new line goes, as the writer will place it.
FileIngestSink::NewLines FileIngestSink::placeNewLines(const QList<Delivery> &group,
                                                       const SortedGroup &sorted,
                                                       const QSet<QString> &known,
                                                       IngestOutcome &outcome) const
{
    qint64 batch = m_writer->currentBatchId();
    int filled = m_writer->linesInCurrentBatch();
    NewLines placed;
    placed.nextOwn = m_nextOwnNumber;
    for (qsizetype n = 0; n < sorted.lines.size(); ++n) {
        const Delivery &delivery = group[sorted.lines[n]];
        if (known.contains(delivery.key)) {
            // Journalled and left pending by a failed call, and committed above: stored now.
            if (const auto kind = firstCount(delivery.key)) {
                ++outcome.stored;
                ++outcome.byKind[static_cast<std::size_t>(*kind)];
            } else {
                ++outcome.duplicates;
            }
            continue;
        }
        if (filled >= batchFileCapacity) {
            ++batch;
            filled = 0;
        }
        const qint64 number = sorted.numbers[n] ? *sorted.numbers[n] : placed.nextOwn;
        placed.nextOwn = std::max(placed.nextOwn, number + 1);
        const QDateTime at =
            delivery.receivedAt.isValid() ? delivery.receivedAt : QDateTime::currentDateTimeUtc();
        placed.messages.append(BatchMessage{number, at, delivery.payload});
        ++outcome.byKind[static_cast<std::size_t>(sorted.kinds[n])];
        placed.lineKinds.insert(delivery.key, sorted.kinds[n]);
        placed.journal.append(JournalRow{delivery.key, batch, filled, at});
        ++filled;
    }
    return placed;
}

Status FileIngestSink::journalLines(const QList<JournalRow> &rows)
{
    if (Status prepared = prepareJournal(); !prepared)
        return prepared.error();
    SqlTransaction transaction(m_db);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    if (m_journal) {
        qsizetype next = 0;
        while (next < rows.size()) {
            const bool full = rows.size() - next >= JournalStatements::journalRows;
            SqliteStatement &insert = full ? m_journal->insertMany : m_journal->insertOne;
            const qsizetype take = full ? JournalStatements::journalRows : 1;
            m_journal->keep.clear();
            for (qsizetype r = 0; r < take; ++r) {
                const JournalRow &row = rows.at(next + r);
                const int first = int(r) * 4 + 1;
                m_journal->keep.append(row.key.toUtf8());
                insert.bindText(first, m_journal->keep.constLast());
                insert.bindInt64(first + 1, row.batch);
                insert.bindInt64(first + 2, row.line);
                m_journal->keep.append(timestampText(row.at).toUtf8());
                insert.bindText(first + 3, m_journal->keep.constLast());
            }
            auto stepped = insert.step();
            insert.reset();
            if (!stepped)
                return stepped.error();
            next += take;
        }
        return transaction.commit();
    }
    QJsonArray journal; // [key, batch, line, time] a line
    for (const JournalRow &row : rows)
        journal.append(QJsonArray{row.key, row.batch, row.line,
                                  timestampParam(row.at, engineOf(m_db)).toString()});
    // PostgreSQL: the group's rows as one JSON array of [key, batch, line, time], one statement.
    const QString sql =
        u"INSERT INTO ingest_deliveries (delivery_key, sink, batch_id, line_index, stored_at) "
        "SELECT r ->> 0, 'file', CAST(r ->> 1 AS BIGINT), CAST(r ->> 2 AS INTEGER), "
        "CAST(r ->> 3 AS TIMESTAMPTZ) FROM jsonb_array_elements(CAST(? AS JSONB)) AS r"_s;
    if (auto inserted = execQuery(m_db, sql, {jsonText(journal)}, u"journalling batch lines"_s);
        !inserted)
        return inserted.error();
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return success();
}

Status FileIngestSink::recordHeartbeat(const Heartbeat &beat)
{
    return m_deadLetters.recordHeartbeat(beat);
}

Result<IngestOutcome> FileIngestSink::write(const QList<Delivery> &group)
{
    // Stored by this call; should it fail after all, counted when the group comes again.
    KindsByKey storedNow;
    struct KeepUncounted
    {
        KindsByKey &from;
        KindsByKey &into;
        bool done = false;
        ~KeepUncounted()
        {
            if (done)
                into.clear();
            else
                into.insert(from);
        }
    } keep{storedNow, m_uncounted};

    // Lines of an earlier group whose sync failed: durable first, or nothing new.
    if (m_writer->pendingCount() > 0) {
        if (auto committed = m_writer->commit(); !committed)
            return committed.error();
    }

    IngestOutcome outcome;
    auto sorted = sortGroup(group, outcome);
    if (!sorted)
        return sorted.error();
    if (!sorted->deadLetters.isEmpty()) {
        if (Status written = writeDeadLetters(sorted->deadLetters, outcome, storedNow); !written)
            return written.error();
    }

    // Deliveries journalled before are in the store (open() removed the rest).
    QStringList keys;
    keys.reserve(sorted->lines.size());
    for (const qsizetype i : std::as_const(sorted->lines))
        keys.append(group[i].key);
    auto known = journalled(keys);
    if (!known)
        return known.error();

    const NewLines placed = placeNewLines(group, *sorted, *known, outcome);
    if (placed.messages.isEmpty()) {
        keep.done = true;
        return outcome;
    }

    if (Status inJournal = journalLines(placed.journal); !inJournal)
        return inJournal.error();
    // A journal committed into a bookkeeping database that was removed or replaced would let
    // these lines be written twice: nothing is written before it is where it belongs.
    if (Status inPlace = m_deadLetters.checkStore(); !inPlace)
        return inPlace.error();

    for (const BatchMessage &message : placed.messages) {
        if (auto taken = m_writer->append(message); !taken)
            return taken.error();
    }
    m_nextOwnNumber = placed.nextOwn;
    // From here on the lines are journalled and pending in the writer: a failed commit leaves
    // them for the next call, which commits them first.
    storedNow.insert(placed.lineKinds);
    if (auto committed = m_writer->commit(); !committed)
        return committed.error();
    outcome.stored += placed.messages.size();
    keep.done = true;
    return outcome;
}

} // namespace porthole
