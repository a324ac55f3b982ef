#include "messageactionbar.h"

#include "icons.h"
#include "portmessagebrowser.h"
#include "portmessagemodel.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QLocale>
#include <QTableView>
#include <QToolBar>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

MessageActionBar::MessageActionBar(QToolBar *toolBar, PortMessageBrowser *browser, ShownRows shown)
    : QObject(toolBar)
    , m_browser(browser)
    , m_shown(std::move(shown))
{
    m_unlock = toolBar->addAction(themedIcon(IconId::Unlock), tr("&Unlock"));
    m_unlock->setObjectName(u"unlockActions"_s);
    m_unlock->setCheckable(true);
    m_replay = toolBar->addAction(themedIcon(IconId::Play), tr("Re&play…"), this,
                                  [this] { request(ActionKind::Replay); });
    m_replay->setObjectName(u"replay"_s);
    m_edit = toolBar->addAction(tr("&Edit…"), this, [this] {
        const QModelIndex current = m_browser->view()->currentIndex();
        if (current.isValid())
            emit editRequested(current.siblingAtColumn(0)
                                   .data(PortMessageModel::MessageRole)
                                   .value<PortMessage>());
    });
    m_edit->setObjectName(u"edit"_s);
    m_purge = toolBar->addAction(themedIcon(IconId::Delete), tr("P&urge…"), this,
                                 [this] { request(ActionKind::Purge); });
    m_purge->setObjectName(u"purge"_s);
    m_move = toolBar->addAction(tr("&Move…"), this, [this] { request(ActionKind::Move); });
    m_move->setObjectName(u"move"_s);
    m_undo = toolBar->addAction(themedIcon(IconId::Undo), tr("Undo"), this,
                                &MessageActionBar::undoRequested);
    m_undo->setObjectName(u"undoPurge"_s);
    // Rarely needed, and for good: in the toolbar's overflow menu, after the rest.
    m_hardDelete = new QAction(themedIcon(IconId::DeletePurged), tr("Delete purged…"), this);
    m_hardDelete->setObjectName(u"hardDelete"_s);
    m_hardDelete->setToolTip(tr("Delete for good the messages purged more than some days ago, "
                                "after a preview"));
    connect(m_hardDelete, &QAction::triggered, this, [this] {
        if (isUnlocked())
            emit hardDeleteRequested();
    });
    toolBar->addAction(m_hardDelete);
    useReadableOverflowButton(toolBar);

    connect(m_unlock, &QAction::toggled, this, [this](bool on) {
        update();
        emit unlockedChanged(on);
    });
    connect(m_browser->view()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MessageActionBar::update);
    connect(m_browser->view()->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MessageActionBar::update);
    connect(m_browser->model(), &QAbstractItemModel::modelReset, this, &MessageActionBar::update);
    connect(m_browser->model(), &QAbstractItemModel::rowsInserted, this, &MessageActionBar::update);
    update();
}

ActionSelection MessageActionBar::selection() const
{
    QStringList ids;
    const QModelIndexList rows = m_browser->view()->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        const QVariant message = row.data(PortMessageModel::MessageRole);
        if (message.isValid())
            ids << message.value<PortMessage>().id;
    }
    if (ids.isEmpty())
        return m_shown();
    ActionSelection selection;
    selection.ids = ids;
    selection.description = tr("%n selected", nullptr, int(ids.size()));
    return selection;
}

bool MessageActionBar::isUnlocked() const
{
    return m_unlock->isChecked();
}

void MessageActionBar::setUnlocked(bool unlocked)
{
    m_unlock->setChecked(unlocked && !m_readOnly);
}

void MessageActionBar::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    if (readOnly)
        m_unlock->setChecked(false);
    update();
}

void MessageActionBar::setUndoAvailable(bool available, const QString &what)
{
    m_undoAvailable = available;
    m_undo->setToolTip(available ? tr("Bring back what the last purge took: %1").arg(what)
                                 : tr("No purge of this session to undo"));
    update();
}

void MessageActionBar::request(ActionKind kind)
{
    if (isUnlocked())
        emit actionRequested(kind, selection());
}

void MessageActionBar::update()
{
    const bool unlocked = isUnlocked() && !m_readOnly;
    m_unlock->setEnabled(!m_readOnly);
    m_unlock->setText(unlocked ? tr("&Lock") : tr("&Unlock"));
    m_unlock->setToolTip(
        m_readOnly ? tr("This connection is read-only: replay, edit, purge and move are "
                        "forbidden.")
        : unlocked ? tr("Lock the actions again")
                   : tr("Replay, edit, purge and move change stored messages: unlock them for "
                        "this session"));
    const qsizetype selected = m_browser->view()->selectionModel()->selectedRows().size();
    const QString scope =
        selected > 0 ? tr("the %n selected rows", nullptr, int(selected)) : tr("every row shown");
    m_replay->setEnabled(unlocked);
    m_replay->setToolTip(tr("Replay %1, after a dry run").arg(scope));
    m_purge->setEnabled(unlocked);
    m_purge->setToolTip(tr("Purge %1 (undoable in this session), after a dry run").arg(scope));
    m_move->setEnabled(unlocked);
    m_move->setToolTip(tr("Move %1 to another port, after a dry run").arg(scope));
    m_edit->setEnabled(unlocked && m_browser->view()->currentIndex().isValid());
    m_edit->setToolTip(tr("Edit the current row's payload, then replay it"));
    m_undo->setEnabled(unlocked && m_undoAvailable);
    m_hardDelete->setEnabled(unlocked);
}

} // namespace porthole
