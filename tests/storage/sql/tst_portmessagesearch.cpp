// Finding a port message by any part of its text through migration 23's index, on both
// engines: what it finds, that the index keeps up with every change, that a table migrated
// with rows in it is indexed whole, and that a search reads the index, not the table.

#include "migrateddatabase.h"
#include "portmessagerepository.h"
#include "portmessagesearch.h"
#include "queryplan.h"
#include "sqlsupport.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

const QDateTime base = QDateTime(QDate(2026, 11, 20), QTime(8, 0), QTimeZone::utc());

PortMessage message(int n, const QByteArray &metadata = {})
{
    PortMessage m;
    m.portName = u"orders"_s;
    m.sourceComponent = u"splitter"_s;
    m.targetComponent = u"sink"_s;
    m.messageData = u"{\"n\": %1, \"text\": \"Order %1\"}"_s.arg(n).toUtf8();
    m.messageMetadata = metadata;
    m.status = u"pending"_s;
    m.createdAt = base.addSecs(n);
    return m;
}

// The ids of the rows a search for `text` lists, newest first.
QStringList found(const QSqlDatabase &db, const QString &text)
{
    PortMessageFilter filter;
    filter.text = text;
    PageRequest request;
    request.limit = 100;
    const auto page = PortMessageRepository(db).page(filter, request);
    if (!page)
        return {u"error: "_s + page.errorMessage()};
    QStringList ids;
    for (const PortMessage &m : page->rows)
        ids << m.id;
    return ids;
}

QString run(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    return query.exec(sql) ? QString() : query.lastError().text();
}

// The rows the SQLite index names for a phrase, without checking them against the table.
qint64 indexed(const QSqlDatabase &db, const QString &text)
{
    QSqlQuery query(db);
    query.prepare(
        u"SELECT count(*) FROM port_messages_search WHERE port_messages_search MATCH ?"_s);
    query.addBindValue(QString(u'"' + text + u'"'));
    return query.exec() && query.next() ? query.value(0).toLongLong() : -1;
}

} // namespace

class tst_PortMessageSearch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsAnyPartThroughTheIndex_data() { test::addEngineRows(); }
    void findsAnyPartThroughTheIndex();
    void keepsUpWithEveryChange_data() { test::addEngineRows(); }
    void keepsUpWithEveryChange();
    void indexesTheRowsAMigrationFinds_data() { test::addEngineRows(); }
    void indexesTheRowsAMigrationFinds();
    void aCommonTextIsReadInOrder_data() { test::addEngineRows(); }
    void aCommonTextIsReadInOrder();
    void asksTheIndexForARarePiece();
    void findsExactlyThroughAPiece();
};

