#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringView>

namespace porthole {

// JSON paths in the form $.a.b[2]."key with space": the root is "$", a member whose key is a
// plain identifier is ".key", any other key is quoted as a JSON string (so dots, quotes,
// spaces, digits-only and non-ASCII keys stay unambiguous), an array element is "[i]".
// The tree, the diff and "copy path" all use these, so a path copied from one matches the
// other.
QString jsonRootPath();
QString jsonPathWithKey(const QString &path, QStringView key);
QString jsonPathWithIndex(const QString &path, qsizetype index);

// "object", "array", "string", "number", "bool" or "null"; empty for an undefined value.
QString jsonTypeName(const QJsonValue &value);

// The value as compact JSON text ("copy value"): strings quoted and escaped, containers on
// one line. Empty for an undefined value (a missing member).
QString jsonCompactText(const QJsonValue &value);

struct JsonDifference
{
    enum class Kind
    {
        Added,
        Removed,
        Changed
    };

    Kind kind = Kind::Changed;
    QString path;
    QJsonValue oldValue = QJsonValue::Undefined; // undefined when added
    QJsonValue newValue = QJsonValue::Undefined; // undefined when removed

    bool operator==(const JsonDifference &other) const = default;
};

// The differences that turn oldValue into newValue. Objects are compared member by member,
// arrays element by element (by index, so an insertion at the front shows as changes along
// the array and an addition at its end). A change of type, including null against a value
// and 1 against "1", is one Changed entry carrying both whole values; an added or removed
// container is one entry, not one per member. Numbers compare by value (1 equals 1.0).
// Order: within each container, its old members in order (recursing into them), then the
// new members. QJsonObject keeps members sorted by key, so that is the order of an object.
// An undefined value stands for "absent": diffing it against a value gives one Added or
// Removed at "$".
QList<JsonDifference> diffJson(const QJsonValue &oldValue, const QJsonValue &newValue);

} // namespace porthole
