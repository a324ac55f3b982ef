#include "workeralertreport.h"

#include "workerhealth.h"

#include <QJsonArray>
#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace porthole {

QList<WorkerAlertReport::Entry> WorkerAlertReport::entries() const
{
    QList<Entry> out;
    for (const AlertRule &rule : rules) {
        if (!rule.enabled)
            continue;
        bool any = false;
        for (const AlertStatus &status : statuses) {
            if (status.ruleId != rule.id)
                continue;
            out.append({.rule = &rule, .status = status});
            any = true;
        }
        if (!any)
            out.append({.rule = &rule, .status = {.ruleId = rule.id}});
    }
    return out;
}

QJsonObject WorkerAlertReport::toJson() const
{
    QJsonArray list;
    int firing = 0;
    for (const Entry &entry : entries()) {
        const AlertStatus &s = entry.status;
        firing += s.state == AlertState::Firing ? 1 : 0;
        list.append(QJsonObject{
            {u"rule"_s, s.ruleId},
            {u"name"_s, entry.rule->name},
            {u"severity"_s, alertSeverityName(entry.rule->severity)},
            {u"subject"_s, s.subject},
            {u"state"_s, alertStateName(s.state)},
            {u"since"_s,
             s.since.isValid() ? QJsonValue(s.since.toString(Qt::ISODateWithMs)) : QJsonValue()},
            {u"value"_s, s.value ? QJsonValue(*s.value) : QJsonValue()},
            {u"acknowledged"_s, s.acknowledged},
        });
    }
    return {
        {u"evaluated_at"_s, evaluatedAt.isValid()
                                ? QJsonValue(evaluatedAt.toString(Qt::ISODateWithMs))
                                : QJsonValue()},
        {u"firing"_s, firing},
        {u"rules"_s, list},
    };
}

QByteArray WorkerAlertReport::toPrometheusText() const
{
    QByteArray text = "# HELP porthole_alert_firing Whether an alert rule of the worker fires "
                      "for a subject (1) or not (0).\n"
                      "# TYPE porthole_alert_firing gauge\n";
    for (const Entry &entry : entries()) {
        text.append("porthole_alert_firing{rule=\"")
            .append(prometheusLabelValue(entry.status.ruleId))
            .append("\",subject=\"")
            .append(prometheusLabelValue(entry.status.subject))
            .append("\",severity=\"")
            .append(prometheusLabelValue(alertSeverityName(entry.rule->severity)))
            .append("\"} ")
            .append(entry.status.state == AlertState::Firing ? "1\n" : "0\n");
    }
    return text;
}

} // namespace porthole
