#pragma once

#include "columnsizing.h"
#include "panefollower.h"

#include <QDateTime>
#include <QIcon>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>
#include <utility>

class QAbstractItemView;
class QAction;
class QLineEdit;
class QModelIndex;
class QSplitter;
class QItemSelectionModel;
class QLabel;
class QTableView;
class QToolButton;

namespace porthole {

class ExportSource;

// What a link from elsewhere (an alert's notification, Go to anything) asks a pane to show.
// Empty: any.
struct PaneFocus
{
    QString component;
    QString metric;
    QString stream;
    QString entry; // an entry of `stream`, by id: shown selected
    QString group;
    QString port;       // of port_messages
    QString checkpoint; // a checkpoint's name
    // With `checkpoint`, or with `component` for its saved state: a version, shown selected
    // with what changed from the version before it.
    std::optional<qint64> version;
    std::optional<qint64> batch;   // a batch file's number
    std::optional<qint64> message; // a stored message's number; with `batch`, its line
    QString key;                   // a Redis key of any type
    QString savedView;             // a saved view's name
    std::optional<qint64> audit;   // an audit entry's id, written at `at`
    QDateTime at;
    QString search; // a port message's id, a trace id: what to find
};

// A time range the operator chose in one pane, for the others that show one (Metrics, Timeline)
// to show too: from `from` to `to`, or, with `lastSeconds`, the last that many seconds up to
// now (`from` and `to` then where it stood when it was chosen).
struct SharedRange
{
    QDateTime from;
    QDateTime to;
    qint64 lastSeconds = 0;

    friend bool operator==(const SharedRange &, const SharedRange &) = default;
};

// One page of the console (Overview, Batch files, ...). The main window lists panes by
// id and title and switches between them; each pane owns its widgets and shows the models it
// is handed (the window's pane registry makes them, and keeps them while the data is open).
class Pane : public QWidget
{
    Q_OBJECT

public:
    Pane(QString id, QString title, QWidget *parent = nullptr);

    // A stable name used on the command line (--pane) and in settings.
    QString paneId() const { return m_id; }
    // Each pane class has these as static paneTitle() and paneIcon() too: the window lists a
    // pane by them before it makes it.
    QString title() const { return m_title; }
    virtual QIcon icon() const { return {}; }
    // What File > Export (Ctrl+E) writes: the pane's listing as it shows it (its filter and
    // sort), or none, when the pane has no table to export.
    virtual std::shared_ptr<const ExportSource> exportSource() const { return {}; }
    // The rows exportSource() writes, for a person ("the 1,234 messages shown"); by default
    // "the rows shown".
    virtual QString exportDescription() const;
    // Whether File > Export has something to write here: a listing, or an export of the pane's
    // own (a chart, batch files).
    virtual bool canExport() const { return exportSource() != nullptr; }
    // File > Export on a pane without a listing: the pane offers its own export.
    virtual void exportOwn() {}
    // Shows what `focus` names, as far as the pane can (a component's history, a stream); by
    // default the pane as it is.
    virtual void focusOn(const PaneFocus &focus) { Q_UNUSED(focus); }
    // A time range the operator chose in the pane titled `source`, for this one to show too
    // (showSharedRange()): at once while it is shown, else once when it is next shown, the
    // last one given when several came meanwhile. It is never sent on as rangeChosen(), so
    // that two panes sharing their range do not send it back and forth.
    void shareRange(const SharedRange &range, const QString &source);

    // Saved views (savedviews.h): a pane with a filter bar gives its whole filter as a value
    // and takes one back, which sets the bar and applies it. What a value lacks is not
    // filtered by.
    virtual QJsonObject viewState() const { return {}; }
    virtual void applyViewState(const QJsonObject &filter) { Q_UNUSED(filter); }
    // The filter bar's Views button, whose menu the window fills; null: the pane has no saved
    // views.
    QToolButton *viewsButton() const { return m_viewsButton; }

