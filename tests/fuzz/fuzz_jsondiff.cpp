// The JSON diff (models/jsondiff.*) on two documents: the input is split at its first line
// "---" ("\n---\n"; without one, both documents are the whole input), and each part is read with
// QJsonDocument: an object or an array, else a lone value ("1", "\"text\"", as the only element
// of an array), else nothing (an undefined value, "absent").
//
// Invariants (jsondiff.h):
// - diff(a, a) is empty, and diff(a, b) is empty exactly when a == b;
// - each difference is well formed: Added has no old value, Removed no new one, Changed both,
//   and they differ without being two objects or two arrays (those are compared inside); no
//   path comes twice;
// - every path reads back: "$", then ".key" for a plain identifier, ".\"...\"" holding a JSON
//   string, "[i]"; applied to a along those paths, the differences give b;
// - diff(b, a) is diff(a, b) turned round: the same paths, Added and Removed swapped, old and
//   new values swapped;
// - jsonCompactText() of a value reads back as that value.

#include "fuzzcheck.h"
#include "jsondiff.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <cstdint>
#include <optional>
#include <variant>

using namespace Qt::StringLiterals;
using namespace porthole;
using Kind = JsonDifference::Kind;

namespace {

QJsonValue readDocument(QByteArrayView text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toByteArray(), &error);
    if (error.error == QJsonParseError::NoError)
        return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    const QJsonDocument wrapped = QJsonDocument::fromJson('[' + text.toByteArray() + ']', &error);
    if (error.error == QJsonParseError::NoError && wrapped.array().size() == 1)
        return wrapped.array().at(0);
    return QJsonValue(QJsonValue::Undefined);
}

// A JSON value from its text, or nothing.
std::optional<QJsonValue> readValue(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson('[' + text.toUtf8() + ']', &error);
    if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
        return std::nullopt;
    return doc.array().at(0);
}

using Step = std::variant<QString, qsizetype>;

// Reads a path back into its steps; aborts on a path that does not read.
QList<Step> readPath(const QString &path)
{
    PORTHOLE_FUZZ_CHECK(path.startsWith(u'$'));
    QList<Step> steps;
    qsizetype at = 1;
    while (at < path.size()) {
        if (path.at(at) == u'[') {
            const qsizetype close = path.indexOf(u']', at);
            PORTHOLE_FUZZ_CHECK(close > at + 1);
            bool ok = false;
            const qsizetype index = path.mid(at + 1, close - at - 1).toLongLong(&ok);
            PORTHOLE_FUZZ_CHECK(ok && index >= 0);
            steps.append(index);
            at = close + 1;
            continue;
        }
        PORTHOLE_FUZZ_CHECK(path.at(at) == u'.');
        ++at;
        if (at < path.size() && path.at(at) == u'"') {
            // A JSON string: up to the first quote that no backslash escapes.
            qsizetype end = at + 1;
            while (end < path.size() && path.at(end) != u'"')
                end += path.at(end) == u'\\' ? 2 : 1;
            PORTHOLE_FUZZ_CHECK(end < path.size());
            const std::optional<QJsonValue> key = readValue(path.mid(at, end + 1 - at));
            PORTHOLE_FUZZ_CHECK(key && key->isString());
            steps.append(key->toString());
            at = end + 1;
        } else {
            qsizetype end = at;
            while (end < path.size() && path.at(end) != u'.' && path.at(end) != u'[')
                ++end;
            PORTHOLE_FUZZ_CHECK(end > at);
            steps.append(path.mid(at, end - at));
            at = end;
        }
    }
    // Written again from its steps, the path is the same: one way to write each path.
    QString again = jsonRootPath();
    for (const Step &step : steps) {
        if (const auto *key = std::get_if<QString>(&step))
            again = jsonPathWithKey(again, *key);
        else
            again = jsonPathWithIndex(again, std::get<qsizetype>(step));
    }
    PORTHOLE_FUZZ_CHECK(again == path);
    return steps;
}

