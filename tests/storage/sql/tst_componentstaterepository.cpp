#include "componentstaterepository.h"
#include "queryplan.h"
#include "repositorytestsupport.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSemaphore>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <functional>
#include <numeric>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::json;
using porthole::test::MigratedDatabase;
using porthole::test::scalar;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

bool isUuid(const QString &id)
{
    static const QRegularExpression uuid(
        u"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"_s);
    return uuid.match(id).hasMatch();
}

// Runs `work` on a thread of its own with its own connection (purpose "writer") from
// `factory`, and waits for it.
bool runOnThread(const ConnectionFactory &factory,
                 const std::function<void(ComponentStateRepository &)> &work, QString *error)
{
    QThread *thread = QThread::create([&factory, &work, error] {
        {
            auto db = factory.open(u"writer"_s);
            if (!db) {
                *error = db.errorMessage();
                return;
            }
            ComponentStateRepository repository(*db);
            work(repository);
        }
        factory.close(u"writer"_s);
    });
    thread->start();
    const bool finished = thread->wait(60000);
    delete thread;
    return finished;
}

// Stores version `version` of `component` as a pipeline does, with the seed's own INSERT: on
// SQLite with an id of its own ("alpha-3") and CURRENT_TIMESTAMP's form of time, on PostgreSQL
// with the defaults. An empty string when that worked.
QString insertSeedState(const QSqlDatabase &db, Engine engine, const QString &component,
                        const QString &type, int version)
{
    QSqlQuery query(db);
    const QString state = u"{\"version\": %1, \"name\": \"%2\"}"_s.arg(version).arg(component);
    if (engine == Engine::SQLite) {
        query.prepare(
            u"INSERT INTO component_state (id, component_name, component_type, "
            "state_data, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
        const QString at = u"2026-11-20 08:%1:00"_s.arg(version, 2, 10, QLatin1Char('0'));
        for (const QVariant &value : QVariantList{u"%1-%2"_s.arg(component).arg(version), component,
                                                  type, state, version, at, at})
            query.addBindValue(value);
    } else {
        query.prepare(u"INSERT INTO component_state (component_name, component_type, state_data, "
                      "version) VALUES (?, ?, ?, ?)"_s);
        for (const QVariant &value : QVariantList{component, type, state, version})
            query.addBindValue(value);
    }
    return query.exec() ? QString() : query.lastError().text();
}

QList<int> versionsOf(const Result<Page<ComponentState>> &page)
{
    QList<int> versions;
    if (page) {
        for (const ComponentState &state : page->rows)
            versions << state.version;
    }
    return versions;
}

QStringList componentsOf(const Result<Page<ComponentState>> &page)
{
    QStringList names;
    if (page) {
        for (const ComponentState &state : page->rows)
            names << u"%1 v%2"_s.arg(state.componentName).arg(state.version);
    }
    return names;
}

} // namespace

class tst_ComponentStateRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void saveAndRead_data() { test::addEngineRows(); }
    void saveAndRead();
    void refusedStateWritesNothing_data() { test::addEngineRows(); }
    void refusedStateWritesNothing();
    void concurrentWriters_data() { test::addEngineRows(); }
    void concurrentWriters();
    void blockedWriterGetsRetryableError_data() { test::addEngineRows(); }
    void blockedWriterGetsRetryableError();
    void conflictingWriterGetsRetryableError();
    void latestReadsIndexNotTable_data() { test::addEngineRows(); }
    void latestReadsIndexNotTable();
    void pagesSeedRows_data() { test::addEngineRows(); }
    void pagesSeedRows();
};

