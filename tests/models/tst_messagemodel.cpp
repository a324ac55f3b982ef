#include "messagemodel.h"
#include "messagetestsupport.h"
#include "pagedtestsupport.h"

#include <QAbstractItemModelTester>
#include <QLocale>
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
// page read before the row counts.
QStringList shownIds(const MessageModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row) {
        model.index(row, 0).data(); // as a view paints it
        if (!test::settle(model))
            return {u"the model kept reading at row %1"_s.arg(row)};
        if (row >= model.rowCount())
            break;
        const QModelIndex index = model.index(row, 0);
        if (!index.data(PagedTableModel::RowLoadedRole).toBool())
            return {u"row %1 was not read"_s.arg(row)};
        ids << index.data(PagedTableModel::RowIdRole).toString();
    }
    return ids;
}

PagedTableModel::Options smallPages(int pageSize, int cachePages = 40)
{
    PagedTableModel::Options options;
    options.pageSize = pageSize;
    options.cachePages = cachePages;
    return options;
}

} // namespace

// The Messages pane's model over the receiver's table, on SQLite and PostgreSQL.
class tst_MessageModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsColumnsAndRoles_data() { test::addEngineRows(); }
    void showsColumnsAndRoles();
    void filtersAndSortsInSql_data() { test::addEngineRows(); }
    void filtersAndSortsInSql();
    void followsAppendsAndRemovals_data() { test::addEngineRows(); }
    void followsAppendsAndRemovals();
    void countsAboutWhenLarge_data() { test::addEngineRows(); }
    void countsAboutWhenLarge();
    void errorIsAState_data() { test::addEngineRows(); }
    void errorIsAState();
};

