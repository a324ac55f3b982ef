#pragma once

#include "databaseurl.h"
#include "storageerror.h"

#include <QString>

namespace porthole {

// The embedded default store: one folder holding the SQLite database and the
// batch-file store in the receiver's layout.
//   {root}/porthole.db
//   {root}/example_receiver/messages/messages_batch_0001.txt ...
class DataDirectory
{
public:
    explicit DataDirectory(const QString &root);

    // QStandardPaths::AppDataLocation, e.g. ~/.local/share/Porthole/porthole.
    static QString defaultRoot();

    QString root() const { return m_root; }
    QString databasePath() const;
    DatabaseUrl databaseUrl() const;
    QString batchStorePath() const;

    // Creates the folders that are missing. The database file is created by SQLite.
    Status ensureExists() const;

private:
    QString m_root;
};

} // namespace porthole
