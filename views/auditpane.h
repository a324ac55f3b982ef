#pragma once

#include "auditlog.h"
#include "pagedtablemodel.h"
#include "pane.h"

#include <QTimer>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTreeView;

namespace porthole {

class AuditLogModel;
class JsonTreeModel;
class ListingStack;

// The audit log: what operators did (replays, purges, edits, moves, retention, ...), newest
// first, narrowed by action and time; the selected entry in full beside it (its filter, the
// ids it touched, before, after, details) as a JSON tree; and Export…, which asks for File >
// Export of every entry the filter matches. Nothing here changes or removes an entry.
class AuditPane : public Pane
{
    Q_OBJECT

public:
    // Shows the rows `model` reads (it is not taken over: its owner keeps it).
    explicit AuditPane(AuditLogModel *model, QWidget *parent = nullptr);
    // Saves the layout in the settings.
    ~AuditPane() override;

    QIcon icon() const override;
    std::shared_ptr<const ExportSource> exportSource() const override;
    QString exportDescription() const override;

    // The settings group "audit": the splitter and the columns.
    void saveSettings() const;
    void restoreSettings();

    // What the filter bar says now, and applying it at once (typing applies it a moment after
    // the last key).
    AuditFilter filterFromBar() const;
    // The filter bar as a saved view: action, from, to.
    QJsonObject viewState() const override;
    void applyViewState(const QJsonObject &state) override;
    void applyFilter();

    // For the window, tests and screenshots.
    AuditLogModel *model() const { return m_model; }
    JsonTreeModel *treeModel() const { return m_treeModel; }
    QTableView *view() const { return m_view; }
    QTreeView *treeView() const { return m_tree; }
    QComboBox *actionField() const { return m_action; }
    QCheckBox *fromBox() const { return m_fromBox; }
    QDateTimeEdit *fromEdit() const { return m_fromEdit; }
    QCheckBox *toBox() const { return m_toBox; }
    QDateTimeEdit *toEdit() const { return m_toEdit; }
    QPushButton *exportButton() const { return m_export; }
    QSplitter *splitter() const { return m_splitter; }
    QString countText() const;
    // What the pane says instead of the table (reading, none, a failure); empty with rows.
    QString stateText() const;
    // The line above the selected entry's tree.
    QString detailHeading() const;

public Q_SLOTS:
    void refresh() override;

private:
    QHBoxLayout *setUpFilterBar();
    void connectFilter();
    void setUpRows();
    QWidget *setUpDetail();
    void connectModel();

    void updateState();
    void updateDetails();

    AuditLogModel *m_model = nullptr;
    JsonTreeModel *m_treeModel = nullptr;
    QComboBox *m_action = nullptr;
    QCheckBox *m_fromBox = nullptr;
    QDateTimeEdit *m_fromEdit = nullptr;
    QCheckBox *m_toBox = nullptr;
    QDateTimeEdit *m_toEdit = nullptr;
    QPushButton *m_export = nullptr;
    QLabel *m_count = nullptr;
    ListingStack *m_stack = nullptr;
    QSplitter *m_splitter = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_detailHeading = nullptr;
    QTreeView *m_tree = nullptr;
    QTimer m_filterTimer;
};

} // namespace porthole
