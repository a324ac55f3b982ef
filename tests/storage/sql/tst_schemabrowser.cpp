#include "repositorytestsupport.h"
#include "schemabrowser.h"
#include "sqlsupport.h"

#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

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

// A name that needs quoting, and that holds what QString::arg() would take for a placeholder.
const QString oddTable = u"\"odd \"\"name%2\""_s;

// A pipeline's own tables: one with a composite primary key, one without any key, one whose
// name needs quoting, and a view.
QString makeTables(const QSqlDatabase &db)
{
    const bool pg = engineOf(db) == SqlEngine::PostgreSQL;
    const QStringList statements{
        u"CREATE TABLE readings (site TEXT NOT NULL, seq INTEGER NOT NULL, reading REAL, "
        "PRIMARY KEY (site, seq))"_s,
        u"CREATE INDEX idx_readings_reading ON readings(reading)"_s,
        u"CREATE TABLE loose (note TEXT, at TEXT)"_s,
        QString(u"CREATE TABLE "_s + oddTable +
                (pg ? u" (\"the id\" BIGINT PRIMARY KEY, at TIMESTAMPTZ)"_s
                    : u" (\"the id\" INTEGER PRIMARY KEY, at TEXT)"_s)),
        u"CREATE VIEW busy_sites AS SELECT site, count(*) AS n FROM readings GROUP BY site"_s,
    };
    for (const QString &statement : statements)
        if (QString failed = run(db, statement); !failed.isEmpty())
            return failed;
    for (int i = 0; i < 7; ++i) {
        for (const QString &sql :
             {u"INSERT INTO readings VALUES ('%1', %2, %3)"_s.arg(i % 2 ? u"b"_s : u"a"_s)
                  .arg(i)
                  .arg(i * 1.5),
              u"INSERT INTO loose VALUES ('note %1', NULL)"_s.arg(i),
              QString(u"INSERT INTO "_s + oddTable + u" VALUES ("_s + QString::number(i) +
                      (pg ? u", timestamptz '2026-11-20 10:00:00.123456+00' + "_s +
                                QString::number(i) + u" * interval '1 microsecond')"_s
                          : u", '2026-11-20 10:00:00')"_s))})
            if (QString failed = run(db, sql); !failed.isEmpty())
                return failed;
    }
    return {};
}

// Every row, page by page forwards, as "key: values".
QStringList readAll(const SchemaBrowser &browser, const CatalogTable &table, int limit,
                    QString *error)
{
    const auto key = browser.keyOf(table);
    const auto columns = browser.columns(table);
    if (!key || !columns) {
        *error = key ? columns.errorMessage() : key.errorMessage();
        return {};
    }
    QStringList rows;
    auto page = browser.page(table, *key, *columns, PageRequest::From::Start, {}, limit);
    for (int guard = 0; guard < 100; ++guard) {
        if (!page) {
            *error = page.errorMessage();
            return rows;
        }
        for (const BrowsedRow &row : page->rows) {
            QStringList values;
            for (const QVariant &v : row.values)
                values << v.toString();
            rows << values.join(u'|');
        }
        if (page->atEnd || page->rows.isEmpty())
            break;
        page = browser.page(table, *key, *columns, PageRequest::From::After,
                            page->rows.constLast().key, limit);
    }
    return rows;
}

CatalogTable named(const QList<CatalogTable> &tables, const QString &name)
{
    for (const CatalogTable &t : tables)
        if (t.name == name)
            return t;
    return {};
}

} // namespace

// The schema browser over a database of tables Porthole does not know, on both engines.
class tst_SchemaBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsTheCatalog_data() { test::addEngineRows(); }
    void listsTheCatalog();
    void pagesByEveryKind_data() { test::addEngineRows(); }
    void pagesByEveryKind();
    void sortsOnlyWhereAnIndexKeepsTheOrder_data() { test::addEngineRows(); }
    void sortsOnlyWhereAnIndexKeepsTheOrder();
    void refusesWhatTheCatalogLacks_data() { test::addEngineRows(); }
    void refusesWhatTheCatalogLacks();
    void pagesParentsOfChildTables();
};

