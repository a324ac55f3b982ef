#include "batchretention.h"

#include "batchfilereader.h"
#include "batchline.h"
#include "batchstorescan.h"
#include "filedescriptor.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QStandardPaths>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

qint64 mtimeNsOf(const struct stat &status)
{
    return qint64(status.st_mtim.tv_sec) * 1'000'000'000 + status.st_mtim.tv_nsec;
}

BatchRetentionFile fileOf(const BatchStoreEntry &entry, const struct stat &status)
{
    return {.id = entry.id,
            .fileName = QFile::decodeName(entry.name),
            .sizeBytes = qint64(status.st_size),
            .mtimeNs = mtimeNsOf(status),
            .device = quint64(status.st_dev),
            .inode = quint64(status.st_ino)};
}

// The highest batch number of the store, whatever kind of entry carries it: the writer
// continues there (or refuses it), so it is never removed.
qint64 newestBatchId(const BatchStoreScan &scan)
{
    qint64 newest = scan.batches.isEmpty() ? 0 : scan.batches.constLast().id;
    for (const BatchStoreEntry &other : scan.others) {
        if (other.kind != BatchStoreEntry::Kind::SavedFragment)
            newest = std::max(newest, other.id);
    }
    return newest;
}

// The batches from this one on stay. The writer starts after a highest file that holds more
// than a line can (damaged, not one it wrote) and takes the last message number from the file
// before it, so that one stays too.
qint64 protectedFrom(const BatchStoreScan &scan, int dirFd)
{
    const qint64 newest = newestBatchId(scan);
    if (scan.batches.size() < 2 || scan.batches.constLast().id != newest)
        return newest;
    struct stat status = {};
    const QByteArray &name = scan.batches.constLast().name;
    if (::fstatat(dirFd, name.constData(), &status, AT_SYMLINK_NOFOLLOW) == 0 &&
        status.st_size > batchLineLimit)
        return scan.batches.at(scan.batches.size() - 2).id;
    return newest;
}

// Message count and numbers of the files to go, read a line at a time; a file that cannot
// be read (or is too large to be one) adds nothing.
void summarizePlan(int dirFd, BatchRetentionPlan &plan)
{
    for (const BatchRetentionFile &file : std::as_const(plan.files)) {
        FileDescriptor fd;
        struct stat status = {};
        BatchFileSummary summary;
        qint64 read = 0;
        if (openBatchFileAt(dirFd, QFile::encodeName(file.fileName).constData(), &fd, &status) !=
                0 ||
            summarizeBatchFile(fd.get(), status.st_size, &summary, &read) != 0)
            continue;
        plan.messages += summary.messageCount;
        if (summary.firstMessageNumber && summary.lastMessageNumber) {
            const qint64 low = std::min(*summary.firstMessageNumber, *summary.lastMessageNumber);
            const qint64 high = std::max(*summary.firstMessageNumber, *summary.lastMessageNumber);
            plan.lowestNumber = plan.lowestNumber ? std::min(*plan.lowestNumber, low) : low;
            plan.highestNumber = plan.highestNumber ? std::max(*plan.highestNumber, high) : high;
        }
    }
}

