#include "metricsdashboards.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QSettings>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcDashboards, "porthole.models.dashboards", QtWarningMsg)

namespace porthole {

namespace {

const QString format = u"porthole-metrics-dashboards"_s;
constexpr int version = 1;
constexpr qint64 maxFileBytes = 4 * 1024 * 1024;

const QList<std::pair<MetricSource, QString>> &sourceNames()
{
    static const QList<std::pair<MetricSource, QString>> names{
        {MetricSource::Component, u"component"_s}, {MetricSource::Port, u"port"_s},
        {MetricSource::Sensor, u"sensor"_s},       {MetricSource::Check, u"check"_s},
        {MetricSource::Ingest, u"ingest"_s},       {MetricSource::DeadLetters, u"dead_letters"_s},
        {MetricSource::Backlog, u"backlog"_s}};
    return names;
}

const QList<std::pair<MetricAggregate, QString>> &aggregateNames()
{
    static const QList<std::pair<MetricAggregate, QString>> names{
        {MetricAggregate::Average, u"average"_s},
        {MetricAggregate::Minimum, u"minimum"_s},
        {MetricAggregate::Maximum, u"maximum"_s},
        {MetricAggregate::Count, u"count"_s}};
    return names;
}

template <typename T>
QString nameOf(const QList<std::pair<T, QString>> &names, T value)
{
    for (const auto &[one, name] : names) {
        if (one == value)
            return name;
    }
    return {};
}

template <typename T>
std::optional<T> valueOf(const QList<std::pair<T, QString>> &names, const QString &name)
{
    for (const auto &[one, known] : names) {
        if (known == name)
            return one;
    }
    return std::nullopt;
}

QStringList namesOf(const auto &names)
{
    QStringList out;
    for (const auto &pair : names)
        out << pair.second;
    return out;
}

QString dashboardsText(const char *text)
{
    return QCoreApplication::translate("porthole::MetricsDashboards", text);
}

std::optional<MetricSeries> seriesFromJson(const QJsonValue &value, const QString &where,
                                           QString *error)
{
    const QJsonObject object = value.toObject();
    const QJsonValue source = object.value(u"source"_s);
    const QJsonValue owner = object.value(u"owner"_s);
    const QJsonValue name = object.value(u"name"_s);
    std::optional<MetricSource> known = valueOf(sourceNames(), source.toString());
    if (!value.isObject())
        *error = u"%1 is not an object."_s.arg(where);
    else if (!known)
        *error = u"%1 has the source '%2'; it must be one of %3."_s.arg(
            where, source.toVariant().toString(), namesOf(sourceNames()).join(u", "_s));
    else if (!owner.isString() || owner.toString().isEmpty())
        *error =
            u"%1 has no owner (a text naming its component, port, sensor or check)."_s.arg(where);
    else if (!name.isUndefined() && !name.isString())
        *error = u"%1 has a name that is not a text."_s.arg(where);
    else
        return MetricSeries{*known, owner.toString(), name.toString()};
    return std::nullopt;
}

std::optional<MetricsDashboard> dashboardFromJson(const QJsonValue &value, const QString &where,
                                                  QString *error)
{
    const QJsonObject object = value.toObject();
    const QJsonValue name = object.value(u"name"_s);
    const QJsonValue range = object.value(u"range_seconds"_s);
    const QJsonValue aggregate = object.value(u"aggregate"_s);
    const QJsonValue series = object.value(u"series"_s);
    const std::optional<MetricAggregate> known = valueOf(aggregateNames(), aggregate.toString());
    if (!value.isObject()) {
        *error = u"%1 is not an object."_s.arg(where);
        return std::nullopt;
    }
    if (!name.isString() || name.toString().trimmed().isEmpty()) {
        *error = u"%1 has no name."_s.arg(where);
        return std::nullopt;
    }
    const QString named = u"%1 (%2)"_s.arg(where, name.toString());
    if (!range.isDouble() || range.toDouble() < 0 ||
        range.toDouble() != std::floor(range.toDouble()) || range.toDouble() > 100.0 * 366 * 86400)
        *error =
            u"%1 has no range_seconds: a whole number of seconds, 0 for everything."_s.arg(named);
    else if (!known)
        *error = u"%1 has the aggregate '%2'; it must be one of %3."_s.arg(
            named, aggregate.toString(), namesOf(aggregateNames()).join(u", "_s));
    else if (!series.isArray())
        *error = u"%1 has no list of series."_s.arg(named);
    if (!error->isEmpty())
        return std::nullopt;
    const QJsonValue compare = object.value(u"compare_seconds"_s);
    if (!compare.isUndefined() && (!compare.isDouble() || compare.toDouble() < 0 ||
                                   compare.toDouble() != std::floor(compare.toDouble()) ||
                                   compare.toDouble() > 100.0 * 366 * 86400)) {
        *error = u"%1 has a compare_seconds that is no whole number of seconds."_s.arg(named);
        return std::nullopt;
    }
    MetricsDashboard dashboard{name.toString().trimmed(),  {},
                               qint64(range.toDouble()),   *known,
                               qint64(compare.toDouble()), object.value(u"difference"_s).toBool()};
    const QJsonArray list = series.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        auto one = seriesFromJson(list.at(i), u"%1, series %2"_s.arg(named).arg(i + 1), error);
        if (!one)
            return std::nullopt;
        if (!dashboard.series.contains(*one))
            dashboard.series.append(*one);
    }
    return dashboard;
}

} // namespace

