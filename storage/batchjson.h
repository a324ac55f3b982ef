#pragma once

#include "batchline.h"

#include <QByteArray>
#include <QList>
#include <QStringView>

#include <utility>

namespace porthole {

// JSON text laid out as Python's json.dumps(value, indent=2) writes it (ASCII only, non-ASCII
// as \uXXXX), so that Porthole's export and the seed's export_to_json can be compared byte
// for byte.
class BatchJson
{
public:
    // One object: keys in order, values already JSON text.
    using Fields = QList<std::pair<QByteArray, QByteArray>>;

    static QByteArray string(QStringView text);
    static void appendString(QByteArray &out, QStringView text);
    static QByteArray array(const QList<Fields> &objects);

    // The seed's shape: [{"timestamp", "message_number", "content"}, ...]. Content that is
    // not valid UTF-8 is shown with U+FFFD in "content", and given exactly, as Base64, in an
    // extra "content_base64" field (see docs/BATCH_FORMAT.md).
    static QByteArray messages(const QList<BatchMessage> &messages);
    // The same, one message at a time: begin, then add for each, then end.
    static void beginMessages(QByteArray &out);
    static void addMessage(QByteArray &out, const BatchMessage &message, bool first);
    static void endMessages(QByteArray &out, bool empty);
};

} // namespace porthole
