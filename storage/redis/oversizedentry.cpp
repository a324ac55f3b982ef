#include "oversizedentry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUtf8StringView>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QJsonValue text(const QByteArray &bytes)
{
    if (QUtf8StringView(bytes).isValidUtf8())
        return QString::fromUtf8(bytes);
    return QJsonObject{{u"base64"_s, QString::fromLatin1(bytes.toBase64())}};
}

// Why the entry could not be skimmed, for the dead letter.
QString whyNot(const Result<RedisSkim> &skim)
{
    if (!skim)
        return skim.error().message;
    if (skim->isError && !skim->values.isEmpty())
        return u"Redis answered \"%1\""_s.arg(QString::fromUtf8(skim->values.constFirst()));
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
    // [[id, [name, value, ...]]], or [] when the entry is gone.
    const auto skim = client.skim({"XRANGE", stream, id, id}, 1 + 2 * KeptFields, KeptBytes);
    if (skim && !skim->isError && skim->arrayLengths.value(0, -1) == 0) {
        summary.insert(u"unknown"_s, u"the entry was gone from the stream when Porthole "
                                     "asked for its fields"_s);
        kept = u"its id alone; the entry is gone from the stream"_s;
    } else if (skim && !skim->isError && skim->arrayLengths.size() >= 3) {
        const qint64 count = skim->arrayLengths.at(2) / 2;
        QJsonArray fields;
        for (qsizetype i = 1; i + 1 < skim->values.size(); i += 2)
            fields.append(QJsonArray{text(skim->values.at(i)), text(skim->values.at(i + 1))});
        summary.insert(u"field_count"_s, count);
        summary.insert(u"first_fields"_s, fields);
        summary.insert(u"cut_to_bytes"_s, KeptBytes);
        kept = u"its id, its field count (%1) and its first %2 fields, each cut to %3 bytes; "
               "the whole entry stays in Redis until the stream is trimmed (XRANGE %4 %5 %5)"_s
                   .arg(count)
                   .arg(fields.size())
                   .arg(KeptBytes)
                   .arg(QString::fromUtf8(stream), QString::fromLatin1(id));
    } else {
        summary.insert(u"unknown"_s, whyNot(skim));
        kept = u"its id alone (Redis could not give its fields: %1)"_s.arg(whyNot(skim));
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
    const auto skim = client.skim({"LINDEX", list, QByteArray::number(index)}, 1, KeptElementBytes);
    if (skim && !skim->isError && skim->valueLengths.value(0, 0) >= 0 && !skim->values.isEmpty()) {
        const qint64 bytes = skim->valueLengths.constFirst();
        summary.insert(u"bytes"_s, bytes);
        summary.insert(u"first_bytes"_s, text(skim->values.constFirst()));
        kept = u"its size (%1 bytes) and its first %2 bytes"_s.arg(bytes).arg(
            skim->values.constFirst().size());
    } else if (skim && !skim->isError) {
        summary.insert(u"unknown"_s, u"the element was gone from the list when Porthole asked "
                                     "for it"_s);
        kept = u"nothing of its content; it is gone from the list"_s;
    } else {
        summary.insert(u"unknown"_s, whyNot(skim));
        kept = u"nothing of its content (Redis could not give it: %1)"_s.arg(whyNot(skim));
    }
    Delivery delivery;
    delivery.payload = QJsonDocument(summary).toJson(QJsonDocument::Compact);
    delivery.deadReason = reasonFor(u"list element"_s, why, kept);
    return delivery;
}

} // namespace porthole
