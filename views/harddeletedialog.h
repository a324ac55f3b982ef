#pragma once

#include "portmessageedits.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace porthole {

// Deleting purged port messages for good: the operator picks an age, the dialog asks for the
// preview (previewRequested) and shows how many rows and which; from 100 rows on the count
// must be typed. Accepting deletes exactly the previewed rows (the app's applyHardDelete).
class HardDeleteDialog : public QDialog
{
    Q_OBJECT

public:
    explicit HardDeleteDialog(QWidget *parent = nullptr);

    int days() const;
    // The preview for the age shown; the Delete button takes exactly these rows.
    void setPreview(const HardDeletePlan &plan);
    const HardDeletePlan &preview() const { return m_plan; }
    void showError(const QString &message);

    QSpinBox *daysBox() const { return m_days; }
    QLineEdit *confirmField() const { return m_confirm; }
    QPushButton *deleteButton() const { return m_delete; }
    QString summaryText() const;

Q_SIGNALS:
    void previewRequested(int days);

private:
    void update();

    HardDeletePlan m_plan;
    bool m_previewed = false;
    QSpinBox *m_days = nullptr;
    QLabel *m_summary = nullptr;
    QPlainTextEdit *m_ids = nullptr;
    QLabel *m_confirmLabel = nullptr;
    QLineEdit *m_confirm = nullptr;
    QPushButton *m_delete = nullptr;
};

} // namespace porthole
