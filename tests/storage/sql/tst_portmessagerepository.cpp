#include "portmessagerepository.h"
#include "repositorytestsupport.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::MigratedDatabase;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

const QDateTime base = QDateTime(QDate(2026, 11, 20), QTime(8, 0), QTimeZone::utc());

PortMessage message(int n, const QString &status = u"pending"_s, const QString &port = u"orders"_s)
{
    PortMessage m;
    m.portName = port;
    m.sourceComponent = u"splitter"_s;
    m.targetComponent = u"sink"_s;
    m.messageData = u"{\"n\": %1, \"text\": \"Order %1\"}"_s.arg(n).toUtf8();
    m.status = status;
    // Two rows share each second, so the id decides their order.
    m.createdAt = base.addSecs(n / 2).addMSecs(n % 2 ? 0 : 0);
    return m;
}

qint64 rowCount(QSqlDatabase db)
{
    QSqlQuery query(db);
    query.exec(u"SELECT count(*) FROM port_messages"_s);
    return query.next() ? query.value(0).toLongLong() : -1;
}

} // namespace

class tst_PortMessageRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data() { test::addEngineRows(); }
    void roundTrip();
    void refusesBadRowsWholly_data();
    void refusesBadRowsWholly();
    void pagesForwardAndBack_data();
    void pagesForwardAndBack();
    void pagesBetweenKeys_data();
    void pagesBetweenKeys();
    void filters_data() { test::addEngineRows(); }
    void filters();
    void errorsOfTheNewest_data() { test::addEngineRows(); }
    void errorsOfTheNewest();
    void boundedCounts_data() { test::addEngineRows(); }
    void boundedCounts();
    void injectionIsInert_data() { test::addEngineRows(); }
    void injectionIsInert();
    void lostPostgresConnection();
    void lockedSqliteFile();
};

void tst_PortMessageRepository::roundTrip()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    PortMessageRepository repository(database.db);
    PortMessage full = message(1, u"failed"_s);
    full.messageMetadata = "{\"trace\": \"abc\"}";
    full.retryCount = 3;
    full.maxRetries = 3;
    full.processedAt = base.addMSecs(1500);
    full.completedAt = base.addMSecs(2750);
    full.errorMessage = u"Timeout after 30000 ms talking to sink-7 ✗"_s;
    full.errorDetails = "{\"attempt\": 3}";
    PortMessage bare = message(2);

    auto stored = repository.insert({full, bare});
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    QCOMPARE(stored->size(), 2);
    QVERIFY(!QUuid::fromString(stored->at(0).id).isNull());

    auto back = repository.get(stored->at(0).id);
    QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
    PortMessage expected = stored->at(0);
    // JSONB normalises JSON text; compare JSON by meaning.
    QCOMPARE(QJsonDocument::fromJson(back->messageData),
             QJsonDocument::fromJson(expected.messageData));
    QCOMPARE(QJsonDocument::fromJson(back->messageMetadata),
             QJsonDocument::fromJson(expected.messageMetadata));
    QCOMPARE(QJsonDocument::fromJson(back->errorDetails),
             QJsonDocument::fromJson(expected.errorDetails));
    back->messageData = expected.messageData;
    back->messageMetadata = expected.messageMetadata;
    back->errorDetails = expected.errorDetails;
    QCOMPARE(*back, expected);
    QVERIFY(back->isDeadLetter());

    auto second = repository.get(stored->at(1).id);
    QVERIFY(second.ok());
    QVERIFY(second->messageMetadata.isNull());
    QVERIFY(second->errorMessage.isNull());
    QVERIFY(!second->processedAt.isValid());
    QCOMPARE(second->retryCount, 0);

    QCOMPARE(repository.get(QUuid::createUuid().toString(QUuid::WithoutBraces)).error().kind,
             StorageError::Kind::NotFound);
    QCOMPARE(repository.get(u"1; DROP TABLE port_messages"_s).error().kind,
             StorageError::Kind::InvalidArgument);
}

