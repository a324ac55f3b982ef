#include "alertmonitor.h"

#include "alertsignals.h"
#include "desktopnotifier.h"

#include <QApplication>
#include <QMenu>
#include <QPainter>
#include <QSettings>
#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString rulesKey = u"alerts/rules"_s;
// More changes than this in one round are told of in one notification.
constexpr qsizetype maxSingleNotifications = 3;
const QString summaryKey = u"summary"_s;

// The tray's icon: the application's, with a dot of the worst state's colour.
QIcon trayIconFor(AlertState worst)
{
    QPixmap pixmap = QIcon(u":/porthole/icons/porthole.svg"_s).pixmap(32, 32);
    const QColor color = AlertStatusModel::stateColor(worst);
    if (color.isValid()) {
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(Qt::white, 2));
        painter.setBrush(color);
        painter.drawEllipse(QRectF(15, 15, 16, 16));
    }
    return QIcon(pixmap);
}

// Where a backlog that does not drain is seen: a group or a list in the Redis pane, a port's
// messages in Queues.
AlertCause backlogCause(const QString &subject)
{
    const auto key = backlogOfAlertSubject(subject);
    if (!key)
        return {.paneId = u"alerts"_s, .focus = {}};
    switch (key->kind) {
    case BacklogKind::Group:
    case BacklogKind::Receiver:
        return {.paneId = u"redis"_s, .focus = {.stream = key->source, .group = key->group}};
    case BacklogKind::List:
        return {.paneId = u"redis"_s, .focus = {.key = key->source}};
    case BacklogKind::Port:
        return {.paneId = u"queues"_s, .focus = {.port = key->source}};
    }
    return {.paneId = u"alerts"_s, .focus = {}};
}

// What a notification is shown with: its rule and subject, one notification each.
QString notificationKey(const QString &ruleId, const QString &subject)
{
    return ruleId + QChar(0x1f) + subject;
}

} // namespace

AlertCause alertCause(const AlertRule &rule, const QString &subject)
{
    switch (rule.kind) {
    case AlertKind::DeadLetterGrowth:
        return {.paneId = u"deadletters"_s, .focus = {}};
    case AlertKind::HeartbeatAge:
    case AlertKind::ComponentStatus:
        return {.paneId = u"healthhistory"_s, .focus = {.component = subject}};
    case AlertKind::MetricThreshold:
        return {.paneId = u"metrics"_s, .focus = {.component = subject, .metric = rule.metric}};
    case AlertKind::GroupLag:
    case AlertKind::PendingAge:
        return {.paneId = u"redis"_s, .focus = {.stream = rule.stream, .group = subject}};
    case AlertKind::IngestStopped:
    case AlertKind::IngestErrorRate:
        return {.paneId = u"ingest"_s, .focus = {}};
    case AlertKind::BatchIntegrity:
        return {.paneId = u"batches"_s, .focus = {}};
    case AlertKind::BacklogNotDraining:
        return backlogCause(subject);
    case AlertKind::DatabaseFreeSpace:
    case AlertKind::DatabaseConnections:
    case AlertKind::LongTransactions:
    case AlertKind::IdleInTransaction:
    case AlertKind::ReplicationLag:
    case AlertKind::TimescaleJobFailing:
        return {.paneId = u"overview"_s, .focus = {}}; // its Database section
    }
    return {.paneId = u"alerts"_s, .focus = {}};
}

QString alertNotificationTitle(const AlertEvent &event)
{
    const QString what = event.subject.isEmpty()
                             ? event.ruleName
                             : AlertMonitor::tr("%1: %2").arg(event.ruleName, event.subject);
    return event.to == AlertState::Firing ? AlertMonitor::tr("Firing: %1").arg(what)
                                          : AlertMonitor::tr("Resolved: %1").arg(what);
}

QString alertNotificationText(const AlertEvent &event, const AlertRule *rule)
{
    QString value = alertValueText(event.value, rule, event.unit);
    if (!event.detail.isEmpty())
        //: a value ("failing") and what the source says of it (a job's error)
        value = AlertMonitor::tr("%1 (%2)").arg(value, event.detail);
    return AlertMonitor::tr("%1 at %2. Click to see where.")
        .arg(value, event.time.toLocalTime().toString(u"HH:mm:ss"_s));
}

