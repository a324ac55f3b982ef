#include "actionworkflow.h"

#include "actionoptionsdialog.h"
#include "actionpreviewdialog.h"
#include "actionprogressdialog.h"
#include "editpayloaddialog.h"
#include "harddeletedialog.h"
#include "jsonpayloadeditor.h"
#include "messageactionbar.h"

#include <QLocale>
#include <QMessageBox>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QString countText(qint64 n)
{
    return QLocale().toString(n);
}

QString summaryText(const ActionSummary &s)
{
    const QString done = countText(s.applied);
    const QString total = countText(s.total);
    const QString skipped = countText(s.skipped);
    const QString cancelled = countText(s.cancelled);
    const QString audit = QString::number(s.auditId);
    if (s.skipped > 0 && s.cancelled > 0)
        //: %1 of %2 rows done, %3 skipped, %4 cancelled; %5: the audit log entry's number
        return ActionWorkflow::tr(
                   "%1 of %2 done; %3 skipped (changed since the dry run or no longer "
                   "allowed); %4 not done (cancelled). Action %5 in the audit log.")
            .arg(done, total, skipped, cancelled, audit);
    if (s.skipped > 0)
        return ActionWorkflow::tr(
                   "%1 of %2 done; %3 skipped (changed since the dry run or no longer "
                   "allowed). Action %4 in the audit log.")
            .arg(done, total, skipped, audit);
    if (s.cancelled > 0)
        return ActionWorkflow::tr(
                   "%1 of %2 done; %3 not done (cancelled). Action %4 in the audit log.")
            .arg(done, total, cancelled, audit);
    return ActionWorkflow::tr("%1 of %2 done. Action %3 in the audit log.").arg(done, total, audit);
}

} // namespace

ActionWorkflow::ActionWorkflow(ConnectionFactory factory, QWidget *window, QObject *parent)
    : QObject(parent)
    , m_worker(new ActionWorker(std::move(factory), this))
    , m_window(window)
{
    m_lastReplay.kind = ActionKind::Replay;
    connect(m_worker, &ActionWorker::planned, this, &ActionWorkflow::onPlanned);
    connect(m_worker, &ActionWorker::finished, this, &ActionWorkflow::onFinished);
    connect(m_worker, &ActionWorker::failed, this, &ActionWorkflow::onFailed);
    connect(m_worker, &ActionWorker::progress, this, [this](const ActionProgress &p) {
        if (!m_progress || m_recovering > 0) // not the action of the progress dialog
            return;
        const ActionSummary &s = p.summary;
        m_progress->setProgress(s.applied + s.skipped, s.skipped, s.total);
        m_progress->setWaiting(p.waiting);
        m_progress->setPaused(p.paused);
    });
    connect(m_worker, &ActionWorker::recovered, this, [this](int actions) {
        m_recovering = actions;
        emit statusMessage(
            tr("Finishing %n action(s) that were left unfinished…", nullptr, actions));
    });
    connect(m_worker, &ActionWorker::edited, this, [this](const PortMessage &message) {
        const bool replay = m_edit && m_edit->property("replayAfter").toBool();
        if (m_edit)
            m_edit->accept();
        emit dataChanged();
        emit statusMessage(
            tr("Saved the payload of %1 (version %2).").arg(message.id).arg(message.version));
        if (replay) {
            ActionSelection one;
            one.ids = {message.id};
            one.description = tr("the edited message %1").arg(message.id);
            requestAction(ActionKind::Replay, one);
        }
    });
    connect(m_worker, &ActionWorker::hardDeletePreviewed, this, [this](const HardDeletePlan &plan) {
        // Only the preview of the age the dialog shows now.
        const qint64 age = plan.purgedBefore.secsTo(QDateTime::currentDateTimeUtc());
        if (m_hardDelete && qRound(double(age) / 86400) == m_hardDelete->days())
            m_hardDelete->setPreview(plan);
    });
    connect(m_worker, &ActionWorker::hardDeleted, this, [this](qint64 rows) {
        emit dataChanged();
        emit statusMessage(tr("Deleted %n purged message(s) for good.", nullptr, int(rows)));
    });
    connect(m_worker, &ActionWorker::editFailed, this,
            [this](const QString &message, bool conflict, const PortMessage &current) {
                if (!m_edit)
                    return;
                if (conflict)
                    m_edit->showConflict(message, current);
                else
                    m_edit->showError(message);
            });
}

