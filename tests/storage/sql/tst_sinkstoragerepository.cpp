#include "repositorytestsupport.h"
#include "sinkstoragerepository.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::MigratedDatabase;
using Engine = porthole::test::ScratchDatabase::Engine;
using Op = JsonPathFilter::Op;

namespace {

// Row i holds data[i], as a pipeline's sink stores it with the seed's INSERT: on SQLite with an
// id of its own and CURRENT_TIMESTAMP's form of time, on PostgreSQL with a time in microseconds.
// Rows i and i + 1 share a time when i is even; the ids put the later row after.
QString storeRows(const QSqlDatabase &db, Engine engine, const QList<QByteArray> &data)
{
    QSqlQuery query(db);
    for (int i = 0; i < data.size(); ++i) {
        const QString sink = i % 3 == 0 ? u"orders"_s : u"audit"_s;
        const QString type = i % 2 == 0 ? u"order"_s : u"event"_s;
        const QString metadata = u"{\"i\": %1}"_s.arg(i);
        if (engine == Engine::SQLite) {
            query.prepare(u"INSERT INTO sink_storage (id, sink_name, data_type, data, metadata, "
                          "created_at) VALUES (?, ?, ?, ?, ?, ?)"_s);
            const QString at = u"2026-11-20 08:00:%1"_s.arg(i / 2, 2, 10, QLatin1Char('0'));
            for (const QVariant &value :
                 QVariantList{u"row-%1"_s.arg(i, 3, 10, QLatin1Char('0')), sink, type,
                              QString::fromUtf8(data.at(i)), metadata, at})
                query.addBindValue(value);
        } else {
            query.prepare(u"INSERT INTO sink_storage (id, sink_name, data_type, data, metadata, "
                          "created_at) VALUES (CAST(? AS uuid), ?, ?, CAST(? AS jsonb), "
                          "CAST(? AS jsonb), "
                          "TIMESTAMPTZ '2026-11-20 08:00:00.000001+00' + ? * INTERVAL '1 "
                          "microsecond')"_s);
            for (const QVariant &value :
                 QVariantList{u"00000000-0000-4000-8000-%1"_s.arg(i, 12, 10, QLatin1Char('0')),
                              sink, type, QString::fromUtf8(data.at(i)), metadata, (i / 2) * 7})
                query.addBindValue(value);
        }
        if (!query.exec())
            return query.lastError().text();
    }
    return {};
}

// The "n" of each row's metadata, in the order listed.
QList<int> numbers(const Result<Page<SinkStorageRow>> &page)
{
    QList<int> out;
    if (!page)
        return {-1};
    for (const SinkStorageRow &row : page->rows)
        out << QJsonDocument::fromJson(row.metadata).object().value(u"i"_s).toInt(-1);
    return out;
}

const QList<QByteArray> documents{
    QByteArrayLiteral("{\"order_id\": 42, \"customer\": {\"first name\": \"Ann\"}, \"items\": "
                      "[{\"price\": 9.5}]}"),
    QByteArrayLiteral("{\"order_id\": 43, \"customer\": {\"first name\": \"Bob\"}, \"items\": "
                      "[{\"price\": 12}]}"),
    QByteArrayLiteral("{\"order_id\": \"42\", \"paid\": true}"),
    QByteArrayLiteral("{\"order_id\": 42.0, \"paid\": false, \"note\": null}"),
    QByteArrayLiteral("{\"note\": \"x'); DROP TABLE sink_storage; --\"}"),
    QByteArrayLiteral("[1, 2, 3]"),
};

} // namespace

// Sink storage read in pages and narrowed by a JSON path condition, on both engines.
class tst_SinkStorageRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesConditions_data();
    void parsesConditions();
    void refusesBadConditions_data();
    void refusesBadConditions();
    void filtersByJsonValue_data();
    void filtersByJsonValue();
    void pagesByKeys_data() { test::addEngineRows(); }
    void pagesByKeys();
    void storesAsASinkDoes_data() { test::addEngineRows(); }
    void storesAsASinkDoes();
};

void tst_SinkStorageRepository::parsesConditions_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("sqlitePath");
    QTest::addColumn<QString>("postgresPath");
    QTest::addColumn<int>("op");
    QTest::addColumn<QString>("value");
    QTest::newRow("number") << u"$.order_id = 42"_s << u"$.order_id"_s << u"{\"order_id\"}"_s
                            << int(Op::Equal) << u"42"_s;
    QTest::newRow("no spaces") << u"$.a.b!=\"x\""_s << u"$.a.b"_s << u"{\"a\",\"b\"}"_s
                               << int(Op::NotEqual) << u"\"x\""_s;
    QTest::newRow("quoted key and index")
        << u"  $.customer.\"first \\\"name\\\"\"[3] >= 9.5 "_s
        << u"$.customer.\"first \\\"name\\\"\"[3]"_s
        << u"{\"customer\",\"first \\\"name\\\"\",\"3\"}"_s << int(Op::GreaterOrEqual) << u"9.5"_s;
    QTest::newRow("null") << u"$.x == null"_s << u"$.x"_s << u"{\"x\"}"_s << int(Op::Equal)
                          << u"null"_s;
    QTest::newRow("root") << u"$ = true"_s << u"$"_s << u"{}"_s << int(Op::Equal) << u"true"_s;
}

