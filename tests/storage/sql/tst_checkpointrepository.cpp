#include "checkpointrepository.h"
#include "repositorytestsupport.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QTest>
#include <QThread>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

class tst_CheckpointRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versionsAndLatest_data() { test::addEngineRows(); }
    void versionsAndLatest();
    void refusesInvalidJson_data() { test::addEngineRows(); }
    void refusesInvalidJson();
    void concurrentWriters_data() { test::addEngineRows(); }
    void concurrentWriters();
    void namesFilteredInSql_data() { test::addEngineRows(); }
    void namesFilteredInSql();
    void versionsTellTheirSize_data() { test::addEngineRows(); }
    void versionsTellTheirSize();
};

void tst_CheckpointRepository::versionsAndLatest()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    CheckpointRepository repository(database.db);
    QCOMPARE(repository.get(u"orders"_s).error().kind, StorageError::Kind::NotFound);

    const QDateTime expiry(QDate(2027, 1, 1), QTime(0, 0), QTimeZone::utc());
    for (int offset = 1; offset <= 3; ++offset) {
        auto saved = repository.save(u"orders"_s, u"splitter"_s,
                                     u"{\"offset\": %1}"_s.arg(offset * 100).toUtf8(),
                                     "{\"host\": \"w1\"}", offset == 3 ? expiry : QDateTime());
        QVERIFY2(saved.ok(), qPrintable(saved.errorMessage()));
        QCOMPARE(saved->version, qint64(offset));
    }
    QVERIFY(repository.save(u"audit"_s, u"sink"_s, "[]").ok());

    auto latest = repository.get(u"orders"_s);
    QVERIFY2(latest.ok(), qPrintable(latest.errorMessage()));
    QCOMPARE(latest->version, 3);
    QVERIFY(latest->isLatest);
    QCOMPARE(QJsonDocument::fromJson(latest->data), QJsonDocument::fromJson("{\"offset\": 300}"));
    QCOMPARE(QJsonDocument::fromJson(latest->metadata),
             QJsonDocument::fromJson("{\"host\": \"w1\"}"));
    QCOMPARE(latest->expiresAt, expiry);

    auto first = repository.get(u"orders"_s, 1);
    QVERIFY(first.ok());
    QVERIFY(!first->isLatest);
    QVERIFY(!first->expiresAt.isValid());
    QCOMPARE(repository.get(u"orders"_s, 9).error().kind, StorageError::Kind::NotFound);

    auto versions = repository.versions(u"orders"_s);
    QVERIFY(versions.ok());
    QCOMPARE(versions->size(), 3);
    QCOMPARE(versions->at(0).version, 3);
    QCOMPARE(versions->at(2).version, 1);
    QVERIFY(versions->at(0).isLatest && !versions->at(1).isLatest && !versions->at(2).isLatest);

    auto names = repository.names();
    QVERIFY(names.ok());
    QCOMPARE(names->size(), 2);
    QCOMPARE(names->at(0).name, u"audit"_s);
    QCOMPARE(names->at(1).name, u"orders"_s);
    QCOMPARE(names->at(1).component, u"splitter"_s);
    QCOMPARE(names->at(1).latestVersion, 3);
    QCOMPARE(names->at(1).versionCount, 3);
    QCOMPARE(names->at(1).expiresAt, expiry);
}

void tst_CheckpointRepository::refusesInvalidJson()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    CheckpointRepository repository(database.db);
    QVERIFY(repository.save(u"orders"_s, u"splitter"_s, "{\"offset\": 1}").ok());

    const auto truncated =
        repository.save(u"orders"_s, u"splitter"_s, "{\"offset\": 2, \"items\": [1, 2");
    QVERIFY(!truncated.ok());
    QCOMPARE(truncated.error().kind, StorageError::Kind::InvalidJson);
    QVERIFY2(truncated.errorMessage().contains(u"data is not valid JSON"_s),
             qPrintable(truncated.errorMessage()));
    QVERIFY2(truncated.errorMessage().contains(u"at offset"_s),
             qPrintable(truncated.errorMessage()));
    const auto badMeta = repository.save(u"orders"_s, u"splitter"_s, "{}", "nope");
    QCOMPARE(badMeta.error().kind, StorageError::Kind::InvalidJson);
    QCOMPARE(repository.save(QString(), u"splitter"_s, "{}").error().kind,
             StorageError::Kind::InvalidArgument);

    // Nothing changed: still one version, still the latest.
    QCOMPARE(repository.versions(u"orders"_s)->size(), 1);
    QVERIFY(repository.get(u"orders"_s)->isLatest);
}

