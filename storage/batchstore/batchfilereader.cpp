#include "batchfilereader.h"

#include "filedescriptor.h"

#include <QFile>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A read of a batch file takes this much at a time.
constexpr qint64 readChunkBytes = 256 * 1024;

// Calls visit(text, length, lineNumber, terminated) for each line of bytes.
template <typename Visit>
void forEachLine(QByteArrayView bytes, Visit visit)
{
    qsizetype start = 0;
    qint64 lineNumber = 0;
    while (start < bytes.size()) {
        const qsizetype end = bytes.indexOf('\n', start);
        ++lineNumber;
        if (end < 0) {
            const QByteArrayView text = bytes.sliced(start);
            visit(text.first(std::min<qsizetype>(text.size(), batchLineLimit)), text.size(),
                  lineNumber, false);
            return;
        }
        const QByteArrayView text = bytes.sliced(start, end - start);
        visit(text.first(std::min<qsizetype>(text.size(), batchLineLimit)), text.size(), lineNumber,
              true);
        start = end + 1;
    }
}

template <typename Visit>
int forEachLine(int fd, qint64 size, Visit visit, qint64 *bytesRead = nullptr)
{
    BatchLineReader reader(fd, size);
    while (reader.next())
        visit(reader.text(), reader.length(), reader.lineNumber(), reader.terminated());
    if (bytesRead)
        *bytesRead = reader.bytesRead();
    return reader.error();
}

QString unterminatedProblem()
{
    return u"the last line has no line end (a write that was cut off)"_s;
}

QString tooLongProblem(qint64 length)
{
    return u"the line is %1 bytes long, more than the %2 bytes a batch line can be (only its "
           "first bytes were read)"_s.arg(length)
               .arg(batchLineLimit);
}

} // namespace

BatchFileLine parseBatchFileLine(QByteArrayView text, qint64 length, qint64 lineNumber,
                                 bool terminated)
{
    BatchFileLine line;
    line.lineNumber = lineNumber;
    if (!terminated) {
        line.problem = unterminatedProblem();
    } else if (length > batchLineLimit) {
        line.problem = tooLongProblem(length);
    } else {
        BatchLineParse parsed = BatchLine::parse(text);
        line.ok = parsed.ok;
        line.message = std::move(parsed.message);
        line.problem = std::move(parsed.problem);
    }
    if (!line.ok)
        line.raw = text.first(std::min(text.size(), BatchFileLine::rawLineLimit)).toByteArray();
    return line;
}

namespace {

void summarizeLine(BatchFileSummary *summary, QByteArrayView text, qint64 length, bool terminated)
{
    ++summary->lineCount;
    BatchLineHeader header;
    if (!terminated || length > batchLineLimit ||
        !BatchLine::parseHeader(text, &header).isEmpty()) {
        ++summary->malformedLines;
        return;
    }
    ++summary->messageCount;
    if (!summary->firstMessageNumber)
        summary->firstMessageNumber = header.number;
    summary->lastMessageNumber = header.number;
}

} // namespace

BatchLineReader::BatchLineReader(int fd, qint64 size)
    : m_fd(fd)
    , m_size(std::max<qint64>(size, 0))
{}

bool BatchLineReader::fill()
{
    const qint64 want = std::min(readChunkBytes, m_size - m_offset);
    m_buffer.resize(want);
    m_pos = 0;
    while (true) {
        const ssize_t n =
            ::pread(m_fd, m_buffer.data(), static_cast<size_t>(want), static_cast<off_t>(m_offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            m_error = errno;
            m_buffer.clear();
            return false;
        }
        m_buffer.truncate(n);
        m_offset += n;
        if (n == 0)
            m_size = m_offset; // the file shrank meanwhile: it ends here
        return n > 0;
    }
}

bool BatchLineReader::next()
{
    if (m_done)
        return false;
    m_line.clear();
    m_text = {};
    m_length = 0;
    m_terminated = false;
    bool started = false;
    while (true) {
        if (m_pos == m_buffer.size() && (m_offset >= m_size || !fill())) {
            m_done = true;
            if (m_error != 0 || !started)
                return false;
            m_text = m_line;
            ++m_lineNumber;
            return true;
        }
        const qsizetype newline = m_buffer.indexOf('\n', m_pos);
        const qsizetype end = newline < 0 ? m_buffer.size() : newline;
        const QByteArrayView piece = QByteArrayView(m_buffer).sliced(m_pos, end - m_pos);
        m_pos = newline < 0 ? end : newline + 1;
        if (!started && newline >= 0) { // the whole line is in the buffer: no copy
            m_text = piece;
            m_length = piece.size();
            m_terminated = true;
            ++m_lineNumber;
            return true;
        }
        started = true;
        const qint64 room = batchLineLimit - m_line.size();
        const qint64 taken = std::min<qint64>(room, piece.size());
        // A long line gets its whole room at once: growing step by step would copy it, and
        // hold two copies at the moment of each copy.
        if (taken > 0 && m_line.size() + taken > std::max<qint64>(m_line.capacity(), 1 << 20))
            m_line.reserve(batchLineLimit);
        if (taken > 0)
            m_line.append(piece.first(taken));
        m_length += piece.size();
        if (newline >= 0) {
            m_text = m_line;
            m_terminated = true;
            ++m_lineNumber;
            return true;
        }
    }
}

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
    forEachLine(bytes,
                [&content](QByteArrayView text, qint64 length, qint64 lineNumber, bool terminated) {
                    content.endsWithLineEnd = terminated;
                    content.lines.append(parseBatchFileLine(text, length, lineNumber, terminated));
                });
    return content;
}

