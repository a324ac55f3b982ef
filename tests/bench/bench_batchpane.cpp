// The Batch files pane on a large store: the time from constructing the pane to its first
// rows painted, against the plain listing of the same folder, in the same run.
//
//   bench_batchpane [--files 100000] [--runs 5] [--dir DIR]
//
// Cold: each run is a new process (this program again, with --child) and the store has no
// `.porthole-index`, so the pane's listing lists, stats, reads and summarises every batch
// file. The files' pages are in the OS cache throughout: dropping that cache is not possible
// here, so "cold" means a new process without Porthole's index, not an empty page cache.
// The clock starts just before the pane is constructed (after QApplication) and stops once
// the file table's viewport has handled its first Paint event with rows in the model.
// Baseline, in the same run: opendir/readdir of the folder and an fstatat of each batch file,
// the least any listing of the names with sizes and times does. Also in each run, for
// orientation: the same new process with the index file the cold run left (warm).

#include "batchespane.h"
#include "batchfilelistmodel.h"
#include "batchline.h"
#include "batchstoresupport.h"
#include "benchsupport.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QProcess>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

// The baseline: names, sizes and times of the batch files, in id order.
size_t plainListing(const QString &dir)
{
    return plainList(dir, [](int, const char *, PlainRecord *) {});
}

// Reads every batch file once, so that the pages are in the OS cache for every run alike.
void readAll(const QString &dir, qint64 files)
{
    std::vector<char> buffer(1 << 16);
    const int dirFd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY);
    for (qint64 id = 1; id <= files; ++id) {
        const int fd = ::openat(dirFd, batchFileNameBytes(id).constData(), O_RDONLY);
        if (fd >= 0) {
            while (::read(fd, buffer.data(), buffer.size()) > 0) {
            }
            ::close(fd);
        }
    }
    ::close(dirFd);
}

// Notes the first Paint of the file table with rows in it, then ends the event loop once
// that paint is done.
class FirstPaint : public QObject
{
public:
    FirstPaint(BatchesPane *pane, Clock::time_point start)
        : m_pane(pane)
        , m_start(start)
    {
        pane->fileView()->viewport()->installEventFilter(this);
        connect(pane->fileModel(), &BatchFileListModel::listed, this, [this] {
            if (m_listed < 0)
                m_listed = secondsSince(m_start);
        });
    }

    double listed() const { return m_listed; }
    double painted() const { return m_painted; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_seen && m_pane->fileModel()->rowCount() > 0) {
            m_seen = true;
            // Queued: runs after this Paint event has been handled, i.e. the rows are drawn.
            QMetaObject::invokeMethod(
                this,
                [this] {
                    m_painted = secondsSince(m_start);
                    QCoreApplication::quit();
                },
                Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    BatchesPane *m_pane;
    Clock::time_point m_start;
    bool m_seen = false;
    double m_listed = -1;
    double m_painted = -1;
};

int runChild(int argc, char *argv[], const QString &store)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // the pane's settings stay out of the user's
    const Clock::time_point start = Clock::now();
    BatchesPane pane(store);
    FirstPaint probe(&pane, start);
    pane.resize(1280, 800);
    pane.show();
    QTimer::singleShot(60000, &app, [] { qFatal("no rows painted within a minute"); });
    app.exec();
    out() << "painted " << probe.painted() << " listed " << probe.listed() << " rows "
          << pane.fileModel()->rowCount() << Qt::endl;
    return 0;
}

struct ChildFigures
{
    double painted = 0;
    double listed = 0;
};

ChildFigures runPane(const QString &store, qint64 files)
{
    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    child.setProcessEnvironment(environment);
    child.start(QCoreApplication::applicationFilePath(), {u"--child"_s, u"--dir"_s, store});
    if (!child.waitForFinished(120000) || child.exitCode() != 0)
        qFatal("the pane's process failed: %s", child.readAllStandardError().constData());
    const QList<QByteArray> words = child.readAllStandardOutput().simplified().split(' ');
    if (words.size() != 6 || words.at(5).toLongLong() != files)
        qFatal("the pane's process did not show every file");
    return ChildFigures{words.at(1).toDouble(), words.at(3).toDouble()};
}

} // namespace

int main(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--child") == 0 && i + 2 < argc &&
            std::strcmp(argv[i + 1], "--dir") == 0)
            return runChild(argc, argv, QString::fromLocal8Bit(argv[i + 2]));
    }

    QCoreApplication app(argc, argv);
    const BenchStore bench = parseBenchStore(
        app, u"Batch files pane: construction to first rows painted, against a plain listing."_s,
        u"bench_batchpane"_s);
    const qint64 files = bench.files;
    const int runs = bench.runs;
    const QString store = bench.path;
    out() << "Batch files pane: " << files << " batch files, " << runs << " runs each, in " << store
          << "; load average " << loadAverage() << Qt::endl;
    generateBatchStore(store, files);
    readAll(store, files);
    const QString cacheFile = BatchFileIndex::defaultCacheFile(store);

    std::vector<double> cold, coldListed, warm, plain;
    for (int run = 1; run <= runs; ++run) {
        QFile::remove(cacheFile);
        const ChildFigures coldRun = runPane(store, files);
        cold.push_back(coldRun.painted);
        coldListed.push_back(coldRun.listed);

        const auto start = Clock::now();
        if (plainListing(store) != size_t(files))
            qFatal("plain listing failed");
        plain.push_back(secondsSince(start));

        if (!QFile::exists(cacheFile))
            qFatal("the pane left no index file");
        warm.push_back(runPane(store, files).painted);

        out() << "  run " << run << ": cold first paint " << cold.back() * 1000
              << " ms (rows delivered at " << coldListed.back() * 1000 << " ms), plain listing "
              << plain.back() * 1000 << " ms; warm first paint " << warm.back() * 1000 << " ms"
              << Qt::endl;
    }

    out() << Qt::fixed << qSetRealNumberPrecision(1) << "Medians:" << Qt::endl
          << "  cold first paint: porthole " << median(cold) * 1000 << " ms, baseline "
          << median(plain) * 1000 << " ms, ratio " << qSetRealNumberPrecision(2)
          << median(cold) / median(plain) << " (target: first paint < 1000 ms)" << Qt::endl
          << qSetRealNumberPrecision(1) << "  cold rows delivered: " << median(coldListed) * 1000
          << " ms" << Qt::endl
          << "  warm first paint (index file present): " << median(warm) * 1000 << " ms"
          << Qt::endl;
    out() << "Load average " << loadAverage() << Qt::endl;
    return 0;
}
