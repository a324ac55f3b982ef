#include "backupengines.h"
#include "connectionfactory.h"
#include "diskroom.h"
#include "sqlitestatement.h"

#include <QFileInfo>

#include <memory>
#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace porthole::backupengine {

namespace {

const QString purpose = u"backup"_s;

struct CloseSqlite
{
    void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, CloseSqlite>;

QString sqliteMessage(sqlite3 *db)
{
    return QString::fromUtf8(sqlite3_errmsg(db));
}

Result<SqliteHandle> openFile(const QString &path, int flags)
{
    sqlite3 *raw = nullptr;
    const int code = sqlite3_open_v2(QFileInfo(path).absoluteFilePath().toUtf8().constData(), &raw,
                                     flags, nullptr);
    SqliteHandle db(raw);
    if (code != SQLITE_OK)
        return StorageError::io(u"Cannot open the SQLite file %1: %2"_s.arg(
            path, raw ? sqliteMessage(raw) : QString::fromUtf8(sqlite3_errstr(code))));
    sqlite3_busy_timeout(raw, 5000);
    return db;
}

Status exec(sqlite3 *db, const char *sql, const QString &what)
{
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
        return StorageError::io(u"%1: %2"_s.arg(what, sqliteMessage(db)));
    return success();
}

Result<qint64> scalar(sqlite3 *db, const QByteArray &sql, const QString &what)
{
    auto statement = SqliteStatement::prepare(db, sql, what);
    if (!statement)
        return statement.error();
    auto row = statement->step();
    if (!row)
        return row.error();
    return *row ? statement->columnInt64(0) : 0;
}

QByteArray quoted(const QByteArray &name)
{
    return '"' + QByteArray(name).replace('"', "\"\"") + '"';
}

Result<RowCounts> countRows(sqlite3 *db)
{
    QList<QByteArray> tables;
    {
        auto list = SqliteStatement::prepare(
            db,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
            "ESCAPE '\\' ORDER BY name",
            u"Listing the tables"_s);
        if (!list)
            return list.error();
        for (;;) {
            auto row = list->step();
            if (!row)
                return row.error();
            if (!*row)
                break;
            tables << list->columnText(0).toByteArray();
        }
    }
    RowCounts counts;
    for (const QByteArray &table : std::as_const(tables)) {
        auto rows = scalar(db, "SELECT count(*) FROM " + quoted(table),
                           u"Counting the rows of %1"_s.arg(QString::fromUtf8(table)));
        if (!rows)
            return rows.error();
        counts.insert(QString::fromUtf8(table), *rows);
    }
    return counts;
}

Result<int> schemaVersion(sqlite3 *db)
{
    auto exists = scalar(db,
                         "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                         "'schema_version'",
                         u"Reading the schema version"_s);
    if (!exists || *exists == 0)
        return exists ? Result<int>(0) : Result<int>(exists.error());
    auto version = scalar(db, "SELECT coalesce(max(version), 0) FROM schema_version",
                          u"Reading the schema version"_s);
    if (!version)
        return version.error();
    return int(*version);
}

// Copies `source` into `destination` a step of `pages` at a time; progress() false stops.
Status copyPages(sqlite3 *source, sqlite3 *destination, const BackupOptions &options)
{
    sqlite3_backup *backup = sqlite3_backup_init(destination, "main", source, "main");
    if (!backup)
        return StorageError::io(
            u"Cannot start the SQLite backup: %1"_s.arg(sqliteMessage(destination)));
    int code = SQLITE_OK;
    bool stopped = false;
    // Each busy answer came after the connection's busy timeout (5 s): a database another
    // connection keeps locked this long is given up on rather than waited for without end.
    int busy = 0;
    while ((code == SQLITE_OK || code == SQLITE_BUSY || code == SQLITE_LOCKED) && busy < 12) {
        code = sqlite3_backup_step(backup, std::max(1, options.pagesPerStep));
        busy = code == SQLITE_BUSY || code == SQLITE_LOCKED ? busy + 1 : 0;
        const qint64 total = sqlite3_backup_pagecount(backup);
        if (options.progress &&
            !options.progress(total - sqlite3_backup_remaining(backup), total)) {
            stopped = true;
            break;
        }
    }
    sqlite3_backup_finish(backup);
    if (stopped)
        return StorageError{StorageError::Kind::Conflict, u"The backup was stopped."_s};
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return StorageError{StorageError::Kind::Locked,
                            u"The SQLite copy waited a minute for a lock another connection "
                            "holds; stop what writes to the target, then try again."_s};
    if (code != SQLITE_DONE)
        return StorageError::io(
            u"The SQLite backup failed: %1"_s.arg(QString::fromUtf8(sqlite3_errstr(code))));
    return success();
}

// The copy's journal mode back to a rollback journal (the source's WAL flag came with its first
// page), then what the manifest says of it.
Result<BackupManifest> describeCopy(sqlite3 *copy)
{
    if (Status done = exec(copy, "PRAGMA journal_mode=DELETE", u"Finishing the copy"_s); !done)
        return done.error();
    auto counts = countRows(copy);
    if (!counts)
        return counts.error();
    auto version = schemaVersion(copy);
    if (!version)
        return version.error();
    return BackupManifest{.created = {},
                          .engine = u"sqlite"_s,
                          .source = {},
                          .fileName = {},
                          .size = 0,
                          .sha256 = {},
                          .schemaVersion = *version,
                          .rowCounts = *counts};
}

Result<BackupManifest> copyFrom(sqlite3 *source, const QString &destination,
                                const BackupOptions &options)
{
    // The copy takes every page of the database: refused before a byte is written when they
    // do not fit with room to spare beside them.
    auto bytes = scalar(source,
                        "SELECT c.page_count * s.page_size FROM pragma_page_count() c, "
                        "pragma_page_size() s",
                        u"Measuring the database"_s);
    if (!bytes)
        return bytes.error();
    if (Status room = checkRoomFor(*bytes, QFileInfo(destination).absolutePath()); !room)
        return StorageError::io(
            u"Nothing was written: the backup did not fit: %1. Free space "
            "there, or back up to a folder on another disk."_s.arg(room.errorMessage()));
    auto copy = openFile(destination, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!copy)
        return copy.error();
    // One read transaction over every step: the copy is one snapshot of the database, and the
    // backup does not start over each time another connection commits. In WAL mode a reader
    // never blocks a writer.
    if (Status begun = exec(source, "BEGIN", u"Starting the backup's read"_s); !begun)
        return begun.error();
    auto read = scalar(source, "SELECT count(*) FROM sqlite_master", u"Reading the schema"_s);
    Status copied = read ? copyPages(source, copy->get(), options) : Status(read.error());
    exec(source, "COMMIT", u"Ending the backup's read"_s);
    if (!copied)
        return copied.error();
    return describeCopy(copy->get());
}

} // namespace

Result<BackupManifest> copySqlite(const DatabaseUrl &url, const QString &destination,
                                  const BackupOptions &options)
{
    if (!QFileInfo::exists(url.filePath()))
        return StorageError{StorageError::Kind::NotFound,
                            u"There is no SQLite database %1 to back up."_s.arg(url.filePath())};
    const ConnectionFactory factory(url);
    Result<BackupManifest> manifest = StorageError{StorageError::Kind::Internal, {}};
    {
        auto db = factory.open(purpose);
        if (!db) {
            manifest = db.error();
        } else if (sqlite3 *source = SqliteStatement::handleOf(*db); !source) {
            manifest = StorageError{StorageError::Kind::Internal,
                                    u"Qt's SQLite driver gives no sqlite3* handle: the backup "
                                    "needs Qt built with the system's SQLite."_s};
        } else {
            manifest = copyFrom(source, destination, options);
        }
    }
    factory.close(purpose);
    return manifest;
}

Status restoreSqlite(const QString &backupFile, const QString &target, bool force)
{
    if (!force && QFileInfo::exists(target))
        return StorageError{StorageError::Kind::Conflict,
                            u"%1 exists: restore into a new file, or add --force to restore over "
                            "it."_s.arg(target)};
    auto source = openFile(backupFile, SQLITE_OPEN_READONLY);
    if (!source)
        return source.error();
    auto destination = openFile(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!destination)
        return destination.error();
    return copyPages(source->get(), destination->get(), {});
}

Result<RowCounts> checkSqliteFile(const QString &path)
{
    auto db = openFile(path, SQLITE_OPEN_READWRITE);
    if (!db)
        return db.error();
    auto check = SqliteStatement::prepare(db->get(), "PRAGMA integrity_check",
                                          u"Checking the restored copy"_s);
    if (!check)
        return check.error();
    QStringList problems;
    for (auto row = check->step(); row.ok() && *row && problems.size() < 5; row = check->step())
        problems << QString::fromUtf8(check->columnText(0));
    if (problems != QStringList{u"ok"_s})
        return StorageError{
            StorageError::Kind::Io,
            u"The restored copy fails SQLite's integrity check: %1"_s.arg(
                problems.isEmpty() ? u"it cannot be read"_s : problems.join(u"; "_s))};
    check = SqliteStatement();
    return countRows(db->get());
}

} // namespace porthole::backupengine
