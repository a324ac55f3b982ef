#include "auditlogmodel.h"
#include "pagedtestsupport.h"
#include "sqlsupport.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::MigratedDatabase;
using M = AuditLogModel;

namespace {

using Tester = QAbstractItemModelTester;
constexpr auto fatal = QAbstractItemModelTester::FailureReportingMode::Fatal;

// Entry i: a purge (i % 3 == 0) or a replay, of i + 1 rows, with "entry i" as its details.
QString appendEntries(const QSqlDatabase &db, int first, int count)
{
    AuditLog log(db);
    SqlTransaction transaction(db); // one commit, not one a row
    if (Status begun = transaction.begin(); !begun)
        return begun.errorMessage();
    for (int i = first; i < first + count; ++i) {
        AuditEntry entry;
        entry.actor = i % 2 ? u"alice"_s : u"bob"_s;
        entry.action = i % 3 ? u"replay"_s : u"purge"_s;
        entry.targetTable = u"port_messages"_s;
        entry.filter =
            QJsonObject{{u"selection"_s, QJsonObject{{u"description"_s, u"group %1"_s.arg(i)}}}};
        QJsonArray ids;
        for (int k = 0; k <= i % 4; ++k)
            ids.append(u"id-%1-%2"_s.arg(i).arg(k));
        entry.affectedIds = ids;
        entry.affectedCount = ids.size();
        entry.before = QJsonObject{{u"statuses"_s, QJsonObject{{u"dead_letter"_s, ids.size()}}}};
        entry.after = QJsonObject{{u"status"_s, u"pending"_s}};
        entry.details = u"entry %1"_s.arg(i);
        auto id = log.append(entry);
        if (!id)
            return id.errorMessage();
    }
    const Status committed = transaction.commit();
    return committed ? QString() : committed.errorMessage();
}

// The details of every row, top to bottom, each read as a view scrolling down reads it.
QStringList shownDetails(const AuditLogModel &model)
{
    QStringList details;
    for (int row = 0; row < model.rowCount(); ++row) {
        model.index(row, 0).data(); // as a view paints it
        if (!test::settle(model))
            return {u"the model kept reading at row %1"_s.arg(row)};
        const QModelIndex index = model.index(row, M::DetailsColumn);
        if (!index.data(PagedTableModel::RowLoadedRole).toBool())
            return {u"row %1 was not read"_s.arg(row)};
        details << index.data().toString();
    }
    return details;
}

QStringList entryNames(int from, int to) // "entry from" down to "entry to"
{
    QStringList names;
    for (int i = from; i >= to; --i)
        names << u"entry %1"_s.arg(i);
    return names;
}

PagedTableModel::Options smallPages(int pageSize, int cachePages = 40)
{
    PagedTableModel::Options options;
    options.pageSize = pageSize;
    options.cachePages = cachePages;
    options.refreshIntervalMs = 3600000; // the tests refresh when they mean to
    return options;
}

} // namespace

// The Audit pane's model over the audit_log, on SQLite and PostgreSQL.
class tst_AuditLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsEntriesNewestFirst_data() { test::addEngineRows(); }
    void showsEntriesNewestFirst();
    void pagesAndRereads_data() { test::addEngineRows(); }
    void pagesAndRereads();
    void filtersByAction_data() { test::addEngineRows(); }
    void filtersByAction();
};

