#include "componentqueue.h"

#include "sqlerror.h"
#include "sqlsupport.h"
#include "statustransitions.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString processing = u"processing"_s;

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

} // namespace

ComponentQueue::ComponentQueue(QSqlDatabase db, QString component)
    : m_db(std::move(db))
    , m_component(std::move(component))
{}

Result<QList<PortMessage>> ComponentQueue::take(int limit, const QDateTime &now)
{
    Q_ASSERT(StatusTransitions::allows(u"pending"_s, processing));
    if (limit < 1)
        return QList<PortMessage>();
    const SqlEngine engine = engineOf(m_db);
    const IndexedReads indexed(m_db, engine);
    // The inner read picks the oldest pending rows (idx_port_messages_pending); the outer
    // condition is checked again on each row as it is changed, so a row that another writer
    // took, purged or moved on between the two is not taken (PostgreSQL reads the row's newest
    // version after waiting for its lock; SQLite holds the write lock for the statement).
    // A row the receiver stamped after `now` and committed while this waited for the lock is
    // taken when it came, so that no message is processed before it was created.
    auto query = execQuery(
        m_db,
        u"UPDATE port_messages SET status = 'processing', processed_at = %1(created_at, ?) "
        "WHERE id IN (SELECT id FROM port_messages WHERE status = 'pending' "
        "AND target_component = ? AND deleted_at IS NULL ORDER BY created_at, id LIMIT ?) "
        "AND status = 'pending' AND target_component = ? AND deleted_at IS NULL RETURNING %2"_s.arg(
            engine == SqlEngine::SQLite ? u"max"_s : u"GREATEST"_s,
            PortMessageRepository::selectColumns()),
        {timestampParam(now, engine), m_component, limit, m_component},
        u"Taking the pending port messages of %1"_s.arg(m_component));
    if (!query)
        return query.error();
    QList<PortMessage> rows;
    while (query->next())
        rows.append(PortMessageRepository::fromQuery(*query));
    std::sort(rows.begin(), rows.end(), [](const PortMessage &a, const PortMessage &b) {
        return std::tie(a.createdAt, a.id) < std::tie(b.createdAt, b.id);
    });
    return rows;
}

Result<QList<PortMessage>> ComponentQueue::taken(const QDateTime &takenBefore, int limit) const
{
    const SqlEngine engine = engineOf(m_db);
    const IndexedReads indexed(m_db, engine);
    auto query = execQuery(m_db,
                           u"SELECT %1 FROM port_messages WHERE status = 'processing' "
                           "AND target_component = ? AND deleted_at IS NULL AND processed_at < ? "
                           "ORDER BY processed_at, created_at, id LIMIT ?"_s.arg(
                               PortMessageRepository::selectColumns()),
                           {m_component, timestampParam(takenBefore, engine), limit},
                           u"Reading the port messages %1 is processing"_s.arg(m_component));
    if (!query)
        return query.error();
    QList<PortMessage> rows;
    while (query->next())
        rows.append(PortMessageRepository::fromQuery(*query));
    return rows;
}

Result<QStringList> ComponentQueue::finish(const QList<PortMessage> &ended, const QDateTime &now)
{
    for (const PortMessage &m : ended) {
        if (const QString refusal = StatusTransitions::refusal(processing, m.status);
            !refusal.isEmpty())
            return StorageError::invalidArgument(
                u"Port message %1 cannot be ended as %2: %3."_s.arg(m.id, m.status, refusal));
    }
    QStringList written;
    if (ended.isEmpty())
        return written;
    const SqlEngine engine = engineOf(m_db);
    SqlTransaction transaction(m_db);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    QSqlQuery statement(m_db);
    if (!statement.prepare(u"UPDATE port_messages SET status = ?, retry_count = ?, "
                           "error_message = ?, error_details = ?, completed_at = ? "
                           "WHERE id = ? AND status = 'processing' AND version = ? "
                           "AND deleted_at IS NULL"_s))
        return sqlError(statement.lastError(),
                        u"Preparing to end the port messages of %1"_s.arg(m_component));
    for (const PortMessage &m : ended) {
        const QVariantList values{
            m.status,
            m.retryCount,
            textOrNull(m.errorMessage),
            jsonParam(m.errorDetails),
            timestampParam(m.status == u"completed"_s ? now : QDateTime(), engine),
            m.id,
            m.version};
        for (int i = 0; i < values.size(); ++i)
            statement.bindValue(i, values.at(i));
        if (!statement.exec())
            return sqlError(statement.lastError(),
                            u"Ending port message %1 of %2"_s.arg(m.id, m_component));
        if (statement.numRowsAffected() > 0)
            written << m.id;
    }
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return written;
}

} // namespace porthole
