#include "portmessagerepository.h"

#include "exactcount.h"
#include "repositorysupport.h"
#include "sqlerror.h"
#include "sqlsupport.h"

#include <QSqlError>
#include <QSqlRecord>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The columns a row is inserted with; the rest (version, replay_count, deleted_at) start at
// their defaults.
const QString columns = u"id, port_name, source_component, target_component, message_data, "
                        "message_metadata, status, retry_count, max_retries, created_at, "
                        "processed_at, completed_at, error_message, error_details"_s;
constexpr int columnCount = 14;
constexpr int rowsPerInsert = 200;

// The dead-letter set: either condition alone is an arm of its own (PortMessageRepository::arms()).
const QString deadLetterArms[] = {u"status = 'dead_letter'"_s,
                                  u"(status = 'failed' AND retry_count >= max_retries)"_s};
const QString deadLetterCondition = u"(%1 OR %2)"_s.arg(deadLetterArms[0], deadLetterArms[1]);

QByteArray jsonBytes(const QVariant &value)
{
    return value.isNull() ? QByteArray() : value.toString().toUtf8();
}

PortMessage fromRecord(const QSqlQuery &query)
{
    PortMessage m;
    m.id = query.value(0).toString();
    m.portName = query.value(1).toString();
    m.sourceComponent = query.value(2).toString();
    m.targetComponent = query.value(3).toString();
    m.messageData = jsonBytes(query.value(4));
    m.messageMetadata = jsonBytes(query.value(5));
    m.status = query.value(6).toString();
    m.retryCount = query.value(7).toInt();
    m.maxRetries = query.value(8).toInt();
    m.createdAt = timestampValue(query.value(9));
    m.processedAt = timestampValue(query.value(10));
    m.completedAt = timestampValue(query.value(11));
    m.errorMessage = query.value(12).toString();
    m.errorDetails = jsonBytes(query.value(13));
    m.version = query.value(14).toLongLong();
    m.replayCount = query.value(15).toInt();
    m.deletedAt = timestampValue(query.value(16));
    return m;
}

// Checks what the database would refuse, so that a bad row is named before anything is written.
Status check(const PortMessage &m)
{
    for (const auto &[name, value] : {std::pair{u"port_name"_s, m.portName},
                                      std::pair{u"source_component"_s, m.sourceComponent},
                                      std::pair{u"target_component"_s, m.targetComponent}}) {
        if (Status ok = checkName(value, name); !ok)
            return ok;
    }
    if (!PortMessageRepository::statuses().contains(m.status))
        return StorageError::invalidArgument(u"the status \"%1\" is not one of %2"_s.arg(
            m.status, PortMessageRepository::statuses().join(u", "_s)));
    for (const auto &[name, json, optional] :
         {std::tuple{u"message_data"_s, m.messageData, false},
          std::tuple{u"message_metadata"_s, m.messageMetadata, true},
          std::tuple{u"error_details"_s, m.errorDetails, true}}) {
        if (Status ok = checkJson(json, name, optional); !ok)
            return ok;
    }
    return success();
}

// What page() takes to sort by: the columns offered, and the stored orders servedSort() falls
// back to.
const QStringList &servableColumns()
{
    static const QStringList list =
        PortMessageRepository::sortColumns() + QStringList{u"rowid"_s, u"id"_s};
    return list;
}

// A listing's rows; read with their rowid (`stored`: in stored order, or tied by it), each with
// its place in stored order (the last column).
Result<QList<PortMessage>> readRows(const QSqlDatabase &db, const KeysetQuery &sql, bool stored)
{
    auto query = execQuery(db, sql.sql, sql.params, u"Reading port messages"_s);
    if (!query)
        return query.error();
    const int storedColumn = query->record().count() - 1;
    QList<PortMessage> rows;
    while (query->next()) {
        rows.append(fromRecord(*query));
        if (stored)
            rows.last().storedOrder = query->value(storedColumn).toLongLong();
    }
    return rows;
}

