#include "redisactionbar.h"

#include "icons.h"
#include "redislistview.h"
#include "redissource.h"
#include "redisstreamview.h"

#include <QAction>
#include <QToolBar>

using namespace Qt::StringLiterals;

namespace porthole {

RedisActionBar::RedisActionBar(QToolBar *toolBar, RedisStreamView *stream, RedisListView *list)
    : QObject(toolBar)
    , m_stream(stream)
    , m_list(list)
{
    using K = StreamActionKind;
    m_unlock = toolBar->addAction(themedIcon(IconId::Unlock), tr("&Unlock"));
    m_unlock->setObjectName(u"unlockRedisActions"_s);
    m_unlock->setCheckable(true);
    toolBar->addSeparator();
    add(toolBar, K::Claim, tr("&Claim…"),
        tr("Gives the pending entries selected to another consumer (XCLAIM)"));
    add(toolBar, K::AutoClaim, tr("Claim &idle…"),
        tr("Gives every entry of the group (or of the consumer selected) idle at least the time "
           "set above the pending list to another consumer"));
    add(toolBar, K::Ack, tr("&Acknowledge"),
        tr("Acknowledges the pending entries selected (XACK): no worker will get them again"));
    add(toolBar, K::DeadLetter, tr("To &dead letters…"),
        tr("Stores the pending entries selected as dead letters, then acknowledges them"));
    toolBar->addSeparator();
    add(toolBar, K::Delete, tr("De&lete entries"),
        tr("Deletes the entries selected from the stream (XDEL)"));
    add(toolBar, K::Trim, tr("&Trim…"), tr("Deletes the oldest entries of the stream (XTRIM)"));
    toolBar->addSeparator();
    add(toolBar, K::GroupCreate, tr("&New group…"), tr("Creates a consumer group on the stream"));
    add(toolBar, K::GroupReset, tr("&Reset group…"),
        tr("Sets where the group selected goes on reading (XGROUP SETID)"));
    add(toolBar, K::GroupDelete, tr("Delete &group"),
        tr("Deletes the group selected, with its consumers and pending entries"));
    add(toolBar, K::ConsumerDelete, tr("Delete c&onsumer"),
        tr("Deletes the consumer selected, if it holds no pending entry"));
    add(toolBar, K::Requeue, tr("Re&queue"),
        tr("Puts the elements of this processing list back on its queue, for a worker that "
           "stopped"));
    useReadableOverflowButton(toolBar);

    connect(m_unlock, &QAction::toggled, this, &RedisActionBar::update);
    connect(m_stream, &RedisStreamView::selectionChanged, this, &RedisActionBar::update);
    update();
}

QAction *RedisActionBar::add(QToolBar *toolBar, StreamActionKind kind, const QString &text,
                             const QString &toolTip)
{
    QAction *action = toolBar->addAction(text, this, [this, kind] {
        if (!isUnlocked())
            return;
        if (const auto asked = fromSelection(kind))
            Q_EMIT actionRequested(*asked);
    });
    action->setObjectName(streamActionName(kind));
    action->setToolTip(toolTip);
    m_actions.append({kind, action});
    return action;
}

QAction *RedisActionBar::action(StreamActionKind kind) const
{
    for (const auto &[each, action] : m_actions) {
        if (each == kind)
            return action;
    }
    return nullptr;
}

bool RedisActionBar::isUnlocked() const
{
    return m_unlock->isChecked() && !m_readOnly;
}

void RedisActionBar::setUnlocked(bool unlocked)
{
    m_unlock->setChecked(unlocked && !m_readOnly);
}

void RedisActionBar::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    if (readOnly)
        m_unlock->setChecked(false);
    m_unlock->setEnabled(!readOnly);
    m_unlock->setToolTip(readOnly ? tr("The data is open read-only: nothing can be changed")
                                  : tr("Allows the actions below for this session"));
    update();
}

void RedisActionBar::setShowing(QObject *view)
{
    m_showing = view;
    update();
}

void RedisActionBar::update()
{
    for (const auto &[kind, action] : m_actions)
        action->setEnabled(isUnlocked() && fromSelection(kind).has_value());
}

std::optional<StreamAction> RedisActionBar::fromSelection(StreamActionKind kind) const
{
    if (kind != StreamActionKind::Requeue)
        return m_showing == m_stream ? fromStream(kind) : std::nullopt;
    const QByteArray queue = queueOfProcessingList(m_list->key());
    if (m_showing != m_list || queue.isEmpty())
        return std::nullopt;
    StreamAction action;
    action.kind = kind;
    action.key = queue;
    action.processingList = m_list->key();
    return action;
}

std::optional<StreamAction> RedisActionBar::fromStream(StreamActionKind kind) const
{
    using K = StreamActionKind;
    StreamAction action;
    action.kind = kind;
    action.key = m_stream->key();
    action.group = m_stream->selectedGroup();
    if (action.key.isEmpty())
        return std::nullopt;
    switch (kind) {
    case K::Claim:
    case K::Ack:
    case K::DeadLetter:
        action.ids = m_stream->selectedPendingIds();
        if (action.ids.isEmpty() || action.group.isEmpty())
            return std::nullopt;
        return action;
    case K::AutoClaim:
        action.consumer = m_stream->selectedConsumer();
        action.minIdleMs = m_stream->minIdleMs();
        return action.group.isEmpty() ? std::nullopt : std::optional(action);
    case K::Delete:
        action.group.clear();
        action.ids = m_stream->selectedEntryIds();
        return action.ids.isEmpty() ? std::nullopt : std::optional(action);
    case K::Trim:
        action.group.clear();
        return action;
    case K::GroupCreate:
        action.group.clear();
        return action;
    case K::GroupReset:
        return action.group.isEmpty() ? std::nullopt : std::optional(action);
    case K::GroupDelete:
        return action.group.isEmpty() || !m_stream->selectedConsumer().isEmpty()
                   ? std::nullopt
                   : std::optional(action);
    case K::ConsumerDelete:
        action.consumer = m_stream->selectedConsumer();
        return action.consumer.isEmpty() ? std::nullopt : std::optional(action);
    case K::Requeue:
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace porthole
