#include "oversizedentry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUtf8StringView>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// KEYS[1]: the stream. ARGV: the entry's id, how many field/value pairs to return, how many
// bytes of each. Answers [field count, name, value, ...], or [-1] when the entry is gone. The
// whole entry is read inside Redis, where no client limit applies; only the cut travels.
constexpr QByteArrayView StreamEntryScript = R"lua(
local entries = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
if #entries == 0 then
  return {-1}
end
local fields = entries[1][2]
local out = {math.floor(#fields / 2)}
local kept = math.min(#fields, 2 * tonumber(ARGV[2]))
local bytes = tonumber(ARGV[3])
for i = 1, kept do
  out[i + 1] = string.sub(fields[i], 1, bytes)
end
return out
)lua";

// KEYS[1]: the list. ARGV: the element's index, how many of its first bytes to return.
// Answers [length, first bytes], or [-1] when there is no such element.
constexpr QByteArrayView ListElementScript = R"lua(
local element = redis.call('LINDEX', KEYS[1], ARGV[1])
if not element then
  return {-1}
end
return {string.len(element), string.sub(element, 1, tonumber(ARGV[2]))}
)lua";

QJsonValue text(const QByteArray &bytes)
{
    if (QUtf8StringView(bytes).isValidUtf8())
        return QString::fromUtf8(bytes);
    return QJsonObject{{u"base64"_s, QString::fromLatin1(bytes.toBase64())}};
}

// Why Redis could not cut the entry down, for the dead letter.
QString whyNot(const Result<RedisReply> &reply)
{
    if (!reply)
        return reply.error().message;
    if (reply->isError())
        return u"Redis answered \"%1\""_s.arg(QString::fromUtf8(reply->text));
    return u"Redis answered in a form Porthole does not know"_s;
}

QString reasonFor(const QString &what, const QString &why, const QString &kept)
{
    return u"The %1 is too large for Porthole to read: its answer from Redis was %2. Kept as a "
           "dead letter with %3."_s.arg(what, why, kept);
}

} // namespace

Delivery OversizedEntry::streamEntry(RedisClient &client, const QByteArray &stream,
                                     const QByteArray &id, const QString &why)
{
    QJsonObject summary{{u"oversized"_s, u"stream entry"_s}, {u"id"_s, QString::fromLatin1(id)}};
    QString kept;
    const auto reply =
        client.evalScript(StreamEntryScript, {stream},
                          {id, QByteArray::number(KeptFields), QByteArray::number(KeptBytes)});
    if (reply && reply->type == RedisReply::Type::Array && !reply->elements.isEmpty() &&
        reply->elements.constFirst().type == RedisReply::Type::Integer) {
        const qint64 count = reply->elements.constFirst().integer;
        if (count < 0) {
            summary.insert(u"unknown"_s, u"the entry was gone from the stream when Porthole "
                                         "asked for its fields"_s);
            kept = u"its id alone; the entry is gone from the stream"_s;
        } else {
            QJsonArray fields;
            for (qsizetype i = 1; i + 1 < reply->elements.size(); i += 2)
                fields.append(QJsonArray{text(reply->elements.at(i).text),
                                         text(reply->elements.at(i + 1).text)});
            summary.insert(u"field_count"_s, count);
            summary.insert(u"first_fields"_s, fields);
            summary.insert(u"cut_to_bytes"_s, KeptBytes);
            kept = u"its id, its field count (%1) and its first %2 fields, each cut to %3 "
                   "bytes; the whole entry stays in Redis until the stream is trimmed "
                   "(XRANGE %4 %5 %5)"_s.arg(count)
                       .arg(fields.size())
                       .arg(KeptBytes)
                       .arg(QString::fromUtf8(stream), QString::fromLatin1(id));
        }
    } else {
        summary.insert(u"unknown"_s, whyNot(reply));
        kept = u"its id alone (Redis could not give its fields: %1)"_s.arg(whyNot(reply));
    }
    Delivery delivery;
    delivery.payload = QJsonDocument(summary).toJson(QJsonDocument::Compact);
    delivery.deadReason = reasonFor(u"stream entry %1"_s.arg(QString::fromLatin1(id)), why, kept);
    return delivery;
}

Delivery OversizedEntry::listElement(RedisClient &client, const QByteArray &list, qsizetype index,
                                     const QString &why)
{
    QJsonObject summary{{u"oversized"_s, u"list element"_s}};
    QString kept;
    const auto reply =
        client.evalScript(ListElementScript, {list},
                          {QByteArray::number(index), QByteArray::number(KeptElementBytes)});
    if (reply && reply->type == RedisReply::Type::Array && reply->elements.size() == 1 &&
        reply->elements.constFirst().integer < 0) {
        summary.insert(u"unknown"_s, u"the element was gone from the list when Porthole asked "
                                     "for it"_s);
        kept = u"nothing of its content; it is gone from the list"_s;
    } else if (reply && reply->type == RedisReply::Type::Array && reply->elements.size() == 2 &&
               reply->elements.constFirst().type == RedisReply::Type::Integer) {
        const qint64 bytes = reply->elements.constFirst().integer;
        summary.insert(u"bytes"_s, bytes);
        summary.insert(u"first_bytes"_s, text(reply->elements.at(1).text));
        kept = u"its size (%1 bytes) and its first %2 bytes"_s.arg(bytes).arg(
            reply->elements.at(1).text.size());
    } else {
        summary.insert(u"unknown"_s, whyNot(reply));
        kept = u"nothing of its content (Redis could not give it: %1)"_s.arg(whyNot(reply));
    }
    Delivery delivery;
    delivery.payload = QJsonDocument(summary).toJson(QJsonDocument::Compact);
    delivery.deadReason = reasonFor(u"list element"_s, why, kept);
    return delivery;
}

} // namespace porthole
