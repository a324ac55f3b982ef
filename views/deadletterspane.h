#pragma once

#include "pagedtablemodel.h"
#include "pane.h"
#include "portmessageactions.h"

#include <QTimer>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QToolBar;

namespace porthole {

class ErrorComparisonModel;
class ErrorGroupModel;
class MessageActionBar;
class PortMessageBrowser;
class PortMessageLookup;
class PortMessageModel;

// The dead letters (the dead_letter_queue set: status dead_letter, or failed with its retries
// spent): above, the failures grouped by the signature of their error, most frequent first,
// with when each was first and last seen; below, the dead letters themselves, all of them or
// those of the group clicked, with the selected one in full. The groups are made of the
// newest 100,000 dead letters and are regrouped on refresh and as new dead letters arrive.
// Find (Ctrl+F) narrows the dead letters below to those whose payload or error holds a text,
// in SQL, and a port (the pipeline map's arrow, double-clicked) to those of that port; the
// groups stay those of all of them.
class DeadLettersPane : public Pane
{
    Q_OBJECT

public:
    // Shows the dead letters `model` reads (it is set to dead letters only), a message in full
    // through `lookup`; neither is taken over: their owner keeps them.
    DeadLettersPane(PortMessageModel *model, PortMessageLookup *lookup, QWidget *parent = nullptr);
    // Saves the layout in the settings.
    ~DeadLettersPane() override;

    static QString paneTitle() { return tr("Dead letters"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }
    std::shared_ptr<const ExportSource> exportSource() const override;
    QString exportDescription() const override;

    // Only the dead letters of one group (an error signature); a null string: all of them.
    void showGroup(const QString &signature);
    QString shownGroup() const;
    // Only the dead letters of one port (the pipeline map's arrow); an empty string: every port.
    void showPort(const QString &port);
    QString shownPort() const;
    // Every dead letter again: no group, no port.
    void showAllGroups();
    // The port `focus.port`'s dead letters, of every group.
    void focusOn(const PaneFocus &focus) override;
    // The group, the port and the text found, as a saved view: group (null: all), port, text.
    QJsonObject viewState() const override;
    void applyViewState(const QJsonObject &state) override;

    // "Compare with…" on the toolbar: the error signatures of two ranges side by side, read
    // through `comparison` (not taken over), in a window of their own.
    void offerComparison(ErrorComparisonModel *comparison);

    // The settings group "deadletters": splitters, columns, sort.
    void saveSettings() const;
    void restoreSettings();

    // The actions on the dead letters (replay, edit, purge, move), on the pane's toolbar.
    QToolBar *actionToolBar() const { return m_actions; }
    MessageActionBar *actionBar() const { return m_actionBar; }
    // What the actions take when no row is selected: the dead letters shown (the group, the
    // text found).
    ActionSelection shownRows() const;

    // For the window, tests and screenshots.
    PortMessageModel *model() const { return m_model; }
    PortMessageBrowser *browser() const { return m_browser; }
    PortMessageLookup *lookup() const { return m_lookup; }
    ErrorGroupModel *groupModel() const;
    QTableView *groupView() const { return m_groupView; }
    QLineEdit *searchField() const { return m_search; }
    QSplitter *splitter() const { return m_splitter; }
    QString groupsText() const;
    QString shownGroupText() const;

public Q_SLOTS:
    void refresh() override;

protected:
    void hideEvent(QHideEvent *event) override;

private:
    QLabel *setUpSearch();
    void setUpGroups();
    void setUpLetters();
    void connectGroups();

    void applySearch();
    void onGroupsRead(qint64 grouped, bool complete);
    // New dead letters: the groups are read again in a moment (at once when shown again).
    void regroupSoon();
    void onGroupClicked();
    void selectShownGroup();
    void updateShownGroup();

    PortMessageModel *m_model = nullptr;
    PortMessageLookup *m_lookup = nullptr;
    PortMessageBrowser *m_browser = nullptr;
    QToolBar *m_actions = nullptr;
    MessageActionBar *m_actionBar = nullptr;
    QLabel *m_groupsLabel = nullptr;
    QSortFilterProxyModel *m_groups = nullptr;
    QTableView *m_groupView = nullptr;
    QLabel *m_shownGroup = nullptr;
    QPushButton *m_showAll = nullptr;
    QSplitter *m_splitter = nullptr;
    QLineEdit *m_search = nullptr;
    QString m_noneText; // what the list says when there are no dead letters at all
    QTimer m_searchDelay;
    // New dead letters regroup, at most this often: grouping reads many rows.
    QTimer m_regroup;
    bool m_regroupAtOnce = false; // hidden since the groups were read: the next news is read now
    bool m_selecting = false;     // the pane, not the operator, is changing the group selection
};

} // namespace porthole
