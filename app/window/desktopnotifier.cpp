#include "desktopnotifier.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QGuiApplication>
#include <QVariantMap>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString service = u"org.freedesktop.Notifications"_s;
const QString path = u"/org/freedesktop/Notifications"_s;
const QString interface = u"org.freedesktop.Notifications"_s;
const QString defaultAction = u"default"_s;

} // namespace

DesktopNotifier::DesktopNotifier(QObject *parent)
    : DesktopNotifier(QDBusConnection::sessionBus(), parent)
{}

DesktopNotifier::DesktopNotifier(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
{
    if (!m_bus.isConnected())
        return;
    m_bus.connect(service, path, interface, u"ActionInvoked"_s, this,
                  SLOT(onActionInvoked(uint, QString)));
    m_bus.connect(service, path, interface, u"NotificationClosed"_s, this,
                  SLOT(onClosed(uint, uint)));
}

void DesktopNotifier::notify(const QString &key, const QString &title, const QString &text,
                             Urgency urgency)
{
    if (!m_bus.isConnected()) {
        Q_EMIT unavailable(title, text, tr("no D-Bus session bus"));
        return;
    }
    QDBusMessage call = QDBusMessage::createMethodCall(service, path, interface, u"Notify"_s);
    const QVariantMap hints{
        {u"urgency"_s, QVariant::fromValue(uchar(urgency))},
        {u"desktop-entry"_s, QGuiApplication::desktopFileName()},
    };
    // The same key replaces what it showed before instead of piling up.
    const uint replaces = m_keys.key(key, 0);
    call << QGuiApplication::applicationDisplayName() << replaces << u"porthole"_s << title << text
         << QStringList{defaultAction, tr("Show")} << hints << qint32(-1);
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, key, title, text](QDBusPendingCallWatcher *finished) {
                finished->deleteLater();
                const QDBusPendingReply<uint> reply = *finished;
                if (reply.isError()) {
                    Q_EMIT unavailable(title, text, reply.error().message());
                    return;
                }
                remember(reply.value(), key);
                Q_EMIT shown(key, reply.value());
            });
}

void DesktopNotifier::remember(uint id, const QString &key)
{
    // A server may show the replacement under a new id: the one it replaced is gone.
    m_keys.removeIf([&](const auto &shown) { return shown.value() == key; });
    m_keys.insert(id, key);
    if (m_keys.size() <= maxRemembered)
        return;
    // Servers number notifications upwards: the lowest id is the oldest.
    m_keys.remove(*std::min_element(m_keys.keyBegin(), m_keys.keyEnd()));
}

void DesktopNotifier::onActionInvoked(uint id, const QString &action)
{
    const auto it = m_keys.find(id);
    if (it == m_keys.end())
        return; // another program's notification
    if (action != defaultAction)
        return;
    const QString key = *it;
    // Done with: a server that keeps it after the click (dunst does) takes it away now.
    m_keys.erase(it);
    m_bus.asyncCall(QDBusMessage::createMethodCall(service, path, interface, u"CloseNotification"_s)
                    << id);
    Q_EMIT activated(key);
}

void DesktopNotifier::onClosed(uint id, uint reason)
{
    Q_UNUSED(reason);
    m_keys.remove(id);
}

} // namespace porthole
