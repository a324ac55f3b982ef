#include "errorsignature.h"
#include "pagedtestsupport.h"
#include "portmessagemodel.h"
#include "sqlsupport.h"
#include "storedportmessages.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::MigratedDatabase;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

using Tester = QAbstractItemModelTester;
constexpr auto fatal = QAbstractItemModelTester::FailureReportingMode::Fatal;

// The ids the model shows, read top to bottom as a view scrolls: each row asked for, and its
// page read (again, when evicted or out of date) before the row counts.
QStringList shownIds(const PortMessageModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row) {
        model.index(row, 0).data(); // as a view paints it
        if (!test::settle(model))
            return {u"the model kept reading at row %1"_s.arg(row)};
        if (row >= model.rowCount()) // the page shrank
            break;
        const QModelIndex index = model.index(row, 0);
        if (!index.data(PagedTableModel::RowLoadedRole).toBool())
            return {u"row %1 was not read"_s.arg(row)};
        ids << index.data(PagedTableModel::RowIdRole).toString();
    }
    return ids;
}

// The listing as the database orders it: (sort value, id), as the repository pages it.
QStringList expectedIds(QList<PortMessage> rows, const QString &sortColumn, bool descending,
                        const std::function<bool(const PortMessage &)> &keep = {})
{
    if (keep)
        rows.removeIf([&](const PortMessage &m) { return !keep(m); });
    const auto key = [&](const PortMessage &m) {
        const QString value = sortColumn == u"port_name"_s ? m.portName
                              : sortColumn == u"status"_s  ? m.status
                                                           : timestampText(m.createdAt);
        return std::pair{value, m.id};
    };
    std::sort(rows.begin(), rows.end(), [&](const PortMessage &a, const PortMessage &b) {
        return descending ? key(b) < key(a) : key(a) < key(b);
    });
    QStringList ids;
    for (const PortMessage &m : rows)
        ids << m.id;
    return ids;
}

// Stores numbered messages and returns them as stored (with their ids).
QList<PortMessage> store(const QSqlDatabase &db, int first, int count,
                         const std::function<void(PortMessage &)> &adjust = {})
{
    QList<PortMessage> rows;
    for (int n = first; n < first + count; ++n) {
        PortMessage m = test::numberedMessage(n);
        if (adjust)
            adjust(m);
        rows << m;
    }
    return test::storeMessages(db, rows);
}

PagedTableModel::Options smallPages(int pageSize, int cachePages = 40)
{
    PagedTableModel::Options options;
    options.pageSize = pageSize;
    options.cachePages = cachePages;
    return options;
}

} // namespace

class tst_PortMessageModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsColumnsAndRoles_data() { test::addEngineRows(); }
    void showsColumnsAndRoles();
    void filtersAndSortsInSql_data() { test::addEngineRows(); }
    void filtersAndSortsInSql();
    void followsNewRows_data();
    void followsNewRows();
    void removesAndUpdatesOnRefresh_data() { test::addEngineRows(); }
    void removesAndUpdatesOnRefresh();
    void rowsMoveWhenTheirSortValueChanges_data() { test::addEngineRows(); }
    void rowsMoveWhenTheirSortValueChanges();
    void dropsResultOfOldFilter();
    void countsWithPrecision_data() { test::addEngineRows(); }
    void countsWithPrecision();
    void countsEveryRowBeyondTheLimit_data() { test::addEngineRows(); }
    void countsEveryRowBeyondTheLimit();
    void errorIsAState_data() { test::addEngineRows(); }
    void errorIsAState();
    void jumpsToTheOldestMessage_data() { test::addEngineRows(); }
    void jumpsToTheOldestMessage();
    void errorLikePattern_data();
    void errorLikePattern();
    void filtersByErrorSignature_data() { test::addEngineRows(); }
    void filtersByErrorSignature();
};

