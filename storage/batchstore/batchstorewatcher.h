#pragma once

#include "batchfileindex.h"
#include "storageerror.h"

#include <QFileSystemWatcher>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QTimer>

#include <vector>

namespace porthole {

// A change the store watcher noticed, for the models to apply.
struct BatchStoreEvent
{
    enum class Kind
    {
        Added,   // a new batch file
        Changed, // a batch file grew or was rewritten (usually the current batch)
        Removed, // a batch file is gone
    };

    Kind kind = Kind::Changed;
    qint64 batchId = 0;
    BatchFileInfo info; // Added and Changed: the file as it is now; Removed: empty
};

// Notices new batch files, removed ones and changes to the current batch (the highest
// number), and reports each as a BatchStoreEvent.
//
// It uses the file system's notifications (QFileSystemWatcher on the folder and on the
// current batch), with a slow poll as a safety net; where notifications are not available
// (or with Mode::Polling) it polls. Bursts are coalesced: a check runs a few milliseconds
// after the first notification. Changes to files other than the current batch and the one
// before it are not watched; the index notices them on its next refresh.
class BatchStoreWatcher : public QObject
{
    Q_OBJECT

public:
    enum class Mode
    {
        Automatic, // notifications, polling when they are not available
        Polling,   // polling only
    };

    explicit BatchStoreWatcher(QString directory, QObject *parent = nullptr);
    ~BatchStoreWatcher() override;

    void setMode(Mode mode) { m_mode = mode; } // before start()
    // How often to poll when polling; with notifications, the safety net polls 10 times slower.
    void setPollInterval(int ms) { m_pollInterval = ms; }

    // Takes a first look (no events for the files already there) and starts watching.
    Status start();
    void stop();
    bool isRunning() const { return m_running; }
    // Whether changes are found by polling only (by choice, or because notifications failed).
    bool isPolling() const { return m_polling; }
    QString directory() const { return m_directory; }
    qint64 currentBatchId() const { return m_currentId; }

Q_SIGNALS:
    void changed(const porthole::BatchStoreEvent &event);
    // The folder cannot be listed any more (removed, permissions); watching goes on by polling.
    void failed(const QString &message);

public Q_SLOTS:
    // Looks now; the notifications and the timer call this.
    void check();

private:
    struct Stamp
    {
        quint64 inode = 0;
        qint64 size = 0;
        qint64 mtimeNs = 0;
        qint64 ctimeNs = 0;
        friend bool operator==(const Stamp &, const Stamp &) = default;
    };
    struct Tracked
    {
        qint64 id = 0;
        Stamp stamp;
    };

    int listIds(int dirFd, std::vector<qint64> *ids) const;
    void watchCurrent();
    void scheduleCheck();

    QString m_directory;
    Mode m_mode = Mode::Automatic;
    int m_pollInterval = 1000;
    bool m_running = false;
    bool m_polling = false;
    QString m_lastFailure;

    QFileSystemWatcher *m_system = nullptr;
    QTimer m_poll;
    QTimer m_settle;
    std::vector<qint64> m_ids;      // batch files present, sorted
    qint64 m_currentId = 0;         // the highest one
    std::vector<Tracked> m_tracked; // the current batch and the one before it
    QString m_watchedFile;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::BatchStoreEvent)
