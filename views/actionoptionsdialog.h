#pragma once

#include "portmessageactions.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace porthole {

// What the operator chooses before the dry run of a replay or a move: for a replay, to the
// database (retries reset or kept) or to Redis (which key), and the loop guard; for a move,
// the port. `scope` says which rows ("the 3 selected rows", "dead letters with the error …").
class ActionOptionsDialog : public QDialog
{
    Q_OBJECT

public:
    ActionOptionsDialog(ActionKind kind, const QString &scope, QWidget *parent = nullptr);

    // The Redis server a replay may go to (as shown, no password); none: only the database.
    void setRedisServer(const QString &display);
    // The ports to offer for a move.
    void setPorts(const QStringList &ports);
    void setOptions(const ActionOptions &options);
    ActionOptions options() const;

    QRadioButton *databaseButton() const { return m_toDatabase; }
    QRadioButton *redisButton() const { return m_toRedis; }
    QLineEdit *keyField() const { return m_key; }
    QCheckBox *resetRetriesBox() const { return m_resetRetries; }
    QSpinBox *budgetBox() const { return m_budget; }
    QCheckBox *overrideBox() const { return m_override; }
    QComboBox *portBox() const { return m_port; }

private:
    void update();

    ActionKind m_kind;
    QString m_redisServer;
    QRadioButton *m_toDatabase = nullptr;
    QRadioButton *m_toRedis = nullptr;
    QLabel *m_redisLabel = nullptr;
    QLineEdit *m_key = nullptr;
    QCheckBox *m_resetRetries = nullptr;
    QSpinBox *m_budget = nullptr;
    QCheckBox *m_override = nullptr;
    QComboBox *m_port = nullptr;
    QPushButton *m_ok = nullptr;
};

} // namespace porthole
