#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <functional>

namespace porthole {

class ChangeNotifier;

// When a listing followed live reads itself again: every refreshIntervalMs while on, and on
// the changes a ChangeNotifier tells of the tables it shows, changeGapMs after the last refresh
// for a change at the soonest, so that a flood of changes makes a few refreshes a second. The
// first change after a quiet spell is read at once. While the notifier tells of changes as they
// happen, polling is only a safety net, every safetyNetMs (at least refreshIntervalMs).
class LiveFollow : public QObject
{
    Q_OBJECT

public:
    struct Timing
    {
        int refreshIntervalMs = 2000;
        int changeGapMs = 250;
        int safetyNetMs = 60000;
    };
    // What the listing tells it: whether a change of `table` is one it shows, whether a refresh
    // is under way (a change waits for it: it may have read before the change), and refreshing.
    struct Listing
    {
        std::function<bool(const QString &table)> shows;
        std::function<bool()> busy;
        std::function<void()> refresh;
    };

    LiveFollow(Timing timing, Listing listing, QObject *parent = nullptr);

    void setOn(bool on);
    bool isOn() const { return m_refreshTimer.isActive(); }
    // Refreshes on the changes `notifier` tells of; it stays the caller's.
    void watchChanges(ChangeNotifier *notifier);

private:
    void updateInterval();
    void onTableChanged(const QString &table);
    void refreshForChange();

    const Timing m_timing;
    const Listing m_listing;
    QTimer m_refreshTimer;
    QPointer<ChangeNotifier> m_notifier;
    QTimer m_changeTimer;         // the gap after a refresh for a change
    bool m_changePending = false; // a change told that no refresh has read yet
};

} // namespace porthole