void tst_SinkStorageRepository::parsesConditions()
{
    QFETCH(QString, expression);
    QFETCH(QString, sqlitePath);
    QFETCH(QString, postgresPath);
    QFETCH(int, op);
    QFETCH(QString, value);
    auto parsed = JsonPathFilter::parse(expression);
    QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
    QCOMPARE(parsed->sqlitePath(), sqlitePath);
    QCOMPARE(parsed->postgresPath(), postgresPath);
    QCOMPARE(int(parsed->op), op);
    QCOMPARE(parsed->value, QJsonDocument::fromJson(u"[%1]"_s.arg(value).toUtf8()).array().at(0));
}

void tst_SinkStorageRepository::refusesBadConditions_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("says");
    QTest::newRow("empty") << u"  "_s << u"The condition is empty"_s;
    QTest::newRow("no dollar") << u"order_id = 42"_s << u"A path starts with $ (at character 1)"_s;
    QTest::newRow("no operator") << u"$.order_id"_s << u"needs an operator"_s;
    QTest::newRow("unknown operator") << u"$.order_id ~ 4"_s << u"Expected an operator"_s;
    QTest::newRow("no value") << u"$.order_id ="_s << u"A value must follow"_s;
    QTest::newRow("bare word") << u"$.status = open"_s << u"\"quoted string\""_s;
    QTest::newRow("sql") << u"$.a = 1; DROP TABLE sink_storage"_s << u"is not a number"_s;
    QTest::newRow("object value") << u"$.a = {\"b\": 1}"_s << u"single number"_s;
    QTest::newRow("open quote") << u"$.\"abc = 1"_s << u"no closing"_s;
    QTest::newRow("bad index") << u"$.a[x] = 1"_s << u"array index"_s;
    QTest::newRow("dot without key") << u"$. = 1"_s << u"A key must follow the dot"_s;
    QTest::newRow("ordering a string") << u"$.a < \"b\""_s << u"compare numbers only"_s;
}

void tst_SinkStorageRepository::refusesBadConditions()
{
    QFETCH(QString, expression);
    QFETCH(QString, says);
    auto parsed = JsonPathFilter::parse(expression);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().kind, StorageError::Kind::InvalidArgument);
    QVERIFY2(parsed.errorMessage().contains(says), qPrintable(parsed.errorMessage()));
}

void tst_SinkStorageRepository::filtersByJsonValue_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QList<int>>("rows"); // newest first
    const QList<std::tuple<const char *, QString, QList<int>>> cases{
        // 42 and 42.0 are one number; "42" is a string.
        {"number", u"$.order_id = 42"_s, {3, 0}},
        {"string", u"$.order_id = \"42\""_s, {2}},
        {"not equal", u"$.order_id != 42"_s, {5, 4, 2, 1}},
        {"greater", u"$.order_id > 42"_s, {1}},
        {"nested key with space", u"$.customer.\"first name\" = \"Ann\""_s, {0}},
        {"array element", u"$.items[0].price >= 10"_s, {1}},
        {"true", u"$.paid = true"_s, {2}},
        {"false", u"$.paid = false"_s, {3}},
        {"null, not missing", u"$.note = null"_s, {3}},
        {"quote in a value", u"$.note = \"x'); DROP TABLE sink_storage; --\""_s, {4}},
        {"top-level array", u"$[1] = 2"_s, {5}},
        {"missing path", u"$.nothing = 1"_s, {}},
    };
    for (const Engine engine : {Engine::SQLite, Engine::PostgreSQL}) {
        for (const auto &[name, expression, rows] : cases)
            QTest::addRow("%s %s", engine == Engine::SQLite ? "sqlite" : "postgresql", name)
                << engine << expression << rows;
    }
}

void tst_SinkStorageRepository::filtersByJsonValue()
{
    QFETCH(QString, expression);
    QFETCH(QList<int>, rows);
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(storeRows(database.db, engine, documents), QString());
    auto parsed = JsonPathFilter::parse(expression);
    QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
    const SinkStorageRepository repository(database.db);
    SinkStorageFilter filter;
    filter.path = *parsed;
    auto page = repository.page(filter, PageRequest{PageRequest::From::Start, {}, 50, {}, true});
    QVERIFY2(page, qPrintable(page.errorMessage()));
    QCOMPARE(numbers(page), rows);
    QCOMPARE(repository.count(filter)->value, rows.size());
    QCOMPARE(test::scalar(database.db, u"SELECT count(*) FROM sink_storage"_s), 6);
}

