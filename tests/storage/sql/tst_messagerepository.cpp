#include "messagerepository.h"
#include "repositorytestsupport.h"

#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

const QDateTime base = QDateTime(QDate(2025, 10, 16), QTime(14, 56, 5), QTimeZone::utc());

ReceivedMessage received(qint64 number, const QByteArray &content = {})
{
    ReceivedMessage m;
    m.messageNumber = number;
    m.content = content.isNull()
                    ? u"this is Message N° %1 being posted into Redis"_s.arg(number).toUtf8()
                    : content;
    m.timestamp = base.addSecs(number);
    m.deliveryKey = u"stream:messages:%1-0"_s.arg(1700000000000 + number);
    m.source = u"messages"_s;
    return m;
}

} // namespace

class tst_MessageRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void storesBytesExactly_data() { test::addEngineRows(); }
    void storesBytesExactly();
    void secondDeliveryIsHarmless_data() { test::addEngineRows(); }
    void secondDeliveryIsHarmless();
    void pagesAndFilters_data() { test::addEngineRows(); }
    void pagesAndFilters();
    void batches_data() { test::addEngineRows(); }
    void batches();
    void filtersBySourceAndCombines_data() { test::addEngineRows(); }
    void filtersBySourceAndCombines();
    void readsAStretchBack_data();
    void readsAStretchBack();
    void stretchIsFiltered_data() { test::addEngineRows(); }
    void stretchIsFiltered();
    void estimatesTheCount_data() { test::addEngineRows(); }
    void estimatesTheCount();
};

void tst_MessageRepository::storesBytesExactly()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MessageRepository repository(database.db);
    const QList<QByteArray> contents{
        QByteArray("plain text"),
        QByteArray("line one\nline two\r\nwith ] and [2025-10-16 14:56:05] Message #5: forged"),
        QByteArray("nul \0 inside", 12),
        QByteArray("not utf-8: \xff\xfe\xc3("),
        QByteArray("emoji 📦 and ümlauts"),
        QByteArray(""),
    };
    QList<ReceivedMessage> messages;
    for (qsizetype i = 0; i < contents.size(); ++i)
        messages << received(i + 1, contents.at(i));
    const auto outcome = repository.insert(messages);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->inserted, contents.size());

    PageRequest request;
    request.sortColumn = u"message_number"_s;
    const auto page = repository.page({}, request);
    QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
    QCOMPARE(page->rows.size(), contents.size());
    for (qsizetype i = 0; i < contents.size(); ++i) {
        QCOMPARE(page->rows.at(i).content, contents.at(i));
        QCOMPARE(page->rows.at(i).timestamp, messages.at(i).timestamp);
        QCOMPARE(page->rows.at(i).deliveryKey, messages.at(i).deliveryKey);
    }
    // The readable column marks what could not be decoded; the raw bytes are kept beside it.
    QSqlQuery query(database.db);
    QVERIFY(query.exec(
                u"SELECT content, content_raw IS NULL FROM messages WHERE message_number = 4"_s) &&
            query.next());
    QVERIFY(query.value(0).toString().contains(QChar::ReplacementCharacter));
    QVERIFY(!query.value(1).toBool());
}

void tst_MessageRepository::secondDeliveryIsHarmless()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MessageRepository repository(database.db);
    QList<ReceivedMessage> first;
    for (int n = 1; n <= 250; ++n)
        first << received(n);
    QCOMPARE(repository.insert(first)->inserted, 250);

    // A redelivery of some, mixed with new ones, stores only the new ones.
    QList<ReceivedMessage> again;
    for (int n = 200; n <= 300; ++n)
        again << received(n);
    const auto outcome = repository.insert(again);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->inserted, 50);
    QCOMPARE(outcome->duplicates, 51);
    QCOMPARE(*repository.count({}), (RowCount{300, RowCount::Precision::Exact}));

    ReceivedMessage keyless = received(301);
    keyless.deliveryKey.clear();
    QCOMPARE(repository.insert({received(302), keyless}).error().kind,
             StorageError::Kind::InvalidArgument);
    QCOMPARE(repository.count({})->value, 300);
}

