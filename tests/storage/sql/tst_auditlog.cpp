#include "auditlog.h"
#include "repositorytestsupport.h"
#include "retention.h"
#include "sqlsupport.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

qint64 count(QSqlDatabase db, const QString &table, const QString &where = {})
{
    QSqlQuery query(db);
    query.exec(u"SELECT count(*) FROM %1 %2"_s.arg(table, where));
    return query.next() ? query.value(0).toLongLong() : -1;
}

} // namespace

class tst_AuditLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendsAndPages_data() { test::addEngineRows(); }
    void appendsAndPages();
    void operatorNameBesideTheAccount();
    void retentionPreviewThenApply_data() { test::addEngineRows(); }
    void retentionPreviewThenApply();
};

void tst_AuditLog::appendsAndPages()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    AuditLog log(database.db);
    for (int i = 0; i < 7; ++i) {
        AuditEntry entry;
        entry.action = i % 2 ? u"replay"_s : u"purge"_s;
        entry.targetTable = u"port_messages"_s;
        entry.filter = QJsonObject{{u"status"_s, u"dead_letter"_s}, {u"port"_s, u"orders"_s}};
        entry.affectedIds = QJsonArray{u"a-%1"_s.arg(i), u"b-%1"_s.arg(i)};
        entry.affectedCount = 2;
        entry.before = QJsonObject{{u"status"_s, u"dead_letter"_s}};
        entry.after = i == 0 ? QJsonValue(u"pending"_s)
                             : QJsonValue(QJsonObject{{u"status"_s, u"pending"_s}});
        entry.details = u"entry %1"_s.arg(i);
        auto id = log.append(entry);
        QVERIFY2(id.ok(), qPrintable(id.errorMessage()));
        QVERIFY(*id > 0);
    }
    QCOMPARE(log.append(AuditEntry{}).error().kind, StorageError::Kind::InvalidArgument);

    PageRequest request;
    request.limit = 3;
    auto newest = log.page({}, request);
    QVERIFY2(newest.ok(), qPrintable(newest.errorMessage()));
    QCOMPARE(newest->rows.size(), 3);
    QCOMPARE(newest->rows.constFirst().details, u"entry 6"_s); // newest first
    const AuditEntry &top = newest->rows.constFirst();
    QCOMPARE(top.actor, AuditLog::currentUser() + u'@' + QSysInfo::machineHostName());
    QCOMPARE(top.filter.value(u"port"_s).toString(), u"orders"_s);
    QCOMPARE(top.affectedIds, (QJsonArray{u"a-6"_s, u"b-6"_s}));
    QCOMPARE(top.after.toObject().value(u"status"_s).toString(), u"pending"_s);
    QVERIFY(top.occurredAt.isValid());

    request.from = PageRequest::From::After;
    request.key = {newest->rows.constLast().occurredAt,
                   QString::number(newest->rows.constLast().id)};
    request.limit = 100;
    auto rest = log.page({}, request);
    QVERIFY(rest.ok());
    QCOMPARE(rest->rows.size(), 4);
    QCOMPARE(rest->rows.constLast().details, u"entry 0"_s);
    QCOMPARE(rest->rows.constLast().after.toString(), u"pending"_s); // a scalar survives

    AuditFilter replays;
    replays.action = u"replay"_s;
    QCOMPARE(log.page(replays, {})->rows.size(), 3);

    // Append-only, whatever the caller tries.
    QSqlQuery query(database.db);
    QVERIFY(!query.exec(u"UPDATE audit_log SET details = 'changed'"_s));
    QVERIFY(!query.exec(u"DELETE FROM audit_log WHERE id = 1"_s));
    QCOMPARE(count(database.db, u"audit_log"_s), 7);
}

// The operator's name is recorded with the account the program runs as; without one, the
// account alone.
void tst_AuditLog::operatorNameBesideTheAccount()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    AuditLog log(database.db);
    const QString account = AuditLog::currentUser() + u'@' + QSysInfo::machineHostName();
    QCOMPARE(AuditLog::defaultOperator(), account);
    const auto actorOfNew = [&log]() -> QString {
        const auto id = log.append({.action = u"test"_s});
        if (!id)
            return id.errorMessage();
        PageRequest newest;
        newest.limit = 1;
        const auto page = log.page({}, newest);
        return page && !page->rows.isEmpty() ? page->rows.constFirst().actor : QString();
    };
    AuditLog::setOperator(u"  alice  "_s);
    QCOMPARE(actorOfNew(), u"alice (%1)"_s.arg(account));
    AuditLog::setOperator(account); // the default, named: said once
    QCOMPARE(actorOfNew(), account);
    AuditLog::setOperator({});
    QCOMPARE(actorOfNew(), account);
}

