#include "environmentreader.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace porthole {

QString nodeKind(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Map:
        return u"a mapping"_s;
    case YAML::NodeType::Sequence:
        return u"a list"_s;
    case YAML::NodeType::Null:
        return u"nothing"_s;
    default:
        return u"a value"_s;
    }
}

void EnvironmentReader::fail(const YAML::Node &at, const QString &message)
{
    if (m_error)
        return;
    const YAML::Mark mark = at.IsDefined() ? at.Mark() : YAML::Mark::null_mark();
    const QString where = mark.is_null() ? m_path : u"%1:%2"_s.arg(m_path).arg(mark.line + 1);
    m_error = StorageError::invalidArgument(u"%1: %2"_s.arg(where, message));
}

void EnvironmentReader::failFile(const QString &message)
{
    if (!m_error)
        m_error = StorageError::invalidArgument(u"%1: %2"_s.arg(m_path, message));
}

QList<ConfigEntry> EnvironmentReader::entries(const YAML::Node &map, const QString &path,
                                              const QStringList &allowed)
{
    QList<ConfigEntry> written;
    QList<ConfigEntry> merged;
    QHash<QString, int> lines;
    for (auto it = map.begin(); it != map.end() && !failed(); ++it) {
        const YAML::Node keyNode = it->first;
        const QString key = QString::fromStdString(keyNode.Scalar());
        if (key == u"<<"_s && keyNode.Tag() != "!") {
            merge(it->second, path, allowed, &merged);
            continue;
        }
        if (!keyNode.IsScalar()) {
            fail(keyNode,
                 u"%1 has a key that is %2; keys are names"_s.arg(path, nodeKind(keyNode)));
            break;
        }
        if (const auto seen = lines.constFind(key); seen != lines.cend()) {
            fail(keyNode,
                 u"%1 is given twice (first on line %2)"_s.arg(join(path, key)).arg(*seen));
            break;
        }
        lines.insert(key, keyNode.Mark().line + 1);
        if (!allowed.contains(key)) {
            fail(keyNode,
                 u"unknown key \"%1\" in %2; allowed: %3"_s.arg(key, path, allowed.join(u", "_s)));
            break;
        }
        written.append({key, keyNode, it->second});
    }
    for (const ConfigEntry &entry : std::as_const(merged)) {
        if (!lines.contains(entry.key)) {
            lines.insert(entry.key, entry.keyNode.Mark().line + 1);
            written.append(entry);
        }
    }
    return written;
}

std::optional<QString> EnvironmentReader::text(const ConfigEntry &entry, const QString &path)
{
    if (entry.value.IsNull())
        return std::nullopt;
    if (!entry.value.IsScalar()) {
        fail(entry.keyNode,
             u"%1 must be a single value, not %2"_s.arg(path, nodeKind(entry.value)));
        return std::nullopt;
    }
    return expand(QString::fromStdString(entry.value.Scalar()), entry.keyNode, path);
}

std::optional<qint64> EnvironmentReader::integer(const ConfigEntry &entry, const QString &path,
                                                 qint64 least, qint64 most)
{
    const auto value = text(entry, path);
    if (!value)
        return std::nullopt;
    bool ok = false;
    const qint64 number = value->toLongLong(&ok);
    const QString range = most == std::numeric_limits<qint64>::max()
                              ? u"a whole number from %1"_s.arg(least)
                              : u"a whole number from %1 to %2"_s.arg(least).arg(most);
    if (!ok) {
        fail(entry.keyNode, u"%1 is \"%2\"; it must be %3"_s.arg(path, *value, range));
        return std::nullopt;
    }
    if (number < least || number > most) {
        fail(entry.keyNode, u"%1 is %2; it must be %3"_s.arg(path, *value, range));
        return std::nullopt;
    }
    return number;
}

