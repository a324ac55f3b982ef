// A stream entry's fields as a payload (storage/streamentrypayload.*), for any fields. The
// input is the entry: a byte for the number of elements (names and values, alternating; up to
// 15, so odd counts come too), then each element as a length byte and that many bytes.
//
// Invariants (docs/PAYLOADS.md, "Fields mode"): the entry is stored exactly or kept whole.
// - one `payload` field: the payload is that field's bytes;
// - fields mode: the payload is a JSON object of exactly the entry's fields, name for name and
//   byte for byte, so there were no repeated names and every byte was UTF-8;
// - otherwise a dead letter with a reason, whose pairs give back every element byte for byte;
// - the pairs of any entry give it back; the decoder keeps a dead entry as a dead letter.

#include "fuzzcheck.h"
#include "payloaddecoder.h"
#include "streamentrypayload.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>

using namespace Qt::StringLiterals;
using namespace porthole;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::FuzzInput input(data, size);
    const QByteArrayView all = input.all();
    QList<QByteArrayView> elements;
    qsizetype at = 1;
    const int count = all.isEmpty() ? 0 : static_cast<quint8>(all.at(0)) % 16;
    for (int i = 0; i < count; ++i) {
        const qsizetype length =
            at < all.size()
                ? std::min<qsizetype>(static_cast<quint8>(all.at(at)), all.size() - at - 1)
                : 0;
        ++at;
        elements.append(at < all.size() ? all.sliced(at, length) : QByteArrayView());
        at += length;
    }
    QList<QByteArray> expected;
    for (QByteArrayView element : elements)
        expected.append(element.toByteArray());

    const StreamEntryPayload entry = streamEntryPayload(elements);
    PORTHOLE_FUZZ_CHECK(streamEntryPayload(elements) == entry);
    PORTHOLE_FUZZ_CHECK(streamEntryFromPairs(streamEntryPairs(elements)) == expected);

    if (!entry.deadReason.isEmpty()) {
        PORTHOLE_FUZZ_CHECK(entry.fieldsAsJson);
        PORTHOLE_FUZZ_CHECK(streamEntryFromPairs(entry.payload) == expected);
        Delivery delivery;
        delivery.key = u"stream:fuzz:1-0"_s;
        delivery.payload = entry.payload;
        delivery.fieldsAsJson = true;
        delivery.deadReason = entry.deadReason;
        const DecodedPayload decoded = decodePayload(delivery);
        PORTHOLE_FUZZ_CHECK(decoded.get<DeadLetter>() != nullptr);
        return 0;
    }
    PORTHOLE_FUZZ_CHECK(elements.size() % 2 == 0);
    if (!entry.fieldsAsJson) {
        int payloads = 0;
        for (qsizetype i = 0; i < elements.size(); i += 2) {
            if (elements.at(i) == "payload") {
                ++payloads;
                PORTHOLE_FUZZ_CHECK(entry.payload == elements.at(i + 1));
            }
        }
        PORTHOLE_FUZZ_CHECK(payloads == 1);
        return 0;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(entry.payload, &error);
    PORTHOLE_FUZZ_CHECK(error.error == QJsonParseError::NoError && doc.isObject());
    const QJsonObject object = doc.object();
    PORTHOLE_FUZZ_CHECK(object.size() == elements.size() / 2);
    for (qsizetype i = 0; i < elements.size(); i += 2) {
        PORTHOLE_FUZZ_CHECK(elements.at(i) != "payload");
        const QString name = QString::fromUtf8(elements.at(i));
        PORTHOLE_FUZZ_CHECK(name.toUtf8() == elements.at(i));
        PORTHOLE_FUZZ_CHECK(object.value(name).isString());
        PORTHOLE_FUZZ_CHECK(object.value(name).toString().toUtf8() == elements.at(i + 1));
    }
    return 0;
}