void tst_PortMessageRepository::refusesBadRowsWholly_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<StorageError::Kind>("kind");
    QTest::addColumn<QString>("mentions");
    for (const Engine engine : {Engine::SQLite, Engine::PostgreSQL}) {
        const QString e = test::engineName(engine);
        QTest::addRow("%s: invalid json", qPrintable(e))
            << engine << u"data"_s << u"{\"n\": "_s << StorageError::Kind::InvalidJson
            << u"message_data is not valid JSON"_s;
        QTest::addRow("%s: invalid metadata", qPrintable(e))
            << engine << u"metadata"_s << u"[1,"_s << StorageError::Kind::InvalidJson
            << u"message_metadata"_s;
        QTest::addRow("%s: unknown status", qPrintable(e))
            << engine << u"status"_s << u"lost"_s << StorageError::Kind::InvalidArgument
            << u"\"lost\" is not one of"_s;
        QTest::addRow("%s: long port", qPrintable(e))
            << engine << u"port"_s << QString(256, u'p') << StorageError::Kind::InvalidArgument
            << u"longer than 255"_s;
        QTest::addRow("%s: empty target", qPrintable(e))
            << engine << u"target"_s << QString() << StorageError::Kind::InvalidArgument
            << u"target_component is empty"_s;
    }
}

void tst_PortMessageRepository::refusesBadRowsWholly()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(StorageError::Kind, kind);
    QFETCH(QString, mentions);
    PortMessage bad = message(3);
    if (field == u"data"_s)
        bad.messageData = value.toUtf8();
    else if (field == u"metadata"_s)
        bad.messageMetadata = value.toUtf8();
    else if (field == u"status"_s)
        bad.status = value;
    else if (field == u"port"_s)
        bad.portName = value;
    else
        bad.targetComponent = value;

    PortMessageRepository repository(database.db);
    const auto stored = repository.insert({message(1), message(2), bad, message(4)});
    QVERIFY(!stored.ok());
    QCOMPARE(stored.error().kind, kind);
    QVERIFY2(stored.errorMessage().contains(u"Port message 3 was not stored"_s),
             qPrintable(stored.errorMessage()));
    QVERIFY2(stored.errorMessage().contains(mentions), qPrintable(stored.errorMessage()));
    QCOMPARE(rowCount(database.db), 0);
}

void tst_PortMessageRepository::pagesForwardAndBack_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<QString>("sortColumn");
    QTest::addColumn<bool>("descending");
    for (const Engine engine : {Engine::SQLite, Engine::PostgreSQL}) {
        const QString e = test::engineName(engine);
        QTest::addRow("%s: created_at", qPrintable(e)) << engine << u"created_at"_s << false;
        QTest::addRow("%s: created_at desc", qPrintable(e)) << engine << u"created_at"_s << true;
        QTest::addRow("%s: port_name", qPrintable(e)) << engine << u"port_name"_s << false;
        QTest::addRow("%s: status desc", qPrintable(e)) << engine << u"status"_s << true;
    }
}

