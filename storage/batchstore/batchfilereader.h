#pragma once

#include "batchline.h"
#include "filedescriptor.h"
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

// Reads a batch file line by line: in memory at most one line (batchLineLimit bytes of it;
// the rest of a longer line is read past, not kept) and a read buffer, whatever the file's
// size. Lines end in '\n'; a last line without one is reported unterminated.
class BatchLineReader
{
public:
    // Reads bytes [0, size) of fd with pread (the descriptor's offset is left alone).
    BatchLineReader(int fd, qint64 size);

    // Moves to the next line: false at the end, or on a read error (error() says which).
    bool next();
    QByteArrayView text() const { return m_text; } // at most batchLineLimit bytes
    qint64 length() const { return m_length; }     // the whole line's, without its '\n'
    bool terminated() const { return m_terminated; }
    bool tooLong() const { return m_length > batchLineLimit; }
    qint64 lineNumber() const { return m_lineNumber; } // from 1
    qint64 bytesRead() const { return m_offset; }
    int error() const { return m_error; }

private:
    bool fill();

    int m_fd;
    qint64 m_size;
    qint64 m_offset = 0;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    QByteArray m_line; // a line that spans reads
    QByteArrayView m_text;
    qint64 m_length = 0;
    qint64 m_lineNumber = 0;
    bool m_terminated = false;
    bool m_done = false;
    int m_error = 0;
};

// Splits bytes into lines ('\n', or "\r\n" from a CRLF writer) and parses each. A last
// line without '\n' is reported as malformed: it is a torn write, not a message yet. A line
// longer than batchLineLimit is malformed too.
BatchFileContent parseBatchFileBytes(QByteArrayView bytes);
BatchFileSummary summarizeBatchFileBytes(QByteArrayView bytes);

// One line as a reader gives it (text: at most batchLineLimit bytes of a line `length` long).
BatchFileLine parseBatchFileLine(QByteArrayView text, qint64 length, qint64 lineNumber,
                                 bool terminated);

// The same, read from fd (bytes [0, size)) line by line; 0 or the errno of a failed read.
int readBatchFileContent(int fd, qint64 size, BatchFileContent *content);
int summarizeBatchFile(int fd, qint64 size, BatchFileSummary *summary, qint64 *bytesRead);

// Opens a regular file in the folder dirFd by name for reading, without following a link,
// and fstats it. Returns 0 or the errno (EINVAL: not a regular file; EFBIG: larger than
// batchFileSizeLimit, *status then says how large; the file is not read).
int openBatchFileAt(int dirFd, const char *name, FileDescriptor *fd, struct stat *status);

// "it is N bytes, more than a batch file can ever be (...)": why a file over
// batchFileSizeLimit is damaged, for a message about the file named before it.
QString oversizedBatchFileProblem(qint64 sizeBytes);

// Opens batch file `id` of the store in directory with openBatchFileAt(); the error says what
// is wrong for a person (NotFound when there is no such file; Io otherwise, and for a file
// over batchFileSizeLimit, which *status then shows).
Status openBatchFile(const QString &directory, qint64 id, FileDescriptor *fd, struct stat *status);

// Reads batch file `id` of the store in directory, line by line. Never follows a symbolic
// link; a file larger than batchFileSizeLimit is refused (StorageError::Kind::Io, saying it is
// damaged), never read.
Result<BatchFileContent> readBatchFile(const QString &directory, qint64 id);

} // namespace porthole
