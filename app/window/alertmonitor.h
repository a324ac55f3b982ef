#pragma once

#include "alertmodels.h"
#include "alertservice.h"
#include "connectionfactory.h"
#include "ingeststatus.h"
#include "pane.h"
#include "workerthread.h"

#include <QObject>
#include <QPointer>
#include <QSystemTrayIcon>

#include <chrono>
#include <optional>

namespace porthole {

class DesktopNotifier;

// Where an alert's cause is seen: a pane, and what in it (a component's history, a stream).
struct AlertCause
{
    QString paneId;
    PaneFocus focus;
};
AlertCause alertCause(const AlertRule &rule, const QString &subject);

// The window's alerts while data is open: the alert loop (AlertService) on a thread of its own
// with the rules of the settings (seed-sensible defaults until an operator changes them), the
// in-window receiver's state handed to it, and what it finds shown: the Alerts pane's models,
// a tray icon whose colour is the worst state, and a desktop notification when an alert fires
// or resolves: through the desktop's notification server, where clicking it asks for the pane
// of the cause, else as the tray's message, where clicking it asks for the Alerts pane. It
// keeps running with the window minimised or hidden in the tray.
class AlertMonitor : public QObject
{
    Q_OBJECT

public:
    // Notifications go to `notifier` (null: the session bus's server).
    AlertMonitor(const ConnectionFactory &connections, bool readOnly, AlertStatusModel *statuses,
                 AlertHistoryModel *history, QObject *parent = nullptr,
                 DesktopNotifier *notifier = nullptr);
    ~AlertMonitor() override;

    // Starts the rounds: the first at once, then every `interval`.
    void start(std::chrono::milliseconds interval = std::chrono::seconds(15));
    std::chrono::milliseconds interval() const { return m_interval; }

    // Where the rules that the database does not answer are read: the window's Redis server
    // (group_lag, pending_age) and batch-file store (batch_integrity).
    void setSources(const AlertService::Sources &sources);
    // The receiver in the window: once started, a stop that was not asked for, a failure or a
    // stall is the ingest_stopped rules' value 1; a stop the operator asked for is not. Its
    // errors are ingest_error_rate's, its stream what group rules without one watch.
    void setIngestStats(const IngestStats &stats);
    // A round now, besides the timed ones: when the sources were read anew, so that the
    // alerts agree with what the panes show of them.
    void evaluateNow();
    void silence(const QString &ruleId, const QDateTime &until);
    void acknowledge(const QString &ruleId, const QString &subject);

    // The rules of the settings (key "alerts/rules", their JSON), or the defaults.
    static QList<AlertRule> savedRules();
    const QList<AlertRule> &rules() const { return m_rules; }
    // New rules: saved in the settings, shown, and in force from a round at once. The states
    // of the rules kept go on.
    void setRules(const QList<AlertRule> &rules);
    QSystemTrayIcon *trayIcon() const { return m_tray; }

Q_SIGNALS:
    // An alert fired or resolved, not silenced nor acknowledged: what the notification says.
    void notified(const porthole::AlertEvent &event);
    // The operator clicked the tray icon or its message, or chose Show in its menu.
    void showRequested();
    // The operator clicked a desktop notification: show where its alert's cause is.
    void causeRequested(const porthole::AlertCause &cause);
    // Quit in the tray's menu.
    void quitRequested();
    void failed(const QString &message);

private:
    void onChanged(const AlertEvent &event);
    void onActivated(const QString &key);
    void notifyRound();
    void onEvaluated(const QList<AlertStatus> &statuses);
    void updateTray();
    void post(std::function<void(AlertService *)> job);

    AlertStatusModel *m_statuses;
    AlertHistoryModel *m_history;
    QList<AlertRule> m_rules;
    std::chrono::milliseconds m_interval{15000};
    WorkerThread m_thread;
    AlertService *m_service = nullptr; // lives on m_thread, deleted by it
    QPointer<QSystemTrayIcon> m_tray;
    DesktopNotifier *m_notifier = nullptr;
    QList<AlertEvent> m_roundEvents; // this round's changes to tell of
    AlertService::Sources m_sources;
    bool m_ingestStarted = false;
    std::optional<QDateTime> m_lastErrorAt; // the last handed to the service; none: nothing yet
    std::optional<QList<AlertReading>> m_ingestReadings; // the last handed to the service
};

// What a notification says of an event: a title and a line.
QString alertNotificationTitle(const AlertEvent &event);
// `rule` (may be null) gives the value its words.
QString alertNotificationText(const AlertEvent &event, const AlertRule *rule);

} // namespace porthole
