#include "backup.h"

#include "backupengines.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTemporaryDir>

#include <algorithm>
#include <set>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcBackup, "porthole.storage.backup", QtWarningMsg)

namespace porthole {

namespace {

const QString manifestSuffix = u".json"_s;
const QString stampFormat = u"yyyyMMdd'T'HHmmss'Z'"_s;
// A manifest is a few lines per table: anything larger is not one, and is not read whole.
constexpr qint64 maxManifestBytes = 4 * 1024 * 1024;

// The base name writeBackup() gives a backup's two files: porthole-<stamp>, and -N after it
// for another backup in the same second.
const QRegularExpression &backupBasePattern()
{
    static const QRegularExpression pattern(u"^porthole-(\\d{8}T\\d{6}Z)(?:-\\d{1,9})?$"_s);
    return pattern;
}

QString dataSuffix(const QString &engine)
{
    return engine == u"sqlite"_s ? u".sqlite"_s : u".dump"_s;
}

StorageError damaged(const QString &message)
{
    return StorageError{StorageError::Kind::Io, message};
}

Result<QString> sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return StorageError::io(u"Cannot read %1: %2"_s.arg(path, file.errorString()));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return StorageError::io(u"Cannot read %1: %2"_s.arg(path, file.errorString()));
    return QString::fromLatin1(hash.result().toHex());
}

Status writeManifest(const QString &path, const BackupManifest &manifest)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return StorageError::io(u"Cannot write %1: %2"_s.arg(path, file.errorString()));
    file.write(QJsonDocument(manifest.toJson()).toJson());
    if (!file.commit())
        return StorageError::io(u"Cannot write %1: %2"_s.arg(path, file.errorString()));
    return success();
}

// The file's size and checksum against its manifest's.
Status checkFile(const BackupFiles &backup)
{
    const QFileInfo file(backup.dataPath);
    if (!file.exists())
        return damaged(u"The backup file %1 is missing (its manifest %2 names it)."_s.arg(
            backup.dataPath, backup.manifestPath));
    if (file.size() != backup.manifest.size)
        return damaged(u"The backup %1 is damaged: it has %2 bytes, its manifest says %3 "
                       "(truncated or changed). Use another backup."_s.arg(
                           backup.dataPath, QString::number(file.size()),
                           QString::number(backup.manifest.size)));
    auto sha = sha256Of(backup.dataPath);
    if (!sha)
        return sha.error();
    if (*sha != backup.manifest.sha256)
        return damaged(u"The backup %1 is damaged: its SHA-256 is %2, its manifest says %3. "
                       "Use another backup."_s.arg(backup.dataPath, *sha, backup.manifest.sha256));
    return success();
}

Status compareCounts(const BackupFiles &backup, const backupengine::RowCounts &restored)
{
    QStringList differences;
    const QMap<QString, qint64> &recorded = backup.manifest.rowCounts;
    QStringList tables = recorded.keys() + restored.keys();
    tables.removeDuplicates();
    std::sort(tables.begin(), tables.end());
    // fromJson() took only whole numbers from 0: a table missing on one side is the only other
    // case, said in words, since "none" would read as no rows.
    for (const QString &table : std::as_const(tables)) {
        const auto expected = recorded.constFind(table);
        const auto found = restored.constFind(table);
        if (expected == recorded.cend())
            differences << u"%1: not in the manifest, %2 restored"_s.arg(table,
                                                                         QString::number(*found));
        else if (found == restored.cend())
            differences << u"%1: %2 in the manifest, no such table restored"_s.arg(
                table, QString::number(*expected));
        else if (*expected != *found)
            differences << u"%1: %2 in the manifest, %3 restored"_s.arg(
                table, QString::number(*expected), QString::number(*found));
    }
    if (differences.isEmpty())
        return success();
    return damaged(u"The backup %1 does not restore to what its manifest says (%2). Use another "
                   "backup."_s.arg(backup.dataPath, differences.join(u"; "_s)));
}

QString uniqueBase(const QDir &directory, const QString &base, const QString &suffix)
{
    QString name = base;
    for (int n = 2; directory.exists(name + suffix) || directory.exists(name + manifestSuffix); ++n)
        name = u"%1-%2"_s.arg(base).arg(n);
    return name;
}

// A JSON value as written in a file, cut short if long: for a message.
QString jsonText(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    const QString text = QString::fromUtf8(array.mid(1, array.size() - 2));
    return text.size() > 40 ? text.left(40) + u"…"_s : text;
}

void removeBackup(const BackupFiles &backup)
{
    QFile::remove(backup.dataPath);
    QFile::remove(backup.manifestPath);
}

