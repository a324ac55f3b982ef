#include "checkpointmodel.h"
#include "checkpointversionmodel.h"
#include "migrateddatabase.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QJsonDocument>
#include <QLocale>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

using Tester = QAbstractItemModelTester;
constexpr auto fatal = QAbstractItemModelTester::FailureReportingMode::Fatal;

const QDateTime past(QDate(2020, 1, 1), QTime(0, 0), QTimeZone::utc());
const QDateTime future(QDate(2099, 1, 1), QTime(0, 0), QTimeZone::utc());

QStringList namesOf(const CheckpointModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names << model.index(row, CheckpointModel::NameColumn).data().toString();
    return names;
}

QList<qint64> versionsOf(const CheckpointVersionModel &model)
{
    QList<qint64> versions;
    for (int row = 0; row < model.rowCount(); ++row)
        versions << model.index(row, 0).data(CheckpointVersionModel::VersionRole).toLongLong();
    return versions;
}

// Waits for the model's next listing.
bool nextListing(QSignalSpy &loaded)
{
    return loaded.wait(20000);
}

QString save(const QSqlDatabase &db, const QString &name, const QString &component,
             const QByteArray &data, const QDateTime &expiresAt = {})
{
    auto saved = CheckpointRepository(db).save(name, component, data, {}, expiresAt);
    return saved ? QString() : saved.errorMessage();
}

} // namespace

// The Checkpoints pane's models: the names, and the versions of one, read in the background.
class tst_CheckpointModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsNames_data() { test::addEngineRows(); }
    void listsNames();
    void filtersAndFollowsChanges_data() { test::addEngineRows(); }
    void filtersAndFollowsChanges();
    void listsVersionsAndReadsDocuments_data() { test::addEngineRows(); }
    void listsVersionsAndReadsDocuments();
    void versionsFollowChanges_data() { test::addEngineRows(); }
    void versionsFollowChanges();
    void errorIsAState_data() { test::addEngineRows(); }
    void errorIsAState();
};

void tst_CheckpointModel::listsNames()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    for (int i = 1; i <= 3; ++i)
        QVERIFY(save(database.db, u"orders"_s, u"splitter"_s, "{\"offset\": 1}").isEmpty());
    QVERIFY(save(database.db, u"audit"_s, u"sink"_s, "[]", past).isEmpty());
    QVERIFY(save(database.db, u"metrics"_s, u"collector"_s, "{}", future).isEmpty());

    CheckpointModel model(*database.factory);
    Tester tester(&model, fatal);
    QCOMPARE(model.state(), CheckpointModel::State::Loading);
    QSignalSpy loaded(&model, &CheckpointModel::loaded);
    QVERIFY(loaded.wait(20000));
    QCOMPARE(model.state(), CheckpointModel::State::Ready);
    QVERIFY(!model.isBusy());
    QCOMPARE(namesOf(model), (QStringList{u"audit"_s, u"metrics"_s, u"orders"_s}));
    QCOMPARE(model.columnCount(), int(CheckpointModel::ColumnCount));

    const int orders = model.rowOf(u"orders"_s);
    QCOMPARE(orders, 2);
    const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
        return model.index(row, column).data(role);
    };
    QCOMPARE(cell(orders, CheckpointModel::ComponentColumn).toString(), u"splitter"_s);
    QCOMPARE(cell(orders, CheckpointModel::VersionsColumn).toString(), u"3"_s);
    QCOMPARE(cell(orders, CheckpointModel::LatestVersionColumn).toString(), u"3"_s);
    QCOMPARE(cell(orders, CheckpointModel::ExpiresColumn).toString(), u"never"_s);
    QCOMPARE(cell(orders, CheckpointModel::VersionsColumn, Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignRight | Qt::AlignVCenter));
    QVERIFY(cell(orders, CheckpointModel::LatestCreatedColumn, Qt::ToolTipRole)
                .toString()
                .startsWith(u"UTC: "_s));
    QCOMPARE(cell(orders, 0, CheckpointModel::NameRole).toString(), u"orders"_s);

    // Expired: marked in words and in colour; one that expires later is not.
    QVERIFY(cell(0, 0, CheckpointModel::ExpiredRole).toBool());
    QCOMPARE(cell(0, CheckpointModel::ExpiresColumn).toString(),
             past.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s) + u" (expired)"_s);
    QVERIFY(cell(0, CheckpointModel::ExpiresColumn, Qt::ForegroundRole)
                .value<QBrush>()
                .color()
                .isValid());
    QVERIFY(!cell(1, 0, CheckpointModel::ExpiredRole).toBool());
    QCOMPARE(cell(1, CheckpointModel::ExpiresColumn).toString(),
             future.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s));
    QVERIFY(!cell(1, CheckpointModel::ExpiresColumn, Qt::ForegroundRole).isValid());
    QCOMPARE(model.headerData(CheckpointModel::LatestVersionColumn, Qt::Horizontal).toString(),
             u"Latest"_s);
}

