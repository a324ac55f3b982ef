#include "../models/pagedtestsupport.h"
#include "componentstatepane.h"
#include "jsondiffmodel.h"
#include "jsontreemodel.h"
#include "panemodels.h"
#include "sqlsupport.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::MigratedDatabase;
using M = ComponentStateModel;

namespace {

PagedTableModel::Options paneOptions()
{
    PagedTableModel::Options options;
    options.pageSize = 4;
    options.refreshIntervalMs = 3600000; // the tests refresh when they mean to
    return options;
}

// "router" (a Splitter) with three versions, "store" (a Sink) with one.
QString saveStates(const QSqlDatabase &db)
{
    ComponentStateRepository repository(db);
    const QList<std::pair<QString, QByteArray>> saves{
        {u"router"_s, R"({"routes": 2, "mode": "even", "seen": [1, 2]})"},
        {u"router"_s, R"({"routes": 3, "mode": "even", "seen": [1, 2]})"},
        {u"router"_s, R"({"routes": 3, "mode": "odd", "seen": [1, 2, 3], "paused": false})"},
        {u"store"_s, R"({"rows": 10})"},
    };
    for (const auto &[component, state] : saves) {
        auto saved =
            repository.save(component, component == u"router"_s ? u"Splitter"_s : u"Sink"_s, state);
        if (!saved)
            return saved.errorMessage();
    }
    return {};
}

} // namespace

// The Component state pane on real databases: components, versions, one version as a tree,
// two as their differences, the type filter, export.
class tst_ComponentStatePane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { QSettings().clear(); }
    void showsVersionsTreeAndDiff_data() { test::addEngineRows(); }
    void showsVersionsTreeAndDiff();
    void filtersByTypeAndExports();
    void focusOnAVersionShowsWhatChanged_data() { test::addEngineRows(); }
    void focusOnAVersionShowsWhatChanged();
    void saysWhenEmpty();
};

void tst_ComponentStatePane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_componentstatepane"_s);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_ComponentStatePane::showsVersionsTreeAndDiff()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(saveStates(database.db), QString());

    PaneModels paneModels(*database.factory, paneOptions());
    ComponentStatePane pane(paneModels.componentState(ComponentStateModel::Listing::Components),
                            paneModels.componentState(ComponentStateModel::Listing::Versions));
    QCOMPARE(pane.paneId(), u"componentstate"_s);
    QCOMPARE(pane.title(), u"Component state"_s);
    pane.resize(1400, 700);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    PORTHOLE_LOAD_ALL(*pane.componentModel());
    QCOMPARE(pane.componentModel()->rowCount(), 2);
    QCOMPARE(pane.componentsStateText(), QString());
    QCOMPARE(pane.versionsStateText(), u"Select a component to see its versions."_s);
    QCOMPARE(pane.versionView()->editTriggers(), QAbstractItemView::NoEditTriggers);

    // A click on the component lists its versions, newest first.
    pane.componentView()->setCurrentIndex(pane.componentModel()->index(0, 0));
    QCOMPARE(pane.versionModel()->component(), u"router"_s);
    PORTHOLE_LOAD_ALL(*pane.versionModel());
    QTRY_COMPARE(pane.versionsStateText(), QString());
    QCOMPARE(pane.versionModel()->rowCount(), 3);
    QCOMPARE(pane.detail(), ComponentStatePane::Detail::Message);
    QVERIFY2(pane.detailMessage().startsWith(u"Select a version to see its state"_s),
             qPrintable(pane.detailMessage()));

    // One version: its state as a tree.
    pane.selectVersions({2});
    QCOMPARE(pane.detail(), ComponentStatePane::Detail::Tree);
    QVERIFY2(pane.detailHeading().startsWith(u"router, version 2 · Splitter · updated "_s),
             qPrintable(pane.detailHeading()));
    const QModelIndex root = pane.treeModel()->index(0, 0);
    QCOMPARE(pane.treeModel()->rowCount(root), 3);
    QCOMPARE(pane.treeModel()->index(0, JsonTreeModel::KeyColumn, root).data().toString(),
             u"mode"_s);

    // Two versions: what changed from the older to the newer.
    pane.selectVersions({3, 1});
    QCOMPARE(pane.selectedVersions().size(), 2);
    QCOMPARE(pane.detail(), ComponentStatePane::Detail::Diff);
    QCOMPARE(pane.detailHeading(),
             u"router: version 1 → version 3 · 2 added, 0 removed, 2 changed"_s);
    QStringList paths;
    for (const JsonDifference &difference : pane.diffModel()->differences())
        paths << difference.path;
    QCOMPARE(paths, (QStringList{u"$.mode"_s, u"$.routes"_s, u"$.seen[2]"_s, u"$.paused"_s}));

    // Three: the pane asks for one or two.
    pane.selectVersions({1, 2, 3});
    QCOMPARE(pane.detail(), ComponentStatePane::Detail::Message);
    QVERIFY(pane.detailMessage().startsWith(u"3 versions are selected"_s));

    // A new version appears on refresh, and the listing exports the component's versions.
    QVERIFY(ComponentStateRepository(database.db).save(u"router"_s, u"Splitter"_s, "{}"));
    pane.refresh();
    QTRY_COMPARE(pane.versionModel()->rowCount(), 4);
    QCOMPARE(pane.exportSource()->count(database.db, 100)->value, 4);
    QTRY_COMPARE(pane.exportDescription(), u"the versions of router (4 rows)"_s);
}

