#include "savedviews.h"

#include <QCheckBox>
#include <QDateTimeEdit>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole::SavedViews {

namespace {

QString settingsKey(const QString &paneId)
{
    return u"savedViews/"_s + paneId;
}

// The pane's views as saved; what cannot be read as one is left out.
QJsonArray readViews(const QString &paneId)
{
    const QByteArray text = QSettings().value(settingsKey(paneId)).toByteArray();
    QJsonArray views;
    for (const QJsonValue &view : QJsonDocument::fromJson(text).array()) {
        if (view[u"name"_s].isString() && !view[u"name"_s].toString().isEmpty() &&
            view[u"filter"_s].isObject())
            views.append(view);
    }
    return views;
}

void writeViews(const QString &paneId, QJsonArray views)
{
    QList<QJsonValue> sorted(views.begin(), views.end());
    std::sort(sorted.begin(), sorted.end(), [](const QJsonValue &a, const QJsonValue &b) {
        return a[u"name"_s].toString().compare(b[u"name"_s].toString(), Qt::CaseInsensitive) < 0;
    });
    views = QJsonArray();
    for (const QJsonValue &view : std::as_const(sorted))
        views.append(view);
    QSettings settings;
    if (views.isEmpty())
        settings.remove(settingsKey(paneId));
    else
        settings.setValue(settingsKey(paneId), QJsonDocument(views).toJson(QJsonDocument::Compact));
}

qsizetype indexOf(const QJsonArray &views, const QString &name)
{
    for (qsizetype i = 0; i < views.size(); ++i) {
        if (views.at(i)[u"name"_s].toString().compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

} // namespace

QList<View> views(const QString &paneId)
{
    QList<View> views;
    for (const QJsonValue &view : readViews(paneId))
        views.append({view[u"name"_s].toString(), view[u"filter"_s].toObject()});
    std::stable_sort(views.begin(), views.end(), [](const View &a, const View &b) {
        return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    });
    return views;
}

QStringList names(const QString &paneId)
{
    QStringList names;
    for (const View &view : views(paneId))
        names << view.name;
    return names;
}

std::optional<QJsonObject> find(const QString &paneId, const QString &name)
{
    const QJsonArray views = readViews(paneId);
    const qsizetype index = indexOf(views, name);
    if (index < 0)
        return std::nullopt;
    return views.at(index)[u"filter"_s].toObject();
}

bool save(const QString &paneId, const QString &name, const QJsonObject &filter)
{
    if (name.trimmed().isEmpty())
        return false;
    QJsonArray views = readViews(paneId);
    if (const qsizetype index = indexOf(views, name); index >= 0)
        views.removeAt(index);
    views.append(QJsonObject{{u"name"_s, name.trimmed()}, {u"filter"_s, filter}});
    writeViews(paneId, views);
    return true;
}

bool remove(const QString &paneId, const QString &name)
{
    QJsonArray views = readViews(paneId);
    const qsizetype index = indexOf(views, name);
    if (index < 0)
        return false;
    views.removeAt(index);
    writeViews(paneId, views);
    return true;
}

QJsonValue timeValue(const QDateTime &time)
{
    if (!time.isValid())
        return QJsonValue::Null;
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime timeFrom(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

void showTime(QCheckBox *box, QDateTimeEdit *field, const QJsonValue &value)
{
    const QDateTime time = timeFrom(value);
    box->setChecked(time.isValid());
    if (time.isValid())
        field->setDateTime(time.toLocalTime());
}

} // namespace porthole::SavedViews