void tst_CheckpointModel::filtersAndFollowsChanges()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    for (const QString &name : {u"b-orders"_s, u"d-orders"_s, u"f-audit"_s})
        QVERIFY(save(database.db, name, u"splitter"_s, "{}").isEmpty());

    CheckpointModel model(*database.factory);
    Tester tester(&model, fatal);
    QSignalSpy loaded(&model, &CheckpointModel::loaded);
    QVERIFY(nextListing(loaded));
    QCOMPARE(namesOf(model), (QStringList{u"b-orders"_s, u"d-orders"_s, u"f-audit"_s}));

    // A filter is a new listing: a reset.
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setFilterText(u"ORDERS"_s);
    QCOMPARE(model.state(), CheckpointModel::State::Loading);
    QVERIFY(nextListing(loaded));
    QCOMPARE(resets.size(), 1);
    QCOMPARE(namesOf(model), (QStringList{u"b-orders"_s, u"d-orders"_s}));
    model.setFilterText(u"ORDERS"_s); // the same: nothing asked
    QVERIFY(!model.isBusy());

    // Another connection adds names around and between, and a version of one shown: a refresh
    // inserts them and updates the row, without a reset; the selection stays on its row.
    const QPersistentModelIndex selected = model.index(1, 0);
    for (const QString &name : {u"a-orders"_s, u"c-orders"_s, u"e-orders"_s, u"g-orders"_s})
        QVERIFY(save(database.db, name, u"splitter"_s, "{}").isEmpty());
    QVERIFY(save(database.db, u"d-orders"_s, u"splitter"_s, "{\"v\": 2}").isEmpty());
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.refresh();
    QVERIFY(nextListing(loaded));
    QCOMPARE(resets.size(), 1);
    QCOMPARE(namesOf(model), (QStringList{u"a-orders"_s, u"b-orders"_s, u"c-orders"_s,
                                          u"d-orders"_s, u"e-orders"_s, u"g-orders"_s}));
    QCOMPARE(inserted.size(), 3); // a; c; e and g
    QVERIFY(!changed.isEmpty());
    QCOMPARE(selected.data().toString(), u"d-orders"_s);
    QCOMPARE(model.index(selected.row(), CheckpointModel::VersionsColumn).data().toString(),
             u"2"_s);

    // And removes those that went.
    QSqlQuery remove(database.db);
    QVERIFY2(remove.exec(u"DELETE FROM checkpoints WHERE checkpoint_name IN "
                         "('a-orders', 'e-orders', 'g-orders')"_s),
             qPrintable(remove.lastError().text()));
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.refresh();
    QVERIFY(nextListing(loaded));
    QCOMPARE(namesOf(model), (QStringList{u"b-orders"_s, u"c-orders"_s, u"d-orders"_s}));
    QCOMPARE(removed.size(), 2); // a; e and g
    QCOMPARE(resets.size(), 1);
    QCOMPARE(selected.data().toString(), u"d-orders"_s);

    // Nothing matches.
    model.setFilterText(u"no such checkpoint"_s);
    QVERIFY(nextListing(loaded));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.state(), CheckpointModel::State::Ready);
    model.setFilterText({});
    QVERIFY(nextListing(loaded));
    QCOMPARE(model.rowCount(), 4);
}

