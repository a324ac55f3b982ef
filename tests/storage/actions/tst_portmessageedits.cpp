// A port message's payload edited (and invalid JSON refused, with where it fails), and purged
// rows deleted for good.

#include "actionoutbox.h"
#include "actiontestsupport.h"
#include "auditlog.h"
#include "portmessageedits.h"
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

class tst_PortMessageEdits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void editsPayload_data() { test::addEngineRows(); }
    void editsPayload();
    void editRefusesInvalidJson_data();
    void editRefusesInvalidJson();
    void editRefusesUnknownRow_data() { test::addEngineRows(); }
    void editRefusesUnknownRow();
    void jsonErrorAt_data();
    void jsonErrorAt();
    void hardDeletesOnlyOldPurgedRows_data() { test::addEngineRows(); }
    void hardDeletesOnlyOldPurgedRows();
};

void tst_PortMessageEdits::editsPayload()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const auto stored = store(database.db, sample(1), 1);
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    const PortMessage before = *stored;
    const QByteArray edited = "{\n  \"n\": 1,\n  \"text\": \"Order 1, corrected\"\n}";

    const auto saved =
        editPortMessagePayload(database.db, before.id, before.version, edited, u"alice"_s);
    QVERIFY2(saved.ok(), qPrintable(saved.errorMessage()));
    PortMessage expected = before;
    expected.messageData = edited;
    ++expected.version;
    QCOMPARE(describe(*saved), describe(expected));
    const auto current = PortMessageRepository(database.db).get(before.id);
    QVERIFY2(current.ok(), qPrintable(current.errorMessage()));
    QCOMPARE(describe(*current), describe(expected));

    // One audit entry and one history row, tied to each other.
    const QList<AuditEntry> audit = auditEntries(database.db);
    QCOMPARE(audit.size(), 1);
    const AuditEntry &entry = audit.constFirst();
    QCOMPARE(entry.action, u"edit"_s);
    QCOMPARE(entry.actor, u"alice"_s);
    QCOMPARE(entry.targetTable, u"port_messages"_s);
    QCOMPARE(entry.affectedIds, QJsonArray{before.id});
    QCOMPARE(entry.affectedCount, 1);
    QVERIFY(!entry.details.isEmpty());
    const QList<HistoryRow> rows = history(database.db);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.constFirst().messageId, before.id);
    QCOMPARE(rows.constFirst().auditId, entry.id);
    QCOMPARE(rows.constFirst().change, u"edit"_s);
    QCOMPARE(rows.constFirst().before, portMessageJson(before));
    QCOMPARE(rows.constFirst().after,
             (QJsonObject{{u"message_data"_s, portMessageJson(*current).value(u"message_data"_s)},
                          {u"version"_s, current->version}}));

    // The next edit names the new version; the operating-system user when no actor is given.
    const auto again = editPortMessagePayload(database.db, before.id, saved->version,
                                              "{\"n\": 1, \"text\": \"third\"}");
    QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
    QCOMPARE(again->version, before.version + 2);
    QCOMPARE(auditEntries(database.db).constFirst().actor, AuditLog::defaultOperator());

    // A stale version: another operator got there first. Nothing is written.
    const QStringList state = snapshot(database.db);
    const auto stale = editPortMessagePayload(database.db, before.id, saved->version,
                                              "{\"n\": 1, \"text\": \"lost update\"}", u"bob"_s);
    QVERIFY(!stale.ok());
    QCOMPARE(stale.error().kind, StorageError::Kind::Conflict);
    QVERIFY(!stale.errorMessage().isEmpty());
    QCOMPARE(snapshot(database.db), state);
    QCOMPARE(describe(*PortMessageRepository(database.db).get(before.id)), describe(*again));
}

void tst_PortMessageEdits::editRefusesInvalidJson_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("line");
    for (const Engine engine : {Engine::SQLite, Engine::PostgreSQL}) {
        const QString e = test::engineName(engine);
        QTest::addRow("%s: bad literal on line 3", qPrintable(e))
            << engine << QByteArray("{\n  \"n\": 1,\n  \"ok\": tru,\n  \"x\": 2\n}") << 3;
        QTest::addRow("%s: missing comma on line 2", qPrintable(e))
            << engine << QByteArray("[1,\n2 3]") << 2;
        QTest::addRow("%s: empty", qPrintable(e)) << engine << QByteArray() << 1;
    }
}

void tst_PortMessageEdits::editRefusesInvalidJson()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QFETCH(QByteArray, payload);
    QFETCH(int, line);
    const auto stored = store(database.db, sample(1));
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    const QStringList state = snapshot(database.db);
    const auto saved =
        editPortMessagePayload(database.db, stored->id, stored->version, payload, u"alice"_s);
    QVERIFY(!saved.ok());
    QCOMPARE(saved.error().kind, StorageError::Kind::InvalidJson);
    QVERIFY2(saved.errorMessage().contains(u"line %1, column "_s.arg(line)),
             qPrintable(saved.errorMessage()));
    QCOMPARE(snapshot(database.db), state);
}

