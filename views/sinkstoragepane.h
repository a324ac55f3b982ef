#pragma once

#include "listingpane.h"
#include "sinkstoragerepository.h"

class QCheckBox;
class QGridLayout;
class QLabel;
class QLineEdit;

namespace porthole {

class SinkStorageModel;

// sink_storage: what the sinks stored, newest first, narrowed by row id, sink, data type and a
// condition on a value of the data at a JSON path ($.order_id = 42), which is bound, never spliced
// into SQL; a condition that does not parse is said under its field and the listing stays as it
// was. The selected row's data and metadata as a JSON tree beside it; Export… writes every row
// the filter matches. Follows new rows while shown and Live is on. Nothing here changes a row.
class SinkStoragePane : public ListingPane
{
    Q_OBJECT

public:
    // Shows the rows `model` reads (not taken over: its owner keeps it). The settings group
    // "sinkstorage" keeps the columns and the detail's share.
    explicit SinkStoragePane(SinkStorageModel *model, QWidget *parent = nullptr);

    static QString paneTitle() { return tr("Sink storage"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }
    QString exportDescription() const override;
    // The row `focus.search` names by id (a journey's step), selected; the rest of the filter
    // cleared.
    void focusOn(const PaneFocus &focus) override;

    // Applies what the bar says at once (typing applies it a moment after the last key). A
    // JSON condition that does not parse leaves the listing as it was; pathError() says why.
    void applyFilter() override;
    QString pathError() const;

    bool isLive() const;
    void setLive(bool live);

    // For the window, tests and screenshots.
    SinkStorageModel *model() const { return m_model; }
    QLineEdit *idField() const { return m_id; }
    QLineEdit *sinkField() const { return m_sink; }
    QLineEdit *typeField() const { return m_type; }
    QLineEdit *pathField() const { return m_path; }

protected:
    void updateState() override;
    void updateDetails() override;

private:
    QGridLayout *setUpFilterBar();
    void connectFilter();
    void sizeColumns();

    SinkStorageModel *m_model = nullptr;
    QLineEdit *m_id = nullptr;
    QLineEdit *m_sink = nullptr;
    QLineEdit *m_type = nullptr;
    QLineEdit *m_path = nullptr;
    QLabel *m_pathError = nullptr;
    QCheckBox *m_live = nullptr;
};

} // namespace porthole
