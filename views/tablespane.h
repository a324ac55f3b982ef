#pragma once

#include "changenotifier.h"
#include "pagedtablemodel.h"
#include "pane.h"

#include <QList>
#include <QPointer>

class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QTabWidget;
class QTableView;
class QTextBrowser;

namespace porthole {

class BrowsedTableModel;
class CatalogModel;
class ChangeNotifier;
class ListingEnds;
class ListingStack;
class SqlConsole;
struct CatalogEntry;

// Any table or view of the database, read-only: the schema browser (every table and view with
// its kind and row estimate, the pipeline's first, Porthole's own after them; the chosen one's
// columns with their types, its indexes, and the key its rows are paged by) beside, in two
// tabs, the chosen one's rows and the SQL console (SqlConsole). The rows are paged on the
// table's primary key, on the engine's row address (rowid, ctid) when it has none, or, for a
// view, by position, which the pane says; a filter per column (the filter bar) and a sort by a
// column an index keeps in order (its header) narrow and order them in SQL. File > Export writes
// the chosen table as filtered and sorted, or, on the SQL tab, the console's result. Nothing
// here changes a row.
class TablesPane : public Pane
{
    Q_OBJECT

public:
    // Lists what `catalog` reads (not taken over: its owner keeps it); a chosen table is read by
    // a model the catalog makes for it.
    explicit TablesPane(CatalogModel *catalog, QWidget *parent = nullptr);
    ~TablesPane() override;

    static QString paneTitle() { return tr("Tables"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }
    std::shared_ptr<const ExportSource> exportSource() const override;
    QString exportDescription() const override;

    // The chosen table's rows refresh on the changes `notifier` tells while the pane is shown.
    void watchChanges(ChangeNotifier *notifier);
    // Shows the rows of the catalog's row `row`.
    void showTable(int row);

    // For the window, tests and screenshots.
    CatalogModel *catalogModel() const { return m_catalog; }
    BrowsedTableModel *rowsModel() const { return m_rows; }
    QTableView *catalogView() const { return m_catalogView; }
    QTableView *rowsView() const { return m_rowsView; }
    QString schemaText() const;
    QString keyNote() const;
    QString countText() const;
    // What stands in the rows' place (empty while they show).
    QString rowsStateText() const;
    SqlConsole *console() const { return m_console; }
    QTabWidget *tabs() const { return m_tabs; }
    // Filters the chosen table's rows by `text` in `column` (as the filter bar does).
    void setFilter(int column, const QString &text);
    QString filterSummary() const;

public Q_SLOTS:
    void refresh() override;

private:
    // How the rows of `entry` are paged, in the operator's words.
    static QString keyNoteOf(const CatalogEntry &entry);
    QWidget *makeCatalogPart();
    QWidget *makeRowsTab();
    void showEntry(const CatalogEntry &entry);
    void fillFilterBar();
    void updateFilterSummary();
    void onSortIndicatorChanged(int column, Qt::SortOrder order);
    void updateStates();
    void showListedCount();
    // Chooses the catalog's first table when it is first read, so that the pane opens on rows.
    void chooseFirstTable();

    CatalogModel *m_catalog = nullptr;
    BrowsedTableModel *m_rows = nullptr;
    QPointer<ChangeNotifier> m_notifier;
    QTableView *m_catalogView = nullptr;
    QTextBrowser *m_schema = nullptr;
    QTableView *m_rowsView = nullptr;
    ListingEnds *m_ends = nullptr;
    QLabel *m_heading = nullptr;
    QString m_tableHeading; // what the heading says on the Rows tab
    bool m_firstChosen = false;
    bool m_choosingFirst = false;
    QLabel *m_keyNote = nullptr;
    QLabel *m_count = nullptr;
    QSplitter *m_splitter = nullptr;
    QTabWidget *m_tabs = nullptr;
    QWidget *m_rowsTab = nullptr;
    ListingStack *m_rowsStack = nullptr;
    QComboBox *m_filterColumn = nullptr;
    QLineEdit *m_filterText = nullptr;
    QLabel *m_filterSummary = nullptr;
    QList<QWidget *> m_filterBar; // its parts, shown once a table is chosen
    SqlConsole *m_console = nullptr;
};

} // namespace porthole