// Writes the copy under a hidden name, then renames it and writes its manifest.
Result<BackupFiles> writeBackup(const DatabaseUrl &url, const BackupOptions &options,
                                const QDateTime &now)
{
    const QDir directory(options.directory);
    if (!directory.mkpath(u"."_s))
        return StorageError::io(u"Cannot make the backup folder %1."_s.arg(options.directory));
    const QString suffix = dataSuffix(url.isSqlite() ? u"sqlite"_s : u"postgresql"_s);
    const QString base = uniqueBase(directory, u"porthole-"_s + now.toString(stampFormat), suffix);
    const QString partial = directory.filePath(u"."_s + base + suffix + u".partial"_s);
    QFile::remove(partial);
    auto manifest = url.isSqlite() ? backupengine::copySqlite(url, partial, options)
                                   : backupengine::dumpPostgres(url, partial, options);
    BackupFiles backup{.dataPath = directory.filePath(base + suffix),
                       .manifestPath = directory.filePath(base + manifestSuffix),
                       .manifest = {}};
    if (!manifest || !QFile::rename(partial, backup.dataPath)) {
        QFile::remove(partial);
        return manifest ? StorageError::io(u"Cannot write %1."_s.arg(backup.dataPath))
                        : manifest.error();
    }
    backup.manifest = *manifest;
    backup.manifest.created = now;
    backup.manifest.source = backupSource(url);
    backup.manifest.fileName = base + suffix;
    backup.manifest.size = QFileInfo(backup.dataPath).size();
    auto sha = sha256Of(backup.dataPath);
    if (!sha) {
        removeBackup(backup);
        return sha.error();
    }
    backup.manifest.sha256 = *sha;
    if (Status written = writeManifest(backup.manifestPath, backup.manifest); !written) {
        removeBackup(backup);
        return written.error();
    }
    return backup;
}

} // namespace

QJsonObject BackupManifest::toJson() const
{
    QJsonObject rows;
    for (auto it = rowCounts.cbegin(); it != rowCounts.cend(); ++it)
        rows.insert(it.key(), it.value());
    return QJsonObject{
        {u"created"_s, created.toUTC().toString(Qt::ISODateWithMs)},
        {u"engine"_s, engine},
        {u"source"_s, source},
        {u"file"_s, fileName},
        {u"size"_s, size},
        {u"sha256"_s, sha256},
        {u"schema_version"_s, schemaVersion},
        {u"row_counts"_s, rows},
    };
}

Result<BackupManifest> BackupManifest::fromJson(const QJsonObject &json)
{
    BackupManifest manifest{
        .created = QDateTime::fromString(json.value(u"created"_s).toString(), Qt::ISODateWithMs),
        .engine = json.value(u"engine"_s).toString(),
        .source = json.value(u"source"_s).toString(),
        .fileName = json.value(u"file"_s).toString(),
        .size = json.value(u"size"_s).toInteger(-1),
        .sha256 = json.value(u"sha256"_s).toString(),
        .schemaVersion = json.value(u"schema_version"_s).toInt(-1),
        .rowCounts = {},
    };
    const bool fileNameOk = !manifest.fileName.isEmpty() && !manifest.fileName.contains(u'/');
    if (!manifest.created.isValid() ||
        (manifest.engine != u"sqlite"_s && manifest.engine != u"postgresql"_s) || !fileNameOk ||
        manifest.size < 0 || manifest.sha256.size() != 64 || manifest.schemaVersion < 0 ||
        !json.value(u"row_counts"_s).isObject())
        return StorageError::invalidArgument(
            u"Not a Porthole backup manifest: a field is missing or wrong."_s);
    const QJsonObject rows = json.value(u"row_counts"_s).toObject();
    for (auto it = rows.constBegin(); it != rows.constEnd(); ++it) {
        // A count is a whole number from 0; anything else (text, a fraction, a negative) is
        // quoted as the manifest holds it, never read as a number it does not say.
        const qint64 count = it.value().toInteger(-1);
        if (count < 0)
            return StorageError::invalidArgument(
                u"Not a Porthole backup manifest: its row count of %1 is %2, not a number of "
                "rows."_s.arg(it.key(), jsonText(it.value())));
        manifest.rowCounts.insert(it.key(), count);
    }
    return manifest;
}

QString backupSource(const DatabaseUrl &url)
{
    return url.withPassword({}).toDisplayString();
}

