#pragma once

#include <QList>
#include <QMainWindow>

class QListWidget;
class QMenu;
class QSplitter;
class QStackedWidget;

namespace porthole {

class Pane;

// The shell: a list of panes on the left, the current pane on the right, menus and a
// status bar. It knows nothing of what a pane shows.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    // Takes ownership. The n-th pane added is reached with Ctrl+n.
    void addPane(Pane *pane);
    QList<Pane *> panes() const { return m_panes; }
    Pane *currentPane() const;
    bool showPane(const QString &paneId);

    // Window geometry, toolbars, splitter and the last pane, from QSettings.
    void restoreSettings();
    void saveSettings() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void onCurrentRowChanged(int row);
    void showAbout();

    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_stack = nullptr;
    QSplitter *m_splitter = nullptr;
    QMenu *m_viewMenu = nullptr;
    QList<Pane *> m_panes;
};

} // namespace porthole
