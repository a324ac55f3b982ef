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

class tst_BigTables : public porthole::test::BigTablesTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void checksSeeWholeTableReads_data() { test::addEngineRows(); }
    void checksSeeWholeTableReads();
    void checkpointsPane_data() { test::addEngineRows(); }
    void checkpointsPane();
    void auditPane_data() { test::addEngineRows(); }
    void auditPane();
    void overview_data() { test::addEngineRows(); }
    void overview();
};

void tst_BigTables::initTestCase()
{
    fillDatabases();
}

void tst_BigTables::checksSeeWholeTableReads()
{
    QFETCH(Engine, engine);
    MigratedDatabase &database = databaseFor(engine);
    const ReadTransaction transaction(database.db);
    QVERIFY(transaction.ok());
    // Runs a statement and reads its rows, as a repository does.
    const auto run = [&database](const QString &sql) -> Read {
        return [&database, sql] {
            auto query = execQuery(database.db, sql, {}, u"Reading"_s);
            while (query && query->next()) {
            }
            return failure(query);
        };
    };
    // Counting messages by their content: no index has it.
    const QString unindexed =
        misreads(database.db, u"unindexed"_s, {},
                 run(u"SELECT count(*) FROM messages WHERE content = 'nowhere'"_s))
            .join(u'\n');
    QVERIFY2(unindexed.contains(engine == Engine::SQLite ? u"reads a table whole"_s
                                                         : u"1 sequential scans"_s),
             qPrintable(unindexed));
    if (engine == Engine::SQLite) {
        // SQLite counts the steps from one row to the next.
        QVERIFY2(unindexed.contains(u"stepped through %1 rows"_s.arg(bigRows - 1)),
                 qPrintable(unindexed));
        // A sort of every failed and pending row for one page.
        const QString sorted =
            misreads(database.db, u"sorted"_s, {},
                     run(u"SELECT id FROM port_messages WHERE status IN ('failed', 'pending') "
                         "ORDER BY created_at DESC, id DESC LIMIT 201"_s))
                .join(u'\n');
        QVERIFY2(sorted.contains(u"sorts its rows"_s), qPrintable(sorted));
        // A count without its cap.
        const QString uncapped = misreads(database.db, u"uncapped"_s, {},
                                          run(u"SELECT count(*) FROM (SELECT 1 FROM port_messages "
                                              "WHERE deleted_at IS NULL) capped"_s))
                                     .join(u'\n');
        QVERIFY2(uncapped.contains(u"stepped through %1 rows"_s.arg(bigRows - 1)),
                 qPrintable(uncapped));
        // Every row of a table by an index, from one end to the other.
        const QString walked =
            misreads(database.db, u"walked"_s, {},
                     run(u"SELECT checkpoint_name FROM checkpoints WHERE is_latest "
                         "ORDER BY checkpoint_name"_s))
                .join(u'\n');
        QVERIFY2(
            walked.contains(u"stepped through %1 rows"_s.arg(checkpointRows + longVersions - 1)),
            qPrintable(walked));
    } else {
        // A count answered by the catalogue reads nothing: one that counts is seen.
        const Allowed catalogue{.catalogueOnly = true};
        const QString counted =
            misreads(database.db, u"counted"_s, catalogue,
                     run(u"SELECT count(*) FROM port_messages WHERE status = 'dead_letter'"_s))
                .join(u'\n');
        QVERIFY2(counted.contains(u"index scans where the catalogue"_s), qPrintable(counted));
    }
}

void tst_BigTables::checkpointsPane()
{
    QFETCH(Engine, engine);
    MigratedDatabase &database = databaseFor(engine);
    const ReadTransaction transaction(database.db);
    QVERIFY(transaction.ok());
    const CheckpointRepository repository(database.db);
    // The list: the latest version of each name (by its partial index), sorted by name (one
    // row a name), with the number of its versions (by the name's index).
    const Allowed sortsNames{.maySort = u"FROM checkpoints c "_s};
    CHECK_READ(u"the names"_s, sortsNames, [&] {
        auto names = repository.names();
        if (!names)
            return names.errorMessage();
        const qint64 versions = checkpointRows / checkpointNames;
        const auto named = [&names](const QString &name) {
            for (const CheckpointSummary &summary : std::as_const(*names)) {
                if (summary.name == name)
                    return summary;
            }
            return CheckpointSummary{};
        };
        if (names->size() != checkpointNames + 1 || named(u"cp-0"_s).latestVersion != versions ||
            named(u"cp-0"_s).versionCount != versions)
            return u"%1 names"_s.arg(names->size());
        // Counted up to the cap.
        const CheckpointSummary long_ = named(u"cp-long"_s);
        if (long_.latestVersion != longVersions ||
            long_.versionCount != CheckpointRepository::versionsCountedUpTo + 1)
            return u"cp-long: version %1, %2 versions"_s.arg(long_.latestVersion)
                .arg(long_.versionCount);
        return QString();
    });
    CHECK_READ(u"the names holding a text"_s, sortsNames, [&] {
        auto names = repository.names(u"CP-12"_s); // cp-12 and cp-120 ... cp-129
        if (names && names->size() != 11)
            return u"%1 names"_s.arg(names->size());
        return failure(names);
    });
    CHECK_READ(u"the versions of a name"_s, {}, [&] {
        auto versions = repository.versions(u"cp-7"_s);
        if (versions && versions->size() != checkpointRows / checkpointNames)
            return u"%1 versions"_s.arg(versions->size());
        return failure(versions);
    });
    CHECK_READ(u"the latest version"_s, {}, [&] {
        auto latest = repository.get(u"cp-7"_s);
        if (latest && latest->version != checkpointRows / checkpointNames)
            return u"version %1"_s.arg(latest->version);
        return failure(latest);
    });
    CHECK_READ(u"a version"_s, {}, [&] { return failure(repository.get(u"cp-7"_s, 5)); });
}