void tst_MessageModel::showsColumnsAndRoles()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString longLine = u"x"_s.repeated(20000);
    const QByteArray badBytes("bad \xff byte and nul \0 here",
                              sizeof("bad \xff byte and nul \0 here") - 1);
    const QString stored = test::storeReceived(database.db, 1, 5, [&](ReceivedMessage &m) {
        if (m.messageNumber == 4)
            m.content = "first line\twith a tab\nsecond line \\ backslash";
        if (m.messageNumber == 3)
            m.content = longLine.toUtf8();
        if (m.messageNumber == 2)
            m.content = badBytes;
    });
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    const QList<ReceivedMessage> all = test::allReceived(database.db);
    QCOMPARE(all.size(), 5);

    MessageModel model(*database.factory);
    Tester tester(&model, fatal);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.state(), PagedTableModel::State::Ready);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.columnCount(), int(MessageModel::ColumnCount));
    QCOMPARE(model.totalCount(), (RowCount{5, RowCount::Precision::Exact}));
    QCOMPARE(model.totalCountText(), u"5 rows"_s);
    QCOMPARE(model.sortColumn(), int(MessageModel::TimestampColumn));
    QCOMPARE(model.sortOrder(), Qt::DescendingOrder);

    // Newest first: message 4 is the second row.
    const ReceivedMessage &four = all.at(3);
    QCOMPARE(four.messageNumber, 4);
    const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
        return model.index(row, column).data(role);
    };
    QCOMPARE(cell(1, MessageModel::IdColumn).toString(), QString::number(four.id));
    QCOMPARE(cell(1, MessageModel::NumberColumn).toString(), u"4"_s);
    QCOMPARE(cell(1, MessageModel::TimestampColumn).toString(),
             four.timestamp.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s));
    QCOMPARE(cell(1, MessageModel::TimestampColumn, Qt::ToolTipRole).toString(),
             u"UTC: 2026-03-02 09:30:04.000"_s);
    QCOMPARE(cell(1, MessageModel::ContentColumn).toString(), u"first line\twith a tab …"_s);
    QCOMPARE(cell(1, MessageModel::ContentColumn, Qt::ToolTipRole).toString(),
             u"first line\twith a tab\nsecond line \\ backslash"_s);
    QCOMPARE(cell(1, MessageModel::SourceColumn).toString(), u"messages"_s);
    QCOMPARE(cell(1, MessageModel::BatchColumn).toString(), u"1"_s);
    QCOMPARE(cell(1, MessageModel::BatchColumn, Qt::ToolTipRole).toString(),
             u"Also in messages_batch_0001.txt"_s);
    QCOMPARE(cell(1, MessageModel::DeliveryKeyColumn).toString(),
             u"stream:messages:1700000000004-0"_s);

    // Numbers to the right, text to the left.
    const int right = int(Qt::AlignRight | Qt::AlignVCenter);
    QCOMPARE(cell(1, MessageModel::NumberColumn, Qt::TextAlignmentRole).toInt(), right);
    QCOMPARE(cell(1, MessageModel::BatchColumn, Qt::TextAlignmentRole).toInt(), right);
    QCOMPARE(cell(1, MessageModel::IdColumn, Qt::TextAlignmentRole).toInt(), right);
    QVERIFY(!cell(1, MessageModel::ContentColumn, Qt::TextAlignmentRole).isValid());

    // Copying keeps every value whole and on one line.
    QCOMPARE(cell(1, MessageModel::ContentColumn, MessageModel::CopyTextRole).toString(),
             u"first line\\twith a tab\\nsecond line \\\\ backslash"_s);
    QCOMPARE(QDateTime::fromString(
                 cell(1, MessageModel::TimestampColumn, MessageModel::CopyTextRole).toString(),
                 Qt::ISODateWithMs),
             four.timestamp);

    // A long line is cut in the cell, whole (up to a limit that says so) in the tooltip.
    const QString cut = cell(2, MessageModel::ContentColumn).toString();
    QCOMPARE(cut.size(), 301);
    QVERIFY(cut.endsWith(u'…'));
    QVERIFY(cell(2, MessageModel::ContentColumn, Qt::ToolTipRole)
                .toString()
                .contains(QLocale().toString(10000) + u" more characters"_s));
    QCOMPARE(cell(2, MessageModel::ContentColumn, MessageModel::CopyTextRole).toString(), longLine);

    // Bytes that are not UTF-8, and NUL, read as U+FFFD; the message keeps its bytes.
    QCOMPARE(cell(3, MessageModel::ContentColumn).toString(),
             u"bad \uFFFD byte and nul \uFFFD here"_s);
    const auto two = cell(3, 0, MessageModel::MessageRole).value<ReceivedMessage>();
    QCOMPARE(two.content, badBytes);
    QCOMPARE(two.messageNumber, 2);

    QCOMPARE(model.headerData(MessageModel::DeliveryKeyColumn, Qt::Horizontal).toString(),
             u"Delivery key"_s);
    QVERIFY(MessageModel::isSortable(MessageModel::NumberColumn));
    QVERIFY(!MessageModel::isSortable(MessageModel::ContentColumn));
}