void tst_PortMessageModel::showsColumnsAndRoles()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QList<PortMessage> stored = store(database.db, 0, 5, [](PortMessage &m) {
        if (test::numberOf(m) == 3) {
            m.status = u"failed"_s;
            m.retryCount = 3;
            m.maxRetries = 3;
            m.errorMessage = u"Timeout talking to sink-7\nafter 30000 ms"_s;
        }
    });
    QCOMPARE(stored.size(), 5);

    PortMessageModel model(*database.factory);
    Tester tester(&model, fatal);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.state(), PagedTableModel::State::Ready);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.columnCount(), int(PortMessageModel::ColumnCount));
    QCOMPARE(model.totalCount(), (RowCount{5, RowCount::Precision::Exact}));
    QCOMPARE(model.sortColumn(), int(PortMessageModel::CreatedAtColumn));
    QCOMPARE(model.sortOrder(), Qt::DescendingOrder);

    // Newest first: message 3 is the second row.
    const PortMessage &dead = stored.at(3);
    const auto cell = [&](int column, int role = Qt::DisplayRole) {
        return model.index(1, column).data(role);
    };
    QCOMPARE(cell(PortMessageModel::IdColumn).toString(), dead.id);
    QCOMPARE(cell(PortMessageModel::CreatedAtColumn).toString(),
             dead.createdAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s));
    QCOMPARE(cell(PortMessageModel::PortColumn).toString(), u"odd"_s);
    QCOMPARE(cell(PortMessageModel::StatusColumn).toString(), u"failed"_s);
    QCOMPARE(cell(PortMessageModel::SourceColumn).toString(), u"splitter"_s);
    QCOMPARE(cell(PortMessageModel::TargetColumn).toString(), u"sink"_s);
    QCOMPARE(cell(PortMessageModel::RetriesColumn).toString(), u"3 / 3"_s);
    QCOMPARE(cell(PortMessageModel::ErrorColumn).toString(), u"Timeout talking to sink-7 …"_s);
    QCOMPARE(cell(PortMessageModel::ErrorColumn, Qt::ToolTipRole).toString(), dead.errorMessage);
    QVERIFY(cell(PortMessageModel::StatusColumn, Qt::ForegroundRole).value<QColor>().isValid());
    QVERIFY(cell(0, PortMessageModel::DeadLetterRole).toBool());
    QVERIFY(!model.index(2, 0).data(PortMessageModel::DeadLetterRole).toBool()); // completed
    QVERIFY(!model.index(2, PortMessageModel::StatusColumn).data(Qt::ForegroundRole).isValid());

    // The whole message for a details panel.
    const auto full = cell(0, PortMessageModel::MessageRole).value<PortMessage>();
    QCOMPARE(full.id, dead.id);
    QCOMPARE(full.errorMessage, dead.errorMessage);
    QCOMPARE(full.createdAt, dead.createdAt);
    QCOMPARE(test::json(full.messageData), test::json(dead.messageData));

    QCOMPARE(model.headerData(PortMessageModel::RetriesColumn, Qt::Horizontal).toString(),
             u"Retries"_s);
    QCOMPARE(PortMessageModel::sqlSortColumn(PortMessageModel::StatusColumn), u"status"_s);
    QVERIFY(PortMessageModel::sqlSortColumn(PortMessageModel::ErrorColumn).isEmpty());
}

