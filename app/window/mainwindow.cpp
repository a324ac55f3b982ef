#include "mainwindow.h"

#include "helpbrowser.h"
#include "icons.h"
#include "pane.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// File > Export on a pane that has something to write and works on this database.
bool canExport(const Pane *pane)
{
    return pane->unavailableReason().isEmpty() && pane->canExport();
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_navigation(new QTreeWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_splitter(new QSplitter(this))
{
    setObjectName(u"MainWindow"_s);
    setWindowTitle(tr("Porthole"));
    setWindowIcon(applicationIcon());

    m_navigation->setObjectName(u"navigation"_s);
    // One size for every pane's icon, whatever sizes the icon theme has them in.
    m_navigation->setIconSize(QSize(20, 20));
    m_navigation->setMinimumWidth(150);
    m_navigation->setFrameShape(QFrame::NoFrame);
    // A list of panes, each with its saved views under it.
    m_navigation->setHeaderHidden(true);
    m_navigation->setRootIsDecorated(false);
    m_navigation->setIndentation(22);
    connect(m_navigation, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem *current) { onCurrentItemChanged(current); });
    // A click on the view already chosen (its filter changed since) applies it again; a click
    // that makes a view current has applied it already.
    m_navigation->viewport()->installEventFilter(this);
    connect(m_navigation, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *item) {
        if (item == m_currentAtPress && item->parent())
            emitViewChosen(item);
    });

    m_splitter->setObjectName(u"mainSplitter"_s);
    m_splitter->addWidget(m_navigation);
    m_splitter->addWidget(m_stack);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({170, 830});
    setCentralWidget(m_splitter);

    createMenus();
    statusBar()->showMessage(tr("Ready"));
    resize(1100, 680);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open =
        file->addAction(tr("&Open Connection…"), this, &MainWindow::openConnectionRequested);
    open->setObjectName(u"openConnection"_s);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open Recen&t"));
    m_recentMenu->setObjectName(u"recentMenu"_s);
    file->addSeparator();
    m_exportAction = file->addAction(tr("&Export…"), this, [this] {
        if (Pane *pane = currentPane(); pane && canExport(pane))
            Q_EMIT exportRequested(pane);
    });
    m_exportAction->setObjectName(u"exportAction"_s);
    m_exportAction->setShortcut(Qt::CTRL | Qt::Key_E);
    m_exportAction->setEnabled(false);
    m_reportAction = file->addAction(tr("&Report…"), this, [this] { Q_EMIT reportRequested(); });
    m_reportAction->setObjectName(u"reportAction"_s);
    m_reportAction->setShortcut(Qt::CTRL | Qt::Key_R);
    m_backupAction = file->addAction(tr("&Back Up…"), this, [this] { Q_EMIT backupRequested(); });
    m_backupAction->setObjectName(u"backupAction"_s);
    m_retentionAction =
        file->addAction(tr("&Delete Old Data…"), this, [this] { Q_EMIT retentionRequested(); });
    m_retentionAction->setObjectName(u"retentionAction"_s);
    file->addSeparator();
    QAction *settings = file->addAction(tr("&Settings…"), this, &MainWindow::settingsRequested);
    settings->setObjectName(u"settingsAction"_s);
    settings->setShortcut(Qt::CTRL | Qt::Key_Comma);
    settings->setMenuRole(QAction::PreferencesRole);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &MainWindow::quit);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *refresh = m_viewMenu->addAction(tr("&Refresh"), this, [this] {
        if (Pane *pane = currentPane(); pane && pane->unavailableReason().isEmpty())
            pane->refresh();
    });
    refresh->setShortcut(QKeySequence::Refresh);
    QAction *fullScreen = m_viewMenu->addAction(tr("&Full Screen"), this, [this](bool on) {
        setWindowState(on ? windowState() | Qt::WindowFullScreen
                          : windowState() & ~Qt::WindowFullScreen);
    });
    fullScreen->setCheckable(true);
    fullScreen->setShortcut(QKeySequence::FullScreen);
    m_viewMenu->addSeparator();

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *guide = help->addAction(tr("&User Guide"), this, &MainWindow::showUserGuide);
    guide->setShortcut(QKeySequence::HelpContents);
    help->addSeparator();
    QAction *about = help->addAction(tr("&About Porthole"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::addPane(const QString &paneId, const QString &title, const QIcon &icon,
                         std::function<Pane *()> make)
{
    m_panes.append({paneId, nullptr, std::move(make)});
    auto *item = new QTreeWidgetItem(m_navigation, {title});
    item->setIcon(0, icon);
    item->setData(0, Qt::UserRole, paneId);
    const auto number = m_panes.size();
    QAction *show = m_viewMenu->addAction(icon, title, this, [this, paneId] { showPane(paneId); });
    if (number <= 9)
        show->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_0 + number)));
    m_paneActions.append(show);
}

