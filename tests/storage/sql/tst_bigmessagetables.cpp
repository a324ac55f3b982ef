// Big-table manners of the panes over messages and port messages: Messages, Queues and Dead
// letters (see bigtablestestsupport.h for how a read is watched).

#include "auditlog.h"
#include "bigtablestestsupport.h"
#include "checkpointrepository.h"
#include "messagerepository.h"
#include "pipelinesnapshot.h"
#include "portmessagerepository.h"
#include "queryplan.h"
#include "repositorytestsupport.h"
#include "sqlitestatement.h"
#include "sqlsupport.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

#include <functional>
#include <sqlite3.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace std::chrono_literals;
using porthole::test::MigratedDatabase;
using porthole::test::scalar;
using namespace porthole::test;

class tst_BigMessageTables : public porthole::test::BigTablesTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void messagesPane_data() { test::addEngineRows(); }
    void messagesPane();
    void queuesPane_data() { test::addEngineRows(); }
    void queuesPane();
    void deadLettersPane_data() { test::addEngineRows(); }
    void deadLettersPane();
};

void tst_BigMessageTables::initTestCase()
{
    fillDatabases();
}

void tst_BigMessageTables::messagesPane()
{
    QFETCH(Engine, engine);
    MigratedDatabase &database = databaseFor(engine);
    const ReadTransaction transaction(database.db);
    QVERIFY(transaction.ok());
    const MessageRepository repository(database.db);

    // Unfiltered, newest first (MessageModel's first sort), and by number.
    for (const QString &sort : MessageRepository::sortColumns()) {
        Page<ReceivedMessage> first;
        Page<ReceivedMessage> second;
        CHECK_READ(sort + u": the first page"_s, {}, [&] {
            auto page = repository.page({}, request(PageRequest::From::Start, {}, sort));
            if (page)
                first = *page;
            return failure(page);
        });
        QCOMPARE(first.rows.size(), pageSize);
        QCOMPARE(first.rows.constFirst().messageNumber, bigRows);
        const PageKey last = MessageRepository::keyOf(first.rows.constLast(), sort);
        CHECK_READ(sort + u": the next page"_s, {}, [&] {
            auto page = repository.page({}, request(PageRequest::From::After, last, sort));
            if (page)
                second = *page;
            return failure(page);
        });
        QCOMPARE(second.rows.constFirst().messageNumber, bigRows - pageSize);
        const PageKey secondFirst = MessageRepository::keyOf(second.rows.constFirst(), sort);
        CHECK_READ(sort + u": the page before"_s, {}, [&] {
            return failure(
                repository.page({}, request(PageRequest::From::Before, secondFirst, sort)));
        });
        CHECK_READ(sort + u": the last page"_s, {}, [&] {
            return failure(repository.page({}, request(PageRequest::From::End, {}, sort)));
        });
        // A page read again by its bounds (with room for what arrived since).
        const KeyRange range{MessageRepository::keyOf(first.rows.constFirst(), sort), true, last};
        CHECK_READ(sort + u": a page again"_s, {}, [&] {
            return failure(repository.pageBetween(
                {}, range, request(PageRequest::From::Start, {}, sort, true, 2 * pageSize)));
        });
    }

    // Filters: a stretch of numbers, a stretch of time, a text.
    MessageFilter numbers;
    numbers.numberFrom = 40000;
    numbers.numberTo = 40999;
    MessageFilter times;
    times.from = at(50000);
    times.to = at(60000);
    MessageFilter text;
    text.text = u"TENTH"_s;
    struct Filtered
    {
        QString name;
        MessageFilter filter;
        Allowed allowed;
    };
    // SQLite takes the numbers by their index and sorts them by time (1,000 rows).
    const QList<Filtered> filters{{u"numbers"_s, numbers, {.maySort = u"message_number >="_s}},
                                  {u"times"_s, times, {}},
                                  {u"text"_s, text, {}}};
    for (const Filtered &f : filters) {
        Page<ReceivedMessage> first;
        CHECK_READ(f.name + u": the first page"_s, f.allowed, [&] {
            auto page = repository.page(f.filter, request(PageRequest::From::Start, {}, {}));
            if (page)
                first = *page;
            return failure(page);
        });
        QCOMPARE(first.rows.size(), pageSize);
        const PageKey last = MessageRepository::keyOf(first.rows.constLast(), u"timestamp"_s);
        CHECK_READ(f.name + u": the next page"_s, f.allowed, [&] {
            return failure(repository.page(f.filter, request(PageRequest::From::After, last, {})));
        });
    }
    // Counted exactly (below the cap) through their index.
    for (const Filtered &f : filters.first(2)) {
        const qint64 rows = f.name == u"numbers"_s ? 1000 : 10000;
        CHECK_READ(f.name + u": the count"_s, f.allowed, [&] {
            return countProblem(repository.count(f.filter, exactUpTo), rows, engineOf(database.db));
        });
    }
    // A text search is counted, never guessed: the planner would take a third of the table for
    // it, above a cap of 10,000; it holds 6,000. Counting reads the table: a substring has no
    // index.
    const auto searched = repository.count(text, 10000);
    QVERIFY2(searched.ok(), qPrintable(searched.errorMessage()));
    QCOMPARE(*searched, (RowCount{bigRows / 10, RowCount::Precision::Exact}));

    // The count the pane shows for the whole table: PostgreSQL's estimate, no row read;
    // SQLite counts up to the cap and then sizes the table by its ids (two index probes).
    const Allowed catalogue{.catalogueOnly = engine == Engine::PostgreSQL};
    CHECK_READ(u"the count"_s, catalogue, [&] {
        return countProblem(repository.count({}, exactUpTo), bigRows, engineOf(database.db));
    });
    if (engine == Engine::SQLite) {
        CHECK_READ(u"the estimate"_s, {}, [&] {
            auto count = repository.estimatedCount();
            if (count && *count != RowCount{bigRows, RowCount::Precision::Estimate})
                return u"estimated %1"_s.arg(count->value);
            return failure(count);
        });
    }
}

