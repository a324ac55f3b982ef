#include "checkpointmodel.h"
#include "checkpointspane.h"
#include "checkpointversionmodel.h"
#include "jsondiffmodel.h"
#include "jsontreemodel.h"
#include "migrateddatabase.h"
#include "sqlsupport.h"

#include <QAction>
#include <QApplication>
#include <QBrush>
#include <QClipboard>
#include <QFont>
#include <QFontMetrics>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyle>
#include <QTableView>
#include <QTest>
#include <QTimeZone>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::MigratedDatabase;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

const QDateTime past(QDate(2020, 1, 1), QTime(0, 0), QTimeZone::utc());

// "orders" in three versions (the first expired) and "audit" in one.
QString storeCheckpoints(const QSqlDatabase &db)
{
    CheckpointRepository repository(db);
    const QList<std::tuple<QString, QString, QByteArray, QDateTime>> saves{
        {u"orders"_s, u"splitter"_s, R"({"offset": 100, "items": [1, 2], "owner": "w1"})", past},
        {u"orders"_s, u"splitter"_s, R"({"offset": 200, "items": [1, 2, 3], "owner": "w1"})", {}},
        {u"orders"_s,
         u"splitter"_s,
         R"({"offset": 300, "items": [1, 2, 3], "host name": "w2"})",
         {}},
        {u"audit"_s, u"sink"_s, "[]", {}},
    };
    for (const auto &[name, component, data, expires] : saves) {
        auto saved = repository.save(name, component, data, R"({"host": "worker-1"})", expires);
        if (!saved)
            return saved.errorMessage();
    }
    return {};
}

struct Difference
{
    QString kind;
    QString path;
    friend bool operator==(const Difference &, const Difference &) = default;
};

QList<Difference> differencesShown(const CheckpointsPane &pane)
{
    QList<Difference> shown;
    const JsonDiffModel *model = pane.diffModel();
    for (int row = 0; row < model->rowCount(); ++row)
        shown.append({model->index(row, JsonDiffModel::ChangeColumn).data().toString(),
                      model->index(row, JsonDiffModel::PathColumn).data().toString()});
    return shown;
}

// The keys below the tree's root, as shown.
QStringList treeKeys(const CheckpointsPane &pane)
{
    const JsonTreeModel *model = pane.treeModel();
    const QModelIndex root = model->index(0, 0);
    QStringList keys;
    for (int row = 0; row < model->rowCount(root); ++row)
        keys << model->index(row, JsonTreeModel::KeyColumn, root).data().toString();
    return keys;
}

void showPane(CheckpointsPane &pane)
{
    pane.resize(1200, 800);
    pane.show();
    QApplication::setActiveWindow(&pane);
}

} // namespace

namespace QTest {
template <>
char *toString(const Difference &d)
{
    return qstrdup(qPrintable(d.kind + u' ' + d.path));
}
} // namespace QTest

// The Checkpoints pane on a real database: names, versions, a version's tree, two versions'
// differences, copying, its states and its layout.
class tst_CheckpointsPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void showsNamesVersionsAndTree_data() { test::addEngineRows(); }
    void showsNamesVersionsAndTree();
    void comparesTwoVersions_data() { test::addEngineRows(); }
    void comparesTwoVersions();
    void focusOnAVersionShowsWhatChanged_data() { test::addEngineRows(); }
    void focusOnAVersionShowsWhatChanged();
    void copiesValuesAndPaths();
    void findAndEnterGoWhereTheySay();
    void filtersAndRefreshes_data() { test::addEngineRows(); }
    void filtersAndRefreshes();
    void saysWhatIsGoingOn();
    void columnsShowTheirValuesWhole();
    void keepsItsLayout();
};

void tst_CheckpointsPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_checkpointspane"_s);
}

void tst_CheckpointsPane::init()
{
    QSettings().clear();
}

