#pragma once

#include "pagedtablemodel.h"
#include "pane.h"
#include "sinkstoragerepository.h"

#include <QTimer>

class QCheckBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTreeView;

namespace porthole {

class JsonTreeModel;
class ListingStack;
class SinkStorageModel;

// sink_storage: what the sinks stored, newest first, narrowed by sink, data type and a condition
// on a value of the data at a JSON path ($.order_id = 42), which is bound, never spliced into
// SQL; a condition that does not parse is said under its field and the listing stays as it
// was. The selected row's data and metadata as a JSON tree beside it; Export… writes every row
// the filter matches. Follows new rows while shown and Live is on. Nothing here changes a row.
class SinkStoragePane : public Pane
{
    Q_OBJECT

public:
    // Shows the rows `model` reads (not taken over: its owner keeps it).
    explicit SinkStoragePane(SinkStorageModel *model, QWidget *parent = nullptr);
    ~SinkStoragePane() override;

    QIcon icon() const override;
    std::shared_ptr<const ExportSource> exportSource() const override;
    QString exportDescription() const override;

    // The settings group "sinkstorage": the splitter and the columns.
    void saveSettings() const;
    void restoreSettings();

    // Applies what the bar says at once (typing applies it a moment after the last key). A
    // JSON condition that does not parse leaves the listing as it was; pathError() says why.
    void applyFilter();
    QString pathError() const;

    bool isLive() const;
    void setLive(bool live);

    // For the window, tests and screenshots.
    SinkStorageModel *model() const { return m_model; }
    JsonTreeModel *treeModel() const { return m_treeModel; }
    QTableView *view() const { return m_view; }
    QTreeView *treeView() const { return m_tree; }
    QLineEdit *sinkField() const { return m_sink; }
    QLineEdit *typeField() const { return m_type; }
    QLineEdit *pathField() const { return m_path; }
    QPushButton *exportButton() const { return m_export; }
    QString countText() const;
    QString stateText() const;
    QString detailHeading() const;

public Q_SLOTS:
    void refresh() override;

private:
    QGridLayout *setUpFilterBar();
    void connectFilter();
    void setUpRows();
    QWidget *setUpDetail();
    void connectModel();

    void updateState();
    void updateDetails();

    SinkStorageModel *m_model = nullptr;
    JsonTreeModel *m_treeModel = nullptr;
    QLineEdit *m_sink = nullptr;
    QLineEdit *m_type = nullptr;
    QLineEdit *m_path = nullptr;
    QLabel *m_pathError = nullptr;
    QCheckBox *m_live = nullptr;
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