void tst_BigMessageTables::queuesPane()
{
    QFETCH(Engine, engine);
    MigratedDatabase &database = databaseFor(engine);
    const ReadTransaction transaction(database.db);
    QVERIFY(transaction.ok());
    const PortMessageRepository repository(database.db);
    const QString sort = u"created_at"_s; // PortMessageModel's first sort, newest first

    PortMessageFilter port;
    port.ports = {u"port-3"_s};
    PortMessageFilter status;
    status.statuses = {u"failed"_s};
    PortMessageFilter portAndStatus;
    portAndStatus.ports = {u"port-3"_s};
    portAndStatus.statuses = {u"pending"_s};
    PortMessageFilter times;
    times.from = at(50000);
    times.to = at(60000);
    const QList<std::pair<QString, PortMessageFilter>> filters{
        {u"all"_s, {}},
        {u"one port"_s, port},
        {u"one status"_s, status},
        {u"a port and a status"_s, portAndStatus},
        {u"a stretch of time"_s, times},
    };
    for (const auto &[name, ofTheListing] : filters) {
        const auto &filter = ofTheListing; // a lambda of clang 14 cannot capture a binding
        Page<PortMessage> first;
        Page<PortMessage> second;
        CHECK_READ(name + u": the first page"_s, {}, [&] {
            auto page = repository.page(filter, request(PageRequest::From::Start, {}, sort));
            if (page)
                first = *page;
            return failure(page);
        });
        QCOMPARE(first.rows.size(), pageSize);
        const PageKey last = PortMessageRepository::keyOf(first.rows.constLast(), sort);
        CHECK_READ(name + u": the next page"_s, {}, [&] {
            auto page = repository.page(filter, request(PageRequest::From::After, last, sort));
            if (page)
                second = *page;
            return failure(page);
        });
        QVERIFY(!second.rows.isEmpty());
        QVERIFY(second.rows.constFirst().createdAt < first.rows.constLast().createdAt);
        const PageKey secondFirst = PortMessageRepository::keyOf(second.rows.constFirst(), sort);
        CHECK_READ(name + u": the page before"_s, {}, [&] {
            return failure(
                repository.page(filter, request(PageRequest::From::Before, secondFirst, sort)));
        });
        CHECK_READ(name + u": the last page"_s, {}, [&] {
            return failure(repository.page(filter, request(PageRequest::From::End, {}, sort)));
        });
        const KeyRange range{PortMessageRepository::keyOf(first.rows.constFirst(), sort), true,
                             last};
        CHECK_READ(name + u": a page again"_s, {}, [&] {
            return failure(repository.pageBetween(
                filter, range, request(PageRequest::From::Start, {}, sort, true, 2 * pageSize)));
        });
        // Above the cap: PostgreSQL's estimate, with no row read.
        const qint64 rows = portMessagesOf(filter);
        const Allowed count{.catalogueOnly = rows > exactUpTo && engine == Engine::PostgreSQL};
        CHECK_READ(name + u": the count"_s, count, [&] {
            return countProblem(repository.count(filter, exactUpTo), rows, engineOf(database.db));
        });
    }

    // Sorted by port or by status (newest first: by the value, then the id, descending).
    for (const QString &by : {u"port_name"_s, u"status"_s}) {
        Page<PortMessage> first;
        CHECK_READ(by + u": the first page"_s, {}, [&] {
            auto page = repository.page({}, request(PageRequest::From::Start, {}, by));
            if (page)
                first = *page;
            return failure(page);
        });
        QCOMPARE(first.rows.size(), pageSize);
        const PageKey last = PortMessageRepository::keyOf(first.rows.constLast(), by);
        CHECK_READ(by + u": the next page"_s, {}, [&] {
            return failure(repository.page({}, request(PageRequest::From::After, last, by)));
        });
        CHECK_READ(by + u": the page before"_s, {}, [&] {
            return failure(repository.page({}, request(PageRequest::From::Before, last, by)));
        });
        CHECK_READ(by + u": the last page"_s, {}, [&] {
            return failure(repository.page({}, request(PageRequest::From::End, {}, by)));
        });
        const KeyRange range{PortMessageRepository::keyOf(first.rows.constFirst(), by), true, last};
        CHECK_READ(by + u": a page again"_s, {}, [&] {
            return failure(repository.pageBetween(
                {}, range, request(PageRequest::From::Start, {}, by, true, 2 * pageSize)));
        });
    }

    // The port list (a skip scan, one probe a port) and the count of every status.
    const Allowed skipScan{.derived = {u"p"_s}};
    CHECK_READ(u"the ports"_s, skipScan, [&] {
        auto ports = repository.ports();
        if (ports && ports->size() != 8)
            return u"%1 ports"_s.arg(ports->size());
        return failure(ports);
    });
    CHECK_READ(u"the counts by status"_s, {}, [&] {
        auto counts = repository.statusCounts(exactUpTo);
        if (!counts)
            return counts.errorMessage();
        QStringList wrong;
        for (const StatusCount &count : *counts) {
            PortMessageFilter filter;
            filter.statuses = {count.status};
            const qint64 rows = portMessagesOf(filter);
            if (rows <= exactUpTo ? count.count != rows : count.count <= exactUpTo)
                wrong << u"%1: %2 of %3"_s.arg(count.status).arg(count.count).arg(rows);
        }
        return counts->size() == 5 ? wrong.join(u", "_s) : u"%1 statuses"_s.arg(counts->size());
    });
}

