#pragma once

#include <QStackedWidget>
#include <QString>

#include <functional>

class QAbstractItemModel;
class QLabel;
class QTableView;
class QTreeView;

namespace porthole {

class JsonTreeModel;
class PagedTableModel;

// The parts a listing pane is made of, made and wired the one way they all are. The pane adds
// what is its own (its columns' widths, its filter bar, what its state line and its detail
// say) and lays them out.

// A listing's table over `model`, named `name`: setUpListingTable()'s (one line a row, whole
// rows selected, nothing edited), several rows selected at once, its actions as its context
// menu, and Ctrl+C copying the selected rows (what was copied goes to `report`).
QTableView *makeListingTable(QWidget *parent, QAbstractItemModel *model, const QString &name,
                             std::function<void(const QString &message)> report);

// A line that says what a listing or a detail shows instead of its rows (reading, none, a
// failure): centred, wrapped, selectable.
QLabel *makeStateLabel(QWidget *parent);

// A listing's rows (its table, or the table with what goes beside it), and its state line
// (makeStateLabel(), named `stateName`) in their place while there are none.
class ListingStack : public QStackedWidget
{
public:
    ListingStack(QWidget *rows, QWidget *parent,
                 const QString &stateName = QStringLiteral("stateLabel"));

    // The rows when `rows`, else `text` in their place.
    void showRows(bool rows, const QString &text);
    // What the state line says now; empty while the rows show.
    QString stateText() const;
    QLabel *stateLabel() const { return m_label; }

private:
    QWidget *m_rows;
    QLabel *m_label;
};

// The detail of a listing's current row: a heading (named "detailHeading", wrapped, selectable)
// over a tree of `model`, named `treeName`, whose value column takes the width the key and the
// type leave.
struct JsonDetail
{
    QWidget *widget = nullptr; // the heading over the tree, for the pane's splitter
    QLabel *heading = nullptr;
    QTreeView *tree = nullptr;
};
JsonDetail makeJsonDetail(QWidget *parent, JsonTreeModel *model, const QString &treeName);

// Calls `stateChanged` whenever what `model` has to show may have changed (its state, its
// count, its rows), and `currentChanged` when another row of `table` becomes current or the
// current one is read again (its page came back from the cache), as long as `receiver` lives.
void watchListing(PagedTableModel *model, QTableView *table, QObject *receiver,
                  const std::function<void()> &stateChanged,
                  const std::function<void()> &currentChanged = {});

} // namespace porthole