void tst_CheckpointsPane::showsNamesVersionsAndTree()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = storeCheckpoints(database.db);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    CheckpointModel names(*database.factory);
    CheckpointVersionModel versions(*database.factory);
    CheckpointsPane pane(&names, &versions);
    QCOMPARE(pane.paneId(), u"checkpoints"_s);
    QCOMPARE(pane.title(), u"Checkpoints"_s);
    QCOMPARE(pane.namesStateText(), u"Reading the checkpoints…"_s);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowExposed(&pane));

    // The names, the first one chosen, its versions listed and its latest shown.
    QTRY_COMPARE(names.rowCount(), 2);
    QCOMPARE(pane.namesStateText(), QString());
    QCOMPARE(names.index(0, CheckpointModel::NameColumn).data().toString(), u"audit"_s);
    QCOMPARE(names.index(1, CheckpointModel::VersionsColumn).data().toString(), u"3"_s);
    QTRY_COMPARE(pane.selectedCheckpoint(), u"audit"_s);
    QTRY_COMPARE(pane.detail(), CheckpointsPane::Detail::Tree);
    QCOMPARE(pane.treeModel()->rowCount(pane.treeModel()->index(0, 0)), 0); // []

    // The operator chooses "orders": three versions, the latest shown as a tree.
    const QModelIndex orders = names.index(1, CheckpointModel::NameColumn);
    QTest::mouseClick(pane.nameView()->viewport(), Qt::LeftButton, {},
                      pane.nameView()->visualRect(orders).center());
    QCOMPARE(pane.selectedCheckpoint(), u"orders"_s);
    QTRY_COMPARE(versions.rowCount(), 3);
    QCOMPARE(pane.versionsStateText(), QString());
    QTRY_COMPARE(pane.selectedVersions(), QList<qint64>{3});
    QTRY_COMPARE(pane.detail(), CheckpointsPane::Detail::Tree);
    QVERIFY2(pane.detailHeading().startsWith(u"orders version 3 · latest · saved "_s),
             qPrintable(pane.detailHeading()));
    QVERIFY(pane.detailHeading().contains(u"component splitter"_s));
    QVERIFY(pane.detailHeading().contains(u"metadata {\"host\":"_s));
    QCOMPARE(treeKeys(pane), (QStringList{u"host name"_s, u"items"_s, u"offset"_s}));
    QVERIFY(pane.treeView()->isExpanded(pane.treeModel()->index(0, 0)));
    const QModelIndex offset = pane.treeModel()->index(2, 0, pane.treeModel()->index(0, 0));
    QCOMPARE(offset.siblingAtColumn(JsonTreeModel::ValueColumn).data().toString(), u"300"_s);
    QCOMPARE(offset.siblingAtColumn(JsonTreeModel::TypeColumn).data().toString(), u"number"_s);

    // The first version has expired: marked in the list and over its tree.
    const QModelIndex first = versions.index(2, CheckpointVersionModel::ExpiresColumn);
    QCOMPARE(first.data(CheckpointVersionModel::VersionRole).toLongLong(), 1);
    QVERIFY(first.data(CheckpointVersionModel::ExpiredRole).toBool());
    QVERIFY(first.data().toString().endsWith(u"(expired)"_s));
    QVERIFY(first.data(Qt::ForegroundRole).value<QBrush>().color().isValid());
    QVERIFY(!versions.index(0, 0).data(CheckpointVersionModel::ExpiredRole).toBool());
    QCOMPARE(versions.index(0, CheckpointVersionModel::LatestColumn).data().toString(),
             u"latest"_s);
    QTest::mouseClick(pane.versionView()->viewport(), Qt::LeftButton, {},
                      pane.versionView()->visualRect(first).center());
    QCOMPARE(pane.selectedVersions(), QList<qint64>{1});
    QTRY_VERIFY(pane.detailHeading().startsWith(u"orders version 1 · saved"_s));
    QVERIFY2(pane.detailHeading().contains(u"expired 2020-01-01"_s) ||
                 pane.detailHeading().contains(u"expired 2019-12-31"_s),
             qPrintable(pane.detailHeading()));
    QCOMPARE(treeKeys(pane), (QStringList{u"items"_s, u"offset"_s, u"owner"_s}));
}

