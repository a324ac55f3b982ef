#pragma once

#include "pane.h"
#include "versiondetail.h"

#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

class QAction;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;

namespace porthole {

class CheckpointModel;
class CheckpointVersionModel;
class ListingStack;

// Checkpoints by name and component above every version of the selected one, and beside them
// what a version holds: one version's JSON as a tree, or two versions side by side as their
// differences (added, removed, changed, each with its JSON path). Expired versions are marked.
// Ctrl+F goes to the filter by name or component; Enter goes from a name to its versions and from a
// version to what it holds, Escape back.
class CheckpointsPane : public Pane
{
    Q_OBJECT

public:
    // What the detail shows: a sentence (nothing selected, reading, a failure, no
    // differences), one version's document, or the differences of two versions.
    using Detail = VersionDetail::Shown;

    // The models stay the caller's and must outlive the pane.
    CheckpointsPane(CheckpointModel *names, CheckpointVersionModel *versions,
                    QWidget *parent = nullptr);
    // Saves the layout in the settings.
    ~CheckpointsPane() override;

    static QString paneTitle() { return tr("Checkpoints"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }
    std::shared_ptr<const ExportSource> exportSource() const override;
    QString exportDescription() const override;
    // Lists the checkpoints named like `focus.checkpoint` and selects the one so named; with
    // `focus.version`, that version and the one before it, whose differences show (the version
    // alone when it is the first). A version no longer stored (retention deleted it) is not
    // stood in for by another: the detail says it is gone.
    void focusOn(const PaneFocus &focus) override;

    // The settings group "checkpoints": the splitters and the columns of every table.
    void saveSettings() const;
    void restoreSettings();

    // As a click on the name; false when it is not listed.
    bool selectCheckpoint(const QString &name);
    QString selectedCheckpoint() const;
    // Selects these versions of the selected checkpoint: one shows its document, two their
    // differences.
    void selectVersions(const QList<qint64> &versions);
    // The selected versions, oldest first.
    QList<qint64> selectedVersions() const;

    // For the window, tests and screenshots.
    CheckpointModel *nameModel() const { return m_names; }
    CheckpointVersionModel *versionModel() const { return m_versions; }
    JsonTreeModel *treeModel() const { return m_detail->treeModel(); }
    JsonDiffModel *diffModel() const { return m_detail->diffModel(); }
    QTableView *nameView() const { return m_nameView; }
    QTableView *versionView() const { return m_versionView; }
    QTreeView *treeView() const { return m_detail->treeView(); }
    QTableView *diffView() const { return m_detail->diffView(); }
    QLineEdit *filterField() const { return m_filter; }
    QPushButton *compareButton() const { return m_compare; }
    // The names and versions (one above the other) beside the document; the names above the
    // versions.
    QSplitter *mainSplitter() const { return m_mainSplitter; }
    QSplitter *versionSplitter() const { return m_versionSplitter; }
    QAction *copyValueAction() const { return m_copyValue; }
    QAction *copyPathAction() const { return m_copyPath; }
    Detail detail() const { return m_detail->shown(); }
    // What the pane says instead of the names, or the versions; empty when it lists them.
    QString namesStateText() const;
    QString versionsStateText() const;
    // The line above the document or the differences, and the sentence shown instead of them.
    QString detailHeading() const { return m_detail->heading(); }
    QString detailMessage() const { return m_detail->message(); }

public Q_SLOTS:
    void refresh() override;
    // Compares the selected version with the one before it.
    void compareWithPrevious();
    // The current item of the tree or of the differences (whichever has the focus, else the
    // one shown): its value as compact JSON, or its JSON path, to the clipboard.
    void copyValue();
    void copyPath();

private:
    QWidget *setUpNames();
    QWidget *setUpVersions();
    void setUpCopyActions();
    void connectModels();

    void onNamesLoaded();
    void onNameChanged();
    void onVersionsLoaded();
    // Selects the version focusOn() asked for, its checkpoint's versions listed.
    void selectChosenVersion(qint64 version);
    void updateNamesState();
    void updateVersionsState();
    void updateDetail();
    void showVersion(qint64 version);
    void showDifferences(qint64 older, qint64 newer);
    void showMessage(const QString &heading, const QString &message);
    QString versionLabel(qint64 version) const;
    // A version's data as a JSON value, or an undefined value and the reason in `error`.
    QJsonValue documentValue(qint64 version, QString *error) const;

    CheckpointModel *m_names = nullptr;
    CheckpointVersionModel *m_versions = nullptr;
    QLineEdit *m_filter = nullptr;
    ListingStack *m_nameStack = nullptr;
    QLabel *m_nameProblem = nullptr;
    QTableView *m_nameView = nullptr;
    QLabel *m_versionHeading = nullptr;
    ListingStack *m_versionStack = nullptr;
    QTableView *m_versionView = nullptr;
    QPushButton *m_compare = nullptr;
    VersionDetail *m_detail = nullptr;
    QAction *m_copyValue = nullptr;
    QAction *m_copyPath = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_versionSplitter = nullptr;
    QString m_chosenName; // the checkpoint the operator chose, kept across new listings
    // A version of m_chosenName focusOn() asked for, selected once its versions are listed.
    std::optional<qint64> m_chosenVersion;
    // The version focusOn() asked for that is no longer stored, said in the detail until a
    // version is selected; 0: none.
    qint64 m_goneVersion = 0;
    QList<qint64> m_shownVersions; // what the tree or the differences show now
    bool m_selecting = false;      // the pane, not the operator, is changing a selection
};

} // namespace porthole
