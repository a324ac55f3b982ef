#include "chartmarkers.h"

#include "alertmodels.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

ChartMarker alertMarker(const AlertHistoryEntry &entry)
{
    const QString rule = entry.ruleName.isEmpty() ? entry.ruleId : entry.ruleName;
    const QString what = entry.subject.isEmpty() ? rule : u"%1: %2"_s.arg(rule, entry.subject);
    const bool fired = entry.to == AlertState::Firing;
    return {.at = entry.occurredAt,
            .text = (fired ? u"\u25B2 "_s : u"\u2713 "_s) + what,
            .color = AlertStatusModel::stateColor(entry.to),
            .style = fired ? Qt::SolidLine : Qt::DashLine};
}

} // namespace

QList<ChartMarker> chartMarkers(const QList<AuditEntry> &actions,
                                const QList<AlertHistoryEntry> &alerts)
{
    QList<ChartMarker> markers;
    for (const AuditEntry &entry : actions)
        markers.append({.at = entry.occurredAt,
                        .text = u"%1 %2"_s.arg(entry.action).arg(entry.affectedCount),
                        .color = {},
                        .style = Qt::DotLine});
    for (const AlertHistoryEntry &entry : alerts)
        markers.append(alertMarker(entry));
    std::ranges::stable_sort(markers, {}, &ChartMarker::at);
    return markers;
}

QList<MarkerRun> markerRuns(const QList<double> &xs, const QList<double> &labelWidths)
{
    QList<MarkerRun> runs;
    double labelEnd = 0;
    for (qsizetype i = 0; i < xs.size(); ++i) {
        if (!runs.isEmpty() && xs.at(i) < labelEnd) {
            ++runs.last().count;
            continue;
        }
        runs.append({i, 1});
        labelEnd = xs.at(i) + labelWidths.value(i);
    }
    return runs;
}

} // namespace porthole
