#pragma once

#include "streamactions.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace porthole {

// The dry run of an action of the Redis pane, shown before it runs: what it will change, in
// one sentence and item by item (each pending entry with its consumer, idle time and
// deliveries), what it leaves alone and why. From 100 items on, the operator types their count
// to go on. Nothing to change: only Close.
class StreamActionDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr qint64 confirmThreshold = 100;

    explicit StreamActionDialog(const StreamActionPlan &plan, QWidget *parent = nullptr);

    // A person's name for the action ("Claim pending entries").
    static QString title(StreamActionKind kind);

    // For tests.
    QTreeWidget *items() const { return m_items; }
    QLineEdit *confirmField() const { return m_confirm; }
    QPushButton *applyButton() const { return m_apply; }
    QString summaryText() const;

private:
    void fillItems(const StreamActionPlan &plan);
    void updateGate();

    qint64 m_count = 0;
    QLabel *m_summary = nullptr;
    QTreeWidget *m_items = nullptr;
    QLineEdit *m_confirm = nullptr;
    QPushButton *m_apply = nullptr;
};

} // namespace porthole
