#include "datadirectory.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace porthole {

DataDirectory::DataDirectory(const QString &root)
    : m_root(QDir::cleanPath(QFileInfo(root).absoluteFilePath()))
{}

QString DataDirectory::defaultRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString DataDirectory::databasePath() const
{
    return m_root + u"/porthole.db"_s;
}

DatabaseUrl DataDirectory::databaseUrl() const
{
    return DatabaseUrl::sqliteFile(databasePath());
}

QString DataDirectory::batchStorePath() const
{
    return m_root + u"/example_receiver/messages"_s;
}

Status DataDirectory::ensureExists() const
{
    const QFileInfo root(m_root);
    if (root.exists() && !root.isDir())
        return StorageError::io(
            u"The data directory %1 is a file, not a folder. Choose another with --data-dir."_s.arg(
                m_root));
    if (!QDir().mkpath(batchStorePath()))
        return StorageError::io(
            u"Cannot create the data directory %1. Check its permissions or choose another with --data-dir."_s
                .arg(batchStorePath()));
    return success();
}

} // namespace porthole
