#include "actionoutbox.h"
#include "actiontestsupport.h"
#include "auditlog.h"
#include "portmessageactions.h"
#include "portmessagerepository.h"
#include "repositorytestsupport.h"
#include "sqlsupport.h"
#include "statustransitions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::test;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

const QDateTime now(QDate(2026, 11, 20), QTime(9, 30, 15, 250), QTimeZone::utc());

// The same sample as a row in memory with Porthole's bookkeeping set, for decideAction.
PortMessage inMemory(const QString &status, bool purged, int replayCount = 0)
{
    PortMessage m = sample(1, status);
    m.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m.version = 7;
    m.replayCount = replayCount;
    if (purged)
        m.deletedAt = now.addDays(-1);
    return m;
}

} // namespace

class tst_PortMessageActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void actionNames();
    void decidesByTheTransitionTable_data();
    void decidesByTheTransitionTable();
    void replayToTheDatabase_data();
    void replayToTheDatabase();
    void loopGuard_data();
    void loopGuard();
    void moveNeedsAnotherPort_data();
    void moveNeedsAnotherPort();
    void skipReasonsMostFrequentFirst();
    void portMessageJsonHasEveryColumn_data() { test::addEngineRows(); }
    void portMessageJsonHasEveryColumn();
    void portMessageChangesNameWhatChanged();
    void historyKeepsTheRowAsPortMessageJson_data() { test::addEngineRows(); }
    void historyKeepsTheRowAsPortMessageJson();
};

void tst_PortMessageActions::actionNames()
{
    const QList<std::pair<ActionKind, QString>> names{{ActionKind::Replay, u"replay"_s},
                                                      {ActionKind::Purge, u"purge"_s},
                                                      {ActionKind::Restore, u"restore"_s},
                                                      {ActionKind::Move, u"move"_s}};
    for (const auto &[kind, name] : names) {
        QCOMPARE(actionName(kind), name);
        QVERIFY(actionKindFromName(name) == kind);
    }
    QVERIFY(!actionKindFromName(u"delete"_s).has_value());
    QVERIFY(!actionKindFromName(QString()).has_value());
}

void tst_PortMessageActions::decidesByTheTransitionTable_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("purged");
    QTest::addColumn<ActionKind>("kind");
    QTest::addColumn<ReplayTarget>("target");
    QTest::addColumn<bool>("acts");
    QTest::addColumn<QString>("named"); // what a refusal must mention
    const QString pending = u"pending"_s;
    const QString processing = u"processing"_s;
    for (const QString &status : StatusTransitions::statuses()) {
        for (const bool purged : {false, true}) {
            const QList<std::pair<ActionKind, ReplayTarget>> kinds{
                {ActionKind::Replay, ReplayTarget::Database},
                {ActionKind::Replay, ReplayTarget::Redis},
                {ActionKind::Purge, ReplayTarget::Database},
                {ActionKind::Restore, ReplayTarget::Database},
                {ActionKind::Move, ReplayTarget::Database}};
            for (const auto &[kind, target] : kinds) {
                bool acts = false;
                QString named;
                switch (kind) {
                case ActionKind::Replay:
                    // Back to pending, as the table allows; never a purged row, nor one a
                    // worker is processing.
                    acts = !purged && status != processing &&
                           StatusTransitions::allows(status, pending);
                    named = purged ? u"purged"_s : status;
                    break;
                case ActionKind::Purge:
                    acts = !purged && status != processing;
                    named = purged ? u"purged"_s : processing;
                    break;
                case ActionKind::Restore:
                    acts = purged;
                    named = u"purged"_s;
                    break;
                case ActionKind::Move:
                    acts = !purged && status != processing;
                    named = purged ? u"purged"_s : processing;
                    break;
                }
                QTest::addRow("%s%s: %s", qPrintable(status), purged ? ", purged" : "",
                              qPrintable(kindText(kind, target)))
                    << status << purged << kind << target << acts << (acts ? QString() : named);
            }
        }
    }
}

