#include "alertwebhook.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QThread>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

Q_LOGGING_CATEGORY(lcWebhook, "porthole.ingest.alerts.webhook")

} // namespace

AlertWebhook::AlertWebhook(AlertWebhookOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_retry(this)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &AlertWebhook::sendNext);
}

AlertWebhook::~AlertWebhook()
{
    if (m_inFlight) {
        // Its finished() must not reach a half-destroyed object.
        m_inFlight->disconnect(this);
        m_inFlight->abort();
    }
}

QByteArray AlertWebhook::body(const AlertEvent &event)
{
    const QJsonObject object{
        {u"rule"_s, event.ruleId},
        {u"name"_s, event.ruleName},
        {u"severity"_s, alertSeverityName(event.severity)},
        {u"subject"_s, event.subject},
        {u"from"_s, alertStateName(event.from)},
        {u"to"_s, alertStateName(event.to)},
        {u"value"_s, event.value ? QJsonValue(*event.value) : QJsonValue()},
        {u"time"_s, event.time.toUTC().toString(Qt::ISODateWithMs)},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

void AlertWebhook::notify(const AlertEvent &event)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_queue.size() >= m_options.maxQueued) {
        // The head may be on the wire: drop the oldest of those waiting behind it.
        const qsizetype oldest = m_queue.size() > 1 ? 1 : 0;
        const QByteArray lost = m_queue.at(oldest).body;
        m_queue.removeAt(oldest);
        Q_EMIT dropped(u"the web hook's queue is full (%1); dropped %2"_s.arg(m_options.maxQueued)
                           .arg(QString::fromUtf8(lost)));
    }
    m_queue.enqueue({.body = body(event), .attempts = 0});
    if (!m_inFlight && !m_retry.isActive())
        sendNext();
}

void AlertWebhook::sendNext()
{
    if (m_queue.isEmpty() || m_inFlight)
        return;
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    QNetworkRequest request(m_options.url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setTransferTimeout(int(m_options.timeout.count()));
    m_queue.head().attempts += 1;
    m_inFlight = m_network->post(request, m_queue.head().body);
    connect(m_inFlight, &QNetworkReply::finished, this,
            [this, reply = m_inFlight] { finish(reply); });
}

void AlertWebhook::finish(QNetworkReply *reply)
{
    reply->deleteLater();
    m_inFlight = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
        Q_EMIT delivered(m_queue.dequeue().body);
        sendNext();
        return;
    }
    // A hook's address may carry a secret in its user part or query: the log shows neither.
    const QString where = m_options.url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    const QString problem =
        status > 0
            ? u"%1 answered %2"_s.arg(where).arg(status)
            : u"%1: %2"_s.arg(where, reply->errorString().replace(m_options.url.toString(), where));
    const int attempts = m_queue.head().attempts;
    if (attempts >= m_options.maxAttempts) {
        const Pending lost = m_queue.dequeue();
        qCWarning(lcWebhook).noquote() << problem << "after" << attempts << "attempts; dropped";
        Q_EMIT dropped(u"%1 after %2 attempts; dropped %3"_s.arg(problem).arg(attempts).arg(
            QString::fromUtf8(lost.body)));
        sendNext();
        return;
    }
    // 1, 2, 4, ... times the first delay, up to the longest.
    const qint64 factor = qint64(1) << std::min(attempts - 1, 30);
    const qint64 delay =
        std::min(m_options.firstRetry.count() * factor, qint64(m_options.longestRetry.count()));
    Q_EMIT retrying(problem, delay);
    m_retry.start(std::chrono::milliseconds(delay));
}

} // namespace porthole