void tst_BigTables::auditPane()
{
    QFETCH(Engine, engine);
    MigratedDatabase &database = databaseFor(engine);
    const ReadTransaction transaction(database.db);
    QVERIFY(transaction.ok());
    const AuditLog log(database.db);
    const QString sort = u"occurred_at"_s; // AuditLogModel: newest first
    AuditFilter replays;
    replays.action = u"replay"_s;
    for (const auto &[name, ofTheListing, rowsOfTheListing] :
         {std::tuple{u"all"_s, AuditFilter{}, auditRows},
          std::tuple{u"one action"_s, replays, auditRows / 10}}) {
        // A lambda of clang 14 cannot capture a binding.
        const auto &filter = ofTheListing;
        const qint64 rows = rowsOfTheListing;
        Page<AuditEntry> first;
        CHECK_READ(name + u": the first page"_s, {}, [&] {
            auto page = log.page(filter, request(PageRequest::From::Start, {}, sort));
            if (page)
                first = *page;
            return failure(page);
        });
        QCOMPARE(first.rows.size(), pageSize);
        QCOMPARE(first.rows.constFirst().occurredAt, at(auditRows));
        const PageKey last{first.rows.constLast().occurredAt,
                           QString::number(first.rows.constLast().id)};
        CHECK_READ(name + u": the next page"_s, {}, [&] {
            auto page = log.page(filter, request(PageRequest::From::After, last, sort));
            if (page && (page->rows.size() != pageSize ||
                         page->rows.constFirst().id >= last.id.toLongLong()))
                return u"not the next page"_s;
            return failure(page);
        });
        CHECK_READ(name + u": the page before"_s, {}, [&] {
            return failure(log.page(filter, request(PageRequest::From::Before, last, sort)));
        });
        CHECK_READ(name + u": the last page"_s, {}, [&] {
            return failure(log.page(filter, request(PageRequest::From::End, {}, sort)));
        });
        const Allowed count{.catalogueOnly = rows > exactUpTo && engine == Engine::PostgreSQL};
        CHECK_READ(name + u": the count"_s, count, [&] {
            return countProblem(log.count(filter, exactUpTo), rows, engineOf(database.db));
        });
    }
}

void tst_BigTables::overview()
{
    QFETCH(Engine, engine);
    MigratedDatabase &database = databaseFor(engine);
    const ReadTransaction transaction(database.db);
    QVERIFY(transaction.ok());
    // Heartbeats of 12 components, the latest of each by a skip scan; port messages by status
    // (the completed ones above the cap); the dead letters and the oldest of them.
    PipelineSnapshot snapshot;
    const Allowed components{.maySort = u"WITH RECURSIVE components"_s,
                             .derived = {u"components"_s, u"c"_s}};
    CHECK_READ(u"the snapshot"_s, components, [&] {
        snapshot = readPipelineSnapshot(database.db, at(heartbeatRows), 1min, exactUpTo);
        return snapshot.problem;
    });
    QCOMPARE(snapshot.components.size(), 12);
    QCOMPARE(snapshot.portMessages.size(), 5);
    for (const StatusTally &tally : std::as_const(snapshot.portMessages)) {
        PortMessageFilter filter;
        filter.statuses = {tally.status};
        const QString problem =
            countProblem(tally.count, portMessagesOf(filter), engineOf(database.db));
        QVERIFY2(problem.isEmpty(), qPrintable(tally.status + u": "_s + problem));
    }
    PortMessageFilter deadLetters;
    deadLetters.deadLettersOnly = true;
    QCOMPARE(snapshot.deadLetters, RowCount{portMessagesOf(deadLetters)});
    qint64 oldest = 1;
    while (!isDeadLetter(oldest))
        ++oldest;
    QCOMPARE(snapshot.oldestDeadLetter, at(oldest));
}

QTEST_GUILESS_MAIN(tst_BigTables)
#include "tst_bigtables.moc"
