#pragma once

#include "pagedtablemodel.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;
class QSettings;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace porthole {

class PortMessageDetails;
class PortMessageModel;
class Pane;

// The rows of a PortMessageModel and all that goes with them, for the Queues and Dead letters
// panes: the table, the selected message in full beside it, what is going on when there are
// no rows to show (reading, none, a failure), a bar when the database went away while rows
// are shown, a bar for new rows that arrived while the operator looked elsewhere, and the row
// count. End and Home (with or without Ctrl) go to the last and first rows of the whole
// listing, Enter goes to the details (Escape comes back), Ctrl+C copies the selected rows.
//
// The table keeps what the operator looks at in place while rows come and go above it. At the
// listing's live edge (the top when newest first, else the bottom) new rows come into view;
// elsewhere they are counted in the new-rows bar, which takes the operator there.
class PortMessageBrowser : public QWidget
{
    Q_OBJECT

public:
    explicit PortMessageBrowser(PortMessageModel *model, QWidget *parent = nullptr);

    // What to say when there are no rows: with no filter, and with one.
    void setEmptyTexts(const QString &none, const QString &noneMatching);
    void setFiltered(bool filtered);

    // The table's columns and sort and the splitter, in the settings' current group.
    void saveState(QSettings &settings) const;
    void restoreState(QSettings &settings);

    PortMessageModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    PortMessageDetails *details() const { return m_details; }
    QSplitter *splitter() const { return m_splitter; }
    QPushButton *newRowsButton() const { return m_newRows; }
    // What is said instead of the table (reading, no rows, a failure); empty when it shows.
    QString stateText() const;
    // The bar above the rows (the database went away, ...); empty when hidden.
    QString problemText() const;
    QString countText() const;
    // Whether the view shows the end of the listing where new rows arrive.
    bool atLiveEdge() const;

public Q_SLOTS:
    void jumpToEnd();
    void jumpToStart();
    void showNewRows();
    // Opens the details beside the table if they were closed, and goes there.
    void showDetails();

Q_SIGNALS:
    void statusMessage(const QString &message);
    // Journey (Ctrl+J, or the list's context menu) on the message `id`.
    void journeyRequested(const QString &id);

private:
    void setUpView();
    void addJourneyAction();
    void connectModel();

    bool liveEdgeAtTop() const;
    void updateState();
    void updateCount();
    void updateNewRows();
    void updateDetails();
    void onRowsAboutToBeInserted(const QModelIndex &parent);
    void onSortIndicatorChanged(int column, Qt::SortOrder order);

    PortMessageModel *m_model;
    QLabel *m_problem = nullptr;
    QPushButton *m_problemRetry = nullptr;
    QWidget *m_problemBar = nullptr;
    QLabel *m_orderNote = nullptr;
    QWidget *m_orderNoteBar = nullptr;
    QPushButton *m_newRows = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_stateLabel = nullptr;
    QPushButton *m_stateRetry = nullptr;
    QWidget *m_statePage = nullptr;
    QSplitter *m_splitter = nullptr;
    QTableView *m_view = nullptr;
    PortMessageDetails *m_details = nullptr;
    QLabel *m_count = nullptr;
    QString m_emptyText;
    QString m_emptyFilteredText;
    bool m_filtered = false;
    bool m_atBottomBeforeInsert = false;
    // "Reading…" only when the first rows are slow to come: a fast listing does not flicker.
    QTimer m_slowLoading;
};

// Opens the Journey pane, from `pane`, on each message `browser` asks it for.
void openJourneysFrom(PortMessageBrowser *browser, Pane *pane);

} // namespace porthole
