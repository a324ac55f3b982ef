#include "../models/pagedtestsupport.h"
#include "auditlogmodel.h"
#include "auditpane.h"
#include "jsontreemodel.h"
#include "panemodels.h"
#include "sqlsupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFile>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::MigratedDatabase;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

// Six entries, oldest first: replay, purge, replay finished, edit, replay, purge.
QString appendEntries(const QSqlDatabase &db)
{
    const QStringList actions{u"replay"_s, u"purge"_s,  u"replay finished"_s,
                              u"edit"_s,   u"replay"_s, u"purge"_s};
    AuditLog log(db);
    for (int i = 0; i < actions.size(); ++i) {
        AuditEntry entry;
        entry.actor = u"alice"_s;
        entry.action = actions.at(i);
        entry.targetTable = u"port_messages"_s;
        entry.filter = QJsonObject{{u"selection"_s, u"group %1"_s.arg(i)}};
        entry.affectedIds = QJsonArray{u"a-%1"_s.arg(i), u"b-%1"_s.arg(i)};
        entry.affectedCount = 2;
        entry.before = QJsonObject{{u"status"_s, u"dead_letter"_s}};
        entry.after = QJsonObject{{u"status"_s, u"pending"_s}};
        entry.details =
            i == 3 ? u"payload edited, \"by hand\"\nsecond line"_s : u"entry %1"_s.arg(i);
        auto id = log.append(entry);
        if (!id)
            return id.errorMessage();
    }
    return {};
}

PagedTableModel::Options paneOptions()
{
    PagedTableModel::Options options;
    options.pageSize = 4;
    options.refreshIntervalMs = 3600000; // the tests refresh when they mean to
    return options;
}

QStringList shownActions(const AuditPane &pane)
{
    QStringList actions;
    const QAbstractItemModel *model = pane.view()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        actions << model->index(row, AuditLogModel::ActionColumn).data().toString();
    return actions;
}

} // namespace

// The Audit pane on a real SQLite database: listing, the entry in full, filtering, export.
class tst_AuditPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void showsEntries();
    void showsTheSelectedEntry();
    void theEntryFitsItsColumns();
    void filtersByAction();
    void opensAtAnEntryAskedFor();
    void exportAsksForTheFilteredListing();
    void saysWhenEmpty();
};

void tst_AuditPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_auditpane"_s);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_AuditPane::init()
{
    QSettings().clear();
}

void tst_AuditPane::showsEntries()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString error = appendEntries(database.db);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    PaneModels paneModels(*database.factory, paneOptions());
    AuditPane pane(paneModels.auditLog());
    QCOMPARE(pane.paneId(), u"audit"_s);
    QCOMPARE(pane.title(), u"Audit"_s);
    pane.resize(1200, 600);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    PORTHOLE_LOAD_ALL(*pane.model());
    QTRY_COMPARE(pane.countText(), u"6 rows"_s);
    QCOMPARE(pane.stateText(), QString());
    QCOMPARE(shownActions(pane), (QStringList{u"purge"_s, u"replay"_s, u"edit"_s,
                                              u"replay finished"_s, u"purge"_s, u"replay"_s}));
    // Nothing here edits an entry.
    QCOMPARE(pane.view()->editTriggers(), QAbstractItemView::NoEditTriggers);
    QCOMPARE(pane.treeView()->editTriggers(), QAbstractItemView::NoEditTriggers);
    QVERIFY(!(pane.model()->flags(pane.model()->index(0, 0)) & Qt::ItemIsEditable));
    QCOMPARE(pane.detailHeading(), u"Select an entry to see it in full here."_s);
    QCOMPARE(pane.treeModel()->rowCount(), 0);
}