void tst_CheckpointModel::listsVersionsAndReadsDocuments()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QVERIFY(save(database.db, u"orders"_s, u"splitter"_s, "{\"offset\": 100}", past).isEmpty());
    QVERIFY(save(database.db, u"orders"_s, u"splitter"_s, "{\"offset\": 200}").isEmpty());
    QVERIFY(save(database.db, u"orders"_s, u"splitter"_s,
                 "{\"offset\": 300, \"owner\": \"w1\", \"padding\": \"xxxxxxxxxxxxxxxx\"}")
                .isEmpty());
    QVERIFY(save(database.db, u"audit"_s, u"sink"_s, "[1, 2]").isEmpty());

    CheckpointVersionModel model(*database.factory);
    Tester tester(&model, fatal);
    QCOMPARE(model.state(), CheckpointVersionModel::State::Idle);
    QSignalSpy loaded(&model, &CheckpointVersionModel::loaded);
    model.setCheckpointName(u"orders"_s);
    QCOMPARE(model.state(), CheckpointVersionModel::State::Loading);
    QVERIFY(nextListing(loaded));
    QCOMPARE(model.state(), CheckpointVersionModel::State::Ready);
    QCOMPARE(versionsOf(model), (QList<qint64>{3, 2, 1}));
    QCOMPARE(model.previousVersion(3), 2);
    QCOMPARE(model.previousVersion(1), 0);

    const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
        return model.index(row, column).data(role);
    };
    QCOMPARE(cell(0, CheckpointVersionModel::LatestColumn).toString(), u"latest"_s);
    QVERIFY(cell(0, 0, CheckpointVersionModel::IsLatestRole).toBool());
    QVERIFY(!cell(1, 0, CheckpointVersionModel::IsLatestRole).toBool());
    QVERIFY(cell(1, CheckpointVersionModel::LatestColumn).toString().isEmpty());
    QVERIFY(cell(2, 0, CheckpointVersionModel::ExpiredRole).toBool());
    QVERIFY(cell(2, CheckpointVersionModel::ExpiresColumn).toString().endsWith(u"(expired)"_s));
    QVERIFY(cell(2, CheckpointVersionModel::CreatedColumn, Qt::ForegroundRole).isValid());
    QVERIFY(!cell(1, CheckpointVersionModel::CreatedColumn, Qt::ForegroundRole).isValid());
    QCOMPARE(cell(1, CheckpointVersionModel::ExpiresColumn).toString(), u"never"_s);
    // The size: the latest is the biggest; the tooltip gives the bytes.
    const qint64 size = model.versions().at(0).dataSize;
    QVERIFY(size > model.versions().at(1).dataSize);
    QCOMPARE(cell(0, CheckpointVersionModel::SizeColumn).toString(),
             QLocale().formattedDataSize(size));
    QCOMPARE(cell(0, CheckpointVersionModel::SizeColumn, Qt::ToolTipRole).toString(),
             u"%1 bytes"_s.arg(QLocale().toString(size)));

    // Documents come in the background, and stay at hand.
    QVERIFY(!model.document(2));
    QSignalSpy documents(&model, &CheckpointVersionModel::documentLoaded);
    model.loadDocument(2);
    model.loadDocument(2); // on its way already: not asked twice
    QVERIFY(documents.wait(20000));
    QCOMPARE(documents.size(), 1);
    QCOMPARE(documents.constFirst().at(0).toLongLong(), 2);
    QVERIFY(model.document(2));
    QCOMPARE(QJsonDocument::fromJson(model.document(2)->data),
             QJsonDocument::fromJson("{\"offset\": 200}"));
    model.loadDocument(2);
    QVERIFY(!model.isBusy());

    QSignalSpy failures(&model, &CheckpointVersionModel::documentFailed);
    model.loadDocument(9);
    QVERIFY(failures.wait(20000));
    QCOMPARE(failures.constFirst().at(0).toLongLong(), 9);
    QVERIFY(failures.constFirst().at(1).toString().contains(u"no version 9"_s));

    // Another name: its versions, and none of the old documents.
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setCheckpointName(u"audit"_s);
    QCOMPARE(model.rowCount(), 0); // the old versions went at once
    QVERIFY(nextListing(loaded));
    QCOMPARE(versionsOf(model), (QList<qint64>{1}));
    QVERIFY(!model.document(2));
    QVERIFY(resets.size() >= 1);

    model.setCheckpointName({});
    QCOMPARE(model.state(), CheckpointVersionModel::State::Idle);
    QCOMPARE(model.rowCount(), 0);
}

