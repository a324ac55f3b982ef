#include "messagerepository.h"
#include "repositorytestsupport.h"

#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;

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

QTEST_GUILESS_MAIN(tst_MessageRepository)
#include "tst_messagerepository.moc"
