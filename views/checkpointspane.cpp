#include "checkpointspane.h"

#include "checkpointmodel.h"
#include "checkpointtext.h"
#include "checkpointversionmodel.h"
#include "exportsource.h"
#include "icons.h"
#include "listingparts.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QFont>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString settingsGroup = u"checkpoints"_s;

} // namespace

CheckpointsPane::CheckpointsPane(CheckpointModel *names, CheckpointVersionModel *versions,
                                 QWidget *parent)
    : Pane(u"checkpoints"_s, paneTitle(), parent)
    , m_names(names)
    , m_versions(versions)
    , m_detail(new VersionDetail({.key = 28, .value = 40, .oldValue = 30}, this))
{
    Q_ASSERT(names && versions);

    QWidget *left = setUpNames();
    QWidget *versionPart = setUpVersions();
    setUpCopyActions();

    // The names above the chosen one's versions, each table's columns in full; what a version
    // holds beside them, the whole height.
    m_versionSplitter = new QSplitter(Qt::Vertical, this);
    m_versionSplitter->setObjectName(u"versionSplitter"_s);
    m_versionSplitter->setChildrenCollapsible(false);
    m_versionSplitter->addWidget(left);
    m_versionSplitter->addWidget(versionPart);
    shareSplitter(m_versionSplitter, {2, 3});

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(u"mainSplitter"_s);
    m_mainSplitter->setChildrenCollapsible(false);
    m_mainSplitter->addWidget(m_versionSplitter);
    m_mainSplitter->addWidget(m_detail);
    shareSplitter(m_mainSplitter, {3, 2});

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_mainSplitter);

    // Ctrl+F goes to the filter; Enter from a name to its versions, from a version to what it
    // holds (the tree, or the differences of two); Escape comes back.
    focusOnFind(this, m_filter);
    openOnEnter(m_nameView, m_versionView);
    openOnEnter(m_versionView, m_detail->views());

    connectModels();
    restoreSettings();
    updateNamesState();
    updateVersionsState();
    updateDetail();
}

QWidget *CheckpointsPane::setUpNames()
{
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(u"filterField"_s);
    m_filter->setClearButtonEnabled(true);
    m_filter->setPlaceholderText(tr("Name or component"));
    auto *filterLabel = new QLabel(tr("&Filter:"), this);
    filterLabel->setBuddy(m_filter);
    auto *refreshButton = new QPushButton(themedIcon(IconId::Refresh), tr("&Refresh"), this);
    refreshButton->setToolTip(tr("Reads the checkpoints again (F5)"));
    connect(refreshButton, &QPushButton::clicked, this, &CheckpointsPane::refresh);
    connect(m_filter, &QLineEdit::textChanged, m_names, &CheckpointModel::setFilterText);
    auto *bar = new QHBoxLayout;
    bar->addWidget(filterLabel);
    bar->addWidget(m_filter, 1);
    bar->addWidget(refreshButton);

    m_nameView = new QTableView(this);
    m_nameView->setObjectName(u"nameView"_s);
    setUpListingTable(m_nameView);
    m_nameView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_nameView->setModel(m_names);
    const QString time = u"0000-00-00 00:00:00"_s;
    m_nameView->setColumnWidth(CheckpointModel::NameColumn,
                               m_nameView->fontMetrics().averageCharWidth() * 24);
    fitColumn(m_nameView, CheckpointModel::ComponentColumn, u"payment-gateway"_s);
    fitColumn(m_nameView, CheckpointModel::VersionsColumn, u"1,000+"_s);
    fitColumn(m_nameView, CheckpointModel::LatestVersionColumn, u"000000"_s);
    fitColumn(m_nameView, CheckpointModel::LatestCreatedColumn, time);
    // The last column takes the room left, at least its title's: most names never expire.
    fitColumn(m_nameView, CheckpointModel::ExpiresColumn, {});
    widenColumnsToRows(m_nameView, {CheckpointModel::NameColumn, CheckpointModel::ComponentColumn});
    fitSplitterToColumns(m_nameView); // from the document beside, on a narrow screen
    m_nameStack = new ListingStack(m_nameView, this, u"namesState"_s);

    m_nameProblem = new QLabel(this);
    m_nameProblem->setObjectName(u"namesProblem"_s);
    m_nameProblem->setWordWrap(true);
    m_nameProblem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette warning = m_nameProblem->palette();
    warning.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
    m_nameProblem->setPalette(warning);
    m_nameProblem->hide();

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(bar);
    leftLayout->addWidget(m_nameProblem);
    leftLayout->addWidget(m_nameStack, 1);
    return left;
}

