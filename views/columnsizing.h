#pragma once

#include <QList>
#include <QString>

class QTableView;

namespace porthole {

// How the panes size the columns of their tables: to a sample, to the rows that arrive, to
// the room a narrow screen leaves.

// Sets `column` of `view` wide enough for its header and for `sample` (a typical value, such as
// "0000-00-00 00:00:00.000"), plus `extra` pixels (an icon's room) and a little padding.
void fitColumn(QTableView *view, int column, const QString &sample, int extra = 0);

// Widens `columns` of `view` to what the rows in view need (never past a third of its width)
// as rows arrive, never narrowing them, until the operator sizes one of them by hand (or a
// saved width is restored); fitColumn() sizes by a sample before the first rows. It measures
// the view's model of the moment, and goes with it.
void widenColumnsToRows(QTableView *view, const QList<int> &columns);

// Widens the parts of the pane's side-by-side splitters that hold `view`, as the view is shown
// and its columns widen, so that every column of `view` is in view, taking the room from the
// other parts, outermost splitter first (each part keeps at least half of what it had). For a first
// start, or a splitter whose saved state was not restored; once the operator moves it, it is
// theirs.
void fitSplitterToColumns(QTableView *view);

// Keeps the stretching `mainColumn` of `view` at least `mainMinimum` pixels wide on a narrow
// screen: when the other columns leave it less, `yielding` (a column less needed at a glance,
// shown whole in the detail) gives up its width first, down to its title's. Its width as set
// now, or what widenColumnsToRows() finds its rows need, is the most it takes back when there
// is room again. Until the operator sizes it by hand. One a view.
void keepMainColumn(QTableView *view, int mainColumn, int yielding, int mainMinimum);

} // namespace porthole
