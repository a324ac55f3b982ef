#include "componentstatepane.h"

#include "icons.h"
#include "listingparts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString settingsGroup = u"componentstate"_s;

} // namespace

ComponentStatePane::ComponentStatePane(ComponentStateModel *components,
                                       ComponentStateModel *versionModel, QWidget *parent)
    : Pane(u"componentstate"_s, paneTitle(), parent)
    , m_components(components)
    , m_versions(versionModel)
    , m_detail(new VersionDetail({.key = 24, .value = 34, .oldValue = 24}, this))
{
    QHBoxLayout *bar = setUpBar();
    setUpComponents();
    QWidget *versions = setUpVersions();

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"componentStateSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_componentStack);
    m_splitter->addWidget(versions);
    m_splitter->addWidget(m_detail);
    shareSplitter(m_splitter, {4, 3, 4});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_splitter, 1);

    openOnEnter(m_componentView, m_versionView);
    openOnEnter(m_versionView, m_detail->views());

    connectModels();
    followWhileShown(
        [this] {
            return QList<PagedTableModel *>{m_components, m_versions};
        },
        [this] { return isLive(); });
    restoreSettings();
    updateStates();
    updateDetail();
}

QHBoxLayout *ComponentStatePane::setUpBar()
{
    m_type = new QComboBox(this);
    m_type->setObjectName(u"typeField"_s);
    m_type->addItem(tr("all types"), QString());
    for (const QString &type : ComponentStateRepository::componentTypes())
        m_type->addItem(type, type);
    m_type->setToolTip(tr("Only components of this type"));
    auto *typeLabel = new QLabel(tr("&Type:"), this);
    typeLabel->setBuddy(m_type);
    m_live = new QCheckBox(tr("&Live"), this);
    m_live->setChecked(true);
    m_live->setToolTip(tr("Shows new versions as components save them"));
    auto *refreshButton = new QPushButton(themedIcon(IconId::Refresh), tr("&Refresh"), this);
    refreshButton->setToolTip(tr("Reads the component states again (F5)"));
    m_export = new QPushButton(tr("&Export…"), this);
    m_export->setObjectName(u"exportButton"_s);
    m_export->setToolTip(tr("Writes the versions listed to a CSV, JSON or JSON Lines file "
                            "(Ctrl+E)"));
    m_componentCount = new QLabel(this);

    auto *bar = new QHBoxLayout;
    bar->addWidget(typeLabel);
    bar->addWidget(m_type);
    bar->addSpacing(12);
    bar->addWidget(m_componentCount);
    bar->addStretch();
    bar->addWidget(m_live);
    bar->addWidget(refreshButton);
    bar->addWidget(m_export);

    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        const QString type = m_type->currentData().toString();
        m_components->setType(type);
        m_versions->setType(type);
    });
    connect(m_live, &QCheckBox::toggled, this, &ComponentStatePane::updateFollow);
    connect(refreshButton, &QPushButton::clicked, this, &ComponentStatePane::refresh);
    connect(m_export, &QPushButton::clicked, this, &Pane::exportRequested);
    return bar;
}

void ComponentStatePane::setUpComponents()
{
    const int charWidth = fontMetrics().averageCharWidth();
    m_componentView = new QTableView(this);
    m_componentView->setObjectName(u"componentView"_s);
    setUpListingTable(m_componentView);
    m_componentView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_componentView->setModel(m_components);
    m_componentView->setColumnWidth(ComponentStateModel::ComponentColumn, charWidth * 16);
    m_componentView->setColumnWidth(ComponentStateModel::TypeColumn, charWidth * 12);
    m_componentView->setColumnWidth(ComponentStateModel::VersionColumn, charWidth * 9);
    m_componentView->setColumnHidden(ComponentStateModel::StateColumn, true);
    fitColumn(m_componentView, ComponentStateModel::UpdatedColumn, u"0000-00-00 00:00:00.000"_s);
    widenColumnsToRows(m_componentView,
                       {ComponentStateModel::ComponentColumn, ComponentStateModel::TypeColumn});
    m_componentStack = new ListingStack(m_componentView, this, u"componentsState"_s);
}

