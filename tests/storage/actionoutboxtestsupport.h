#pragma once

// What the tests of ActionOutbox share: a finished action checked against its plan, the
// fixture's redis-server, and readers of what an action left behind.

#include "actionoutbox.h"
#include "actiontestsupport.h"
#include "auditlog.h"
#include "payloaddecoder.h"
#include "portmessageactions.h"
#include "redisclient.h"
#include "replaypublisher.h"
#include "repositorytestsupport.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

namespace porthole::test {

using namespace Qt::StringLiterals;
using Engine = porthole::test::ScratchDatabase::Engine;

// Another connection to the same database, as a second window or a restarted process has
// one; closed when it goes (declare it before whatever uses its connection).
struct OtherConnection
{
    OtherConnection(const MigratedDatabase &database, const QString &purpose)
        : factory(database.factory.get())
        , purpose(purpose)
    {
        auto opened = factory->open(purpose);
        if (opened)
            db = *opened;
        else
            error = opened.errorMessage();
    }
    ~OtherConnection()
    {
        db = QSqlDatabase();
        factory->close(purpose);
    }
    OtherConnection(const OtherConnection &) = delete;
    OtherConnection &operator=(const OtherConnection &) = delete;

    const ConnectionFactory *factory;
    QString purpose;
    QSqlDatabase db;
    QString error;
};

// Runs an action step by step until none of its rows is open.
inline Result<QList<ChunkResult>> runToEnd(ActionOutbox &outbox, qint64 auditId, int limit,
                                           ReplayPublisher *publisher = nullptr)
{
    QList<ChunkResult> steps;
    for (int i = 0; i < 100; ++i) {
        auto step = outbox.runChunk(auditId, limit, publisher);
        if (!step)
            return step.error();
        steps << *step;
        if (step->summary.finished())
            return steps;
    }
    return StorageError{StorageError::Kind::Internal,
                        u"action %1 did not finish in 100 steps"_s.arg(auditId)};
}

inline qint64 appliedIn(const QList<ChunkResult> &steps)
{
    qint64 applied = 0;
    for (const ChunkResult &step : steps)
        applied += step.applied;
    return applied;
}

inline QHash<QString, QString> skippedIn(const QList<ChunkResult> &steps)
{
    QHash<QString, QString> skipped;
    for (const ChunkResult &step : steps) {
        for (const auto &[id, reason] : step.skipped)
            skipped.insert(id, reason);
    }
    return skipped;
}

inline QStringList idsIn(const QJsonArray &array)
{
    QStringList ids;
    for (const QJsonValue &value : array)
        ids << value.toString();
    return ids;
}

inline QStringList leftOutIds(const PreparedAction &prepared)
{
    QStringList ids;
    for (const auto &[id, reason] : prepared.leftOut)
        ids << id;
    return ids;
}

inline std::optional<AuditEntry> entryNamed(const QList<AuditEntry> &entries, const QString &action,
                                            qint64 openingId = 0)
{
    for (const AuditEntry &entry : entries) {
        if (entry.action != action)
            continue;
        if (openingId && entry.id != openingId &&
            entry.filter.value(u"action"_s).toInteger() != openingId)
            continue;
        return entry;
    }
    return std::nullopt;
}

inline Result<PortMessage> current(const QSqlDatabase &db, const QString &id)
{
    return PortMessageRepository(db).get(id);
}

// One entry of a stream: its fields.
inline Result<QList<QHash<QByteArray, QByteArray>>> streamEntries(RedisClient &client,
                                                                  const QByteArray &key)
{
    auto reply = client.command({"XRANGE", key, "-", "+"});
    if (!reply)
        return reply.error();
    if (reply->type != RedisReply::Type::Array)
        return StorageError{
            StorageError::Kind::Protocol,
            u"XRANGE %1 answered %2"_s.arg(QString::fromUtf8(key), QString::fromUtf8(reply->text))};
    QList<QHash<QByteArray, QByteArray>> entries;
    for (const RedisReply &element : std::as_const(reply->elements)) {
        QHash<QByteArray, QByteArray> fields;
        const QList<RedisReply> pairs = element.elements.value(1).elements;
        for (qsizetype i = 0; i + 1 < pairs.size(); i += 2)
            fields.insert(pairs.at(i).text, pairs.at(i + 1).text);
        entries << fields;
    }
    return entries;
}

// What tst_ActionOutbox and tst_ActionOutboxRedis derive from: the fixture's redis-server and
// the check of a finished action against its plan.
class ActionOutboxTest : public QObject
{
protected:
    // Checks a finished action against its plan: every acting row became what the plan
    // showed, no other row changed, one history row each, and the two audit entries.
    void verifyFinished(const QSqlDatabase &db, const ActionPlan &plan,
                        const PreparedAction &prepared, const QList<PortMessage> &untouched,
                        const QString &actor, const QDateTime &finishedBy);
    QByteArray uniqueKey(const char *name) const;

