#pragma once

#include "pagedtablemodel.h"

#include <QObject>
#include <QPointer>

class QModelIndex;
class QTableView;

namespace porthole {

// A listing's table read from either end, as PagedTableModel reads it: Home and End (with Ctrl
// or without) go to the listing's first and last rows without reading what lies between
// (jumpToStart(), jumpToEnd()), the row they land on made current and scrolled to; the rows
// before the first one read are asked for (fetchEarlier()) as the view nears its top, as the
// view asks for those after the last one at its bottom; and (RowsAbove::KeptStill) rows put in
// or taken out above the top row move the view along, so that what the operator reads stays
// put. At the top of a listing read from its start, rows put in above come into view instead:
// that is following its live edge.
class ListingEnds : public QObject
{
    Q_OBJECT

public:
    // Who keeps the view still as rows come in or go above its top row: this, or the owner (a
    // pane with rules of its own, which connects to the model's row signals before setModel()).
    enum class RowsAbove
    {
        KeptStill,
        LeftToOwner
    };

    explicit ListingEnds(QTableView *view, RowsAbove rowsAbove = RowsAbove::KeptStill);

    // The model the view shows now (the view's model may change: a new table, a new listing).
    void setModel(PagedTableModel *model);
    // Asks for the rows before the first one read when the view is within a screenful of its
    // top.
    void fetchEarlierIfNear();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onJumped(PagedTableModel::Anchor to);
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);

    QTableView *m_view;
    RowsAbove m_rowsAbove;
    QPointer<PagedTableModel> m_model;
};

} // namespace porthole
