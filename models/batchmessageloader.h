#pragma once

#include "batchfilereader.h"
#include "storageerror.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QTimer>

class QFileSystemWatcher;

namespace porthole {

// One reading of a batch file, as the loader sends it.
struct BatchMessageRead
{
    quint64 generation = 0; // the file the model asked for; older ones are dropped
    qint64 batchId = 0;
    bool ok = true;
    StorageError error; // when !ok
    BatchFileContent content;
};

// Reads one batch file on a thread of its own and, when following, reads it again each time
// the file system reports a change to it. Every slot is meant to be queued to it.
class BatchMessageLoader : public QObject
{
    Q_OBJECT

public:
    explicit BatchMessageLoader(QObject *parent = nullptr);
    ~BatchMessageLoader() override;

    // Reads batch id of directory (0: none, stops following).
    void open(quint64 generation, const QString &directory, qint64 id, bool follow);
    void setFollow(quint64 generation, bool follow);
    // Reads the file again now.
    void reload(quint64 generation);

Q_SIGNALS:
    void read(const porthole::BatchMessageRead &read);

private:
    void readNow();
    void watch();

    quint64 m_generation = 0;
    QString m_directory;
    qint64 m_id = 0;
    bool m_follow = false;
    QString m_watchedPath;
    QFileSystemWatcher *m_watcher = nullptr; // made on the loader's thread, when first needed
    QTimer m_settle;                         // a burst of reports makes one reading
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::BatchMessageRead)