// A version asked for (a component state's version on the Timeline): selected with the one
// before it, their differences shown, the listing read on page after page until both are in
// it; a version no longer stored is said to be gone, and no other one shown in its place.
void tst_ComponentStatePane::focusOnAVersionShowsWhatChanged()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QCOMPARE(saveStates(database.db), QString());
    ComponentStateRepository repository(database.db);
    for (int routes = 4; routes <= 10; ++routes) // versions 4 to 10: three pages of four
        QVERIFY(repository.save(u"router"_s, u"Splitter"_s,
                                u"{\"routes\": %1}"_s.arg(routes).toUtf8()));

    PaneModels paneModels(*database.factory, paneOptions());
    ComponentStatePane pane(paneModels.componentState(ComponentStateModel::Listing::Components),
                            paneModels.componentState(ComponentStateModel::Listing::Versions));
    QAbstractItemModelTester tester(pane.versionModel());
    pane.resize(1400, 700);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    const auto versionsSelected = [&pane] {
        QList<int> versions;
        for (const ComponentState &state : pane.selectedVersions())
            versions << state.version;
        return versions;
    };

    // Version 3: the last row of the second page, its previous on the third.
    PaneFocus focus;
    focus.component = u"router"_s;
    focus.version = 3;
    pane.focusOn(focus);
    QTRY_COMPARE(versionsSelected(), (QList<int>{2, 3}));
    QCOMPARE(pane.versionModel()->component(), u"router"_s);
    QCOMPARE(pane.versionView()->currentIndex().data(ComponentStateModel::VersionRole).toInt(), 3);
    QCOMPARE(pane.detail(), ComponentStatePane::Detail::Diff);
    QVERIFY2(pane.detailHeading().startsWith(u"router: version 2 → version 3 · "_s),
             qPrintable(pane.detailHeading()));

    // Version 5 deleted since: said, and nothing selected in its place.
    auto deleted =
        execQuery(database.db,
                  u"DELETE FROM component_state WHERE component_name = 'router' AND version = 5"_s,
                  {}, u"test"_s);
    QVERIFY2(deleted.ok(), qPrintable(deleted.errorMessage()));
    focus.version = 5;
    pane.focusOn(focus);
    QTRY_VERIFY2(pane.detailMessage().startsWith(u"Version 5 of the state of router is no longer "
                                                 "stored."_s),
                 qPrintable(pane.detailMessage()));
    QCOMPARE(pane.detailHeading(), u"router, version 5"_s);
    QVERIFY(pane.selectedVersions().isEmpty());

    // The first version, alone.
    focus.version = 1;
    pane.focusOn(focus);
    QTRY_COMPARE(versionsSelected(), QList<int>{1});
    QCOMPARE(pane.detail(), ComponentStatePane::Detail::Tree);
}

void tst_ComponentStatePane::filtersByTypeAndExports()
{
    MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QCOMPARE(saveStates(database.db), QString());
    PaneModels paneModels(*database.factory, paneOptions());
    ComponentStatePane pane(paneModels.componentState(ComponentStateModel::Listing::Components),
                            paneModels.componentState(ComponentStateModel::Listing::Versions));
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    PORTHOLE_LOAD_ALL(*pane.componentModel());
    QCOMPARE(pane.componentModel()->rowCount(), 2);
    // With no component chosen, Export writes every version of every component.
    QCOMPARE(pane.exportSource()->count(database.db, 100)->value, 4);
    QCOMPARE(pane.exportDescription(), u"every version of the components listed"_s);
    QSignalSpy exportAsked(&pane, &Pane::exportRequested);
    pane.exportButton()->click();
    QCOMPARE(exportAsked.size(), 1);

    pane.typeField()->setCurrentIndex(pane.typeField()->findData(u"Sink"_s));
    PORTHOLE_LOAD_ALL(*pane.componentModel());
    QCOMPARE(pane.componentModel()->rowCount(), 1);
    QCOMPARE(pane.componentModel()->index(0, M::ComponentColumn).data().toString(), u"store"_s);
    QCOMPARE(pane.exportSource()->count(database.db, 100)->value, 1);
    pane.typeField()->setCurrentIndex(pane.typeField()->findData(u"Merger"_s));
    PORTHOLE_LOAD_ALL(*pane.componentModel());
    QTRY_COMPARE(pane.componentsStateText(), u"No component of this type has saved its state."_s);

    // Live follows while shown only.
    QVERIFY(pane.isLive());
    QVERIFY(pane.componentModel()->liveFollow());
    pane.hide();
    QVERIFY(!pane.componentModel()->liveFollow());
}

void tst_ComponentStatePane::saysWhenEmpty()
{
    MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    PaneModels paneModels(*database.factory, paneOptions());
    ComponentStatePane pane(paneModels.componentState(ComponentStateModel::Listing::Components),
                            paneModels.componentState(ComponentStateModel::Listing::Versions));
    PORTHOLE_LOAD_ALL(*pane.componentModel());
    QTRY_COMPARE(pane.componentsStateText(), u"No component has saved its state yet."_s);
    QCOMPARE(pane.detailMessage(), QString());
}

QTEST_MAIN(tst_ComponentStatePane)
#include "tst_componentstatepane.moc"