void tst_PortMessageSearch::findsAnyPartThroughTheIndex()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QList<PortMessage> rows;
    for (int n = 0; n < 30; ++n)
        rows << message(n, n == 7 ? R"({"trace_id": "Trace-Only-In-Metadata-7f3a"})" : "");
    rows[12].errorMessage = u"Connection REFUSED by payment-gateway"_s;
    auto stored = PortMessageRepository(database.db).insert(rows);
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));

    const PortMessageSearch search(database.db);
    QVERIFY(search.hasIndex());
    // A value only the metadata holds, in any case; a part of the error; a part of an id.
    for (const QString &text : {u"trace-only-in-METADATA-7F3A"_s, u"only-in-meta"_s})
        QVERIFY(search.readsIndex(text));
    QCOMPARE(found(database.db, u"trace-only-in-METADATA-7F3A"_s), QStringList{stored->at(7).id});
    QCOMPARE(found(database.db, u"connection refused"_s), QStringList{stored->at(12).id});
    QCOMPARE(found(database.db, stored->at(20).id.mid(4, 20)), QStringList{stored->at(20).id});
    QCOMPARE(found(database.db, u"\"Order 3\"}"_s), QStringList{stored->at(3).id});
    // A text too short for trigrams reads the rows, and finds the same.
    QVERIFY(!search.readsIndex(u"7f"_s));
    QVERIFY(found(database.db, u"7f"_s).contains(stored->at(7).id));
    // Characters that mean something to LIKE or to FTS5 are looked for as themselves.
    QCOMPARE(found(database.db, u"%\"_*"_s), QStringList{});
    QCOMPARE(found(database.db, u"Order 1%"_s), QStringList{});

    // The index is asked through itself, and the listing reads what it named by the table's
    // key: neither reads the table whole.
    PortMessageFilter filter;
    filter.text = u"Trace-Only-In-Metadata-7f3a"_s;
    const WhereClause where = PortMessageRepository(database.db).where(filter);
    const QString listing = u"SELECT id FROM port_messages"_s + where.sql;
    const QString probe = PortMessageSearch::indexQuery(
        engine == Engine::SQLite ? SqlEngine::SQLite : SqlEngine::PostgreSQL);
    const QVariant probed = engine == Engine::SQLite
                                ? QVariant(u"\"Trace-Only-In-Metadata-7f3a\""_s)
                                : QVariant(containsPattern(u"Trace-Only-In-Metadata-7f3a"_s));
    if (engine == Engine::SQLite) {
        const QStringList plan = test::sqlitePlan(database.db, {probe, {probed}});
        QVERIFY2(plan.join(u' ').contains(u"VIRTUAL TABLE INDEX"_s),
                 qPrintable(plan.join(u"; "_s)));
        const QStringList rows = test::sqlitePlan(database.db, {listing, where.params});
        QVERIFY2(rows.join(u' ').contains(u"INTEGER PRIMARY KEY"_s),
                 qPrintable(rows.join(u"; "_s)));
        // Dead letters walk their own index, but not for the rows a search named.
        PortMessageFilter dead;
        dead.deadLettersOnly = true;
        QVERIFY(PortMessageRepository(database.db).table(dead).contains(u"INDEXED BY"_s));
        dead.text = filter.text;
        QVERIFY(!PortMessageRepository(database.db).table(dead).contains(u"INDEXED BY"_s));
        return;
    }
    QSqlQuery session(database.db);
    QVERIFY(session.exec(u"BEGIN"_s));
    QVERIFY(session.exec(u"SET LOCAL enable_seqscan = off"_s));
    QStringList plans;
    for (const auto &[sql, params] :
         {std::pair{probe, QVariantList{probed}}, {listing, where.params}}) {
        QSqlQuery explain(database.db);
        QVERIFY2(explain.exec(u"EXPLAIN "_s + withValues(database.db, sql, params)),
                 qPrintable(explain.lastError().text()));
        QStringList plan;
        while (explain.next())
            plan << explain.value(0).toString();
        plans << plan.join(u' ');
    }
    QVERIFY(session.exec(u"ROLLBACK"_s));
    QVERIFY2(plans.at(0).contains(u"idx_port_messages_search"_s), qPrintable(plans.at(0)));
    QVERIFY2(plans.at(1).contains(u"port_messages_pkey"_s), qPrintable(plans.at(1)));
}

void tst_PortMessageSearch::keepsUpWithEveryChange()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    auto stored = PortMessageRepository(database.db)
                      .insert({message(1, R"({"trace_id": "trace-before-edit"})"), message(2)});
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    const QString id = stored->at(0).id;
    QCOMPARE(found(database.db, u"trace-before-edit"_s), QStringList{id});

    // Edited: found by its new text, not by its old.
    QCOMPARE(run(database.db,
                 u"UPDATE port_messages SET message_metadata = "_s +
                     (engine == Engine::SQLite ? u"'{\"trace_id\": \"trace-after\"}'"_s
                                               : u"'{\"trace_id\": \"trace-after\"}'::jsonb"_s) +
                     u" WHERE id = '"_s + id + u"'"_s),
             QString());
    QCOMPARE(found(database.db, u"trace-after"_s), QStringList{id});
    QCOMPARE(found(database.db, u"trace-before-edit"_s), QStringList{});
    // A status change leaves the text, and the index, as they were.
    QCOMPARE(run(database.db, u"UPDATE port_messages SET status = 'completed'"_s), QString());
    QCOMPARE(found(database.db, u"trace-after"_s), QStringList{id});
    if (engine == Engine::SQLite) {
        // The index itself no longer names the old text.
        QCOMPARE(indexed(database.db, u"trace-before-edit"_s), 0);
        // VACUUM keeps each row's rowid, which the index is keyed by.
        QCOMPARE(run(database.db,
                     u"DELETE FROM port_messages WHERE id = '"_s + stored->at(1).id + u"'"_s),
                 QString());
        QCOMPARE(run(database.db, u"VACUUM"_s), QString());
        QCOMPARE(found(database.db, u"trace-after"_s), QStringList{id});
    }
    // Deleted: gone from the index too.
    QCOMPARE(run(database.db, u"DELETE FROM port_messages WHERE id = '"_s + id + u"'"_s),
             QString());
    QCOMPARE(found(database.db, u"trace-after"_s), QStringList{});
    if (engine == Engine::SQLite)
        QCOMPARE(indexed(database.db, u"trace-after"_s), 0);
}

