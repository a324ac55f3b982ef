#include "livefollow.h"

#include "changenotifier.h"

#include <algorithm>

namespace porthole {

LiveFollow::LiveFollow(Timing timing, Listing listing, QObject *parent)
    : QObject(parent)
    , m_timing(timing)
    , m_listing(std::move(listing))
{
    m_refreshTimer.setInterval(std::max(100, m_timing.refreshIntervalMs));
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] { m_listing.refresh(); });
    m_changeTimer.setSingleShot(true);
    m_changeTimer.setInterval(std::max(0, m_timing.changeGapMs));
    connect(&m_changeTimer, &QTimer::timeout, this, &LiveFollow::refreshForChange);
}

void LiveFollow::setOn(bool on)
{
    if (on) {
        m_refreshTimer.start();
        return;
    }
    m_refreshTimer.stop();
    m_changeTimer.stop();
    m_changePending = false; // a pane shown again refreshes then
}

void LiveFollow::watchChanges(ChangeNotifier *notifier)
{
    if (m_notifier)
        disconnect(m_notifier, nullptr, this, nullptr);
    m_notifier = notifier;
    if (notifier) {
        connect(notifier, &ChangeNotifier::changed, this, &LiveFollow::onTableChanged);
        connect(notifier, &ChangeNotifier::stateChanged, this, &LiveFollow::updateInterval);
    }
    updateInterval();
}

void LiveFollow::updateInterval()
{
    // While the notifier tells of changes as they happen, polling is only a safety net, for a
    // change it could not tell of (a notification lost with a connection before that was
    // noticed, a writer that bypassed the triggers); once its connection is lost, and until it
    // is back, the listing is polled as often as without one.
    int interval = m_timing.refreshIntervalMs;
    if (m_notifier && m_notifier->isLive())
        interval = std::max(interval, m_timing.safetyNetMs);
    interval = std::max(100, interval);
    if (interval != m_refreshTimer.interval())
        m_refreshTimer.setInterval(interval); // restarts it when active
}

void LiveFollow::onTableChanged(const QString &table)
{
    if (!isOn() || !m_listing.shows(table))
        return;
    m_changePending = true;
    // The first change after a quiet spell is read at once; those that follow wait for the
    // gap, and make one refresh.
    if (!m_changeTimer.isActive())
        refreshForChange();
}

void LiveFollow::refreshForChange()
{
    if (!m_changePending || !isOn())
        return;
    m_changeTimer.start();
    // A refresh under way may have read before the change: this one waits until it is done,
    // as a refresh skips the requests still in flight.
    if (m_listing.busy())
        return;
    m_changePending = false;
    m_listing.refresh();
}

} // namespace porthole