QWidget *CheckpointsPane::setUpVersions()
{
    const QString time = u"0000-00-00 00:00:00"_s;
    // The longest an expiry reads, as for the names.
    const QString expired = checkpointtext::expiry(QDateTime::currentDateTime(), true);
    m_versionHeading = new QLabel(this);
    m_versionHeading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_compare = new QPushButton(tr("Compare with &previous"), this);
    m_compare->setObjectName(u"compareButton"_s);
    m_compare->setToolTip(tr("Shows what changed from the version before the selected one. "
                             "Select two versions (Ctrl+click) to compare any two."));
    connect(m_compare, &QPushButton::clicked, this, &CheckpointsPane::compareWithPrevious);
    auto *versionBar = new QHBoxLayout;
    versionBar->addWidget(m_versionHeading, 1);
    versionBar->addWidget(m_compare);

    m_versionView = new QTableView(this);
    m_versionView->setObjectName(u"versionView"_s);
    setUpListingTable(m_versionView);
    // Two versions selected are compared.
    m_versionView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_versionView->setModel(m_versions);
    // The latest version's row is in bold.
    QFont bold = m_versionView->font();
    bold.setBold(true);
    const auto fitBold = [this, &bold](int column, const QString &sample) {
        fitColumn(m_versionView, column, sample,
                  QFontMetrics(bold).horizontalAdvance(sample) -
                      m_versionView->fontMetrics().horizontalAdvance(sample));
    };
    fitBold(CheckpointVersionModel::VersionColumn, u"000000"_s);
    fitBold(CheckpointVersionModel::CreatedColumn, time);
    fitBold(CheckpointVersionModel::ExpiresColumn, expired);
    fitSplitterToColumns(m_versionView);
    m_versionStack = new ListingStack(m_versionView, this, u"versionsState"_s);

    auto *versionPart = new QWidget(this);
    auto *versionLayout = new QVBoxLayout(versionPart);
    versionLayout->setContentsMargins(0, 0, 0, 0);
    versionLayout->addLayout(versionBar);
    versionLayout->addWidget(m_versionStack, 1);
    return versionPart;
}

void CheckpointsPane::setUpCopyActions()
{
    m_copyValue = new QAction(tr("Copy &value"), this);
    m_copyValue->setShortcut(QKeySequence::Copy);
    m_copyValue->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyValue->setToolTip(tr("Copies the value as compact JSON"));
    connect(m_copyValue, &QAction::triggered, this, &CheckpointsPane::copyValue);
    m_copyPath = new QAction(tr("Copy &path"), this);
    m_copyPath->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyPath->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyPath->setToolTip(tr("Copies the JSON path, e.g. $.orders[2].id"));
    connect(m_copyPath, &QAction::triggered, this, &CheckpointsPane::copyPath);
    for (QAbstractItemView *view : {static_cast<QAbstractItemView *>(treeView()),
                                    static_cast<QAbstractItemView *>(diffView())}) {
        view->addAction(m_copyValue);
        view->addAction(m_copyPath);
        view->setContextMenuPolicy(Qt::ActionsContextMenu);
    }
}

void CheckpointsPane::connectModels()
{
    connect(m_names, &CheckpointModel::stateChanged, this, &CheckpointsPane::updateNamesState);
    connect(m_names, &CheckpointModel::loaded, this, &CheckpointsPane::onNamesLoaded);
    connect(m_nameView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CheckpointsPane::onNameChanged);
    connect(m_versions, &CheckpointVersionModel::stateChanged, this,
            &CheckpointsPane::updateVersionsState);
    connect(m_versions, &CheckpointVersionModel::loaded, this, &CheckpointsPane::onVersionsLoaded);
    connect(m_versions, &QAbstractItemModel::modelReset, this, &CheckpointsPane::updateDetail);
    connect(m_versions, &QAbstractItemModel::rowsRemoved, this, &CheckpointsPane::updateDetail);
    connect(m_versionView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CheckpointsPane::updateDetail);
    connect(m_versions, &CheckpointVersionModel::documentLoaded, this, [this](qint64 version) {
        if (selectedVersions().contains(version))
            updateDetail();
    });
    connect(m_versions, &CheckpointVersionModel::documentFailed, this,
            [this](qint64 version, const QString &message) {
                if (!selectedVersions().contains(version))
                    return;
                showMessage(versionLabel(version),
                            tr("Cannot read version %1.\n%2").arg(version).arg(message));
                Q_EMIT statusMessage(message);
            });
}

CheckpointsPane::~CheckpointsPane()
{
    saveSettings();
}