void tst_CheckpointsPane::comparesTwoVersions()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = storeCheckpoints(database.db);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    CheckpointModel names(*database.factory);
    CheckpointVersionModel versions(*database.factory);
    CheckpointsPane pane(&names, &versions);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE(names.rowCount(), 2);
    QVERIFY(pane.selectCheckpoint(u"orders"_s));
    QTRY_COMPARE(versions.rowCount(), 3);
    QTRY_COMPARE(pane.detail(), CheckpointsPane::Detail::Tree);

    // Two versions selected with the mouse (a click, a Ctrl+click): their differences.
    const auto rowRect = [&](int row) {
        return pane.versionView()->visualRect(versions.index(row, 0));
    };
    QTest::mouseClick(pane.versionView()->viewport(), Qt::LeftButton, {}, rowRect(1).center());
    QTest::mouseClick(pane.versionView()->viewport(), Qt::LeftButton, Qt::ControlModifier,
                      rowRect(0).center());
    QCOMPARE(pane.selectedVersions(), (QList<qint64>{2, 3}));
    QTRY_COMPARE(pane.detail(), CheckpointsPane::Detail::Diff);
    QCOMPARE(pane.detailHeading(),
             u"orders: version 2 → version 3 · 1 added, 1 removed, 1 changed"_s);
    QCOMPARE(differencesShown(pane), (QList<Difference>{{u"Changed"_s, u"$.offset"_s},
                                                        {u"Removed"_s, u"$.owner"_s},
                                                        {u"Added"_s, u"$.\"host name\""_s}}));
    const JsonDiffModel *diff = pane.diffModel();
    QCOMPARE(diff->index(0, JsonDiffModel::OldColumn).data().toString(), u"200"_s);
    QCOMPARE(diff->index(0, JsonDiffModel::NewColumn).data().toString(), u"300"_s);
    // Coloured by kind: added, removed and changed each in a colour of its own.
    QSet<QRgb> colours;
    for (int row = 0; row < diff->rowCount(); ++row)
        colours.insert(diff->index(row, 0).data(Qt::ForegroundRole).value<QBrush>().color().rgb());
    QCOMPARE(colours.size(), 3);

    // "Compare with previous" from one version.
    pane.selectVersions({2});
    QTRY_COMPARE(pane.detail(), CheckpointsPane::Detail::Tree);
    QVERIFY(pane.compareButton()->isEnabled());
    pane.compareButton()->click();
    QCOMPARE(pane.selectedVersions(), (QList<qint64>{1, 2}));
    QTRY_COMPARE(pane.detail(), CheckpointsPane::Detail::Diff);
    QCOMPARE(differencesShown(pane),
             (QList<Difference>{{u"Added"_s, u"$.items[2]"_s}, {u"Changed"_s, u"$.offset"_s}}));
    QVERIFY(!pane.compareButton()->isEnabled()); // two selected already
    pane.selectVersions({1});
    QTRY_COMPARE(pane.detail(), CheckpointsPane::Detail::Tree);
    QVERIFY(!pane.compareButton()->isEnabled()); // nothing before the first

    // The same data twice: said in words.
    QVERIFY(CheckpointRepository(database.db)
                .save(u"orders"_s, u"splitter"_s,
                      R"({"offset": 300, "items": [1, 2, 3], "host name": "w2"})")
                .ok());
    pane.refresh();
    QTRY_COMPARE(versions.rowCount(), 4);
    pane.selectVersions({3, 4});
    QTRY_COMPARE(pane.detailMessage(), u"Versions 3 and 4 hold the same data."_s);

    // Three versions: one or two, please.
    pane.selectVersions({1, 2, 3});
    QVERIFY(pane.detailMessage().startsWith(u"3 versions are selected"_s));
}