ActionPreviewDialog *ActionWorkflow::previewDialog() const
{
    return m_preview;
}

ActionProgressDialog *ActionWorkflow::progressDialog() const
{
    return m_progress;
}

EditPayloadDialog *ActionWorkflow::editDialog() const
{
    return m_edit;
}

HardDeleteDialog *ActionWorkflow::hardDeleteDialog() const
{
    return m_hardDelete;
}

void ActionWorkflow::attach(MessageActionBar *bar)
{
    m_bars.append(bar);
    bar->setReadOnly(m_readOnly);
    bar->setUndoAvailable(!m_undoIds.isEmpty(), tr("%n row(s)", nullptr, int(m_undoIds.size())));
    connect(bar, &MessageActionBar::actionRequested, this, &ActionWorkflow::requestAction);
    connect(bar, &MessageActionBar::editRequested, this, &ActionWorkflow::editMessage);
    connect(bar, &MessageActionBar::undoRequested, this, &ActionWorkflow::undoPurge);
    connect(bar, &MessageActionBar::hardDeleteRequested, this, &ActionWorkflow::deletePurged);
    // One lock for the session: unlocking in one pane unlocks them all.
    connect(bar, &MessageActionBar::unlockedChanged, this, [this](bool unlocked) {
        for (const auto &other : std::as_const(m_bars)) {
            if (other)
                other->setUnlocked(unlocked);
        }
    });
}

void ActionWorkflow::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    for (const auto &bar : std::as_const(m_bars)) {
        if (bar)
            bar->setReadOnly(readOnly);
    }
}

void ActionWorkflow::requestAction(ActionKind kind, const ActionSelection &selection)
{
    if (m_readOnly)
        return;
    if (m_worker->isRunning()) {
        emit statusMessage(tr("Another action is running: wait for it, or cancel it."));
        if (m_progress)
            m_progress->raise();
        return;
    }
    ActionOptions options;
    options.kind = kind;
    if (kind == ActionKind::Replay || kind == ActionKind::Move) {
        ActionOptionsDialog dialog(kind, selection.description, m_window);
        const auto redis = m_worker->redis();
        dialog.setRedisServer(redis ? redis->toDisplayString() : QString());
        if (kind == ActionKind::Replay)
            dialog.setOptions(m_lastReplay);
        if (kind == ActionKind::Move && m_ports)
            dialog.setPorts(m_ports());
        if (dialog.exec() != QDialog::Accepted)
            return;
        options = dialog.options();
        if (kind == ActionKind::Replay)
            m_lastReplay = options;
    }
    preview(selection, options);
}

void ActionWorkflow::preview(const ActionSelection &selection, const ActionOptions &options)
{
    emit statusMessage(tr("Dry run: reading the rows…"));
    m_worker->preview(selection, options);
}

void ActionWorkflow::onPlanned(const ActionPlan &plan)
{
    emit statusMessage(QString());
    delete m_preview;
    m_preview = new ActionPreviewDialog(plan, tr("Dry run"), m_window);
    m_preview->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_preview, &QDialog::accepted, this, [this] {
        const ActionPlan plan = m_preview->plan();
        m_pendingPurge = plan.options.kind == ActionKind::Purge ? plan.actingIds() : QStringList();
        delete m_progress;
        m_progress = new ActionProgressDialog(m_preview->headlineText(), m_window);
        m_progress->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_progress, &ActionProgressDialog::pauseRequested, m_worker, &ActionWorker::pause);
        connect(m_progress, &ActionProgressDialog::resumeRequested, m_worker,
                &ActionWorker::resume);
        connect(m_progress, &ActionProgressDialog::cancelRequested, m_worker,
                &ActionWorker::cancel);
        m_progress->setProgress(0, 0, plan.actCount());
        m_progress->show();
        ActionRunOptions options;
        options.ratePerSecond = m_preview->rateLimit();
        m_worker->run(plan, options);
    });
    m_preview->open();
}