void tst_SinkStorageRepository::storesAsASinkDoes()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    SinkStorageRepository repository(database.db);
    SinkStorageRow full;
    full.sinkName = u"inventory-sink"_s;
    full.dataType = u"inventory_update"_s;
    full.data = QByteArrayLiteral("{\"sku\": \"SKU-1042\", \"quantity\": -2}");
    full.metadata = QByteArrayLiteral("{\"attempt\": 1}");
    full.createdAt = QDateTime(QDate(2026, 11, 20), QTime(8, 30, 15, 250), Qt::UTC);
    SinkStorageRow bare; // no type, no metadata, stored now
    bare.sinkName = u"notifier"_s;
    bare.data = QByteArrayLiteral("[1, 2]");
    const auto fullId = repository.store(full);
    QVERIFY2(fullId, qPrintable(fullId.errorMessage()));
    const auto bareId = repository.store(bare);
    QVERIFY2(bareId, qPrintable(bareId.errorMessage()));
    QVERIFY(*fullId != *bareId);

    auto page = repository.page({}, PageRequest{PageRequest::From::Start, {}, 10, {}, true});
    QVERIFY2(page, qPrintable(page.errorMessage()));
    QCOMPARE(page->rows.size(), 2);
    const SinkStorageRow &newest = page->rows.at(0);
    const SinkStorageRow &older = page->rows.at(1);
    QCOMPARE(newest.id, *bareId);
    QCOMPARE(newest.dataType, QString());
    QVERIFY(newest.metadata.isEmpty());
    QCOMPARE(QJsonDocument::fromJson(newest.data), QJsonDocument::fromJson(bare.data));
    QCOMPARE(older.id, *fullId);
    QCOMPARE(older.sinkName, full.sinkName);
    QCOMPARE(older.dataType, full.dataType);
    QCOMPARE(QJsonDocument::fromJson(older.data), QJsonDocument::fromJson(full.data));
    QCOMPARE(QJsonDocument::fromJson(older.metadata), QJsonDocument::fromJson(full.metadata));
    QCOMPARE(older.createdAt, full.createdAt);
    QCOMPARE(repository.count({.sink = u"notifier"_s})->value, 1);
    // By id: that row alone.
    QCOMPARE(repository.count({.id = *fullId})->value, 1);
    auto byId =
        repository.page({.id = *fullId}, PageRequest{PageRequest::From::Start, {}, 10, {}, true});
    QVERIFY2(byId.ok(), qPrintable(byId.errorMessage()));
    QCOMPARE(byId->rows.size(), 1);
    QCOMPARE(byId->rows.at(0).id, *fullId);
}

void tst_SinkStorageRepository::pagesByKeys()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QList<QByteArray> data;
    for (int i = 0; i < 11; ++i)
        data << u"{\"n\": %1}"_s.arg(i).toUtf8();
    QCOMPARE(storeRows(database.db, engine, data), QString());
    const SinkStorageRepository repository(database.db);
    using From = PageRequest::From;

    // Newest first, three at a time, across rows that share a time (ties go by id).
    QList<int> all;
    PageRequest request{From::Start, {}, 3, {}, true};
    for (int guard = 0; guard < 10; ++guard) {
        auto page = repository.page({}, request);
        QVERIFY2(page, qPrintable(page.errorMessage()));
        all << numbers(page);
        if (page->atEnd)
            break;
        request = {From::After, SinkStorageRepository::keyOf(page->rows.constLast()), 3, {}, true};
    }
    QCOMPARE(all, (QList<int>{10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0}));

    auto oldest = repository.page({}, PageRequest{From::End, {}, 4, {}, true});
    QCOMPARE(numbers(oldest), (QList<int>{3, 2, 1, 0}));
    QVERIFY(oldest->rows.constFirst().createdAt.isValid());
    auto newest = repository.page({}, PageRequest{From::Start, {}, 4, {}, true});
    const KeyRange range{SinkStorageRepository::keyOf(newest->rows.at(1)), true,
                         SinkStorageRepository::keyOf(oldest->rows.at(1))};
    auto between = repository.pageBetween({}, range, PageRequest{From::Start, {}, 50, {}, true});
    QVERIFY2(between, qPrintable(between.errorMessage()));
    QCOMPARE(numbers(between), (QList<int>{9, 8, 7, 6, 5, 4, 3, 2}));

    // Sink and data type; i % 3 == 0 is "orders", even i "order".
    auto orders = repository.page({.sink = u"orders"_s, .dataType = u"order"_s},
                                  PageRequest{From::Start, {}, 50, {}, true});
    QCOMPARE(numbers(orders), (QList<int>{6, 0}));
    QCOMPARE(repository.count({.sink = u"orders"_s})->value, 4);
    QCOMPARE(repository.count({.sink = u"nobody"_s})->value, 0);
}

QTEST_GUILESS_MAIN(tst_SinkStorageRepository)
#include "tst_sinkstoragerepository.moc"