QByteArray dashboardsToJson(const QList<MetricsDashboard> &dashboards)
{
    QJsonArray list;
    for (const MetricsDashboard &dashboard : dashboards) {
        QJsonArray series;
        for (const MetricSeries &one : dashboard.series) {
            QJsonObject object{{u"source"_s, nameOf(sourceNames(), one.source)},
                               {u"owner"_s, one.owner}};
            if (!one.name.isEmpty())
                object.insert(u"name"_s, one.name);
            series.append(object);
        }
        QJsonObject object{{u"name"_s, dashboard.name},
                           {u"range_seconds"_s, dashboard.rangeSeconds},
                           {u"aggregate"_s, nameOf(aggregateNames(), dashboard.aggregate)},
                           {u"series"_s, series}};
        if (dashboard.compareSeconds > 0) {
            object.insert(u"compare_seconds"_s, dashboard.compareSeconds);
            object.insert(u"difference"_s, dashboard.difference);
        }
        list.append(object);
    }
    return QJsonDocument(
               QJsonObject{{u"format"_s, format}, {u"version"_s, version}, {u"dashboards"_s, list}})
        .toJson(QJsonDocument::Indented);
}

std::optional<QList<MetricsDashboard>> dashboardsFromJson(const QByteArray &json, QString *error)
{
    error->clear();
    QJsonParseError parsed;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parsed);
    if (parsed.error != QJsonParseError::NoError) {
        *error = u"It is not JSON: %1 at byte %2."_s.arg(parsed.errorString()).arg(parsed.offset);
        return std::nullopt;
    }
    const QJsonObject root = document.object();
    if (!document.isObject() || root.value(u"format"_s).toString() != format) {
        *error =
            u"It is not a file of Porthole's metrics dashboards (no \"format\": \"%1\")."_s.arg(
                format);
        return std::nullopt;
    }
    if (root.value(u"version"_s).toInt(-1) != version) {
        *error = u"Its version is %1; this Porthole reads version %2."_s
                     .arg(root.value(u"version"_s).toVariant().toString())
                     .arg(version);
        return std::nullopt;
    }
    if (!root.value(u"dashboards"_s).isArray()) {
        *error = u"It has no list of dashboards."_s;
        return std::nullopt;
    }
    const QJsonArray list = root.value(u"dashboards"_s).toArray();
    QList<MetricsDashboard> dashboards;
    for (qsizetype i = 0; i < list.size(); ++i) {
        auto dashboard = dashboardFromJson(list.at(i), u"Dashboard %1"_s.arg(i + 1), error);
        if (!dashboard)
            return std::nullopt;
        for (const MetricsDashboard &before : std::as_const(dashboards)) {
            if (before.name == dashboard->name) {
                *error = u"Dashboard %1: the name '%2' is given twice."_s.arg(i + 1).arg(
                    dashboard->name);
                return std::nullopt;
            }
        }
        dashboards.append(*dashboard);
    }
    return dashboards;
}

bool writeDashboardsFile(const QString &path, const QList<MetricsDashboard> &dashboards,
                         QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(dashboardsToJson(dashboards)) < 0 ||
        !file.commit()) {
        *error =
            u"Could not write %1: %2"_s.arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

std::optional<QList<MetricsDashboard>> readDashboardsFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"Could not read %1: %2"_s.arg(QDir::toNativeSeparators(path), file.errorString());
        return std::nullopt;
    }
    if (file.size() > maxFileBytes) {
        *error = u"%1 is %2 bytes; a dashboards file is at most %3."_s
                     .arg(QDir::toNativeSeparators(path))
                     .arg(file.size())
                     .arg(maxFileBytes);
        return std::nullopt;
    }
    QString why;
    auto dashboards = dashboardsFromJson(file.readAll(), &why);
    if (!dashboards)
        *error = u"%1: %2"_s.arg(QDir::toNativeSeparators(path), why);
    return dashboards;
}