QWidget *ComponentStatePane::setUpVersions()
{
    const int charWidth = fontMetrics().averageCharWidth();
    m_versionHeading = new QLabel(this);
    m_versionHeading->setObjectName(u"versionHeading"_s);
    m_versionView = new QTableView(this);
    m_versionView->setObjectName(u"versionView"_s);
    setUpListingTable(m_versionView);
    m_versionView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_versionView->setModel(m_versions);
    // The component and its type are the one picked on the left.
    m_versionView->setColumnHidden(ComponentStateModel::ComponentColumn, true);
    m_versionView->setColumnHidden(ComponentStateModel::TypeColumn, true);
    m_versionView->setColumnWidth(ComponentStateModel::VersionColumn, charWidth * 8);
    fitColumn(m_versionView, ComponentStateModel::UpdatedColumn, u"0000-00-00 00:00:00"_s);
    copyRowsOnCtrlC(m_versionView,
                    [this](const QString &message) { Q_EMIT statusMessage(message); });
    m_versionStack = new ListingStack(m_versionView, this, u"versionsState"_s);
    auto *versions = new QWidget(this);
    auto *versionLayout = new QVBoxLayout(versions);
    versionLayout->setContentsMargins(0, 0, 0, 0);
    versionLayout->addWidget(m_versionHeading);
    versionLayout->addWidget(m_versionStack, 1);
    return versions;
}

void ComponentStatePane::connectModels()
{
    for (ComponentStateModel *model : {m_components, m_versions}) {
        connect(model, &PagedTableModel::stateChanged, this, &ComponentStatePane::updateStates);
        connect(model, &PagedTableModel::totalCountChanged, this,
                &ComponentStatePane::updateStates);
        connect(model, &QAbstractItemModel::modelReset, this, &ComponentStatePane::updateStates);
        connect(model, &QAbstractItemModel::rowsInserted, this, &ComponentStatePane::updateStates);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &ComponentStatePane::updateStates);
    }
    connect(m_componentView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ComponentStatePane::onComponentChanged);
    connect(m_versionView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ComponentStatePane::updateDetail);
    connect(m_versions, &QAbstractItemModel::modelReset, this, &ComponentStatePane::updateDetail);
    // The hint to select a version, once there are versions to select.
    connect(m_versions, &QAbstractItemModel::rowsInserted, this, &ComponentStatePane::updateDetail);
    // A selected row read again (its page came back) may now have what to show.
    connect(m_versions, &QAbstractItemModel::dataChanged, this, &ComponentStatePane::updateDetail);
    // The version focusOn() asked for, once the rows around it are read.
    connect(m_versions, &PagedTableModel::stateChanged, this,
            &ComponentStatePane::selectChosenVersion);
    connect(m_versions, &QAbstractItemModel::rowsInserted, this,
            &ComponentStatePane::selectChosenVersion);
    connect(m_versions, &QAbstractItemModel::dataChanged, this,
            &ComponentStatePane::selectChosenVersion);
    // A page asked for and dropped (the listing's end moved meanwhile): asked for again.
    connect(m_versions, &PagedTableModel::busyChanged, this,
            &ComponentStatePane::selectChosenVersion);
}

ComponentStatePane::~ComponentStatePane()
{
    saveSettings();
}

QIcon ComponentStatePane::paneIcon()
{
    return themedIcon(IconId::ComponentState);
}

std::shared_ptr<const ExportSource> ComponentStatePane::exportSource() const
{
    return m_versions->component().isEmpty() ? m_components->exportSource()
                                             : m_versions->exportSource();
}

QString ComponentStatePane::exportDescription() const
{
    if (m_versions->component().isEmpty())
        return tr("every version of the components listed");
    return tr("the versions of %1 (%2)")
        .arg(m_versions->component(), PagedTableModel::countText(m_versions->totalCount()));
}

void ComponentStatePane::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    settings.setValue(u"splitter"_s, m_splitter->saveState());
    settings.setValue(u"componentColumns"_s, m_componentView->horizontalHeader()->saveState());
    settings.setValue(u"versionColumns"_s, m_versionView->horizontalHeader()->saveState());
}

void ComponentStatePane::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    if (!m_splitter->restoreState(settings.value(u"splitter"_s).toByteArray()))
        fitSplitterToColumns(m_componentView);
    m_componentView->horizontalHeader()->restoreState(
        settings.value(u"componentColumns"_s).toByteArray());
    m_versionView->horizontalHeader()->restoreState(
        settings.value(u"versionColumns"_s).toByteArray());
}

void ComponentStatePane::refresh()
{
    m_components->refresh();
    m_versions->refresh();
}

bool ComponentStatePane::isLive() const
{
    return m_live->isChecked();
}

void ComponentStatePane::setLive(bool live)
{
    m_live->setChecked(live);
}

// --- Selection ------------------------------------------------------------------------------

