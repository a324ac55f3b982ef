#include "savedviewscontroller.h"

#include "mainwindow.h"
#include "pane.h"
#include "savedviews.h"

#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace porthole {

SavedViewsController::SavedViewsController(MainWindow *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
{
    connect(window, &MainWindow::viewChosen, this,
            [this](Pane *pane, const QString &name) { openView(pane, name); });
}

void SavedViewsController::list(const QString &paneId)
{
    if (const QStringList names = SavedViews::names(paneId); !names.isEmpty())
        m_window->setPaneViews(paneId, names);
}

void SavedViewsController::attach(Pane *pane)
{
    QToolButton *button = pane->viewsButton();
    if (!button)
        return;
    QMenu *menu = button->menu();
    connect(menu, &QMenu::aboutToShow, this, [this, pane, menu] { fillMenu(pane, menu); });
}

bool SavedViewsController::openView(Pane *pane, const QString &name)
{
    const std::optional<QJsonObject> filter = SavedViews::find(pane->paneId(), name);
    if (!filter)
        return false;
    pane->applyViewState(*filter);
    m_window->statusBar()->showMessage(tr("%1: the saved view “%2”").arg(pane->title(), name),
                                       5000);
    return true;
}

bool SavedViewsController::saveView(Pane *pane, const QString &name)
{
    if (!SavedViews::save(pane->paneId(), name, pane->viewState()))
        return false;
    m_window->setPaneViews(pane->paneId(), SavedViews::names(pane->paneId()));
    return true;
}

bool SavedViewsController::deleteView(Pane *pane, const QString &name)
{
    if (!SavedViews::remove(pane->paneId(), name))
        return false;
    m_window->setPaneViews(pane->paneId(), SavedViews::names(pane->paneId()));
    return true;
}

QString SavedViewsController::shownView(const Pane *pane) const
{
    const QJsonObject shown = pane->viewState();
    for (const SavedViews::View &view : SavedViews::views(pane->paneId())) {
        if (view.filter == shown)
            return view.name;
    }
    return {};
}

void SavedViewsController::fillMenu(Pane *pane, QMenu *menu)
{
    menu->clear();
    const QStringList names = SavedViews::names(pane->paneId());
    const QString shown = shownView(pane);
    for (const QString &name : names) {
        QAction *open = menu->addAction(name, this, [this, pane, name] { openView(pane, name); });
        open->setCheckable(true);
        open->setChecked(name == shown);
    }
    if (names.isEmpty())
        menu->addAction(tr("No saved views yet"))->setEnabled(false);
    menu->addSeparator();
    menu->addAction(tr("&Save View As…"), this, [this, pane] { askToSave(pane); });
    QMenu *remove = menu->addMenu(tr("&Delete View"));
    remove->setEnabled(!names.isEmpty());
    for (const QString &name : names)
        remove->addAction(name, this, [this, pane, name] { askToDelete(pane, name); });
}

void SavedViewsController::askToSave(Pane *pane)
{
    bool ok = false;
    const QString name =
        QInputDialog::getText(m_window, tr("Save View"),
                              tr("A name for the filter %1 shows now:").arg(pane->title()),
                              QLineEdit::Normal, shownView(pane), &ok)
            .trimmed();
    if (!ok || name.isEmpty())
        return;
    if (SavedViews::find(pane->paneId(), name) &&
        QMessageBox::question(m_window, tr("Replace the View?"),
                              tr("%1 has a view called “%2”. Replace its filter with this one?")
                                  .arg(pane->title(), name)) != QMessageBox::Yes)
        return;
    saveView(pane, name);
    m_window->statusBar()->showMessage(tr("Saved the view “%1”").arg(name), 5000);
}

void SavedViewsController::askToDelete(Pane *pane, const QString &name)
{
    if (QMessageBox::question(m_window, tr("Delete the View?"),
                              tr("Delete the saved view “%1” of %2? The data it shows is not "
                                 "touched.")
                                  .arg(name, pane->title())) != QMessageBox::Yes)
        return;
    deleteView(pane, name);
}

} // namespace porthole