    // Shows `reason` in place of the pane's controls, which are hidden: the database lacks
    // what the pane reads (a pipeline's own database attached read-only, never migrated). The
    // window then neither refreshes nor exports the pane.
    void setUnavailable(const QString &reason);
    // Empty while the pane works.
    QString unavailableReason() const { return m_unavailable; }

public Q_SLOTS:
    // Reloads what the pane shows (F5).
    virtual void refresh() {}

Q_SIGNALS:
    // A short message for the status bar.
    void statusMessage(const QString &message);
    // The pane `paneId` should be shown, on `focus` (an attention item clicked, a message's
    // journey asked for, a step of a journey opened in its pane).
    void openRequested(const QString &paneId, const porthole::PaneFocus &focus);
    // The operator chose the time range the pane shows (a preset, a zoom, a pan): not a range
    // another pane shared (shareRange()), nor one live follow moved on. The window hands it to
    // the other panes.
    void rangeChosen(const porthole::SharedRange &range);
    // A control of the pane's own asks for File > Export.
    void exportRequested();
    // setUnavailable() was called: the pane shows `reason` instead of its controls.
    void madeUnavailable(const QString &reason);
    // Something the operator asked for could not be done (a file not saved): `title` says
    // what, `message` why and what to do next. The window shows it; a pane opens no message box.
    void failed(const QString &title, const QString &message);

protected:
    // The pane's listings follow the database live only while it is shown and `live` says so,
    // and catch up when it is shown again (PaneFollower). Once, in the pane's constructor.
    void followWhileShown(PaneFollower::Models models, PaneFollower::Live live = {},
                          PaneFollower::CatchUp catchUp = PaneFollower::CatchUp::OnShow);
    // `live` changed, or a model followed was replaced.
    void updateFollow();
    // The Views button, for the filter bar; once, in the constructor of a pane that has
    // viewState().
    QToolButton *makeViewsButton();
    // Shows a range shared from the pane titled `source` (shareRange()); by default nothing,
    // as the pane shows no time range.
    virtual void showSharedRange(const SharedRange &range, const QString &source);
    // A range shared while the pane was hidden waits for it to be shown: showEvent() shows it.
    bool sharedRangeWaiting() const { return m_sharedRange.has_value(); }
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QString m_id;
    QString m_title;
    QString m_unavailable;
    std::unique_ptr<PaneFollower> m_follower;
    QToolButton *m_viewsButton = nullptr;
    std::optional<std::pair<SharedRange, QString>> m_sharedRange; // and its source
};

// The keys every pane gives the same meaning (docs/CONSOLE.md lists them).

// Ctrl+F anywhere in `scope` goes to `field` and selects what it holds.
void focusOnFind(QWidget *scope, QLineEdit *field);

// Enter or Return (the keypad's too; not with Shift, Ctrl or Alt) on the current row of `view`
// opens its details: `show` (if any) puts the row there, then revealAndFocus(details). Escape
// anywhere in `details` comes back to the view.
void openOnEnter(QAbstractItemView *view, QWidget *details, std::function<void()> show = {});

// Gives `details` room again in each splitter it was dragged shut in, and the focus: itself
// (or its focus proxy) if it takes the focus, else the first of its widgets in view that does.
void revealAndFocus(QWidget *details);

// A dialog's line for what went wrong: plain text, wrapped, on a pale red band, hidden until
// shown; named "problem" for tests.
QLabel *makeProblemLabel(QWidget *parent);

// A table of a listing: one line a row, whole rows selected, nothing edited, no row numbers,
// the last column taking the rest of the width.
void setUpListingTable(QTableView *view);

// Shares the length of `splitter` among its parts in the proportions `shares` (3, 2: three
// fifths and two fifths), at the first start and whenever the window grows or shrinks.
// QSplitter's stretch factors alone weigh each part's size hint, so a part that hints wide
// (a details form) would take most of the room from the table beside it.
void shareSplitter(QSplitter *splitter, const QList<int> &shares);

// Keeps `details`, a part of `splitter`, shut (the splitter's handle a thin strip at the
// edge) while nothing is selected in `selection`, so that the table has the room; a selection
// opens it to its share of the splitter when last open (two fifths at first). A size the
// operator drags it to while something is selected is the one kept, shut included. The share
// is the splitter's property openDetailsShare (a double), for a pane to save and restore.
void foldDetailsUntilSelected(QSplitter *splitter, QWidget *details,
                              QItemSelectionModel *selection);
inline constexpr char openDetailsShare[] = "openDetailsShare";

// How a table copies a cell: its whole value, not the shortened text a cell may show. By
// default its display text; a table whose model shortens some values gives its own.
using CellText = std::function<QString(const QModelIndex &index)>;

// The rows selected in `view` as Ctrl+C copies them: in row order, the columns shown in the
// order shown, cells joined by tabs (a tab or line break in a cell becomes a space), each line
// ending in '\n'. A row not read yet (its PagedTableModel::RowLoadedRole false) is left out and
// counted in `leftOut`; in a model without that role every row is read.
QString selectedRowsText(const QTableView *view, int *leftOut = nullptr,
                         const CellText &cellText = {});

// Ctrl+C on `view` copies selectedRowsText() to the clipboard and `report`s it ("Copied 3
// rows.", and how many rows not read yet were left out). When the view has an actions context
// menu, it offers the same as "Copy rows". Returns that action.
QAction *copyRowsOnCtrlC(QTableView *view, std::function<void(const QString &message)> report,
                         CellText cellText = {});

// Adds to `view` the action that follows its current row across the pipeline (Ctrl+J, and in
// its context menu, which it makes an actions menu): when chosen, `idOfCurrent` gives the id
// the journey starts from (a port message's id, a delivery key, an event id; empty: none),
// and `open` is called with it. Returns the action.
QAction *addJourneyAction(QAbstractItemView *view, std::function<QString()> idOfCurrent,
                          std::function<void(const QString &id)> open);
// The same, opening the Journey pane from `pane` through openRequested().
QAction *addJourneyAction(QAbstractItemView *view, Pane *pane,
                          std::function<QString()> idOfCurrent);

} // namespace porthole

Q_DECLARE_METATYPE(porthole::PaneFocus)
Q_DECLARE_METATYPE(porthole::SharedRange)