// A key's tiebreak value as the table holds it: the rowid an integer.
QVariant tieParam(const PageKey &key, const QString &tiebreak)
{
    return tiebreak == u"rowid"_s ? QVariant(key.id.toLongLong()) : QVariant(key.id);
}

} // namespace

QString PortMessageRepository::listing(const QString &sortColumn,
                                       const PortMessageFilter &filter) const
{
    return u"SELECT %1%2 FROM %3"_s.arg(
        selectColumns(), readsRowid(sortColumn) ? u", rowid"_s : QString(), table(filter));
}

bool PortMessageRepository::readsRowid(const QString &sortColumn) const
{
    return sortColumn == u"rowid"_s || tiebreak(sortColumn) == u"rowid"_s;
}

QString PortMessageRepository::tiebreak(const QString &sortColumn) const
{
    const QString table = u"port_messages"_s;
    const bool byRowid = m_engine == SqlEngine::SQLite && sortColumn != u"rowid"_s &&
                         sortColumn != u"id"_s && !hasIndexOn(m_db, table, {sortColumn, u"id"_s}) &&
                         hasIndexOn(m_db, table, {sortColumn}) &&
                         hasIndexOn(m_db, table, {u"rowid"_s});
    return byRowid ? u"rowid"_s : u"id"_s;
}

const QString &PortMessageRepository::selectColumns()
{
    static const QString list = columns + u", version, replay_count, deleted_at"_s;
    return list;
}

PortMessage PortMessageRepository::fromQuery(const QSqlQuery &query)
{
    return fromRecord(query);
}

bool PortMessage::isDeadLetter() const
{
    return status == u"dead_letter"_s || (status == u"failed"_s && retryCount >= maxRetries);
}

PortMessageRepository::PortMessageRepository(QSqlDatabase db)
    : m_db(std::move(db))
    , m_engine(engineOf(m_db))
    // Seed 001's port_messages has none of the columns migration 10 adds; its SQLite form
    // also lacks max_retries and the error columns.
    , m_table(u"port_messages"_s, {{u"max_retries"_s, u"3"_s},
                                   {u"error_message"_s, u"NULL"_s},
                                   {u"error_details"_s, u"NULL"_s},
                                   {u"version"_s, u"1"_s},
                                   {u"replay_count"_s, u"0"_s},
                                   {u"deleted_at"_s, u"NULL"_s}})
    , m_search(m_db)
{}

const QStringList &PortMessageRepository::statuses()
{
    static const QStringList list{u"pending"_s, u"processing"_s, u"completed"_s, u"failed"_s,
                                  u"dead_letter"_s};
    return list;
}

const QStringList &PortMessageRepository::sortColumns()
{
    static const QStringList list{u"created_at"_s, u"port_name"_s, u"status"_s};
    return list;
}

Result<QList<PortMessage>> PortMessageRepository::insert(QList<PortMessage> messages)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (Status ok = check(messages.at(i)); !ok)
            return StorageError{
                ok.error().kind,
                u"Port message %1 was not stored: %2"_s.arg(i + 1).arg(ok.errorMessage())};
        PortMessage &m = messages[i];
        if (m.id.isEmpty())
            m.id = newUuid();
        if (!m.createdAt.isValid())
            m.createdAt = now;
    }

    SqlTransaction transaction(m_db);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    QSqlQuery statement(m_db);
    qsizetype preparedFor = 0;
    for (qsizetype start = 0; start < messages.size(); start += rowsPerInsert) {
        const qsizetype rows = std::min<qsizetype>(rowsPerInsert, messages.size() - start);
        if (rows != preparedFor) {
            QString sql = u"INSERT INTO port_messages (%1) VALUES "_s.arg(columns);
            const QString row = u"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s;
            for (qsizetype r = 0; r < rows; ++r)
                sql += (r ? u", "_s : QString()) + row;
            if (!statement.prepare(sql))
                return sqlError(statement.lastError(), u"Preparing to store port messages"_s);
            preparedFor = rows;
        }
        int index = 0;
        for (qsizetype r = start; r < start + rows; ++r) {
            const PortMessage &m = messages.at(r);
            const QVariantList values{m.id,
                                      m.portName,
                                      m.sourceComponent,
                                      m.targetComponent,
                                      jsonParam(m.messageData),
                                      jsonParam(m.messageMetadata),
                                      m.status,
                                      m.retryCount,
                                      m.maxRetries,
                                      timestampParam(m.createdAt, m_engine),
                                      timestampParam(m.processedAt, m_engine),
                                      timestampParam(m.completedAt, m_engine),
                                      m.errorMessage.isNull()
                                          ? QVariant(QMetaType::fromType<QString>())
                                          : QVariant(m.errorMessage),
                                      jsonParam(m.errorDetails)};
            Q_ASSERT(values.size() == columnCount);
            for (const QVariant &value : values)
                statement.bindValue(index++, value);
        }
        if (!statement.exec())
            return sqlError(statement.lastError(),
                            u"Storing %1 port messages"_s.arg(messages.size()));
    }
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return messages;
}