AlertMonitor::AlertMonitor(const ConnectionFactory &connections, bool readOnly,
                           AlertStatusModel *statuses, AlertHistoryModel *history, QObject *parent,
                           DesktopNotifier *notifier)
    : QObject(parent)
    , m_statuses(statuses)
    , m_history(history)
    , m_notifier(notifier ? notifier : new DesktopNotifier(this))
{
    m_rules = savedRules();
    m_statuses->setRules(m_rules);
    m_history->setRules(m_rules);
    m_service = new AlertService(ConnectionFactory(connections.url(), connections.settings()),
                                 m_rules, {.writeHistory = !readOnly});
    connect(m_service, &AlertService::changed, this, &AlertMonitor::onChanged);
    connect(m_service, &AlertService::evaluated, this, &AlertMonitor::onEvaluated);
    connect(m_service, &AlertService::failed, this, &AlertMonitor::failed);
    connect(m_service, &AlertService::historyLoaded, m_history, &AlertHistoryModel::setEntries);
    m_thread.start(u"alerts"_s, m_service);

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(trayIconFor(AlertState::Ok), this);
        m_tray->setToolTip(tr("Porthole: no alert firing"));
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, &AlertMonitor::showRequested);
        connect(m_tray, &QSystemTrayIcon::activated, this,
                [this](QSystemTrayIcon::ActivationReason reason) {
                    if (reason != QSystemTrayIcon::Context)
                        Q_EMIT showRequested();
                });
        auto *menu = new QMenu;
        connect(this, &QObject::destroyed, menu, &QObject::deleteLater);
        menu->addAction(tr("Show Porthole"), this, &AlertMonitor::showRequested);
        menu->addAction(tr("Quit Porthole"), this, &AlertMonitor::quitRequested);
        m_tray->setContextMenu(menu);
        m_tray->show();
    }
    connect(m_notifier, &DesktopNotifier::activated, this, &AlertMonitor::onActivated);
    // No notification server (a bare X session): the tray shows the message, where there is one.
    connect(m_notifier, &DesktopNotifier::unavailable, this,
            [this](const QString &title, const QString &text) {
                if (m_tray)
                    m_tray->showMessage(title, text, QSystemTrayIcon::Information, 15000);
            });
}

// The service goes with its thread, and closes its connection there.
AlertMonitor::~AlertMonitor()
{
    m_thread.stop();
}

void AlertMonitor::post(std::function<void(AlertService *)> job)
{
    QMetaObject::invokeMethod(
        m_service, [service = m_service, job = std::move(job)] { job(service); },
        Qt::QueuedConnection);
}

QList<AlertRule> AlertMonitor::savedRules()
{
    const QSettings settings;
    const QByteArray json = settings.value(rulesKey).toByteArray();
    if (json.isEmpty())
        return defaultAlertRules();
    auto rules = alertRulesFromJson(json);
    return rules ? *rules : defaultAlertRules();
}

void AlertMonitor::start(std::chrono::milliseconds interval)
{
    m_interval = interval;
    post([interval](AlertService *service) {
        service->loadHistory(500);
        service->start(interval);
    });
}

void AlertMonitor::setIngestStats(const IngestStats &stats)
{
    const bool running = stats.state == IngestState::Running ||
                         stats.state == IngestState::Connecting ||
                         stats.state == IngestState::Paused;
    if (running)
        m_ingestStarted = true;
    if (!m_ingestStarted)
        return;
    // The receiver's stream is what group rules without a stream of their own watch (a list or
    // a channel has no group).
    if (!stats.group.isEmpty() && stats.key != m_sources.stream) {
        m_sources.stream = stats.key;
        setSources(m_sources);
    }
    if (m_lastErrorAt != stats.lastErrorAt) { // the first report too: the receiver spoke
        m_lastErrorAt = stats.lastErrorAt;
        post([at = stats.lastErrorAt](AlertService *service) { service->noteIngest(at); });
    }
    const bool troubled =
        stats.state == IngestState::Failed || stats.state == IngestState::Stalled ||
        stats.state == IngestState::Reconnecting || stats.state == IngestState::WaitingForSink;
    // Stopped on purpose (Stop, or the window's data changed): no value, so no alert.
    const QList<AlertReading> readings =
        stats.state == IngestState::Stopped || stats.state == IngestState::Stopping
            ? QList<AlertReading>{}
            : QList<AlertReading>{{.subject = {}, .value = troubled ? 1.0 : 0.0}};
    // Stats come up to ten times a second; the service hears only of a change.
    if (m_ingestReadings && *m_ingestReadings == readings)
        return;
    m_ingestReadings = readings;
    post([readings](AlertService *service) {
        service->provide(AlertKind::IngestStopped, readings);
    });
}

void AlertMonitor::setRules(const QList<AlertRule> &rules)
{
    m_rules = rules;
    QSettings().setValue(rulesKey, alertRulesToJson(rules));
    m_statuses->setRules(rules);
    m_history->setRules(rules);
    post([rules](AlertService *service) {
        service->setRules(rules);
        service->evaluate(QDateTime::currentDateTimeUtc());
    });
}