void tst_PortMessageActions::decidesByTheTransitionTable()
{
    QFETCH(QString, status);
    QFETCH(bool, purged);
    QFETCH(ActionKind, kind);
    QFETCH(ReplayTarget, target);
    QFETCH(bool, acts);
    QFETCH(QString, named);

    const PortMessage row = inMemory(status, purged);
    ActionOptions options;
    options.kind = kind;
    options.target = target;
    options.redisUrl = u"redis://127.0.0.1:6379"_s;
    options.toPort = u"billing"_s;
    const RowDecision decision = decideAction(row, options, now);

    if (!acts) {
        QVERIFY2(!decision.refusal.isEmpty(), qPrintable(describe(decision.after)));
        QVERIFY2(decision.refusal.contains(named, Qt::CaseInsensitive),
                 qPrintable(decision.refusal));
        QVERIFY(!decision.overBudget);
        return;
    }
    QVERIFY2(decision.refusal.isEmpty(), qPrintable(decision.refusal));
    QVERIFY(!decision.overBudget);

    // What each action makes of the row; every change raises the version by one.
    PortMessage expected = row;
    ++expected.version;
    switch (kind) {
    case ActionKind::Replay:
        ++expected.replayCount;
        if (target == ReplayTarget::Database) {
            expected.status = u"pending"_s;
            expected.retryCount = 0;
            expected.errorMessage.clear();
            expected.errorDetails.clear();
            // When it was processed before is not the contract's business here.
            expected.processedAt = decision.after.processedAt;
            expected.completedAt = decision.after.completedAt;
            QVERIFY(decision.after.errorMessage.isEmpty());
            QVERIFY(decision.after.errorDetails.isEmpty());
        }
        break;
    case ActionKind::Purge:
        expected.deletedAt = now;
        break;
    case ActionKind::Restore:
        expected.deletedAt = QDateTime();
        break;
    case ActionKind::Move:
        expected.portName = u"billing"_s;
        break;
    }
    QCOMPARE(describe(decision.after), describe(expected));
}

void tst_PortMessageActions::replayToTheDatabase_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("resetRetries");
    QTest::newRow("dead letter, retries reset") << u"dead_letter"_s << true;
    QTest::newRow("dead letter, retries kept") << u"dead_letter"_s << false;
    QTest::newRow("failed, retries reset") << u"failed"_s << true;
    QTest::newRow("failed, retries kept") << u"failed"_s << false;
}

void tst_PortMessageActions::replayToTheDatabase()
{
    QFETCH(QString, status);
    QFETCH(bool, resetRetries);
    const PortMessage row = inMemory(status, false, 1);
    QCOMPARE(row.retryCount, 3);
    QVERIFY(!row.errorMessage.isEmpty());
    ActionOptions options;
    options.resetRetries = resetRetries;
    const RowDecision decision = decideAction(row, options, now);
    QVERIFY2(decision.refusal.isEmpty(), qPrintable(decision.refusal));
    const PortMessage &after = decision.after;
    QCOMPARE(after.status, u"pending"_s);
    QCOMPARE(after.retryCount, resetRetries ? 0 : row.retryCount);
    QVERIFY(after.errorMessage.isEmpty());
    QVERIFY(after.errorDetails.isEmpty());
    QCOMPARE(after.version, row.version + 1);
    QCOMPARE(after.replayCount, row.replayCount + 1);
    // The message itself is as it was.
    QCOMPARE(after.id, row.id);
    QCOMPARE(after.portName, row.portName);
    QCOMPARE(after.messageData, row.messageData);
    QCOMPARE(after.messageMetadata, row.messageMetadata);
    QCOMPARE(after.createdAt, row.createdAt);
    QCOMPARE(after.maxRetries, row.maxRetries);
    QVERIFY(!after.deletedAt.isValid());
}

void tst_PortMessageActions::loopGuard_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<int>("replayCount");
    QTest::addColumn<int>("budget");
    QTest::addColumn<bool>("override");
    QTest::addColumn<ReplayTarget>("target");
    QTest::addColumn<bool>("acts");
    QTest::addColumn<bool>("overBudget");
    const QString dead = u"dead_letter"_s;
    for (const ReplayTarget target : {ReplayTarget::Database, ReplayTarget::Redis}) {
        const char *t = target == ReplayTarget::Database ? "database" : "redis";
        QTest::addRow("%s: never replayed", t)
            << dead << 0 << 3 << false << target << true << false;
        // To Redis the row stays as it was, so a replayed row goes again only when overridden.
        const bool redis = target == ReplayTarget::Redis;
        QTest::addRow("%s: under budget", t)
            << dead << 2 << 3 << false << target << !redis << false;
        QTest::addRow("%s: at budget", t) << dead << 3 << 3 << false << target << false << false;
        QTest::addRow("%s: over budget", t) << dead << 5 << 3 << false << target << false << false;
        QTest::addRow("%s: budget 0", t) << dead << 0 << 0 << false << target << false << false;
        QTest::addRow("%s: at budget, overridden", t)
            << dead << 3 << 3 << true << target << true << true;
        QTest::addRow("%s: over budget, overridden", t)
            << dead << 9 << 3 << true << target << true << true;
        QTest::addRow("%s: under budget, overridden", t)
            << dead << 1 << 3 << true << target << true << redis;
        // The override lifts the loop guard, not the transition table.
        QTest::addRow("%s: completed, overridden", t)
            << u"completed"_s << 3 << 3 << true << target << false << false;
    }
}

