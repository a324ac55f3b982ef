#pragma once

#include "portmessagerepository.h"

#include <QDialog>

class QLabel;
class QPushButton;

namespace porthole {

class JsonPayloadEditor;

// Edit and replay one port message: its payload in a JSON editor that checks it as it is
// typed (errors at line and column) and shows the changes against the original. Saving asks
// the app (saveRequested); the dialog stays open until the app says it was saved (accept())
// or shows why not (showError, showConflict: another operator changed the row first, and the
// editor then compares with the row as it is now).
class EditPayloadDialog : public QDialog
{
    Q_OBJECT

public:
    explicit EditPayloadDialog(const PortMessage &message, QWidget *parent = nullptr);

    const PortMessage &message() const { return m_message; }
    JsonPayloadEditor *editor() const { return m_editor; }
    QPushButton *saveButton() const { return m_save; }
    QPushButton *saveAndReplayButton() const { return m_saveAndReplay; }
    QString problemText() const;

public Q_SLOTS:
    void showError(const QString &message);
    // The row as it is now: the edit is kept, compared with the current payload, and saving
    // again writes over the current version.
    void showConflict(const QString &message, const porthole::PortMessage &current);

Q_SIGNALS:
    void saveRequested(const QString &id, qint64 expectedVersion, const QByteArray &payload,
                       bool replay);

private:
    void update();
    void save(bool replay);
    void showMessage();

    PortMessage m_message;
    QLabel *m_heading = nullptr;
    QLabel *m_problem = nullptr;
    JsonPayloadEditor *m_editor = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_saveAndReplay = nullptr;
    bool m_busy = false;
};

} // namespace porthole