void tst_ComponentStateRepository::saveAndRead()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    ComponentStateRepository repository(database.db);
    QVERIFY(repository.latest()->isEmpty());

    const QList<QByteArray> splitterStates{R"({"offset": 1, "ports": ["a", "b"]})",
                                           R"({"offset": 2, "nested": {"x": null}})", "[]"};
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    for (qsizetype i = 0; i < splitterStates.size(); ++i) {
        const auto saved = repository.save(u"splitter"_s, u"Splitter"_s, splitterStates.at(i));
        QVERIFY2(saved.ok(), qPrintable(saved.errorMessage()));
        QCOMPARE(saved->version, int(i + 1));
        QCOMPARE(saved->componentName, u"splitter"_s);
        QCOMPARE(saved->componentType, u"Splitter"_s);
        QCOMPARE(json(saved->stateData), json(splitterStates.at(i)));
        QVERIFY2(isUuid(saved->id), qPrintable(saved->id));
        QVERIFY(saved->createdAt >= before);
        QCOMPARE(saved->updatedAt, saved->createdAt);
    }
    const auto sink = repository.save(u"sink"_s, u"Sink"_s, R"({"written": 42})");
    QVERIFY2(sink.ok(), qPrintable(sink.errorMessage()));
    QCOMPARE(sink->version, 1);

    const auto versions = repository.versions(u"splitter"_s);
    QVERIFY2(versions.ok(), qPrintable(versions.errorMessage()));
    QCOMPARE(versions->size(), 3);
    for (qsizetype i = 0; i < versions->size(); ++i) {
        QCOMPARE(versions->at(i).version, int(i + 1));
        QCOMPARE(json(versions->at(i).stateData), json(splitterStates.at(i)));
    }
    QCOMPARE(*repository.version(u"splitter"_s, 2), versions->at(1));
    QCOMPARE(repository.version(u"splitter"_s, 4).error().kind, StorageError::Kind::NotFound);
    QCOMPARE(repository.version(u"nobody"_s, 1).error().kind, StorageError::Kind::NotFound);
    QVERIFY(repository.versions(u"nobody"_s)->isEmpty());

    const auto latest = repository.latest();
    QVERIFY2(latest.ok(), qPrintable(latest.errorMessage()));
    QCOMPARE(latest->size(), 2);
    QCOMPARE(latest->at(0), *sink);
    QCOMPARE(latest->at(1), versions->at(2));
}

void tst_ComponentStateRepository::refusedStateWritesNothing()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    ComponentStateRepository repository(database.db);

    const auto router = repository.save(u"r"_s, u"Router"_s, "{}");
    QCOMPARE(router.error().kind, StorageError::Kind::InvalidArgument);
    QVERIFY2(router.errorMessage().contains(u"Source, Sink, Transformer, Splitter, Merger"_s),
             qPrintable(router.errorMessage()));
    QCOMPARE(repository.save(u"r"_s, u"source"_s, "{}").error().kind,
             StorageError::Kind::InvalidArgument);

    const auto broken = repository.save(u"r"_s, u"Source"_s, R"({"offset": tru})");
    QCOMPARE(broken.error().kind, StorageError::Kind::InvalidJson);
    QVERIFY2(broken.errorMessage().contains(u"at offset"_s), qPrintable(broken.errorMessage()));
    QCOMPARE(repository.save(u"r"_s, u"Source"_s, {}).error().kind,
             StorageError::Kind::InvalidJson);
    QCOMPARE(repository.save(QString(), u"Source"_s, "{}").error().kind,
             StorageError::Kind::InvalidArgument);
    QCOMPARE(repository.save(QString(256, u'r'), u"Source"_s, "{}").error().kind,
             StorageError::Kind::InvalidArgument);
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM component_state"_s), 0);

    // The next valid save is version 1: nothing was taken.
    QCOMPARE(repository.save(u"r"_s, u"Source"_s, "{}")->version, 1);
}