void ActionWorkflow::onFinished(const ActionSummary &summary)
{
    emit dataChanged();
    const QString text = summaryText(summary);
    if (m_recovering > 0) {
        --m_recovering;
        emit statusMessage(tr("Finished an action left unfinished: %1").arg(text));
        return;
    }
    if (m_progress) {
        m_progress->setProgress(summary.applied + summary.skipped, summary.skipped, summary.total);
        m_progress->setFinished(text);
    }
    if (summary.kind == ActionKind::Purge && summary.applied > 0 && !m_pendingPurge.isEmpty())
        setUndo(m_pendingPurge);
    else if (summary.kind == ActionKind::Restore && summary.applied > 0)
        setUndo({});
    m_pendingPurge.clear();
}

void ActionWorkflow::onFailed(const QString &message)
{
    emit statusMessage(QString());
    if (m_recovering > 0) {
        --m_recovering;
        QMessageBox::warning(m_window, tr("An action left unfinished could not be finished"),
                             message);
        return;
    }
    if (m_progress && !m_progress->isFinished()) {
        m_progress->setFailed(message);
        return;
    }
    if (m_edit) {
        m_edit->showError(message);
        return;
    }
    if (m_hardDelete) {
        m_hardDelete->showError(message);
        return;
    }
    QMessageBox::warning(m_window, tr("The action could not be done"), message);
}

void ActionWorkflow::editMessage(const PortMessage &message)
{
    if (m_readOnly || message.id.isEmpty())
        return;
    delete m_edit;
    m_edit = new EditPayloadDialog(message, m_window);
    m_edit->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_edit, &EditPayloadDialog::saveRequested, this,
            [this](const QString &id, qint64 version, const QByteArray &payload, bool replay) {
                m_edit->setProperty("replayAfter", replay);
                if (!m_edit->editor()->isChanged()) {
                    // Nothing changed: straight to the replay.
                    m_edit->accept();
                    if (replay) {
                        ActionSelection one;
                        one.ids = {id};
                        one.description = tr("message %1").arg(id);
                        requestAction(ActionKind::Replay, one);
                    }
                    return;
                }
                m_worker->editPayload(id, version, payload);
            });
    m_edit->open();
}

void ActionWorkflow::undoPurge()
{
    if (m_undoIds.isEmpty() || m_readOnly)
        return;
    ActionSelection selection;
    selection.ids = m_undoIds;
    selection.description = tr("the %n row(s) the last purge took", nullptr, int(m_undoIds.size()));
    ActionOptions options;
    options.kind = ActionKind::Restore;
    preview(selection, options);
}

void ActionWorkflow::deletePurged()
{
    if (m_readOnly)
        return;
    delete m_hardDelete;
    m_hardDelete = new HardDeleteDialog(m_window);
    m_hardDelete->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_hardDelete, &HardDeleteDialog::previewRequested, m_worker,
            &ActionWorker::previewHardDelete);
    connect(m_hardDelete, &QDialog::accepted, this,
            [this] { m_worker->applyHardDelete(m_hardDelete->preview()); });
    m_hardDelete->open();
    m_worker->previewHardDelete(m_hardDelete->days());
}

void ActionWorkflow::setUndo(const QStringList &ids)
{
    m_undoIds = ids;
    for (const auto &bar : std::as_const(m_bars)) {
        if (bar)
            bar->setUndoAvailable(!ids.isEmpty(), tr("%n row(s)", nullptr, int(ids.size())));
    }
}

} // namespace porthole
