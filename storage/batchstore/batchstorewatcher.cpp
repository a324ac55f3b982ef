#include "batchstorewatcher.h"

#include "batchline.h"
#include "batchstorescan.h"
#include "filedescriptor.h"

#include <QFile>
#include <QLoggingCategory>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcBatchWatcher, "porthole.storage.batchwatcher", QtWarningMsg)

namespace porthole {

namespace {

constexpr int settleMs = 10;
constexpr int safetyNetFactor = 10;

qint64 nanoseconds(const statx_timestamp &t)
{
    return static_cast<qint64>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

} // namespace

BatchStoreWatcher::BatchStoreWatcher(QString directory, QObject *parent)
    : QObject(parent)
    , m_directory(std::move(directory))
{
    qRegisterMetaType<porthole::BatchStoreEvent>();
    m_settle.setSingleShot(true);
    m_settle.setInterval(settleMs);
    connect(&m_settle, &QTimer::timeout, this, &BatchStoreWatcher::check);
    connect(&m_poll, &QTimer::timeout, this, &BatchStoreWatcher::check);
}

BatchStoreWatcher::~BatchStoreWatcher() = default;

int BatchStoreWatcher::listIds(int dirFd, std::vector<qint64> *ids) const
{
    ids->clear();
    const int error = forEachBatchNameAt(dirFd, [&](qint64 id, const char *name, bool typeUnknown) {
        struct stat status = {};
        if (typeUnknown &&
            (::fstatat(dirFd, name, &status, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(status.st_mode)))
            return;
        ids->push_back(id);
    });
    std::sort(ids->begin(), ids->end());
    return error;
}

Status BatchStoreWatcher::start()
{
    stop();
    const FileDescriptor dir(
        ::open(QFile::encodeName(m_directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    int error = dir.isValid() ? 0 : errno;
    if (error == 0)
        error = listIds(dir.get(), &m_ids);
    if (error != 0)
        return StorageError::io(u"Cannot watch the batch store %1: %2. %3"_s.arg(
            m_directory, systemErrorText(error), systemErrorAdvice(error)));

    m_currentId = m_ids.empty() ? 0 : m_ids.back();
    m_tracked.clear();
    for (const qint64 id : m_ids) {
        if (id < m_currentId - 1)
            continue;
        struct statx status = {};
        if (::statx(dir.get(), batchFileNameBytes(id).constData(), AT_SYMLINK_NOFOLLOW,
                    STATX_BASIC_STATS, &status) == 0)
            m_tracked.push_back(
                Tracked{id, Stamp{status.stx_ino, qint64(status.stx_size),
                                  nanoseconds(status.stx_mtime), nanoseconds(status.stx_ctime)}});
    }

    m_polling = m_mode == Mode::Polling;
    if (!m_polling) {
        m_system = new QFileSystemWatcher(this);
        connect(m_system, &QFileSystemWatcher::directoryChanged, this,
                &BatchStoreWatcher::scheduleCheck);
        connect(m_system, &QFileSystemWatcher::fileChanged, this,
                &BatchStoreWatcher::scheduleCheck);
        if (!m_system->addPath(m_directory)) {
            qCInfo(lcBatchWatcher) << "no file system notifications for" << m_directory
                                   << "; polling every" << m_pollInterval << "ms";
            delete m_system;
            m_system = nullptr;
            m_polling = true;
        }
    }
    m_poll.setInterval(m_polling ? m_pollInterval : m_pollInterval * safetyNetFactor);
    m_poll.start();
    m_running = true;
    m_lastFailure.clear();
    watchCurrent();
    return success();
}

void BatchStoreWatcher::stop()
{
    m_poll.stop();
    m_settle.stop();
    delete m_system;
    m_system = nullptr;
    m_watchedFile.clear();
    m_running = false;
}

void BatchStoreWatcher::scheduleCheck()
{
    if (!m_settle.isActive())
        m_settle.start();
}

void BatchStoreWatcher::watchCurrent()
{
    if (!m_system)
        return;
    const QString current =
        m_currentId > 0 ? m_directory + u'/' + batchFileName(m_currentId) : QString();
    // A file replaced by rename loses its notification: add it again whenever it is missing.
    if (current == m_watchedFile && (current.isEmpty() || m_system->files().contains(current)))
        return;
    if (!m_watchedFile.isEmpty())
        m_system->removePath(m_watchedFile);
    m_watchedFile = current;
    if (!current.isEmpty())
        m_system->addPath(current);
}

void BatchStoreWatcher::check()
{
    if (!m_running)
        return;
    const FileDescriptor dir(
        ::open(QFile::encodeName(m_directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    std::vector<qint64> ids;
    int error = dir.isValid() ? 0 : errno;
    if (error == 0)
        error = listIds(dir.get(), &ids);
    if (error != 0) {
        const QString message = u"Cannot watch the batch store %1 any more: %2. %3"_s.arg(
            m_directory, systemErrorText(error), systemErrorAdvice(error));
        if (message != m_lastFailure) {
            m_lastFailure = message;
            Q_EMIT failed(message);
        }
        return;
    }
    m_lastFailure.clear();

    std::vector<qint64> added;
    std::vector<qint64> removed;
    std::set_difference(ids.begin(), ids.end(), m_ids.begin(), m_ids.end(),
                        std::back_inserter(added));
    std::set_difference(m_ids.begin(), m_ids.end(), ids.begin(), ids.end(),
                        std::back_inserter(removed));
    m_ids = std::move(ids);
    const qint64 current = m_ids.empty() ? 0 : m_ids.back();

    std::vector<BatchStoreEvent> events;
    for (const qint64 id : removed) {
        events.push_back(BatchStoreEvent{BatchStoreEvent::Kind::Removed, id, {}});
        std::erase_if(m_tracked, [id](const Tracked &t) { return t.id == id; });
    }

    // The files to look at: the ones tracked so far, the current one, and the new ones.
    std::vector<qint64> look = added;
    for (const Tracked &tracked : m_tracked)
        look.push_back(tracked.id);
    if (current > 0)
        look.push_back(current);
    std::sort(look.begin(), look.end());
    look.erase(std::unique(look.begin(), look.end()), look.end());

    std::vector<Tracked> tracked;
    for (const qint64 id : look) {
        const bool isNew = std::binary_search(added.begin(), added.end(), id);
        BatchFileIndex::Record record;
        const int readError = BatchFileIndex::readRecordAt(dir.get(), id, &record);
        if (readError != 0)
            continue; // gone meanwhile: the next check reports it
        const Stamp stamp{record.inode, record.size, record.mtimeNs, record.ctimeNs};
        const auto before = std::find_if(m_tracked.begin(), m_tracked.end(),
                                         [id](const Tracked &t) { return t.id == id; });
        if (isNew)
            events.push_back(BatchStoreEvent{BatchStoreEvent::Kind::Added, id,
                                             BatchFileIndex::infoFromRecord(record)});
        else if (before != m_tracked.end() && !(before->stamp == stamp))
            events.push_back(BatchStoreEvent{BatchStoreEvent::Kind::Changed, id,
                                             BatchFileIndex::infoFromRecord(record)});
        if (id >= current - 1)
            tracked.push_back(Tracked{id, stamp});
    }
    m_tracked = std::move(tracked);
    m_currentId = current;
    watchCurrent();

    std::stable_sort(
        events.begin(), events.end(),
        [](const BatchStoreEvent &a, const BatchStoreEvent &b) { return a.batchId < b.batchId; });
    for (const BatchStoreEvent &event : events)
        Q_EMIT changed(event);
}

} // namespace porthole