Result<BackupFiles> readBackup(const QString &path)
{
    const QFileInfo given(path);
    QString manifestPath = path;
    if (!path.endsWith(manifestSuffix))
        manifestPath = given.dir().filePath(given.completeBaseName() + manifestSuffix);
    QFile file(manifestPath);
    if (!file.open(QIODevice::ReadOnly))
        return StorageError{
            StorageError::Kind::NotFound,
            u"Cannot read the backup's manifest %1: %2."_s.arg(manifestPath, file.errorString())};
    if (file.size() > maxManifestBytes)
        return damaged(
            u"%1 is not a backup's manifest: it has %2 bytes, more than the %3 a "
            "manifest may have."_s.arg(manifestPath, QString::number(file.size()), u"4 MiB"_s));
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(file.read(maxManifestBytes), &error);
    if (!json.isObject())
        return damaged(
            u"The backup's manifest %1 is damaged: %2."_s.arg(manifestPath, error.errorString()));
    auto manifest = BackupManifest::fromJson(json.object());
    if (!manifest)
        return damaged(u"The backup's manifest %1 is damaged: %2"_s.arg(manifestPath,
                                                                        manifest.errorMessage()));
    return BackupFiles{.dataPath = QFileInfo(manifestPath).dir().filePath(manifest->fileName),
                       .manifestPath = manifestPath,
                       .manifest = *manifest};
}

Result<BackupFiles> verifyBackup(const QString &path, const DatabaseUrl *server,
                                 const BackupTools &tools)
{
    auto backup = readBackup(path);
    if (!backup)
        return backup.error();
    if (Status file = checkFile(*backup); !file)
        return file.error();
    Result<backupengine::RowCounts> counts = StorageError{StorageError::Kind::Internal, {}};
    if (backup->manifest.engine == u"sqlite"_s) {
        const QTemporaryDir scratch;
        const QString copy = scratch.filePath(u"restored.sqlite"_s);
        Status restored = backupengine::restoreSqlite(backup->dataPath, copy, false);
        counts = restored ? backupengine::checkSqliteFile(copy)
                          : Result<backupengine::RowCounts>(restored.error());
    } else if (!server || server->isSqlite()) {
        return StorageError::invalidArgument(
            u"Verifying a PostgreSQL backup restores it on a server: give --db URL of a "
            "PostgreSQL server where a scratch database may be made."_s);
    } else {
        counts = backupengine::restorePostgresScratch(backup->dataPath, *server, tools);
    }
    if (!counts)
        return StorageError{counts.error().kind, u"The backup %1 does not restore: %2"_s.arg(
                                                     backup->dataPath, counts.errorMessage())};
    if (Status same = compareCounts(*backup, *counts); !same)
        return same.error();
    return backup;
}

Result<BackupFiles> restoreBackup(const QString &path, const DatabaseUrl &target, bool force,
                                  const BackupTools &tools)
{
    auto backup = readBackup(path);
    if (!backup)
        return backup.error();
    if (Status file = checkFile(*backup); !file)
        return file.error();
    const bool sqlite = backup->manifest.engine == u"sqlite"_s;
    if (sqlite != target.isSqlite())
        return StorageError::invalidArgument(
            u"The backup is of a %1 database: restore it into one of the same engine."_s.arg(
                sqlite ? u"SQLite"_s : u"PostgreSQL"_s));
    Status restored = sqlite
                          ? backupengine::restoreSqlite(backup->dataPath, target.filePath(), force)
                          : backupengine::restorePostgres(backup->dataPath, target, force, tools);
    if (!restored)
        return restored.error();
    return backup;
}

namespace {

// Every manifest in the folder that reads, of any source, in the order of their names.
QList<BackupFiles> readManifests(const QDir &dir)
{
    QList<BackupFiles> backups;
    const QStringList manifests =
        dir.entryList({u"porthole-*"_s + manifestSuffix}, QDir::Files, QDir::Name);
    for (const QString &name : manifests) {
        if (auto backup = readBackup(dir.filePath(name)))
            backups << *backup;
    }
    return backups;
}

// Whether a manifest and the file it names are a pair that writeBackup() made, as it made
// them: the manifest porthole-<stamp>[-N].json with the stamp of its creation time, its file
// the same name with the engine's suffix, neither a link, the file of the manifest's size.
// The checksum is left to those about to be deleted or kept in their place: it reads the file.
bool madeByPorthole(const BackupFiles &backup)
{
    const QFileInfo manifest(backup.manifestPath);
    const QFileInfo data(backup.dataPath);
    const QString base = manifest.completeBaseName();
    const QRegularExpressionMatch name = backupBasePattern().match(base);
    return name.hasMatch() &&
           name.captured(1) == backup.manifest.created.toUTC().toString(stampFormat) &&
           backup.manifest.fileName == base + dataSuffix(backup.manifest.engine) &&
           !manifest.isSymLink() && !data.isSymLink() && data.isFile() &&
           data.size() == backup.manifest.size;
}

// Copies a backup stopped half-way left under their hidden names (the process was killed).
// One still being written (another process's backup) is touched all the time; a day untouched,
// nobody is writing it. Only the names writeBackup() gives them.
void removeAbandonedCopies(const QDir &dir)
{
    static const QRegularExpression copyName(u"^\\.(porthole-.*)\\.(sqlite|dump)\\.partial$"_s);
    const QDateTime dayAgo = QDateTime::currentDateTimeUtc().addDays(-1);
    const QFileInfoList partials =
        dir.entryInfoList({u".porthole-*.partial"_s}, QDir::Files | QDir::Hidden);
    for (const QFileInfo &partial : partials) {
        const QRegularExpressionMatch name = copyName.match(partial.fileName());
        if (!name.hasMatch() || !backupBasePattern().match(name.captured(1)).hasMatch() ||
            partial.isSymLink())
            continue;
        if (partial.lastModified() < dayAgo && QFile::remove(partial.filePath()))
            qCInfo(lcBackup) << "deleted the abandoned copy" << partial.filePath();
    }
}

// The backups of `source` beyond the newest `keep` that are whole, oldest first. Only pairs
// that Porthole made count, and only those whose file has the manifest's checksum: a damaged
// or foreign one is neither kept in a good one's place nor deleted.
QList<BackupFiles> backupsBeyond(const QList<BackupFiles> &all, const QString &source, int keep)
{
    QList<BackupFiles> ours;
    for (const BackupFiles &backup : all) {
        if (backup.manifest.source == source && madeByPorthole(backup))
            ours << backup;
    }
    if (keep <= 0 || ours.size() <= keep)
        return {}; // nothing to delete: no file need be read
    std::stable_sort(ours.begin(), ours.end(), [](const auto &a, const auto &b) {
        return a.manifest.created > b.manifest.created;
    });
    QList<BackupFiles> beyond;
    qsizetype kept = 0;
    for (const BackupFiles &backup : std::as_const(ours)) {
        if (!checkFile(backup)) // there, of its size and checksum
            continue;
        if (kept < keep)
            ++kept;
        else
            beyond.prepend(backup);
    }
    return beyond;
}

} // namespace

