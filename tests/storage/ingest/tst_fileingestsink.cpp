#include "batchfilereader.h"
#include "batchline.h"
#include "batchteststore.h"
#include "fileingestsink.h"
#include "migrateddatabase.h"
#include "repositorytestsupport.h"
#include "skippolicy.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

Delivery delivery(int n, const QByteArray &payload = {})
{
    Delivery d;
    d.key = u"stream:orders:1700000000000-%1"_s.arg(n);
    d.source = u"orders"_s;
    d.payload = payload.isEmpty() ? "this is Message N\xc2\xb0 " + QByteArray::number(n) +
                                        " being posted into Redis"
                                  : payload;
    d.receivedAt = QDateTime(QDate(2026, 11, 21), QTime(10, 0, n % 60), QTimeZone::utc());
    return d;
}

QList<Delivery> deliveries(int from, int to)
{
    QList<Delivery> out;
    for (int n = from; n <= to; ++n)
        out << delivery(n);
    return out;
}

// Every message line of the store, in batch order.
QList<BatchMessage> storedMessages(const QString &directory)
{
    QList<BatchMessage> out;
    for (qint64 id = 1;; ++id) {
        auto content = readBatchFile(directory, id);
        if (!content)
            return out;
        out << content->messages();
    }
}

} // namespace

// The batch-file sink of the ingest worker: lines once and only once, even across crashes.
class tst_FileIngestSink : public QObject
{
    Q_OBJECT

private slots:
    void writesEveryPayloadAsALine_data() { test::addEngineRows(); }
    void writesEveryPayloadAsALine();
    void secondDeliveryWritesNothing_data() { test::addEngineRows(); }
    void secondDeliveryWritesNothing();
    void linesThatNeverReachedTheStoreAreWrittenAgain_data() { test::addEngineRows(); }
    void linesThatNeverReachedTheStoreAreWrittenAgain();
    void tornLineIsWrittenAgainOnce();
    void deadLettersGoToTheDatabase();
    void ownNumbersContinue();
    void fullDiskCountsEveryLineOnce();
    void removedStoreIsNotAcknowledged_data();
    void removedStoreIsNotAcknowledged();
};

void tst_FileIngestSink::writesEveryPayloadAsALine()
{
    QTemporaryDir temp;
    PORTHOLE_MIGRATED_DATABASE(book); // the bookkeeping database, of either engine
    auto sink = FileIngestSink::open(temp.path(), book.db);
    QVERIFY2(sink.ok(), qPrintable(sink.errorMessage()));
    QList<Delivery> group = deliveries(1, 23);
    static constexpr char awkward[] = "two\nlines, a \r, a NUL \0 and \xff";
    group << delivery(24, QByteArray(awkward, sizeof awkward - 1));
    auto outcome = (*sink)->write(group);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->stored, 24);
    QCOMPARE(outcome->duplicates, 0);

    const QList<BatchMessage> stored = storedMessages(temp.path());
    QCOMPARE(stored.size(), 24);
    for (int i = 0; i < 24; ++i) {
        QCOMPARE(stored[i].content, group[i].payload);
        QCOMPARE(stored[i].timestamp, group[i].receivedAt);
    }
    QCOMPARE(stored[0].number, 1); // the sender's "Message N° 1"
    QCOMPARE(stored[22].number, 23);
    QCOMPARE(test::scalar(book.db, u"SELECT COUNT(*) FROM ingest_deliveries WHERE sink = 'file'"_s),
             24);
    // The journal names each line where it is.
    QCOMPARE(test::rowsOf(book.db, u"SELECT batch_id, line_index FROM ingest_deliveries "
                                   "WHERE delivery_key = 'stream:orders:1700000000000-24'"_s),
             QStringList{u"3 | 3"_s});
}

void tst_FileIngestSink::secondDeliveryWritesNothing()
{
    QTemporaryDir temp;
    PORTHOLE_MIGRATED_DATABASE(book); // the bookkeeping database, of either engine
    {
        auto sink = FileIngestSink::open(temp.path(), book.db);
        QVERIFY(sink.ok());
        QCOMPARE((*sink)->write(deliveries(1, 15))->stored, 15);
        // Delivered again before the acknowledgement reached Redis, with new ones.
        auto again = (*sink)->write(deliveries(11, 20));
        QCOMPARE(again->duplicates, 5);
        QCOMPARE(again->stored, 5);
    }
    // And after a restart.
    auto sink = FileIngestSink::open(temp.path(), book.db);
    QVERIFY(sink.ok());
    QCOMPARE((*sink)->unwrittenOnOpen(), 0);
    auto after = (*sink)->write(deliveries(1, 20));
    QCOMPARE(after->duplicates, 20);
    QCOMPARE(after->stored, 0);
    QCOMPARE(storedMessages(temp.path()).size(), 20);
}

