#include "jsondiff.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <variant>
#include <vector>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

bool isPlainIdentifier(QStringView key)
{
    if (key.isEmpty())
        return false;
    const auto isAsciiLetter = [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
    };
    if (!isAsciiLetter(key.front()))
        return false;
    for (const QChar c : key) {
        if (!isAsciiLetter(c) && !(c >= u'0' && c <= u'9'))
            return false;
    }
    return true;
}

// The diff walks both documents without building a path string for every member it passes:
// only differences need one, so the walk keeps the steps and renders them on demand.
using PathStep = std::variant<QString, qsizetype>;

class Differ
{
public:
    QList<JsonDifference> m_result;

    void compare(const QJsonValue &oldValue, const QJsonValue &newValue)
    {
        if (oldValue.isObject() && newValue.isObject())
            compareObjects(oldValue.toObject(), newValue.toObject());
        else if (oldValue.isArray() && newValue.isArray())
            compareArrays(oldValue.toArray(), newValue.toArray());
        else if (oldValue.isUndefined() && !newValue.isUndefined())
            record(JsonDifference::Kind::Added, oldValue, newValue);
        else if (!oldValue.isUndefined() && newValue.isUndefined())
            record(JsonDifference::Kind::Removed, oldValue, newValue);
        else if (oldValue != newValue)
            record(JsonDifference::Kind::Changed, oldValue, newValue);
    }

private:
    std::vector<PathStep> m_steps;

    void compareObjects(const QJsonObject &oldObject, const QJsonObject &newObject)
    {
        for (auto it = oldObject.constBegin(); it != oldObject.constEnd(); ++it) {
            m_steps.emplace_back(it.key());
            const auto match = newObject.constFind(it.key());
            compare(it.value(), match == newObject.constEnd() ? QJsonValue(QJsonValue::Undefined)
                                                              : match.value());
            m_steps.pop_back();
        }
        for (auto it = newObject.constBegin(); it != newObject.constEnd(); ++it) {
            if (oldObject.contains(it.key()))
                continue;
            m_steps.emplace_back(it.key());
            record(JsonDifference::Kind::Added, QJsonValue::Undefined, it.value());
            m_steps.pop_back();
        }
    }

    void compareArrays(const QJsonArray &oldArray, const QJsonArray &newArray)
    {
        const qsizetype common = std::min(oldArray.size(), newArray.size());
        for (qsizetype i = 0; i < oldArray.size(); ++i) {
            m_steps.emplace_back(i);
            compare(oldArray.at(i), i < common ? newArray.at(i) : QJsonValue::Undefined);
            m_steps.pop_back();
        }
        for (qsizetype i = oldArray.size(); i < newArray.size(); ++i) {
            m_steps.emplace_back(i);
            record(JsonDifference::Kind::Added, QJsonValue::Undefined, newArray.at(i));
            m_steps.pop_back();
        }
    }

    void record(JsonDifference::Kind kind, const QJsonValue &oldValue, const QJsonValue &newValue)
    {
        QString path = jsonRootPath();
        for (const PathStep &step : m_steps) {
            if (const auto *key = std::get_if<QString>(&step))
                path = jsonPathWithKey(path, *key);
            else
                path = jsonPathWithIndex(path, std::get<qsizetype>(step));
        }
        m_result.append({kind, path, oldValue, newValue});
    }
};

} // namespace

QString jsonRootPath()
{
    return u"$"_s;
}

QString jsonPathWithKey(const QString &path, QStringView key)
{
    if (isPlainIdentifier(key))
        return path % u'.' % key;
    // Quoting through Qt's JSON writer escapes quotes, backslashes and control characters
    // exactly as a JSON string would, so a quoted key can be read back by any JSON reader.
    return path % u'.' % jsonCompactText(QJsonValue(key.toString()));
}

QString jsonPathWithIndex(const QString &path, qsizetype index)
{
    return path % u'[' % QString::number(index) % u']';
}

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"bool"_s;
    case QJsonValue::Double:
        return u"number"_s;
    case QJsonValue::String:
        return u"string"_s;
    case QJsonValue::Array:
        return u"array"_s;
    case QJsonValue::Object:
        return u"object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

QString jsonCompactText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Undefined:
        return {};
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    default:
        break;
    }
    // QJsonDocument only holds a container, so a scalar is written as the only element of an
    // array and the brackets are cut off: the text is then exactly what Qt writes for it.
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.sliced(1, text.size() - 2));
}

QList<JsonDifference> diffJson(const QJsonValue &oldValue, const QJsonValue &newValue)
{
    Differ differ;
    differ.compare(oldValue, newValue);
    return differ.m_result;
}

} // namespace porthole