void tst_ComponentStateRepository::concurrentWriters()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(PORTHOLE_TWO_CONNECTIONS);
    PORTHOLE_MIGRATED_DATABASE(database);
    const ConnectionFactory &factory = *database.factory;
    constexpr int perWriter = 25;
    QSemaphore ready;
    QSemaphore go;
    QList<int> versions[2];
    QStringList errors[2];

    QList<QThread *> threads;
    for (int w = 0; w < 2; ++w) {
        threads << QThread::create([&, w] {
            {
                auto db = factory.open(u"writer"_s);
                if (!db) {
                    errors[w] << db.errorMessage();
                    ready.release();
                    return;
                }
                ComponentStateRepository repository(*db);
                ready.release();
                go.acquire();
                for (int i = 0; i < perWriter; ++i) {
                    const auto saved =
                        repository.save(u"shared"_s, u"Transformer"_s,
                                        u"{\"writer\": %1, \"i\": %2}"_s.arg(w).arg(i).toUtf8());
                    if (saved)
                        versions[w] << saved->version;
                    else
                        errors[w] << saved.errorMessage();
                }
            }
            factory.close(u"writer"_s);
        });
    }
    for (QThread *thread : threads)
        thread->start();
    ready.acquire(2); // both connected: now they start together
    go.release(2);
    for (QThread *thread : threads) {
        QVERIFY(thread->wait(120000));
        delete thread;
    }
    QVERIFY2(errors[0].isEmpty(), qPrintable(errors[0].join(u'\n')));
    QVERIFY2(errors[1].isEmpty(), qPrintable(errors[1].join(u'\n')));

    // Each writer saw its versions rise; together they are 1..50, none twice.
    QList<int> all;
    for (const QList<int> &mine : versions) {
        QCOMPARE(mine.size(), perWriter);
        QVERIFY(std::is_sorted(mine.cbegin(), mine.cend()));
        all += mine;
    }
    std::sort(all.begin(), all.end());
    QList<int> expected(qsizetype(2) * perWriter);
    std::iota(expected.begin(), expected.end(), 1);
    QCOMPARE(all, expected);

    ComponentStateRepository repository(database.db);
    const auto stored = repository.versions(u"shared"_s);
    QVERIFY(stored.ok());
    QCOMPARE(stored->size(), 2 * perWriter);
    for (const ComponentState &state : *stored) {
        const int writer = json(state.stateData)[u"writer"_s].toInt();
        QVERIFY(versions[writer].contains(state.version));
    }
}