void ComponentStatePane::selectComponent(const QString &component)
{
    for (int row = 0; row < m_components->rowCount(); ++row) {
        if (m_components->index(row, ComponentStateModel::ComponentColumn).data().toString() ==
            component) {
            m_componentView->selectRow(row);
            m_componentView->setCurrentIndex(m_components->index(row, 0));
            return;
        }
    }
    // Not read yet (or filtered out): its versions all the same.
    m_componentView->selectionModel()->clearSelection();
    m_versions->setComponent(component);
    updateStates();
}

void ComponentStatePane::focusOn(const PaneFocus &focus)
{
    if (focus.component.isEmpty())
        return;
    const bool listed = m_versions->component() == focus.component;
    m_chosenComponent = focus.component;
    m_chosenVersion = focus.version;
    m_goneVersion = 0;
    selectComponent(focus.component);
    if (!m_chosenVersion) {
        updateDetail();
        return;
    }
    // Its versions listed already: listed again from the newest, as the version may be newer
    // than those read, or gone since.
    if (listed) {
        m_versions->setComponent({});
        m_versions->setComponent(focus.component);
    }
    selectChosenVersion();
}

void ComponentStatePane::onComponentChanged()
{
    const QModelIndex current = m_componentView->selectionModel()->currentIndex();
    if (!current.isValid() || !current.data(PagedTableModel::RowLoadedRole).toBool())
        return;
    const auto state = current.data(ComponentStateModel::StateRole).value<ComponentState>();
    if (state.componentName != m_chosenComponent) {
        m_chosenComponent.clear();
        m_chosenVersion.reset();
        m_goneVersion = 0;
    }
    m_versions->setComponent(state.componentName);
    updateStates();
}

void ComponentStatePane::selectChosenVersion()
{
    if (!m_chosenVersion || m_versions->component() != m_chosenComponent ||
        m_versions->state() != PagedTableModel::State::Ready)
        return;
    const qint64 chosen = *m_chosenVersion;
    const auto versionAt = [this](int row) {
        return m_versions->index(row, 0).data(ComponentStateModel::VersionRole).toLongLong();
    };
    const auto read = [this](int row) {
        return m_versions->index(row, 0).data(PagedTableModel::RowLoadedRole).toBool();
    };
    // Newest first: the first row at or below the version, and the row after it, its previous
    // version, both read (or the listing's end).
    const int rows = m_versions->rowCount();
    int row = 0;
    while (row < rows && read(row) && versionAt(row) > chosen)
        ++row;
    if (row < rows && !read(row))
        return; // a page read again: dataChanged() comes
    const bool found = row < rows && versionAt(row) == chosen;
    if (found && row + 1 < rows && !read(row + 1))
        return;
    if ((row == rows || (found && row + 1 == rows)) && m_versions->canFetchMore({})) {
        m_versions->fetchMore({});
        return;
    }
    m_chosenVersion.reset();
    if (!found) {
        m_goneVersion = chosen;
        m_versionView->selectionModel()->clearSelection();
        updateDetail();
        return;
    }
    QList<int> versions{int(chosen)};
    if (row + 1 < rows)
        versions << int(versionAt(row + 1));
    selectVersions(versions);
    const QModelIndex index = m_versions->index(row, 0);
    m_versionView->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    m_versionView->scrollTo(index);
}

void ComponentStatePane::selectVersions(const QList<int> &versions)
{
    QItemSelection selection;
    for (int row = 0; row < m_versions->rowCount(); ++row) {
        const QModelIndex index = m_versions->index(row, 0);
        if (index.data(PagedTableModel::RowLoadedRole).toBool() &&
            versions.contains(index.data(ComponentStateModel::VersionRole).toInt()))
            selection.select(index, index);
    }
    m_versionView->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect |
                                                           QItemSelectionModel::Rows);
}

QList<ComponentState> ComponentStatePane::selectedVersions() const
{
    QList<ComponentState> states;
    for (const QModelIndex &index : m_versionView->selectionModel()->selectedRows()) {
        if (index.data(PagedTableModel::RowLoadedRole).toBool())
            states << index.data(ComponentStateModel::StateRole).value<ComponentState>();
    }
    std::sort(states.begin(), states.end(), [](const ComponentState &a, const ComponentState &b) {
        return a.version < b.version;
    });
    return states;
}

// --- What the pane says ---------------------------------------------------------------------

QString ComponentStatePane::componentsStateText() const
{
    return m_componentStack->stateText();
}

