#pragma once

#include "componentstatemodel.h"
#include "pane.h"
#include "versiondetail.h"

#include <QList>

#include <optional>

class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QJsonValue;
class QLabel;
class QPushButton;
class QSplitter;

namespace porthole {

class ListingStack;

// component_state: every component with its highest version (narrowed by component type),
// every version of the selected one, newest first, and what a version holds: one version's
// state as a JSON tree, or two versions (Ctrl+click) as their differences, as the Checkpoints
// pane shows them. Both listings are paged and follow changes while the pane is shown and Live
// is on. Export… writes the versions listed (or, with no component selected, every version of
// every component listed). Nothing here changes a row.
class ComponentStatePane : public Pane
{
    Q_OBJECT

public:
    // What the detail shows: a sentence (nothing selected, reading, not JSON), one version's
    // state, or the differences of two versions.
    using Detail = VersionDetail::Shown;

    // Shows the listings of `components` and `versions` (a model of each Listing; not taken
    // over: their owner keeps them).
    ComponentStatePane(ComponentStateModel *components, ComponentStateModel *versionModel,
                       QWidget *parent = nullptr);
    // Saves the layout in the settings.
    ~ComponentStatePane() override;

    static QString paneTitle() { return tr("Component state"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }
    std::shared_ptr<const ExportSource> exportSource() const override;
    QString exportDescription() const override;
    // Shows the versions of `focus.component` (selectComponent()); with `focus.version`, that
    // version and the one before it selected, their differences shown (the version alone when
    // it is the first), once their pages are read. A version no longer stored is not stood in
    // for by another: the detail says it is gone.
    void focusOn(const PaneFocus &focus) override;

    // The settings group "componentstate": the splitter and the columns.
    void saveSettings() const;
    void restoreSettings();

    // Lists the versions of `component` (as a click on its row does).
    void selectComponent(const QString &component);
    // Selects these versions of the component listed, by version: one shows its state, two
    // their differences. Versions not read yet are left out.
    void selectVersions(const QList<int> &versions);
    // The selected versions that are read, oldest first.
    QList<ComponentState> selectedVersions() const;

    bool isLive() const;
    void setLive(bool live);

    // For the window, tests and screenshots.
    ComponentStateModel *componentModel() const { return m_components; }
    ComponentStateModel *versionModel() const { return m_versions; }
    JsonTreeModel *treeModel() const { return m_detail->treeModel(); }
    JsonDiffModel *diffModel() const { return m_detail->diffModel(); }
    QTableView *componentView() const { return m_componentView; }
    QTableView *versionView() const { return m_versionView; }
    QTreeView *treeView() const { return m_detail->treeView(); }
    QTableView *diffView() const { return m_detail->diffView(); }
    QComboBox *typeField() const { return m_type; }
    QPushButton *exportButton() const { return m_export; }
    QSplitter *splitter() const { return m_splitter; }
    Detail detail() const { return m_detail->shown(); }
    QString detailHeading() const { return m_detail->heading(); }
    QString detailMessage() const { return m_detail->message(); }
    // What the pane says instead of the components, or the versions; empty when it lists them.
    QString componentsStateText() const;
    QString versionsStateText() const;

public Q_SLOTS:
    void refresh() override;

private:
    QHBoxLayout *setUpBar();
    void setUpComponents();
    QWidget *setUpVersions();
    void connectModels();

    void onComponentChanged();
    // Selects the version focusOn() asked for once the rows around it are read, reading on
    // until they are.
    void selectChosenVersion();
    void updateStates();
    void updateDetail();
    void showState(const ComponentState &state, const QJsonValue &value);
    void showMessage(const QString &heading, const QString &message);

    ComponentStateModel *m_components = nullptr;
    ComponentStateModel *m_versions = nullptr;
    QComboBox *m_type = nullptr;
    QCheckBox *m_live = nullptr;
    QPushButton *m_export = nullptr;
    QLabel *m_componentCount = nullptr;
    ListingStack *m_componentStack = nullptr;
    QTableView *m_componentView = nullptr;
    QLabel *m_versionHeading = nullptr;
    ListingStack *m_versionStack = nullptr;
    QTableView *m_versionView = nullptr;
    VersionDetail *m_detail = nullptr;
    QSplitter *m_splitter = nullptr;
    // What the tree or the differences show now: (id, version) of each, to keep what the
    // operator expanded while the same versions stay selected.
    QStringList m_shown;
    // The component and version focusOn() asked for, selected once read (selectChosenVersion()).
    QString m_chosenComponent;
    std::optional<qint64> m_chosenVersion;
    // The version asked for that is no longer stored, said in the detail until a version is
    // selected; 0: none.
    qint64 m_goneVersion = 0;
};

} // namespace porthole