// A version asked for (a checkpoint's version on the Timeline): that version selected with the
// one before it and their differences shown, the first version alone; a version retention
// deleted, or a checkpoint gone whole, is said to be gone, and no other one shown in its place.
void tst_CheckpointsPane::focusOnAVersionShowsWhatChanged()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = storeCheckpoints(database.db);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    QVERIFY(CheckpointRepository(database.db).save(u"audit-archive"_s, u"sink"_s, "[1]").ok());
    CheckpointModel names(*database.factory);
    CheckpointVersionModel versions(*database.factory);
    CheckpointsPane pane(&names, &versions);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE(names.rowCount(), 3);
    QTRY_COMPARE(pane.selectedCheckpoint(), u"audit"_s); // the first, at first
    QTRY_COMPARE(pane.detail(), CheckpointsPane::Detail::Tree);

    PaneFocus focus;
    focus.checkpoint = u"orders"_s;
    focus.version = 2;
    pane.focusOn(focus);
    QTRY_COMPARE(pane.selectedVersions(), (QList<qint64>{1, 2}));
    QCOMPARE(pane.selectedCheckpoint(), u"orders"_s);
    QCOMPARE(pane.versionView()->currentIndex().data(CheckpointVersionModel::VersionRole),
             QVariant(qint64(2)));
    QTRY_COMPARE(pane.detail(), CheckpointsPane::Detail::Diff);
    QCOMPARE(pane.detailHeading(),
             u"orders: version 1 → version 2 · 1 added, 0 removed, 1 changed"_s);
    QCOMPARE(differencesShown(pane),
             (QList<Difference>{{u"Added"_s, u"$.items[2]"_s}, {u"Changed"_s, u"$.offset"_s}}));

    // The first version has none before it: shown alone.
    focus.version = 1;
    pane.focusOn(focus);
    QTRY_COMPARE(pane.selectedVersions(), QList<qint64>{1});
    QTRY_COMPARE(pane.detail(), CheckpointsPane::Detail::Tree);

    // Version 2 deleted since, as retention deletes older versions.
    auto deleted = execQuery(
        database.db, u"DELETE FROM checkpoints WHERE checkpoint_name = 'orders' AND version = 2"_s,
        {}, u"test"_s);
    QVERIFY2(deleted.ok(), qPrintable(deleted.errorMessage()));
    focus.version = 2;
    pane.focusOn(focus);
    QTRY_COMPARE(versions.rowCount(), 2);
    QTRY_VERIFY2(pane.detailMessage().startsWith(u"Version 2 of orders is no longer stored"_s),
                 qPrintable(pane.detailMessage()));
    QCOMPARE(pane.detailHeading(), u"orders version 2"_s);
    QCOMPARE(pane.detail(), CheckpointsPane::Detail::Message);
    QVERIFY(pane.selectedVersions().isEmpty());
    // What the operator selects then is shown.
    pane.selectVersions({3});
    QTRY_COMPARE(pane.detail(), CheckpointsPane::Detail::Tree);

    // "audit" gone whole: not "audit-archive", which its name finds, in its place.
    deleted = execQuery(database.db, u"DELETE FROM checkpoints WHERE checkpoint_name = 'audit'"_s,
                        {}, u"test"_s);
    QVERIFY2(deleted.ok(), qPrintable(deleted.errorMessage()));
    focus.checkpoint = u"audit"_s;
    focus.version = 1;
    pane.focusOn(focus);
    QTRY_COMPARE(pane.detailMessage(), u"audit is no longer stored, nor any of its versions."_s);
    QTRY_COMPARE(names.rowCount(), 1);
    QCOMPARE(pane.selectedCheckpoint(), QString());
    QVERIFY(pane.selectedVersions().isEmpty());
}