void tst_PortMessageEdits::editRefusesUnknownRow()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QStringList state = snapshot(database.db);
    const auto saved = editPortMessagePayload(
        database.db, QUuid::createUuid().toString(QUuid::WithoutBraces), 1, "{\"n\": 1}");
    QVERIFY(!saved.ok());
    QCOMPARE(saved.error().kind, StorageError::Kind::NotFound);
    QCOMPARE(snapshot(database.db), state);
}

void tst_PortMessageEdits::jsonErrorAt_data()
{
    // Qt reports a parse error at the offending character or just after it; an editor's
    // column is either.
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("line"); // 0: parses
    QTest::addColumn<int>("column");
    QTest::newRow("object") << QByteArray("{\"a\": [1, 2, {\"b\": null}]}") << 0 << 0;
    QTest::newRow("not ascii") << QByteArray("[\"\xc3\xa4\xe2\x9c\x97\"]") << 0 << 0;
    QTest::newRow("third line") << QByteArray("[1,\n2,\n3 4]") << 3 << 3;
    QTest::newRow("characters, not bytes") << QByteArray("{\"\xc3\xa4\xc3\xa4\": x}") << 1 << 8;
    QTest::newRow("crlf") << QByteArray("[1,\r\n2 3]") << 2 << 3;
    QTest::newRow("indented") << QByteArray("  \n\n   {\"a\" 1}") << 3 << 9;
    QTest::newRow("unterminated") << QByteArray("{\"a\": 1") << 1 << 7;
    QTest::newRow("empty") << QByteArray() << 1 << 1;
}

void tst_PortMessageEdits::jsonErrorAt()
{
    QFETCH(QByteArray, json);
    QFETCH(int, line);
    QFETCH(int, column);
    const QString where = porthole::jsonErrorAt(json);
    if (line == 0) {
        QCOMPARE(where, QString());
        return;
    }
    static const QRegularExpression form(u"^line (\\d+), column (\\d+): \\S.*$"_s);
    const QRegularExpressionMatch match = form.match(where);
    QVERIFY2(match.hasMatch(), qPrintable(where));
    QCOMPARE(match.captured(1).toInt(), line);
    const int at = match.captured(2).toInt();
    QVERIFY2(at == column || at == column + 1, qPrintable(where));
}

void tst_PortMessageEdits::hardDeletesOnlyOldPurgedRows()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QDateTime cutOff(QDate(2026, 11, 1), QTime(0, 0), QTimeZone::utc());
    QStringList ids;
    // Purged long before, just before, just after the cut-off; two that will change between
    // preview and apply; one never purged.
    for (const QDateTime &deletedAt : {cutOff.addDays(-10), cutOff.addMSecs(-1), cutOff.addSecs(1),
                                       cutOff.addDays(-5), cutOff.addDays(-6), QDateTime()}) {
        const auto stored = store(database.db, sample(int(ids.size())), 0, deletedAt);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        ids << stored->id;
    }
    const QStringList state = snapshot(database.db);
    const auto plan = previewHardDelete(database.db, cutOff);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(idSet(plan->ids), (QSet<QString>{ids.at(0), ids.at(1), ids.at(3), ids.at(4)}));
    QCOMPARE(snapshot(database.db), state); // a preview deletes nothing

    // Between preview and apply one row is restored and another purged again, later.
    QSqlQuery query(database.db);
    QVERIFY(query.prepare(u"UPDATE port_messages SET deleted_at = NULL WHERE id = ?"_s));
    query.addBindValue(ids.at(3));
    QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
    QVERIFY(query.prepare(u"UPDATE port_messages SET deleted_at = ? WHERE id = ?"_s));
    query.addBindValue(timestampParam(cutOff.addDays(2), engineOf(database.db)));
    query.addBindValue(ids.at(4));
    QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
    // And a row purged long ago arrives that the preview did not show.
    const auto late = store(database.db, sample(9), 0, cutOff.addDays(-30));
    QVERIFY2(late.ok(), qPrintable(late.errorMessage()));

    const auto deleted = applyHardDelete(database.db, *plan, u"alice"_s);
    QVERIFY2(deleted.ok(), qPrintable(deleted.errorMessage()));
    QCOMPARE(*deleted, 2);
    const QStringList left = rowsOf(database.db, u"SELECT id FROM port_messages"_s);
    QCOMPARE(idSet(left), (QSet<QString>{ids.at(2), ids.at(3), ids.at(4), ids.at(5), late->id}));

    const QList<AuditEntry> audit = auditEntries(database.db);
    QCOMPARE(audit.size(), 1);
    const AuditEntry &entry = audit.constFirst();
    QVERIFY2(entry.action.contains(u"delete"_s), qPrintable(entry.action));
    QCOMPARE(entry.actor, u"alice"_s);
    QCOMPARE(entry.targetTable, u"port_messages"_s);
    QCOMPARE(entry.affectedCount, 2);
    QStringList affected;
    for (const QJsonValue &id : entry.affectedIds)
        affected << id.toString();
    QCOMPARE(idSet(affected), (QSet<QString>{ids.at(0), ids.at(1)}));
    QVERIFY(!entry.details.isEmpty());
}

QTEST_GUILESS_MAIN(tst_PortMessageEdits)
#include "tst_portmessageedits.moc"
