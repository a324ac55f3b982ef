// ActionOutbox's outbox rows for a prepared action: one per row it acts on, each saying
// what to do to it and which version it must still have.
#include "actionoutbox.h"
#include "repositorysupport.h"
#include "sqlerror.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int outboxRowsPerInsert = 100;

QVariant nullText()
{
    return QVariant(QMetaType::fromType<QString>());
}

QString redisKeyFor(const ActionOptions &options, const PortMessage &row)
{
    QString key = options.redisKey;
    return key.replace(u"{port}"_s, row.portName);
}

} // namespace

Status ActionOutbox::writeOutboxRows(qint64 auditId, const ActionOptions &options,
                                     const QList<const PlannedRow *> &rows)
{
    const bool replay = options.kind == ActionKind::Replay;
    const bool toRedis = replay && options.target == ReplayTarget::Redis;
    QSqlQuery statement(m_db);
    qsizetype preparedFor = 0;
    for (qsizetype start = 0; start < rows.size(); start += outboxRowsPerInsert) {
        const qsizetype count = std::min<qsizetype>(outboxRowsPerInsert, rows.size() - start);
        if (count != preparedFor) {
            QString sql = u"INSERT INTO action_outbox (audit_id, message_id, action, "
                          "expected_version, target, reset_retries, redis_key, replay_id, "
                          "to_port) VALUES "_s;
            for (qsizetype i = 0; i < count; ++i)
                sql += i ? u", (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s : u"(?, ?, ?, ?, ?, ?, ?, ?, ?)"_s;
            if (!statement.prepare(sql))
                return sqlError(statement.lastError(), u"Preparing the action outbox"_s);
            preparedFor = count;
        }
        int index = 0;
        for (qsizetype i = start; i < start + count; ++i) {
            const PortMessage &row = rows.at(i)->before;
            statement.bindValue(index++, auditId);
            statement.bindValue(index++, row.id);
            statement.bindValue(index++, actionName(options.kind));
            statement.bindValue(index++, row.version);
            statement.bindValue(index++, !replay ? nullText()
                                                 : QVariant(toRedis ? u"redis"_s : u"database"_s));
            statement.bindValue(index++, replay && !toRedis
                                             ? QVariant(options.resetRetries)
                                             : QVariant(QMetaType::fromType<bool>()));
            statement.bindValue(index++,
                                toRedis ? QVariant(redisKeyFor(options, row)) : nullText());
            statement.bindValue(index++, toRedis ? QVariant(newUuid()) : nullText());
            statement.bindValue(index++, options.kind == ActionKind::Move ? QVariant(options.toPort)
                                                                          : nullText());
        }
        if (!statement.exec())
            return sqlError(statement.lastError(),
                            u"Writing %1 rows to the action outbox"_s.arg(rows.size()));
    }
    return success();
}

} // namespace porthole