Result<PortMessage> PortMessageRepository::get(const QString &id) const
{
    if (QUuid::fromString(id).isNull())
        return StorageError::invalidArgument(
            u"\"%1\" is not a port message id (a UUID)."_s.arg(id));
    auto query = execQuery(
        m_db, u"SELECT %1 FROM %2 WHERE id = ?"_s.arg(selectColumns(), m_table.from(m_db)), {id},
        u"Reading port message %1"_s.arg(id));
    if (!query)
        return query.error();
    if (!query->next())
        return StorageError{StorageError::Kind::NotFound,
                            u"There is no port message %1."_s.arg(id)};
    return fromRecord(*query);
}

QString PortMessageRepository::table(const PortMessageFilter &filter) const
{
    // A search the index answers names its rows: they are read by their rowid instead.
    const bool indexed = filter.deadLettersOnly && m_engine == SqlEngine::SQLite &&
                         m_table.isComplete(m_db) &&
                         (filter.text.isEmpty() || !m_search.readsIndex(filter.text));
    return m_table.from(m_db, {},
                        indexed ? u"port_messages INDEXED BY idx_port_messages_dead_letter"_s
                                : QString());
}

WhereClause PortMessageRepository::where(const PortMessageFilter &filter) const
{
    WhereClause w;
    w.add(filter.purgedOnly ? u"deleted_at IS NOT NULL"_s : u"deleted_at IS NULL"_s);
    const auto anyOf = [&w](const QString &column, const QStringList &values) {
        if (values.isEmpty())
            return;
        QStringList marks;
        QVariantList params;
        for (const QString &value : values) {
            marks << u"?"_s;
            params << value;
        }
        w.add(u"%1 IN (%2)"_s.arg(column, marks.join(u", "_s)), params);
    };
    anyOf(u"port_name"_s, filter.ports);
    anyOf(u"status"_s, filter.statuses);
    if (filter.deadLettersOnly)
        w.add(deadLetterCondition);
    if (filter.from.isValid())
        w.add(u"created_at >= ?"_s, {timestampParam(filter.from, m_engine)});
    if (filter.to.isValid())
        w.add(u"created_at < ?"_s, {timestampParam(filter.to, m_engine)});
    // The text in the payload, the metadata (a trace id), the error or the id.
    if (!filter.text.isEmpty())
        m_search.addTo(w, filter.text);
    if (!filter.errorLike.isEmpty())
        w.addTextSearch(u"coalesce(error_message, '') LIKE ? ESCAPE '\\'"_s, {filter.errorLike});
    return w;
}

QList<WhereClause> PortMessageRepository::arms(const PortMessageFilter &filter) const
{
    if (!filter.deadLettersOnly || m_engine != SqlEngine::SQLite || m_table.isComplete(m_db))
        return {where(filter)};
    PortMessageFilter rest = filter;
    rest.deadLettersOnly = false;
    QList<WhereClause> arms;
    for (const QString &condition : deadLetterArms) {
        arms << where(rest);
        arms.last().add(condition);
    }
    return arms;
}

