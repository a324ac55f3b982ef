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
    , m_attemptDeadline(this)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &AlertWebhook::sendNext);
    m_attemptDeadline.setSingleShot(true);
    m_attemptDeadline.setTimerType(Qt::PreciseTimer);
    connect(&m_attemptDeadline, &QTimer::timeout, this, [this] {
        if (!m_inFlight)
            return;
        m_cut = Cut::TimedOut;
        m_inFlight->abort(); // finished() follows at once
    });
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
    QJsonObject object{
        {u"rule"_s, event.ruleId},
        {u"name"_s, event.ruleName},
        {u"severity"_s, alertSeverityName(event.severity)},
        {u"subject"_s, event.subject},
        {u"from"_s, alertStateName(event.from)},
        {u"to"_s, alertStateName(event.to)},
        {u"value"_s, event.value ? QJsonValue(*event.value) : QJsonValue()},
        {u"time"_s, event.time.toUTC().toString(Qt::ISODateWithMs)},
    };
    if (!event.detail.isEmpty())
        object.insert(u"detail"_s, event.detail);
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
    // The status is the answer: a redirect is not followed (Qt would follow it as a GET without
    // the body, to wherever it points) but taken as a failed attempt.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    m_queue.head().attempts += 1;
    m_answerBytes = 0;
    m_cut = Cut::None;
    QNetworkReply *reply = m_network->post(request, m_queue.head().body);
    m_inFlight = reply;
    // Qt reads no more from the socket than this while the body waits to be dropped.
    reply->setReadBufferSize(maxAnswerBytes);
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] { dropAnswer(reply); });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { finish(reply); });
    // The whole attempt, not only silence: a hook that sends a byte now and then, or a body
    // without end, would otherwise hold the queue for ever.
    m_attemptDeadline.start(m_options.timeout);
}

// Nothing of a hook's answer but its status is used: its body is dropped as it arrives, and
// cut once it is longer than any acknowledgement needs to be.
void AlertWebhook::dropAnswer(QNetworkReply *reply)
{
    if (reply != m_inFlight)
        return;
    m_answerBytes += reply->skip(reply->bytesAvailable());
    if (m_answerBytes > maxAnswerBytes) {
        m_cut = Cut::AnswerTooLong;
        reply->abort(); // finished() follows at once
    }
}

QString AlertWebhook::problemOf(QNetworkReply *reply, int status) const
{
    // A hook's address may carry a secret in its user part or query: the log shows neither,
    // nor those of where it points.
    constexpr auto hidden = QUrl::RemoveUserInfo | QUrl::RemoveQuery;
    const QString where = m_options.url.toDisplayString(hidden);
    // The status that came with the head decides, whatever became of the body after it was
    // cut; a 2xx whose body broke off by itself (the connection reset) is not a delivery.
    const bool whole = reply->error() == QNetworkReply::NoError || m_cut != Cut::None;
    if (status >= 200 && status < 300 && whole)
        return {};
    // (One arg() for all: an address's own %-escapes are not taken for place markers.)
    const QString code = QString::number(status);
    if (status >= 300 && status < 400) {
        const QByteArray location = reply->rawHeader("Location");
        if (location.isEmpty())
            return u"%1 answered %2 without a Location; a redirect is not followed"_s.arg(where,
                                                                                          code);
        const QUrl to = m_options.url.resolved(QUrl::fromEncoded(location));
        return u"%1 answered %2, pointing to %3; a redirect is not followed: give the web hook "
               "the address that takes the POST itself"_s.arg(where, code,
                                                              to.toDisplayString(hidden));
    }
    if (status > 0 && (status < 200 || status >= 300))
        return u"%1 answered %2"_s.arg(where, code);
    if (m_cut == Cut::TimedOut)
        return u"%1 did not answer within %2 ms (the web hook's timeout)"_s.arg(
            where, QString::number(m_options.timeout.count()));
    return u"%1: %2"_s.arg(where, reply->errorString().replace(m_options.url.toString(), where));
}

void AlertWebhook::finish(QNetworkReply *reply)
{
    m_attemptDeadline.stop();
    reply->deleteLater();
    m_inFlight = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString problem = problemOf(reply, status);
    if (problem.isEmpty()) {
        if (m_cut == Cut::AnswerTooLong)
            qCInfo(lcWebhook).noquote()
                << m_options.url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery)
                << "answered" << status << "with a body of more than" << maxAnswerBytes
                << "bytes; the rest was not read";
        Q_EMIT delivered(m_queue.dequeue().body);
        sendNext();
        return;
    }
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