void tst_AuditLogModel::showsEntriesNewestFirst()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QString error = appendEntries(database.db, 0, 5);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    AuditLogModel model(*database.factory, smallPages(200));
    Tester tester(&model, fatal);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.state(), PagedTableModel::State::Ready);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.columnCount(), int(M::ColumnCount));
    QCOMPARE(model.totalCount(), (RowCount{5, RowCount::Precision::Exact}));
    QCOMPARE(model.headerData(M::WhenColumn, Qt::Horizontal).toString(), u"When"_s);
    QCOMPARE(model.headerData(M::RowsColumn, Qt::Horizontal).toString(), u"Rows"_s);
    QCOMPARE(shownDetails(model), entryNames(4, 0));

    // Row 1 is entry 3: alice's purge of 4 rows.
    const auto entry = model.index(1, 0).data(M::EntryRole).value<AuditEntry>();
    QCOMPARE(entry.details, u"entry 3"_s);
    QCOMPARE(model.index(1, M::WhoColumn).data().toString(), u"alice"_s);
    QCOMPARE(model.index(1, M::ActionColumn).data().toString(), u"purge"_s);
    QCOMPARE(model.index(1, M::RowsColumn).data().toString(), u"4"_s);
    QCOMPARE(model.index(1, M::RowsColumn).data(Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignRight | Qt::AlignVCenter));
    QCOMPARE(model.index(1, M::WhenColumn).data().toString(),
             entry.occurredAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s));
    QCOMPARE(model.index(1, M::WhenColumn).data(Qt::ToolTipRole).toString(),
             u"UTC: "_s + entry.occurredAt.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s));
    QCOMPARE(model.index(1, M::ActionColumn).data(Qt::ToolTipRole).toString(),
             u"On port_messages"_s);
    QVERIFY(!(model.flags(model.index(1, 0)) & Qt::ItemIsEditable));

    const QJsonObject detail = model.index(1, 0).data(M::EntryJsonRole).toJsonObject();
    QCOMPARE(detail.keys(),
             (QStringList{u"affected_ids"_s, u"after"_s, u"before"_s, u"details"_s, u"filter"_s}));
    QCOMPARE(detail.value(u"affected_ids"_s).toArray().size(), 4);
    QCOMPARE(detail.value(u"after"_s).toObject().value(u"status"_s).toString(), u"pending"_s);
    QCOMPARE(detail.value(u"details"_s).toString(), u"entry 3"_s);
    QCOMPARE(detail.value(u"filter"_s)
                 .toObject()
                 .value(u"selection"_s)
                 .toObject()
                 .value(u"description"_s)
                 .toString(),
             u"group 3"_s);

    // An entry without the optional parts says null for them.
    AuditEntry bare;
    bare.action = u"retention"_s;
    const QJsonObject nulls = M::detailJson(bare);
    for (const QString &key : nulls.keys())
        QVERIFY2(nulls.value(key).isNull(), qPrintable(key));
}

void tst_AuditLogModel::pagesAndRereads()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QString error = appendEntries(database.db, 0, 17);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    // Pages of 3, at most 3 of them kept: scrolling reads pages again by their bounds.
    AuditLogModel model(*database.factory, smallPages(3, 3));
    Tester tester(&model, fatal);
    PORTHOLE_SETTLE(model);
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.canFetchMore({}));
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 17);
    QVERIFY(model.pageCount() > 3);
    QCOMPARE(model.cachedPages(), 3);
    QCOMPARE(shownDetails(model), entryNames(16, 0)); // evicted pages read again, in place

    // New entries: a refresh finds them before the first row.
    error = appendEntries(database.db, 17, 4);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    model.jumpToStart();
    PORTHOLE_SETTLE(model);
    model.refresh();
    PORTHOLE_SETTLE(model);
    QCOMPARE(model.rowCount(), 21);
    QCOMPARE(model.newRows(), 4);
    QCOMPARE(shownDetails(model), entryNames(20, 0));
    QCOMPARE(model.totalCount(), (RowCount{21, RowCount::Precision::Exact}));

    // Oldest first.
    model.sort(M::WhenColumn, Qt::AscendingOrder);
    PORTHOLE_LOAD_ALL(model);
    QStringList oldestFirst = entryNames(20, 0);
    std::reverse(oldestFirst.begin(), oldestFirst.end());
    QCOMPARE(shownDetails(model), oldestFirst);
    model.sort(M::ActionColumn, Qt::DescendingOrder); // not sortable: nothing changes
    QCOMPARE(model.sortColumn(), int(M::WhenColumn));
    QCOMPARE(model.sortOrder(), Qt::AscendingOrder);
}

void tst_AuditLogModel::filtersByAction()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString error = appendEntries(database.db, 0, 10);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    AuditLogModel model(*database.factory, smallPages(2));
    Tester tester(&model, fatal);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 10);

    AuditFilter purges;
    purges.action = u"purge"_s;
    model.setFilter(purges);
    QVERIFY(sameAuditFilter(model.filter(), purges));
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(shownDetails(model),
             (QStringList{u"entry 9"_s, u"entry 6"_s, u"entry 3"_s, u"entry 0"_s}));
    QCOMPARE(model.totalCount(), (RowCount{4, RowCount::Precision::Exact}));

    AuditFilter none;
    none.action = u"hard delete"_s;
    model.setFilter(none);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.state(), PagedTableModel::State::Ready);
    QCOMPARE(model.rowCount(), 0);

    // By time: nothing is older than a minute ago, everything is.
    AuditFilter recent;
    recent.from = QDateTime::currentDateTimeUtc().addSecs(-60);
    model.setFilter(recent);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 10);
    AuditFilter old;
    old.to = QDateTime::currentDateTimeUtc().addSecs(-60);
    model.setFilter(old);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(tst_AuditLogModel)
#include "tst_auditlogmodel.moc"