void MainWindow::addPane(Pane *pane)
{
    addPane(pane->paneId(), pane->title(), pane->icon(), {});
    m_panes.last().pane = pane;
    m_stack->addWidget(pane);
    adopt(pane);
    if (!m_navigation->currentItem())
        m_navigation->setCurrentItem(m_navigation->topLevelItem(0));
}

bool MainWindow::makeNextPane()
{
    for (qsizetype row = 0; row < m_panes.size(); ++row) {
        if (!m_panes.at(row).pane) {
            madePane(row);
            return true;
        }
    }
    return false;
}

Pane *MainWindow::madePane(qsizetype row)
{
    ListedPane &listed = m_panes[row];
    if (!listed.pane) {
        listed.pane = listed.make();
        m_stack->addWidget(listed.pane);
        adopt(listed.pane);
    }
    return listed.pane;
}

void MainWindow::adopt(Pane *pane)
{
    // The status bar tells of the pane shown: a hidden pane's routine news (the Overview's
    // "Sources checked" every few seconds) would wipe what the operator is reading there, an
    // export's warning about rows it wrote as text among them.
    connect(pane, &Pane::statusMessage, this, [this, pane](const QString &message) {
        if (currentPane() == pane)
            statusBar()->showMessage(message, 5000);
    });
    connect(pane, &Pane::exportRequested, this, [this, pane] { Q_EMIT exportRequested(pane); });
    connect(pane, &Pane::openRequested, this,
            [this](const QString &paneId, const PaneFocus &focus) {
                if (showPane(paneId))
                    currentPane()->focusOn(focus);
            });
    // The time range is one for the panes that show one (Metrics, Timeline): the range the
    // operator chose here is each other's, shown when it is next shown.
    connect(pane, &Pane::rangeChosen, this, [this, pane](const SharedRange &range) {
        m_sharedRange.emplace(range, pane->title());
        for (Pane *other : panes()) {
            if (other != pane)
                other->shareRange(range, pane->title());
        }
    });
    if (m_sharedRange)
        pane->shareRange(m_sharedRange->first, m_sharedRange->second);
    connect(pane, &Pane::failed, this, [this](const QString &title, const QString &message) {
        QMessageBox::warning(this, title, message);
    });
    connect(pane, &Pane::madeUnavailable, this,
            [this, id = pane->paneId()](const QString &reason) { setPaneUnavailable(id, reason); });
    if (!pane->unavailableReason().isEmpty())
        setPaneUnavailable(pane->paneId(), pane->unavailableReason());
}

void MainWindow::setPaneUnavailable(const QString &paneId, const QString &reason)
{
    if (QTreeWidgetItem *item = paneItem(paneId)) {
        item->setForeground(0, palette().color(QPalette::Disabled, QPalette::Text));
        item->setToolTip(0, reason);
    }
}

QList<Pane *> MainWindow::panes() const
{
    QList<Pane *> made;
    for (const ListedPane &listed : m_panes) {
        if (listed.pane)
            made << listed.pane;
    }
    return made;
}

QStringList MainWindow::paneIds() const
{
    QStringList ids;
    for (const ListedPane &listed : m_panes)
        ids << listed.id;
    return ids;
}

Pane *MainWindow::currentPane() const
{
    return qobject_cast<Pane *>(m_stack->currentWidget());
}