// Why the file is no longer what the preview saw; empty when it is.
QString changeSince(int dirFd, const BatchRetentionFile &file)
{
    struct stat status = {};
    if (::fstatat(dirFd, QFile::encodeName(file.fileName).constData(), &status,
                  AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT ? u"it is gone"_s
                               : u"it cannot be looked at: %1"_s.arg(systemErrorText(errno));
    if (!S_ISREG(status.st_mode) || quint64(status.st_dev) != file.device ||
        quint64(status.st_ino) != file.inode)
        return u"it was replaced by another file"_s;
    if (qint64(status.st_size) != file.sizeBytes)
        return u"it is %1 bytes now, %2 when previewed"_s.arg(status.st_size).arg(file.sizeBytes);
    if (mtimeNsOf(status) != file.mtimeNs)
        return u"it was modified after the preview"_s;
    return {};
}

QString behind(const BatchRetentionFile &file)
{
    return u"it comes after %1, which stays"_s.arg(file.fileName);
}

Result<FileDescriptor> openStore(const QString &directory)
{
    FileDescriptor dir(
        ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.isValid())
        return dir;
    const int error = errno;
    if (error == ENOENT)
        return StorageError{StorageError::Kind::NotFound,
                            u"The batch store %1 does not exist. Check the path."_s.arg(directory)};
    return StorageError::io(u"Cannot open the batch store %1: %2. %3"_s.arg(
        directory, systemErrorText(error), systemErrorAdvice(error)));
}

Status syncFolder(const QString &directory)
{
    FileDescriptor dir(
        ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir.isValid() || ::fsync(dir.get()) != 0)
        return StorageError::io(
            u"Cannot sync the folder %1: %2."_s.arg(directory, systemErrorText(errno)));
    return success();
}

// ----- the archive -----

struct ArchiveRun
{
    QString tar;
    QString folder;  // canonical
    QString store;   // as the plan names it
    QString path;    // the archive once complete
    QString partial; // where tar writes it first
};

QString tarError(QProcess &tar, const QString &what)
{
    if (tar.error() == QProcess::FailedToStart)
        return u"%1: %2 could not be started (%3)."_s.arg(what, tar.program(), tar.errorString());
    if (tar.exitStatus() != QProcess::NormalExit)
        return u"%1: %2 crashed."_s.arg(what, tar.program());
    const QString said = QString::fromLocal8Bit(tar.readAllStandardError()).trimmed();
    return u"%1: %2 failed with exit code %3%4"_s.arg(what, tar.program())
        .arg(tar.exitCode())
        .arg(said.isEmpty() ? u"."_s : u": "_s + said);
}

void startTar(QProcess &tar, const QString &program, const QStringList &arguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"LC_ALL"_s, u"C"_s); // the listing is parsed
    tar.setProcessEnvironment(environment);
    tar.start(program, arguments);
}

Status writeArchive(const ArchiveRun &run, const QList<BatchRetentionFile> &files)
{
    QByteArray names;
    for (const BatchRetentionFile &file : files)
        names += QFile::encodeName(file.fileName) + '\0';
    QProcess tar;
    startTar(tar, run.tar,
             {u"--create"_s, u"--gzip"_s, u"--file"_s, run.partial, u"--directory"_s, run.store,
              u"--no-recursion"_s, u"--null"_s, u"--files-from"_s, u"-"_s});
    if (tar.waitForStarted(-1)) {
        tar.write(names);
        tar.closeWriteChannel();
    }
    tar.waitForFinished(-1);
    if (tar.error() == QProcess::FailedToStart || tar.exitStatus() != QProcess::NormalExit ||
        tar.exitCode() != 0)
        return StorageError::io(tarError(tar, u"Writing the archive %1"_s.arg(run.partial)));
    return success();
}

// Lists the archive with tar and compares: exactly these files, regular, with these sizes.
Status verifyArchive(const ArchiveRun &run, const QList<BatchRetentionFile> &files)
{
    QProcess tar;
    startTar(tar, run.tar,
             {u"--list"_s, u"--verbose"_s, u"--numeric-owner"_s, u"--full-time"_s, u"--gzip"_s,
              u"--file"_s, run.partial});
    tar.waitForFinished(-1);
    if (tar.error() == QProcess::FailedToStart || tar.exitStatus() != QProcess::NormalExit ||
        tar.exitCode() != 0)
        return StorageError::io(tarError(tar, u"Listing the archive %1"_s.arg(run.partial)));
    QHash<QString, qint64> expected;
    for (const BatchRetentionFile &file : files)
        expected.insert(file.fileName, file.sizeBytes);
    // "-rw-r--r-- 0/0 1234 2026-11-21 10:00:00 messages_batch_0001.txt"
    const QStringList lines =
        QString::fromLocal8Bit(tar.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    qsizetype matched = 0;
    for (const QString &line : lines) {
        const QStringList fields = line.split(u' ', Qt::SkipEmptyParts);
        const bool ok = fields.size() == 6 && fields.at(0).startsWith(u'-') &&
                        expected.value(fields.at(5), -1) == fields.at(2).toLongLong();
        if (!ok)
            return StorageError::io(
                u"The archive %1 does not hold what was previewed (at \"%2\")."_s.arg(run.partial,
                                                                                      line));
        expected.remove(fields.at(5));
        ++matched;
    }
    if (!expected.isEmpty() || matched != files.size())
        return StorageError::io(
            u"The archive %1 lacks %2 of the previewed files (%3 first)."_s.arg(run.partial)
                .arg(expected.size())
                .arg(expected.isEmpty() ? QString() : expected.keys().first()));
    return success();
}

// The archive made durable under its final name: its data, then the folder's entry.
Status settleArchive(const ArchiveRun &run)
{
    FileDescriptor archive(
        ::open(QFile::encodeName(run.partial).constData(), O_RDONLY | O_CLOEXEC));
    if (!archive.isValid() || ::fsync(archive.get()) != 0)
        return StorageError::io(
            u"Cannot sync the archive %1: %2."_s.arg(run.partial, systemErrorText(errno)));
    if (::renameat2(AT_FDCWD, QFile::encodeName(run.partial).constData(), AT_FDCWD,
                    QFile::encodeName(run.path).constData(), RENAME_NOREPLACE) != 0)
        return StorageError::io(
            u"Cannot name the archive %1: %2."_s.arg(run.path, systemErrorText(errno)));
    return syncFolder(run.folder);
}

Result<ArchiveRun> prepareArchive(const BatchRetentionPlan &plan,
                                  const BatchRetentionOptions &options)
{
    if (Status usable = checkBatchArchiveFolder(options.archiveDirectory, plan.directory); !usable)
        return usable.error();
    ArchiveRun run;
    run.tar = options.tarProgram.isEmpty() ? QStandardPaths::findExecutable(u"tar"_s)
                                           : options.tarProgram;
    if (run.tar.isEmpty())
        return StorageError{StorageError::Kind::NotFound,
                            u"GNU tar is needed to archive batch files and was not found on "
                            "PATH. Install the tar package, or delete without --archive."_s};
    run.folder = QFileInfo(options.archiveDirectory).canonicalFilePath();
    run.store = plan.directory;
    // messages_batch_0001-0042_20261121T100000Z.tar.gz: the batches in it, and the preview's
    // time.
    const QString name = u"messages_batch_%1-%2_%3.tar.gz"_s.arg(
        QString::number(plan.files.constFirst().id).rightJustified(4, u'0'),
        QString::number(plan.files.constLast().id).rightJustified(4, u'0'),
        plan.now.toUTC().toString(u"yyyyMMdd'T'HHmmss'Z'"_s));
    run.path = run.folder + u'/' + name;
    run.partial = run.folder + u"/."_s + name + u".partial-"_s + QString::number(::getpid());
    if (QFileInfo::exists(run.path))
        return StorageError{StorageError::Kind::Conflict,
                            u"The archive %1 exists already; preview again."_s.arg(run.path)};
    // Made here, not by tar, so that a folder that cannot be written is said plainly.
    FileDescriptor probe(::open(QFile::encodeName(run.partial).constData(),
                                O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (!probe.isValid())
        return StorageError::io(u"Cannot write in the archive folder %1: %2. %3"_s.arg(
            options.archiveDirectory, systemErrorText(errno), systemErrorAdvice(errno)));
    return run;
}

Result<QString> archiveFiles(const BatchRetentionPlan &plan, const BatchRetentionOptions &options,
                             const QList<BatchRetentionFile> &files)
{
    auto run = prepareArchive(plan, options);
    if (!run)
        return StorageError{run.error().kind, run.error().message + u" Nothing was deleted."_s};
    Status done = writeArchive(*run, files);
    if (done)
        done = verifyArchive(*run, files);
    if (done)
        done = settleArchive(*run);
    if (!done) {
        QFile::remove(run->partial);
        return StorageError{done.error().kind, done.error().message + u" Nothing was deleted."_s};
    }
    return run->path;
}

} // namespace

qint64 BatchRetentionPlan::bytes() const
{
    qint64 total = 0;
    for (const BatchRetentionFile &file : files)
        total += file.sizeBytes;
    return total;
}

qint64 BatchRetentionResult::removedBytes() const
{
    qint64 total = 0;
    for (const BatchRetentionFile &file : removed)
        total += file.sizeBytes;
    return total;
}

Result<BatchRetentionPlan> previewBatchRetention(const QString &directory,
                                                 const BatchRetentionRules &rules,
                                                 const QDateTime &now)
{
    FileDescriptor folder;
    auto scan = scanBatchStore(directory, &folder);
    if (!scan)
        return scan.error();
    BatchRetentionPlan plan{.directory = directory, .rules = rules, .now = now.toUTC()};
    plan.storeFiles = scan->batches.size();
    if (rules.days <= 0 || scan->batches.isEmpty())
        return plan;
    const qint64 nowNs = plan.now.toMSecsSinceEpoch() * 1'000'000;
    const qint64 cutOffNs = plan.now.addDays(-rules.days).toMSecsSinceEpoch() * 1'000'000;
    const qint64 quietNs =
        nowNs - std::chrono::duration_cast<std::chrono::nanoseconds>(rules.quiet).count();
    const qint64 keep = protectedFrom(*scan, folder.get());
    bool running = true;
    for (const BatchStoreEntry &entry : std::as_const(scan->batches)) {
        if (entry.id >= keep)
            break;
        struct stat status = {};
        const bool regular =
            ::fstatat(folder.get(), entry.name.constData(), &status, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(status.st_mode);
        const bool old = regular && mtimeNsOf(status) < cutOffNs && mtimeNsOf(status) <= quietNs;
        running = running && old;
        if (running)
            plan.files.append(fileOf(entry, status));
        else if (old)
            ++plan.heldBack;
    }
    if (plan.files.size() < scan->batches.size())
        plan.keptFrom = scan->batches.at(plan.files.size()).id;
    summarizePlan(folder.get(), plan);
    return plan;
}

Status checkBatchArchiveFolder(const QString &folder, const QString &store)
{
    if (folder.isEmpty())
        return success();
    const QFileInfo info(folder);
    if (!info.exists())
        return StorageError{
            StorageError::Kind::NotFound,
            u"The archive folder %1 does not exist. Create it first."_s.arg(folder)};
    if (!info.isDir())
        return StorageError::invalidArgument(
            u"The archive folder %1 is not a folder."_s.arg(folder));
    const QString canonical = info.canonicalFilePath();
    const QString storeCanonical = QFileInfo(store).canonicalFilePath();
    // In the store an archive would be a stray file (or folder) for the integrity report.
    if (canonical == storeCanonical || canonical.startsWith(storeCanonical + u'/'))
        return StorageError::invalidArgument(
            u"The archive folder %1 is inside the batch store %2; choose a folder outside it."_s
                .arg(folder, store));
    return success();
}

Result<BatchRetentionResult> applyBatchRetention(const BatchRetentionPlan &plan,
                                                 const BatchRetentionOptions &options)
{
    auto folder = openStore(plan.directory);
    if (!folder)
        return folder.error();
    BatchRetentionResult result;
    QList<BatchRetentionFile> going;
    // A changed file stays, and so does every file after it: the store stays one run of
    // batches with no hole for the integrity report to flag.
    QString stop;
    for (const BatchRetentionFile &file : plan.files) {
        const QString change = stop.isEmpty() ? changeSince(folder->get(), file) : stop;
        if (change.isEmpty()) {
            going.append(file);
            continue;
        }
        result.kept.append({.file = file, .reason = change});
        if (stop.isEmpty())
            stop = behind(file);
    }
    if (going.isEmpty())
        return result;
    if (!options.archiveDirectory.isEmpty()) {
        auto archive = archiveFiles(plan, options, going);
        if (!archive)
            return archive.error();
        result.archive = *archive;
    }
    stop.clear();
    for (const BatchRetentionFile &file : std::as_const(going)) {
        // Checked once more right before it goes: a writer may have touched it meanwhile.
        QString change = stop.isEmpty() ? changeSince(folder->get(), file) : stop;
        if (change.isEmpty() &&
            ::unlinkat(folder->get(), QFile::encodeName(file.fileName).constData(), 0) != 0)
            change = u"it cannot be deleted: %1"_s.arg(systemErrorText(errno));
        if (change.isEmpty()) {
            result.removed.append(file);
            continue;
        }
        result.kept.append({.file = file, .reason = change});
        if (stop.isEmpty())
            stop = behind(file);
    }
    if (::fsync(folder->get()) != 0)
        return StorageError::io(
            u"Deleted %1 files from %2 but cannot sync the folder: %3."_s.arg(result.removed.size())
                .arg(plan.directory, systemErrorText(errno)));
    return result;
}

} // namespace porthole