QIcon CheckpointsPane::paneIcon()
{
    return themedIcon(IconId::Checkpoints);
}

std::shared_ptr<const ExportSource> CheckpointsPane::exportSource() const
{
    return checkpointsExport(m_names->filterText());
}

QString CheckpointsPane::exportDescription() const
{
    const int shown = m_names->rowCount();
    return shown == 1
               ? tr("the latest version of the checkpoint shown")
               : tr("the latest version of each of the %Ln checkpoints shown", nullptr, shown);
}

void CheckpointsPane::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    settings.setValue(u"listsAndDocument"_s, m_mainSplitter->saveState());
    settings.setValue(u"namesAndVersions"_s, m_versionSplitter->saveState());
    settings.setValue(u"nameColumns"_s, m_nameView->horizontalHeader()->saveState());
    settings.setValue(u"versionColumns"_s, m_versionView->horizontalHeader()->saveState());
    settings.setValue(u"treeColumns"_s, treeView()->header()->saveState());
    settings.setValue(u"diffColumns"_s, diffView()->horizontalHeader()->saveState());
}

void CheckpointsPane::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    m_mainSplitter->restoreState(settings.value(u"listsAndDocument"_s).toByteArray());
    m_versionSplitter->restoreState(settings.value(u"namesAndVersions"_s).toByteArray());
    m_nameView->horizontalHeader()->restoreState(settings.value(u"nameColumns"_s).toByteArray());
    m_versionView->horizontalHeader()->restoreState(
        settings.value(u"versionColumns"_s).toByteArray());
    treeView()->header()->restoreState(settings.value(u"treeColumns"_s).toByteArray());
    diffView()->horizontalHeader()->restoreState(settings.value(u"diffColumns"_s).toByteArray());
}

void CheckpointsPane::refresh()
{
    m_names->refresh();
    m_versions->refresh();
}

// --- Names and versions -------------------------------------------------------------------

bool CheckpointsPane::selectCheckpoint(const QString &name)
{
    const int row = m_names->rowOf(name);
    if (row < 0)
        return false;
    const QModelIndex index = m_names->index(row, CheckpointModel::NameColumn);
    m_nameView->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
    m_nameView->scrollTo(index);
    return true;
}

void CheckpointsPane::focusOn(const PaneFocus &focus)
{
    if (focus.checkpoint.isEmpty())
        return;
    // Chosen: selected now if listed, else when the filtered listing comes (onNamesLoaded).
    m_chosenName = focus.checkpoint;
    m_chosenVersion = focus.version;
    m_goneVersion = 0;
    const bool listed = m_versions->checkpointName() == focus.checkpoint;
    if (m_filter->text() != focus.checkpoint)
        m_filter->setText(focus.checkpoint);
    selectCheckpoint(focus.checkpoint);
    // Its versions listed already: read again, as the version may be newer than the listing;
    // onVersionsLoaded() selects it.
    if (m_chosenVersion && listed)
        m_versions->refresh();
    else if (!m_chosenVersion)
        updateDetail();
}

QString CheckpointsPane::selectedCheckpoint() const
{
    return m_versions->checkpointName();
}

void CheckpointsPane::onNamesLoaded()
{
    updateNamesState();
    // A version was asked for of a checkpoint no longer stored at all: said, rather than
    // another checkpoint's shown.
    const bool chosenGone = m_chosenVersion && m_names->rowOf(m_chosenName) < 0;
    if (m_names->rowCount() == 0 || chosenGone) {
        m_goneVersion = chosenGone ? *m_chosenVersion : 0;
        m_chosenVersion.reset();
        m_versions->setCheckpointName({});
        updateDetail();
        return;
    }
    if (m_nameView->selectionModel()->currentIndex().isValid())
        return;
    // A new listing: the checkpoint chosen before if it is still listed, else the first.
    m_selecting = true;
    if (m_chosenName.isEmpty() || !selectCheckpoint(m_chosenName))
        selectCheckpoint(m_names->checkpoints().constFirst().name);
    m_selecting = false;
}

void CheckpointsPane::onNameChanged()
{
    const QModelIndex current = m_nameView->selectionModel()->currentIndex();
    const QString name =
        current.isValid() ? current.data(CheckpointModel::NameRole).toString() : QString();
    if (!m_selecting && !name.isEmpty() && name != m_chosenName) {
        m_chosenName = name;
        m_chosenVersion.reset();
        m_goneVersion = 0;
    }
    m_versions->setCheckpointName(name);
    updateVersionsState();
}