bool MainWindow::showPane(const QString &paneId)
{
    for (qsizetype i = 0; i < m_panes.size(); ++i) {
        if (m_panes.at(i).id == paneId) {
            m_navigation->setCurrentItem(m_navigation->topLevelItem(static_cast<int>(i)));
            return true;
        }
    }
    return false;
}

void MainWindow::removePanes()
{
    const QSignalBlocker quiet(m_navigation);
    m_currentAtPress = nullptr;
    m_navigation->clear();
    qDeleteAll(m_paneActions);
    m_paneActions.clear();
    for (const ListedPane &listed : std::as_const(m_panes)) {
        if (listed.pane) {
            m_stack->removeWidget(listed.pane);
            delete listed.pane;
        }
    }
    m_panes.clear();
    m_sharedRange.reset();
    m_exportAction->setEnabled(false);
    updateTitle();
}

void MainWindow::setConnectionLabel(const QString &label)
{
    m_connectionLabel = label;
    updateTitle();
}

void MainWindow::setWritable(bool writable)
{
    m_retentionAction->setEnabled(writable);
    m_backupAction->setEnabled(writable);
    m_backupAction->setToolTip(writable ? QString()
                                        : tr("The data is open read-only: back it up from the "
                                             "command line (porthole backup)."));
    m_retentionAction->setToolTip(writable ? QString()
                                           : tr("The data is open read-only: nothing is deleted."));
}

void MainWindow::setWelcomePage(QWidget *page)
{
    if (m_welcome) {
        m_stack->removeWidget(m_welcome);
        m_welcome->deleteLater();
    }
    m_welcome = page;
    if (!page) {
        onCurrentItemChanged(m_navigation->currentItem());
        return;
    }
    m_stack->addWidget(page);
    m_stack->setCurrentWidget(page);
    // The page has the focus: the list, given it with no current row, would pick its first.
    page->setFocus(Qt::OtherFocusReason);
    const QSignalBlocker quiet(m_navigation);
    m_navigation->setCurrentItem(nullptr);
    m_exportAction->setEnabled(false);
    updateTitle();
}

QTreeWidgetItem *MainWindow::paneItem(const QString &paneId) const
{
    for (int row = 0; row < m_navigation->topLevelItemCount(); ++row) {
        if (m_navigation->topLevelItem(row)->data(0, Qt::UserRole).toString() == paneId)
            return m_navigation->topLevelItem(row);
    }
    return nullptr;
}

void MainWindow::setPaneViews(const QString &paneId, const QStringList &names)
{
    QTreeWidgetItem *item = paneItem(paneId);
    if (!item)
        return;
    const QSignalBlocker quiet(m_navigation);
    const bool viewWasCurrent =
        m_navigation->currentItem() && m_navigation->currentItem()->parent() == item;
    m_currentAtPress = nullptr;
    qDeleteAll(item->takeChildren());
    for (const QString &name : names) {
        auto *view = new QTreeWidgetItem(item, {name});
        view->setToolTip(0, tr("The saved view “%1” of %2").arg(name, item->text(0)));
    }
    item->setExpanded(true);
    if (viewWasCurrent)
        m_navigation->setCurrentItem(item);
}

QStringList MainWindow::paneViews(const QString &paneId) const
{
    QStringList names;
    if (const QTreeWidgetItem *item = paneItem(paneId)) {
        for (int child = 0; child < item->childCount(); ++child)
            names << item->child(child)->text(0);
    }
    return names;
}

bool MainWindow::chooseView(const QString &paneId, const QString &name)
{
    QTreeWidgetItem *item = paneItem(paneId);
    for (int child = 0; item && child < item->childCount(); ++child) {
        if (item->child(child)->text(0) == name) {
            m_navigation->setCurrentItem(item->child(child));
            return true;
        }
    }
    return false;
}

