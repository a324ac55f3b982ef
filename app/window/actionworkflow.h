#pragma once

#include "actionworker.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

class QWidget;

namespace porthole {

class ActionPreviewDialog;
class ActionProgressDialog;
class EditPayloadDialog;
class HardDeleteDialog;
class MessageActionBar;

// Carries an operator's action from a pane's action bar to the end: the options (replay,
// move), the dry run in a dialog, the typed confirmation of a large action, the run with
// progress, pause, resume and cancel, the edit of a payload, undo of this session's last
// purge, and the actions a crash or a closed window left unfinished.
class ActionWorkflow : public QObject
{
    Q_OBJECT

public:
    // Works on the database `factory` opens; dialogs open over `window`.
    ActionWorkflow(ConnectionFactory factory, QWidget *window, QObject *parent = nullptr);

    ActionWorker *worker() const { return m_worker; }
    // Where a replay to Redis may go (with its password); none: only to the database.
    void setRedis(const std::optional<RedisUrl> &redis) { m_worker->setRedis(redis); }
    // The ports a move offers.
    void setPortsSource(std::function<QStringList()> ports) { m_ports = std::move(ports); }
    // A read-only connection: no action can be unlocked.
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }
    void attach(MessageActionBar *bar);

    // Finishes what was left unfinished (at start); on a read-only connection nothing, as
    // finishing writes (and an unmigrated database has no outbox).
    void recover()
    {
        if (!m_readOnly)
            m_worker->recover();
    }

    // For tests and screenshots: the dialog open now, if any.
    ActionPreviewDialog *previewDialog() const;
    ActionProgressDialog *progressDialog() const;
    EditPayloadDialog *editDialog() const;
    HardDeleteDialog *hardDeleteDialog() const;

public Q_SLOTS:
    void requestAction(porthole::ActionKind kind, const porthole::ActionSelection &selection);
    void editMessage(const porthole::PortMessage &message);
    void undoPurge();
    void deletePurged();

Q_SIGNALS:
    // Rows changed: the panes read again.
    void dataChanged();
    void statusMessage(const QString &message);

private:
    void preview(const ActionSelection &selection, const ActionOptions &options);
    void onPlanned(const ActionPlan &plan);
    void onFinished(const ActionSummary &summary);
    void onFailed(const QString &message);
    void setUndo(const QStringList &ids);

    ActionWorker *m_worker;
    QWidget *m_window;
    std::function<QStringList()> m_ports;
    QList<QPointer<MessageActionBar>> m_bars;
    QPointer<ActionPreviewDialog> m_preview;
    QPointer<ActionProgressDialog> m_progress;
    QPointer<EditPayloadDialog> m_edit;
    QPointer<HardDeleteDialog> m_hardDelete;
    ActionOptions m_lastReplay;
    QStringList m_pendingPurge; // the ids the running purge acts on
    QStringList m_undoIds;      // what the last purge of this session took
    bool m_readOnly = false;
    // Actions left unfinished that the worker is finishing: it finishes them all, in order,
    // before anything asked for since, and reports each as finished or failed.
    int m_recovering = 0;
};

} // namespace porthole
