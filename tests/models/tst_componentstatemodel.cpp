#include "changenotifier.h"
#include "componentstatemodel.h"
#include "pagedtestsupport.h"
#include "sqlsupport.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using M = ComponentStateModel;

namespace {

using Tester = QAbstractItemModelTester;
constexpr auto fatal = QAbstractItemModelTester::FailureReportingMode::Fatal;

PagedTableModel::Options smallPages(int pageSize)
{
    PagedTableModel::Options options;
    options.pageSize = pageSize;
    options.refreshIntervalMs = 3600000; // the tests refresh when they mean to
    return options;
}

// Saves versions 1 .. count of `component`, each {"step": version}; an empty string when that
// worked.
QString saveVersions(const QSqlDatabase &db, const QString &component, const QString &type,
                     int count)
{
    ComponentStateRepository repository(db);
    for (int v = 1; v <= count; ++v) {
        auto saved = repository.save(component, type, u"{\"step\": %1}"_s.arg(v).toUtf8());
        if (!saved)
            return saved.errorMessage();
    }
    return {};
}

QStringList column(const PagedTableModel &model, int column)
{
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values << model.index(row, column).data().toString();
    return values;
}

bool waitUntilLive(const ChangeNotifier &notifier)
{
    QSignalSpy state(&notifier, &ChangeNotifier::stateChanged);
    QElapsedTimer waited;
    waited.start();
    while (!notifier.isLive() && waited.elapsed() < 10000)
        state.wait(500);
    return notifier.isLive();
}

} // namespace

// The Component state pane's two listings over component_state, on SQLite and PostgreSQL.
class tst_ComponentStateModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsComponentsAndVersions_data() { test::addEngineRows(); }
    void listsComponentsAndVersions();
    void filtersByType_data() { test::addEngineRows(); }
    void filtersByType();
    void followsNewVersions_data() { test::addEngineRows(); }
    void followsNewVersions();
    void exportsTheListing_data() { test::addEngineRows(); }
    void exportsTheListing();
};

void tst_ComponentStateModel::listsComponentsAndVersions()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(saveVersions(database.db, u"reader"_s, u"Source"_s, 2), QString());
    QCOMPARE(saveVersions(database.db, u"writer"_s, u"Sink"_s, 25), QString());

    M components(*database.factory, M::Listing::Components, smallPages(1));
    Tester componentTester(&components, fatal);
    PORTHOLE_LOAD_ALL(components);
    QCOMPARE(components.state(), PagedTableModel::State::Ready);
    QCOMPARE(components.columnCount(), int(M::ColumnCount));
    QCOMPARE(column(components, M::ComponentColumn), (QStringList{u"reader"_s, u"writer"_s}));
    QCOMPARE(column(components, M::VersionColumn), (QStringList{u"2"_s, u"25"_s}));
    QCOMPARE(column(components, M::TypeColumn), (QStringList{u"Source"_s, u"Sink"_s}));
    QCOMPARE(components.totalCount(), (RowCount{2, RowCount::Precision::Exact}));
    QCOMPARE(components.headerData(M::StateColumn, Qt::Horizontal).toString(), u"State"_s);

    M versions(*database.factory, M::Listing::Versions, smallPages(10));
    Tester versionTester(&versions, fatal);
    PORTHOLE_SETTLE(versions);
    QCOMPARE(versions.rowCount(), 0); // no component yet
    QCOMPARE(versions.totalCount().value, 0);
    versions.setComponent(u"writer"_s);
    PORTHOLE_LOAD_ALL(versions);
    QCOMPARE(versions.rowCount(), 25);
    QCOMPARE(versions.totalCount(), (RowCount{25, RowCount::Precision::Exact}));
    QCOMPARE(versions.index(0, M::VersionColumn).data().toString(), u"25"_s); // newest first
    QCOMPARE(versions.index(24, M::VersionColumn).data().toString(), u"1"_s);
    QCOMPARE(versions.index(0, M::StateColumn).data().toString(), u"{\"step\": 25}"_s);
    QCOMPARE(versions.index(0, 0).data(M::JsonRole).value<QJsonValue>(),
             QJsonValue(QJsonObject{{u"step"_s, 25}}));
    const auto state = versions.index(3, 0).data(M::StateRole).value<ComponentState>();
    QCOMPARE(state.version, 22);
    QCOMPARE(state.componentName, u"writer"_s);
    QCOMPARE(versions.index(3, M::VersionColumn).data(Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignRight | Qt::AlignVCenter));

    // Oldest first, sorted in SQL; the other columns do not sort.
    versions.sort(M::VersionColumn, Qt::AscendingOrder);
    PORTHOLE_LOAD_ALL(versions);
    QCOMPARE(versions.index(0, M::VersionColumn).data().toString(), u"1"_s);
    versions.sort(M::StateColumn, Qt::DescendingOrder);
    QCOMPARE(versions.sortColumn(), int(M::VersionColumn));

    versions.setComponent(u"reader"_s);
    PORTHOLE_LOAD_ALL(versions);
    QCOMPARE(column(versions, M::VersionColumn), (QStringList{u"1"_s, u"2"_s}));
}