void tst_PortMessageSearch::indexesTheRowsAMigrationFinds()
{
    QFETCH(Engine, engine);
    QString error;
    const auto scratch = test::ScratchDatabase::create(engine, &error);
    QVERIFY2(scratch, qPrintable(error));
    const ConnectionFactory factory(scratch->url());
    {
        auto db = factory.open(u"migrate"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        auto migrations = MigrationRunner::builtin(scratch->url().engine());
        MigrationRunner runner(*db, *migrations);
        QVERIFY(runner.up(22).ok());
        auto stored = PortMessageRepository(*db).insert(
            {message(1, R"({"trace_id": "trace-stored-before"})"), message(2)});
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        QVERIFY(!PortMessageSearch(*db).hasIndex());
        QCOMPARE(found(*db, u"trace-stored-before"_s), QStringList{stored->at(0).id});
        // The plan says how long indexing the rows will take.
        const auto plan = runner.plan();
        QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
        QVERIFY(plan->rows.value(u"port_messages"_s) == (RowCount{2, RowCount::Precision::Exact}));
        const QString text = describePlan(*plan);
        QVERIFY2(text.contains(u"Migration 23: A search index of the port messages' text\n  -- "
                               "Takes about a second: it reads the 2 rows of port_messages"_s),
                 qPrintable(text));
        // So does the step as it begins, for an operator who waits for it.
        QStringList steps;
        runner.setProgress([&steps](const MigrationStep &step) { steps << step.text; });
        QVERIFY2(runner.up().ok(), "migrating to the latest version");
        QVERIFY2(steps.contains(u"Migration 23 of %1: A search index of the port messages' text "
                                "(takes about a second)"_s.arg(runner.latestVersion())),
                 qPrintable(steps.join(u'\n')));
        QCOMPARE(steps.constLast(), u"Committing: writing the changes to disk"_s);
        QVERIFY(PortMessageSearch(*db).readsIndex(u"trace-stored-before"_s));
        QCOMPARE(found(*db, u"trace-stored-before"_s), QStringList{stored->at(0).id});
        // And down again: the index is gone, the search reads the rows.
        steps.clear();
        QVERIFY(runner.down(runner.latestVersion() - 22).ok());
        QVERIFY2(
            steps.contains(u"Undoing migration 23: A search index of the port messages' text"_s),
            qPrintable(steps.join(u'\n')));
        QVERIFY(!PortMessageSearch(*db).hasIndex());
        QCOMPARE(found(*db, u"trace-stored-before"_s), QStringList{stored->at(0).id});
    }
    factory.close(u"migrate"_s);
}

void tst_PortMessageSearch::aCommonTextIsReadInOrder()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    // More rows hold "Order" than the index is worth reading them for: the listing reads the
    // rows in its order and stops at its page.
    QList<PortMessage> rows;
    for (int n = 0; n <= PortMessageSearch::indexedUpTo; ++n)
        rows << message(n);
    QVERIFY(PortMessageRepository(database.db).insert(rows).ok());
    if (engine == Engine::PostgreSQL) {
        // A sample of the rows says the text is common: the index is not asked for it (at
        // 10,000,000 rows its whole list of rows took 0.9 s to read before LIMIT stopped it).
        // A rare text asks it.
        QSqlQuery session(database.db);
        QVERIFY(session.exec(u"BEGIN"_s));
        const auto before = test::pendingScans(database.db, {u"port_messages"_s});
        QVERIFY(!PortMessageSearch(database.db).readsIndex(u"Order"_s));
        const auto common = test::pendingScans(database.db, {u"port_messages"_s});
        QVERIFY(PortMessageSearch(database.db).readsIndex(u"Order 4999"_s));
        const auto rare = test::pendingScans(database.db, {u"port_messages"_s});
        QVERIFY(session.exec(u"ROLLBACK"_s));
        QCOMPARE(common.index - before.index, 0);
        QCOMPARE(rare.index - common.index, 1);
    }
    const PortMessageSearch search(database.db);
    QVERIFY(!search.readsIndex(u"Order"_s));
    QVERIFY(search.readsIndex(u"Order 4999"_s));
    const QStringList newest = found(database.db, u"Order"_s);
    QCOMPARE(newest.size(), 100);
    QCOMPARE(found(database.db, u"\"Order 4999\""_s).size(), 1);
}

