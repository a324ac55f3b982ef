#include "pagedtestsupport.h"
#include "tablebrowsermodels.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

constexpr auto fatal = QAbstractItemModelTester::FailureReportingMode::Fatal;

struct Scratch
{
    std::unique_ptr<test::ScratchDatabase> scratch;
    std::unique_ptr<ConnectionFactory> factory;
    QSqlDatabase db;
    QString error;

    explicit Scratch(Engine engine)
    {
        scratch = test::ScratchDatabase::create(engine, &error);
        if (!scratch)
            return;
        factory = std::make_unique<ConnectionFactory>(scratch->url());
        auto opened = factory->open(u"test"_s);
        if (!opened)
            error = opened.errorMessage();
        else
            db = *opened;
    }
    ~Scratch()
    {
        db = QSqlDatabase();
        if (factory)
            factory->close(u"test"_s);
    }
};

QString run(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    return query.exec(sql) ? QString() : query.lastError().text() + u": "_s + sql;
}

// `rows` rows in a keyed table, a keyless one and a view over the first.
QString makeTables(const QSqlDatabase &db, int rows)
{
    for (const QString &sql :
         {u"CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT, weight REAL)"_s,
          u"CREATE TABLE notes (body TEXT)"_s,
          u"CREATE VIEW heavy_items AS SELECT id, label FROM items WHERE weight > 10"_s})
        if (QString failed = run(db, sql); !failed.isEmpty())
            return failed;
    for (int i = 0; i < rows; ++i)
        for (const QString &sql :
             {u"INSERT INTO items VALUES (%1, 'item %1', %2)"_s.arg(i).arg(i * 0.5),
              i % 3 ? u"INSERT INTO notes VALUES ('note %1')"_s.arg(i)
                    : u"INSERT INTO notes VALUES (NULL)"_s})
            if (QString failed = run(db, sql); !failed.isEmpty())
                return failed;
    return {};
}

PagedTableModel::Options smallPages(int pageSize)
{
    PagedTableModel::Options options;
    options.pageSize = pageSize;
    options.cachePages = 3;
    options.refreshIntervalMs = 3600000;
    return options;
}

CatalogEntry entryNamed(const CatalogModel &model, const QString &name)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        const auto entry = model.index(row, 0).data(CatalogModel::EntryRole).value<CatalogEntry>();
        if (entry.table.name == name)
            return entry;
    }
    return {};
}

} // namespace

Q_DECLARE_METATYPE(porthole::RowCount)

// The Tables pane's models: the catalog and one table's rows, on SQLite and PostgreSQL.
class tst_TableBrowserModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsTheCatalog_data() { test::addEngineRows(); }
    void listsTheCatalog();
    void pagesEachKind_data() { test::addEngineRows(); }
    void pagesEachKind();
    void listsThePipelineFirst_data() { test::addEngineRows(); }
    void listsThePipelineFirst();
    void filtersAndSorts_data();
    void filtersAndSorts();
    void countsEveryRowInTheBackground_data() { test::addEngineRows(); }
    void countsEveryRowInTheBackground();
};

void tst_TableBrowserModels::listsTheCatalog()
{
    QFETCH(Engine, engine);
    Scratch database(engine);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    QCOMPARE(makeTables(database.db, 30), QString());
    CatalogModel model(*database.factory, smallPages(2));
    QAbstractItemModelTester tester(&model, fatal);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.totalCount().value, 3);
    const QString prefix = engine == Engine::SQLite ? QString() : u"public."_s;
    QCOMPARE(model.index(0, CatalogModel::NameColumn).data().toString(), prefix + u"heavy_items"_s);
    QCOMPARE(model.index(0, CatalogModel::KindColumn).data().toString(), u"view"_s);
    QCOMPARE(model.index(1, CatalogModel::KindColumn).data().toString(), u"table"_s);
    if (engine == Engine::SQLite)
        QCOMPARE(model.index(1, CatalogModel::RowsColumn).data().toString(), u"30"_s);
    const CatalogEntry items = entryNamed(model, u"items"_s);
    QCOMPARE(items.key.kind, TableKey::Kind::PrimaryKey);
    QCOMPARE(items.columns.size(), 3);
    QCOMPARE(entryNamed(model, u"notes"_s).key.kind, TableKey::Kind::RowAddress);

    // A table made later appears on refresh.
    QCOMPARE(run(database.db, u"CREATE TABLE zeta (x INTEGER)"_s), QString());
    model.refresh();
    QTRY_COMPARE(model.rowCount(), 4);
}