void tst_PortMessageActions::loopGuard()
{
    QFETCH(QString, status);
    QFETCH(int, replayCount);
    QFETCH(int, budget);
    QFETCH(bool, override);
    QFETCH(ReplayTarget, target);
    QFETCH(bool, acts);
    QFETCH(bool, overBudget);

    const PortMessage row = inMemory(status, false, replayCount);
    ActionOptions options;
    options.target = target;
    options.redisUrl = u"redis://127.0.0.1:6379"_s;
    options.replayBudget = budget;
    options.overrideBudget = override;
    const RowDecision decision = decideAction(row, options, now);
    QCOMPARE(decision.refusal.isEmpty(), acts);
    QCOMPARE(decision.overBudget, overBudget);
    if (acts) {
        QCOMPARE(decision.after.replayCount, replayCount + 1);
        QCOMPARE(decision.after.version, row.version + 1);
    } else if (status == u"dead_letter"_s) {
        // The sentence says it is the loop guard, and how often the row went round.
        QVERIFY2(decision.refusal.contains(u"replay"_s, Qt::CaseInsensitive),
                 qPrintable(decision.refusal));
        QVERIFY2(decision.refusal.contains(QString::number(replayCount)),
                 qPrintable(decision.refusal));
    } else {
        QVERIFY2(decision.refusal.contains(status), qPrintable(decision.refusal));
    }
}

void tst_PortMessageActions::moveNeedsAnotherPort_data()
{
    QTest::addColumn<QString>("toPort");
    QTest::addColumn<QString>("named");
    QTest::newRow("empty") << QString() << u"port"_s;
    QTest::newRow("same port") << u"orders"_s << u"orders"_s;
    QTest::newRow("too long") << QString(256, u'p') << u"255"_s;
}

void tst_PortMessageActions::moveNeedsAnotherPort()
{
    QFETCH(QString, toPort);
    QFETCH(QString, named);
    const PortMessage row = inMemory(u"dead_letter"_s, false);
    QCOMPARE(row.portName, u"orders"_s);
    ActionOptions options;
    options.kind = ActionKind::Move;
    options.toPort = toPort;
    const RowDecision decision = decideAction(row, options, now);
    QVERIFY(!decision.refusal.isEmpty());
    QVERIFY2(decision.refusal.contains(named), qPrintable(decision.refusal));
}

void tst_PortMessageActions::skipReasonsMostFrequentFirst()
{
    ActionPlan plan;
    const auto add = [&plan](const QString &reason, bool overBudget = false) {
        PlannedRow row;
        row.before = inMemory(u"dead_letter"_s, false);
        row.after = row.before;
        row.skipReason = reason;
        row.overBudget = overBudget;
        plan.rows << row;
    };
    add(u"b"_s);
    add(QString());
    add(u"a"_s);
    add(u"c"_s);
    add(u"b"_s);
    add(QString(), true);
    add(u"c"_s);
    add(u"b"_s);
    add(QString());
    QCOMPARE(plan.actCount(), 3);
    QCOMPARE(plan.skipCount(), 6);
    QCOMPARE(plan.overBudgetCount(), 1);
    QCOMPARE(plan.actingIds(), (QStringList{plan.rows.at(1).before.id, plan.rows.at(5).before.id,
                                            plan.rows.at(8).before.id}));
    const QList<std::pair<QString, qint64>> expected{{u"b"_s, 3}, {u"c"_s, 2}, {u"a"_s, 1}};
    QCOMPARE(plan.skipReasons(), expected);
    QVERIFY(ActionPlan{}.skipReasons().isEmpty());
}

