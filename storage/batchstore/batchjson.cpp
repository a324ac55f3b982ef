#include "batchjson.h"

#include "batchfileindex.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

void appendHex4(QByteArray &out, uint value)
{
    static constexpr char hex[] = "0123456789abcdef";
    const char text[6] = {'\\',
                          'u',
                          hex[(value >> 12) & 0xF],
                          hex[(value >> 8) & 0xF],
                          hex[(value >> 4) & 0xF],
                          hex[value & 0xF]};
    out.append(text, 6);
}

void appendObject(QByteArray &out, const BatchJson::Fields &fields)
{
    if (fields.isEmpty()) {
        out.append("{}");
        return;
    }
    out.append("{\n");
    for (qsizetype i = 0; i < fields.size(); ++i) {
        out.append("    ");
        BatchJson::appendString(out, QString::fromLatin1(fields.at(i).first));
        out.append(": ");
        out.append(fields.at(i).second);
        out.append(i + 1 < fields.size() ? ",\n" : "\n");
    }
    out.append("  }");
}

} // namespace

void BatchJson::appendString(QByteArray &out, QStringView text)
{
    out.append('"');
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        switch (u) {
        case u'"':
            out.append("\\\"");
            break;
        case u'\\':
            out.append("\\\\");
            break;
        case u'\n':
            out.append("\\n");
            break;
        case u'\r':
            out.append("\\r");
            break;
        case u'\t':
            out.append("\\t");
            break;
        case u'\b':
            out.append("\\b");
            break;
        case u'\f':
            out.append("\\f");
            break;
        default:
            // Python escapes everything outside ' '..'~'; a QString holds the UTF-16 units
            // that Python writes for characters past U+FFFF (a surrogate pair).
            if (u >= 0x20 && u <= 0x7E)
                out.append(static_cast<char>(u));
            else
                appendHex4(out, u);
            break;
        }
    }
    out.append('"');
}

QByteArray BatchJson::string(QStringView text)
{
    QByteArray out;
    appendString(out, text);
    return out;
}

QByteArray BatchJson::array(const QList<Fields> &objects)
{
    if (objects.isEmpty())
        return "[]";
    QByteArray out("[\n");
    for (qsizetype i = 0; i < objects.size(); ++i) {
        out.append("  ");
        appendObject(out, objects.at(i));
        out.append(i + 1 < objects.size() ? ",\n" : "\n");
    }
    out.append(']');
    return out;
}

void BatchJson::beginMessages(QByteArray &out)
{
    out.append('[');
}

void BatchJson::addMessage(QByteArray &out, const BatchMessage &message, bool first)
{
    out.append(first ? "\n" : ",\n");
    out.append("  {\n    \"timestamp\": \"");
    out.append(BatchLine::formatTimestamp(message.timestamp.toSecsSinceEpoch()));
    out.append("\",\n    \"message_number\": ");
    out.append(QByteArray::number(message.number));
    out.append(",\n    \"content\": ");
    appendString(out, QString::fromUtf8(message.content));
    if (!BatchLine::isValidUtf8(message.content)) {
        out.append(",\n    \"content_base64\": \"");
        out.append(message.content.toBase64());
        out.append('"');
    }
    out.append("\n  }");
}

void BatchJson::endMessages(QByteArray &out, bool empty)
{
    out.append(empty ? "]" : "\n]");
}

QByteArray BatchJson::messages(const QList<BatchMessage> &messages)
{
    QByteArray out;
    beginMessages(out);
    for (qsizetype i = 0; i < messages.size(); ++i)
        addMessage(out, messages.at(i), i == 0);
    endMessages(out, messages.isEmpty());
    return out;
}

BatchJson::Fields BatchJson::fileFields(const BatchFileInfo &file)
{
    const auto time = [](const QDateTime &value) {
        return string(value.toUTC().toString(u"yyyy-MM-ddTHH:mm:ssZ"_s));
    };
    const auto number = [](std::optional<qint64> value) {
        return value ? QByteArray::number(*value) : QByteArray("null");
    };
    return {
        {"id", QByteArray::number(file.id)},
        {"filename", string(file.fileName)},
        {"message_count", QByteArray::number(file.messageCount)},
        {"file_size_bytes", QByteArray::number(file.fileSizeBytes)},
        {"date_created", time(file.dateCreated)},
        {"date_modified", time(file.dateModified)},
        {"first_message_number", number(file.firstMessageNumber)},
        {"last_message_number", number(file.lastMessageNumber)},
        {"line_count", QByteArray::number(file.lineCount)},
        {"malformed_lines", QByteArray::number(file.malformedLines)},
    };
}

} // namespace porthole
