#include "batchfilelister.h"

#include "batchstorewatcher.h"

#include <QLoggingCategory>
#include <QThread>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcBatchLister, "porthole.models.batchlister", QtWarningMsg)

namespace porthole {

namespace {

// Reports of a writer's commits come in bursts: one listing per tick is enough to look live.
constexpr int coalesceMs = 40;
// A watched index reads only what the kernel reported, so listing often costs next to nothing
// (well under a millisecond for 100,000 files); it catches changes to older files, which the
// store watcher does not follow.
constexpr int watchedSafetyNetMs = 1000;
// Without those reports every listing stats every file: rarely, then.
constexpr int statSafetyNetMs = 10000;
// A folder that is missing or cannot be read: try again, it may appear.
constexpr int retryMs = 2000;

} // namespace

BatchFileLister::BatchFileLister(QObject *parent)
    : QObject(parent)
    , m_coalesce(this)
    , m_safetyNet(this)
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(coalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &BatchFileLister::list);
    connect(&m_safetyNet, &QTimer::timeout, this, &BatchFileLister::list);
}

BatchFileLister::~BatchFileLister() = default;

BatchListUpdate BatchFileLister::diff(const QList<BatchFileInfo> &before,
                                      const QList<BatchFileInfo> &after)
{
    BatchListUpdate update;
    // The index hands out the list it keeps: unchanged, it is the very same data.
    if (before.size() == after.size() && before.constData() == after.constData())
        return update;
    if (before.isEmpty()) {
        update.added = after;
        return update;
    }
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < before.size() || j < after.size()) {
        if (j == after.size() || (i < before.size() && before.at(i).id < after.at(j).id)) {
            update.removed.append(before.at(i).id);
            ++i;
        } else if (i == before.size() || after.at(j).id < before.at(i).id) {
            update.added.append(after.at(j));
            ++j;
        } else {
            if (!(before.at(i) == after.at(j)))
                update.changed.append(after.at(j));
            ++i;
            ++j;
        }
    }
    return update;
}

void BatchFileLister::open(quint64 generation, const QString &directory)
{
    Q_ASSERT(QThread::currentThread() == thread());
    stopWatcher();
    m_coalesce.stop();
    m_safetyNet.stop();
    m_generation = generation;
    m_directory = directory;
    m_shown.clear();
    m_delivered = false;
    m_failure.clear();
    m_index.reset();
    if (directory.isEmpty())
        return;
    m_index = std::make_unique<BatchFileIndex>(directory);
    list();
}

void BatchFileLister::refresh(quint64 generation)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (generation == m_generation && m_index)
        list();
}

void BatchFileLister::scheduleList()
{
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

void BatchFileLister::list()
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_coalesce.stop();
    if (!m_index || QThread::currentThread()->isInterruptionRequested())
        return;
    const Status status = m_index->refresh();
    if (!status) {
        // The rows would describe files that cannot be seen any more: take them away and say why.
        stopWatcher();
        BatchListUpdate update;
        update.generation = m_generation;
        update.ok = false;
        update.error = status.error();
        for (const BatchFileInfo &file : std::as_const(m_shown))
            update.removed.append(file.id);
        m_shown.clear();
        m_safetyNet.start(retryMs);
        if (m_delivered && update.removed.isEmpty() && update.error.message == m_failure)
            return;
        qCInfo(lcBatchLister) << update.error.message;
        m_failure = update.error.message;
        m_delivered = true;
        Q_EMIT updated(update);
        return;
    }

    const bool recovered = !m_failure.isEmpty();
    m_failure.clear();
    BatchListUpdate update = diff(m_shown, m_index->files());
    update.generation = m_generation;
    m_shown = m_index->files();
    m_safetyNet.start(m_index->lastRefresh().incremental ? watchedSafetyNetMs : statSafetyNetMs);
    if (!update.isEmpty() || !m_delivered || recovered) {
        m_delivered = true;
        Q_EMIT updated(update);
    }
    if (!m_watcher)
        startWatcher();
}

void BatchFileLister::startWatcher()
{
    m_watcher = new BatchStoreWatcher(m_directory, this);
    connect(m_watcher, &BatchStoreWatcher::changed, this, &BatchFileLister::scheduleList);
    connect(m_watcher, &BatchStoreWatcher::failed, this, &BatchFileLister::scheduleList);
    if (const Status started = m_watcher->start(); !started) {
        // The safety net goes on listing; the next listing tries the watcher again.
        qCInfo(lcBatchLister) << started.errorMessage();
        stopWatcher();
        return;
    }
    // What changed between the listing and the watcher's first look is in no report.
    scheduleList();
}

void BatchFileLister::stopWatcher()
{
    delete m_watcher;
    m_watcher = nullptr;
}

} // namespace porthole