BatchFileSummary summarizeBatchFileBytes(QByteArrayView bytes)
{
    BatchFileSummary summary;
    forEachLine(bytes, [&summary](QByteArrayView text, qint64 length, qint64, bool terminated) {
        summarizeLine(&summary, text, length, terminated);
    });
    return summary;
}

int readBatchFileContent(int fd, qint64 size, BatchFileContent *content)
{
    *content = BatchFileContent{};
    const int error = forEachLine(
        fd, size,
        [content](QByteArrayView text, qint64 length, qint64 lineNumber, bool terminated) {
            content->endsWithLineEnd = terminated;
            content->lines.append(parseBatchFileLine(text, length, lineNumber, terminated));
        },
        &content->sizeBytes);
    if (error != 0)
        *content = BatchFileContent{};
    return error;
}

int summarizeBatchFile(int fd, qint64 size, BatchFileSummary *summary, qint64 *bytesRead)
{
    *summary = BatchFileSummary{};
    return forEachLine(
        fd, size,
        [summary](QByteArrayView text, qint64 length, qint64, bool terminated) {
            summarizeLine(summary, text, length, terminated);
        },
        bytesRead);
}

int openBatchFileAt(int dirFd, const char *name, FileDescriptor *fd, struct stat *status)
{
    // O_NONBLOCK: a FIFO put there under a batch name fails the S_ISREG test, not hangs.
    fd->reset(::openat(dirFd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (!fd->isValid())
        return errno;
    if (::fstat(fd->get(), status) != 0)
        return errno;
    if (!S_ISREG(status->st_mode))
        return EINVAL;
    if (status->st_size > batchFileSizeLimit)
        return EFBIG;
    return 0;
}

QString oversizedBatchFileProblem(qint64 sizeBytes)
{
    return u"it is %1 bytes, more than a batch file can ever be (%2 bytes: %3 lines of at most "
           "%4 bytes), so it is damaged and was not read"_s.arg(sizeBytes)
               .arg(batchFileSizeLimit)
               .arg(batchFileCapacity)
               .arg(batchLineLimit);
}

Status openBatchFile(const QString &directory, qint64 id, FileDescriptor *fd, struct stat *status)
{
    const QString name = batchFileName(id);
    const FileDescriptor dir(
        ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir.isValid()) {
        const int error = errno;
        return StorageError::io(u"Cannot open the batch store %1: %2. %3"_s.arg(
            directory, systemErrorText(error), systemErrorAdvice(error)));
    }
    const int error = openBatchFileAt(dir.get(), batchFileNameBytes(id).constData(), fd, status);
    if (error == 0)
        return success();
    if (error == ENOENT)
        return StorageError{StorageError::Kind::NotFound,
                            u"There is no batch %1 (%2) in %3."_s.arg(id).arg(name, directory)};
    if (error == EINVAL)
        return StorageError::io(
            u"%1 in %2 is not a regular file; Porthole reads only regular batch files."_s.arg(
                name, directory));
    if (error == EFBIG)
        return StorageError::io(u"%1 in %2: %3. Move it out of the store; `porthole batches "
                                "--check` lists such files."_s.arg(
                                    name, directory, oversizedBatchFileProblem(status->st_size)));
    return StorageError::io(u"Cannot read %1 in %2: %3. %4"_s.arg(
        name, directory, systemErrorText(error), systemErrorAdvice(error)));
}

Result<BatchFileContent> readBatchFile(const QString &directory, qint64 id)
{
    FileDescriptor fd;
    struct stat status = {};
    if (Status opened = openBatchFile(directory, id, &fd, &status); !opened)
        return opened.error();
    BatchFileContent content;
    if (const int error = readBatchFileContent(fd.get(), status.st_size, &content); error != 0)
        return StorageError::io(u"Cannot read %1 in %2: %3. %4"_s.arg(
            batchFileName(id), directory, systemErrorText(error), systemErrorAdvice(error)));
    return content;
}

} // namespace porthole
