#pragma once

#include "portmessagerepository.h"

#include <QByteArray>
#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>

// For the tests that run beside a notification server of their own
// (scripts/servers/with-notifications): what reached it, and dunst's own controls.
namespace porthole::test {

// What dbus-monitor saw of org.freedesktop.Notifications.
inline QByteArray monitoredNotifications()
{
    QFile log(qEnvironmentVariable("PORTHOLE_NOTIFICATION_LOG"));
    return log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray();
}

// Runs dunstctl with `arguments`: true when it did what it was asked.
inline bool dunstctl(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral("dunstctl"), arguments);
    return process.waitForFinished(10000) && process.exitCode() == 0;
}

// Clicks the notification dunst shows first, as a click on it does: its default action.
inline bool clickFirstNotification()
{
    return dunstctl({QStringLiteral("action"), QStringLiteral("0")});
}

inline bool closeAllNotifications()
{
    return dunstctl({QStringLiteral("close-all")});
}

// One dead letter, created now.
inline bool addDeadLetter(const QSqlDatabase &db)
{
    PortMessage message;
    message.portName = QStringLiteral("orders");
    message.sourceComponent = QStringLiteral("validator");
    message.targetComponent = QStringLiteral("splitter");
    message.messageData = R"({"order": 1})";
    message.status = QStringLiteral("dead_letter");
    message.maxRetries = 3;
    message.createdAt = QDateTime::currentDateTimeUtc();
    return PortMessageRepository(db).insert({message}).ok();
}

} // namespace porthole::test
