#pragma once

// What storage/care/backup.cpp asks of each engine: the copy, a restore and the row counts. Only
// backup.cpp and the engines' files include this.

#include "backup.h"
#include "databaseurl.h"
#include "storageerror.h"

#include <QMap>
#include <QString>

namespace porthole::backupengine {

using RowCounts = QMap<QString, qint64>;

// SQLite (sqlitebackup.cpp).
// Copies the database into `destination` (a new file): the manifest's schema version and row
// counts are filled from the finished copy.
Result<BackupManifest> copySqlite(const DatabaseUrl &url, const QString &destination,
                                  const BackupOptions &options);
// Copies a backup file into `target` through the backup API; `target` must not exist unless
// `force`.
Status restoreSqlite(const QString &backupFile, const QString &target, bool force);
// integrity_check on a SQLite file, then its tables' row counts.
Result<RowCounts> checkSqliteFile(const QString &path);

// PostgreSQL (postgresbackup.cpp).
Result<BackupManifest> dumpPostgres(const DatabaseUrl &url, const QString &destination,
                                    const BackupOptions &options);
// Restores a dump into a database made for it on `server`'s cluster, counts its rows and
// drops it again.
Result<RowCounts> restorePostgresScratch(const QString &dump, const DatabaseUrl &server,
                                         const BackupTools &tools);
Status restorePostgres(const QString &dump, const DatabaseUrl &target, bool force,
                       const BackupTools &tools);

} // namespace porthole::backupengine