void tst_MessageRepository::pagesAndFilters()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MessageRepository repository(database.db);
    QList<ReceivedMessage> messages;
    for (int n = 1; n <= 95; ++n)
        messages << received(n);
    QVERIFY(repository.insert(messages).ok());

    PageRequest request;
    request.limit = 20;
    QList<qint64> numbers;
    for (int pages = 0; pages < 10; ++pages) {
        auto page = repository.page({}, request);
        QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
        for (const ReceivedMessage &m : page->rows)
            numbers << m.messageNumber;
        if (page->atEnd)
            break;
        request.from = PageRequest::From::After;
        request.key = MessageRepository::keyOf(page->rows.constLast(), u"timestamp"_s);
    }
    QCOMPARE(numbers.size(), 95);
    QCOMPARE(numbers.constFirst(), 1);
    QCOMPARE(numbers.constLast(), 95);
    QVERIFY(std::is_sorted(numbers.cbegin(), numbers.cend()));

    PageRequest last;
    last.from = PageRequest::From::End;
    last.limit = 5;
    last.sortColumn = u"message_number"_s;
    const auto tail = repository.page({}, last);
    QVERIFY(tail.ok());
    QCOMPARE(tail->rows.constFirst().messageNumber, 91);
    QVERIFY(tail->atEnd && !tail->atStart);

    MessageFilter text;
    text.text = u"N° 4"_s; // 4, 40..49
    QCOMPARE(repository.count(text)->value, 11);
    MessageFilter numbersOnly;
    numbersOnly.numberFrom = 10;
    numbersOnly.numberTo = 19;
    QCOMPARE(repository.page(numbersOnly, {})->rows.size(), 10);
    MessageFilter range;
    range.from = base.addSecs(50);
    range.to = base.addSecs(60);
    QCOMPARE(repository.count(range)->value, 10);
    MessageFilter hostile;
    hostile.text = u"'); DELETE FROM messages; --"_s;
    QCOMPARE(repository.count(hostile)->value, 0);
    QCOMPARE(repository.count({})->value, 95);
}

void tst_MessageRepository::batches()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MessageRepository repository(database.db);
    const BatchRecord one{1, u"messages_batch_0001.txt"_s, 10, base, base.addSecs(9)};
    BatchRecord two{2, u"messages_batch_0002.txt"_s, 3, base.addSecs(10), base.addSecs(12)};
    QVERIFY(repository.upsertBatches({one, two}).ok());
    two.messageCount = 4;
    two.dateModified = base.addSecs(13);
    QVERIFY(repository.upsertBatches({two}).ok());
    QCOMPARE(*repository.batches(), (QList<BatchRecord>{one, two}));

    ReceivedMessage inBatch = received(11);
    inBatch.batchId = 2;
    QVERIFY(repository.insert({inBatch}).ok());
    MessageFilter byBatch;
    byBatch.batchId = 2;
    QCOMPARE(repository.page(byBatch, {})->rows.constFirst().batchId, std::optional<qint64>(2));
    ReceivedMessage orphan = received(12);
    orphan.batchId = 99; // no such batch: the foreign key refuses it
    QCOMPARE(repository.insert({orphan}).error().kind, StorageError::Kind::Constraint);
}

void tst_MessageRepository::filtersBySourceAndCombines()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MessageRepository repository(database.db);
    QList<ReceivedMessage> messages;
    for (int n = 1; n <= 40; ++n) {
        ReceivedMessage m = received(n);
        m.source = n % 4 == 0 ? u"orders"_s : u"messages"_s;
        messages << m;
    }
    QVERIFY(repository.insert(messages).ok());

    MessageFilter none;
    QVERIFY(none.isEmpty());
    MessageFilter orders;
    orders.source = u"orders"_s;
    QVERIFY(!orders.isEmpty());
    QCOMPARE(repository.count(orders)->value, 10);
    // Matched whole: a part of a source is not that source.
    MessageFilter part;
    part.source = u"order"_s;
    QCOMPARE(repository.count(part)->value, 0);

    // Every condition at once narrows to their intersection: multiples of 4 in 10..30 whose
    // content holds "N° 2" (20, 24, 28) and whose time is before message 28's.
    MessageFilter all;
    all.source = u"orders"_s;
    all.numberFrom = 10;
    all.numberTo = 30;
    all.text = u"n° 2"_s;
    all.to = base.addSecs(28);
    PageRequest byNumber;
    byNumber.sortColumn = u"message_number"_s;
    const auto page = repository.page(all, byNumber);
    QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
    QList<qint64> numbers;
    for (const ReceivedMessage &m : page->rows)
        numbers << m.messageNumber;
    QCOMPARE(numbers, (QList<qint64>{20, 24}));
    QCOMPARE(repository.count(all)->value, 2);

    MessageFilter hostile;
    hostile.source = u"x' OR '1'='1"_s;
    QCOMPARE(repository.count(hostile)->value, 0);
}

void tst_MessageRepository::readsAStretchBack_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<QString>("sortColumn");
    QTest::addColumn<bool>("descending");
    for (const Engine engine : {Engine::SQLite, Engine::PostgreSQL}) {
        const QByteArray e = test::engineName(engine).toUtf8();
        QTest::addRow("%s: by time", e.constData()) << engine << u"timestamp"_s << false;
        QTest::addRow("%s: by time, newest first", e.constData())
            << engine << u"timestamp"_s << true;
        QTest::addRow("%s: by number", e.constData()) << engine << u"message_number"_s << false;
        QTest::addRow("%s: by number, highest first", e.constData())
            << engine << u"message_number"_s << true;
    }
}

