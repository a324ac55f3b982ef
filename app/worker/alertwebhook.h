#pragma once

#include "alertevaluator.h"
#include "workeralertconfig.h"

#include <QByteArray>
#include <QObject>
#include <QQueue>
#include <QTimer>

class QNetworkAccessManager;
class QNetworkReply;

namespace porthole {

// Tells a web hook of the alerts that fire and resolve: an HTTP POST of JSON an event,
//
//   {"rule": "dead-letters", "name": "...", "severity": "warning", "subject": "",
//    "from": "pending", "to": "firing", "value": 12, "time": "2026-11-26T09:00:00.000Z"}
//
// one at a time and in order. An answer other than 2xx, a connection refused and an attempt
// past `timeout` are tried again after firstRetry, then twice as long each time up to
// longestRetry, maxAttempts times in all; then the event is dropped with dropped(). Events
// wait in a queue of maxQueued at the most (the oldest dropped beyond), so a slow or dead
// receiver costs bounded memory and never holds up the caller: notify() only queues, the
// requests run on the event loop of the thread this lives on (the worker's alert thread).
// What is still queued when it is destroyed is not sent.
class AlertWebhook : public QObject
{
    Q_OBJECT

public:
    explicit AlertWebhook(AlertWebhookOptions options, QObject *parent = nullptr);
    ~AlertWebhook() override;

    void notify(const AlertEvent &event);
    static QByteArray body(const AlertEvent &event);
    qsizetype queued() const { return m_queue.size(); }

Q_SIGNALS:
    void delivered(const QByteArray &body);
    // An attempt failed and will be tried again after `delayMs`.
    void retrying(const QString &problem, qint64 delayMs);
    void dropped(const QString &problem);

private:
    struct Pending
    {
        QByteArray body;
        int attempts = 0;
    };

    void sendNext();
    void finish(QNetworkReply *reply);

    AlertWebhookOptions m_options;
    QQueue<Pending> m_queue; // the head is the one being sent or waiting for its retry
    QNetworkAccessManager *m_network = nullptr; // made on first use, on this object's thread
    QNetworkReply *m_inFlight = nullptr;
    QTimer m_retry;
};

} // namespace porthole
