#pragma once

#include "backup.h"
#include "backupdialog.h"
#include "databaseurl.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <memory>
#include <optional>

class QWidget;

namespace porthole {

// File > Back Up: the backup dialog over the database open now. The backup (a copy, then its
// check by a restore into a scratch database, then the pruning of older ones) runs on a pool
// thread with connections of its own and reports its pages to the dialog; the window never
// waits on it. The folder and the number kept are remembered under backup/*. One at a time;
// closing the window stops a SQLite copy between steps.
class BackupController : public QObject
{
    Q_OBJECT

public:
    BackupController(const DatabaseUrl &url, QWidget *window, QObject *parent = nullptr);
    ~BackupController() override;

    // Opens the dialog (window-modal, not blocking), or raises the one open.
    void ask();
    bool isRunning() const { return m_watcher.isRunning(); }
    BackupDialog *dialog() const { return m_dialog; }

    // The folder and count the dialog starts with: the operator's last, else a folder
    // "porthole-backups" in Documents and 7.
    static QString savedFolder();
    static int savedKeep();

Q_SIGNALS:
    void statusMessage(const QString &message);
    void finished(bool ok);

private:
    struct Outcome
    {
        std::optional<BackupOutcome> backup;
        QString error;
    };
    void start(const QString &folder, int keep);
    void onFinished();

    DatabaseUrl m_url;
    QWidget *m_window;
    QPointer<BackupDialog> m_dialog;
    QFutureWatcher<Outcome> m_watcher;
    std::shared_ptr<std::atomic_bool> m_stop = std::make_shared<std::atomic_bool>(false);
};

} // namespace porthole
