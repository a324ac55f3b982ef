#pragma once

#include "alertrules.h"

#include <QDialog>
#include <QList>

class QLabel;
class QPushButton;

namespace porthole {

class JsonPayloadEditor;

// Edit the window's alert rules: their JSON (the form of the worker's configuration and of
// docs/OPERATIONS.md) in a JSON editor that checks the text as it is typed and shows what the
// edit changes against the rules in force. Save checks every rule (alertRulesFromJson()) and
// closes only when they are all right, else says which rule and what to change; Restore
// Defaults puts the default rules in the editor, to be saved or not.
class AlertRulesDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AlertRulesDialog(const QList<AlertRule> &rules, QWidget *parent = nullptr);

    // The rules saved; what the dialog was given until then.
    const QList<AlertRule> &rules() const { return m_rules; }

    // For tests and screenshots.
    JsonPayloadEditor *editor() const { return m_editor; }
    QPushButton *saveButton() const { return m_save; }
    QPushButton *defaultsButton() const { return m_defaults; }
    QString problemText() const;

private:
    void save();
    void update();

    QList<AlertRule> m_rules;
    QLabel *m_problem = nullptr;
    JsonPayloadEditor *m_editor = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_defaults = nullptr;
};

} // namespace porthole
