#include "alertevaluator.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QList<std::pair<AlertState, QString>> &stateNames()
{
    static const QList<std::pair<AlertState, QString>> names{{AlertState::Ok, u"ok"_s},
                                                             {AlertState::Pending, u"pending"_s},
                                                             {AlertState::Firing, u"firing"_s},
                                                             {AlertState::Resolved, u"resolved"_s}};
    return names;
}

bool elapsed(const QDateTime &since, const QDateTime &now, std::chrono::seconds duration)
{
    return since.msecsTo(now) >= std::chrono::milliseconds(duration).count();
}

} // namespace

QString alertStateName(AlertState state)
{
    for (const auto &[s, name] : stateNames()) {
        if (s == state)
            return name;
    }
    return {};
}

std::optional<AlertState> alertStateOf(const QString &name)
{
    for (const auto &[s, n] : stateNames()) {
        if (n == name)
            return s;
    }
    return std::nullopt;
}

bool AlertEvent::notifies() const
{
    const bool fired = to == AlertState::Firing;
    const bool resolved = from == AlertState::Firing && to == AlertState::Resolved;
    return (fired || resolved) && !silenced && !acknowledged;
}

AlertEvaluator::AlertEvaluator(QList<AlertRule> rules)
{
    setRules(std::move(rules));
}

void AlertEvaluator::setRules(QList<AlertRule> rules)
{
    m_rules = std::move(rules);
    QSet<QString> ids;
    for (const AlertRule &rule : std::as_const(m_rules))
        ids.insert(rule.id);
    m_tracks.removeIf([&ids](const auto &entry) { return !ids.contains(entry.key()); });
    m_silences.removeIf([&ids](const auto &entry) { return !ids.contains(entry.key()); });
}

const AlertRule *AlertEvaluator::rule(const QString &ruleId) const
{
    return findAlertRule(m_rules, ruleId);
}

std::optional<bool> AlertEvaluator::activeAfter(const AlertRule &rule, bool active,
                                                std::optional<double> value)
{
    if (!value) {
        switch (rule.noData) {
        case AlertNoData::Keep:
            return std::nullopt;
        case AlertNoData::Clear:
            return false;
        case AlertNoData::Fire:
            return true;
        }
    }
    // Once true, the condition holds until the value is back on the safe side of the clear
    // threshold; a value between the two thresholds changes nothing.
    return active ? rule.beyond(*value, rule.clearThreshold) : rule.beyond(*value, rule.threshold);
}

AlertState AlertEvaluator::nextState(const AlertRule &rule, const Track &track,
                                     const QDateTime &time)
{
    const bool immediate = rule.forDuration.count() == 0;
    switch (track.state) {
    case AlertState::Ok:
        if (!track.active)
            return AlertState::Ok;
        return immediate ? AlertState::Firing : AlertState::Pending;
    case AlertState::Pending:
        if (!track.active)
            return AlertState::Ok;
        return elapsed(track.since, time, rule.forDuration) ? AlertState::Firing
                                                            : AlertState::Pending;
    case AlertState::Firing:
        return track.active ? AlertState::Firing : AlertState::Resolved;
    case AlertState::Resolved:
        if (track.active)
            return immediate ? AlertState::Firing : AlertState::Pending;
        // At the earliest at the next sample: a resolution is always seen as such.
        return time > track.since && elapsed(track.since, time, rule.forDuration)
                   ? AlertState::Ok
                   : AlertState::Resolved;
    }
    return track.state;
}