void CheckpointsPane::onVersionsLoaded()
{
    updateVersionsState();
    if (m_chosenVersion && m_versions->checkpointName() == m_chosenName) {
        selectChosenVersion(*std::exchange(m_chosenVersion, std::nullopt));
        return;
    }
    // Newly listed: the latest version, unless the operator chose versions already.
    if (m_versions->rowCount() > 0 && !m_versionView->selectionModel()->hasSelection())
        selectVersions({m_versions->versions().constFirst().version});
    else
        updateDetail();
}

void CheckpointsPane::selectChosenVersion(qint64 version)
{
    if (m_versions->rowOfVersion(version) < 0) {
        // Gone since (retention deletes older versions): no other one in its place.
        m_goneVersion = version;
        selectVersions({});
        return;
    }
    m_goneVersion = 0;
    const qint64 previous = m_versions->previousVersion(version);
    selectVersions(previous > 0 ? QList<qint64>{previous, version} : QList<qint64>{version});
}

void CheckpointsPane::selectVersions(const QList<qint64> &versions)
{
    QItemSelection selection;
    QModelIndex first;
    for (const qint64 version : versions) {
        const int row = m_versions->rowOfVersion(version);
        if (row < 0)
            continue;
        const QModelIndex index = m_versions->index(row, 0);
        selection.select(index, index);
        if (!first.isValid() || row < first.row())
            first = index;
    }
    QItemSelectionModel *model = m_versionView->selectionModel();
    m_selecting = true;
    model->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (first.isValid()) {
        model->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
        m_versionView->scrollTo(first);
    }
    m_selecting = false;
    updateDetail();
}

QList<qint64> CheckpointsPane::selectedVersions() const
{
    QList<qint64> versions;
    for (const QModelIndex &index : m_versionView->selectionModel()->selectedRows())
        versions << index.data(CheckpointVersionModel::VersionRole).toLongLong();
    std::sort(versions.begin(), versions.end());
    return versions;
}

void CheckpointsPane::compareWithPrevious()
{
    const QList<qint64> selected = selectedVersions();
    if (selected.isEmpty())
        return;
    const qint64 version = selected.constLast();
    const qint64 previous = m_versions->previousVersion(version);
    if (previous > 0)
        selectVersions({previous, version});
}

void CheckpointsPane::updateNamesState()
{
    QString text;
    const bool filtered = !m_names->filterText().isEmpty();
    switch (m_names->state()) {
    case CheckpointModel::State::Loading:
        text = tr("Reading the checkpoints…");
        break;
    case CheckpointModel::State::Error:
        text = tr("Cannot read the checkpoints.\n%1\nPress F5 to try again.")
                   .arg(m_names->errorMessage());
        Q_EMIT statusMessage(m_names->errorMessage());
        break;
    case CheckpointModel::State::Ready:
        if (m_names->rowCount() == 0)
            text =
                filtered
                    ? tr("No checkpoint name or component holds “%1”.").arg(m_names->filterText())
                    : tr("No checkpoints are stored yet.\nComponents save them as they "
                         "work; press F5 to look again.");
        break;
    }
    const bool list =
        m_names->rowCount() > 0 && m_names->state() != CheckpointModel::State::Loading;
    m_nameStack->showRows(list, text);
    // Names still listed when a refresh fails stay in view; what went wrong is told above them.
    const bool problem = list && m_names->state() == CheckpointModel::State::Error;
    m_nameProblem->setText(
        problem ? tr("Cannot read the checkpoints again: %1").arg(m_names->errorMessage())
                : QString());
    m_nameProblem->setVisible(problem);
}

void CheckpointsPane::updateVersionsState()
{
    const QString name = m_versions->checkpointName();
    m_versionHeading->setText(name.isEmpty() ? tr("Versions") : tr("Versions of %1").arg(name));
    QString text;
    switch (m_versions->state()) {
    case CheckpointVersionModel::State::Idle:
        text = tr("Select a checkpoint to see its versions.");
        break;
    case CheckpointVersionModel::State::Loading:
        text = tr("Reading the versions of %1…").arg(name);
        break;
    case CheckpointVersionModel::State::Error:
        text = tr("Cannot read the versions of %1.\n%2\nPress F5 to try again.")
                   .arg(name, m_versions->errorMessage());
        Q_EMIT statusMessage(m_versions->errorMessage());
        break;
    case CheckpointVersionModel::State::Ready:
        if (m_versions->rowCount() == 0)
            text = tr("%1 has no versions any more.").arg(name);
        break;
    }
    const bool list = m_versions->rowCount() > 0;
    m_versionStack->showRows(list, text);
}

} // namespace porthole