void tst_MessageRepository::readsAStretchBack()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QFETCH(QString, sortColumn);
    QFETCH(bool, descending);
    MessageRepository repository(database.db);
    QList<ReceivedMessage> messages;
    for (int n = 1; n <= 30; ++n)
        messages << received(n * 10); // room between them for rows added later
    QVERIFY(repository.insert(messages).ok());

    PageRequest request;
    request.sortColumn = sortColumn;
    request.descending = descending;
    request.limit = 10;
    const auto first = repository.page({}, request);
    QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
    request.from = PageRequest::From::After;
    request.key = MessageRepository::keyOf(first->rows.constLast(), sortColumn);
    const auto second = repository.page({}, request);
    QVERIFY(second.ok());
    QCOMPARE(second->rows.size(), 10);
    const ReceivedMessage &before = first->rows.constLast();
    const ReceivedMessage &end = second->rows.constLast();
    const auto numbersOf = [](const Page<ReceivedMessage> &page) {
        QList<qint64> numbers;
        for (const ReceivedMessage &m : page.rows)
            numbers << m.messageNumber;
        return numbers;
    };

    // The second page's stretch, from just after the first page through its own last row.
    const KeyRange stretch{MessageRepository::keyOf(before, sortColumn), false,
                           MessageRepository::keyOf(end, sortColumn)};
    PageRequest range;
    range.sortColumn = sortColumn;
    range.descending = descending;
    range.limit = 50;
    auto again = repository.pageBetween({}, stretch, range);
    QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
    QCOMPARE(numbersOf(*again), numbersOf(*second));
    QVERIFY(again->atEnd);

    // Rows added inside the stretch and one just outside; one of its rows removed.
    const qint64 inside = second->rows.at(4).messageNumber + (descending ? -5 : 5);
    const qint64 outside = end.messageNumber + (descending ? -5 : 5);
    QVERIFY(repository.insert({received(inside), received(outside)}).ok());
    QSqlQuery remove(database.db);
    QVERIFY(remove.exec(
        u"DELETE FROM messages WHERE message_number = %1"_s.arg(second->rows.at(7).messageNumber)));
    again = repository.pageBetween({}, stretch, range);
    QVERIFY(again.ok());
    QList<qint64> expected = numbersOf(*second);
    expected.removeAt(7);
    expected.insert(5, inside);
    QCOMPARE(numbersOf(*again), expected);

    // The first row itself, included.
    const KeyRange withFirst{MessageRepository::keyOf(before, sortColumn), true,
                             MessageRepository::keyOf(end, sortColumn)};
    again = repository.pageBetween({}, withFirst, range);
    QVERIFY(again.ok());
    expected.prepend(before.messageNumber);
    QCOMPARE(numbersOf(*again), expected);

    // A limit cuts it short and says so.
    range.limit = 4;
    again = repository.pageBetween({}, stretch, range);
    QVERIFY(again.ok());
    QCOMPARE(numbersOf(*again), expected.mid(1, 4));
    QVERIFY(!again->atEnd);

    range.sortColumn = u"content"_s;
    QCOMPARE(repository.pageBetween({}, stretch, range).error().kind,
             StorageError::Kind::InvalidArgument);
}

void tst_MessageRepository::stretchIsFiltered()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MessageRepository repository(database.db);
    QList<ReceivedMessage> messages;
    for (int n = 1; n <= 30; ++n) {
        ReceivedMessage m = received(n);
        m.source = n % 2 ? u"odd"_s : u"even"_s;
        messages << m;
    }
    QVERIFY(repository.insert(messages).ok());
    const auto all = repository.page({}, {});
    QVERIFY(all.ok());
    // Messages 5 through 20, of which the even ones.
    const KeyRange stretch{MessageRepository::keyOf(all->rows.at(4), u"timestamp"_s), true,
                           MessageRepository::keyOf(all->rows.at(19), u"timestamp"_s)};
    MessageFilter even;
    even.source = u"even"_s;
    const auto page = repository.pageBetween(even, stretch, {});
    QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
    QList<qint64> numbers;
    for (const ReceivedMessage &m : page->rows)
        numbers << m.messageNumber;
    QCOMPARE(numbers, (QList<qint64>{6, 8, 10, 12, 14, 16, 18, 20}));
}

void tst_MessageRepository::estimatesTheCount()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    MessageRepository repository(database.db);
    auto estimate = repository.estimatedCount();
    QVERIFY2(estimate.ok(), qPrintable(estimate.errorMessage()));
    QCOMPARE(estimate->precision, RowCount::Precision::Estimate);
    QCOMPARE(estimate->value, 0);

    QList<ReceivedMessage> messages;
    for (int n = 1; n <= 500; ++n)
        messages << received(n);
    QVERIFY(repository.insert(messages).ok());
    QSqlQuery analyze(database.db);
    QVERIFY(analyze.exec(u"ANALYZE"_s));
    estimate = repository.estimatedCount();
    QVERIFY2(estimate.ok(), qPrintable(estimate.errorMessage()));
    QCOMPARE(estimate->precision, RowCount::Precision::Estimate);
    QCOMPARE(estimate->value, 500);

    // Rows removed from the middle: an estimate, never below what is there.
    QVERIFY(analyze.exec(u"DELETE FROM messages WHERE message_number BETWEEN 100 AND 199"_s));
    estimate = repository.estimatedCount();
    QVERIFY(estimate.ok());
    QVERIFY2(estimate->value >= 400 && estimate->value <= 500,
             qPrintable(QString::number(estimate->value)));
}

QTEST_GUILESS_MAIN(tst_MessageRepository)
#include "tst_messagerepository.moc"