void tst_SchemaBrowser::listsTheCatalog()
{
    QFETCH(Engine, engine);
    Scratch database(engine);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    QCOMPARE(makeTables(database.db), QString());
    const SchemaBrowser browser(database.db);
    const auto tables = browser.tables();
    QVERIFY2(tables.ok(), qPrintable(tables.errorMessage()));
    QStringList names;
    for (const CatalogTable &t : *tables)
        names << t.name;
    QCOMPARE(names, (QStringList{u"busy_sites"_s, u"loose"_s, u"odd \"name%2"_s, u"readings"_s}));
    const CatalogTable readings = named(*tables, u"readings"_s);
    QCOMPARE(readings.kind, CatalogTable::Kind::Table);
    QCOMPARE(named(*tables, u"busy_sites"_s).kind, CatalogTable::Kind::View);
    if (engine == Engine::SQLite)
        QCOMPARE(readings.rows, (RowCount{7, RowCount::Precision::Exact}));
    else
        QCOMPARE(readings.schema, u"public"_s);

    const auto columns = browser.columns(readings);
    QVERIFY2(columns.ok(), qPrintable(columns.errorMessage()));
    QCOMPARE(columns->size(), 3);
    QCOMPARE(columns->at(0).name, u"site"_s);
    QVERIFY(columns->at(0).notNull);
    QCOMPARE(columns->at(1).primaryKeyPosition, 2);
    QCOMPARE(columns->at(2).primaryKeyPosition, 0);
    QVERIFY(columns->at(2).type.contains(engine == Engine::SQLite ? u"REAL"_s : u"real"_s));

    const auto indexes = browser.indexes(readings);
    QVERIFY2(indexes.ok(), qPrintable(indexes.errorMessage()));
    QStringList definitions;
    bool uniqueOne = false;
    for (const CatalogIndex &index : *indexes) {
        definitions << index.definition;
        uniqueOne = uniqueOne || index.unique;
    }
    QVERIFY(uniqueOne); // the primary key's
    QVERIFY2(definitions.join(u'\n').contains(u"idx_readings_reading"_s),
             qPrintable(definitions.join(u'\n')));
}