Result<QList<BackupFiles>> listBackups(const QString &directory, const QString &source)
{
    const QDir dir(directory);
    if (!dir.exists())
        return QList<BackupFiles>{};
    QList<BackupFiles> backups;
    for (const BackupFiles &backup : readManifests(dir)) {
        if (backup.manifest.source == source && madeByPorthole(backup))
            backups << backup;
    }
    std::stable_sort(backups.begin(), backups.end(), [](const auto &a, const auto &b) {
        return a.manifest.created < b.manifest.created;
    });
    return backups;
}

Result<QStringList> pruneBackups(const QString &directory, const QString &source, int keep)
{
    const QDir dir(directory);
    if (!dir.exists())
        return QStringList{};
    const QList<BackupFiles> all = readManifests(dir);
    const QList<BackupFiles> beyond = backupsBeyond(all, source, keep);
    // A file that a manifest which stays names is never deleted, whoever else names it.
    std::set<QString> named;
    for (const BackupFiles &backup : all) {
        const bool deleted = std::any_of(beyond.begin(), beyond.end(), [&](const auto &old) {
            return old.manifestPath == backup.manifestPath;
        });
        if (!deleted)
            named.insert(QFileInfo(backup.dataPath).absoluteFilePath());
    }
    QStringList removed;
    for (const BackupFiles &old : beyond) {
        if (named.contains(QFileInfo(old.dataPath).absoluteFilePath()) ||
            named.contains(QFileInfo(old.manifestPath).absoluteFilePath()))
            continue;
        if (!QFile::remove(old.dataPath))
            return StorageError::io(u"Cannot delete the old backup %1."_s.arg(old.dataPath));
        QFile::remove(old.manifestPath);
        qCInfo(lcBackup) << "deleted the old backup" << old.dataPath;
        removed << old.dataPath;
    }
    removeAbandonedCopies(dir);
    return removed;
}

Result<BackupOutcome> takeBackup(const DatabaseUrl &url, const BackupOptions &options)
{
    const QDateTime now =
        options.now.isValid() ? options.now.toUTC() : QDateTime::currentDateTimeUtc();
    auto backup = writeBackup(url, options, now);
    if (!backup)
        return backup.error();
    BackupOutcome outcome{.backup = *backup, .verified = false, .removed = {}};
    if (options.verify) {
        auto verified = verifyBackup(backup->dataPath, &url, options.tools);
        if (!verified) {
            removeBackup(*backup); // never kept as if it were good; the older ones all stay
            return StorageError{verified.error().kind,
                                u"The new backup failed its check and was deleted; the older "
                                "ones are kept. %1"_s.arg(verified.errorMessage())};
        }
        outcome.verified = true;
    }
    auto removed = pruneBackups(options.directory, outcome.backup.manifest.source, options.keep);
    if (!removed)
        return removed.error();
    outcome.removed = *removed;
    qCInfo(lcBackup) << "backed up" << outcome.backup.manifest.source << "to"
                     << outcome.backup.dataPath;
    return outcome;
}

} // namespace porthole
