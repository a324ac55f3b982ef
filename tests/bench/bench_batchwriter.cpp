// Writer throughput: N messages through BatchFileWriter against a plain C++ loop that
// creates, appends and fsyncs the same files with the same group-commit policy.
//
//   bench_batchwriter [--messages 1000000] [--runs 5] [--group 1000] [--dir DIR]
//
// Both write the same bytes (checked after the runs): 10 lines a file, and per group of
// --group messages one write per file touched, then one syncfs (or, when the group touched one
// file, its fdatasync and an fsync of the folder if the file is new). Every run writes into a
// folder of its own and nothing is deleted until all runs are done (deleting 100,000 files makes
// the disk slow for a while after, on a file system mounted with `discard` most of all); the two
// sides take turns at going first.

#include "batchfilewriter.h"
#include "benchsupport.h"
#include "filedescriptor.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDirIterator>
#include <QTemporaryDir>

#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <string>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

constexpr qint64 firstSecs = 1'795'255'200; // 2026-11-21 10:00:00 UTC
constexpr int messagesPerSecond = 1000;

QByteArray contentFor(qint64 number)
{
    return "Test message number " + QByteArray::number(number);
}

double runPorthole(const QString &dir, qint64 messages, int group)
{
    const auto start = Clock::now();
    auto writer = BatchFileWriter::open(dir, {group, std::chrono::hours(1), {}});
    if (!writer)
        qFatal("%s", qPrintable(writer.errorMessage()));
    for (qint64 n = 1; n <= messages; ++n) {
        const BatchMessage message{
            n, QDateTime::fromSecsSinceEpoch(firstSecs + n / messagesPerSecond, Qt::UTC),
            contentFor(n)};
        if (const auto ticket = (*writer)->append(message); !ticket)
            qFatal("%s", qPrintable(ticket.errorMessage()));
    }
    if (const auto done = (*writer)->commit(); !done)
        qFatal("%s", qPrintable(done.errorMessage()));
    return secondsSince(start);
}

// The plain loop: what a careful C++ program without Porthole would do.
double runBaseline(const QString &dir, qint64 messages, int group)
{
    const auto start = Clock::now();
    const int dirFd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY);
    struct Pending
    {
        int fd;
        std::string bytes;
        bool full;
    };
    std::vector<Pending> pending;
    int fd = -1;
    int lines = 0;
    qint64 batch = 0;
    bool created = false;
    char name[64];
    char stamp[32];
    char line[256];
    const auto commit = [&] {
        for (Pending &p : pending) {
            if (::write(p.fd, p.bytes.data(), p.bytes.size()) != ssize_t(p.bytes.size()))
                qFatal("write failed");
        }
        // The writer's policy: one fdatasync when the group touched one file (and an fsync of
        // the folder if it created it), else one syncfs, which takes the folder's entries too.
        if (pending.size() == 1) {
            if (::fdatasync(pending.front().fd) != 0)
                qFatal("fdatasync failed");
            if (created && ::fsync(dirFd) != 0)
                qFatal("fsync failed");
        } else if (!pending.empty() && ::syncfs(dirFd) != 0) {
            qFatal("syncfs failed");
        }
        for (Pending &p : pending) {
            if (p.full)
                ::close(p.fd);
        }
        created = false;
        pending.clear();
    };
    for (qint64 n = 1; n <= messages; ++n) {
        if (fd < 0 || lines == 10) {
            if (!pending.empty() && pending.back().fd == fd)
                pending.back().full = true;
            else if (fd >= 0)
                ::close(fd);
            std::snprintf(name, sizeof name, "messages_batch_%04lld.txt",
                          static_cast<long long>(++batch));
            fd = ::openat(dirFd, name, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
            if (fd < 0)
                qFatal("open failed");
            lines = 0;
            created = true;
        }
        const time_t secs = firstSecs + n / messagesPerSecond;
        tm parts = {};
        ::gmtime_r(&secs, &parts);
        std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &parts);
        const QByteArray content = contentFor(n);
        const int length = std::snprintf(line, sizeof line, "[%s] Message #%lld: %s\n", stamp,
                                         static_cast<long long>(n), content.constData());
        if (pending.empty() || pending.back().fd != fd)
            pending.push_back({fd, {}, false});
        pending.back().bytes.append(line, size_t(length));
        ++lines;
        if (n % group == 0)
            commit();
    }
    commit();
    if (fd >= 0)
        ::close(fd);
    ::close(dirFd);
    return secondsSince(start);
}

