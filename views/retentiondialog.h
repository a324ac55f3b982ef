#pragma once

#include "retention.h"

#include <QDialog>

#include <optional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QVBoxLayout;

namespace porthole {

// File > Delete Old Data: each table's retention rule, the rows the rules would delete (a
// preview), then the deletion of exactly those rows with its progress and a Stop. The dialog
// runs nothing itself: it asks (previewRequested, deleteRequested, stopRequested) and shows
// what it is told. A rule changed after the preview takes the Delete button away until the
// next preview; from 100 rows on, the operator types their count to go on.
class RetentionDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr qint64 confirmThreshold = 100;

    explicit RetentionDialog(const RetentionRules &rules, QWidget *parent = nullptr);

    RetentionRules rules() const;

    void showPlan(const RetentionPlan &plan);
    void showProgress(const RetentionPlan &deleted);
    void showDone(const RetentionPlan &deleted);
    void showError(const QString &message);

    // For tests.
    QSpinBox *ruleField(int row) const;
    QLabel *rowsLabel(int row) const;
    QPushButton *previewButton() const { return m_preview; }
    QPushButton *deleteButton() const { return m_delete; }
    QPushButton *stopButton() const { return m_stop; }
    QLineEdit *confirmField() const { return m_confirm; }
    QString statusText() const;

Q_SIGNALS:
    void previewRequested(const RetentionRules &rules);
    void deleteRequested();
    void stopRequested();

private:
    enum class Phase
    {
        Editing,    // no preview, or one made stale by a rule changed since
        Previewing, // a preview is under way
        Previewed,  // the preview shown is the rules' now
        Deleting,
    };
    void addRuleRows(QVBoxLayout *layout, const RetentionRules &rules);
    void setPhase(Phase phase);
    void showCounts(const RetentionPlan &plan);
    void updateGate();

    Phase m_phase = Phase::Editing;
    std::optional<RetentionPlan> m_plan;
    QList<QSpinBox *> m_rules;
    QList<QLabel *> m_rows;
    QLabel *m_total = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_confirmLabel = nullptr;
    QLineEdit *m_confirm = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_preview = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_stop = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace porthole