QString PortMessageRepository::servedSort(const QString &sortColumn) const
{
    const QString asked = sortColumn.isEmpty() ? sortColumns().constFirst() : sortColumn;
    const QString table = u"port_messages"_s;
    // An unreadable catalog says nothing: then the sort is as asked.
    if (indexKeys(m_db, table).isEmpty())
        return asked;
    // Every SQLite index ends in the rowid, the tie's order there. A PostgreSQL index gives the
    // rows of one value in no order of id: it serves a port or a status (millions of rows each
    // in a big table, all sorted for every page) only with id after it. A time's ties are few.
    const auto served = [&](const QString &column) {
        const bool alone = m_engine == SqlEngine::SQLite || column == u"created_at"_s ||
                           column == u"rowid"_s || column == u"id"_s;
        return hasIndexOn(m_db, table, alone ? QStringList{column} : QStringList{column, u"id"_s});
    };
    for (const QString &order : {asked, u"created_at"_s, u"rowid"_s, u"id"_s}) {
        if (served(order))
            return order;
    }
    return asked;
}

bool PortMessageRepository::timeRangeIndexed() const
{
    return servedSort(u"created_at"_s) == u"created_at"_s;
}

QString PortMessageRepository::browseIndex(const QString &sortColumn)
{
    if (sortColumn == u"port_name"_s || sortColumn == u"status"_s)
        return u"port_messages (%1, id)"_s.arg(sortColumn);
    return u"port_messages (created_at, id)"_s;
}

PageKey PortMessageRepository::keyOf(const PortMessage &message, const QString &sortColumn)
{
    if (sortColumn == u"rowid"_s)
        return {message.storedOrder, message.id};
    if (sortColumn == u"id"_s)
        return {message.id, message.id};
    // A row read with its rowid was read in an order tied by it (tiebreak()).
    const QString tie = message.storedOrder ? QString::number(message.storedOrder) : message.id;
    if (sortColumn == u"port_name"_s)
        return {message.portName, tie};
    if (sortColumn == u"status"_s)
        return {message.status, tie};
    return {message.createdAt, tie};
}

Result<Page<PortMessage>> PortMessageRepository::page(const PortMessageFilter &filter,
                                                      const PageRequest &request) const
{
    auto sortColumn = checkPageRequest(request, servableColumns(), u"Port messages"_s);
    if (!sortColumn)
        return sortColumn.error();
    const QVariant keySort = *sortColumn == u"created_at"_s
                                 ? timestampParam(request.key.sortValue.toDateTime(), m_engine)
                                 : request.key.sortValue;
    const QString tie = tiebreak(*sortColumn);
    const KeysetQuery sql = keysetQuery(listing(*sortColumn, filter), arms(filter), request,
                                        *sortColumn, keySort, tieParam(request.key, tie), tie);
    auto rows = readRows(m_db, sql, readsRowid(*sortColumn));
    if (!rows)
        return rows.error();
    return finishPage(std::move(*rows), request);
}

Result<Page<PortMessage>> PortMessageRepository::pageBetween(const PortMessageFilter &filter,
                                                             const KeyRange &range,
                                                             const PageRequest &request) const
{
    auto sortColumn = checkPageRequest(request, servableColumns(), u"Port messages"_s);
    if (!sortColumn)
        return sortColumn.error();
    const QString tie = tiebreak(*sortColumn);
    const auto bound = [&](const PageKey &key) -> QVariantList {
        return {*sortColumn == u"created_at"_s
                    ? timestampParam(key.sortValue.toDateTime(), m_engine)
                    : key.sortValue,
                tieParam(key, tie)};
    };
    const KeysetQuery sql = keyRangeQuery(listing(*sortColumn, filter), arms(filter), range,
                                          request, *sortColumn, bound, tie);
    auto rows = readRows(m_db, sql, readsRowid(*sortColumn));
    if (!rows)
        return rows.error();
    return finishPage(std::move(*rows), forwardFromStart(request));
}