void tst_PortMessageRepository::pagesForwardAndBack()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QFETCH(QString, sortColumn);
    QFETCH(bool, descending);
    PortMessageRepository repository(database.db);
    QList<PortMessage> rows;
    for (int n = 0; n < 53; ++n)
        rows << message(n, PortMessageRepository::statuses().at(n % 5), u"port-%1"_s.arg(n % 4));
    auto stored = repository.insert(rows);
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));

    // The expected order, computed here from the values.
    QList<PortMessage> expected = *stored;
    std::sort(expected.begin(), expected.end(), [&](const PortMessage &a, const PortMessage &b) {
        const auto key = [&](const PortMessage &m) {
            const QString value = sortColumn == u"port_name"_s ? m.portName
                                  : sortColumn == u"status"_s
                                      ? m.status
                                      : m.createdAt.toString(Qt::ISODateWithMs);
            return std::pair{value, m.id};
        };
        return descending ? key(b) < key(a) : key(a) < key(b);
    });
    const auto ids = [](const QList<PortMessage> &list) {
        QStringList out;
        for (const PortMessage &m : list)
            out << m.id;
        return out;
    };

    // Forward through the whole set, page by page.
    PageRequest request;
    request.limit = 10;
    request.sortColumn = sortColumn;
    request.descending = descending;
    QList<PortMessage> seen;
    for (int pages = 0; pages < 10; ++pages) {
        auto page = repository.page({}, request);
        QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
        QCOMPARE(page->atStart, pages == 0);
        seen << page->rows;
        if (page->atEnd)
            break;
        request.from = PageRequest::From::After;
        request.key = PortMessageRepository::keyOf(page->rows.constLast(), sortColumn);
    }
    QCOMPARE(ids(seen), ids(expected));

    // Backward from the end.
    request.from = PageRequest::From::End;
    QList<PortMessage> backwards;
    for (int pages = 0; pages < 10; ++pages) {
        auto page = repository.page({}, request);
        QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
        QCOMPARE(page->atEnd, pages == 0);
        backwards = page->rows + backwards;
        if (page->atStart)
            break;
        request.from = PageRequest::From::Before;
        request.key = PortMessageRepository::keyOf(page->rows.constFirst(), sortColumn);
    }
    QCOMPARE(ids(backwards), ids(expected));
    QCOMPARE(
        repository.page({}, PageRequest{PageRequest::From::End, {}, 3, sortColumn, descending})
            ->rows.size(),
        3);

    PageRequest badSort;
    badSort.sortColumn = u"error_message; DROP TABLE port_messages"_s;
    QCOMPARE(repository.page({}, badSort).error().kind, StorageError::Kind::InvalidArgument);
    PageRequest badLimit;
    badLimit.limit = 0;
    QCOMPARE(repository.page({}, badLimit).error().kind, StorageError::Kind::InvalidArgument);
}

void tst_PortMessageRepository::pagesBetweenKeys_data()
{
    pagesForwardAndBack_data();
}

void tst_PortMessageRepository::pagesBetweenKeys()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QFETCH(QString, sortColumn);
    QFETCH(bool, descending);
    PortMessageRepository repository(database.db);
    QList<PortMessage> rows;
    for (int n = 0; n < 40; ++n)
        rows << message(n, PortMessageRepository::statuses().at(n % 5), u"port-%1"_s.arg(n % 3));
    auto stored = repository.insert(rows);
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));

    // The listing as the database orders it, read in one page.
    const PageRequest all{PageRequest::From::Start, {}, 1000, sortColumn, descending};
    const auto listing = repository.page({}, all);
    QVERIFY2(listing.ok(), qPrintable(listing.errorMessage()));
    QCOMPARE(listing->rows.size(), 40);
    const auto ids = [](const QList<PortMessage> &list) {
        QStringList out;
        for (const PortMessage &m : list)
            out << m.id;
        return out;
    };
    const auto key = [&](int position) {
        return PortMessageRepository::keyOf(listing->rows.at(position), sortColumn);
    };
    const auto between = [&](const KeyRange &range, int limit = 1000) {
        return repository.pageBetween({}, range,
                                      {PageRequest::From::End, {}, limit, sortColumn, descending});
    };

    auto included = between({key(10), true, key(25)});
    QVERIFY2(included.ok(), qPrintable(included.errorMessage()));
    QCOMPARE(ids(included->rows), ids(listing->rows.mid(10, 16)));
    QVERIFY(included->atStart);
    QVERIFY(included->atEnd);

    auto excluded = between({key(10), false, key(25)});
    QVERIFY(excluded.ok());
    QCOMPARE(ids(excluded->rows), ids(listing->rows.mid(11, 15)));

    auto limited = between({key(10), true, key(25)}, 5);
    QVERIFY(limited.ok());
    QCOMPARE(ids(limited->rows), ids(listing->rows.mid(10, 5)));
    QVERIFY2(!limited->atEnd, "rows of the range were left out");

    // The bounds are keys, not rows: removing the rows at both ends keeps the stretch.
    QSqlQuery remove(database.db);
    QVERIFY(remove.prepare(u"DELETE FROM port_messages WHERE id IN (?, ?)"_s));
    remove.addBindValue(key(10).id);
    remove.addBindValue(key(25).id);
    QVERIFY2(remove.exec(), qPrintable(remove.lastError().text()));
    auto afterRemoval = between({key(10), true, key(25)});
    QVERIFY(afterRemoval.ok());
    QCOMPARE(ids(afterRemoval->rows), ids(listing->rows.mid(11, 14)));

    // With a filter, only matching rows of the stretch.
    PortMessageFilter onePort;
    onePort.ports = {u"port-1"_s};
    auto filtered =
        repository.pageBetween(onePort, {key(0), true, key(39)},
                               {PageRequest::From::Start, {}, 1000, sortColumn, descending});
    QVERIFY(filtered.ok());
    QStringList expected;
    for (const PortMessage &m : listing->rows) {
        if (m.portName == u"port-1"_s && m.id != key(10).id && m.id != key(25).id)
            expected << m.id;
    }
    QCOMPARE(ids(filtered->rows), expected);

    PageRequest badSort;
    badSort.sortColumn = u"id; DROP TABLE port_messages"_s;
    QCOMPARE(repository.pageBetween({}, {key(0), true, key(1)}, badSort).error().kind,
             StorageError::Kind::InvalidArgument);
}

