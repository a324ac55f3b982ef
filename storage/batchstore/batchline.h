#pragma once

#include "storageerror.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QString>
#include <QStringView>

#include <optional>
#include <utility>

namespace porthole {

// A batch file holds at most this many messages; a full file is never changed again.
inline constexpr int batchFileCapacity = 10;

// The content a batch line carries at most: the worker's file sink makes a larger payload a
// dead letter. Escaped at worst (`\xHH`, four bytes a byte) it is 64 MiB.
inline constexpr qint64 batchContentLimit = 16 * 1024 * 1024;
// The longest line Porthole writes, and the most of one line a reader keeps, its line end not
// counted: the escaped content and the line's fixed part fit with room to spare. A longer
// line is damaged (not one Porthole wrote); readers keep its first bytes only.
inline constexpr qint64 batchLineLimit = 65 * 1024 * 1024;
// A batch file larger than this is damaged: ten lines can never be this long. Readers report
// such a file (an integrity finding) and never read it.
inline constexpr qint64 batchFileSizeLimit = batchFileCapacity * batchLineLimit;

// One message as the batch files hold it.
struct BatchMessage
{
    qint64 number = 0;   // the sender's message number, 0 or more
    QDateTime timestamp; // when it was received; stored in UTC to the second
    QByteArray content;  // the bytes as received, any bytes at all

    friend bool operator==(const BatchMessage &, const BatchMessage &) = default;
};

// The fixed part of a line: `[YYYY-MM-DD HH:MM:SS] Message #N: `.
struct BatchLineHeader
{
    qint64 number = 0;
    qint64 secsSinceEpoch = 0; // the timestamp, read as UTC
    qsizetype contentOffset = 0;
};

// What reading one line gave: a message, or the reason it is not one.
struct BatchLineParse
{
    bool ok = false;
    BatchMessage message;
    QString problem; // for a person, when !ok
};

// One line of a batch file, as the seed's receiver writes it:
//   [YYYY-MM-DD HH:MM:SS] Message #{number}: {content}\n
// Content that would break the one-line rule or is not UTF-8 is escaped with backslashes
// (see docs/BATCH_FORMAT.md); content without such bytes is written exactly as the seed
// writes it. Timestamps are UTC.
class BatchLine
{
public:
    // `\` -> `\\`, line feed -> `\n`, carriage return -> `\r`, NUL -> `\0`, and each byte
    // that is not part of a valid UTF-8 sequence -> `\xHH`. Everything else is kept.
    static QByteArray escape(QByteArrayView content);
    static void appendEscaped(QByteArray &out, QByteArrayView content);
    // Undoes escape(). A backslash before anything else is kept as it is, so text from
    // other writers (a Windows path, say) mostly survives; see docs/BATCH_FORMAT.md.
    static QByteArray unescape(QByteArrayView escaped);

    // Refuses a negative number and a timestamp that is invalid or outside the years
    // 0000-9999; gives the timestamp in seconds since the epoch.
    static Result<qint64> check(const BatchMessage &message);
    // The whole line, ending in '\n', for a message check() accepts.
    static Result<QByteArray> format(const BatchMessage &message);
    // The same without checks, appended to out: the writer's fast path.
    static void appendFormatted(QByteArray &out, qint64 number, qint64 secsSinceEpoch,
                                QByteArrayView content);

    // Reads one line given without its '\n' (a final '\r' is taken as a CRLF line end).
    static BatchLineParse parse(QByteArrayView line);
    // Reads only the fixed part; returns an empty string, or the problem.
    static QString parseHeader(QByteArrayView line, BatchLineHeader *header);

    // `YYYY-MM-DD HH:MM:SS` in UTC.
    static QByteArray formatTimestamp(qint64 secsSinceEpoch);
    static std::optional<qint64> parseTimestamp(QByteArrayView text);
    static bool timestampInRange(qint64 secsSinceEpoch);

    static bool isValidUtf8(QByteArrayView bytes);
};

// `messages_batch_0042.txt`; past 9999 the name simply grows (`messages_batch_10000.txt`).
QString batchFileName(qint64 id);
QByteArray batchFileNameBytes(qint64 id);
// The id of a name exactly as batchFileName() writes it; nothing for any other name
// (`messages_batch_42.txt`, `messages_batch_00042.txt`, `messages_batch_0000.txt`).
std::optional<qint64> batchIdFromFileName(QByteArrayView name);
std::optional<qint64> batchIdFromFileName(QStringView name);
// The delivery key of a batch file's line imported into the receiver's messages table
// (`porthole batches --import`): "batch:{file's number}:{line, from 1}"; and the file and line
// such a key names (nothing for any other key).
QString importedLineKey(qint64 batch, qint64 line);
std::optional<std::pair<qint64, qint64>> importedLineOf(QStringView key);
// A batch id typed by a person: a positive decimal integer and nothing else.
Result<qint64> parseBatchId(QStringView text);

} // namespace porthole
