#pragma once

#include <QDBusConnection>
#include <QHash>
#include <QObject>
#include <QString>

namespace porthole {

// Desktop notifications through the desktop's notification server (org.freedesktop.Notifications
// on the session bus: GNOME's, KDE's, dunst, notification-daemon), with a default action, so a
// click on one comes back as activated() with the key it was shown with. Every call is
// asynchronous: a desktop without a server answers with an error, reported as unavailable(),
// and the window blocks on nothing.
class DesktopNotifier : public QObject
{
    Q_OBJECT

public:
    enum class Urgency
    {
        Low,
        Normal,
        Critical,
    };

    explicit DesktopNotifier(QObject *parent = nullptr);
    // On `bus` instead of the session bus (a test's private one).
    explicit DesktopNotifier(const QDBusConnection &bus, QObject *parent = nullptr);

    // Shows a notification; `key` comes back with activated() when the operator clicks it.
    // A notification with the same key replaces the one still shown.
    void notify(const QString &key, const QString &title, const QString &text, Urgency urgency);
    // How many notifications the server took and still shows, of the last maxRemembered.
    int shownCount() const { return int(m_keys.size()); }
    // The notifications whose click is remembered: a server that keeps them all (until the
    // operator clears them) costs no more than these; a click on an older one does nothing.
    static constexpr int maxRemembered = 100;

Q_SIGNALS:
    // The server showed the notification `key` as `id`.
    void shown(const QString &key, uint id);
    // The operator clicked the notification shown with `key` (its default action).
    void activated(const QString &key);
    // No server took the notification (none runs, or it refused): `title` and `text` are for
    // another way of showing it; `reason` is the bus's error.
    void unavailable(const QString &title, const QString &text, const QString &reason);

private Q_SLOTS:
    void onActionInvoked(uint id, const QString &action);
    void onClosed(uint id, uint reason);

private:
    void remember(uint id, const QString &key);

    QDBusConnection m_bus;
    QHash<uint, QString> m_keys; // shown notification -> its key
};

} // namespace porthole
