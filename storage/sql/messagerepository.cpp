#include "messagerepository.h"

#include "exactcount.h"
#include "sqlerror.h"
#include "sqlsupport.h"

#include <QSqlError>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int rowsPerInsert = 200;
const QString columns =
    u"id, batch_id, message_number, content, content_raw, timestamp, delivery_key, source"_s;

// Text columns take valid UTF-8 without NUL (PostgreSQL's text cannot hold a NUL byte).
bool storableAsText(const QByteArray &bytes)
{
    if (bytes.contains('\0'))
        return false;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(bytes);
    return !decoder.hasError();
}

QString readableText(const QByteArray &bytes)
{
    QString text = QString::fromUtf8(bytes);
    text.replace(QChar(u'\0'), QChar::ReplacementCharacter);
    return text;
}

ReceivedMessage fromRecord(const QSqlQuery &query)
{
    ReceivedMessage m;
    m.id = query.value(0).toLongLong();
    if (!query.value(1).isNull())
        m.batchId = query.value(1).toLongLong();
    m.messageNumber = query.value(2).toLongLong();
    m.content =
        query.value(4).isNull() ? query.value(3).toString().toUtf8() : query.value(4).toByteArray();
    m.timestamp = timestampValue(query.value(5));
    m.deliveryKey = query.value(6).toString();
    m.source = query.value(7).toString();
    return m;
}

} // namespace

MessageRepository::MessageRepository(QSqlDatabase db)
    : m_db(std::move(db))
    , m_engine(engineOf(m_db))
{}

const QStringList &MessageRepository::sortColumns()
{
    static const QStringList list{u"timestamp"_s, u"message_number"_s};
    return list;
}

Result<InsertOutcome> MessageRepository::insert(const QList<ReceivedMessage> &messages)
{
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const ReceivedMessage &m = messages.at(i);
        if (m.deliveryKey.isEmpty() || !m.timestamp.isValid())
            return StorageError::invalidArgument(
                u"Message %1 was not stored: it needs a delivery key and a timestamp; nothing was stored."_s
                    .arg(i + 1));
    }
    SqlTransaction transaction(m_db);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    InsertOutcome outcome;
    QSqlQuery statement(m_db);
    qsizetype preparedFor = 0;
    for (qsizetype start = 0; start < messages.size(); start += rowsPerInsert) {
        const qsizetype rows = std::min<qsizetype>(rowsPerInsert, messages.size() - start);
        if (rows != preparedFor) {
            QString sql =
                u"INSERT INTO messages (batch_id, message_number, content, content_raw, timestamp, "
                "delivery_key, source) VALUES "_s;
            for (qsizetype r = 0; r < rows; ++r)
                sql += (r ? u", "_s : QString()) + u"(?, ?, ?, ?, ?, ?, ?)"_s;
            sql += u" ON CONFLICT (delivery_key) DO NOTHING"_s;
            if (!statement.prepare(sql))
                return sqlError(statement.lastError(), u"Preparing to store messages"_s);
            preparedFor = rows;
        }
        int index = 0;
        for (qsizetype r = start; r < start + rows; ++r) {
            const ReceivedMessage &m = messages.at(r);
            const bool text = storableAsText(m.content);
            statement.bindValue(index++, m.batchId ? QVariant(*m.batchId)
                                                   : QVariant(QMetaType::fromType<qint64>()));
            statement.bindValue(index++, m.messageNumber);
            // Invalid bytes and NUL show as U+FFFD in content; content_raw keeps them exactly.
            statement.bindValue(index++, readableText(m.content));
            statement.bindValue(index++, text ? QVariant(QMetaType::fromType<QByteArray>())
                                              : QVariant(m.content));
            statement.bindValue(index++, timestampParam(m.timestamp, m_engine));
            statement.bindValue(index++, m.deliveryKey);
            statement.bindValue(index++, m.source);
        }
        if (!statement.exec())
            return sqlError(statement.lastError(), u"Storing %1 messages"_s.arg(messages.size()));
        const qint64 stored = statement.numRowsAffected();
        outcome.inserted += stored;
        outcome.duplicates += rows - stored;
    }
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return outcome;
}

Status MessageRepository::upsertBatches(const QList<BatchRecord> &batches)
{
    SqlTransaction transaction(m_db);
    if (Status begun = transaction.begin(); !begun)
        return begun;
    for (const BatchRecord &batch : batches) {
        auto done = execQuery(
            m_db,
            u"INSERT INTO batches (id, filename, message_count, date_created, date_modified) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET filename = excluded.filename, "
            "message_count = excluded.message_count, date_created = excluded.date_created, "
            "date_modified = excluded.date_modified"_s,
            {batch.id, batch.filename, batch.messageCount,
             timestampParam(batch.dateCreated, m_engine),
             timestampParam(batch.dateModified, m_engine)},
            u"Storing batch %1"_s.arg(batch.id));
        if (!done)
            return done.error();
    }
    return transaction.commit();
}

Result<QList<BatchRecord>> MessageRepository::batches() const
{
    auto query = execQuery(
        m_db,
        u"SELECT id, filename, message_count, date_created, date_modified FROM batches ORDER BY id"_s,
        {}, u"Listing batches"_s);
    if (!query)
        return query.error();
    QList<BatchRecord> list;
    while (query->next())
        list.append({query->value(0).toLongLong(), query->value(1).toString(),
                     query->value(2).toInt(), timestampValue(query->value(3)),
                     timestampValue(query->value(4))});
    return list;
}