// PostgreSQL asks its index for a piece of the text without the trigrams nearly every row
// holds: each costs a read of the whole list of rows it is in, and narrows nothing.
void tst_PortMessageSearch::asksTheIndexForARarePiece()
{
    const QHash<QString, double> shares{{u"tra"_s, 1.0},  {u"rac"_s, 1.0},  {u"ace"_s, 1.0},
                                        {u"000"_s, 0.99}, {u"250"_s, 0.02}, {u"500"_s, 0.3},
                                        {u"400"_s, 0.3},  {u"800"_s, 0.3},  {u"003"_s, 0.2}};
    auto piece = PortMessageSearch::indexPiece(u"\"Trace-250000\""_s, shares);
    QVERIFY(piece);
    QCOMPARE(piece->text, u"2500"_s);
    QCOMPARE(piece->share, 0.02);
    // Trigrams no sampled row holds are the rarest; of two such runs, the longer.
    piece = PortMessageSearch::indexPiece(u"0003D090-0000-4000-8000-0000004C4B40"_s, shares);
    QVERIFY(piece);
    QCOMPARE(piece->text, u"004c4b40"_s);
    QCOMPARE(piece->share, 0.0);
    // At most eight trigrams, around the rarest.
    QHash<QString, double> even;
    const QString letters = u"abcdefghijklmnop"_s;
    for (int i = 0; i + 3 <= letters.size(); ++i)
        even.insert(letters.mid(i, 3), 0.1);
    even[u"klm"_s] = 0.01;
    QCOMPARE(PortMessageSearch::indexPiece(letters, even)->text, u"ghijklmnop"_s);
    // Nothing to narrow by: every trigram common, none within a word, or none ASCII.
    QVERIFY(!PortMessageSearch::indexPiece(u"trace"_s, shares));
    QVERIFY(!PortMessageSearch::indexPiece(u"a-b c"_s, shares));
    QVERIFY(!PortMessageSearch::indexPiece(u"größe"_s, shares));
}

// Whatever piece the index is asked for, the rows found hold the whole text and only those.
void tst_PortMessageSearch::findsExactlyThroughAPiece()
{
    test::MigratedDatabase database(Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    // Every row holds "trace-" and zeros; the trace ids differ in a few digits, and one row
    // holds the digits of another's id apart.
    QList<PortMessage> rows;
    for (int n = 0; n < 400; ++n)
        rows << message(
            n, u"{\"trace_id\": \"trace-%1\"}"_s.arg(u"%1"_s.arg(n, 3, 10, QChar(u'0')) + u"000"_s)
                   .toUtf8());
    rows[5].errorMessage = u"see 250 and 000"_s;
    auto stored = PortMessageRepository(database.db).insert(rows);
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    const PortMessageSearch search(database.db);
    for (const QString &text : {u"\"trace-250000\""_s, u"trace-25000"_s, u"-250000"_s}) {
        QVERIFY(search.readsIndex(text));
        QCOMPARE(found(database.db, text), QStringList{stored->at(250).id});
    }
    // Every row the index names is read.
    QStringList tens;
    for (int n = 250; n < 260; ++n)
        tens << stored->at(n).id;
    QVERIFY(search.readsIndex(u"trace-25"_s));
    QStringList listed = found(database.db, u"trace-25"_s);
    listed.sort();
    tens.sort();
    QCOMPARE(listed, tens);
}

QTEST_MAIN(tst_PortMessageSearch)
#include "tst_portmessagesearch.moc"