void tst_AuditPane::showsTheSelectedEntry()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString error = appendEntries(database.db);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    PaneModels paneModels(*database.factory, paneOptions());
    AuditPane pane(paneModels.auditLog());
    pane.show();
    PORTHOLE_SETTLE(*pane.model());
    QTRY_VERIFY(pane.model()->rowCount() > 2);

    // Row 2 is the edit.
    const QModelIndex edit = pane.model()->index(2, 0);
    pane.view()->selectionModel()->setCurrentIndex(edit, QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
    const auto entry = edit.data(AuditLogModel::EntryRole).value<AuditEntry>();
    QVERIFY2(pane.detailHeading().startsWith(u"#%1 edit · by alice · "_s.arg(entry.id)),
             qPrintable(pane.detailHeading()));
    QVERIFY(pane.detailHeading().endsWith(u" · 2 rows · on port_messages"_s));

    JsonTreeModel *tree = pane.treeModel();
    QCOMPARE(tree->rowCount(), 1); // "$"
    const QModelIndex root = tree->index(0, 0);
    QVERIFY(pane.treeView()->isExpanded(root));
    QStringList keys;
    for (int row = 0; row < tree->rowCount(root); ++row)
        keys << tree->index(row, JsonTreeModel::KeyColumn, root).data().toString();
    QCOMPARE(keys,
             (QStringList{u"affected_ids"_s, u"after"_s, u"before"_s, u"details"_s, u"filter"_s}));
    const QJsonObject shown = tree->value(root).toObject();
    QCOMPARE(shown.value(u"affected_ids"_s).toArray(), (QJsonArray{u"a-3"_s, u"b-3"_s}));
    QCOMPARE(shown.value(u"details"_s).toString(), u"payload edited, \"by hand\"\nsecond line"_s);
    QCOMPARE(shown.value(u"filter"_s).toObject().value(u"selection"_s).toString(), u"group 3"_s);

    // Another row, another entry; none, none.
    pane.view()->selectionModel()->setCurrentIndex(
        pane.model()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(tree->value(tree->index(0, 0)).toObject().value(u"details"_s).toString(),
             u"entry 5"_s);
    pane.view()->selectionModel()->clearCurrentIndex();
    QCOMPARE(tree->rowCount(), 0);
}

void tst_AuditPane::theEntryFitsItsColumns()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString error = appendEntries(database.db);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    // The room the pane has in the window at its default size, 1100 x 680.
    PaneModels paneModels(*database.factory, paneOptions());
    AuditPane pane(paneModels.auditLog());
    pane.resize(926, 639);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    PORTHOLE_SETTLE(*pane.model());
    QTRY_VERIFY(pane.model()->rowCount() > 2);
    pane.view()->selectionModel()->setCurrentIndex(
        pane.model()->index(2, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

    // Key, value and type side by side, none cut off at the right.
    const QTreeView *tree = pane.treeView();
    QTRY_VERIFY(!tree->horizontalScrollBar()->isVisible());
    const QHeaderView *header = tree->header();
    const int typeEnd = header->sectionViewportPosition(JsonTreeModel::TypeColumn) +
                        header->sectionSize(JsonTreeModel::TypeColumn);
    QVERIFY2(typeEnd <= tree->viewport()->width(),
             qPrintable(
                 u"type column ends at %1 of %2 px"_s.arg(typeEnd).arg(tree->viewport()->width())));
    QVERIFY2(header->sectionSize(JsonTreeModel::TypeColumn) >=
                 tree->fontMetrics().horizontalAdvance(u"object"_s),
             qPrintable(QString::number(header->sectionSize(JsonTreeModel::TypeColumn))));
}

void tst_AuditPane::filtersByAction()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString error = appendEntries(database.db);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    PaneModels paneModels(*database.factory, paneOptions());
    AuditPane pane(paneModels.auditLog());
    pane.show();
    PORTHOLE_LOAD_ALL(*pane.model());

    // Typed: applied a moment after the last key.
    pane.actionField()->setCurrentText(u"replay"_s);
    QTRY_COMPARE(pane.model()->filter().action, u"replay"_s);
    PORTHOLE_LOAD_ALL(*pane.model());
    QCOMPARE(shownActions(pane), (QStringList{u"replay"_s, u"replay"_s}));
    QTRY_COMPARE(pane.countText(), u"2 rows"_s);

    // Chosen from the list (at once with Enter).
    pane.actionField()->setCurrentIndex(pane.actionField()->findText(u"replay finished"_s));
    pane.applyFilter();
    PORTHOLE_LOAD_ALL(*pane.model());
    QCOMPARE(shownActions(pane), (QStringList{u"replay finished"_s}));

    pane.actionField()->setCurrentText(u"hard delete"_s);
    pane.applyFilter();
    PORTHOLE_LOAD_ALL(*pane.model());
    QTRY_COMPARE(pane.stateText(), u"No audit entry matches the filter."_s);

    pane.actionField()->setCurrentText(QString());
    pane.applyFilter();
    PORTHOLE_LOAD_ALL(*pane.model());
    QCOMPARE(pane.model()->rowCount(), 6);
}

// A journey's operator change: the log narrowed to its second, its entry selected among those
// written in the same second.
void tst_AuditPane::opensAtAnEntryAskedFor()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString error = appendEntries(database.db);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    PaneModels paneModels(*database.factory, paneOptions());
    AuditPane pane(paneModels.auditLog());
    pane.resize(1200, 600);
    pane.show();
    PORTHOLE_LOAD_ALL(*pane.model());
    const auto entryAt = [&pane](int row) {
        return pane.model()->index(row, 0).data(AuditLogModel::EntryRole).value<AuditEntry>();
    };
    const AuditEntry oldest = entryAt(5);
    QCOMPARE(oldest.details, u"entry 0"_s);
    pane.actionField()->setCurrentText(u"purge"_s);
    pane.applyFilter();
    PORTHOLE_LOAD_ALL(*pane.model());

    PaneFocus focus;
    focus.audit = oldest.id;
    focus.at = oldest.occurredAt;
    pane.focusOn(focus);
    QCOMPARE(pane.actionField()->currentText(), QString());
    QVERIFY(pane.fromBox()->isChecked() && pane.toBox()->isChecked());
    QCOMPARE(pane.fromEdit()->dateTime().toUTC().toSecsSinceEpoch(),
             oldest.occurredAt.toSecsSinceEpoch());
    QCOMPARE(pane.toEdit()->dateTime().toUTC().toSecsSinceEpoch(),
             oldest.occurredAt.toSecsSinceEpoch() + 1);
    PORTHOLE_LOAD_ALL(*pane.model());
    QTRY_VERIFY(pane.view()->currentIndex().isValid());
    QCOMPARE(entryAt(pane.view()->currentIndex().row()).id, oldest.id);
    QVERIFY2(pane.detailHeading().contains(u"replay"_s), qPrintable(pane.detailHeading()));
}