void tst_PortMessageRepository::filters()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    PortMessageRepository repository(database.db);
    QList<PortMessage> rows;
    for (int n = 0; n < 40; ++n) {
        PortMessage m = message(n, PortMessageRepository::statuses().at(n % 5),
                                n % 2 ? u"orders"_s : u"payments"_s);
        if (m.status == u"failed"_s) {
            m.retryCount = n % 3 == 0 ? 3 : 1; // some with retries spent
            m.errorMessage = u"Connection REFUSED by sink %1"_s.arg(n);
        }
        if (n == 7) // a value only its metadata holds
            m.messageMetadata = R"({"trace_id": "Trace-Only-In-Metadata"})";
        rows << m;
    }
    auto stored = repository.insert(rows);
    QVERIFY(stored.ok());
    const auto matching = [&](const std::function<bool(const PortMessage &)> &predicate) {
        return std::count_if(stored->cbegin(), stored->cend(), predicate);
    };
    const auto fetched = [&](const PortMessageFilter &filter) {
        PageRequest request;
        request.limit = 1000;
        auto page = repository.page(filter, request);
        return page ? page->rows.size() : -1;
    };

    PortMessageFilter byPort;
    byPort.ports = {u"orders"_s};
    QCOMPARE(fetched(byPort),
             matching([](const PortMessage &m) { return m.portName == u"orders"_s; }));

    PortMessageFilter byStatus;
    byStatus.statuses = {u"completed"_s, u"processing"_s};
    QCOMPARE(fetched(byStatus), matching([](const PortMessage &m) {
                 return m.status == u"completed"_s || m.status == u"processing"_s;
             }));

    PortMessageFilter dead;
    dead.deadLettersOnly = true;
    const qsizetype deadCount = matching([](const PortMessage &m) { return m.isDeadLetter(); });
    QVERIFY(deadCount > 8);
    QCOMPARE(fetched(dead), deadCount);
    QSqlQuery view(database.db);
    QVERIFY(view.exec(u"SELECT count(*) FROM dead_letter_queue"_s) && view.next());
    QCOMPARE(view.value(0).toLongLong(), deadCount);

    PortMessageFilter range;
    range.from = base.addSecs(5);
    range.to = base.addSecs(10);
    QCOMPARE(fetched(range), matching([&](const PortMessage &m) {
                 return m.createdAt >= range.from && m.createdAt < range.to;
             }));

    PortMessageFilter text;
    text.text = u"connection refused"_s;
    QCOMPARE(fetched(text),
             matching([](const PortMessage &m) { return !m.errorMessage.isEmpty(); }));
    text.text = u"ORDER 17"_s; // in message_data, any case
    QCOMPARE(fetched(text), 1);
    text.text = u"trace-only-in-METADATA"_s; // in message_metadata, any case
    QCOMPARE(fetched(text), 1);
    text.text = stored->at(12).id; // a row's id
    PageRequest request;
    request.limit = 10;
    auto byId = repository.page(text, request);
    QVERIFY2(byId.ok(), qPrintable(byId.errorMessage()));
    QCOMPARE(byId->rows.size(), 1);
    QCOMPARE(byId->rows.constFirst().id, stored->at(12).id);

    PortMessageFilter combined;
    combined.ports = {u"payments"_s};
    combined.deadLettersOnly = true;
    combined.text = u"sink"_s;
    QCOMPARE(fetched(combined), matching([](const PortMessage &m) {
                 return m.portName == u"payments"_s && m.isDeadLetter() &&
                        !m.errorMessage.isEmpty();
             }));

    QCOMPARE(*repository.ports(), (QStringList{u"orders"_s, u"payments"_s}));
    auto counts = repository.statusCounts();
    QVERIFY(counts.ok());
    QCOMPARE(counts->size(), 5);
    for (const StatusCount &c : *counts)
        QCOMPARE(c.count, 8);
}