void tst_PortMessageActions::portMessageJsonHasEveryColumn()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const auto full = store(database.db, sample(1), 2, now);
    QVERIFY2(full.ok(), qPrintable(full.errorMessage()));
    PortMessage bareMessage = sample(2, u"pending"_s);
    bareMessage.messageMetadata = QByteArray();
    bareMessage.errorDetails = QByteArray();
    bareMessage.errorMessage = QString();
    bareMessage.processedAt = QDateTime();
    const auto bare = store(database.db, bareMessage);
    QVERIFY2(bare.ok(), qPrintable(bare.errorMessage()));

    const QJsonObject json = portMessageJson(*full);
    const QSqlRecord record = database.db.record(u"port_messages"_s);
    QStringList columns;
    for (int i = 0; i < record.count(); ++i)
        columns << record.fieldName(i);
    QVERIFY(columns.contains(u"replay_count"_s));
    QStringList keys = json.keys();
    columns.sort();
    keys.sort();
    QCOMPARE(keys, columns);
    QCOMPARE(json.value(u"id"_s).toString(), full->id);
    QCOMPARE(json.value(u"message_data"_s).toObject(),
             QJsonDocument::fromJson(full->messageData).object());
    QCOMPARE(json.value(u"error_details"_s).toObject().value(u"attempt"_s).toInt(), 3);
    QCOMPARE(json.value(u"version"_s).toInteger(), full->version);
    QCOMPARE(json.value(u"replay_count"_s).toInt(), 2);
    for (const auto &[key, time] :
         {std::pair{u"created_at"_s, full->createdAt},
          std::pair{u"processed_at"_s, full->processedAt}, std::pair{u"deleted_at"_s, now}}) {
        const QString text = json.value(key).toString();
        QVERIFY2(text.endsWith(u'Z'), qPrintable(key + u": "_s + text)); // UTC
        QCOMPARE(QDateTime::fromString(text, Qt::ISODateWithMs), time);
    }

    const QJsonObject bareJson = portMessageJson(*bare);
    QCOMPARE(bareJson.keys().size(), columns.size());
    for (const QString &key : {u"message_metadata"_s, u"error_details"_s, u"processed_at"_s,
                               u"completed_at"_s, u"deleted_at"_s})
        QVERIFY2(bareJson.value(key).isNull(), qPrintable(key));
}

void tst_PortMessageActions::portMessageChangesNameWhatChanged()
{
    PortMessage from = sample(1);
    from.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    from.createdAt = QDateTime::fromMSecsSinceEpoch(1'700'000'000'123, Qt::UTC);
    from.processedAt = from.createdAt.addSecs(5);
    QVERIFY(portMessageChanges(from, from).isEmpty());

    // Each column changed alone: that column and nothing else, and the row before with the
    // change on top is the row after.
    const QDateTime later = from.createdAt.addSecs(60);
    const QList<std::pair<QString, std::function<void(PortMessage &)>>> changes{
        {u"id"_s,
         [](PortMessage &m) {
             m.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
         }},
        {u"port_name"_s,
         [](PortMessage &m) {
             m.portName = u"elsewhere"_s;
         }},
        {u"source_component"_s,
         [](PortMessage &m) {
             m.sourceComponent = u"src2"_s;
         }},
        {u"target_component"_s,
         [](PortMessage &m) {
             m.targetComponent = u"dst2"_s;
         }},
        {u"message_data"_s,
         [](PortMessage &m) {
             m.messageData = "{\"n\": 2}";
         }},
        {u"message_metadata"_s,
         [](PortMessage &m) {
             m.messageMetadata = QByteArray();
         }},
        {u"status"_s,
         [](PortMessage &m) {
             m.status = u"pending"_s;
         }},
        {u"retry_count"_s,
         [](PortMessage &m) {
             m.retryCount = 0;
         }},
        {u"max_retries"_s,
         [](PortMessage &m) {
             m.maxRetries = 9;
         }},
        {u"created_at"_s,
         [later](PortMessage &m) {
             m.createdAt = later;
         }},
        {u"processed_at"_s,
         [](PortMessage &m) {
             m.processedAt = QDateTime();
         }},
        {u"completed_at"_s,
         [later](PortMessage &m) {
             m.completedAt = later;
         }},
        {u"error_message"_s,
         [](PortMessage &m) {
             m.errorMessage = QString();
         }},
        {u"error_details"_s,
         [](PortMessage &m) {
             m.errorDetails = QByteArray();
         }},
        {u"version"_s,
         [](PortMessage &m) {
             ++m.version;
         }},
        {u"replay_count"_s,
         [](PortMessage &m) {
             ++m.replayCount;
         }},
        {u"deleted_at"_s,
         [later](PortMessage &m) {
             m.deletedAt = later;
         }},
    };
    QStringList named;
    for (const auto &[column, change] : changes) {
        PortMessage to = from;
        change(to);
        const QJsonObject changed = portMessageChanges(from, to);
        QCOMPARE(changed.keys(), QStringList{column});
        QCOMPARE(withChanges(portMessageJson(from), changed), portMessageJson(to));
        named << column;
    }
    QStringList every = portMessageJson(from).keys();
    every.sort();
    named.sort();
    QCOMPARE(named, every); // no column left out of the list above
}