void tst_AuditLog::retentionPreviewThenApply()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QDateTime now(QDate(2026, 11, 21), QTime(12, 0), QTimeZone::utc());
    const bool sqlite = engine == test::ScratchDatabase::Engine::SQLite;
    QSqlQuery query(database.db);
    const auto at = [sqlite](const QDateTime &t) {
        return u"'%1'"_s.arg(timestampText(t) + (sqlite ? QString() : u"+00"_s));
    };
    const auto uuid = [](int n) {
        return u"'00000000-0000-4000-8000-%1'"_s.arg(n, 12, 10, QChar(u'0'));
    };
    int n = 0;
    // Metrics 10 and 40 days old.
    for (int days : {10, 40, 40}) {
        QVERIFY(
            query.exec(u"INSERT INTO component_metrics (id, component_name, metric_name, "
                       u"metric_value, timestamp) "
                       "VALUES (%1, 'c', 'm', 1, %2)"_s.arg(uuid(++n), at(now.addDays(-days)))));
        QVERIFY(query.exec(
            u"INSERT INTO port_metrics (id, port_name, timestamp) VALUES (%1, 'p', %2)"_s.arg(
                uuid(++n), at(now.addDays(-days)))));
    }
    // Completed messages 3 and 9 days ago, and an old failed one that stays.
    for (const auto &[status, days] :
         {std::pair{u"completed"_s, 3}, {u"completed"_s, 9}, {u"failed"_s, 30}})
        QVERIFY(query.exec(
            u"INSERT INTO port_messages (id, port_name, source_component, target_component, "
            u"message_data, "
            "status, created_at, completed_at) VALUES (%1, 'p', 's', 't', '{}', '%2', %3, %3)"_s
                .arg(uuid(++n), status, at(now.addDays(-days)))));
    // 13 checkpoints of one component: the 3 oldest go.
    for (int v = 1; v <= 13; ++v)
        QVERIFY(
            query.exec(u"INSERT INTO checkpoints (id, checkpoint_name, component_name, "
                       u"checkpoint_data, version, "
                       "created_at) VALUES (%1, 'cp', 'splitter', '{}', %2, %3)"_s.arg(uuid(++n))
                           .arg(v)
                           .arg(at(now.addSecs(v - 100)))));

    RetentionRules rules;
    auto plan = previewRetention(database.db, rules, now);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(plan->componentMetrics, 2);
    QCOMPARE(plan->portMetrics, 2);
    QCOMPARE(plan->completedMessages, 1);
    QCOMPARE(plan->checkpointIds.size(), 3);
    QCOMPARE(count(database.db, u"component_metrics"_s), 3); // a preview deletes nothing

    // A new checkpoint arrives between preview and apply: the plan still deletes exactly
    // what it showed.
    QVERIFY(query.exec(
        u"INSERT INTO checkpoints (id, checkpoint_name, component_name, checkpoint_data, version, "
        "created_at) VALUES (%1, 'cp', 'splitter', '{}', 14, %2)"_s.arg(uuid(++n), at(now))));
    auto done = applyRetention(database.db, *plan, {.actor = u"ops"_s});
    QVERIFY2(done.ok(), qPrintable(done.errorMessage()));
    QCOMPARE(done->total(), 8);
    QCOMPARE(done->checkpointIds, plan->checkpointIds);
    QCOMPARE(count(database.db, u"component_metrics"_s), 1);
    QCOMPARE(count(database.db, u"port_metrics"_s), 1);
    QCOMPARE(count(database.db, u"port_messages"_s), 2);
    QCOMPARE(count(database.db, u"checkpoints"_s), 11);
    QCOMPARE(count(database.db, u"checkpoints"_s, u"WHERE is_latest"_s), 1);

    auto audit = AuditLog(database.db).page({}, {});
    QVERIFY(audit.ok());
    QCOMPARE(audit->rows.size(), 1);
    QCOMPARE(audit->rows.constFirst().action, u"retention"_s);
    QCOMPARE(audit->rows.constFirst().actor, u"ops"_s);
    QCOMPARE(audit->rows.constFirst().affectedCount, 8);
    QCOMPARE(audit->rows.constFirst().affectedIds.size(), 3);

    RetentionRules negative;
    negative.checkpointsPerComponent = -1;
    QCOMPARE(previewRetention(database.db, negative, now).error().kind,
             StorageError::Kind::InvalidArgument);
}

QTEST_GUILESS_MAIN(tst_AuditLog)
#include "tst_auditlog.moc"