void tst_CheckpointModel::versionsFollowChanges()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    for (int v = 1; v <= 4; ++v)
        QVERIFY(save(database.db, u"orders"_s, u"splitter"_s, u"{\"v\": %1}"_s.arg(v).toUtf8())
                    .isEmpty());

    CheckpointVersionModel model(*database.factory);
    Tester tester(&model, fatal);
    QSignalSpy loaded(&model, &CheckpointVersionModel::loaded);
    model.setCheckpointName(u"orders"_s);
    QVERIFY(nextListing(loaded));
    QCOMPARE(versionsOf(model), (QList<qint64>{4, 3, 2, 1}));
    const QPersistentModelIndex selected = model.index(2, 0); // version 2

    // Two new versions on top; version 3 removed; the old latest is no longer the latest.
    QVERIFY(save(database.db, u"orders"_s, u"splitter"_s, "{\"v\": 5}").isEmpty());
    QVERIFY(save(database.db, u"orders"_s, u"splitter"_s, "{\"v\": 6}").isEmpty());
    QSqlQuery remove(database.db);
    QVERIFY2(remove.exec(u"DELETE FROM checkpoints WHERE version = 3"_s),
             qPrintable(remove.lastError().text()));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.refresh();
    QVERIFY(nextListing(loaded));
    QCOMPARE(versionsOf(model), (QList<qint64>{6, 5, 4, 2, 1}));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.constFirst().at(1).toInt(), 0);
    QCOMPARE(inserted.constFirst().at(2).toInt(), 1);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(selected.data(CheckpointVersionModel::VersionRole).toLongLong(), 2);
    QVERIFY(model.index(0, 0).data(CheckpointVersionModel::IsLatestRole).toBool());
    QVERIFY(!model.index(2, 0).data(CheckpointVersionModel::IsLatestRole).toBool());
    QCOMPARE(model.previousVersion(4), 2);
}

void tst_CheckpointModel::errorIsAState()
{
    // A database without Porthole's tables: both models say so, and read once it is migrated.
    QFETCH(Engine, engine);
    PORTHOLE_SCRATCH_DATABASE(scratch, engine);
    const ConnectionFactory factory(scratch->url());
    CheckpointModel names(factory);
    Tester namesTester(&names, fatal);
    CheckpointVersionModel versions(factory);
    Tester versionsTester(&versions, fatal);
    versions.setCheckpointName(u"orders"_s);
    QTRY_COMPARE_WITH_TIMEOUT(names.state(), CheckpointModel::State::Error, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(versions.state(), CheckpointVersionModel::State::Error, 20000);
    QVERIFY2(names.errorMessage().contains(u"porthole migrate"_s),
             qPrintable(names.errorMessage()));
    QVERIFY(!versions.errorMessage().isEmpty());
    QCOMPARE(names.rowCount(), 0);

    {
        auto db = factory.open(u"test"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        auto migrations = MigrationRunner::builtin(scratch->url().engine());
        auto migrated = MigrationRunner(*db, *migrations).up();
        QVERIFY2(migrated.ok(), qPrintable(migrated.errorMessage()));
        QVERIFY(save(*db, u"orders"_s, u"splitter"_s, "{}").isEmpty());
    }
    factory.close(u"test"_s);
    names.refresh();
    versions.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(names.state(), CheckpointModel::State::Ready, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(versions.state(), CheckpointVersionModel::State::Ready, 20000);
    QCOMPARE(names.rowCount(), 1);
    QCOMPARE(versions.rowCount(), 1);
    QVERIFY(names.errorMessage().isEmpty());
}

QTEST_GUILESS_MAIN(tst_CheckpointModel)
#include "tst_checkpointmodel.moc"