QByteArray digestOf(const QString &dir)
{
    QStringList names = QDir(dir).entryList({u"messages_batch_*.txt"_s}, QDir::Files);
    std::sort(names.begin(), names.end(), [](const QString &a, const QString &b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &name : names) {
        QFile file(dir + u'/' + name);
        if (file.open(QIODevice::ReadOnly))
            hash.addData(QByteArray(name.toLatin1() + '\0' + file.readAll()));
    }
    return hash.result().toHex();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Batch-file writer throughput against a plain loop."_s);
    parser.addHelpOption();
    const QCommandLineOption messagesOption(u"messages"_s, u"Messages a run."_s, u"n"_s,
                                            u"1000000"_s);
    const QCommandLineOption runsOption(u"runs"_s, u"Runs of each."_s, u"n"_s, u"5"_s);
    const QCommandLineOption groupOption(u"group"_s, u"Messages a commit (fsync)."_s, u"n"_s,
                                         u"1000"_s);
    const QCommandLineOption dirOption(u"dir"_s, u"Where to write (a temporary folder in it)."_s,
                                       u"dir"_s, QDir::tempPath());
    const QCommandLineOption onlyOption(
        u"only"_s, u"Run only one side, to profile it: porthole or baseline."_s, u"side"_s);
    parser.addOptions({messagesOption, runsOption, groupOption, dirOption, onlyOption});
    parser.process(app);
    const qint64 messages = parser.value(messagesOption).toLongLong();
    const int runs = parser.value(runsOption).toInt();
    const int group = parser.value(groupOption).toInt();
    const QString only = parser.value(onlyOption);

    QTemporaryDir root(parser.value(dirOption) + u"/bench_batchwriter-XXXXXX"_s);
    QString porthole;
    QString baseline;

    out() << "Writer: " << messages << " messages, group " << group << ", " << runs
          << " runs each, in " << root.path() << "; load average " << loadAverage() << Qt::endl;
    std::vector<double> portholeSecs;
    std::vector<double> baselineSecs;
    for (int run = 1; run <= runs; ++run) {
        porthole = root.filePath(u"run%1/porthole"_s.arg(run));
        baseline = root.filePath(u"run%1/baseline"_s.arg(run));
        QDir().mkpath(porthole);
        QDir().mkpath(baseline);
        const auto timePorthole = [&] {
            ::sync(); // each from a quiet disk
            portholeSecs.push_back(only != u"baseline"_s ? runPorthole(porthole, messages, group)
                                                         : 0);
        };
        const auto timeBaseline = [&] {
            ::sync();
            baselineSecs.push_back(only != u"porthole"_s ? runBaseline(baseline, messages, group)
                                                         : 0);
        };
        if (run % 2) {
            timePorthole();
            timeBaseline();
        } else {
            timeBaseline();
            timePorthole();
        }
        out() << "  run " << run << ": porthole " << portholeSecs.back() << " s, baseline "
              << baselineSecs.back() << " s" << Qt::endl;
    }
    const bool same = !only.isEmpty() || digestOf(porthole) == digestOf(baseline);

    const double p = messages / median(portholeSecs);
    const double b = messages / median(baselineSecs);
    out() << Qt::fixed << qSetRealNumberPrecision(0) << "Median throughput: porthole " << p
          << " msg/s, baseline " << b << " msg/s, ratio " << qSetRealNumberPrecision(2) << p / b
          << " (target >= 0.80)" << Qt::endl;
    out() << qSetRealNumberPrecision(0) << "Best run: porthole " << messages / best(portholeSecs)
          << " msg/s, baseline " << messages / best(baselineSecs) << " msg/s, ratio "
          << qSetRealNumberPrecision(2) << best(baselineSecs) / best(portholeSecs) << Qt::endl;
    out() << "Same bytes written by both: " << (same ? "yes" : "NO") << "; load average "
          << loadAverage() << Qt::endl;
    return same ? 0 : 1;
}
