#pragma once

#include "storageerror.h"

#include <QFileInfo>
#include <QHash>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>
#include <yaml-cpp/yaml.h>

// How the worker's configuration file (workerconfig.h) is read: a mapping's entries, single
// values, booleans, file paths and ${VARIABLE}s, each error naming the file and the line.

namespace porthole {

// What a YAML node is, for an error ("a mapping", "a list", ...).
QString nodeKind(const YAML::Node &node);

// One key and value of a mapping, with the key's node for its line.
struct ConfigEntry
{
    QString key;
    YAML::Node keyNode;
    YAML::Node value;
};

// Reads one environment; the first error found is kept and the rest of the reading is skipped
// by the caller checking failed().
class EnvironmentReader
{
public:
    EnvironmentReader(QString path, const QProcessEnvironment &variables)
        : m_path(std::move(path))
        , m_folder(QFileInfo(m_path).absolutePath())
        , m_variables(variables)
    {}

    bool failed() const { return m_error.has_value(); }
    StorageError error() const { return *m_error; }

    void fail(const YAML::Node &at, const QString &message);
    void failFile(const QString &message);

    // The entries of a mapping, in order, with YAML merge keys (<<: *anchor) applied: a key
    // written in the mapping wins over a merged one. A key given twice, or one not in
    // `allowed`, is an error naming it.
    QList<ConfigEntry> entries(const YAML::Node &map, const QString &path,
                               const QStringList &allowed);

    // A value as text, its variables expanded; nullopt when it is empty (null) or wrong.
    std::optional<QString> text(const ConfigEntry &entry, const QString &path);

    std::optional<qint64> integer(const ConfigEntry &entry, const QString &path, qint64 least,
                                  qint64 most);

    std::optional<bool> boolean(const ConfigEntry &entry, const QString &path);

    // A value that must be one of `choices`.
    std::optional<QString> choice(const ConfigEntry &entry, const QString &path,
                                  const QStringList &choices);

    // A path, relative ones taken from the file's folder.
    std::optional<QString> filePath(const ConfigEntry &entry, const QString &path);

    static QString join(const QString &path, const QString &key) { return path + u'.' + key; }

private:
    void merge(const YAML::Node &source, const QString &path, const QStringList &allowed,
               QList<ConfigEntry> *into);

    // ${NAME} and ${NAME:-default} from the environment, $$ a dollar sign; any other $ stays.
    std::optional<QString> expand(const QString &raw, const YAML::Node &at, const QString &path);

    QString m_path;
    QString m_folder;
    const QProcessEnvironment &m_variables;
    std::optional<StorageError> m_error;
};

} // namespace porthole