    RedisUrl m_redisUrl;
    RedisClient m_redis;
};

inline QByteArray ActionOutboxTest::uniqueKey(const char *name) const
{
    return "tst_actionoutbox:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':' + name;
}

inline void ActionOutboxTest::verifyFinished(const QSqlDatabase &db, const ActionPlan &plan,
                                             const PreparedAction &prepared,
                                             const QList<PortMessage> &untouched,
                                             const QString &actor, const QDateTime &finishedBy)
{
    const QString kind = actionName(plan.options.kind);
    const QStringList acting = plan.actingIds();

    // Every acting row is what the plan showed (a purge stamps the time it ran).
    QHash<QString, PortMessage> now;
    for (const PlannedRow &row : plan.rows) {
        if (!row.acts())
            continue;
        const auto stored = current(db, row.before.id);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        PortMessage expected = row.after;
        if (plan.options.kind == ActionKind::Purge) {
            QVERIFY(stored->deletedAt.isValid());
            QVERIFY(stored->deletedAt >= plan.plannedAt.addMSecs(-1));
            QVERIFY(stored->deletedAt <= finishedBy);
            expected.deletedAt = stored->deletedAt;
        }
        QCOMPARE(describe(*stored), describe(expected));
        now.insert(row.before.id, *stored);
    }
    // No other row changed: the refused ones, those of other ports, those that came later.
    for (const PortMessage &row : untouched) {
        const auto stored = current(db, row.id);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        QCOMPARE(describe(*stored), describe(row));
    }

    // One history row per changed row, before and after as they were.
    const QList<HistoryRow> rows = history(db);
    QCOMPARE(rows.size(), acting.size());
    QSet<QString> seen;
    for (const HistoryRow &h : rows) {
        QVERIFY2(now.contains(h.messageId), qPrintable(h.messageId));
        QVERIFY2(!seen.contains(h.messageId), qPrintable(h.messageId));
        seen.insert(h.messageId);
        QCOMPARE(h.change, kind);
        QCOMPARE(h.auditId, prepared.auditId);
        const auto planned =
            std::find_if(plan.rows.cbegin(), plan.rows.cend(),
                         [&h](const PlannedRow &r) { return r.before.id == h.messageId; });
        QVERIFY(planned != plan.rows.cend());
        QCOMPARE(h.before, portMessageJson(planned->before));
        QJsonObject changes = h.after;
        changes.remove(u"replayed_to"_s);
        QCOMPARE(withChanges(h.before, changes), portMessageJson(now.value(h.messageId)));
        for (auto it = changes.begin(); it != changes.end(); ++it) // only what changed
            QVERIFY2(h.before.value(it.key()) != it.value(), qPrintable(it.key()));
    }

    // The opening and the closing entry, and no other.
    const QList<AuditEntry> entries = auditEntries(db);
    QCOMPARE(entries.size(), 2);
    const auto opening = entryNamed(entries, kind);
    QVERIFY(opening);
    QCOMPARE(opening->id, prepared.auditId);
    QCOMPARE(opening->actor, actor);
    QCOMPARE(opening->targetTable, u"port_messages"_s);
    QCOMPARE(opening->filter, (QJsonObject{{u"selection"_s, plan.selection},
                                           {u"options"_s, plan.options.toJson()}}));
    QCOMPARE(opening->affectedIds, QJsonArray::fromStringList(acting));
    QCOMPARE(opening->affectedCount, acting.size());
    QJsonObject statuses;
    for (const PlannedRow &row : plan.rows) {
        if (row.acts())
            statuses[row.before.status] = statuses.value(row.before.status).toInteger() + 1;
    }
    QCOMPARE(opening->before, QJsonValue(QJsonObject{{u"statuses"_s, statuses}}));
    QVERIFY(!opening->details.isEmpty());

    const auto closing = entryNamed(entries, kind + u" finished"_s);
    QVERIFY(closing);
    QCOMPARE(closing->targetTable, u"port_messages"_s);
    QCOMPARE(closing->filter, (QJsonObject{{u"action"_s, prepared.auditId}}));
    QCOMPARE(idSet(idsIn(closing->affectedIds)), idSet(acting));
    QCOMPARE(closing->affectedCount, acting.size());
    QCOMPARE(closing->after, QJsonValue(QJsonObject{{u"applied"_s, acting.size()},
                                                    {u"skipped"_s, QJsonObject()},
                                                    {u"cancelled"_s, 0}}));
    QVERIFY(!closing->details.isEmpty());

    // What a replay to the database makes of the rows, as the opening entry documents it
    // (last, so that a difference here does not hide the checks above).
    if (plan.options.kind == ActionKind::Replay && plan.options.target == ReplayTarget::Database)
        QCOMPARE(opening->after,
                 QJsonValue(QJsonObject{{u"status"_s, u"pending"_s},
                                        {u"retry_count"_s, plan.options.resetRetries
                                                               ? QJsonValue(0)
                                                               : QJsonValue(u"kept"_s)},
                                        {u"replay_count"_s, u"+1"_s}}));
}

} // namespace porthole::test
