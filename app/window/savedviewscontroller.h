#pragma once

#include <QObject>
#include <QString>

class QMenu;

namespace porthole {

class MainWindow;
class Pane;

// Saved views in the window: each filter bar's Views menu (the pane's views, Save View As,
// Delete), the views listed under their pane in the window's list, and opening one by name
// (--pane queues --view NAME). The views themselves are kept by SavedViews, in the settings.
class SavedViewsController : public QObject
{
    Q_OBJECT

public:
    explicit SavedViewsController(MainWindow *window, QObject *parent = nullptr);

    // Lists the saved views of the pane `paneId` under it in the window, made or not.
    void list(const QString &paneId);
    // Gives `pane`'s Views button its menu; a pane without saved views is left alone.
    void attach(Pane *pane);

    // Sets `pane`'s filter to the view `name` (any case); false when it has none such.
    bool openView(Pane *pane, const QString &name);
    // Saves `pane`'s filter as `name`, replacing a view of that name; the menus and the list
    // follow. False for an empty name.
    bool saveView(Pane *pane, const QString &name);
    bool deleteView(Pane *pane, const QString &name);

    // The view of `pane`'s whose filter is the one shown now, or a null string.
    QString shownView(const Pane *pane) const;

private:
    void fillMenu(Pane *pane, QMenu *menu);
    void askToSave(Pane *pane);
    void askToDelete(Pane *pane, const QString &name);

    MainWindow *m_window;
};

} // namespace porthole
