#pragma once

#include "changenotifier.h"
#include "pagedtablemodel.h"
#include "pane.h"

#include <QPointer>

class QLabel;
class QSplitter;
class QTableView;
class QTextBrowser;

namespace porthole {

class BrowsedTableModel;
class CatalogModel;
class ChangeNotifier;
struct CatalogEntry;

// Any table or view of the database, read-only: the schema browser (every table and view with
// its kind and row estimate; the chosen one's columns with their types, its indexes, and the
// key its rows are paged by) beside the chosen one's rows, paged on its primary key, on the
// engine's row address (rowid, ctid) when it has none, or, for a view, by position, which the
// pane says. File > Export writes the chosen table whole. Nothing here changes a row.
class TablesPane : public Pane
{
    Q_OBJECT

public:
    // Lists what `catalog` reads (not taken over: its owner keeps it); a chosen table is read by
    // a model the catalog makes for it.
    explicit TablesPane(CatalogModel *catalog, QWidget *parent = nullptr);
    ~TablesPane() override;

    QIcon icon() const override;
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

public Q_SLOTS:
    void refresh() override;

private:
    void showEntry(const CatalogEntry &entry);
    void updateStates();

    CatalogModel *m_catalog = nullptr;
    BrowsedTableModel *m_rows = nullptr;
    QPointer<ChangeNotifier> m_notifier;
    QTableView *m_catalogView = nullptr;
    QTextBrowser *m_schema = nullptr;
    QTableView *m_rowsView = nullptr;
    QLabel *m_heading = nullptr;
    QLabel *m_keyNote = nullptr;
    QLabel *m_count = nullptr;
    QSplitter *m_splitter = nullptr;
};

} // namespace porthole
