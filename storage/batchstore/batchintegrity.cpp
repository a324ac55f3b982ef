#include "batchintegrity.h"

#include "batchfilereader.h"
#include "batchline.h"
#include "batchstorescan.h"
#include "filedescriptor.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

using Kind = BatchFinding::Kind;

// Where one message was found.
struct Seen
{
    qint64 number = 0;
    qint32 file = 0; // index into the list of names
    qint32 line = 0;
};

// A message whose number is lower than the one before it.
struct Backwards
{
    Seen step;
    Seen previous;
};

class Collector
{
public:
    Collector(BatchIntegrityReport *report, int limit)
        : m_report(report)
        , m_limit(limit)
    {}

    void add(Kind kind, const QString &fileName, qint64 line, const QString &message)
    {
        qint64 &count = m_counts[kind];
        if (++count > m_limit) {
            ++m_report->omitted[kind];
            return;
        }
        m_report->findings.append(BatchFinding{kind, fileName, line, message});
    }

private:
    BatchIntegrityReport *m_report;
    int m_limit;
    QMap<Kind, qint64> m_counts;
};

QString where(const QString &fileName, qint64 line)
{
    return line > 0 ? u"%1:%2"_s.arg(fileName).arg(line) : fileName;
}

QString range(qint64 from, qint64 to)
{
    return from == to ? QString::number(from) : u"%1-%2"_s.arg(from).arg(to);
}

QString readLink(int dirFd, const QByteArray &name)
{
    QByteArray target(PATH_MAX, Qt::Uninitialized);
    const ssize_t n = ::readlinkat(dirFd, name.constData(), target.data(), target.size());
    if (n < 0)
        return {};
    target.truncate(n);
    return QFile::decodeName(target);
}

// Whether a link's target, taken as written (lexically, never resolved), stays in the store.
bool staysInside(const QString &store, const QString &target)
{
    if (target.isEmpty() || target.startsWith(u'/'))
        return target.isEmpty() ? false : QDir::cleanPath(target).startsWith(store + u'/');
    const QString resolved = QDir::cleanPath(store + u'/' + target);
    return resolved.startsWith(store + u'/');
}

} // namespace

QString batchFindingKindName(BatchFinding::Kind kind)
{
    switch (kind) {
    case Kind::TooManyLines:
        return u"too-many-lines"_s;
    case Kind::ShortFile:
        return u"short-file"_s;
    case Kind::MissingBatch:
        return u"missing-batch"_s;
    case Kind::NumberGap:
        return u"number-gap"_s;
    case Kind::DuplicateNumber:
        return u"duplicate-number"_s;
    case Kind::NumberOutOfOrder:
        return u"number-out-of-order"_s;
    case Kind::TimestampBackwards:
        return u"timestamp-backwards"_s;
    case Kind::MalformedLine:
        return u"malformed-line"_s;
    case Kind::StrayFile:
        return u"stray-file"_s;
    case Kind::Link:
        return u"link"_s;
    case Kind::LinkOutside:
        return u"link-outside-store"_s;
    case Kind::SavedFragment:
        return u"saved-fragment"_s;
    case Kind::Unreadable:
        return u"unreadable"_s;
    case Kind::Oversized:
        return u"oversized-file"_s;
    }
    return u"unknown"_s;
}

qint64 BatchIntegrityReport::count(BatchFinding::Kind kind) const
{
    qint64 n = omitted.value(kind);
    for (const BatchFinding &finding : findings)
        n += finding.kind == kind ? 1 : 0;
    return n;
}