Result<RowCount> PortMessageRepository::count(const PortMessageFilter &filter,
                                              qint64 exactUpTo) const
{
    return boundedCount(m_db, u"FROM "_s + table(filter), where(filter), exactUpTo,
                        u"Counting port messages"_s);
}

Result<std::optional<qint64>> PortMessageRepository::exactCount(const PortMessageFilter &filter,
                                                                CountInterrupt &interrupt) const
{
    const WhereClause w = where(filter);
    return porthole::exactCount(m_db, u"FROM "_s + table(filter) + w.sql, w.params, interrupt,
                                u"Counting port messages"_s);
}

Result<QDateTime> PortMessageRepository::oldestCreated(const PortMessageFilter &filter) const
{
    const WhereClause w = where(filter);
    auto query = execQuery(m_db, u"SELECT min(created_at) FROM %1%2"_s.arg(table(filter), w.sql),
                           w.params, u"Reading the oldest port message"_s);
    if (!query)
        return query.error();
    return query->next() ? timestampValue(query->value(0)) : QDateTime();
}

Result<QList<PortMessageError>> PortMessageRepository::errors(const PortMessageFilter &filter,
                                                              int limit) const
{
    if (limit < 1)
        return StorageError::invalidArgument(
            u"Reading the errors of %1 port messages: at least one is needed."_s.arg(limit));
    // The newest: (created_at, id) walked backwards, for the dead-letter set its partial index.
    // On SQLite without an index on created_at (a pipeline's own table) the last stored, as the
    // pane lists them, each arm walking the status index. (One more row than `limit - 1`.)
    const QString order = servedSort(u"created_at"_s) == u"rowid"_s ? u"rowid"_s : u"created_at"_s;
    const QString select = u"SELECT error_message, created_at, id%1 FROM %2"_s.arg(
        order == u"rowid"_s ? u", rowid"_s : QString(), table(filter));
    const KeysetQuery sql =
        keysetQuery(select, arms(filter), {PageRequest::From::Start, {}, limit - 1, order, true},
                    order, {}, {});
    auto query = execQuery(m_db, sql.sql, sql.params, u"Reading the errors of port messages"_s);
    if (!query)
        return query.error();
    QList<PortMessageError> rows;
    while (query->next())
        rows.append({query->value(0).toString(), timestampValue(query->value(1))});
    return rows;
}

Result<QStringList> PortMessageRepository::ports() const
{
    // A skip scan over idx_port_messages_port: one index probe per distinct port.
    const QString sql = u"WITH RECURSIVE "_s +
                        distinctValuesCte(u"p"_s, u"port_messages"_s, u"port_name"_s) +
                        u" SELECT value FROM p WHERE value IS NOT NULL"_s;
    auto query = execQuery(m_db, sql, {}, u"Listing ports"_s);
    if (!query)
        return query.error();
    QStringList ports;
    while (query->next())
        ports << query->value(0).toString();
    return ports;
}

Result<QList<StatusCount>> PortMessageRepository::statusCounts(qint64 exactUpTo,
                                                               const QStringList &ports) const
{
    QList<StatusCount> counts;
    for (const QString &status : statuses()) {
        PortMessageFilter filter;
        filter.statuses = {status};
        filter.ports = ports;
        auto n = count(filter, exactUpTo);
        if (!n)
            return n.error();
        counts.append({status, n->value, n->precision});
    }
    return counts;
}

Result<QList<PortCount>> PortMessageRepository::portCounts(qint64 exactUpTo) const
{
    auto names = ports();
    if (!names)
        return names.error();
    QList<PortCount> counts;
    for (const QString &port : std::as_const(*names)) {
        PortMessageFilter filter;
        filter.ports = {port};
        auto n = count(filter, exactUpTo);
        if (!n)
            return n.error();
        counts.append({port, *n});
    }
    return counts;
}

} // namespace porthole