void tst_MessageModel::filtersAndSortsInSql()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeReceived(database.db, 1, 80);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    const QList<ReceivedMessage> all = test::allReceived(database.db);
    QCOMPARE(all.size(), 80);

    MessageModel model(*database.factory, smallPages(7));
    Tester tester(&model, fatal);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(shownIds(model), test::expectedReceivedIds(all, false, true));

    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.sort(MessageModel::NumberColumn, Qt::AscendingOrder);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(resets.size(), 1);
    QCOMPARE(shownIds(model), test::expectedReceivedIds(all, true, false));

    // Not a column SQL sorts by: nothing changes.
    model.sort(MessageModel::ContentColumn, Qt::DescendingOrder);
    QCOMPARE(resets.size(), 1);
    QCOMPARE(model.sortColumn(), int(MessageModel::NumberColumn));

    struct Case
    {
        const char *name;
        MessageFilter filter;
        std::function<bool(const ReceivedMessage &)> keep;
    };
    MessageFilter text;
    text.text = u"n° 7"_s; // 7, 70..79: any case
    MessageFilter source;
    source.source = u"orders"_s;
    MessageFilter batch;
    batch.batchId = 3;
    MessageFilter numbers;
    numbers.numberFrom = 25;
    numbers.numberTo = 31;
    MessageFilter times;
    times.from = test::messageBase.addSecs(40);
    times.to = test::messageBase.addSecs(45);
    MessageFilter combined = source;
    combined.numberFrom = 30;
    combined.to = test::messageBase.addSecs(61);
    const QList<Case> cases{
        {"text", text,
         [](const ReceivedMessage &m) {
             return m.messageNumber == 7 || (m.messageNumber >= 70 && m.messageNumber < 80);
         }},
        {"source", source,
         [](const ReceivedMessage &m) {
             return m.messageNumber % 3 == 0;
         }},
        {"batch", batch,
         [](const ReceivedMessage &m) {
             return m.messageNumber >= 20 && m.messageNumber < 30;
         }},
        {"numbers", numbers,
         [](const ReceivedMessage &m) {
             return m.messageNumber >= 25 && m.messageNumber <= 31;
         }},
        {"times", times,
         [](const ReceivedMessage &m) {
             return m.messageNumber >= 40 && m.messageNumber < 45;
         }},
        {"combined", combined,
         [](const ReceivedMessage &m) {
             return m.messageNumber % 3 == 0 && m.messageNumber >= 30 && m.messageNumber < 61;
         }},
    };
    for (const Case &c : cases) {
        model.setFilter(c.filter);
        QCOMPARE(model.filter(), c.filter);
        PORTHOLE_LOAD_ALL(model);
        const QStringList expected = test::expectedReceivedIds(all, true, false, c.keep);
        QVERIFY2(!expected.isEmpty(), c.name);
        QCOMPARE(shownIds(model), expected);
        QCOMPARE(model.totalCount(), (RowCount{expected.size(), RowCount::Precision::Exact}));
    }

    // The same filter again is no new listing.
    const qsizetype before = resets.size();
    model.setFilter(combined);
    QCOMPARE(resets.size(), before);

    // Nothing matches: an empty, ready listing.
    MessageFilter none;
    none.text = u"'; DROP TABLE messages; --"_s;
    model.setFilter(none);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.state(), PagedTableModel::State::Ready);
    QCOMPARE(model.totalCountText(), u"0 rows"_s);

    model.setFilter({});
    model.sort(MessageModel::TimestampColumn, Qt::DescendingOrder);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(shownIds(model), test::expectedReceivedIds(all, false, true));
}