void tst_FileIngestSink::linesThatNeverReachedTheStoreAreWrittenAgain()
{
    QTemporaryDir temp;
    PORTHOLE_MIGRATED_DATABASE(book); // the bookkeeping database, of either engine
    {
        auto sink = FileIngestSink::open(temp.path(), book.db);
        QVERIFY(sink.ok());
        QCOMPARE((*sink)->write(deliveries(1, 14))->stored, 14);
    }
    // A crash after the journal was committed and before the lines reached the disk: the
    // last four lines are not in the store (batch 2 holds lines 11 to 14).
    QVERIFY(QFile::remove(temp.filePath(batchFileName(2))));

    auto sink = FileIngestSink::open(temp.path(), book.db);
    QVERIFY(sink.ok());
    QCOMPARE((*sink)->unwrittenOnOpen(), 4);
    auto again = (*sink)->write(deliveries(1, 16));
    QVERIFY(again.ok());
    QCOMPARE(again->duplicates, 10);
    QCOMPARE(again->stored, 6);
    const QList<BatchMessage> stored = storedMessages(temp.path());
    QCOMPARE(stored.size(), 16);
    for (int i = 0; i < 16; ++i)
        QCOMPARE(stored[i].number, i + 1);
}

void tst_FileIngestSink::tornLineIsWrittenAgainOnce()
{
    QTemporaryDir temp;
    test::MigratedDatabase book(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(book.ok(), qPrintable(book.error));
    {
        auto sink = FileIngestSink::open(temp.path(), book.db);
        QVERIFY(sink.ok());
        QCOMPARE((*sink)->write(deliveries(1, 5))->stored, 5);
    }
    // The last line half written when the process died.
    const QString last = temp.filePath(batchFileName(1));
    QByteArray bytes = test::readFile(last);
    bytes.chop(20);
    QVERIFY(test::writeFile(last, bytes));

    auto sink = FileIngestSink::open(temp.path(), book.db);
    QVERIFY(sink.ok());
    QVERIFY((*sink)->recovery().cutBytes > 0);
    QCOMPARE((*sink)->unwrittenOnOpen(), 1);
    auto again = (*sink)->write(deliveries(1, 6));
    QCOMPARE(again->duplicates, 4);
    QCOMPARE(again->stored, 2);
    const QList<BatchMessage> stored = storedMessages(temp.path());
    QCOMPARE(stored.size(), 6);
    for (int i = 0; i < 6; ++i)
        QCOMPARE(stored[i].content, delivery(i + 1).payload);
    const auto content = readBatchFile(temp.path(), 1);
    QCOMPARE(content->lines.size(), 6); // no torn line left in the store
}

void tst_FileIngestSink::deadLettersGoToTheDatabase()
{
    QTemporaryDir temp;
    test::MigratedDatabase book(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(book.ok(), qPrintable(book.error));
    auto sink = FileIngestSink::open(temp.path(), book.db, 1000);
    QVERIFY(sink.ok());
    QList<Delivery> group = deliveries(1, 3);
    group << delivery(4, R"({"component_name": "ingest", "health_status": "great"})");
    group << delivery(5, QByteArray(5000, 'x'));
    Delivery poison = delivery(6);
    poison.deadReason = u"delivered 6 times, more than the limit of 5"_s;
    group << poison;
    auto outcome = (*sink)->write(group);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->stored, 3);
    QCOMPARE(outcome->deadLettered, 3);
    QCOMPARE(storedMessages(temp.path()).size(), 3);
    QCOMPARE(test::scalar(book.db,
                          u"SELECT COUNT(*) FROM port_messages WHERE status = 'dead_letter' "
                          "AND port_name = 'orders'"_s),
             3);
    // Again: nothing more anywhere.
    auto again = (*sink)->write(group);
    QCOMPARE(again->duplicates, 6);
    QCOMPARE(test::scalar(book.db, u"SELECT COUNT(*) FROM port_messages"_s), 3);
    QCOMPARE(storedMessages(temp.path()).size(), 3);
}

void tst_FileIngestSink::ownNumbersContinue()
{
    QTemporaryDir temp;
    test::MigratedDatabase book(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(book.ok(), qPrintable(book.error));
    {
        auto sink = FileIngestSink::open(temp.path(), book.db);
        QVERIFY(sink.ok());
        QVERIFY((*sink)->write({delivery(41), delivery(42, "no number here")}).ok());
    }
    auto sink = FileIngestSink::open(temp.path(), book.db);
    QVERIFY(sink.ok());
    QVERIFY((*sink)->write({delivery(100, "nor here")}).ok());
    const QList<BatchMessage> stored = storedMessages(temp.path());
    QCOMPARE(stored.size(), 3);
    QCOMPARE(stored[0].number, 41);
    QCOMPARE(stored[1].number, 42); // one more than the highest so far
    QCOMPARE(stored[2].number, 43); // continued after the restart
}

// A full disk under the store: the group whose lines could not be synced is written again once
// there is room, and its lines and dead letters are counted as stored then, once: the counts
// add up to what the store and the database hold, with no duplicates.
void tst_FileIngestSink::fullDiskCountsEveryLineOnce()
{
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    const QString disk = temp.filePath(u"disk"_s);
    QString why;
    const auto mounted = test::TinyFileSystem::mount(disk, 64 * 1024, &why);
    if (!mounted)
        PORTHOLE_SKIP_OR_FAIL(u"No tmpfs here (%1)."_s.arg(why));
    test::MigratedDatabase book(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(book.ok(), qPrintable(book.error));
    auto sink = FileIngestSink::open(disk + u"/store"_s, book.db);
    QVERIFY2(sink.ok(), qPrintable(sink.errorMessage()));

    constexpr int groupSize = 10;
    IngestOutcome sum;
    const auto add = [&sum](const IngestOutcome &outcome) {
        sum.stored += outcome.stored;
        sum.duplicates += outcome.duplicates;
        sum.deadLettered += outcome.deadLettered;
    };
    const auto group = [](int first) {
        QList<Delivery> out;
        for (int n = first; n < first + groupSize - 1; ++n)
            out << delivery(n, "Message #" + QByteArray::number(n) + ": " + QByteArray(1500, 'f'));
        Delivery poison = delivery(first + groupSize - 1);
        poison.deadReason = u"delivered 6 times, more than the limit of 5"_s;
        return out << poison;
    };
    int first = 1;
    int groups = 0;
    for (;; first += groupSize) {
        QVERIFY2(first < 1000, "the disk never filled up");
        auto outcome = (*sink)->write(group(first));
        if (!outcome) {
            QCOMPARE(outcome.error().kind, StorageError::Kind::Io);
            break;
        }
        add(*outcome);
        ++groups;
    }
    QVERIFY(groups > 0);
    QVERIFY(mounted->resize(4 * 1024 * 1024)); // room again
    for (int again = 0; again < 3; ++again, first += groupSize) {
        auto outcome = (*sink)->write(group(first));
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        add(*outcome);
        ++groups;
    }
    qInfo("%d groups, the disk full at group %d", groups, groups - 2);
    QCOMPARE(sum.duplicates, 0);
    QCOMPARE(sum.stored, qint64(groups) * (groupSize - 1));
    QCOMPARE(sum.deadLettered, qint64(groups));
    QCOMPARE(qint64(storedMessages(disk + u"/store"_s).size()), sum.stored);
    QCOMPARE(test::scalar(book.db, u"SELECT COUNT(*) FROM port_messages"_s), groups);
}

// The folder, or the batch file being filled, removed under the sink: the next write does not
// return as stored (the caller acknowledges nothing), says so, and a sink opened again on the
// path writes the group there, once.
void tst_FileIngestSink::removedStoreIsNotAcknowledged_data()
{
    QTest::addColumn<bool>("folder");
    QTest::newRow("folder") << true;
    QTest::newRow("batch file") << false;
}

void tst_FileIngestSink::removedStoreIsNotAcknowledged()
{
    QFETCH(bool, folder);
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    const QString store = temp.filePath(u"store"_s);
    test::MigratedDatabase book(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(book.ok(), qPrintable(book.error));
    auto sink = FileIngestSink::open(store, book.db);
    QVERIFY2(sink.ok(), qPrintable(sink.errorMessage()));
    QCOMPARE((*sink)->write(deliveries(1, 5))->stored, 5);

    if (folder)
        QVERIFY(QDir(store).removeRecursively());
    else
        QVERIFY(QFile::remove(store + u"/messages_batch_0001.txt"_s));
    const auto refused = (*sink)->write(deliveries(6, 8));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, StorageError::Kind::ConnectionLost);
    QVERIFY2(refused.errorMessage().contains(u"The store %1 was removed or replaced"_s.arg(store)),
             qPrintable(refused.errorMessage()));
    // And again: never as stored while it writes where nobody can find it.
    QVERIFY(!(*sink)->write(deliveries(6, 8)).ok());
    sink = StorageError::invalidArgument({}); // closed

    auto reopened = FileIngestSink::open(store, book.db);
    QVERIFY2(reopened.ok(), qPrintable(reopened.errorMessage()));
    const auto written = (*reopened)->write(deliveries(6, 8));
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    QCOMPARE(written->stored, 3);
    QCOMPARE(written->duplicates, 0);
    const QList<BatchMessage> stored = storedMessages(store);
    QCOMPARE(stored.size(), 3);
    QCOMPARE(stored.constFirst().content, delivery(6).payload);
}

QTEST_GUILESS_MAIN(tst_FileIngestSink)
#include "tst_fileingestsink.moc"
