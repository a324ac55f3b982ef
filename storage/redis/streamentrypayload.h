#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>
#include <span>

namespace porthole {

// What a stream entry becomes as a payload: stored exactly, or kept whole as a dead letter;
// never changed on the way (docs/PAYLOADS.md, "Fields mode"). By the entry's fields:
//
//   the entry                                payload                          fieldsAsJson  dead
//   one field named `payload`                that field's bytes               no            no
//   `payload` more than once                 the pairs                        yes           yes
//   unique names, every name and value UTF-8 the JSON object of its fields,   yes           no
//                                            in the entry's order
//   a name more than once                    the pairs                        yes           yes
//   a name or value that is not UTF-8        the pairs                        yes           yes
//   an odd number of elements                the pairs, the last one alone    yes           yes
//
// The pairs are the JSON array [["name","value"],...] in the entry's order; a name or value is
// a JSON string where its bytes are UTF-8 and {"base64":"..."} (standard base64) where they are
// not, so the entry's bytes can be had back exactly (streamEntryFromPairs). Beside a single
// `payload` field, other fields are not part of the message (as before: the payload is the
// message, the other fields are the sender's envelope).
struct StreamEntryPayload
{
    QByteArray payload;
    bool fieldsAsJson = false;
    QString deadReason; // non-empty: kept as a dead letter, with this reason

    friend bool operator==(const StreamEntryPayload &, const StreamEntryPayload &) = default;
};

// `elements` are the entry's field names and values, alternating, as Redis sends them.
StreamEntryPayload streamEntryPayload(std::span<const QByteArrayView> elements);

// The pairs written for a dead letter; also what an entry of unique names and values is in
// another shape than the object (tests, the fuzz target).
QByteArray streamEntryPairs(std::span<const QByteArrayView> elements);

// The elements back from the pairs: nullopt when `pairs` is not that form.
std::optional<QList<QByteArray>> streamEntryFromPairs(QByteArrayView pairs);

// The id of the port_messages row an entry moved to the dead letters becomes: the same for the
// same stream, group and entry id, so a second move stores nothing.
QString deadLetterRowId(const QByteArray &key, const QByteArray &group, const QByteArray &entryId);

} // namespace porthole