void tst_ComponentStateRepository::blockedWriterGetsRetryableError()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(PORTHOLE_TWO_CONNECTIONS);
    QFETCH(Engine, engine);
    MigratedDatabase database(engine);
    QVERIFY2(database.ok(), qPrintable(database.error));
    ConnectionSettings impatient;
    impatient.busyTimeoutMs = 200;
    impatient.lockTimeoutMs = 200;
    const ConnectionFactory factory(database.scratch->url(), impatient);

    // Another connection holds what a save needs: SQLite's write lock, or (PostgreSQL) the
    // row of version 1, not yet committed.
    QSqlQuery holder(database.db);
    QVERIFY(holder.exec(engine == Engine::SQLite ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s));
    QVERIFY2(holder.exec(u"INSERT INTO component_state (id, component_name, component_type, "
                         "state_data, version) VALUES "
                         "('00000000-0000-4000-8000-000000000001', 'x', 'Source', '{}', 1)"_s),
             qPrintable(holder.lastError().text()));

    std::optional<Result<ComponentState>> blocked;
    QString error;
    QVERIFY(runOnThread(
        factory,
        [&blocked](ComponentStateRepository &repository) {
            blocked = repository.save(u"x"_s, u"Source"_s, R"({"n": 2})");
        },
        &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(blocked.has_value());
    QVERIFY(!blocked->ok());
    QCOMPARE(blocked->error().kind, StorageError::Kind::Locked);
    QVERIFY2(blocked->errorMessage().contains(u"try again"_s), qPrintable(blocked->errorMessage()));

    QVERIFY(holder.exec(u"COMMIT"_s));
    std::optional<Result<ComponentState>> retried;
    QVERIFY(runOnThread(
        factory,
        [&retried](ComponentStateRepository &repository) {
            retried = repository.save(u"x"_s, u"Source"_s, R"({"n": 2})");
        },
        &error));
    QVERIFY(retried.has_value());
    QVERIFY2(retried->ok(), qPrintable(retried->errorMessage()));
    QCOMPARE((*retried)->version, 2);
    QCOMPARE(scalar(database.db, u"SELECT count(*) FROM component_state"_s), 2);
}

void tst_ComponentStateRepository::conflictingWriterGetsRetryableError()
{
    PORTHOLE_SKIP_ON_TIMESCALEDB_FIXTURE(PORTHOLE_TWO_CONNECTIONS);
    // PostgreSQL: a writer that does not take Porthole's lock commits version 1 while a save
    // waits to insert its own version 1. (On SQLite the write lock rules this out.)
    MigratedDatabase database(Engine::PostgreSQL);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QSqlQuery holder(database.db);
    QVERIFY(holder.exec(u"BEGIN"_s));
    QVERIFY(holder.exec(u"INSERT INTO component_state (component_name, component_type, "
                        "state_data, version) VALUES ('x', 'Source', '{}', 1)"_s));

    std::optional<Result<ComponentState>> conflicted;
    QThread *thread = QThread::create([&database, &conflicted] {
        {
            auto db = database.factory->open(u"writer"_s);
            if (!db) {
                conflicted = db.error();
                return;
            }
            conflicted = ComponentStateRepository(*db).save(u"x"_s, u"Source"_s, "{}");
        }
        database.factory->close(u"writer"_s);
    });
    thread->start();
    // The save now waits for the holder's transaction.
    QTRY_VERIFY_WITH_TIMEOUT(
        scalar(database.db, u"SELECT count(*) FROM pg_locks WHERE NOT granted"_s) > 0, 20000);
    QVERIFY(holder.exec(u"COMMIT"_s));
    QVERIFY(thread->wait(60000));
    delete thread;

    QVERIFY(conflicted.has_value());
    QVERIFY(!conflicted->ok());
    QCOMPARE(conflicted->error().kind, StorageError::Kind::Locked);
    QVERIFY2(conflicted->errorMessage().contains(u"Save again"_s),
             qPrintable(conflicted->errorMessage()));

    ComponentStateRepository repository(database.db);
    const auto retried = repository.save(u"x"_s, u"Source"_s, "{}");
    QVERIFY2(retried.ok(), qPrintable(retried.errorMessage()));
    QCOMPARE(retried->version, 2);
}

// The two listings of the Component state pane, paged by keys, on rows written the seed's way.
void tst_ComponentStateRepository::pagesSeedRows()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    for (int v = 1; v <= 7; ++v)
        QCOMPARE(insertSeedState(database.db, engine, u"alpha"_s, u"Source"_s, v), QString());
    for (int v = 1; v <= 3; ++v)
        QCOMPARE(insertSeedState(database.db, engine, u"beta"_s, u"Sink"_s, v), QString());
    for (int v = 1; v <= 2; ++v)
        QCOMPARE(insertSeedState(database.db, engine, u"gamma"_s, u"Transformer"_s, v), QString());
    const ComponentStateRepository repository(database.db);
    using From = PageRequest::From;

    // Components: the highest version of each, by name.
    auto first = repository.page({}, PageRequest{From::Start, {}, 2, {}, false});
    QVERIFY2(first, qPrintable(first.errorMessage()));
    QCOMPARE(componentsOf(first), (QStringList{u"alpha v7"_s, u"beta v3"_s}));
    QVERIFY(first->atStart && !first->atEnd);
    const PageKey betaKey = ComponentStateRepository::keyOf(first->rows.constLast(), false);
    auto second = repository.page({}, PageRequest{From::After, betaKey, 2, {}, false});
    QCOMPARE(componentsOf(second), QStringList{u"gamma v2"_s});
    QVERIFY(second->atEnd);
    auto sinks = repository.page({{}, u"Sink"_s}, PageRequest{From::Start, {}, 10, {}, false});
    QCOMPARE(componentsOf(sinks), QStringList{u"beta v3"_s});
    QCOMPARE(repository.count({})->value, 3);
    QCOMPARE(repository.count({{}, u"Sink"_s})->value, 1);
    QCOMPARE(repository.count({{}, u"Merger"_s})->value, 0);

    // Versions of one component, newest first, page by page and from the end.
    const ComponentStateFilter alpha{u"alpha"_s, {}};
    auto newest = repository.page(alpha, PageRequest{From::Start, {}, 3, {}, true});
    QVERIFY2(newest, qPrintable(newest.errorMessage()));
    QCOMPARE(versionsOf(newest), (QList<int>{7, 6, 5}));
    QCOMPARE(newest->rows.constFirst().stateData.contains("alpha"), true);
    QVERIFY(newest->rows.constFirst().updatedAt.isValid());
    auto next = repository.page(
        alpha, PageRequest{From::After,
                           ComponentStateRepository::keyOf(newest->rows.constLast(), true),
                           3,
                           {},
                           true});
    QCOMPARE(versionsOf(next), (QList<int>{4, 3, 2}));
    QVERIFY(!next->atEnd);
    auto oldest = repository.page(alpha, PageRequest{From::End, {}, 2, {}, true});
    QCOMPARE(versionsOf(oldest), (QList<int>{2, 1}));
    QVERIFY(oldest->atEnd);
    auto before = repository.page(
        alpha, PageRequest{From::Before,
                           ComponentStateRepository::keyOf(next->rows.constFirst(), true),
                           10,
                           {},
                           true});
    QCOMPARE(versionsOf(before), (QList<int>{7, 6, 5}));
    QVERIFY(before->atStart);
    // A stretch by its bounds: version 6 (left out) through 3.
    const KeyRange range{ComponentStateRepository::keyOf(newest->rows.at(1), true), false,
                         ComponentStateRepository::keyOf(next->rows.at(1), true)};
    auto between = repository.pageBetween(alpha, range, PageRequest{From::Start, {}, 10, {}, true});
    QVERIFY2(between, qPrintable(between.errorMessage()));
    QCOMPARE(versionsOf(between), (QList<int>{5, 4, 3}));
    QCOMPARE(repository.count(alpha)->value, 7);
    QCOMPARE(repository.count({u"alpha"_s, u"Sink"_s})->value, 0);

    // A sort the listing does not have is refused, not spliced.
    auto refused = repository.page(alpha, PageRequest{From::Start, {}, 3, u"id; DROP"_s, true});
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, StorageError::Kind::InvalidArgument);
}

