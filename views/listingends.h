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
// view asks for those after the last one at its bottom; and rows put in or taken out above
// the top row move the view along, so that what the operator reads stays put. At the top of
// a listing read from its start, rows put in above come into view instead: that is following
// its live edge.
class ListingEnds : public QObject
{
    Q_OBJECT

public:
    explicit ListingEnds(QTableView *view);

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
    QPointer<PagedTableModel> m_model;
};

} // namespace porthole