PageKey MessageRepository::keyOf(const ReceivedMessage &message, const QString &sortColumn)
{
    return sortColumn == u"message_number"_s
               ? PageKey{message.messageNumber, QString::number(message.id)}
               : PageKey{message.timestamp, QString::number(message.id)};
}

WhereClause MessageRepository::where(const MessageFilter &filter) const
{
    WhereClause w;
    if (!filter.text.isEmpty())
        w.addTextSearch(m_engine == SqlEngine::SQLite ? u"instr(lower(content), lower(?)) > 0"_s
                                                      : u"strpos(lower(content), lower(?)) > 0"_s,
                        {filter.text});
    if (filter.numberFrom)
        w.add(u"message_number >= ?"_s, {*filter.numberFrom});
    if (filter.numberTo)
        w.add(u"message_number <= ?"_s, {*filter.numberTo});
    if (filter.from.isValid())
        w.add(u"timestamp >= ?"_s, {timestampParam(filter.from, m_engine)});
    if (filter.to.isValid())
        w.add(u"timestamp < ?"_s, {timestampParam(filter.to, m_engine)});
    if (filter.batchId)
        w.add(u"batch_id = ?"_s, {*filter.batchId});
    if (!filter.source.isEmpty())
        w.add(u"source = ?"_s, {filter.source});
    return w;
}

Result<Page<ReceivedMessage>> MessageRepository::page(const MessageFilter &filter,
                                                      const PageRequest &request) const
{
    auto sortColumn = checkPageRequest(request, sortColumns(), u"Messages"_s);
    if (!sortColumn)
        return sortColumn.error();
    const QVariant keySort = *sortColumn == u"timestamp"_s
                                 ? timestampParam(request.key.sortValue.toDateTime(), m_engine)
                                 : request.key.sortValue;
    const KeysetQuery sql = keysetQuery(u"SELECT %1 FROM messages"_s.arg(columns), where(filter),
                                        request, *sortColumn, keySort, request.key.id.toLongLong());
    auto query = execQuery(m_db, sql.sql, sql.params, u"Reading messages"_s);
    if (!query)
        return query.error();
    QList<ReceivedMessage> rows;
    while (query->next())
        rows.append(fromRecord(*query));
    return finishPage(std::move(rows), request);
}

Result<Page<ReceivedMessage>> MessageRepository::pageBetween(const MessageFilter &filter,
                                                             const KeyRange &range,
                                                             const PageRequest &request) const
{
    auto sortColumn = checkPageRequest(request, sortColumns(), u"Messages"_s);
    if (!sortColumn)
        return sortColumn.error();
    const auto bound = [&](const PageKey &key) -> QVariantList {
        return {*sortColumn == u"timestamp"_s ? timestampParam(key.sortValue.toDateTime(), m_engine)
                                              : key.sortValue,
                key.id.toLongLong()};
    };
    const KeysetQuery sql = keyRangeQuery(u"SELECT %1 FROM messages"_s.arg(columns), where(filter),
                                          range, request, *sortColumn, bound);
    auto query = execQuery(m_db, sql.sql, sql.params, u"Reading messages"_s);
    if (!query)
        return query.error();
    QList<ReceivedMessage> rows;
    while (query->next())
        rows.append(fromRecord(*query));
    return finishPage(std::move(rows), forwardFromStart(request));
}

Result<RowCount> MessageRepository::estimatedCount() const
{
    // Neither reads the table: pg_class holds what VACUUM and ANALYZE last saw (-1 before
    // either ran, 0 on servers before 14, and then the planner's guess from the table's size
    // serves); SQLite finds the smallest and largest id at the two ends of the primary key.
    if (m_engine == SqlEngine::PostgreSQL) {
        auto query = execQuery(m_db,
                               u"SELECT reltuples::bigint FROM pg_class "
                               "WHERE oid = to_regclass('messages')"_s,
                               {}, u"Estimating the number of messages"_s);
        if (!query)
            return query.error();
        const qint64 tuples = query->next() ? query->value(0).toLongLong() : -1;
        if (tuples > 0)
            return RowCount{tuples, RowCount::Precision::Estimate};
        // Counting first (stopping at the first row) tells an empty table from one that was
        // never analysed, which the planner takes for ten pages of rows.
        auto planned = boundedCount(m_db, u"FROM messages"_s, {}, 0,
                                    u"Estimating the number of messages"_s, false);
        if (!planned)
            return planned.error();
        return RowCount{planned->value, RowCount::Precision::Estimate};
    }
    auto query = execQuery(m_db,
                           u"SELECT coalesce((SELECT max(id) FROM messages) - "
                           "(SELECT min(id) FROM messages) + 1, 0)"_s,
                           {}, u"Estimating the number of messages"_s);
    if (!query)
        return query.error();
    query->next();
    return RowCount{query->value(0).toLongLong(), RowCount::Precision::Estimate};
}

Result<RowCount> MessageRepository::count(const MessageFilter &filter, qint64 exactUpTo) const
{
    return boundedCount(m_db, u"FROM messages"_s, where(filter), exactUpTo, u"Counting messages"_s);
}

Result<std::optional<qint64>> MessageRepository::exactCount(const MessageFilter &filter,
                                                            CountInterrupt &interrupt) const
{
    const WhereClause w = where(filter);
    return porthole::exactCount(m_db, u"FROM messages"_s + w.sql, w.params, interrupt,
                                u"Counting messages"_s);
}

} // namespace porthole