void tst_PortMessageModel::filtersAndSortsInSql()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QList<PortMessage> stored = store(database.db, 0, 60, [](PortMessage &m) {
        const int n = test::numberOf(m);
        m.portName = u"port-%1"_s.arg(n % 3);
        if (m.status == u"failed"_s)
            m.retryCount = n % 2 ? 3 : 1; // half of them dead letters
    });
    QCOMPARE(stored.size(), 60);

    PortMessageModel model(*database.factory, smallPages(7));
    Tester tester(&model, fatal);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(shownIds(model), expectedIds(stored, u"created_at"_s, true));

    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.sort(PortMessageModel::PortColumn, Qt::AscendingOrder);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(resets.size(), 1);
    QCOMPARE(shownIds(model), expectedIds(stored, u"port_name"_s, false));

    model.sort(PortMessageModel::StatusColumn, Qt::DescendingOrder);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(shownIds(model), expectedIds(stored, u"status"_s, true));

    // Not a column SQL sorts by: nothing changes.
    model.sort(PortMessageModel::ErrorColumn, Qt::AscendingOrder);
    QCOMPARE(resets.size(), 2);
    QCOMPARE(model.sortColumn(), int(PortMessageModel::StatusColumn));

    PortMessageFilter onePort;
    onePort.ports = {u"port-1"_s};
    model.setFilter(onePort);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(shownIds(model), expectedIds(stored, u"status"_s, true, [](const PortMessage &m) {
                 return m.portName == u"port-1"_s;
             }));
    QCOMPARE(model.totalCount().value, 20);

    model.setDeadLettersOnly(true);
    PORTHOLE_LOAD_ALL(model);
    QVERIFY(model.deadLettersOnly());
    const QStringList dead = expectedIds(stored, u"status"_s, true, [](const PortMessage &m) {
        return m.portName == u"port-1"_s && m.isDeadLetter();
    });
    QVERIFY(dead.size() >= 3);
    QCOMPARE(shownIds(model), dead);
    for (int row = 0; row < model.rowCount(); ++row)
        QVERIFY(model.index(row, 0).data(PortMessageModel::DeadLetterRole).toBool());

    PortMessageFilter text;
    text.text = u"\"N\": 4"_s; // matches {"n": 4} and {"n": 40..49}, any case
    model.setFilter(text);
    model.sort(PortMessageModel::CreatedAtColumn, Qt::AscendingOrder);
    PORTHOLE_LOAD_ALL(model);
    QVERIFY(!model.deadLettersOnly());
    QCOMPARE(shownIds(model), expectedIds(stored, u"created_at"_s, false, [](const PortMessage &m) {
                 const int n = test::numberOf(m);
                 return n == 4 || (n >= 40 && n < 50);
             }));
}

void tst_PortMessageModel::followsNewRows_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<bool>("newestFirst");
    for (const Engine engine : {Engine::SQLite, Engine::PostgreSQL}) {
        const QString e = test::engineName(engine);
        QTest::addRow("%s: newest first", qPrintable(e)) << engine << true;
        QTest::addRow("%s: oldest first", qPrintable(e)) << engine << false;
    }
}

void tst_PortMessageModel::followsNewRows()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QFETCH(bool, newestFirst);
    QList<PortMessage> stored = store(database.db, 0, 30);
    QCOMPARE(stored.size(), 30);

    PagedTableModel::Options options = smallPages(8);
    options.refreshIntervalMs = 100;
    PortMessageModel model(*database.factory, options);
    Tester tester(&model, fatal);
    model.sort(PortMessageModel::CreatedAtColumn,
               newestFirst ? Qt::DescendingOrder : Qt::AscendingOrder);
    PORTHOLE_LOAD_ALL(model);
    const QStringList before = shownIds(model);
    QCOMPARE(before.size(), 30);

    // The operator reads row 10 and has it selected.
    const QPersistentModelIndex reading = model.index(10, PortMessageModel::IdColumn);
    const QString readingId = reading.data().toString();

    // Another connection (the test's, not the model's loader) adds twelve newer messages.
    stored += store(database.db, 30, 12);
    QCOMPARE(stored.size(), 42);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy newRows(&model, &PagedTableModel::newRowsChanged);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 42, 20000);
    PORTHOLE_SETTLE(model);

    QCOMPARE(resets.size(), 0);
    QCOMPARE(model.newRows(), 12);
    QVERIFY(!newRows.isEmpty());
    QCOMPARE(shownIds(model), expectedIds(stored, u"created_at"_s, newestFirst));
    QVERIFY(inserted.size() >= 2); // 12 rows in pages of 8
    for (int i = 0; i < inserted.size(); ++i)
        QCOMPARE(inserted.at(i).at(1).toInt(), newestFirst ? 0 : 30 + 8 * i);
    // What the operator was reading is the same message, moved down by the new rows above it.
    QCOMPARE(reading.row(), newestFirst ? 22 : 10);
    QCOMPARE(reading.data().toString(), readingId);
    QCOMPARE(model.totalCount().value, 42);
    model.clearNewRows();
    QCOMPARE(model.newRows(), 0);

    // Live follow does the same on its own.
    model.setLiveFollow(true);
    QVERIFY(model.liveFollow());
    stored += store(database.db, 42, 3);
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 45, 20000);
    model.setLiveFollow(false);
    PORTHOLE_SETTLE(model);
    QCOMPARE(model.newRows(), 3);
    QCOMPARE(shownIds(model), expectedIds(stored, u"created_at"_s, newestFirst));
}

