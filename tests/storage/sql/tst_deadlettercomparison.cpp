#include "deadlettercomparison.h"
#include "migrateddatabase.h"
#include "repositorysupport.h"
#include "sqlsupport.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

const QDateTime d0(QDate(2026, 11, 27), QTime(12, 0), QTimeZone::utc());

// `count` port messages of `error` (its %1 the row's number), from `hoursBefore` d0 on, a
// minute apart, of `status` (dead_letter; completed ones are no dead letters).
bool addDeadLetters(const QSqlDatabase &db, const QString &error, int count, int hoursBefore,
                    const QString &status = u"dead_letter"_s)
{
    QSqlQuery query(db);
    query.prepare(u"INSERT INTO port_messages (id, port_name, source_component, "
                  "target_component, message_data, status, created_at, error_message) "
                  "VALUES (?, 'orders', 's', 't', '{}', ?, ?, ?)"_s);
    for (int i = 0; i < count; ++i) {
        query.addBindValue(newUuid());
        query.addBindValue(status);
        query.addBindValue(timestampParam(d0.addSecs(-3600 * hoursBefore + 60 * i), engineOf(db)));
        query.addBindValue(error.arg(i));
        if (!query.exec()) {
            qWarning() << query.lastError().text();
            return false;
        }
    }
    return true;
}

ErrorSignatureChange change(const QString &signature, qsizetype count, qsizetype earlier)
{
    return {signature, count, earlier, {}};
}

} // namespace

// Dead letters of two ranges compared by their error signatures, on both engines: new, grown,
// same, shrunk and gone, with their counts, what changed most first.
class tst_DeadLetterComparison : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void kindsAndOrder();
    void comparesTwoRanges_data() { test::addEngineRows(); }
    void comparesTwoRanges();
    void aLimitMakesItIncomplete_data() { test::addEngineRows(); }
    void aLimitMakesItIncomplete();
    void refusesABadRequest();
};

void tst_DeadLetterComparison::kindsAndOrder()
{
    QCOMPARE(change(u"a"_s, 3, 0).kind(), ErrorSignatureChange::Kind::New);
    QCOMPARE(change(u"a"_s, 3, 2).kind(), ErrorSignatureChange::Kind::Grown);
    QCOMPARE(change(u"a"_s, 2, 2).kind(), ErrorSignatureChange::Kind::Same);
    QCOMPARE(change(u"a"_s, 1, 2).kind(), ErrorSignatureChange::Kind::Shrunk);
    QCOMPARE(change(u"a"_s, 0, 2).kind(), ErrorSignatureChange::Kind::Gone);
    const QList<ErrorGroup> now{
        {u"same"_s, 4, {}, {}, {}}, {u"grown"_s, 5, {}, {}, {}}, {u"new"_s, 2, {}, {}, {}}};
    const QList<ErrorGroup> before{
        {u"gone"_s, 2, {}, {}, {}}, {u"same"_s, 4, {}, {}, {}}, {u"grown"_s, 1, {}, {}, {}}};
    // By the size of the change (4, then 2 new before 2 gone, then 0), either input order.
    const QList<ErrorSignatureChange> expected{change(u"grown"_s, 5, 1), change(u"new"_s, 2, 0),
                                               change(u"gone"_s, 0, 2), change(u"same"_s, 4, 4)};
    QCOMPARE(compareErrorGroups(now, before), expected);
    QList<ErrorGroup> reversed(now.crbegin(), now.crend());
    QCOMPARE(compareErrorGroups(reversed, QList<ErrorGroup>(before.crbegin(), before.crend())),
             expected);
}

void tst_DeadLetterComparison::comparesTwoRanges()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QSqlDatabase &db = database.db;
    // The last 24 hours against the 24 before them: a timeout that grew from 2 to 5, a parse
    // error that is new, a refusal that is gone, a full disk that shrank from 3 to 1. Rows
    // outside both ranges, and a completed row, count in neither.
    QVERIFY(addDeadLetters(db, u"timeout after %1s"_s, 5, 3));
    QVERIFY(addDeadLetters(db, u"timeout after %1s"_s, 2, 30));
    QVERIFY(addDeadLetters(db, u"cannot parse field %1"_s, 3, 10));
    QVERIFY(addDeadLetters(db, u"refused by host %1"_s, 4, 40));
    QVERIFY(addDeadLetters(db, u"disk full on volume %1"_s, 1, 1));
    QVERIFY(addDeadLetters(db, u"disk full on volume %1"_s, 3, 47));
    QVERIFY(addDeadLetters(db, u"refused by host %1"_s, 6, 50));
    QVERIFY(addDeadLetters(db, u"timeout after %1s"_s, 7, 5, u"completed"_s));

    auto compared = compareDeadLetters(db, {d0.addDays(-1), d0, 86400, 1000});
    QVERIFY2(compared.ok(), qPrintable(compared.errorMessage()));
    QCOMPARE(compared->count, 9);
    QCOMPARE(compared->earlierCount, 9);
    QVERIFY(compared->complete);
    QList<std::tuple<QString, qsizetype, qsizetype, ErrorSignatureChange::Kind>> rows;
    for (const ErrorSignatureChange &c : std::as_const(compared->changes))
        rows.append({c.signature, c.count, c.earlierCount, c.kind()});
    using K = ErrorSignatureChange::Kind;
    const QList<std::tuple<QString, qsizetype, qsizetype, ErrorSignatureChange::Kind>> expected{
        {u"refused by host <n>"_s, 0, 4, K::Gone},
        {u"cannot parse field <n>"_s, 3, 0, K::New},
        {u"timeout after <n>s"_s, 5, 2, K::Grown},
        {u"disk full on volume <n>"_s, 1, 3, K::Shrunk}};
    QCOMPARE(rows, expected);
    QCOMPARE(compared->changes.constFirst().exampleMessage, u"refused by host 3"_s);

    // A week before: nothing there, so everything of the last day is new.
    auto weekly = compareDeadLetters(db, {d0.addDays(-1), d0, 7 * 86400, 1000});
    QVERIFY(weekly.ok());
    QCOMPARE(weekly->earlierCount, 0);
    for (const ErrorSignatureChange &c : std::as_const(weekly->changes))
        QCOMPARE(c.kind(), K::New);
}

void tst_DeadLetterComparison::aLimitMakesItIncomplete()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QVERIFY(addDeadLetters(database.db, u"timeout after %1s"_s, 5, 3));
    auto compared = compareDeadLetters(database.db, {d0.addDays(-1), d0, 86400, 3});
    QVERIFY2(compared.ok(), qPrintable(compared.errorMessage()));
    QVERIFY(!compared->complete);
    QCOMPARE(compared->count, 3);
    QCOMPARE(compared->changes.constFirst().count, 3);
}

void tst_DeadLetterComparison::refusesABadRequest()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(!compareDeadLetters(database.db, {d0, d0.addDays(-1), 86400, 10}).ok());
    QVERIFY(!compareDeadLetters(database.db, {d0.addDays(-1), d0, 0, 10}).ok());
    QVERIFY(!compareDeadLetters(database.db, {d0.addDays(-1), d0, 86400, 0}).ok());
}

QTEST_GUILESS_MAIN(tst_DeadLetterComparison)
#include "tst_deadlettercomparison.moc"