void tst_ComponentStateModel::filtersByType()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(saveVersions(database.db, u"a-source"_s, u"Source"_s, 1), QString());
    QCOMPARE(saveVersions(database.db, u"b-sink"_s, u"Sink"_s, 2), QString());
    QCOMPARE(saveVersions(database.db, u"c-sink"_s, u"Sink"_s, 1), QString());

    M components(*database.factory, M::Listing::Components, smallPages(10));
    Tester tester(&components, fatal);
    PORTHOLE_LOAD_ALL(components);
    QCOMPARE(components.rowCount(), 3);
    components.setType(u"Sink"_s);
    PORTHOLE_LOAD_ALL(components);
    QCOMPARE(column(components, M::ComponentColumn), (QStringList{u"b-sink"_s, u"c-sink"_s}));
    components.setType(u"Merger"_s);
    PORTHOLE_LOAD_ALL(components);
    QCOMPARE(components.rowCount(), 0);
    QCOMPARE(components.state(), PagedTableModel::State::Ready);
}

// A version saved by someone else appears at the top: on the change the engine tells
// (PostgreSQL's notification, SQLite's data_version), with no refresh asked for.
void tst_ComponentStateModel::followsNewVersions()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(saveVersions(database.db, u"writer"_s, u"Sink"_s, 3), QString());
    ChangeNotifier changes(*database.factory);
    QVERIFY(waitUntilLive(changes));

    M versions(*database.factory, M::Listing::Versions, smallPages(2));
    Tester tester(&versions, fatal);
    versions.setComponent(u"writer"_s);
    PORTHOLE_LOAD_ALL(versions);
    QCOMPARE(column(versions, M::VersionColumn), (QStringList{u"3"_s, u"2"_s, u"1"_s}));
    versions.watchChanges(&changes);
    versions.setLiveFollow(true);
    const quint64 refreshes = versions.refreshCount();

    auto saved = ComponentStateRepository(database.db)
                     .save(u"writer"_s, u"Sink"_s, QByteArrayLiteral("{\"step\": 4}"));
    QVERIFY2(saved, qPrintable(saved.errorMessage()));
    QTRY_COMPARE_WITH_TIMEOUT(versions.rowCount(), 4, 10000);
    QVERIFY(versions.refreshCount() > refreshes);
    QCOMPARE(versions.index(0, M::VersionColumn).data().toString(), u"4"_s);
    QCOMPARE(versions.newRows(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(versions.totalCount().value, 4, 10000);
}

void tst_ComponentStateModel::exportsTheListing()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(saveVersions(database.db, u"reader"_s, u"Source"_s, 2), QString());
    QCOMPARE(saveVersions(database.db, u"writer"_s, u"Sink"_s, 3), QString());
    M versions(*database.factory, M::Listing::Versions, smallPages(10));
    versions.setComponent(u"writer"_s);
    const auto source = versions.exportSource();
    QCOMPARE(source->table(), u"component_state"_s);
    auto query = source->query(database.db, {u"component_name"_s, u"version"_s, u"state_data"_s});
    QVERIFY2(query, qPrintable(query.errorMessage()));
    auto read = execQuery(database.db, query->sql, query->params, u"Exporting"_s);
    QVERIFY2(read, qPrintable(read.errorMessage()));
    QStringList rows;
    while (read->next())
        rows << u"%1 | %2 | %3"_s.arg(
            read->value(0).toString(), read->value(1).toString(),
            QString::fromUtf8(QJsonDocument::fromJson(read->value(2).toByteArray())
                                  .toJson(QJsonDocument::Compact)));
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.constFirst(), u"writer | 3 | {\"step\":3}"_s);
    QVERIFY2(rows.constLast().startsWith(u"writer | 1 | "_s), qPrintable(rows.join(u'\n')));
    QCOMPARE(source->count(database.db, 1000)->value, 3);

    M components(*database.factory, M::Listing::Components, smallPages(10));
    QCOMPARE(components.exportSource()->count(database.db, 1000)->value, 5);
}

QTEST_GUILESS_MAIN(tst_ComponentStateModel)
#include "tst_componentstatemodel.moc"
