#include "batchfilereader.h"

#include "filedescriptor.h"

#include <QFile>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// Calls visit(line, lineNumber, terminated) for each line of bytes.
template <typename Visit>
void forEachLine(QByteArrayView bytes, Visit visit)
{
    qsizetype start = 0;
    qint64 lineNumber = 0;
    while (start < bytes.size()) {
        const qsizetype end = bytes.indexOf('\n', start);
        ++lineNumber;
        if (end < 0) {
            visit(bytes.sliced(start), lineNumber, false);
            return;
        }
        visit(bytes.sliced(start, end - start), lineNumber, true);
        start = end + 1;
    }
}

QString unterminatedProblem()
{
    return u"the last line has no line end (a write that was cut off)"_s;
}

} // namespace

qint64 BatchFileContent::messageCount() const
{
    qint64 count = 0;
    for (const BatchFileLine &line : lines)
        count += line.ok ? 1 : 0;
    return count;
}

QList<BatchMessage> BatchFileContent::messages() const
{
    QList<BatchMessage> out;
    out.reserve(lines.size());
    for (const BatchFileLine &line : lines) {
        if (line.ok)
            out.append(line.message);
    }
    return out;
}

BatchFileContent parseBatchFileBytes(QByteArrayView bytes)
{
    BatchFileContent content;
    content.sizeBytes = bytes.size();
    forEachLine(bytes, [&content](QByteArrayView text, qint64 lineNumber, bool terminated) {
        BatchFileLine line;
        line.lineNumber = lineNumber;
        if (terminated) {
            BatchLineParse parsed = BatchLine::parse(text);
            line.ok = parsed.ok;
            line.message = std::move(parsed.message);
            line.problem = std::move(parsed.problem);
        } else {
            content.endsWithLineEnd = false;
            line.problem = unterminatedProblem();
        }
        if (!line.ok)
            line.raw = text.first(std::min(text.size(), BatchFileLine::rawLineLimit)).toByteArray();
        content.lines.append(std::move(line));
    });
    return content;
}

BatchFileSummary summarizeBatchFileBytes(QByteArrayView bytes)
{
    BatchFileSummary summary;
    forEachLine(bytes, [&summary](QByteArrayView text, qint64, bool terminated) {
        ++summary.lineCount;
        BatchLineHeader header;
        if (!terminated || !BatchLine::parseHeader(text, &header).isEmpty()) {
            ++summary.malformedLines;
            return;
        }
        ++summary.messageCount;
        if (!summary.firstMessageNumber)
            summary.firstMessageNumber = header.number;
        summary.lastMessageNumber = header.number;
    });
    return summary;
}

int readFileAt(int dirFd, const char *name, QByteArray *bytes, struct stat *status)
{
    // O_NONBLOCK: a FIFO put there under a batch name fails the S_ISREG test, not hangs.
    const FileDescriptor fd(
        ::openat(dirFd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (!fd.isValid())
        return errno;
    if (::fstat(fd.get(), status) != 0)
        return errno;
    if (!S_ISREG(status->st_mode))
        return EINVAL;
    return readFully(fd.get(), status->st_size, bytes);
}

Result<BatchFileContent> readBatchFile(const QString &directory, qint64 id)
{
    const QString name = batchFileName(id);
    const FileDescriptor dir(
        ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir.isValid()) {
        const int error = errno;
        return StorageError::io(u"Cannot open the batch store %1: %2. %3"_s.arg(
            directory, systemErrorText(error), systemErrorAdvice(error)));
    }
    QByteArray bytes;
    struct stat status = {};
    if (const int error =
            readFileAt(dir.get(), batchFileNameBytes(id).constData(), &bytes, &status);
        error != 0) {
        if (error == ENOENT)
            return StorageError{StorageError::Kind::NotFound,
                                u"There is no batch %1 (%2) in %3."_s.arg(id).arg(name, directory)};
        if (error == EINVAL)
            return StorageError::io(
                u"%1 in %2 is not a regular file; Porthole reads only regular batch files."_s.arg(
                    name, directory));
        return StorageError::io(u"Cannot read %1 in %2: %3. %4"_s.arg(
            name, directory, systemErrorText(error), systemErrorAdvice(error)));
    }
    return parseBatchFileBytes(bytes);
}

} // namespace porthole
