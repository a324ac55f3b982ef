// Listing a large batch store: BatchFileIndex cold (no index file) and warm (index file
// present, nothing changed), against plain C++ loops doing the same file operations.
//
//   bench_batchindex [--files 100000] [--runs 5] [--dir DIR]
//
// Cold: list the folder, stat, open, read and summarise every batch file (id, count,
// first/last number). Warm: nothing changed since the last listing; the baseline lists the
// folder and stats every batch file, the least that finds a change by size and mtime.
// Porthole's warm figures, once the folder's last change is two seconds old: a new index
// loading the cache file for the first time (it lists the folder to confirm the names), a
// new index loading it again (names from the index, every file statted), an index with
// inotify off that lives on (stats every file), and an index with inotify on, with
// nothing changed and with one line appended to the last file. The files' pages are in the
// OS cache throughout ("cold" means without Porthole's index, not an empty page cache).

#include "batchfileindex.h"
#include "batchline.h"
#include "batchstoresupport.h"
#include "benchsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTemporaryDir>

#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

// The number of a line "[YYYY-MM-DD HH:MM:SS] Message #N: ...", or -1.
qint64 plainNumber(const char *line, const char *end)
{
    if (end - line < 33 || line[0] != '[' || std::strncmp(line + 20, "] Message #", 11) != 0)
        return -1;
    qint64 value = 0;
    const char *p = line + 31;
    for (; p < end && *p >= '0' && *p <= '9'; ++p)
        value = value * 10 + (*p - '0');
    return p + 1 < end && *p == ':' && p[1] == ' ' ? value : -1;
}

// Waits until the folder's last change is more than two seconds old: BatchFileIndex trusts
// the folder's times only then (the file system's timestamp granularity).
void waitUntilSettled(const QString &dir)
{
    struct statx status = {};
    if (::statx(AT_FDCWD, QFile::encodeName(dir).constData(), 0, STATX_CTIME, &status) != 0)
        qFatal("cannot stat the store");
    const auto changed =
        std::chrono::system_clock::time_point(std::chrono::seconds(status.stx_ctime.tv_sec) +
                                              std::chrono::nanoseconds(status.stx_ctime.tv_nsec));
    std::this_thread::sleep_until(changed + std::chrono::milliseconds(2100));
}

