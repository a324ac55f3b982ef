#include "gotocontroller.h"

#include "gotobox.h"
#include "gotomodel.h"
#include "gotosources.h"
#include "mainwindow.h"
#include "pane.h"
#include "savedviews.h"

#include <QAction>
#include <QJsonObject>
#include <QMenu>

using namespace Qt::StringLiterals;

namespace porthole {

GoToController::GoToController(MainWindow *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_model(new GoToModel(this))
    , m_box(new GoToBox(m_model, window))
    , m_action(new QAction(tr("&Go to Anything…"), window))
{
    m_action->setObjectName(u"goToAction"_s);
    m_action->setShortcut(Qt::CTRL | Qt::Key_K);
    m_action->setShortcutContext(Qt::WindowShortcut);
    connect(m_action, &QAction::triggered, this, &GoToController::popUp);
    window->addAction(m_action);
    if (QMenu *view = window->viewMenu()) {
        QAction *first = view->actions().value(0);
        view->insertAction(first, m_action);
        view->insertSeparator(first);
    }
    connect(m_box, &GoToBox::chosen, this, &GoToController::open);
}

GoToController::~GoToController() = default;

void GoToController::setSources(const ConnectionFactory &connections,
                                const QList<GoToKind> &databaseKinds, const QString &batchDirectory,
                                const std::optional<RedisUrl> &redis)
{
    m_model->clearSources();
    if (!databaseKinds.isEmpty())
        m_model->addSource(databaseGoToSource(connections, databaseKinds));
    if (!batchDirectory.isEmpty())
        m_model->addSource(batchStoreGoToSource(batchDirectory));
    if (redis)
        m_model->addSource(redisGoToSource(*redis));
    // The saved views of each pane, as they are when a search runs.
    for (const QString &paneId : m_window->paneIds()) {
        m_model->addSource(std::make_unique<SavedViewGoToSource>(
            paneId, [paneId] { return SavedViews::names(paneId); }));
    }
}

void GoToController::addSource(std::unique_ptr<GoToSource> source)
{
    m_model->addSource(std::move(source));
}

QList<GoToKind> GoToController::databaseKinds(const QStringList &tables, bool readOnly)
{
    const auto has = [&tables, readOnly](const QString &table) {
        return !readOnly || tables.contains(table, Qt::CaseInsensitive);
    };
    QList<GoToKind> kinds;
    if (has(u"port_messages"_s))
        kinds << GoToKind::Port;
    if (has(u"system_health"_s) || has(u"component_state"_s))
        kinds << GoToKind::Component;
    if (has(u"checkpoints"_s))
        kinds << GoToKind::Checkpoint;
    if (has(u"messages"_s))
        kinds << GoToKind::Message;
    if (has(u"port_messages"_s))
        kinds << GoToKind::Journey;
    return kinds;
}

PaneFocus GoToController::focusOf(const GoToHit &hit)
{
    PaneFocus focus;
    switch (hit.kind) {
    case GoToKind::Port:
        focus.port = hit.value;
        break;
    case GoToKind::Component:
        focus.component = hit.value;
        break;
    case GoToKind::Checkpoint:
        focus.checkpoint = hit.value;
        break;
    case GoToKind::Batch:
        focus.batch = hit.value.toLongLong();
        break;
    case GoToKind::Message:
        focus.message = hit.value.toLongLong();
        break;
    case GoToKind::Journey:
        focus.search = hit.value;
        break;
    case GoToKind::RedisKey:
        focus.key = hit.value;
        break;
    case GoToKind::SavedView:
        focus.savedView = hit.value;
        break;
    }
    return focus;
}

void GoToController::popUp()
{
    m_box->popUp(m_window);
}

bool GoToController::open(const GoToHit &hit)
{
    if (!m_window->showPane(GoToModel::paneOf(hit)))
        return false;
    // A saved view as a click on it under its pane in the list (the pane shows its filter), or,
    // not listed there yet, its filter given to the pane.
    if (hit.kind == GoToKind::SavedView) {
        const QString paneId = GoToModel::paneOf(hit);
        if (m_window->chooseView(paneId, hit.value))
            return true;
        const std::optional<QJsonObject> filter = SavedViews::find(paneId, hit.value);
        if (Pane *pane = m_window->currentPane(); pane && filter)
            pane->applyViewState(*filter);
        return true;
    }
    if (Pane *pane = m_window->currentPane()) {
        pane->focusOn(focusOf(hit));
        pane->setFocus(Qt::ShortcutFocusReason);
    }
    return true;
}

} // namespace porthole