void tst_PortMessageRepository::errorsOfTheNewest()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    PortMessageRepository repository(database.db);
    QList<PortMessage> rows;
    for (int n = 0; n < 12; ++n) {
        PortMessage m = message(2 * n, u"dead_letter"_s); // a second apart
        if (n % 3 == 1)
            m.errorMessage = u"disk 100% full on /var/%1"_s.arg(n);
        else if (n % 3 == 2)
            m.errorMessage = u"no_such field f%1"_s.arg(n);
        rows << m;
    }
    rows << message(30, u"completed"_s); // the newest, and not a dead letter
    QVERIFY(repository.insert(rows).ok());

    // The newest dead letters' errors, newest first; NULL reads as empty.
    PortMessageFilter dead;
    dead.deadLettersOnly = true;
    auto errors = repository.errors(dead, 4);
    QVERIFY2(errors.ok(), qPrintable(errors.errorMessage()));
    QCOMPARE(errors->size(), 4);
    QCOMPARE(errors->at(0).message, u"no_such field f11"_s);
    QCOMPARE(errors->at(0).createdAt, base.addSecs(11));
    QCOMPARE(errors->at(1).message, u"disk 100% full on /var/10"_s);
    QVERIFY(errors->at(2).message.isEmpty());
    QCOMPARE(errors->at(3).createdAt, base.addSecs(8));
    QCOMPARE(repository.errors(dead, 100)->size(), 12);
    QVERIFY(!repository.errors(dead, 0).ok());

    // LIKE on the error, the wildcards escaped with a backslash; NULL is the empty text.
    PortMessageFilter like = dead;
    like.errorLike = u"%100\\%%"_s;
    QCOMPARE(repository.errors(like, 100)->size(), 4);
    like.errorLike = u"no\\_such%"_s;
    QCOMPARE(repository.count(like)->value, 4);
    like.errorLike = u"no\\_such field f1_"_s;
    QCOMPARE(repository.count(like)->value, 1); // f11, not f5 or f8
    like.errorLike = u"%"_s;
    QCOMPARE(repository.count(like)->value, 12);
}

void tst_PortMessageRepository::boundedCounts()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    PortMessageRepository repository(database.db);
    QList<PortMessage> rows;
    for (int n = 0; n < 30; ++n)
        rows << message(n);
    QVERIFY(repository.insert(rows).ok());
    QSqlQuery analyze(database.db);
    QVERIFY(analyze.exec(u"ANALYZE"_s));

    const auto exact = repository.count({}, 100);
    QVERIFY(exact.ok());
    QCOMPARE(*exact, (RowCount{30, RowCount::Precision::Exact}));

    const auto capped = repository.count({}, 10);
    QVERIFY(capped.ok());
    if (engine == Engine::SQLite) {
        QCOMPARE(*capped, (RowCount{11, RowCount::Precision::AtLeast}));
    } else {
        QCOMPARE(capped->precision, RowCount::Precision::Estimate);
        QVERIFY2(capped->value >= 11 && capped->value <= 60,
                 qPrintable(QString::number(capped->value)));
    }
    PortMessageFilter filtered;
    filtered.ports = {u"orders"_s};
    filtered.from = base;
    const auto estimated = repository.count(filtered, 5);
    QVERIFY2(estimated.ok(), qPrintable(estimated.errorMessage()));
    QCOMPARE(estimated->precision, engine == Engine::SQLite ? RowCount::Precision::AtLeast
                                                            : RowCount::Precision::Estimate);
    QVERIFY(estimated->value >= 6);

    PortMessageFilter none;
    none.ports = {u"nowhere"_s};
    QCOMPARE(*repository.count(none, 10), (RowCount{0, RowCount::Precision::Exact}));
}

