#pragma once

#include "connectionfactory.h"
#include "retention.h"
#include "retentiondialog.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <memory>
#include <optional>

class QWidget;

namespace porthole {

// File > Delete Old Data: the retention dialog over the database open now. The preview and the
// deletion run on a pool thread with a connection of their own (a 10,000,000-row run takes
// minutes and never blocks the window); the deletion reports each batch to the dialog and
// stops after the batch under way when asked. The rules are kept in the settings. One run at a
// time.
class RetentionController : public QObject
{
    Q_OBJECT

public:
    RetentionController(const ConnectionFactory &connections, QWidget *window,
                        QObject *parent = nullptr);
    ~RetentionController() override;

    // Opens the dialog (window-modal, not blocking), or raises the one open.
    void ask();
    bool isRunning() const { return m_watcher.isRunning(); }
    RetentionDialog *dialog() const { return m_dialog; }

    // The rules the dialog starts with: the operator's last, or seed 001's.
    static RetentionRules savedRules();

Q_SIGNALS:
    void statusMessage(const QString &message);
    // A deletion ran (to its end, stopped, or failed part way): the panes that show the tables
    // and the audit log refresh.
    void dataDeleted();

private:
    struct Outcome
    {
        std::optional<RetentionPlan> plan;
        QString error;
        bool deleting = false;
    };
    void preview(const RetentionRules &rules);
    void deletePreviewed();
    void onFinished();
    void onProgress(const RetentionPlan &deleted);

    ConnectionFactory m_connections;
    QWidget *m_window;
    QPointer<RetentionDialog> m_dialog;
    QFutureWatcher<Outcome> m_watcher;
    std::optional<RetentionPlan> m_plan;
    std::shared_ptr<std::atomic_bool> m_stop;
};

} // namespace porthole
