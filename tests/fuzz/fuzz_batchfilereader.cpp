// A whole batch file (storage/batchfilereader.*): the input is the file's bytes, read once
// from memory and once from a file in a temporary batch store.
//
// Invariants:
// - readBatchFile() on the file gives exactly what parseBatchFileBytes() gives on its bytes;
// - there is a line for each '\n', plus one for bytes after the last; lines are numbered from
//   1; endsWithLineEnd says whether the file ends in '\n'; sizeBytes is the size;
// - each line is what BatchLine::parse() makes of its bytes; an unterminated last line is never
//   a message; a damaged line keeps a problem and its first rawLineLimit bytes, a message none;
// - messageCount() and messages() are the well-formed lines, and summarizeBatchFileBytes()
//   counts the same lines, messages and first and last numbers without keeping them;
// - the messages, written again with BatchLine::format(), read back as the same messages.

#include "batchfilereader.h"
#include "batchline.h"
#include "fuzzcheck.h"

#include <QFile>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

constexpr qint64 batchId = 1;

// The batch store the file is written to; removed when the run ends without a crash.
const QTemporaryDir &store()
{
    static const QTemporaryDir dir(QDir::tempPath() + u"/porthole-fuzz-XXXXXX"_s);
    if (!dir.isValid()) {
        std::fprintf(stderr, "cannot make a temporary folder: %s\n", qPrintable(dir.errorString()));
        std::abort();
    }
    return dir;
}

bool sameLines(const BatchFileContent &a, const BatchFileContent &b)
{
    if (a.sizeBytes != b.sizeBytes || a.endsWithLineEnd != b.endsWithLineEnd ||
        a.lines.size() != b.lines.size())
        return false;
    for (qsizetype i = 0; i < a.lines.size(); ++i) {
        const BatchFileLine &x = a.lines.at(i);
        const BatchFileLine &y = b.lines.at(i);
        if (x.lineNumber != y.lineNumber || x.ok != y.ok || !(x.message == y.message) ||
            x.problem != y.problem || x.raw != y.raw)
            return false;
    }
    return true;
}

BatchFileContent readThroughFile(QByteArrayView bytes)
{
    // Written over in place and then cut to size, rather than truncated first: the file then
    // keeps its block, and the file system does not free and allocate it at every run.
    QFile file(store().filePath(batchFileName(batchId)));
    if (!file.open(QIODevice::ReadWrite | QIODevice::Unbuffered) ||
        file.write(bytes.data(), bytes.size()) != bytes.size() || !file.resize(bytes.size())) {
        std::fprintf(stderr, "cannot write %s: %s\n", qPrintable(file.fileName()),
                     qPrintable(file.errorString()));
        std::abort();
    }
    file.close();
    Result<BatchFileContent> read = readBatchFile(store().path(), batchId);
    PORTHOLE_FUZZ_CHECK(read.ok());
    return std::move(read).value();
}

void checkLines(QByteArrayView bytes, const BatchFileContent &content)
{
    PORTHOLE_FUZZ_CHECK(content.sizeBytes == bytes.size());
    PORTHOLE_FUZZ_CHECK(content.endsWithLineEnd == (bytes.isEmpty() || bytes.endsWith('\n')));
    const qsizetype expectedLines =
        bytes.count('\n') + (bytes.isEmpty() || bytes.endsWith('\n') ? 0 : 1);
    PORTHOLE_FUZZ_CHECK(content.lines.size() == expectedLines);

    qsizetype start = 0;
    for (qsizetype i = 0; i < content.lines.size(); ++i) {
        const BatchFileLine &line = content.lines.at(i);
        PORTHOLE_FUZZ_CHECK(line.lineNumber == i + 1);
        const qsizetype end = bytes.indexOf('\n', start);
        const bool terminated = end >= 0;
        const QByteArrayView text = bytes.sliced(start, (terminated ? end : bytes.size()) - start);
        start = terminated ? end + 1 : bytes.size();

        const BatchLineParse parsed = BatchLine::parse(text);
        PORTHOLE_FUZZ_CHECK(line.ok == (terminated && parsed.ok));
        if (line.ok) {
            PORTHOLE_FUZZ_CHECK(line.message == parsed.message);
            PORTHOLE_FUZZ_CHECK(line.problem.isEmpty() && line.raw.isEmpty());
        } else {
            PORTHOLE_FUZZ_CHECK(!line.problem.isEmpty());
            PORTHOLE_FUZZ_CHECK(line.raw ==
                                text.first(std::min(text.size(), BatchFileLine::rawLineLimit)));
        }
    }
    PORTHOLE_FUZZ_CHECK(start == bytes.size());
}

void checkSummary(QByteArrayView bytes, const BatchFileContent &content)
{
    const QList<BatchMessage> messages = content.messages();
    PORTHOLE_FUZZ_CHECK(content.messageCount() == messages.size());
    const BatchFileSummary summary = summarizeBatchFileBytes(bytes);
    PORTHOLE_FUZZ_CHECK(summary.lineCount == content.lines.size());
    PORTHOLE_FUZZ_CHECK(summary.messageCount == messages.size());
    PORTHOLE_FUZZ_CHECK(summary.malformedLines == summary.lineCount - summary.messageCount);
    if (messages.isEmpty()) {
        PORTHOLE_FUZZ_CHECK(!summary.firstMessageNumber && !summary.lastMessageNumber);
    } else {
        PORTHOLE_FUZZ_CHECK(summary.firstMessageNumber == messages.constFirst().number);
        PORTHOLE_FUZZ_CHECK(summary.lastMessageNumber == messages.constLast().number);
    }
}

void checkWrittenAgain(const BatchFileContent &content)
{
    const QList<BatchMessage> messages = content.messages();
    QByteArray written;
    for (const BatchMessage &message : messages) {
        const Result<QByteArray> line = BatchLine::format(message);
        PORTHOLE_FUZZ_CHECK(line.ok());
        written += *line;
    }
    const BatchFileContent again = parseBatchFileBytes(written);
    PORTHOLE_FUZZ_CHECK(again.lines.size() == messages.size());
    PORTHOLE_FUZZ_CHECK(again.messages() == messages);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const BatchFileContent content = parseBatchFileBytes(bytes);
    PORTHOLE_FUZZ_CHECK(sameLines(readThroughFile(bytes), content));
    checkLines(bytes, content);
    checkSummary(bytes, content);
    checkWrittenAgain(content);
    return 0;
}