void tst_PortMessageModel::removesAndUpdatesOnRefresh()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QList<PortMessage> stored = store(database.db, 0, 40);
    QCOMPARE(stored.size(), 40);

    // Five pages, three kept: refresh reconciles the pages in view, the others when read again.
    PortMessageModel model(*database.factory, smallPages(8, 3));
    Tester tester(&model, fatal);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 40);
    const QStringList before = shownIds(model); // ends looking at the last page
    QCOMPARE(before, expectedIds(stored, u"created_at"_s, true));
    // The operator looks at row 12 (second page); it is resident again.
    QTRY_VERIFY(model.index(12, 0).data(PagedTableModel::RowLoadedRole).toBool());

    // Another connection removes rows in view, rows in the first page, and rows in an evicted
    // page, and changes one row in view.
    const QStringList gone{before.at(1), before.at(10), before.at(11), before.at(26)};
    QSqlQuery change(database.db);
    for (const QString &id : gone) {
        QVERIFY(change.prepare(u"DELETE FROM port_messages WHERE id = ?"_s));
        change.addBindValue(id);
        QVERIFY2(change.exec(), qPrintable(change.lastError().text()));
    }
    QVERIFY(change.prepare(u"UPDATE port_messages SET status = 'dead_letter' WHERE id = ?"_s));
    change.addBindValue(before.at(13));
    QVERIFY2(change.exec(), qPrintable(change.lastError().text()));
    stored.removeIf([&](const PortMessage &m) { return gone.contains(m.id); });

    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.index(12, 0).data(); // where the operator looks
    model.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(!removed.isEmpty(), 20000);
    PORTHOLE_SETTLE(model);
    QVERIFY(!changed.isEmpty());

    // Reading down the whole listing reloads the evicted pages; the removed rows are gone
    // from them too, and the changed row reads as changed.
    const QStringList after = shownIds(model);
    QCOMPARE(after, expectedIds(stored, u"created_at"_s, true));
    const int updated = static_cast<int>(after.indexOf(before.at(13)));
    QTRY_COMPARE(model.index(updated, PortMessageModel::StatusColumn).data().toString(),
                 u"dead_letter"_s);
    QCOMPARE(model.rowCount(), 36);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(model.newRows(), 0);
    QVERIFY(model.cachedPages() <= 3);
}