std::optional<bool> EnvironmentReader::boolean(const ConfigEntry &entry, const QString &path)
{
    const auto value = text(entry, path);
    if (!value)
        return std::nullopt;
    const QString lower = value->toLower();
    if (lower == u"true"_s || lower == u"yes"_s || lower == u"on"_s)
        return true;
    if (lower == u"false"_s || lower == u"no"_s || lower == u"off"_s)
        return false;
    fail(entry.keyNode, u"%1 is \"%2\"; it must be true or false"_s.arg(path, *value));
    return std::nullopt;
}

std::optional<QString> EnvironmentReader::choice(const ConfigEntry &entry, const QString &path,
                                                 const QStringList &choices)
{
    const auto value = text(entry, path);
    if (value && !choices.contains(*value)) {
        fail(entry.keyNode,
             u"%1 is \"%2\"; it must be one of %3"_s.arg(path, *value, choices.join(u", "_s)));
        return std::nullopt;
    }
    return value;
}

std::optional<QString> EnvironmentReader::filePath(const ConfigEntry &entry, const QString &path)
{
    const auto value = text(entry, path);
    if (!value)
        return std::nullopt;
    if (value->isEmpty()) {
        fail(entry.keyNode, u"%1 is empty; name a path"_s.arg(path));
        return std::nullopt;
    }
    return QDir::cleanPath(QDir(m_folder).absoluteFilePath(*value));
}

void EnvironmentReader::merge(const YAML::Node &source, const QString &path,
                              const QStringList &allowed, QList<ConfigEntry> *into)
{
    if (source.IsSequence()) { // <<: [*a, *b]: the first one's keys win
        for (const YAML::Node &each : source)
            merge(each, path, allowed, into);
        return;
    }
    if (!source.IsMap()) {
        fail(source, u"%1 merges (<<) %2; it must merge a mapping (<<: *anchor)"_s.arg(
                         path, nodeKind(source)));
        return;
    }
    for (ConfigEntry &entry : entries(source, path, allowed)) {
        const bool known = std::any_of(into->cbegin(), into->cend(),
                                       [&](const ConfigEntry &e) { return e.key == entry.key; });
        if (!known)
            into->append(std::move(entry));
    }
}

std::optional<QString> EnvironmentReader::expand(const QString &raw, const YAML::Node &at,
                                                 const QString &path)
{
    static const QRegularExpression name(u"^[A-Za-z_][A-Za-z0-9_]*$"_s);
    QString out;
    out.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QChar c = raw.at(i);
        const QChar next = i + 1 < raw.size() ? raw.at(i + 1) : QChar();
        if (c != u'$' || (next != u'$' && next != u'{')) {
            out += c;
            continue;
        }
        if (next == u'$') {
            out += u'$';
            ++i;
            continue;
        }
        const qsizetype close = raw.indexOf(u'}', i + 2);
        if (close < 0) {
            fail(at, u"%1 has a \"${\" without its \"}\"; write ${NAME}, or $$ for a dollar "
                     "sign"_s.arg(path));
            return std::nullopt;
        }
        const QString inner = raw.mid(i + 2, close - i - 2);
        const qsizetype dash = inner.indexOf(u":-"_s);
        const QString variable = dash < 0 ? inner : inner.left(dash);
        if (!name.match(variable).hasMatch()) {
            fail(at, u"${%1} in %2 is not a variable: write ${NAME} or ${NAME:-default}, a "
                     "name of letters, digits and _"_s.arg(inner, path));
            return std::nullopt;
        }
        const QString value = m_variables.value(variable);
        if (dash >= 0 && value.isEmpty()) {
            out += inner.mid(dash + 2);
        } else if (dash < 0 && !m_variables.contains(variable)) {
            fail(at, u"${%1} in %2 is not set; set it in the worker's environment (a service: "
                     "its EnvironmentFile), or write ${%1:-default}"_s.arg(variable, path));
            return std::nullopt;
        } else {
            out += value;
        }
        i = close;
    }
    return out;
}

} // namespace porthole