void tst_PortMessageRepository::injectionIsInert()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    PortMessageRepository repository(database.db);
    QVERIFY(repository.insert({message(1)}).ok());
    for (const QString &hostile :
         {u"'; DROP TABLE port_messages; --"_s, u"\" OR 1=1 --"_s, u"%' OR '1'='1"_s,
          u"\\x00'); DELETE FROM port_messages; --"_s}) {
        PortMessageFilter filter;
        filter.text = hostile;
        filter.ports = {hostile};
        filter.statuses = {hostile};
        auto page = repository.page(filter, {});
        QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
        QVERIFY(page->rows.isEmpty());
        // The same values through the estimate path, where PostgreSQL needs them inline.
        PortMessageFilter oneMatches;
        oneMatches.ports = {u"orders"_s, hostile};
        const auto count = repository.count(oneMatches, 0);
        QVERIFY2(count.ok(), qPrintable(count.errorMessage()));
        QVERIFY(count->value >= 1);
    }
    QCOMPARE(rowCount(database.db), 1);
}

void tst_PortMessageRepository::lostPostgresConnection()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(
        "terminates its connection's backend; the TimescaleDB fixture has one backend, its own");
    MigratedDatabase database(Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    PortMessageRepository repository(database.db);
    QVERIFY(repository.insert({message(1)}).ok());

    QSqlQuery pid(database.db);
    QVERIFY(pid.exec(u"SELECT pg_backend_pid()"_s) && pid.next());
    const qint64 backend = pid.value(0).toLongLong();
    pid = QSqlQuery();
    {
        const ConnectionFactory admin(*test::fixturePostgres());
        auto db = admin.open(u"admin"_s);
        QVERIFY(db.ok());
        QSqlQuery kill(*db);
        QVERIFY(kill.exec(u"SELECT pg_terminate_backend(%1)"_s.arg(backend)));
    }
    ConnectionFactory(*test::fixturePostgres()).close(u"admin"_s);

    const auto page = repository.page({}, {});
    QVERIFY(!page.ok());
    QCOMPARE(page.error().kind, StorageError::Kind::ConnectionLost);
    QVERIFY2(page.errorMessage().contains(u"Reading port messages failed"_s),
             qPrintable(page.errorMessage()));
}

void tst_PortMessageRepository::lockedSqliteFile()
{
    porthole::ConnectionSettings quick;
    quick.busyTimeoutMs = 200;
    MigratedDatabase database(Engine::SQLite, quick);
    QVERIFY2(database.ok(), qPrintable(database.error));

    // Another connection holds the write lock for longer than the busy timeout.
    const ConnectionFactory other(database.scratch->url());
    {
        auto holder = other.open(u"holder"_s);
        QVERIFY(holder.ok());
        QSqlQuery lock(*holder);
        QVERIFY(lock.exec(u"BEGIN IMMEDIATE"_s));

        PortMessageRepository repository(database.db);
        const auto stored = repository.insert({message(1), message(2)});
        QVERIFY(!stored.ok());
        QCOMPARE(stored.error().kind, StorageError::Kind::Locked);
        QVERIFY2(stored.errorMessage().contains(u"try again"_s), qPrintable(stored.errorMessage()));
        QVERIFY(lock.exec(u"ROLLBACK"_s));

        QVERIFY2(repository.insert({message(3)}).ok(), "writing resumes once the lock is gone");
    }
    other.close(u"holder"_s);
    QCOMPARE(rowCount(database.db), 1);
}

QTEST_GUILESS_MAIN(tst_PortMessageRepository)
#include "tst_portmessagerepository.moc"
