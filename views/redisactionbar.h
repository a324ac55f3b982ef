#pragma once

#include "streamactions.h"

#include <QObject>

class QAction;
class QToolBar;

namespace porthole {

class RedisListView;
class RedisStreamView;

// The actions of the Redis pane on its toolbar, on what the pane shows and selects: claim,
// acknowledge or move to the dead letters the pending entries selected; claim every entry of a
// group or consumer idle past the time asked; delete the entries selected; trim the stream;
// create, reset and delete groups, delete a consumer; requeue a processing list. Each asks
// (actionRequested) with what the selection gives; what it needs besides (a consumer's name, a
// reason) and the dry run are the window's to ask and show.
//
// Locked until the operator unlocks them for the session; a read-only connection keeps them
// locked.
class RedisActionBar : public QObject
{
    Q_OBJECT

public:
    RedisActionBar(QToolBar *toolBar, RedisStreamView *stream, RedisListView *list);

    bool isUnlocked() const;
    void setUnlocked(bool unlocked);
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }
    // Which view the pane shows now: the actions follow it.
    void setShowing(QObject *view);

    // Every action, by its kind (the unlock toggle aside).
    QAction *action(StreamActionKind kind) const;
    QAction *unlockAction() const { return m_unlock; }

Q_SIGNALS:
    void actionRequested(const porthole::StreamAction &action);

public Q_SLOTS:
    void update();

private:
    QAction *add(QToolBar *toolBar, StreamActionKind kind, const QString &text,
                 const QString &toolTip);
    // The action of `kind` as the selection gives it; nullopt when it does not give one.
    std::optional<StreamAction> fromSelection(StreamActionKind kind) const;
    std::optional<StreamAction> fromStream(StreamActionKind kind) const;

    RedisStreamView *m_stream;
    RedisListView *m_list;
    QObject *m_showing = nullptr;
    QAction *m_unlock = nullptr;
    QList<std::pair<StreamActionKind, QAction *>> m_actions;
    bool m_readOnly = false;
};

} // namespace porthole