namespace {

// Entries that are not batch files.
void reportOtherEntries(const BatchStoreScan &scan, int dirFd, const QString &store,
                        Collector &findings)
{
    for (const BatchStoreEntry &entry : std::as_const(scan.others)) {
        const QString name = QFile::decodeName(entry.name);
        switch (entry.kind) {
        case BatchStoreEntry::Kind::PortholeFile:
            break; // Porthole's own lock and index
        case BatchStoreEntry::Kind::SavedFragment:
            findings.add(Kind::SavedFragment, name, 0,
                         u"%1 holds a torn last line that the writer cut off when it restarted; "
                         "look at it, then delete it."_s.arg(name));
            break;
        case BatchStoreEntry::Kind::Link: {
            const QString target = readLink(dirFd, entry.name);
            if (staysInside(store, target))
                findings.add(Kind::Link, name, 0,
                             u"%1 is a symbolic link to %2; links are not followed, so it is "
                             "not read."_s.arg(name, target));
            else
                findings.add(Kind::LinkOutside, name, 0,
                             u"%1 is a symbolic link leading outside the store, to %2; it is "
                             "never followed."_s.arg(name, target));
            break;
        }
        case BatchStoreEntry::Kind::Folder:
            findings.add(Kind::StrayFile, name, 0,
                         u"%1 is a folder, not a batch file."_s.arg(name));
            break;
        default:
            findings.add(Kind::StrayFile, name, 0,
                         entry.id > 0 ? u"%1 is not a regular file."_s.arg(name)
                                      : u"%1 does not match the batch file pattern "
                                        "messages_batch_NNNN.txt."_s.arg(name));
            break;
        }
    }
}

// Batch ids missing between the lowest and the highest.
void reportMissingBatches(const BatchStoreScan &scan, Collector &findings)
{
    for (qsizetype i = 1; i < scan.batches.size(); ++i) {
        const qint64 before = scan.batches.at(i - 1).id;
        const qint64 after = scan.batches.at(i).id;
        if (after > before + 1)
            findings.add(
                Kind::MissingBatch, QString(), 0,
                u"Batch %1 is missing (between %2 and %3)."_s.arg(
                    range(before + 1, after - 1), batchFileName(before), batchFileName(after)));
    }
}

// What the walk over the files gathers for the checks across files.
struct MessageWalk
{
    QStringList names;
    std::vector<Seen> numbers;
    std::vector<Backwards> backwards;
    Seen previous{-1, 0, 0};
    qint64 previousSecs = LLONG_MIN;
};

// Line by line: a file's lines are looked at one at a time, never held together.
void checkLines(BatchLineReader &reader, const QString &name, qint32 fileIndex,
                BatchIntegrityReport &report, Collector &findings, MessageWalk &walk)
{
    while (reader.next()) {
        const BatchFileLine line = parseBatchFileLine(reader.text(), reader.length(),
                                                      reader.lineNumber(), reader.terminated());
        if (!line.ok) {
            findings.add(Kind::MalformedLine, name, line.lineNumber,
                         u"%1: %2."_s.arg(where(name, line.lineNumber), line.problem));
            continue;
        }
        ++report.messages;
        const Seen here{line.message.number, fileIndex, static_cast<qint32>(line.lineNumber)};
        const qint64 secs = line.message.timestamp.toSecsSinceEpoch();
        if (secs < walk.previousSecs)
            findings.add(
                Kind::TimestampBackwards, name, line.lineNumber,
                u"%1: the timestamp %2 is earlier than the one before it (%3 at %4)."_s.arg(
                    where(name, line.lineNumber),
                    QString::fromLatin1(BatchLine::formatTimestamp(secs)),
                    QString::fromLatin1(BatchLine::formatTimestamp(walk.previousSecs)),
                    where(walk.names.at(walk.previous.file), walk.previous.line)));
        if (here.number < walk.previous.number)
            walk.backwards.push_back(Backwards{here, walk.previous});
        walk.numbers.push_back(here);
        walk.previous = here;
        walk.previousSecs = secs;
    }
}

// One batch file: its lines, then its length against a batch file's capacity.
void checkBatchFile(int dirFd, const BatchStoreScan &scan, qsizetype i,
                    BatchIntegrityReport &report, Collector &findings, MessageWalk &walk)
{
    const BatchStoreEntry &entry = scan.batches.at(i);
    const QString name = batchFileName(entry.id);
    walk.names.append(name);
    ++report.files;
    FileDescriptor fd;
    struct stat status = {};
    int readError = openBatchFileAt(dirFd, entry.name.constData(), &fd, &status);
    if (readError == EFBIG) {
        findings.add(Kind::Oversized, name, 0,
                     u"%1: %2. Move it out of the store and look at it with other tools."_s.arg(
                         name, oversizedBatchFileProblem(status.st_size)));
        return;
    }
    BatchLineReader reader(fd.get(), status.st_size);
    if (readError == 0)
        checkLines(reader, name, static_cast<qint32>(i), report, findings, walk);
    if (readError == 0)
        readError = reader.error();
    if (readError != 0) {
        findings.add(Kind::Unreadable, name, 0,
                     u"%1 cannot be read: %2. %3"_s.arg(name, systemErrorText(readError),
                                                        systemErrorAdvice(readError)));
        return;
    }
    const qint64 lines = reader.lineNumber();
    const bool isLast = i + 1 == scan.batches.size();
    if (lines > batchFileCapacity)
        findings.add(Kind::TooManyLines, name, 0,
                     u"%1 has %2 lines; a batch file holds at most %3."_s.arg(name).arg(lines).arg(
                         batchFileCapacity));
    else if (lines < batchFileCapacity && !isLast)
        findings.add(Kind::ShortFile, name, 0,
                     u"%1 has %2 lines but is not the last file; a full file holds %3."_s.arg(name)
                         .arg(lines)
                         .arg(batchFileCapacity));
}

// Gaps and duplicates, over every number at once. Returns the duplicated numbers, sorted.
std::vector<qint64> reportGapsAndDuplicates(MessageWalk &walk, Collector &findings)
{
    const QStringList &names = walk.names;
    std::vector<Seen> &numbers = walk.numbers;
    std::stable_sort(numbers.begin(), numbers.end(),
                     [](const Seen &a, const Seen &b) { return a.number < b.number; });
    std::vector<qint64> duplicates;
    for (size_t i = 1; i < numbers.size(); ++i) {
        const Seen &a = numbers[i - 1];
        const Seen &b = numbers[i];
        const auto whereA = [&] {
            return where(names.at(a.file), a.line);
        };
        const auto whereB = [&] {
            return where(names.at(b.file), b.line);
        };
        if (a.number == b.number) {
            if (duplicates.empty() || duplicates.back() != b.number)
                duplicates.push_back(b.number);
            findings.add(
                Kind::DuplicateNumber, names.at(b.file), b.line,
                u"%1: message #%2 is stored again (also at %3)."_s.arg(whereB()).arg(b.number).arg(
                    whereA()));
        } else if (b.number > a.number + 1) {
            findings.add(Kind::NumberGap, QString(), 0,
                         u"Message #%1 is missing (none between #%2 at %3 and #%4 at %5)."_s
                             .arg(range(a.number + 1, b.number - 1))
                             .arg(a.number)
                             .arg(whereA())
                             .arg(b.number)
                             .arg(whereB()));
        }
    }
    return duplicates;
}

// A number lower than the one before it, unless it is a duplicate (reported as such).
void reportOutOfOrder(const MessageWalk &walk, const std::vector<qint64> &duplicates,
                      Collector &findings)
{
    const QStringList &names = walk.names;
    for (const auto &[step, before] : walk.backwards) {
        if (std::binary_search(duplicates.begin(), duplicates.end(), step.number))
            continue;
        findings.add(
            Kind::NumberOutOfOrder, names.at(step.file), step.line,
            u"%1: message #%2 comes after #%3 (at %4)."_s.arg(where(names.at(step.file), step.line))
                .arg(step.number)
                .arg(before.number)
                .arg(where(names.at(before.file), before.line)));
    }
}

// Findings in the order of the files: store-wide ones first, then by file and line.
void sortFindings(BatchIntegrityReport &report)
{
    std::stable_sort(report.findings.begin(), report.findings.end(),
                     [](const BatchFinding &a, const BatchFinding &b) {
                         const qint64 idA =
                             batchIdFromFileName(QStringView(a.fileName)).value_or(0);
                         const qint64 idB =
                             batchIdFromFileName(QStringView(b.fileName)).value_or(0);
                         if (a.fileName.isEmpty() != b.fileName.isEmpty())
                             return a.fileName.isEmpty();
                         if (idA != idB)
                             return idA < idB;
                         if (a.fileName != b.fileName)
                             return a.fileName < b.fileName;
                         return a.line < b.line;
                     });
}

} // namespace

Result<BatchIntegrityReport> checkBatchStore(const QString &directory, int findingLimit)
{
    const QString store = QDir::cleanPath(QFileInfo(directory).absoluteFilePath());
    FileDescriptor dir;
    auto scanned = scanBatchStore(store, &dir);
    if (!scanned)
        return scanned.error();
    const BatchStoreScan &scan = *scanned;

    BatchIntegrityReport report;
    Collector findings(&report, findingLimit);
    reportOtherEntries(scan, dir.get(), store, findings);
    reportMissingBatches(scan, findings);

    // Each file, then the messages across files.
    MessageWalk walk;
    walk.names.reserve(scan.batches.size());
    for (qsizetype i = 0; i < scan.batches.size(); ++i)
        checkBatchFile(dir.get(), scan, i, report, findings, walk);
    const std::vector<qint64> duplicates = reportGapsAndDuplicates(walk, findings);
    reportOutOfOrder(walk, duplicates, findings);

    sortFindings(report);
    return report;
}

} // namespace porthole