void tst_PortMessageModel::rowsMoveWhenTheirSortValueChanges()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QList<PortMessage> stored = store(database.db, 0, 12);
    QCOMPARE(stored.size(), 12);

    // Sorted by status, three pages of four.
    PortMessageModel model(*database.factory, smallPages(4));
    Tester tester(&model, fatal);
    model.sort(PortMessageModel::StatusColumn, Qt::AscendingOrder);
    PORTHOLE_LOAD_ALL(model);
    const QStringList before = shownIds(model);
    QCOMPARE(before, expectedIds(stored, u"status"_s, false));

    // A row of the first page moves to the last, one of the last to the first, and one of
    // the middle page changes places within it.
    const QList<std::pair<int, QString>> changes{
        {0, u"processing"_s}, {10, u"completed"_s}, {4, u"pending"_s}};
    QSqlQuery update(database.db);
    for (const auto &[position, status] : changes) {
        QVERIFY(update.prepare(u"UPDATE port_messages SET status = ? WHERE id = ?"_s));
        update.addBindValue(status);
        update.addBindValue(before.at(position));
        QVERIFY2(update.exec(), qPrintable(update.lastError().text()));
        for (PortMessage &m : stored) {
            if (m.id == before.at(position))
                m.status = status;
        }
    }

    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.refresh();
    PORTHOLE_SETTLE(model);
    QCOMPARE(shownIds(model), expectedIds(stored, u"status"_s, false));
    QCOMPARE(model.rowCount(), 12);
    QCOMPARE(resets.size(), 0);
    for (int row = 0; row + 1 < model.rowCount(); ++row)
        QVERIFY(model.index(row, PortMessageModel::StatusColumn).data().toString() <=
                model.index(row + 1, PortMessageModel::StatusColumn).data().toString());
}

void tst_PortMessageModel::dropsResultOfOldFilter()
{
    MigratedDatabase database(Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QList<PortMessage> stored = store(database.db, 0, 30);
    QCOMPARE(stored.size(), 30);

    PortMessageModel model(*database.factory, smallPages(8));
    Tester tester(&model, fatal);
    PORTHOLE_LOAD_ALL(model);

    // The test's connection locks the table, so the loader's next read waits on the server.
    QSqlQuery lock(database.db);
    QVERIFY(lock.exec(u"BEGIN"_s));
    QVERIFY(lock.exec(u"LOCK TABLE port_messages IN ACCESS EXCLUSIVE MODE"_s));
    auto unlock = qScopeGuard([&] { QSqlQuery(database.db).exec(u"ROLLBACK"_s); });
    PortMessageFilter even;
    even.ports = {u"even"_s};
    model.setFilter(even);

    const ConnectionFactory watcher(database.scratch->url());
    const auto closeWatcher = qScopeGuard([&] { watcher.close(u"watch"_s); });
    auto watch = watcher.open(u"watch"_s);
    QVERIFY2(watch.ok(), qPrintable(watch.errorMessage()));
    QTRY_COMPARE_WITH_TIMEOUT(test::scalar(*watch,
                                           u"SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                           "current_database() AND wait_event_type = 'Lock'"_s),
                              1, 20000);

    // The even page is in flight, blocked; the filter changes to odd, then the lock goes.
    PortMessageFilter odd;
    odd.ports = {u"odd"_s};
    model.setFilter(odd);
    QVERIFY(lock.exec(u"COMMIT"_s));
    unlock.dismiss();
    PORTHOLE_LOAD_ALL(model);

    QVERIFY2(model.staleAnswers() >= 1, "the even page was answered, and dropped");
    QCOMPARE(model.rowCount(), 15);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.index(row, PortMessageModel::PortColumn).data().toString(), u"odd"_s);
    QCOMPARE(shownIds(model), expectedIds(stored, u"created_at"_s, true, [](const PortMessage &m) {
                 return m.portName == u"odd"_s;
             }));
}

void tst_PortMessageModel::countsWithPrecision()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(store(database.db, 0, 30).size(), 30);
    QSqlQuery analyze(database.db);
    QVERIFY(analyze.exec(u"ANALYZE"_s));

    PagedTableModel::Options options = smallPages(8);
    options.exactCountUpTo = 10;
    options.countExactly = false; // the bounded count, as it is before an exact one replaces it
    PortMessageModel model(*database.factory, options);
    Tester tester(&model, fatal);
    QSignalSpy counted(&model, &PagedTableModel::totalCountChanged);
    PORTHOLE_SETTLE(model);
    QVERIFY(!counted.isEmpty());
    if (engine == Engine::SQLite) {
        QCOMPARE(model.totalCount(), (RowCount{11, RowCount::Precision::AtLeast}));
        QVERIFY2(model.totalCountText().startsWith(u"more than"_s),
                 qPrintable(model.totalCountText()));
    } else {
        QCOMPARE(model.totalCount().precision, RowCount::Precision::Estimate);
        QVERIFY2(model.totalCountText().startsWith(u"about"_s), qPrintable(model.totalCountText()));
    }

    PortMessageFilter few;
    few.statuses = {u"failed"_s};
    model.setFilter(few);
    PORTHOLE_SETTLE(model);
    QCOMPARE(model.totalCount(), (RowCount{6, RowCount::Precision::Exact}));
    QCOMPARE(model.totalCountText(), u"6 rows"_s);
}

