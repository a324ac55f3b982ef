#pragma once

#include "portmessageactions.h"

#include <QObject>

#include <functional>

class QAction;
class QToolBar;

namespace porthole {

class PortMessageBrowser;

// The actions on port messages, as a pane offers them on its toolbar: Replay, Edit and
// replay, Purge, Move, Undo (the last purge), Delete purged (for good, past an age), and the
// lock over them. They act on the rows selected in
// the pane's table or, with none selected, on every row the pane shows (its filter, and a
// group's error signature) — ids frozen at the dry run, which comes first. What an action
// does is the app's (ActionWorkflow): the bar only asks.
//
// Destructive actions are locked until the operator unlocks them for the session; a
// read-only connection forbids them altogether.
class MessageActionBar : public QObject
{
    Q_OBJECT

public:
    // What the pane shows when no row is selected: the filter, the test for rows the filter
    // cannot express in SQL, and how to say it ("dead letters with the error: …").
    using ShownRows = std::function<ActionSelection()>;

    MessageActionBar(QToolBar *toolBar, PortMessageBrowser *browser, ShownRows shown);

    // The rows the actions take now: the selected ones, else all shown.
    ActionSelection selection() const;

    bool isUnlocked() const;
    void setUnlocked(bool unlocked);
    // A read-only connection: the actions stay locked and cannot be unlocked.
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }
    // Whether a purge of this session can be undone (the app says, after each purge).
    void setUndoAvailable(bool available, const QString &what = {});

    QAction *replayAction() const { return m_replay; }
    QAction *editAction() const { return m_edit; }
    QAction *purgeAction() const { return m_purge; }
    QAction *moveAction() const { return m_move; }
    QAction *undoAction() const { return m_undo; }
    QAction *hardDeleteAction() const { return m_hardDelete; }
    QAction *unlockAction() const { return m_unlock; }

Q_SIGNALS:
    void actionRequested(porthole::ActionKind kind, const porthole::ActionSelection &selection);
    void editRequested(const porthole::PortMessage &message);
    void undoRequested();
    void hardDeleteRequested();
    void unlockedChanged(bool unlocked);

private:
    void update();
    void request(ActionKind kind);

    PortMessageBrowser *m_browser;
    ShownRows m_shown;
    QAction *m_unlock = nullptr;
    QAction *m_replay = nullptr;
    QAction *m_edit = nullptr;
    QAction *m_purge = nullptr;
    QAction *m_move = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_hardDelete = nullptr;
    bool m_readOnly = false;
    bool m_undoAvailable = false;
};

} // namespace porthole