void tst_TableBrowserModels::pagesEachKind()
{
    QFETCH(Engine, engine);
    Scratch database(engine);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    QCOMPARE(makeTables(database.db, 60), QString());
    CatalogModel catalog(*database.factory, smallPages(50));
    PORTHOLE_LOAD_ALL(catalog);

    for (const QString &name : {u"items"_s, u"notes"_s, u"heavy_items"_s}) {
        BrowsedTableModel rows(*database.factory, entryNamed(catalog, name), smallPages(7));
        QAbstractItemModelTester tester(&rows, fatal);
        PORTHOLE_LOAD_ALL(rows);
        const int expected = name == u"heavy_items"_s ? 60 - 21 : 60; // weight > 10: id > 20
        QCOMPARE(rows.rowCount(), expected);
        // Every row read again as a view scrolling down reads it, from a small cache.
        QStringList firstColumn;
        for (int row = 0; row < rows.rowCount(); ++row) {
            rows.index(row, 0).data();
            PORTHOLE_SETTLE(rows);
            firstColumn << rows.index(row, 0).data().toString();
        }
        QCOMPARE(firstColumn.size(), expected);
        QCOMPARE(QSet<QString>(firstColumn.cbegin(), firstColumn.cend()).size(),
                 name == u"notes"_s ? 41 : expected); // notes: NULL in every third row
        QVERIFY(rows.cachedPages() <= 3);
        if (name == u"items"_s) {
            QCOMPARE(firstColumn.constFirst(), u"0"_s);
            QCOMPARE(firstColumn.constLast(), u"59"_s);
            QCOMPARE(rows.headerData(1, Qt::Horizontal).toString(), u"label"_s);
            QVERIFY(rows.headerData(0, Qt::Horizontal, Qt::ToolTipRole)
                        .toString()
                        .contains(u"primary key"_s));
        }
        if (name == u"notes"_s) {
            QVERIFY(rows.index(0, 0).data(BrowsedTableModel::IsNullRole).toBool());
            QCOMPARE(rows.index(0, 0).data(Qt::ToolTipRole).toString(), u"NULL"_s);
        }
        // From the end, back to the start.
        QSignalSpy jumped(&rows, &PagedTableModel::jumped);
        rows.jumpToEnd(); // already read to its end: jumped() at once
        QVERIFY(!jumped.isEmpty() || jumped.wait());
        PORTHOLE_SETTLE(rows);
        while (rows.canFetchEarlier()) {
            rows.fetchEarlier();
            PORTHOLE_SETTLE(rows);
        }
        QCOMPARE(rows.rowCount(), expected);
        QVERIFY(rows.exportSource());
    }
}

// Porthole's own tables (those its later migrations make, and schema_version) after the
// pipeline's, whatever their names.
void tst_TableBrowserModels::listsThePipelineFirst()
{
    QFETCH(Engine, engine);
    Scratch database(engine);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    for (const QString &sql : {u"CREATE TABLE audit_log (id INTEGER PRIMARY KEY)"_s,
                               u"CREATE TABLE schema_version (version INTEGER PRIMARY KEY)"_s,
                               u"CREATE TABLE zz_readings (id INTEGER PRIMARY KEY)"_s,
                               u"CREATE TABLE port_messages (id INTEGER PRIMARY KEY)"_s,
                               u"CREATE TABLE alert_history (id INTEGER PRIMARY KEY)"_s,
                               u"CREATE VIEW dead_letter_queue AS SELECT id FROM port_messages"_s,
                               u"CREATE TABLE batches (id INTEGER PRIMARY KEY)"_s})
        QCOMPARE(run(database.db, sql), QString());
    PagedTableModel::Options options = smallPages(2);
    options.cachePages = 100; // every row stays, to be compared
    CatalogModel model(*database.factory, options);
    QAbstractItemModelTester tester(&model, fatal);
    PORTHOLE_LOAD_ALL(model);
    QStringList names;
    QStringList groups;
    for (int row = 0; row < model.rowCount(); ++row) {
        names << model.index(row, CatalogModel::NameColumn).data().toString().section(u'.', -1);
        groups << model.index(row, CatalogModel::GroupColumn).data().toString();
    }
    QCOMPARE(names,
             (QStringList{u"dead_letter_queue"_s, u"port_messages"_s, u"zz_readings"_s,
                          u"alert_history"_s, u"audit_log"_s, u"batches"_s, u"schema_version"_s}));
    QCOMPARE(groups, (QStringList{u"pipeline"_s, u"pipeline"_s, u"pipeline"_s, u"Porthole"_s,
                                  u"Porthole"_s, u"Porthole"_s, u"Porthole"_s}));
    QVERIFY(model.index(4, 0).data(Qt::ForegroundRole).isValid());
    QVERIFY(!model.index(0, 0).data(Qt::ForegroundRole).isValid());
}