void tst_CheckpointsPane::copiesValuesAndPaths()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString stored = storeCheckpoints(database.db);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    CheckpointModel names(*database.factory);
    CheckpointVersionModel versions(*database.factory);
    CheckpointsPane pane(&names, &versions);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowActive(&pane));
    QTRY_COMPARE(names.rowCount(), 2);
    QVERIFY(pane.selectCheckpoint(u"orders"_s));
    QTRY_COMPARE(pane.detail(), CheckpointsPane::Detail::Tree);

    // In the tree: Ctrl+C the value, Ctrl+Shift+C the path; a key with a space is quoted.
    const JsonTreeModel *tree = pane.treeModel();
    const QModelIndex root = tree->index(0, 0);
    pane.treeView()->setFocus();
    QTRY_VERIFY(pane.treeView()->hasFocus());
    pane.treeView()->setCurrentIndex(tree->index(0, JsonTreeModel::ValueColumn, root));
    QTest::keyClick(pane.treeView(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), u"\"w2\""_s);
    QTest::keyClick(pane.treeView(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(QApplication::clipboard()->text(), u"$.\"host name\""_s);
    const QModelIndex items = tree->index(1, 0, root);
    pane.treeView()->expand(items);
    pane.treeView()->setCurrentIndex(tree->index(1, 0, items));
    QTest::keyClick(pane.treeView(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(QApplication::clipboard()->text(), u"$.items[1]"_s);
    pane.treeView()->setCurrentIndex(items);
    QTest::keyClick(pane.treeView(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), u"[1,2,3]"_s);
    // The context menu offers both.
    QVERIFY(pane.treeView()->actions().contains(pane.copyValueAction()));
    QVERIFY(pane.treeView()->actions().contains(pane.copyPathAction()));

    // In the differences: the removed value is the old one.
    pane.selectVersions({2, 3});
    QTRY_COMPARE(pane.detail(), CheckpointsPane::Detail::Diff);
    pane.diffView()->setFocus();
    QTRY_VERIFY(pane.diffView()->hasFocus());
    pane.diffView()->setCurrentIndex(pane.diffModel()->index(1, JsonDiffModel::PathColumn));
    QTest::keyClick(pane.diffView(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), u"\"w1\""_s);
    QTest::keyClick(pane.diffView(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(QApplication::clipboard()->text(), u"$.owner"_s);
    // A changed value: the side clicked.
    pane.diffView()->setCurrentIndex(pane.diffModel()->index(0, JsonDiffModel::OldColumn));
    pane.copyValue();
    QCOMPARE(QApplication::clipboard()->text(), u"200"_s);
    pane.diffView()->setCurrentIndex(pane.diffModel()->index(0, JsonDiffModel::ChangeColumn));
    pane.copyValue();
    QCOMPARE(QApplication::clipboard()->text(), u"300"_s);
}

void tst_CheckpointsPane::findAndEnterGoWhereTheySay()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString stored = storeCheckpoints(database.db);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    CheckpointModel names(*database.factory);
    CheckpointVersionModel versions(*database.factory);
    CheckpointsPane pane(&names, &versions);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowActive(&pane));
    QTRY_COMPARE(names.rowCount(), 2);
    QVERIFY(pane.selectCheckpoint(u"orders"_s));
    QTRY_COMPARE(versions.rowCount(), 3);
    QTRY_COMPARE(pane.detail(), CheckpointsPane::Detail::Tree);

    // Ctrl+F, from the tree: the filter, what it holds selected.
    pane.filterField()->setText(u"ord"_s);
    pane.treeView()->setFocus();
    QTRY_VERIFY(pane.treeView()->hasFocus());
    QTest::keyClick(pane.treeView(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(pane.filterField()->hasFocus());
    QCOMPARE(pane.filterField()->selectedText(), u"ord"_s);
    pane.filterField()->clear();
    QTRY_COMPARE(names.rowCount(), 2);
    QTRY_COMPARE(names.state(), CheckpointModel::State::Ready);

    // Enter on a name goes to its versions.
    pane.nameView()->setFocus();
    QTRY_VERIFY(pane.nameView()->hasFocus());
    QTest::keyClick(pane.nameView(), Qt::Key_Return);
    QTRY_VERIFY(pane.versionView()->hasFocus());

    // Enter on a version goes to its JSON tree; Escape comes back.
    pane.selectVersions({2});
    QTRY_COMPARE(pane.detail(), CheckpointsPane::Detail::Tree);
    QTest::keyClick(pane.versionView(), Qt::Key_Return);
    QTRY_VERIFY(pane.treeView()->hasFocus());
    QCOMPARE(treeKeys(pane), (QStringList{u"items"_s, u"offset"_s, u"owner"_s}));
    QTest::keyClick(pane.treeView(), Qt::Key_Escape);
    QTRY_VERIFY(pane.versionView()->hasFocus());

    // Two versions: Enter goes to their differences.
    pane.selectVersions({1, 2});
    QTRY_COMPARE(pane.detail(), CheckpointsPane::Detail::Diff);
    QTest::keyClick(pane.versionView(), Qt::Key_Return);
    QTRY_VERIFY(pane.diffView()->hasFocus());
}

void tst_CheckpointsPane::filtersAndRefreshes()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = storeCheckpoints(database.db);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    CheckpointModel names(*database.factory);
    CheckpointVersionModel versions(*database.factory);
    CheckpointsPane pane(&names, &versions);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE(names.rowCount(), 2);
    QVERIFY(pane.selectCheckpoint(u"orders"_s));
    QTRY_COMPARE(versions.rowCount(), 3);
    pane.selectVersions({2});
    QTRY_COMPARE(pane.detail(), CheckpointsPane::Detail::Tree);

    // A filter by component: only orders is left, and stays chosen.
    QTest::keyClicks(pane.filterField(), u"SPLIT"_s);
    QTRY_COMPARE(names.filterText(), u"SPLIT"_s);
    QTRY_COMPARE(names.rowCount(), 1);
    QTRY_COMPARE(names.state(), CheckpointModel::State::Ready);
    QCOMPARE(names.index(0, 0).data().toString(), u"orders"_s);
    QCOMPARE(pane.selectedCheckpoint(), u"orders"_s);
    QCOMPARE(pane.selectedVersions(), QList<qint64>{2});

    // Nothing matches: the pane says so.
    pane.filterField()->setText(u"nothing like it"_s);
    QTRY_COMPARE(pane.namesStateText(),
                 u"No checkpoint name or component holds “nothing like it”."_s);
    QTRY_COMPARE(pane.versionsStateText(), u"Select a checkpoint to see its versions."_s);
    pane.filterField()->clear();
    QTRY_COMPARE(names.rowCount(), 2);
    QTRY_COMPARE(pane.selectedCheckpoint(), u"orders"_s); // the operator's choice, back

    // Another connection saves a new checkpoint and a new version: a refresh lists both, and
    // the version the operator reads stays selected.
    QTRY_COMPARE(versions.rowCount(), 3);
    pane.selectVersions({2});
    QTRY_COMPARE(pane.detail(), CheckpointsPane::Detail::Tree);
    CheckpointRepository repository(database.db);
    QVERIFY(repository.save(u"metrics"_s, u"collector"_s, "{}").ok());
    QVERIFY(repository.save(u"orders"_s, u"splitter"_s, R"({"offset": 400})").ok());
    QSignalSpy reset(&versions, &QAbstractItemModel::modelReset);
    pane.refresh();
    QTRY_COMPARE(names.rowCount(), 3);
    QTRY_COMPARE(versions.rowCount(), 4);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(pane.selectedCheckpoint(), u"orders"_s);
    QCOMPARE(pane.selectedVersions(), QList<qint64>{2});
    QCOMPARE(pane.detail(), CheckpointsPane::Detail::Tree);
    QVERIFY(pane.detailHeading().startsWith(u"orders version 2 · saved"_s));
    QCOMPARE(versions.index(0, CheckpointVersionModel::LatestColumn).data().toString(),
             u"latest"_s);
    QCOMPARE(names.index(names.rowOf(u"orders"_s), CheckpointModel::LatestVersionColumn)
                 .data()
                 .toString(),
             u"4"_s);
}

void tst_CheckpointsPane::saysWhatIsGoingOn()
{
    {
        MigratedDatabase database(Engine::SQLite);
        QVERIFY2(database.ok(), qPrintable(database.error));
        CheckpointModel names(*database.factory);
        CheckpointVersionModel versions(*database.factory);
        CheckpointsPane pane(&names, &versions);
        showPane(pane);
        QTRY_VERIFY(pane.namesStateText().startsWith(u"No checkpoints are stored yet."_s));
        QCOMPARE(pane.versionsStateText(), u"Select a checkpoint to see its versions."_s);
        QCOMPARE(pane.detail(), CheckpointsPane::Detail::Message);
    }
    PORTHOLE_SCRATCH_DATABASE(scratch, Engine::SQLite);
    const ConnectionFactory factory(scratch->url());
    CheckpointModel names(factory);
    CheckpointVersionModel versions(factory);
    CheckpointsPane pane(&names, &versions);
    QSignalSpy status(&pane, &Pane::statusMessage);
    showPane(pane);
    QTRY_VERIFY(pane.namesStateText().startsWith(u"Cannot read the checkpoints."_s));
    QVERIFY2(pane.namesStateText().contains(u"porthole migrate"_s),
             qPrintable(pane.namesStateText()));
    QVERIFY(pane.namesStateText().contains(u"F5"_s));
    QVERIFY(!status.isEmpty());
}

void tst_CheckpointsPane::columnsShowTheirValuesWhole()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(storeCheckpoints(database.db).isEmpty());
    // The pane was in the window before, but never shown. The times, counts and numbers of
    // both tables are not cut short, and the versions have room for many rows.
    CheckpointModel names(*database.factory);
    CheckpointVersionModel versions(*database.factory);
    {
        CheckpointsPane unseen(&names, &versions);
    }
    CheckpointsPane pane(&names, &versions);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE(names.rowCount(), 2);
    QVERIFY(pane.selectCheckpoint(u"orders"_s));
    QTRY_COMPARE(versions.rowCount(), 3);
    // Each row in the font it is drawn in (the latest version's in bold).
    const auto shownWhole = [](const QTableView *view, int column) {
        for (int row = 0; row < view->model()->rowCount(); ++row) {
            const QModelIndex index = view->model()->index(row, column);
            const QString text = index.data().toString();
            const QVariant font = index.data(Qt::FontRole);
            const QFontMetrics metrics(font.isValid() ? font.value<QFont>() : view->font());
            if (text.isEmpty() || view->columnWidth(column) <=
                                      metrics.horizontalAdvance(text) +
                                          view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin))
                return false;
        }
        return true;
    };
    for (const int column :
         {int(CheckpointModel::ComponentColumn), int(CheckpointModel::VersionsColumn),
          int(CheckpointModel::LatestVersionColumn), int(CheckpointModel::LatestCreatedColumn)})
        QVERIFY2(shownWhole(pane.nameView(), column), qPrintable(QString::number(column)));
    for (const int column :
         {int(CheckpointVersionModel::VersionColumn), int(CheckpointVersionModel::CreatedColumn),
          int(CheckpointVersionModel::ExpiresColumn)})
        QVERIFY2(shownWhole(pane.versionView(), column), qPrintable(QString::number(column)));
    // The versions have room for a dozen rows and more; the document the whole height beside.
    const int rows = pane.versionView()->viewport()->height() /
                     pane.versionView()->verticalHeader()->defaultSectionSize();
    QVERIFY2(rows >= 12, qPrintable(u"%1 versions in view"_s.arg(rows)));
    const QList<int> main = pane.mainSplitter()->sizes();
    QVERIFY2(main.at(1) * 100 >= (main.at(0) + main.at(1)) * 35,
             qPrintable(u"lists %1 px, document %2 px"_s.arg(main.at(0)).arg(main.at(1))));
}

void tst_CheckpointsPane::keepsItsLayout()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(storeCheckpoints(database.db).isEmpty());
    QList<int> main;
    QList<int> inner;
    {
        CheckpointModel names(*database.factory);
        CheckpointVersionModel versions(*database.factory);
        CheckpointsPane pane(&names, &versions);
        showPane(pane);
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QTRY_COMPARE(names.rowCount(), 2);
        pane.mainSplitter()->setSizes({650, 550});
        pane.versionSplitter()->setSizes({250, 500});
        pane.nameView()->setColumnWidth(CheckpointModel::ComponentColumn, 177);
        main = pane.mainSplitter()->sizes();
        inner = pane.versionSplitter()->sizes();
    }
    QCOMPARE(QSettings().childGroups(), QStringList{u"checkpoints"_s});
    CheckpointModel names(*database.factory);
    CheckpointVersionModel versions(*database.factory);
    CheckpointsPane pane(&names, &versions);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE(names.rowCount(), 2);
    QCOMPARE(pane.mainSplitter()->sizes(), main);
    QCOMPARE(pane.versionSplitter()->sizes(), inner);
    QCOMPARE(pane.nameView()->columnWidth(CheckpointModel::ComponentColumn), 177);
}

QTEST_MAIN(tst_CheckpointsPane)
#include "tst_checkpointspane.moc"