namespace {

QStringList componentMetricNames(const QList<MetricSeries> &listed, const QStringList &wanted)
{
    QStringList names;
    for (const MetricSeries &series : listed) {
        if (series.source == MetricSource::Component && wanted.contains(series.name) &&
            !names.contains(series.name))
            names << series.name;
    }
    names.sort();
    return names;
}

} // namespace

QStringList latencyMetricNames(const QList<MetricSeries> &listed)
{
    return componentMetricNames(listed, {u"latency_ms"_s, u"latency"_s});
}

QStringList errorMetricNames(const QList<MetricSeries> &listed)
{
    return componentMetricNames(listed, {u"error_rate"_s, u"errors"_s, u"error_count"_s});
}

DefaultDashboard defaultDashboard(const QList<MetricSeries> &listed,
                                  const std::optional<MetricSeries> &worstErrors,
                                  const std::optional<MetricSeries> &busiestLatency)
{
    DefaultDashboard dashboard;
    // Each series in order when the data has it; else why not, for a person.
    const auto add = [&](const std::optional<MetricSeries> &series, const char *whyNot) {
        if (series && listed.contains(*series))
            dashboard.series << *series;
        else
            dashboard.missing << dashboardsText(whyNot);
    };
    add(MetricsRepository::ingestRate(),
        QT_TRANSLATE_NOOP("porthole::MetricsDashboards",
                          "the ingest rate (this database has no messages table)"));
    add(worstErrors,
        errorMetricNames(listed).isEmpty()
            ? QT_TRANSLATE_NOOP("porthole::MetricsDashboards",
                                "the highest error rate (no component reports error_rate)")
            : QT_TRANSLATE_NOOP("porthole::MetricsDashboards",
                                "the highest error rate (none reported errors in the range)"));
    add(MetricsRepository::deadLetterRate(),
        QT_TRANSLATE_NOOP("porthole::MetricsDashboards",
                          "dead letters per minute (there are no dead letters)"));
    add(MetricSeries{MetricSource::Check, u"consumer_lag"_s, QString()},
        QT_TRANSLATE_NOOP("porthole::MetricsDashboards",
                          "the consumer lag (there are no sensor readings)"));
    add(busiestLatency,
        latencyMetricNames(listed).isEmpty()
            ? QT_TRANSLATE_NOOP("porthole::MetricsDashboards",
                                "the busiest component's latency (no component reports "
                                "latency_ms)")
            : QT_TRANSLATE_NOOP("porthole::MetricsDashboards",
                                "the busiest component's latency (none reported latency in the "
                                "range)"));
    return dashboard;
}

QList<MetricsDashboard> MetricsDashboards::load()
{
    const QByteArray json = QSettings().value(u"metrics/dashboards"_s).toString().toUtf8();
    if (json.isEmpty())
        return {};
    QString error;
    auto dashboards = dashboardsFromJson(json, &error);
    if (!dashboards) {
        qCWarning(lcDashboards) << "ignoring the saved dashboards:" << error;
        return {};
    }
    std::sort(dashboards->begin(), dashboards->end(),
              [](const MetricsDashboard &a, const MetricsDashboard &b) {
                  return a.name.localeAwareCompare(b.name) < 0;
              });
    return *dashboards;
}

void MetricsDashboards::save(const QList<MetricsDashboard> &dashboards)
{
    QSettings().setValue(u"metrics/dashboards"_s, QString::fromUtf8(dashboardsToJson(dashboards)));
}

std::optional<MetricsDashboard> MetricsDashboards::find(const QString &name)
{
    for (const MetricsDashboard &dashboard : load()) {
        if (dashboard.name == name)
            return dashboard;
    }
    return std::nullopt;
}

void MetricsDashboards::put(const MetricsDashboard &dashboard)
{
    QList<MetricsDashboard> dashboards = load();
    dashboards.removeIf([&](const MetricsDashboard &d) { return d.name == dashboard.name; });
    dashboards.append(dashboard);
    save(dashboards);
}

bool MetricsDashboards::remove(const QString &name)
{
    QList<MetricsDashboard> dashboards = load();
    if (dashboards.removeIf([&](const MetricsDashboard &d) { return d.name == name; }) == 0)
        return false;
    save(dashboards);
    return true;
}

} // namespace porthole
