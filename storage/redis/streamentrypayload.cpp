#include "streamentrypayload.h"

#include "errorsignature.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr QByteArrayView PayloadField("payload");
const QString Base64Member = u"base64"_s;

constexpr QByteArrayView ByteOrderMark("\xEF\xBB\xBF");

// UTF-8 that comes back byte for byte from a QString (a leading byte order mark does not).
bool isExactUtf8(QByteArrayView bytes)
{
    return bytes.isValidUtf8() && !bytes.startsWith(ByteOrderMark);
}

QString notExact(QByteArrayView bytes)
{
    return bytes.isValidUtf8() ? u"starts with a byte order mark"_s : u"is not UTF-8 text"_s;
}

bool needsEscaping(char c)
{
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte >= 0x7f || c == '"' || c == '\\';
}

// A JSON string of exact UTF-8 text. Text that needs no escaping goes in as it is; the rest
// is escaped by Qt's writer.
void appendJsonString(QByteArray &out, QByteArrayView utf8)
{
    if (std::none_of(utf8.begin(), utf8.end(), needsEscaping)) {
        out += '"';
        out += utf8;
        out += '"';
        return;
    }
    const QByteArray array =
        QJsonDocument(QJsonArray{QString::fromUtf8(utf8)}).toJson(QJsonDocument::Compact);
    out += QByteArrayView(array).sliced(1, array.size() - 2);
}

// The JSON object of unique names and exact UTF-8 texts, members in the entry's order: Qt's
// QJsonObject would sort them, so the braces and separators are put here and each string is
// Qt's.
QByteArray objectInOrder(std::span<const QByteArrayView> elements)
{
    qsizetype size = 2;
    for (QByteArrayView element : elements)
        size += element.size() + 4;
    QByteArray out;
    out.reserve(size);
    out += '{';
    for (qsizetype i = 0; i + 1 < qsizetype(elements.size()); i += 2) {
        if (i > 0)
            out += ',';
        appendJsonString(out, elements[i]);
        out += ':';
        appendJsonString(out, elements[i + 1]);
    }
    out += '}';
    return out;
}

QJsonValue pairElement(QByteArrayView bytes)
{
    if (isExactUtf8(bytes))
        return QString::fromUtf8(bytes);
    return QJsonObject{{Base64Member, QString::fromLatin1(bytes.toByteArray().toBase64())}};
}

std::optional<QByteArray> elementFromPair(const QJsonValue &value)
{
    if (value.isString())
        return value.toString().toUtf8();
    const QJsonObject object = value.toObject();
    if (!value.isObject() || object.size() != 1 || !object.value(Base64Member).isString())
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(
        object.value(Base64Member).toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return *decoded;
}

QString shownName(QByteArrayView name)
{
    return quotedForReason(QString::fromUtf8(name));
}

StreamEntryPayload dead(std::span<const QByteArrayView> elements, const QString &reason)
{
    return {streamEntryPairs(elements), true,
            reason + u" It is kept whole as a dead letter: its fields as [name, value] pairs."_s};
}

} // namespace

QByteArray streamEntryPairs(std::span<const QByteArrayView> elements)
{
    QJsonArray pairs;
    for (qsizetype i = 0; i < qsizetype(elements.size()); i += 2) {
        QJsonArray pair{pairElement(elements[i])};
        if (i + 1 < qsizetype(elements.size()))
            pair.append(pairElement(elements[i + 1]));
        pairs.append(pair);
    }
    return QJsonDocument(pairs).toJson(QJsonDocument::Compact);
}

std::optional<QList<QByteArray>> streamEntryFromPairs(QByteArrayView pairs)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(pairs.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        return std::nullopt;
    const QJsonArray array = doc.array();
    QList<QByteArray> elements;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonArray pair = array.at(i).toArray();
        const bool last = i + 1 == array.size();
        if (!array.at(i).isArray() || pair.size() > 2 || pair.isEmpty() ||
            (pair.size() == 1 && !last))
            return std::nullopt;
        for (const QJsonValue &value : pair) {
            auto element = elementFromPair(value);
            if (!element)
                return std::nullopt;
            elements.append(std::move(*element));
        }
    }
    return elements;
}

StreamEntryPayload streamEntryPayload(std::span<const QByteArrayView> elements)
{
    if (qsizetype(elements.size()) % 2 != 0)
        return dead(elements,
                    u"The stream entry has %1 elements, not pairs of a name and a value."_s.arg(
                        qsizetype(elements.size())));

    qsizetype payloadAt = -1;
    int payloadFields = 0;
    for (qsizetype i = 0; i < qsizetype(elements.size()); i += 2) {
        if (elements[i] == PayloadField) {
            if (payloadAt < 0)
                payloadAt = i;
            ++payloadFields;
        }
    }
    if (payloadFields > 1)
        return dead(elements, u"The stream entry has %1 fields named \"payload\"; which one is the "
                              "message is not clear."_s.arg(payloadFields));
    if (payloadAt >= 0)
        return {elements[payloadAt + 1].toByteArray(), false, {}};

    QHash<QByteArrayView, qsizetype> seen;
    seen.reserve(qsizetype(elements.size()) / 2);
    for (qsizetype i = 0; i < qsizetype(elements.size()); i += 2) {
        const QByteArrayView name = elements[i];
        const qsizetype field = i / 2 + 1;
        if (!isExactUtf8(name))
            return dead(elements, u"The name of the stream entry's field %1 %2; a JSON object of "
                                  "its fields would lose bytes."_s.arg(field)
                                      .arg(notExact(name)));
        if (!isExactUtf8(elements[i + 1]))
            return dead(elements, u"The value of the stream entry's field %1 %2; a JSON object of "
                                  "its fields would lose bytes. Send bytes in a \"payload\" "
                                  "field."_s.arg(shownName(name), notExact(elements[i + 1])));
        if (const auto first = seen.constFind(name); first != seen.cend())
            return dead(elements, u"The stream entry has the field %1 more than once (fields %2 "
                                  "and %3); a JSON object of its fields would keep one value."_s
                                      .arg(shownName(name))
                                      .arg(*first)
                                      .arg(field));
        seen.insert(name, field);
    }
    return {objectInOrder(elements), true, {}};
}

QString deadLetterRowId(const QByteArray &key, const QByteArray &group, const QByteArray &entryId)
{
    // A fixed namespace for these ids (UUID version 5, RFC 9562): key and group go in
    // percent-encoded, so that no two triples give the same name.
    static const QUuid space(u"6f1c5a52-2c1e-4f0e-9a55-1d4c0e6b7a31"_s);
    const QByteArray name =
        key.toPercentEncoding() + ':' + group.toPercentEncoding() + ':' + entryId;
    return QUuid::createUuidV5(space, name).toString(QUuid::WithoutBraces);
}

} // namespace porthole
