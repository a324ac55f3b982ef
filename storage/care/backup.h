#pragma once

#include "databaseurl.h"
#include "storageerror.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>

namespace porthole {

// What a backup holds, written beside it as JSON (porthole-20261126T212400Z.json beside
// porthole-20261126T212400Z.sqlite or .dump): enough to check the file and its restore without
// the database it came from.
struct BackupManifest
{
    QDateTime created; // UTC
    QString engine;    // "sqlite" or "postgresql"
    QString source;    // the database's URL, without a password
    QString fileName;  // the backup's file, in the manifest's folder
    qint64 size = 0;   // bytes
    QString sha256;    // of the file, lower-case hex
    int schemaVersion = 0;
    // Rows of every table at the backup's moment: SQLite's counted on the finished copy, a
    // snapshot of the database; PostgreSQL's in the snapshot that pg_dump dumped.
    QMap<QString, qint64> rowCounts;

    QJsonObject toJson() const;
    static Result<BackupManifest> fromJson(const QJsonObject &json);
};

// A backup on disk: its manifest and the paths of both files.
struct BackupFiles
{
    QString dataPath;
    QString manifestPath;
    BackupManifest manifest;
};

// Where pg_dump and pg_restore are: empty looks them up on PATH.
struct BackupTools
{
    QString pgDump;
    QString pgRestore;
};

struct BackupOptions
{
    QString directory;       // the backups' folder; made when missing
    int keep = 7;            // backups of the same source kept, the new one among them; 0 keeps all
    bool verify = true;      // restore the new backup into a scratch database and compare
    int pagesPerStep = 1024; // SQLite: pages copied between progress reports
    BackupTools tools;
    // Called as the copy goes (SQLite: pages done of total; PostgreSQL: 0 of 0 until it ends);
    // false stops the backup, which leaves nothing behind.
    std::function<bool(qint64 done, qint64 total)> progress;
    QDateTime now; // the backup's name and time; invalid: the current time
};

struct BackupOutcome
{
    BackupFiles backup;
    bool verified = false;
    QStringList removed; // older backups pruned (their data files), oldest first
};

// Takes a consistent backup of the database into options.directory, verifies it unless told
// not to, then deletes the oldest backups of the same source beyond options.keep: only once
// the new one is verified, so a failed backup never costs an old one.
//
// SQLite: SQLite's online backup API from the database's own connection, a bounded number of
// pages per step inside one read transaction, so the copy is one snapshot and, in WAL mode, an
// ingest worker writing meanwhile is never blocked. PostgreSQL: `pg_dump -Fc` of a snapshot
// exported by a transaction that counts the rows in the same snapshot; the password goes to
// pg_dump through PGPASSWORD in its environment only.
Result<BackupOutcome> takeBackup(const DatabaseUrl &url, const BackupOptions &options);

// Reads a backup's manifest: `path` is the manifest or the data file beside it.
Result<BackupFiles> readBackup(const QString &path);

// Checks a backup: its file is there, of the manifest's size and SHA-256, and restores into a
// scratch database (SQLite: a temporary file, checked with integrity_check; PostgreSQL: a
// database made on `server`'s cluster and dropped after) that holds the manifest's row counts.
// `server` is needed for a PostgreSQL backup only.
Result<BackupFiles> verifyBackup(const QString &path, const DatabaseUrl *server = nullptr,
                                 const BackupTools &tools = {});

// Restores a backup into `target`, which must be new: a SQLite file that does not exist, a
// PostgreSQL database that does not exist (it is made) or has no table. `force` restores over
// what is there (SQLite: through the backup API, so a WAL file is handled; PostgreSQL:
// pg_restore --clean). Checks the backup's checksum first.
Result<BackupFiles> restoreBackup(const QString &path, const DatabaseUrl &target, bool force,
                                  const BackupTools &tools = {});

// The backups of `source` in `directory` that Porthole made, oldest first: a manifest
// porthole-<stamp>[-N].json whose stamp is its creation time, beside the file of the same name
// (.sqlite or .dump) and of the manifest's size. Other files in the folder, a manifest copied
// or edited by hand among them, are not backups here.
Result<QList<BackupFiles>> listBackups(const QString &directory, const QString &source);

// Deletes the oldest backups of `source` in `directory` beyond the newest `keep`, and the
// copies of backups stopped half-way (hidden `.porthole-….partial` files untouched for a day).
// It deletes only what Porthole made: backups as listBackups() finds them whose file also has
// the manifest's SHA-256, each checked before it is counted among the kept or deleted; a file
// that a manifest which stays names is never deleted; nothing else in the folder is touched.
// Returns the data files of the backups deleted.
Result<QStringList> pruneBackups(const QString &directory, const QString &source, int keep);

// The URL as a manifest records it: without a password.
QString backupSource(const DatabaseUrl &url);

} // namespace porthole