void AlertMonitor::setSources(const AlertService::Sources &sources)
{
    m_sources = sources;
    post([sources](AlertService *service) { service->setSources(sources); });
}

void AlertMonitor::evaluateNow()
{
    post([](AlertService *service) { service->evaluate(QDateTime::currentDateTimeUtc()); });
}

void AlertMonitor::silence(const QString &ruleId, const QDateTime &until)
{
    post([ruleId, until](AlertService *service) { service->silence(ruleId, until); });
}

void AlertMonitor::acknowledge(const QString &ruleId, const QString &subject)
{
    post([ruleId, subject](AlertService *service) {
        service->acknowledge(ruleId, subject);
        service->evaluate(QDateTime::currentDateTimeUtc());
    });
}

void AlertMonitor::onChanged(const AlertEvent &event)
{
    m_history->prepend(event);
    if (!event.notifies())
        return;
    Q_EMIT notified(event);
    m_roundEvents.append(event); // told of with the round's others, in onEvaluated()
}

// A round's changes: each its own notification, or, when more than a few changed at once (a
// host down takes every component with it), one that says how many, so that the desktop is
// not covered by them; clicking it opens the Alerts pane.
void AlertMonitor::notifyRound()
{
    const QList<AlertEvent> events = std::exchange(m_roundEvents, {});
    const auto urgencyOf = [](const AlertEvent &event) {
        if (event.to == AlertState::Resolved)
            return DesktopNotifier::Urgency::Low;
        return event.severity == AlertSeverity::Critical ? DesktopNotifier::Urgency::Critical
                                                         : DesktopNotifier::Urgency::Normal;
    };
    if (events.size() <= maxSingleNotifications) {
        for (const AlertEvent &event : events)
            m_notifier->notify(
                notificationKey(event.ruleId, event.subject), alertNotificationTitle(event),
                alertNotificationText(event, m_statuses->rule(event.ruleId)), urgencyOf(event));
        return;
    }
    // Grouped by rule, and by fired or resolved: "6 alerts: 4 × Heartbeat stale, 2 × ...".
    auto urgency = DesktopNotifier::Urgency::Low;
    QStringList groups; // "rule" or "rule resolved", in the order they came
    QList<int> counts;
    QStringList subjects;
    for (const AlertEvent &event : events) {
        urgency = std::max(urgency, urgencyOf(event));
        const QString group =
            event.to == AlertState::Firing ? event.ruleName : tr("%1 resolved").arg(event.ruleName);
        if (!groups.contains(group)) {
            groups << group;
            counts << 0;
        }
        ++counts[groups.indexOf(group)];
        if (!event.subject.isEmpty())
            subjects << event.subject;
    }
    QStringList tally;
    for (qsizetype i = 0; i < groups.size(); ++i)
        tally << tr("%1 × %2").arg(counts.at(i)).arg(groups.at(i));
    subjects.removeDuplicates();
    m_notifier->notify(summaryKey, tr("%1 alerts: %2").arg(events.size()).arg(tally.join(u", "_s)),
                       subjects.isEmpty()
                           ? tr("Click to see them all.")
                           : tr("About %1. Click to see them all.").arg(subjects.join(u", "_s)),
                       urgency);
}

void AlertMonitor::onActivated(const QString &key)
{
    if (key == summaryKey) {
        Q_EMIT showRequested();
        return;
    }
    const qsizetype split = key.indexOf(QChar(0x1f));
    const AlertRule *rule = m_statuses->rule(key.left(split));
    if (!rule) {
        Q_EMIT showRequested(); // rules changed since: the Alerts pane says what is left
        return;
    }
    Q_EMIT causeRequested(alertCause(*rule, key.mid(split + 1)));
}

void AlertMonitor::onEvaluated(const QList<AlertStatus> &statuses)
{
    m_statuses->setStatuses(statuses);
    updateTray();
    notifyRound();
}

void AlertMonitor::updateTray()
{
    if (!m_tray)
        return;
    const int firing = m_statuses->count(AlertState::Firing);
    const int pending = m_statuses->count(AlertState::Pending);
    m_tray->setIcon(trayIconFor(firing    ? AlertState::Firing
                                : pending ? AlertState::Pending
                                          : AlertState::Ok));
    m_tray->setToolTip(firing == 0   ? tr("Porthole: no alert firing")
                       : firing == 1 ? tr("Porthole: 1 alert firing")
                                     : tr("Porthole: %1 alerts firing").arg(firing));
}

} // namespace porthole