void tst_TableBrowserModels::filtersAndSorts_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QString>("sortColumn");
    QTest::addColumn<bool>("descending");
    const QList<std::tuple<const char *, QString, QString, QString, bool>> rows{
        {"by weight", {}, {}, u"weight"_s, false},
        {"by weight descending", {}, {}, u"weight"_s, true},
        {"by label descending", {}, {}, u"label"_s, true},
        {"by id descending", {}, {}, u"id"_s, true},
        {"weight over 4", u"weight"_s, u">4"_s, u"weight"_s, false},
        {"weight at most 3", u"weight"_s, u"<= 3"_s, u"weight"_s, true},
        {"weight 6", u"weight"_s, u"=6"_s, {}, false},
        {"weight null", u"weight"_s, u"is null"_s, u"weight"_s, false},
        {"label contains", u"label"_s, u"ITEM 1"_s, u"weight"_s, true},
        {"note contains", u"note"_s, u"odd"_s, {}, false},
        // Without a primary key: by the row's address (rowid, ctid) after the sort column.
        {"keyless by weight", {}, {}, u"weight"_s, false},
        {"keyless by label descending", u"weight"_s, u">1"_s, u"label"_s, true},
        {"keyless in key order", u"note"_s, u"odd"_s, {}, false},
    };
    for (const auto &[name, column, filter, sort, descending] : rows) {
        QTest::addRow("sqlite %s", name)
            << Engine::SQLite << column << filter << sort << descending;
        QTest::addRow("postgresql %s", name)
            << Engine::PostgreSQL << column << filter << sort << descending;
    }
}

