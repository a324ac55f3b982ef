#include "pagedtestsupport.h"
#include "sinkstoragemodel.h"
#include "sqlsupport.h"

#include <QAbstractItemModelTester>
#include <QJsonObject>
#include <QSqlError>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;
using M = SinkStorageModel;

namespace {

using Tester = QAbstractItemModelTester;
constexpr auto fatal = QAbstractItemModelTester::FailureReportingMode::Fatal;

// Stores rows first .. first + count - 1 with the seed's INSERT: sink "orders" (even n) or
// "audit", data {"order_id": n}, metadata {"n": n}, created n seconds after 08:00.
QString storeRows(const QSqlDatabase &db, int first, int count)
{
    const bool sqlite = engineOf(db) == SqlEngine::SQLite;
    QSqlQuery query(db);
    for (int n = first; n < first + count; ++n) {
        query.prepare(sqlite ? u"INSERT INTO sink_storage (sink_name, data_type, data, metadata, "
                               "created_at) VALUES (?, 'order', ?, ?, ?)"_s
                             : u"INSERT INTO sink_storage (sink_name, data_type, data, metadata, "
                               "created_at) VALUES (?, 'order', CAST(? AS jsonb), "
                               "CAST(? AS jsonb), CAST(? AS timestamptz))"_s);
        query.addBindValue(n % 2 ? u"audit"_s : u"orders"_s);
        query.addBindValue(u"{\"order_id\": %1}"_s.arg(n));
        query.addBindValue(u"{\"n\": %1}"_s.arg(n));
        query.addBindValue(u"2026-11-20 08:%1:%2+00"_s.arg(n / 60, 2, 10, QLatin1Char('0'))
                               .arg(n % 60, 2, 10, QLatin1Char('0'))
                               .left(sqlite ? 19 : 22));
        if (!query.exec())
            return query.lastError().text();
    }
    return {};
}

PagedTableModel::Options smallPages(int pageSize, int refreshMs = 3600000)
{
    PagedTableModel::Options options;
    options.pageSize = pageSize;
    options.refreshIntervalMs = refreshMs;
    return options;
}

QStringList column(const PagedTableModel &model, int column)
{
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values << model.index(row, column).data().toString();
    return values;
}

} // namespace

// The Sink storage pane's model over sink_storage, on SQLite and PostgreSQL.
class tst_SinkStorageModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsNewestFirst_data() { test::addEngineRows(); }
    void listsNewestFirst();
    void filtersBySinkTypeAndPath_data() { test::addEngineRows(); }
    void filtersBySinkTypeAndPath();
    void followsNewRows_data() { test::addEngineRows(); }
    void followsNewRows();
};

void tst_SinkStorageModel::listsNewestFirst()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(storeRows(database.db, 0, 25), QString());
    M model(*database.factory, smallPages(4));
    Tester tester(&model, fatal);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.state(), PagedTableModel::State::Ready);
    QCOMPARE(model.rowCount(), 25);
    QCOMPARE(model.columnCount(), int(M::ColumnCount));
    QCOMPARE(model.totalCount(), (RowCount{25, RowCount::Precision::Exact}));
    QCOMPARE(model.index(0, M::DataColumn).data().toString(), u"{\"order_id\": 24}"_s);
    QCOMPARE(model.index(24, M::MetadataColumn).data().toString(), u"{\"n\": 0}"_s);
    QCOMPARE(model.index(0, M::SinkColumn).data().toString(), u"orders"_s);
    QCOMPARE(model.index(0, M::TypeColumn).data().toString(), u"order"_s);
    QCOMPARE(model.index(0, M::CreatedColumn).data(Qt::ToolTipRole).toString(),
             u"UTC: 2026-11-20 08:00:24.000"_s);
    const QJsonObject json = model.index(1, 0).data(M::JsonRole).toJsonObject();
    QCOMPARE(json.value(u"data"_s).toObject().value(u"order_id"_s).toInt(), 23);
    QCOMPARE(json.value(u"metadata"_s).toObject().value(u"n"_s).toInt(), 23);
    QCOMPARE(model.headerData(M::TypeColumn, Qt::Horizontal).toString(), u"Data type"_s);

    model.sort(M::CreatedColumn, Qt::AscendingOrder);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.index(0, M::MetadataColumn).data().toString(), u"{\"n\": 0}"_s);
    QCOMPARE(model.rowCount(), 25);
}

void tst_SinkStorageModel::filtersBySinkTypeAndPath()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(storeRows(database.db, 0, 10), QString());
    M model(*database.factory, smallPages(3));
    Tester tester(&model, fatal);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 10);

    model.setFilter({.sink = u"orders"_s});
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 5);
    model.setFilter({.dataType = u"order"_s, .path = *JsonPathFilter::parse(u"$.order_id >= 7"_s)});
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(column(model, M::MetadataColumn),
             (QStringList{u"{\"n\": 9}"_s, u"{\"n\": 8}"_s, u"{\"n\": 7}"_s}));
    QCOMPARE(model.exportSource()->count(database.db, 100)->value, 3);
    model.setFilter({.sink = u"orders"_s,
                     .dataType = u"order"_s,
                     .path = *JsonPathFilter::parse(u"$.order_id = 4"_s)});
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(column(model, M::MetadataColumn), QStringList{u"{\"n\": 4}"_s});
    model.setFilter({.dataType = u"invoice"_s});
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.state(), PagedTableModel::State::Ready);
}

// PostgreSQL's change triggers leave sink_storage out, so the pane's listing polls: live, it
// reads again every refresh interval and inserts what is new at the top.
void tst_SinkStorageModel::followsNewRows()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(storeRows(database.db, 0, 5), QString());
    M model(*database.factory, smallPages(2, 100));
    Tester tester(&model, fatal);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 5);
    model.setLiveFollow(true);
    QCOMPARE(storeRows(database.db, 5, 2), QString());
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 7, 10000);
    QCOMPARE(model.index(0, M::MetadataColumn).data().toString(), u"{\"n\": 6}"_s);
    QCOMPARE(model.newRows(), 2);
}

QTEST_GUILESS_MAIN(tst_SinkStorageModel)
#include "tst_sinkstoragemodel.moc"