void tst_ComponentStateRepository::latestReadsIndexNotTable()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    ComponentStateRepository repository(database.db);
    // 20000 versions of 12 components.
    QSqlQuery query(database.db);
    const QString fill =
        engine == Engine::SQLite
            ? u"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19999) "
              "INSERT INTO component_state (component_name, component_type, state_data, version) "
              "SELECT 'c' || (i % 12), 'Source', '{\"i\": ' || i || '}', i / 12 + 1 FROM n"_s
            : u"INSERT INTO component_state (component_name, component_type, state_data, version) "
              "SELECT 'c' || (i % 12), 'Source', jsonb_build_object('i', i), i / 12 + 1 "
              "FROM generate_series(0, 19999) i"_s;
    QVERIFY2(query.exec(fill), qPrintable(query.lastError().text()));
    QVERIFY(query.exec(u"ANALYZE"_s));

    if (engine == Engine::SQLite) {
        const QStringList plan = test::sqlitePlan(
            database.db, ComponentStateRepository::latestStatement(SqlEngine::SQLite));
        QVERIFY2(test::fullScans(plan, {u"components"_s, u"c"_s}).isEmpty(),
                 qPrintable(plan.join(u'\n')));
    } else {
        QVERIFY(query.exec(u"BEGIN"_s));
        const QStringList tables{u"component_state"_s};
        const test::ScanCounts before = test::pendingScans(database.db, tables);
        QVERIFY(before.sequential >= 0);
        const auto latest = repository.latest();
        QVERIFY2(latest.ok(), qPrintable(latest.errorMessage()));
        const test::ScanCounts after = test::pendingScans(database.db, tables);
        QCOMPARE(after.sequential, before.sequential);
        QVERIFY(after.index > before.index);
        QVERIFY(query.exec(u"SELECT count(*) FROM component_state WHERE created_at IS NOT NULL"_s));
        QCOMPARE(test::pendingScans(database.db, tables).sequential, before.sequential + 1);
        QVERIFY(query.exec(u"ROLLBACK"_s));
    }

    const auto latest = repository.latest();
    QVERIFY2(latest.ok(), qPrintable(latest.errorMessage()));
    QCOMPARE(latest->size(), 12);
    // c0 holds i = 0, 12, ..., 19992 as versions 1..1667; c10 holds i = 10, ..., 19990.
    QCOMPARE(latest->at(0).componentName, u"c0"_s);
    QCOMPARE(latest->at(0).version, 1667);
    QCOMPARE(json(latest->at(0).stateData), json(R"({"i": 19992})"));
    QCOMPARE(latest->at(2).componentName, u"c10"_s);
    QCOMPARE(latest->at(2).version, 1666);
}

QTEST_GUILESS_MAIN(tst_ComponentStateRepository)
#include "tst_componentstaterepository.moc"
