#pragma once

#include <QStackedWidget>
#include <QString>

#include <functional>

class QAbstractItemModel;
class QLabel;
class QModelIndex;
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

// What a listing pane says of its paged listing, in the rows' place while there are none.
struct ListingTexts
{
    QString reading;    // while its first rows are read
    QString cannotRead; // when they cannot be; %1 is why ("...\n%1\nPress F5 to try again.")
    QString none;       // when it has none (as filtered, if it is)
};
// What stands in the rows' place of `model` while it has none: texts.reading, texts.cannotRead
// with the error, or texts.none.
QString listingStateText(const PagedTableModel *model, const ListingTexts &texts);
// Shows the state of `model` in `stack` (its rows, or what stands in their place), and its
// row count on `count` ("Counting…" until it is known; a bounded count says it is counting
// while every row is counted). Returns the error `model` reports, for
// the status bar; empty when there is none.
QString showListingState(ListingStack *stack, QLabel *count, const PagedTableModel *model,
                         const ListingTexts &texts);

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
// The current row of `table` once it is read, for the detail to show; until then an invalid
// index, with the detail's `tree` emptied and its `heading` saying `none` (no row is current)
// or `reading` (its page is being read).
QModelIndex readCurrentRow(const QTableView *table, QLabel *heading, JsonTreeModel *tree,
                           const QString &none, const QString &reading);

// Calls `stateChanged` whenever what `model` has to show may have changed (its state, its
// count, its rows), and `currentChanged` when another row of `table` becomes current or the
// current one is read again (its page came back from the cache), as long as `receiver` lives.
void watchListing(PagedTableModel *model, QTableView *table, QObject *receiver,
                  const std::function<void()> &stateChanged,
                  const std::function<void()> &currentChanged = {});

// Calls `read` a turn of the event loop after the listing of `model` has its first rows in (or
// failed to read them), at once when it is not reading them, as long as `receiver` lives: what
// only goes beside a listing (its counts, the choices of its filters) is read after the rows
// the operator opened it for, not beside them on the machine's cores.
void afterFirstRows(const PagedTableModel *model, QObject *receiver, std::function<void()> read);

} // namespace porthole
