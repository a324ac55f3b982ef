#include "portmessagejson.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace porthole {

QJsonValue timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonValue storedJsonValue(const QByteArray &json)
{
    if (json.isNull())
        return QJsonValue::Null;
    // Wrapped in an array, so that a scalar JSON text parses too.
    const QJsonDocument doc = QJsonDocument::fromJson("[" + json + "]");
    return doc.isArray() ? doc.array().at(0) : QJsonValue(QString::fromUtf8(json));
}

QJsonObject portMessageJson(const PortMessage &m)
{
    return {
        {u"id"_s, m.id},
        {u"port_name"_s, m.portName},
        {u"source_component"_s, m.sourceComponent},
        {u"target_component"_s, m.targetComponent},
        {u"message_data"_s, storedJsonValue(m.messageData)},
        {u"message_metadata"_s, storedJsonValue(m.messageMetadata)},
        {u"status"_s, m.status},
        {u"retry_count"_s, m.retryCount},
        {u"max_retries"_s, m.maxRetries},
        {u"created_at"_s, timeOrNull(m.createdAt)},
        {u"processed_at"_s, timeOrNull(m.processedAt)},
        {u"completed_at"_s, timeOrNull(m.completedAt)},
        {u"error_message"_s, m.errorMessage.isNull() ? QJsonValue() : QJsonValue(m.errorMessage)},
        {u"error_details"_s, storedJsonValue(m.errorDetails)},
        {u"version"_s, m.version},
        {u"replay_count"_s, m.replayCount},
        {u"deleted_at"_s, timeOrNull(m.deletedAt)},
    };
}

QJsonObject portMessageChanges(const PortMessage &from, const PortMessage &to)
{
    QJsonObject json;
    if (to.id != from.id)
        json[u"id"_s] = to.id;
    if (to.portName != from.portName)
        json[u"port_name"_s] = to.portName;
    if (to.sourceComponent != from.sourceComponent)
        json[u"source_component"_s] = to.sourceComponent;
    if (to.targetComponent != from.targetComponent)
        json[u"target_component"_s] = to.targetComponent;
    if (to.messageData != from.messageData)
        json[u"message_data"_s] = storedJsonValue(to.messageData);
    if (to.messageMetadata != from.messageMetadata ||
        to.messageMetadata.isNull() != from.messageMetadata.isNull())
        json[u"message_metadata"_s] = storedJsonValue(to.messageMetadata);
    if (to.status != from.status)
        json[u"status"_s] = to.status;
    if (to.retryCount != from.retryCount)
        json[u"retry_count"_s] = to.retryCount;
    if (to.maxRetries != from.maxRetries)
        json[u"max_retries"_s] = to.maxRetries;
    if (to.createdAt != from.createdAt)
        json[u"created_at"_s] = timeOrNull(to.createdAt);
    if (to.processedAt != from.processedAt)
        json[u"processed_at"_s] = timeOrNull(to.processedAt);
    if (to.completedAt != from.completedAt)
        json[u"completed_at"_s] = timeOrNull(to.completedAt);
    if (to.errorMessage != from.errorMessage ||
        to.errorMessage.isNull() != from.errorMessage.isNull())
        json[u"error_message"_s] =
            to.errorMessage.isNull() ? QJsonValue() : QJsonValue(to.errorMessage);
    if (to.errorDetails != from.errorDetails ||
        to.errorDetails.isNull() != from.errorDetails.isNull())
        json[u"error_details"_s] = storedJsonValue(to.errorDetails);
    if (to.version != from.version)
        json[u"version"_s] = to.version;
    if (to.replayCount != from.replayCount)
        json[u"replay_count"_s] = to.replayCount;
    if (to.deletedAt != from.deletedAt)
        json[u"deleted_at"_s] = timeOrNull(to.deletedAt);
    return json;
}

} // namespace porthole