void tst_PortMessageActions::historyKeepsTheRowAsPortMessageJson()
{
    // The database makes the history's before_data (portMessageJsonSql): it must be what
    // portMessageJson makes of the same row, for every kind of value a column can hold.
    PORTHOLE_MIGRATED_DATABASE(database);
    QList<PortMessage> rows;
    PortMessage full = sample(1);
    full.completedAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 6), QTimeZone::utc());
    rows << full;
    PortMessage bare = sample(2, u"pending"_s);
    bare.messageMetadata = QByteArray();
    bare.errorDetails = QByteArray();
    bare.errorMessage = QString();
    bare.processedAt = QDateTime();
    rows << bare;
    for (const QByteArray &data :
         {QByteArray("[1, 2.5, null, true]"),
          QByteArray("{\"name\": \"Zo\u00eb \u2713 \u65e5\u672c\", \"nested\": {\"a\": []}}"),
          QByteArray("{\"quote\": \"a \\\"b\\\" \\\\ c\\n\"}"), QByteArray("{}"),
          QByteArray("{}")}) {
        PortMessage m = sample(int(rows.size()) + 1, u"failed"_s);
        m.messageData = data;
        m.errorMessage = u"line one\nline \"two\" \u00e9"_s;
        rows << m;
    }
    QJsonObject changes;
    QList<PortMessage> stored;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const auto row = store(database.db, rows.at(i), int(i), i == 1 ? now : QDateTime());
        QVERIFY2(row.ok(), qPrintable(row.errorMessage()));
        stored << *row;
        changes.insert(row->id, i == 0 ? QJsonObject{} : QJsonObject{{u"version"_s, 9}});
    }
    // Other writers may store a scalar as the payload; Porthole's own insert does not.
    const bool postgres = engineOf(database.db) == SqlEngine::PostgreSQL;
    for (const auto &[i, scalar] : {std::pair{5, "42"}, std::pair{6, "\"just text\""}}) {
        QSqlQuery query(database.db);
        QVERIFY(query.prepare(postgres
                                  ? u"UPDATE port_messages SET message_data = CAST(? AS jsonb) "
                                    "WHERE id = CAST(? AS uuid)"_s
                                  : u"UPDATE port_messages SET message_data = ? WHERE id = ?"_s));
        query.addBindValue(QString::fromUtf8(scalar));
        query.addBindValue(stored.at(i).id);
        QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
        const auto reread = readPortMessages(database.db, {stored.at(i).id});
        QVERIFY2(reread.ok() && reread->size() == 1, qPrintable(reread.errorMessage()));
        stored[i] = reread->first();
        QCOMPARE(stored.at(i).messageData, QByteArray(scalar));
    }
    AuditEntry entry;
    entry.action = u"replay"_s;
    const auto auditId = AuditLog(database.db).append(entry);
    QVERIFY2(auditId.ok(), qPrintable(auditId.errorMessage()));
    const Status kept = appendHistory(database.db, *auditId, u"replay"_s, changes);
    QVERIFY2(kept.ok(), qPrintable(kept.errorMessage()));

    const QList<HistoryRow> history = test::history(database.db);
    QCOMPARE(history.size(), stored.size());
    for (const PortMessage &row : std::as_const(stored)) {
        const auto h = std::find_if(history.cbegin(), history.cend(),
                                    [&](const HistoryRow &r) { return r.messageId == row.id; });
        QVERIFY2(h != history.cend(), qPrintable(row.id));
        QCOMPARE(h->auditId, *auditId);
        QCOMPARE(h->before, portMessageJson(row));
        QCOMPARE(h->after, changes.value(row.id).toObject());
    }

    // A row that is gone is an error (the caller rolls its transaction back).
    const Status gone = appendHistory(
        database.db, *auditId, u"replay"_s,
        QJsonObject{{QUuid::createUuid().toString(QUuid::WithoutBraces), QJsonObject{}}});
    QVERIFY(!gone.ok());
    QCOMPARE(gone.error().kind, StorageError::Kind::NotFound);
}

QTEST_GUILESS_MAIN(tst_PortMessageActions)
#include "tst_portmessageactions.moc"
