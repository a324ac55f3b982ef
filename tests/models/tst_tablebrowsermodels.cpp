#include "pagedtestsupport.h"
#include "tablebrowsermodels.h"

#include <QAbstractItemModelTester>
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

// The Tables pane's models: the catalog and one table's rows, on SQLite and PostgreSQL.
class tst_TableBrowserModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsTheCatalog_data() { test::addEngineRows(); }
    void listsTheCatalog();
    void pagesEachKind_data() { test::addEngineRows(); }
    void pagesEachKind();
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

QTEST_MAIN(tst_TableBrowserModels)
#include "tst_tablebrowsermodels.moc"
