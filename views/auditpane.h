#pragma once

#include "auditlog.h"
#include "listingpane.h"

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QHBoxLayout;

namespace porthole {

class AuditLogModel;

// The audit log: what operators did (replays, purges, edits, moves, retention, ...), newest
// first, narrowed by action and time; the selected entry in full beside it (its filter, the
// ids it touched, before, after, details) as a JSON tree; and Export…, which asks for File >
// Export of every entry the filter matches. Nothing here changes or removes an entry.
class AuditPane : public ListingPane
{
    Q_OBJECT

public:
    // Shows the rows `model` reads (it is not taken over: its owner keeps it). The settings
    // group "audit" keeps the splitter and the columns.
    explicit AuditPane(AuditLogModel *model, QWidget *parent = nullptr);

    static QString paneTitle() { return tr("Audit"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }
    QString exportDescription() const override;
    // The entry `focus.audit`, written at `focus.at`: the log narrowed to that second, the
    // entry selected once read.
    void focusOn(const PaneFocus &focus) override;

    // What the filter bar says now, and applying it at once (typing applies it a moment after
    // the last key).
    AuditFilter filterFromBar() const;
    // The filter bar as a saved view: action, from, to.
    QJsonObject viewState() const override;
    void applyViewState(const QJsonObject &state) override;
    void applyFilter() override;

    // For the window, tests and screenshots.
    AuditLogModel *model() const { return m_model; }
    QComboBox *actionField() const { return m_action; }
    QCheckBox *fromBox() const { return m_fromBox; }
    QDateTimeEdit *fromEdit() const { return m_fromEdit; }
    QCheckBox *toBox() const { return m_toBox; }
    QDateTimeEdit *toEdit() const { return m_toEdit; }

protected:
    void updateState() override;
    void updateDetails() override;

private:
    QHBoxLayout *setUpFilterBar();
    void connectFilter();
    void sizeColumns();

    AuditLogModel *m_model = nullptr;
    QComboBox *m_action = nullptr;
    QCheckBox *m_fromBox = nullptr;
    QDateTimeEdit *m_fromEdit = nullptr;
    QCheckBox *m_toBox = nullptr;
    QDateTimeEdit *m_toEdit = nullptr;
};

} // namespace porthole