void tst_CheckpointRepository::concurrentWriters()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(PORTHOLE_TWO_CONNECTIONS);
    PORTHOLE_MIGRATED_DATABASE(database);
    constexpr int perWriter = 15;
    QStringList errors(2);
    QList<QThread *> writers;
    for (int w = 0; w < 2; ++w) {
        writers << QThread::create([&database, &errors, w] {
            {
                auto db = database.factory->open(u"writer"_s);
                if (!db) {
                    errors[w] = db.errorMessage();
                    return;
                }
                CheckpointRepository repository(*db);
                for (int i = 0; i < perWriter && errors.at(w).isEmpty(); ++i) {
                    auto saved =
                        repository.save(u"shared"_s, u"writer-%1"_s.arg(w),
                                        u"{\"writer\": %1, \"i\": %2}"_s.arg(w).arg(i).toUtf8());
                    if (!saved)
                        errors[w] = saved.errorMessage();
                }
            }
            database.factory->close(u"writer"_s);
        });
    }
    for (QThread *writer : writers)
        writer->start();
    for (QThread *writer : writers) {
        QVERIFY(writer->wait(60000));
        delete writer;
    }
    QVERIFY2(errors.at(0).isEmpty(), qPrintable(errors.at(0)));
    QVERIFY2(errors.at(1).isEmpty(), qPrintable(errors.at(1)));

    QSqlQuery query(database.db);
    QVERIFY(query.exec(u"SELECT count(*), count(DISTINCT version), min(version), max(version), "
                       "sum(CASE WHEN is_latest THEN 1 ELSE 0 END) FROM checkpoints"_s));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), 2 * perWriter);
    QCOMPARE(query.value(1).toInt(), 2 * perWriter);
    QCOMPARE(query.value(2).toInt(), 1);
    QCOMPARE(query.value(3).toInt(), 2 * perWriter);
    QCOMPARE(query.value(4).toInt(), 1);
    QVERIFY(CheckpointRepository(database.db).get(u"shared"_s)->version == 2 * perWriter);
}

void tst_CheckpointRepository::namesFilteredInSql()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    CheckpointRepository repository(database.db);
    QVERIFY(repository.save(u"orders.offset"_s, u"splitter"_s, "{}").ok());
    QVERIFY(repository.save(u"orders.offset"_s, u"splitter"_s, "{}").ok());
    QVERIFY(repository.save(u"audit"_s, u"Order-Sink"_s, "{}").ok());
    QVERIFY(repository.save(u"metrics"_s, u"collector"_s, "{}").ok());

    const auto namesOf = [&](const QString &contains) {
        QStringList names;
        const auto list = repository.names(contains);
        if (!list)
            return QStringList{u"FAILED: "_s + list.errorMessage()};
        for (const CheckpointSummary &summary : *list)
            names << summary.name;
        return names;
    };
    QCOMPARE(namesOf({}), (QStringList{u"audit"_s, u"metrics"_s, u"orders.offset"_s}));
    // The name or the component, in any case.
    QCOMPARE(namesOf(u"ORDER"_s), (QStringList{u"audit"_s, u"orders.offset"_s}));
    QCOMPARE(namesOf(u"collect"_s), (QStringList{u"metrics"_s}));
    QCOMPARE(namesOf(u"nothing like it"_s), QStringList());
    QCOMPARE(namesOf(u"%"_s), QStringList()); // a character, not a pattern
    QCOMPARE(namesOf(u"'; DROP TABLE checkpoints; --"_s), QStringList());
    QCOMPARE(repository.names()->size(), 3);
    QCOMPARE(repository.names(u"orders"_s)->constFirst().versionCount, 2);
}

void tst_CheckpointRepository::versionsTellTheirSize()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    CheckpointRepository repository(database.db);
    const QDateTime past(QDate(2020, 1, 1), QTime(0, 0), QTimeZone::utc());
    QVERIFY(repository.save(u"orders"_s, u"splitter"_s, "{\"a\": 1}", {}, past).ok());
    QVERIFY(repository.save(u"orders"_s, u"splitter"_s, "{\"a\": [1, 2, 3], \"b\": \"é\"}").ok());

    const auto versions = repository.versions(u"orders"_s);
    QVERIFY2(versions.ok(), qPrintable(versions.errorMessage()));
    QCOMPARE(versions->size(), 2);
    for (const Checkpoint &version : *versions) {
        QVERIFY(version.data.isEmpty()); // listed without its data
        const auto whole = repository.get(u"orders"_s, version.version);
        QVERIFY(whole.ok());
        // The size of the data as the database hands it out (JSONB rewrites the text).
        QCOMPARE(version.dataSize, whole->data.size());
        QVERIFY(version.dataSize > 0);
    }
    QVERIFY(versions->at(0).dataSize > versions->at(1).dataSize);

    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(!versions->at(0).isExpired(now)); // never expires
    QVERIFY(versions->at(1).isExpired(now));
    QVERIFY(!versions->at(1).isExpired(past.addSecs(-1)));
    QVERIFY(!repository.names()->constFirst().isExpired(now)); // the latest does not expire
}

QTEST_GUILESS_MAIN(tst_CheckpointRepository)
#include "tst_checkpointrepository.moc"