void tst_BigMessageTables::deadLettersPane()
{
    QFETCH(Engine, engine);
    MigratedDatabase &database = databaseFor(engine);
    const ReadTransaction transaction(database.db);
    QVERIFY(transaction.ok());
    const PortMessageRepository repository(database.db);
    const QString sort = u"created_at"_s;
    PortMessageFilter all;
    all.deadLettersOnly = true;
    const qint64 deadLetters = portMessagesOf(all); // dead_letter, failed with retries spent
    // A group (error signature), as PortMessageModel narrows it down in SQL first.
    PortMessageFilter group = all;
    group.errorLike = u"error 3 at %"_s;
    for (const auto &[name, ofTheListing] :
         {std::pair{u"dead letters"_s, all}, std::pair{u"one group"_s, group}}) {
        const auto &filter = ofTheListing; // a lambda of clang 14 cannot capture a binding
        Page<PortMessage> first;
        CHECK_READ(name + u": the first page"_s, {}, [&] {
            auto page = repository.page(filter, request(PageRequest::From::Start, {}, sort));
            if (page)
                first = *page;
            return failure(page);
        });
        QCOMPARE(first.rows.size(), pageSize);
        QVERIFY(first.rows.constFirst().isDeadLetter());
        const PageKey last = PortMessageRepository::keyOf(first.rows.constLast(), sort);
        CHECK_READ(name + u": the next page"_s, {}, [&] {
            return failure(repository.page(filter, request(PageRequest::From::After, last, sort)));
        });
        CHECK_READ(name + u": the last page"_s, {}, [&] {
            return failure(repository.page(filter, request(PageRequest::From::End, {}, sort)));
        });
        const KeyRange range{PortMessageRepository::keyOf(first.rows.constFirst(), sort), true,
                             last};
        CHECK_READ(name + u": a page again"_s, {}, [&] {
            return failure(repository.pageBetween(
                filter, range, request(PageRequest::From::Start, {}, sort, true, 2 * pageSize)));
        });
    }
    // The count, exact below the cap, through the dead letters' partial index.
    CHECK_READ(u"the count"_s, {}, [&] {
        return countProblem(repository.count(all, exactUpTo), deadLetters, engineOf(database.db));
    });
    // Grouping by error reads the errors of the newest 100,000 dead letters and one more
    // (PortMessageLookup), and a group's count its rows' errors up to the cap (PortMessageModel):
    // every dead letter here, through their index, and no other row.
    const Allowed everyDeadLetter{.steps = deadLetters};
    CHECK_READ(u"the grouping"_s, everyDeadLetter, [&] {
        auto errors = repository.errors(all, 100001);
        if (errors && errors->size() != deadLetters)
            return u"%1 errors"_s.arg(errors->size());
        return failure(errors);
    });
    CHECK_READ(u"a group's count"_s, everyDeadLetter, [&] {
        auto errors = repository.errors(group, int(exactUpTo + 1));
        if (errors && (errors->isEmpty() || errors->size() >= deadLetters))
            return u"%1 errors"_s.arg(errors->size());
        return failure(errors);
    });
}

QTEST_GUILESS_MAIN(tst_BigMessageTables)
#include "tst_bigmessagetables.moc"
