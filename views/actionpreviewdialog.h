#pragma once

#include "portmessageactions.h"

#include <QDialog>
#include <QString>

class QCheckBox;
class QDialogButtonBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;
class QWidget;

namespace porthole {

class ActionPlanModel;

// The dry run shown before an action runs: what it does ("Replay 1,234 dead letters to the
// database"), how many rows it acts on, skips (and why, most frequent reason first) and acts
// on only because the replay budget is overridden, and every planned row in a table (skipped
// ones greyed; a box shows only those). A large action (at least confirmThreshold() rows)
// runs only once the operator has typed how many rows it acts on; OK says what it does
// ("Purge 20"). Accepting the dialog runs nothing: the caller runs plan() when it is accepted.
class ActionPreviewDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr qint64 defaultConfirmThreshold = 100;

    ActionPreviewDialog(const ActionPlan &plan, const QString &title, QWidget *parent = nullptr);
    ActionPreviewDialog(const ActionPlan &plan, const QString &title, qint64 confirmThreshold,
                        QWidget *parent = nullptr);

    const ActionPlan &plan() const;

    // From this many acting rows on, the count must be typed to confirm.
    qint64 confirmThreshold() const { return m_threshold; }
    void setConfirmThreshold(qint64 threshold);
    bool needsTypedConfirmation() const;

    // "Replay 1,234 dead letters to the database"; "Nothing to purge: ..." when no row acts.
    static QString headline(const ActionPlanModel &model);
    // "Replay 1,234", "Purge 20": the OK button.
    static QString actionText(const ActionOptions &options, qint64 count);

    // For the caller, tests and screenshots.
    ActionPlanModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    QPushButton *okButton() const { return m_ok; }
    QLineEdit *confirmField() const { return m_confirm; }
    QCheckBox *skippedOnlyBox() const { return m_skippedOnly; }
    QString headlineText() const;
    // "1,234 will be replayed · 56 skipped · 3 over the replay budget"
    QString summaryText() const;
    // One line a reason, most frequent first: "40 × already pending"; empty when none skips.
    QString skipReasonsText() const;
    // What else the options mean (retries reset, the budget overridden, ...).
    QString notesText() const;
    // The warning that the plan holds only part of the selection; empty when it holds all.
    QString warningText() const;
    // "Type 1234 to confirm"; empty when no typing is needed.
    QString confirmPrompt() const;
    // At most this many messages a second, as the operator chose; 0: no limit.
    double rateLimit() const;
    QSpinBox *rateBox() const { return m_rate; }

private:
    void setUpSummary();
    void setUpSkipReasons();
    void setUpNotes();
    void setUpWarning();
    void setUpView();
    QHBoxLayout *setUpConfirmRow();
    QDialogButtonBox *setUpButtons();
    void updateGate();

    ActionPlanModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    qint64 m_threshold = defaultConfirmThreshold;
    QLabel *m_headline = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_reasons = nullptr;
    QLabel *m_notes = nullptr;
    QLabel *m_warning = nullptr;
    QCheckBox *m_skippedOnly = nullptr;
    QTableView *m_view = nullptr;
    QWidget *m_confirmRow = nullptr;
    QLabel *m_confirmLabel = nullptr;
    QLineEdit *m_confirm = nullptr;
    QSpinBox *m_rate = nullptr;
    QPushButton *m_ok = nullptr;
    QPushButton *m_cancel = nullptr;
};

} // namespace porthole
