#pragma once

#include "batchline.h"
#include "storageerror.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>
#include <sys/stat.h>

namespace porthole {

// One line of a batch file as read: a message, or what is wrong with the line.
struct BatchFileLine
{
    qint64 lineNumber = 0; // from 1
    bool ok = false;
    BatchMessage message; // when ok
    QString problem;      // when !ok, for a person
    QByteArray raw;       // when !ok: the line as found (at most rawLineLimit bytes)

    static constexpr qsizetype rawLineLimit = 4096;
};

// Every line of one file, in order.
struct BatchFileContent
{
    QList<BatchFileLine> lines;
    qint64 sizeBytes = 0;
    bool endsWithLineEnd = true; // false: the last line has no '\n' (a torn write)

    qint64 messageCount() const;
    QList<BatchMessage> messages() const; // the well-formed lines only
};

// What the listing shows of one file, found in one pass without copying contents.
struct BatchFileSummary
{
    qint64 lineCount = 0;      // every line, an unterminated last one included
    qint64 messageCount = 0;   // well-formed lines
    qint64 malformedLines = 0; // the other lines, an unterminated last one included
    std::optional<qint64> firstMessageNumber;
    std::optional<qint64> lastMessageNumber;
};

// Splits bytes into lines ('\n', or "\r\n" from a CRLF writer) and parses each. A last
// line without '\n' is reported as malformed: it is a torn write, not a message yet.
BatchFileContent parseBatchFileBytes(QByteArrayView bytes);
BatchFileSummary summarizeBatchFileBytes(QByteArrayView bytes);

// Reads batch file `id` of the store in directory. Never follows a symbolic link.
Result<BatchFileContent> readBatchFile(const QString &directory, qint64 id);

// Reads a regular file in the folder dirFd by name, without following a link. *status is
// what fstat gave before the read, and only st_size bytes are read (a writer may append
// meanwhile). Returns 0 or the errno (EINVAL: not a regular file).
int readFileAt(int dirFd, const char *name, QByteArray *bytes, struct stat *status);

} // namespace porthole