namespace {

// Port messages 1 .. n in one statement: "even" or "odd", all pending, message i at i seconds.
QString fill(const QSqlDatabase &db, Engine engine, qint64 n)
{
    const QString sql =
        engine == Engine::SQLite
            ? u"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %1) "
              "INSERT INTO port_messages (port_name, source_component, target_component, "
              "message_data, status, created_at) SELECT CASE i %% 2 WHEN 0 THEN 'even' ELSE "
              "'odd' END, 'splitter', 'sink', '{\"n\": ' || i || '}', 'pending', "
              "strftime('%Y-%m-%d %H:%M:%f', 1800000000 + i, 'unixepoch') FROM s"_s
            : u"INSERT INTO port_messages (port_name, source_component, target_component, "
              "message_data, status, created_at) SELECT CASE WHEN i %% 2 = 0 THEN 'even' ELSE "
              "'odd' END, 'splitter', 'sink', ('{\"n\": ' || i || '}')::jsonb, 'pending', "
              "to_timestamp(1800000000 + i) FROM generate_series(1, %1) i"_s;
    QSqlQuery query(db);
    return query.exec(sql.arg(n).replace(u"%%"_s, u"%"_s)) ? QString() : query.lastError().text();
}

} // namespace

// The table of the issue: more rows than the default limit. The pane says "more than 100,000"
// (SQLite) or the planner's estimate (PostgreSQL) at once, then the exact figure.
void tst_PortMessageModel::countsEveryRowBeyondTheLimit()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString filled = fill(database.db, engine, 100050);
    QVERIFY2(filled.isEmpty(), qPrintable(filled));

    PagedTableModel::Options options = smallPages(50);
    options.exactRecountGapMs = 0;
    QCOMPARE(options.exactCountUpTo, qint64(100000));
    // No model tester: it would read all two thousand pages at every change.
    PortMessageModel model(*database.factory, options);
    QStringList texts;
    QList<int> rowsThen;
    connect(&model, &PagedTableModel::totalCountChanged, this, [&] {
        texts << model.totalCountText();
        rowsThen << model.rowCount();
    });
    QTRY_COMPARE_WITH_TIMEOUT(model.totalCountText(), u"100,050 rows"_s, 60000);
    QCOMPARE(texts.size(), 2);
    if (engine == Engine::SQLite)
        QCOMPARE(texts.at(0), u"more than 100,000 rows"_s);
    else
        QVERIFY2(texts.at(0).startsWith(u"about"_s), qPrintable(texts.at(0)));
    // The first page was shown before the exact figure came.
    QCOMPARE(rowsThen.at(1), 50);

    // Ten more, and a refresh: counted again, the exact figure shown meanwhile.
    QSqlQuery more(database.db);
    QVERIFY2(more.exec(u"INSERT INTO port_messages (port_name, source_component, "
                       "target_component, message_data) SELECT port_name, source_component, "
                       "target_component, message_data FROM port_messages LIMIT 10"_s),
             qPrintable(more.lastError().text()));
    model.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(model.totalCountText(), u"100,060 rows"_s, 60000);
    QCOMPARE(texts.mid(2), QStringList{u"100,060 rows"_s});
}

