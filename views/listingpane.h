#pragma once

#include "pane.h"

#include <QTimer>

#include <functional>

class QJsonValue;
class QLabel;
class QLayout;
class QPushButton;
class QSplitter;
class QTableView;
class QTreeView;

namespace porthole {

class JsonTreeModel;
class ListingStack;
class PagedTableModel;
struct ListingTexts;

// A pane that lists the rows of one paged model, newest first, beside the selected row in full
// as a JSON tree: its filter bar over the row count over the rows (or what stands in their
// place) and the detail side by side. Export… and File > Export write every row the filter
// matches. A pane of this kind brings its filter bar, its columns' widths, what its state
// line says and what its detail shows; the rest is here.
class ListingPane : public Pane
{
    Q_OBJECT

public:
    // Saves the layout in the settings.
    ~ListingPane() override;

    std::shared_ptr<const ExportSource> exportSource() const override;

    // The settings group the pane was made with: the columns, and the splitter (or the share
    // the detail takes once a row is selected, when it folds until then).
    void saveSettings() const;
    void restoreSettings();

    // For the window, tests and screenshots.
    JsonTreeModel *treeModel() const { return m_treeModel; }
    QTableView *view() const { return m_view; }
    QTreeView *treeView() const { return m_tree; }
    QPushButton *exportButton() const { return m_export; }
    QSplitter *splitter() const { return m_splitter; }
    QString countText() const;
    // What the pane says instead of the table (reading, none, a failure); empty with rows.
    QString stateText() const;
    // The line above the selected row's tree.
    QString detailHeading() const;

    // Applies what the filter bar says at once (typing applies it filterDelayMs after the last
    // key, through filterTimer()).
    virtual void applyFilter() = 0;

public Q_SLOTS:
    // Applies the bar and reads the listing again.
    void refresh() override;

protected:
    // The names a listing pane's parts go by (for tests, screenshots and the settings).
    struct Names
    {
        QString settingsGroup;
        QString view;     // the table
        QString tree;     // the detail's tree
        QString splitter; // between the two
    };
    // Makes the parts before the subclass makes its bar: the table over `model` (its columns
    // still to be sized), the detail, Export… (its tool tip still to be said) and the filter
    // timer. `model` is not taken over: its owner keeps it.
    ListingPane(const QString &id, const QString &title, PagedTableModel *model, Names names,
                int filterDelayMs, QWidget *parent);

    // Started (by a change to the bar), applies the filter filterDelayMs later, unless it is
    // started again before.
    QTimer *filterTimer() { return &m_filterTimer; }
    // Lays the pane out: `bar` over the count over the rows beside the detail, which folds away
    // until a row is selected when `foldDetail`. Then shows the state and the detail; the
    // subclass calls it last in its constructor.
    void layOut(QLayout *bar, bool foldDetail);

    // Shows the model's state with `texts` (the rows or what stands in their place, the
    // count) and an error on the status bar.
    void showState(const ListingTexts &texts);
    // The current row once it is read, for updateDetails() to show with showDetail(); until
    // then an invalid index, with the detail saying `none` (no row is current) or `reading`.
    QModelIndex currentRow(const QString &none, const QString &reading) const;
    void showDetail(const QStringList &heading, const QJsonValue &value, int expandedDepth);
    // Makes the first row that `matches` current, now or as the rows are read; a new listing
    // (another filter) stops looking. Called after the filter that lists the row is applied.
    void selectWhenRead(std::function<bool(const QModelIndex &)> matches);

    // What the state line and the detail say; called whenever the model's state, count or
    // rows change, or another row becomes current.
    virtual void updateState() = 0;
    virtual void updateDetails() = 0;

private:
    void selectWanted(int first, int last);

    PagedTableModel *m_listing;
    const Names m_names;
    JsonTreeModel *m_treeModel = nullptr;
    QPushButton *m_export = nullptr;
    QLabel *m_count = nullptr;
    QTableView *m_view = nullptr;
    ListingStack *m_stack = nullptr;
    QWidget *m_detail = nullptr;
    QLabel *m_detailHeading = nullptr;
    QTreeView *m_tree = nullptr;
    QSplitter *m_splitter = nullptr;
    bool m_foldDetail = false;
    QTimer m_filterTimer;
    std::function<bool(const QModelIndex &)> m_wanted; // the row selectWhenRead() looks for
};

} // namespace porthole
