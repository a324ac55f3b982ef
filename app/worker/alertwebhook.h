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
// one at a time and in order. The answer's status decides: 2xx is delivered. Its body is read
// as it comes and dropped, and cut past maxAnswerBytes (the status that came with the head
// still decides); `timeout` bounds an attempt in all, from connecting to the answer's last
// byte, so that a hook that answers slowly, a byte at a time or with a body that never ends
// costs neither memory nor more than that time. A redirect (3xx) is not followed: the alert
// would go on as a GET without its body, or to another server; it is a failed attempt, and
// the problem names where it pointed. Any other answer, a connection refused and an attempt
// past `timeout` without a status are tried again after firstRetry, then twice as long each
// time up to longestRetry, maxAttempts times in all; then the event is dropped with dropped().
// Events wait in a queue of maxQueued at the most (the oldest dropped beyond, with dropped()),
// so a slow or dead receiver costs bounded memory and never holds up the caller: notify() only
// queues, the requests run on the event loop of the thread this lives on (the worker's alert
// thread). What is still queued when it is destroyed is not sent.
class AlertWebhook : public QObject
{
    Q_OBJECT

public:
    // The most of an answer's body that is read (and dropped) before the answer is cut.
    static constexpr qint64 maxAnswerBytes = 4096;

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

    // Why an attempt was cut short by the webhook itself.
    enum class Cut
    {
        None,
        AnswerTooLong, // its body went past maxAnswerBytes
        TimedOut,      // the attempt went past `timeout`
    };

    void sendNext();
    void dropAnswer(QNetworkReply *reply);
    void finish(QNetworkReply *reply);
    // Why the attempt that `reply` ended failed, or empty when it delivered.
    QString problemOf(QNetworkReply *reply, int status) const;

    AlertWebhookOptions m_options;
    QQueue<Pending> m_queue; // the head is the one being sent or waiting for its retry
    QNetworkAccessManager *m_network = nullptr; // made on first use, on this object's thread
    QNetworkReply *m_inFlight = nullptr;
    qint64 m_answerBytes = 0; // of m_inFlight's body, read and dropped
    Cut m_cut = Cut::None;    // of m_inFlight
    QTimer m_retry;
    QTimer m_attemptDeadline;
};

} // namespace porthole