size_t plainCold(const QString &dir)
{
    std::vector<char> buffer(1 << 16);
    return plainList(dir, [&buffer](int dirFd, const char *name, PlainRecord *record) {
        const int fd = ::openat(dirFd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        const ssize_t n = fd >= 0 ? ::read(fd, buffer.data(), buffer.size()) : -1;
        if (fd >= 0)
            ::close(fd);
        const char *p = buffer.data();
        const char *end = p + std::max<ssize_t>(n, 0);
        record->first = -1;
        while (p < end) {
            const char *lineEnd = static_cast<const char *>(std::memchr(p, '\n', end - p));
            if (!lineEnd)
                break;
            const qint64 number = plainNumber(p, lineEnd);
            if (number >= 0) {
                ++record->messages;
                if (record->first < 0)
                    record->first = number;
                record->last = number;
            }
            p = lineEnd + 1;
        }
    });
}

size_t plainWarm(const QString &dir)
{
    return plainList(dir, [](int, const char *, PlainRecord *) {});
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const BenchStore bench = parseBenchStore(
        app, u"Batch store listing, cold and warm, against plain loops."_s, u"bench_batchindex"_s);
    const qint64 files = bench.files;
    const int runs = bench.runs;
    const QString store = bench.path;
    out() << "Index: " << files << " batch files, " << runs << " runs each, in " << store
          << "; load average " << loadAverage() << Qt::endl;
    generateBatchStore(store, files);
    plainCold(store); // the files' pages into the OS cache, for both alike

    BatchFileIndex statting(store);
    statting.setUseNotifications(false);
    statting.setCacheFile(QString());
    if (!statting.refresh().ok())
        qFatal("listing failed");
    const QString last = store + u'/' + batchFileName(files);
    qint64 appended = 0;

    std::vector<double> cold, coldPlain, warmConfirm, warmNew, warmStat, warmQuiet, warmChanged,
        warmPlain;
    for (int run = 1; run <= runs; ++run) {
        QFile::remove(BatchFileIndex::defaultCacheFile(store));
        auto start = Clock::now();
        BatchFileIndex index(store);
        if (Status done = index.refresh(); !done || index.files().size() != files)
            qFatal("cold listing failed: %s", qPrintable(done.errorMessage()));
        cold.push_back(secondsSince(start));

        start = Clock::now();
        if (plainCold(store) != size_t(files))
            qFatal("plain cold listing failed");
        coldPlain.push_back(secondsSince(start));

        // A new process lists the store a while after the last change to its names (the cold
        // listing wrote the index file into it): the first one confirms the index by listing
        // the folder, the next ones take the names from the index.
        waitUntilSettled(store);
        start = Clock::now();
        {
            BatchFileIndex confirming(store);
            if (Status done = confirming.refresh();
                !done || !confirming.lastRefresh().cacheLoaded ||
                confirming.lastRefresh().filesRead != 0 || confirming.lastRefresh().namesFromIndex)
                qFatal("warm listing from the cache file failed, read files or did not list");
        }
        warmConfirm.push_back(secondsSince(start));

        start = Clock::now();
        BatchFileIndex fresh(store);
        if (Status done = fresh.refresh(); !done || !fresh.lastRefresh().cacheLoaded ||
                                           fresh.lastRefresh().filesRead != 0 ||
                                           !fresh.lastRefresh().namesFromIndex)
            qFatal("settled warm listing failed, read files or listed the folder");
        warmNew.push_back(secondsSince(start));

        start = Clock::now();
        if (Status done = fresh.refresh();
            !done || !fresh.lastRefresh().incremental || fresh.lastRefresh().filesRead != 0)
            qFatal("notified warm listing failed or read files");
        warmQuiet.push_back(secondsSince(start));

        // One more line in the last batch, as a live writer adds it.
        QByteArray line;
        BatchLine::appendFormatted(line, 1'000'000'000 + ++appended, firstSecs, "live");
        QFile file(last);
        if (!file.open(QIODevice::Append) || file.write(line) != line.size())
            qFatal("cannot append");
        file.close();
        start = Clock::now();
        if (Status done = fresh.refresh(); !done || fresh.lastRefresh().filesRead != 1)
            qFatal("the change was not seen");
        warmChanged.push_back(secondsSince(start));
        // Time passes: the appended file is as old as the rest for the next run.
        const timespec times[2] = {{firstSecs, 0}, {firstSecs, 0}};
        ::utimensat(AT_FDCWD, QFile::encodeName(last).constData(), times, 0);

        start = Clock::now();
        if (Status done = statting.refresh(); !done || statting.lastRefresh().incremental)
            qFatal("warm listing by stat failed");
        warmStat.push_back(secondsSince(start));

        start = Clock::now();
        if (plainWarm(store) != size_t(files))
            qFatal("plain warm listing failed");
        warmPlain.push_back(secondsSince(start));

        out() << "  run " << run << ": cold " << cold.back() << " s (plain " << coldPlain.back()
              << " s); warm: new index confirming " << warmConfirm.back() << " s, new index "
              << warmNew.back() << " s, same index by stat " << warmStat.back() << " s, notified "
              << warmQuiet.back() << " s, notified after a change " << warmChanged.back()
              << " s (plain " << warmPlain.back() << " s)" << Qt::endl;
    }

    const auto report = [](const char *what, const std::vector<double> &porthole,
                           const std::vector<double> &baseline, const char *target) {
        out() << Qt::fixed << qSetRealNumberPrecision(2) << "  " << what << ": porthole "
              << median(porthole) * 1000 << " ms, baseline " << median(baseline) * 1000
              << " ms, ratio " << qSetRealNumberPrecision(3) << median(porthole) / median(baseline)
              << " (target " << target << ")" << Qt::endl;
    };
    out() << "Medians:" << Qt::endl;
    report("cold listing", cold, coldPlain, "< 2000 ms");
    report("warm, new index, first after a change of names (lists the folder)", warmConfirm,
           warmPlain, "< 100 ms");
    report("warm, new index from the cache file", warmNew, warmPlain, "< 100 ms");
    report("warm, same index, stat every file", warmStat, warmPlain, "< 100 ms");
    report("warm, same index, notified, nothing changed", warmQuiet, warmPlain, "< 100 ms");
    report("warm, same index, notified, one file changed", warmChanged, warmPlain, "< 100 ms");
    out() << "Load average " << loadAverage() << Qt::endl;
    return 0;
}