std::optional<AlertEvent> AlertEvaluator::feed(const QString &ruleId, const QString &subject,
                                               std::optional<double> value, const QDateTime &time)
{
    const AlertRule *r = rule(ruleId);
    if (!r || !r->enabled || !time.isValid())
        return std::nullopt;
    Track &track = m_tracks[ruleId][subject];
    if (track.readAt.isValid() && time < track.readAt)
        return std::nullopt;
    track.readAt = time;
    if (value)
        track.value = value;
    const std::optional<bool> active = activeAfter(*r, track.active, value);
    if (!active)
        return std::nullopt;
    track.active = *active;
    const AlertState next = nextState(*r, track, time);
    if (next == track.state)
        return std::nullopt;
    const QDateTime silence = m_silences.value(ruleId);
    AlertEvent event{.ruleId = r->id,
                     .ruleName = r->name,
                     .severity = r->severity,
                     .subject = subject,
                     .from = track.state,
                     .to = next,
                     .value = value,
                     .time = time.toUTC(),
                     .silenced = silence.isValid() && time < silence,
                     .acknowledged = track.acknowledged};
    track.state = next;
    track.since = time;
    if (next == AlertState::Ok)
        track.acknowledged = false;
    return event;
}

QList<AlertEvent> AlertEvaluator::feed(const QString &ruleId, const QList<AlertReading> &readings,
                                       const QDateTime &time)
{
    QList<AlertEvent> events;
    QSet<QString> seen;
    for (const AlertReading &reading : readings) {
        seen.insert(reading.subject);
        auto event = feed(ruleId, reading.subject, reading.value, time);
        if (m_tracks.contains(ruleId) && m_tracks[ruleId].contains(reading.subject)) {
            Track &track = m_tracks[ruleId][reading.subject];
            if (!reading.unit.isEmpty())
                track.unit = reading.unit;
            track.detail = reading.detail;
        }
        if (event) {
            event->unit = reading.unit;
            event->detail = reading.detail;
            events.append(*event);
        }
    }
    // The subjects this reading lacks: without a value now. Sorted, so that the events come
    // in the same order every time.
    QStringList missing;
    for (const QString &subject : m_tracks.value(ruleId).keys()) {
        if (!seen.contains(subject))
            missing.append(subject);
    }
    missing.sort();
    for (const QString &subject : std::as_const(missing)) {
        if (auto event = feed(ruleId, subject, std::nullopt, time))
            events.append(*event);
    }
    return events;
}

void AlertEvaluator::restore(const QString &ruleId, const QString &subject, AlertState state,
                             const QDateTime &since, bool acknowledged)
{
    if (!rule(ruleId) || (state != AlertState::Pending && state != AlertState::Firing))
        return;
    QHash<QString, Track> &tracks = m_tracks[ruleId];
    if (tracks.contains(subject))
        return;
    tracks.insert(subject, Track{.state = state,
                                 .active = true,
                                 .since = since,
                                 .readAt = since,
                                 .value = std::nullopt,
                                 .acknowledged = acknowledged});
}

void AlertEvaluator::silence(const QString &ruleId, const QDateTime &until)
{
    if (until.isValid())
        m_silences.insert(ruleId, until);
    else
        m_silences.remove(ruleId);
}

QDateTime AlertEvaluator::silencedUntil(const QString &ruleId) const
{
    return m_silences.value(ruleId);
}

bool AlertEvaluator::acknowledge(const QString &ruleId, const QString &subject)
{
    auto rule = m_tracks.find(ruleId);
    if (rule == m_tracks.end())
        return false;
    auto track = rule->find(subject);
    if (track == rule->end() ||
        (track->state != AlertState::Pending && track->state != AlertState::Firing))
        return false;
    track->acknowledged = true;
    return true;
}

AlertState AlertEvaluator::state(const QString &ruleId, const QString &subject) const
{
    return m_tracks.value(ruleId).value(subject).state;
}

QList<AlertStatus> AlertEvaluator::statuses() const
{
    QList<AlertStatus> list;
    for (const AlertRule &r : m_rules) {
        const QHash<QString, Track> tracks = m_tracks.value(r.id);
        QStringList subjects = tracks.keys();
        subjects.sort();
        for (const QString &subject : std::as_const(subjects)) {
            const Track &track = tracks[subject];
            list.append({.ruleId = r.id,
                         .subject = subject,
                         .state = track.state,
                         .since = track.since,
                         .value = track.value,
                         .readAt = track.readAt,
                         .acknowledged = track.acknowledged,
                         .unit = track.unit,
                         .detail = track.detail});
        }
    }
    return list;
}

} // namespace porthole
