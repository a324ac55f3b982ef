#pragma once

#include "batchfileindex.h"
#include "storageerror.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace porthole {

class BatchStoreWatcher;

// What changed in a batch store's listing since the lister's last delivery. Ids and files
// are in ascending order of id.
struct BatchListUpdate
{
    quint64 generation = 0; // the model's directory it belongs to; older ones are dropped
    bool ok = true;
    StorageError error; // when !ok: why the folder cannot be listed (NotFound: it does not exist)
    QList<qint64> removed;
    QList<BatchFileInfo> changed;
    QList<BatchFileInfo> added;

    bool isEmpty() const { return removed.isEmpty() && changed.isEmpty() && added.isEmpty(); }
};

// Keeps the listing of one batch store up to date, on a thread of its own: a BatchFileIndex
// refreshed whenever a BatchStoreWatcher reports a change, and on a timer as a safety net,
// sending only what changed. Nothing of it runs on the caller's thread: every slot is
// meant to be queued to it.
class BatchFileLister : public QObject
{
    Q_OBJECT

public:
    explicit BatchFileLister(QObject *parent = nullptr);
    ~BatchFileLister() override;

    // What the next update is diffed against.
    static BatchListUpdate diff(const QList<BatchFileInfo> &before,
                                const QList<BatchFileInfo> &after);

    // Starts listing directory (an empty one: stops). The first update says how the first
    // listing went, whether or not it found anything.
    void open(quint64 generation, const QString &directory);
    // Lists again now.
    void refresh(quint64 generation);

Q_SIGNALS:
    void updated(const porthole::BatchListUpdate &update);

private:
    void list();
    void scheduleList();
    void startWatcher();
    void stopWatcher();

    quint64 m_generation = 0;
    QString m_directory;
    std::unique_ptr<BatchFileIndex> m_index;
    BatchStoreWatcher *m_watcher = nullptr;
    QList<BatchFileInfo> m_shown; // what the model has, as of the last update
    bool m_delivered = false;     // the first update of this generation went out
    QString m_failure;            // the last failure sent, so that a lasting one is sent once
    QTimer m_coalesce;            // a burst of reports makes one listing
    QTimer m_safetyNet;           // lists now and then, for changes no watcher reports
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::BatchListUpdate)