// Filtered and sorted in SQL and paged two rows at a time across runs of equal values and of
// NULLs: every row that matches, once each, in the order the database itself gives.
void tst_TableBrowserModels::filtersAndSorts()
{
    QFETCH(Engine, engine);
    QFETCH(QString, column);
    QFETCH(QString, filter);
    QFETCH(QString, sortColumn);
    QFETCH(bool, descending);
    Scratch database(engine);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    const bool keyless = QByteArray(QTest::currentDataTag()).contains("keyless");
    const QString key = !keyless ? u"id"_s : engine == Engine::SQLite ? u"rowid"_s : u"ctid"_s;
    for (const QString &sql : {u"CREATE TABLE items (id INTEGER %1, label TEXT, "
                               "weight REAL, note TEXT)"_s.arg(keyless ? u""_s : u"PRIMARY KEY"_s),
                               u"CREATE INDEX items_weight ON items (weight)"_s,
                               u"CREATE INDEX items_label ON items (label)"_s})
        QCOMPARE(run(database.db, sql), QString());
    for (int i = 0; i < 40; ++i)
        QCOMPARE(run(database.db, u"INSERT INTO items VALUES (%1, %2, %3, '%4')"_s.arg(i)
                                      .arg(i % 6 == 5 ? u"NULL"_s : u"'item %1'"_s.arg(i % 13))
                                      .arg(i % 5 == 4 ? u"NULL"_s : QString::number((i % 7) * 1.5))
                                      .arg(i % 2 ? u"odd"_s : u"even"_s)),
                 QString());
    CatalogModel catalog(*database.factory, smallPages(50));
    PORTHOLE_LOAD_ALL(catalog);
    const CatalogEntry entry = entryNamed(catalog, u"items"_s);
    const QStringList sortable = keyless ? QStringList{u"label"_s, u"weight"_s}
                                         : QStringList{u"id"_s, u"label"_s, u"weight"_s};
    QCOMPARE(entry.sortable, sortable);

    // What the database gives for the same filter and order, read whole: the oracle.
    QString where;
    if (filter.startsWith(u'>') || filter.startsWith(u'<') || filter.startsWith(u'='))
        where = u" WHERE %1 %2"_s.arg(column, filter);
    else if (filter == u"is null"_s)
        where = u" WHERE weight IS NULL"_s;
    else if (!filter.isEmpty())
        where = u" WHERE lower(%1) LIKE '%%2%'"_s.arg(column, filter.toLower());
    const QString direction = descending ? u" DESC"_s : QString();
    const QString order = sortColumn.isEmpty() || sortColumn == key
                              ? QString(key + direction)
                              : QString(sortColumn + direction + u", "_s + key + direction);
    const QStringList expected =
        test::rowsOf(database.db, u"SELECT id FROM items%1 ORDER BY %2"_s.arg(where, order));
    QVERIFY(!expected.isEmpty());

    PagedTableModel::Options options = smallPages(2);
    options.cachePages = 100; // every row stays, to be compared
    BrowsedTableModel rows(*database.factory, entry, options);
    QAbstractItemModelTester tester(&rows, fatal);
    for (int i = 0; i < entry.columns.size(); ++i)
        if (entry.columns.at(i).name == column)
            rows.setFilter(i, filter);
    QVERIFY(!rows.isSortable(3)); // note: no index begins with it
    rows.sort(3, Qt::DescendingOrder);
    if (!sortColumn.isEmpty())
        rows.sort(int(QStringList{u"id"_s, u"label"_s, u"weight"_s, u"note"_s}.indexOf(sortColumn)),
                  descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    PORTHOLE_LOAD_ALL(rows);
    const auto ids = [&rows] {
        QStringList out;
        for (int row = 0; row < rows.rowCount(); ++row)
            out << rows.index(row, 0).data().toString();
        return out;
    };
    QCOMPARE(ids(), expected);
    QCOMPARE(rows.totalCount().value, expected.size());
    // Read again by ranges (a refresh), and from the end backwards.
    rows.refresh();
    PORTHOLE_SETTLE(rows);
    QCOMPARE(ids(), expected);
    QSignalSpy jumped(&rows, &PagedTableModel::jumped);
    rows.jumpToStart();
    rows.jumpToEnd();
    QVERIFY(!jumped.isEmpty() || jumped.wait());
    PORTHOLE_SETTLE(rows);
    while (rows.canFetchEarlier()) {
        rows.fetchEarlier();
        PORTHOLE_SETTLE(rows);
    }
    QCOMPARE(ids(), expected);
    // The export writes the same rows in the same order.
    const auto source = rows.exportSource();
    auto statement = source->query(database.db, {u"id"_s});
    QVERIFY2(statement, qPrintable(statement.errorMessage()));
    QSqlQuery exported(database.db);
    QVERIFY(exported.prepare(statement->sql));
    for (const QVariant &param : statement->params)
        exported.addBindValue(param);
    QVERIFY2(exported.exec(), qPrintable(exported.lastError().text()));
    QStringList exportedIds;
    while (exported.next())
        exportedIds << exported.value(0).toString();
    QCOMPARE(exportedIds, expected);
}

// Beyond the bounded count, every row counted on a thread of its own, the filter's too.
void tst_TableBrowserModels::countsEveryRowInTheBackground()
{
    QFETCH(Engine, engine);
    Scratch database(engine);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    QCOMPARE(makeTables(database.db, 60), QString());
    CatalogModel catalog(*database.factory, smallPages(50));
    PORTHOLE_LOAD_ALL(catalog);
    PagedTableModel::Options options = smallPages(7);
    options.exactCountUpTo = 10;
    BrowsedTableModel rows(*database.factory, entryNamed(catalog, u"notes"_s), options);
    QSignalSpy counted(&rows, &PagedTableModel::totalCountChanged);
    QTRY_COMPARE_WITH_TIMEOUT(rows.totalCount(), (RowCount{60, RowCount::Precision::Exact}), 20000);
    QVERIFY(!counted.isEmpty());
    QCOMPARE(counted.constFirst().constFirst().value<RowCount>(),
             (RowCount{11, RowCount::Precision::AtLeast}));
    QCOMPARE(rows.rowCount(), 7); // counted, not read

    rows.setFilter(0, u"is not null"_s); // a NULL in every third row
    QTRY_COMPARE_WITH_TIMEOUT(rows.totalCount(), (RowCount{40, RowCount::Precision::Exact}), 20000);
}

QTEST_MAIN(tst_TableBrowserModels)
#include "tst_tablebrowsermodels.moc"
