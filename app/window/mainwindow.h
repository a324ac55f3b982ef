#pragma once

#include "pane.h"

#include <QList>
#include <QMainWindow>
#include <QPointer>
#include <QRect>
#include <QSystemTrayIcon>

#include <functional>
#include <optional>
#include <utility>

class QAction;
class QTreeWidget;
class QTreeWidgetItem;
class QMenu;
class QSplitter;
class QStackedWidget;

namespace porthole {

class HelpBrowser;

// The shell: a list of panes on the left, the current pane on the right, menus and a
// status bar. It knows nothing of what a pane shows.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    // Lists a pane by its id, title and icon, and makes it with `make` (the window takes
    // ownership) when it is first shown or by makeNextPane(): the window's first frame needs
    // only the pane it shows. The n-th pane listed is reached with Ctrl+n. What a pane asks of
    // another goes there: a pane to open on a focus (Pane::openRequested()), a time range the
    // operator chose to every other pane (Pane::rangeChosen(), Pane::shareRange()), to a pane
    // made later too.
    void addPane(const QString &paneId, const QString &title, const QIcon &icon,
                 std::function<Pane *()> make);
    // A pane made already, listed and shown when none is.
    void addPane(Pane *pane);
    // Makes the first pane listed and not made yet; false when every pane is made.
    bool makeNextPane();
    // The panes made so far, in the list's order.
    QList<Pane *> panes() const;
    // Every pane listed, made or not, by id.
    QStringList paneIds() const;
    // A pane that cannot work on this database stays in the list, dimmed, with `reason` as its
    // tooltip: from the start, made or not (and when a pane made says so, madeUnavailable()).
    void setPaneUnavailable(const QString &paneId, const QString &reason);
    Pane *currentPane() const;
    // Shows the pane, made if it was not yet; false when none is listed by that id.
    bool showPane(const QString &paneId);
    // The pane shown when the window last closed (restoreSettings() does not show it).
    static QString savedPane();
    // The saved views of a pane, listed under it (in this order); choosing one emits
    // viewChosen().
    void setPaneViews(const QString &paneId, const QStringList &names);
    QStringList paneViews(const QString &paneId) const;
    // Chooses the view `name` under the pane, as a click on it does; false when it is not listed.
    bool chooseView(const QString &paneId, const QString &name);
    // Takes every pane out and deletes it (before the window opens other data).
    void removePanes();
    // What the window shows data of, in its title.
    void setConnectionLabel(const QString &label);
    // Whether the data open now may be changed: File > Delete Old Data is only for data that may.
    void setWritable(bool writable);
    // File > Open Recent, filled by whoever knows the connections just before it shows.
    QMenu *recentMenu() const { return m_recentMenu; }
    // View: what the window offers to go to (panes, Go to Anything).
    QMenu *viewMenu() const { return m_viewMenu; }

    // Help > User Guide (F1): the guide in a window of its own, opened once and raised after.
    HelpBrowser *showUserGuide();

    // A page shown in place of the panes until one is chosen (the welcome page on a first
    // start). Takes ownership; null takes it away.
    void setWelcomePage(QWidget *page);
    QWidget *welcomePage() const { return m_welcome; }

    // While `tray` is in a system tray, closing the window hides it there and the alerts keep
    // running; the tray's menu and File > Quit end the program. Null: closing ends it.
    void setTray(QSystemTrayIcon *tray);
    // Window geometry, toolbars and splitter, from QSettings (the last pane: savedPane()). On a
    // first start (no geometry saved) the window takes most of its screen:
    // firstStartGeometry().
    void restoreSettings();
    // Nine tenths of the screen's available area each way, centred in it, but never below the
    // size the panes need (1100 x 680) when the screen has that much.
    static QRect firstStartGeometry(const QRect &available);
    void saveSettings() const;

public Q_SLOTS:
    // File > Quit: closes every window, this one too, tray or not.
    void quit();
    // A logout, Ctrl+C or a closed terminal: closes the windows as quit() does, and ends the
    // event loop even where a window stays open (a running action's progress: the action keeps
    // what it has not done for the next start to finish).
    void endSession();

Q_SIGNALS:
    // File > Open Connection (Ctrl+O).
    void openConnectionRequested();
    // File > Export (Ctrl+E) on a pane with a listing to export, or the pane's own Export.
    void exportRequested(porthole::Pane *pane);
    // File > Report (Ctrl+R).
    void reportRequested();
    // File > Back Up.
    void backupRequested();
    // File > Delete Old Data.
    void retentionRequested();
    // File > Settings (Ctrl+,).
    void settingsRequested();
    // A saved view under its pane was chosen in the list (the pane is shown already).
    void viewChosen(porthole::Pane *pane, const QString &name);

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createMenus();
    // The pane's row in the list, or null.
    QTreeWidgetItem *paneItem(const QString &paneId) const;
    void onCurrentItemChanged(QTreeWidgetItem *current);
    void emitViewChosen(const QTreeWidgetItem *view);
    void showAbout();
    void updateTitle();

    QPointer<QSystemTrayIcon> m_tray;
    bool m_quitting = false;
    bool m_toldOfTray = false;
    QTreeWidget *m_navigation = nullptr;
    QTreeWidgetItem *m_currentAtPress = nullptr; // the current item when the mouse went down
    QStackedWidget *m_stack = nullptr;
    QSplitter *m_splitter = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_recentMenu = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_reportAction = nullptr;
    QAction *m_retentionAction = nullptr;
    QAction *m_backupAction = nullptr;
    HelpBrowser *m_help = nullptr;
    QWidget *m_welcome = nullptr;
    // One a row of the list, in its order.
    struct ListedPane
    {
        QString id;
        Pane *pane = nullptr; // not made yet while null
        std::function<Pane *()> make;
    };
    // The pane of the list's `row`, made now if it was not yet.
    Pane *madePane(qsizetype row);
    // Connects a pane just made to the window.
    void adopt(Pane *pane);

    QList<ListedPane> m_panes;
    QList<QAction *> m_paneActions;
    // The last time range a pane chose, with that pane's title: given to panes made after.
    std::optional<std::pair<SharedRange, QString>> m_sharedRange;
    QString m_connectionLabel;
};

} // namespace porthole