void tst_PortMessageModel::errorIsAState()
{
    // A database without Porthole's tables: the model says so and waits.
    QFETCH(Engine, engine);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const ConnectionFactory factory(scratch->url());
    PortMessageModel model(factory, smallPages(8));
    Tester tester(&model, fatal);
    QSignalSpy states(&model, &PagedTableModel::stateChanged);
    QTRY_COMPARE_WITH_TIMEOUT(model.state(), PagedTableModel::State::Error, 20000);
    QVERIFY2(model.errorMessage().contains(u"porthole migrate"_s),
             qPrintable(model.errorMessage()));
    QCOMPARE(states.constLast().at(1).toString(), model.errorMessage());
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore({}));
    PORTHOLE_SETTLE(model);

    // Migrated and refreshed, it reads.
    {
        auto db = factory.open(u"test"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        auto migrations = MigrationRunner::builtin(scratch->url().engine());
        auto migrated = MigrationRunner(*db, *migrations).up();
        QVERIFY2(migrated.ok(), qPrintable(migrated.errorMessage()));
        QCOMPARE(store(*db, 0, 3).size(), 3);
    }
    factory.close(u"test"_s);
    model.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(model.state(), PagedTableModel::State::Ready, 20000);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.errorMessage().isEmpty());
}

void tst_PortMessageModel::jumpsToTheOldestMessage()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QList<PortMessage> stored = store(database.db, 0, 30);
    QCOMPARE(stored.size(), 30);

    PortMessageModel model(*database.factory, smallPages(8));
    Tester tester(&model, fatal);
    PORTHOLE_SETTLE(model);
    QCOMPARE(model.index(0, PortMessageModel::IdColumn).data().toString(), stored.at(29).id);

    // Newest first, so the end is the oldest message: the last page, read backwards.
    QSignalSpy jumped(&model, &PagedTableModel::jumped);
    model.jumpToEnd();
    PORTHOLE_SETTLE(model);
    QCOMPARE(jumped.size(), 1);
    QCOMPARE(model.rowCount(), 8);
    const int last = model.rowCount() - 1;
    QCOMPARE(model.index(last, PortMessageModel::IdColumn).data().toString(), stored.at(0).id);
    QCOMPARE(model.index(0, PortMessageModel::IdColumn).data().toString(), stored.at(7).id);
    QVERIFY(!model.canFetchMore({}));
    while (model.canFetchEarlier()) {
        model.fetchEarlier();
        PORTHOLE_SETTLE(model);
    }
    QCOMPARE(shownIds(model), expectedIds(stored, u"created_at"_s, true));

    // Sorted otherwise, the end follows the sort.
    model.sort(PortMessageModel::StatusColumn, Qt::AscendingOrder);
    PORTHOLE_SETTLE(model);
    model.jumpToEnd();
    PORTHOLE_SETTLE(model);
    QCOMPARE(model.anchor(), PagedTableModel::Anchor::End);
    const QStringList byStatus = expectedIds(stored, u"status"_s, false);
    QCOMPARE(model.index(model.rowCount() - 1, PortMessageModel::IdColumn).data().toString(),
             byStatus.constLast());
}

void tst_PortMessageModel::errorLikePattern_data()
{
    QTest::addColumn<QString>("signature");
    QTest::addColumn<QString>("pattern");
    QTest::newRow("placeholders") << u"timeout after <n>s on <ip>:<n>"_s
                                  << u"%timeout%after%s%on%:%"_s;
    QTest::newRow("escapes") << u"disk 50% full: no_space \\ <hex>"_s
                             << u"%disk%50\\%%full:%no\\_space%\\\\%"_s;
    QTest::newRow("quoted") << u"field \"<s>\" missing"_s << u"%field%\"%\"%missing%"_s;
    QTest::newRow("empty") << QString() << u"%"_s;
}