void tst_AuditPane::exportAsksForTheFilteredListing()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QString error = appendEntries(database.db);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    PaneModels paneModels(*database.factory, paneOptions());
    AuditPane pane(paneModels.auditLog());
    pane.show();
    PORTHOLE_SETTLE(*pane.model());
    QSignalSpy requested(&pane, &Pane::exportRequested);

    // Export… applies what the bar says, then asks the window for File > Export, which writes
    // what exportSource() reads: the entries the filter matches, newest first.
    pane.actionField()->setCurrentText(u"purge"_s);
    QTest::mouseClick(pane.exportButton(), Qt::LeftButton);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(pane.model()->filter().action, u"purge"_s);
    const auto source = pane.exportSource();
    QVERIFY(source);
    QCOMPARE(source->table(), u"audit_log"_s);
    const auto statement = source->query(database.db, {u"details"_s, u"after_data"_s});
    QVERIFY2(statement.ok(), qPrintable(statement.errorMessage()));
    auto rows = execQuery(database.db, statement->sql, statement->params, u"test"_s);
    QVERIFY2(rows.ok(), qPrintable(rows.errorMessage()));
    QStringList read;
    while (rows->next())
        read << rows->value(0).toString() + u' ' + rows->value(1).toString();
    QCOMPARE(read, (QStringList{u"entry 5 {\"status\":\"pending\"}"_s,
                                u"entry 1 {\"status\":\"pending\"}"_s}));
    PORTHOLE_LOAD_ALL(*pane.model());
    QVERIFY2(pane.exportDescription().contains(u"2 rows"_s), qPrintable(pane.exportDescription()));
}

void tst_AuditPane::saysWhenEmpty()
{
    MigratedDatabase database(Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    PaneModels paneModels(*database.factory, paneOptions());
    AuditPane pane(paneModels.auditLog());
    pane.show();
    QTRY_VERIFY(pane.stateText().startsWith(u"No actions are recorded yet."_s));
    QTRY_COMPARE(pane.countText(), u"0 rows"_s);
}

QTEST_MAIN(tst_AuditPane)
#include "tst_auditpane.moc"
