#pragma once

#include "backup.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace porthole {

class FilePathField;

// File > Back Up: the folder the backups go to and how many of them to keep, then the backup's
// progress and what came of it. The dialog runs nothing itself: it asks (backupRequested) and
// shows what it is told.
class BackupDialog : public QDialog
{
    Q_OBJECT

public:
    BackupDialog(const QString &folder, int keep, QWidget *parent = nullptr);

    QString folder() const;
    int keep() const;

    void showProgress(qint64 done, qint64 total);
    void showDone(const BackupOutcome &outcome);
    void showError(const QString &message);

    // For tests.
    FilePathField *folderField() const { return m_folder; }
    QSpinBox *keepField() const { return m_keep; }
    QPushButton *backUpButton() const { return m_backUp; }
    QString statusText() const;

Q_SIGNALS:
    void backupRequested(const QString &folder, int keep);

private:
    void setRunning(bool running);

    FilePathField *m_folder = nullptr;
    QSpinBox *m_keep = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_backUp = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace porthole