QString ComponentStatePane::versionsStateText() const
{
    return m_versionStack->stateText();
}

void ComponentStatePane::updateStates()
{
    const auto listingState = [](const PagedTableModel *model, const QString &none) {
        return listingStateText(model, {tr("Reading…"),
                                        tr("Cannot read the component states.\n%1\nPress F5 to "
                                           "try again."),
                                        none});
    };
    const bool components = m_components->rowCount() > 0;
    m_componentStack->showRows(
        components, components
                        ? QString()
                        : listingState(m_components,
                                       m_components->type().isEmpty()
                                           ? tr("No component has saved its state yet.")
                                           : tr("No component of this type has saved its state.")));
    const PagedTableModel::State state = m_components->state();
    m_componentCount->setText(state == PagedTableModel::State::Ready
                                  ? tr("%1 (components)").arg(m_components->totalCountText())
                                  : QString());

    const QString component = m_versions->component();
    const bool versions = m_versions->rowCount() > 0;
    m_versionHeading->setText(
        component.isEmpty()
            ? tr("Versions")
            : tr("Versions of %1 · %2").arg(component, m_versions->totalCountText()));
    m_versionStack->showRows(
        versions,
        versions ? QString()
        : component.isEmpty()
            ? tr("Select a component to see its versions.")
            : listingState(m_versions, tr("%1 has no saved state of this type.").arg(component)));
    for (const PagedTableModel *model : {m_components, m_versions}) {
        if (model->state() == PagedTableModel::State::Error)
            Q_EMIT statusMessage(model->errorMessage());
    }
}

void ComponentStatePane::showMessage(const QString &heading, const QString &message)
{
    m_shown.clear();
    m_detail->showMessage(heading, message);
}

void ComponentStatePane::updateDetail()
{
    const int selectedRows = int(m_versionView->selectionModel()->selectedRows().size());
    const QList<ComponentState> selected = selectedVersions();
    if (selectedRows > 0)
        m_goneVersion = 0;
    if (selectedRows == 0 && m_goneVersion > 0) {
        showMessage(tr("%1, version %2").arg(m_chosenComponent).arg(m_goneVersion),
                    tr("Version %1 of the state of %2 is no longer stored. The versions listed "
                       "are those still stored.")
                        .arg(m_goneVersion)
                        .arg(m_chosenComponent));
        return;
    }
    if (selectedRows == 0) {
        showMessage(QString(), m_versions->rowCount() > 0
                                   ? tr("Select a version to see its state, or two (Ctrl+click) "
                                        "to see what changed between them.")
                                   : QString());
        return;
    }
    if (selectedRows > 2) {
        showMessage(QString(), tr("%n versions are selected: select one to see its state, or "
                                  "two to compare them.",
                                  nullptr, selectedRows));
        return;
    }
    if (selected.size() < selectedRows) {
        showMessage(QString(), tr("Reading…"));
        return;
    }
    QStringList shown;
    for (const ComponentState &state : selected)
        shown << state.id + u'@' + QString::number(state.version);
    if (shown == m_shown)
        return; // shown already: the tree keeps what the operator expanded
    QList<QJsonValue> values;
    for (const ComponentState &state : selected) {
        const QJsonValue value = ComponentStateModel::jsonOf(state);
        if (value.isUndefined()) {
            showMessage(tr("%1, version %2").arg(state.componentName).arg(state.version),
                        tr("Version %1 does not hold valid JSON.").arg(state.version));
            return;
        }
        values << value;
    }
    if (selected.size() == 1) {
        showState(selected.constFirst(), values.constFirst());
        m_shown = shown;
        return;
    }
    const ComponentState &older = selected.at(0);
    const ComponentState &newer = selected.at(1);
    m_detail->showDifferences(
        tr("%1: version %2 → version %3")
            .arg(older.componentName)
            .arg(older.version)
            .arg(newer.version),
        values.at(0), values.at(1),
        tr("Versions %1 and %2 hold the same state.").arg(older.version).arg(newer.version));
    m_shown = shown;
}

void ComponentStatePane::showState(const ComponentState &state, const QJsonValue &value)
{
    m_detail->showDocument(
        QStringList{
            tr("%1, version %2").arg(state.componentName).arg(state.version), state.componentType,
            tr("updated %1")
                .arg(QLocale().toString(state.updatedAt.toLocalTime(), u"yyyy-MM-dd HH:mm:ss"_s))}
            .join(u" · "_s),
        value);
}

} // namespace porthole