void MainWindow::onCurrentItemChanged(QTreeWidgetItem *current)
{
    if (!current)
        return;
    QTreeWidgetItem *paneItem = current->parent() ? current->parent() : current;
    const int row = m_navigation->indexOfTopLevelItem(paneItem);
    if (row < 0 || row >= m_panes.size())
        return;
    m_stack->setCurrentWidget(madePane(row));
    m_exportAction->setEnabled(currentPane() && canExport(currentPane()));
    updateTitle();
    if (current->parent())
        emitViewChosen(current);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_navigation->viewport() && event->type() == QEvent::MouseButtonPress)
        m_currentAtPress = m_navigation->currentItem();
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::emitViewChosen(const QTreeWidgetItem *view)
{
    const int row = m_navigation->indexOfTopLevelItem(view->parent());
    if (row >= 0 && row < m_panes.size())
        Q_EMIT viewChosen(madePane(row), view->text(0));
}

void MainWindow::updateTitle()
{
    QStringList parts;
    if (const Pane *pane = currentPane())
        parts << pane->title();
    else if (m_welcome && m_stack->currentWidget() == m_welcome)
        parts << tr("Welcome");
    if (!m_connectionLabel.isEmpty())
        parts << m_connectionLabel;
    parts << tr("Porthole");
    setWindowTitle(parts.join(u" — "_s));
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(u"MainWindow"_s);
    if (!restoreGeometry(settings.value(u"geometry"_s).toByteArray())) {
        if (const QScreen *where = screen())
            setGeometry(firstStartGeometry(where->availableGeometry()));
    }
    restoreState(settings.value(u"state"_s).toByteArray());
    m_splitter->restoreState(settings.value(u"splitter"_s).toByteArray());
}

QString MainWindow::savedPane()
{
    return QSettings().value(u"MainWindow/pane"_s).toString();
}

QRect MainWindow::firstStartGeometry(const QRect &available)
{
    const QSize least(1100, 680);
    QSize size = available.size() * 9 / 10;
    size = size.expandedTo(least).boundedTo(available.size());
    QRect geometry(QPoint(), size);
    geometry.moveCenter(available.center());
    return geometry;
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(u"MainWindow"_s);
    settings.setValue(u"geometry"_s, saveGeometry());
    settings.setValue(u"state"_s, saveState());
    settings.setValue(u"splitter"_s, m_splitter->saveState());
    if (const Pane *pane = currentPane())
        settings.setValue(u"pane"_s, pane->paneId());
}

void MainWindow::setTray(QSystemTrayIcon *tray)
{
    m_tray = tray;
}

void MainWindow::quit()
{
    m_quitting = true;
    QApplication::closeAllWindows();
    m_quitting = false; // a window that refused to close keeps the program running
}

void MainWindow::endSession()
{
    quit();
    saveSettings(); // also when a window before this one stayed open
    QCoreApplication::exit(0);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    if (m_quitting || !m_tray || !m_tray->isVisible() ||
        !QSystemTrayIcon::isSystemTrayAvailable()) {
        event->accept();
        return;
    }
    // Closed, not quit: into the tray, where the alerts go on.
    event->ignore();
    hide();
    if (!m_toldOfTray) {
        m_toldOfTray = true;
        m_tray->showMessage(tr("Porthole keeps watching"),
                            tr("The alerts go on in the tray. Quit from its menu or File > Quit."),
                            QSystemTrayIcon::Information, 8000);
    }
}

HelpBrowser *MainWindow::showUserGuide()
{
    if (!m_help) {
        m_help = new HelpBrowser(this);
        m_help->setWindowFlag(Qt::Window);
        connect(m_help, &HelpBrowser::externalLinkClicked, this,
                [](const QUrl &url) { QDesktopServices::openUrl(url); });
    }
    m_help->show();
    m_help->raise();
    m_help->activateWindow();
    return m_help;
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Porthole"),
        tr("<h3>Porthole %1</h3>"
           "<p>The operator console for port-based message pipelines: batch files, "
           "messages, checkpoints, queues and metrics, live.</p>"
           "<p>Built with Qt %2.</p>")
            .arg(QString::fromLatin1(PORTHOLE_VERSION), QString::fromLatin1(qVersion())));
}

} // namespace porthole