void tst_SchemaBrowser::pagesByEveryKind()
{
    QFETCH(Engine, engine);
    Scratch database(engine);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    QCOMPARE(makeTables(database.db), QString());
    const SchemaBrowser browser(database.db);
    const auto tables = browser.tables();
    QVERIFY(tables.ok());

    // A composite primary key. SQLite keeps a rowid beside it, which pages the rows in the
    // order they were written (every index ends in it); PostgreSQL pages by the key.
    const bool sqlite = engine == Engine::SQLite;
    const CatalogTable readings = named(*tables, u"readings"_s);
    const auto readingsKey = browser.keyOf(readings);
    QCOMPARE(readingsKey->kind, sqlite ? TableKey::Kind::RowAddress : TableKey::Kind::PrimaryKey);
    QCOMPARE(readingsKey->columns,
             sqlite ? QStringList{u"rowid"_s} : (QStringList{u"site"_s, u"seq"_s}));
    QString error;
    const QStringList readingRows = readAll(browser, readings, 2, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(readingRows.size(), 7);
    QVERIFY(readingRows.at(0).startsWith(u"a|0|"_s));
    QVERIFY(readingRows.at(4).startsWith(sqlite ? u"a|4|"_s : u"b|1|"_s));
    if (sqlite) {
        // Without a rowid, or with the key as the rowid itself: by the key.
        QCOMPARE(run(database.db,
                     u"CREATE TABLE packed (site TEXT, seq INTEGER, PRIMARY KEY (site, seq)) "
                     "WITHOUT ROWID"_s),
                 QString());
        const auto again = browser.tables();
        QVERIFY(again.ok());
        const auto packed = browser.keyOf(named(*again, u"packed"_s));
        QVERIFY2(packed.ok(), qPrintable(packed.errorMessage()));
        QCOMPARE(packed->kind, TableKey::Kind::PrimaryKey);
        QCOMPARE(browser.keyOf(named(*again, u"odd \"name%2"_s))->kind, TableKey::Kind::PrimaryKey);
    }

    // No key: the row address.
    const CatalogTable loose = named(*tables, u"loose"_s);
    QCOMPARE(browser.keyOf(loose)->kind, TableKey::Kind::RowAddress);
    QCOMPARE(browser.keyOf(loose)->columns,
             QStringList{engine == Engine::SQLite ? u"rowid"_s : u"ctid"_s});
    const QStringList looseRows = readAll(browser, loose, 3, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(looseRows.size(), 7);
    QCOMPARE(looseRows.constFirst(), u"note 0|"_s);

    // A quoted name, and (PostgreSQL) a time key with microseconds, one row a page.
    const CatalogTable odd = named(*tables, u"odd \"name%2"_s);
    QCOMPARE(readAll(browser, odd, 1, &error).size(), 7);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    // A view: by position, forwards and from the end.
    const CatalogTable view = named(*tables, u"busy_sites"_s);
    const auto viewKey = browser.keyOf(view);
    QCOMPARE(viewKey->kind, TableKey::Kind::Position);
    QCOMPARE(readAll(browser, view, 1, &error).size(), 2);
    const auto columns = browser.columns(view);
    const auto last = browser.page(view, *viewKey, *columns, PageRequest::From::End, {}, 1);
    QVERIFY2(last.ok(), qPrintable(last.errorMessage()));
    QCOMPARE(last->rows.size(), 1);
    QCOMPARE(last->rows.constFirst().key, QVariantList{1});
    QVERIFY(last->atEnd && !last->atStart);
    const auto before = browser.page(view, *viewKey, *columns, PageRequest::From::Before,
                                     last->rows.constFirst().key, 5);
    QCOMPARE(before->rows.size(), 1);
    QVERIFY(before->atStart);

    // A range by keys.
    const auto readingColumns = browser.columns(readings);
    const auto all =
        browser.page(readings, *readingsKey, *readingColumns, PageRequest::From::Start, {}, 50);
    const auto range = browser.range(readings, *readingsKey, *readingColumns, all->rows.at(1).key,
                                     false, all->rows.at(3).key, 50);
    QVERIFY2(range.ok(), qPrintable(range.errorMessage()));
    QCOMPARE(range->rows.size(), 2);
    QCOMPARE(range->rows.at(1).key, all->rows.at(3).key);
    QCOMPARE(browser.count(readings, 100)->value, 7);
}

// PostgreSQL: a partitioned table and a parent of inherited tables, neither with a key. A row's
// ctid is its place in its own table, so rows of two children can share one: they page by
// (tableoid, ctid), every row once. The partitions are read through their parent, not listed;
// an inherited table is a table of its own too.
// A column sorts when an index gives its rows in order without sorting them all: not by a
// partial index, and on PostgreSQL not by an index that leaves thousands of rows to a value in
// no order of the key (the seed's port_name alone: tens of millions a port in a big table).
void tst_SchemaBrowser::sortsOnlyWhereAnIndexKeepsTheOrder()
{
    QFETCH(Engine, engine);
    Scratch database(engine);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    for (const QString &sql :
         {u"CREATE TABLE deliveries (id TEXT PRIMARY KEY, port TEXT NOT NULL, "
          "status TEXT NOT NULL, at TEXT, code TEXT NOT NULL, seq INTEGER)"_s,
          u"CREATE INDEX deliveries_port ON deliveries (port)"_s,
          u"CREATE INDEX deliveries_status ON deliveries (status, id)"_s,
          u"CREATE INDEX deliveries_at ON deliveries (at) WHERE at IS NOT NULL"_s,
          u"CREATE UNIQUE INDEX deliveries_code ON deliveries (code)"_s,
          u"CREATE INDEX deliveries_seq ON deliveries (seq)"_s,
          // 2,000 rows a port, 1 a seq.
          u"WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 4000) "
          "INSERT INTO deliveries SELECT 'm' || n, 'port-' || (n % 2), 'done', NULL, "
          "'c' || n, n FROM g"_s,
          u"ANALYZE"_s})
        QCOMPARE(run(database.db, sql), QString());
    const SchemaBrowser browser(database.db);
    const auto table =
        browser.find(engine == Engine::SQLite ? QString() : u"public"_s, u"deliveries"_s);
    QVERIFY2(table.ok(), qPrintable(table.errorMessage()));
    const auto columns = browser.columns(*table);
    const auto indexes = browser.indexes(*table);
    const auto key = browser.keyOf(*table, *columns);
    QVERIFY(columns.ok() && indexes.ok() && key.ok());
    for (const CatalogIndex &index : *indexes) {
        if (index.name == u"deliveries_status"_s)
            QCOMPARE(index.columns, (QStringList{u"status"_s, u"id"_s}));
        QCOMPARE(index.partial, index.name == u"deliveries_at"_s);
    }

    const QStringList sortable = browser.sortable(*columns, *key, *indexes);
    if (engine == Engine::SQLite) // every index ends in the rowid
        QCOMPARE(sortable, (QStringList{u"id"_s, u"port"_s, u"status"_s, u"code"_s, u"seq"_s}));
    else
        QCOMPARE(sortable, (QStringList{u"id"_s, u"status"_s, u"code"_s, u"seq"_s}));
    // The page refuses what the listing does not offer, and reads what it does.
    BrowseView byPort;
    byPort.sortColumn = u"port"_s;
    const auto portPage =
        browser.page(*table, *key, *columns, PageRequest::From::Start, {}, 5, byPort, *indexes);
    QCOMPARE(portPage.ok(), engine == Engine::SQLite);
    BrowseView bySeq;
    bySeq.sortColumn = u"seq"_s;
    bySeq.descending = true;
    const auto seqPage =
        browser.page(*table, *key, *columns, PageRequest::From::Start, {}, 5, bySeq, *indexes);
    QVERIFY2(seqPage.ok(), qPrintable(seqPage.errorMessage()));
    QCOMPARE(seqPage->rows.constFirst().values.value(0).toString(), u"m4000"_s);
}

void tst_SchemaBrowser::pagesParentsOfChildTables()
{
    Scratch database(Engine::PostgreSQL);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    const QStringList statements{
        u"CREATE TABLE events (at DATE NOT NULL, note TEXT) PARTITION BY RANGE (at)"_s,
        u"CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM ('2026-01-01') "
        "TO ('2026-07-01')"_s,
        u"CREATE TABLE events_2 PARTITION OF events FOR VALUES FROM ('2026-07-01') "
        "TO ('2027-01-01')"_s,
        u"CREATE TABLE logs (note TEXT)"_s,
        u"CREATE TABLE logs_old () INHERITS (logs)"_s,
        u"INSERT INTO events SELECT date '2026-03-01' + (n % 2) * 180, 'e' || n "
        "FROM generate_series(1, 9) n"_s,
        u"INSERT INTO logs SELECT 'new ' || n FROM generate_series(1, 4) n"_s,
        u"INSERT INTO logs_old SELECT 'old ' || n FROM generate_series(1, 4) n"_s,
    };
    for (const QString &statement : statements)
        QCOMPARE(run(database.db, statement), QString());
    const SchemaBrowser browser(database.db);
    const auto tables = browser.tables();
    QVERIFY2(tables, qPrintable(tables.errorMessage()));
    QStringList listed;
    for (const CatalogTable &table : *tables)
        listed << table.name;
    QCOMPARE(listed, (QStringList{u"events"_s, u"logs"_s, u"logs_old"_s}));
    for (const auto &[name, rows] : {std::pair{u"events"_s, 9}, std::pair{u"logs"_s, 8}}) {
        const CatalogTable table = named(*tables, name);
        QCOMPARE(browser.keyOf(table)->columns, (QStringList{u"tableoid"_s, u"ctid"_s}));
        QString error;
        const QStringList read = readAll(browser, table, 2, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(read.size(), rows);
        QCOMPARE(QSet<QString>(read.cbegin(), read.cend()).size(), rows);
    }
}

void tst_SchemaBrowser::refusesWhatTheCatalogLacks()
{
    QFETCH(Engine, engine);
    Scratch database(engine);
    QVERIFY2(database.error.isEmpty(), qPrintable(database.error));
    QCOMPARE(makeTables(database.db), QString());
    const SchemaBrowser browser(database.db);
    const QString schema = engine == Engine::SQLite ? QString() : u"public"_s;
    const auto found = browser.find(schema, u"readings"_s);
    QVERIFY2(found.ok(), qPrintable(found.errorMessage()));
    for (const QString &hostile :
         {u"readings; DROP TABLE loose"_s, u"readings\" --"_s, u"nope"_s}) {
        const auto refused = browser.find(schema, hostile);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, StorageError::Kind::NotFound);
    }
    QCOMPARE(SchemaBrowser::quoteIdentifier(u"a\"b"_s), u"\"a\"\"b\""_s);
    QCOMPARE(test::scalar(database.db, u"SELECT count(*) FROM loose"_s), 7);
}

QTEST_GUILESS_MAIN(tst_SchemaBrowser)
#include "tst_schemabrowser.moc"
