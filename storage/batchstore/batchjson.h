#pragma once

#include "batchline.h"

#include <QByteArray>
#include <QList>
#include <QStringView>

#include <utility>

namespace porthole {

struct BatchFileInfo;

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
    // A batch file's metadata, as `porthole batches --json` and the worker's GET /batches list
    // it: id, filename, message_count, file_size_bytes, date_created, date_modified (UTC,
    // ISO 8601), first_message_number, last_message_number (null when none), line_count,
    // malformed_lines.
    static Fields fileFields(const BatchFileInfo &file);

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