// The value with the one at `steps` replaced (an undefined `value`: removed).
QJsonValue replaced(const QJsonValue &node, const QList<Step> &steps, qsizetype at,
                    const QJsonValue &value)
{
    if (at == steps.size())
        return value;
    if (const auto *key = std::get_if<QString>(&steps.at(at))) {
        PORTHOLE_FUZZ_CHECK(node.isObject());
        QJsonObject object = node.toObject();
        const QJsonValue child = replaced(object.value(*key), steps, at + 1, value);
        if (child.isUndefined())
            object.remove(*key);
        else
            object.insert(*key, child);
        return object;
    }
    const qsizetype index = std::get<qsizetype>(steps.at(at));
    PORTHOLE_FUZZ_CHECK(node.isArray());
    QJsonArray array = node.toArray();
    PORTHOLE_FUZZ_CHECK(index <= array.size());
    const QJsonValue child = replaced(
        index < array.size() ? array.at(index) : QJsonValue::Undefined, steps, at + 1, value);
    if (child.isUndefined()) {
        PORTHOLE_FUZZ_CHECK(index == array.size() - 1); // only trailing elements go
        array.removeLast();
    } else if (index == array.size()) {
        array.append(child);
    } else {
        array.replace(index, child);
    }
    return array;
}

void checkWellFormed(const QList<JsonDifference> &diff)
{
    QSet<QString> paths;
    for (const JsonDifference &d : diff) {
        PORTHOLE_FUZZ_CHECK(!paths.contains(d.path));
        paths.insert(d.path);
        switch (d.kind) {
        case Kind::Added:
            PORTHOLE_FUZZ_CHECK(d.oldValue.isUndefined() && !d.newValue.isUndefined());
            break;
        case Kind::Removed:
            PORTHOLE_FUZZ_CHECK(!d.oldValue.isUndefined() && d.newValue.isUndefined());
            break;
        case Kind::Changed:
            PORTHOLE_FUZZ_CHECK(!d.oldValue.isUndefined() && !d.newValue.isUndefined());
            PORTHOLE_FUZZ_CHECK(d.oldValue != d.newValue);
            PORTHOLE_FUZZ_CHECK(!(d.oldValue.isObject() && d.newValue.isObject()));
            PORTHOLE_FUZZ_CHECK(!(d.oldValue.isArray() && d.newValue.isArray()));
            break;
        }
    }
}

QJsonValue applied(QJsonValue value, const QList<JsonDifference> &diff)
{
    for (const JsonDifference &d : diff) {
        if (d.kind != Kind::Removed)
            value = replaced(value, readPath(d.path), 0, d.newValue);
    }
    for (auto it = diff.crbegin(); it != diff.crend(); ++it) {
        if (it->kind == Kind::Removed)
            value = replaced(value, readPath(it->path), 0, QJsonValue::Undefined);
    }
    return value;
}

void checkTurnedRound(const QList<JsonDifference> &forward, const QList<JsonDifference> &back)
{
    PORTHOLE_FUZZ_CHECK(forward.size() == back.size());
    QHash<QString, JsonDifference> byPath;
    for (const JsonDifference &d : back)
        byPath.insert(d.path, d);
    for (const JsonDifference &d : forward) {
        const auto found = byPath.constFind(d.path);
        PORTHOLE_FUZZ_CHECK(found != byPath.constEnd());
        const Kind turned = d.kind == Kind::Added     ? Kind::Removed
                            : d.kind == Kind::Removed ? Kind::Added
                                                      : Kind::Changed;
        PORTHOLE_FUZZ_CHECK(found->kind == turned);
        PORTHOLE_FUZZ_CHECK(found->oldValue == d.newValue && found->newValue == d.oldValue);
    }
}

void checkCompactText(const QJsonValue &value)
{
    if (value.isUndefined()) {
        PORTHOLE_FUZZ_CHECK(jsonCompactText(value).isEmpty() && jsonTypeName(value).isEmpty());
        return;
    }
    PORTHOLE_FUZZ_CHECK(!jsonTypeName(value).isEmpty());
    const std::optional<QJsonValue> back = readValue(jsonCompactText(value));
    PORTHOLE_FUZZ_CHECK(back && *back == value);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const qsizetype split = input.indexOf("\n---\n");
    const QJsonValue a = readDocument(split < 0 ? input : input.first(split));
    const QJsonValue b = readDocument(split < 0 ? input : input.sliced(split + 5));

    PORTHOLE_FUZZ_CHECK(diffJson(a, a).isEmpty());
    PORTHOLE_FUZZ_CHECK(diffJson(b, b).isEmpty());

    const QList<JsonDifference> forward = diffJson(a, b);
    PORTHOLE_FUZZ_CHECK(forward.isEmpty() == (a == b));
    checkWellFormed(forward);
    const QJsonValue result = applied(a, forward);
    PORTHOLE_FUZZ_CHECK(result == b);
    PORTHOLE_FUZZ_CHECK(diffJson(result, b).isEmpty());
    checkTurnedRound(forward, diffJson(b, a));

    checkCompactText(a);
    checkCompactText(b);
    return 0;
}