void tst_PortMessageModel::errorLikePattern()
{
    QFETCH(QString, signature);
    QFETCH(QString, pattern);
    QCOMPARE(porthole::errorLikePattern(signature), pattern);
}

void tst_PortMessageModel::filtersByErrorSignature()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    // Interleaved in time: timeouts of one signature, timeouts that differ only in case (which
    // SQLite's LIKE lets through, and the signature check does not), a field error with an
    // underscore, and dead letters without an error.
    const QList<PortMessage> stored = store(database.db, 0, 48, [](PortMessage &m) {
        const int n = test::numberOf(m);
        m.status = u"dead_letter"_s;
        switch (n % 4) {
        case 0:
            m.errorMessage = u"timeout after %1s on 10.0.0.%2:6379"_s.arg(n).arg(n % 7);
            break;
        case 1:
            m.errorMessage = u"Timeout after %1s on 10.0.0.%2:6379"_s.arg(n).arg(n % 7);
            break;
        case 2:
            m.errorMessage = u"no_such field \"f%1\"\nat line %1"_s.arg(n);
            break;
        default:
            m.errorMessage.clear();
            break;
        }
    });
    QCOMPARE(stored.size(), 48);

    PortMessageModel model(*database.factory, smallPages(3));
    Tester tester(&model, fatal);
    model.setDeadLettersOnly(true);
    const QString timeout = errorSignature(stored.at(4).errorMessage);
    QCOMPARE(timeout, u"timeout after <n>s on <ip>:<n>"_s);
    model.setErrorSignature(timeout);
    PORTHOLE_LOAD_ALL(model);
    const auto withSignature = [&](const QString &signature) {
        return [signature](const PortMessage &m) {
            return errorSignature(m.errorMessage) == signature;
        };
    };
    QCOMPARE(shownIds(model), expectedIds(stored, u"created_at"_s, true, withSignature(timeout)));
    QCOMPARE(model.rowCount(), 12);
    QCOMPARE(model.totalCount(), (RowCount{12, RowCount::Precision::Exact}));

    // Backwards too: from the end, filling upwards.
    model.jumpToEnd();
    PORTHOLE_SETTLE(model);
    while (model.canFetchEarlier()) {
        model.fetchEarlier();
        PORTHOLE_SETTLE(model);
    }
    QCOMPARE(shownIds(model), expectedIds(stored, u"created_at"_s, true, withSignature(timeout)));

    const QString field = errorSignature(stored.at(2).errorMessage);
    model.setErrorSignature(field);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(shownIds(model), expectedIds(stored, u"created_at"_s, true, withSignature(field)));
    QCOMPARE(model.rowCount(), 12);

    // The dead letters without an error are a group of their own.
    model.setErrorSignature(u""_s);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 12);
    for (int row = 0; row < model.rowCount(); ++row)
        QVERIFY(model.index(row, PortMessageModel::ErrorColumn).data().toString().isEmpty());

    // A new row of the group comes in on refresh; one of another group does not.
    model.setErrorSignature(timeout);
    PORTHOLE_LOAD_ALL(model);
    QList<PortMessage> more = store(database.db, 48, 2, [](PortMessage &m) {
        m.status = u"dead_letter"_s;
        m.errorMessage = test::numberOf(m) == 48 ? u"timeout after 1s on 10.1.1.1:80"_s
                                                 : u"Timeout after 1s on 10.1.1.1:80"_s;
    });
    QCOMPARE(more.size(), 2);
    model.refresh();
    PORTHOLE_SETTLE(model);
    QCOMPARE(model.rowCount(), 13);
    QCOMPARE(model.newRows(), 1);
    QCOMPARE(model.index(0, PortMessageModel::IdColumn).data().toString(), more.at(0).id);

    model.setErrorSignature(QString());
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 50);
}

QTEST_GUILESS_MAIN(tst_PortMessageModel)
#include "tst_portmessagemodel.moc"
