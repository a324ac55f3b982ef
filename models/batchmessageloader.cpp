#include "batchmessageloader.h"

#include "batchline.h"

#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QThread>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A writer commits a group of lines at a time; one reading per tick looks live enough.
constexpr int settleMs = 40;

} // namespace

BatchMessageLoader::BatchMessageLoader(QObject *parent)
    : QObject(parent)
    , m_settle(this)
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(settleMs);
    connect(&m_settle, &QTimer::timeout, this, &BatchMessageLoader::readNow);
}

BatchMessageLoader::~BatchMessageLoader() = default;

void BatchMessageLoader::open(quint64 generation, const QString &directory, qint64 id, bool follow)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_generation = generation;
    m_directory = directory;
    m_id = id;
    m_follow = follow;
    m_settle.stop();
    if (id <= 0) {
        watch();
        return;
    }
    readNow();
}

void BatchMessageLoader::setFollow(quint64 generation, bool follow)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (generation != m_generation || follow == m_follow)
        return;
    m_follow = follow;
    if (follow)
        readNow(); // what was missed meanwhile
    else
        watch();
}

void BatchMessageLoader::reload(quint64 generation)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (generation == m_generation && m_id > 0)
        readNow();
}

void BatchMessageLoader::readNow()
{
    m_settle.stop();
    if (m_id <= 0 || QThread::currentThread()->isInterruptionRequested())
        return;
    // Watched before reading, so that a write during the reading is reported, not missed.
    watch();
    BatchMessageRead read;
    read.generation = m_generation;
    read.batchId = m_id;
    Result<BatchFileContent> content = readBatchFile(m_directory, m_id);
    if (content) {
        read.content = std::move(content).value();
    } else {
        read.ok = false;
        read.error = content.error();
    }
    Q_EMIT this->read(read);
}

void BatchMessageLoader::watch()
{
    const QString path =
        m_follow && m_id > 0 ? m_directory + u'/' + batchFileName(m_id) : QString();
    if (!m_watcher && path.isEmpty())
        return;
    if (!m_watcher) {
        m_watcher = new QFileSystemWatcher(this);
        connect(m_watcher, &QFileSystemWatcher::fileChanged, this, [this] {
            if (!m_settle.isActive())
                m_settle.start();
        });
    }
    // A file replaced by a rename is no longer watched: add it again whenever it is missing.
    if (path == m_watchedPath && (path.isEmpty() || m_watcher->files().contains(path)))
        return;
    if (!m_watchedPath.isEmpty())
        m_watcher->removePath(m_watchedPath);
    m_watchedPath = path;
    // A file that is not there (yet) is tried again at the next reading.
    if (!path.isEmpty() && (!QFileInfo::exists(path) || !m_watcher->addPath(path)))
        m_watchedPath.clear();
}

} // namespace porthole