void tst_MessageModel::followsAppendsAndRemovals()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QString stored = test::storeReceived(database.db, 1, 30);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    PagedTableModel::Options options = smallPages(8, 3);
    options.refreshIntervalMs = 100;
    MessageModel model(*database.factory, options);
    Tester tester(&model, fatal);
    PORTHOLE_LOAD_ALL(model);
    QCOMPARE(shownIds(model),
             test::expectedReceivedIds(test::allReceived(database.db), false, true));

    // The operator reads row 10.
    const QPersistentModelIndex reading = model.index(10, MessageModel::IdColumn);
    QTRY_VERIFY(reading.data(PagedTableModel::RowLoadedRole).toBool());
    const QString readingId = reading.data().toString();

    // Another connection adds twelve newer messages: they come in on top.
    stored = test::storeReceived(database.db, 31, 12);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.index(10, 0).data(); // where the operator looks
    model.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 42, 20000);
    PORTHOLE_SETTLE(model);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(model.newRows(), 12);
    QVERIFY(!inserted.isEmpty());
    QCOMPARE(inserted.constFirst().at(1).toInt(), 0);
    QCOMPARE(reading.row(), 22);
    // Its page may have made room for the new ones; asked for, it is read again.
    QTRY_COMPARE_WITH_TIMEOUT(reading.data().toString(), readingId, 20000);
    QCOMPARE(model.totalCount(), (RowCount{42, RowCount::Precision::Exact}));
    model.clearNewRows();

    // Another connection removes messages: they go without a reset.
    QSqlQuery remove(database.db);
    QVERIFY2(remove.exec(u"DELETE FROM messages WHERE message_number IN (41, 40, 20)"_s),
             qPrintable(remove.lastError().text()));
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.index(0, 0).data();
    model.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(!removed.isEmpty(), 20000);
    PORTHOLE_SETTLE(model);
    const QList<ReceivedMessage> now = test::allReceived(database.db);
    QCOMPARE(now.size(), 39);
    QCOMPARE(shownIds(model), test::expectedReceivedIds(now, false, true));
    QCOMPARE(resets.size(), 0);
    QCOMPARE(model.newRows(), 0);
    QVERIFY(model.cachedPages() <= 3);

    // Live follow does the same on its own.
    model.setLiveFollow(true);
    stored = test::storeReceived(database.db, 43, 3);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 42, 20000);
    model.setLiveFollow(false);
    PORTHOLE_SETTLE(model);
    QCOMPARE(model.newRows(), 3);
    QCOMPARE(shownIds(model),
             test::expectedReceivedIds(test::allReceived(database.db), false, true));
}

void tst_MessageModel::countsAboutWhenLarge()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeReceived(database.db, 1, 30);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    QSqlQuery analyze(database.db);
    QVERIFY(analyze.exec(u"ANALYZE"_s));

    PagedTableModel::Options options = smallPages(8);
    options.exactCountUpTo = 10;
    options.countExactly = false; // the bounded count, as it is before an exact one replaces it
    MessageModel model(*database.factory, options);
    Tester tester(&model, fatal);
    QSignalSpy counted(&model, &PagedTableModel::totalCountChanged);
    PORTHOLE_SETTLE(model);
    QVERIFY(!counted.isEmpty());
    // More rows than are counted: an estimate on both engines, not "more than 10".
    QCOMPARE(model.totalCount().precision, RowCount::Precision::Estimate);
    QCOMPARE(model.totalCount().value, 30);
    QCOMPARE(model.totalCountText(), u"about 30 rows"_s);

    // A filtered listing cannot be sized without reading it: SQLite says "more than".
    MessageFilter messages;
    messages.source = u"messages"_s; // 20 of them
    model.setFilter(messages);
    PORTHOLE_SETTLE(model);
    if (engine == Engine::SQLite) {
        QCOMPARE(model.totalCount(), (RowCount{11, RowCount::Precision::AtLeast}));
        QCOMPARE(model.totalCountText(), u"more than 10 rows"_s);
    } else {
        QCOMPARE(model.totalCount().precision, RowCount::Precision::Estimate);
        QVERIFY2(model.totalCountText().startsWith(u"about"_s), qPrintable(model.totalCountText()));
    }

    MessageFilter few;
    few.numberTo = 6;
    model.setFilter(few);
    PORTHOLE_SETTLE(model);
    QCOMPARE(model.totalCount(), (RowCount{6, RowCount::Precision::Exact}));
    QCOMPARE(model.totalCountText(), u"6 rows"_s);
}

void tst_MessageModel::errorIsAState()
{
    // A database without Porthole's tables: the model says so.
    QFETCH(Engine, engine);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const ConnectionFactory factory(scratch->url());
    MessageModel model(factory, smallPages(8));
    Tester tester(&model, fatal);
    QTRY_COMPARE_WITH_TIMEOUT(model.state(), PagedTableModel::State::Error, 20000);
    QVERIFY2(model.errorMessage().contains(u"porthole migrate"_s),
             qPrintable(model.errorMessage()));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore({}));
    PORTHOLE_SETTLE(model);
}

QTEST_GUILESS_MAIN(tst_MessageModel)
#include "tst_messagemodel.moc"
